"""The rationale check and the reconciliation rule, live on the consensus page: each flag
shows why and what to write instead; a note is asked for when the consensus differs from
every evaluator's score."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from svdesk.bundled import default_scale
from svdesk.store.database import Database
from tests.ui.views.moderation.consensus_support import (
    OFFSCREEN_WINDOW,
    OnPage,
    moderating,
    page_on,
    tender,
)

__all__ = ["moderating", "tender"]
pytestmark = OFFSCREEN_WINDOW
GOOD = default_scale().levels[3].descriptor


def checked(qtbot: QtBot, on: OnPage, rationale: str) -> list[str]:
    """The flags shown once ``rationale`` is typed and kept."""
    on.type_into(0, rationale)
    qtbot.waitUntil(lambda: not on.page.keeper.pending(), timeout=3000)
    return on.page.editor.flag_texts()


@pytest.mark.parametrize(
    ("rationale", "why", "instead"),
    [
        (
            "Four local residents recruited into permanent roles with quarterly KPI reports, "
            "which is better than the other bids.",
            'The rationale compares bids ("better than the other")',
            "Write instead: assess this answer against the criterion and the scale alone",
        ),
        (
            "Four local residents recruited into permanent roles with quarterly KPI reports, "
            "as Alpha Grounds Ltd also promised in its own answer.",
            "The rationale names another bidder (Alpha Grounds Ltd)",
            "Write instead: remove the name: the letters quote this rationale",
        ),
        (
            "Environment: how will you cut emissions? Cut emissions for the environment.",
            "The rationale only repeats the criterion",
            "Write instead: say how this answer meets the criterion",
        ),
        (
            GOOD,
            "The rationale only repeats the scale's descriptor",
            "Write instead: say what in the answer makes the descriptor fit",
        ),
        (
            "The submission is generic and vague, offering nothing measurable or specific, so "
            "the panel could not rely upon it.",
            "The rationale does not refer to anything in the bidder's answer",
            "Write instead: name what the answer offers",
        ),
        (
            "Four residents recruited quarterly.",
            "The rationale is too short to explain its score (4 words)",
            "Write instead: write at least 12 words",
        ),
    ],
    ids=[
        "compares",
        "names-another-bidder",
        "repeats-criterion",
        "repeats-scale",
        "no-reference",
        "too-short",
    ],
)
def test_each_flag_of_the_rationale_check_is_shown_with_what_to_write_instead(
    qtbot: QtBot, moderating: Database, rationale: str, why: str, instead: str
) -> None:
    on = page_on(qtbot, moderating)
    on.open("B02", "SV2")
    on.pick(100)
    flags = checked(qtbot, on, rationale)
    shown = [f for f in flags if f.startswith(why)]
    assert len(shown) == 1, flags
    assert shown[0].splitlines()[1].startswith(instead)
    assert not on.page.editor.check_note.isVisibleTo(on.page)
    # Warnings while moderating: the draft is kept all the same.
    draft = on.read("B02", "SV2").draft
    assert draft is not None
    assert draft.rationale == rationale


def test_a_sound_rationale_has_no_warnings_and_reopening_shows_the_flags_again(
    qtbot: QtBot, moderating: Database
) -> None:
    on = page_on(qtbot, moderating)
    on.open("B01", "SV1")  # two sub-criteria: each part is checked as the letters quote it
    on.pick(75)
    assert on.page.editor.flag_texts() == []  # nothing written: nothing to flag yet
    on.type_into(1, "Better than the other bids.")
    qtbot.waitUntil(lambda: not on.page.keeper.pending(), timeout=3000)
    flags = on.page.editor.flag_texts()
    assert any(f.startswith("The rationale compares bids") for f in flags)
    on.open("B01", "SV2")
    on.open("B01", "SV1")  # read afresh: the flags come from the draft as kept
    assert any(f.startswith("The rationale compares bids") for f in on.page.editor.flag_texts())


def test_a_note_is_needed_when_the_consensus_differs_from_every_score(
    qtbot: QtBot, moderating: Database
) -> None:
    on = page_on(qtbot, moderating)
    on.open("B02", "SV2")  # both evaluators gave 100
    editor = on.page.editor
    assert not editor.need.isVisibleTo(on.page)
    assert editor.not_needed.text().startswith("Choose a score")
    on.pick(75)
    assert editor.need.isVisibleTo(on.page)
    assert editor.need.text() == (
        "A reconciliation note is needed: the consensus 75 differs from every evaluator's "
        "score (100, 100). Say how the panel resolved the difference and who was present."
    )
    on.type_into(
        0,
        "Four local residents recruited into permanent roles, two ring-fenced for care "
        "leavers, reported quarterly; no start date is given.",
    )
    qtbot.waitUntil(lambda: not on.page.keeper.pending(), timeout=3000)
    on.page.editor.agree.click()
    assert "The reconciliation note is required: the consensus 75 differs" in on.page.outcome.text()
    assert on.read("B02", "SV2").consensus is None
    on.pick(100)  # as the panel scored it: no note needed
    assert not editor.need.isVisibleTo(on.page)
    assert editor.not_needed.text().startswith("Not needed for this score")
    on.page.editor.agree.click()
    assert on.read("B02", "SV2").consensus == 100
