"""The layers depend one way (docs/architecture.md): each imports only those below it;
only svdesk.ui imports Qt; the domain imports no library but the bank holiday calendar.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a
layer that names another's types depends on it as much as one that calls it.
"""

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
            if node.module == "svdesk":  # from svdesk import palette: the module palette
                names.update(f"svdesk.{alias.name}" for alias in node.names)
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
        "statistics",
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


# Shared by every layer: the package itself (its version) and the colour palette.
SHARED = {"svdesk", "__version__", "palette"}
BASE = {"domain"}
DATA = BASE | {"bundled", "store", "packs"}
CORE = DATA | {"services"}
OUTPUTS = CORE | {"sheets", "documents"}
# Each layer (a folder, or a module at the top of the package), and what it may import
# besides itself.
MAY_IMPORT: dict[str, set[str]] = {
    "domain": set(),
    "bundled": BASE,
    "store": BASE,
    "packs": BASE,
    "services": DATA,
    "sheets": CORE,
    "documents": CORE | {"sheets"},
    "paths": set(),
    "palette": set(),
    "terminal": set(),
    "ui": OUTPUTS,
    "cli_parser": {"paths"},
    "cli_panel": CORE,
    "cli_moderation": CORE | {"cli_parser"},
    "cli_review": CORE | {"terminal"},
    "cli_audit": CORE,
    "cli": OUTPUTS
    | {"ui", "paths", "cli_parser", "terminal", "cli_panel", "cli_moderation", "cli_review"}
    | {"cli_audit"},
    "__main__": {"cli"},
    "__init__": set(),
}


def layer_of(name: str) -> str:
    """``svdesk.services.tenders`` -> ``services``; ``svdesk`` -> ``svdesk``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def test_every_module_belongs_to_a_layer() -> None:
    layers = {path.relative_to(PACKAGE).with_suffix("").parts[0] for path in modules_under("")}
    layers |= {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert layers - {"resources"} <= set(MAY_IMPORT)


def test_each_layer_imports_only_the_layers_below_it() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = path.relative_to(PACKAGE).with_suffix("").parts[0]
        if layer == "resources":
            continue
        allowed = MAY_IMPORT[layer] | SHARED | {layer}
        offenders.extend(
            f"{path.relative_to(PACKAGE)} ({layer}) imports {name}"
            for name in sorted(imported_modules(path))
            if name.split(".")[0] == "svdesk" and layer_of(name) not in allowed
        )
    assert offenders == []


# Documents format what they are handed (docs/architecture.md): the evaluation workbook,
# the report and the letters each read their whole record through one use case, in one
# session, and call it from their entry points only (the letters have three: the batch,
# the preview, and the letters' content built on their own); the rest of documents/ takes
# from the services nothing but refusals and the writing of files.
LETTERS = {"svdesk.services.letter_record"}
DOCUMENT_USE_CASES = {
    "evaluation_workbook": {"svdesk.services.evaluation_record"},
    "evaluation_report": {"svdesk.services.report_record"},
    "letter_batch": LETTERS,
    "letter_preview": LETTERS,
    "letter_content": LETTERS,
}
DOCUMENT_SERVICES = {"svdesk.services.refusals", "svdesk.services.written_files"}


def test_documents_take_their_data_from_their_use_case_only() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_under("documents")
        for name in sorted(imported_modules(path))
        if layer_of(name) == "services"
        and name not in DOCUMENT_SERVICES | DOCUMENT_USE_CASES.get(path.stem, set())
    ]
    assert offenders == []


def test_documents_read_no_database_but_through_their_use_case() -> None:
    # The entry points name the database they hand to their use case; nothing else in
    # documents/ reaches the store but its read models and the trail's plain values.
    allowed = {"svdesk.store.audit"}
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules_under("documents")
        for name in sorted(imported_modules(path))
        if layer_of(name) == "store"
        and not name.startswith("svdesk.store.records")
        and name not in allowed
        and not (path.stem in DOCUMENT_USE_CASES and name == "svdesk.store.database")
    ]
    assert offenders == []
