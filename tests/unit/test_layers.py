"""The layers depend one way: only svdesk.ui imports Qt; the domain imports no library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "svdesk"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_under(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py")) if folder else sorted(PACKAGE.glob("*.py"))


NON_UI = ["domain", "store", "packs", "sheets", "services", "documents", ""]


@pytest.mark.parametrize("folder", NON_UI)
def test_only_the_ui_imports_qt(folder: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_under(folder)
        for name in imported_modules(path)
        if name.split(".")[0] in {"PySide6", "shiboken6"}
    ]
    assert offenders == []


def test_domain_imports_only_the_standard_library_and_itself() -> None:
    # The one outside library the rules use: the maintained UK bank holiday calendar.
    allowed_roots = {
        "holidays",
        "zoneinfo",
        "svdesk",
        "__future__",
        "dataclasses",
        "decimal",
        "enum",
        "typing",
        "re",
        "collections",
        "datetime",
        "functools",
        "itertools",
        "math",
        "unicodedata",
    }
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_under("domain")
        for name in imported_modules(path)
        if name.split(".")[0] not in allowed_roots
        or (name.startswith("svdesk.") and not name.startswith("svdesk.domain"))
    ]
    assert offenders == []


@pytest.mark.parametrize("folder", ["domain", "store", "packs"])
def test_lower_layers_do_not_reach_up(folder: str) -> None:
    above = {"svdesk.services", "svdesk.ui", "svdesk.cli", "svdesk.documents"}
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_under(folder)
        for name in imported_modules(path)
        if any(name == top or name.startswith(top + ".") for top in above)
    ]
    assert offenders == []
