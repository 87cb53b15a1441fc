"""Which page shows which kind of navigator target.

Each page registers for the kinds of target it shows, with how to fill itself for one;
the window looks the page up instead of choosing it in a chain of conditions, so a new
page (the moderation board) is one registration, and a kind without a page is found by a
test rather than by a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.views.navigator import Page, Target

# Fills the page for a target of the tender; False when it cannot show this one (an answer
# with no response named, say), and the page on show stays.
Show = Callable[["Target", "TenderOverview"], bool]
# Makes a page registered for later, which registers itself (``register``) as it is made.
Build = Callable[[], object]


@dataclass(frozen=True, slots=True)
class RegisteredPage:
    widget: QWidget
    show: Show


class PageRegistry:
    def __init__(self) -> None:
        self._pages: dict[Page, RegisteredPage] = {}
        self._later: dict[Page, Build] = {}

    def register(self, kinds: Iterable[Page], widget: QWidget, show: Show) -> None:
        """``widget`` shows the targets of ``kinds``, filled by ``show``; one page a kind.

        A page registered for later may be made before its kinds are asked for (the window
        reaches for ``pages.results``): it then takes the place it was promised."""
        kinds = self._unregistered(kinds, promised=True)
        for kind in kinds:
            self._later.pop(kind, None)
            self._pages[kind] = RegisteredPage(widget, show)

    def register_later(self, kinds: Iterable[Page], build: Build) -> None:
        """``build`` makes the page for ``kinds`` when one of them is first asked for; the
        page registers itself for exactly those kinds as it is made."""
        for kind in self._unregistered(kinds):
            self._later[kind] = build

    def _unregistered(self, kinds: Iterable[Page], *, promised: bool = False) -> list[Page]:
        """``kinds``, refused if one has a page already (or, unless ``promised``, one to
        be built later)."""
        kinds = list(kinds)
        for kind in kinds:
            if kind in self._pages or (kind in self._later and not promised):
                raise ValueError(f"the {kind} page is registered twice")
        return kinds

    def page_for(self, kind: Page) -> RegisteredPage | None:
        """The page for ``kind``, built now if it was registered for later."""
        build = self._later.get(kind)
        if build is not None:
            promised = [k for k, b in self._later.items() if b is build]
            for k in promised:
                del self._later[k]
            build()
            missing = [k for k in promised if k not in self._pages]
            if missing:
                names = ", ".join(missing)
                raise LookupError(f"the page built for {kind} did not register itself for {names}")
        return self._pages.get(kind)

    def built(self, kind: Page) -> bool:
        """Whether the page for ``kind`` has been made (a page registered for later has not
        until it is first asked for)."""
        return kind in self._pages

    def kinds(self) -> frozenset[Page]:
        return frozenset(self._pages) | frozenset(self._later)
