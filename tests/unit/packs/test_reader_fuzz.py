"""Whatever is typed into a pack's cells, the import answers with a tender or with its
reasons, never with a crash: random values in random cells of a valid pack."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from svdesk.services.imports import ImportRefused, check_pack, import_pack
from svdesk.store.database import Database
from tests.support.fuzz import FILE_FUZZ, attachment_files, cell_values, fuzz_workspace
from tests.support.packs import set_cell, valid_sheets, write_pack

SHEETS = ["Tender", "Lots", "Criteria", "Bidders", "Bids", "Responses"]

CELLS = cell_values(
    [
        "2",
        "SV1",
        "SV2",
        "B01",
        "B02",
        "£1,250,000",
        "excluded",
        "compliant",
        "pcr-2015",
        "consensus",
        "MAC 2.1",
    ]
)
# (sheet, row as Excel numbers it from 1 for the header, column from 0, value)
CHANGES = st.lists(
    st.tuples(
        st.sampled_from(SHEETS),
        st.integers(min_value=1, max_value=9),
        st.integers(min_value=0, max_value=10),
        CELLS,
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def workspace() -> Iterator[tuple[Path, Database]]:
    with fuzz_workspace() as workspace:
        yield workspace


def changed(changes: list[tuple[str, int, int, Any]]) -> dict[str, list[list[Any]]]:
    sheets = valid_sheets()
    for sheet, row, column, value in changes:
        rows = sheets[sheet]
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        while len(cells) <= column:
            cells.append(None)
        cells[column] = value
    return sheets


@settings(FILE_FUZZ, max_examples=60)
@given(changes=CHANGES)
@example(changes=[("Bids", 2, 2, 1e28)])  # a price score past Decimal's 28 digits
@example(changes=[("Tender", 2, 1, "#Ê5Ĺ")])  # a reference SQLite's lower() cannot fold
def test_any_cells_give_a_tender_or_reasons(
    workspace: tuple[Path, Database], changes: list[tuple[str, int, int, Any]]
) -> None:
    folder, db = workspace
    pack = write_pack(folder / "pack.xlsx", changed(changes))

    _name, result = check_pack(pack)
    assert all(str(issue).strip() for issue in result.issues)
    if result.pack is None:
        assert result.errors
        with pytest.raises(ImportRefused) as refused:
            import_pack(db, pack, replace=True)
        assert refused.value.reasons[1:]  # the heading, then at least one reason
        return
    assert result.errors == []
    summary = import_pack(db, pack, replace=True)  # what was checked, saves
    assert summary.reference.casefold() == result.pack.tender.reference.casefold()
    again = import_pack(db, pack, replace=True)  # and replaces itself, whatever its reference
    assert again.replaced


@pytest.fixture(scope="module")
def valid_pack_bytes(workspace: tuple[Path, Database]) -> bytes:
    folder, _db = workspace
    return write_pack(folder / "valid.xlsx").read_bytes()


@settings(FILE_FUZZ, max_examples=60)
@given(
    cut=st.floats(min_value=0.0, max_value=0.999),
    noise=st.binary(max_size=64),
    suffix=st.sampled_from([".xlsx", ".zip", ".json"]),
)
def test_a_damaged_file_is_refused_in_words(
    workspace: tuple[Path, Database],
    valid_pack_bytes: bytes,
    cut: float,
    noise: bytes,
    suffix: str,
) -> None:
    """A pack cut short (a copy that did not finish), with stray bytes after it."""
    folder, db = workspace
    damaged = folder / f"damaged{suffix}"
    damaged.write_bytes(valid_pack_bytes[: int(len(valid_pack_bytes) * cut)] + noise)

    _name, result = check_pack(damaged)
    assert result.pack is None
    assert result.errors
    assert all(str(issue).strip() for issue in result.issues)
    with pytest.raises(ImportRefused):
        import_pack(db, damaged)


@settings(FILE_FUZZ, max_examples=30)
@given(file=attachment_files())
def test_any_attachment_gives_a_tender_or_reasons(
    workspace: tuple[Path, Database], file: tuple[str, bytes]
) -> None:
    """A damaged or random attachment in a zip pack: the pack is imported with the file
    kept, or refused with a reason that names the file; never a crash."""
    folder, _db = workspace
    name, data = file
    path = f"answers/{name}"
    sheets = valid_sheets()
    set_cell(sheets, "Responses", 2, "Attachment", path)
    book = write_pack(folder / "attached.xlsx", sheets)
    pack = folder / "attached.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.write(book, "pack.xlsx")
        archive.writestr(path, data)

    _name, result = check_pack(pack)

    if result.pack is None:
        (problem,) = result.errors
        assert str(problem).startswith(f"Responses!E2: the attachment '{path}' ")
        return
    (attachment,) = {r.attachment for r in result.pack.responses if r.attachment}
    assert attachment.data == data
    assert "stopped unexpectedly" not in attachment.text_shortfall
