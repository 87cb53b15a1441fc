"""The properties a document carries (title, subject, author, keywords), within their limits.

Word's core properties hold at most 255 characters each (python-docx refuses a longer one,
and with it the whole batch), while a bidder's legal name may run to 160 characters and a
tender's title to any length. Each property is cut to the limit with an ellipsis; the PDF
gets the same text, so that a letter's two files describe themselves alike.
"""

from __future__ import annotations

import re

PROPERTY_LIMIT = 255
ELLIPSIS = "…"

# Line breaks and other control characters have no place in a one-line property, and XML
# (which a Word file is) cannot hold most of them at all.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def property_text(text: str, limit: int = PROPERTY_LIMIT) -> str:
    """``text`` on one line, cut at a word where it can be to fit ``limit`` characters."""
    line = " ".join(_CONTROLS.sub(" ", text).split())
    if len(line) <= limit:
        return line
    cut = line[: limit - len(ELLIPSIS)]
    at_word = cut.rsplit(" ", 1)[0]
    # Cut at a space near the end rather than mid-word (unless the cut falls on one).
    if line[len(cut)] != " " and len(at_word) >= len(cut) - 20:
        cut = at_word
    return cut.rstrip(" ,;:–-·") + ELLIPSIS
