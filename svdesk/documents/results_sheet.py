"""The evaluation workbook's Results sheet: every figure as a live formula an auditor can
follow back to the criteria and the panel's scores, beside svdesk's own figures.

Per bid: each criterion's counted score (the consensus score, or the mean of the
evaluators' submitted scores, on the Consensus sheet), its weight (the Criteria sheet's
cell), the weighted score ``counted / MaxScore x weight`` at full precision, the social
value (their sum), the total, and the rank on the total rounded to 2 decimal places with
the tender's tie-break. A Check column compares each figure with svdesk's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter

from svdesk.documents.buffered_sheet import BufferedSheet
from svdesk.documents.workbook_sheets import (
    CRITERIA_WEIGHT,
    SCORE_FORMAT,
    WHOLE_FORMAT,
    Column,
    ConsensusLayout,
    formula_cell,
    heading,
    keep,
    merged_text,
    notice,
    start_sheet,
    value_cell,
    write_row,
)
from svdesk.domain.model import ScoringMethod, TieBreak

if TYPE_CHECKING:
    from svdesk.store.records.evaluation import EvaluationRecord

_NOT_APPLICABLE = PatternFill("solid", fgColor="EDEDED")
_DIFFERS = PatternFill("solid", fgColor="F8CBAD")
_LOT_EDGE = Border(top=Side(style="thin", color="808080"))
_LEAD = (
    Column("Lot", 6),
    Column("Bidder", 8),
    Column("Name", 26, wrapped=True),
    Column("Status", 10),
    Column("Price score", 9, number_format=SCORE_FORMAT),
    Column("Quality score", 9, number_format=SCORE_FORMAT),
)
_TIE_BREAK_NAMES = {
    TieBreak.SOCIAL_VALUE: "social value",
    TieBreak.QUALITY: "quality score",
    TieBreak.PRICE: "price score",
    TieBreak.NONE: "none",
}


@dataclass(frozen=True, slots=True)
class _Places:
    """The column letter of each figure of a bid's row."""

    codes: dict[str, int]  # criterion code -> its first column (score, weight, weighted)
    width: int
    social_value: str
    total: str
    scored: str
    lot_complete: str
    eligible: str
    ranked_on: str
    tie_break: str
    rank: str
    svdesk_social_value: str
    svdesk_total: str
    svdesk_rank: str
    check: str


def _columns(codes: list[str], tie_break: TieBreak) -> tuple[list[Column], _Places]:
    columns = list(_LEAD)
    starts: dict[str, int] = {}
    for code in codes:
        starts[code] = len(columns) + 1
        columns.append(Column(f"{code} counted score", 9, number_format=SCORE_FORMAT))
        columns.append(Column(f"{code} weight", 8, number_format=SCORE_FORMAT))
        columns.append(Column(f"{code} weighted", 9, number_format=SCORE_FORMAT))
    tail = [
        Column("Social value", 9, number_format=SCORE_FORMAT),
        Column("Total", 9, number_format=SCORE_FORMAT),
        Column("Every criterion scored", 9),
        Column("Lot complete", 9),
        Column("Eligible", 9),
        Column("Ranked on total (2 dp)", 10, number_format=SCORE_FORMAT),
        Column(f"Tie-break: {_TIE_BREAK_NAMES[tie_break]} (2 dp)", 10, number_format=SCORE_FORMAT),
        Column("Rank", 7, number_format=WHOLE_FORMAT),
        Column("svdesk social value", 10, number_format=SCORE_FORMAT),
        Column("svdesk total", 10, number_format=SCORE_FORMAT),
        Column("svdesk rank", 8, number_format=WHOLE_FORMAT),
        Column("Check", 13),
        Column("Eligibility and exclusion: reasons", 60, wrapped=True),
    ]
    first = len(columns) + 1
    columns.extend(tail)
    letters = [get_column_letter(first + i) for i in range(len(tail) - 1)]
    return columns, _Places(starts, len(columns), *letters)


def write_results(
    sheet: BufferedSheet,
    record: EvaluationRecord,
    criteria_rows: dict[tuple[str, str], int],
    consensus: ConsensusLayout,
) -> None:
    overview = record.overview
    tender = overview.tender
    codes = list(dict.fromkeys(c.code for c in overview.criteria))
    columns, places = _columns(codes, tender.tie_break)
    start_sheet(sheet, columns, freeze="D2")
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    bids = {(b.lot, b.bidder): b for b in overview.bids}
    missing = {(r.lot, r.bidder, r.criterion) for r in overview.responses if r.missing}
    row = 2
    lot_rows: list[tuple[str, int, int]] = []
    for lot in record.results.lots:
        first = row
        last = row + len(lot.bids) - 1
        lot_codes = [c.code for c in overview.criteria_of(lot.lot)]
        for result in lot.bids:
            bid = bids[(lot.lot, result.bidder)]
            values: list[Any] = [keep()] * places.width
            values[:4] = [lot.lot, result.bidder, result.name, bid.status.value]
            values[4:6] = [bid.price_score, bid.quality_score]
            values[_index(places.eligible) - 1] = "yes" if result.eligible else "no"
            values[_index(places.svdesk_social_value) - 1] = result.social_value
            values[_index(places.svdesk_total) - 1] = result.total
            values[_index(places.svdesk_rank) - 1] = result.rank
            values[-1] = "; ".join(result.problems)
            write_row(sheet, row, columns, values)
            counted_cells: list[str] = []
            weighted_cells: list[str] = []
            for code in codes:
                start = places.codes[code]
                if code not in lot_codes:
                    for offset in range(3):
                        sheet.cell(row=row, column=start + offset).fill = _NOT_APPLICABLE
                    continue
                score = get_column_letter(start)
                weight = get_column_letter(start + 1)
                counted_cells.append(f"{score}{row}")
                weighted_cells.append(f"{get_column_letter(start + 2)}{row}")
                counted = next(c.score for c in result.criteria if c.criterion == code)
                key = (lot.lot, result.bidder, code)
                _counted(sheet, row, start, record, consensus, key, key in missing, counted)
                criteria_row = criteria_rows[(lot.lot, code)]
                formula_cell(sheet, row, start + 1, f"=Criteria!${CRITERIA_WEIGHT}${criteria_row}")
                sheet.cell(row=row, column=start + 1).number_format = SCORE_FORMAT
                formula_cell(
                    sheet,
                    row,
                    start + 2,
                    f'=IF(ISNUMBER({score}{row}),{score}{row}/MaxScore*{weight}{row},"")',
                    SCORE_FORMAT,
                )
            _bid_figures(sheet, row, places, (first, last), counted_cells, weighted_cells)
            if row == first and first > 2:
                for column in range(1, places.width + 1):
                    sheet.cell(row=row, column=column).border = _LOT_EDGE
            row += 1
        lot_rows.append((lot.lot, first, last))
    _tie_break_cells(sheet, tender.tie_break, places, row)
    sheet.conditional_formatting.add(
        f"{places.check}2:{places.check}{max(2, row - 1)}",
        FormulaRule(formula=[f'${places.check}2<>"OK"'], fill=_DIFFERS),
    )
    _lot_summary(sheet, record, places, lot_rows, row + 1)


def _index(letter: str) -> int:
    return int(column_index_from_string(letter))


def _counted(
    sheet: BufferedSheet,
    row: int,
    column: int,
    record: EvaluationRecord,
    consensus: ConsensusLayout,
    key: tuple[str, str, str],
    missing: bool,
    counted: Any,
) -> None:
    """The score that counts: a formula on the Consensus sheet's cells where the panel's
    scores are in this workbook, otherwise svdesk's figure as a value."""
    fallback = "MinScore" if missing else '""'
    place = consensus.rows.get(key)
    method = record.overview.tender.scoring_method
    formula = None
    if place is not None and method is ScoringMethod.CONSENSUS:
        agreed = f"Consensus!${consensus.consensus}${place}"
        formula = f"=IF(ISNUMBER({agreed}),{agreed},{fallback})"
    elif place is not None and consensus.first_score:
        panel = f"Consensus!${consensus.first_score}${place}:${consensus.last_score}${place}"
        formula = f"=IF(COUNT({panel})>0,AVERAGE({panel}),{fallback})"
    elif counted is not None and missing and counted == record.overview.scale.min_score:
        formula = "=MinScore"
    if formula is not None:
        formula_cell(sheet, row, column, formula, SCORE_FORMAT)
    else:
        value_cell(sheet, row, column, counted).number_format = SCORE_FORMAT


def _bid_figures(
    sheet: BufferedSheet,
    row: int,
    places: _Places,
    lot: tuple[int, int],
    counted: list[str],
    weighted: list[str],
) -> None:
    first, last = lot
    price, quality = get_column_letter(5), get_column_letter(6)
    p = places

    def put(letter: str, formula: str, number_format: str | None = None) -> None:
        formula_cell(sheet, row, _index(letter), formula, number_format)

    def span(letter: str) -> str:
        return f"${letter}${first}:${letter}${last}"

    put(p.social_value, f"=SUM({','.join(weighted)})" if weighted else "=0", SCORE_FORMAT)
    put(p.total, f"={price}{row}+{quality}{row}+{p.social_value}{row}", SCORE_FORMAT)
    scored = f'=IF(COUNT({",".join(counted)})={len(counted)},"yes","no")'
    put(p.scored, scored if counted else '="yes"')
    put(
        p.lot_complete,
        f'=IF(COUNTIFS({span("D")},"compliant",{span(p.scored)},"no")=0,"yes","no")',
    )
    rankable = f'AND({p.lot_complete}{row}="yes",{p.scored}{row}="yes",{p.eligible}{row}="yes")'
    put(
        p.ranked_on,
        f'=IF({rankable},ROUND({p.total}{row},2),"not ranked")',
        SCORE_FORMAT,
    )
    mine = f"{p.ranked_on}{row}"
    put(
        p.rank,
        f"=IF(ISNUMBER({mine}),RANK({mine},{span(p.ranked_on)})"
        f'+COUNTIFS({span(p.ranked_on)},{mine},{span(p.tie_break)},">"&{p.tie_break}{row}),"")',
        WHOLE_FORMAT,
    )
    put(
        p.check,
        f"=IF(ROUND({p.social_value}{row},2)<>ROUND({p.svdesk_social_value}{row},2),"
        f'"social value differs",IF(ROUND({p.total}{row},2)<>ROUND({p.svdesk_total}{row},2),'
        f'"total differs",IF({p.rank}{row}<>{p.svdesk_rank}{row},"rank differs","OK")))',
    )


def _tie_break_cells(sheet: BufferedSheet, tie_break: TieBreak, places: _Places, end: int) -> None:
    source = {
        TieBreak.SOCIAL_VALUE: places.social_value,
        TieBreak.QUALITY: get_column_letter(6),
        TieBreak.PRICE: get_column_letter(5),
    }.get(tie_break)
    for row in range(2, end):
        formula = f"=ROUND({source}{row},2)" if source else "=0"
        formula_cell(sheet, row, _index(places.tie_break), formula, SCORE_FORMAT)


def _lot_summary(
    sheet: BufferedSheet,
    record: EvaluationRecord,
    places: _Places,
    lots: list[tuple[str, int, int]],
    row: int,
) -> None:
    columns = (
        "Lot",
        "Winner",
        "svdesk winner",
        "Check",
        "svdesk: what stands in the way of an award",
    )
    for index, name in enumerate(columns, start=1):
        heading(value_cell(sheet, row, index, name))
    sheet.merge_cells(start_row=row, start_column=5, end_row=row, end_column=places.width)
    results = {lot.lot: lot for lot in record.results.lots}
    for lot, first, last in lots:
        row += 1
        value_cell(sheet, row, 1, lot)
        if last >= first:  # the lot has bids
            ranks = f"${places.rank}${first}:${places.rank}${last}"
            winner = f"INDEX($B${first}:$B${last},MATCH(1,{ranks},0))"
            formula_cell(sheet, row, 2, f'=IF(COUNTIF({ranks},1)=1,{winner},"")')
        value_cell(sheet, row, 3, results[lot].winner)
        formula_cell(sheet, row, 4, f'=IF(B{row}=C{row},"OK","winner differs")')
        problems = "; ".join(results[lot].problems) or "none"
        merged_text(sheet, row, 5, places.width, problems)
    row += 1
    for text in _notes(record):
        row += 1
        notice(sheet, row, text, min(places.width, _index(places.total)))


def _notes(record: EvaluationRecord) -> list[str]:
    tender = record.overview.tender
    if tender.scoring_method is ScoringMethod.CONSENSUS:
        counted = "the consensus score on the Consensus sheet (scoring method: consensus)"
    else:
        counted = (
            "the mean of the evaluators' submitted scores on the Consensus sheet "
            "(scoring method: average)"
        )
    private = ""
    if record.items is None:
        private = (
            " Moderation has not opened, so the panel's scores are not in this workbook: "
            "counted scores are svdesk's figures, written as values."
        )
    return [
        "How to read this sheet. Counted score: "
        + counted
        + "; a criterion the bidder did not answer counts as the lowest score of the scale "
        "(MinScore, on the Tender sheet) until the panel records another. Excluded bids are "
        "not scored." + private,
        "Weighted = counted score / MaxScore (the highest score of the scale, on the Tender "
        "sheet) x the criterion's weight (its cell on the Criteria sheet), at full "
        "precision; cells show 2 decimal places. Social value = the sum of the weighted "
        "scores. Total = price score + quality score + social value.",
        "Ranking: eligible bids of a complete lot are ranked on their total rounded half-up "
        "to 2 decimal places, highest first; equal totals are separated by the tie-break "
        f"({_TIE_BREAK_NAMES[tender.tie_break]}, also at 2 decimal places); bids still equal "
        "share the rank, and a tie for first place leaves the lot without a winner. "
        "Eligibility is svdesk's finding (a bid is not eligible when it is excluded or scores "
        "below a criterion's minimum score), with its reasons.",
        "Check compares each bid's social value, total (both to 2 decimal places) and rank "
        "with svdesk's own figures; anything but OK means the workbook and svdesk disagree.",
    ]
