"""A follow-up task: what it is, its reminder, and the inputs to record what it asks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.calendar import CHINA, china_today
from minzheng_field.domain.work import ReportMethod, ReportRecipient
from minzheng_field.forms.definition import FollowUpKind
from minzheng_field.services.tasks import (
    MANDATORY_REMINDER,
    CompletedTask,
    OpenTask,
    TaskDetail,
    TaskRecord,
    TaskRecordNotValid,
)
from minzheng_field.ui.dialogs.member_editor import (
    EditorDialog,
    FieldCell,
    FieldForm,
    combo_value,
    enum_combo,
    scrolled,
    text_value,
)
from minzheng_field.ui.models.task_table_model import due_status_text
from minzheng_field.ui.ops import tasks as ops
from minzheng_field.ui.ops.base import Operation, show_error
from minzheng_field.ui.session import UiSession

# QDateTimeEdit cannot be empty: its minimum, shown blank, stands for "not yet given".
_NO_TIME = QDateTime(QDate(1999, 12, 31), QTime(0, 0))

# The narrowest default: the facts sit in two columns of caption and value.
_MIN_WIDTH = 720

_URGENT_STYLE = (
    "QLabel#taskReminder { background: #fdecea; border: 1px solid #e6a39b; border-radius: 4px;"
    " padding: 8px 10px; color: #7f1d1d; }"
)
_INFO_STYLE = (
    "QLabel#taskReminder { background: #eef4fb; border: 1px solid #b7cde8; border-radius: 4px;"
    " padding: 8px 10px; color: #1f3b5c; }"
)


class TextArea(QPlainTextEdit):
    """A plain-text input whose natural height is a number of lines; it takes spare height."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self._height_of(3))

    def sizeHint(self) -> QSize:  # noqa: N802 (a Qt override)
        """As wide as a plain-text input wants, `lines` lines high."""
        return QSize(super().sizeHint().width(), self._height_of(self.lines))

    def _height_of(self, lines: int) -> int:
        margins = self.contentsMargins()
        document = round(2 * self.document().documentMargin())
        line = self.fontMetrics().lineSpacing()
        return lines * line + document + margins.top() + margins.bottom()


def stretch_field(form: FieldForm, field: str) -> None:
    """Give a form's spare height to one input (a long text) instead of the space below."""
    grid = form.grid
    cell: FieldCell = form.cells[field]
    row, _column, _rows, _columns = grid.getItemPosition(grid.indexOf(cell))
    for index in range(grid.rowCount()):
        grid.setRowStretch(index, 1 if index == row else 0)
    inner = cell.layout()
    for index in range(inner.count()):
        # The cell's own spacer (which keeps a short input at the top) gets nothing.
        inner.setStretch(index, 1 if inner.itemAt(index).widget() is cell.editor else 0)


class TaskDialog(EditorDialog):
    """Show one open task and record it as done: what to record depends on its kind."""

    def __init__(self, session: UiSession, task: OpenTask, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.task = task
        self.detail: TaskDetail | None = None
        self.completed: CompletedTask | None = None
        self.mandatory = task.kind == FollowUpKind.MANDATORY_REPORT
        self.setWindowTitle(self.tr("Task: {kind}").format(kind=task.kind_label))
        self.setObjectName("taskDialog")

        self.heading = QLabel(task.title)
        self.heading.setObjectName("taskHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.body.addWidget(self.heading)
        self.body.addLayout(self._facts())

        self.reminder = QLabel()
        self.reminder.setObjectName("taskReminder")
        self.reminder.setWordWrap(True)
        self.reminder.setTextFormat(Qt.TextFormat.PlainText)
        self.reminder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.reminder)
        if self.mandatory:
            self._show_reminder(MANDATORY_REMINDER)
        else:
            self.reminder.hide()
        self.hint = QLabel()
        self.hint.setObjectName("taskHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.body.addWidget(self.hint)

        self.form = FieldForm()
        self.inputs: dict[str, QWidget] = {}
        if self.mandatory:
            self._report_fields()
        else:
            self._outcome_fields(referral=task.kind == FollowUpKind.REFERRAL)
        self.form.fix_tab_order()
        self.area = scrolled(self.form)
        self.body.addWidget(self.area, 1)
        self.body.addSpacing(6)
        self.save_button.setText(self.tr("Record and close the task"))
        self.save_button.setDefault(False)
        self._initial = self.snapshot()
        self.fit_to_content()
        first = self.form.first_input()
        if first is not None:
            first.setFocus()
        ops.read_task(session, self, task.task_id).success(self._loaded).failure(
            self._load_failed
        ).run_in_background()

    # -- building -----------------------------------------------------------------------------

    def _facts(self) -> QGridLayout:
        task = self.task
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        due = task.due_on.isoformat() if task.due_on else ""
        status = due_status_text(task, china_today())
        self.due_label = QLabel(f"{due}（{status}）" if due else status)
        self.due_label.setObjectName("taskDue")
        if task.overdue_days > 0:
            self.due_label.setStyleSheet("color: #c0392b; font-weight: bold;")
        self.visit_label = QLabel("")
        self.visit_label.setObjectName("taskVisit")
        rows = [
            (self.tr("Kind"), QLabel(task.kind_label)),
            (self.tr("Person"), QLabel(task.person_name or "")),
            (self.tr("Village"), QLabel(task.village_name or "")),
            (self.tr("Due"), self.due_label),
            (self.tr("Assigned to"), QLabel(task.assigned_name or task.assigned_to or "")),
            (self.tr("Raised by"), self.visit_label),
        ]
        for row, (caption, value) in enumerate(rows):
            label = QLabel(caption)
            label.setStyleSheet("color: #607d8b;")
            grid.addWidget(label, row // 2, (row % 2) * 2)
            grid.addWidget(value, row // 2, (row % 2) * 2 + 1)
            if value is self.visit_label:
                self.visit_caption = label
        # Shown once the task's visit is known (a review raised by a date has none).
        self.visit_caption.hide()
        self.visit_label.hide()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _report_fields(self) -> None:
        self.reporter = QLineEdit(self.session.display_name)
        self.reporter.setObjectName("reporter")
        self.reporter.setPlaceholderText(self.tr("Who made the report"))
        self.report_method = enum_combo(ReportMethod)
        self.report_method.setObjectName("reportMethod")
        recipients = QWidget()
        recipients.setObjectName("reportTo")
        boxes = QGridLayout(recipients)
        boxes.setContentsMargins(0, 2, 0, 2)
        self.recipient_boxes: dict[str, QCheckBox] = {}
        for index, member in enumerate(ReportRecipient):
            box = QCheckBox(member.label)
            box.setObjectName(f"reportTo_{member.value}")
            box.toggled.connect(self.form.changed)
            self.recipient_boxes[member.value] = box
            boxes.addWidget(box, index // 3, index % 3)
        self.report_to_other = QLineEdit()
        self.report_to_other.setObjectName("reportToOther")
        self.report_to_other.setPlaceholderText(self.tr("e.g. county women's federation"))
        other = self.recipient_boxes[ReportRecipient.OTHER.value]
        self.report_to_other.setEnabled(False)
        other.toggled.connect(self.report_to_other.setEnabled)
        self.receiver = QLineEdit()
        self.receiver.setObjectName("receiver")
        self.receiver.setPlaceholderText(self.tr("e.g. the officer on duty"))
        self.reported_at = QDateTimeEdit()
        self.reported_at.setObjectName("reportedAt")
        self.reported_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.reported_at.setCalendarPopup(True)
        self.reported_at.setMinimumDateTime(_NO_TIME)
        self.reported_at.setSpecialValueText(" ")
        self.reported_at.setDateTime(_NO_TIME)
        now_button = QPushButton(self.tr("Now"))
        now_button.setObjectName("reportedNow")
        now_button.setToolTip(self.tr("Fill in the current time, then correct it if needed"))
        now_button.clicked.connect(self.set_reported_now)
        time_row = QWidget()
        row = QHBoxLayout(time_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reported_at, 1)
        row.addWidget(now_button)
        self.note = TextArea(4)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("What was agreed, who will act next"))
        form = self.form
        form.add_field("reporter", self.tr("Reported by"), self.reporter, 0, 0)
        form.add_field("report_method", self.tr("How"), self.report_method, 0, 1)
        form.add_field("report_to", self.tr("Reported to"), recipients, 1, 0, span=True)
        form.add_field("report_to_other", self.tr("Other body"), self.report_to_other, 2, 0)
        form.add_field("receiver", self.tr("Received by"), self.receiver, 2, 1)
        form.add_field("reported_at", self.tr("Time of report"), time_row, 3, 0)
        form.add_field("note", self.tr("Notes"), self.note, 4, 0, span=True)
        stretch_field(form, "note")
        self.inputs = {
            "reporter": self.reporter,
            "report_method": self.report_method,
            "report_to": self.recipient_boxes[ReportRecipient.POLICE.value],
            "report_to_other": self.report_to_other,
            "receiver": self.receiver,
            "reported_at": self.reported_at,
            "note": self.note,
        }
        # Tab runs through the recipients between the method and the other body.
        chain = [
            self.reporter,
            self.report_method,
            *self.recipient_boxes.values(),
            self.report_to_other,
            self.receiver,
            self.reported_at,
            now_button,
            self.note,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _outcome_fields(self, *, referral: bool) -> None:
        row = 0
        if referral:
            self.referred_to = QLineEdit()
            self.referred_to.setObjectName("referredTo")
            self.referred_to.setPlaceholderText(
                self.tr("e.g. township elderly care service centre")
            )
            self.form.add_field(
                "referred_to", self.tr("Referred to"), self.referred_to, row, 0, span=True
            )
            self.inputs["referred_to"] = self.referred_to
            row += 1
        self.result_text = TextArea(6)
        self.result_text.setObjectName("result")
        self.result_text.setPlaceholderText(self.tr("What was done and how it ended"))
        self.form.add_field("result", self.tr("Result"), self.result_text, row, 0, span=True)
        stretch_field(self.form, "result")
        self.inputs["result"] = self.result_text

    def fit_to_content(self, *, grow_only: bool = False) -> None:
        """Size the dialog to what it shows (within the screen); `grow_only` never shrinks it."""
        width = max(self.width() if grow_only else 0, _MIN_WIDTH, self.sizeHint().width())
        layout = self.layout()
        # A wrapped reminder's height depends on the width: ask for this width's.
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = self.sizeHint().height()
        if grow_only:
            height = max(height, self.height())
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width()), min(height, room.height() * 9 // 10)
        self.resize(width, height)

    def _show_reminder(self, text: str) -> None:
        self.reminder.setText(text)
        self.reminder.setStyleSheet(_URGENT_STYLE if self.mandatory else _INFO_STYLE)
        self.reminder.show()

    # -- loading ------------------------------------------------------------------------------

    def _loaded(self, detail: TaskDetail) -> None:
        self.detail = detail
        if detail.reminder:
            self._show_reminder(detail.reminder)
        if detail.rule_to_record and not self.mandatory:
            # A 强制报告's inputs ask exactly what its rule lists.
            self.hint.setText(
                self.tr("Please write down: {items}").format(items="、".join(detail.rule_to_record))
            )
            self.hint.show()
        if detail.visited_on is not None:
            self.visit_label.setText(
                self.tr("Visit of {date}").format(date=detail.visited_on.isoformat())
                + (f"（{detail.form_title}）" if detail.form_title else "")
            )
            self.visit_caption.show()
            self.visit_label.show()
        if detail.status != "open":
            self.form.setEnabled(False)
            self.save_button.hide()
            self.show_message(
                self.tr("This task is already closed: {result}").format(result=detail.result or "")
            )
        # What the read added (the task's reminder, the visit, a message) must not be squeezed.
        self.fit_to_content(grow_only=True)

    def _load_failed(self, error: Exception) -> None:
        self.show_message(user_message(error))

    # -- values -------------------------------------------------------------------------------

    def set_reported_now(self) -> None:
        """Fill the time of report with the current minute."""
        self.set_reported_at(datetime.now(CHINA))

    def set_reported_at(self, moment: datetime) -> None:
        """Show a time of report (China time)."""
        local = moment.astimezone(CHINA) if moment.tzinfo else moment
        self.reported_at.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def reported_value(self) -> datetime | None:
        """The time of report as typed (China time), or None while blank."""
        shown = self.reported_at.dateTime()
        if shown == self.reported_at.minimumDateTime():
            return None
        day, time = shown.date(), shown.time()
        return datetime(
            day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=CHINA
        )

    def record(self) -> TaskRecord:
        """What the inputs hold, as the service takes it."""
        if self.mandatory:
            return TaskRecord(
                reporter=text_value(self.reporter),
                report_to=tuple(
                    value for value, box in self.recipient_boxes.items() if box.isChecked()
                ),
                report_to_other=text_value(self.report_to_other),
                receiver=text_value(self.receiver),
                report_method=combo_value(self.report_method),
                reported_at=self.reported_value(),
                note=text_value(self.note),
            )
        referred = self.inputs.get("referred_to")
        return TaskRecord(
            result=text_value(self.result_text),
            referred_to=text_value(referred) if isinstance(referred, QLineEdit) else None,
        )

    # -- EditorDialog -------------------------------------------------------------------------

    def operation(self) -> Operation[Any] | None:
        """Record the task as done with what was typed."""
        return ops.complete(self.session, self, self.task.task_id, self.record())

    def show_field_error(self, field: str, message: str) -> bool:
        """Show a message beside its input."""
        return self.form.show_error(field, message)

    def clear_field_errors(self) -> None:
        """Hide the messages."""
        self.form.clear_errors()

    def field_errors(self) -> dict[str, str]:
        """The messages shown beside the inputs now (for tests and screen readers)."""
        return {
            name: cell.error.text()
            for name, cell in self.form.cells.items()
            if not cell.error.isHidden()
        }

    def is_dirty(self) -> bool:
        """Whether something was typed and not yet recorded."""
        return self.completed is None and self.snapshot() != self._initial

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        record = self.record()
        return {name: getattr(record, name) for name in record.__dataclass_fields__}

    def after_save(self, result: Any) -> None:
        """Keep what was recorded (the list refreshes on operation_did_execute)."""
        self.completed = result

    def _failed(self, error: Exception) -> None:
        if isinstance(error, TaskRecordNotValid):
            self._set_busy(False)
            # In reverse, so that the first input with a message keeps the focus.
            for field, message in reversed(list(error.problems.items())):
                if not self.show_field_error(field, message):
                    self.show_message(message)
            return
        super()._failed(error)


def show_task(
    session: UiSession,
    parent: QWidget,
    task_id: str,
    shown: Callable[[TaskDialog], None] | None = None,
) -> int:
    """Read a task with its reminder and show the dialog that records it; the job's id."""

    def opened(detail: TaskDetail) -> None:
        dialog = TaskDialog(session, detail.task, parent.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if shown is not None:
            shown(dialog)

    return (
        ops.read_task(session, parent, task_id)
        .success(opened)
        .failure(lambda error: show_error(parent, error))
        .run_in_background()
    )
