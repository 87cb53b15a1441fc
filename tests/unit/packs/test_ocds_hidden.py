"""Hidden characters in an OCDS file: refused in every field read, named by JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svdesk.services.imports import ImportRefused, import_pack
from svdesk.services.tenders import list_tenders
from svdesk.store.database import open_database
from tests.support.snapshot import file_digest, snapshot
from tests.unit.packs.test_ocds import bids_release, errors, package, read, tender_release


def test_a_disguised_tenderer_name_is_refused_at_its_json_path() -> None:
    bids = bids_release()
    bids["parties"][0]["name"] = "Acme Roads\u202e dtL"
    found = errors(package(tender_release(), bids))
    assert len(found) == 1
    assert found[0].startswith(
        "notice.json: releases[1].parties[0].name: the text holds a hidden character that "
        "can disguise what it says: U+202E (right-to-left override)"
    )


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda r: r["tender"].__setitem__("title", "Highways\x1b[2J"), "releases[0].tender.title"),
        (
            lambda r: r["tender"]["lots"][1].__setitem__("id", "2\x00"),
            "releases[0].tender.lots[1].id",
        ),
        (lambda r: r["buyer"].__setitem__("name", "Council\x07"), "releases[0].buyer.name"),
        (
            lambda r: r["parties"][0]["address"].__setitem__("locality", "North\u2068town"),
            "releases[0].parties[0].address.locality",
        ),
    ],
)
def test_every_field_read_is_checked(where, path: str) -> None:  # type: ignore[no-untyped-def]
    tender = tender_release()
    where(tender)
    found = errors(package(tender, bids_release()))
    assert [line.split(": ")[1] for line in found] == [path]
    assert not [line for line in found if any(c in line for c in "\x1b\x00\x07\u2068")]


def test_a_single_release_is_checked_too() -> None:
    release = tender_release()
    release["tender"]["title"] = "Roads\u202d"
    assert [line.split(": ")[1] for line in errors(release)] == ["tender.title"]


def test_hidden_characters_in_fields_not_read_do_not_matter() -> None:
    release = tender_release()
    release["tender"]["description"] = "Pasted from a document\x0b with a line break"
    result = read(release)
    assert result.errors == []
    assert result.pack is not None


def test_a_refused_ocds_file_changes_nothing(tmp_path: Path) -> None:
    bids = bids_release()
    bids["bids"]["details"][0]["tenderers"][0]["id"] = "GB-COH-01234567\x1b"
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps(package(tender_release(), bids)), encoding="utf-8")
    database = tmp_path / "db.sqlite"
    open_database(database).close()
    before, before_file = snapshot(database), file_digest(database)
    db = open_database(database)
    try:
        with pytest.raises(ImportRefused) as caught:
            import_pack(db, notice)
        assert list_tenders(db) == []
    finally:
        db.close()
    assert snapshot(database) == before
    assert file_digest(database) == before_file
    assert [str(issue).split(": ")[1] for issue in caught.value.errors] == [
        "releases[1].bids.details[0].tenderers[0].id"
    ]
