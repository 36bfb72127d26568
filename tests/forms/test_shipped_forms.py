"""The shipped forms: what they hold, the codes they share with the domain, their versions."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from minzheng_field.domain.programs import Program
from minzheng_field.domain.work import TaskKind, VisitCategory, VisitMethod
from minzheng_field.forms.definition import FieldType, FollowUpKind, FormDefinition
from minzheng_field.forms.evaluation import FormContext
from minzheng_field.forms.loader import load_definition
from minzheng_field.forms.registry import (
    UnknownForm,
    forms_dir,
    forms_for_category,
    latest,
    load_forms,
    shipped_form,
    shipped_forms,
    versions,
)
from minzheng_field.forms.validation import NOT_IN_FORM, validate_answers

VISIT_DAY = date(2026, 3, 5)
TITLES = {
    "left_behind_child_visit": "留守儿童探访记录",
    "vulnerable_child_visit": "困境儿童探访记录",
    "tekun_dispersed_visit": "特困人员（分散供养）探访记录",
    "special_elder_visit": "特殊困难老年人探访记录",
    "dibao_household_survey": "低保家庭入户调查表（家庭经济状况）",
    "temporary_assistance_survey": "临时救助入户调查表",
}
ALL = sorted(shipped_forms().values(), key=lambda form: form.key)
CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Answers as the 2025.1 form took them (and as the demo township writes them).
OLD_ANSWERS: dict[str, Any] = {
    "attending_school": True,
    "parents_contact_weekly": False,
    "guardian_adequate": True,
    "safety_risk": False,
    "summary": "孩子在家，爷爷照看，学习正常。",
}


def test_the_six_forms_are_shipped_with_their_titles() -> None:
    assert {form_id: latest(form_id).title for form_id in TITLES} == TITLES
    assert {form.id for form in ALL} == set(TITLES)


def test_left_behind_child_visit_keeps_two_versions() -> None:
    assert [form.version for form in versions("left_behind_child_visit")] == ["2025.1", "2026.1"]
    assert latest("left_behind_child_visit").version == "2026.1"


def test_old_answers_validate_against_their_own_version_only() -> None:
    old = shipped_form("left_behind_child_visit", "2025.1")
    assert validate_answers(old, OLD_ANSWERS, FormContext(VISIT_DAY)) == {}
    new = latest("left_behind_child_visit")
    messages = validate_answers(
        new, OLD_ANSWERS, FormContext(VISIT_DAY, {"child_birth_date": "2015-01-01"})
    )
    assert messages["guardian_adequate"] == NOT_IN_FORM
    assert messages["visit_method"] == "请选择一项。"


def test_an_old_version_still_loads_and_validates_after_a_new_one_is_added(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    newer: dict[str, Any] = json.loads(
        (folder / "left_behind_child_visit-2026.1.json").read_text(encoding="utf-8")
    )
    newer["version"] = "2027.1"
    newer["sections"][0]["fields"].append(
        {"id": "video_call_quality", "type": "text", "label": "视频通话情况", "required": True}
    )
    (folder / "left_behind_child_visit-2027.1.json").write_text(
        json.dumps(newer, ensure_ascii=False), encoding="utf-8"
    )
    forms = load_forms(folder)
    assert {version for form_id, version in forms if form_id == "left_behind_child_visit"} == {
        "2025.1",
        "2026.1",
        "2027.1",
    }
    old = forms[("left_behind_child_visit", "2025.1")]
    assert old == shipped_form("left_behind_child_visit", "2025.1")
    assert validate_answers(old, OLD_ANSWERS, FormContext(VISIT_DAY)) == {}
    context = FormContext(VISIT_DAY, {"child_birth_date": "2015-01-01"})
    messages = validate_answers(forms[("left_behind_child_visit", "2027.1")], {}, context)
    assert "video_call_quality" in messages


@pytest.mark.parametrize("form", ALL, ids=lambda form: f"{form.id}-{form.version}")
def test_a_definition_round_trips_through_its_stored_json(form: FormDefinition) -> None:
    # A FormVersion row stores `raw`; loading it again gives the same form.
    stored = json.loads(json.dumps(form.raw, ensure_ascii=False))
    assert load_definition(stored) == form


@pytest.mark.parametrize("form", ALL, ids=lambda form: f"{form.id}-{form.version}")
def test_every_text_a_user_reads_is_chinese(form: FormDefinition) -> None:
    assert CHINESE.search(form.title)
    for section in form.sections:
        assert CHINESE.search(section.title), section.id
    for item in form.fields:
        assert CHINESE.search(item.label), item.id
        for choice in item.choices:
            assert CHINESE.search(choice.label), (item.id, choice.code)
    for rule in form.followups:
        assert CHINESE.search(rule.title), rule.id


@pytest.mark.parametrize("form", ALL, ids=lambda form: f"{form.id}-{form.version}")
def test_every_choice_can_be_picked_with_a_number_key(form: FormDefinition) -> None:
    for item in form.fields:
        if item.type in (FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE, FieldType.YES_NO):
            keys = [choice.key for choice in item.choices]
            assert None not in keys, item.id
            assert len(set(keys)) == len(keys), item.id


def test_visit_methods_are_the_domain_codes() -> None:
    expected = [(method.value, method.label) for method in VisitMethod]
    with_method = [form for form in ALL if form.has_field("visit_method")]
    assert {form.id for form in with_method} == {
        "left_behind_child_visit",
        "vulnerable_child_visit",
        "tekun_dispersed_visit",
        "special_elder_visit",
    }
    for form in with_method:
        item = form.field("visit_method")
        assert [(choice.code, choice.label) for choice in item.choices] == expected
        assert item.required


def test_categories_are_visit_categories_or_programs() -> None:
    known = {category.value for category in VisitCategory} | {program.value for program in Program}
    for form in ALL:
        assert form.categories, form.id
        assert set(form.categories) <= known, form.id
    assert [form.id for form in forms_for_category("elder")] == ["special_elder_visit"]
    assert [form.version for form in forms_for_category("left_behind")] == ["2026.1"]
    assert [form.id for form in forms_for_category("unsupported")] == ["vulnerable_child_visit"]


def test_follow_up_kinds_are_the_task_kinds() -> None:
    assert FollowUpKind is TaskKind
    assert TaskKind("mandatory_report").label == "强制报告"


def test_every_mandatory_report_is_due_today_and_says_the_tool_does_not_report() -> None:
    reports = [
        (form.id, rule)
        for form in ALL
        for rule in form.followups
        if rule.kind is FollowUpKind.MANDATORY_REPORT
    ]
    assert {form_id for form_id, _ in reports} == {
        "left_behind_child_visit",
        "vulnerable_child_visit",
    }
    for _, rule in reports:
        assert rule.due_in_days == 0
        assert rule.reminder is not None
        assert "立即电话报告" in rule.reminder
        assert "不会代您报告" in rule.reminder
        assert "报告人" in rule.to_record


def test_the_dibao_survey_needs_two_investigators_and_the_four_income_items() -> None:
    form = latest("dibao_household_survey")
    assert form.field("investigator_1").required
    assert form.field("investigator_2").required
    for item in ("wage_income", "business_income", "property_income", "transfer_income"):
        assert form.field(item).required
        assert form.field(item).minimum == 0
    computed = form.field("per_capita_monthly_income").computed
    assert computed is not None
    assert "excluded_amount" not in computed.names
    assert {value.id for value in form.context if value.required} == {"dibao_standard_fen"}


def test_unknown_forms_and_versions_are_typed_errors() -> None:
    with pytest.raises(UnknownForm) as caught:
        latest("no_such_form")
    assert "no_such_form" in caught.value.message
    with pytest.raises(UnknownForm) as caught:
        shipped_form("left_behind_child_visit", "2024.1")
    assert caught.value.version == "2024.1"


def test_shipped_forms_cannot_be_changed_through_the_registry() -> None:
    forms = shipped_forms()
    forms.clear()
    assert shipped_forms()
