"""``svdesk … | head``: when the reader closes the pipe, svdesk stops quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from svdesk.cli import EXIT_PIPE_CLOSED


def test_a_closed_pipe_is_not_reported_as_something_that_went_wrong(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "svdesk", "--db", str(tmp_path / "t.db"), "tenders"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader has gone before the first line
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == EXIT_PIPE_CLOSED
    assert "went wrong" not in errors
    assert "Broken pipe" not in errors
    assert "Traceback" not in errors
    assert errors == ""
