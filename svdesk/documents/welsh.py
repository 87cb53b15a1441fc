"""What a letter in Welsh needs beyond its templates: dates, and its tables' fixed words.

Dates are spelt by Babel's Welsh locale data (``Dydd Mawrth 5 Ionawr 2027``), not by the
machine's locale. The tables are drawn by svdesk from the tender's figures; a Welsh letter
shows them with the words of ``shared/words.cy.toml`` in place of the English headings and
labels. What the tender pack itself says (criteria, scale levels, reasons) is left as given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping

from svdesk.documents.letter_tables import HeaderGroup, LetterTable, TableRow

_SUB_CRITERION = re.compile(r"^Sub-criterion (\d+):", re.MULTILINE)


def welsh_date(day: dt.date, weekday: bool = False, mutated: bool = False) -> str:
    """``day`` as a Welsh letter writes it: ``5 Ionawr 2027``; with ``weekday``, inside a
    sentence, ``dydd Mawrth 5 Ionawr 2027``, or, ``mutated`` after ``ar``, ``ddydd Mawrth
    5 Ionawr 2027`` (the soft mutation)."""
    from babel.dates import format_date

    text = str(format_date(day, "d MMMM y", locale="cy"))
    if not weekday:
        return text
    name = str(format_date(day, "EEEE", locale="cy"))  # "Dydd Mawrth"
    name = name[0].lower() + name[1:]
    if mutated and name.startswith("dydd "):
        name = "d" + name
    return f"{name} {text}"


def translated_table(table: LetterTable, words: Mapping[str, str]) -> LetterTable:
    """``table`` with its headings, its label cells and its sub-criterion lines in the words
    of ``words`` (English to Welsh); a cell that is not one of them is kept as it is."""
    sub = words.get("Sub-criterion")

    def cell(text: str) -> str:
        if text in words:
            return words[text]
        if sub is not None and "\n" in text:
            return _SUB_CRITERION.sub(lambda m: f"{sub} {m.group(1)}:", text)
        return text

    return LetterTable(
        tuple(dataclasses.replace(c, title=words.get(c.title, c.title)) for c in table.columns),
        tuple(TableRow(tuple(cell(text) for text in row.cells), row.style) for row in table.rows),
        tuple(HeaderGroup(words.get(g.title, g.title), g.span) for g in table.groups),
    )
