"""What the command line prints: stored and typed text, with nothing a terminal would obey.

A bidder's name, an answer or a panel member's name can hold control characters: ESC
starts a terminal command (``ESC[2J`` clears the screen, others retitle the window or
rewrite what was printed), BEL rings, and the bidi overrides and isolates make a line read
in another order than it was written. The command line prints everything through
:func:`shown`, which puts a visible escape in place of each of them: ``\\x1b`` for a C0 or
C1 control character or DEL, ``<U+202E>`` for a bidi override or isolate. Line breaks and
tabs are kept (:func:`shown_json` escapes them the JSON way instead, for ``--json``
output). :func:`safe_output` applies it to standard output and standard error while a
command runs, so that no print of it can forget.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# C0 controls but tab and line feed, DEL and C1 controls; the bidi embeddings, overrides
# (U+202A-U+202E) and isolates (U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0x9F else f"<U+{code:04X}>"


def shown(text: str) -> str:
    """``text`` with every control and bidi control character written as a visible escape."""
    return _UNSAFE.sub(_visible, text)


def shown_json(text: str) -> str:
    """JSON text with those characters written as JSON escapes (``\\u202e``): inert on a
    terminal, and read back by any JSON reader as the very characters stored."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class _ShownStream:
    """A text stream that writes what it is given through :func:`shown`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(shown(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, encoding, isatty, fileno...
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """Standard output and standard error through :func:`shown`, until the block ends."""
    saved = sys.stdout, sys.stderr
    # (A windowed build has no streams at all: there is nothing to guard then.)
    if saved[0] is not None:
        sys.stdout = _ShownStream(saved[0])
    if saved[1] is not None:
        sys.stderr = _ShownStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
