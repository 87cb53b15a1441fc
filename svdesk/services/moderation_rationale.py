"""The rationale check over a tender's moderated rationales (``domain.rationale_check``).

The moderation screens show its flags as warnings as the rationale is typed; the
readiness check (``svdesk check``) reports them as problems before letters go out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.orm import Session

from svdesk.bundled import common_english_words
from svdesk.domain.name_finder import NameFinder
from svdesk.domain.rationale_check import (
    FlagKind,
    RationaleContext,
    RationaleFlag,
    bidder_names,
    rationale_flags,
)
from svdesk.domain.scale import Scale
from svdesk.services.panel import require_index
from svdesk.store.database import Database
from svdesk.store.evaluation_store import TenderIndex

if TYPE_CHECKING:
    import snowballstemmer

# Every moderated rationale of a compliant bid, with what it is checked against.
_RATIONALES = """
SELECT l.key, bd.key, c.code, cs.rationale, c.title, c.question, c.sub_criteria,
       r.answer, COALESCE(a.text, ''), r.missing
FROM consensus cs
JOIN response r ON r.id = cs.response_id
JOIN bid b ON b.id = r.bid_id
JOIN lot l ON l.id = b.lot_id
JOIN bidder bd ON bd.id = b.bidder_id
JOIN criterion c ON c.id = r.criterion_id
LEFT JOIN attachment a ON a.id = r.attachment_id
WHERE l.tender_id = :tender AND b.status = 'compliant'
ORDER BY l.position, bd.position, c.position
"""


@dataclass(frozen=True, slots=True)
class FlaggedRationale:
    lot: str
    bidder: str
    criterion: str
    flags: tuple[RationaleFlag, ...]

    def problems(self) -> list[str]:
        where = f"Lot {self.lot}, {self.bidder}, {self.criterion}"
        return [f"{where}: {flag.message}" for flag in self.flags]


_THREAD = threading.local()


def _english() -> snowballstemmer.stemmer:
    # One stemmer per thread: a Snowball stemmer keeps the word it is working on, and the
    # readiness check runs on the window's worker threads as well as its own.
    stemmer: snowballstemmer.stemmer | None = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        # Loaded when first needed: the package loads the stemmers of some thirty
        # languages, which the window's first screen has no use for.
        import snowballstemmer

        stemmer = _THREAD.stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    stem: str = _english().stemWord(word)
    return stem


def english_stems(words: list[str]) -> list[str]:
    """Snowball's English stems of ``words`` ("reporting" -> "report").

    Each word is stemmed once and remembered: a tender's rationales and answers repeat the
    same words thousands of times, and the pure-Python stemmer made the readiness check of
    a 200-bid tender take half a minute.
    """
    return [_stem(word) for word in words]


def tender_finder(index: TenderIndex) -> NameFinder:
    bidders = sorted(index.bidders.values(), key=lambda b: b.position)
    return finder_of((b.key, b.name, b.contact) for b in bidders)


def finder_of(bidders: Iterable[tuple[str, str, str]]) -> NameFinder:
    """The rationale check's finder of the bidders (key, name, contact) by name."""
    return bidder_names(bidders, common_english_words())


def descriptors_of(index: TenderIndex) -> tuple[str, ...]:
    return scale_descriptors(index.scale)


def scale_descriptors(scale: Scale) -> tuple[str, ...]:
    return tuple(f"{level.label} {level.descriptor}" for level in scale.levels)


def criterion_text(title: str, question: str, sub_criteria: str) -> str:
    return "\n".join((title, question, sub_criteria))


def flagged_rationales(session: Session, index: TenderIndex) -> Iterator[FlaggedRationale]:
    """Each moderated rationale with a flag, in the tender's order."""
    return flagged_rationales_of(
        session, index.tender.id, tender_finder(index), descriptors_of(index)
    )


def flagged_rationales_of(
    session: Session, tender_id: int, finder: NameFinder, descriptors: tuple[str, ...]
) -> Iterator[FlaggedRationale]:
    """Each moderated rationale with a flag, read in one flat query; ``finder`` knows the
    tender's bidders and ``descriptors`` its scale (see ``tender_finder``, ``descriptors_of``)."""
    rows = session.connection().execute(text(_RATIONALES), {"tender": tender_id})
    for lot, bidder, code, rationale, title, question, subs, answer, attached, missing in rows:
        context = RationaleContext(
            rationale,
            criterion_text(title, question, subs),
            descriptors,
            f"{answer}\n{attached}",
            bool(missing),
        )
        flags = rationale_flags(context, finder, bidder, english_stems)
        if flags:
            yield FlaggedRationale(lot, bidder, code, flags)


def rationale_problems(
    session: Session, tender_id: int, finder: NameFinder, descriptors: tuple[str, ...]
) -> list[str]:
    """Every flag of every moderated rationale, worded for the readiness check.

    A name is left to the readiness check's own name check (``domain.name_leaks``, which the
    letters share), so that it is reported once, in the words the letters use.
    """
    return [
        f"Lot {flagged.lot}, {flagged.bidder}, {flagged.criterion}: {flag.message}"
        for flagged in flagged_rationales_of(session, tender_id, finder, descriptors)
        for flag in flagged.flags
        if flag.kind is not FlagKind.NAMES_BIDDER
    ]


def check_rationales(db: Database, reference: str) -> list[FlaggedRationale]:
    """The tender's flagged rationales (for ``svdesk moderation check``)."""
    with db.reading() as session:
        return list(flagged_rationales(session, require_index(session, reference)))
