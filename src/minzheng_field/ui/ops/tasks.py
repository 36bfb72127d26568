"""Background calls for follow-up tasks: read one with its reminder, record what it asks."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from minzheng_field.domain.calendar import china_today
from minzheng_field.services.tasks import TaskRecord, complete_task, task_detail
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession


def read_task(session: UiSession, parent: QWidget | None, task_id: str) -> Operation:
    """One task with its reminder and what to record (a read)."""
    today = china_today()
    return Operation(session, parent, lambda s, a: task_detail(s, a, task_id, today), write=False)


def complete(
    session: UiSession, parent: QWidget | None, task_id: str, record: TaskRecord
) -> Operation:
    """Record what the task asked and mark it done; every view hears of it."""
    return Operation(session, parent, lambda s, a: complete_task(s, a, task_id, record))
