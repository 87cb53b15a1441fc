"""View > Text size reaches every page, the navigator, the status bar, tables' rows and
headings (asserted on the font each widget actually gets), and is kept between runs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from svdesk.store.database import Database
from svdesk.ui.main_window import MainWindow
from svdesk.ui.text_size import SETTING_KEY, TextSize, apply_size, current_size, normal_font
from svdesk.ui.views.navigator import Page, Target
from tests.ui.conftest import window_on


@pytest.fixture(autouse=True)
def _normal_again() -> Iterator[None]:
    """The application font is the whole process's: each test leaves it as it found it."""
    normal_font()  # the system's, recorded before any test changes it
    yield
    apply_size(TextSize.NORMAL)
    QSettings("svdesk", "svdesk").remove(SETTING_KEY)


def widgets_of(window: MainWindow) -> list[QWidget]:
    """Every widget of every registered page, the navigator and the status bar."""
    assert window.pages is not None
    assert window.navigator is not None
    registry = window.pages.registry
    pages = [registry.page_for(kind) for kind in registry.kinds()]
    roots: list[QWidget] = [window.navigator, window.statusBar()]
    roots += [page.widget for page in pages if page is not None]
    found: list[QWidget] = []
    for root in roots:
        found.append(root)
        found += root.findChildren(QWidget)
    return list(dict.fromkeys(found))


def point_sizes(widgets: list[QWidget]) -> list[float]:
    return [QFontInfo(w.font()).pointSizeF() for w in widgets]


def described(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else ""
    return f"{type(widget).__name__} {widget.objectName()!r} {shown!r}"


def test_a_larger_size_reaches_every_widget_of_every_page(qtbot: QtBot, demo_db: Database) -> None:
    window = window_on(qtbot, demo_db)
    assert window.pages is not None
    window.go_to(Target(Page.RESULTS))  # a page with tables fitted to their rows
    widgets = widgets_of(window)
    assert len(widgets) > 200
    before = point_sizes(widgets)
    rows = window.pages.responses.table.verticalHeader().defaultSectionSize()
    heading = QFontInfo(window.pages.summary.title.font()).pointSizeF()

    window.commands.text_size_actions[TextSize.LARGER].trigger()

    # Qt tells the widgets by posted events; a page that sizes its grid from its own font
    # (the moderation board) does so a turn or two of the event loop later.
    def smaller() -> list[str]:
        after = point_sizes(widgets)
        return [
            described(w)
            for w, old, new in zip(widgets, before, after, strict=True)
            if not new >= old * 1.4
        ]

    with contextlib.suppress(qtbot.TimeoutError):  # the assertion below says what is left
        qtbot.waitUntil(lambda: not smaller(), timeout=2000)
    assert smaller() == [], "\n".join(smaller())
    assert window.pages.responses.table.verticalHeader().defaultSectionSize() > rows
    assert QFontInfo(window.pages.summary.title.font()).pointSizeF() >= heading * 1.4
    assert window.commands.text_size_actions[TextSize.LARGER].isChecked()


def test_a_page_first_shown_after_a_size_change_has_that_size(
    qtbot: QtBot, demo_db: Database
) -> None:
    window = window_on(qtbot, demo_db)
    pages = window.pages
    assert pages is not None
    assert not pages.registry.built(Page.RESULTS)  # built when first shown
    window.commands.text_size_actions[TextSize.LARGER].trigger()
    # The window's widgets take the new size from events Qt posts, before the next click.
    larger_font = QApplication.font().pointSizeF()
    qtbot.waitUntil(lambda: QFontInfo(pages.font()).pointSizeF() == larger_font)
    window.go_to(Target(Page.RESULTS))
    page = pages.results
    widgets = [page, *page.findChildren(QWidget)]
    larger = point_sizes(widgets)
    window.commands.text_size_actions[TextSize.NORMAL].trigger()

    def not_smaller() -> list[str]:
        after = point_sizes(widgets)
        return [
            described(w)
            for w, large, normal in zip(widgets, larger, after, strict=True)
            if not large >= normal * 1.4
        ]

    with contextlib.suppress(qtbot.TimeoutError):  # the assertion below says what is left
        qtbot.waitUntil(lambda: not not_smaller(), timeout=2000)
    assert not_smaller() == [], "\n".join(not_smaller())


def test_the_keys_step_through_the_sizes(qtbot: QtBot, tender_db: Database) -> None:
    window = window_on(qtbot, tender_db)
    normal = QApplication.font().pointSizeF()
    window.commands.larger_action.trigger()
    assert current_size() is TextSize.LARGE
    window.commands.larger_action.trigger()
    window.commands.larger_action.trigger()
    window.commands.larger_action.trigger()
    assert current_size() is TextSize.LARGEST  # and no further
    assert not window.commands.larger_action.isEnabled()
    assert QApplication.font().pointSizeF() == pytest.approx(normal * 2)
    window.commands.smaller_action.trigger()
    assert current_size() is TextSize.LARGER
    window.commands.normal_size_action.trigger()
    assert current_size() is TextSize.NORMAL
    assert QApplication.font().pointSizeF() == pytest.approx(normal)
    shortcuts = [
        a.shortcut().toString()
        for a in (
            window.commands.larger_action,
            window.commands.smaller_action,
            window.commands.normal_size_action,
        )
    ]
    assert shortcuts == ["Ctrl++", "Ctrl+-", "Ctrl+0"]


def test_the_choice_is_kept_for_the_next_run(qtbot: QtBot, tender_db: Database) -> None:
    first = window_on(qtbot, tender_db)
    first.commands.text_size_actions[TextSize.LARGEST].trigger()
    largest = QApplication.font().pointSizeF()
    first.close()
    apply_size(TextSize.NORMAL)  # a new run starts at the system's size

    second = MainWindow(tender_db)
    qtbot.addWidget(second)
    second.show_fitted()
    QApplication.processEvents()
    assert current_size() is TextSize.LARGEST
    assert QApplication.font().pointSizeF() == pytest.approx(largest)
    assert second.commands.text_size_actions[TextSize.LARGEST].isChecked()
    assert second.navigator is not None
    assert QFontInfo(second.navigator.font()).pointSizeF() == pytest.approx(largest, rel=0.1)


def test_what_is_kept_but_not_a_size_is_normal(qtbot: QtBot, tender_db: Database) -> None:
    QSettings("svdesk", "svdesk").setValue(SETTING_KEY, "enormous")
    window = window_on(qtbot, tender_db)
    window.show_fitted()
    assert current_size() is TextSize.NORMAL


def test_the_evaluators_workspace_follows_too(qtbot: QtBot, tmp_path: Path) -> None:
    from svdesk.ui.workspace.workspace_window import WorkspaceWindow
    from tests.support.panel_tender import ANN, REF, declared_tender

    db, _path = declared_tender(tmp_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    try:
        window = WorkspaceWindow(db, REF, ANN, settings=settings)
        qtbot.addWidget(window)
        window.show()
        widgets = [window, *window.findChildren(QWidget)]
        before = point_sizes(widgets)
        apply_size(TextSize.LARGE)
        QApplication.processEvents()
        after = point_sizes(widgets)
        smaller = [
            described(w)
            for w, old, new in zip(widgets, before, after, strict=True)
            if not new >= old * 1.2
        ]
        assert smaller == [], "\n".join(smaller)
        window.close()
    finally:
        db.close()
