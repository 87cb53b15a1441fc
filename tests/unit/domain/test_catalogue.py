"""The catalogue domain values: code normalisation, validation and lookup."""

from __future__ import annotations

import pytest

from svdesk.domain.catalogue import (
    AWARD_CRITERION,
    KINDS,
    MEASURE,
    POLICY_OUTCOME,
    THEME,
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    CatalogueSet,
    normalise_code,
)


def entry(
    code: str, kind: str, title: str, parent: str | None = None, catalogue: str = "demo"
) -> CatalogueEntry:
    return CatalogueEntry(
        code=code, kind=kind, title=title, catalogue=catalogue, parent_code=parent
    )


def demo_catalogue(key: str = "demo") -> Catalogue:
    return Catalogue(
        key=key,
        title="Demo framework",
        version="1",
        source="Demo publication, Demo publisher",
        entries=(
            entry("Theme 1", THEME, "Theme one", catalogue=key),
            entry("PO 1", POLICY_OUTCOME, "Outcome one", "Theme 1", catalogue=key),
            entry("MAC 1.1", AWARD_CRITERION, "Criterion one", "PO 1", catalogue=key),
            entry("MAC 1.2", AWARD_CRITERION, "Criterion two", "PO 1", catalogue=key),
            entry("Theme 2", THEME, "Theme two", catalogue=key),
            entry("NT1", MEASURE, "Measure one", "Theme 2", catalogue=key),
        ),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MAC 2.1", "mac2.1"),
        ("mac2.1", "mac2.1"),
        (" Mac  2.1 ", "mac2.1"),
        ("MAC\t2.1\n", "mac2.1"),
        ("MAC\u00a02.1", "mac2.1"),
        ("1A", "1a"),
        ("1a", "1a"),
        ("NT1", "nt1"),
        (" nt 1 ", "nt1"),
        ("\uff2e\uff34\uff11", "nt1"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_code(text: str, expected: str) -> None:
    assert normalise_code(text) == expected


def test_spelled_variants_of_a_code_normalise_alike() -> None:
    variants = {"mac2.1", "MAC 2.1", " Mac  2.1 ", "MaC 2.1"}
    assert {normalise_code(v) for v in variants} == {normalise_code("MAC 2.1")}
    assert normalise_code("1A") == normalise_code("1a")
    assert normalise_code("MAC 2.1") != normalise_code("MAC 2.11")


def test_kinds_are_the_documented_ones() -> None:
    assert {
        "theme",
        "mission",
        "policy-outcome",
        "outcome",
        "award-criterion",
        "measure",
    } == KINDS


def test_entry_key_and_label() -> None:
    item = entry("MAC 2.1", AWARD_CRITERION, "Create new businesses")
    assert item.key == "mac2.1"
    assert item.is_award_criterion
    assert item.label() == "MAC 2.1 – Create new businesses"
    assert not entry("Theme 1", THEME, "x").is_award_criterion


@pytest.mark.parametrize(
    ("code", "kind", "title", "parent", "message"),
    [
        ("  ", THEME, "x", None, "needs a code"),
        ("T1", "category", "x", None, "unknown kind"),
        ("T1", THEME, "   ", None, "needs a title"),
        ("T1", THEME, "x", " ", "parent code is blank"),
        ("T1", THEME, "x", "t 1", "own parent"),
    ],
)
def test_entry_rejects_bad_values(
    code: str, kind: str, title: str, parent: str | None, message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        entry(code, kind, title, parent)


def test_entry_must_name_its_catalogue() -> None:
    with pytest.raises(CatalogueError, match="name its catalogue"):
        entry("T1", THEME, "x", catalogue=" ")


def test_catalogue_errors_are_value_errors() -> None:
    assert issubclass(CatalogueError, ValueError)


def test_catalogue_lookup_normalises_the_code() -> None:
    catalogue = demo_catalogue()
    for spelling in ("MAC 1.1", "mac1.1", " Mac  1.1 "):
        found = catalogue.lookup(spelling)
        assert found is not None
        assert found.title == "Criterion one"
    assert catalogue.lookup("nt 1") == catalogue.entries[-1]
    assert catalogue.lookup("MAC 9.9") is None
    assert catalogue.lookup("   ") is None


def test_catalogue_children_and_ancestors() -> None:
    catalogue = demo_catalogue()
    assert [e.code for e in catalogue.children()] == ["Theme 1", "Theme 2"]
    assert [e.code for e in catalogue.children("po1")] == ["MAC 1.1", "MAC 1.2"]
    assert catalogue.children("MAC 1.1") == []
    assert [e.code for e in catalogue.ancestors("mac 1.2")] == ["Theme 1", "PO 1"]
    assert catalogue.ancestors("Theme 1") == []
    assert catalogue.ancestors("unknown") == []


def test_catalogue_award_criteria_in_reading_order() -> None:
    catalogue = demo_catalogue()
    assert [e.code for e in catalogue.award_criteria()] == ["MAC 1.1", "MAC 1.2"]
    assert [e.code for e in catalogue.of_kind(MEASURE)] == ["NT1"]


def test_catalogue_rejects_duplicate_codes_after_normalisation() -> None:
    with pytest.raises(CatalogueError, match="used twice"):
        Catalogue(
            key="demo",
            title="Demo",
            version="1",
            source="Demo publication",
            entries=(entry("MAC 1.1", AWARD_CRITERION, "a"), entry("mac1.1", AWARD_CRITERION, "b")),
        )


def test_catalogue_rejects_a_parent_that_does_not_come_first() -> None:
    with pytest.raises(CatalogueError, match="does not come before it"):
        Catalogue(
            key="demo",
            title="Demo",
            version="1",
            source="Demo publication",
            entries=(
                entry("MAC 1.1", AWARD_CRITERION, "a", "PO 1"),
                entry("PO 1", POLICY_OUTCOME, "b"),
            ),
        )


def test_catalogue_rejects_entries_of_another_catalogue() -> None:
    with pytest.raises(CatalogueError, match="belongs to"):
        Catalogue(
            key="demo",
            title="Demo",
            version="1",
            source="Demo publication",
            entries=(entry("T1", THEME, "a", catalogue="other"),),
        )


@pytest.mark.parametrize("field", ["key", "title", "version", "source"])
def test_catalogue_needs_key_title_version_and_source(field: str) -> None:
    values = {"key": "demo", "title": "Demo", "version": "1", "source": "Demo publication"}
    values[field] = "  "
    with pytest.raises(CatalogueError):
        Catalogue(
            key=values["key"],
            title=values["title"],
            version=values["version"],
            source=values["source"],
            entries=(),
        )


def test_set_lookup_returns_the_first_catalogue_with_the_code() -> None:
    first = demo_catalogue("first")
    second = demo_catalogue("second")
    catalogues = CatalogueSet((first, second))
    found = catalogues.lookup("mac 1.1")
    assert found is not None
    assert found.catalogue == "first"
    assert [e.catalogue for e in catalogues.lookup_all("MAC 1.1")] == ["first", "second"]
    reversed_order = CatalogueSet((second, first)).lookup("MAC 1.1")
    assert reversed_order is not None
    assert reversed_order.catalogue == "second"
    assert catalogues.lookup("nothing") is None
    assert catalogues.lookup_all("nothing") == []


def test_set_collects_award_criteria_catalogue_by_catalogue() -> None:
    catalogues = CatalogueSet((demo_catalogue("first"), demo_catalogue("second")))
    assert [(e.catalogue, e.code) for e in catalogues.award_criteria()] == [
        ("first", "MAC 1.1"),
        ("first", "MAC 1.2"),
        ("second", "MAC 1.1"),
        ("second", "MAC 1.2"),
    ]
    assert len(catalogues.entries()) == 12


def test_set_finds_a_catalogue_by_key_and_rejects_repeated_keys() -> None:
    catalogues = CatalogueSet((demo_catalogue("first"),))
    found = catalogues.catalogue("first")
    assert found is not None
    assert found.title == "Demo framework"
    assert catalogues.catalogue("missing") is None
    with pytest.raises(CatalogueError, match="distinct keys"):
        CatalogueSet((demo_catalogue("same"), demo_catalogue("same")))


def test_values_are_frozen() -> None:
    item = entry("T1", THEME, "x")
    with pytest.raises(AttributeError):
        item.title = "changed"  # type: ignore[misc]
