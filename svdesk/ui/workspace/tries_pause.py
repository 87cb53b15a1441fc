"""A pause in passphrase tries, counted down where the passphrase is asked for.

How long it lasts is the service's to say (``verify_passphrase``, ``set_passphrase``); this
only keeps the button that tries disabled meanwhile and shows how long is left."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QLineEdit, QPushButton

from svdesk.ui.theme import Banner, BannerKind

if TYPE_CHECKING:
    from svdesk.services.passphrases import Lockout
    from svdesk.store.database import Database


def say_refused(message: Banner, reason: str) -> None:
    """Show one refusal's reason as an error, as a sentence."""
    message.set_kind(BannerKind.ERROR)
    message.set_text(reason[:1].upper() + reason[1:] + ".")
    message.show()


class TriesPause(QObject):
    def __init__(
        self, button: QPushButton, message: Banner, can_try: Callable[[], bool], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._button = button
        self._message = message
        self._can_try = can_try
        self._left = 0
        self._until = 0.0
        self.text = ""
        self._tick = QTimer(self)
        self._tick.setInterval(200)  # the count shown is worked out from the clock
        self._tick.timeout.connect(self._on_tick_timeout)

    def active(self) -> bool:
        return self._left > 0

    def start(self, seconds: int) -> None:
        # Counted from now, after the service began the pause: never shorter than its own.
        self._until = time.monotonic() + seconds
        self._left = seconds
        self._button.setEnabled(False)
        self._show()
        self._tick.start()

    def passphrase_passes(
        self,
        db: Database,
        reference: str,
        name: str,
        field: QLineEdit,
        lockout: Lockout | None,
    ) -> bool:
        """Whether ``name``'s passphrase is what ``field`` holds (nothing when it is hidden:
        the member has none). If not, say why and, after too many wrong tries, pause."""
        from svdesk.services.passphrases import (
            LOCKOUT,
            TriesPaused,
            WrongPassphrase,
            verify_passphrase,
        )
        from svdesk.services.refusals import Refused
        from svdesk.store.errors import DatabaseError

        try:
            verify_passphrase(
                db,
                reference,
                name,
                field.text() if field.isVisible() else "",
                lockout=lockout or LOCKOUT,
            )
        except (WrongPassphrase, TriesPaused) as refused:
            say_refused(self._message, refused.reasons[0])
            field.selectAll()
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if refused.seconds:
                self.start(refused.seconds)
            return False
        except Refused as refused:
            say_refused(self._message, "; ".join(refused.reasons))
            return False
        except DatabaseError as exc:
            say_refused(self._message, str(exc))
            return False
        return True

    def stop(self) -> None:
        self._left = 0
        self._tick.stop()

    def _show(self) -> None:
        if self.text.startswith(f"Try again in {self._left} "):
            return
        unit = "second" if self._left == 1 else "seconds"
        self._button.setToolTip(f"Tries are paused: try again in {self._left} {unit}")
        self.text = f"Try again in {self._left} {unit}."
        first = self._message.text().split("\n", 1)[0]
        self._message.set_text(f"{first}\n{self.text}")

    @Slot()
    def _on_tick_timeout(self) -> None:
        self._left = math.ceil(self._until - time.monotonic())
        if self._left > 0:
            self._show()
            return
        self.stop()
        self._button.setEnabled(self._can_try())
        self._button.setToolTip("")
        self._message.set_text("The pause is over: you can try again.")
