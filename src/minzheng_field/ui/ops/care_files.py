"""Background work of the care pages: file reads and writes, and lists paged in on demand.

Each function returns an `Operation`; the caller adds `.success()` / `.failure()` and calls
`.run_in_background()`. `OnDemandTableModel` holds a list's ids and reads the rows of the
part on screen from a reader thread, a page at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid
from sqlalchemy.orm import Session

from minzheng_field.services import care_files as care_service
from minzheng_field.services import care_queries
from minzheng_field.services import reveal as reveal_service
from minzheng_field.services.care_files import CareFileChange, ChildFileView, ElderFileView
from minzheng_field.services.care_queries import (
    Candidate,
    CarePerson,
    VillageOption,
    WorkerOption,
)
from minzheng_field.services.context import Actor
from minzheng_field.services.reveal import PhoneOf
from minzheng_field.ui.database import Cancelled
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession

log = logging.getLogger(__name__)

HIGH_RISK_COLOR = QColor("#b3261e")
MEDIUM_RISK_COLOR = QColor("#a15c00")
MUTED_COLOR = QColor("#6b6b6b")

ModelIndex = QModelIndex | QPersistentModelIndex
T = TypeVar("T")


def guarded(owner: QObject, callback: Callable[[T], None]) -> Callable[[T], None]:
    """`callback`, skipped once `owner` is gone (a page closed before its read came back)."""

    def call(value: T) -> None:
        if isValid(owner):
            callback(value)

    return call


# -- operations ----------------------------------------------------------------------------


def load_child_file(
    session: UiSession, parent: QWidget | None, person_id: str
) -> Operation[ChildFileView | None]:
    """Read a child's file as the user may see it."""
    return Operation(
        session,
        parent,
        lambda s, a: care_service.child_file_view(s, a, person_id),
        write=False,
    )


def load_elder_file(
    session: UiSession, parent: QWidget | None, person_id: str
) -> Operation[ElderFileView | None]:
    """Read an elder's file as the user may see it."""
    return Operation(
        session,
        parent,
        lambda s, a: care_service.elder_file_view(s, a, person_id),
        write=False,
    )


def create_child_file(
    session: UiSession, parent: QWidget | None, person_id: str, fields: dict[str, Any]
) -> Operation[CareFileChange]:
    """Open a child's file with the typed fields (category and risk level among them)."""
    values = dict(fields)
    category = values.pop("category")
    risk_level = values.pop("risk_level")
    return Operation(
        session,
        parent,
        lambda s, a: care_service.create_child_file(
            s, a, person_id, category=category, risk_level=risk_level, **values
        ),
    )


def update_child_file(
    session: UiSession, parent: QWidget | None, person_id: str, changed: dict[str, Any]
) -> Operation[CareFileChange]:
    """Write the changed fields of a child's file."""
    return Operation(
        session,
        parent,
        lambda s, a: care_service.update_child_file(s, a, person_id, **changed),
    )


def create_elder_file(
    session: UiSession, parent: QWidget | None, person_id: str, fields: dict[str, Any]
) -> Operation[CareFileChange]:
    """Open an elder's file with the typed fields (categories and risk tier among them)."""
    values = dict(fields)
    categories = values.pop("categories")
    risk_tier = values.pop("risk_tier")
    return Operation(
        session,
        parent,
        lambda s, a: care_service.create_elder_file(
            s, a, person_id, categories=categories, risk_tier=risk_tier, **values
        ),
    )


def update_elder_file(
    session: UiSession, parent: QWidget | None, person_id: str, changed: dict[str, Any]
) -> Operation[CareFileChange]:
    """Write the changed fields of an elder's file."""
    return Operation(
        session,
        parent,
        lambda s, a: care_service.update_elder_file(s, a, person_id, **changed),
    )


def reveal_phone(
    session: UiSession,
    person_id: str,
    of: PhoneOf,
    on_done: Callable[[str], None],
    on_error: Callable[[Exception], None],
) -> int:
    """Read a whole phone number of a file (the access log records it).

    It runs on the writer thread for the access entry, but is no change of the caseload,
    so no view is told that an operation executed.
    """
    return session.database.write(
        lambda s, a: reveal_service.reveal_phone(s, a, person_id, of=of), on_done, on_error
    )


def load_choices(
    session: UiSession, parent: QWidget | None
) -> Operation[tuple[list[VillageOption], list[WorkerOption]]]:
    """Read the villages the user may filter by and the users who may be responsible."""
    return Operation(
        session,
        parent,
        lambda s, a: (care_queries.visible_villages(s, a), care_queries.care_workers(s, a)),
        write=False,
    )


@dataclass(frozen=True)
class EditingContext:
    """What an editor of a person's child or elder file needs, read in one go."""

    person: CarePerson
    child_file: ChildFileView | None
    elder_file: ElderFileView | None
    workers: list[WorkerOption]
    villages: dict[str, str]


def _editing_context(session: Session, actor: Actor, person_id: str) -> EditingContext:
    person = care_queries.care_person(session, actor, person_id)
    return EditingContext(
        person=person,
        child_file=care_service.child_file_view(session, actor, person_id)
        if person.has_child_file
        else None,
        elder_file=care_service.elder_file_view(session, actor, person_id)
        if person.has_elder_file
        else None,
        workers=care_queries.care_workers(session, actor),
        villages={v.code: v.name for v in care_queries.visible_villages(session, actor)},
    )


def load_for_editing(
    session: UiSession, parent: QWidget | None, person_id: str
) -> Operation[EditingContext]:
    """Read a person's header, files and the choices an editor offers."""
    return Operation(session, parent, lambda s, a: _editing_context(s, a, person_id), write=False)


def find_candidates(
    session: UiSession,
    parent: QWidget | None,
    search: Callable[[Session, Actor, str], list[Candidate]],
    text: str,
) -> Operation[list[Candidate]]:
    """Persons of the caseload who may get a file (children or elders, by `search`)."""
    return Operation(session, parent, lambda s, a: search(s, a, text), write=False)


def load_ids(
    session: UiSession, parent: QWidget | None, job: Callable[[Session, Actor], list[str]]
) -> Operation[list[str]]:
    """Read the ordered ids of a list."""
    return Operation(session, parent, job, write=False)


# -- text for the screen ---------------------------------------------------------------------


def date_text(value: date | None) -> str:
    """A civil date as the lists show it."""
    return value.isoformat() if value is not None else ""


def risk_color(value: str | None) -> QColor | None:
    """The colour a risk level is shown in (none for low)."""
    if value == "high":
        return HIGH_RISK_COLOR
    if value == "medium":
        return MEDIUM_RISK_COLOR
    return None


def label_of(enum: Any, value: str | None) -> str:
    """The Chinese label of a stored enum value, or the value itself when unknown."""
    if value is None:
        return ""
    try:
        return str(enum(value).label)
    except ValueError:
        return value


def person_name_text(name: str, deceased_on: date | None) -> str:
    """A name, marked when the person has died."""
    if deceased_on is None:
        return name
    return QCoreApplication.translate("CareText", "{name} (deceased)").format(name=name)


# -- the table model -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an on-demand table: title, text of a row, and how it sorts."""

    title: str
    text: Callable[[Any], str]
    # The sort the page asks the service for when this column's header is clicked.
    sort: Any = None
    color: Callable[[Any], QColor | None] | None = None
    tooltip: Callable[[Any], str | None] | None = None
    align_right: bool = False


class OnDemandTableModel(QAbstractTableModel):
    """A table that holds ids and reads the rows on screen from a reader, a page at a time."""

    PAGE = 100
    # A page of rows has arrived (tests and views may wait on it).
    rows_arrived = Signal()
    # The user clicked a sortable header: (column's sort key, descending).
    sort_requested = Signal(object, bool)

    def __init__(
        self,
        session: UiSession,
        columns: Sequence[Column],
        fetch: Callable[[Session, Actor, list[str]], Sequence[Any]],
        key: Callable[[Any], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.columns = list(columns)
        self._fetch = fetch
        self._key = key
        self._ids: list[str] = []
        self._rows: dict[str, Any] = {}
        self._requested: dict[int, int] = {}  # page → job id
        self._failed: set[int] = set()
        self._generation = 0

    # -- contents --------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[str]) -> None:
        """Show these ids in this order; rows are read again as they come on screen."""
        self._cancel_requests()
        self._generation += 1
        self._failed.clear()
        new = list(ids)
        if new == self._ids:
            self._rows.clear()
            if new:
                last = self.index(len(new) - 1, len(self.columns) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._ids = new
        self._rows.clear()
        self.endResetModel()

    def ids(self) -> list[str]:
        """The ids in display order."""
        return list(self._ids)

    def id_at(self, row: int) -> str | None:
        """The id shown in that row."""
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: str) -> int:
        """The row showing this id, or -1."""
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    def item(self, row: int) -> Any | None:
        """The row's values once read (None until its page has arrived)."""
        item_id = self.id_at(row)
        return None if item_id is None else self._rows.get(item_id)

    def loaded_count(self) -> int:
        """How many rows have been read."""
        return len(self._rows)

    def ensure_loaded(self, first: int, last: int) -> None:
        """Ask for the pages holding rows first..last (inclusive)."""
        if not self._ids:
            return
        last = min(last, len(self._ids) - 1)
        for page in range(max(first, 0) // self.PAGE, last // self.PAGE + 1):
            self._request(page)

    # -- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.align_right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._rows.get(self._ids[index.row()])
        if row is None:
            self._request(index.row() // self.PAGE)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return column.color(row) if column.color is not None else None
        return column.tooltip(row) if column.tooltip is not None else None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Sorting is the service's: the page reads the ids again in the new order.
        if 0 <= column < len(self.columns) and self.columns[column].sort is not None:
            self.sort_requested.emit(
                self.columns[column].sort, order == Qt.SortOrder.DescendingOrder
            )

    # -- reading pages ---------------------------------------------------------------------

    def _request(self, page: int) -> None:
        if page in self._requested or page in self._failed:
            return
        wanted = self._ids[page * self.PAGE : (page + 1) * self.PAGE]
        if not wanted:
            return
        generation = self._generation
        fetch = self._fetch
        self._requested[page] = self._session.database.read(
            lambda s, a: fetch(s, a, wanted),
            guarded(self, lambda rows: self._arrived(generation, page, rows)),
            guarded(self, lambda error: self._fetch_failed(generation, page, error)),
        )

    def _arrived(self, generation: int, page: int, rows: Sequence[Any]) -> None:
        if generation != self._generation:
            return
        self._requested.pop(page, None)
        for row in rows:
            self._rows[self._key(row)] = row
        wanted = set(self._ids[page * self.PAGE : (page + 1) * self.PAGE])
        missing = wanted - {self._key(row) for row in rows}
        if missing:
            # Gone or out of reach since the ids were read: shown as removed, not as blanks.
            # Pages of the shorter list start elsewhere, so pending reads are dropped.
            self._cancel_requests()
            self._generation += 1
            self.beginResetModel()
            self._ids = [i for i in self._ids if i not in missing]
            self.endResetModel()
        else:
            first = page * self.PAGE
            last = min(first + self.PAGE, len(self._ids)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
        self.rows_arrived.emit()

    def _fetch_failed(self, generation: int, page: int, error: Exception) -> None:
        if generation != self._generation or isinstance(error, Cancelled):
            return
        self._requested.pop(page, None)
        self._failed.add(page)
        log.error("rows of a list could not be read: %s", type(error).__name__)

    def _cancel_requests(self) -> None:
        for job_id in self._requested.values():
            self._session.database.cancel(job_id)
        self._requested.clear()
