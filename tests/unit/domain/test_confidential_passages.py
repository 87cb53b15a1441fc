"""The confidentiality review's finder: sentences of a letter reason that quote the tender."""

from __future__ import annotations

import time

import pytest

from svdesk.bundled import common_english_words
from svdesk.domain.confidential_passages import (
    Passage,
    QuoteKind,
    find_passages,
    sentences_of,
)

ANSWER = (
    "Moorside will create six new FTE roles, advertised through Jobcentre Plus and "
    "Kelsbridge Works, with retention tracked at 6 and 12 months. We will spend at least "
    "£45,000 a year with local social enterprises. Our fleet of 14 vehicles will cut "
    "emissions by 35% by August 2030. Our partner Upper Dale Good Neighbours will run the "
    "Dale Link service, and our apprentices will be trained to the highest standard."
)
PUBLIC = (
    "Create new jobs and new skills. Describe the commitment your organisation will make to "
    "create new jobs and new skills for local people, reporting at least quarterly. "
    "Sub-criteria: New jobs for local residents; Apprenticeships. Lot 1 North. "
    "Excellent: a detailed, specific response with measurable commitments. Northmoor "
    "Borough Council. Moorside Passenger Services Ltd"
)


def passages(reason: str, answer: str = ANSWER, public: str = PUBLIC) -> tuple[Passage, ...]:
    return find_passages(reason, answer, public, common_english_words())


def quoted(reason: str, kind: QuoteKind, answer: str = ANSWER) -> list[str]:
    return [q.text for p in passages(reason, answer) for q in p.quotes if q.kind is kind]


def test_sentences_are_numbered_and_sub_criterion_labels_are_left_out() -> None:
    text = (
        "The response is strong. Sub-criterion 1 (new jobs): six roles. "
        "Sub-criterion 2 (skills): two apprentices!\nA last line"
    )
    found = sentences_of(text)
    assert [s.text for s in found] == [
        "The response is strong.",
        "six roles.",
        "two apprentices!",
        "A last line",
    ]
    assert [s.number for s in found] == [1, 2, 3, 4]
    for sentence in found:
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    ("reason", "figure"),
    [
        ("The bid commits £45,000 a year to local enterprises.", "£45,000"),
        ("It cuts emissions by 35% over the contract.", "35%"),
        ("Emissions fall steadily to August 2030 under the plan.", "August 2030"),
        ("A fleet of 14 vehicles serves the lot.", "14"),
        ("Retention is tracked at 6 and 12 months.", "12"),
    ],
)
def test_figures_of_the_tender_are_found(reason: str, figure: str) -> None:
    assert figure in quoted(reason, QuoteKind.FIGURE)


def test_a_bare_number_not_in_the_answer_and_the_lot_number_are_not_figures() -> None:
    # 75 is the score, Lot 1 the tender's own structure: neither comes from the tender.
    assert quoted("The panel agreed 75 for Lot 1 after discussion.", QuoteKind.FIGURE) == []


def test_a_sum_or_a_date_is_flagged_even_when_the_answer_words_it_differently() -> None:
    assert quoted("Financing of £1.1 million is in place by July 2027.", QuoteKind.FIGURE) == [
        "£1.1 million",
        "July 2027",
    ]


def test_figures_the_authority_gave_are_not_flagged() -> None:
    public = PUBLIC + " The contract starts in April 2027."
    found = find_passages(
        "Services begin in April 2027 as the tender asked.",
        ANSWER + " We start in April 2027.",
        public,
        common_english_words(),
    )
    assert found == ()


def test_names_from_the_answer_are_found() -> None:
    names = quoted(
        "Roles are advertised through Jobcentre Plus and Kelsbridge Works. The Dale Link "
        "service runs with Upper Dale Good Neighbours.",
        QuoteKind.NAME,
    )
    assert "Jobcentre Plus and Kelsbridge Works" in names
    assert "Dale Link" in names
    assert "Upper Dale Good Neighbours" in names


def test_a_name_joined_differently_is_found_part_by_part() -> None:
    names = quoted("It works with Kelsbridge Works and Jobcentre Plus.", QuoteKind.NAME)
    assert names == ["Kelsbridge Works", "Jobcentre Plus"]


def test_a_name_not_in_the_answer_is_not_flagged() -> None:
    assert quoted("It works with Castlegate Academy on training.", QuoteKind.NAME) == []


def test_no_false_flags_on_criterion_words_the_scale_or_the_winners_own_name() -> None:
    reason = (
        "The response makes measurable commitments to create new jobs and new skills for "
        "local people, reporting at least quarterly. Moorside Passenger Services Ltd gives a "
        "detailed, specific response. Excellent fits."
    )
    answer = (
        "Moorside Passenger Services Ltd will create new jobs and new skills for local people, "
        "reporting at least quarterly, with measurable commitments."
    )
    assert passages(reason, answer) == ()


def test_sentence_start_capitals_and_abbreviations_are_not_names() -> None:
    reason = "Our apprentices gain an FTE post. Training follows, with KPIs."
    answer = "Our apprentices gain an FTE post after training. Training follows, with KPIs."
    assert quoted(reason, QuoteKind.NAME, answer) == []
    assert quoted("It works with McAlpine.", QuoteKind.NAME, "McAlpine will help.") == ["McAlpine"]


def test_a_distinctive_phrase_is_found_and_merged_across_overlaps() -> None:
    phrases = quoted(
        "Apprentices will be trained to the highest standard under the plan.",
        QuoteKind.PHRASE,
    )
    assert phrases == ["Apprentices will be trained to the highest standard"]


def test_a_phrase_of_function_words_or_criterion_words_is_not_distinctive() -> None:
    answer = "It is one of the best of the bids. We create new jobs and new skills for people."
    reason = "It is one of the ways to create new jobs and new skills for people."
    assert quoted(reason, QuoteKind.PHRASE, answer) == []


def test_each_passage_says_what_it_quotes_and_why() -> None:
    (passage,) = passages("We note £45,000 a year through Jobcentre Plus and Kelsbridge Works.")
    assert "£45,000" in passage.what
    assert "Jobcentre Plus and Kelsbridge Works" in passage.what
    assert "sum of money" in passage.why
    assert "name" in passage.why
    for quote in passage.quotes:
        assert passage.sentence.text[quote.start : quote.end] == quote.text


def test_a_sentence_quoting_nothing_is_no_passage() -> None:
    reason = "The plan is credible. It spends £45,000 a year locally."
    (passage,) = passages(reason)
    assert passage.sentence.number == 2


def test_a_huge_hostile_answer_is_read_in_bounded_time() -> None:
    reason = (
        "Sub-criterion 1 (jobs): " + " ".join(f"Word{n} Name{n} {n}%" for n in range(300)) + "."
    )
    # The reason itself repeated, nested brackets, digits and punctuation: nothing that
    # makes a pattern backtrack or an index grow past the reason's size.
    answer = (reason * 200) + ("((((£1," * 50_000) + ("1" * 200_000) + (". " * 100_000)
    started = time.perf_counter()
    found = passages(reason, answer)
    elapsed = time.perf_counter() - started
    assert found
    assert elapsed < 10


def test_a_hostile_reason_of_many_figures_is_bounded_too() -> None:
    reason = "£" + "1," * 20_000 + "5 " + "Q1 2027 " * 2_000
    started = time.perf_counter()
    passages(reason, reason)
    assert time.perf_counter() - started < 10


def test_a_bracketed_sentence_ends_where_its_bracket_does() -> None:
    # A redacted passage stays one sentence: the numbers of those after it do not move.
    text = "One. [Details withheld as commercially confidential.] Three follows."
    assert [s.text for s in sentences_of(text)] == [
        "One.",
        "[Details withheld as commercially confidential.]",
        "Three follows.",
    ]
