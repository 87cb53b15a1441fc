"""Importing a pack whose attachments are built to cost hours or gigabytes to read: the
import finishes in seconds, each file is kept, and the warning names it and says why its
text is missing or partial. A file that cannot be read at all still refuses the pack."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from svdesk.domain.model import Attachment, TenderPack
from svdesk.packs import text_budget
from svdesk.packs.checker import ReadResult
from svdesk.services.imports import check_pack
from tests.support.hostile_files import (
    expanding_docx,
    merged_tables_docx,
    shared_stream_pdf,
    slow_pdf,
)
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.support.timeouts import within
from tests.unit.packs.test_attachments import make_pdf

SECONDS = 60  # the three files together, with room for a slow, shared machine
HOSTILE = {
    "answers/B01-SV1.docx": merged_tables_docx(),
    "answers/B01-SV2.docx": expanding_docx(),
    "answers/B02-SV1.pdf": shared_stream_pdf(),
}
PDF = make_pdf([["Our offer"]])


def zip_pack(folder: Path, attachments: dict[str, bytes]) -> Path:
    """The valid pack, its first answers pointing at ``attachments``, zipped with them."""
    sheets = valid_sheets()
    for row, path in enumerate(attachments, start=2):
        set_cell(sheets, "Responses", row, "Attachment", path)
    book = write_pack(folder / "pack.xlsx", sheets)
    pack = folder / "bids.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(book, "pack.xlsx")
        for path, data in attachments.items():
            archive.writestr(path, data)
    return pack


def attachments_of(pack: TenderPack | None) -> dict[str, Attachment]:
    assert pack is not None
    return {r.attachment.path: r.attachment for r in pack.responses if r.attachment}


def warnings_of(result: ReadResult) -> list[str]:
    return [str(issue) for issue in result.warnings]


def test_hostile_attachments_are_kept_and_the_import_finishes_in_seconds(tmp_path: Path) -> None:
    pack = zip_pack(tmp_path, HOSTILE)

    _name, result = within(SECONDS, lambda: check_pack(pack))

    assert result.errors == []
    kept = attachments_of(result.pack)
    assert {path: a.data for path, a in kept.items()} == HOSTILE  # each file kept whole
    tables = kept["answers/B01-SV1.docx"]
    assert tables.text.count("Column 0 | Column 1 | Column 2 | Column 3") == 6
    assert tables.text_shortfall == ""
    expanding = kept["answers/B01-SV2.docx"]
    assert (expanding.text, expanding.text_shortfall) == (
        "",
        "it has more than 250,000 paragraphs and table rows, more than svdesk reads",
    )
    pages = kept["answers/B02-SV1.pdf"]
    assert len(pages.text) == 1_000_000
    assert pages.text_shortfall == "its text is longer than the 1,000,000 characters svdesk keeps"
    assert warnings_of(result)[:2] == [
        "Responses!E3: the text of 'answers/B01-SV2.docx' was not read: it has more than "
        "250,000 paragraphs and table rows, more than svdesk reads; the file is kept, and "
        "evaluators can open it",
        "Responses!E4: only part of the text of 'answers/B02-SV1.pdf' was read: its text is "
        "longer than the 1,000,000 characters svdesk keeps; the file is kept, and evaluators "
        "can open it",
    ]


def test_a_file_that_takes_too_long_is_kept_without_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the time budget the file is not damaged, only costly: a warning, not an error."""
    monkeypatch.setattr(text_budget, "BUDGET", text_budget.TextBudget(seconds=1))
    slow = slow_pdf()
    pack = zip_pack(tmp_path, {"attachments/B03-SV2.pdf": slow, "answers/ok.pdf": PDF})

    _name, result = within(SECONDS, lambda: check_pack(pack))

    assert result.errors == []
    kept = attachments_of(result.pack)
    assert kept["attachments/B03-SV2.pdf"].data == slow
    assert kept["attachments/B03-SV2.pdf"].text == ""
    assert kept["answers/ok.pdf"].text == "Our offer"
    assert warnings_of(result)[0] == (
        "Responses!E2: the text of 'attachments/B03-SV2.pdf' was not read: reading it took "
        "longer than 1 second; the file is kept, and evaluators can open it"
    )


def test_a_damaged_attachment_still_refuses_the_pack(tmp_path: Path) -> None:
    damaged = PDF[: len(PDF) // 3]
    pack = zip_pack(tmp_path, {"answers/cut.pdf": damaged, "answers/ok.pdf": PDF})

    _name, result = check_pack(pack)

    assert result.pack is None
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith(
        "Responses!E2: the attachment 'answers/cut.pdf' cannot be read as a PDF: it is damaged"
    )


def test_the_same_attachment_named_twice_is_read_once(tmp_path: Path) -> None:
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Attachment", "answers/ok.pdf")
    set_cell(sheets, "Responses", 3, "Attachment", "answers/ok.pdf")
    book = write_pack(tmp_path / "pack.xlsx", sheets)
    with zipfile.ZipFile(tmp_path / "bids.zip", "w") as archive:
        archive.write(book, "pack.xlsx")
        archive.writestr("answers/ok.pdf", PDF)

    _name, result = check_pack(tmp_path / "bids.zip")

    assert result.pack is not None
    shared = [r.attachment for r in result.pack.responses if r.attachment]
    assert len(shared) == 2
    assert shared[0] is shared[1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo")
def test_a_named_pipe_as_an_attachment_in_a_folder_pack_is_refused_at_once(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Pack"
    (folder / "answers").mkdir(parents=True)
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Attachment", "answers/B01.pdf")
    write_pack(folder / "pack.xlsx", sheets)
    os.mkfifo(folder / "answers" / "B01.pdf")

    _name, result = within(10, lambda: check_pack(folder), fifos=(folder / "answers" / "B01.pdf",))

    assert [str(issue) for issue in result.errors] == [
        "Responses!E2: the attachment 'answers/B01.pdf' is not an ordinary file (a named pipe)"
    ]


def test_progress_tells_of_the_attachments(tmp_path: Path) -> None:
    pack = zip_pack(tmp_path, {"answers/a.pdf": PDF, "answers/b.txt": b"Text"})
    seen: list[tuple[int, str]] = []

    check_pack(pack, lambda done, _total, message: seen.append((done, message)))

    messages = [message for _done, message in seen]
    assert "Reading attachments (0 of 2)" in messages
    assert "Reading attachments (2 of 2)" in messages
    assert messages.index("Reading attachments (2 of 2)") < messages.index("Read 6 answers")
    done = [done for done, _message in seen]
    assert done == sorted(done)  # the bar never goes back
