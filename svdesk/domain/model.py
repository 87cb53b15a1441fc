"""The evaluation model: what a tender pack describes, as plain values.

These classes carry no behaviour that needs a database or a window; the store maps
them to tables and the window shows them. Money, weights and scores are ``Decimal``
so that what is shown and compared is exactly what the rules compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from svdesk.domain.scale import Scale
from svdesk.domain.words import count_words


class Regime(StrEnum):
    """The law that the award letters follow."""

    PROCUREMENT_ACT_2023 = "procurement-act-2023"
    PCR_2015 = "pcr-2015"
    SCOTLAND_2015 = "scotland-2015"
    # Devolved Welsh authorities: the Act's standstill and notices, with the content of an
    # assessment summary set by the Procurement (Wales) Regulations 2024.
    PROCUREMENT_ACT_2023_WALES = "procurement-act-2023-wales"

    @property
    def law(self) -> str:
        """The law's name as letters cite it: ``Procurement Act 2023``."""
        return _REGIME_TITLES[self]

    @property
    def summary_rules(self) -> str:
        """Under the Act, the regulations that set an assessment summary's content, as a
        check's message cites them (the letters cite them from their templates)."""
        return _SUMMARY_RULES.get(self, "")

    @property
    def under_act(self) -> bool:
        """Letters are assessment summaries with the Act's standstill (England or Wales)."""
        return self in (Regime.PROCUREMENT_ACT_2023, Regime.PROCUREMENT_ACT_2023_WALES)


_SUMMARY_RULES = {
    Regime.PROCUREMENT_ACT_2023: "Procurement Regulations 2024, regulation 31",
    Regime.PROCUREMENT_ACT_2023_WALES: "Procurement (Wales) Regulations 2024, regulation 32",
}

_REGIME_TITLES = {
    Regime.PROCUREMENT_ACT_2023: "Procurement Act 2023",
    Regime.PCR_2015: "Public Contracts Regulations 2015",
    Regime.SCOTLAND_2015: "Public Contracts (Scotland) Regulations 2015",
    Regime.PROCUREMENT_ACT_2023_WALES: "Procurement Act 2023",
}


class LetterLanguage(StrEnum):
    """The language award letters are written in. A bilingual letter gives the Welsh first,
    then the English, as the Welsh Language Standards ask of a Welsh authority."""

    ENGLISH = "english"
    WELSH = "welsh"
    BILINGUAL = "bilingual"

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages of the letter, in the order they appear: ``("cy", "en")``."""
        return {"english": ("en",), "welsh": ("cy",), "bilingual": ("cy", "en")}[self.value]

    @staticmethod
    def default_for(regime: Regime) -> LetterLanguage:
        """A devolved Welsh authority writes bilingually unless it chooses otherwise."""
        if regime is Regime.PROCUREMENT_ACT_2023_WALES:
            return LetterLanguage.BILINGUAL
        return LetterLanguage.ENGLISH


class Holidays(StrEnum):
    """Whose bank holidays are not working days when the standstill period is counted.

    Under the 2015 regulations a council may count in its own nation's working days or,
    cautiously, treat a bank holiday anywhere in the United Kingdom as no working day; the
    Procurement Act 2023 names every part of the United Kingdom itself.
    """

    ENGLAND_AND_WALES = "england-and-wales"
    NORTHERN_IRELAND = "northern-ireland"
    SCOTLAND = "scotland"
    UNITED_KINGDOM = "united-kingdom"

    @property
    def place(self) -> str:
        """Where the bank holidays are: ``Northern Ireland``."""
        return _HOLIDAY_PLACES[self]


_HOLIDAY_PLACES = {
    Holidays.ENGLAND_AND_WALES: "England and Wales",
    Holidays.NORTHERN_IRELAND: "Northern Ireland",
    Holidays.SCOTLAND: "Scotland",
    Holidays.UNITED_KINGDOM: (
        "the United Kingdom (England and Wales, Scotland and Northern Ireland)"
    ),
}

HOLIDAY_CHOICES = {
    Regime.PROCUREMENT_ACT_2023: (Holidays.UNITED_KINGDOM,),
    Regime.PCR_2015: (
        Holidays.ENGLAND_AND_WALES,
        Holidays.NORTHERN_IRELAND,
        Holidays.UNITED_KINGDOM,
    ),
    Regime.SCOTLAND_2015: (Holidays.SCOTLAND, Holidays.UNITED_KINGDOM),
    Regime.PROCUREMENT_ACT_2023_WALES: (Holidays.UNITED_KINGDOM,),
}
"""The holiday settings each regime allows; the first is its default (the nation's own)."""


class ScoringMethod(StrEnum):
    """Which score counts: the moderated one, or the mean of the evaluators'."""

    CONSENSUS = "consensus"
    AVERAGE = "average"


class TieBreak(StrEnum):
    """How equal totals are separated."""

    SOCIAL_VALUE = "social-value"
    QUALITY = "quality"
    PRICE = "price"
    NONE = "none"


class BidStatus(StrEnum):
    COMPLIANT = "compliant"
    EXCLUDED = "excluded"


@dataclass(frozen=True, slots=True)
class Tender:
    reference: str
    title: str
    authority: str
    social_value_weighting: Decimal
    authority_address: str = ""
    regime: Regime = Regime.PROCUREMENT_ACT_2023
    currency: str = "GBP"
    estimated_value: Decimal | None = None
    price_weighting: Decimal = Decimal(0)
    quality_weighting: Decimal = Decimal(0)
    scoring_method: ScoringMethod = ScoringMethod.CONSENSUS
    tie_break: TieBreak = TieBreak.SOCIAL_VALUE
    contact_name: str = ""
    contact_email: str = ""
    signatory: str = ""
    tender_documents: str = ""
    holidays: Holidays | None = None  # None: the regime's default (HOLIDAY_CHOICES)
    # The tender's anonymity choices for the moderation meeting: bidders named Bidder 1, 2,
    # 3 on the shared screen; evaluators named Evaluator A, B, C in the consensus workbook.
    hide_bidders_on_screen: bool = False
    anonymous_evaluators: bool = False
    # How many steps of the scale the evaluators' scores of a response may lie apart before
    # the moderation meeting discusses it first (moderation_rules.DEFAULT_TOLERANCE_STEPS).
    moderation_tolerance: int = 1

    @property
    def standstill_holidays(self) -> Holidays:
        """The holidays the standstill period is counted with (the setting, or the default)."""
        return self.holidays or HOLIDAY_CHOICES[self.regime][0]

    @property
    def total_weighting(self) -> Decimal:
        return self.price_weighting + self.quality_weighting + self.social_value_weighting

    @property
    def social_value_only(self) -> bool:
        """Scored on social value alone: no price or quality part was given."""
        return self.price_weighting == 0 and self.quality_weighting == 0


@dataclass(frozen=True, slots=True)
class Lot:
    key: str
    title: str = ""

    @property
    def display_name(self) -> str:
        return f"Lot {self.key}: {self.title}" if self.title else f"Lot {self.key}"


@dataclass(frozen=True, slots=True)
class Criterion:
    """A social value award criterion of one lot.

    A pack may give a criterion for every lot at once (blank ``Lot``); the import
    gives each lot its own copy, so a criterion always belongs to exactly one lot.
    """

    lot: str
    code: str
    title: str
    question: str
    weight: Decimal
    guidance: str = ""
    sub_criteria: tuple[str, ...] = ()
    word_limit: int | None = None
    minimum_score: int | None = None
    model_criterion: str = ""


@dataclass(frozen=True, slots=True)
class Bidder:
    key: str
    name: str
    identifier: str = ""
    address: str = ""
    contact: str = ""
    email: str = ""
    sme: bool = False
    vcse: bool = False


@dataclass(frozen=True, slots=True)
class Bid:
    """A bidder's tender for one lot, with the points already given outside svdesk."""

    bidder: str
    lot: str
    price_score: Decimal | None = None
    quality_score: Decimal | None = None
    status: BidStatus = BidStatus.COMPLIANT
    excluded_reason: str = ""
    # Why the price and quality points are what they are, by reference to the tender
    # (pack format version 2; blank in a version 1 pack).
    price_explanation: str = ""
    quality_explanation: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file a bidder attached to an answer, kept whole so the original can be shown."""

    path: str
    data: bytes
    media_type: str
    text: str
    # Why the text is missing or cut short ('' when it was read whole): a file that
    # would cost too much time or memory to read is kept without its text.
    text_shortfall: str = ""


def text_read(answer: str, attachment_text: str) -> str:
    """Everything the evaluators read of a response: the answer, then the attachment's text."""
    return "\n\n".join(part for part in (answer, attachment_text) if part)


@dataclass(frozen=True, slots=True)
class Response:
    """A bidder's answer to one criterion of one lot.

    ``missing`` marks a criterion the bidder did not answer; it is kept as a row so
    that the panel sees the gap and the rules can score it.
    """

    bidder: str
    lot: str
    criterion: str
    answer: str = ""
    attachment: Attachment | None = None
    missing: bool = False

    @property
    def text(self) -> str:
        return text_read(self.answer, self.attachment.text if self.attachment else "")

    @property
    def word_count(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True, slots=True)
class TenderPack:
    """Everything an import brings in: one tender, ready to be stored."""

    tender: Tender
    lots: tuple[Lot, ...]
    scale: Scale
    criteria: tuple[Criterion, ...]
    bidders: tuple[Bidder, ...]
    bids: tuple[Bid, ...]
    responses: tuple[Response, ...] = field(default=())

    def criteria_of(self, lot: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.lot == lot)

    def bids_of(self, lot: str) -> tuple[Bid, ...]:
        return tuple(b for b in self.bids if b.lot == lot)
