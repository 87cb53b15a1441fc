"""``svdesk audit``: the tender's audit trail listed, or verified (``--verify``), as the
window's audit check verifies it, against a tip recorded on a document (``--tip``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from svdesk.domain.words import clipped
from svdesk.services.refusals import Refused

if TYPE_CHECKING:
    from svdesk.store.database import Database

EXIT_OK = 0


def audit_command(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.audit_trail import audit_entries, check_trail

    if args.verify:
        check = check_trail(db, args.tender, args.tip)
        if check.problems:
            raise Refused([f"The audit trail of {args.tender} is NOT intact:", *check.problems])
        print(f"The audit trail of {args.tender} is complete and intact ({check.entries} entries).")
        if check.anchor is not None:
            print(
                f"It still extends the tip recorded on the document (entry "
                f"{check.anchor.entries}): nothing recorded up to it has changed since."
            )
        if check.tip is not None:
            print(f"Tip of the trail: {check.tip}")
            print("  (record it; svdesk audit --verify --tip TIP later proves the trail")
            print("  still extends it, so a trail rewritten after that would be caught)")
        return EXIT_OK
    for e in audit_entries(db, args.tender):
        print(
            f"{e.id:>5}  {e.occurred_at.astimezone():%Y-%m-%d %H:%M:%S}  {e.actor}  "
            f"{e.action} {e.entity} {e.entity_key}{_change(e.old, e.new)}"
        )
    return EXIT_OK


def _change(old: object, new: object) -> str:
    def short(value: object) -> str:
        if isinstance(value, dict):
            return ", ".join(f"{k}={_clip(v)}" for k, v in value.items())
        return _clip(value)

    if old is None and new is None:
        return ""
    if old is None:
        return f": {short(new)}"
    return f": {short(old)} -> {short(new)}"


def _clip(value: object) -> str:
    return clipped(str(value).replace("\n", " "), 60, "...")
