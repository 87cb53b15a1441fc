"""Characters that do not show but change what a text says or how it is displayed.

Control characters (C0 and C1, but for tab, line feed and carriage return) can move a
terminal's cursor, hide what follows or end a string early in another program; the
Unicode bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) reverse what is
displayed, so that ``ACME Ltd`` can be stored as something else that reads the same.
Every text that comes into svdesk from a file goes through :func:`hidden_text`.

The rule (docs/decisions.md, Tender packs): in names, references, keys and every other
short field such a character is refused, since a disguised name is an attack and the
person importing can retype it. In long written text (a bidder's answer, a question, a
justification) it is removed, with a warning naming the cell: such text is pasted from
documents, where a vertical tab is Word's line break and a stray control character is
common, and a bidder's answer is not the authority's to retype.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The hidden characters of ASCII, as bytes: most texts are ASCII, and deleting bytes is
# several times faster than searching the text with _HIDDEN (long answers, by thousands).
_HIDDEN_ASCII = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
# Word writes a line break inside a paragraph as a vertical tab and a page break as a form
# feed; NEL is the C1 "next line". In written text they stay line breaks.
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\x85": "\n"}
# Control characters have no Unicode name; these are the ones people meet.
_CONTROL_NAMES = {
    "\x00": "null",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}
_SHOWN = 3


@dataclass(frozen=True, slots=True)
class HiddenText:
    """What :func:`hidden_text` found in a text, and what to do about it.

    ``text`` has the characters removed (line breaks kept as line breaks), whether or not
    the text is ``refused``: a refused value is then still safe to quote in other messages.
    """

    text: str
    message: str
    refused: bool


def hidden_characters(text: str) -> list[str]:
    """The distinct hidden characters of ``text``, in the order they first appear."""
    return list(dict.fromkeys(_HIDDEN.findall(text)))


def hidden_text(text: str, *, written: bool) -> HiddenText | None:
    """None when ``text`` holds no hidden character; otherwise the cleaned text and what to
    tell the user. ``written`` says the text is long written text (cleaned with a warning)
    rather than a name or another short field (refused)."""
    if not has_hidden_characters(text):
        return None
    found = hidden_characters(text)
    cleaned = _HIDDEN.sub(lambda match: _LINE_BREAKS.get(match.group(), ""), text)
    listed = describe(found)
    many = len(found) > 1
    if written:
        breaks = (
            " (line and page breaks became line breaks)" if set(found) & set(_LINE_BREAKS) else ""
        )
        return HiddenText(
            cleaned,
            f"{'hidden characters were' if many else 'a hidden character was'} removed from "
            f"the text: {listed}{breaks}; check that it reads as intended",
            refused=False,
        )
    return HiddenText(
        cleaned,
        f"the text holds {'hidden characters' if many else 'a hidden character'} that can "
        f"disguise what it says: {listed}; retype it without "
        f"{'them' if many else 'it'} (names, references and short fields are not cleaned "
        "for you)",
        refused=True,
    )


def has_hidden_characters(text: str) -> bool:
    """Whether ``text`` holds a hidden character (the quick test, for every cell read)."""
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _HIDDEN_ASCII)) != len(data)
    return _HIDDEN.search(text) is not None


def describe(characters: list[str]) -> str:
    """``U+202E (right-to-left override), U+001B (escape)``, the first few of them."""
    parts = [f"U+{ord(char):04X} ({_name(char)})" for char in characters[:_SHOWN]]
    if len(characters) > _SHOWN:
        parts.append(f"and {len(characters) - _SHOWN} more")
    return ", ".join(parts)


def _name(char: str) -> str:
    if char in _CONTROL_NAMES:
        return _CONTROL_NAMES[char]
    name = unicodedata.name(char, "")
    return name.lower() if name else "control character"
