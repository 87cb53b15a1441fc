"""Finding a bidder's or a person's name in a text, as a reader of the text would see it.

A name is found whole: every word of it, in order, without regard to case, with any
punctuation or spacing between the words ("Alpha-Grounds, Ltd." is "Alpha Grounds Ltd"),
and "&" read as "and". A company is also found by its name without its legal suffix
("Alpha Grounds" for "Alpha Grounds Ltd") when what remains is distinctive: more than one
word, or one word that is not a common English word. A name that is only a common word
("The", "Care", "Green") is not looked for on its own, since a text using the word means the
word; nor is a one-word name of two characters or of digits only. A person is found by
their full name only, as a first name alone ("Mark") is a common word too.

All the names of a batch go into one index, made once: a text is split into its words once
and each word looked up, so checking every letter of a tender takes time in proportion to
the text quoted, however many bidders there are.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+|&")

LEGAL_SUFFIXES: tuple[tuple[str, ...], ...] = (
    ("ltd",),
    ("limited",),
    ("plc",),
    ("public", "limited", "company"),
    ("llp",),
    ("limited", "liability", "partnership"),
    ("lp",),
    ("cic",),
    ("community", "interest", "company"),
    ("cio",),
    ("cyf",),
    ("cyfyngedig",),
    ("ccc",),
    ("inc",),
    ("llc",),
)
"""Company-law endings in their lower-case words ("Public Limited Company" -> three)."""


@dataclass(frozen=True, slots=True)
class KnownName:
    """A name that a text must not show, and what it is the name of."""

    name: str  # as written
    what: str  # "a bidder", "a bidder's contact", "a panel member"
    owner: str = ""  # the bidder it belongs to; "" for a panel member
    person: bool = False  # found by the full name only


def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` as a name is compared: case-folded, punctuation gone, "&" "and"."""
    return tuple("and" if word == "&" else word.casefold() for word in _WORD.findall(text))


def _distinctive(words: tuple[str, ...], common_words: Collection[str]) -> bool:
    if len(words) > 1:
        return True
    if not words:
        return False
    (word,) = words
    return len(word) > 2 and not word.isdigit() and word not in common_words


def forms_of(known: KnownName, common_words: Collection[str]) -> set[tuple[str, ...]]:
    """The word sequences by which ``known`` is found (none for a common word)."""
    words = words_of(known.name)
    if known.person:
        return {words} if len(words) > 1 else set()
    forms = {words} if _distinctive(words, common_words) else set()
    for suffix in LEGAL_SUFFIXES:
        if len(words) > len(suffix) and words[-len(suffix) :] == suffix:
            stem = words[: -len(suffix)]
            if _distinctive(stem, common_words):
                forms.add(stem)
    return forms


class NameFinder:
    """Every name of a batch, indexed by its first word; built once, used for every text."""

    def __init__(self, names: Iterable[KnownName], common_words: Collection[str]) -> None:
        by_first: dict[str, dict[tuple[str, ...], list[KnownName]]] = {}
        for known in names:
            for form in forms_of(known, common_words):
                by_first.setdefault(form[0], {}).setdefault(form, []).append(known)
        # Longest forms first, so that "Alpha Grounds Ltd" is read as that, not as "Alpha".
        self._ordered = {
            first: sorted(forms.items(), key=lambda item: -len(item[0]))
            for first, forms in by_first.items()
        }

    def find(self, text: str) -> tuple[KnownName, ...]:
        """The names ``text`` shows, in the order it first shows them."""
        words = words_of(text)
        found: dict[KnownName, None] = {}
        i = 0
        while i < len(words):
            step = 1
            for form, owners in self._ordered.get(words[i], ()):
                if words[i : i + len(form)] == form:
                    # Every name with these words is named; a shorter name inside them
                    # is not (the text means the longer one).
                    found.update(dict.fromkeys(owners))
                    step = len(form)
                    break
            i += step
        return tuple(found)
