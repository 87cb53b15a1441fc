"""How much reading the text of one attachment may cost: the limits, in one place.

A bidder's file is hostile input. A small file can be built to take hours or gigabytes
to read (tables of merged cells, XML that expands, thousands of pages drawing one long
stream), so every attachment is read within these limits. Past the time or memory
limit its text is not read; past the others only the first part is kept. Either way
the file itself is kept whole, and the import warns, naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class TextBudget:
    seconds: float = 10.0  # wall-clock time to read one file, after which its reader is stopped
    memory: int = 1024 * MB  # address space of the process that reads PDF and Word files
    characters: int = 1_000_000  # text kept per file: about 300 pages of dense text
    pdf_pages: int = 1_000  # pages of a PDF whose text is read
    docx_xml: int = 16 * MB  # a Word document's text markup (its document.xml), uncompressed
    docx_paragraphs: int = 250_000  # paragraphs and table rows of a Word document

    def time_words(self) -> str:
        return f"{self.seconds:g} second{'' if self.seconds == 1 else 's'}"

    def memory_words(self) -> str:
        if self.memory >= 1024 * MB and self.memory % (1024 * MB) == 0:
            return f"{self.memory // (1024 * MB)} GB"
        return f"{self.memory / MB:,.0f} MB"


BUDGET = TextBudget()


def too_long(budget: TextBudget) -> str:
    """Why a text was cut: said the same way whichever kind of file it came from."""
    return f"its text is longer than the {budget.characters:,} characters svdesk keeps"
