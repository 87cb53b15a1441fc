"""What each award letter carries, and what it must never carry; the template markup."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from svdesk.documents.letter_blocks import Span
from svdesk.documents.letter_content import (
    FailedMinimum,
    LetterContent,
    LetterKind,
    build_letters,
    ordinal,
)
from svdesk.documents.letter_reasons import ReasonPart, quoted_parts, split_rationale
from svdesk.documents.letter_tables import HeaderGroup, TableRow, number
from svdesk.documents.letter_template import (
    LetterTemplates,
    escape_value,
    parse_blocks,
    parse_spans,
)
from svdesk.documents.letter_terms import bundled_terms
from svdesk.domain.model import Regime
from svdesk.domain.standstill import standstill
from svdesk.services.moderation import ConsensusEntry, record_consensus
from svdesk.services.refusals import Refused
from svdesk.store.database import Database
from tests.support.letter_tenders import (
    CONTACTS,
    EVALUATORS,
    EXCLUDED_REASON,
    MODERATOR,
    NAMES,
    RECONCILED,
    REF,
    make_tender,
    rationale,
)

LETTER_DATE = dt.date(2026, 12, 21)


@pytest.fixture(scope="module")
def act(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return make_tender(tmp_path_factory.mktemp("act"))


@pytest.fixture(scope="module")
def letters(act: Database) -> dict[tuple[str, str], LetterContent]:
    return {(x.lot, x.addressee.bidder): x for x in build_letters(act, REF, LETTER_DATE)}


def test_one_letter_per_bid_per_lot_of_each_kind(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    assert {key: (x.kind, x.rank, x.total) for key, x in letters.items()} == {
        ("1", "B02"): (LetterKind.SUCCESSFUL, 1, "80.00"),
        ("1", "B01"): (LetterKind.UNSUCCESSFUL, 2, "78.00"),
        ("1", "B03"): (LetterKind.BELOW_MINIMUM, None, "82.00"),
        ("1", "B04"): (LetterKind.EXCLUDED, None, ""),
        ("2", "B02"): (LetterKind.SUCCESSFUL, 1, "73.50"),
    }
    assert {x.winner_name for x in letters.values()} == {"Beta Services plc"}


def test_addressee_authority_and_subject(letters: dict[tuple[str, str], LetterContent]) -> None:
    letter = letters[("1", "B01")]
    assert letter.addressee.name == "Alpha Grounds Ltd"
    assert letter.addressee.contact == "Zoë Ó Súilleabháin"
    assert letter.addressee.identifier == "01234567"
    assert letter.addressee.address_lines == ("1 High St", "Testford")
    assert letter.addressee.email == "b01@example.com"
    assert letter.authority.name == "Testshire County Council"
    assert letter.authority.address_lines == ("County Hall", "Testford", "TS1 1AA")
    assert (letter.authority.signatory_name, letter.authority.signatory_role) == (
        "Sam Signer",
        "Head of Procurement",
    )
    assert (letter.tender_title, letter.reference, letter.lot_name) == (
        "Grounds Maintenance",
        REF,
        "Lot 1: North",
    )
    assert letter.date == "21 December 2026"
    assert letter.rank_text == "2nd"


def test_unsuccessful_score_table_shows_both_bids_totals_and_rank(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    table = letters[("1", "B01")].tables["score"]
    assert table.groups == (
        HeaderGroup("", 2),
        HeaderGroup("Your tender", 2),
        HeaderGroup("Successful tender", 2),
    )
    assert table.rows == (
        TableRow(("SV1 Jobs", "12.00", "75.00", "9.00", "50.00", "6.00")),
        TableRow(("SV2 Environment", "8.00", "50.00", "4.00", "100.00", "8.00")),
        TableRow(("Social value sub-total", "20.00", "–", "13.00", "–", "14.00"), "subtotal"),
        TableRow(("Price", "40.00", "–", "35.00", "–", "38.00")),
        TableRow(("Quality", "40.00", "–", "30.00", "–", "28.00")),
        TableRow(("Total score", "100.00", "–", "78.00", "–", "80.00"), "total"),
        TableRow(("Rank", "", "", "2", "", "1"), "subtotal"),
    )
    assert [c.align for c in table.columns] == ["left"] + ["right"] * 5


def test_successful_letter_has_no_second_column(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    letter = letters[("1", "B02")]
    table = letter.tables["score"]
    assert [g.title for g in table.groups] == ["", "Your tender"]
    assert table.rows[0].cells == ("SV1 Jobs", "12.00", "50.00", "6.00")
    assert letter.advantages == ()
    assert [r.code for r in letter.reasons] == ["SV1", "SV2"]


def test_excluded_letter_gives_the_reason_and_the_winners_scores_only(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    letter = letters[("1", "B04")]
    assert letter.exclusion_reason == EXCLUDED_REASON
    assert letter.reasons == ()
    assert letter.advantages == ()
    table = letter.tables["score"]
    assert [g.title for g in table.groups] == ["", "Successful tender"]
    assert table.rows[-2].cells == ("Total score", "100.00", "–", "80.00")
    assert "39.00" not in repr(letter)  # the excluded bid's own price score


def test_below_minimum_letter_names_the_criterion_and_the_minimum(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    letter = letters[("1", "B03")]
    assert letter.failed_minimums == (FailedMinimum("SV2", "Environment", "0.00", "25"),)
    assert letter.tables["score"].rows[-1].cells == ("Rank", "", "", "not ranked", "", "1")
    assert [a.winner.code for a in letter.advantages] == ["SV2"]


def test_relative_advantages_quote_the_winner_where_it_scored_higher(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    letter = letters[("1", "B01")]
    # B02 scored 100 against B01's 50 on SV2, but 50 against 75 on SV1.
    assert [a.winner.code for a in letter.advantages] == ["SV2"]
    advantage = letter.advantages[0]
    assert (advantage.winner.score, advantage.your_score) == ("100.00", "50.00")
    assert (advantage.winner.level, advantage.your_level) == ("Excellent", "Acceptable")
    assert advantage.winner.parts == (ReasonPart("", rationale("1", "B02", "SV2", 100)),)
    # The winner's whole assessment is given too (Procurement Act 2023, s.50(4)(b)), each
    # criterion marked with whether it scored higher there.
    assert [(w.winner.code, w.your_score, w.higher) for w in letter.winner_reasons] == [
        ("SV1", "75.00", False),
        ("SV2", "50.00", True),
    ]
    assert letter.relative_advantages == "SV2 Environment and Price"
    # B02's quality score (28) is below B01's (30); its price score (38) is higher.
    assert [(o.label, o.winner, o.yours) for o in letter.other_advantages] == [
        ("price", "38.00", "35.00")
    ]


def test_reasons_are_quoted_per_sub_criterion(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    sv1 = letters[("1", "B01")].reasons[0]
    assert (sv1.code, sv1.score, sv1.level, sv1.weighted) == ("SV1", "75.00", "Good", "9.00")
    assert sv1.parts == (
        ReasonPart(
            "Sub-criterion 1: New jobs",
            "R-B01-SV1 the response commits to four local jobs with dates.",
        ),
        ReasonPart(
            "Sub-criterion 2: Skills",
            "R-B01-SV1-skills two apprenticeships with a named college, so 75 fits the descriptor.",
        ),
    )


def test_split_rationale_keeps_the_words_as_written() -> None:
    assert split_rationale("Plain reasons.", ("A",)) == (ReasonPart("", "Plain reasons."),)
    assert split_rationale(
        "Overall strong. Sub-criterion 1 (a): good. sub-criterion 3: none given.", ("Alpha",)
    ) == (
        ReasonPart("", "Overall strong."),
        ReasonPart("Sub-criterion 1: Alpha", "good."),
        ReasonPart("Sub-criterion 3", "none given."),
    )


def test_nothing_of_other_bidders_evaluators_or_reconciliation(
    letters: dict[tuple[str, str], LetterContent],
) -> None:
    for (lot, bidder), letter in letters.items():
        text = repr(letter)
        others = {k for k in NAMES if k not in (bidder, letter.winner)}
        for other in others:
            assert NAMES[other] not in text, (lot, bidder, other)
            assert CONTACTS[other] not in text, (lot, bidder, other)
            assert f"R-{other}-" not in text, (lot, bidder, other)
        for name in (*EVALUATORS, MODERATOR):
            assert name not in text
        assert RECONCILED not in text
    assert "82.00" not in repr(letters[("1", "B01")])  # B03's total


def test_standstill_worked_examples(act: Database, tmp_path: Path) -> None:
    letter = build_letters(act, REF, dt.date(2026, 12, 21), dt.date(2026, 12, 21))[0]
    assert letter.standstill.ends == "midnight at the end of Tuesday 5 January 2027"
    assert letter.standstill.ends_at == dt.datetime(2027, 1, 6, tzinfo=ZoneInfo("Europe/London"))
    assert letter.standstill.ends_instant == "00:00 UK time on Wednesday 6 January 2027"
    pcr = make_tender(tmp_path, "pcr-2015")
    letter = build_letters(pcr, REF, dt.date(2026, 12, 21))[0]
    assert letter.standstill.ends == "midnight at the end of Thursday 31 December 2026"
    assert bundled_terms(letter.regime).document == "Award decision notice"


def test_a_notice_before_the_letter_is_refused_under_the_act(act: Database) -> None:
    with pytest.raises(Refused, match="before the letter date"):
        build_letters(act, REF, dt.date(2026, 12, 21), dt.date(2026, 12, 18))


@pytest.mark.parametrize("regime", list(Regime))
def test_regime_terms_cite_the_standstill_provisions_the_count_uses(regime: Regime) -> None:
    terms = bundled_terms(regime)
    basis = standstill(regime, LETTER_DATE).basis
    provision, _, law = terms.standstill_provision.partition(" of ")
    assert f"({law.removeprefix('the ')}, {provision})" in basis
    assert terms.law == regime.law


def test_a_rationale_naming_another_bidder_or_an_evaluator_is_refused(tmp_path: Path) -> None:
    db = make_tender(tmp_path)
    record_consensus(
        db,
        REF,
        [
            ConsensusEntry(
                "1",
                "B02",
                "SV2",
                100,
                "Far ahead of Gamma Łąki Ltd, as Ann Evaluator noted, with dated targets.",
                f"{RECONCILED}: agreed after discussing the evidence.",
            )
        ],
    )
    with pytest.raises(Refused) as refused:
        build_letters(db, REF, LETTER_DATE)
    reasons = refused.value.reasons
    # B01's letter quotes B02's SV2 rationale (an advantage): it names B03 and an evaluator.
    assert any("B01" in r and "Gamma Łąki Ltd (a bidder)" in r for r in reasons)
    assert any("Ann Evaluator (a panel member)" in r for r in reasons)


def test_a_bidder_named_by_a_common_word_blocks_nothing_and_check_agrees_with_letters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from svdesk.cli import main
    from svdesk.services.readiness import readiness_problems

    def common_name(sheets: dict[str, list[list[object]]]) -> None:
        sheets["Bidders"][4][1] = "The"  # B04, excluded; every rationale has "the"

    db = make_tender(tmp_path, edit=common_name)
    assert readiness_problems(db, REF) == []
    assert len(build_letters(db, REF, LETTER_DATE)) == 5
    record_consensus(
        db,
        REF,
        [
            ConsensusEntry(
                "1",
                "B02",
                "SV2",
                100,
                "Far ahead of (GAMMA ŁĄKI), as ann evaluator noted: four local residents in "
                "permanent roles, with quarterly KPI reports and dated targets.",
                f"{RECONCILED}: agreed after discussing the evidence.",
            )
        ],
    )
    with pytest.raises(Refused) as refused:
        build_letters(db, REF, LETTER_DATE)
    problems = readiness_problems(db, REF)
    assert refused.value.reasons == problems
    assert problems == [
        "Lot 1: the rationale of B02 on SV2 names Gamma Łąki Ltd (a bidder), which the letters "
        "to B02 and B01 must not show; reword it and try again",
        "Lot 1: the rationale of B02 on SV2 names Ann Evaluator (a panel member), which the "
        "letters to B02, B01 and B03 must not show; reword it and try again",
    ]
    code = main(["--db", str(tmp_path / "procurement-act-2023.sqlite"), "check", "--tender", REF])
    err = capsys.readouterr().err
    assert code != 0
    assert all(problem in err for problem in problems)


def test_numbers_round_half_up_to_two_places() -> None:
    assert number(Decimal("2.345")) == "2.35"
    assert number(Decimal("2.335")) == "2.34"
    assert number(Decimal("1.005")) == "1.01"  # 1.00 through a float
    assert number(Decimal("-0.001")) == "0.00"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
    ]  # fmt: skip


def test_values_cannot_change_the_layout() -> None:
    name = "**Bold** & Co\n# not a heading\n[[table score]]\\"
    blocks = parse_blocks(f"Dear {escape_value(name)},\n")
    assert [b.kind for b in blocks] == ["paragraph"]
    assert blocks[0].text == "Dear **Bold** & Co\n# not a heading\n[[table score]]\\,"
    assert parse_blocks(escape_value("- not a bullet"))[0].kind == "paragraph"


def test_markup_blocks_and_spans() -> None:
    text = (
        "# Title\n\n## Heading\n### Sub\nOne line\njoined\\\nbroken\n\n- a\n- b\n"
        "> quoted\n> on\n\n>> right\n[[table score]]\n[[space]]\n"
    )
    assert [(b.kind, b.text, b.table) for b in parse_blocks(text)] == [
        ("title", "Title", ""),
        ("heading", "Heading", ""),
        ("subheading", "Sub", ""),
        ("paragraph", "One line joined\nbroken", ""),
        ("bullet", "a", ""),
        ("bullet", "b", ""),
        ("quote", "quoted on", ""),
        ("right", "right", ""),
        ("table", "", "score"),
        ("space", "", ""),
    ]
    assert parse_spans("a **b** *c* \\*d") == (
        Span("a "),
        Span("b", bold=True),
        Span(" "),
        Span("c", italic=True),
        Span(" *d"),
    )


def _letter_folder(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "mine" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path / "mine"


def test_a_template_with_a_syntax_error_names_its_file_and_line(
    tmp_path: Path, letters: dict[tuple[str, str], LetterContent]
) -> None:
    folder = _letter_folder(
        tmp_path, "procurement-act-2023/letter.md.j2", "# Title\n\nDear {{ addressee.name\n"
    )
    with pytest.raises(Refused) as refused:
        LetterTemplates(folder).render(letters[("1", "B01")])
    (reason,) = refused.value.reasons
    assert str(folder / "procurement-act-2023" / "letter.md.j2") in reason
    assert "line 3" in reason


def test_a_misspelt_variable_names_its_file_and_line(
    tmp_path: Path, letters: dict[tuple[str, str], LetterContent]
) -> None:
    folder = _letter_folder(tmp_path, "shared/closing.md.j2", "Yours,\n\n{{ authority.nmae }}\n")
    with pytest.raises(Refused) as refused:
        LetterTemplates(folder).render(letters[("1", "B01")])
    (reason,) = refused.value.reasons
    assert str(folder / "shared" / "closing.md.j2") in reason
    assert "line 3" in reason
    assert "nmae" in reason


def test_a_users_folder_overrides_only_the_files_it_has(
    tmp_path: Path, letters: dict[tuple[str, str], LetterContent]
) -> None:
    folder = _letter_folder(
        tmp_path, "shared/closing.md.j2", "Kind regards,\n\n**{{ authority.signatory_name }}**\n"
    )
    rendered = LetterTemplates(folder).render(letters[("1", "B01")])
    texts = [b.text for b in rendered.blocks]
    assert texts[-2:] == ["Kind regards,", "Sam Signer"]
    assert "Assessment summary" in texts  # the rest comes from the bundled set
    with pytest.raises(Refused, match="does not exist"):
        LetterTemplates(tmp_path / "nowhere")


def test_a_part_under_its_sub_criterion_heading_begins_with_a_capital() -> None:
    assert quoted_parts(
        "Overall strong. Sub-criterion 1 (a): good, with 9 new jobs. Sub-criterion 2: "
        "e-bikes for all.",
        ("Alpha", "Beta"),
    ) == (
        ReasonPart("", "Overall strong."),
        ReasonPart("Sub-criterion 1: Alpha", "Good, with 9 new jobs."),
        ReasonPart("Sub-criterion 2: Beta", "E-bikes for all."),
    )
    assert quoted_parts("plain words as written.", ()) == (
        ReasonPart("", "plain words as written."),
    )
