"""100 award letters as PDF against bare reportlab drawing 100 documents of the same size.

Target: svdesk's PDF letters (letterhead, styled blocks, score tables, running header and
"Page N of M") take at most 1.5x the time bare reportlab takes to build 100 documents
with the same fonts, the same paragraphs (same text) and tables of the same rows and
columns, drawn one after another in one process (processor time, best of 5 interleaved
runs). The elapsed time of the same 100 letters drawn by ``write_letters``'s worker
processes is printed beside it, for information.

The letters are the demo tender's six (successful, unsuccessful, excluded), repeated.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

TARGET = 1.5
LETTERS = 100
RUNS = 5


def demo_letters(folder: Path) -> list:  # type: ignore[type-arg]
    from svdesk.documents.letter_content import build_letters
    from svdesk.documents.letter_template import LetterTemplates
    from svdesk.services.demo import create_demo
    from svdesk.store.database import open_database

    db = open_database(folder / "demo.sqlite")
    reference = create_demo(db).reference
    templates = LetterTemplates()
    rendered = [templates.render(x) for x in build_letters(db, reference, dt.date(2026, 12, 21))]
    db.close()
    return [rendered[n % len(rendered)] for n in range(LETTERS)]


def bare_reportlab(letter, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same paragraphs and tables, with the same fonts, and nothing else."""
    from svdesk.documents.fonts import register_fonts

    fonts = register_fonts()
    style = ParagraphStyle("p", fontName=fonts.regular, fontSize=9.5, leading=13.5)
    cell = ParagraphStyle("c", fontName=fonts.regular, fontSize=8.5, leading=11)
    story = []
    for block in letter.blocks:
        if block.kind == "table":
            table = letter.tables[block.table]
            rows = [[Paragraph(escape(c.title), cell) for c in table.columns]]
            rows += [[Paragraph(escape(text), cell) for text in row.cells] for row in table.rows]
            story.append(
                Table(
                    rows,
                    repeatRows=1,
                    style=TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular)]),
                )
            )
        elif block.kind != "space":
            story.append(Paragraph(escape(block.text).replace("\n", "<br/>"), style))
    document = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        initialFontName=fonts.regular,
    )
    document.build(story)


def main() -> int:
    # Here, not at the top: each of svdesk's spawned workers imports the main module again.
    from measure import elapsed, fastest_in_turn, processor_time, verdict

    from svdesk.documents.letter_batch import MAX_WORKERS
    from svdesk.documents.letter_drawing import DrawingPool
    from svdesk.documents.letter_pdf import render_pdf

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        rendered = demo_letters(folder)
        out = folder / "out"
        out.mkdir()

        def baseline() -> None:
            for n, letter in enumerate(rendered):
                bare_reportlab(letter, out / f"bare-{n}.pdf")

        def measured() -> None:
            for n, letter in enumerate(rendered):
                render_pdf(letter, out / f"letter-{n}.pdf")

        def in_processes() -> None:
            # As write_letters draws a batch: the workers started, each letter handed over.
            pool = DrawingPool(min(os.cpu_count() or 1, MAX_WORKERS), ("pdf",))
            try:
                for n, letter in enumerate(rendered):
                    pool.add((letter, str(out), f"pool-{n}", ("pdf",), None))
                pool.files(None)
            finally:
                pool.close()

        for action in (baseline, measured):
            action()
        # Interleaved, and timed in processor time: other work on the machine slows both
        # alike instead of whichever happened to run at the busy moment.
        base, ours = fastest_in_turn(
            lambda: processor_time(baseline), lambda: processor_time(measured), runs=RUNS
        )
        pooled = min(elapsed(in_processes) for _ in range(2))
        pages = sum(_pages(out / f"letter-{n}.pdf") for n in range(LETTERS))
    print(f"{LETTERS} letters ({pages} pages)")
    print(f"bare reportlab, same paragraphs and tables: {base:.2f} s (processor time)")
    print(f"svdesk letters, one process:                {ours:.2f} s (processor time)")
    print(f"svdesk letters, worker processes:           {pooled:.2f} s (elapsed)")
    return verdict(base, ours, TARGET)


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


if __name__ == "__main__":
    sys.exit(main())
