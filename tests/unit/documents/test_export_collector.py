"""The export holds Python's cycle collector off only while it works: on again after it
(even when refused), and left off where the window keeps it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from svdesk.documents.evaluation_workbook import write_evaluation_workbook
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from tests.support.letter_tenders import REF, make_tender


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = make_tender(tmp_path)
    yield database
    database.close()


def test_the_collector_is_off_while_the_workbook_is_written(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import svdesk.documents.evaluation_workbook as workbook

    seen: list[bool] = []
    build = workbook.build_workbook

    def watched(record: workbook.EvaluationRecord) -> object:
        seen.append(gc.isenabled())
        return build(record)

    monkeypatch.setattr(workbook, "build_workbook", watched)
    assert gc.isenabled()
    write_evaluation_workbook(db, REF, tmp_path / "e.xlsx")
    assert seen == [False]
    assert gc.isenabled()
    with pytest.raises(Refused):
        write_evaluation_workbook(db, "NOPE-1", tmp_path / "e.xlsx")
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(db: Database, tmp_path: Path) -> None:
    gc.disable()
    try:
        write_evaluation_workbook(db, REF, tmp_path / "e.xlsx")
        assert not gc.isenabled()
    finally:
        gc.enable()
