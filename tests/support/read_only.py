"""Making a database read-only in ways that bind the test too (tests may run as root,
whom ``chmod`` does not stop).

- ``immutable(path)``: ``chattr +i`` on a file or a folder; nobody, root included, may
  change it (or, for a folder, add a file to it) until the test ends. Skipped where the
  file system or the user cannot do it.
- ``read_only_url(path)``: SQLite's own ``mode=ro``, as a ``--db`` URL.
- ``as_another_user()``: run a child process as ``nobody`` when the tests run as root, so
  that ``chmod`` binds it as it binds any user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

NOBODY = 65534


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not available")
    made = subprocess.run([chattr, "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not allowed here: {made.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def read_only_url(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def as_another_user() -> list[str]:
    """The start of a command that runs the rest as ``nobody`` when the tests run as root
    (empty when they do not). ``setpriv`` rather than ``subprocess``' own ``user=``: the
    interpreter may live under root's home, which ``nobody`` could not otherwise reach."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is not available to run svdesk as another user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
