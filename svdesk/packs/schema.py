"""The pack format's sheets and columns (version 1), shared by the reader and the template.

Each column carries the help text that the template's instructions sheet shows, so
that what a user is told and what the reader checks cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

PACK_FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    help: str
    # Fixed choices offered as a drop-down in the template.
    choices: tuple[str, ...] = ()
    width: int = 18
    # Long written text, pasted from documents: a hidden character in it is removed with a
    # warning; in any other column it is refused (svdesk.domain.hidden_characters).
    written: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    required: bool
    help: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


YES_NO = ("Yes", "No")
REGIMES = ("procurement-act-2023", "pcr-2015", "scotland-2015", "procurement-act-2023-wales")
SCORING_METHODS = ("consensus", "average")
TIE_BREAKS = ("social-value", "quality", "price", "none")
BID_STATUSES = ("compliant", "excluded")
HOLIDAYS = ("england-and-wales", "northern-ireland", "scotland", "united-kingdom")


@dataclass(frozen=True, slots=True)
class TenderField:
    name: str
    required: bool
    help: str
    choices: tuple[str, ...] = ()


TENDER_FIELDS: tuple[TenderField, ...] = (
    TenderField("Reference", True, "The tender's unique reference, e.g. CCS-2026-0142."),
    TenderField("Title", True, "The contract's title."),
    TenderField("Authority", True, "The contracting authority's name."),
    TenderField(
        "Authority address", False, "Postal address; put each line on a new line (Alt+Enter)."
    ),
    TenderField(
        "Regime",
        False,
        "The law the award letters follow: procurement-act-2023 (default), pcr-2015 "
        "(procurements begun before 24 February 2025), scotland-2015, or "
        "procurement-act-2023-wales (devolved Welsh authorities).",
        REGIMES,
    ),
    TenderField("Currency", False, "ISO 4217 currency code; GBP when blank."),
    TenderField("Estimated value", False, "The contract's estimated total value, a number."),
    TenderField("Price weighting", False, "Percent of the total score for price; 0 when blank."),
    TenderField(
        "Quality weighting",
        False,
        "Percent of the total score for quality other than social value; 0 when blank.",
    ),
    TenderField(
        "Social value weighting",
        True,
        "Percent of the total score for social value: 10 or more under the Procurement Act "
        "2023 and PCR 2015. The three weightings must add up to 100.",
    ),
    TenderField(
        "Scoring method",
        False,
        "consensus (default: the moderated score counts) or average (the evaluators' mean).",
        SCORING_METHODS,
    ),
    TenderField(
        "Tie-break",
        False,
        "How equal totals are separated: social-value (default), quality, price or none.",
        TIE_BREAKS,
    ),
    TenderField("Contact name", False, "Named in the letters as the person to contact."),
    TenderField("Contact email", False, "The contact's email address."),
    TenderField("Signatory", False, "Name and role signing the letters."),
    TenderField(
        "Tender documents",
        False,
        "Where the full award criteria and methodology can be read; quoted in letters.",
    ),
    TenderField(
        "Holidays",
        False,
        "Whose bank holidays the standstill period counts (format 2): under pcr-2015 "
        "england-and-wales (default), northern-ireland or united-kingdom; under "
        "scotland-2015 scotland (default) or united-kingdom.",
        HOLIDAYS,
    ),
    TenderField(
        "Hide bidders on shared screen",
        False,
        "Yes to show bidders as Bidder 1, 2, 3 (in the tender's order) when the moderation "
        "meeting is presented on a shared screen; No or blank (default) shows their names.",
        YES_NO,
    ),
    TenderField(
        "Anonymous evaluators",
        False,
        "Yes to name the evaluators as Evaluator A, B, C (in the panel's order) in the "
        "consensus workbook; No or blank (default) names them.",
        YES_NO,
    ),
    TenderField(
        "Moderation tolerance",
        False,
        "How many steps of the scale the evaluators' scores of a response may lie apart "
        "before the moderation meeting discusses it first: a whole number from 0 (any "
        "difference is discussed first) to the scale's number of steps; blank means 1.",
    ),
)

TENDER = Sheet(
    "Tender",
    True,
    "One row per field: the field's name in column A, its value in column B.",
    (
        Column("Field", True, "The name of the field.", width=26),
        Column("Value", True, "Its value.", width=60),
    ),
)

LOTS = Sheet(
    "Lots",
    False,
    "One row per lot. Leave the sheet out (or empty) for a tender with a single lot, '1'.",
    (
        Column("Lot", True, "The lot's identifier, unique: 1, 2, North...", width=10),
        Column("Title", False, "The lot's title.", width=50),
    ),
)

SCALE = Sheet(
    "Scale",
    False,
    "The scoring scale, one row per allowed score. Leave it out to use the Social Value "
    "Model's scale.",
    (
        Column("Score", True, "An allowed score: a whole number, 0 or more, distinct.", width=10),
        Column("Label", True, "A short name, e.g. Good.", width=18),
        Column("Descriptor", True, "What an answer must show to earn it.", width=80, written=True),
    ),
)

CRITERIA = Sheet(
    "Criteria",
    True,
    "The social value questions, one row per criterion (per lot).",
    (
        Column("Code", True, "Unique within its lot, e.g. SV1.", width=10),
        Column("Lot", False, "Blank: the criterion applies to every lot.", width=8),
        Column(
            "Model criterion",
            False,
            "A Social Value Model award criterion (MAC 2.1, 1a...) or a TOMs code.",
            width=16,
        ),
        Column("Title", True, "A short title.", width=30),
        Column("Question", True, "The question put to bidders.", width=50, written=True),
        Column(
            "Guidance",
            False,
            "What evaluators look for: what good looks like.",
            width=40,
            written=True,
        ),
        Column("Sub-criteria", False, "One sub-criterion per line.", width=36, written=True),
        Column(
            "Weight",
            True,
            "Percent of the TOTAL tender score; each lot's weights add up to the social "
            "value weighting.",
            width=10,
        ),
        Column("Word limit", False, "A whole number; words past it are not evaluated.", width=11),
        Column(
            "Minimum score",
            False,
            "A score from the scale; a bid scoring below it is not eligible for award.",
            width=14,
        ),
    ),
)

BIDDERS = Sheet(
    "Bidders",
    True,
    "One row per supplier that bid.",
    (
        Column("Bidder", True, "A unique identifier, e.g. B01.", width=10),
        Column("Name", True, "The supplier's legal name.", width=34),
        Column(
            "Identifier",
            False,
            "The supplier's unique identifier (Central Digital Platform or Companies House "
            "number); assessment summaries must show it.",
            width=16,
        ),
        Column("Address", False, "Postal address, each line on a new line.", width=34),
        Column("Contact", False, "Contact person.", width=20),
        Column("Email", False, "Contact email.", width=28),
        Column("SME", False, "Yes or No.", YES_NO, width=7),
        Column("VCSE", False, "Yes or No.", YES_NO, width=7),
    ),
)

BIDS = Sheet(
    "Bids",
    False,
    "Which bidder bid for which lot, with points already given for price and quality. "
    "Leave it out when every bidder with answers in a lot bids for it.",
    (
        Column("Bidder", True, "A Bidder from the Bidders sheet.", width=10),
        Column("Lot", False, "Blank: the only lot.", width=8),
        Column("Price score", False, "Points for price, 0 up to the price weighting.", width=12),
        Column(
            "Quality score", False, "Points for quality, 0 up to the quality weighting.", width=13
        ),
        Column("Status", False, "compliant (default) or excluded.", BID_STATUSES, width=12),
        Column(
            "Excluded reason",
            False,
            "Required when the status is excluded.",
            width=40,
            written=True,
        ),
        Column(
            "Price explanation",
            False,
            "Why the bid earned its price points, by reference to its tender (format 2). "
            "Quoted in the letters; needed for letters under the Procurement Act 2023.",
            width=40,
            written=True,
        ),
        Column(
            "Quality explanation",
            False,
            "Why the bid earned its quality points, by reference to its tender (format 2). "
            "Quoted in the letters; needed for letters under the Procurement Act 2023.",
            width=40,
            written=True,
        ),
    ),
)

RESPONSES = Sheet(
    "Responses",
    True,
    "The bidders' answers, one row per bidder, lot and criterion.",
    (
        Column("Bidder", True, "A Bidder from the Bidders sheet.", width=10),
        Column("Lot", False, "Blank: the only lot.", width=8),
        Column("Criterion", True, "A criterion Code of that lot.", width=11),
        Column(
            "Answer", False, "The answer's text (this or an Attachment).", width=80, written=True
        ),
        Column(
            "Attachment",
            False,
            "A file in the zip or folder beside the workbook: .txt, .md, .pdf or .docx.",
            width=24,
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (TENDER, LOTS, SCALE, CRITERIA, BIDDERS, BIDS, RESPONSES)
SHEET_NAMES = tuple(sheet.name for sheet in SHEETS)

# Sheets the template adds for the reader's benefit; an import skips them without a warning.
REFERENCE_SHEETS = ("Instructions", "Model criteria")


def fold(name: str) -> str:
    """Sheet and header names match case-insensitively, ignoring surrounding spaces."""
    return " ".join(name.split()).casefold()
