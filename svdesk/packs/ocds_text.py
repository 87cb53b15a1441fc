"""The texts of an OCDS file that svdesk reads, checked for hidden characters.

Every field the OCDS reader takes into the tender is a name, a key or another short field,
so a hidden character in any of them refuses the file (svdesk.domain.hidden_characters),
each named by its JSON path in the file as it was given (``releases[1].parties[0].name``).
Fields svdesk does not read are not checked: they are not imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from svdesk.domain.hidden_characters import hidden_text
from svdesk.domain.issues import PackIssue, error

_ADDRESS = ("streetAddress", "locality", "region", "postalCode", "countryName")
_ORGANISATION = (
    "id",
    "name",
    *(f"address.{part}" for part in _ADDRESS),
    "contactPoint.name",
    "contactPoint.email",
    "identifier.scheme",
    "identifier.id",
)
# The fields the reader (svdesk.packs.ocds) takes in, ``[]`` marking every item of a list.
READ_FIELDS = (
    "ocid",
    "tender.id",
    "tender.title",
    "tender.value.currency",
    "tender.documents[].url",
    "tender.lots[].id",
    "tender.lots[].title",
    "tender.tenderers[].id",
    "tender.tenderers[].name",
    *(f"buyer.{field}" for field in _ORGANISATION),
    *(f"parties[].{field}" for field in _ORGANISATION),
    "bids.details[].tenderers[].id",
    "bids.details[].tenderers[].name",
    "bids.details[].relatedLots[]",
)


def hidden_text_issues(document: object, file_name: str) -> list[PackIssue]:
    """An error for each field read that holds a hidden character, by its JSON path."""
    issues = []
    for prefix, release in _releases(document):
        for field in READ_FIELDS:
            for path, value in _values(release, field.split("."), prefix):
                found = hidden_text(value, written=False) if isinstance(value, str) else None
                if found is not None:
                    issues.append(error(f"{path}: {found.message}", file=file_name))
    return issues


def _releases(document: object) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(document, dict):
        return
    if isinstance(document.get("releases"), list):
        for index, release in enumerate(document["releases"]):
            if isinstance(release, dict):
                yield f"releases[{index}].", release
    elif isinstance(document.get("records"), list):
        for index, record in enumerate(document["records"]):
            compiled = record.get("compiledRelease") if isinstance(record, dict) else None
            if isinstance(compiled, dict):
                yield f"records[{index}].compiledRelease.", compiled
    else:
        yield "", document


def _values(node: object, parts: list[str], path: str) -> Iterator[tuple[str, object]]:
    """``(path, value)`` of every value at ``parts`` below ``node``."""
    if not parts:
        yield path.rstrip("."), node
        return
    if not isinstance(node, dict):
        return
    part, rest = parts[0], parts[1:]
    if not part.endswith("[]"):
        if part in node:
            yield from _values(node[part], rest, f"{path}{part}.")
        return
    items = node.get(part[:-2])
    if isinstance(items, list):
        for index, item in enumerate(items):
            yield from _values(item, rest, f"{path}{part[:-2]}[{index}].")
