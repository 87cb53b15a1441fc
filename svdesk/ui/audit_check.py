"""Checking the audit trail from the window, as ``svdesk audit --verify [--tip]`` does: the
chain of entries unbroken, every item that can change the award as the trail last
recorded it, and (given a tip printed on a document) the trail still extending that tip.
The check reads the database file on a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from svdesk.ui.file_tasks import FileTask
from svdesk.ui.formatting import count

if TYPE_CHECKING:
    from svdesk.store.database import Database


class AuditCheck(FileTask):
    """``start()`` checks tender ``reference``'s trail in ``db`` and says what it found."""

    def __init__(
        self, parent: QWidget, db: Database, reference: str, recorded_tip: str | None = None
    ) -> None:
        super().__init__(parent, what="audit trail")
        self._db = db
        self._reference = reference
        self._recorded_tip = recorded_tip
        self.intact: bool | None = None

    def start(self) -> bool:
        db, reference, recorded_tip = self._db, self._reference, self._recorded_tip

        def check(_database: Path) -> object:
            from svdesk.services.audit_trail import check_trail

            return check_trail(db, reference, recorded_tip)

        self._run(Path(db.location), check)
        return True

    def _busy_text(self) -> str:
        return "Checking the audit trail…"

    def _not_done_text(self) -> str:
        return "The audit trail could not be checked."

    def _tell_done(self, path: Path, result: object) -> None:
        from svdesk.services.audit_trail import TrailCheck

        assert isinstance(result, TrailCheck)
        problems, entries = result.problems, result.entries
        self.intact = not problems
        if self.intact:
            details = [
                f"{count(entries, 'entry', 'entries')}: the tender as received, every change "
                "to the panel, the scores and the consensus, each with who made it and when; "
                "none altered, removed or added outside svdesk, and every weighting, bid, "
                "answer and score as the trail last recorded it."
            ]
            if result.anchor is not None:
                details.append("")  # a paragraph of its own
                details.append(
                    f"It still extends the tip recorded on the document (entry "
                    f"{result.anchor.entries}): nothing recorded up to it has changed since."
                )
            if result.tip is not None:
                details.append("")
                details.append(
                    f"Tip of the trail: {result.tip}. Documents written now carry it; "
                    "Evaluation > Check against a recorded tip… proves later that the trail "
                    "still extends it."
                )
            box = self._box(
                QMessageBox.Icon.Information,
                "The audit trail is intact",
                f"The audit trail of {self._reference} is complete and intact.",
                details,
            )
            # The tip can be selected and copied.
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            box = self._box(
                QMessageBox.Icon.Critical,
                "The audit trail is NOT intact",
                f"The audit trail of {self._reference} is NOT intact: the record was changed "
                "outside svdesk. Do not send letters until this is explained.",
                list(problems),
            )
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
