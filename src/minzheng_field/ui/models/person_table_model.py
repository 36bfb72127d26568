"""The caseload browser's table: a count of rows whose pages are read on demand.

The model knows how many persons match and shows a fixed number of rows from the start,
so the scroll bar is true and any place can be reached at once. Rows are read in blocks
on a reader thread when the view first asks for them (the GUI thread never queries); a row
not read yet is blank for the few milliseconds its block takes. A newer search cancels
the reads of the older one, and any of its results that still arrive are ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from minzheng_field.domain.person_fields import Relationship
from minzheng_field.domain.programs import EnrolmentStatus
from minzheng_field.services.caseload_queries import (
    CaseloadRow,
    CaseloadRows,
    caseload_rows,
    listed_rows,
)
from minzheng_field.store.queries.person_search import (
    PersonQuery,
    PersonSort,
    RiskFlag,
    TextKind,
)
from minzheng_field.ui.database import Cancelled, Database, Job

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# The first page fills a screen quickly; later reads take larger blocks (the search's
# limit is 500), because a deep page costs about as much to find as a large one.
FIRST_PAGE = 80
BLOCK = 500
# Blocks kept in memory (6,000 rows); the farthest from where the user is goes first.
# Few enough that Python's full garbage collections, which hold every thread, stay short.
MAX_BLOCKS = 12
# Both reader threads may load blocks; a newer search cancels them.
MAX_IN_FLIGHT = 2
# Blocks asked for but not started: the newest first, the oldest dropped (scrolled past).
MAX_PENDING = 6

PERSON_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
HOUSEHOLD_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 3
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _TOOLTIP, PERSON_ID_ROLE, HOUSEHOLD_ID_ROLE, ROW_ROLE})
_ITEM_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

_ALARM = QBrush(QColor("#b3261e"))
_GONE = QBrush(QColor("#757575"))
_ALARMING_FLAGS = frozenset(
    {RiskFlag.CHILD_HIGH_RISK, RiskFlag.ELDER_HIGH_RISK, RiskFlag.DECEASED_WITH_BENEFIT}
)
_FLAG_ORDER = (
    RiskFlag.DECEASED_WITH_BENEFIT,
    RiskFlag.CHILD_HIGH_RISK,
    RiskFlag.ELDER_HIGH_RISK,
    RiskFlag.PENDING_VERIFICATION,
)


class Column(IntEnum):
    """The table's columns, in their default order."""

    NAME = 0
    SEX = 1
    AGE = 2
    RELATION = 3
    VILLAGE = 4
    RESIDENT_ID = 5
    FLAGS = 6
    PROGRAMS = 7


_COLUMNS = len(Column)
_RESIDENT_ID = int(Column.RESIDENT_ID)
_FLAGS = int(Column.FLAGS)
_PROGRAMS = int(Column.PROGRAMS)

SORTS: dict[Column, PersonSort] = {
    Column.NAME: PersonSort.NAME,
    Column.AGE: PersonSort.AGE,
    Column.VILLAGE: PersonSort.VILLAGE,
}


class RowSource(Protocol):
    """Where the rows come from: a search, or a fixed list of persons."""

    def job(self, offset: int, limit: int, sort: PersonSort, descending: bool) -> Job:
        """A reader job returning CaseloadRows for one page."""
        ...


@dataclass(frozen=True)
class SearchSource:
    """The rows of a person search."""

    query: PersonQuery

    def job(self, offset: int, limit: int, sort: PersonSort, descending: bool) -> Job:
        """A reader job for one page of the search."""
        query = replace(self.query, offset=offset, limit=limit, sort=sort, descending=descending)
        return lambda session, actor: caseload_rows(session, actor, query)


@dataclass(frozen=True)
class ListSource:
    """The rows of a fixed list of persons (what a workbench count stands for)."""

    person_ids: tuple[str, ...]

    def job(self, offset: int, limit: int, sort: PersonSort, descending: bool) -> Job:
        """A reader job for one page of the list."""
        ids = self.person_ids
        return lambda session, actor: listed_rows(
            session, actor, ids, sort=sort, descending=descending, offset=offset, limit=limit
        )


@dataclass(frozen=True, slots=True)
class _Row:
    """A row as the table shows it, formatted once when its page arrives."""

    data: CaseloadRow
    texts: tuple[str, ...]
    alarm: bool


class PersonTableModel(QAbstractTableModel):
    """Persons of a search or list: a fixed row count, rows read in blocks on demand."""

    # A new search's first rows are in (the total); also after a refresh.
    result_ready = Signal(int)
    # A read failed (not when it was cancelled).
    search_failed = Signal(object)
    # Rows first..last have just been filled.
    rows_loaded = Signal(int, int)

    def __init__(
        self,
        database: Database,
        parent: QObject | None = None,
        *,
        first_page: int = FIRST_PAGE,
        block: int = BLOCK,
        max_blocks: int = MAX_BLOCKS,
    ) -> None:
        super().__init__(parent)
        self._database = database
        self._first_page = first_page
        self._block = block
        self._max_blocks = max_blocks
        self._source: RowSource | None = None
        self._sort = PersonSort.RELEVANCE
        self._descending = False
        self._generation = 0
        self._rows: list[_Row | None] = []
        self._total = 0
        self._text_kind = TextKind.NONE
        # Rows 0..head-1 came with the current generation's first page.
        self._head = 0
        # Block number -> the generation it was read in.
        self._blocks: dict[int, int] = {}
        self._pending: list[int] = []
        self._in_flight: dict[int, int] = {}  # job id -> block (-1: the first page)
        # A first page is on its way: show what is there, ask for nothing.
        self._awaiting = False
        self._revealed: dict[str, str] = {}
        self._recounted = 0
        self._dispatch_timer = QTimer(self)
        self._dispatch_timer.setSingleShot(True)
        self._dispatch_timer.setInterval(0)
        self._dispatch_timer.timeout.connect(self._dispatch)
        self._headers = {
            Column.NAME: self.tr("Name"),
            Column.SEX: self.tr("Sex"),
            Column.AGE: self.tr("Age (born)"),
            Column.RELATION: self.tr("Relation to head"),
            Column.VILLAGE: self.tr("Village"),
            Column.RESIDENT_ID: self.tr("ID number"),
            Column.FLAGS: self.tr("Flags"),
            Column.PROGRAMS: self.tr("Programs"),
        }

    # -- what the page asks ----------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many rows the current result has."""
        return self._total

    @property
    def text_kind(self) -> TextKind:
        """What the current search text was taken for (TOO_SHORT: nothing was searched)."""
        return self._text_kind

    @property
    def source(self) -> RowSource | None:
        """The search or list the rows come from."""
        return self._source

    @property
    def sort_order(self) -> tuple[PersonSort, bool]:
        """The current order and whether it is descending."""
        return self._sort, self._descending

    @property
    def busy(self) -> bool:
        """Whether a new result is on its way."""
        return self._awaiting

    def search(self, source: RowSource) -> None:
        """Show the rows of `source`; older reads are cancelled, their results ignored."""
        self._source = source
        self._start(reset=True)

    def refresh(self) -> None:
        """Read the current result again, keeping the rows on screen until theirs arrive."""
        if self._source is not None:
            self._start(reset=False)

    def set_sort(self, sort: PersonSort, descending: bool = False) -> None:
        """Order the rows on the database side, and read them again."""
        if (sort, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = sort, descending
        if self._source is not None:
            self._start(reset=True)

    def row_data(self, row: int) -> CaseloadRow | None:
        """The row's data, or None while it is not read yet."""
        if 0 <= row < len(self._rows):
            item = self._rows[row]
            return item.data if item is not None else None
        return None

    def is_loaded(self, row: int) -> bool:
        """Whether the row is read (in any generation)."""
        return 0 <= row < len(self._rows) and self._rows[row] is not None

    def reveal(self, person_id: str, number: str) -> None:
        """Show a person's whole ID number (already read through reveal.py, and logged)."""
        self._revealed[person_id] = number
        self._resident_id_changed(person_id)

    def revealed(self, person_id: str) -> str | None:
        """The whole ID number shown for this person, if it was revealed."""
        return self._revealed.get(person_id)

    def hide_revealed(self) -> None:
        """Mask every revealed number again."""
        shown = list(self._revealed)
        self._revealed.clear()
        for person_id in shown:
            self._resident_id_changed(person_id)

    # -- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[Column(section)]
            if role == Qt.ItemDataRole.ToolTipRole and Column(section) in SORTS:
                return self.tr("Click to sort")
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    # The view calls this about ten times per cell and frame: plain int roles, cheap tests.
    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if role not in _ROLES:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self._total and 0 <= column < _COLUMNS) or not index.isValid():
            return None
        item = self._rows[row]
        if role == _DISPLAY:
            if not self._awaiting:
                self._look_around(row)
            if item is None:
                return ""
            if column == _RESIDENT_ID and self._revealed:
                return self._revealed.get(item.data.hit.person_id, item.texts[column])
            return item.texts[column]
        if item is None:
            return None
        if role == _FOREGROUND:
            if column == _FLAGS and item.alarm:
                return _ALARM
            return _GONE if item.data.deceased else None
        if role == _TOOLTIP:
            if column in (_FLAGS, _PROGRAMS) and item.texts[column]:
                return item.texts[column]
            hit = item.data.hit
            masked = hit.masked_resident_id and hit.person_id not in self._revealed
            if column == _RESIDENT_ID and masked:
                return self.tr("Masked. Right-click to show the whole number.")
            return None
        if role == PERSON_ID_ROLE:
            return item.data.hit.person_id
        if role == HOUSEHOLD_ID_ROLE:
            return item.data.hit.household_id
        if role == ROW_ROLE:
            return item.data
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by name (pinyin), age or village on the database side; -1: best match."""
        if column < 0:
            self.set_sort(PersonSort.RELEVANCE)
            return
        sort = SORTS.get(Column(column)) if 0 <= column < len(Column) else None
        if sort is not None:
            self.set_sort(sort, order == Qt.SortOrder.DescendingOrder)

    # -- reading ---------------------------------------------------------------------------

    def _start(self, *, reset: bool) -> None:
        assert self._source is not None
        self._generation += 1
        generation = self._generation
        for job_id in list(self._in_flight):
            self._database.cancel(job_id)
        self._in_flight.clear()
        self._pending.clear()
        self._awaiting = True
        job = self._source.job(0, self._first_page, self._sort, self._descending)
        job_id = self._database.read(
            job,
            lambda result: self._first_page_read(generation, result, reset=reset),
            lambda error: self._failed(generation, -1, error),
        )
        self._in_flight[job_id] = -1

    def _first_page_read(self, generation: int, result: CaseloadRows, *, reset: bool) -> None:
        self._forget_job(-1, generation)
        if generation != self._generation:
            return
        head = [self._format(row) for row in result.rows]
        if reset:
            self.beginResetModel()
            self._total = result.total
            self._rows = [None] * result.total
            self._rows[: len(head)] = head
            self._blocks.clear()
            self._revealed.clear()
            self._text_kind = result.text_kind
            self._head = len(head)
            self._awaiting = False
            self.endResetModel()
        else:
            self._resize(result.total)
            self._rows[: len(head)] = head
            self._text_kind = result.text_kind
            self._head = len(head)
            self._awaiting = False
            if self._total:
                # Rows stay on screen until their block is read again (no blank flash).
                self.dataChanged.emit(
                    self.index(0, 0), self.index(self._total - 1, len(Column) - 1)
                )
        self.result_ready.emit(self._total)
        if head:
            self.rows_loaded.emit(0, len(head) - 1)

    def _resize(self, total: int) -> None:
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._rows.extend([None] * (total - self._total))
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            del self._rows[total:]
            self._total = total
            self.endRemoveRows()

    def _want(self, block: int, *, prefetch: bool = False) -> None:
        if block in self._in_flight.values():
            return
        if block in self._pending:
            if prefetch:
                return
            self._pending.remove(block)
        self._pending.append(block)
        del self._pending[:-MAX_PENDING]
        if not self._dispatch_timer.isActive():
            self._dispatch_timer.start()

    def _look_around(self, row: int) -> None:
        """Ask for the row's block if it is not read; else for the neighbour it is heading to."""
        block = row // self._block
        generation = self._generation
        if self._blocks.get(block) != generation:
            if row >= self._head:
                self._want(block)
            return
        # Past the first quarter of a block the next one is read ahead, before it the previous
        # one: scrolling finds its rows already there (downwards, the usual way, early).
        ahead = block + 1 if 4 * (row - block * self._block) >= self._block else block - 1
        if (
            ahead >= 0
            and ahead * self._block < self._total
            and self._blocks.get(ahead) != generation
        ):
            self._want(ahead, prefetch=True)

    def _dispatch(self) -> None:
        generation = self._generation
        while self._pending and len(self._in_flight) < MAX_IN_FLIGHT:
            block = self._pending.pop()
            if self._blocks.get(block) == generation or block in self._in_flight.values():
                continue
            assert self._source is not None
            offset = block * self._block
            limit = min(self._block, self._total - offset)
            if limit <= 0:
                continue
            job = self._source.job(offset, limit, self._sort, self._descending)
            job_id = self._database.read(
                job,
                self._block_reader(generation, block),
                lambda error, b=block: self._failed(generation, b, error),
            )
            self._in_flight[job_id] = block

    def _block_reader(self, generation: int, block: int) -> Callable[[CaseloadRows], None]:
        return lambda result: self._block_read(generation, block, result)

    def _block_read(self, generation: int, block: int, result: CaseloadRows) -> None:
        self._forget_job(block, generation)
        if generation != self._generation:
            return
        if result.total != self._total and self._recounted != generation:
            # The vault changed between two reads: count again (once), keep what is shown.
            self._recounted = generation
            QTimer.singleShot(0, self.refresh)
        first = block * self._block
        last = min(first + len(result.rows), self._total) - 1
        for offset, row in enumerate(result.rows[: max(0, last - first + 1)]):
            self._rows[first + offset] = self._format(row)
        self._blocks[block] = generation
        self._evict(keep=block)
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
            self.rows_loaded.emit(first, last)
        self._dispatch()

    def _failed(self, generation: int, block: int, error: Exception) -> None:
        self._forget_job(block, generation)
        if generation != self._generation:
            return
        if block == -1:
            self._awaiting = False
        else:
            # Not asked for again in this generation: a failing read must not repeat.
            self._blocks[block] = generation
        if not isinstance(error, Cancelled):
            self.search_failed.emit(error)
        self._dispatch()

    def _forget_job(self, block: int, generation: int) -> None:
        if generation != self._generation:
            return
        for job_id, held in list(self._in_flight.items()):
            if held == block:
                del self._in_flight[job_id]
                return

    def _evict(self, *, keep: int) -> None:
        while len(self._blocks) > self._max_blocks:
            farthest = max(self._blocks, key=lambda b: abs(b - keep))
            del self._blocks[farthest]
            first = farthest * self._block
            last = min(first + self._block, self._total)
            self._rows[first:last] = [None] * (last - first)
            if first < self._head:
                self._head = 0

    def _resident_id_changed(self, person_id: str) -> None:
        for row, item in enumerate(self._rows):
            if item is not None and item.data.hit.person_id == person_id:
                index = self.index(row, Column.RESIDENT_ID)
                self.dataChanged.emit(index, index)

    # -- formatting ------------------------------------------------------------------------

    def _format(self, row: CaseloadRow) -> _Row:
        hit = row.hit
        if hit.birth_date is not None and hit.age is not None:
            age = self.tr("{age} ({born})").format(age=hit.age, born=hit.birth_date.isoformat())
        elif hit.birth_date is not None:
            age = hit.birth_date.isoformat()
        else:
            age = ""
        try:
            relation = Relationship(hit.relation).label if hit.relation else ""
        except ValueError:
            relation = hit.relation or ""
        flags = [flag.label for flag in _FLAG_ORDER if flag in hit.flags]
        if row.deceased and RiskFlag.DECEASED_WITH_BENEFIT not in hit.flags:
            flags.insert(0, self.tr("Deceased"))
        programs = [
            mark.program.label
            if mark.status is EnrolmentStatus.APPROVED
            else f"{mark.program.label}（{mark.status.label}）"
            for mark in row.programs
        ]
        texts = (
            hit.name,
            hit.sex or "",
            age,
            relation,
            row.village_name or hit.village_code or "",
            hit.masked_resident_id or "",
            "、".join(flags),
            "、".join(programs),
        )
        return _Row(row, texts, alarm=bool(hit.flags & _ALARMING_FLAGS))
