"""Skip logic hides and clears; computed values follow the answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from minzheng_field.domain.programs import SelfCareItem, SelfCareLevel, assess_self_care
from minzheng_field.forms.evaluation import (
    FormContext,
    MissingContextValue,
    clear_irrelevant,
    evaluate,
    relevant_fields,
    visible_sections,
)
from minzheng_field.forms.loader import load_definition
from minzheng_field.forms.registry import latest

VISIT_DAY = date(2026, 3, 5)


def _context(**values: Any) -> FormContext:
    return FormContext(today=VISIT_DAY, values=values)


def test_a_field_appears_when_its_condition_holds(small_form: dict[str, Any]) -> None:
    definition = load_definition(small_form)
    context = _context(birth_date=None)
    assert "carer" not in relevant_fields(definition, {}, context)
    assert "carer" not in relevant_fields(definition, {"alone": True}, context)
    assert "carer" in relevant_fields(definition, {"alone": False}, context)


def test_hidden_answers_are_cleared(small_form: dict[str, Any]) -> None:
    definition = load_definition(small_form)
    answers = {"method": "home", "alone": True, "carer": "王某"}
    evaluation = evaluate(definition, answers, _context(birth_date="1950-03-06"))
    assert evaluation.cleared == {"carer"}
    assert "carer" not in evaluation.values
    assert evaluation.values == {"method": "home", "alone": True, "years": 75}
    # The caller's answers are left as they were.
    assert answers["carer"] == "王某"


def test_a_cleared_answer_no_longer_drives_other_fields(small_form: dict[str, Any]) -> None:
    fields = small_form["sections"][0]["fields"]
    fields.append(
        {"id": "carer_phone", "type": "text", "label": "照料人电话", "relevance": "answered(carer)"}
    )
    definition = load_definition(small_form)
    answers = {"alone": True, "carer": "王某", "carer_phone": "13800000000"}
    kept = clear_irrelevant(definition, answers, _context(birth_date=None))
    assert kept == {"alone": True}


def test_guardian_questions_only_when_the_child_does_not_live_with_a_parent() -> None:
    form = latest("left_behind_child_visit")
    context = _context(child_birth_date="2014-09-01")
    guardian = {"guardian_name", "guardian_relation", "guardian_age", "entrusted_in_writing"}
    with_parent = relevant_fields(form, {"living_with": "parent"}, context)
    assert not guardian & with_parent
    assert "guardian_capacity" in with_parent
    with_grandparents = relevant_fields(form, {"living_with": "grandparents"}, context)
    assert guardian <= with_grandparents
    alone = relevant_fields(form, {"living_with": "alone"}, context)
    assert not (guardian | {"guardian_capacity"}) & alone


def test_details_only_when_a_problem_is_reported() -> None:
    form = latest("left_behind_child_visit")
    context = _context(child_birth_date="2014-09-01")
    assert "safety_detail" not in relevant_fields(form, {"safety_concerns": ["none"]}, context)
    assert "safety_detail" not in relevant_fields(form, {}, context)
    assert "safety_detail" in relevant_fields(form, {"safety_concerns": ["neglect"]}, context)
    assert "health_note" in relevant_fields(form, {"health": "seriously_ill"}, context)
    assert "health_note" not in relevant_fields(form, {"health": "healthy"}, context)


def test_school_questions_depend_on_the_computed_age() -> None:
    form = latest("left_behind_child_visit")
    five = relevant_fields(form, {}, _context(child_birth_date="2020-06-01"))
    nine = relevant_fields(form, {}, _context(child_birth_date="2016-06-01"))
    unknown = relevant_fields(form, {}, _context(child_birth_date=None))
    assert "in_school" not in five
    assert "in_school" in nine
    assert "in_school" in unknown


def test_a_hidden_section_hides_its_fields_and_clears_them() -> None:
    form = latest("special_elder_visit")
    context = _context(elder_birth_date="1940-01-01")
    answers = {
        "visit_method": "phone",
        "contacted": False,
        "living_arrangement": "alone",
        "self_care": "full_care",
        "housing_safe": False,
    }
    evaluation = evaluate(form, answers, context)
    assert {"living_arrangement", "self_care", "housing_safe"} <= evaluation.cleared
    shown = {section.id for section in visible_sections(form, answers, context)}
    assert shown == {"contact", "result"}
    # Contacted by phone: the situation is asked, the home is not (nobody saw it).
    answers["contacted"] = True
    shown = {section.id for section in visible_sections(form, answers, context)}
    assert shown == {"contact", "situation", "needs", "result"}
    answers["visit_method"] = "home"
    shown = {section.id for section in visible_sections(form, answers, context)}
    assert "home" in shown
    assert "photos" in evaluate(form, answers, context).relevant


def test_age_is_computed_from_the_birth_date_on_the_visit_day() -> None:
    form = latest("special_elder_visit")
    before = evaluate(form, {}, FormContext(date(2026, 3, 4), {"elder_birth_date": "1946-03-05"}))
    on_day = evaluate(form, {}, FormContext(date(2026, 3, 5), {"elder_birth_date": "1946-03-05"}))
    assert before.computed["elder_age"] == 79
    assert on_day.computed["elder_age"] == 80
    assert on_day.values["elder_age"] == 80


def test_per_capita_income_counts_only_the_four_income_items() -> None:
    form = latest("dibao_household_survey")
    answers = {
        "household_size": 3,
        "wage_income": 9600,
        "business_income": 1200.5,
        "property_income": 0,
        "transfer_income": 600,
        "excluded_items": ["basic_pension", "scholarship"],
        "excluded_amount": 2400,
        "deposits": 3000,
        "securities": 0,
    }
    computed = evaluate(form, answers, _context()).computed
    assert computed["annual_income"] == 11400.5
    # 11400.50 yuan / 12 months / 3 persons = 316.68 yuan (rounded half up to the fen).
    assert computed["per_capita_monthly_income"] == 316.68
    assert computed["financial_assets"] == 3000
    # The excluded amount is recorded, not counted.
    answers["excluded_amount"] = 1_000_000
    assert evaluate(form, answers, _context()).computed["per_capita_monthly_income"] == 316.68


def test_per_capita_income_waits_for_the_household_size() -> None:
    form = latest("dibao_household_survey")
    computed = evaluate(form, {"wage_income": 9600}, _context()).computed
    assert computed["per_capita_monthly_income"] is None
    assert computed["annual_income"] == 9600


@pytest.mark.parametrize(
    "unable",
    [
        [],
        ["eating"],
        ["eating", "dressing", "bathing"],
        ["eating", "dressing", "bathing", "toileting"],
        [item.value for item in SelfCareItem],
    ],
)
def test_self_care_level_agrees_with_the_domain_rule(unable: list[str]) -> None:
    form = latest("tekun_dispersed_visit")
    answers = {"self_care_unable": unable or ["none"]}
    level = evaluate(form, answers, _context(recorded_self_care_level=None)).computed[
        "self_care_level"
    ]
    expected = assess_self_care({item: item.value not in unable for item in SelfCareItem})
    assert SelfCareLevel(level) is expected


def test_without_effective_guardian_is_unknown_until_living_with_is_answered() -> None:
    form = latest("left_behind_child_visit")
    context = _context(child_birth_date=None)
    assert evaluate(form, {}, context).computed["without_effective_guardian"] is None
    alone = evaluate(form, {"living_with": "alone"}, context)
    assert alone.computed["without_effective_guardian"] is True
    weak = evaluate(form, {"living_with": "relatives", "guardian_capacity": "weak"}, context)
    assert weak.computed["without_effective_guardian"] is False


def test_a_context_value_the_form_needs_must_be_passed() -> None:
    form = latest("special_elder_visit")
    with pytest.raises(MissingContextValue) as caught:
        evaluate(form, {}, FormContext(today=VISIT_DAY))
    assert "老人出生日期" in caught.value.message


def test_surrounding_spaces_do_not_make_answers_differ() -> None:
    form = latest("dibao_household_survey")
    evaluation = evaluate(form, {"investigator_1": "张三", "investigator_2": " 张三 "}, _context())
    assert evaluation.expression_values["investigator_2"] == "张三"
    # What is kept is what was typed; only comparisons ignore the spaces.
    assert evaluation.values["investigator_2"] == " 张三 "
