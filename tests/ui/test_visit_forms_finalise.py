"""Every shipped form filled in through the real visit dialog and finalised; the vault read
back: a final visit on its form version, its answers, photos, and the follow-up tasks the
answers call for. And invalid answers: the Chinese messages beside the fields, nothing final.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select, update
from tests.ui import care_fixtures
from tests.ui.care_fixtures import WAIT
from tests.ui.visit_entry import (
    answers_for,
    enter_answers,
    open_visit_dialog,
    prefer,
    visit_subject,
)
from tests.ui.visit_fixtures import in_vault

from minzheng_field.forms.definition import FieldType, version_key
from minzheng_field.forms.evaluation import evaluate
from minzheng_field.forms.followups import evaluate_followups
from minzheng_field.forms.registry import shipped_forms
from minzheng_field.services.visits import FinalisedVisit, create_draft
from minzheng_field.store.models import Attachment, AuditEntry, OutboxMutation, Task, Visit
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.forms.form_widget import FormWidget, LongTextEditor, TextEditor
from minzheng_field.ui.session import UiSession
from visit_builders import attach_photo

LATEST = {
    form_id: max((v for f, v in shipped_forms() if f == form_id), key=version_key)
    for form_id, _version in shipped_forms()
}


@dataclass(frozen=True)
class Case:
    """How a sheet of one form is answered, and the task its answers must raise."""

    prefer: tuple[Any, ...]  # answers chosen over the first candidate, wherever offered
    task_kind: str
    task_title: str
    due_in_days: int


CASES = {
    # A child living alone: 强制报告 at once (due the day of the visit).
    ("left_behind_child_visit", "2026.1"): Case(
        ("alone",), "mandatory_report", "强制报告：儿童独自生活或无有效监护", 0
    ),
    # The 2025 sheet: no effective guardian.
    ("left_behind_child_visit", "2025.1"): Case(
        (False,), "mandatory_report", "强制报告：儿童无有效监护", 0
    ),
    ("vulnerable_child_visit", "2026.1"): Case(
        ("alone",), "mandatory_report", "强制报告：儿童独自生活或无有效监护", 0
    ),
    # Cannot care for themselves and lives alone: a referral to care services.
    ("special_elder_visit", "2026.1"): Case(
        ("full_care", "alone"), "referral", "失能独居老人：转介照护服务", 3
    ),
    ("tekun_dispersed_visit", "2026.1"): Case(
        (True,), "referral", "办理转为集中供养（入住供养服务机构）", 15
    ),
    # A 低保 review finding the income now over the line: a review task.
    ("dibao_household_survey", "2026.1"): Case(
        ("review", 50_000), "review", "家庭月人均收入超过低保标准：启动复核", 30
    ),
    ("temporary_assistance_survey", "2026.1"): Case((["referral"],), "referral", "办理转介服务", 7),
}


# The demo township and the administrator's session on it.
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui


def a_photo() -> bytes:
    """A small JPEG, as a phone would send it."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def attach(qtbot, session: UiSession, visit_id: str) -> str:
    """Attach a photo to the draft through the photo service (on the writer thread)."""
    done: list[Any] = []
    session.database.write(
        lambda s, a: attach_photo(s, a, visit_id, a_photo()).photo.sha256,
        done.append,
        done.append,
    )
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT)
    assert isinstance(done[0], str), done[0]
    return done[0]


def begin_draft_on(vault: Vault, person_id: str, category: str, version: str) -> str:
    """A draft begun on an older version of its form (before the app brought the new one)."""

    def work(s: Any, a: Any) -> str:
        form_id = next(f for f, v in CASES if v == version and LATEST[f] != version)
        visit_id = create_draft(s, a, person_id, form_id, category=category).visit_id
        s.execute(update(Visit).where(Visit.id == visit_id).values(form_version=version))
        return visit_id

    return in_vault(vault, work)


def written(vault: Vault, visit_id: str) -> dict[str, Any]:
    """What the vault holds of a visit after finalising."""

    def work(s: Any, a: Any) -> dict[str, Any]:
        visit = s.get(Visit, visit_id)
        return {
            "visit": (visit.status, visit.form_id, visit.form_version, visit.finalised_at),
            "method": visit.method,
            "visited_on": visit.visited_on,
            "answers": dict(visit.answers),
            "tasks": sorted(
                (t.kind, t.title, t.due_on, t.status, t.assigned_to, t.person_id)
                for t in s.scalars(select(Task).where(Task.source_visit_id == visit_id))
            ),
            # Photos stored with the visit and recorded (audited) when it was finalised.
            "photos": s.scalar(
                select(func.count())
                .select_from(Attachment)
                .join(AuditEntry, AuditEntry.entity_id == Attachment.id)
                .where(Attachment.visit_id == visit_id)
            ),
            "audited": s.scalar(
                select(func.count()).where(
                    AuditEntry.entity_id == visit_id, AuditEntry.action == "create"
                )
            ),
            "sent": s.scalar(select(func.count()).where(OutboxMutation.entity_id == visit_id)),
        }

    return in_vault(vault, work)


def read_only(form: FormWidget) -> bool:
    """Whether no answer on the form can be changed any more."""
    editors = [form.editor(f) for f in form.definition.field_ids]
    return all(
        editor.edit.isReadOnly()
        if isinstance(editor, TextEditor | LongTextEditor)
        else not editor.widget.isEnabled()
        for editor in editors
        if editor is not None
    )


@pytest.mark.parametrize("key", sorted(shipped_forms()), ids=lambda k: f"{k[0]}-{k[1]}")
def test_every_shipped_form_filled_in_and_finalised(qtbot, admin_ui, demo, key) -> None:
    form_id, version = key
    case = CASES[key]  # a new shipped form needs its case here
    definition = shipped_forms()[key]
    category = definition.categories[0]
    person = in_vault(demo, lambda s, a: visit_subject(s, category))
    assert person is not None, f"the demo township has no one of category {category}"
    if version != LATEST[form_id]:
        # An older version opens only as a draft begun on it: resumed on that version.
        begin_draft_on(demo, person, category, version)
    dialog = open_visit_dialog(admin_ui, person, category)
    qtbot.addWidget(dialog)
    entry, form = dialog.entry, dialog.form
    assert entry is not None and form is not None
    assert (entry.definition.id, entry.definition.version) == key

    answers = answers_for(form, entry.members, prefer(*case.prefer))
    photo_fields = [
        item.id
        for item in definition.fields
        if item.type is FieldType.PHOTO
        and item.id in evaluate(definition, answers, form.context).relevant
    ]
    for field_id in photo_fields:
        answers[field_id] = [attach(qtbot, admin_ui, entry.visit_id)]
    enter_answers(form, answers)
    assert form.messages() == {}
    assert form.answers() == answers

    with qtbot.waitSignal(dialog.finalised, timeout=WAIT) as finished:
        if sorted(shipped_forms()).index(key) % 2:  # both ways: Ctrl+S and the button
            qtbot.keySequence(dialog, "Ctrl+S")
        else:
            dialog.finish_button.click()
    result: FinalisedVisit = finished.args[0]
    assert result.visit_id == entry.visit_id

    stored = written(demo, entry.visit_id)
    status, stored_form, stored_version, finalised_at = stored["visit"]
    assert (status, stored_form, stored_version) == ("final", form_id, version)
    assert finalised_at is not None
    assert {k: stored["answers"][k] for k in answers} == answers
    assert stored["method"] == answers.get("visit_method", "home")
    assert stored["audited"] == 1 and stored["sent"] == 1
    assert stored["photos"] == len(photo_fields) == len(result.photo_changes)

    # The task the case calls for, due from the visit date, assigned to the visitor …
    due = stored["visited_on"] + timedelta(days=case.due_in_days)
    title = f"{case.task_title}：{entry.person_name}"
    assert (case.task_kind, title, due, "open", "admin", person) in stored["tasks"]
    # … and exactly the tasks the form's rules call for, each once.
    expected = evaluate_followups(definition, answers, form.context)
    assert sorted(f"{f.title}：{entry.person_name}" for f in expected) == sorted(
        t[1] for t in stored["tasks"]
    )
    assert len(result.tasks) == len(stored["tasks"])
    assert dialog.tasks_list.count() == len(stored["tasks"])
    assert dialog.report_label.isVisibleTo(dialog) == (case.task_kind == "mandatory_report")
    assert not dialog.finish_button.isVisibleTo(dialog)
    assert read_only(form)


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_invalid_answers_show_chinese_messages_and_nothing_is_finalised(
    qtbot, admin_ui, demo
) -> None:
    person = in_vault(demo, lambda s, a: visit_subject(s, "dibao"))
    dialog = open_visit_dialog(admin_ui, person, "dibao")
    qtbot.addWidget(dialog)
    form, entry = dialog.form, dialog.entry
    assert form is not None and entry is not None
    enter_answers(
        form,
        {
            "survey_type": "review",
            "investigator_1": "王小红",
            "investigator_2": "王小红",  # the two investigators must differ
            "household_size": "25",  # over 20
            "members_able_to_work": "3",
            "wage_income": "-5",  # below 0
            "business_income": "一千",  # not a number
            "vehicles": "1.5",  # not a whole number
            # respondent, neighbours, … left out: required
        },
    )
    with qtbot.assertNotEmitted(dialog.finalised):
        qtbot.keySequence(dialog, "Ctrl+S")
        qtbot.waitUntil(lambda: bool(form.message_of("respondent")), timeout=WAIT)
    problems = form.messages()
    for field_id in (
        "investigator_2",
        "household_size",
        "wage_income",
        "business_income",
        "vehicles",
        "respondent",
        "neighbours_interviewed",
        "living_description",
    ):
        message = form.message_of(field_id)
        assert message is not None and message == problems[field_id], field_id
        assert CJK.search(message) and not re.search(r"[A-Za-z]", message), message
    assert {field_id: form.message_of(field_id) for field_id in problems} == problems
    assert form.message_of("investigator_2") == "两名调查人员不能是同一人。"
    assert form.message_of("household_size") == "不能大于 20人。"
    assert form.message_of("wage_income") == "不能小于 0元。"
    assert form.message_of("business_income") == "请填写数字。"
    assert form.message_of("vehicles") == "请填写整数。"
    assert form.message_of("respondent") == "请选择一位家庭成员。"
    assert form.message_of("living_description") == "请填写此项。"
    assert str(len(problems)) in dialog.status_label.text()
    assert dialog.finish_button.isVisible()
    stored = written(demo, entry.visit_id)
    assert stored["visit"][0] == "draft"
    assert stored["tasks"] == [] and stored["audited"] == 0 and stored["sent"] == 0
    # The keyboard is on the first field that needs attention.
    assert form.current_field() == next(f for f in form.field_order() if f in problems)


def test_an_old_version_final_visit_opens_read_only_on_its_form(qtbot, admin_ui, demo) -> None:
    visit_id = in_vault(
        demo,
        lambda s, a: s.scalar(
            select(Visit.id)
            .where(Visit.form_id == "left_behind_child_visit", Visit.form_version == "2025.1")
            .where(Visit.status == "final")
            .limit(1)
        ),
    )
    assert visit_id is not None
    dialog = VisitDialog(admin_ui, None, None, visit_id=visit_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.entry_loaded, timeout=WAIT) as loaded:
        pass
    entry = loaded.args[0]
    assert entry.is_final and entry.definition.version == "2025.1"
    assert dialog.form is not None and dialog.form.answers() == {
        k: v for k, v in entry.answers.items() if k in dialog.form.definition.field_ids
    }
    assert "summary" in dialog.form.answers()
    assert not dialog.finish_button.isVisibleTo(dialog)
