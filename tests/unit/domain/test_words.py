from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from svdesk.domain.words import clipped, count_words, split_at_word_limit, words_over_limit


def test_count_words_counts_runs_of_non_space() -> None:
    assert count_words("") == 0
    assert count_words("  one,  two\n\nthree-four  ") == 3
    assert count_words("Zoë Ó Súilleabháin") == 3


def test_split_keeps_text_as_written_up_to_the_limit() -> None:
    within, beyond = split_at_word_limit("One two\n\nthree four five", 3)
    assert within == "One two\n\nthree"
    assert beyond == " four five"


def test_split_without_limit_or_within_it() -> None:
    assert split_at_word_limit("a b c", None) == ("a b c", "")
    assert split_at_word_limit("a b c", 3) == ("a b c", "")
    assert split_at_word_limit("a b c", 0) == ("", "a b c")


def test_words_over_limit() -> None:
    assert words_over_limit("a b c d", 3) == 1
    assert words_over_limit("a b", 3) == 0
    assert words_over_limit("a b", None) == 0


@given(st.text(alphabet=st.sampled_from("ab \n\t.é"), max_size=60), st.integers(0, 20))
def test_split_parts_rejoin_and_hold_the_limit(text: str, limit: int) -> None:
    within, beyond = split_at_word_limit(text, limit)
    assert within + beyond == text
    assert count_words(within) == min(limit, count_words(text))
    assert count_words(beyond) == words_over_limit(text, limit)


def test_a_clipped_text_ends_where_it_was_cut() -> None:
    assert clipped("Moorside Passenger Services", 40) == "Moorside Passenger Services"
    assert clipped("Moorside Passenger Services", 12) == "Moorside Pa…"
    assert clipped("Moorside Passenger Services", 10) == "Moorside…"  # no space before it
    assert clipped("x" * 70, 60, "...") == "x" * 57 + "..."


@given(st.text(), st.integers(min_value=1, max_value=80))
def test_a_clipped_text_is_never_longer_than_asked(text: str, length: int) -> None:
    assert len(clipped(text, length)) <= length
    assert clipped(text, length) == text or clipped(text, length).endswith("…")
