"""Previewing one letter before the batch is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from svdesk.documents.letter_preview import discard_preview, letter_choices, preview_letter
from svdesk.services.demo import create_demo
from svdesk.services.imports import import_pack
from svdesk.services.refusals import Refused
from svdesk.store.database import open_database
from tests.support.packs import write_pack

REF = "NBC-2026-0417"


def test_preview_draws_that_one_letter(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d.sqlite")
    create_demo(db)
    labels = [choice.label for choice in letter_choices(db, REF)]
    assert "Lot 1 · B02 Greenway Mobility CIC (unsuccessful)" in labels
    assert any(label.startswith("Lot 2 · B05") and "(excluded)" in label for label in labels)
    pdf = preview_letter(db, REF, "1", "B02", dt.date(2026, 12, 21))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "Greenway Mobility CIC" in text
    assert "Moorside Passenger Services Ltd" in text  # the winner, in an unsuccessful letter
    assert "Castlegate" not in text  # never another unsuccessful bidder
    assert "5 January 2027" in text
    discard_preview(pdf)
    assert not pdf.parent.exists()
    db.close()


def test_no_preview_while_the_tender_is_not_ready(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.sqlite")
    import_pack(db, write_pack(tmp_path / "p.xlsx"))
    with pytest.raises(Refused, match="not ready for letters"):
        preview_letter(db, "TST-2026-0001", "1", "B01", dt.date(2026, 12, 21))
    db.close()


def _images(pdf: Path) -> int:
    resources = PdfReader(pdf).pages[0]["/Resources"]
    objects = resources.get("/XObject", {})
    return sum(1 for x in objects.values() if x.get_object()["/Subtype"] == "/Image")


def test_preview_carries_the_logo_and_refuses_a_file_that_is_not_an_image(
    tmp_path: Path,
) -> None:
    from PIL import Image

    db = open_database(tmp_path / "d.sqlite")
    create_demo(db)
    logo = tmp_path / "crest.png"
    Image.new("RGB", (160, 80), (31, 58, 95)).save(logo)
    plain = preview_letter(db, REF, "1", "B02", dt.date(2026, 12, 21))
    with_logo = preview_letter(db, REF, "1", "B02", dt.date(2026, 12, 21), logo=logo)
    assert _images(plain) == 0
    assert _images(with_logo) == 1

    not_image = tmp_path / "crest.jpg"
    not_image.write_text("a crest", encoding="utf-8")
    with pytest.raises(Refused, match="is not an image: give a PNG or JPEG file"):
        preview_letter(db, REF, "1", "B02", dt.date(2026, 12, 21), logo=not_image)
    for pdf in (plain, with_logo):
        discard_preview(pdf)
    db.close()
