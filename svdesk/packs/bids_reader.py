"""Reading the Bids and Responses sheets: who bid for which lot, and what they answered."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from svdesk.domain.model import (
    Attachment,
    Bid,
    Bidder,
    BidStatus,
    Criterion,
    Lot,
    Response,
    Tender,
)
from svdesk.domain.pack_rules import CellError, format_decimal, parse_choice, parse_number
from svdesk.packs.attachments import AttachmentError, media_type
from svdesk.packs.source import PackSource
from svdesk.packs.text_readers import read_texts
from svdesk.packs.text_result import AttachmentText
from svdesk.packs.workbook import Row, SheetTable, WorkbookTables

if TYPE_CHECKING:
    from svdesk.packs.checker import Checker

EXCEL_CELL_LIMIT = 32_767

Progress = Callable[[int, int, str], None]


def read_bids_and_responses(
    book: WorkbookTables,
    source: PackSource,
    tender: Tender | None,
    lots: list[Lot],
    criteria: list[Criterion],
    bidders: dict[str, Bidder],
    check: Checker,
    progress: Progress,
) -> tuple[list[Bid], list[Response]]:
    reader = _BidsReader(source, tender, lots, criteria, bidders, check)
    bids_table = book.get("Bids")
    if bids_table is not None and bids_table.rows:
        reader.read_bids(bids_table)
    responses_table = book.get("Responses")
    if responses_table is not None:
        # The attachments take most of the time, when there are any.
        share = 80 if reader.read_attachments(responses_table, _part(progress, 0, 80)) else 0
        reader.read_responses(
            responses_table,
            _part(progress, share, 100),
            declared_bids=bids_table is not None and bool(bids_table.rows),
        )
    return reader.finish(responses_table)


def _part(progress: Progress, start: int, end: int) -> Progress:
    """``progress`` for a part of the work, from ``start`` to ``end`` per cent of it."""

    def report(done: int, total: int, message: str) -> None:
        progress(start + (end - start) * done // max(total, 1), 100, message)

    return report


class _BidsReader:
    def __init__(
        self,
        source: PackSource,
        tender: Tender | None,
        lots: list[Lot],
        criteria: list[Criterion],
        bidders: dict[str, Bidder],
        check: Checker,
    ) -> None:
        self.source = source
        self.tender = tender
        self.lot_keys = [lot.key for lot in lots]
        self.criteria = {(c.lot, c.code.casefold()): c for c in criteria}
        self.criteria_by_lot: dict[str, list[Criterion]] = {}
        for criterion in criteria:
            self.criteria_by_lot.setdefault(criterion.lot, []).append(criterion)
        self.bidders = {key.casefold(): bidder for key, bidder in bidders.items()}
        self.check = check
        self.bids: dict[tuple[str, str], Bid] = {}
        self.bid_rows: dict[tuple[str, str], int] = {}
        self.responses: dict[tuple[str, str, str], Response] = {}
        self.response_rows: dict[tuple[str, str, str], int] = {}
        self.attachments: dict[str, Attachment] = {}
        self.attachment_texts: dict[str, tuple[bytes, AttachmentText]] = {}
        self.attachment_problems: dict[str, str] = {}

    # -- shared lookups -------------------------------------------------------------------

    def bidder(self, table: SheetTable, row: Row) -> Bidder | None:
        key = self.check.required(table, row, "Bidder")
        if not key:
            return None
        bidder = self.bidders.get(key.casefold())
        if bidder is None:
            self.check.error(
                f"bidder '{key}' is not in the Bidders sheet", table, row.number, "Bidder"
            )
        return bidder

    def lot(self, table: SheetTable, row: Row) -> str | None:
        text = row.text("Lot")
        if not text:
            if len(self.lot_keys) == 1:
                return self.lot_keys[0]
            self.check.error(
                f"Lot is blank, but the tender has {len(self.lot_keys)} lots "
                f"({', '.join(self.lot_keys)}); say which",
                table,
                row.number,
                "Lot",
            )
            return None
        for key in self.lot_keys:
            if key.casefold() == text.casefold():
                return key
        self.check.error(
            f"lot '{text}' is not in the Lots sheet (the lots are {', '.join(self.lot_keys)})",
            table,
            row.number,
            "Lot",
        )
        return None

    # -- Bids -----------------------------------------------------------------------------

    def read_bids(self, table: SheetTable) -> None:
        for row in table.rows:
            bidder = self.bidder(table, row)
            lot = self.lot(table, row)
            price = self.check.parse(
                table,
                row,
                "Price score",
                lambda v: self._points(
                    v, "Price score", self.tender.price_weighting if self.tender else None
                ),
            )
            quality = self.check.parse(
                table,
                row,
                "Quality score",
                lambda v: self._points(
                    v, "Quality score", self.tender.quality_weighting if self.tender else None
                ),
            )
            status = self.check.parse(
                table,
                row,
                "Status",
                lambda v: parse_choice(v, BidStatus, "Status", BidStatus.COMPLIANT),
            )
            reason = row.text("Excluded reason")
            if status is BidStatus.EXCLUDED and not reason:
                self.check.error(
                    "Excluded reason is required when the status is excluded",
                    table,
                    row.number,
                    "Excluded reason",
                )
            if bidder is None or lot is None:
                continue
            key = (bidder.key, lot)
            if key in self.bid_rows:
                self.check.error(
                    f"bidder {bidder.key} has two bids for lot {lot} (rows "
                    f"{self.bid_rows[key]} and {row.number}); keep one",
                    table,
                    row.number,
                    "Bidder",
                )
                continue
            self.bid_rows[key] = row.number
            self.bids[key] = Bid(
                bidder.key,
                lot,
                price,
                quality,
                status or BidStatus.COMPLIANT,
                reason,
                row.text("Price explanation"),
                row.text("Quality explanation"),
            )

    @staticmethod
    def _points(value: Any, what: str, weighting: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        points = parse_number(value, what)
        if points < 0 or (weighting is not None and points > weighting):
            limit = format_decimal(weighting) if weighting is not None else "its weighting"
            raise CellError(
                f"{what} must be from 0 to {limit} (the weighting), got {format_decimal(points)}"
            )
        return points

    # -- Responses ------------------------------------------------------------------------

    def read_responses(self, table: SheetTable, progress: Progress, *, declared_bids: bool) -> None:
        total = len(table.rows)
        for done, row in enumerate(table.rows):
            if done % 50 == 0:
                progress(done, total, f"Reading answers ({done} of {total})")
            self._read_response(table, row, declared_bids)
        progress(total, total, f"Read {total} answers")

    def _read_response(self, table: SheetTable, row: Row, declared_bids: bool) -> None:
        bidder = self.bidder(table, row)
        lot = self.lot(table, row)
        code = self.check.required(table, row, "Criterion")
        answer = row.text("Answer")
        attachment_path = row.text("Attachment")
        if not answer and not attachment_path:
            self.check.error(
                "the response has neither an Answer nor an Attachment; give at least one",
                table,
                row.number,
                "Answer",
            )
        if len(answer) > EXCEL_CELL_LIMIT:
            self.check.warn(
                f"the answer is {len(answer):,} characters long, more than an Excel "
                f"cell holds ({EXCEL_CELL_LIMIT:,}); it was read in full, but "
                "saving this workbook in Excel would cut it",
                table,
                row.number,
                "Answer",
            )
        attachment = self._attachment(table, row, attachment_path) if attachment_path else None
        if bidder is None or lot is None or not code:
            return
        criterion = self.criteria.get((lot, code.casefold()))
        if criterion is None:
            codes = ", ".join(c.code for c in self.criteria_by_lot.get(lot, []))
            others = [key for key in self.lot_keys if (key, code.casefold()) in self.criteria]
            hint = f"; it is a criterion of lot {', '.join(others)}" if others else ""
            self.check.error(
                f"'{code}' is not a criterion of lot {lot} (lot {lot}'s criteria are "
                f"{codes or 'none'}){hint}",
                table,
                row.number,
                "Criterion",
            )
            return
        if declared_bids and (bidder.key, lot) not in self.bids:
            self.check.error(
                f"bidder {bidder.key} has an answer for lot {lot} but no bid for it "
                "in the Bids sheet",
                table,
                row.number,
                "Bidder",
            )
            return
        key = (bidder.key, lot, criterion.code)
        if key in self.response_rows:
            self.check.error(
                f"bidder {bidder.key} answered {criterion.code} in lot {lot} twice "
                f"(rows {self.response_rows[key]} and {row.number}); keep one",
                table,
                row.number,
                "Criterion",
            )
            return
        self.response_rows[key] = row.number
        if not declared_bids:
            self.bids.setdefault((bidder.key, lot), Bid(bidder.key, lot))
        self.responses[key] = Response(bidder.key, lot, criterion.code, answer, attachment)

    def read_attachments(self, table: SheetTable, progress: Progress) -> int:
        """Read every attachment the answers name, and its text; how many were read."""
        paths = dict.fromkeys(path for row in table.rows if (path := row.text("Attachment")))
        files: list[tuple[str, bytes]] = []
        for path in paths:
            problem = self.source.attachment_problem(path)
            if problem:
                self.attachment_problems[path] = problem
                continue
            try:
                files.append((path, self.source.read_attachment(path)))
            except (ValueError, OSError) as exc:
                self.attachment_problems[path] = str(exc)
        if not files:
            return 0

        def report(done: int, total: int, _path: str) -> None:
            progress(done, total, f"Reading attachments ({done} of {total})")

        report(0, len(files), "")
        for (path, data), outcome in zip(files, read_texts(files, progress=report), strict=True):
            if isinstance(outcome, AttachmentError):
                self.attachment_problems[path] = str(outcome)
            else:
                self.attachment_texts[path] = (data, outcome)
        return len(files)

    def _attachment(self, table: SheetTable, row: Row, path: str) -> Attachment | None:
        if path in self.attachments:
            return self.attachments[path]
        problem = self.attachment_problems.get(path)
        if problem is not None:
            self.check.error(problem, table, row.number, "Attachment")
            return None
        data, read = self.attachment_texts[path]
        kept = "the file is kept, and evaluators can open it"
        if read.shortfall and read.text:
            warning = f"only part of the text of '{path}' was read: {read.shortfall}; {kept}"
        elif read.shortfall:
            warning = f"the text of '{path}' was not read: {read.shortfall}; {kept}"
        elif not read.text.strip():
            warning = (
                f"no text could be read from '{path}' (a scanned document?); "
                "evaluators can still open the file"
            )
        else:
            warning = ""
        if warning:
            self.check.warn(warning, table, row.number, "Attachment")
        attachment = Attachment(path, data, media_type(path), read.text, read.shortfall)
        self.attachments[path] = attachment
        return attachment

    # -- Missing answers --------------------------------------------------------------------

    def finish(self, table: SheetTable | None) -> tuple[list[Bid], list[Response]]:
        responses: list[Response] = []
        for (bidder, lot), bid in self.bids.items():
            for criterion in self.criteria_by_lot.get(lot, []):
                found = self.responses.get((bidder, lot, criterion.code))
                if found is not None:
                    responses.append(found)
                    continue
                responses.append(Response(bidder, lot, criterion.code, missing=True))
                if bid.status is BidStatus.COMPLIANT and table is not None:
                    self.check.warn(
                        f"bidder {bidder} gave no answer to {criterion.code} in lot "
                        f"{lot}; it is imported as a missing response",
                        table,
                    )
        with_bids = {bid.bidder.casefold() for bid in self.bids.values()}
        for key, known in self.bidders.items():
            if key not in with_bids:
                self.check.warn(f"bidder {known.key} ({known.name}) has no bid in any lot")
        return list(self.bids.values()), responses
