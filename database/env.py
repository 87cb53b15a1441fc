"""Alembic environment for svdesk.

svdesk runs migrations itself when it opens a database (``svdesk.store.migrations``),
handing Alembic the open connection; ``alembic`` on the command line works too, with
``-x db=PATH`` naming the file (for developers writing a new migration).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from svdesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    db = context.get_x_argument(as_dictionary=True).get("db", "svdesk.sqlite")
    url = db if "://" in db else f"sqlite:///{db}"
    with create_engine(url).connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
