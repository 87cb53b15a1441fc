"""Reading a file the user named: only an ordinary file, and only up to a size.

A named pipe waits for a writer for ever and a device can be read without end, so a path
that is not an ordinary file is refused before it is opened, with what it is in plain
words. Used for tender packs, and for every other file a user gives svdesk (score sheets,
consensus workbooks, a letter logo).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

MB = 1024 * 1024


class PackFileError(Exception):
    """A file the user gave cannot be used; str(exc) is ONE clear line naming the file."""


def quoted(text: str) -> str:
    """A name quoted for a one-line message: control characters hidden, long names cut."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return f"'{clean[:117]}...'" if len(clean) > 120 else f"'{clean}'"


def shown_size(count: int) -> str:
    if count >= MB:
        return f"{count / MB:,.1f} MB"
    return f"{count / 1024:,.0f} KB" if count >= 1024 else f"{count:,} bytes"


def describe_special(mode: int) -> str:
    """What a path that is not an ordinary file is, in plain words."""
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def open_ordinary(path: Path, shown: str, *, follow_links: bool) -> BinaryIO:
    """Open an ordinary file for reading, refusing anything else before it is opened.

    Opening a named pipe waits for a writer, for ever, and a device can be read without
    end: the kind is checked first, and again on the open handle in case the path was
    swapped in between, which is why the handle is opened without waiting (O_NONBLOCK
    has no effect on an ordinary file) and, where links are refused, without following one.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    mode = (os.stat(path) if follow_links else os.lstat(path)).st_mode
    if not stat.S_ISREG(mode):
        raise PackFileError(f"{shown} is not an ordinary file ({describe_special(mode)})")
    handle = os.open(path, flags)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise PackFileError(f"{shown} is not an ordinary file ({describe_special(mode)})")
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def read_ordinary(path: Path, limit: int, shown: str = "", *, follow_links: bool = True) -> bytes:
    shown = shown or quoted(path.name)
    too_big = f"{shown} is larger than {shown_size(limit)}, the most svdesk accepts"
    try:
        with open_ordinary(path, shown, follow_links=follow_links) as stream:
            if os.fstat(stream.fileno()).st_size > limit:
                raise PackFileError(too_big)
            data = stream.read(limit + 1)
    except OSError as exc:
        raise PackFileError(f"{shown} cannot be read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise PackFileError(too_big)
    return data
