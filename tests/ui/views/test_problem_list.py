"""The list of problems shows every word of a long problem, wrapped at the list's width."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from svdesk.ui.views.problem_list import ProblemList

LONG = (
    "Confidentiality review: 10 open passages in the reasons of lot 1's winning bid, B01 "
    "(SV1 sentences 2, 3 and 4; SV2 sentences 2, 3 and 4; SV3 sentences 2 and 3; SV4 "
    "sentences 1 and 2): they quote its tender; approve, edit or redact each"
)


def _heights(problems: ProblemList) -> list[int]:
    return [
        problems.visualItemRect(problems.topLevelItem(row)).height()
        for row in range(problems.topLevelItemCount())
    ]


def test_a_long_problem_wraps_onto_more_lines_than_a_short_one(qtbot: QtBot) -> None:
    problems = ProblemList()
    qtbot.addWidget(problems)
    problems.resize(600, 300)
    problems.set_problems([LONG, "Short."])
    problems.show()
    qtbot.waitExposed(problems)
    long_row, short_row = _heights(problems)
    assert long_row >= 2 * short_row - 4  # at least two lines, not cut at the edge


def test_a_narrower_list_wraps_the_problem_onto_more_lines(qtbot: QtBot) -> None:
    problems = ProblemList()
    qtbot.addWidget(problems)
    problems.resize(700, 300)
    problems.set_problems([LONG])
    problems.show()
    qtbot.waitExposed(problems)
    (wide,) = _heights(problems)
    problems.resize(300, 300)
    qtbot.waitUntil(lambda: _heights(problems)[0] > wide)
    assert problems.problems() == [LONG]
