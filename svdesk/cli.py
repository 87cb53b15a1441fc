"""The ``svdesk`` command: the window by default, and every operation headless.

Exit codes: 0 success; 1 refused (bad input or a broken rule, every reason on
standard error, nothing changed); 2 usage error. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from svdesk import __version__
from svdesk.paths import DATABASE_ENV, chosen_database

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


class Refused(Exception):
    """The command cannot do what was asked; each line of ``reasons`` goes to stderr."""

    def __init__(self, *reasons: str) -> None:
        super().__init__("\n".join(reasons))
        self.reasons = list(reasons)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svdesk: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="svdesk",
        description="Score bidders' social value answers, moderate, and write award letters.",
    )
    parser.add_argument("--version", action="version", version=f"svdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"the database file (or a SQLAlchemy URL); default: ${DATABASE_ENV}, "
        "else svdesk.sqlite in your data folder",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    gui = commands.add_parser("gui", help="open the window (the default)")
    gui.add_argument("file", nargs="?", type=Path, help="a database to open or a pack to import")

    demo = commands.add_parser("demo", help="create the demo tender")
    demo.add_argument("--reset", action="store_true", help="replace the demo tender if present")

    imp = commands.add_parser("import", help="import a tender pack (xlsx, zip, folder, OCDS)")
    imp.add_argument("pack", type=Path)
    imp.add_argument(
        "--replace", action="store_true", help="replace a tender with the same reference"
    )

    template = commands.add_parser("template", help="write a pack workbook to fill in")
    template.add_argument("--tender", metavar="REF", help="pre-fill it from this tender")
    template.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")

    commands.add_parser("tenders", help="list the tenders in the database")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    handler = _HANDLERS[command]
    try:
        return handler(args)
    except Refused as refused:
        _print_lines(sys.stderr, refused.reasons)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("svdesk: interrupted; nothing was changed by the unfinished step.", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:
        from svdesk.store.errors import DatabaseError

        if args.debug:
            raise
        if isinstance(exc, DatabaseError):
            print(f"svdesk: {exc}", file=sys.stderr)
        else:
            print(
                f"svdesk: something went wrong that svdesk did not expect: {exc} "
                "(run again with --debug to see the details)",
                file=sys.stderr,
            )
        return EXIT_REFUSED


def _print_lines(stream: TextIO, lines: Sequence[str]) -> None:
    for line in lines:
        print(line, file=stream)


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from svdesk.store.database import open_database

    return open_database(chosen_database(args.db))


def _cmd_import(args: argparse.Namespace) -> int:
    from svdesk.services.imports import ImportRefused, import_pack

    db = _open(args)
    try:
        summary = import_pack(db, args.pack, replace=args.replace)
    except ImportRefused as refused:
        errors = refused.errors
        noun = "problem" if len(errors) == 1 else "problems"
        raise Refused(
            f"{refused.source} was not imported, and nothing was changed: "
            f"{len(errors)} {noun} to fix.",
            *(str(issue) for issue in errors),
            *(f"warning: {issue}" for issue in refused.warnings),
        ) from None
    finally:
        db.close()
    verb = "Replaced" if summary.replaced else "Imported"
    print(f"{verb} {summary.reference}: {summary.title}")
    print(
        f"  {summary.lots} lot(s), {summary.criteria} criteria, {summary.bidders} bidders, "
        f"{summary.bids} bids, {summary.responses} responses"
        + (f" ({summary.missing_responses} missing)" if summary.missing_responses else "")
        + (f", {summary.attachments} attachment(s)" if summary.attachments else "")
    )
    if summary.warnings:
        print(f"  {len(summary.warnings)} warning(s):")
        _print_lines(sys.stdout, [f"  warning: {issue}" for issue in summary.warnings])
    return EXIT_OK


def _cmd_tenders(args: argparse.Namespace) -> int:
    from svdesk.services.tenders import list_tenders

    db = _open(args)
    try:
        tenders = list_tenders(db)
    finally:
        db.close()
    if not tenders:
        print("No tenders yet. Import a pack with: svdesk import PACK")
        return EXIT_OK
    width = max(len(t.reference) for t in tenders)
    for t in tenders:
        print(
            f"{t.reference:<{width}}  {t.title}  ({t.authority}; {t.lots} lot(s), "
            f"{t.bidders} bidders, imported {t.imported_at:%Y-%m-%d %H:%M})"
        )
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from svdesk.services.templates import TemplateRefused, write_pack_template

    db = _open(args) if args.tender else None
    try:
        written = write_pack_template(args.output, db=db, reference=args.tender)
    except TemplateRefused as exc:
        raise Refused(str(exc)) from None
    finally:
        if db is not None:
            db.close()
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from svdesk.services.demo import create_demo

    db = _open(args)
    try:
        outcome = create_demo(db, reset=args.reset)
    finally:
        db.close()
    print(outcome.message)
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from svdesk.ui.app import run

    return run(chosen_database(args.db), getattr(args, "file", None))


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "import": _cmd_import,
    "template": _cmd_template,
    "tenders": _cmd_tenders,
}
