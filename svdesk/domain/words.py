"""Counting words the way a word limit is read: runs of non-space characters."""

from __future__ import annotations

import re

_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    """The number of words in ``text``; punctuation attached to a word is part of it."""
    # str.split() with no argument splits on runs of white space, exactly as _WORD matches.
    return len(text.split())


def split_at_word_limit(text: str, limit: int | None) -> tuple[str, str]:
    """Split ``text`` into what falls within ``limit`` words and what lies past it.

    The first part keeps the text exactly as written (line breaks included) up to the
    end of the last word allowed; the second part is everything after it, which the
    panel must not evaluate. With no limit, or a text within it, the second part is
    empty.
    """
    if limit is None:
        return text, ""
    if limit <= 0:
        return "", text
    for index, match in enumerate(_WORD.finditer(text), start=1):
        if index == limit:
            return text[: match.end()], text[match.end() :]
    return text, ""


def words_over_limit(text: str, limit: int | None) -> int:
    """How many words ``text`` has beyond ``limit`` (0 when within it or unlimited)."""
    if limit is None:
        return 0
    return max(0, count_words(text) - limit)


def clipped(text: str, length: int, mark: str = "…") -> str:
    """``text`` cut to at most ``length`` characters, ending in ``mark`` where it was cut
    (for a chart's label, a table's column or a line of the trail)."""
    if len(text) <= length:
        return text
    return text[: max(length - len(mark), 0)].rstrip() + mark
