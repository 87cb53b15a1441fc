"""The bundled reference libraries and default scale, read from resources/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from svdesk import bundled
from svdesk.bundled import (
    CATALOGUE_FILES,
    BundledDataError,
    default_scale,
    load_catalogues,
    parse_catalogue,
    parse_scale,
    source_text,
)
from svdesk.domain.catalogue import AWARD_CRITERION, KINDS, MEASURE, normalise_code

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DATA_FILES = sorted(RESOURCES.glob("catalogues/*.json")) + sorted(RESOURCES.glob("scales/*.json"))

MAC_CODES_2020 = [
    "MAC 1.1",
    "MAC 2.1",
    "MAC 2.2",
    "MAC 2.3",
    "MAC 3.1",
    "MAC 3.2",
    "MAC 3.3",
    "MAC 3.4",
    "MAC 3.5",
    "MAC 4.1",
    "MAC 4.2",
    "MAC 5.1",
    "MAC 5.2",
    "MAC 6.1",
    "MAC 6.2",
    "MAC 6.3",
    "MAC 7.1",
    "MAC 7.2",
    "MAC 8.1",
]


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    load_catalogues.cache_clear()
    default_scale.cache_clear()
    yield
    load_catalogues.cache_clear()
    default_scale.cache_clear()


def test_the_data_files_exist() -> None:
    names = {path.relative_to(RESOURCES).as_posix() for path in DATA_FILES}
    assert {
        "catalogues/social_value_model_2020.json",
        "catalogues/social_value_model_2025.json",
        "catalogues/national_toms.json",
        "scales/social_value_model.json",
    } <= names
    assert {f"catalogues/{name}" for name in CATALOGUE_FILES} <= names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.name)
def test_data_files_are_pretty_printed_utf8_json_naming_a_source(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert isinstance(data["version"], str)
    assert data["version"].strip()
    assert data["notes"].strip()
    source = data["source"]
    for field in ("title", "publisher", "date"):
        assert source[field].strip(), field


def test_three_catalogues_in_lookup_order() -> None:
    catalogues = load_catalogues()
    assert [c.key for c in catalogues.catalogues] == [
        "social-value-model-2020",
        "social-value-model-2025",
        "national-toms",
    ]


def test_every_catalogue_names_its_source() -> None:
    publishers = {
        "social-value-model-2020": "Cabinet Office",
        "social-value-model-2025": "Cabinet Office",
        "national-toms": "Social Value Portal",
    }
    for catalogue in load_catalogues().catalogues:
        assert publishers[catalogue.key] in catalogue.source
        assert catalogue.title.strip()
        assert catalogue.version == "1"
        assert catalogue.notes.strip()
    svm_2020 = load_catalogues().catalogue("social-value-model-2020")
    assert svm_2020 is not None
    assert "06/20" in svm_2020.source
    svm_2025 = load_catalogues().catalogue("social-value-model-2025")
    assert svm_2025 is not None
    assert "002" in svm_2025.source


def test_every_entry_has_a_title_a_known_kind_and_a_unique_code() -> None:
    for catalogue in load_catalogues().catalogues:
        keys = [normalise_code(e.code) for e in catalogue.entries]
        assert len(keys) == len(set(keys)), catalogue.key
        for entry in catalogue.entries:
            assert entry.title.strip()
            assert entry.title == entry.title.strip()
            assert entry.kind in KINDS
            assert entry.catalogue == catalogue.key


def test_no_code_is_shared_between_the_bundled_catalogues() -> None:
    seen: dict[str, str] = {}
    for entry in load_catalogues().entries():
        assert entry.key not in seen, f"{entry.code} is in {seen.get(entry.key)} too"
        seen[entry.key] = entry.catalogue


@pytest.mark.parametrize("spelling", ["mac 2.1", "MAC 2.1", "mac2.1", " Mac  2.1 "])
def test_lookup_mac_2_1(spelling: str) -> None:
    found = load_catalogues().lookup(spelling)
    assert found is not None
    assert found.code == "MAC 2.1"
    assert found.title == "Create new businesses, new jobs and new skills"
    assert found.kind == AWARD_CRITERION
    assert found.catalogue == "social-value-model-2020"
    assert found.parent_code == "PO 2"


def test_the_2020_model_has_five_themes_eight_outcomes_and_nineteen_macs() -> None:
    svm = load_catalogues().catalogue("social-value-model-2020")
    assert svm is not None
    assert [(e.code, e.title) for e in svm.of_kind("theme")] == [
        ("Theme 1", "COVID-19 recovery"),
        ("Theme 2", "Tackling economic inequality"),
        ("Theme 3", "Fighting climate change"),
        ("Theme 4", "Equal opportunity"),
        ("Theme 5", "Wellbeing"),
    ]
    assert [e.title for e in svm.of_kind("policy-outcome")] == [
        "Help local communities to manage and recover from the impact of COVID-19",
        "Create new businesses, new jobs and new skills",
        "Increase supply chain resilience and capacity",
        "Effective stewardship of the environment",
        "Reduce the disability employment gap",
        "Tackle workforce inequality",
        "Improve health and wellbeing",
        "Improve community integration",
    ]
    assert [e.code for e in svm.award_criteria()] == MAC_CODES_2020
    assert len(svm.award_criteria()) == 19


def test_each_2020_mac_sits_under_the_outcome_its_number_names() -> None:
    svm = load_catalogues().catalogue("social-value-model-2020")
    assert svm is not None
    for criterion in svm.award_criteria():
        outcome_number = criterion.code.removeprefix("MAC ").split(".")[0]
        assert criterion.parent_code == f"PO {outcome_number}"
        parent = svm.lookup(f"PO {outcome_number}")
        assert parent is not None
        assert criterion.title == parent.title
    assert [e.code for e in svm.ancestors("MAC 6.3")] == ["Theme 4", "PO 6"]


def test_the_2025_model_missions_outcomes_and_criterion_1a() -> None:
    catalogues = load_catalogues()
    svm = catalogues.catalogue("social-value-model-2025")
    assert svm is not None
    assert [e.title for e in svm.of_kind("mission")] == [
        "Kick start economic growth",
        "Make Britain a clean energy superpower",
        "Take back our streets",
        "Break down barriers to opportunity",
        "Build an NHS fit for the future",
    ]
    outcomes = {e.code: e.title for e in svm.of_kind("policy-outcome")}
    assert outcomes["Policy Outcome 1"] == "Fair work"
    assert outcomes["Policy Outcome 4"] == "Sustainable procurement practices"
    assert outcomes["Policy Outcome 8"] == (
        "Increasing productivity through physical and mental wellbeing"
    )
    assert "Policy Outcome 5" not in outcomes
    for spelling in ("1a", "1A", " 1 a "):
        found = catalogues.lookup(spelling)
        assert found is not None
        assert found.catalogue == "social-value-model-2025"
        assert found.title == "Create and retain high quality jobs"
    assert [e.code for e in svm.ancestors("1a")] == ["Mission 1", "Policy Outcome 1"]


def test_the_national_toms_themes_and_nt1() -> None:
    catalogues = load_catalogues()
    toms = catalogues.catalogue("national-toms")
    assert toms is not None
    assert [e.code for e in toms.of_kind("theme")] == [
        "Jobs",
        "Growth",
        "Social",
        "Environment",
        "Innovation",
    ]
    found = catalogues.lookup("nt1")
    assert found is not None
    assert found.kind == MEASURE
    assert found.parent_code == "Jobs"
    assert found.title.startswith("No. of local direct employees (FTE)")


def test_award_criteria_across_the_set() -> None:
    codes = [e.code for e in load_catalogues().award_criteria()]
    assert codes == [*MAC_CODES_2020, "1a"]


def test_default_scale() -> None:
    scale = default_scale()
    assert scale.scores == (0, 25, 50, 75, 100)
    assert scale.max_score == 100
    assert scale.min_score == 0
    assert scale.contains(75)
    assert not scale.contains(60)
    top = scale.level(100)
    assert top is not None
    assert top.label == "Excellent"
    for level in scale.levels:
        assert level.label.strip()
        assert level.descriptor.strip()


def test_results_are_cached() -> None:
    assert load_catalogues() is load_catalogues()
    assert default_scale() is default_scale()


def test_falls_back_to_the_source_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = load_catalogues()

    def missing(package: str) -> object:
        raise ModuleNotFoundError(package)

    monkeypatch.setattr(resources, "files", missing)
    assert bundled.resource_root() == RESOURCES
    load_catalogues.cache_clear()
    default_scale.cache_clear()
    assert load_catalogues() == installed
    assert default_scale().max_score == 100


def test_parse_catalogue_builds_the_tree_in_reading_order() -> None:
    catalogue = parse_catalogue(
        {
            "catalogue": "demo",
            "title": "Demo",
            "version": "2",
            "source": {"title": "A publication", "publisher": "A publisher", "date": "2024"},
            "groups": [
                {
                    "code": "T1",
                    "kind": "theme",
                    "title": "Theme",
                    "children": [{"code": "C1", "kind": "award-criterion", "title": "Crit"}],
                },
                {"code": "T2", "kind": "theme", "title": "Other"},
            ],
        }
    )
    assert [(e.code, e.parent_code) for e in catalogue.entries] == [
        ("T1", None),
        ("C1", "T1"),
        ("T2", None),
    ]
    assert catalogue.source == "A publication, A publisher, 2024"
    assert catalogue.notes == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected an object"),
        ({"title": "x", "version": "1", "groups": []}, "'catalogue' must be non-empty"),
        ({"catalogue": "d", "title": "x", "version": "1"}, "'groups' must be a list"),
        (
            {"catalogue": "d", "title": "x", "version": "1", "groups": []},
            "source: expected an object",
        ),
        (
            {
                "catalogue": "d",
                "title": "x",
                "version": "1",
                "source": {"title": "t"},
                "groups": [],
            },
            "'publisher' must be non-empty",
        ),
        (
            {
                "catalogue": "d",
                "title": "x",
                "version": "1",
                "source": {"title": "t", "publisher": "p"},
                "groups": [{"code": "A", "kind": "chapter", "title": "t"}],
            },
            "unknown kind",
        ),
        (
            {
                "catalogue": "d",
                "title": "x",
                "version": "1",
                "source": {"title": "t", "publisher": "p"},
                "groups": [
                    {"code": "A", "kind": "theme", "title": "t"},
                    {"code": "a", "kind": "theme", "title": "u"},
                ],
            },
            "used twice",
        ),
    ],
)
def test_parse_catalogue_rejects_bad_data(data: object, message: str) -> None:
    with pytest.raises(BundledDataError, match=message):
        parse_catalogue(data)


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([{"score": 1.5, "label": "a", "descriptor": "b"}], "whole number"),
        ([{"score": True, "label": "a", "descriptor": "b"}], "whole number"),
        ([{"score": -5, "label": "a", "descriptor": "b"}], "must not be negative"),
        ([{"score": 5, "label": " ", "descriptor": "b"}], "'label' must be non-empty"),
        (
            [
                {"score": 5, "label": "a", "descriptor": "b"},
                {"score": 5, "label": "c", "descriptor": "d"},
            ],
            "distinct",
        ),
        ([], "at least one score"),
    ],
)
def test_parse_scale_rejects_bad_levels(levels: list[object], message: str) -> None:
    data = {"source": {"title": "t", "publisher": "p"}, "levels": levels}
    with pytest.raises(BundledDataError, match=message):
        parse_scale(data)


def test_parse_scale_sorts_levels() -> None:
    scale = parse_scale(
        {
            "source": {"title": "t", "publisher": "p"},
            "levels": [
                {"score": 10, "label": "High", "descriptor": "d"},
                {"score": 0, "label": "Low", "descriptor": "d"},
            ],
        }
    )
    assert scale.scores == (0, 10)


def test_source_text_joins_the_parts_it_has() -> None:
    assert (
        source_text(
            {
                "title": "T",
                "publisher": "P",
                "edition": "E",
                "date": "2020-12-03",
                "url": "https://example.org/x",
                "related": [{"title": "ignored"}],
            }
        )
        == "T, P, E, 2020-12-03, https://example.org/x"
    )


def test_the_common_english_words_are_bundled() -> None:
    from svdesk.bundled import common_english_words

    words = common_english_words()
    assert len(words) == 10_000
    assert {"the", "care", "green", "services"} <= words
    assert "greenway" not in words
