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


# What each shipped version asks, as released. A visit stores (form id, version) and is opened
# on that version for ever; a vault or the county may hold a version's definition as a
# FormVersion row. So a version's questions never change once shipped: a change of what is
# asked is a new version. Its usual answers may be added or tuned (they change no stored
# answer). Change a digest here only for a version that has never left the developers.
RELEASED_QUESTIONS = {
    ("dibao_household_survey", "2026.1"): (
        "ff4862ebe55eceadd8c727874c947f7cca4409c6380be317036419b853731a55"
    ),
    ("left_behind_child_visit", "2025.1"): (
        "4414b6da9ccbfbf4669c638172bebac3c07932e00aa7ec66473566d68e9b7fda"
    ),
    ("left_behind_child_visit", "2026.1"): (
        "922082cf75ec289efc7555b8777b64c35a03cc38e22c73b69ab70bf3a1270f56"
    ),
    ("special_elder_visit", "2026.1"): (
        "fe25d9799099ffd058d3ce71df7c2b961946855e8b1485a3efb80f536d02f49e"
    ),
    ("tekun_dispersed_visit", "2026.1"): (
        "3545ff04d3973e0181f150411c1b310426502223eabbb32653945a53f1a2bf7e"
    ),
    ("temporary_assistance_survey", "2026.1"): (
        "879da05d24b86e3f2874d7593661147ea6e95b90622a13895a89968e06fa1630"
    ),
    ("vulnerable_child_visit", "2026.1"): (
        "706e2e5ffa78d22ddb085db20fb285e1a4dddb2a71788cc461b53d5898a25f5a"
    ),
}


@pytest.mark.parametrize("key", sorted(RELEASED_QUESTIONS), ids=lambda key: "-".join(key))
def test_a_shipped_version_keeps_its_questions(key) -> None:
    assert shipped_form(*key).questions_fingerprint == RELEASED_QUESTIONS[key], (
        "the questions of a shipped version changed: publish the change as a new version"
    )


def test_usual_answers_are_no_part_of_the_questions(small_form) -> None:
    plain = load_definition(small_form)
    small_form["sections"][0]["fields"][1]["usual"] = False
    helped = load_definition(small_form)
    assert helped.questions_fingerprint == plain.questions_fingerprint
    small_form["sections"][0]["fields"][1]["label"] = "是否一人居住"
    assert load_definition(small_form).questions_fingerprint != plain.questions_fingerprint


def test_every_shipped_version_is_pinned() -> None:
    # A new version is added here with its digest when it is shipped.
    assert set(shipped_forms()) == set(RELEASED_QUESTIONS)
