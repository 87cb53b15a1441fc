"""Names taken out of what the room reads: a bidder's as written in any case, with and
without its legal ending, and by its first word; a person's whole and by each part, as
written with a capital."""

from __future__ import annotations

from svdesk.domain.redaction import bidder_names, person_names, redact, short_name


def test_a_bidders_names_with_and_without_its_legal_ending() -> None:
    assert bidder_names("Greenway Mobility CIC") == ("Greenway Mobility CIC", "Greenway Mobility")
    assert bidder_names("Acme Ltd.") == ("Acme Ltd.", "Acme")
    assert bidder_names("Castlegate Transport Group plc") == (
        "Castlegate Transport Group plc",
        "Castlegate Transport",
    )
    assert bidder_names("Moorside") == ("Moorside",)


def test_a_bidders_first_word_stands_for_it_unless_it_is_a_common_one() -> None:
    assert short_name("Greenway Mobility CIC") == "Greenway"
    assert short_name("Community Transport Ltd") is None
    assert short_name("North Star Buses") is None
    assert short_name("Acme") is None  # one word: the name itself


def test_bidders_are_taken_out_whatever_the_case() -> None:
    names = [(bidder_names("Greenway Mobility CIC"), "Bidder 2")]
    text = "GREENWAY MOBILITY CIC and Greenway Mobility will do it; greenways stay."
    assert redact(text, names, ignore_case=True) == (
        "Bidder 2 and Bidder 2 will do it; greenways stay."
    )


def test_people_are_taken_out_whole_and_by_each_part_with_a_capital() -> None:
    names = [(person_names("Mark Hall"), "Evaluator A")]
    text = "Mark Hall gave 75; Hall thought so too. Mark my words: the hall was full."
    assert redact(text, names, ignore_case=False) == (
        "Evaluator A gave 75; Evaluator A thought so too. Evaluator A my words: the hall was full."
    )
    assert person_names("Siobhán  Doherty") == ("Siobhán Doherty", "Siobhán", "Doherty")
    assert person_names("Al Li") == ("Al Li",)  # parts too short to stand alone


def test_a_label_put_in_is_never_taken_for_a_name() -> None:
    names = [
        (person_names("Ann Evaluator"), "Evaluator A"),
        (person_names("Ben Evaluator"), "Evaluator B"),
    ]
    text = "Ann Evaluator gave 75 and Ben 50."
    # "Evaluator" is a part of both names: it stands for neither alone.
    assert redact(text, names, ignore_case=False, ambiguous="an evaluator") == (
        "Evaluator A gave 75 and Evaluator B 50."
    )
    assert redact("Evaluator said so", names, ignore_case=False, ambiguous="an evaluator") == (
        "an evaluator said so"
    )
