"""The demo tender at the stages the moderation board is tried at, each test its own copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from svdesk.services.demo import DemoStage
from svdesk.store.database import Database, open_database
from svdesk.ui.main_window import MainWindow
from svdesk.ui.views.moderation.board_page import ModerationPage
from svdesk.ui.views.navigator import Page, Target
from svdesk.ui.who_is_working import Actor
from tests.support.demo_files import demo_file
from tests.ui.conftest import window_on
from tests.ui.views.moderation.agreeing import MODERATOR


def _made(factory: pytest.TempPathFactory, stage: DemoStage) -> Path:
    return demo_file(factory.mktemp(f"demo-{stage.value}") / "d.sqlite", stage)


def _copy(made: Path, folder: Path) -> Iterator[Database]:
    for source in made.parent.glob(made.name + "*"):  # with any -wal file
        shutil.copyfile(source, folder / source.name)
    db = open_database(folder / made.name)
    yield db
    db.close()


@pytest.fixture(scope="session")
def _ready_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _made(tmp_path_factory, DemoStage.MODERATION)


@pytest.fixture(scope="session")
def _scoring_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _made(tmp_path_factory, DemoStage.SCORING)


@pytest.fixture
def ready_db(_ready_file: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo with every evaluator's scores submitted and moderation not yet open."""
    yield from _copy(_ready_file, tmp_path)


@pytest.fixture
def scoring_db(_scoring_file: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo with Rebecca Thornton still to score both lots."""
    yield from _copy(_scoring_file, tmp_path)


MODERATOR_AT_WORK = Actor(MODERATOR, "moderator", on_panel=True)
ShowPage = Callable[..., tuple[MainWindow, ModerationPage]]


@pytest.fixture
def moderation_page(qtbot: QtBot) -> ShowPage:
    """``moderation_page(db, lot=None, actor=MODERATOR_AT_WORK)``: the window on the
    Moderation page (every lot, or ``lot``'s board), with ``actor`` at work."""

    def show(
        db: Database, lot: str | None = None, actor: Actor | None = MODERATOR_AT_WORK
    ) -> tuple[MainWindow, ModerationPage]:
        window = window_on(qtbot, db)
        window.context.set_actor(actor)
        window.go_to(Target(Page.MODERATION, lot))
        assert window.pages is not None
        page = window.pages.moderation
        assert window.pages.currentWidget() is page
        return window, page

    return show
