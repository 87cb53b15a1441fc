"""Whatever an OCDS file holds, reading it gives a tender or its reasons, never a crash:
random values put anywhere in a valid release package."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svdesk.bundled import default_scale
from svdesk.packs.ocds import read_ocds
from svdesk.services.imports import ImportRefused, import_pack
from svdesk.store.database import Database
from tests.support.fuzz import FILE_FUZZ, fuzz_workspace
from tests.unit.packs.test_ocds import bids_release, package, tender_release

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "1", "2", "GBP", "valid", "disqualified", "sme", "tender"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def workspace() -> Iterator[tuple[Path, Database]]:
    with fuzz_workspace() as workspace:
        yield workspace


def mutate(document: Any, data: st.DataObject) -> Any:
    """``document`` with one value, somewhere inside it, replaced by a random one."""
    path: list[Any] = []
    node = document
    while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    value = data.draw(VALUES)
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


@settings(FILE_FUZZ, max_examples=80)
@given(data=st.data())
def test_any_ocds_file_gives_a_tender_or_reasons(
    workspace: tuple[Path, Database], data: st.DataObject
) -> None:
    folder, db = workspace
    document = package(tender_release(), bids_release())
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        document = mutate(document, data)
    raw = json.dumps(document).encode()

    result = read_ocds(raw, "release.json", default_scale())
    assert all(str(issue).strip() for issue in result.issues)
    path = folder / "release.json"
    path.write_bytes(raw)
    if result.pack is None:
        assert result.errors
        with pytest.raises(ImportRefused):
            import_pack(db, path, replace=True)
        return
    import_pack(db, path, replace=True)
