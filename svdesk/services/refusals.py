"""A use case that cannot do what was asked says every reason, and changes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svdesk.store.errors import DatabaseError


class Refused(Exception):
    """Refused with one or more reasons, each a line a panel member can act on.

    A reason that concerns a cell starts with its place, ``Scores!F7: ...``.
    """

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = list(reasons)
        super().__init__("\n".join(self.reasons))


def located(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


class DatabaseRefused(Refused):
    """The database could not be used as asked (busy, read-only, full, damaged), so nothing
    was changed; ``error`` is the store's ``DatabaseError``, in the same words."""

    def __init__(self, error: DatabaseError) -> None:
        self.error = error
        super().__init__([str(error)])

    @property
    def busy(self) -> bool:
        """Another svdesk is writing: trying again later may succeed."""
        from svdesk.store.errors import DatabaseBusy

        return isinstance(self.error, DatabaseBusy)

    @property
    def read_only(self) -> bool:
        """The file can be read, never changed, from here."""
        from svdesk.store.errors import DatabaseReadOnly

        return isinstance(self.error, DatabaseReadOnly)


class LettersExist(Refused):
    """The folder already holds a batch of letters, which is never overwritten; asked again
    with ``replace``, the earlier batch is moved aside."""

    def __init__(self, folder: str, reason: str) -> None:
        self.folder = folder
        super().__init__([reason])


class ResponsesNotReady(Refused):
    """A lot was not submitted: ``responses`` maps each response not ready (lot, bidder,
    criterion) to why, and each reason names its response (``Lot 1, B01, SV1: …``)."""

    def __init__(self, responses: dict[tuple[str, str, str], str]) -> None:
        self.responses = dict(responses)
        super().__init__(
            f"Lot {lot}, {bidder}, {criterion}: {why}"
            for (lot, bidder, criterion), why in self.responses.items()
        )
