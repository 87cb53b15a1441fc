"""The tender list, the overview and the panel read in plain SQL (what the window shows
first, before SQLAlchemy is loaded) hold the same values, of the same types, as the ORM
reads from the same rows."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from svdesk.services.panel import list_members
from svdesk.services.panel_summary import tender_panel
from svdesk.services.tenders import (
    TenderNotFound,
    attachment_file,
    list_tenders,
    overview_of,
    tender_overview,
)
from svdesk.store.database import Database, open_database
from svdesk.store.evaluation_store import load_index
from svdesk.store.models import (
    AttachmentRow,
    BidderRow,
    BidRow,
    CriterionRow,
    DeclarationRow,
    TenderRow,
)
from tests.support.demo_files import demo_file as made_demo

REFERENCE = "NBC-2026-0417"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return made_demo(tmp_path_factory.mktemp("plain") / "demo.sqlite")


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Database]:
    db = open_database(demo_file)
    yield db
    db.close()


def test_the_overview_holds_what_the_orm_reads(demo: Database) -> None:
    overview = tender_overview(demo, REFERENCE)
    with demo.reading() as session:
        row = session.scalars(select(TenderRow)).one()
        tender = overview.tender
        assert tender.price_weighting == row.price_weighting
        assert isinstance(tender.price_weighting, Decimal)
        assert tender.social_value_weighting == row.social_value_weighting
        assert tender.estimated_value == row.estimated_value
        assert tender.moderation_tolerance == row.moderation_tolerance
        assert tender.hide_bidders_on_screen is bool(row.hide_bidders_on_screen)
        assert overview.imported_at == row.imported_at
        assert isinstance(overview.imported_at, dt.datetime)
        assert [(s.score, s.label) for s in overview.scale.levels] == [
            (s.score, s.label) for s in row.scale_levels
        ]
        weights = session.execute(select(CriterionRow.code, CriterionRow.weight)).all()
        assert sorted((c.code, c.weight) for c in overview.criteria) == sorted(weights)
        assert all(isinstance(c.weight, Decimal) for c in overview.criteria)
        prices = session.execute(
            select(BidderRow.key, BidRow.price_score).join(
                BidderRow, BidderRow.id == BidRow.bidder_id
            )
        ).all()
        assert sorted((b.bidder, b.price_score) for b in overview.bids) == sorted(prices)
        flags = session.execute(select(BidderRow.key, BidderRow.sme, BidderRow.vcse)).all()
        assert sorted((b.key, b.sme, b.vcse) for b in overview.bidders) == sorted(flags)
        assert all(type(b.sme) is bool for b in overview.bidders)
        attached = session.execute(
            select(AttachmentRow.id, AttachmentRow.path, AttachmentRow.data)
        ).first()
    if attached is not None:
        assert attachment_file(demo, attached.id) == (attached.path, attached.data)
    # In the tender's order: lot, then bidder, then criterion.
    assert [r.lot for r in overview.responses] == sorted(
        (r.lot for r in overview.responses), key=[lot.key for lot in overview.lots].index
    )


def test_the_list_and_the_overview_find_a_reference_in_any_case(demo: Database) -> None:
    (listed,) = list_tenders(demo)
    assert (listed.reference, listed.lots, listed.bidders) == (REFERENCE, 2, 5)
    assert tender_overview(demo, REFERENCE.lower()).tender.reference == REFERENCE
    with pytest.raises(TenderNotFound):
        tender_overview(demo, "NBC-2026-9999")


def test_the_panel_holds_what_the_orm_reads(demo: Database) -> None:
    panel = tender_panel(demo, REFERENCE)
    assert panel.members == list_members(demo, REFERENCE)
    assert panel.members, "the demo has a panel"
    with demo.reading() as session:
        index = load_index(session, REFERENCE, panel_only=True)
        assert index is not None
        # Each member as the ORM holds them, in the order added, with their declarations.
        declared = session.execute(
            select(DeclarationRow.member_id, BidderRow.key, DeclarationRow.conflict).join(
                BidderRow, BidderRow.id == DeclarationRow.bidder_id
            )
        ).all()
        assert [
            (
                m.name,
                m.role,
                sum(1 for d in declared if d.member_id == m.id),
                tuple(sorted(d.key for d in declared if d.member_id == m.id and d.conflict)),
            )
            for m in sorted(index.members.values(), key=lambda m: m.id)
        ] == [(m.name, m.role.value, m.declared, m.conflicts) for m in panel.members]
        expected = [
            (key, None if (row := index.lot_moderation.get(key)) is None else row.opened_at)
            for key in sorted(index.lots, key=lambda k: index.lots[k].position)
        ]
        signed = {k: r.signed_off_at is not None for k, r in index.lot_moderation.items()}
        opened = (
            None
            if index.moderation is None
            else (index.moderation.opened_at, index.moderation.opened_by)
        )
    assert [(stage.lot, stage.opened_at) for stage in panel.lots] == expected
    assert [stage.signed_off for stage in panel.lots] == [
        signed.get(stage.lot, False) for stage in panel.lots
    ]
    assert (panel.opened is None) == (opened is None)
    if opened is not None and panel.opened is not None:
        assert (panel.opened.at, panel.opened.by) == opened


def test_inside_a_transaction_the_overview_sees_what_the_session_has_not_yet_written(
    demo: Database,
) -> None:
    with demo.transaction() as session:
        session.scalars(select(TenderRow)).one().title = "Renamed before the flush"
        assert overview_of(session, REFERENCE).tender.title == "Renamed before the flush"
        session.rollback()


PROBE = """
import sys
from svdesk.services.panel_summary import tender_panel
from svdesk.services.tenders import list_tenders, tender_overview
from svdesk.store.database import open_database

db = open_database(sys.argv[1])
(tender,) = list_tenders(db)
overview = tender_overview(db, tender.reference)
panel = tender_panel(db, tender.reference)
print("before", "sqlalchemy" in sys.modules, len(overview.responses), len(panel.members))
with db.transaction() as session:  # the engine, made now, writes as ever
    from sqlalchemy import text

    session.execute(text("UPDATE tender SET title = 'Written after'"))
print("after", "sqlalchemy" in sys.modules, tender_overview(db, tender.reference).tender.title)
db.close()
"""


def test_an_up_to_date_database_is_read_before_sqlalchemy_is_loaded(
    demo_file: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(demo_file, copy)  # (closed: its log is in the file)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    before, after = done.stdout.splitlines()
    assert before.split()[:2] == ["before", "False"]
    assert int(before.split()[2]) > 0
    assert int(before.split()[3]) > 0
    assert after == "after True Written after"


def test_threads_asking_at_once_share_one_engine(demo_file: Path) -> None:
    db = open_database(demo_file)
    try:
        engines: list[object] = []
        barrier = threading.Barrier(4)

        def read() -> None:
            barrier.wait()
            with db.reading() as session:
                session.scalars(select(TenderRow.reference)).one()
            engines.append(db.engine)

        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(engines) == 4
        assert len({id(engine) for engine in engines}) == 1
    finally:
        db.close()
