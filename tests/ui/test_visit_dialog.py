"""The visit dialog: a draft on open, saved on change and on close, finalised with its tasks."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from sqlalchemy import select
from tests.forms.form_answers import fill_form
from tests.ui import care_fixtures
from tests.ui.care_fixtures import WAIT
from tests.ui.visit_entry import visit_subject
from tests.ui.visit_fixtures import children_of, drafts_of, elders, in_vault

from minzheng_field.forms.definition import FieldType
from minzheng_field.store.models import Visit
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.forms.form_widget import ChoiceEditor
from minzheng_field.ui.session import UiSession

# The demo township and the administrator's session on it.
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui


def open_dialog(qtbot, session: UiSession, person_id: str, category: str, **kw) -> VisitDialog:
    dialog = VisitDialog(session, None, None, **kw)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT):
        dialog._open(person_id, category)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT)
    return dialog


def pick(dialog: VisitDialog, field_id: str, code: str) -> None:
    assert dialog.form is not None
    editor = dialog.form.editor(field_id)
    assert isinstance(editor, ChoiceEditor)
    editor.buttons[code].setChecked(True)


def test_changes_are_saved_as_a_draft_coalesced(qtbot, admin_ui, demo) -> None:
    (child,) = children_of(demo, "left_behind")
    dialog = open_dialog(qtbot, admin_ui, child, "left_behind")
    assert dialog.entry is not None and dialog.entry.definition.id == "left_behind_child_visit"
    saves: list[str] = []
    dialog.draft_saved.connect(saves.append)
    with qtbot.waitSignal(dialog.draft_saved, timeout=WAIT):
        pick(dialog, "visit_method", "phone")
        pick(dialog, "met_child", "yes")
        pick(dialog, "living_with", "grandparents")
    assert len(saves) == 1  # three quick changes, one write
    assert drafts_of(demo, child) == [
        {"visit_method": "phone", "met_child": True, "living_with": "grandparents"}
    ]
    # Reopening resumes the same draft.
    dialog.close()
    again = open_dialog(qtbot, admin_ui, child, "left_behind")
    assert again.entry is not None and again.entry.visit_id == dialog.entry.visit_id
    assert again.form is not None and again.form.answers()["living_with"] == "grandparents"


def test_esc_keeps_the_last_change(qtbot, admin_ui, demo) -> None:
    (child,) = children_of(demo, "left_behind")
    dialog = open_dialog(qtbot, admin_ui, child, "left_behind")
    pick(dialog, "visit_method", "video")
    assert dialog.has_unsaved_changes()
    with qtbot.waitSignal(dialog.draft_saved, timeout=WAIT):
        dialog.reject()
    assert drafts_of(demo, child) == [{"visit_method": "video"}]


def test_save_drafts_event_flushes(qtbot, admin_ui, demo) -> None:
    (elder,) = elders(demo)
    dialog = open_dialog(qtbot, admin_ui, elder, "elder")
    pick(dialog, "visit_method", "home")
    with qtbot.waitSignal(dialog.draft_saved, timeout=WAIT):
        admin_ui.events.save_drafts.emit()
    assert not dialog.has_unsaved_changes()


def test_finalise_with_a_mandatory_report_and_next_person(qtbot, admin_ui, demo) -> None:
    first, second = children_of(demo, "left_behind", 2)
    dialog = open_dialog(qtbot, admin_ui, first, "left_behind", queue=[(second, "left_behind")])
    form = dialog.form
    assert form is not None
    # Invalid first: nothing answered, the messages show and nothing is finalised.
    dialog.finalise()
    assert form.message_of("visit_method") == "请选择一项。"
    answers = fill_form(
        form.definition, form.context, lambda options: "alone" if "alone" in options else options[0]
    )
    assert answers["living_with"] == "alone"
    # Photos are attached through the photo service, not typed: left out here.
    answers = {
        key: value
        for key, value in answers.items()
        if form.definition.field(key).type is not FieldType.PHOTO
    }
    form.set_answers(answers)
    assert form.messages() == {}, form.messages()
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT) as finished:
        qtbot.keySequence(dialog, "Ctrl+S")
    result = finished.args[0]
    assert any(task.kind == "mandatory_report" for task in result.tasks)
    assert dialog.report_label.isVisible()
    assert "110" in dialog.report_label.text()
    assert dialog.tasks_list.count() == len(result.tasks)
    assert not dialog.finish_button.isVisible()
    assert dialog.next_button.isVisible()
    # The report is the user's to make by phone; the task that records it opens from here.
    assert dialog.record_report_button.isVisible()
    report = next(task for task in result.tasks if task.kind == "mandatory_report")
    dialog.record_report_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "task_dialog", None) is not None, timeout=WAIT)
    assert dialog.task_dialog.task.task_id == report.task_id
    assert dialog.task_dialog.mandatory
    dialog.task_dialog.close()
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT) as loaded:
        dialog.open_next()
    assert loaded.args[0].person_id == second
    assert not dialog.report_label.isVisible()
    assert not dialog.record_report_button.isVisible()


def test_a_final_visit_opens_read_only(qtbot, admin_ui, demo) -> None:
    visit_id = in_vault(
        demo, lambda s, a: s.scalar(select(Visit.id).where(Visit.status == "final").limit(1))
    )
    dialog = VisitDialog(admin_ui, None, None, visit_id=visit_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT) as loaded:
        pass
    assert loaded.args[0].is_final
    assert not dialog.finish_button.isVisible()


def test_f2_fills_the_usual_answers_and_the_next_person_keeps_the_day(
    qtbot, admin_ui, demo
) -> None:
    first, second = children_of(demo, "left_behind", 2)
    dialog = open_dialog(qtbot, admin_ui, first, "left_behind", queue=[(second, "left_behind")])
    form = dialog.form
    assert form is not None and dialog.usual_button.isVisible()
    # The sheets of a day three days ago: its date, then what differs from the usual.
    day = dialog.visited_on() - timedelta(days=3)
    dialog.date_edit.setDate(QDate(day.year, day.month, day.day))
    pick(dialog, "visit_method", "phone")
    pick(dialog, "living_with", "grandparents")
    qtbot.keyClick(dialog, Qt.Key.Key_F2)
    answers = form.answers()
    assert answers["visit_method"] == "phone" and answers["living_with"] == "grandparents"
    assert answers["guardian_capacity"] == "good" and answers["safety_concerns"] == ["none"]
    assert "visit_method" not in form.usual_marked()
    assert {"met_child", "risk_level", "needs"} <= form.usual_marked()
    assert "photos" not in answers  # by phone: no photos asked
    assert dialog.status_label.text().startswith(f"{len(form.usual_marked())} ")
    # What has no usual answer is left to the user; the keyboard is on the first of it.
    assert form.current_field() == "guardian_name"
    assert set(form.messages()) == {"guardian_name", "guardian_relation", "summary"}
    form.editor("guardian_name").set_value("王秀英")  # type: ignore[union-attr]
    form.editor("summary").set_value("情况良好")  # type: ignore[union-attr]
    pick(dialog, "guardian_relation", "grandparent")
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT) as finished:
        qtbot.keySequence(dialog, "Ctrl+S")
    assert finished.args[0].tasks == ()  # the usual answers raise no follow-up
    visit_id = dialog.entry.visit_id  # type: ignore[union-attr]
    final = in_vault(demo, lambda s, a: s.get(Visit, visit_id))
    assert final.status == "final" and final.visited_on == day
    assert final.answers["risk_level"] == "low" and final.answers["visit_method"] == "phone"
    assert not dialog.usual_button.isVisible()
    # 下一位: the next sheet of the same day.
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT) as loaded:
        qtbot.keyClick(dialog.next_button, Qt.Key.Key_Return)
    assert loaded.args[0].person_id == second
    assert dialog.visited_on() == day
    assert dialog.form is not None and dialog.form.usual_marked() == frozenset()
    with qtbot.waitSignal(dialog.draft_saved, timeout=WAIT):
        dialog.save_now()
    stored = in_vault(demo, lambda s, a: s.get(Visit, dialog.entry.visit_id))  # type: ignore[union-attr]
    assert stored.visited_on == day and stored.status == "draft"


def test_a_visit_of_today_leaves_the_next_on_today(qtbot, admin_ui, demo) -> None:
    first, second = elders(demo, 2)
    dialog = open_dialog(qtbot, admin_ui, first, "elder", queue=[(second, "elder")])
    today = dialog.visited_on()
    form = dialog.form
    assert form is not None
    dialog.fill_usual()
    for field_id, code in (
        ("living_arrangement", "with_spouse"),
        ("self_care", "self_care"),
        ("health", "healthy"),
    ):
        pick(dialog, field_id, code)
    form.editor("summary").set_value("老人身体尚好")  # type: ignore[union-attr]
    assert form.messages() == {}
    with qtbot.waitSignal(dialog.finalised, timeout=WAIT):
        dialog.finalise()
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT):
        dialog.open_next()
    # Nothing carried: the date stays, and no date change waits to be saved.
    assert dialog.visited_on() == today and not dialog.has_unsaved_changes()


def test_the_header_names_the_visitor_and_the_only_form(qtbot, admin_ui, demo) -> None:
    (elder,) = elders(demo)
    dialog = open_dialog(qtbot, admin_ui, elder, "elder")
    assert dialog.visitor_label.text() == "乡镇管理员"  # the display name, not "admin"
    # One form for the category: its title as text, no greyed chooser.
    assert not dialog.form_choice.isVisible()
    assert dialog.form_title.isVisible()
    assert dialog.form_title.text().startswith("特殊困难老年人探访记录")


def test_the_form_opens_at_its_top(qtbot, admin_ui, demo) -> None:
    person = in_vault(demo, lambda s, a: visit_subject(s, "temporary_assistance"))
    dialog = open_dialog(qtbot, admin_ui, person, "temporary_assistance")
    form = dialog.form
    assert form is not None
    bar = form.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT)  # laid out, longer than shown
    assert bar.value() == 0  # the first section's title is in view
    assert form.current_field() == form.field_order()[0]
