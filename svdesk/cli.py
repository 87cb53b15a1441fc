"""The ``svdesk`` command: the window by default, and every operation headless.

Exit codes: 0 success; 1 refused (bad input or a broken rule, every reason on
standard error, nothing changed); 2 usage error. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from svdesk.paths import chosen_database
from svdesk.services.refusals import Refused
from svdesk.terminal import safe_output, shown_json

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from svdesk.store.database import Database

EXIT_OK = 0
EXIT_REFUSED = 1


class WindowRequest(NamedTuple):
    """``svdesk [--debug] [--db PATH] [gui [FILE]]``: what opening the window needs."""

    db: str | None
    file: Path | None
    debug: bool


def window_request(argv: Sequence[str]) -> WindowRequest | None:
    """The window's arguments when ``argv`` only opens the window, else ``None``.

    These few forms are read by hand: building an argparse parser (which loads
    ``shutil`` and ``gettext``) takes longer than anything else before the window
    paints. Anything else, including any mistake in these forms, goes to the parser.
    """
    db: str | None = None
    debug = False
    rest = list(argv)
    while rest:
        first = rest[0]
        if first == "--debug":
            debug = True
            del rest[0]
        elif first.startswith("--db=") and len(first) > len("--db="):
            db = first[len("--db=") :]
            del rest[0]
        elif first == "--db" and len(rest) > 1 and not rest[1].startswith("-"):
            db = rest[1]
            del rest[:2]
        else:
            break
    if not rest:
        return WindowRequest(db, None, debug)
    if rest[0] != "gui" or len(rest) > 2 or any(a.startswith("-") for a in rest[1:]):
        return None
    return WindowRequest(db, Path(rest[1]) if len(rest) == 2 else None, debug)


DRAW_PDF_PAGES = "--draw-pdf-pages"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == [DRAW_PDF_PAGES]:
        # The window's own use: an attached PDF's pages drawn in a process of their own,
        # reached this way in an installed (frozen) build as from a checkout. Pages only
        # go to standard output, as PNG frames, never text.
        from svdesk.ui.workspace.pdf_pages import main as draw

        return draw(arguments[1:])
    # Every print, a refusal's reasons and a --debug traceback included, may quote a bidder.
    with safe_output():
        return _main(arguments)


def _main(arguments: list[str]) -> int:
    window = window_request(arguments)
    if window is not None:
        debug, command = window.debug, partial(_open_window, window)
    else:
        from svdesk.cli_parser import build_parser

        args = build_parser().parse_args(arguments)
        debug, command = args.debug, partial(_HANDLERS[args.command or "gui"], args)
        if args.command not in (None, "gui"):
            tidy_after_killed_runs()
    try:
        return command()
    except Refused as refused:
        _print_lines(sys.stderr, refused.reasons)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("svdesk: interrupted; nothing was changed by the unfinished step.", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        return _reader_went_away()
    except Exception as exc:
        from svdesk.store.errors import DatabaseError, plain_reason

        if debug:
            import traceback

            traceback.print_exc()  # through safe_output, unlike Python's own report
            return EXIT_REFUSED
        if isinstance(exc, DatabaseError):
            # Busy, read-only, full disk...: one sentence about the database, no SQL.
            print(f"svdesk: {exc}", file=sys.stderr)
        else:
            print(
                f"svdesk: something went wrong that svdesk did not expect: {plain_reason(exc)} "
                "(run again with --debug to see the details)",
                file=sys.stderr,
            )
        return EXIT_REFUSED


# A shell's status for a process whose reader closed the pipe (128 + SIGPIPE).
EXIT_PIPE_CLOSED = 141


def _reader_went_away() -> int:
    """``svdesk audit … | head``: the reader has what it wanted. Nothing went wrong in
    svdesk, so nothing is said; what is still buffered goes nowhere, rather than failing
    again as Python flushes standard output on its way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    except OSError:
        pass
    return EXIT_PIPE_CLOSED


def _print_lines(stream: TextIO, lines: Sequence[str]) -> None:
    for line in lines:
        print(line, file=stream)


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[Database]:
    """The database the user chose, open for one command and closed after it."""
    from svdesk.store.database import open_database

    db = open_database(chosen_database(args.db), waiting=_say_waiting)
    try:
        if args.command in _WRITING or any(
            getattr(args, change, None) is not None for change in _PANEL_CHANGES
        ):
            db.require_writable()  # refused in one line before a pack or sheet is read
        yield db
    finally:
        db.close()


# The commands that change the database, and the options of ``panel`` that do.
_WRITING = frozenset({"import", "demo", "scores", "consensus"})
_PANEL_CHANGES = ("add", "withdraw", "set_passphrase")


def _say_waiting() -> None:
    """A write has waited a second for another svdesk to finish writing: say so."""
    print(
        "svdesk: waiting for the database: another svdesk (or another window) is writing to it…",
        file=sys.stderr,
        flush=True,
    )


def _cmd_import(args: argparse.Namespace) -> int:
    from svdesk.services.imports import import_pack

    # A refused import (ImportRefused) is a Refused: main() prints its every reason.
    with _database(args) as db:
        summary = import_pack(
            db, args.pack, replace=args.replace, discard_evaluation=args.discard_evaluation
        )
    verb = "Replaced" if summary.replaced else "Imported"
    print(f"{verb} {summary.reference}: {summary.title}")
    if summary.discarded is not None:
        print(f"  The evaluation it held was discarded: {summary.discarded.describe()}.")
        if summary.backup_path:
            print(f"  A copy of the database as it was before is kept at {summary.backup_path}")
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
    from svdesk.services.templates import write_pack_template

    # A refused template (TemplateRefused) is a Refused: main() prints its reason.
    if args.tender:
        with _database(args) as db:
            written = write_pack_template(args.output, db=db, reference=args.tender)
    else:
        written = write_pack_template(args.output)
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from svdesk.domain.model import Regime
    from svdesk.services.demo import DemoStage, create_demo

    regime = None
    if args.regime is not None:
        try:
            regime = Regime(args.regime.strip().lower())
        except ValueError:
            choices = ", ".join(r.value for r in Regime)
            raise Refused([f"there is no regime '{args.regime}': choose {choices}"]) from None
    with _database(args) as db:
        outcome = create_demo(db, reset=args.reset, regime=regime, stage=DemoStage(args.stage))
    print(outcome.message)
    return EXIT_OK


def _cmd_gui(args: argparse.Namespace) -> int:
    return _open_window(WindowRequest(args.db, args.file, args.debug))


def tidy_after_killed_runs() -> None:
    """Keep the journal of folders written into, and remove what killed runs left there."""
    from svdesk.paths import writing_journal
    from svdesk.services.written_files import start_journal

    start_journal(writing_journal())


def _open_window(request: WindowRequest) -> int:
    from svdesk.paths import writing_journal

    if request.file is not None and request.file.suffix.lower() == ".zip":
        from svdesk.sheets.evaluator_pack import is_evaluator_pack

        if is_evaluator_pack(request.file):
            from svdesk.paths import evaluator_packs_folder
            from svdesk.ui.workspace.pack_session import run_pack

            tidy_after_killed_runs()
            return run_pack(request.file, evaluator_packs_folder())
    from svdesk.ui.app import run

    return run(chosen_database(request.db), request.file, journal=writing_journal)


def _cmd_panel(args: argparse.Namespace) -> int:
    from svdesk.cli_panel import panel_command

    with _database(args) as db:
        return panel_command(db, args)


def _cmd_sheet(args: argparse.Namespace) -> int:
    from svdesk.cli_panel import unlock
    from svdesk.sheets.score_sheet import write_score_sheet

    with _database(args) as db:
        unlock(db, args.tender, args.evaluator, args.passphrase_file)
        if args.output.suffix.lower() == ".zip":
            from svdesk.sheets.evaluator_pack import write_evaluator_pack

            written = write_evaluator_pack(db, args.tender, args.evaluator, args.output)
            print(
                f"Wrote the evaluator pack {written}: the evaluator opens it with "
                f"svdesk gui {written.name}, and you import it once returned with "
                f"svdesk scores {written.name}"
            )
            return EXIT_OK
        written = write_score_sheet(db, args.tender, args.evaluator, args.output)
    print(f"Wrote {written}")
    return EXIT_OK


def _cmd_scores(args: argparse.Namespace) -> int:
    from svdesk.cli_panel import unlock
    from svdesk.sheets.score_sheet import read_score_sheet, submit_score_sheet

    if args.file.suffix.lower() == ".zip":
        from svdesk.sheets.evaluator_pack import import_evaluator_pack, read_evaluator_pack

        with _database(args) as db:
            pack = read_evaluator_pack(args.file)
            unlock(db, pack.manifest.tender, pack.manifest.member, args.passphrase_file)
            outcome = import_evaluator_pack(db, args.file, pack=pack)
        print(f"Imported {args.file.name}: {outcome.summary()}")
        return EXIT_OK
    with _database(args) as db:
        sheet = read_score_sheet(args.file)
        unlock(db, sheet.tender, sheet.evaluator, args.passphrase_file)
        outcome = submit_score_sheet(db, sheet)
    print(f"Imported {args.file.name}: {outcome.summary()}")
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
    print(f"Imported {args.file.name}: {outcome.summary()}")
    return EXIT_OK


def _cmd_moderation(args: argparse.Namespace) -> int:
    from svdesk.cli_moderation import moderation_command

    with _database(args) as db:
        return moderation_command(db, args)


def _cmd_review(args: argparse.Namespace) -> int:
    from svdesk.cli_review import review_command

    with _database(args) as db:
        return review_command(db, args)


def _cmd_results(args: argparse.Namespace) -> int:
    from svdesk.services.results import dumps, results_json, tender_results
    from svdesk.services.results_table import results_table

    with _database(args) as db:
        results = tender_results(db, args.tender, args.lot)
    if args.json:
        print(shown_json(dumps(results_json(results))))
    else:
        print(results_table(results))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from svdesk.services.holiday_setting import holiday_line
    from svdesk.services.readiness import readiness_problems
    from svdesk.services.tenders import TenderNotFound, tender_overview

    with _database(args) as db:
        problems = readiness_problems(db, args.tender)
        try:
            holidays = holiday_line(tender_overview(db, args.tender).tender)
        except TenderNotFound:
            holidays = ""
    if holidays:  # a setting, not a problem: on standard output either way
        print(holidays)
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
    from svdesk.documents.letter_batch import write_letters
    from svdesk.domain.model import LetterLanguage
    from svdesk.domain.standstill import long_date
    from svdesk.services.holiday_setting import holiday_wording, parse_holidays
    from svdesk.services.tenders import TenderNotFound, tender_overview

    letter_date = _date(args.date, "letter date (--date)")
    notice_date = _date(args.notice_date, "notice date (--notice-date)")
    send_date = _date(args.send_date, "send date (--send-date)")
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    with _database(args) as db:
        holidays = None
        if args.holidays is not None:
            try:
                regime = tender_overview(db, args.tender).tender.regime
            except TenderNotFound as exc:
                raise Refused([str(exc)]) from None
            holidays = parse_holidays(args.holidays, regime)
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
            send_date=send_date,
            holidays=holidays,
            language=None if args.language is None else LetterLanguage(args.language),
        )
    files = sum(len(letter.files) for letter in batch.letters)
    print(f"Wrote {len(batch.letters)} letters ({files} files) to {batch.folder}")
    print(f"  index: {batch.index}")
    if batch.send_date is not None:
        print(f"  to be sent on {long_date(batch.send_date)}")
    print(f"  standstill ends at {batch.standstill_ends}")
    if batch.holidays is not None:
        print(f"  counted in {holiday_wording(batch.holidays)}")
    if batch.language is not LetterLanguage.ENGLISH:
        wording = {"welsh": "Welsh", "bilingual": "Welsh, then English (bilingual)"}
        print(f"  written in {wording[batch.language.value]}")
    if batch.audit_tip is not None:
        print(f"  audit trail tip: {batch.audit_tip} (in the index too)")
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
    from svdesk.cli_audit import audit_command

    if args.tip is not None and not args.verify:
        raise Refused(["--tip goes with --verify: svdesk audit --tender REF --verify --tip HASH"])
    with _database(args) as db:
        return audit_command(db, args)


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
    "moderation": _cmd_moderation,
    "review": _cmd_review,
    "results": _cmd_results,
    "check": _cmd_check,
    "audit": _cmd_audit,
    "letters": _cmd_letters,
    "export": _cmd_export,
    "report": _cmd_report,
}
