"""Letters quote the reviewed letter reasons: never an open passage of the winner's tender,
never a reconciliation note; refused, naming the passages, while the review is open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.documents.letter_batch import write_letters
from svdesk.services.confidentiality_review import (
    REDACTED,
    PassageRef,
    approve_passage,
    redact_passage,
)
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from tests.support.letter_tenders import RECONCILED, REF, make_tender
from tests.unit.documents.test_letters_pdf_docx import docx_text, pdf_text, squash
from tests.unit.services.test_confidentiality_review import OFFICER, QUOTING, agree

LETTER_DATE = dt.date(2026, 12, 21)
APPROVED = "The bid will recruit four local residents into new permanent roles, as the plan"
WITHHELD = "£12,000"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_tender(tmp_path)
    agree(database, "B02", "SV2", 100, QUOTING)
    yield database
    database.close()


def test_letters_are_refused_while_the_review_is_open(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    with pytest.raises(Refused) as refused:
        write_letters(db, REF, out, letter_date=LETTER_DATE)
    text = "\n".join(refused.value.reasons)
    assert "2 open passages in the reasons of lot 1's winning bid, B02" in text
    assert "(SV2 sentences 1 and 3)" in text
    assert not out.exists() or not any(out.iterdir())


def test_letters_quote_the_approved_and_redacted_text(db: Database, tmp_path: Path) -> None:
    approve_passage(db, REF, PassageRef("1", "B02", "SV2", 1), OFFICER)
    redact_passage(db, REF, PassageRef("1", "B02", "SV2", 3), OFFICER)
    batch = write_letters(db, REF, tmp_path / "letters", LETTER_DATE, formats=("pdf", "docx"))
    paths = {p.name: p for p in batch.paths}
    # B01 lost lot 1: its letter carries the winner's (B02's) assessment.
    loser = [name for name in paths if "B01" in name]
    assert {Path(name).suffix for name in loser} == {".pdf", ".docx"}
    for name in loser:
        path = paths[name]
        text = pdf_text(path) if path.suffix == ".pdf" else docx_text(path)
        assert squash(APPROVED) in text, name
        assert REDACTED in text, name
        assert WITHHELD not in text, name
        assert "from its own reserves" not in text, name
    for path in batch.paths:
        text = pdf_text(path) if path.suffix == ".pdf" else docx_text(path)
        assert RECONCILED not in text, path.name
        assert WITHHELD not in text, path.name
