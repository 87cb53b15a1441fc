"""Collecting a pack's problems, each with its sheet and cell, and the outcome of reading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from svdesk.domain.issues import PackIssue, error, warning
from svdesk.domain.model import TenderPack
from svdesk.domain.pack_rules import CellError
from svdesk.packs.workbook import Row, SheetTable


@dataclass(slots=True)
class ReadResult:
    pack: TenderPack | None
    issues: list[PackIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[PackIssue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[PackIssue]:
        return [issue for issue in self.issues if not issue.is_error]


class Checker:
    """Collects issues and parses cells, turning a ``CellError`` into a located error."""

    def __init__(self) -> None:
        self.issues: list[PackIssue] = []

    def error(
        self,
        message: str,
        table: SheetTable | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.issues.append(self._issue(error, message, table, row, column))

    def warn(
        self,
        message: str,
        table: SheetTable | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.issues.append(self._issue(warning, message, table, row, column))

    @staticmethod
    def _issue(
        make: Callable[..., PackIssue],
        message: str,
        table: SheetTable | None,
        row: int | None,
        column: str | None,
    ) -> PackIssue:
        if table is None:
            return make(message)
        letter = table.letter(column) if column else None
        return make(message, sheet=table.title, row=row, column=letter)

    def parse(self, table: SheetTable, row: Row, column: str, parser: Callable[[Any], Any]) -> Any:
        """``parser(value)``, or None after recording where and why it failed."""
        try:
            return parser(row.get(column))
        except CellError as exc:
            self.error(exc.message, table, row.number, column)
            return None

    def required(self, table: SheetTable, row: Row, column: str, what: str = "") -> str:
        value = row.text(column)
        if not value:
            self.error(
                f"{what or column} is required but the cell is blank", table, row.number, column
            )
        return value
