"""A visit of one person: the form of their category, saved as a draft on every change.

Saves are coalesced by a short timer so that typing does not flood the writer thread, and
flushed at once on close, on Esc and when the app asks every view to keep its drafts. "完成"
(Ctrl+S) finalises; in fast entry "下一位" then opens the next person of the day's plan, on
the visit date of the sheet just finalised (the sheets of one day). F2 answers the open
questions with the form's usual answers, tinted until changed, so that a paper sheet that
says what most sheets say costs only the answers that differ.

A final visit opens read-only with its corrections listed; "更正…" makes the form editable on
the visit's own form version, and "保存更正" stores an amendment pointing at the original with
its reason (and the photos added to it). The photos, in the strip under the form, are
`VisitPhotos`' (visit_photos.py): the dialog tells it what is open and hears what it did.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Mapping, Sequence
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
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.diagnostics import user_message
from minzheng_field.domain.calendar import CHINA, china_today
from minzheng_field.forms.definition import FollowUpKind
from minzheng_field.services.errors import InvalidInput
from minzheng_field.services.visit_entry_queries import VisitEntry
from minzheng_field.services.visits import (
    AmendedVisit,
    FinalisedVisit,
    PhotoRemoved,
    TaskRaised,
    VisitNotValid,
)
from minzheng_field.ui.dialogs.task_dialog import TaskDialog, show_task
from minzheng_field.ui.dialogs.visit_photos import VisitPhotos, with_visit_photos
from minzheng_field.ui.forms.form_widget import FormWidget
from minzheng_field.ui.ops import visits as ops
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.session import UiSession

SAVE_DELAY_MS = 400
# Lists under the form grow with their rows up to this many, then scroll (the form keeps room).
TASK_ROWS_SHOWN = 4
CORRECTION_ROWS_SHOWN = 3


class VisitDialog(QDialog):
    """Fill in (or read) a visit of one person; `queue` holds the next (person, category)."""

    entry_loaded = Signal(object)
    draft_saved = Signal(str)
    finalised = Signal(object)
    amended = Signal(object)

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
        self._report_task_id: str | None = None
        self._amending = False
        self._saving_correction = False
        self._before_correction: tuple[dict[str, Any], date] | None = None
        # The date of the visit just finalised, for the next person opened with 下一位.
        self._carried_date: date | None = None
        self.setWindowTitle(self.tr("Visit"))
        self.resize(960, 760)

        self.person_label = QLabel()
        self.person_label.setObjectName("personLabel")
        self.person_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.form_choice = QComboBox()
        self.form_choice.setObjectName("formChoice")
        self.form_choice.activated.connect(self._form_chosen)
        # One form to choose from (or a final visit): its title, not a greyed box.
        self.form_title = QLabel()
        self.form_title.setObjectName("formTitle")
        self.form_title.hide()
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
        header.addWidget(self.form_title, 1)
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
        self.tasks_list.setToolTip(self.tr("Double-click a task (or press Enter) to record it."))
        self.tasks_list.itemActivated.connect(self._task_activated)
        self.tasks_list.hide()
        self.record_report_button = QPushButton(self.tr("Record the report…"))
        self.record_report_button.setObjectName("recordReport")
        self.record_report_button.setAutoDefault(False)
        self.record_report_button.clicked.connect(self.record_report)
        self.record_report_button.hide()

        self.photos = VisitPhotos(session, self, self.visited_on)
        self.photos.status.connect(self.status_label.setText)
        self.photos.save_requested.connect(self.save_now)
        self.photos.removed.connect(self._photo_removed)
        self.photos.held_dropped.connect(self._held_photo_dropped)

        self.corrections_title = QLabel()
        self.corrections_title.setObjectName("correctionsTitle")
        self.corrections_title.setStyleSheet("font-weight: bold;")
        self.corrections_list = QListWidget()
        self.corrections_list.setObjectName("correctionsList")
        self.corrections_box = QWidget()
        corrections = QVBoxLayout(self.corrections_box)
        corrections.setContentsMargins(0, 0, 0, 0)
        corrections.addWidget(self.corrections_title)
        corrections.addWidget(self.corrections_list)
        self.corrections_box.hide()

        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("correctionReason")
        self.reason_edit.setPlaceholderText(
            self.tr("For example: the income was typed wrongly from the paper sheet")
        )
        self.reason_edit.returnPressed.connect(self.save_correction)
        self.reason_message = QLabel()
        self.reason_message.setObjectName("reasonMessage")
        self.reason_message.setStyleSheet("color: #c0392b;")
        self.reason_message.hide()
        reason_label = QLabel(self.tr("Reason for the correction *"))
        reason_label.setBuddy(self.reason_edit)
        self.amend_panel = QWidget()
        self.amend_panel.setObjectName("amendPanel")
        amend_row = QHBoxLayout(self.amend_panel)
        amend_row.setContentsMargins(0, 0, 0, 0)
        amend_row.addWidget(reason_label)
        amend_row.addWidget(self.reason_edit, 1)
        amend_row.addWidget(self.reason_message)
        self.amend_panel.hide()

        self.finish_button = QPushButton(self.tr("Finish (Ctrl+S)"))
        self.finish_button.setObjectName("finishButton")
        self.finish_button.clicked.connect(self.finalise)
        self.usual_button = QPushButton(self.tr("Usual answers for the rest (F2)"))
        self.usual_button.setObjectName("usualButton")
        self.usual_button.setAutoDefault(False)
        self.usual_button.setToolTip(
            self.tr(
                "Answer every question still open with what most sheets say; answers already "
                "given stay. What is filled in is tinted yellow until you change it."
            )
        )
        self.usual_button.clicked.connect(self.fill_usual)
        self.usual_button.hide()
        self.next_button = QPushButton(self.tr("Next person"))
        self.next_button.setObjectName("nextButton")
        self.next_button.clicked.connect(self.open_next)
        self.next_button.hide()
        self.close_button = QPushButton(self.tr("Close (Esc, the draft is kept)"))
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.correct_button = QPushButton(self.tr("Correct…"))
        self.correct_button.setObjectName("correctButton")
        self.correct_button.setAutoDefault(False)
        self.correct_button.setToolTip(
            self.tr("Make a correction: the original record is kept and the reason recorded.")
        )
        self.correct_button.clicked.connect(self.start_correction)
        self.correct_button.hide()
        self.cancel_correction_button = QPushButton(self.tr("Cancel correction (Esc)"))
        self.cancel_correction_button.setObjectName("cancelCorrectionButton")
        self.cancel_correction_button.setAutoDefault(False)
        self.cancel_correction_button.clicked.connect(self.cancel_correction)
        self.cancel_correction_button.hide()
        self.save_correction_button = QPushButton(self.tr("Save correction (Ctrl+S)"))
        self.save_correction_button.setObjectName("saveCorrectionButton")
        self.save_correction_button.clicked.connect(self.save_correction)
        self.save_correction_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.cancel_correction_button)
        buttons.addWidget(self.save_correction_button)
        buttons.addWidget(self.usual_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.form_holder, 1)
        layout.addWidget(self.photos.strip)
        layout.addWidget(self.corrections_box)
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_label, 1)
        report_row.addWidget(self.record_report_button)
        layout.addLayout(report_row)
        layout.addWidget(self.tasks_list)
        layout.addWidget(self.amend_panel)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self._save_key)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self.fill_usual)
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
        self._amending = False
        self._before_correction = None
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
        self.form_choice.blockSignals(False)
        self._show_form_choice(choosable=not entry.is_final)
        self.date_edit.blockSignals(True)
        day = entry.visited_on
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.setEnabled(not entry.is_final)
        self.date_edit.blockSignals(False)
        self.visitor_label.setText(entry.visitor_name or entry.visitor)
        form = FormWidget(entry.definition, entry.context, self, members=entry.members)
        answers = entry.answers if entry.is_final else with_visit_photos(form, entry)
        form.set_answers(answers)
        form.set_read_only(entry.is_final)
        form.changed.connect(self._form_changed)
        form.completed.connect(self.finish_button.setFocus)
        form.photo_requested.connect(self.photos.request)
        self.form = form
        self.form_holder.addWidget(form)
        self.report_label.hide()
        self.record_report_button.hide()
        self.tasks_list.clear()
        self.tasks_list.hide()
        self.amend_panel.hide()
        self.finish_button.setDefault(False)
        self.next_button.hide()
        self._show_buttons()
        self._show_corrections(entry)
        self.photos.open(entry.visit_id, form, final=entry.is_final)
        self.status_label.setText(
            self._final_status()
            if entry.is_final
            else self.tr("Draft: saved automatically as you type.")
        )
        if not entry.is_final:
            form.focus_first()
        self._carry_date(entry)
        self.entry_loaded.emit(entry)

    def _show_form_choice(self, *, choosable: bool) -> None:
        """The form chooser when there is a choice, else the form's title as plain text."""
        choosable = choosable and self.form_choice.count() > 1
        self.form_choice.setVisible(choosable)
        self.form_choice.setEnabled(choosable)
        self.form_title.setText(self.form_choice.currentText())
        self.form_title.setVisible(not choosable)

    def _carry_date(self, entry: VisitEntry) -> None:
        """Fast entry: the next person's new visit gets the date of the sheet just finalised
        (a draft with answers keeps its own date)."""
        day, self._carried_date = self._carried_date, None
        if day is None or entry.is_final or entry.answers or day == entry.visited_on:
            return
        self.date_edit.setDate(QDate(day.year, day.month, day.day))  # saved with the draft

    def _form_chosen(self, _index: int) -> None:
        entry = self.entry
        form_id = self.form_choice.currentData()
        if entry is None or entry.is_final or form_id == entry.definition.id:
            return
        self.save_now()
        self._open(entry.person_id, entry.category, form_id)

    # -- drafts ------------------------------------------------------------------------------

    def _form_changed(self, answers: dict[str, Any]) -> None:
        if self._amending and self.form is not None and self._before_correction is not None:
            changed = self.form.mark_changed(self._before_correction[0])
            self.status_label.setText(
                self.tr(
                    "{count} answers corrected (marked in blue); give the reason, then save."
                ).format(count=len(changed))
                if changed
                else self._correction_hint()
            )
            return
        if self.entry is None or self.entry.is_final:
            return
        self._pending = answers
        self._timer.start()  # restarted by each change: one save after a burst of typing

    def _date_changed(self, _day: QDate) -> None:
        if self.entry is None or self.form is None:
            return
        if self._amending:
            self.form.set_context(dataclasses.replace(self.form.context, today=self.visited_on()))
            self.photos.show_note()
            return
        if self.entry.is_final:
            return
        self._date_pending = True
        self.form.set_context(dataclasses.replace(self.form.context, today=self.visited_on()))
        self.photos.show_note()
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
        if self._report_problems(form.show_all_messages()):
            return
        self._timer.stop()
        self._pending = None
        self._finalising = True
        ops.finalise(self.session, self, entry.visit_id, form.answers(), self.visited_on()).success(
            self._finalised
        ).failure(self._finalise_failed).run_in_background()

    def _report_problems(self, problems: Mapping[str, str]) -> bool:
        """Say how many answers need attention (shown beside them); False when none."""
        if problems:
            self.status_label.setText(
                self.tr("{count} answers still need attention (shown in red).").format(
                    count=len(problems)
                )
            )
        return bool(problems)

    def _show_not_valid(self, error: Exception) -> bool:
        """Show the service's refusal of the answers beside the fields; False if it is not one."""
        if not isinstance(error, VisitNotValid):
            return False
        self.status_label.setText(str(error))
        if self.form is not None:
            self.form.show_all_messages()
        return True

    def _finalise_failed(self, error: Exception) -> None:
        self._finalising = False
        if not self._show_not_valid(error):
            show_error(self, error)

    def _finalised(self, result: FinalisedVisit) -> None:
        self._finalising = False
        entry = self.entry
        assert entry is not None and self.form is not None
        self.entry = dataclasses.replace(
            entry, status="final", answers=self.form.answers(), visited_on=self.visited_on()
        )
        self.form.set_read_only(True)
        self._show_form_choice(choosable=False)
        self.date_edit.setEnabled(False)
        self.photos.visit_finalised()
        self._show_buttons()
        self.status_label.setText(self.tr("Visit finalised."))
        self._show_tasks(result.tasks)
        if self._queue:
            self.next_button.show()
            self.next_button.setDefault(True)
            self.next_button.setFocus()
        else:
            self.close_button.setFocus()
        self.finalised.emit(result)

    def _show_tasks(self, tasks: Sequence[TaskRaised]) -> None:
        """List the follow-up tasks raised, with the mandatory-report reminder in red."""
        self.tasks_list.clear()
        reports: list[str] = []
        self._report_task_id = None
        for task in tasks:
            line = self.tr("Task: {title}, due {due}").format(
                title=task.title, due=task.due_on.isoformat()
            )
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, task.task_id)
            self.tasks_list.addItem(item)
            if task.kind == FollowUpKind.MANDATORY_REPORT.value:
                reports.append(task.reminder or task.title)
                self._report_task_id = self._report_task_id or task.task_id
        fit_to_rows(self.tasks_list, TASK_ROWS_SHOWN)
        self.tasks_list.setVisible(bool(tasks))
        self.report_label.setVisible(bool(reports))
        self.record_report_button.setVisible(bool(reports))
        if reports:
            self.report_label.setText(
                self.tr(
                    "Mandatory report: phone the police (110) and the civil affairs office NOW. "
                    "This tool does not report by itself."
                )
                + "\n"
                + "\n".join(reports)
            )

    def record_report(self) -> None:
        """Open the 强制报告 task raised just now, to record who reported, to whom and when."""
        if self._report_task_id is not None:
            show_task(self.session, self, self._report_task_id, self._task_shown)

    def _task_activated(self, item: QListWidgetItem) -> None:
        task_id = item.data(Qt.ItemDataRole.UserRole)
        if task_id:
            show_task(self.session, self, task_id, self._task_shown)

    def _task_shown(self, dialog: TaskDialog) -> None:
        self.task_dialog = dialog

    # -- corrections -------------------------------------------------------------------------

    def is_correcting(self) -> bool:
        """Whether the form is open for a correction of a final visit."""
        return self._amending

    def start_correction(self) -> None:
        """Make a final visit's form editable for a correction (nothing is written yet)."""
        entry, form = self.entry, self.form
        if entry is None or form is None or not entry.is_final or self._amending:
            return
        self._amending = True
        self.photos.begin_correction()
        self._before_correction = (form.raw_answers(), self.visited_on())
        form.set_read_only(False)
        self.date_edit.setEnabled(True)
        self.reason_edit.clear()
        self._show_reason_message("")
        self.amend_panel.show()
        self.report_label.hide()
        self.record_report_button.hide()
        self.tasks_list.hide()
        self.next_button.hide()
        self._show_buttons()
        self.status_label.setText(self._correction_hint())
        form.focus_first()

    def _correction_hint(self) -> str:
        return self.tr(
            "Correction: change what was wrong, give the reason, then save. "
            "The original record is kept."
        )

    def cancel_correction(self) -> None:
        """Leave the correction: the visit is shown read-only as before, nothing written (the
        photos added to it are dropped, once the user agrees)."""
        form = self.form
        if not self._amending or form is None or self._before_correction is None:
            return
        if not self.photos.agree_to_drop_held():
            return
        self._amending = False
        self.photos.cancel_correction()
        answers, day = self._before_correction
        self._before_correction = None
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)
        self.date_edit.setEnabled(False)
        form.set_context(dataclasses.replace(form.context, today=day))
        form.set_answers(answers)
        form.mark_changed(None)
        form.set_read_only(True)
        self.amend_panel.hide()
        self._show_buttons()
        self.photos.show_note()
        self.status_label.setText(self._final_status())

    def save_correction(self) -> None:
        """Check the corrected answers and the reason, then store the amendment (with the
        photos added to it, in the same transaction)."""
        entry, form = self.entry, self.form
        if entry is None or form is None or not self._amending or self._saving_correction:
            return
        if self.photos.busy():
            self.status_label.setText(
                self.tr("Photos are still being added; save once they are shown.")
            )
            return
        reason = self.reason_edit.text().strip()
        self._show_reason_message(
            "" if reason else self.tr("Please write down why the record is corrected.")
        )
        if self._report_problems(form.show_all_messages()):
            return
        if not reason:
            self.status_label.setText(self.reason_message.text())
            self.reason_edit.setFocus()
            return
        self._saving_correction = True
        ops.amend(
            self.session,
            self,
            entry.visit_id,
            form.answers(),
            reason,
            self.visited_on(),
            photos=[held.prepared for held in self.photos.held_photos()],
        ).success(self._corrected).failure(self._correction_failed).run_in_background()

    def _show_reason_message(self, message: str) -> None:
        self.reason_message.setText(message)
        self.reason_message.setVisible(bool(message))

    def _correction_failed(self, error: Exception) -> None:
        self._saving_correction = False
        if isinstance(error, InvalidInput) and error.field == "reason":
            self._show_reason_message(user_message(error))
            self.reason_edit.setFocus()
            return
        if not self._show_not_valid(error):
            show_error(self, error)

    def _corrected(self, result: AmendedVisit) -> None:
        self._saving_correction = False
        self._amending = False
        self.photos.correction_saved()
        if self.form is not None:
            self.form.set_read_only(True)
        self.amend_panel.hide()
        self._show_buttons()
        self.correct_button.hide()
        self.status_label.setText(self.tr("Correction saved."))
        ops.read_entry(self.session, self, result.amends_visit_id).success(
            lambda entry: self._show_corrected(entry, result)
        ).failure(self._failed).run_in_background()

    def _show_corrected(self, entry: VisitEntry, result: AmendedVisit) -> None:
        self._show_entry(entry)
        self._show_tasks(result.tasks)
        self.status_label.setText(self.tr("Correction saved."))
        self.amended.emit(result)

    def _show_corrections(self, entry: VisitEntry) -> None:
        self.corrections_list.clear()
        for correction in entry.corrections:
            when = (
                correction.corrected_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
                if correction.corrected_at is not None
                else ""
            )
            self.corrections_list.addItem(
                self.tr("{when}  {who}: {reason} (visit date {day})").format(
                    when=when,
                    who=correction.corrected_by,
                    reason=correction.reason,
                    day=correction.visited_on.isoformat(),
                )
            )
        self.corrections_title.setText(
            self.tr("Corrections ({count}); the answers shown are the latest").format(
                count=len(entry.corrections)
            )
        )
        fit_to_rows(self.corrections_list, CORRECTION_ROWS_SHOWN)
        self.corrections_box.setVisible(bool(entry.corrections))

    def _final_status(self) -> str:
        return self.tr("Final: read-only. To correct it, press 'Correct…'.")

    def _show_buttons(self) -> None:
        """Show the buttons of the state: draft, final, or final being corrected."""
        final = self.entry is not None and self.entry.is_final
        self.finish_button.setVisible(self.entry is not None and not final)
        self.usual_button.setVisible(
            self.entry is not None
            and not final
            and self.form is not None
            and self.form.has_usual_answers()
        )
        self.correct_button.setVisible(final and not self._amending)
        self.cancel_correction_button.setVisible(self._amending)
        self.save_correction_button.setVisible(self._amending)
        self.close_button.setVisible(not self._amending)
        self.close_button.setText(
            self.tr("Close (Esc)") if final else self.tr("Close (Esc, the draft is kept)")
        )

    def fill_usual(self) -> None:
        """F2: answer the open questions with the form's usual answers, then go to the first
        question still needing an answer (or 完成)."""
        form = self.form
        if form is None or self.entry is None or self.entry.is_final:
            return
        filled = form.fill_usual()
        self.status_label.setText(
            self.tr(
                "{count} usual answers filled in (tinted yellow): check them against the sheet."
            ).format(count=len(filled))
            if filled
            else self.tr("No open question has a usual answer.")
        )

    def _save_key(self) -> None:
        """Ctrl+S: save the correction being made, else finalise."""
        if self._amending:
            self.save_correction()
        else:
            self.finalise()

    # -- photos ------------------------------------------------------------------------------

    def photos_ready(self) -> bool:
        """Whether the strip shows the photos of the visit open now."""
        return self.entry is not None and self.photos.ready()

    def _photo_removed(self, _result: PhotoRemoved) -> None:
        """A photo was taken off the draft: a save still to come goes without it."""
        if self.form is not None and self._pending is not None:  # typed meanwhile
            self._pending = self.form.answers()

    def _held_photo_dropped(self) -> None:
        if self.form is not None:
            self._form_changed(self.form.answers())  # the corrected answers, counted again

    def open_next(self) -> None:
        """Open the next person of the day's plan in this dialog (fast entry)."""
        if not self._queue:
            return
        person_id, category = self._queue.pop(0)
        if self.entry is not None and self.entry.is_final:
            self._carried_date = self.entry.visited_on
        self._open(person_id, category)

    # -- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc: close, keeping the draft (its last change is saved); during a correction,
        leave the correction instead."""
        if self._amending:
            self.cancel_correction()
            return
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
            self.next_button.isVisible()
            or self.finish_button.hasFocus()
            or self.save_correction_button.hasFocus()
        ):
            event.accept()
            return
        super().keyPressEvent(event)


def fit_to_rows(view: QListWidget, most: int) -> None:
    """Make a list as high as its rows, up to `most` rows (then it scrolls)."""
    rows = max(1, min(view.count(), most))
    row_height = view.sizeHintForRow(0) if view.count() else view.fontMetrics().height()
    view.setFixedHeight(rows * row_height + 2 * view.frameWidth() + 4)
