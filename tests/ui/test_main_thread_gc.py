"""Cycles are collected on the window's thread only, never by a worker thread."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from svdesk.ui.main_thread_gc import MainThreadCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_workers_never_collect_and_the_window_thread_does(qtbot: QtBot, qapp: QApplication) -> None:
    before = gc.isenabled()  # (off already: the window's tests run with a collector too)
    collector = MainThreadCollector(qapp, interval_ms=10)
    try:
        assert not gc.isenabled()
        collected_on: list[threading.Thread] = []

        def note(phase: str, _info: dict[str, int]) -> None:
            if phase == "start":
                collected_on.append(threading.current_thread())

        gc.callbacks.append(note)
        try:
            worker = threading.Thread(target=lambda: [Cycle() for _ in range(50_000)])
            worker.start()
            worker.join()
            assert collected_on == []  # the worker made garbage but never collected it
            qtbot.waitUntil(lambda: bool(collected_on), timeout=5000)
            assert set(collected_on) == {threading.main_thread()}
        finally:
            gc.callbacks.remove(note)
    finally:
        collector.stop()
    assert gc.isenabled() == before  # collection is given back as it was


def test_a_collection_is_made_only_when_due(qapp: QApplication) -> None:
    collector = MainThreadCollector(qapp, interval_ms=60_000)
    try:
        gc.collect()
        assert collector.collect_if_due() is None
        garbage = [Cycle() for _ in range(gc.get_threshold()[0] + 10)]
        del garbage
        assert collector.collect_if_due() == 0
    finally:
        collector.stop()
