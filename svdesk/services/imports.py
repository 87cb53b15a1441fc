"""Importing a tender pack: the use case behind ``svdesk import`` and File > Import pack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from pathlib import Path

from svdesk.bundled import default_scale, load_catalogues
from svdesk.domain.issues import PackIssue, error
from svdesk.domain.model import TenderPack
from svdesk.packs.checker import ReadResult
from svdesk.packs.reader import read_pack
from svdesk.packs.source import PackFileError, PackSource, open_pack
from svdesk.services.refusals import Refused
from svdesk.store import audit
from svdesk.store.backup import copy_beside
from svdesk.store.database import Database
from svdesk.store.decision_state import TENDER_ENTITIES, current_state
from svdesk.store.evaluation_store import EvaluationHeld, evaluation_held
from svdesk.store.tender_store import delete_tender, find_tender, save_pack

Progress = Callable[[int, int, str], None]
# The last progress report: after it the import is one transaction, not interrupted.
SAVING = "Saving to the database"


class ImportRefused(Refused):
    """The pack was not imported; ``issues`` says every reason, and nothing was changed.

    Its reasons are a first line saying so, then the errors, then the warnings.
    """

    def __init__(self, source: str, issues: list[PackIssue]) -> None:
        self.source = source
        self.issues = issues
        errors = self.errors
        noun = "problem" if len(errors) == 1 else "problems"
        super().__init__(
            [
                f"{source} was not imported, and nothing was changed: {len(errors)} {noun} to fix.",
                *(str(issue) for issue in errors),
                *(f"warning: {issue}" for issue in self.warnings),
            ]
        )

    @property
    def errors(self) -> list[PackIssue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[PackIssue]:
        return [issue for issue in self.issues if not issue.is_error]


class TenderExists(ImportRefused):
    """Refused because a tender with the pack's reference is already in the database;
    asked again with ``replace``, the import replaces it."""

    def __init__(self, source: str, reference: str, warnings: list[PackIssue]) -> None:
        self.reference = reference
        super().__init__(
            source,
            [
                *warnings,
                error(
                    f"a tender with the reference {reference} is already in the database; "
                    "import with --replace (or confirm in the window) to replace it and "
                    "everything recorded for it"
                ),
            ],
        )


class EvaluationAtStake(ImportRefused):
    """A replacement refused because the tender in the database holds an evaluation that
    it would discard; ``held`` says what. Asked again with ``discard_evaluation``, it goes
    ahead after keeping a copy of the database."""

    def __init__(self, source: str, reference: str, held: EvaluationHeld) -> None:
        self.reference = reference
        self.held = held
        super().__init__(
            source,
            [
                error(
                    f"the tender {reference} in the database holds an evaluation that "
                    f"replacing it would discard ({held.describe()}); to replace it all the "
                    "same, import with --replace --discard-evaluation (in the window, confirm "
                    "the second question): a copy of the database is kept first"
                )
            ],
        )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    reference: str
    title: str
    lots: int
    criteria: int
    bidders: int
    bids: int
    responses: int
    missing_responses: int
    attachments: int
    replaced: bool
    warnings: list[PackIssue] = field(default_factory=list)
    # What a replacement discarded, and the copy of the database kept before it.
    discarded: EvaluationHeld | None = None
    backup_path: str | None = None


def check_pack(path: Path, progress: Progress | None = None) -> tuple[str, ReadResult]:
    """Read and check a pack without touching any database."""
    name, result, _source = _read(path, progress)
    return name, result


def _read(path: Path, progress: Progress | None) -> tuple[str, ReadResult, PackSource | None]:
    try:
        source = open_pack(path)
    except PackFileError as exc:
        return path.name, ReadResult(None, [error(str(exc))]), None
    if source.kind == "ocds":
        from svdesk.packs.ocds import read_ocds

        result = read_ocds(source.workbook, source.workbook_name, default_scale())
        return source.name, result, source
    try:
        result = read_pack(source, load_catalogues(), default_scale(), progress)
    except PackFileError as exc:
        return source.name, ReadResult(None, [error(str(exc))]), source
    return source.name, result, source


def import_pack(
    db: Database,
    path: Path,
    *,
    replace: bool = False,
    discard_evaluation: bool = False,
    progress: Progress | None = None,
    actor: str | None = None,
) -> ImportSummary:
    """Import a pack whole, or refuse it with every reason and change nothing.

    A tender already in the database is replaced only with ``replace``; one that holds an
    evaluation (a panel, declarations, scores, a consensus) only with
    ``discard_evaluation`` as well, and then a copy of the database is kept first and the
    trail records what was discarded.
    """
    name, result, source = _read(path, progress)
    if source is None or result.pack is None or result.errors:
        raise ImportRefused(name, result.issues)
    pack = result.pack
    try:
        digest = source.digest()
    except PackFileError as exc:
        raise ImportRefused(name, [*result.warnings, error(str(exc))]) from exc
    if progress:
        progress(100, 100, SAVING)
    who = actor or audit.current_user()
    with db.transaction() as session:
        existing = find_tender(session, pack.tender.reference)
        held: EvaluationHeld | None = None
        backup: str | None = None
        if existing is not None:
            if not replace:
                raise TenderExists(name, existing.reference, result.warnings)
            held = evaluation_held(session, existing.id)
            if held.any and not discard_evaluation:
                raise EvaluationAtStake(name, existing.reference, held)
            if held.any:
                backup = copy_beside(db.engine, "before-replacing")
            delete_tender(session, existing)
        tender = save_pack(session, pack, name)
        session.flush()
        summary = _summary(pack, replace=existing is not None, warnings=result.warnings)
        summary = replace_fields(
            summary, discarded=held if held and held.any else None, backup_path=backup
        )
        event: dict[str, object] = {
            "source": name,
            "sha256": digest,
            "lots": summary.lots,
            "criteria": summary.criteria,
            "bidders": summary.bidders,
            "bids": summary.bids,
            "responses": summary.responses,
            "missing_responses": summary.missing_responses,
            **_unread_texts(pack),
        }
        if summary.discarded is not None:
            event["discarded"] = summary.discarded.describe()
            event["copy_kept"] = Path(backup).name if backup else None
        reference = pack.tender.reference
        audit.record(
            session,
            reference,
            who,
            "replaced" if summary.replaced else "imported",
            "tender",
            reference,
            None,
            event,
        )
        # Every item that can change the award, as received: audit --verify compares the
        # database with these from now on.
        state = current_state(session, tender.id, frozenset(TENDER_ENTITIES))
        audit.record_all(
            session,
            reference,
            who,
            "received",
            ((entity, key, value) for (entity, key), value in state.items()),
        )
    return summary


def _unread_texts(pack: TenderPack) -> dict[str, dict[str, str]]:
    """For the record: attachments kept without their text, or with only part of it, and why."""
    shortfalls = {
        r.attachment.path: r.attachment.text_shortfall
        for r in pack.responses
        if r.attachment is not None and r.attachment.text_shortfall
    }
    return {"attachment_text_not_read": dict(sorted(shortfalls.items()))} if shortfalls else {}


def _summary(pack: TenderPack, *, replace: bool, warnings: list[PackIssue]) -> ImportSummary:
    return ImportSummary(
        reference=pack.tender.reference,
        title=pack.tender.title,
        lots=len(pack.lots),
        criteria=len(pack.criteria),
        bidders=len(pack.bidders),
        bids=len(pack.bids),
        responses=sum(1 for r in pack.responses if not r.missing),
        missing_responses=sum(1 for r in pack.responses if r.missing),
        attachments=len({r.attachment.path for r in pack.responses if r.attachment}),
        replaced=replace,
        warnings=warnings,
    )
