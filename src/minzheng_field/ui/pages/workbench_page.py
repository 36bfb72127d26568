"""The workbench (工作台): what needs attention today, as large tiles with counts.

The counts come in two reads: every item but the visit items at once, then the visit items
(slow on a large township), whose tiles say "计算中…" until then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.services.workbench import (
    ItemKey,
    Severity,
    WorkbenchItem,
    WorkbenchSummary,
    visit_items,
    workbench_summary,
)
from minzheng_field.store.queries.person_search import PersonQuery, china_today
from minzheng_field.ui import preferences
from minzheng_field.ui.dialogs.backup_dialog import BackupDialog
from minzheng_field.ui.dialogs.task_dialog import TaskDialog
from minzheng_field.ui.models.task_table_model import TaskColumn, TaskTableModel
from minzheng_field.ui.pages.caseload_page import PersonListRequest
from minzheng_field.ui.pages.page import Page
from minzheng_field.ui.session import UiSession

# Tiles per row: three on a small laptop, more on a wide screen (the task list needs height).
COLUMNS = 3
MAX_COLUMNS = 5
TILE_WIDTH = 190
# The task list keeps at least this height when the splitter is first sized.
TASKS_MIN_HEIGHT = 220
_TASK_COLUMN_WIDTHS = {
    TaskColumn.DUE: 96,
    TaskColumn.WHEN: 96,
    TaskColumn.KIND: 84,
    TaskColumn.PERSON: 84,
    TaskColumn.VILLAGE: 96,
    TaskColumn.ASSIGNEE: 96,
}


def _while_alive(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """`fn`, skipped once the widget is gone (a result may arrive after a page is discarded)."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call


class _Count:
    """One read the page repeats: one at a time; asked again meanwhile, once more after it."""

    def __init__(
        self,
        page: WorkbenchPage,
        job: Callable[[], Callable[[Any, Any], Any]],
        shown: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self._page = page
        self._job = job
        self._shown = shown
        self._failed = failed
        # The Database the read runs on (None: none runs), and whether to read once more.
        self._on: object | None = None
        self._again = False
        self.delivered = False

    @property
    def running(self) -> bool:
        return self._on is not None

    def start(self) -> None:
        database = self._page.session.database
        if self._on is database:
            # Rather than interrupt a reader, read again when it ends.
            self._again = True
            return
        self._on = database
        self._again = False
        database.read(
            self._job(),
            _while_alive(self._page, lambda result: self._done(database, result, None)),
            _while_alive(self._page, lambda error: self._done(database, None, error)),
        )

    def _done(self, database: object, result: Any, error: Exception | None) -> None:
        if database is not self._on:
            return  # a read from before a lock
        self._on = None
        if self._again:
            self.start()
            if self.delivered:
                return  # the newer read follows; this one may already be out of date
        if error is not None:
            self._failed(error)
            return
        self.delivered = True
        self._shown(result)


_STYLE = """
QPushButton#workbenchTile {
    text-align: left;
    border: 1px solid #cfd8dc;
    border-left: 6px solid #b0bec5;
    background: #ffffff;
    padding: 12px 14px;
}
QPushButton#workbenchTile:hover { background: #f3f7fb; }
QPushButton#workbenchTile:focus { border: 2px solid #1e6fd9; border-left: 6px solid #1e6fd9; }
QPushButton#workbenchTile[severity="warning"] { border-left-color: #d35400; }
QPushButton#workbenchTile[severity="notice"] { border-left-color: #1e6fd9; }
QPushButton#workbenchTile[severity="clear"] { border-left-color: #43a047; }
QPushButton#workbenchTile:disabled { background: #fafafa; }
QLabel#tileTitle { font-size: 15px; color: #263238; }
QLabel#tileCount { font-size: 34px; font-weight: bold; color: #546e7a; }
QLabel#tileCount[severity="warning"] { color: #c0392b; }
QLabel#tileCount[severity="notice"] { color: #1e6fd9; }
QLabel#tileCount[severity="clear"] { color: #43a047; }
QLabel#tileCount[words="true"] { font-size: 24px; }
QLabel#tileCount[severity="pending"] { font-size: 20px; font-weight: normal; color: #90a4ae; }
QLabel#tileDetail { color: #607d8b; }
QLabel#workbenchHeading { font-size: 22px; font-weight: bold; }
QLabel#tasksHeading { font-size: 16px; font-weight: bold; color: #263238; }
QLabel#workbenchSubtitle { color: #607d8b; }
"""


class WorkbenchTile(QPushButton):
    """One workbench item: its title, a large count and a line of detail; a click opens it."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.item: WorkbenchItem | None = None
        self.setObjectName("workbenchTile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(128)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.title_label = QLabel()
        self.title_label.setObjectName("tileTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("tileCount")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("tileDetail")
        self.detail_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        for label in (self.title_label, self.count_label, self.detail_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        # Enter opens a tile like Space does: the workbench is used from the keyboard.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.isEnabled():
            self.click()
            return
        super().keyPressEvent(event)

    def show_item(
        self, item: WorkbenchItem, title: str, count_text: str, detail: str, *, clickable: bool
    ) -> None:
        """Show an item's figures; a tile that opens nothing is not clickable."""
        self.item = item
        self.title_label.setText(title)
        self.count_label.setText(count_text)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        self.setAccessibleName(f"{title} {count_text}")
        self.setToolTip(detail)
        self.setEnabled(clickable)
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )
        # A word (从未, 今天) is set smaller than a number: a reminder, not an alarm.
        self.count_label.setProperty("words", not count_text.isdigit())
        # A count still running is neutral: no colour says good or bad yet.
        severity = "pending" if item.pending else Severity(item.severity).value
        for widget in (self, self.count_label):
            widget.setProperty("severity", severity)
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class WorkbenchPage(Page):
    """Counts of what needs attention, each clickable to its list; refreshed after every change."""

    # Every count shown and none running: the summary (tests and the status bar may listen).
    summary_loaded = Signal(object)
    # The summary now on screen, maybe with its visit items still being counted.
    counts_shown = Signal(object)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        # What the tiles show (visit items maybe pending), and the same once all are counted.
        self.shown: WorkbenchSummary | None = None
        self.summary: WorkbenchSummary | None = None
        self.tiles: dict[str, WorkbenchTile] = {}
        self._today = china_today()
        self._visit_items: tuple[WorkbenchItem, ...] = ()
        # Refreshes asked for, and how many of them the last visit read started after.
        self._asked = 0
        self._visits_cover = 0
        self._fast = _Count(self, self._fast_job, self._fast_counted, self._fast_failed)
        self._visits = _Count(self, self._visits_job, self._visits_counted, self._failed)
        self._backup_dialog: BackupDialog | None = None
        self.task_dialogs: dict[str, TaskDialog] = {}
        self.setStyleSheet(_STYLE)

        self.heading = QLabel(self.tr("Workbench"))
        self.heading.setObjectName("workbenchHeading")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("workbenchSubtitle")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Count again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)

        self.message = QLabel(self.tr("Counting…"))
        self.message.setObjectName("workbenchMessage")
        self.message.setWordWrap(True)

        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self._columns = COLUMNS
        self._splitter_sized = False
        tiles = QWidget()
        self.tiles_widget = tiles
        tiles_layout = QVBoxLayout(tiles)
        tiles_layout.setContentsMargins(0, 0, 0, 0)
        tiles_layout.addLayout(self.grid)
        tiles_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(tiles)

        self.task_model = TaskTableModel(self)
        self.task_table = QTableView()
        self.task_table.setObjectName("taskTable")
        self.task_table.setModel(self.task_model)
        self.task_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.task_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.task_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.task_table.setAlternatingRowColors(True)
        self.task_table.setWordWrap(False)
        self.task_table.verticalHeader().hide()
        header_view = self.task_table.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setSectionResizeMode(TaskColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in _TASK_COLUMN_WIDTHS.items():
            self.task_table.setColumnWidth(column, width)
        self.task_table.activated.connect(self._task_activated)
        self.tasks_heading = QLabel(self.tr("Open tasks"))
        self.tasks_heading.setObjectName("tasksHeading")
        self.tasks_hint = QLabel(self.tr("Double-click or press Enter to record a task."))
        self.tasks_hint.setObjectName("workbenchSubtitle")
        self.tasks_empty = QLabel(self.tr("No open task."))
        self.tasks_empty.setObjectName("tileDetail")
        self.tasks_empty.hide()
        tasks_title = QHBoxLayout()
        tasks_title.addWidget(self.tasks_heading)
        tasks_title.addSpacing(12)
        tasks_title.addWidget(self.tasks_hint, 1)
        tasks = QWidget()
        tasks.setObjectName("taskSection")
        tasks_layout = QVBoxLayout(tasks)
        tasks_layout.setContentsMargins(0, 8, 0, 0)
        tasks_layout.addLayout(tasks_title)
        tasks_layout.addWidget(self.tasks_empty)
        tasks_layout.addWidget(self.task_table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(tasks)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    # -- Page -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Workbench")

    def activated(self) -> None:
        self.refresh()

    def on_operation(self, result: Any) -> None:
        # A hidden workbench counts again when it is shown (activated).
        if self.isVisible():
            self.refresh()

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Count every item again: the visit items in a read of their own after the others.

        The visit read starts when the quick one has returned, so that it never keeps the
        other reader thread from the reads a page asks for at the same time.
        """
        self._today = china_today()
        self._asked += 1
        self._fast.start()

    def _fast_job(self) -> Callable[[Any, Any], WorkbenchSummary]:
        days = preferences.BACKUP_REMINDER_DAYS.get(preferences.settings())
        today = self._today
        return lambda s, actor: workbench_summary(
            s, actor, today, backup_reminder_days=days, visits=False
        )

    def _visits_job(self) -> Callable[[Any, Any], tuple[WorkbenchItem, ...]]:
        self._visits_cover = self._asked
        today = self._today
        return lambda s, actor: visit_items(s, actor, today)

    def _count_visits(self) -> None:
        # A visit read started after the last refresh was asked for already sees its data
        # (the window asks twice on opening: counting the visits twice would double their wait).
        if self._visits_cover < self._asked:
            self._visits.start()

    def _fast_counted(self, summary: WorkbenchSummary) -> None:
        self._count_visits()
        # The visit tiles keep their last counts until the new ones come.
        self._show(summary.with_items(self._visit_items), tasks=True)

    def _fast_failed(self, error: Exception) -> None:
        self._count_visits()
        self._failed(error)

    def _visits_counted(self, items: tuple[WorkbenchItem, ...]) -> None:
        self._visit_items = items
        if self.shown is not None:
            self._show(self.shown.with_items(items), tasks=False)

    def _show(self, summary: WorkbenchSummary, *, tasks: bool) -> None:
        self.shown = summary
        if not summary.pending:
            self.summary = summary
        self.message.hide()
        if tasks:
            self.subtitle.setText(
                self.tr("Today is {date}. Counted at {time}.").format(
                    date=_long_date(summary.today),
                    time=QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat),
                )
            )
        for item in summary.items:
            tile = self.tiles.get(item.key)
            if tile is None:
                tile = WorkbenchTile(item.key)
                tile.clicked.connect(lambda _checked=False, key=item.key: self.open_item(key))
                self.tiles[item.key] = tile
            title, count_text, detail = self._texts(item, summary)
            tile.show_item(item, title, count_text, detail, clickable=self._opens(item))
            tile.show()
        self._place_tiles()
        if tasks:
            self._show_tasks(summary)
        if not self._splitter_sized:
            # Once the layout has given the splitter its height.
            QTimer.singleShot(0, _while_alive(self, self._size_splitter))
        self.counts_shown.emit(summary)
        if not summary.pending and not self._fast.running and not self._visits.running:
            self.summary_loaded.emit(summary)

    def _place_tiles(self) -> None:
        """Lay the tiles out in rows of as many columns as the width allows."""
        if self.shown is None:
            return
        for index, item in enumerate(self.shown.items):
            tile = self.tiles[item.key]
            self.grid.addWidget(tile, index // self._columns, index % self._columns)
        for column in range(MAX_COLUMNS):
            self.grid.setColumnStretch(column, 1 if column < self._columns else 0)

    def _size_splitter(self) -> None:
        """All tiles in view when the page is tall enough; the task list gets the rest."""
        total = self.splitter.height()
        if self.shown is None or not self.isVisible() or total < TASKS_MIN_HEIGHT:
            return
        self._splitter_sized = True
        tiles = self._tiles_height()
        top = max(total // 3, min(tiles, total - TASKS_MIN_HEIGHT))
        self.splitter.setSizes([top, total - top])

    def _tiles_height(self) -> int:
        # Counted from the tiles (the grid's own hint lags behind a change of columns).
        shown = [tile for tile in self.tiles.values() if not tile.isHidden()]
        if not shown:
            return 0
        rows = -(-len(shown) // self._columns)
        height = max(max(tile.sizeHint().height(), tile.minimumHeight()) for tile in shown)
        return rows * height + (rows - 1) * self.grid.verticalSpacing() + 4

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        width = self.width() - 48
        columns = max(COLUMNS, min(MAX_COLUMNS, width // TILE_WIDTH))
        if columns != self._columns:
            self._columns = columns
            self._place_tiles()
            self._splitter_sized = False
        if not self._splitter_sized:
            self._size_splitter()

    def _show_tasks(self, summary: WorkbenchSummary) -> None:
        current = self.current_task_id()
        self.task_model.set_tasks(summary.tasks, summary.today)
        self.tasks_empty.setVisible(not summary.tasks)
        self.task_table.setVisible(bool(summary.tasks))
        total = summary.item(ItemKey.OPEN_TASKS).count
        hint = self.tr("Double-click or press Enter to record a task.")
        if total > len(summary.tasks):
            hint = (
                self.tr("The {n} most urgent of {total} are listed.").format(
                    n=len(summary.tasks), total=total
                )
                + hint
            )
        self.tasks_hint.setText(hint)
        row = self.task_model.row_of(current) if current is not None else None
        if row is not None:
            self.task_table.selectRow(row)

    def _failed(self, error: Exception) -> None:
        self.message.setText(
            self.tr("The workbench could not be counted: {reason}").format(
                reason=user_message(error)
            )
        )
        self.message.show()

    # -- opening an item --------------------------------------------------------------------

    def tile(self, key: str) -> WorkbenchTile:
        """The tile of an item."""
        return self.tiles[key]

    def open_item(self, key: str) -> None:
        """Open what an item counts: its list of persons, or the backup dialog."""
        if self.shown is None:
            return
        item = self.shown.item(key)
        if item.pending:
            return
        if item.key == ItemKey.BACKUP:
            self.open_backup_dialog()
            return
        if item.key == ItemKey.OPEN_TASKS:
            self.focus_tasks()
            return
        if item.person_ids is None and item.query is None:
            return
        title, _count, _detail = self._texts(item, self.shown)
        self.session.events.show_person_list.emit(
            PersonListRequest(
                title=title,
                query=item.query or PersonQuery(limit=500),
                person_ids=item.person_ids,
            )
        )

    def open_backup_dialog(self) -> BackupDialog:
        """Show the backup dialog (one at a time)."""
        if self._backup_dialog is None:
            self._backup_dialog = BackupDialog(self.session, self)
            self._backup_dialog.finished.connect(self._backup_dialog_closed)
        self._backup_dialog.show()
        self._backup_dialog.raise_()
        self._backup_dialog.activateWindow()
        return self._backup_dialog

    # -- tasks ------------------------------------------------------------------------------

    def focus_tasks(self) -> None:
        """Move to the task list, on its first (most urgent) task when none is chosen."""
        if self.task_model.rowCount() == 0:
            return
        if self.current_task_id() is None:
            self.task_table.selectRow(0)
        self.task_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_task_id(self) -> str | None:
        """The id of the task selected in the list, if any."""
        index = self.task_table.currentIndex()
        if not index.isValid() or not self.task_table.selectionModel().isRowSelected(
            index.row(), QModelIndex()
        ):
            return None
        return self.task_model.task(index.row()).task_id

    def open_task(self, task_id: str) -> TaskDialog | None:
        """Show the dialog of a listed task (one per task) to record what it asks."""
        row = self.task_model.row_of(task_id)
        if row is None:
            return None
        dialog = self.task_dialogs.get(task_id)
        if dialog is None or not shiboken6.isValid(dialog):
            dialog = TaskDialog(self.session, self.task_model.task(row), self)
            dialog.finished.connect(lambda _result, key=task_id: self._task_dialog_closed(key))
            self.task_dialogs[task_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _task_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_task(self.task_model.task(index.row()).task_id)

    def _task_dialog_closed(self, task_id: str) -> None:
        dialog = self.task_dialogs.pop(task_id, None)
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.deleteLater()

    def _backup_dialog_closed(self) -> None:
        if self._backup_dialog is not None:
            self._backup_dialog.deleteLater()
            self._backup_dialog = None

    # -- texts ------------------------------------------------------------------------------

    @staticmethod
    def _opens(item: WorkbenchItem) -> bool:
        if item.pending:
            return False
        if item.key == ItemKey.BACKUP:
            return True
        if item.key == ItemKey.OPEN_TASKS:
            return item.count > 0
        return item.count > 0 and (item.person_ids is not None or item.query is not None)

    def _texts(self, item: WorkbenchItem, summary: WorkbenchSummary) -> tuple[str, str, str]:
        """Title, count and detail of an item in the UI's language."""
        titles = {
            ItemKey.DECEASED_WITH_BENEFIT: self.tr("Deceased but still receiving benefits"),
            ItemKey.REVIEWS_DUE: self.tr("Reviews due this month"),
            ItemKey.VISITS_DUE: self.tr("Visits due (incl. overdue)"),
            ItemKey.NOT_CONTACTED_THIS_MONTH: self.tr("Not yet contacted this month"),
            ItemKey.LEFT_BEHIND_OVER_AGE: self.tr("Left-behind children who turned 16"),
            ItemKey.PENDING_VERIFICATION: self.tr("Persons to verify"),
            ItemKey.UNSYNCED_CHANGES: self.tr("Unsynced changes"),
            ItemKey.BACKUP: self.tr("Backup"),
            ItemKey.OPEN_TASKS: self.tr("Open tasks"),
        }
        title = titles.get(item.key, item.title)
        if item.pending:
            return title, self.tr("Calculating…"), ""
        count_text = str(item.count)
        detail = item.detail
        if item.key == ItemKey.BACKUP:
            return title, *self._backup_texts(item, summary)
        if item.key == ItemKey.DECEASED_WITH_BENEFIT:
            detail = self.tr("Verify, then stop what must stop.") if item.count else ""
        elif item.key == ItemKey.OPEN_TASKS:
            detail = self._tasks_detail(item)
        elif item.key == ItemKey.REVIEWS_DUE:
            detail = self.tr("{n} overdue").format(n=item.overdue) if item.overdue else ""
        elif item.key == ItemKey.LEFT_BEHIND_OVER_AGE:
            detail = self.tr("Take them off the roster and hand over.") if item.count else ""
        elif item.key == ItemKey.PENDING_VERIFICATION:
            detail = self.tr("No ID number yet.") if item.count else ""
        elif item.key == ItemKey.UNSYNCED_CHANGES:
            detail = (
                self.tr("Kept safe on this computer until synchronisation with the county.")
                if item.count
                else self.tr("Nothing waits to be sent.")
            )
        if not item.count and not detail:
            detail = self.tr("Nothing to do.")
        return title, count_text, detail

    def _tasks_detail(self, item: WorkbenchItem) -> str:
        parts = []
        if item.urgent:
            parts.append(self.tr("{n} mandatory reports to record").format(n=item.urgent))
        if item.overdue:
            parts.append(self.tr("{n} tasks overdue").format(n=item.overdue))
        return self.tr("; ").join(parts)

    def _backup_texts(self, item: WorkbenchItem, summary: WorkbenchSummary) -> tuple[str, str]:
        days = summary.days_since_backup
        if days is None:
            return self.tr("Never"), self.tr("Never backed up: click to back up now.")
        count_text = self.tr("Today") if days <= 0 else self.tr("{n} days ago").format(n=days)
        if item.count:
            return count_text, self.tr("Time for a backup: click to back up now.")
        return count_text, self.tr("Backed up recently.")


def _long_date(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.LongFormat)
