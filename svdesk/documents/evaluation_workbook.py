"""The evaluation workbook: the record an auditor opens to recompute every figure.

Sheets: Tender, Criteria, Panel, Declarations, Scores, Consensus, Letter reasons (the text
each consensus gives suppliers, and its confidentiality review), Moderation (each lot's
opening, sign-off and reopenings), Agreement (the panel's agreement statistics), Results
and Audit. The weighted scores, social values, totals and ranks on the Results sheet are
live formulas on the criteria and the panel's scores, each beside svdesk's own figure.
Until moderation opens, the evaluators' individual scores are private, and the workbook
holds none of them.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.workbook.defined_name import DefinedName

from svdesk import __version__
from svdesk.documents.buffered_sheet import BufferedSheet, buffered_sheet
from svdesk.documents.moderation_sheets import write_agreement, write_moderation
from svdesk.documents.reasons_sheet import write_letter_reasons
from svdesk.documents.results_sheet import write_results
from svdesk.documents.workbook_sheets import (
    TIME_FORMAT,
    Column,
    formula_cell,
    heading,
    start_sheet,
    value_cell,
    write_audit,
    write_consensus,
    write_criteria,
    write_declarations,
    write_panel,
    write_row,
    write_scores,
)
from svdesk.domain.model import ScoringMethod, TieBreak
from svdesk.domain.moderation_rules import outside_words
from svdesk.services.evaluation_record import read_evaluation_record
from svdesk.services.refusals import Refused
from svdesk.sheets.sheet_format import build_and_save_atomically, check_output
from svdesk.store.database import Database
from svdesk.store.records.evaluation import EvaluationRecord

SHEETS = (
    "Tender",
    "Criteria",
    "Panel",
    "Declarations",
    "Scores",
    "Consensus",
    "Letter reasons",
    "Moderation",
    "Agreement",
    "Results",
    "Audit",
)


def write_evaluation_workbook(db: Database, reference: str, output: Path) -> Path:
    """Write the evaluation workbook of tender ``reference`` to ``output`` (an .xlsx file),
    replacing it whole or not at all; returns ``output``.

    Refused, with every reason, for an output that is not an .xlsx file in a folder that
    can be written to, and for a tender that is not in the database. The readiness check
    need not pass: an unfinished evaluation is exported as it stands.
    """
    output = Path(output)
    reasons: list[str] = []
    try:
        check_output(output, "evaluation workbook")
    except Refused as refused:
        reasons.extend(refused.reasons)
    with _no_cycle_collection():
        try:
            record = read_evaluation_record(db, reference)
        except Refused as refused:
            reasons.extend(refused.reasons)
        if reasons:
            raise Refused(reasons)
        return save_evaluation_workbook(record, output)


def save_evaluation_workbook(record: EvaluationRecord, output: Path) -> Path:
    """Write the workbook of ``record`` to ``output``, replacing it whole or not at all."""
    with _no_cycle_collection():
        build_and_save_atomically(lambda: build_workbook(record), output)
    return output


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector held off while the workbook is read and written.

    A large tender's record and a sheet's cells are millions of objects alive at once, none
    of them garbage; each of the collector's full passes walks them all, which took a
    quarter of the export's time at 200 x 30 x 7. What cycles the export leaves are
    collected once it is done. Where the collector is already off (the window runs it on
    its own thread, ui/main_thread_gc.py), it stays off.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def build_workbook(record: EvaluationRecord) -> Workbook:
    """A write-only workbook: each sheet's rows are streamed out as soon as it is done, so
    that only one sheet's cells are held at a time (see buffered_sheet)."""
    book = Workbook(write_only=True)
    sheets = {name: buffered_sheet(book, name) for name in SHEETS}
    _write_tender(book, sheets["Tender"], record)
    sheets["Tender"].flush()
    criteria_rows = write_criteria(sheets["Criteria"], record)
    sheets["Criteria"].flush()
    write_panel(sheets["Panel"], record)
    sheets["Panel"].flush()
    write_declarations(sheets["Declarations"], record)
    sheets["Declarations"].flush()
    write_scores(sheets["Scores"], record)
    sheets["Scores"].flush()
    consensus = write_consensus(sheets["Consensus"], record)
    sheets["Consensus"].flush()
    write_letter_reasons(sheets["Letter reasons"], record)
    sheets["Letter reasons"].flush()
    write_moderation(sheets["Moderation"], record)
    sheets["Moderation"].flush()
    write_agreement(sheets["Agreement"], record)
    sheets["Agreement"].flush()
    write_results(sheets["Results"], record, criteria_rows, consensus)
    sheets["Results"].flush()
    write_audit(sheets["Audit"], record)
    sheets["Audit"].flush()
    book.active = SHEETS.index("Results")
    return book


_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_METHODS = {
    ScoringMethod.CONSENSUS: "consensus: the score the panel agreed in moderation counts",
    ScoringMethod.AVERAGE: "average: the mean of the evaluators' submitted scores counts",
}
_TIE_BREAKS = {
    TieBreak.SOCIAL_VALUE: "social-value: equal totals go to the higher social value score",
    TieBreak.QUALITY: "quality: equal totals go to the higher quality score",
    TieBreak.PRICE: "price: equal totals go to the higher price score",
    TieBreak.NONE: "none: bids with equal totals share the rank",
}


def _write_tender(book: Workbook, sheet: BufferedSheet, record: EvaluationRecord) -> None:
    """Field and value rows; the scale's highest and lowest scores are the named cells
    ``MaxScore`` and ``MinScore`` that the Results sheet's formulas use."""
    columns = (Column("Field", 36), Column("Value", 90, wrapped=True))
    start_sheet(sheet, columns)
    overview = record.overview
    tender = overview.tender
    opened = record.moderation_opened
    if opened is not None:
        moderation = f"opened on {opened.occurred_at:%Y-%m-%d %H:%M} UTC by {opened.actor}"
    elif record.items is not None:
        moderation = "open"
    else:
        moderation = "not opened: the evaluators' individual scores are private until it opens"
    lots = [
        f"Lot {lot.lot} {lot.state()}"
        + (f" by {lot.sign_off.by} on {lot.sign_off.at:%Y-%m-%d %H:%M} UTC" if lot.sign_off else "")
        for lot in record.lot_records
        if lot.opening is not None
    ]
    if lots:
        moderation += "; " + "; ".join(lots) + " (see the Moderation sheet)"
    fields: list[tuple[str, Any]] = [
        ("Reference", tender.reference),
        ("Title", tender.title),
        ("Authority", tender.authority),
        ("Authority address", tender.authority_address),
        ("Regime", f"{tender.regime.value} ({tender.regime.law})"),
        ("Currency", tender.currency),
        ("Estimated value", tender.estimated_value),
        ("Lots", "\n".join(lot.display_name for lot in overview.lots)),
        ("Price weighting", tender.price_weighting),
        ("Quality weighting", tender.quality_weighting),
        ("Social value weighting", tender.social_value_weighting),
        ("Total weighting", None),
        ("Scoring method", _METHODS[tender.scoring_method]),
        ("Tie-break", _TIE_BREAKS[tender.tie_break]),
        ("Rounding", "totals and tie-break scores are compared rounded half-up to 2 dp"),
        ("Scale", overview.scale.describe()),
        ("Highest score of the scale (MaxScore)", overview.scale.max_score),
        ("Lowest score of the scale (MinScore)", overview.scale.min_score),
        ("Moderation", moderation),
        (
            "Moderation tolerance",
            f"{tender.moderation_tolerance} step{'' if tender.moderation_tolerance == 1 else 's'}"
            " of the scale: responses with scores "
            f"{outside_words(tender.moderation_tolerance)} are flagged for discussion first",
        ),
        ("Results", "complete" if record.results.complete else "not complete"),
        ("Imported from", overview.source_name),
        ("Imported at (UTC)", overview.imported_at),
        ("Exported at (UTC)", record.exported_at),
        ("Audit trail tip at export", "" if record.audit_tip is None else str(record.audit_tip)),
        ("svdesk version", __version__),
    ]
    rows = {name: row for row, (name, _) in enumerate(fields, start=2)}
    for name, value in fields:
        write_row(sheet, rows[name], columns, [name, value])
        cell = sheet.cell(row=rows[name], column=2)
        cell.alignment = _LEFT
        if isinstance(value, dt.datetime):
            cell.number_format = TIME_FORMAT
    sheet.cell(row=rows["Estimated value"], column=2).number_format = "#,##0"
    weightings = f"B{rows['Price weighting']}:B{rows['Social value weighting']}"
    total = formula_cell(sheet, rows["Total weighting"], 2, f"=SUM({weightings})")
    total.alignment = _LEFT
    for name, field in (
        ("MaxScore", "Highest score of the scale (MaxScore)"),
        ("MinScore", "Lowest score of the scale (MinScore)"),
    ):
        book.defined_names[name] = DefinedName(name, attr_text=f"Tender!$B${rows[field]}")
    row = len(fields) + 3
    for column, text in enumerate(("Scale: score", "Label and descriptor"), start=1):
        heading(value_cell(sheet, row, column, text))
    for level in reversed(overview.scale.levels):
        row += 1
        text = f"{level.label}: {level.descriptor}" if level.descriptor else level.label
        write_row(sheet, row, (columns[0], columns[1]), [level.score, text])
        sheet.cell(row=row, column=1).alignment = _LEFT
