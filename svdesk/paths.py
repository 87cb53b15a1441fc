"""Where svdesk keeps its data on this computer."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "svdesk"
DATABASE_FILE = "svdesk.sqlite"
DATABASE_ENV = "SVDESK_DB"


def default_database() -> Path:
    """``svdesk.sqlite`` in the user's data folder (e.g. ``~/.local/share/svdesk``)."""
    # Imported here: only needed when no database was named, and slow to import.
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE


def chosen_database(option: str | None) -> str:
    """The database the user chose: ``--db`` wins over ``SVDESK_DB``, then the default."""
    if option:
        return option
    from_env = os.environ.get(DATABASE_ENV, "").strip()
    if from_env:
        return from_env
    return str(default_database())


def writing_journal() -> Path:
    """The journal of folders svdesk has written into (``services.written_files``), in the
    user's state folder (e.g. ``~/.local/state/svdesk``)."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False) / "folders-written.json"


def evaluator_packs_folder() -> Path:
    """Where the working copies of evaluator packs opened on this computer are kept, in the
    user's data folder (e.g. ``~/.local/share/svdesk/evaluator packs``)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "evaluator packs"
