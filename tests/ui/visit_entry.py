"""Filling in the real visit dialog from tests, scripts and benches.

Waiting runs the Qt event loop until a signal or a condition (never a sleep), so that
`scripts/screenshots.py` and `bench/fast_entry.py` can use it without pytest-qt. Answers go
in through the form's own widgets: text typed into the line, a choice's button clicked, a
household member chosen in the list; photos are attached through the photo service first.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from tests.forms.form_answers import fill_form

from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.forms.definition import FieldType
from minzheng_field.store.models import ChildFile, ElderFile, Enrolment, Household, Person
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.forms.form_widget import (
    ChoiceEditor,
    FormWidget,
    LongTextEditor,
    MemberEditor,
    TextEditor,
)
from minzheng_field.ui.session import UiSession

TIMEOUT_S = 60.0
_PROGRAM_CATEGORIES = frozenset(
    {Program.DIBAO.value, Program.TEKUN.value, Program.TEMPORARY_ASSISTANCE.value}
)


# -- waiting without sleeping --------------------------------------------------------------


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    """Run the event loop until `condition()` holds (checked after each burst of events)."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited too long for {what}")
        timer.start()
        loop.exec()
        timer.stop()


def wait_for(
    signal: SignalInstance,
    what: str,
    trigger: Callable[[], object] | None = None,
    timeout: float = TIMEOUT_S,
) -> tuple[Any, ...]:
    """Run `trigger` and the event loop until `signal` is emitted; the signal's arguments."""
    fired: list[tuple[Any, ...]] = []

    def heard(*args: Any) -> None:
        fired.append(args)

    signal.connect(heard)
    try:
        if trigger is not None:
            trigger()
        wait_until(lambda: bool(fired), what, timeout)
    finally:
        with contextlib.suppress(RuntimeError):  # the sender may be gone (a dialog closed)
            signal.disconnect(heard)
    return fired[0]


def open_visit_dialog(
    session: UiSession,
    person_id: str,
    category: str,
    parent: QWidget | None = None,
    *,
    queue: Sequence[tuple[str, str]] = (),
) -> VisitDialog:
    """The visit dialog of a person, shown, active (it has the keyboard) and its visit on
    screen."""
    dialog = VisitDialog(session, person_id, category, parent, queue=queue)
    loaded: list[object] = []

    def heard(entry: object) -> None:
        loaded.append(entry)

    # Connected before the event loop runs again: the entry cannot arrive unheard.
    dialog.entry_loaded.connect(heard)
    dialog.show()
    wait_until(lambda: bool(loaded), "the visit read")

    def active() -> bool:
        # Asked again until it holds: a window closed just before hands the activation back
        # to its parent a moment later.
        if not dialog.isActiveWindow():
            dialog.activateWindow()
        return dialog.isActiveWindow()

    wait_until(active, "the visit dialog active")
    dialog.entry_loaded.disconnect(heard)
    return dialog


# -- whom to visit -------------------------------------------------------------------------


def visit_subject(session: Session, category: str, skip: Sequence[str] = ()) -> str | None:
    """A living person of visit category `category` (an elder, a child's category, or an
    approved 低保/特困/临时救助 enrolment), not one of `skip`; None when there is none."""
    live = Person.deleted.is_(False) & Person.deceased_on.is_(None) & Person.id.not_in(skip)
    if category == "elder":
        query = select(ElderFile.person_id).join(Person, Person.id == ElderFile.person_id)
        query = query.where(ElderFile.deleted.is_(False))
    elif category in _PROGRAM_CATEGORIES:
        # A household's enrolment (低保) is visited at its head's.
        visited = or_(
            Person.id == Enrolment.person_id,
            Enrolment.person_id.is_(None) & (Person.id == Household.head_person_id),
        )
        query = select(Person.id).select_from(Enrolment)
        query = query.join(Household, Household.id == Enrolment.household_id)
        query = query.join(Person, visited).where(
            Enrolment.program == category,
            Enrolment.status == EnrolmentStatus.APPROVED.value,
            Enrolment.deleted.is_(False),
        )
    else:
        query = select(ChildFile.person_id).join(Person, Person.id == ChildFile.person_id)
        query = query.where(ChildFile.category == category, ChildFile.deleted.is_(False))
    return session.scalar(query.where(live).order_by(Person.id).limit(1))


# -- answers -------------------------------------------------------------------------------


def prefer(*wanted: Any) -> Callable[[Sequence[Any]], Any]:
    """A `pick` for `fill_form`: the first candidate equal to one of `wanted` (same type, so
    that True is not 1), else the first candidate."""

    def pick(options: Sequence[Any]) -> Any:
        for option in options:
            if any(option == w and type(option) is type(w) for w in wanted):
                return option
        return options[0]

    return pick


def answers_for(
    form: FormWidget,
    members: Sequence[tuple[str, str]],
    pick: Callable[[Sequence[Any]], Any],
    texts: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Valid answers to every field that applies on `form` (tests/forms/form_answers.py),
    a household member answered with the first real member; photo fields left out (attach
    photos through the service); `texts` replaces the answers of the fields it names."""
    answers = fill_form(form.definition, form.context, pick)
    for field_id in list(answers):
        kind = form.definition.field(field_id).type
        if kind is FieldType.PHOTO:
            del answers[field_id]
        elif kind is FieldType.HOUSEHOLD_MEMBER:
            answers[field_id] = members[0][0]
        elif texts and field_id in texts:
            answers[field_id] = texts[field_id]
    return answers


def enter_answers(form: FormWidget, answers: Mapping[str, Any]) -> None:
    """Enter `answers` field by field through each field's widget, as a user would; a field
    shown only by a later answer is entered on the next round."""
    entered: set[str] = set()
    for _ in range(len(form.definition.fields)):
        todo = [
            field_id
            for field_id in form.definition.field_ids
            if field_id in answers and field_id not in entered and form.is_shown(field_id)
        ]
        if not todo:
            return
        for field_id in todo:
            if form.is_shown(field_id):
                _enter(form, field_id, answers[field_id])
                entered.add(field_id)


def _enter(form: FormWidget, field_id: str, value: Any) -> None:
    editor = form.editor(field_id)
    if isinstance(editor, TextEditor):
        editor.edit.setText(str(value))
    elif isinstance(editor, LongTextEditor):
        editor.edit.setPlainText(str(value))
    elif isinstance(editor, ChoiceEditor):
        if isinstance(value, bool):
            wanted = {"yes" if value else "no"}
        else:
            wanted = {value} if isinstance(value, str) else set(value)
        for code, button in editor.buttons.items():
            if button.isChecked() != (code in wanted):
                button.click()
    elif isinstance(editor, MemberEditor):
        editor.combo.setCurrentIndex(editor.combo.findData(value))
    elif form.definition.field(field_id).type is FieldType.PHOTO:
        for digest in value:
            form.add_photo(field_id, digest)
    else:
        raise AssertionError(f"no way to enter {field_id}")
