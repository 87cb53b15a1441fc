"""Shared test set-up: offscreen Qt, and no test ever touches the user's real data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("SVDESK_DB", raising=False)
    # The journal of folders written into is kept per run of svdesk: none between tests.
    from svdesk.services import written_files

    monkeypatch.setattr(written_files, "_journal", [])


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "svdesk.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    from svdesk.store.database import open_database

    database = open_database(db_path)
    yield database
    database.close()
