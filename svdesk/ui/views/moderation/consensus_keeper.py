"""The consensus kept as the moderator types it, as the evaluator's drafts are: half a
second after typing pauses, never later than a second after it was typed, at once for a
score chosen and when the moderator moves on or leaves. Each save carries the version the
moderator read; when someone else saved since, the keeper stops saving (nothing of theirs
is overwritten) and holds the moderator's work until they choose what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from svdesk.ui.typing_pause import TypingPause
from svdesk.ui.workspace.draft_keeper import SAVED, SAVING

if TYPE_CHECKING:
    from svdesk.store.database import Database

Key = tuple[str, str, str]  # lot, bidder, criterion
NOT_SAVED = "Not saved: "


@dataclass(frozen=True, slots=True)
class ConsensusWork:
    """What the moderator has typed for one response."""

    score: int | None
    rationale: str
    sub_rationales: tuple[str, ...]
    reconciliation: str


class ConsensusKeeper(QObject):
    status = Signal(str)  # Saving…, All changes saved, or Not saved: why
    saved = Signal(object)  # the service's Saved
    edited_meanwhile = Signal(object)  # EditedMeanwhile: someone else saved first

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self._reference = ""
        self._key: Key | None = None
        self._actor: str | None = None
        self.version = 0  # the version read, or last saved: given back with each save
        self._pending: ConsensusWork | None = None
        self.held = False  # someone else saved since: nothing is saved until reloaded
        self.last_refusal: list[str] = []  # why the last save was refused, if it was
        self.pause = TypingPause(self)
        self.pause.due.connect(self._on_pause_due)

    def start(
        self, db: Database, reference: str, key: Key, version: int, actor: str | None
    ) -> None:
        """Keep the consensus of ``key`` from now on, as read at ``version``."""
        self._stop_timers()
        self._db, self._reference, self._key = db, reference, key
        self._actor = actor
        self.version = version
        self._pending = None
        self.held = False

    def stop(self) -> None:
        """Keep nothing more (what is pending should have been flushed first)."""
        self._stop_timers()
        self._key = None
        self._pending = None

    @property
    def key(self) -> Key | None:
        return self._key

    def set_actor(self, actor: str | None) -> None:
        self._actor = actor

    def changed(self, work: ConsensusWork, *, at_once: bool = False) -> None:
        """The moderator changed ``work``: kept once typing pauses, or ``at_once``."""
        self._pending = work
        if self.held:
            return  # kept on screen only, until the moderator has read the other save
        if at_once:
            self.flush()
            return
        self.status.emit(SAVING)
        self.pause.typed()

    def pending(self) -> bool:
        return self._pending is not None

    def flush(self) -> bool:
        """Keep what is pending now; False when it was not kept (the signals say why)."""
        from svdesk.services.moderation_consensus import EditedMeanwhile, save_consensus_draft
        from svdesk.services.refusals import Refused
        from svdesk.store.errors import DatabaseError

        self._stop_timers()
        work, key, db = self._pending, self._key, self._db
        if work is None or key is None or db is None:
            return not self.held
        if self.held:
            return False
        try:
            saved = save_consensus_draft(
                db,
                self._reference,
                *key,
                version=self.version,
                score=work.score,
                rationale=work.rationale,
                sub_rationales=work.sub_rationales,
                reconciliation=work.reconciliation,
                actor=self._actor,
            )
        except EditedMeanwhile as told:
            self.held = True
            self.status.emit(NOT_SAVED + "someone else saved this consensus first")
            self.edited_meanwhile.emit(told)
            return False
        except Refused as refused:
            self.last_refusal = refused.reasons
            self.status.emit(NOT_SAVED + "; ".join(refused.reasons))
            return False  # still pending: tried again with the next change
        except DatabaseError as exc:
            self.last_refusal = [str(exc)]
            self.status.emit(NOT_SAVED + str(exc))
            return False
        self.last_refusal = []
        self._pending = None
        self.version = saved.version
        self.status.emit(SAVED)
        self.saved.emit(saved)
        return True

    def reload(self, version: int) -> None:
        """The moderator now has the consensus as saved at ``version``: theirs is dropped."""
        self._stop_timers()
        self.version = version
        self._pending = None
        self.held = False

    def _stop_timers(self) -> None:
        self.pause.stop()

    @Slot()
    def _on_pause_due(self) -> None:
        self.flush()
