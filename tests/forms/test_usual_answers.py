"""Usual answers: checked like any answer, filled only into open questions that apply."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.forms.form_answers import context_for

from minzheng_field.forms.definition import FieldType
from minzheng_field.forms.followups import evaluate_followups
from minzheng_field.forms.loader import FormDefinitionError, load_definition
from minzheng_field.forms.registry import latest, shipped_form, shipped_forms
from minzheng_field.forms.usual import fill_usual
from minzheng_field.forms.validation import check_value, validate_answers

VISIT_DAY = date(2026, 3, 5)
LATEST = sorted({latest(form_id) for form_id, _ in shipped_forms()}, key=lambda form: form.id)
# A fact that differs per person (a name, an age, a count, an amount, a finding) has no usual.
FACT_TYPES = {
    FieldType.TEXT,
    FieldType.LONG_TEXT,
    FieldType.INTEGER,
    FieldType.DECIMAL,
    FieldType.DATE,
    FieldType.HOUSEHOLD_MEMBER,
    FieldType.PHOTO,
}


@pytest.mark.parametrize("form", LATEST, ids=lambda form: form.id)
def test_every_shipped_usual_answer_is_a_valid_answer_and_never_a_fact(form) -> None:
    context = context_for(form, VISIT_DAY)
    assert form.usual_answers, "each latest form helps fast entry with usual answers"
    for field_id, value in form.usual_answers.items():
        item = form.field(field_id)
        assert not item.is_computed and item.type not in FACT_TYPES, field_id
        assert check_value(item, value, context) is None, field_id


@pytest.mark.parametrize("form", LATEST, ids=lambda form: form.id)
def test_the_usual_answers_never_raise_a_follow_up(form) -> None:
    context = context_for(form, VISIT_DAY)
    fill = fill_usual(form, {}, context)
    assert fill.filled and set(fill.filled) <= set(form.usual_answers)
    assert evaluate_followups(form, fill.answers, context) == []
    problems = validate_answers(form, fill.answers, context)
    assert not set(problems) & set(fill.filled)


def test_the_2025_form_keeps_its_meaning_without_usual_answers() -> None:
    old = shipped_form("left_behind_child_visit", "2025.1")
    assert old.usual_answers == {}
    assert all("usual" not in item for s in old.raw["sections"] for item in s["fields"])


def test_filling_keeps_given_answers_and_applies_skip_logic() -> None:
    form = latest("special_elder_visit")
    context = context_for(form, VISIT_DAY)
    given: dict[str, Any] = {"visit_method": "phone", "contacted": False}
    fill = fill_usual(form, given, context)
    # Given answers stay; the questions of a contact that did not happen are not filled.
    assert fill.answers["visit_method"] == "phone" and fill.answers["contacted"] is False
    assert "visit_method" not in fill.filled and "contacted" not in fill.filled
    assert "housing_safe" not in fill.answers and "mental_state" not in fill.answers
    assert fill.filled == ("risk_level",)
    # By phone, the questions about the home are not asked, the others are filled.
    phone = fill_usual(form, {"visit_method": "phone"}, context)
    assert "housing_safe" not in phone.answers
    assert phone.answers["contacted"] is True and phone.answers["needs"] == ["none"]


def test_filling_follows_questions_a_usual_answer_opens(small_form) -> None:
    small_form["sections"][0]["fields"][1]["usual"] = False  # alone: no → carer is asked
    small_form["sections"][0]["fields"][0]["usual"] = "home"
    form = load_definition(small_form)
    context = context_for(form, VISIT_DAY)
    fill = fill_usual(form, {}, context)
    assert fill.answers == {"method": "home", "alone": False}
    assert fill.filled == ("method", "alone")
    # The carer has no usual answer: it stays for the user.
    assert "carer" in validate_answers(form, fill.answers, context)


@pytest.mark.parametrize(
    ("field", "usual", "problem"),
    [
        (0, "boat", "通常答案不是有效的答案"),
        (1, "yes", "通常答案不是有效的答案"),
        (3, 9, "不能有 usual"),
    ],
)
def test_an_invalid_usual_answer_is_refused(small_form, field, usual, problem) -> None:
    small_form["sections"][0]["fields"][field]["usual"] = usual
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(small_form)
    assert problem in str(caught.value)


def test_a_usual_date_is_refused(small_form) -> None:
    small_form["sections"][0]["fields"].append(
        {"id": "seen_on", "type": "date", "label": "日期", "usual": "2026-03-05"}
    )
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(small_form)
    assert "不能有 usual" in str(caught.value)
