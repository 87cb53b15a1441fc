"""The confidentiality review: which sentences of a letter reason quote the tender it assesses.

The winner's letter reasons are quoted to every unsuccessful bidder. A sentence that
repeats the winner's own figures (sums, percentages, dates, quantities), the names in its
answer (partners, places, people, organisations) or its distinctive wording may disclose
what the bidder gave in confidence (PCR 2015 regulation 21; the Act allows such
information to be withheld). Each such sentence is a passage for an officer to approve,
edit or redact before letters go out.

What the authority itself wrote is not the bidder's: a figure, name or phrase that the
criterion, the scale or other public text (``public``) also holds is never flagged, nor are
runs of common words. The answer may be huge and hostile: it is read once, word by word,
against an index of the (short) letter reason, so that time grows with its length and
memory with the reason's only; the patterns have no nested repetition.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# A shared run of this many words is a distinctive phrase (when it has content of its own).
PHRASE_WORDS = 5
# Names longer than this are matched by their first words.
NAME_WORDS = 8
# The longest run of words compared, in the index of the letter reason.
_LONGEST = max(PHRASE_WORDS, NAME_WORDS)
# The key of a node of that index holding its run (no word is empty).
_RUN = ""

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_INTEGER = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_NUMBER = _INTEGER + r"(?:\.\d+)?"
_FIGURE = re.compile(
    r"(?<![\w£$€.,/])(?:"
    rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)?\s{_MONTH}\s(?:19|20)\d\d"
    rf"|{_MONTH}\s(?:19|20)\d\d"
    r"|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|(?:Q[1-4]\s)?(?:19|20)\d\d(?:\s?[–/-]\s?\d\d(?:\d\d)?)?(?![\d,.]*\d))"
    rf"|(?P<money>[£$€]\s?{_NUMBER}(?:\s?(?:bn|m|k|million|billion|thousand)\b)?)"
    rf"|(?P<percent>{_NUMBER}\s?(?:%|per\s?cent\b|percent\b))"
    rf"|(?P<number>{_NUMBER})"
    r")(?![\w])",
    re.IGNORECASE,
)
# Numbers that only point into the tender's own structure ("Lot 2", "Sub-criterion 1").
_STRUCTURE = re.compile(r"(?:lot|sub-criterion|criterion|question|section|part)\s$", re.I)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Where a sentence ends: after . ! or ? followed by space and a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?P<close>[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9£])|\n+")
_MARKER = re.compile(r"Sub-criterion\s+\d+\s*(?:\([^)\n]*\))?\s*:\s*", re.IGNORECASE)

# Words with no content of their own: a phrase needs more than these.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the and or but nor of to in on at by for with from into onto as is are was were "
        "be been being has have had do does did will would shall should can could may might "
        "must this that these those it its they them their there here which who whom whose "
        "what when where why how all any each every some no not only also very more most less "
        "than then so such too just well our we us you your he she his her him i me my per "
        "over under up out within across year years",
    )
)
# Small words that may join the capitalised words of one name ("Friends of the Earth").
_NAME_JOINERS = frozenset(["of", "and", "&", "the", "for", "de", "la", "le", "von", "van"])


class QuoteKind(StrEnum):
    FIGURE = "figure"
    NAME = "name"
    PHRASE = "phrase"


@dataclass(frozen=True, slots=True)
class Quote:
    """A part of a sentence taken from the tender: ``start``/``end`` within the sentence."""

    kind: QuoteKind
    start: int
    end: int
    text: str
    why: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a letter reason; ``start``/``end`` within the reason's text.

    A ``Sub-criterion N (...):`` label that opens it is not part of it: the letters set it
    as a heading, and redacting the sentence keeps it.
    """

    number: int  # from 1, in the reason's order
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Passage:
    sentence: Sentence
    quotes: tuple[Quote, ...]

    @property
    def what(self) -> str:
        """``figures "£40,000", "35%"; a name "Kelsbridge Works"``: what it quotes."""
        parts = []
        for kind, one, many in (
            (QuoteKind.FIGURE, "a figure", "figures"),
            (QuoteKind.NAME, "a name", "names"),
            (QuoteKind.PHRASE, "a phrase", "phrases"),
        ):
            texts = list(dict.fromkeys(q.text for q in self.quotes if q.kind is kind))
            if texts:
                label = one if len(texts) == 1 else many
                parts.append(f"{label} " + ", ".join(f"“{t}”" for t in texts))
        return "; ".join(parts)

    @property
    def why(self) -> str:
        """Why it may be confidential, each reason once: figures, names, then phrases."""
        order = list(QuoteKind)
        quotes = sorted(self.quotes, key=lambda q: order.index(q.kind))
        return " ".join(dict.fromkeys(q.why for q in quotes))


def sentences_of(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text``, each with where it lies (labels of sub-criteria left out)."""
    found: list[Sentence] = []
    start = 0
    ends = [
        (m.end("close") if m.group("close") else m.start(), m.end())
        for m in _SENTENCE_END.finditer(text)
    ]
    for stop, after in [*ends, (len(text), len(text))]:
        found.extend(_pieces(text, start, stop, len(found)))
        start = after
    return tuple(found)


def _pieces(text: str, start: int, stop: int, before: int) -> Iterator[Sentence]:
    """The sentence between ``start`` and ``stop``, split at any sub-criterion label in it."""
    cuts = [(m.start() + start, m.end() + start) for m in _MARKER.finditer(text[start:stop])]
    spans = []
    at = start
    for cut_start, cut_end in cuts:
        spans.append((at, cut_start))
        at = cut_end
    spans.append((at, stop))
    number = before
    for a, b in spans:
        piece = text[a:b]
        stripped = piece.strip()
        if not stripped:
            continue
        a += len(piece) - len(piece.lstrip())
        number += 1
        yield Sentence(number, a, a + len(stripped), stripped)


def _normal_figure(text: str) -> str:
    """A figure as compared: "£45,000" as "£45000", "35 per cent" as "35%"."""
    folded = text.casefold().replace("per cent", "%").replace("percent", "%")
    return re.sub(r"[\s,]", "", folded).replace("–", "-")


def _figures(text: str) -> Iterator[tuple[str, int, int, str]]:
    """Each figure of ``text``: its kind, where it lies and its normal form."""
    for match in _FIGURE.finditer(text):
        kind = match.lastgroup or "number"
        if kind == "number" and _STRUCTURE.search(text[max(0, match.start() - 16) : match.start()]):
            continue
        yield kind, match.start(), match.end(), _normal_figure(match.group(0))


def _figure_set(text: str) -> frozenset[str]:
    return frozenset(normal for _, _, _, normal in _figures(text))


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _numbers_in(text: str) -> frozenset[str]:
    """Every number written in ``text`` ("1,200" as "1200"): a quick pass for a long answer,
    against which only a reason's bare numbers are compared."""
    return frozenset(m.group(0).rstrip(",").replace(",", "") for m in _DIGITS.finditer(text))


_FIGURE_WHY = {
    "money": "A sum of money from a tender (prices, costs, financing) is commercially sensitive.",
    "percent": "A percentage from a tender (margins, targets, shares) can show how the "
    "bid was built.",
    "date": "The tender's own dates show its programme, which a competitor could reuse.",
    "number": "A quantity from the tender (fleet, staff, volumes) can show how the bid was built.",
}
_NAME_WHY = (
    "A name from the tender (a partner, subcontractor, place, person or organisation) "
    "discloses the bidder's supply chain or its people."
)
_PHRASE_WHY = (
    "The bidder's own wording, quoted: it may disclose the solution it offered in confidence."
)


@dataclass(frozen=True, slots=True)
class _Word:
    text: str  # folded
    start: int
    end: int
    capital: bool  # written with a capital first
    abbreviation: bool  # written mostly in capitals (FTE, KPIs)
    joined: bool  # to the word before by nothing but spaces, apostrophes, hyphens or stops


_JOINING = re.compile(r"[\s'’.-]*")


def _abbreviation(written: str) -> bool:
    """FTE, KPIs, CO2: mostly capitals (a name such as McAlpine is not)."""
    capitals = sum(c.isupper() for c in written)
    return capitals >= 2 and capitals * 2 >= sum(c.isalpha() for c in written)


def _words(text: str) -> list[_Word]:
    words: list[_Word] = []
    for m in _WORD.finditer(text):
        written = m.group(0)
        gap = text[words[-1].end : m.start()] if words else ""
        words.append(
            _Word(
                written.casefold().replace("’", "'"),
                m.start(),
                m.end(),
                written[0].isupper(),
                _abbreviation(written),
                bool(words) and _JOINING.fullmatch(gap) is not None,
            )
        )
    return words


def _shared_runs(reason: list[list[str]], answer: str) -> set[tuple[str, ...]]:
    """The runs of words (up to ``_LONGEST`` long) of the reason's sentences that the
    answer also has, read in one pass over the answer.

    The reason's runs are a tree of words (each node the run that leads to it): from each
    word of the answer, a walk down the tree as far as the answer follows it. No run of the
    answer is made unless the reason has it.
    """
    root: dict[str, Any] = {}
    runs: list[tuple[str, ...]] = []  # by the number each node holds
    for words in reason:
        for i in range(len(words)):
            node = root
            for n in range(i, min(i + _LONGEST, len(words))):
                child = node.get(words[n])
                if child is None:
                    child = node[words[n]] = {_RUN: len(runs)}
                    runs.append(tuple(words[i : n + 1]))
                node = child
    tokens = [m.group(0).casefold().replace("’", "'") for m in _WORD.finditer(answer)]
    reached: set[int] = set()
    for i, token in enumerate(tokens):
        step: dict[str, Any] | None = root.get(token)
        j = i + 1
        while step is not None:
            reached.add(step[_RUN])
            step = step.get(tokens[j]) if j < len(tokens) else None
            j += 1
    return {runs[n] for n in reached}


def find_passages(
    reason: str, answer: str, public: str, common_words: Collection[str]
) -> tuple[Passage, ...]:
    """Each sentence of ``reason`` that quotes figures, names or phrases of ``answer``.

    ``public`` is what the authority wrote or the letters show anyway (the criterion, the
    scale, the lot, the bidder's own name): nothing found there is flagged.
    """
    sentences = sentences_of(reason)
    if not sentences:
        return ()
    words = [_words(s.text) for s in sentences]
    shared = _shared_runs([[w.text for w in ws] for ws in words], answer)
    answer_figures = _numbers_in(answer)
    public_figures = _figure_set(public)
    public_words = [w.text for w in _words(public)]
    public_vocabulary = frozenset(public_words)
    public_runs = _runs_of(public_words)
    passages = []
    for sentence, sentence_words in zip(sentences, words, strict=True):
        quotes = [
            *_figure_quotes(sentence.text, answer_figures, public_figures),
            *_name_quotes(sentence.text, sentence_words, shared, public_runs, common_words),
            *_phrase_quotes(sentence.text, sentence_words, shared, public_runs, public_vocabulary),
        ]
        if quotes:
            quotes.sort(key=lambda q: (q.start, q.end))
            passages.append(Passage(sentence, tuple(quotes)))
    return tuple(passages)


def _runs_of(words: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(
        tuple(words[i : i + n])
        for i in range(len(words))
        for n in range(1, min(_LONGEST, len(words) - i) + 1)
    )


def _figure_quotes(
    text: str, answer_figures: frozenset[str], public_figures: frozenset[str]
) -> Iterator[Quote]:
    for kind, start, end, normal in _figures(text):
        if normal in public_figures:
            continue
        # A bare number is flagged when the answer gives it; a sum, a percentage or a date
        # in a winner's assessment is the tender's even when written differently.
        if kind == "number" and normal not in answer_figures:
            continue
        yield Quote(QuoteKind.FIGURE, start, end, text[start:end], _FIGURE_WHY[kind])


def _name_quotes(
    text: str,
    words: list[_Word],
    shared: set[tuple[str, ...]],
    public_runs: frozenset[tuple[str, ...]],
    common_words: Collection[str],
) -> Iterator[Quote]:
    for run in _capitalised_runs(words, common_words):
        # The whole name; failing that, each name it joins ("Jobcentre Plus and X").
        if _named_in(run, shared, public_runs):
            parts = [run]
        else:
            parts = [
                p for p in _split_at_joiners(run, common_words) if _named_in(p, shared, public_runs)
            ]
        for part in parts:
            start, end = part[0].start, part[-1].end
            yield Quote(QuoteKind.NAME, start, end, text[start:end], _NAME_WHY)


def _named_in(
    run: list[_Word], shared: set[tuple[str, ...]], public_runs: frozenset[tuple[str, ...]]
) -> bool:
    folded = tuple(w.text for w in run)[:NAME_WORDS]
    return folded in shared and folded not in public_runs


def _split_at_joiners(run: list[_Word], common_words: Collection[str]) -> Iterator[list[_Word]]:
    if not any(w.text in _NAME_JOINERS for w in run):
        return
    part: list[_Word] = []
    for word in [*run, None]:
        if word is None or word.text in _NAME_JOINERS:
            yield from _named(part, common_words)
            part = []
        else:
            part.append(word)


def _capitalised_runs(words: list[_Word], common_words: Collection[str]) -> Iterator[list[_Word]]:
    """Runs of capitalised words, joined by small words ("Friends of the Earth"); a
    sentence's first word only when it is not a common word; a single word only when it
    is not a common word nor an abbreviation (FTE, KPI)."""
    run: list[_Word] = []
    joiners: list[_Word] = []
    for i, word in enumerate(words):
        first = i == 0 and (word.text in common_words or word.text in _FUNCTION_WORDS)
        if run and not word.joined:
            yield from _named(run, common_words)
            run, joiners = [], []
        if word.capital and not first:
            run.extend(joiners if run else [])
            joiners = []
            run.append(word)
        elif run and word.text in _NAME_JOINERS and not joiners:
            joiners.append(word)
        else:
            yield from _named(run, common_words)
            run, joiners = [], []
    yield from _named(run, common_words)


def _named(run: list[_Word], common_words: Collection[str]) -> Iterator[list[_Word]]:
    if len(run) > 1:
        yield run
    elif len(run) == 1:
        word = run[0]
        if word.text not in common_words and not word.abbreviation and len(word.text) > 2:
            yield run


def _phrase_quotes(
    text: str,
    words: list[_Word],
    shared: set[tuple[str, ...]],
    public_runs: frozenset[tuple[str, ...]],
    public_vocabulary: frozenset[str],
) -> Iterator[Quote]:
    spans: list[tuple[int, int]] = []  # word indexes, end exclusive
    folded = [w.text for w in words]
    for i in range(len(folded) - PHRASE_WORDS + 1):
        gram = tuple(folded[i : i + PHRASE_WORDS])
        if gram not in shared or gram in public_runs:
            continue
        content = [w for w in gram if w not in _FUNCTION_WORDS]
        if len(content) < 2 or all(w in public_vocabulary for w in content):
            continue
        if spans and i <= spans[-1][1]:
            spans[-1] = (spans[-1][0], i + PHRASE_WORDS)
        else:
            spans.append((i, i + PHRASE_WORDS))
    for a, b in spans:
        start, end = words[a].start, words[b - 1].end
        yield Quote(QuoteKind.PHRASE, start, end, text[start:end], _PHRASE_WHY)
