"""The wording of the letters: Jinja2 templates that write a small block markup.

One template per regime (``resources/letters/<regime>/letter.md.j2``) writes plain text in
a markup both the PDF and the Word renderer read, so the same template drives both:

* ``# title``, ``## heading``, ``### sub-heading``;
* paragraphs, separated by blank lines; a line ending in ``\\`` breaks the line there;
* ``- item`` a bullet, ``> text`` a quotation, ``>> text`` a right-aligned line;
* ``**bold**`` and ``*italic*``; ``\\`` before a character writes it as it is;
* ``[[table score]]`` (what ``{{ score_table }}`` writes) where a table goes,
  ``[[space]]`` a gap, for a signature, and ``[[page]]`` a new page.

A letter in Welsh is written by ``letter.cy.md.j2`` beside the regime's English template,
with the regime's ``terms.cy.toml``; a bilingual letter is the Welsh letter, a new page,
then the English one.

Every value a template writes is escaped for this markup (``*``, ``[``, ``\\``, a leading
``#``, ``-`` or ``>``), and a value's own line breaks become line breaks, so a bidder's
name or a rationale can never change the layout. A folder of the user's own templates
is read first; files it lacks come from the bundled set. A template with an error is
refused with its file and line. Templates run in Jinja2's sandbox: a user's template
cannot reach Python's internals (``cycler.__init__.__globals__``), only the letter's values.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from svdesk.bundled import resource_root
from svdesk.documents.letter_blocks import Block, BlockKind, RenderedLetter, Span
from svdesk.documents.letter_content import LetterContent, LetterKind
from svdesk.documents.letter_terms import RegimeTerms, read_terms
from svdesk.documents.properties import property_text
from svdesk.documents.welsh import translated_table, welsh_date
from svdesk.domain.model import LetterLanguage, Regime
from svdesk.services.refusals import Refused

TEMPLATE_FOLDER = "letters"
LETTER_TEMPLATE = "letter.md.j2"
WORDS_FILE = "shared/words.{code}.toml"  # a language's words for the tables


class Raw(str):
    """Markup written as it is (the table markers), not escaped like a value."""

    __slots__ = ()


_LEADING = ("#", "-", ">")


def escape_value(value: object) -> str:
    """``value`` as text that the markup shows exactly, its line breaks kept as breaks."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return ""
    lines = [line.strip() for line in str(value).splitlines()]
    escaped = []
    for line in (line for line in lines if line):
        line = line.replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[")
        escaped.append("\\" + line if line.startswith(_LEADING) else line)
    return "\\\n".join(escaped)


class _BundledLoader(jinja2.BaseLoader):
    """The templates that ship in ``resources/letters``."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)
        resource = resource_root().joinpath(TEMPLATE_FOLDER)
        for piece in pieces:
            resource = resource.joinpath(piece)
        if not resource.is_file():
            raise jinja2.TemplateNotFound(template)
        name = "/".join(["resources", TEMPLATE_FOLDER, *pieces])
        return resource.read_text(encoding="utf-8"), name, lambda: True


class LetterTemplates:
    """The templates in use: the user's folder first (when given), then the bundled set."""

    def __init__(self, folder: Path | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if folder is not None:
            folder = Path(folder)
            if not folder.is_dir():
                raise Refused([f"The letter template folder {folder} does not exist"])
            loaders.append(jinja2.FileSystemLoader(str(folder), encoding="utf-8"))
        loaders.append(_BundledLoader())
        self.folder = folder
        # Sandboxed: a template from the user's folder is code that anyone could have handed
        # them, and must not run anything but the letter's own values.
        self.environment = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # values are escaped for the block markup by ``finalize``
            finalize=escape_value,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        # A Welsh template writes its dates with ``{{ letter_date | welsh_date }}``.
        self.environment.filters["welsh_date"] = welsh_date
        self._terms: dict[tuple[Regime, str], RegimeTerms] = {}
        self._words: dict[str, dict[str, str]] = {}

    def template_name(self, regime: Regime, code: str = "en") -> str:
        """The letter template of ``regime`` in language ``code``."""
        if code == "en":
            return f"{regime.value}/{LETTER_TEMPLATE}"
        return f"{regime.value}/{LETTER_TEMPLATE.replace('.md.j2', f'.{code}.md.j2')}"

    def check(
        self, regimes: set[Regime], language: LetterLanguage = LetterLanguage.ENGLISH
    ) -> None:
        """Load the templates and terms of ``regimes`` in ``language`` now, so that an error
        refuses before any work."""
        for regime in sorted(regimes):
            for code in language.codes:
                if code != "en" and not self._has(self.template_name(regime, code)):
                    raise Refused(
                        [_no_template_in(regime, self.template_name(regime, code), self.folder)]
                    )
                self._template(self.template_name(regime, code))
                self.terms(regime, code)
                if code != "en":
                    self.words(code)

    def terms(self, regime: Regime, code: str = "en") -> RegimeTerms:
        """How ``regime``'s letters in language ``code`` cite their law (its terms file)."""
        key = (regime, code)
        if key not in self._terms:
            self._terms[key] = read_terms(regime, code, self._source)
        return self._terms[key]

    def words(self, code: str) -> dict[str, str]:
        """The tables' words in language ``code`` (English to that language)."""
        if code not in self._words:
            name = WORDS_FILE.format(code=code)
            text, where = self._source(name)
            try:
                table = tomllib.loads(text).get("table", {})
            except tomllib.TOMLDecodeError as exc:
                raise Refused([f"The letter words file {where} cannot be read: {exc}"]) from None
            if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
                raise Refused([f"The letter words file {where}: every word must be in quotes"])
            self._words[code] = {str(k): v for k, v in table.items()}
        return self._words[code]

    def page_words(self, code: str) -> tuple[str, str]:
        """The words of ``Page N of M`` in language ``code``: ``("Tudalen ", " o ")``."""
        name = WORDS_FILE.format(code=code)
        text, where = self._source(name)
        page = tomllib.loads(text).get("page", {})
        if not isinstance(page, dict) or not all(
            isinstance(page.get(key), str) for key in ("Page", "of")
        ):
            raise Refused(
                [f'The letter words file {where} needs "Page" and "of" under [page], in quotes']
            )
        return f"{page['Page']} ", f" {page['of']} "

    def _has(self, name: str) -> bool:
        try:
            self._source(name)
        except Refused:
            return False
        return True

    def _source(self, name: str) -> tuple[str, str]:
        """The text of file ``name`` (user's folder first) and where it was read from."""
        try:
            text, filename, _ = self.environment.loader.get_source(  # type: ignore[union-attr]
                self.environment, name
            )
        except jinja2.TemplateNotFound:
            places = f"{self.folder} or the bundled templates" if self.folder else "svdesk"
            raise Refused([f"The letter file {name} was not found in {places}"]) from None
        return text, filename or name

    def render(
        self, letter: LetterContent, language: LetterLanguage = LetterLanguage.ENGLISH
    ) -> RenderedLetter:
        """``letter`` in ``language``: a bilingual letter is the Welsh, a new page, the English."""
        blocks: list[Block] = []
        tables = dict(letter.tables)
        documents: list[str] = []
        page_words: list[tuple[str, str]] = []
        for code in language.codes:
            terms = self.terms(letter.regime, code)
            document = (
                terms.rejection_document if letter.kind is LetterKind.EXCLUDED else terms.document
            )
            documents.append(document)
            if code == "en":
                page_words.append(("Page ", " of "))
            else:
                words = self.words(code)
                for name, table in letter.tables.items():
                    tables[f"{name}-{code}"] = translated_table(table, words)
                page_words.append(self.page_words(code))
            if blocks:
                blocks.append(Block("page"))
            blocks.extend(self._blocks(letter, code, terms, document))
        document = " / ".join(documents)
        return RenderedLetter(
            blocks=tuple(blocks),
            tables=tables,
            authority=letter.authority.name,
            authority_lines=letter.authority.address_lines,
            title=property_text(
                f"{document}: {letter.reference} {letter.lot_name} – {letter.addressee.name}"
            ),
            subject=property_text(f"{letter.tender_title} ({letter.reference}), {letter.lot_name}"),
            running_header=f"{letter.authority.name} · {document} · "
            f"{letter.reference}, Lot {letter.lot} · {letter.addressee.name}",
            page_words=tuple(page_words),
        )

    def _blocks(
        self, letter: LetterContent, code: str, terms: RegimeTerms, document: str
    ) -> list[Block]:
        name = self.template_name(letter.regime, code)
        template = self._template(name)
        try:
            text = template.render(_context(letter, code, terms, document))
        except Refused:
            raise
        except SecurityError as exc:
            raise Refused([_render_error(name, exc, refused=True)]) from None
        except Exception as exc:
            raise Refused([_render_error(name, exc)]) from None
        return parse_blocks(text)

    def _template(self, name: str) -> jinja2.Template:
        try:
            return self.environment.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or exc.name or name
            raise Refused(
                [f"The letter template {where} has an error at line {exc.lineno}: {exc.message}"]
            ) from None
        except jinja2.TemplateNotFound as exc:
            places = f"{self.folder} or the bundled templates" if self.folder else "svdesk"
            raise Refused([f"The letter template {exc.name} was not found in {places}"]) from None


def _context(letter: LetterContent, code: str, terms: RegimeTerms, document: str) -> dict[str, Any]:
    context: dict[str, Any] = {
        field.name: getattr(letter, field.name) for field in dataclasses.fields(letter)
    }
    context["letter"] = letter
    context["terms"] = terms
    context["document"] = document
    context["language"] = code
    context["under_act"] = letter.regime.under_act  # an assessment summary, the Act's standstill
    for kind in LetterKind:
        context[kind.value.replace("-", "_")] = letter.kind is kind
    suffix = "" if code == "en" else f"-{code}"
    for name in ("score", "criteria", "scale"):
        marker = Raw(f"[[table {name}{suffix}]]")
        context[f"{name}_table"] = marker if name in letter.tables else Raw("")
    return context


def _render_error(name: str, exc: Exception, refused: bool = False) -> str:
    """The error with the template file and line it happened on (from the traceback)."""
    where, line = name, None
    traceback = sys.exc_info()[2] if exc.__traceback__ is None else exc.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where, line = filename, traceback.tb_lineno
        traceback = traceback.tb_next
    at = f" at line {line}" if line is not None else ""
    if refused:
        reached = re.search(r"attribute '([^']*)'", str(exc))
        what = f"'{reached.group(1)}'" if reached else "something other than the letter's values"
        return (
            f"The letter template {where} was refused{at}: it reaches for {what}, but a "
            "letter template may use only the letter's own values; nothing was written"
        )
    return f"The letter template {where} has an error{at}: {exc}"


_MARKER = re.compile(r"^\[\[(table|space|page)(?:\s+([\w-]+))?\]\]$")
_HEADINGS: dict[str, BlockKind] = {"# ": "title", "## ": "heading", "### ": "subheading"}


def parse_blocks(text: str) -> list[Block]:
    """The blocks of a rendered template (see the module's description of the markup)."""
    blocks: list[Block] = []
    kind: BlockKind | None = None
    lines: list[str] = []

    def flush() -> None:
        nonlocal kind, lines
        if kind is not None and lines:
            blocks.append(Block(kind, parse_spans(_join(lines))))
        kind, lines = None, []

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        marker = _MARKER.match(line)
        if marker:
            flush()
            blocks.append(Block(marker.group(1), (), marker.group(2) or ""))  # type: ignore[arg-type]
            continue
        heading = next((k for p, k in _HEADINGS.items() if line.startswith(p)), None)
        if heading:
            flush()
            blocks.append(Block(heading, parse_spans(line.split(" ", 1)[1].strip())))
            continue
        start: BlockKind | None = None
        if line.startswith(">> ") or line == ">>":
            start, line = "right", line[2:].strip()
        elif line.startswith("> ") or line == ">":
            start, line = "quote", line[1:].strip()
        elif line.startswith("- "):
            start, line = "bullet", line[2:].strip()
        if start is not None and (start == "bullet" or start != kind):
            flush()
            kind = start
        elif kind is None:
            kind = "paragraph"
        lines.append(line)
    flush()
    return blocks


def _join(lines: list[str]) -> str:
    """The lines of one block as one text: a trailing ``\\`` breaks the line there."""
    text = ""
    for line in lines:
        if text:
            trailing = len(text) - len(text.rstrip("\\"))
            text = text[:-1] + "\n" if trailing % 2 else text + " "
        text += line
    trailing = len(text) - len(text.rstrip("\\"))
    return text[:-1] if trailing % 2 else text


def parse_spans(text: str) -> tuple[Span, ...]:
    """``**bold**`` and ``*italic*`` runs, with ``\\`` escapes written as they are."""
    spans: list[Span] = []
    buffer: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buffer:
            spans.append(Span("".join(buffer), bold, italic))
            buffer.clear()

    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            buffer.append(text[i + 1])
            i += 2
        elif text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
        elif char == "*":
            flush()
            italic = not italic
            i += 1
        else:
            buffer.append(char)
            i += 1
    flush()
    return tuple(spans)


def _no_template_in(regime: Regime, name: str, folder: Path | None) -> str:
    """Why Welsh letters cannot be written under ``regime``, and what to add."""
    where = f"your template folder {folder}" if folder else "a template folder of your own"
    return (
        f"svdesk has no Welsh letter template for the {regime.law}: add "
        f"{name} to {where} (a copy of the English template, translated) and choose it "
        "with Use my own letter templates (svdesk letters --templates DIR)"
    )
