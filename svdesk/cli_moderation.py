"""``svdesk moderation``: the moderation meeting lot by lot, from the command line.

The same services as the window's moderation board: opening a lot, its board, a
response's consensus, the rationale check, the agreement statistics, sign-off and
reopening.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from svdesk.cli_parser import MODERATION_WRITING
from svdesk.domain.words import clipped
from svdesk.services.refusals import Refused

if TYPE_CHECKING:
    from svdesk.store.database import Database

EXIT_OK = 0


def moderation_command(db: Database, args: argparse.Namespace) -> int:
    if args.action in MODERATION_WRITING:
        db.require_writable()
    handler = {
        "status": _status,
        "open": _open,
        "board": _board,
        "agree": _agree,
        "sign-off": _sign_off,
        "reopen": _reopen,
        "stats": _stats,
        "check": _check,
        "anonymity": _anonymity,
        "tolerance": _tolerance,
    }[args.action]
    return handler(db, args)


def _status(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_lots import lot_moderation

    for lot in lot_moderation(db, args.tender):
        print(_describe(lot))
    return EXIT_OK


def _describe(lot: Any) -> str:
    if not lot.opened:
        waiting = "; ".join(f"{name} has {n} to submit" for name, n in lot.waiting_for)
        return f"Lot {lot.lot}: not open" + (f" ({waiting})" if waiting else " (ready to open)")
    text = f"Lot {lot.lot}: open since {lot.opened_at:%Y-%m-%d %H:%M} ({lot.opened_by})"
    if lot.without_reason:
        text += f"; went on without everyone: {lot.without_reason}"
    if lot.signed_off:
        text += (
            f"; signed off by {lot.signed_off_by} on {lot.signed_off_at:%Y-%m-%d}, "
            f"present: {lot.present}"
        )
    return text


def _open(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_lots import open_lot

    lot = open_lot(db, args.tender, args.lot, actor=args.actor, without_reason=args.without_reason)
    print(_describe(lot))
    return EXIT_OK


def _anonymity(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.anonymity_setting import anonymity_choices, set_anonymity

    hide, anonymous = args.hide_bidders, args.anonymous_evaluators
    if hide is None and anonymous is None:
        choices = anonymity_choices(db, args.tender)
    else:
        db.require_writable()
        choices = set_anonymity(
            db,
            args.tender,
            hide_bidders_on_screen=None if hide is None else hide == "yes",
            anonymous_evaluators=None if anonymous is None else anonymous == "yes",
            actor=args.actor,
        )
    print(
        "Shared screen: bidders "
        + ("as Bidder 1, 2, 3" if choices.hide_bidders_on_screen else "by name")
    )
    print(
        "Consensus workbook: evaluators "
        + ("as Evaluator A, B, C" if choices.anonymous_evaluators else "by name")
    )
    return EXIT_OK


def _tolerance(db: Database, args: argparse.Namespace) -> int:
    from svdesk.domain.moderation_rules import outside_words
    from svdesk.services.moderation_tolerance import (
        moderation_tolerance,
        set_moderation_tolerance,
    )

    if args.steps is None:
        if args.reason is not None:
            raise Refused(["--reason goes with --steps: give the new tolerance too"])
        setting = moderation_tolerance(db, args.tender)
    else:
        db.require_writable()
        setting = set_moderation_tolerance(
            db, args.tender, args.steps, args.reason or "", actor=args.actor
        )
    print(
        f"Moderation tolerance: {setting.steps} of the scale's {setting.widest} steps "
        f"(responses with scores {outside_words(setting.steps)} are discussed first)"
    )
    if setting.signed_off:
        print(f"Signed off: lot {', '.join(setting.signed_off)} (reopen to change the tolerance)")
    return EXIT_OK


def _board(db: Database, args: argparse.Namespace) -> int:
    from svdesk.domain.moderation_rules import outside_words
    from svdesk.services.moderation_board import BoardFlavour, moderation_board

    if args.hide_bidders and not args.presentation:
        raise Refused(["--hide-bidders goes with --presentation"])
    from svdesk.services.anonymity_setting import anonymity_choices

    flavour = BoardFlavour.PRESENTATION if args.presentation else BoardFlavour.WORKING
    # A presentation hides the bidders where the tender chose so, even without the option.
    hide = args.hide_bidders or (
        args.presentation and anonymity_choices(db, args.tender).hide_bidders_on_screen
    )
    board = moderation_board(db, args.tender, args.lot, flavour, hide_bidders=hide)
    labels = {b.key: b.label for b in board.bidders}
    cells = board.by_spread() if args.sort == "spread" else list(board.cells)
    header = ["Bidder", "Criterion", *board.evaluators, "Spread", "Median", "Consensus", "State"]
    rows = [header]
    for cell in cells:
        rows.append(
            [
                labels[cell.bidder],
                cell.criterion,
                *("-" if s is None else str(s) for s in cell.scores),
                f"{cell.spread}{' !' if cell.outside_tolerance else ''}",
                "-" if cell.median is None else f"{cell.median.normalize():f}",
                "-" if cell.consensus is None else str(cell.consensus),
                cell.state.value,
            ]
        )
    widths = [min(max(len(r[i]) for r in rows), 40) for i in range(len(header))]
    title = f"Lot {board.lot}" + (" (signed off)" if board.signed_off else "")
    print(
        f"{board.reference} {title}: {len(board.outside())} of {len(board.cells)} responses "
        f"with scores {outside_words(board.tolerance)} (marked !)"
    )
    for row in rows:
        print("  ".join(clipped(v, w).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


def _agree(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_consensus import (
        confirm_consensus,
        response_in_moderation,
        save_consensus_draft,
    )

    where = (args.tender, args.lot, args.bidder, args.criterion)
    view = response_in_moderation(db, *where)
    saved = save_consensus_draft(
        db,
        *where,
        version=view.version,
        score=args.score,
        rationale=args.rationale,
        sub_rationales=args.sub_rationale,
        reconciliation=args.reconciliation,
        actor=args.actor,
    )
    confirmed = confirm_consensus(db, *where, version=saved.version, actor=args.actor)
    print(f"Lot {view.lot}, {view.bidder}, {view.criterion}: consensus {args.score} confirmed")
    for flag in confirmed.warnings:
        print(f"warning: {flag.message}")
    if confirmed.reopened:
        print(f"review reopened: {confirmed.reopened}")
    return EXIT_OK


def _sign_off(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_lots import sign_off_lot

    print(_describe(sign_off_lot(db, args.tender, args.lot, args.present, actor=args.actor)))
    return EXIT_OK


def _reopen(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_lots import reopen_lot

    lot = reopen_lot(db, args.tender, args.lot, args.reason, actor=args.actor)
    print(_describe(lot) + "; reopened")
    return EXIT_OK


def _stats(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_board import BoardFlavour
    from svdesk.services.moderation_stats import agreement_statistics, statistics_table

    flavour = BoardFlavour.PRESENTATION if args.presentation else BoardFlavour.WORKING
    print(statistics_table(agreement_statistics(db, args.tender, args.lot, flavour)))
    return EXIT_OK


def _check(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.moderation_rationale import check_rationales

    flagged = check_rationales(db, args.tender)
    if not flagged:
        print(f"{args.tender}: every moderated rationale passes the rationale check.")
        return EXIT_OK
    count = sum(len(f.flags) for f in flagged)
    print(f"{args.tender}: {count} flag(s) on {len(flagged)} rationale(s); letters wait for them:")
    for item in flagged:
        for problem in item.problems():
            print(f"  {problem}")
    return EXIT_OK
