"""Import of a 50 bidders x 20 criteria pack with one attachment per answer.

The pack is a .zip: the workbook and 1,000 attachments, a third each PDF (two pages),
Word (paragraphs and a table) and plain text. Target: svdesk's import (read, check every
rule, read every attachment's text in its worker processes within the time and memory
budget, save in one transaction) takes at most 2x the baseline: openpyxl reading the
workbook in read-only mode, then pypdf and python-docx extracting every attachment's
text bare, in this process, one after the other.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

# Libraries are imported where they are used. svdesk's text readers are worker processes,
# and each one starts by importing the main module again, as multiprocessing does outside
# a fork: svdesk's own is small (its command line), and this one must not weigh more.

TARGET = 2.0
BIDDERS = 50
CRITERIA = 20
WORDS = 100  # in the answer cell; the attachment holds the rest
RUNS = 3
KINDS = (".pdf", ".docx", ".txt")


def words(rng: random.Random, count: int) -> str:
    from bench_import import VOCABULARY

    return " ".join(rng.choice(VOCABULARY) for _ in range(count))


def pdf_file(rng: random.Random) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for _page in range(2):
        for line in range(40):
            pdf.drawString(56, 790 - 18 * line, words(rng, 12))
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def docx_file(rng: random.Random) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(words(rng, 5), level=1)
    for _ in range(25):
        document.add_paragraph(words(rng, 30))
    table = document.add_table(rows=6, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = words(rng, 3)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def attachment(rng: random.Random, suffix: str) -> bytes:
    if suffix == ".pdf":
        return pdf_file(rng)
    if suffix == ".docx":
        return docx_file(rng)
    return words(rng, 800).encode()


def make_pack(path: Path, files: dict[str, bytes], reference: str) -> None:
    from openpyxl import Workbook

    rng = random.Random(42)
    book = Workbook()
    book.remove(book.active)
    tender = book.create_sheet("Tender")
    for row in (
        ("Field", "Value"),
        ("Reference", reference),
        ("Title", "Benchmark tender"),
        ("Authority", "Benchmark Council"),
        ("Price weighting", 40),
        ("Quality weighting", 40),
        ("Social value weighting", 20),
    ):
        tender.append(row)
    criteria = book.create_sheet("Criteria")
    criteria.append(["Code", "Title", "Question", "Weight"])
    for c in range(1, CRITERIA + 1):
        criteria.append([f"SV{c}", f"Criterion {c}", f"Question {c}?", 1])
    bidders = book.create_sheet("Bidders")
    bidders.append(["Bidder", "Name", "Identifier"])
    for b in range(1, BIDDERS + 1):
        bidders.append([f"B{b:02}", f"Bidder {b} Ltd", f"{b:08}"])
    responses = book.create_sheet("Responses")
    responses.append(["Bidder", "Criterion", "Answer", "Attachment"])
    names = iter(files)
    for b in range(1, BIDDERS + 1):
        for c in range(1, CRITERIA + 1):
            responses.append([f"B{b:02}", f"SV{c}", words(rng, WORDS), next(names)])
    workbook = io.BytesIO()
    book.save(workbook)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pack.xlsx", workbook.getvalue())
        for name, data in files.items():
            archive.writestr(name, data)


def bare_text(name: str, data: bytes) -> str:
    """An attachment's text the plain way: pypdf, python-docx, or decoding."""
    import docx
    from pypdf import PdfReader

    if name.endswith(".pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if name.endswith(".docx"):
        document = docx.Document(io.BytesIO(data))
        lines = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
        return "\n".join(lines)
    return data.decode()


def baseline(workbook: Path, files: dict[str, bytes]) -> None:
    from measure import openpyxl_read

    openpyxl_read(workbook)
    for name, data in files.items():
        bare_text(name, data)


def svdesk_import(db: Any, packs: dict[int, Path], run: int) -> None:
    from svdesk.services.imports import import_pack

    import_pack(db, packs[run])


def main() -> int:
    from measure import elapsed, fastest_in_turn, verdict

    from svdesk.store.database import open_database

    rng = random.Random(7)
    files = {
        f"answers/B{b:02}-SV{c}{KINDS[(b + c) % 3]}": attachment(rng, KINDS[(b + c) % 3])
        for b in range(1, BIDDERS + 1)
        for c in range(1, CRITERIA + 1)
    }
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        packs = {run: folder / f"bench{run}.zip" for run in range(-1, RUNS)}
        for run, path in packs.items():
            make_pack(path, files, f"BENCH-{run}")
        with zipfile.ZipFile(packs[0]) as archive:
            (folder / "pack.xlsx").write_bytes(archive.read("pack.xlsx"))
        db = open_database(folder / "bench.sqlite")
        # Warm both code paths (imports, caches) before timing.
        baseline(folder / "pack.xlsx", files)
        svdesk_import(db, packs, -1)
        runs = iter(range(RUNS))  # each svdesk run imports its own copy of the pack
        bare, measured = fastest_in_turn(
            lambda: elapsed(lambda: baseline(folder / "pack.xlsx", files)),
            lambda: elapsed(lambda: svdesk_import(db, packs, next(runs))),
            runs=RUNS,
        )
        db.close()
    size = sum(len(data) for data in files.values()) / 1024 / 1024
    print(f"pack: {BIDDERS} bidders x {CRITERIA} criteria, one attachment each ({size:.1f} MB)")
    print(f"openpyxl read-only read + bare pypdf/python-docx text: {bare:.3f} s")
    print(f"svdesk import:                                         {measured:.3f} s")
    return verdict(bare, measured, TARGET)


if __name__ == "__main__":
    sys.exit(main())
