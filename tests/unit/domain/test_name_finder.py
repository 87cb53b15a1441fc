"""Finding names in quoted text as a panel would mean them, and which a letter must not show."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from svdesk.bundled import common_english_words
from svdesk.domain.name_finder import KnownName, NameFinder
from svdesk.domain.name_leaks import known_names, name_leaks
from svdesk.domain.scoring import BidResult, CriterionResult, LotResult


def found(name: str, text: str, *, person: bool = False) -> bool:
    finder = NameFinder([KnownName(name, "a bidder", "B09", person)], common_english_words())
    return bool(finder.find(text))


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Alpha Grounds Ltd", "Stronger than Alpha Grounds Ltd on every count."),
        ("Alpha Grounds Ltd", "stronger than ALPHA GROUNDS LTD."),
        ("Alpha Grounds Ltd", "stronger than alpha grounds ltd"),
        ("Alpha Grounds Ltd", "(as Alpha-Grounds, Ltd. proposed)"),
        ("Alpha Grounds Ltd", "“Alpha Grounds Ltd’s” plan"),
        ("Alpha Grounds Ltd", "as Alpha\nGrounds  Ltd put it"),
        ("Alpha Grounds Ltd", "unlike Alpha Grounds, the bidder"),  # without its suffix
        ("Alpha Grounds Limited", "unlike alpha grounds"),
        ("Beta Services Public Limited Company", "Beta Services offered"),
        ("Greenway Mobility CIC", "Greenway Mobility's offer"),
        ("Greenway CIC", "as Greenway proposed"),  # one word, but not a common one
        ("Delta & Sons Ltd", "Delta and Sons Ltd committed"),
        ("Delta and Sons Ltd", "Delta & Sons Ltd committed"),
        ("Delta & Sons Ltd", "Delta&Sons"),
        ("Gamma Łąki Ltd", "GAMMA ŁĄKI LTD scored"),
        ("Acme", "the ACME bid"),
        ("The Ltd", "as The Ltd wrote"),  # a name of the word, but with its suffix
    ],
)
def test_a_name_is_found_whole_in_any_case_and_across_punctuation(name: str, text: str) -> None:
    assert found(name, text)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("The", "The response commits to four local jobs."),
        ("Care", "Ring-fenced roles for care leavers."),
        ("Green", "New green spaces on the estate."),
        ("Care Ltd", "Ring-fenced roles for care leavers."),  # its suffix gone: a common word
        ("Green Limited", "Green roofs."),
        ("Alpha Grounds Ltd", "Alpha and grounds staff"),
        ("Alpha Grounds Ltd", "The Alpha Groundsman Ltd"),
        ("Acme", "Acmeology"),
        ("BT", "BT offered"),  # two letters: too short to tell from an abbreviation
        ("2024", "by 2024"),
        ("", "anything"),
    ],
)
def test_no_false_hit_on_a_common_word_or_part_of_a_name(name: str, text: str) -> None:
    assert not found(name, text)


def test_a_person_is_found_by_the_full_name_only() -> None:
    assert found("Ann Evaluator", "as ANN evaluator noted", person=True)
    assert found("Zoë Ó Súilleabháin", "(zoë ó súilleabháin)", person=True)
    assert not found("Ann Evaluator", "Ann said", person=True)
    assert not found("Mark", "a mark of quality", person=True)


def test_the_longer_name_is_read_where_one_name_holds_another() -> None:
    acme = KnownName("Acme", "a bidder", "B01")
    grounds = KnownName("Acme Grounds Ltd", "a bidder", "B02")
    finder = NameFinder([acme, grounds], common_english_words())
    assert finder.find("As Acme Grounds Ltd showed") == (grounds,)
    assert finder.find("Acme, and then Acme Grounds Ltd") == (acme, grounds)


def _bid(key: str, score: int) -> BidResult:
    result = CriterionResult("SV1", Decimal(10), Decimal(score), Decimal(score) / 10)
    total = Decimal(score)
    return BidResult(key, key, None, True, total, total, total, total, (result,), ())


def test_a_batch_of_a_thousand_bids_is_read_once_per_text() -> None:
    # The winner's rationale is quoted in its own letter and in every other bidder's: it
    # is read once, and its one leak is one message, not a thousand.
    keys = [f"B{n:04}" for n in range(1000)]
    lot = LotResult(
        "1", True, "B0000", tuple(_bid(k, 100 if k == "B0000" else 50) for k in keys), ()
    )
    rationales = {("1", k): {"SV1": f"Sound plan from bidder {k}."} for k in keys}
    rationales[("1", "B0000")] = {"SV1": "Far ahead of BIDDER NUMBER 0999 LTD, with dates."}
    bidders = [(k, f"Bidder Number {k[1:]} Ltd", f"Contact Person {k}") for k in keys]
    finder = NameFinder(known_names(bidders, ["Ann Evaluator"]), common_english_words())
    started = time.perf_counter()
    leaks = name_leaks([lot], rationales, {}, finder)
    assert time.perf_counter() - started < 5
    assert leaks == [
        "Lot 1: the rationale of B0000 on SV1 names Bidder Number 0999 Ltd (a bidder), which "
        "the letters to B0000, B0001, B0002, B0003, B0004 and 994 others must not show; "
        "reword it and try again"
    ]
