"""Letters quote the winner's price and quality explanations as reviewed: in every regime
that gives losing bidders the winner's assessment, never an open figure of the winner's
price; the approved and edited text instead; refused, letters and preview alike, while a
passage of them is open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from svdesk.documents.letter_batch import write_letters
from svdesk.documents.letter_preview import preview_letter
from svdesk.services.confidentiality_review import PassageRef, approve_passage, edit_passage
from svdesk.services.refusals import Refused
from tests.support.explanation_tenders import (
    LOSER_PRICE,
    PRICE_EDITED,
    PRICE_FIGURE,
    WINNER_PRICE,
    WINNER_QUALITY,
    make_quoting_tender,
)
from tests.support.letter_tenders import REF
from tests.unit.documents.test_letters_pdf_docx import REGIMES, docx_text, pdf_text, squash

LETTER_DATE = dt.date(2026, 12, 21)
OFFICER = "Alex Procurer"
PRICE_SENTENCE = WINNER_PRICE.split(". ")[0] + "."
SCORED = "It was scored against the lowest compliant price by the published price model."


@pytest.mark.parametrize("regime", REGIMES)
def test_losing_bidders_get_the_reviewed_explanations_only(regime: str, tmp_path: Path) -> None:
    db = make_quoting_tender(tmp_path, regime)
    try:
        with pytest.raises(Refused) as refused:
            write_letters(db, REF, tmp_path / "open", letter_date=LETTER_DATE)
        assert "(Price sentence 1; Quality sentence 1)" in "\n".join(refused.value.reasons)
        with pytest.raises(Refused, match="Price sentence 1; Quality sentence 1"):
            preview_letter(db, REF, "1", "B01", LETTER_DATE)

        edit_passage(db, REF, PassageRef("1", "B02", "Price", 1), PRICE_EDITED, OFFICER)
        approve_passage(db, REF, PassageRef("1", "B02", "Quality", 1), OFFICER)
        batch = write_letters(db, REF, tmp_path / "letters", LETTER_DATE, formats=("pdf", "docx"))
    finally:
        db.close()
    letters = {p.name: p for p in batch.paths if p.name.startswith("1-")}
    read = {
        name: pdf_text(path) if path.suffix == ".pdf" else docx_text(path)
        for name, path in letters.items()
    }
    losers = [name for name in read if "-B01-" in name or "-B03-" in name]
    assert len(losers) == 4  # the unsuccessful and the below-minimum letters, PDF and DOCX
    for name in losers:
        text = read[name]
        assert PRICE_FIGURE not in text, name
        assert squash(PRICE_EDITED) in text, name
        assert squash(SCORED) in text, name
        assert squash(WINNER_QUALITY) in text, name
    # Every letter quotes one text for the winner's price: the winner's own letter too.
    for name, text in read.items():
        assert PRICE_FIGURE not in text, name
    # A losing bid's own explanation is its own business: quoted to it as the pack gives it.
    for name in (n for n in read if "-B01-" in n):
        assert squash(LOSER_PRICE) in read[name], name
