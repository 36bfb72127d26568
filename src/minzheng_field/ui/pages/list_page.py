"""A page whose list is read in the background: once it is first shown, and again after writes.

The care lists, the notices and the visit history work alike: ids are read on a reader
thread (a newer read cancels an older one), the table's model fetches the rows on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.pages.page import Page
from minzheng_field.ui.session import UiSession


def list_table(object_name: str, model: QAbstractItemModel) -> QTableView:
    """A read-only table of whole rows, one chosen at a time, without row numbers."""
    table = QTableView()
    table.setObjectName(object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    return table


class ListPage(Page):
    """A page with a list of ids read in the background, again whenever something was written.

    A subclass returns its read in `list_job()` and shows the ids in `ids_loaded()`; it may
    read its filters' choices in `load_choices()`, once, when the page is first shown.
    """

    # The ids of the list were read again (the number of rows).
    list_loaded = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._started = False
        self._stale = True
        self._list_job: int | None = None

    # -- for the subclass ------------------------------------------------------------------

    def load_choices(self) -> None:
        """Read the filters' choices (once, when the page is first shown)."""

    def list_job(self) -> Any:
        """A job `(session, actor) -> ids` reading the list for the current filters."""
        raise NotImplementedError

    def ids_loaded(self, ids: list[str]) -> None:
        """Show the ids just read."""
        raise NotImplementedError

    # -- Page ------------------------------------------------------------------------------

    def activated(self) -> None:
        """Read the choices once, and the list if something changed since it was read."""
        if not self._started:
            self._started = True
            self.load_choices()
        if self._stale:
            self.reload()

    def on_operation(self, result: Any) -> None:
        """Anything written may change the list: read it again (at once when on screen)."""
        self._stale = True
        if self._started and self.isVisible():
            self.reload()

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ids for the current filters again (a newer read cancels an older one)."""
        self._stale = False
        if self._list_job is not None:
            self.session.database.cancel(self._list_job)
        self._list_job = (
            ops.load_ids(self.session, self, self.list_job())
            .success(ops.guarded(self, self._ids_arrived))
            .failure(ops.guarded(self, self.failed))
            .run_in_background()
        )

    def failed(self, error: Exception) -> None:
        """Say what went wrong with a read (a cancelled one is no error)."""
        if not isinstance(error, Cancelled):
            show_error(self, error)

    def _ids_arrived(self, ids: list[str]) -> None:
        self._list_job = None
        self.ids_loaded(ids)
        self.list_loaded.emit(len(ids))
