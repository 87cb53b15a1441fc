"""The wheel carries everything svdesk reads at run time: every bundled resource and
every migration, inside the package where ``importlib.resources`` finds them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a fresh copy of the sources: a build/ or *.egg-info/ left in the checkout
    # by an earlier build would otherwise lend the wheel files its configuration lacks.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("svdesk", "resources", "database"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    # Offline: the build uses the setuptools of the dev environment.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("svdesk-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def files_under(folder: str, suffixes: tuple[str, ...] = ()) -> list[str]:
    base = ROOT / folder
    return sorted(
        path.relative_to(base).as_posix()
        for path in base.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and (not suffixes or path.suffix in suffixes)
    )


def test_every_resource_is_in_the_wheel(wheel_names: set[str]) -> None:
    resources = files_under("resources")
    assert "catalogues/social_value_model_2020.json" in resources
    missing = [name for name in resources if f"svdesk/resources/{name}" not in wheel_names]
    assert missing == []


def test_every_migration_is_in_the_wheel(wheel_names: set[str]) -> None:
    migrations = files_under("database", (".py", ".mako", ".ini"))
    assert "versions/0002_evaluation.py" in migrations
    missing = [name for name in migrations if f"svdesk/database/{name}" not in wheel_names]
    assert missing == []


def test_every_module_is_in_the_wheel(wheel_names: set[str]) -> None:
    modules = files_under("svdesk", (".py",))
    missing = [name for name in modules if f"svdesk/{name}" not in wheel_names]
    assert missing == []


def test_the_wheel_declares_its_licence_and_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        entry_points = archive.read(next(n for n in names if n.endswith("entry_points.txt")))
    assert "License-Expression: MIT" in metadata.decode().splitlines()
    assert "svdesk = svdesk.cli:main" in entry_points.decode().splitlines()
