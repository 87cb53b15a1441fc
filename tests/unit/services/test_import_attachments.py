"""An attachment too costly to read is imported: the file is stored whole, its text as far
as it was read, and the audit trail says which texts were not read and why."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from svdesk.services.audit_trail import audit_entries
from svdesk.services.imports import ImportRefused, import_pack
from svdesk.store.database import Database
from tests.support.hostile_files import expanding_docx, shared_stream_pdf
from tests.support.packs import set_cell, valid_sheets, write_pack
from tests.support.snapshot import snapshot
from tests.support.timeouts import within
from tests.unit.packs.test_attachments import make_pdf
from tests.unit.packs.test_bids_reader_attachments import zip_pack

REF = "TST-2026-0001"


def test_costly_attachments_are_stored_with_what_was_read(
    tmp_path: Path, db: Database, db_path: Path
) -> None:
    files = {
        "answers/B01-SV1.docx": expanding_docx(),
        "answers/B01-SV2.pdf": shared_stream_pdf(),
        "answers/B02-SV1.pdf": make_pdf([["Our offer"]]),
    }
    pack = zip_pack(tmp_path, files)

    summary = within(60, lambda: import_pack(db, pack))

    assert summary.attachments == 3
    assert [str(w).split(": ", 1)[0] for w in summary.warnings[:2]] == [
        "Responses!E2",
        "Responses!E3",
    ]
    with sqlite3.connect(db_path) as connection:
        stored = {
            path: (data, text)
            for path, data, text in connection.execute("SELECT path, data, text FROM attachment")
        }
    connection.close()
    assert {path: data for path, (data, _text) in stored.items()} == files
    assert stored["answers/B01-SV1.docx"][1] == ""
    assert len(stored["answers/B01-SV2.pdf"][1]) == 1_000_000
    assert stored["answers/B02-SV1.pdf"][1] == "Our offer"
    imported = next(e for e in audit_entries(db, REF) if e.action == "imported")
    assert imported.new["attachment_text_not_read"] == {
        "answers/B01-SV1.docx": "it has more than 250,000 paragraphs and table rows, more "
        "than svdesk reads",
        "answers/B01-SV2.pdf": "its text is longer than the 1,000,000 characters svdesk keeps",
    }


def test_a_pack_whose_attachments_are_all_read_records_none(tmp_path: Path, db: Database) -> None:
    import_pack(db, zip_pack(tmp_path, {"answers/a.pdf": make_pdf([["Our offer"]])}))
    imported = next(e for e in audit_entries(db, REF) if e.action == "imported")
    assert "attachment_text_not_read" not in imported.new


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo")
def test_a_named_pipe_beside_a_folder_packs_workbook_changes_nothing_and_does_not_hang(
    tmp_path: Path, db: Database, db_path: Path
) -> None:
    """'._pack.xlsx' (a Mac's resource file) is skipped; the fingerprint in the audit
    trail was once taken from it, which as a named pipe hung the import."""
    folder = tmp_path / "Pack"
    folder.mkdir()
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Attachment", "pipe.pdf")
    write_pack(folder / "pack.xlsx", sheets)
    os.mkfifo(folder / "._pack.xlsx")
    os.mkfifo(folder / "pipe.pdf")
    fifos = (folder / "._pack.xlsx", folder / "pipe.pdf")
    before = snapshot(db_path)

    def refused() -> ImportRefused:
        with pytest.raises(ImportRefused) as caught:
            import_pack(db, folder)
        return caught.value

    assert [str(e) for e in within(10, refused, fifos=fifos).errors] == [
        "Responses!E2: the attachment 'pipe.pdf' is not an ordinary file (a named pipe)"
    ]
    assert snapshot(db_path) == before

    os.unlink(folder / "pipe.pdf")
    (folder / "pipe.pdf").write_bytes(make_pdf([["Our offer"]]))
    within(10, lambda: import_pack(db, folder), fifos=fifos)
    imported = next(e for e in audit_entries(db, REF) if e.action == "imported")
    assert imported.new["sha256"] == hashlib.sha256((folder / "pack.xlsx").read_bytes()).hexdigest()
