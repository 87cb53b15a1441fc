"""An evaluator pack: one evaluator's score sheet with everything needed to score away from
the panel's database, in one .zip (``svdesk sheet … -o FILE.zip``); returned to the panel,
it is imported as the score sheet is (``svdesk scores FILE.zip``), all or nothing.

The zip holds ``svdesk-evaluator-pack.json`` (the manifest: the format and its version,
the pack's identity, the tender and member, the panel database's identity and trail tip
when written, and the SHA-256 of every other part), ``score-sheet.xlsx``, ``tender.json``
and ``work.json`` (``sheets.evaluator_pack_data``) and ``attachments/``. Every part is
checked against the manifest before anything is read: a part edited by hand is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from svdesk.domain.evaluation_rules import fold_name
from svdesk.packs.pack_writer import save_workbook
from svdesk.packs.source import (
    EVALUATOR_MANIFEST,
    MAX_WORKBOOK_SIZE,
    PackFileError,
    read_zip_files,
)
from svdesk.services.evaluator_copy import (
    EvaluatorCopy,
    PanelFacts,
    ReturnCheck,
    evaluator_copy,
    panel_facts,
)
from svdesk.services.refusals import Refused
from svdesk.services.scoring import AssignedResponse, SubmitOutcome
from svdesk.services.tenders import tender_overview
from svdesk.services.written_files import write_whole
from svdesk.sheets.evaluator_pack_data import DamagedPart, read_copy, tender_parts, work_part
from svdesk.sheets.score_sheet import build_score_workbook
from svdesk.sheets.score_sheet_reader import ScoreSheet, read_score_sheet, submit_score_sheet
from svdesk.sheets.sheet_format import cannot_write
from svdesk.store.database import Database

FORMAT = "svdesk evaluator pack"
VERSION = 1
SHEET = "score-sheet.xlsx"
TENDER = "tender.json"
WORK = "work.json"
_STORED_SUFFIXES = (".pdf", ".docx", ".xlsx", ".zip")  # compressed already


@dataclass(frozen=True, slots=True)
class Manifest:
    pack: str  # the pack's identity, kept as the evaluator's svdesk rewrites it
    tender: str
    member: str
    written_at: str  # when written from the panel's database (ISO 8601, UTC)
    saved_at: str  # when last rewritten
    panel: PanelFacts
    parts: dict[str, str]  # name in the zip to SHA-256

    def as_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "pack": self.pack,
            "tender": self.tender,
            "member": self.member,
            "written_at": self.written_at,
            "saved_at": self.saved_at,
            "panel": {
                "database": self.panel.database,
                "tender": self.panel.tender,
                "trail_tip": self.panel.trail_tip,
                "submitted": self.panel.submitted,
            },
            "parts": self.parts,
        }
        return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode()


@dataclass(frozen=True, slots=True)
class EvaluatorPack:
    """A pack read and checked: its manifest, its parts by name, and the copy they hold."""

    path: Path
    manifest: Manifest
    parts: dict[str, bytes]
    copy: EvaluatorCopy


def is_evaluator_pack(path: Path) -> bool:
    """Whether ``path`` looks like an evaluator pack (a zip holding the manifest); a look
    only: ``read_evaluator_pack`` checks it."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(n.rstrip("/").endswith(EVALUATOR_MANIFEST) for n in archive.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


# -- Writing --------------------------------------------------------------------------------


def write_evaluator_pack(db: Database, reference: str, evaluator: str, output: Path) -> Path:
    """Write ``evaluator``'s pack for tender ``reference`` from the panel's database."""
    output = Path(output)
    check_pack_output(output)
    copy = evaluator_copy(db, reference, evaluator)  # refuses an unknown tender or evaluator
    now = now_utc()
    manifest = Manifest(
        pack=str(uuid.uuid4()),
        tender=copy.tender.tender.reference,
        member=copy.member,
        written_at=now,
        saved_at=now,
        panel=panel_facts(db, reference, evaluator),
        parts={},
    )
    write_pack(output, manifest, {**tender_parts(copy.tender), **work_parts(db, copy)})
    return output


def check_pack_output(output: Path) -> None:
    if output.suffix.lower() != ".zip":
        raise Refused([f"'{output.name}' does not end in .zip: an evaluator pack is a .zip"])
    if not output.parent.is_dir():
        raise Refused([f"the folder '{output.parent}' does not exist; choose another folder"])


def work_parts(db: Database, copy: EvaluatorCopy) -> dict[str, bytes]:
    """The parts that change as the evaluator works: the score sheet and ``work.json``."""
    reference = copy.tender.tender.reference
    overview = tender_overview(db, reference)
    work = {(w.lot, w.bidder, w.criterion): w for w in copy.work}
    conflicts = {key for key, d in copy.declarations.items() if d.conflict}
    ids = {(r.lot, r.bidder, r.criterion): r.id for r in overview.responses}
    assigned = []
    for r in copy.tender.responses:
        key = (r.lot, r.bidder, r.criterion)
        if r.bidder in conflicts:
            continue
        w = work.get(key)
        assigned.append(
            AssignedResponse(
                ids.get(key, 0),
                *key,
                score=w.score if w else None,
                justification=w.justification if w else "",
                submitted=bool(w and w.submitted),
            )
        )
    book = build_score_workbook(overview, copy.member, assigned, copy.declarations)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SHEET
        save_workbook(book, path)
        sheet = path.read_bytes()
    return {SHEET: sheet, WORK: work_part(copy)}


def write_pack(output: Path, manifest: Manifest, parts: dict[str, bytes]) -> Manifest:
    """Write the pack whole (or nothing) to ``output``; the manifest written is returned."""
    manifest = replace(
        manifest, parts={name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}
    )

    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(EVALUATOR_MANIFEST, manifest.as_json())
            for name in sorted(parts):
                stored = name.lower().endswith(_STORED_SUFFIXES)
                kind = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.writestr(name, parts[name], compress_type=kind)

    try:
        write_whole(output, write, ".tmp.zip")
    except OSError as exc:
        raise Refused([cannot_write(output, exc)]) from exc
    return manifest


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# -- Reading --------------------------------------------------------------------------------


def read_evaluator_pack(path: Path) -> EvaluatorPack:
    """Read and check the pack at ``path``; refused, in one line, when it is not whole."""
    path = Path(path)
    name = f"'{path.name}'"
    if not path.is_file():
        raise Refused([f"{path} does not exist" if not path.exists() else f"{path} is not a file"])
    try:
        files = read_zip_files(path, MAX_WORKBOOK_SIZE)
    except PackFileError as exc:
        raise Refused([str(exc)]) from None
    if EVALUATOR_MANIFEST not in files:
        if any(n.lower().endswith(".xlsx") and "/" not in n for n in files):
            raise Refused(
                [
                    f"{name} is not an evaluator pack (it has no {EVALUATOR_MANIFEST}): a "
                    "tender pack is imported with svdesk import, and an evaluator pack is "
                    "written with svdesk sheet --tender REF --evaluator NAME -o FILE.zip"
                ]
            )
        raise Refused([f"{name} is not an evaluator pack: it has no {EVALUATOR_MANIFEST}"])
    manifest = _manifest(files.pop(EVALUATOR_MANIFEST), name)
    edited = sorted(
        part
        for part, digest in manifest.parts.items()
        if part not in files or hashlib.sha256(files[part]).hexdigest() != digest
    )
    extra = sorted(set(files) - set(manifest.parts))
    if edited or extra:
        what = ", ".join(f"'{n}'" for n in [*edited, *extra][:5])
        raise Refused(
            [
                f"{name} was changed outside svdesk ({what} no longer as svdesk wrote it), so "
                "it cannot be trusted: open the pack with svdesk gui and make changes there, "
                "or ask the panel for a fresh pack"
            ]
        )
    try:
        copy = read_copy(files)
    except DamagedPart as exc:
        raise Refused([f"{name} is damaged: {exc}"]) from None
    if copy.tender.tender.reference != manifest.tender or copy.member != manifest.member:
        raise Refused([f"{name} is damaged: its parts are for another tender or member"])
    return EvaluatorPack(path, manifest, files, copy)


def _manifest(data: bytes, name: str) -> Manifest:
    damaged = f"{name} is damaged: its {EVALUATOR_MANIFEST} is not as svdesk writes it"
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise ValueError
        version = document.get("version")
        if not isinstance(version, int) or version > VERSION:
            raise Refused(
                [
                    f"{name} was written by a newer svdesk (evaluator pack version "
                    f"{version}): update svdesk to open it"
                ]
            )
        panel: dict[str, Any] = document["panel"]
        parts = document["parts"]
        if not isinstance(parts, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in parts.items()
        ):
            raise ValueError
        texts = [document[k] for k in ("pack", "tender", "member", "written_at", "saved_at")]
        facts = [panel[k] for k in ("database", "tender", "trail_tip", "submitted")]
        if not all(isinstance(v, str) for v in [*texts, *facts]):
            raise ValueError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise Refused([damaged]) from None
    pack, tender, member, written_at, saved_at = texts
    return Manifest(pack, tender, member, written_at, saved_at, PanelFacts(*facts), parts)


# -- Returning it to the panel --------------------------------------------------------------


def read_pack_sheet(pack: EvaluatorPack) -> ScoreSheet:
    """The pack's score sheet, read as a sheet is, with its problems named by response."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SHEET
        path.write_bytes(pack.parts[SHEET])
        try:
            sheet = read_score_sheet(path)
        except Refused as refused:
            raise Refused(placed(pack, refused.reasons)) from None
    member = pack.manifest.member
    if sheet.tender.casefold() != pack.manifest.tender.casefold() or (
        fold_name(sheet.evaluator) != fold_name(member)
    ):
        raise Refused([f"'{pack.path.name}' is damaged: its score sheet is for someone else"])
    return sheet


def import_evaluator_pack(
    db: Database, path: Path, *, actor: str | None = None, pack: EvaluatorPack | None = None
) -> SubmitOutcome:
    """Import a returned pack's declarations and scores, all or nothing, as its score sheet
    would be; refused for a pack of another database or tender, one returned twice, and
    one over submitted scores changed in the panel's database since it was written."""
    pack = pack or read_evaluator_pack(path)
    sheet = read_pack_sheet(pack)
    check = ReturnCheck(
        pack=pack.manifest.pack,
        sheet=pack.manifest.parts[SHEET],
        source=f"'{pack.path.name}'",
        written_at=pack.manifest.written_at.replace("T", " ")[:16] + " UTC",
        facts=pack.manifest.panel,
    )
    try:
        return submit_score_sheet(db, sheet, actor=actor, guard=check)
    except Refused as refused:
        raise Refused(placed(pack, refused.reasons)) from None


_CELL = re.compile(r"\bScores!(?:[A-Z]{1,3})?(\d+)(?::\d+)?")
_DECLARATION_CELL = re.compile(r"\bDeclarations![A-Z]{1,3}\d+(?::\d+)?")


def placed(pack: EvaluatorPack, reasons: list[str]) -> list[str]:
    """Reasons placed by the response they are about, rather than by a cell of a sheet the
    evaluator never sees."""
    rows = _sheet_rows(pack)

    def by_response(match: re.Match[str]) -> str:
        key = rows.get(int(match.group(1)))
        return f"Lot {key[0]}, {key[1]}, {key[2]}" if key else match.group(0)

    # The evaluator never sees the sheet: a reason about it as a whole is the pack's.
    unplaced = (reason.removeprefix("Scores: ") for reason in reasons)
    return [
        _DECLARATION_CELL.sub("Declarations", _CELL.sub(by_response, reason)) for reason in unplaced
    ]


def _sheet_rows(pack: EvaluatorPack) -> dict[int, tuple[str, str, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(pack.parts[SHEET]), read_only=True, data_only=True)
    except Exception:  # a sheet that cannot be read has said so already
        return {}
    try:
        sheet = book["Scores"]
        return {
            number: (str(row[1]), str(row[2]), str(row[4]))
            for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2)
            if len(row) > 4
        }
    except KeyError:
        return {}
    finally:
        book.close()
