"""Bringing a database file to the schema this svdesk understands.

Opening a database runs the Alembic migrations of ``database/``: a new file is
created at the newest schema; an older file is copied beside itself first, then
upgraded; a file written by a newer svdesk is refused and left as it is.

Alembic is imported only when there is something to migrate, so that opening an
up-to-date database (every start of the window) costs one query; this module imports
SQLAlchemy only when it is used, so that the window can read ``HEAD_REVISION`` and its
first screen before SQLAlchemy is loaded (``plain_sqlite``). A database that cannot be
written is checked without writing: if it needs an upgrade, it is refused, unchanged.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from svdesk.store.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# The newest migration in database/versions; a test checks it against Alembic's head.
HEAD_REVISION = "0011"


def migrations_folder() -> Path:
    return Path(str(resources.files("svdesk.database")))


def schema_revision(connection: Connection) -> str | None:
    """The schema revision recorded in the database, or None for a database without one."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(migrations_folder()))
    return {revision.revision for revision in script.walk_revisions()}


def bring_up_to_date(engine: Engine, where: str, *, read_only: bool = False) -> str | None:
    """Migrate the database to HEAD_REVISION. Returns the path of the backup made, if any.

    A ``read_only`` database is only checked: one that needs an upgrade is refused.
    """
    from sqlalchemy import inspect

    from svdesk.store.backup import copy_beside
    from svdesk.store.sqlite_connections import READING

    with engine.connect().execution_options(**READING) as connection:
        current = schema_revision(connection)
        if current == HEAD_REVISION:
            return None
        has_tables = bool(inspect(connection).get_table_names())
    if current is None and has_tables:
        raise DatabaseError(
            f"{where} is not an svdesk database (it holds tables svdesk did not make). "
            "Choose another file, or a new file name to start a new database."
        )
    if current is not None and current not in known_revisions():
        from svdesk import __version__

        raise DatabaseError(
            f"{where} was saved by a newer version of svdesk (database schema {current}); "
            f"this svdesk ({__version__}) reads schemas up to {HEAD_REVISION}. "
            "Open it with the newer svdesk. The file has not been changed."
        )
    if read_only:
        raise _cannot_upgrade(where, current)
    backup = None
    if current is not None:
        # Beside the file as x.sqlite.bak-0001-YYYYmmdd-HHMMSS.
        backup = copy_beside(engine, current)
    _upgrade(engine)
    return backup


def _cannot_upgrade(where: str, current: str | None) -> DatabaseError:
    if current is None:
        return DatabaseError(
            f"The database {where} is read-only and empty: svdesk cannot create its tables. "
            "Choose a file in a folder you can write to."
        )
    from svdesk import __version__

    return DatabaseError(
        f"The database {where} is read-only, and was saved by an older svdesk (database "
        f"schema {current}): this svdesk ({__version__}) must first upgrade it to schema "
        f"{HEAD_REVISION}, which it cannot do while the file is read-only. Open it with the "
        "svdesk that saved it, or make it writable. The file has not been changed."
    )


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_folder()))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
