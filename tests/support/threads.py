"""Which threads a function runs on: to show that slow work leaves the window's thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest


def threads_calling(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> list[threading.Thread]:
    """Replace ``module.name`` with itself, noting the thread of every call in the list."""
    threads: list[threading.Thread] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return threads
