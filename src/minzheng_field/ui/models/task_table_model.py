"""The open tasks of the workbench as a table: due date, how late, kind, task, person, village."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from minzheng_field.domain.calendar import china_today
from minzheng_field.services.tasks import OpenTask

OVERDUE_COLOUR = QColor("#c0392b")
TODAY_COLOUR = QColor("#d35400")
URGENT_BACKGROUND = QColor("#fdecea")

_Index = QModelIndex | QPersistentModelIndex


def due_status_text(task: OpenTask, today: date) -> str:
    """How a task's due date stands: overdue by N days, due today, due in N days."""
    days = task.due_in_days(today)
    if days is None:
        return QCoreApplication.translate("TaskTableModel", "No due date")
    if days < 0:
        return QCoreApplication.translate("TaskTableModel", "{n} days overdue").format(n=-days)
    if days == 0:
        return QCoreApplication.translate("TaskTableModel", "Due today")
    if days == 1:
        return QCoreApplication.translate("TaskTableModel", "Due tomorrow")
    return QCoreApplication.translate("TaskTableModel", "Due in {n} days").format(n=days)


class TaskColumn(IntEnum):
    """The columns of the task table."""

    DUE = 0
    WHEN = 1
    KIND = 2
    TITLE = 3
    PERSON = 4
    VILLAGE = 5
    ASSIGNEE = 6


class TaskTableModel(QAbstractTableModel):
    """Open tasks, most urgent first (the service's order); `task(row)` gives a row's task."""

    # The task id of a row (for tests and for opening it).
    TaskIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: tuple[OpenTask, ...] = ()
        self._today = china_today()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- data --------------------------------------------------------------------------------

    def set_tasks(self, tasks: Sequence[OpenTask], today: date) -> None:
        """Show these tasks as of `today` (overdue days come with them)."""
        self.beginResetModel()
        self._tasks = tuple(tasks)
        self._today = today
        self.endResetModel()

    def task(self, row: int) -> OpenTask:
        """The task shown on a row."""
        return self._tasks[row]

    def row_of(self, task_id: str) -> int | None:
        """The row of a task, or None when it is not listed."""
        for row, task in enumerate(self._tasks):
            if task.task_id == task_id:
                return row
        return None

    def when_text(self, task: OpenTask) -> str:
        """How the due date stands on the model's day."""
        return due_status_text(task, self._today)

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._tasks)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(TaskColumn)

    def headerData(  # noqa: N802 (Qt API)
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(TaskColumn):
            return None
        return {
            TaskColumn.DUE: self.tr("Due date"),
            TaskColumn.WHEN: self.tr("Status"),
            TaskColumn.KIND: self.tr("Kind"),
            TaskColumn.TITLE: self.tr("Task"),
            TaskColumn.PERSON: self.tr("Person"),
            TaskColumn.VILLAGE: self.tr("Village"),
            TaskColumn.ASSIGNEE: self.tr("Assigned to"),
        }[TaskColumn(section)]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tasks):
            return None
        task = self._tasks[index.row()]
        column = TaskColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(task, column)
        if role == self.TaskIdRole:
            return task.task_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(task, column)
        if role == Qt.ItemDataRole.FontRole:
            urgent = task.is_mandatory_report or task.overdue_days > 0
            if column in (TaskColumn.WHEN, TaskColumn.KIND) and urgent:
                return self._bold
            return None
        if role == Qt.ItemDataRole.BackgroundRole and task.is_mandatory_report:
            return URGENT_BACKGROUND
        return None

    def _text(self, task: OpenTask, column: TaskColumn) -> str:
        if column == TaskColumn.DUE:
            return task.due_on.isoformat() if task.due_on else ""
        if column == TaskColumn.WHEN:
            return self.when_text(task)
        if column == TaskColumn.KIND:
            return task.kind_label
        if column == TaskColumn.TITLE:
            return task.title
        if column == TaskColumn.PERSON:
            return task.person_name or ""
        if column == TaskColumn.VILLAGE:
            return task.village_name or ""
        return task.assigned_name or task.assigned_to or ""

    def _colour(self, task: OpenTask, column: TaskColumn) -> QColor | None:
        if column == TaskColumn.KIND and task.is_mandatory_report:
            return OVERDUE_COLOUR
        if column not in (TaskColumn.DUE, TaskColumn.WHEN):
            return None
        days = task.due_in_days(self._today)
        if days is None:
            return None
        if days < 0:
            return OVERDUE_COLOUR
        if days == 0:
            return TODAY_COLOUR
        return None
