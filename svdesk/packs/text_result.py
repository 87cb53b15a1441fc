"""What reading an attachment gives: its text and what fell short of it, or why it failed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AttachmentText:
    """The text read from an attachment.

    ``shortfall`` is empty when the whole text was read; otherwise it says, in the
    user's words, why the text is missing (``text`` is then empty) or cut short.
    """

    text: str
    shortfall: str = ""


class Unreadable(Exception):
    """A file is damaged or of the wrong kind; str(exc) says how, for the user."""
