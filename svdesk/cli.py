"""The ``svdesk`` command: the window by default, and every operation headless.

Exit codes: 0 success; 1 refused (bad input or a broken rule, every reason on
standard error, nothing changed); 2 usage error. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from svdesk import __version__
from svdesk.paths import DATABASE_ENV, chosen_database
from svdesk.services.refusals import Refused

if TYPE_CHECKING:
    import datetime as dt

    from svdesk.store.database import Database

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svdesk: {message}\n")


def build_parser(window_only: bool = False) -> argparse.ArgumentParser:
    """The command line's parser; ``window_only`` leaves out every command but ``gui``."""
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
    if window_only:
        return parser

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

    panel = commands.add_parser("panel", help="add or list the evaluation panel")
    panel.add_argument("--tender", required=True, metavar="REF")
    action = panel.add_mutually_exclusive_group(required=True)
    action.add_argument("--add", metavar="NAME", help="add a panel member")
    action.add_argument("--list", action="store_true", help="list the panel")
    panel.add_argument("--role", choices=["evaluator", "moderator"], default="evaluator")

    sheet = commands.add_parser("sheet", help="write an evaluator's score sheet")
    sheet.add_argument("--tender", required=True, metavar="REF")
    sheet.add_argument("--evaluator", required=True, metavar="NAME")
    sheet.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")

    scores = commands.add_parser("scores", help="import a filled score sheet")
    scores.add_argument("file", type=Path, metavar="FILE.xlsx")

    consensus = commands.add_parser(
        "consensus", help="import moderated scores, or write the consensus template"
    )
    consensus.add_argument("file", nargs="?", type=Path, metavar="FILE.xlsx")
    consensus.add_argument("--template", action="store_true", help="write the template")
    consensus.add_argument("--tender", metavar="REF")
    consensus.add_argument("-o", "--output", type=Path, metavar="FILE.xlsx")

    results = commands.add_parser("results", help="weighted scores and ranking per lot")
    results.add_argument("--tender", required=True, metavar="REF")
    results.add_argument("--lot", metavar="L")
    results.add_argument("--json", action="store_true", help="print JSON")

    check = commands.add_parser("check", help="is the tender ready for letters?")
    check.add_argument("--tender", required=True, metavar="REF")

    letters = commands.add_parser("letters", help="write the award letters")
    letters.add_argument("--tender", required=True, metavar="REF")
    letters.add_argument("--out", required=True, type=Path, metavar="DIR")
    letters.add_argument("--date", metavar="YYYY-MM-DD", help="the letter date (default today)")
    letters.add_argument(
        "--notice-date",
        metavar="YYYY-MM-DD",
        help="when the contract award notice will be published (Procurement Act 2023)",
    )
    letters.add_argument("--format", default="pdf", metavar="pdf,docx")
    letters.add_argument("--templates", type=Path, metavar="DIR", help="your own letter templates")
    letters.add_argument("--logo", type=Path, metavar="FILE", help="a PNG or JPEG letterhead logo")
    letters.add_argument(
        "--replace", action="store_true", help="move an earlier batch in DIR aside and write anew"
    )

    export = commands.add_parser("export", help="write the evaluation workbook")
    export.add_argument("--tender", required=True, metavar="REF")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")

    report = commands.add_parser("report", help="write the evaluation report (PDF)")
    report.add_argument("--tender", required=True, metavar="REF")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf")

    audit = commands.add_parser("audit", help="print or verify the audit trail")
    audit.add_argument("--tender", required=True, metavar="REF")
    audit.add_argument("--verify", action="store_true", help="check it is complete and intact")
    return parser


def _opens_the_window(argv: Sequence[str]) -> bool:
    """``svdesk``, ``svdesk gui`` or ``svdesk gui FILE``, with global options only.

    Building the whole parser takes longer than anything else before the window paints,
    so opening the window builds only the part it needs.
    """
    rest = list(argv)
    while rest and (rest[0] == "--debug" or rest[0].startswith("--db=") or rest[0] == "--db"):
        del rest[: 2 if rest[0] == "--db" else 1]
    if not rest:
        return True
    return rest[0] == "gui" and len(rest) <= 2 and not any(a.startswith("-") for a in rest[1:])


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(window_only=_opens_the_window(arguments))
    args = parser.parse_args(arguments)
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


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[Database]:
    """The database the user chose, open for one command and closed after it."""
    from svdesk.store.database import open_database

    db = open_database(chosen_database(args.db))
    try:
        yield db
    finally:
        db.close()


def _cmd_import(args: argparse.Namespace) -> int:
    from svdesk.services.imports import ImportRefused, import_pack

    try:
        with _database(args) as db:
            summary = import_pack(db, args.pack, replace=args.replace)
    except ImportRefused as refused:
        errors = refused.errors
        noun = "problem" if len(errors) == 1 else "problems"
        raise Refused(
            [
                f"{refused.source} was not imported, and nothing was changed: "
                f"{len(errors)} {noun} to fix.",
                *(str(issue) for issue in errors),
                *(f"warning: {issue}" for issue in refused.warnings),
            ]
        ) from None
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

    with _database(args) as db:
        tenders = list_tenders(db)
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

    try:
        if args.tender:
            with _database(args) as db:
                written = write_pack_template(args.output, db=db, reference=args.tender)
        else:
            written = write_pack_template(args.output)
    except TemplateRefused as exc:
        raise Refused([str(exc)]) from None
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from svdesk.services.demo import create_demo

    with _database(args) as db:
        outcome = create_demo(db, reset=args.reset)
    print(outcome.message)
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    from svdesk.ui.app import run

    return run(chosen_database(args.db), getattr(args, "file", None))


def _cmd_panel(args: argparse.Namespace) -> int:
    from svdesk.domain.evaluation_rules import PanelRole
    from svdesk.services.panel import add_member, list_members

    with _database(args) as db:
        if args.add is not None:
            member = add_member(db, args.tender, args.add, PanelRole(args.role))
            print(f"Added {member.name} to the panel of {args.tender} as {member.role}")
            return EXIT_OK
        members = list_members(db, args.tender)
    if not members:
        print(
            f"The panel of {args.tender} has no members yet. Add one with: "
            f"svdesk panel --tender {args.tender} --add NAME"
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


def _cmd_sheet(args: argparse.Namespace) -> int:
    from svdesk.sheets.score_sheet import write_score_sheet

    with _database(args) as db:
        written = write_score_sheet(db, args.tender, args.evaluator, args.output)
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_scores(args: argparse.Namespace) -> int:
    from svdesk.sheets.score_sheet import import_score_sheet

    with _database(args) as db:
        outcome = import_score_sheet(db, args.file)
    print(
        f"Imported {args.file.name}: {outcome.submitted} score(s) submitted, "
        f"{outcome.changed} changed, {outcome.unchanged} unchanged, "
        f"{outcome.drafts} draft(s), {outcome.unscored} not yet scored"
    )
    return EXIT_OK


def _cmd_consensus(args: argparse.Namespace) -> int:
    if args.template:
        if not args.tender or not args.output:
            raise Refused(["consensus --template needs --tender REF and -o FILE.xlsx"])
        from svdesk.sheets.consensus_sheet import write_consensus_template

        with _database(args) as db:
            written = write_consensus_template(db, args.tender, args.output)
        print(f"Wrote {written}; moderation of {args.tender} is open")
        return EXIT_OK
    if args.file is None:
        raise Refused(
            [
                "consensus needs the filled workbook: svdesk consensus FILE.xlsx "
                "(or --template --tender REF -o FILE.xlsx to write one)"
            ]
        )
    from svdesk.sheets.consensus_sheet import import_consensus_sheet

    with _database(args) as db:
        outcome = import_consensus_sheet(db, args.file)
    print(
        f"Imported {args.file.name}: {outcome.recorded} consensus score(s) recorded, "
        f"{outcome.changed} changed, {outcome.unchanged} unchanged, {outcome.blank} blank"
    )
    return EXIT_OK


def _cmd_results(args: argparse.Namespace) -> int:
    from svdesk.services.results import dumps, results_json, tender_results
    from svdesk.services.results_table import results_table

    with _database(args) as db:
        results = tender_results(db, args.tender, args.lot)
    if args.json:
        print(dumps(results_json(results)))
    else:
        print(results_table(results))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from svdesk.services.readiness import readiness_problems

    with _database(args) as db:
        problems = readiness_problems(db, args.tender)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise Refused(
            [f"{args.tender} is not ready for letters: {len(problems)} {noun}.", *problems]
        )
    print(f"{args.tender} is ready for letters: every check passed.")
    return EXIT_OK


def _date(text: str | None, what: str) -> dt.date | None:
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Refused([f"the {what} must be a date written YYYY-MM-DD, got '{text}'"]) from None


def _cmd_letters(args: argparse.Namespace) -> int:
    from svdesk.services.letters import write_letters

    letter_date = _date(args.date, "letter date (--date)")
    notice_date = _date(args.notice_date, "notice date (--notice-date)")
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    with _database(args) as db:
        batch = write_letters(
            db,
            args.tender,
            args.out,
            letter_date,
            notice_date,
            formats,
            template_folder=args.templates,
            logo=args.logo,
            replace=args.replace,
        )
    files = sum(len(letter.files) for letter in batch.letters)
    print(f"Wrote {len(batch.letters)} letters ({files} files) to {batch.folder}")
    print(f"  index: {batch.index}")
    print(f"  standstill ends at {batch.standstill_ends}")
    if batch.superseded is not None:
        print(f"  the earlier batch was moved to {batch.superseded}")
    for note in batch.notes:
        print(f"  note: {note}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from svdesk.documents.evaluation_workbook import write_evaluation_workbook

    with _database(args) as db:
        written = write_evaluation_workbook(db, args.tender, args.output)
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from svdesk.documents.evaluation_report import write_evaluation_report

    with _database(args) as db:
        written = write_evaluation_report(db, args.tender, args.output)
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    from svdesk.services.audit_trail import audit_entries, verify

    with _database(args) as db:
        if args.verify:
            problems = verify(db, args.tender)
            if problems:
                raise Refused([f"The audit trail of {args.tender} is NOT intact:", *problems])
            count = len(audit_entries(db, args.tender))
            print(f"The audit trail of {args.tender} is complete and intact ({count} entries).")
            return EXIT_OK
        entries = audit_entries(db, args.tender)
    for e in entries:
        change = _describe_change(e.old, e.new)
        print(
            f"{e.id:>5}  {e.occurred_at.astimezone():%Y-%m-%d %H:%M:%S}  {e.actor}  "
            f"{e.action} {e.entity} {e.entity_key}{change}"
        )
    return EXIT_OK


def _describe_change(old: object, new: object) -> str:
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
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "gui": _cmd_gui,
    "demo": _cmd_demo,
    "import": _cmd_import,
    "template": _cmd_template,
    "tenders": _cmd_tenders,
    "panel": _cmd_panel,
    "sheet": _cmd_sheet,
    "scores": _cmd_scores,
    "consensus": _cmd_consensus,
    "results": _cmd_results,
    "check": _cmd_check,
    "audit": _cmd_audit,
    "letters": _cmd_letters,
    "export": _cmd_export,
    "report": _cmd_report,
}
