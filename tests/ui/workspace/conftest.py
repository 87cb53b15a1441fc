"""Tenders with a panel, and a settings file of the test's own for the workspace."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.workspace.workspace_window import WorkspaceWindow
from tests.support.panel_tender import REF, declared_tender, panel_tender

OpenWorkspace = Callable[[str], WorkspaceWindow]


@pytest.fixture(autouse=True)
def _own_settings_folder(tmp_path: Path) -> None:
    """The window's own settings (QSettings("svdesk", "svdesk")) go to the test's folder."""
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "config"))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def panel_db(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = panel_tender(tmp_path)
    yield db, path
    db.close()


@pytest.fixture
def declared_db(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    db, path = declared_tender(tmp_path)
    yield db, path
    db.close()


def workspace_on(
    qtbot: QtBot,
    db: Database,
    member: str,
    settings: QSettings,
    size: tuple[int, int] = (1366, 768),
) -> WorkspaceWindow:
    window = WorkspaceWindow(db, REF, member, settings=settings)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    # Its keys are the window's shortcuts, which need it active.
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    return window
