"""``svdesk panel``, and asking for an evaluator's passphrase before their score sheet is
written (``svdesk sheet``) or imported (``svdesk scores``).

A passphrase is read from the first line of ``--passphrase-file``, or asked for without
echo when standard input is a terminal; otherwise the command is refused with one line
saying how to give it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from svdesk.services.refusals import Refused
from svdesk.store.database import Database

EXIT_OK = 0


def panel_command(db: Database, args: argparse.Namespace) -> int:
    """Add, list or withdraw panel members, or set or reset a member's passphrase."""
    if args.reason is not None and args.withdraw is None and args.reset_passphrase is None:
        raise Refused(
            [
                "--reason goes with --withdraw or --reset-passphrase: svdesk panel --withdraw "
                'NAME --reason "…"'
            ]
        )
    if args.actor is not None and args.reset_passphrase is None:
        raise Refused(["--as goes with --reset-passphrase NAME"])
    if args.passphrase_file is not None and args.set_passphrase is None:
        raise Refused(["--passphrase-file goes with --set-passphrase NAME"])
    if args.add is not None:
        return _add(db, args)
    if args.withdraw is not None:
        return _withdraw(db, args)
    if args.set_passphrase is not None:
        return _set_passphrase(db, args.tender, args.set_passphrase, args.passphrase_file)
    if args.reset_passphrase is not None:
        return _reset_passphrase(db, args)
    return _list(db, args.tender)


def _reset_passphrase(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.passphrase_reset import reset_passphrase

    if args.reason is None:
        raise Refused(
            [
                f'--reset-passphrase needs --reason "…": say why the passphrase of '
                f"{args.reset_passphrase} is reset (it is kept in the audit trail)"
            ]
        )
    name = reset_passphrase(db, args.tender, args.reset_passphrase, args.reason, actor=args.actor)
    print(
        f"Reset the passphrase of {name}: they can work without one and set a new one "
        "(svdesk panel --set-passphrase, or in the window)"
    )
    return EXIT_OK


def _add(db: Database, args: argparse.Namespace) -> int:
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.panel import add_member

    member = add_member(db, args.tender, args.add, PanelRole(args.role))
    print(f"Added {member.name} to the panel of {args.tender} as {member.role}")
    return EXIT_OK


def _withdraw(db: Database, args: argparse.Namespace) -> int:
    from svdesk.services.withdrawal import withdraw_member

    if args.reason is None:
        raise Refused(
            [
                f'--withdraw needs --reason "…": say why {args.withdraw} leaves the panel '
                "(it is kept in the audit trail)"
            ]
        )
    withdrawn = withdraw_member(db, args.tender, args.withdraw, args.reason)
    print(
        f"Withdrew {withdrawn.name} from the panel of {args.tender}: "
        f"{withdrawn.declarations} declaration(s) withdrawn, {withdrawn.drafts} draft(s) "
        "discarded"
    )
    return EXIT_OK


def _list(db: Database, reference: str) -> int:
    from svdesk.services.panel import list_members

    members = list_members(db, reference)
    if not members:
        print(
            f"The panel of {reference} has no members yet. Add one with: "
            f"svdesk panel --tender {reference} --add NAME"
        )
        return EXIT_OK
    width = max(len(m.name) for m in members)
    for m in members:
        conflicts = f"; conflict with {', '.join(m.conflicts)}" if m.conflicts else ""
        declared = (
            f"declared for {m.declared} bidder(s){conflicts}" if m.role == "evaluator" else ""
        )
        print(f"{m.name:<{width}}  {m.role:<9}  {declared}".rstrip())
    return EXIT_OK


def _set_passphrase(db: Database, reference: str, name: str, file: Path | None) -> int:
    from svdesk.services.passphrases import passphrase_is_set, set_passphrase

    changing = passphrase_is_set(db, reference, name)
    if file is not None:
        lines = _lines(file, 2 if changing else 1)
        current, new = (lines[0], lines[1]) if changing else (None, lines[0])
    else:
        prompts = [f"New passphrase for {name}: ", "The new passphrase again: "]
        if changing:
            prompts.insert(0, f"Current passphrase of {name}: ")
        answers = _asked(
            prompts,
            "setting a passphrase needs a terminal, to ask for it twice, or --passphrase-file "
            "PATH (the new passphrase on its first line; to change one, the current "
            "passphrase on the first line and the new one on the second)",
        )
        current = answers[0] if changing else None
        new, again = answers[-2:]
        if new != again:
            raise Refused(["the two new passphrases typed differ: nothing was changed"])
    changed = set_passphrase(db, reference, name, new, current=current)
    if changed:
        print(f"Changed the passphrase of {name}")
    else:
        print(
            f"Set a passphrase for {name}: svdesk sheet and svdesk scores will ask for it "
            "from now on"
        )
    return EXIT_OK


def unlock(db: Database, reference: str, name: str, file: Path | None) -> None:
    """Refuse to go on for ``name`` without their passphrase, when they have set one."""
    from svdesk.services.passphrases import has_passphrase, verify_passphrase

    if not has_passphrase(db, reference, name):
        return  # no passphrase, or no such member: the command itself says which
    if file is not None:
        given = _lines(file, 1)[0]
    else:
        given = _asked(
            [f"Passphrase of {name}: "],
            f"{name} has a passphrase: give it with --passphrase-file PATH (the passphrase on "
            "its first line), or run the command in a terminal to be asked for it",
        )[0]
    verify_passphrase(db, reference, name, given)


def _lines(file: Path, needed: int) -> list[str]:
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise Refused(
            [f"the passphrase file {file} cannot be read: {exc.strerror or exc}"]
        ) from None
    except UnicodeDecodeError:
        raise Refused([f"the passphrase file {file} is not a text file (UTF-8)"]) from None
    if len(lines) < needed or not all(lines[:needed]):
        wanted = "its first line" if needed == 1 else f"its first {needed} lines"
        raise Refused([f"the passphrase file {file} must hold a passphrase on {wanted}"])
    return lines[:needed]


def _asked(prompts: list[str], without_terminal: str) -> list[str]:
    if not sys.stdin.isatty():
        raise Refused([without_terminal])
    try:
        return [getpass.getpass(prompt) for prompt in prompts]
    except EOFError:
        raise Refused(["no passphrase was typed: nothing was changed"]) from None
