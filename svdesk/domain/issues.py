"""Problems found in what a user gave us, located the way they will look for them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class PackIssue:
    """One problem with a pack, with where it is: ``Criteria!F7``, ``Bids!4:4`` or a sheet.

    ``row`` is the row number as Excel shows it; ``column`` the column letter. A
    problem with a whole row has no column (written ``Sheet!7:7``, Excel's notation
    for a row); a problem with the file itself has no sheet but may name the file.
    """

    severity: Severity
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    file: str | None = None

    @property
    def location(self) -> str:
        if self.sheet is None:
            return self.file or ""
        if self.row is None:
            return f"{self.sheet}!{self.column}:{self.column}" if self.column else self.sheet
        if self.column is None:
            return f"{self.sheet}!{self.row}:{self.row}"
        return f"{self.sheet}!{self.column}{self.row}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message


def error(
    message: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    file: str | None = None,
) -> PackIssue:
    return PackIssue(Severity.ERROR, message, sheet, row, column, file)


def warning(
    message: str,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    file: str | None = None,
) -> PackIssue:
    return PackIssue(Severity.WARNING, message, sheet, row, column, file)
