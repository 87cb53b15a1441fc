"""Names taken out of text shown to a room: a bidder's or an evaluator's name, wherever it
is written out in an answer, a justification or a rationale, becomes the label the shared
screen uses (Bidder 2, Evaluator A).

Only what is written out can be found: a nickname or a misspelling stays. Bidders' names
are matched without regard to case, and also without their legal ending ("Greenway
Transport" for "Greenway Transport CIC") and, written with its capital, by their first
word where that is not a common one ("Greenway"); people's names as written, whole and
by each part (first name, surname), with a capital, so that a surname that is also a word
("Mark", "Hall") is only taken where it is written as a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

LEGAL_ENDINGS = (
    "limited",
    "ltd",
    "plc",
    "llp",
    "cic",
    "cio",
    "c.i.c.",
    "community interest company",
    "group",
    "uk",
)
# Parts of a name too short or too common to take out on their own.
_SHORTEST_PART = 3
# First words of a company's name too common to stand for it alone.
GENERIC_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "north",
        "south",
        "east",
        "west",
        "central",
        "city",
        "county",
        "council",
        "community",
        "local",
        "national",
        "british",
        "united",
        "uk",
        "transport",
        "travel",
        "services",
        "service",
        "care",
        "first",
        "new",
        "borough",
        "district",
        "regional",
        "green",
    ]
)


def bidder_names(name: str) -> tuple[str, ...]:
    """``name`` and, where it has one, ``name`` without its legal ending."""
    names = [name.strip()]
    bare = name.strip().rstrip(".")
    changed = True
    while changed:
        changed = False
        for ending in LEGAL_ENDINGS:
            if bare.casefold().endswith(" " + ending):
                bare = bare[: -len(ending) - 1].rstrip(" ,.&")
                changed = True
    if bare and bare.casefold() != names[0].casefold() and len(bare) >= _SHORTEST_PART:
        names.append(bare)
    return tuple(n for n in names if n)


def short_name(name: str) -> str | None:
    """The first word of a company's name of several words ("Greenway" of "Greenway
    Mobility CIC"), which its answers often use alone; None when it is a common word."""
    words = name.split()
    first = words[0].strip(",.&") if len(words) > 1 else ""
    if len(first) <= _SHORTEST_PART or first.casefold() in GENERIC_WORDS:
        return None
    return first


def person_names(name: str) -> tuple[str, ...]:
    """``name`` whole, then each part long enough to be a name of its own."""
    parts = [p for p in re.split(r"[\s]+", name.strip()) if len(p) >= _SHORTEST_PART]
    whole = " ".join(name.split())
    return tuple(dict.fromkeys([whole, *parts]))


def redact(
    text: str,
    replacements: Sequence[tuple[Iterable[str], str]],
    *,
    ignore_case: bool,
    ambiguous: str = "[name]",
) -> str:
    """``text`` with each name of each ``(names, label)`` written as ``label``, in one pass
    (a label put in is never taken for a name), longer names first so that a whole name
    goes before its parts. A name that stands for two labels (two evaluators called Ann)
    becomes ``ambiguous``."""
    labels: dict[str, str] = {}
    spelt: dict[str, str] = {}
    for names, label in replacements:
        for name in names:
            name = name.strip()
            if not name:
                continue
            key = name.casefold() if ignore_case else name
            labels[key] = ambiguous if labels.get(key, label) != label else label
            spelt[key] = name
    if not labels:
        return text
    alternatives = "|".join(
        re.escape(spelt[key]) for key in sorted(labels, key=lambda k: -len(spelt[k]))
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)

    def label_of(match: re.Match[str]) -> str:
        found = match.group(0)
        # Matched without regard to case, a rare letter may fold otherwise ("ß"): still a name.
        return labels.get(found.casefold() if ignore_case else found, ambiguous)

    return pattern.sub(label_of, text)
