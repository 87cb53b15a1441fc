"""The reference libraries and the default scoring scale that ship with svdesk.

The data lives as JSON under the top-level ``resources/`` folder, which is installed as the
package ``svdesk.resources``: ``resources/catalogues/*.json`` for the catalogues,
``resources/scales/*.json`` for scales and ``resources/words/`` for common English words.
When that package cannot be imported (a source tree that has not been installed), the folder
is read straight from the tree instead.

:func:`load_catalogues` and :func:`default_scale` read the files once and keep the result.
The ``parse_*`` functions turn already-decoded JSON into domain values and can be given data
from anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from svdesk.domain.catalogue import Catalogue, CatalogueEntry, CatalogueSet
from svdesk.domain.scale import Scale, ScaleLevel

RESOURCE_PACKAGE = "svdesk.resources"
CATALOGUE_FOLDER = "catalogues"
SCALE_FOLDER = "scales"

CATALOGUE_FILES: tuple[str, ...] = (
    "social_value_model_2020.json",
    "social_value_model_2025.json",
    "national_toms.json",
)
"""The bundled catalogues, in lookup order: where a code is in two, the earlier file wins."""

DEFAULT_SCALE_FILE = "social_value_model.json"
WORDS_FOLDER = "words"
COMMON_WORDS_FILE = "common_english.txt"

_SOURCE_PARTS = ("title", "publisher", "edition", "date", "url")


class BundledDataError(ValueError):
    """A bundled data file is missing a field, or has one of the wrong type."""


def resource_root() -> Traversable:
    """The folder holding the bundled data, installed or in the source tree."""
    try:
        return resources.files(RESOURCE_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"


def read_json(folder: str, name: str) -> object:
    """The decoded contents of ``resources/<folder>/<name>``."""
    resource = resource_root().joinpath(folder).joinpath(name)
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise BundledDataError(f"{folder}/{name}: the file is missing") from error
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundledDataError(f"{folder}/{name}: not valid JSON ({error})") from error
    return data


@cache
def load_catalogues() -> CatalogueSet:
    """Every bundled catalogue, in the order of :data:`CATALOGUE_FILES`."""
    return CatalogueSet(
        tuple(
            parse_catalogue(read_json(CATALOGUE_FOLDER, name), origin=f"{CATALOGUE_FOLDER}/{name}")
            for name in CATALOGUE_FILES
        )
    )


@cache
def default_scale() -> Scale:
    """The scale a new social value question starts with."""
    name = DEFAULT_SCALE_FILE
    return parse_scale(read_json(SCALE_FOLDER, name), origin=f"{SCALE_FOLDER}/{name}")


@cache
def common_english_words() -> frozenset[str]:
    """The most frequent English words, in lower case (``resources/words/README.md``)."""
    resource = resource_root().joinpath(WORDS_FOLDER).joinpath(COMMON_WORDS_FILE)
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        where = f"{WORDS_FOLDER}/{COMMON_WORDS_FILE}"
        raise BundledDataError(f"{where}: the file is missing") from error
    return frozenset(line.strip().casefold() for line in text.splitlines() if line.strip())


def parse_catalogue(data: object, *, origin: str = "catalogue") -> Catalogue:
    """A :class:`Catalogue` from the decoded JSON of one catalogue file."""
    document = _mapping(data, origin)
    key = _text(document, "catalogue", origin)
    entries: list[CatalogueEntry] = []
    for index, group in enumerate(_list(document, "groups", origin)):
        _collect(group, key, None, f"{origin}: groups[{index}]", entries)
    title = _text(document, "title", origin)
    version = _text(document, "version", origin)
    source = source_text(document.get("source"), origin=origin)
    notes = _optional_text(document, "notes", origin)
    try:
        return Catalogue(
            key=key,
            title=title,
            version=version,
            source=source,
            entries=tuple(entries),
            notes=notes,
        )
    except ValueError as error:
        raise BundledDataError(f"{origin}: {error}") from error


def parse_scale(data: object, *, origin: str = "scale") -> Scale:
    """A :class:`Scale` from the decoded JSON of one scale file."""
    document = _mapping(data, origin)
    source_text(document.get("source"), origin=origin)
    levels: list[ScaleLevel] = []
    for index, item in enumerate(_list(document, "levels", origin)):
        where = f"{origin}: levels[{index}]"
        level = _mapping(item, where)
        score = level.get("score")
        if isinstance(score, bool) or not isinstance(score, int):
            raise BundledDataError(f"{where}: the score must be a whole number")
        if score < 0:
            raise BundledDataError(f"{where}: the score must not be negative")
        levels.append(
            ScaleLevel(
                score=score,
                label=_text(level, "label", where),
                descriptor=_text(level, "descriptor", where),
            )
        )
    try:
        return Scale(tuple(levels))
    except ValueError as error:
        raise BundledDataError(f"{origin}: {error}") from error


def source_text(source: object, *, origin: str = "source") -> str:
    """One line naming a publication: ``title, publisher, edition, date, url``.

    ``source`` is the ``source`` object of a data file. It must give at least a title and a
    publisher; the other fields are used when present. Related publications are not included.
    """
    where = f"{origin}: source"
    document = _mapping(source, where)
    _text(document, "title", where)
    _text(document, "publisher", where)
    parts = [_optional_text(document, part, where) for part in _SOURCE_PARTS]
    return ", ".join(part for part in parts if part)


def _collect(
    item: object,
    catalogue: str,
    parent_code: str | None,
    where: str,
    into: list[CatalogueEntry],
) -> None:
    node = _mapping(item, where)
    code = _text(node, "code", where)
    kind = _text(node, "kind", where)
    title = _text(node, "title", where)
    try:
        into.append(
            CatalogueEntry(
                code=code, kind=kind, title=title, catalogue=catalogue, parent_code=parent_code
            )
        )
    except ValueError as error:
        raise BundledDataError(f"{where}: {error}") from error
    if "children" not in node:
        return
    for index, child in enumerate(_list(node, "children", where)):
        _collect(child, catalogue, code, f"{where}.children[{index}]", into)


def _mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise BundledDataError(f"{where}: expected an object")
    return value


def _list(document: Mapping[str, object], name: str, where: str) -> Sequence[object]:
    value = document.get(name)
    if not isinstance(value, list):
        raise BundledDataError(f"{where}: {name!r} must be a list")
    return value


def _text(document: Mapping[str, object], name: str, where: str) -> str:
    value = document.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BundledDataError(f"{where}: {name!r} must be non-empty text")
    return value.strip()


def _optional_text(document: Mapping[str, object], name: str, where: str) -> str:
    value = document.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BundledDataError(f"{where}: {name!r} must be text")
    return value.strip()
