"""The award letters' record: what the letters are made from, as plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from svdesk.store.audit import TrailTip
from svdesk.store.records.results import TenderResults
from svdesk.store.records.tender import TenderOverview

# The texts the letters quote, by lot and bidder, then criterion (or "Price", "Quality").
QuotedTexts = Mapping[tuple[str, str], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything a tender's letters say, read in one snapshot (``services.letter_record``).

    ``texts`` are the letter reasons and the explanations' letter texts as reviewed for
    confidentiality: never the moderation's own notes. ``panel`` is the panel members'
    names, which no letter may quote.
    """

    overview: TenderOverview
    results: TenderResults
    texts: QuotedTexts
    panel: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LetterRecord:
    """The letters' data and the readiness check of the same snapshot: letters are made
    only from the record the check found sound, and stamped with the trail's tip it
    verified."""

    data: LetterData
    problems: tuple[str, ...]  # every readiness problem; empty when letters are safe
    audit_tip: TrailTip | None


@dataclass(frozen=True, slots=True)
class LetterOutline:
    """The letters there are to preview: each lot's name and its results."""

    lot_names: Mapping[str, str]  # "1" -> "Lot 1: North area"
    results: TenderResults
