"""The ``svdesk`` command line's parser: its commands, options and help."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from svdesk import __version__
from svdesk.paths import DATABASE_ENV

EXIT_USAGE = 2
_PASSPHRASE_HELP = (
    "the evaluator's passphrase, on the file's first line, if they have set one (without "
    "it, svdesk asks in a terminal)"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"svdesk: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: global options and every command."""
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
    gui.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="a database to open, a tender pack to import, or an evaluator pack to score in",
    )

    demo = commands.add_parser("demo", help="create the demo tender")
    demo.add_argument("--reset", action="store_true", help="replace the demo tender if present")
    demo.add_argument(
        "--regime",
        metavar="REGIME",
        help="the law its letters follow: procurement-act-2023 (default), pcr-2015, "
        "scotland-2015 or procurement-act-2023-wales",
    )
    demo.add_argument(
        "--stage",
        choices=("scoring", "moderation", "moderated", "reviewed"),
        default="reviewed",
        help="how far its evaluation has gone: scoring (one evaluator still to score), "
        "moderation (ready to moderate), moderated (the consensus agreed; the "
        "confidentiality review of the winners' letter reasons and explanations still open) "
        "or reviewed "
        "(ready for letters; the default)",
    )

    imp = commands.add_parser("import", help="import a tender pack (xlsx, zip, folder, OCDS)")
    imp.add_argument("pack", type=Path)
    imp.add_argument(
        "--replace", action="store_true", help="replace a tender with the same reference"
    )
    imp.add_argument(
        "--discard-evaluation",
        action="store_true",
        help="with --replace: replace it even though its panel, scores or consensus are lost "
        "(a copy of the database is kept first)",
    )

    template = commands.add_parser("template", help="write a pack workbook to fill in")
    template.add_argument("--tender", metavar="REF", help="pre-fill it from this tender")
    template.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")

    commands.add_parser("tenders", help="list the tenders in the database")

    panel = commands.add_parser(
        "panel",
        help="add, list or withdraw panel members, or set or reset a member's passphrase",
    )
    panel.add_argument("--tender", required=True, metavar="REF")
    action = panel.add_mutually_exclusive_group(required=True)
    action.add_argument("--add", metavar="NAME", help="add a panel member")
    action.add_argument("--list", action="store_true", help="list the panel")
    action.add_argument(
        "--withdraw", metavar="NAME", help="withdraw a member who has not submitted a score"
    )
    action.add_argument(
        "--set-passphrase",
        metavar="NAME",
        help="set (or change) the member's passphrase, asked for twice",
    )
    action.add_argument(
        "--reset-passphrase",
        metavar="NAME",
        help="remove a forgotten passphrase (a moderator, with --as and --reason); the "
        "member sets a new one when they next work",
    )
    panel.add_argument("--role", choices=["evaluator", "moderator"], default="evaluator")
    panel.add_argument(
        "--reason",
        metavar="TEXT",
        help="with --withdraw: why they leave; with --reset-passphrase: why it is reset",
    )
    panel.add_argument(
        "--as", dest="actor", metavar="NAME", help="with --reset-passphrase: the moderator"
    )
    panel.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="PATH",
        help="with --set-passphrase: the new passphrase on the first line (to change one: "
        "the current one on the first line, the new one on the second)",
    )

    sheet = commands.add_parser(
        "sheet",
        help="write an evaluator's score sheet (.xlsx), or their evaluator pack (.zip) to "
        "score in svdesk away from this database",
    )
    sheet.add_argument("--tender", required=True, metavar="REF")
    sheet.add_argument("--evaluator", required=True, metavar="NAME")
    sheet.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx|FILE.zip")
    sheet.add_argument("--passphrase-file", type=Path, metavar="PATH", help=_PASSPHRASE_HELP)

    scores = commands.add_parser(
        "scores", help="import a filled score sheet, or a returned evaluator pack"
    )
    scores.add_argument("file", type=Path, metavar="FILE.xlsx|FILE.zip")
    scores.add_argument("--passphrase-file", type=Path, metavar="PATH", help=_PASSPHRASE_HELP)

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

    add_moderation_parser(commands)
    add_review_parser(commands)

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
    letters.add_argument(
        "--send-date",
        metavar="YYYY-MM-DD",
        help="the day the notices are sent electronically (2015 regulations; default --date)",
    )
    letters.add_argument(
        "--holidays",
        metavar="WHERE",
        help="whose bank holidays the standstill period counts, kept on the tender: "
        "england-and-wales, northern-ireland, scotland or united-kingdom",
    )
    letters.add_argument(
        "--language",
        choices=("english", "welsh", "bilingual"),
        help="the letters' language (default: bilingual for procurement-act-2023-wales, "
        "English otherwise); a bilingual letter gives the Welsh, then the English",
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
    audit.add_argument(
        "--tip",
        metavar="HASH",
        help="with --verify: also prove the trail still extends this tip, as printed on a "
        "document (ENTRIES:HASH, or the hash alone)",
    )
    return parser


# The actions of ``svdesk moderation`` that change the database.
# Actions that always write (``tolerance`` and ``anonymity`` write only when given a change,
# and ask for a writable database themselves).
MODERATION_WRITING = frozenset({"open", "agree", "sign-off", "reopen"})


def add_moderation_parser(commands: Any) -> None:
    """The ``moderation`` command and its actions, on the parser's ``commands``."""
    moderation = commands.add_parser(
        "moderation",
        help="the moderation meeting: open a lot, its board, consensus, statistics, sign-off",
    )
    actions = moderation.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str, *, lot: bool = True) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        parser.add_argument("--tender", required=True, metavar="REF")
        if lot:
            parser.add_argument("--lot", required=True, metavar="L")
        return parser

    action("status", "where each lot's moderation stands", lot=False)
    opening = action("open", "open a lot's moderation (its scores freeze)")
    opening.add_argument(
        "--without-reason",
        metavar="TEXT",
        default="",
        help="why the panel goes on before every evaluator has submitted the lot",
    )
    board = action("board", "the lot's bidders by criteria, with the panel's scores")
    board.add_argument(
        "--sort", choices=["tender", "spread"], default="tender", help="order of the rows"
    )
    board.add_argument(
        "--presentation",
        action="store_true",
        help="name evaluators only as Evaluator A, B, C (for a shared screen)",
    )
    board.add_argument(
        "--hide-bidders", action="store_true", help="with --presentation: Bidder 1, 2, 3"
    )
    agree = action("agree", "record one response's consensus (saved, then confirmed)")
    agree.add_argument("--bidder", required=True, metavar="B")
    agree.add_argument("--criterion", required=True, metavar="C")
    agree.add_argument("--score", required=True, type=int, metavar="N")
    agree.add_argument("--rationale", default="", metavar="TEXT")
    agree.add_argument(
        "--sub-rationale",
        action="append",
        default=[],
        metavar="TEXT",
        help="the rationale for each sub-criterion, in order (repeat the option)",
    )
    agree.add_argument("--reconciliation", default="", metavar="TEXT")
    sign_off = action("sign-off", "sign off a lot: its consensus is locked")
    sign_off.add_argument("--present", required=True, metavar="NAMES")
    reopen = action("reopen", "reopen a signed-off lot, giving the reason")
    reopen.add_argument("--reason", required=True, metavar="TEXT")
    stats = action("stats", "the panel's agreement (Krippendorff's alpha) and leanings", lot=False)
    stats.add_argument("--lot", metavar="L")
    stats.add_argument("--presentation", action="store_true", help="Evaluator A, B, C")
    action("check", "the rationale check of every moderated rationale", lot=False)
    anonymity = action(
        "anonymity",
        "the tender's anonymity choices (shared screen, consensus workbook): show or change",
        lot=False,
    )
    anonymity.add_argument(
        "--hide-bidders",
        choices=["yes", "no"],
        help="show bidders as Bidder 1, 2, 3 on the shared screen",
    )
    anonymity.add_argument(
        "--anonymous-evaluators",
        choices=["yes", "no"],
        help="name evaluators as Evaluator A, B, C in the consensus workbook",
    )
    tolerance = action(
        "tolerance",
        "the tender's moderation tolerance (steps of the scale apart before a response is "
        "discussed first): show or change",
        lot=False,
    )
    tolerance.add_argument(
        "--steps", type=int, metavar="N", help="the new tolerance (0: any difference)"
    )
    tolerance.add_argument(
        "--reason", metavar="TEXT", help="why it changes (required with --steps)"
    )
    for name in ("open", "agree", "sign-off", "reopen", "anonymity", "tolerance"):
        actions.choices[name].add_argument(
            "--as", dest="actor", metavar="NAME", help="the moderator at work"
        )


def add_review_parser(commands: Any) -> None:
    """The ``review`` command (the confidentiality review) and its actions."""
    review = commands.add_parser(
        "review",
        help="the confidentiality review of the winners' letter reasons and price and "
        "quality explanations, before letters",
    )
    actions = review.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the passages that quote a winning tender")
    listing.add_argument("--tender", required=True, metavar="REF")
    listing.add_argument("--open", action="store_true", help="only those still to decide")
    for name, help_text in (
        ("approve", "approve a passage as it stands"),
        ("edit", "put new text in a passage's place"),
        ("redact", "withhold a passage as commercially confidential"),
    ):
        parser = actions.add_parser(name, help=help_text)
        parser.add_argument("--tender", required=True, metavar="REF")
        parser.add_argument("--lot", required=True, metavar="L")
        parser.add_argument("--bidder", required=True, metavar="B")
        parser.add_argument(
            "--criterion",
            required=True,
            metavar="C",
            help="the criterion's code, or Price or Quality for an explanation",
        )
        parser.add_argument(
            "--sentence", required=True, type=int, metavar="N", help="as `review list` shows it"
        )
        parser.add_argument("--as", dest="actor", metavar="NAME", help="the officer deciding")
        if name == "edit":
            parser.add_argument("--text", metavar="TEXT", help="the new text")
            parser.add_argument(
                "--text-file", type=Path, metavar="FILE", help="the new text, from a UTF-8 file"
            )
