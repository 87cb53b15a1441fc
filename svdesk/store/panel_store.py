"""The panel and where each lot's moderation stands, read in plain SQL on SQLite's own
connection, as the tender summary shows them when a tender is opened (before SQLAlchemy is
loaded; see ``overview_store``)."""

from __future__ import annotations

import sqlite3

from svdesk.domain.evaluation_rules import PanelRole
from svdesk.store.overview_store import rows_of, tender_id_of, time_of
from svdesk.store.records.panel import LotStage, ModerationOpened, PanelMember, TenderPanel


def read_panel(connection: sqlite3.Connection, reference: str) -> TenderPanel | None:
    """The panel in the order its members were added, with what each has declared; when
    moderation opened; and each lot's stage in the tender's order. None when there is no
    tender ``reference``."""
    tender_id = tender_id_of(connection, reference)
    if tender_id is None:
        return None
    members = panel_members(connection, tender_id)
    opened = rows_of(
        connection,
        "SELECT opened_at, opened_by FROM moderation WHERE tender_id = ? ORDER BY id LIMIT 1",
        tender_id,
    )
    stages = tuple(
        LotStage(key, None if opened_at is None else time_of(opened_at), signed is not None)
        for key, opened_at, signed in rows_of(
            connection,
            """
            SELECT l.key, m.opened_at, m.signed_off_at
            FROM lot l LEFT JOIN lot_moderation m ON m.lot_id = l.id
            WHERE l.tender_id = ?
            ORDER BY l.position
            """,
            tender_id,
        )
    )
    return TenderPanel(
        members,
        None if not opened else ModerationOpened(time_of(opened[0][0]), opened[0][1]),
        stages,
    )


def panel_members(connection: sqlite3.Connection, tender_id: int) -> list[PanelMember]:
    """The tender's panel in the order its members were added, with how many bidders each
    has declared for and the bidders of their declared conflicts."""
    declared: dict[int, list[tuple[str, bool]]] = {}
    for member_id, bidder, conflict in rows_of(
        connection,
        """
        SELECT d.member_id, b.key, d.conflict
        FROM declaration d
        JOIN panel_member m ON m.id = d.member_id
        JOIN bidder b ON b.id = d.bidder_id
        WHERE m.tender_id = ?
        """,
        tender_id,
    ):
        declared.setdefault(member_id, []).append((bidder, bool(conflict)))
    return [
        PanelMember(
            name,
            PanelRole(role),
            len(declared.get(member_id, ())),
            tuple(sorted(key for key, conflict in declared.get(member_id, ()) if conflict)),
        )
        for member_id, name, role in rows_of(
            connection,
            "SELECT id, name, role FROM panel_member WHERE tender_id = ? ORDER BY id",
            tender_id,
        )
    ]
