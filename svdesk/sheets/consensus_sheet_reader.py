"""Reading a filled consensus workbook, and importing it: the use case behind
``svdesk consensus FILE.xlsx``.

The tender comes from the workbook's ``About`` sheet (the ``Tender`` row), or else from its
custom document property ``svdesk tender``, or else from a ``Tender`` column on the
Consensus sheet (a workbook made by hand), or from the reference given to the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from svdesk.packs.schema import fold
from svdesk.services.moderation import (
    ConsensusEntry,
    ConsensusOutcome,
    record_consensus,
)
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

    ``reference`` names the tender of a workbook that does not say it itself. Everything
    the import depends on is read inside its one transaction.
    """
    sheet = _read(Path(path), reference)
    outcome = record_consensus(
        db,
        sheet.tender,
        sheet.entries,
        actor=actor,
        reads_back=as_written,
        where_tender=sheet.where_tender,
    )
    return replace(outcome, warnings=(*sheet.warnings, *outcome.warnings))
