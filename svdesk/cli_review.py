"""``svdesk review``: the confidentiality review of the winners' letter reasons.

The same services as the window's Confidentiality review dialog: list the passages that
quote a winning tender (in its letter reasons and its price and quality explanations), then
approve, edit or redact each.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from svdesk.services.refusals import Refused
from svdesk.terminal import shown

if TYPE_CHECKING:
    from svdesk.services.confidentiality_review import PassageRef
    from svdesk.store.database import Database

EXIT_OK = 0
# The longest file of new text read for an edit (a passage is a sentence or two).
TEXT_FILE_LIMIT = 1_000_000


def review_command(db: Database, args: argparse.Namespace) -> int:
    if args.action != "list":
        db.require_writable()
    handler = {"list": _list, "approve": _approve, "edit": _edit, "redact": _redact}
    return handler[args.action](db, args)


def _list(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.confidentiality_review import confidentiality_review

    review = confidentiality_review(db, args.tender)
    passages = review.open if args.open else review.passages
    print(
        f"{review.reference}: {len(review.passages)} passage(s) of the winners' letter reasons "
        f"and price and quality explanations quote their tenders; {len(review.open)} open"
    )
    if review.undecided:
        print(f"{review.waiting()}.")
    for passage in passages:
        state = "approved" if passage.approved else "open"
        names = shown(f"{passage.bidder_name}, {passage.criterion_title}")
        print(f"\n{passage.where} ({names}) [{state}]")
        print(f"  {shown(passage.text)}")
        print(f"  quotes: {shown(passage.what)}")
        print(f"  why: {passage.why}")
    if review.open:
        print(
            f"\nDecide each with: svdesk review approve|edit|redact --tender {review.reference} "
            "--lot L --bidder B --criterion C --sentence N (C is the criterion's code, or "
            "Price or Quality for an explanation)"
        )
    return EXIT_OK


def _ref(args: argparse.Namespace) -> PassageRef:
    from svdesk.services.confidentiality_review import PassageRef

    return PassageRef(args.lot, args.bidder, args.criterion, args.sentence)


def _approve(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.confidentiality_review import approve_passage

    print(approve_passage(db, args.tender, _ref(args), args.actor))
    return EXIT_OK


def _edit(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.confidentiality_review import edit_passage

    if (args.text is None) == (args.text_file is None):
        raise Refused(["give the new text with either --text or --text-file"])
    text = args.text if args.text is not None else _read(args.text_file)
    print(edit_passage(db, args.tender, _ref(args), text, args.actor))
    return EXIT_OK


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > TEXT_FILE_LIMIT:
            raise Refused([f"{path}: the file is too large for a passage's new text"])
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Refused([f"{path}: the file is not UTF-8 text"]) from None
    except OSError as exc:
        raise Refused([f"{path}: cannot be read ({exc.strerror or exc})"]) from None


def _redact(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.confidentiality_review import redact_passage

    print(redact_passage(db, args.tender, _ref(args), args.actor))
    return EXIT_OK
