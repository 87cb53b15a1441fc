"""What the fuzz tests share: values a person could type into a cell, the settings for
tests that write files, and a database to import into."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from svdesk.store.database import Database, open_database

# Each example writes and reads files; the workspace fixtures are shared on purpose.
FILE_FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cell_values(typical: Iterable[str] = ()) -> st.SearchStrategy[Any]:
    """Anything a cell could hold, with ``typical`` values of the sheet at hand mixed in."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False, allow_infinity=False),
        # Excel cells cannot hold control characters; openpyxl refuses to write them.
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40),
        st.sampled_from(["", "   ", "#DIV/0!", "#N/A", "#NAME?", "Yes", "no", "0", "1", "10%"]),
        st.sampled_from(list(typical) or [""]),
        st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    )


@contextmanager
def fuzz_workspace() -> Iterator[tuple[Path, Database]]:
    """A temporary folder, and a database in it that the examples import into."""
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        db = open_database(folder / "fuzz.sqlite")
        try:
            yield folder, db
        finally:
            db.close()
