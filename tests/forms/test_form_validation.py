"""Validation: one Chinese message per field, required only where the field applies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.form_answers import HOUSEHOLD, PHOTO, context_for, fill_form
from minzheng_field.forms.definition import FormDefinition
from minzheng_field.forms.evaluation import FormContext, clear_irrelevant
from minzheng_field.forms.loader import load_definition
from minzheng_field.forms.registry import latest, shipped_forms
from minzheng_field.forms.validation import NOT_IN_FORM, validate_answers

VISIT_DAY = date(2026, 3, 5)
FORMS = sorted(shipped_forms())


def _dibao_context() -> FormContext:
    return FormContext(VISIT_DAY, {"dibao_standard_fen": 70_000}, household_member_ids=HOUSEHOLD)


def _only(messages: dict[str, str], field_id: str) -> str:
    assert field_id in messages, messages
    return messages[field_id]


def test_required_fields_are_asked_for_in_chinese(small_form: dict[str, Any]) -> None:
    definition = load_definition(small_form)
    messages = validate_answers(definition, {}, FormContext(VISIT_DAY, {"birth_date": None}))
    assert messages == {"method": "请选择一项。", "alone": "请选择一项。"}


def test_a_hidden_required_field_is_not_asked_for(small_form: dict[str, Any]) -> None:
    definition = load_definition(small_form)
    context = FormContext(VISIT_DAY, {"birth_date": None})
    assert validate_answers(definition, {"method": "home", "alone": True}, context) == {}
    messages = validate_answers(definition, {"method": "home", "alone": False}, context)
    assert messages == {"carer": "请填写此项。"}
    blank = validate_answers(definition, {"method": "home", "alone": False, "carer": "  "}, context)
    assert blank == {"carer": "请填写此项。"}


def test_answers_to_questions_the_form_does_not_have_are_flagged(
    small_form: dict[str, Any],
) -> None:
    definition = load_definition(small_form)
    answers = {"method": "home", "alone": True, "guardian_adequate": True}
    messages = validate_answers(definition, answers, FormContext(VISIT_DAY, {"birth_date": None}))
    assert messages == {"guardian_adequate": NOT_IN_FORM}


def test_numbers_their_range_and_decimals() -> None:
    form = latest("dibao_household_survey")
    context = _dibao_context()
    cases: list[tuple[str, Any, str]] = [
        ("household_size", 0, "不能小于 1人。"),
        ("household_size", 21, "不能大于 20人。"),
        ("household_size", 2.5, "请填写整数。"),
        ("household_size", "3", "请填写整数。"),
        ("household_size", True, "请填写整数。"),
        ("wage_income", -1, "不能小于 0元。"),
        ("wage_income", 10.125, "最多保留 2 位小数。"),
        ("wage_income", "一万", "请填写数字。"),
        ("wage_income", float("nan"), "请填写数字。"),
    ]
    for field_id, value, message in cases:
        assert _only(validate_answers(form, {field_id: value}, context), field_id) == message
    fine = validate_answers(form, {"household_size": 3.0, "wage_income": 10.1}, context)
    assert "household_size" not in fine
    assert "wage_income" not in fine


def test_two_investigators_must_be_two_people() -> None:
    form = latest("dibao_household_survey")
    context = _dibao_context()
    same = validate_answers(form, {"investigator_1": "张三", "investigator_2": "张三 "}, context)
    assert same["investigator_2"] == "两名调查人员不能是同一人。"
    missing = validate_answers(form, {"investigator_1": "张三"}, context)
    assert missing["investigator_2"] == "请填写此项。"
    two = validate_answers(form, {"investigator_1": "张三", "investigator_2": "李四"}, context)
    assert "investigator_2" not in two


def test_members_able_to_work_cannot_exceed_the_household() -> None:
    form = latest("dibao_household_survey")
    messages = validate_answers(
        form, {"household_size": 2, "members_able_to_work": 3}, _dibao_context()
    )
    assert messages["members_able_to_work"] == "有劳动能力的人数不能多于家庭人口。"


def test_choices_must_be_among_the_options() -> None:
    form = latest("left_behind_child_visit")
    context = FormContext(VISIT_DAY, {"child_birth_date": "2014-01-01"})
    messages = validate_answers(
        form,
        {
            "visit_method": "letter",
            "met_child": "yes",
            "safety_concerns": ["none", "neglect"],
            "needs": ["living", "living"],
        },
        context,
    )
    assert messages["visit_method"] == "请从选项中选择。"
    assert messages["met_child"] == "请选择“是”或“否”。"
    assert messages["safety_concerns"] == "选了“未发现”就不能再选其他项。"
    assert messages["needs"] == "请从选项中选择。"
    assert validate_answers(form, {"safety_concerns": []}, context)["safety_concerns"] == (
        "请至少选择一项。"
    )


def test_dates_not_after_the_visit_day() -> None:
    form = latest("temporary_assistance_survey")
    context = FormContext(VISIT_DAY, {"township_approval_limit_fen": 300_000})
    later = validate_answers(form, {"incident_date": "2026-03-06"}, context)
    assert later["incident_date"] == "不能晚于探访当天。"
    wrong = validate_answers(form, {"incident_date": "2026/03/01"}, context)
    assert wrong["incident_date"] == "请按“年-月-日”填写日期，例如 2026-03-05。"
    assert "incident_date" not in validate_answers(form, {"incident_date": "2026-03-05"}, context)


def test_dated_bounds_are_printed_without_zero_padding(small_form: dict[str, Any]) -> None:
    small_form["sections"][0]["fields"].append(
        {"id": "since", "type": "date", "label": "起始日期", "min": "2025-01-05"}
    )
    definition = load_definition(small_form)
    messages = validate_answers(
        definition, {"since": "2025-01-04"}, FormContext(VISIT_DAY, {"birth_date": None})
    )
    assert messages["since"] == "不能早于2025年1月5日。"


def test_household_member_must_be_of_the_household() -> None:
    form = latest("dibao_household_survey")
    messages = validate_answers(form, {"respondent": "someone-else"}, _dibao_context())
    assert messages["respondent"] == "请从本户成员中选择。"
    assert "respondent" not in validate_answers(form, {"respondent": "member-1"}, _dibao_context())


def test_photos_are_content_hashes_within_the_limit() -> None:
    form = latest("special_elder_visit")
    context = FormContext(VISIT_DAY, {"elder_birth_date": "1940-01-01"})
    base = {"visit_method": "home"}
    assert "photos" not in validate_answers(form, {**base, "photos": [PHOTO]}, context)
    bad = validate_answers(form, {**base, "photos": ["not-a-hash"]}, context)
    assert bad["photos"] == "照片记录有误，请重新添加照片。"
    twice = validate_answers(form, {**base, "photos": [PHOTO, PHOTO]}, context)
    assert twice["photos"] == "同一张照片添加了两次。"
    many = [f"{n:064x}" for n in range(7)]
    assert validate_answers(form, {**base, "photos": many}, context)["photos"] == (
        "最多添加 6 张照片。"
    )


def test_text_length_is_limited() -> None:
    form = latest("special_elder_visit")
    context = FormContext(VISIT_DAY, {"elder_birth_date": "1940-01-01"})
    messages = validate_answers(form, {"summary": "好" * 1001}, context)
    assert messages["summary"] == "不能超过 1000 个字（现在 1001 个）。"
    # Rare characters (CJK Extension B) count as one character each.
    assert "summary" not in validate_answers(form, {"summary": "𠮷" * 1000}, context)


def test_messages_never_repeat_what_was_typed() -> None:
    form = latest("dibao_household_survey")
    answers = {
        "investigator_1": "张秘密",
        "investigator_2": "张秘密",
        "survey_type": "秘密代码",
        "respondent": "430000秘密",
        "household_size": "13800000000",
    }
    for message in validate_answers(form, answers, _dibao_context()).values():
        assert "秘密" not in message
        assert "13800000000" not in message


@pytest.mark.parametrize("key", FORMS, ids=lambda key: f"{key[0]}-{key[1]}")
@settings(max_examples=30)
@given(data=st.data())
def test_answers_filled_in_validly_pass_and_keep_passing_once_cleared(
    key: tuple[str, str], data: st.DataObject
) -> None:
    form: FormDefinition = shipped_forms()[key]
    context = context_for(form, VISIT_DAY)
    answers = fill_form(form, context, lambda options: data.draw(st.sampled_from(options)))
    assert validate_answers(form, answers, context) == {}
    kept = clear_irrelevant(form, answers, context)
    assert validate_answers(form, kept, context) == {}
    # Every required field that applies has an answer: removing any one is noticed.
    for field_id in kept:
        item = form.field(field_id)
        if item.required:
            without = {k: v for k, v in kept.items() if k != field_id}
            assert field_id in validate_answers(form, without, context)
