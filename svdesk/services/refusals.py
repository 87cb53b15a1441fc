"""A use case that cannot do what was asked says every reason, and changes nothing."""

from __future__ import annotations

from collections.abc import Iterable


class Refused(Exception):
    """Refused with one or more reasons, each a line a panel member can act on.

    A reason that concerns a cell starts with its place, ``Scores!F7: ...``.
    """

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("\n".join(self.reasons))


def located(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message
