"""An entry's fingerprint is the SHA-256 of its fields as one JSON array: trails written by
every version of svdesk must still check, so the text hashed may never change."""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from svdesk.store import audit

# Any text SQLite can hold: every code point but the lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)))


def as_json_dumps_hashes(*fields: str | None) -> str:
    content = json.dumps(list(fields), ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@given(
    st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT),
    st.none() | TEXT,
    st.none() | TEXT,
)
def test_the_fingerprint_is_that_of_the_fields_as_a_json_array(
    fields: tuple[str, str, str, str, str, str, str], old: str | None, new: str | None
) -> None:
    assert audit.entry_hash(*fields, old, new) == as_json_dumps_hashes(*fields, old, new)


def test_a_known_entry_keeps_its_fingerprint() -> None:
    # Quotes, a backslash, a control character, a line break and non-ASCII text.
    digest = audit.entry_hash(
        audit.GENESIS,
        "ÉCOLE-1",
        "2026-01-02T03:04:05.000006+00:00",
        'Ann "the chair" Lee',
        "changed",
        "score",
        "Ann Lee / lot 1 / B01 / SV1",
        '{"score": 50}',
        None,
    )
    # The text hashed, written out by hand.
    content = (
        '["' + "0" * 64 + '", "ÉCOLE-1", "2026-01-02T03:04:05.000006+00:00", '
        '"Ann \\"the chair\\" Lee", "changed", "score", "Ann Lee / lot 1 / B01 / SV1", '
        '"{\\"score\\": 50}", null]'
    )
    assert digest == hashlib.sha256(content.encode("utf-8")).hexdigest()


@given(TEXT)
def test_control_characters_and_backslashes_are_escaped_as_json_escapes_them(text: str) -> None:
    fields = (text + "\\\x00\x1f\u2028", "R", "t", "a", "x", "e", "k")
    assert audit.entry_hash(*fields, text, None) == as_json_dumps_hashes(*fields, text, None)
