"""An operation runs one service call on a database thread and reports back on the GUI thread.

Like Anki's `CollectionOp`: on success every view hears `operation_did_execute` with what
changed and refreshes only what concerns it; on failure the caller's handler, or by
default one plain Chinese sentence in a message box.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from minzheng_field.diagnostics import user_message
from minzheng_field.ui.database import Cancelled, Job
from minzheng_field.ui.session import UiSession

log = logging.getLogger(__name__)

T = TypeVar("T")


def show_error(parent: QWidget | None, error: Exception) -> None:
    """Tell the user what went wrong in one sentence; details go to the log only."""
    if isinstance(error, Cancelled):
        return
    if not hasattr(error, "kind"):
        log.error("operation failed", exc_info=error)
    title = QCoreApplication.translate("Operation", "Notice")
    QMessageBox.warning(parent, title, user_message(error))


class Operation(Generic[T]):
    """One background call of the services, writing (default) or reading."""

    def __init__(self, session: UiSession, parent: QWidget | None, job: Job, *, write: bool = True):
        self._session = session
        self._parent = parent
        self._job = job
        self._write = write
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[Exception], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        """Call `callback(result)` on the GUI thread when the job succeeds."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], None]) -> Operation[T]:
        """Handle a failure instead of the default message box."""
        self._on_failure = callback
        return self

    def run_in_background(self) -> int:
        """Queue the job; returns its id (which `UiSession.database.cancel` accepts)."""
        database = self._session.database
        submit = database.write if self._write else database.read
        return submit(self._job, self._succeeded, self._failed)

    def _parent_gone(self) -> bool:
        # The widget that asked may have been closed while the job ran: its callbacks
        # would touch a deleted C++ object.
        return self._parent is not None and not shiboken6.isValid(self._parent)

    def _succeeded(self, result: Any) -> None:
        if self._write:
            self._session.events.operation_did_execute.emit(result)
        if self._on_success is not None and not self._parent_gone():
            self._on_success(result)

    def _failed(self, error: Exception) -> None:
        if self._parent_gone():
            log.info("operation failed after its window closed: %s", type(error).__name__)
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self._parent, error)
