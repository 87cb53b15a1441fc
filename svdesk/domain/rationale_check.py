"""The rationale check: what makes a moderated rationale unsafe to quote in a letter.

A rationale explains a score against the criterion and the bid's own answer. Courts have
set awards aside where bids were compared with each other instead of with the criteria,
or where the notes only repeated the criterion or the scale. Each flag says why, and what
to write instead. The moderation screens show the flags as warnings; the readiness check
(before letters) as errors.

Words are compared by their stem, so that "reporting" in a rationale refers to "report"
in the answer: the caller gives the stemmer (the services use Snowball's English one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from svdesk.domain.name_finder import KnownName, NameFinder, words_of
from svdesk.domain.words import count_words

# Fewer words than this cannot say why this score rather than the one above or below.
MIN_EXPLAINING_WORDS = 12
# A rationale whose own words are at least this share of the criterion's or the scale's
# words only repeats them.
REPEAT_SHARE = 0.85

# Comparisons of one bid with another: a rationale assesses the answer against the criterion.
# Each phrasing needs the other bids in view ("ahead of the others", not "ahead of
# schedule"; "outperformed the other bids", not "outperformed its own targets"), so that
# what is said of the response itself, its plan, its targets or its record, is not flagged.
_BIDS = r"(bids?|bidders?|tenders?|tenderers?|suppliers?|submissions?|responses?|proposals?)"
_RIVALS = r"(other|others|another|rest|rival|rivals|competing|competitors?|remaining|field)"
_OWN_RECORD = (
    r"(its|their|the|our|his|her) (own )?(targets?|kpis?|baselines?|benchmarks?|forecasts?|"
    r"plans?|requirements?|commitments?|previous|current|contract|sector|industry)"
)
_COMPARISON_PHRASES = (
    r"\b(better|worse|stronger|weaker|higher|lower|more|less) than (the )?(other|another|"
    r"rival|competing|remaining)\b",
    r"\b(better|worse|stronger|weaker) than\b",
    rf"\bthan (those of |that of )?(the |all |any |most |every )?{_RIVALS}( {_BIDS})?\b",
    r"\bcompared (with|to)\b|\bin comparison (with|to)\b|\bby comparison\b",
    r"\bunlike\b|\bin contrast (with|to)\b",
    rf"\b(other|another|rival|competing|remaining) {_BIDS}",
    rf"\b((far|well|way|clearly|comfortably) )?(ahead of|behind|above|below|against|"
    rf"relative to|versus|beat|beats|beating|surpass(es|ed|ing)?) (the |all |any |every |most )?"
    rf"{_RIVALS}( {_BIDS})?\b",
    r"\b(streets|miles) ahead\b",
    r"\b(the )?rest of the field\b",
    rf"\b(best|strongest|weakest|worst|top) (of|among|amongst|in) (all )?(the )?"
    rf"({_BIDS}|field|lot)\b",
    rf"\b(best|strongest|weakest|worst|highest[- ]scoring|lowest[- ]scoring|top[- ]scoring) "
    rf"{_BIDS} (received|submitted|in (the|this) (lot|competition|procurement|tender))\b",
    r"\b(the only|the sole|one of (only )?(a )?few|unique among( the)?|alone among( the)?) "
    r"(bids?|bidders?|tenders?|tenderers?|suppliers?|submissions?|proposals?)\b",
    r"\branked (first|top|highest|last|lowest|second|third|\d+(st|nd|rd|th)) "
    r"(of|among|amongst|out of|against|in (the|this) lot)\b",
    rf"\boutperform(s|ed|ing)?\b(?! {_OWN_RECORD})",
    r"\bout-?scor(e|es|ed|ing)\b|\boutclass(es|ed|ing)?\b|\boutsh(one|ines?|ining)\b",
)
_COMPARISONS = re.compile("|".join(_COMPARISON_PHRASES), re.IGNORECASE)

# Words that carry no content of their own.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "each",
        "every",
        "some",
        "no",
        "not",
        "only",
        "also",
        "very",
        "more",
        "most",
        "less",
        "least",
        "than",
        "then",
        "so",
        "such",
        "too",
        "just",
        "well",
        "our",
        "we",
        "us",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "him",
        "i",
        "me",
        "my",
        "response",
        "bidder",
        "bid",
        "answer",
        "score",
        "scored",
        "scores",
        "criterion",
        "criteria",
        "evidence",
        "provides",
        "provided",
        "gives",
        "given",
        "shows",
        "showed",
        "demonstrates",
        "demonstrated",
        "overall",
        "good",
    ]
)


class FlagKind(StrEnum):
    COMPARES = "compares bids"
    NAMES_BIDDER = "names another bidder"
    REPEATS_CRITERION = "repeats the criterion"
    REPEATS_SCALE = "repeats the scale"
    NO_REFERENCE = "no reference to the answer"
    TOO_SHORT = "too short"


@dataclass(frozen=True, slots=True)
class RationaleFlag:
    kind: FlagKind
    why: str
    instead: str

    @property
    def message(self) -> str:
        return f"{self.why}; {self.instead}"


@dataclass(frozen=True, slots=True)
class RationaleContext:
    """What a rationale is checked against."""

    rationale: str
    criterion_text: str  # the criterion's title, question and sub-criteria
    descriptors: tuple[str, ...]  # the scale's descriptors (and labels)
    answer: str  # the bid's answer, with its attachment's text
    missing_response: bool = False


# Words in, their stems out (in the same order).
Stemmer = Callable[[list[str]], list[str]]


def _as_written(words: list[str]) -> list[str]:
    return words


def content_stems(text: str, stem: Stemmer = _as_written) -> frozenset[str]:
    """The stems of the words of ``text`` that carry content (numbers included)."""
    words = [w for w in words_of(text) if w not in _FUNCTION_WORDS and (len(w) > 2 or w.isdigit())]
    return frozenset(stem(words))


def rationale_flags(
    context: RationaleContext,
    finder: NameFinder | None = None,
    own_bidder: str = "",
    stem: Stemmer = _as_written,
) -> tuple[RationaleFlag, ...]:
    """Every flag of the rationale, in a fixed order; empty when it is sound.

    ``finder`` knows the tender's names; a name of a bidder other than ``own_bidder`` (or
    of its contact) is flagged. ``stem`` gives the stems words are compared by.
    """
    text = context.rationale.strip()
    if not text:
        return ()
    flags: list[RationaleFlag] = []
    comparison = _COMPARISONS.search(text)
    if comparison:
        flags.append(
            RationaleFlag(
                FlagKind.COMPARES,
                f'the rationale compares bids ("{comparison.group(0)}")',
                "assess this answer against the criterion and the scale alone: say what it "
                "offers and what it lacks, without reference to other bids",
            )
        )
    if finder is not None:
        others = [k for k in finder.find(text) if k.owner and k.owner != own_bidder]
        if others:
            names = ", ".join(dict.fromkeys(k.name for k in others))
            flags.append(
                RationaleFlag(
                    FlagKind.NAMES_BIDDER,
                    f"the rationale names another bidder ({names})",
                    "remove the name: the letters quote this rationale, and each bid is "
                    "assessed on its own answer",
                )
            )
    own = content_stems(text, stem)
    criterion = content_stems(context.criterion_text, stem)
    scale = content_stems(" ".join(context.descriptors), stem)
    repeats = _repeats(own, criterion, scale)
    if repeats is not None:
        flags.append(repeats)
    answer_only = content_stems(context.answer, stem) - criterion - scale
    if not context.missing_response and answer_only and not (own & answer_only):
        flags.append(
            RationaleFlag(
                FlagKind.NO_REFERENCE,
                "the rationale does not refer to anything in the bidder's answer",
                "name what the answer offers (its commitments, numbers, dates, methods) "
                "that earns this score, and what it lacks",
            )
        )
    words = count_words(text)
    if words < MIN_EXPLAINING_WORDS:
        flags.append(
            RationaleFlag(
                FlagKind.TOO_SHORT,
                f"the rationale is too short to explain its score ({words} words)",
                f"write at least {MIN_EXPLAINING_WORDS} words: the answer's strengths and "
                "weaknesses, and why this score rather than the one above or below",
            )
        )
    return tuple(flags)


def _repeats(
    own: frozenset[str], criterion: frozenset[str], scale: frozenset[str]
) -> RationaleFlag | None:
    if not own:
        return None
    from_criterion = len(own & criterion) / len(own)
    from_scale = len(own & scale) / len(own)
    if max(from_criterion, from_scale) < REPEAT_SHARE:
        return None
    if from_criterion >= from_scale:
        return RationaleFlag(
            FlagKind.REPEATS_CRITERION,
            "the rationale only repeats the criterion",
            "say how this answer meets the criterion: what it commits to, with its own "
            "numbers, dates and methods",
        )
    return RationaleFlag(
        FlagKind.REPEATS_SCALE,
        "the rationale only repeats the scale's descriptor",
        "say what in the answer makes the descriptor fit: the strengths and weaknesses "
        "that earn this score",
    )


def bidder_names(
    bidders: Iterable[tuple[str, str, str]], common_words: Collection[str]
) -> NameFinder:
    """A finder of each bidder's name, key and contact (``(key, name, contact)``)."""
    names: list[KnownName] = []
    for key, name, contact in bidders:
        names.append(KnownName(name, "a bidder", key))
        names.append(KnownName(key, "a bidder", key))
        if contact.strip():
            names.append(KnownName(contact, "a bidder's contact", key, person=True))
    return NameFinder(names, common_words)
