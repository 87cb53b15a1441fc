"""Starting a tender from OCDS: release packages, single releases, and what is missing."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from svdesk.bundled import default_scale
from svdesk.domain.model import BidStatus, Regime
from svdesk.packs.checker import ReadResult
from svdesk.packs.ocds import read_ocds
from svdesk.services.imports import ImportRefused, check_pack, import_pack
from svdesk.services.templates import write_pack_template
from svdesk.services.tenders import tender_overview
from svdesk.store.database import Database, open_database

OCID = "ocds-h6vhtk-04f2a1"
BUYER = {
    "id": "GB-GOR-PB1234",
    "name": "Northshire County Council",
    "identifier": {"scheme": "GB-GOR", "id": "PB1234", "legalName": "Northshire County Council"},
    "address": {
        "streetAddress": "County Hall, Market Street",
        "locality": "Northtown",
        "region": "Northshire",
        "postalCode": "NT1 1AA",
        "countryName": "United Kingdom",
    },
    "contactPoint": {"name": "Sam Patel", "email": "procurement@northshire.example.gov.uk"},
    "roles": ["buyer"],
}
ACME = {
    "id": "GB-COH-09876543",
    "name": "Acme Roads Ltd",
    "identifier": {"scheme": "GB-COH", "id": "09876543"},
    "address": {"streetAddress": "1 High Street", "locality": "Leeds", "postalCode": "LS1 1AA"},
    "contactPoint": {"name": "Al Smith", "email": "al@acme.example"},
    "details": {"scale": "sme"},
    "roles": ["tenderer"],
}
BRAVO = {
    "id": "GB-COH-01234567",
    "name": "Bravo Highways plc",
    "identifier": {"scheme": "GB-COH", "id": "GB-COH-01234567"},
    "roles": ["tenderer"],
}
CHARLIE = {
    "id": "GB-PPON-PXYZ-1234-ABCD",
    "name": "Charlie Community Interest Company",
    "identifier": {"scheme": "GB-PPON", "id": "PXYZ-1234-ABCD"},
    "roles": ["tenderer"],
}


def tender_release() -> dict[str, Any]:
    """The tender notice: the buyer, the lots and the value, no bidders yet."""
    return {
        "ocid": OCID,
        "id": f"{OCID}-tender-1",
        "date": "2026-01-12T09:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "buyer": {"id": BUYER["id"], "name": BUYER["name"]},
        "parties": [copy.deepcopy(BUYER)],
        "tender": {
            "id": "NCC-2026-007",
            "title": "Highways maintenance (draft title)",
            "status": "active",
            "value": {"amount": 2400000.50, "currency": "GBP"},
            "lots": [
                {"id": "1", "title": "North", "status": "active"},
                {"id": "2", "title": "South", "status": "active"},
            ],
            "documents": [
                {
                    "id": "doc-1",
                    "documentType": "tenderNotice",
                    "url": "https://www.find-tender.service.gov.uk/Notice/000123-2026",
                }
            ],
        },
    }


def bids_release() -> dict[str, Any]:
    """A later release: the tenderers and their bids, and a corrected title."""
    return {
        "ocid": OCID,
        "id": f"{OCID}-bids-1",
        "date": "2026-03-02T17:00:00Z",
        "tag": ["tenderUpdate"],
        "parties": [copy.deepcopy(ACME), copy.deepcopy(BRAVO), copy.deepcopy(CHARLIE)],
        "tender": {"id": "NCC-2026-007", "title": "Highways maintenance"},
        "bids": {
            "details": [
                {
                    "id": "bid-1",
                    "status": "valid",
                    "tenderers": [{"id": BRAVO["id"], "name": BRAVO["name"]}],
                    "relatedLots": ["2"],
                },
                {
                    "id": "bid-2",
                    "status": "disqualified",
                    "tenderers": [{"id": CHARLIE["id"], "name": CHARLIE["name"]}],
                    "relatedLots": ["1"],
                },
            ]
        },
    }


def package(*releases: dict[str, Any]) -> dict[str, Any]:
    return {
        "uri": "https://example.gov.uk/ocds/NCC-2026-007.json",
        "version": "1.1",
        "publishedDate": "2026-03-02T17:05:00Z",
        "publisher": {"name": "Northshire County Council"},
        "releases": list(releases),
    }


def read(document: Any) -> ReadResult:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return read_ocds(data, "notice.json", default_scale())


def errors(document: Any) -> list[str]:
    result = read(document)
    assert result.pack is None
    return [str(issue) for issue in result.errors]


def test_a_release_package_starts_a_tender() -> None:
    # Given newest first: the releases are merged in date order all the same.
    result = read(package(bids_release(), tender_release()))
    assert result.errors == []
    pack = result.pack
    assert pack is not None
    t = pack.tender
    assert t.reference == "NCC-2026-007"
    assert t.title == "Highways maintenance"  # from the later release
    assert t.authority == "Northshire County Council"
    assert t.authority_address == (
        "County Hall, Market Street\nNorthtown\nNorthshire\nNT1 1AA\nUnited Kingdom"
    )
    assert (t.contact_name, t.contact_email) == (
        "Sam Patel",
        "procurement@northshire.example.gov.uk",
    )
    assert t.estimated_value == Decimal("2400000.50")
    assert t.currency == "GBP"
    assert t.social_value_weighting == Decimal(0)
    assert t.regime is Regime.PROCUREMENT_ACT_2023
    assert t.tender_documents == "https://www.find-tender.service.gov.uk/Notice/000123-2026"
    assert [(lot.key, lot.title) for lot in pack.lots] == [("1", "North"), ("2", "South")]
    assert pack.criteria == ()
    assert pack.responses == ()
    assert pack.scale == default_scale()


def test_tenderers_become_bidders_with_their_identifiers() -> None:
    pack = read(package(tender_release(), bids_release())).pack
    assert pack is not None
    assert [(b.key, b.name, b.identifier) for b in pack.bidders] == [
        ("GB-COH-09876543", "Acme Roads Ltd", "GB-COH-09876543"),
        ("GB-COH-01234567", "Bravo Highways plc", "GB-COH-01234567"),  # scheme not doubled
        ("GB-PPON-PXYZ-1234-ABCD", "Charlie Community Interest Company", "GB-PPON-PXYZ-1234-ABCD"),
    ]
    acme = pack.bidders[0]
    assert acme.address == "1 High Street\nLeeds\nLS1 1AA"
    assert (acme.contact, acme.email, acme.sme) == ("Al Smith", "al@acme.example", True)
    assert pack.bidders[1].sme is False


def test_each_tenderer_bids_for_every_lot_unless_related_lots_say_otherwise() -> None:
    pack = read(package(tender_release(), bids_release())).pack
    assert pack is not None
    assert [(b.lot, b.bidder, b.status) for b in pack.bids] == [
        ("1", "GB-COH-09876543", BidStatus.COMPLIANT),
        ("1", "GB-PPON-PXYZ-1234-ABCD", BidStatus.EXCLUDED),
        ("2", "GB-COH-09876543", BidStatus.COMPLIANT),
        ("2", "GB-COH-01234567", BidStatus.COMPLIANT),
    ]
    assert "disqualified" in pack.bids[1].excluded_reason


def test_the_warning_says_what_is_missing_and_what_to_do_next() -> None:
    result = read(package(tender_release(), bids_release()))
    assert [str(issue) for issue in result.warnings] == [
        "notice.json: criteria and responses are not part of OCDS, so the tender was created "
        "without them. Next: svdesk template --tender NCC-2026-007 -o pack.xlsx, fill in the "
        "social value weighting, the criteria and the answers, then svdesk import pack.xlsx "
        "--replace"
    ]


def test_a_single_release_with_tenderers_in_bids_only() -> None:
    release = tender_release()
    del release["tender"]["id"]
    del release["tender"]["lots"]
    del release["buyer"]  # the buyer is found by its role
    release["bids"] = {"details": [{"id": "b1", "tenderers": [{"id": "T1", "name": "Delta Ltd"}]}]}
    result = read(release)
    assert result.errors == []
    pack = result.pack
    assert pack is not None
    assert pack.tender.reference == OCID
    assert pack.tender.authority == "Northshire County Council"
    assert pack.tender.authority_address.startswith("County Hall")
    assert [(lot.key, lot.title) for lot in pack.lots] == [("1", "")]
    assert [(b.key, b.name, b.identifier) for b in pack.bidders] == [("T1", "Delta Ltd", "")]
    assert [(b.bidder, b.lot) for b in pack.bids] == [("T1", "1")]


def test_a_release_without_tenderers_warns_about_bidders() -> None:
    result = read(tender_release())
    assert result.pack is not None
    assert result.pack.bidders == ()
    assert any("names no tenderers" in str(issue) for issue in result.warnings)


def test_a_byte_order_mark_is_accepted() -> None:
    assert read(b"\xef\xbb\xbf" + json.dumps(tender_release()).encode()).errors == []


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b"\xff\xfe{\x00", "the OCDS file is not UTF-8 text (byte 0 cannot be read)"),
        (b"{'releases': []}", "the OCDS file is not valid JSON (line 1, column 2"),
        (b"  ", "the OCDS file is empty"),
        ([1, 2], "the OCDS file is neither a release package"),
        ({"uri": "x", "version": "1.1"}, "the OCDS file is neither a release package"),
        ({"releases": []}, "the OCDS release package holds no releases"),
        ({"releases": ["x"]}, "releases[0] in the OCDS release package is not a release"),
        (
            {"ocid": OCID, "buyer": {"name": "Northshire County Council"}},
            "the OCDS file has no tender (the 'tender' object is missing)",
        ),
    ],
)
def test_an_unusable_file_is_one_plain_error(document: Any, expected: str) -> None:
    found = errors(document)
    assert len(found) == 1
    assert found[0].startswith(f"notice.json: {expected}")


def test_a_package_of_several_procurements_is_refused() -> None:
    other = tender_release()
    other["ocid"] = "ocds-h6vhtk-999999"
    assert errors(package(tender_release(), other)) == [
        "notice.json: the OCDS file describes 2 procurements (ocds-h6vhtk-04f2a1, "
        "ocds-h6vhtk-999999); a tender is started from one: export that procurement alone"
    ]


def test_every_missing_field_is_reported_together() -> None:
    release = tender_release()
    del release["ocid"]
    del release["tender"]["id"]
    del release["tender"]["title"]
    del release["buyer"]
    release["parties"] = []
    assert errors(release) == [
        "notice.json: the OCDS file has no tender reference (tender.id or ocid)",
        "notice.json: the OCDS file has no tender title (tender.title)",
        "notice.json: the OCDS file names no buyer (buyer.name, or a party with the role "
        "'buyer' in parties)",
    ]


def test_a_blank_title_is_missing_too() -> None:
    release = tender_release()
    release["tender"]["title"] = "   "
    assert errors(release) == ["notice.json: the OCDS file has no tender title (tender.title)"]


def test_doubtful_values_are_warnings_not_errors() -> None:
    release = tender_release()
    release["tender"]["value"] = {"amount": "lots", "currency": "pounds"}
    release["bids"] = {
        "details": [{"tenderers": [{"id": "T1", "name": "Delta"}], "relatedLots": ["9"]}]
    }
    result = read(release)
    assert result.pack is not None
    assert result.pack.tender.estimated_value is None
    assert result.pack.tender.currency == "GBP"
    warnings = [str(issue) for issue in result.warnings]
    assert "notice.json: tender.value.amount is not a number ('lots'); it was left out" in warnings
    assert any("'POUNDS' is not an ISO 4217 code" in w for w in warnings)
    assert any("names lots that tender.lots does not have (9)" in w for w in warnings)
    # A bid naming no known lot is a bid for every lot.
    assert [(b.bidder, b.lot) for b in result.pack.bids] == [("T1", "1"), ("T1", "2")]


# -- Into the database, and out as a template --------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "t.sqlite")
    yield database
    database.close()


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "notice.json"
    path.write_text(json.dumps(package(tender_release(), bids_release())), encoding="utf-8")
    return path


def test_check_pack_reads_an_ocds_file(notice: Path) -> None:
    name, result = check_pack(notice)
    assert name == "notice.json"
    assert result.errors == []
    assert result.pack is not None
    assert result.pack.tender.reference == "NCC-2026-007"


def test_an_ocds_tender_is_stored_without_criteria_or_answers(notice: Path, db: Database) -> None:
    summary = import_pack(db, notice)
    assert (summary.reference, summary.lots, summary.bidders, summary.bids) == (
        "NCC-2026-007",
        2,
        3,
        4,
    )
    assert (summary.criteria, summary.responses, summary.missing_responses) == (0, 0, 0)
    overview = tender_overview(db, "NCC-2026-007")
    assert overview.criteria == ()
    assert overview.responses == ()
    assert overview.scale == default_scale()
    assert overview.bidders[0].identifier == "GB-COH-09876543"
    with pytest.raises(ImportRefused, match="not imported"):
        import_pack(db, notice)  # a second time, without --replace


def test_the_template_of_an_ocds_tender_is_pre_filled(
    notice: Path, db: Database, tmp_path: Path
) -> None:
    import_pack(db, notice)
    book = load_workbook(
        write_pack_template(tmp_path / "pack.xlsx", db=db, reference="NCC-2026-007")
    )
    tender = {row[0]: row[1] for row in book["Tender"].iter_rows(min_row=2, values_only=True)}
    assert tender["Reference"] == "NCC-2026-007"
    assert tender["Authority"] == "Northshire County Council"
    assert tender["Estimated value"] == 2400000.5
    assert tender["Social value weighting"] is None  # not decided yet: left for the team
    assert list(book["Lots"].iter_rows(min_row=2, values_only=True)) == [
        ("1", "North"),
        ("2", "South"),
    ]
    bidders = list(book["Bidders"].iter_rows(min_row=2, values_only=True))
    assert [row[:3] for row in bidders] == [
        ("GB-COH-09876543", "Acme Roads Ltd", "GB-COH-09876543"),
        ("GB-COH-01234567", "Bravo Highways plc", "GB-COH-01234567"),
        ("GB-PPON-PXYZ-1234-ABCD", "Charlie Community Interest Company", "GB-PPON-PXYZ-1234-ABCD"),
    ]
    assert bidders[0][3] == "1 High Street\nLeeds\nLS1 1AA"
    assert bidders[0][6] == "Yes"
    bids = list(book["Bids"].iter_rows(min_row=2, values_only=True))
    assert bids[1][:5] == ("GB-PPON-PXYZ-1234-ABCD", "1", None, None, "excluded")
    assert book["Criteria"].max_row == 1
    assert book["Responses"].max_row == 1
    assert "MAC 2.1" in [row[0] for row in book["Model criteria"].iter_rows(values_only=True)]
    text = "\n".join(str(r[0]) for r in book["Instructions"].iter_rows(values_only=True) if r[0])
    assert "The tender has no criteria yet" in text


def test_the_completed_ocds_template_replaces_the_tender(
    notice: Path, db: Database, tmp_path: Path
) -> None:
    import_pack(db, notice)
    path = write_pack_template(tmp_path / "pack.xlsx", db=db, reference="NCC-2026-007")
    book = load_workbook(path)
    tender = book["Tender"]
    for row in range(2, tender.max_row + 1):
        if tender.cell(row=row, column=1).value == "Social value weighting":
            tender.cell(row=row, column=2, value=15)
    criteria = book["Criteria"]
    criteria.append(["SV1", None, "MAC 2.1", "Local jobs", "How many local jobs?", None, None, 15])
    responses = book["Responses"]
    for bidder, lot in (
        ("GB-COH-09876543", "1"),
        ("GB-COH-09876543", "2"),
        ("GB-COH-01234567", "2"),
    ):
        responses.append([bidder, lot, "SV1", f"Our answer for lot {lot}."])
    book.save(path)
    _name, result = check_pack(path)
    assert [str(issue) for issue in result.issues] == []
    summary = import_pack(db, path, replace=True)
    assert summary.replaced
    assert (summary.criteria, summary.responses, summary.bidders) == (2, 3, 3)
    assert tender_overview(db, "NCC-2026-007").tender.social_value_weighting == 15
