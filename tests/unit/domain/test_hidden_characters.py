"""The hidden character rule: what counts, what is refused, what is cleaned."""

from __future__ import annotations

import pytest

from svdesk.domain.hidden_characters import hidden_characters, hidden_text


@pytest.mark.parametrize(
    "text",
    ["Acme Ltd", "two\nlines\r\nand\ttabs", "Zoë Łukasz", "שלום", "\u200fmark", "£1,250"],
)
def test_ordinary_text_holds_nothing_hidden(text: str) -> None:
    assert hidden_text(text, written=False) is None
    assert hidden_text(text, written=True) is None


@pytest.mark.parametrize(
    "char",
    [
        "\x00",
        "\x07",
        "\x08",
        "\x1b",
        "\x7f",
        "\x80",
        "\x9f",
        "\u202a",
        "\u202e",
        "\u2066",
        "\u2069",
    ],
)
def test_control_and_bidi_characters_are_hidden(char: str) -> None:
    assert hidden_characters(f"a{char}b") == [char]


def test_a_name_is_refused_and_quoted_without_the_character() -> None:
    found = hidden_text("Acme\u202e dtL\x1b[0m", written=False)
    assert found is not None
    assert found.refused
    assert found.text == "Acme dtL[0m"
    assert "U+202E (right-to-left override), U+001B (escape)" in found.message
    assert "\u202e" not in found.message
    assert "\x1b" not in found.message


def test_written_text_is_cleaned_keeping_its_line_breaks() -> None:
    found = hidden_text("First line\x0bsecond\x0cthird\x85fourth\x07.", written=True)
    assert found is not None
    assert not found.refused
    assert found.text == "First line\nsecond\nthird\nfourth."
    assert found.message.startswith("hidden characters were removed from the text: U+000B")


def test_many_characters_are_listed_in_short() -> None:
    found = hidden_text("\x01\x02\x03\x04\x05", written=False)
    assert found is not None
    assert "and 2 more" in found.message
