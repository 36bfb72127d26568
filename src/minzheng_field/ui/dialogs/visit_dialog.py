"""A visit of one person: the form of their category, saved as a draft on every change.

Saves are coalesced by a short timer so that typing does not flood the writer thread, and
flushed at once on close, on Esc and when the app asks every view to keep its drafts. "完成"
(Ctrl+S) finalises; in fast entry "下一位" then opens the next person of the day's plan.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.calendar import china_today
from minzheng_field.forms.definition import FollowUpKind
from minzheng_field.services.visit_entry_queries import VisitEntry
from minzheng_field.services.visits import FinalisedVisit, VisitNotValid
from minzheng_field.ui.forms.form_widget import FormWidget
from minzheng_field.ui.ops import visits as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.session import UiSession

SAVE_DELAY_MS = 400


class VisitDialog(QDialog):
    """Fill in (or read) a visit of one person; `queue` holds the next (person, category)."""

    entry_loaded = Signal(object)
    draft_saved = Signal(str)
    finalised = Signal(object)

    def __init__(
        self,
        session: UiSession,
        person_id: str | None,
        category: str | None,
        parent: QWidget | None = None,
        *,
        visit_id: str | None = None,
        queue: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.entry: VisitEntry | None = None
        self.form: FormWidget | None = None
        self._queue = list(queue)
        self._pending: dict[str, Any] | None = None
        self._date_pending = False
        self._finalising = False
        self.setWindowTitle(self.tr("Visit"))
        self.resize(960, 760)

        self.person_label = QLabel()
        self.person_label.setObjectName("personLabel")
        self.person_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.form_choice = QComboBox()
        self.form_choice.setObjectName("formChoice")
        self.form_choice.activated.connect(self._form_chosen)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("visitDate")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        today = china_today()  # the service's "today", not the machine's time zone
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.dateChanged.connect(self._date_changed)
        self.visitor_label = QLabel()
        self.visitor_label.setObjectName("visitorLabel")
        header = QHBoxLayout()
        header.addWidget(self.person_label)
        header.addWidget(self.form_choice, 1)
        header.addWidget(QLabel(self.tr("Visit date")))
        header.addWidget(self.date_edit)
        header.addWidget(QLabel(self.tr("Visitor")))
        header.addWidget(self.visitor_label)

        self.form_holder = QVBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setStyleSheet("color: #6b6b6b;")
        self.report_label = QLabel()
        self.report_label.setObjectName("reportReminder")
        self.report_label.setWordWrap(True)
        self.report_label.setStyleSheet(
            "background: #fdecea; color: #a4161a; border: 2px solid #a4161a;"
            "padding: 8px; font-size: 15px; font-weight: bold;"
        )
        self.report_label.hide()
        self.tasks_list = QListWidget()
        self.tasks_list.setObjectName("tasksList")
        self.tasks_list.setMaximumHeight(110)
        self.tasks_list.hide()

        self.finish_button = QPushButton(self.tr("Finish (Ctrl+S)"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.clicked.connect(self.finalise)
        self.next_button = QPushButton(self.tr("Next person"))
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.open_next)
        self.next_button.hide()
        self.close_button = QPushButton(self.tr("Close (Esc, the draft is kept)"))
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.form_holder, 1)
        layout.addWidget(self.report_label)
        layout.addWidget(self.tasks_list)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.finalise)
        session.events.save_drafts.connect(self.save_now)

        if visit_id is not None:
            ops.read_entry(session, self, visit_id).success(self._show_entry).failure(
                self._failed
            ).run_in_background()
        elif person_id is not None and category is not None:
            self._open(person_id, category)

    # -- opening -----------------------------------------------------------------------------

    def _open(self, person_id: str, category: str, form_id: str | None = None) -> None:
        self.status_label.setText(self.tr("Opening…"))
        ops.open_entry(self.session, self, person_id, category, form_id).success(
            self._show_entry
        ).failure(self._failed).run_in_background()

    def _show_entry(self, entry: VisitEntry) -> None:
        self.entry = entry
        self._pending = None
        self._date_pending = False
        if self.form is not None:
            self.form.setParent(None)
            self.form.deleteLater()
        self.person_label.setText(entry.person_name)
        self.setWindowTitle(
            self.tr("Visit: {person}").format(person=entry.person_name)
            + f" — {entry.definition.title}"
        )
        self.form_choice.blockSignals(True)
        self.form_choice.clear()
        for info in entry.forms:
            self.form_choice.addItem(f"{info.title}（{info.form_version}）", info.form_id)
        if self.form_choice.findData(entry.definition.id) < 0:
            self.form_choice.addItem(
                f"{entry.definition.title}（{entry.definition.version}）", entry.definition.id
            )
        self.form_choice.setCurrentIndex(self.form_choice.findData(entry.definition.id))
        self.form_choice.setEnabled(not entry.is_final and self.form_choice.count() > 1)
        self.form_choice.blockSignals(False)
        self.date_edit.blockSignals(True)
        day = entry.visited_on
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setEnabled(not entry.is_final)
        self.date_edit.blockSignals(False)
        self.visitor_label.setText(entry.visitor)
        form = FormWidget(entry.definition, entry.context, self, members=entry.members)
        form.set_answers(entry.answers)
        form.set_read_only(entry.is_final)
        form.changed.connect(self._form_changed)
        form.completed.connect(self.finish_button.setFocus)
        self.form = form
        self.form_holder.addWidget(form)
        self.report_label.hide()
        self.tasks_list.clear()
        self.tasks_list.hide()
        self.finish_button.setVisible(not entry.is_final)
        self.finish_button.setDefault(False)
        self.next_button.hide()
        self.status_label.setText(
            self.tr("Final: read-only. A correction is made as an amendment.")
            if entry.is_final
            else self.tr("Draft: saved automatically as you type.")
        )
        if not entry.is_final:
            form.focus_first()
        self.entry_loaded.emit(entry)

    def _form_chosen(self, _index: int) -> None:
        entry = self.entry
        form_id = self.form_choice.currentData()
        if entry is None or entry.is_final or form_id == entry.definition.id:
            return
        self.save_now()
        self._open(entry.person_id, entry.category, form_id)

    # -- drafts ------------------------------------------------------------------------------

    def _form_changed(self, answers: dict[str, Any]) -> None:
        if self.entry is None or self.entry.is_final:
            return
        self._pending = answers
        self._timer.start()  # restarted by each change: one save after a burst of typing

    def _date_changed(self, _day: QDate) -> None:
        if self.entry is None or self.entry.is_final or self.form is None:
            return
        self._date_pending = True
        self.form.set_context(dataclasses.replace(self.form.context, today=self.visited_on()))
        self._pending = self.form.answers()
        self._timer.start()

    def visited_on(self) -> date:
        """The visit date chosen."""
        return self.date_edit.date().toPython()  # type: ignore[return-value]

    def has_unsaved_changes(self) -> bool:
        """Whether a change waits for the timer."""
        return self._pending is not None

    def save_now(self) -> None:
        """Hand the latest answers to the writer thread now (no-op when nothing changed)."""
        self._timer.stop()
        entry = self.entry
        if entry is None or entry.is_final or self._pending is None:
            return
        answers, self._pending = self._pending, None
        visited_on = self.visited_on() if self._date_pending else None
        self._date_pending = False
        ops.save_draft_quietly(
            self.session,
            self,
            entry.visit_id,
            answers,
            visited_on,
            lambda _r: self._saved(entry.visit_id),
            self._save_failed,
        )

    def _saved(self, visit_id: str) -> None:
        self.status_label.setText(self.tr("Draft saved."))
        self.draft_saved.emit(visit_id)

    def _save_failed(self, error: Exception) -> None:
        self.status_label.setText(self.tr("The draft could not be saved."))
        show_error(self, error)

    # -- finalising --------------------------------------------------------------------------

    def finalise(self) -> None:
        """Check the answers and make the visit final (follow-up tasks are raised)."""
        entry, form = self.entry, self.form
        if entry is None or form is None or entry.is_final or self._finalising:
            return
        problems = form.show_all_messages()
        if problems:
            self.status_label.setText(
                self.tr("{count} answers still need attention (shown in red).").format(
                    count=len(problems)
                )
            )
            return
        self._timer.stop()
        self._pending = None
        self._finalising = True
        ops.finalise(self.session, self, entry.visit_id, form.answers(), self.visited_on()).success(
            self._finalised
        ).failure(self._finalise_failed).run_in_background()

    def _finalise_failed(self, error: Exception) -> None:
        self._finalising = False
        if isinstance(error, VisitNotValid):
            self.status_label.setText(str(error))
            if self.form is not None:
                self.form.show_all_messages()
            return
        show_error(self, error)

    def _finalised(self, result: FinalisedVisit) -> None:
        self._finalising = False
        entry = self.entry
        assert entry is not None and self.form is not None
        self.entry = VisitEntry(**{**entry.__dict__, "status": "final"})
        self.form.set_read_only(True)
        self.form_choice.setEnabled(False)
        self.date_edit.setEnabled(False)
        self.finish_button.hide()
        self.status_label.setText(self.tr("Visit finalised."))
        self.tasks_list.clear()
        reports: list[str] = []
        for task in result.tasks:
            line = self.tr("Task: {title}, due {due}").format(
                title=task.title, due=task.due_on.isoformat()
            )
            self.tasks_list.addItem(line)
            if task.kind == FollowUpKind.MANDATORY_REPORT.value:
                reports.append(task.reminder or task.title)
        self.tasks_list.setVisible(bool(result.tasks))
        if reports:
            self.report_label.setText(
                self.tr(
                    "Mandatory report: phone the police (110) and the civil affairs office NOW. "
                    "This tool does not report by itself."
                )
                + "\n"
                + "\n".join(reports)
            )
            self.report_label.show()
        if self._queue:
            self.next_button.show()
            self.next_button.setDefault(True)
            self.next_button.setFocus()
        else:
            self.close_button.setFocus()
        self.finalised.emit(result)

    def open_next(self) -> None:
        """Open the next person of the day's plan in this dialog (fast entry)."""
        if not self._queue:
            return
        person_id, category = self._queue.pop(0)
        self._open(person_id, category)

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc: close, keeping the draft (its last change is saved)."""
        self.save_now()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_now()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        """Closing in any way keeps the draft."""
        self.save_now()
        with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
            self.session.events.save_drafts.disconnect(self.save_now)
        super().done(result)

    def _failed(self, error: Exception) -> None:
        self.status_label.setText("")
        show_error(self, error)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        # Enter in a field moves on (the form handles it); it never closes the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            self.next_button.isVisible() or self.finish_button.hasFocus()
        ):
            event.accept()
            return
        super().keyPressEvent(event)
