"""The caseload browser's table: the ordered ids of a result, whose rows are read on demand.

The model knows how many persons match and shows a fixed number of rows from the start,
so the scroll bar is true and any place can be reached at once. A search first reads the
rows of the first screen and the count; then, on a reader thread, the index rowids of the
whole result in order (8 bytes a row, one object for all). Any other row is read by its
rowid, in blocks, when the view first asks for it: as cheap at row 49,000 as at row 0. A
row not read yet is blank for the few milliseconds its block takes. The GUI thread never
queries. A newer search cancels the reads of the older one; its results that still arrive
are ignored.

Rows are kept as flat tuples of strings, numbers and dates, formatted on the reader: the
garbage collector stops tracking such tuples, so thousands of rows held cost it nothing.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.orm import Session

from minzheng_field.domain.person_fields import Relationship
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.services.caseload_queries import (
    CaseloadRow,
    CaseloadRows,
    ProgramMark,
    caseload_rowids,
    caseload_rows,
    caseload_rows_by_rowid,
    listed_rowids,
    listed_rows,
)
from minzheng_field.services.context import Actor
from minzheng_field.store.queries.person_search import (
    PersonHit,
    PersonQuery,
    PersonSort,
    RiskFlag,
    TextKind,
)
from minzheng_field.ui.database import Cancelled, Database, Job

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# The first read fills a screen quickly; later ones take blocks, each read by rowid (about
# 4 ms and 3 ms of formatting per 250 rows), small enough that a jump shows its rows soon.
FIRST_PAGE = 80
BLOCK = 250
# Blocks kept in memory (10,000 rows, ~10 MB); the farthest from where the user is goes.
MAX_BLOCKS = 40
# Both reader threads may load blocks; a newer search cancels them.
MAX_IN_FLIGHT = 2
# Blocks asked for but not started: the newest first, the oldest dropped (scrolled past).
MAX_PENDING = 6
# Reads of one result read again after an interrupt that was not for them.
MAX_INTERRUPTED = 3

PERSON_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
HOUSEHOLD_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 2
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 3
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _TOOLTIP, PERSON_ID_ROLE, HOUSEHOLD_ID_ROLE, ROW_ROLE})

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

# A row as the table holds it: the texts of its columns (0–7), then these plain values.
# One flat tuple of strings, numbers and dates and nothing nested: the garbage collector
# stops tracking it at its first (young) collection. A nested tuple made before its items
# would keep it tracked until later full collections, which it would then slow down.
_Row = tuple[Any, ...]
_ALARMED = _COLUMNS  # a flag that shows in red
_DECEASED = _COLUMNS + 1
_PERSON_ID = _COLUMNS + 2
_HOUSEHOLD_ID = _COLUMNS + 3
_MASKED_ID = _COLUMNS + 4
_HIT = slice(_COLUMNS + 5, _COLUMNS + 11)  # name, sex, birth date, age, village, relation
_FLAG_VALUES = _COLUMNS + 11  # "value,value"
_VILLAGE_NAME = _COLUMNS + 12
_PROGRAM_MARKS = _COLUMNS + 13  # "program:status,program:status"


def _pack(row: CaseloadRow) -> _Row:
    """The row's column texts and its plain values, in one flat tuple."""
    hit = row.hit
    if hit.birth_date is not None and hit.age is not None:
        # translate() is thread-safe: rows are formatted on the reader, in the model's context.
        age = QCoreApplication.translate("PersonTableModel", "{age} ({born})").format(
            age=hit.age, born=hit.birth_date.isoformat()
        )
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
        flags.insert(0, QCoreApplication.translate("PersonTableModel", "Deceased"))
    programs = [
        mark.program.label
        if mark.status is EnrolmentStatus.APPROVED
        else f"{mark.program.label}（{mark.status.label}）"
        for mark in row.programs
    ]
    return (
        hit.name,
        hit.sex or "",
        age,
        relation,
        row.village_name or hit.village_code or "",
        hit.masked_resident_id or "",
        "、".join(flags),
        "、".join(programs),
        bool(hit.flags & _ALARMING_FLAGS),
        row.deceased,
        hit.person_id,
        hit.household_id,
        hit.masked_resident_id,
        hit.name,
        hit.sex,
        hit.birth_date,
        hit.age,
        hit.village_code,
        hit.relation,
        ",".join(sorted(flag.value for flag in hit.flags)),
        row.village_name,
        ",".join(f"{mark.program.value}:{mark.status.value}" for mark in row.programs),
    )


def _unpack(item: _Row) -> CaseloadRow:
    """The row as the services gave it."""
    name, sex, born, age, village_code, relation = item[_HIT]
    birth_date: date | None = born
    flags = item[_FLAG_VALUES]
    hit = PersonHit(
        person_id=item[_PERSON_ID],
        household_id=item[_HOUSEHOLD_ID],
        name=name,
        sex=sex,
        birth_date=birth_date,
        age=age,
        village_code=village_code,
        masked_resident_id=item[_MASKED_ID],
        relation=relation,
        flags=frozenset(RiskFlag(flag) for flag in flags.split(",")) if flags else frozenset(),
    )
    marks = tuple(
        ProgramMark(Program(program), EnrolmentStatus(status))
        for program, _, status in (mark.partition(":") for mark in item[_PROGRAM_MARKS].split(","))
        if program
    )
    return CaseloadRow(hit, item[_VILLAGE_NAME], marks, item[_DECEASED])


class RowSource(Protocol):
    """Where the rows come from: a search, or a fixed list of persons."""

    def first_rows(
        self, session: Session, actor: Actor, limit: int, sort: PersonSort, descending: bool
    ) -> CaseloadRows:
        """The first `limit` rows and the total (and every rowid, when they come cheaply)."""
        ...

    def rowids(
        self, session: Session, actor: Actor, sort: PersonSort, descending: bool
    ) -> array[int]:
        """The index rowids of every row, in order."""
        ...


@dataclass(frozen=True)
class SearchSource:
    """The rows of a person search."""

    query: PersonQuery

    def first_rows(
        self, session: Session, actor: Actor, limit: int, sort: PersonSort, descending: bool
    ) -> CaseloadRows:
        """The search's first rows and its count (and every rowid, when they come cheap)."""
        query = replace(self.query, offset=0, limit=limit, sort=sort, descending=descending)
        # When counting reads every match anyway (a text, a narrow filter), their rowids
        # come in the same pass; else the first rows are found in index order, counted
        # apart, and the rowids read next (everyone: 50,000 rowids take ~15 ms).
        return caseload_rows(session, actor, query, with_rowids=None)

    def rowids(
        self, session: Session, actor: Actor, sort: PersonSort, descending: bool
    ) -> array[int]:
        """Every match's index rowid, in order."""
        query = replace(self.query, sort=sort, descending=descending)
        return caseload_rowids(session, actor, query)


@dataclass(frozen=True)
class ListSource:
    """The rows of a fixed list of persons (what a workbench count stands for)."""

    person_ids: tuple[str, ...]

    def first_rows(
        self, session: Session, actor: Actor, limit: int, sort: PersonSort, descending: bool
    ) -> CaseloadRows:
        """The list's first rows, its size and every rowid."""
        return listed_rows(
            session, actor, self.person_ids, sort=sort, descending=descending, limit=limit
        )

    def rowids(
        self, session: Session, actor: Actor, sort: PersonSort, descending: bool
    ) -> array[int]:
        """The listed persons' index rowids, in order."""
        return listed_rowids(session, actor, self.person_ids, sort=sort, descending=descending)


class _Ticket:
    """One generation of reads; a job whose generation was replaced does not start."""

    __slots__ = ("stale",)

    def __init__(self) -> None:
        self.stale = False

    def check(self) -> None:
        if self.stale:
            raise Cancelled()


@dataclass(frozen=True, slots=True)
class _FirstRows:
    rows: tuple[_Row, ...]
    total: int
    text_kind: TextKind
    rowids: array[int] | None


def _first_rows_job(
    source: RowSource, limit: int, sort: PersonSort, descending: bool, ticket: _Ticket
) -> Job:
    def job(session: Session, actor: Actor) -> _FirstRows:
        ticket.check()
        result = source.first_rows(session, actor, limit, sort, descending)
        rows = tuple(_pack(row) for row in result.rows)
        return _FirstRows(rows, result.total, result.text_kind, result.rowids)

    return job


def _rowids_job(source: RowSource, sort: PersonSort, descending: bool, ticket: _Ticket) -> Job:
    def job(session: Session, actor: Actor) -> array[int]:
        ticket.check()
        return source.rowids(session, actor, sort, descending)

    return job


def _rows_job(rowids: array[int], ticket: _Ticket) -> Job:
    def job(session: Session, actor: Actor) -> list[_Row | None]:
        ticket.check()
        rows = caseload_rows_by_rowid(session, actor, rowids)
        return [_pack(row) if row is not None else None for row in rows]

    return job


class PersonTableModel(QAbstractTableModel):
    """Persons of a search or list: a fixed row count, rows read by rowid on demand."""

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
        self._ticket = _Ticket()
        self._rows: list[_Row | None] = []
        self._total = 0
        self._text_kind = TextKind.NONE
        # The current generation's rowids of every row, once read.
        self._rowids: array[int] | None = None
        # Rows 0..head-1 came with the current generation's first read.
        self._head = 0
        # Block number -> the generation it was read in.
        self._blocks: dict[int, int] = {}
        self._pending: list[int] = []
        # Block -> the first and last of its rows shown (blank, or of an older result)
        # while it was not read: only these are announced as changed once it is.
        self._shown: dict[int, tuple[int, int]] = {}
        # Job id -> block (-1: the first rows, -2: the rowids).
        self._in_flight: dict[int, int] = {}
        # A first read is on its way: show what is there, ask for nothing.
        self._awaiting = False
        self._revealed: dict[str, str] = {}
        self._recounted = 0
        self._resetting = False
        self._interrupted = 0
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
        self._masked_tip = self.tr("Masked. Right-click to show the whole number.")

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
            return _unpack(item) if item is not None else None
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
        return 0 if parent.isValid() else _COLUMNS

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

    # flags() is QAbstractTableModel's (enabled, selectable, no children): the view asks
    # for every cell it paints, and a Python override would cost a call into Python each.

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
            return self._text(item, column)
        if item is None:
            return None
        if role == _FOREGROUND:
            return self._foreground(item, column)
        if role == _TOOLTIP:
            if column in (_FLAGS, _PROGRAMS) and item[column]:
                return item[column]
            masked = item[_MASKED_ID] and item[_PERSON_ID] not in self._revealed
            if column == _RESIDENT_ID and masked:
                return self._masked_tip
            return None
        if role == PERSON_ID_ROLE:
            return item[_PERSON_ID]
        if role == HOUSEHOLD_ID_ROLE:
            return item[_HOUSEHOLD_ID]
        if role == ROW_ROLE:
            return _unpack(item)
        return None

    # The delegate asks for all the roles it paints with in one call per cell (Qt 6): one
    # call into Python instead of six or seven, the bulk of a frame's Python time.
    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803
        row, column = index.row(), index.column()
        valid = 0 <= row < self._total and 0 <= column < _COLUMNS and index.isValid()
        item = self._rows[row] if valid else None
        if valid and not self._awaiting:
            self._look_around(row)
        for role_data in roleDataSpan:
            role = role_data.role()
            if role == _DISPLAY and valid:
                role_data.setData(self._text(item, column) if item is not None else "")
            elif role == _FOREGROUND and item is not None:
                role_data.setData(self._foreground(item, column))
            elif role in _ROLES and item is not None:
                role_data.setData(self.data(index, role))
            else:
                role_data.clearData()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by name (pinyin), age or village on the database side; -1: best match."""
        if column < 0:
            self.set_sort(PersonSort.RELEVANCE)
            return
        sort = SORTS.get(Column(column)) if 0 <= column < len(Column) else None
        if sort is not None:
            self.set_sort(sort, order == Qt.SortOrder.DescendingOrder)

    def _text(self, item: _Row, column: int) -> str:
        if column == _RESIDENT_ID and self._revealed:
            return self._revealed.get(item[_PERSON_ID], item[column])
        return item[column]

    @staticmethod
    def _foreground(item: _Row, column: int) -> QBrush | None:
        if column == _FLAGS and item[_ALARMED]:
            return _ALARM
        return _GONE if item[_DECEASED] else None

    # -- reading ---------------------------------------------------------------------------

    def _start(self, *, reset: bool) -> None:
        assert self._source is not None
        self._generation += 1
        generation = self._generation
        self._ticket.stale = True
        self._ticket = ticket = _Ticket()
        for job_id in list(self._in_flight):
            self._database.cancel(job_id)
        self._in_flight.clear()
        self._pending.clear()
        self._shown.clear()
        self._rowids = None
        self._awaiting = True
        self._resetting = reset
        self._interrupted = 0
        job = _first_rows_job(self._source, self._first_page, self._sort, self._descending, ticket)
        job_id = self._database.read(
            job,
            lambda result: self._first_rows_read(generation, result, reset=reset),
            lambda error: self._failed(generation, -1, error),
        )
        self._in_flight[job_id] = -1

    def _first_rows_read(self, generation: int, result: _FirstRows, *, reset: bool) -> None:
        self._forget_job(-1, generation)
        if generation != self._generation:
            return
        head = result.rows
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
                self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, _COLUMNS - 1))
        if result.rowids is not None:
            self._rowids_read(generation, result.rowids)
        elif len(head) < self._total:
            self._read_rowids()
        self.result_ready.emit(self._total)
        if head:
            self.rows_loaded.emit(0, len(head) - 1)

    def _read_rowids(self) -> None:
        assert self._source is not None
        generation = self._generation
        job = _rowids_job(self._source, self._sort, self._descending, self._ticket)
        job_id = self._database.read(
            job,
            lambda rowids: self._rowids_read(generation, rowids),
            lambda error: self._failed(generation, -2, error),
        )
        self._in_flight[job_id] = -2

    def _rowids_read(self, generation: int, rowids: array[int]) -> None:
        self._forget_job(-2, generation)
        if generation != self._generation:
            return
        self._rowids = rowids
        if len(rowids) != self._total:
            # The vault changed between the two reads: the rowids are the truth; the first
            # rows shown are read again by rowid when the view next asks for them.
            self._resize(len(rowids))
            self._head = 0
        self._dispatch()

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
                shown = self._shown.get(block)
                if shown is None:
                    self._shown[block] = (row, row)
                elif not shown[0] <= row <= shown[1]:
                    self._shown[block] = (min(shown[0], row), max(shown[1], row))
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
        rowids = self._rowids
        if rowids is None:
            return  # the blocks wait for the rowids, which are on their way
        generation = self._generation
        while self._pending and len(self._in_flight) < MAX_IN_FLIGHT:
            block = self._pending.pop()
            if self._blocks.get(block) == generation or block in self._in_flight.values():
                continue
            first = block * self._block
            wanted = rowids[first : min(first + self._block, self._total)]
            if not wanted:
                continue
            job_id = self._database.read(
                _rows_job(wanted, self._ticket),
                self._block_reader(generation, block),
                lambda error, b=block: self._failed(generation, b, error),
            )
            self._in_flight[job_id] = block

    def _block_reader(self, generation: int, block: int) -> Callable[[list[_Row | None]], None]:
        return lambda rows: self._block_read(generation, block, rows)

    def _block_read(self, generation: int, block: int, rows: list[_Row | None]) -> None:
        self._forget_job(block, generation)
        if generation != self._generation:
            return
        if None in rows and self._recounted != generation:
            # Someone was removed (or left the reader's scope) since the rowids were read:
            # read the result again (once), keeping what is shown.
            self._recounted = generation
            QTimer.singleShot(0, self.refresh)
        first = block * self._block
        last = min(first + len(rows), self._total) - 1
        self._rows[first : last + 1] = rows[: max(0, last - first + 1)]
        self._blocks[block] = generation
        self._evict(keep=block)
        # Only the rows a view has shown changed for it; the others it will ask for. (A
        # table view repaints all it shows for any dataChanged, even of rows out of sight:
        # announcing a block read ahead would cost a whole extra frame.)
        shown = self._shown.pop(block, None)
        if shown is not None and max(shown[0], first) <= min(shown[1], last):
            top, bottom = max(shown[0], first), min(shown[1], last)
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, _COLUMNS - 1))
        if last >= first:
            self.rows_loaded.emit(first, last)
        self._dispatch()

    def _failed(self, generation: int, block: int, error: Exception) -> None:
        self._forget_job(block, generation)
        if generation != self._generation:
            return
        if isinstance(error, Cancelled) and self._interrupted < MAX_INTERRUPTED:
            # The reads this model cancels are forgotten first, so this one was stopped in
            # passing (by an interrupt meant for another read on its connection): again.
            interrupted = self._interrupted + 1
            self._interrupted = interrupted
            if block == -1:
                self._start(reset=self._resetting)
                self._interrupted = interrupted
            elif block == -2:
                self._read_rowids()
            else:
                self._want(block)
            return
        if block == -1:
            self._awaiting = False
        elif block >= 0:
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
            if item is not None and item[_PERSON_ID] == person_id:
                index = self.index(row, Column.RESIDENT_ID)
                self.dataChanged.emit(index, index)
