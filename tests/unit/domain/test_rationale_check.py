"""The rationale check: each flag, why it is raised and what to write instead."""

from __future__ import annotations

import pytest

from svdesk.bundled import common_english_words
from svdesk.domain.rationale_check import (
    FlagKind,
    RationaleContext,
    bidder_names,
    rationale_flags,
)
from svdesk.services.moderation_rationale import english_stems

CRITERION = (
    "Local employment\nHow will you create jobs for local people during the contract?\n"
    "New jobs\nSkills"
)
DESCRIPTORS = (
    "Excellent A comprehensive, robust response with strong evidence of delivery.",
    "Good A detailed response with clear evidence.",
    "Poor A weak response with little evidence.",
)
ANSWER = (
    "We will recruit four local residents into new permanent roles, two of them ring-fenced "
    "for care leavers, and report quarterly against agreed KPIs."
)
SOUND = (
    "Four permanent roles for local residents, two ring-fenced for care leavers, with "
    "quarterly KPI reporting; no dates for recruitment, so not excellent."
)
FINDER = bidder_names(
    [("B01", "Alpha Grounds Ltd", "Alice Able"), ("B02", "Beta Care CIC", "Bob Best")],
    common_english_words(),
)


def kinds(rationale: str, *, own: str = "B01", missing: bool = False) -> list[FlagKind]:
    context = RationaleContext(rationale, CRITERION, DESCRIPTORS, ANSWER, missing)
    return [flag.kind for flag in rationale_flags(context, FINDER, own, english_stems)]


def test_a_sound_rationale_has_no_flag() -> None:
    assert kinds(SOUND) == []


def test_comparing_bids_is_flagged_with_what_to_write_instead() -> None:
    text = f"{SOUND} This is better than the other bids we saw."
    flags = rationale_flags(RationaleContext(text, CRITERION, DESCRIPTORS, ANSWER), FINDER, "B01")
    assert [f.kind for f in flags] == [FlagKind.COMPARES]
    assert flags[0].why == 'the rationale compares bids ("better than the other")'
    assert "without reference to other bids" in flags[0].instead
    assert kinds(f"{SOUND} Weaker when compared with the rest.") == [FlagKind.COMPARES]


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("The plan is far ahead of the other bids.", "far ahead of the other bids"),
        ("It is ahead of the others on apprenticeships.", "ahead of the others"),
        ("It outperformed every other response.", "outperformed"),
        ("Its plan was stronger than the other bids.", "stronger than the other"),
        ("Its plan was more robust than the other bids.", "than the other bids"),
        ("Compared with other bidders, the plan is thin.", "Compared with"),
        ("This was the best of the bids.", "best of the bids"),
        ("It was the best of all the bids.", "best of all the bids"),
        ("The strongest submission received for this criterion.", "strongest submission received"),
        ("It is the only bidder to commit to the living wage.", "the only bidder"),
        ("It ranked first among the bids on this criterion.", "ranked first among"),
        ("It surpassed the rest of the field.", "surpassed the rest"),
        ("It is streets ahead on training.", "streets ahead"),
        ("It outscored the incumbent.", "outscored"),
        ("Its targets are well above the others.", "well above the others"),
    ],
)
def test_each_comparative_phrasing_is_flagged_and_quoted(sentence: str, quoted: str) -> None:
    text = f"{SOUND} {sentence}"
    flags = rationale_flags(RationaleContext(text, CRITERION, DESCRIPTORS, ANSWER), FINDER, "B01")
    assert [f.kind for f in flags] == [FlagKind.COMPARES]
    assert flags[0].why == f'the rationale compares bids ("{quoted}")'
    assert flags[0].instead.startswith("assess this answer against the criterion and the scale")


@pytest.mark.parametrize(
    "sentence",
    [
        "Recruitment is ahead of schedule.",
        "Recruitment starts well ahead of the contract start date.",
        "The first cohort is far ahead of its own 2027 target.",
        "The bidder plans far ahead, with a named lead for each year.",
        "Its current contract outperformed its KPIs in each quarter.",
        "It runs an art competition for local schools.",
        "It reports the highest response rate in the region.",
        "Pay is above the living wage, and training is against its targets.",
        "The rest of the plan is less specific.",
        "More apprentices than the contract requires.",
    ],
)
def test_what_is_said_of_the_response_itself_is_not_a_comparison(sentence: str) -> None:
    assert kinds(f"{SOUND} {sentence}") == []


def test_naming_another_bidder_is_flagged_but_not_the_bid_s_own_name() -> None:
    assert kinds(f"{SOUND} Beta Care offered more.") == [FlagKind.NAMES_BIDDER]
    assert kinds(f"{SOUND} Unlike B02 it has KPIs.") == [FlagKind.COMPARES, FlagKind.NAMES_BIDDER]
    assert kinds(f"{SOUND} Alpha Grounds commits to this.") == []
    flag = rationale_flags(
        RationaleContext(f"{SOUND} Bob Best said so.", CRITERION, DESCRIPTORS, ANSWER),
        FINDER,
        "B01",
    )[0]
    assert flag.why == "the rationale names another bidder (Bob Best)"


def test_repeating_the_criterion_or_the_scale_is_flagged() -> None:
    criterion_only = (
        "Creates jobs for local people during the contract: new jobs and skills for local people."
    )
    assert FlagKind.REPEATS_CRITERION in kinds(criterion_only)
    descriptor_only = (
        "A comprehensive, robust response with strong evidence of delivery, excellent."
    )
    assert FlagKind.REPEATS_SCALE in kinds(descriptor_only)


def test_a_rationale_that_never_mentions_the_answer_is_flagged() -> None:
    generic = "Commitments are specific and measurable and suit this contract, with a sound plan."
    assert kinds(generic) == [FlagKind.NO_REFERENCE]
    # A missing answer has nothing to refer to.
    assert kinds(generic, missing=True) == []


def test_too_short_to_explain_its_score() -> None:
    flags = kinds("Four local roles and quarterly KPIs.")
    assert flags == [FlagKind.TOO_SHORT]
    context = RationaleContext(
        "Four local roles and quarterly KPIs.", CRITERION, DESCRIPTORS, ANSWER
    )
    assert rationale_flags(context)[0].message == (
        "the rationale is too short to explain its score (6 words); write at least 12 words: "
        "the answer's strengths and weaknesses, and why this score rather than the one above "
        "or below"
    )


def test_english_stems_are_snowballs_remembered_per_word_and_safe_across_threads() -> None:
    """Each word is stemmed once and remembered (the readiness check of a large tender
    repeats the same words thousands of times); each thread has its own stemmer."""
    import threading

    from svdesk.services.moderation_rationale import english_stems

    words = ["reporting", "reported", "apprenticeships", "commitments", "quarterly"]
    expected = ["report", "report", "apprenticeship", "commit", "quarter"]
    assert english_stems(words) == expected
    found: list[list[str]] = []

    def stem_many() -> None:
        for _ in range(200):
            found.append(english_stems([f"{w}{n}" for n, w in enumerate(words)] + words))

    threads = [threading.Thread(target=stem_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(stems[-5:] == expected for stems in found)
