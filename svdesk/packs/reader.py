"""Reading a tender pack into the model, checking every rule of the pack format.

Every problem is collected, with its sheet and cell, before anything is decided:
the user gets the complete list in one go. A pack with any error yields no tender.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

from svdesk.domain.catalogue import CatalogueSet
from svdesk.domain.issues import PackIssue, error
from svdesk.domain.model import (
    Bidder,
    Criterion,
    Lot,
    Tender,
    TenderPack,
)
from svdesk.domain.pack_rules import (
    CellError,
    criteria_weight_problem,
    format_decimal,
    parse_percent,
    parse_whole_number,
    parse_yes_no,
    social_value_below_minimum,
    split_lines,
    weighting_problem,
)
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.packs import schema
from svdesk.packs.bids_reader import read_bids_and_responses
from svdesk.packs.checker import Checker, ReadResult
from svdesk.packs.source import PackSource
from svdesk.packs.tender_sheet import check_tolerance, read_tender
from svdesk.packs.workbook import SheetTable, WorkbookTables, iter_rows, read_workbook

Progress = Callable[[int, int, str], None]


def read_pack(
    source: PackSource,
    catalogues: CatalogueSet,
    default_scale: Scale,
    progress: Progress | None = None,
) -> ReadResult:
    """Read and check a workbook pack. The result has a pack only when there are no errors."""
    report = progress or (lambda _done, _total, _message: None)
    report(0, 100, f"Reading {source.workbook_name}")
    book = read_workbook(source.workbook, source.workbook_name)
    check = Checker()
    check.issues.extend(book.issues)
    report(10, 100, "Checking the tender, lots, scale and criteria")
    _require_sheets(book, check, source.workbook_name)
    tender = read_tender(book.get("Tender"), check)
    lots = _read_lots(book.get("Lots"), check)
    scale = _read_scale(book.get("Scale"), check, default_scale)
    criteria = _read_criteria(book.get("Criteria"), lots, scale, catalogues, check)
    bidders = _read_bidders(book.get("Bidders"), check)
    if tender is not None:
        _check_weightings(tender, lots, criteria, book, check)
        check_tolerance(book.get("Tender"), scale, check)
    bids, responses = read_bids_and_responses(
        book,
        source,
        tender,
        lots,
        criteria,
        bidders,
        check,
        lambda done, total, message: report(20 + done * 75 // max(total, 1), 100, message),
    )
    report(100, 100, "Checked")
    check.issues = _one_issue_per_cell(check.issues, book.sole_issues)
    if tender is None or any(issue.is_error for issue in check.issues):
        return ReadResult(None, check.issues)
    pack = TenderPack(
        tender,
        tuple(lots),
        scale,
        tuple(criteria),
        tuple(bidders.values()),
        tuple(bids),
        tuple(responses),
    )
    return ReadResult(pack, check.issues)


def _one_issue_per_cell(issues: list[PackIssue], sole: list[PackIssue]) -> list[PackIssue]:
    """Where a cell shows an Excel error or holds a hidden character, say that alone: every
    other rule about the cell (not a number, not a lot, blank…) only repeats it."""
    if not sole:
        return issues
    cells = {(issue.sheet, issue.row, issue.column) for issue in sole}
    return [
        issue
        for issue in issues
        if issue in sole or (issue.sheet, issue.row, issue.column) not in cells
    ]


def _require_sheets(book: WorkbookTables, check: Checker, file_name: str) -> None:
    for sheet in schema.SHEETS:
        table = book.get(sheet.name)
        if table is None:
            if sheet.required:
                check.issues.append(
                    error(
                        f"the workbook has no sheet named '{sheet.name}'; it is required",
                        file=file_name,
                    )
                )
            continue
        for column in sheet.columns:
            if column.required and not table.has(column.name):
                check.issues.append(
                    error(
                        f"the required column '{column.name}' is missing from the header row",
                        sheet=table.title,
                        row=1,
                    )
                )
        if sheet.required and sheet.name != "Tender" and not table.rows:
            check.issues.append(error("the sheet has no rows below its header", sheet=table.title))


def _read_lots(table: SheetTable | None, check: Checker) -> list[Lot]:
    if table is None or not table.rows:
        return [Lot("1")]
    lots: dict[str, Lot] = {}
    seen: dict[str, int] = {}
    for row in iter_rows(table):
        key = check.required(table, row, "Lot")
        if not key:
            continue
        if key.casefold() in seen:
            check.error(
                f"lot '{key}' appears twice (rows {seen[key.casefold()]} and "
                f"{row.number}); each lot needs its own identifier",
                table,
                row.number,
                "Lot",
            )
            continue
        seen[key.casefold()] = row.number
        lots[key] = Lot(key, row.text("Title"))
    return list(lots.values()) or [Lot("1")]


def _read_scale(table: SheetTable | None, check: Checker, default: Scale) -> Scale:
    if table is None or not table.rows:
        return default
    levels: list[ScaleLevel] = []
    seen: dict[int, int] = {}
    for row in iter_rows(table):
        score = check.parse(table, row, "Score", lambda v: _required_whole(v, "Score"))
        label = check.required(table, row, "Label")
        descriptor = check.required(table, row, "Descriptor")
        if score is None:
            continue
        if score in seen:
            check.error(
                f"the score {score} appears twice (rows {seen[score]} and {row.number}); "
                "scores must be distinct",
                table,
                row.number,
                "Score",
            )
            continue
        seen[score] = row.number
        levels.append(ScaleLevel(score, label, descriptor))
    return Scale(tuple(levels)) if levels else default


def _required_whole(value: Any, what: str) -> int:
    if value is None:
        raise CellError(f"{what} is required but the cell is blank")
    return parse_whole_number(value, what)


def _read_criteria(
    table: SheetTable | None,
    lots: list[Lot],
    scale: Scale,
    catalogues: CatalogueSet,
    check: Checker,
) -> list[Criterion]:
    criteria: list[Criterion] = []
    where: dict[tuple[str, str], int] = {}
    lot_keys = [lot.key for lot in lots]
    for row in iter_rows(table):
        assert table is not None
        code = check.required(table, row, "Code")
        title = check.required(table, row, "Title")
        question = check.required(table, row, "Question")
        weight = check.parse(
            table, row, "Weight", partial(_weight, percent_format="Weight" in row.percent)
        )
        word_limit = check.parse(
            table,
            row,
            "Word limit",
            lambda v: None if v is None else _word_limit(v),
        )
        minimum = check.parse(table, row, "Minimum score", lambda v: _minimum(v, scale))
        model = row.text("Model criterion")
        if model and catalogues.lookup(model) is None:
            check.warn(
                f"'{model}' is not a Social Value Model award criterion or a TOMs code "
                "that svdesk knows; check it",
                table,
                row.number,
                "Model criterion",
            )
        lot_text = row.text("Lot")
        targets = lot_keys if not lot_text else [_lot_key(lot_text, lot_keys)]
        if targets == [None]:
            check.error(_unknown_lot(lot_text, lot_keys), table, row.number, "Lot")
            continue
        if not code:
            continue
        # A criterion with a bad cell is still known, so that its answers are not reported
        # as answers to an unknown criterion; the pack is refused for the bad cell anyway.
        weight = weight if weight is not None else Decimal(0)
        for lot in targets:
            assert lot is not None
            first = where.get((lot, code.casefold()))
            if first is not None:
                check.error(
                    f"criterion '{code}' appears twice in lot {lot} (rows {first} and "
                    f"{row.number}); codes must be unique within a lot",
                    table,
                    row.number,
                    "Code",
                )
                continue
            where[(lot, code.casefold())] = row.number
            criteria.append(
                Criterion(
                    lot=lot,
                    code=code,
                    title=title,
                    question=question,
                    weight=weight,
                    guidance=row.text("Guidance"),
                    sub_criteria=split_lines(row.get("Sub-criteria")),
                    word_limit=word_limit,
                    minimum_score=minimum,
                    model_criterion=model,
                )
            )
    return criteria


def _weight(value: Any, percent_format: bool) -> Decimal:
    if value is None:
        raise CellError("Weight is required but the cell is blank")
    weight = parse_percent(value, "Weight", percent_format=percent_format)
    if weight <= 0 or weight > 100:
        raise CellError(f"Weight must be more than 0 and at most 100, got {format_decimal(weight)}")
    return weight


def _minimum(value: Any, scale: Scale) -> int | None:
    if value is None:
        return None
    score = parse_whole_number(value, "Minimum score")
    if not scale.contains(score):
        raise CellError(
            f"Minimum score must be a score of the scale ({scale.describe()}), got {score}"
        )
    return score


def _lot_key(text: str, lot_keys: list[str]) -> str | None:
    for key in lot_keys:
        if key.casefold() == text.casefold():
            return key
    return None


def _unknown_lot(text: str, lot_keys: list[str]) -> str:
    return f"lot '{text}' is not in the Lots sheet (the lots are {', '.join(lot_keys)})"


def _read_bidders(table: SheetTable | None, check: Checker) -> dict[str, Bidder]:
    bidders: dict[str, Bidder] = {}
    seen: dict[str, int] = {}
    for row in iter_rows(table):
        assert table is not None
        key = check.required(table, row, "Bidder")
        name = check.required(table, row, "Name")
        sme = check.parse(table, row, "SME", parse_yes_no)
        vcse = check.parse(table, row, "VCSE", parse_yes_no)
        if not key:
            continue
        if key.casefold() in seen:
            check.error(
                f"bidder '{key}' appears twice (rows {seen[key.casefold()]} and "
                f"{row.number}); each bidder needs its own identifier",
                table,
                row.number,
                "Bidder",
            )
            continue
        seen[key.casefold()] = row.number
        bidders[key] = Bidder(
            key,
            name,
            row.text("Identifier"),
            row.text("Address"),
            row.text("Contact"),
            row.text("Email"),
            bool(sme),
            bool(vcse),
        )
    return bidders


def _check_weightings(
    tender: Tender, lots: list[Lot], criteria: list[Criterion], book: WorkbookTables, check: Checker
) -> None:
    table = book.get("Tender")
    problem = weighting_problem(tender)
    if problem:
        check.error(problem, table)
    if social_value_below_minimum(tender):
        check.warn(
            f"social value carries {format_decimal(tender.social_value_weighting)}% of "
            f"the score; the {tender.regime.law} expects at least 10%",
            table,
        )
    criteria_table = book.get("Criteria")
    if criteria_table is None:
        return
    # A weight that could not be read is reported already; a sum without it would only
    # repeat that problem in other words.
    weight_letter = criteria_table.letter("Weight")
    if any(
        issue.is_error and issue.sheet == criteria_table.title and issue.column == weight_letter
        for issue in check.issues
    ):
        return
    for lot in lots:
        if not any(criterion.lot == lot.key for criterion in criteria):
            check.error(f"lot {lot.key} has no criteria", criteria_table)
            continue
        problem = criteria_weight_problem(tender, lot.key, criteria)
        if problem:
            check.error(problem, criteria_table, None, "Weight")


# Far above any answer a cell can hold (32,767 characters): a larger limit is a slip.
MAX_WORD_LIMIT = 1_000_000


def _word_limit(value: object) -> int:
    return parse_whole_number(value, "Word limit", minimum=1, maximum=MAX_WORD_LIMIT)
