"""A score sheet, a consensus workbook or a letter logo that is not an ordinary file (a
named pipe, a device) is refused at once, by name, instead of waiting for ever on the pipe
or reading the device without end; a file over the size limit is refused unread."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from svdesk.documents.letter_pdf import check_logo
from svdesk.services.refusals import Refused
from svdesk.sheets.consensus_sheet_reader import read_consensus_sheet
from svdesk.sheets.score_sheet_reader import read_score_sheet
from tests.support.timeouts import within

HANG = 10  # seconds: a refusal takes milliseconds; only a hang takes this long

READERS: dict[str, Callable[[Path], object]] = {
    "score sheet": read_score_sheet,
    "consensus workbook": read_consensus_sheet,
    "logo": check_logo,
}


def refusal(read: Callable[[Path], object], path: Path, fifos: tuple[Path, ...] = ()) -> str:
    def attempt() -> str:
        with pytest.raises(Refused) as caught:
            read(path)
        return "\n".join(caught.value.reasons)

    message = within(HANG, attempt, fifos=fifos)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo")
@pytest.mark.parametrize("what", sorted(READERS))
def test_a_named_pipe_is_refused_at_once(tmp_path: Path, what: str) -> None:
    path = tmp_path / ("logo.png" if what == "logo" else "sheet.xlsx")
    os.mkfifo(path)
    message = refusal(READERS[what], path, fifos=(path,))
    assert path.name in message
    assert "not an ordinary file (a named pipe)" in message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs a device without end")
@pytest.mark.parametrize("what", sorted(READERS))
def test_a_device_is_refused_unread(what: str) -> None:
    message = refusal(READERS[what], Path("/dev/zero"))
    assert "zero' is not an ordinary file (a device)" in message


@pytest.mark.parametrize("what", sorted(READERS))
def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, what: str) -> None:
    path = tmp_path / ("logo.png" if what == "logo" else "sheet.xlsx")
    with path.open("wb") as sparse:  # no disk used: a hole of 200 MB
        sparse.truncate(200 * 1024 * 1024)
    message = refusal(READERS[what], path)
    assert f"{path.name}' is larger than" in message
