"""Mark a person deceased, then show the benefits that must now be stopped or reviewed."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.months import date_label
from minzheng_field.domain.programs import DeathAction
from minzheng_field.services.persons import BenefitOnDeath, DeathResult
from minzheng_field.ui.dialogs.member_editor import (
    EditorDialog,
    FieldForm,
    china_today,
    date_value,
    new_date_edit,
    scrolled,
    text_value,
)
from minzheng_field.ui.ops import households as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.session import UiSession

_STOP_STYLE = "color: #b3261e; font-weight: bold;"
_REVIEW_STYLE = "color: #9a5b00; font-weight: bold;"


class DeathDialog(EditorDialog):
    """Record a death (date not in the future, a reason); then list each benefit to act on."""

    open_enrolment = Signal(str)
    change_head_requested = Signal(str)

    def __init__(
        self,
        session: UiSession,
        person_id: str,
        name: str,
        *,
        birth_date: date | None = None,
        others_alive: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.person_id = person_id
        self.name = name
        self.result: DeathResult | None = None
        self._others_alive = others_alive
        self.setWindowTitle(self.tr("Mark %1 deceased").replace("%1", name))
        self.form = FieldForm()
        today = china_today()
        self.deceased_on = new_date_edit(maximum=today, optional=False)
        self.deceased_on.setObjectName("deceasedOn")
        if birth_date is not None:
            self.deceased_on.setMinimumDate(
                QDate(birth_date.year, birth_date.month, birth_date.day)
            )
        self.deceased_on.setDate(today)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(
            self.tr("e.g. reported by the village committee, death certificate")
        )
        self.form.add_field("deceased_on", self.tr("Date of death"), self.deceased_on, 0, 0)
        self.form.add_field("reason", self.tr("Source / notes"), self.reason, 1, 0)
        self.form.fix_tab_order()
        explanation = QLabel(
            self.tr(
                "After recording, you will see which benefits must stop or be reviewed. "
                "Nothing is stopped automatically."
            )
        )
        explanation.setWordWrap(True)
        self.body.addWidget(explanation)
        self.body.addWidget(self.form)
        self.results = QWidget()
        self.results.setObjectName("deathResults")
        self.results_layout = QVBoxLayout(self.results)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(scrolled(self.results), 1)
        self.results.hide()
        self.save_button.setText(self.tr("Record death"))
        self._initial_date = self.deceased_on.date()
        self.resize(620, 260)
        self.deceased_on.setFocus()

    def operation(self) -> Operation[Any] | None:
        """mark_deceased with the chosen date and reason."""
        day = date_value(self.deceased_on)
        assert day is not None
        return ops.mark_deceased(
            self.session, self, self.person_id, day, reason=text_value(self.reason)
        )

    def show_field_error(self, field: str, message: str) -> bool:
        """Show the message beside its input."""
        return self.form.show_error(field, message)

    def clear_field_errors(self) -> None:
        """Hide the messages."""
        self.form.clear_errors()

    def is_dirty(self) -> bool:
        """Whether something was typed and the death is not yet recorded."""
        if self.result is not None:
            return False
        return bool(self.reason.text().strip()) or self.deceased_on.date() != self._initial_date

    def snapshot(self) -> dict[str, Any]:
        """What the inputs hold now."""
        return {"deceased_on": date_value(self.deceased_on), "reason": self.reason.text()}

    def _succeeded(self, result: Any) -> None:
        # The dialog stays open to show what must be done about each benefit.
        self._set_busy(False)
        self.saved.emit(result)
        self.show_result(result)

    def show_result(self, result: DeathResult) -> None:
        """Replace the form by the benefits to stop or review."""
        self.result = result
        self.form.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText(self.tr("Close"))
        layout = self.results_layout
        heading = QLabel(
            self.tr("Recorded: %1 died on %2.")
            .replace("%1", self.name)
            .replace("%2", date_label(result.deceased_on))
        )
        heading.setObjectName("deathHeading")
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        if result.benefits:
            intro = QLabel(
                self.tr("These benefits must now be stopped or reviewed (%1):").replace(
                    "%1", str(len(result.benefits))
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
            for benefit in result.benefits:
                layout.addWidget(self._benefit_row(benefit))
        else:
            none = QLabel(self.tr("No current benefit: nothing has to be stopped."))
            none.setObjectName("noBenefits")
            layout.addWidget(none)
        if result.was_head_of_household and result.household_id is not None and self._others_alive:
            row = QHBoxLayout()
            note = QLabel(self.tr("This person was the head of the household: choose a new head."))
            note.setWordWrap(True)
            row.addWidget(note, 1)
            button = QPushButton(self.tr("Change head…"))
            button.setObjectName("changeHead")
            household_id = result.household_id
            button.clicked.connect(lambda: self.change_head_requested.emit(household_id))
            row.addWidget(button)
            layout.addLayout(row)
        layout.addStretch(1)
        self.results.show()
        self.resize(max(self.width(), 680), max(self.height(), 460))
        self.cancel_button.setFocus()

    def benefit_texts(self) -> list[str]:
        """The texts shown for each benefit (for tests and screen readers)."""
        return [label.text() for label in self.results.findChildren(QLabel, "benefitText")]

    def _benefit_row(self, benefit: BenefitOnDeath) -> QFrame:
        frame = QFrame()
        frame.setObjectName("benefit")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(frame)
        texts = QVBoxLayout()
        stop = benefit.action is DeathAction.STOP
        title = QLabel(f"{benefit.program.label} — {benefit.action.label}")
        title.setObjectName("benefitTitle")
        title.setStyleSheet(_STOP_STYLE if stop else _REVIEW_STYLE)
        texts.addWidget(title)
        if stop and benefit.stop_from is not None:
            when = self.tr("Stop from %1").replace("%1", benefit.stop_from.label)
        elif benefit.review_by is not None:
            when = self.tr("Review by %1").replace("%1", date_label(benefit.review_by))
        else:
            when = ""
        if when:
            texts.addWidget(QLabel(when))
        explanation = QLabel(benefit.explanation)
        explanation.setObjectName("benefitText")
        explanation.setWordWrap(True)
        explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts.addWidget(explanation)
        row.addLayout(texts, 1)
        button = QPushButton(self.tr("Go to enrolment"))
        button.setObjectName("goToEnrolment")
        enrolment_id = benefit.enrolment_id
        button.clicked.connect(lambda: self.open_enrolment.emit(enrolment_id))
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return frame
