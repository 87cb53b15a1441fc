"""Running a call that might hang, so that a regression fails the test instead."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def within(seconds: float, call: Callable[[], T], *, fifos: tuple[Path, ...] = ()) -> T:
    """``call()``'s result, or a failed test if it has not returned after ``seconds``.

    ``fifos`` are named pipes that the call might be stuck opening: on a timeout, each is
    opened for writing and closed, which lets a reader blocked on it go on, so the
    thread left behind ends instead of waiting for ever.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):  # no reader is waiting on it
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still running after {seconds} seconds: it hangs")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
