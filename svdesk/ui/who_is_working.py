"""Who is working at the main window: the name the audit trail records for what they do.

A panel member (their passphrase asked if they set one) or someone not on the panel, who
types their name and role. The choice is kept per tender on this computer to be offered
first next time; it is never taken without asking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from svdesk.services.tenders import TenderOverview
    from svdesk.ui.dialogs.who_dialog import WhoDialog
    from svdesk.ui.tender_context import TenderContext

SETTINGS_GROUP = "who-is-working"


@dataclass(frozen=True)
class Actor:
    name: str
    role: str  # "moderator", "evaluator", or what someone not on the panel typed
    on_panel: bool

    def label(self) -> str:
        return f"{self.name} ({self.role})"


def remembered(settings: QSettings, reference: str) -> Actor | None:
    """The choice last made for tender ``reference`` on this computer, if any."""
    value = settings.value(f"{SETTINGS_GROUP}/{reference}")
    if not isinstance(value, list) or len(value) != 3:
        return None
    name, role, on_panel = (str(part) for part in value)
    return Actor(name, role, on_panel == "panel") if name else None


def remember(settings: QSettings, reference: str, actor: Actor) -> None:
    settings.setValue(
        f"{SETTINGS_GROUP}/{reference}",
        [actor.name, actor.role, "panel" if actor.on_panel else "other"],
    )


class WhoAsker(QObject):
    """Asks who is working whenever another tender comes on show, and on request; the
    answer becomes the context's actor. ``preset`` answers without asking (for tests that
    open tenders to check something else)."""

    preset: Actor | None = None

    def __init__(
        self, context: TenderContext, window: QWidget, *, settings: QSettings | None = None
    ) -> None:
        super().__init__(window)
        self._context = context
        self._window = window
        self._settings = settings or QSettings("svdesk", "svdesk")
        self._asked_for: str | None = None  # the tender the actor was chosen for
        self._held = False
        self._waiting = False  # a tender came on show while held: ask on release
        self.dialog: WhoDialog | None = None
        context.tender_changed.connect(self._on_context_tender_changed)

    @Slot(object)
    def _on_context_tender_changed(self, overview: TenderOverview | None) -> None:
        reference = None if overview is None else overview.tender.reference
        if reference == self._asked_for:
            return
        self._asked_for = reference
        self._context.set_actor(None)
        if reference is not None:
            if self._held:
                self._waiting = True
            else:
                self.ask()

    def hold(self) -> None:
        """Keep the question until ``release``: while the window opens, the tender is
        painted first (the question reads the panel through the services, and so loads
        SQLAlchemy, which the first screen does without)."""
        self._held = True

    def release(self) -> None:
        """Ask now if a tender came on show while the question was held."""
        self._held = False
        waiting, self._waiting = self._waiting, False
        if waiting and self._context.tender() is not None and self._context.actor is None:
            self.ask()

    def ask(self) -> WhoDialog | None:
        """Ask who is working on the tender on show (the last choice offered first)."""
        from svdesk.ui.dialogs.who_dialog import WhoDialog

        tender = self._context.tender()
        if tender is None:
            return None
        db, reference = tender
        if WhoAsker.preset is not None:
            self._context.set_actor(WhoAsker.preset)
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        last = self._context.actor or remembered(self._settings, reference)
        self.dialog = WhoDialog(db, reference, self._window, last=last)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.open()
        return self.dialog

    @Slot()
    def _on_dialog_accepted(self) -> None:
        reference = self._context.reference
        if self.dialog is None or self.dialog.actor is None or reference is None:
            return
        remember(self._settings, reference, self.dialog.actor)
        self._context.set_actor(self.dialog.actor)
