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


@dataclass(frozen=True, slots=True)
class RegisteredPage:
    widget: QWidget
    show: Show


class PageRegistry:
    def __init__(self) -> None:
        self._pages: dict[Page, RegisteredPage] = {}

    def register(self, kinds: Iterable[Page], widget: QWidget, show: Show) -> None:
        """``widget`` shows the targets of ``kinds``, filled by ``show``; one page a kind."""
        kinds = list(kinds)
        for kind in kinds:
            if kind in self._pages:
                raise ValueError(f"the {kind} page is registered twice")
        for kind in kinds:
            self._pages[kind] = RegisteredPage(widget, show)

    def page_for(self, kind: Page) -> RegisteredPage | None:
        return self._pages.get(kind)

    def kinds(self) -> frozenset[Page]:
        return frozenset(self._pages)
