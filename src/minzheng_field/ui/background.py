"""One-shot blocking work (unlock, create, restore, backup) on a thread of its own.

These calls open and close their own connections on the thread that runs them, so they
run here rather than as jobs of the database threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)


class BackgroundTask(QThread):
    """Runs `fn()` once; `succeeded(result)` or `failed(error)` arrive on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as error:
            if not hasattr(error, "kind"):
                log.error("background task failed", exc_info=error)
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


def run_in_background(
    parent: QObject,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> BackgroundTask:
    """Start `fn` on its own thread and call back on the GUI thread."""
    task = BackgroundTask(fn, parent)
    task.succeeded.connect(on_done)
    task.failed.connect(on_error)
    task.finished.connect(task.deleteLater)
    task.start()
    return task
