"""Reading a filled consensus workbook, and importing it: the use case behind
``svdesk consensus FILE.xlsx``.

The tender comes from the workbook's ``About`` sheet (the ``Tender`` row), or else from its
custom document property ``svdesk tender``, or else from a ``Tender`` column on the
Consensus sheet (a workbook made by hand), or from the reference given to the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from svdesk.packs.schema import fold
from svdesk.services.moderation import (
    ConsensusEntry,
    ConsensusOutcome,
    moderation_items,
    record_consensus,
)
from svdesk.services.panel import require_index
from svdesk.services.refusals import Refused
from svdesk.sheets.score_sheet_reader import as_written
from svdesk.sheets.sheet_format import get_property
from svdesk.sheets.sheet_reading import (
    find_sheet,
    one_value,
    opened_workbook,
    read_score,
    read_table,
    read_text,
    relocated,
    said_once,
)
from svdesk.store.database import Database

CONSENSUS_SHEET = "Consensus"
ABOUT_SHEET = "About"
TENDER_PROPERTY = "svdesk tender"
REQUIRED_COLUMNS = ("Lot", "Bidder", "Criterion", "Score", "Rationale", "Reconciliation")


@dataclass(frozen=True, slots=True)
class ConsensusSheet:
    tender: str
    where_tender: str
    entries: list[ConsensusEntry] = field(default_factory=list)
    warnings: tuple[str, ...] = ()


def read_consensus_sheet(path: Path) -> tuple[str, list[ConsensusEntry]]:
    """The tender reference and the rows of a filled consensus workbook; refused with every
    problem, each located by sheet and cell."""
    sheet = _read(Path(path), None)
    return sheet.tender, sheet.entries


def _read(path: Path, reference: str | None) -> ConsensusSheet:
    problems: list[str] = []
    with opened_workbook(path) as book:
        worksheet = find_sheet(book, CONSENSUS_SHEET)
        if worksheet is None:
            raise Refused(
                [
                    f"{path.name} has no sheet named '{CONSENSUS_SHEET}' (with the columns "
                    f"{', '.join(REQUIRED_COLUMNS)}); write one with svdesk consensus "
                    "--template --tender REF -o FILE.xlsx"
                ]
            )
        table = read_table(
            worksheet,
            ("Tender", *REQUIRED_COLUMNS),
            REQUIRED_COLUMNS,
            problems,
            ("Rationale", "Reconciliation"),
        )
        about = find_sheet(book, ABOUT_SHEET)
        written = _about_tender(about, problems) if about is not None else None
        if written is None:
            value = get_property(book, TENDER_PROPERTY)
            written = (value, f"{path.name} (its document properties)") if value else None
    column = one_value(table.rows, "Tender", "tender", problems)
    tender, where = _choose(written, column, reference, path, problems)
    entries = [
        ConsensusEntry(
            lot=row.text("Lot"),
            bidder=row.text("Bidder"),
            criterion=row.text("Criterion"),
            score=read_score(row, "Score", problems),
            rationale=read_text(row, "Rationale"),
            reconciliation=read_text(row, "Reconciliation"),
            where_row=row.row,
            where_score=row.where("Score"),
            where_rationale=row.where("Rationale"),
            where_reconciliation=row.where("Reconciliation"),
        )
        for row in table.rows
    ]
    if problems:
        raise Refused(said_once(problems, [table]))
    return ConsensusSheet(tender, where, entries, tuple(table.warnings))


def _about_tender(worksheet: Any, problems: list[str]) -> tuple[str, str] | None:
    table = read_table(worksheet, ("Field", "Value"), ("Field", "Value"), problems)
    for row in table.rows:
        if fold(row.text("Field")) == "tender":
            value = " ".join(row.text("Value").split())
            if not value:
                problems.append(
                    f"{row.where('Value')}: the tender's reference is blank; put it back"
                )
                return None
            return value, row.where("Value")
    return None


def _choose(
    written: tuple[str, str] | None,
    column: tuple[str, str],
    reference: str | None,
    path: Path,
    problems: list[str],
) -> tuple[str, str]:
    """The tender the workbook is for, and where that was read; disagreements are problems."""
    found = [source for source in (written, column if column[0] else None) if source]
    if reference is not None:
        found.append((reference.strip(), "the tender given"))
    if not found:
        problems.append(
            f"{path.name} does not say which tender it is for: its {ABOUT_SHEET} sheet is "
            "missing (write the workbook with svdesk consensus --template --tender REF, or "
            f"add a Tender column to the {CONSENSUS_SHEET} sheet)"
        )
        return "", ""
    tender, where = found[0]
    for other, other_where in found[1:]:
        if other.casefold() != tender.casefold():
            problems.append(
                f"{other_where}: this says tender {other}, but {where} says {tender}: a "
                "consensus workbook is for one tender"
            )
    return tender, where


def import_consensus_sheet(
    db: Database, path: Path, *, reference: str | None = None, actor: str | None = None
) -> ConsensusOutcome:
    """Record the consensus scores of a filled workbook: all of them, or none.

    ``reference`` names the tender of a workbook that does not say it itself.
    """
    sheet = _read(Path(path), reference)
    with db.reading() as session:
        try:
            require_index(session, sheet.tender)
        except Refused as refused:
            raise Refused(relocated(refused.reasons, sheet.where_tender)) from None
    entries = _keep_stored_text(db, sheet.tender, sheet.entries)
    outcome = record_consensus(db, sheet.tender, entries, actor=actor)
    return replace(outcome, warnings=sheet.warnings)


def _keep_stored_text(
    db: Database, reference: str, entries: Sequence[ConsensusEntry]
) -> list[ConsensusEntry]:
    """A rationale or reconciliation that reads back as written is the one stored."""
    try:
        items = moderation_items(db, reference)
    except Refused:
        return list(entries)  # not open yet: record_consensus says so
    stored = {(i.lot.casefold(), i.bidder.casefold(), i.criterion.casefold()): i for i in items}
    result = []
    for entry in entries:
        item = stored.get(
            (entry.lot.casefold(), entry.bidder.casefold(), entry.criterion.casefold())
        )
        if item is not None:
            if as_written(item.rationale) == entry.rationale:
                entry = replace(entry, rationale=item.rationale)
            if as_written(item.reconciliation) == entry.reconciliation:
                entry = replace(entry, reconciliation=item.reconciliation)
        result.append(entry)
    return result
