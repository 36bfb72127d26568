"""Follow-up rules fire exactly when they should."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from minzheng_field.forms.definition import FollowUpKind, Priority
from minzheng_field.forms.evaluation import FormContext, MissingContextValue
from minzheng_field.forms.followups import FollowUp, evaluate_followups
from minzheng_field.forms.registry import latest, shipped_form

VISIT_DAY = date(2026, 3, 5)
DIBAO_STANDARD_FEN = 70_000  # 700 yuan per person and month


def _fired(form_id: str, answers: dict[str, Any], **context: Any) -> dict[str, FollowUp]:
    form = latest(form_id)
    found = evaluate_followups(form, answers, FormContext(VISIT_DAY, context))
    return {followup.rule_id: followup for followup in found}


# --- children -----------------------------------------------------------------------------------

CHILD = {"child_birth_date": "2015-04-01"}


def test_a_child_living_alone_raises_a_mandatory_report_due_today() -> None:
    fired = _fired("left_behind_child_visit", {"living_with": "alone"}, **CHILD)
    report = fired["mandatory_report_guardianship"]
    assert report.kind is FollowUpKind.MANDATORY_REPORT
    assert report.priority is Priority.URGENT
    assert report.due_on(VISIT_DAY) == VISIT_DAY
    assert report.reminder is not None
    assert "110" in report.reminder
    assert "不会代您报告" in report.reminder
    assert {"报告人", "报告时间"} <= set(report.to_record)
    assert any("报告对象" in item for item in report.to_record)


def test_a_guardian_without_capacity_raises_a_mandatory_report() -> None:
    answers = {"living_with": "grandparents", "guardian_capacity": "none"}
    fired = _fired("left_behind_child_visit", answers, **CHILD)
    assert fired["mandatory_report_guardianship"].kind is FollowUpKind.MANDATORY_REPORT


@pytest.mark.parametrize("capacity", ["good", "weak"])
def test_a_child_with_an_able_guardian_raises_no_report(capacity: str) -> None:
    answers = {"living_with": "grandparents", "guardian_capacity": capacity}
    fired = _fired("left_behind_child_visit", answers, **CHILD)
    assert not any(f.kind is FollowUpKind.MANDATORY_REPORT for f in fired.values())


def test_signs_of_harm_raise_a_mandatory_report() -> None:
    answers = {"living_with": "parent", "guardian_capacity": "good"}
    answers["safety_concerns"] = ["neglect", "harm_signs"]
    fired = _fired("vulnerable_child_visit", answers, **CHILD)
    assert set(fired) == {"mandatory_report_harm"}
    assert fired["mandatory_report_harm"].due_in_days == 0


def test_an_unanswered_form_raises_nothing() -> None:
    for form_id, context in [
        ("left_behind_child_visit", CHILD),
        ("vulnerable_child_visit", CHILD),
        ("special_elder_visit", {"elder_birth_date": None}),
        ("tekun_dispersed_visit", {"recorded_self_care_level": None}),
        ("dibao_household_survey", {"dibao_standard_fen": DIBAO_STANDARD_FEN}),
        ("temporary_assistance_survey", {"township_approval_limit_fen": 300_000}),
    ]:
        assert _fired(form_id, {}, **context) == {}, form_id


def test_the_old_version_raises_the_report_from_its_own_question() -> None:
    old = shipped_form("left_behind_child_visit", "2025.1")
    found = evaluate_followups(old, {"guardian_adequate": False}, FormContext(VISIT_DAY))
    assert [f.kind for f in found] == [FollowUpKind.MANDATORY_REPORT]
    assert evaluate_followups(old, {"guardian_adequate": True}, FormContext(VISIT_DAY)) == []


# --- elders -------------------------------------------------------------------------------------

ELDER = {"elder_birth_date": "1938-07-01"}
CONTACTED = {"visit_method": "phone", "contacted": True}


def _referrals(answers: dict[str, Any]) -> set[str]:
    fired = _fired("special_elder_visit", {**CONTACTED, **answers}, **ELDER)
    return {rule for rule, f in fired.items() if f.kind is FollowUpKind.REFERRAL}


def test_an_elder_unable_to_care_for_themselves_living_alone_is_referred() -> None:
    referrals = _referrals({"living_arrangement": "alone", "self_care": "full_care"})
    assert referrals == {"unable_living_alone"}
    fired = _fired(
        "special_elder_visit",
        {**CONTACTED, "living_arrangement": "alone", "self_care": "full_care"},
        **ELDER,
    )
    assert fired["unable_living_alone"].due_on(VISIT_DAY) == date(2026, 3, 8)


@pytest.mark.parametrize(
    "answers",
    [
        {"living_arrangement": "with_spouse", "self_care": "full_care"},
        {"living_arrangement": "with_children", "self_care": "full_care"},
        {"living_arrangement": "alone", "self_care": "self_care"},
        {"living_arrangement": "alone", "self_care": "semi_care", "carer_available": True},
    ],
)
def test_no_referral_when_the_elder_can_cope_or_does_not_live_alone(
    answers: dict[str, Any],
) -> None:
    assert _referrals(answers) == set()


def test_partly_unable_living_alone_without_a_carer_is_referred() -> None:
    answers = {"living_arrangement": "alone", "self_care": "semi_care", "carer_available": False}
    assert _referrals(answers) == {"partly_unable_alone_without_carer"}


def test_an_elder_not_contacted_gets_another_attempt_and_nothing_else() -> None:
    answers = {
        "visit_method": "phone",
        "contacted": False,
        # Left over from before "not contacted" was ticked: hidden, so it cannot refer.
        "living_arrangement": "alone",
        "self_care": "full_care",
    }
    fired = _fired("special_elder_visit", answers, **ELDER)
    assert set(fired) == {"not_contacted"}


# --- 特困 ---


def test_tekun_full_care_without_a_carer_is_referred() -> None:
    answers = {
        "self_care_unable": ["eating", "dressing", "transferring", "toileting"],
        "carer_present": False,
    }
    fired = _fired("tekun_dispersed_visit", answers, recorded_self_care_level="full_care")
    assert set(fired) == {"full_care_without_carer"}


def test_tekun_change_of_self_care_level_calls_for_a_review() -> None:
    answers = {"self_care_unable": ["bathing"], "carer_present": True, "carer_performance": "good"}
    fired = _fired("tekun_dispersed_visit", answers, recorded_self_care_level="self_care")
    assert set(fired) == {"self_care_changed"}
    assert fired["self_care_changed"].kind is FollowUpKind.REVIEW
    same = _fired("tekun_dispersed_visit", answers, recorded_self_care_level="semi_care")
    assert same == {}
    unknown = _fired("tekun_dispersed_visit", answers, recorded_self_care_level=None)
    assert unknown == {}


# --- 低保 ---


def _survey(per_capita_yuan: float, survey_type: str = "review") -> dict[str, Any]:
    # A household of 2 whose whole income is wages: 24 months of the per-capita amount.
    return {
        "survey_type": survey_type,
        "household_size": 2,
        "wage_income": round(per_capita_yuan * 24, 2),
        "business_income": 0,
        "property_income": 0,
        "transfer_income": 0,
    }


def test_income_above_the_line_creates_a_review_task() -> None:
    fired = _fired("dibao_household_survey", _survey(700.01), dibao_standard_fen=DIBAO_STANDARD_FEN)
    assert set(fired) == {"income_above_line"}
    review = fired["income_above_line"]
    assert review.kind is FollowUpKind.REVIEW
    assert review.due_on(VISIT_DAY) == date(2026, 4, 4)
    assert review.reminder is not None
    assert "渐退期" in review.reminder


@pytest.mark.parametrize("per_capita", [700.0, 699.99, 0])
def test_income_at_or_below_the_line_creates_no_task(per_capita: float) -> None:
    fired = _fired(
        "dibao_household_survey", _survey(per_capita), dibao_standard_fen=DIBAO_STANDARD_FEN
    )
    assert fired == {}


def test_the_line_is_the_context_value_passed_in() -> None:
    answers = _survey(750)
    assert "income_above_line" in _fired(
        "dibao_household_survey", answers, dibao_standard_fen=DIBAO_STANDARD_FEN
    )
    assert _fired("dibao_household_survey", answers, dibao_standard_fen=80_000) == {}


def test_non_counted_income_does_not_push_a_household_over_the_line() -> None:
    answers = {
        **_survey(690),
        "excluded_items": ["basic_pension"],
        "excluded_amount": 50_000,
    }
    assert _fired("dibao_household_survey", answers, dibao_standard_fen=DIBAO_STANDARD_FEN) == {}


def test_an_applicant_above_the_line_is_not_a_review() -> None:
    fired = _fired(
        "dibao_household_survey",
        _survey(900, survey_type="application"),
        dibao_standard_fen=DIBAO_STANDARD_FEN,
    )
    assert set(fired) == {"application_above_line"}
    assert fired["application_above_line"].kind is FollowUpKind.FOLLOW_UP


@pytest.mark.parametrize("context", [{}, {"dibao_standard_fen": None}])
def test_without_the_standard_the_rules_refuse_to_guess(context: dict[str, Any]) -> None:
    with pytest.raises(MissingContextValue) as caught:
        _fired("dibao_household_survey", _survey(900), **context)
    assert "低保标准" in caught.value.message


def test_missing_signatures_are_a_documents_task() -> None:
    fired = _fired(
        "dibao_household_survey",
        {"family_signed": True, "investigators_signed": False},
        dibao_standard_fen=DIBAO_STANDARD_FEN,
    )
    assert set(fired) == {"signatures_missing"}
    assert fired["signatures_missing"].kind is FollowUpKind.DOCUMENTS


# --- 临时救助 ---


def test_an_amount_above_the_township_limit_goes_to_the_county() -> None:
    answers = {"proposed_forms": ["cash"], "proposed_amount": 3000.01}
    fired = _fired("temporary_assistance_survey", answers, township_approval_limit_fen=300_000)
    assert set(fired) == {"above_township_limit"}
    answers["proposed_amount"] = 3000
    assert _fired("temporary_assistance_survey", answers, township_approval_limit_fen=300_000) == {}


def test_an_emergency_is_paid_first_and_papers_follow() -> None:
    answers = {"assistance_type": "emergency", "basic_living_at_risk": True}
    fired = _fired("temporary_assistance_survey", answers, township_approval_limit_fen=300_000)
    assert set(fired) == {"pay_first", "documents_after"}
    assert fired["pay_first"].due_in_days == 0
    # The same answer on an expense case is hidden and counts for nothing.
    answers["assistance_type"] = "expenditure"
    assert _fired("temporary_assistance_survey", answers, township_approval_limit_fen=300_000) == {}
