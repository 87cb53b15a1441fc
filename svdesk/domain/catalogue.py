"""Reference libraries of social value criteria, as plain values.

A catalogue is one published framework (the 2020 Social Value Model, the 2025 model, the
National TOMs) flattened into entries: themes or missions, outcomes, and the award criteria or
measures an evaluator scores against. Each entry knows its parent, so the tree can be rebuilt.

Codes are compared after :func:`normalise_code`, so ``mac2.1``, ``MAC 2.1`` and ``" Mac  2.1 "``
all find ``MAC 2.1``. Codes are unique within a catalogue. Across catalogues they may repeat;
:meth:`CatalogueSet.lookup` then returns the entry from the first catalogue in the set's order,
and :meth:`CatalogueSet.lookup_all` returns every match.

Nothing here reads files: :mod:`svdesk.bundled` builds these values from the bundled data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

THEME = "theme"
MISSION = "mission"
POLICY_OUTCOME = "policy-outcome"
OUTCOME = "outcome"
AWARD_CRITERION = "award-criterion"
MEASURE = "measure"

KINDS: frozenset[str] = frozenset(
    {THEME, MISSION, POLICY_OUTCOME, OUTCOME, AWARD_CRITERION, MEASURE}
)
"""The kinds of entry a catalogue may hold."""


class CatalogueError(ValueError):
    """A catalogue, or an entry in one, breaks the rules this module keeps."""


def normalise_code(text: str) -> str:
    """The form in which codes are compared: no whitespace at all, case folded.

    ``"MAC 2.1"``, ``"mac2.1"`` and ``" Mac  2.1 "`` all become ``"mac2.1"``; ``"1A"`` becomes
    ``"1a"``; ``"NT1"`` becomes ``"nt1"``. Compatibility characters (a non-breaking space, a
    full-width digit) are first replaced by their plain forms.
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One item of a catalogue: a theme, mission, outcome, award criterion or measure."""

    code: str
    kind: str
    title: str
    catalogue: str
    parent_code: str | None

    def __post_init__(self) -> None:
        if not normalise_code(self.code):
            raise CatalogueError("a catalogue entry needs a code")
        if self.kind not in KINDS:
            raise CatalogueError(
                f"{self.code}: unknown kind {self.kind!r}; expected one of {sorted(KINDS)}"
            )
        if not self.title.strip():
            raise CatalogueError(f"{self.code}: a catalogue entry needs a title")
        if not self.catalogue.strip():
            raise CatalogueError(f"{self.code}: a catalogue entry must name its catalogue")
        if self.parent_code is not None:
            parent = normalise_code(self.parent_code)
            if not parent:
                raise CatalogueError(f"{self.code}: the parent code is blank")
            if parent == normalise_code(self.code):
                raise CatalogueError(f"{self.code}: an entry cannot be its own parent")

    @property
    def key(self) -> str:
        """The code as :func:`normalise_code` gives it."""
        return normalise_code(self.code)

    @property
    def is_award_criterion(self) -> bool:
        return self.kind == AWARD_CRITERION

    def label(self) -> str:
        """``MAC 2.1 – Create new businesses, new jobs and new skills``."""
        return f"{self.code} – {self.title}"


@dataclass(frozen=True, slots=True)
class Catalogue:
    """One published framework. Entries are in reading order, every parent before its children."""

    key: str
    title: str
    version: str
    source: str
    entries: tuple[CatalogueEntry, ...]
    notes: str = ""

    def __post_init__(self) -> None:
        if not self.key.strip():
            raise CatalogueError("a catalogue needs a key")
        if not self.title.strip():
            raise CatalogueError(f"{self.key}: a catalogue needs a title")
        if not self.version.strip():
            raise CatalogueError(f"{self.key}: a catalogue needs a version")
        if not self.source.strip():
            raise CatalogueError(f"{self.key}: a catalogue must name its source")
        seen: set[str] = set()
        for entry in self.entries:
            if entry.catalogue != self.key:
                raise CatalogueError(
                    f"{entry.code}: belongs to {entry.catalogue!r}, not to {self.key!r}"
                )
            if entry.key in seen:
                raise CatalogueError(f"{self.key}: the code {entry.code!r} is used twice")
            if entry.parent_code is not None and normalise_code(entry.parent_code) not in seen:
                raise CatalogueError(
                    f"{self.key}: {entry.code} names the parent {entry.parent_code!r}, "
                    "which does not come before it"
                )
            seen.add(entry.key)

    def lookup(self, code: str) -> CatalogueEntry | None:
        """The entry whose code matches ``code`` after normalisation, if there is one."""
        wanted = normalise_code(code)
        if not wanted:
            return None
        for entry in self.entries:
            if entry.key == wanted:
                return entry
        return None

    def children(self, code: str | None = None) -> list[CatalogueEntry]:
        """The entries directly under ``code``; with no code, the top-level entries."""
        if code is None:
            return [entry for entry in self.entries if entry.parent_code is None]
        wanted = normalise_code(code)
        return [
            entry
            for entry in self.entries
            if entry.parent_code is not None and normalise_code(entry.parent_code) == wanted
        ]

    def ancestors(self, code: str) -> list[CatalogueEntry]:
        """The entries above ``code``, top level first; empty for a top-level or unknown code."""
        chain: list[CatalogueEntry] = []
        entry = self.lookup(code)
        while entry is not None and entry.parent_code is not None:
            entry = self.lookup(entry.parent_code)
            if entry is not None:
                chain.append(entry)
        chain.reverse()
        return chain

    def of_kind(self, kind: str) -> list[CatalogueEntry]:
        return [entry for entry in self.entries if entry.kind == kind]

    def award_criteria(self) -> list[CatalogueEntry]:
        return self.of_kind(AWARD_CRITERION)


@dataclass(frozen=True, slots=True)
class CatalogueSet:
    """Several catalogues searched together, in the order given."""

    catalogues: tuple[Catalogue, ...]

    def __post_init__(self) -> None:
        keys = [catalogue.key for catalogue in self.catalogues]
        if len(set(keys)) != len(keys):
            raise CatalogueError("the catalogues in a set must have distinct keys")

    def catalogue(self, key: str) -> Catalogue | None:
        for catalogue in self.catalogues:
            if catalogue.key == key:
                return catalogue
        return None

    def lookup(self, code: str) -> CatalogueEntry | None:
        """The entry for ``code``: from the first catalogue that has it, if several do."""
        for catalogue in self.catalogues:
            entry = catalogue.lookup(code)
            if entry is not None:
                return entry
        return None

    def lookup_all(self, code: str) -> list[CatalogueEntry]:
        """Every entry for ``code``, one per catalogue that has it, in the set's order."""
        found: list[CatalogueEntry] = []
        for catalogue in self.catalogues:
            entry = catalogue.lookup(code)
            if entry is not None:
                found.append(entry)
        return found

    def entries(self) -> list[CatalogueEntry]:
        return [entry for catalogue in self.catalogues for entry in catalogue.entries]

    def award_criteria(self) -> list[CatalogueEntry]:
        """All award criteria, catalogue by catalogue, each in reading order."""
        return [entry for catalogue in self.catalogues for entry in catalogue.award_criteria()]
