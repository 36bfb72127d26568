"""Tests of programs, enrolment transitions, self-care assessment, conflicts and death."""

from __future__ import annotations

import pickle
from datetime import date
from itertools import product

import pytest

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.months import Month
from minzheng_field.domain.programs import (
    ALLOWED_TRANSITIONS,
    ActiveEnrolment,
    DeathAction,
    EnrolmentStatus,
    IncompleteAssessment,
    InvalidTransition,
    Program,
    SelfCareItem,
    SelfCareLevel,
    SupportMode,
    TemporaryAssistanceType,
    assess_self_care,
    benefits_to_stop_on_death,
    can_transition,
    check_transition,
    conflicting_programs,
)

S = EnrolmentStatus

# --- programs ---------------------------------------------------------------------------


def test_program_values_are_stable_and_labels_chinese() -> None:
    assert {p.value: p.label for p in Program} == {
        "dibao": "低保",
        "dibao_edge": "低保边缘家庭",
        "tekun": "特困人员",
        "temporary_assistance": "临时救助",
        "disability_living_subsidy": "困难残疾人生活补贴",
        "disability_care_subsidy": "重度残疾人护理补贴",
        "orphan": "孤儿",
        "unsupported_child": "事实无人抚养儿童",
    }
    assert Program("tekun") is Program.TEKUN
    assert Program.from_label("孤儿") is Program.ORPHAN


def test_only_dibao_and_dibao_edge_are_per_household() -> None:
    assert {p for p in Program if p.is_per_household} == {Program.DIBAO, Program.DIBAO_EDGE}
    assert not Program.TEMPORARY_ASSISTANCE.is_monthly
    assert Program.TEKUN.is_monthly


def test_other_enums_have_labels() -> None:
    assert SupportMode.CENTRALISED.label == "集中供养"
    assert SupportMode.DISPERSED.label == "分散供养"
    assert TemporaryAssistanceType.EMERGENCY.label == "急难型"
    assert TemporaryAssistanceType.EXPENDITURE.label == "支出型"
    assert SelfCareLevel.SEMI_CARE.capacity_label == "部分丧失生活自理能力"


# --- transitions ------------------------------------------------------------------------

ALLOWED = {
    (S.APPLIED, S.APPROVED),
    (S.APPLIED, S.REFUSED),
    (S.APPLIED, S.STOPPED),
    (S.APPROVED, S.SUSPENDED),
    (S.APPROVED, S.STOPPED),
    (S.SUSPENDED, S.APPROVED),
    (S.SUSPENDED, S.STOPPED),
    (S.REFUSED, S.APPLIED),
}


@pytest.mark.parametrize(("old", "new"), sorted(ALLOWED))
def test_allowed_transitions_pass(old: EnrolmentStatus, new: EnrolmentStatus) -> None:
    check_transition(old, new)
    assert can_transition(old, new)


@pytest.mark.parametrize(("old", "new"), [pair for pair in product(S, S) if pair not in ALLOWED])
def test_other_transitions_are_refused_in_chinese(
    old: EnrolmentStatus, new: EnrolmentStatus
) -> None:
    with pytest.raises(InvalidTransition) as raised:
        check_transition(old, new)
    error = raised.value
    assert isinstance(error, MinzhengError)
    assert error.kind == "invalid_transition"
    assert (error.old, error.new) == (old, new)
    assert any("\u4e00" <= char <= "\u9fff" for char in error.message)
    assert not can_transition(old, new)


def test_the_table_covers_every_status() -> None:
    assert set(ALLOWED_TRANSITIONS) == set(S)
    assert {(old, new) for old, news in ALLOWED_TRANSITIONS.items() for new in news} == ALLOWED


def test_stopped_is_final_and_says_to_apply_again() -> None:
    with pytest.raises(InvalidTransition, match="新的申请"):
        check_transition(S.STOPPED, S.APPROVED)


def test_suspending_an_application_is_refused() -> None:
    with pytest.raises(InvalidTransition, match="不能暂停"):
        check_transition(S.APPLIED, S.SUSPENDED)


def test_transition_accepts_stored_values() -> None:
    check_transition("approved", "suspended")  # type: ignore[arg-type]


def test_invalid_transition_survives_pickling() -> None:
    with pytest.raises(InvalidTransition) as raised:
        check_transition(S.STOPPED, S.APPLIED)
    copy = pickle.loads(pickle.dumps(raised.value))
    assert (copy.old, copy.new, copy.message) == (S.STOPPED, S.APPLIED, raised.value.message)


def test_current_and_final_statuses() -> None:
    assert {s for s in S if s.is_current} == {S.APPROVED, S.SUSPENDED}
    assert {s for s in S if s.is_final} == {S.STOPPED, S.REFUSED}


# --- self-care --------------------------------------------------------------------------


def assessment(unmet: int) -> dict[SelfCareItem, bool]:
    items = list(SelfCareItem)
    return {item: index >= unmet for index, item in enumerate(items)}


@pytest.mark.parametrize(
    ("unmet", "level"),
    [
        (0, SelfCareLevel.SELF_CARE),
        (1, SelfCareLevel.SEMI_CARE),
        (3, SelfCareLevel.SEMI_CARE),
        (4, SelfCareLevel.FULL_CARE),
        (6, SelfCareLevel.FULL_CARE),
    ],
)
def test_self_care_thresholds(unmet: int, level: SelfCareLevel) -> None:
    assert assess_self_care(assessment(unmet)) is level


def test_the_six_items_of_the_rule() -> None:
    assert [item.label for item in SelfCareItem] == [
        "进食",
        "穿衣",
        "上下床",
        "如厕",
        "室内行走",
        "洗澡",
    ]


def test_which_items_are_unmet_does_not_matter() -> None:
    items = dict.fromkeys(SelfCareItem, True)
    items[SelfCareItem.BATHING] = False
    items[SelfCareItem.WALKING_INDOORS] = False
    items[SelfCareItem.TOILETING] = False
    assert assess_self_care(items) is SelfCareLevel.SEMI_CARE
    items[SelfCareItem.EATING] = False
    assert assess_self_care(items) is SelfCareLevel.FULL_CARE


def test_a_missing_item_is_an_error_naming_it() -> None:
    items = assessment(0)
    del items[SelfCareItem.BATHING]
    with pytest.raises(IncompleteAssessment, match="洗澡") as raised:
        assess_self_care(items)
    assert raised.value.kind == "incomplete_assessment"


def test_missing_items_are_an_error_even_when_four_are_unmet() -> None:
    items = {item: False for item in list(SelfCareItem)[:4]}
    with pytest.raises(IncompleteAssessment, match="还缺2项"):
        assess_self_care(items)


def test_unknown_items_and_non_boolean_answers_are_errors() -> None:
    items: dict[object, object] = dict(assessment(0))
    items["sleeping"] = True
    with pytest.raises(IncompleteAssessment, match="未知"):
        assess_self_care(items)  # type: ignore[arg-type]
    answers: dict[SelfCareItem, object] = dict(assessment(0))
    answers[SelfCareItem.EATING] = "能"
    with pytest.raises(IncompleteAssessment, match="进食"):
        assess_self_care(answers)  # type: ignore[arg-type]


def test_items_may_be_given_by_stored_value() -> None:
    items = {item.value: True for item in SelfCareItem}
    assert assess_self_care(items) is SelfCareLevel.SELF_CARE  # type: ignore[arg-type]


# --- conflicts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("programs", "conflicts"),
    [
        ([Program.DIBAO, Program.TEKUN], [(Program.DIBAO, Program.TEKUN)]),
        ([Program.TEKUN, Program.DIBAO_EDGE], [(Program.DIBAO_EDGE, Program.TEKUN)]),
        (
            [Program.UNSUPPORTED_CHILD, Program.ORPHAN],
            [(Program.ORPHAN, Program.UNSUPPORTED_CHILD)],
        ),
        ([Program.DIBAO, Program.DIBAO_EDGE], [(Program.DIBAO, Program.DIBAO_EDGE)]),
        ([Program.DIBAO, Program.DISABILITY_LIVING_SUBSIDY, Program.DISABILITY_CARE_SUBSIDY], []),
        ([Program.TEKUN, Program.DISABILITY_CARE_SUBSIDY], []),
        ([Program.DIBAO, Program.TEMPORARY_ASSISTANCE], []),
        ([], []),
    ],
)
def test_conflicting_programs(
    programs: list[Program], conflicts: list[tuple[Program, Program]]
) -> None:
    assert conflicting_programs(programs) == conflicts


def test_all_conflicts_of_one_person_are_listed_once() -> None:
    held = [Program.DIBAO, Program.TEKUN, Program.DIBAO_EDGE, Program.DIBAO]
    assert conflicting_programs(held) == [
        (Program.DIBAO, Program.TEKUN),
        (Program.DIBAO_EDGE, Program.TEKUN),
        (Program.DIBAO, Program.DIBAO_EDGE),
    ]


def test_a_county_may_add_conflicting_pairs() -> None:
    held = [Program.ORPHAN, Program.DISABILITY_LIVING_SUBSIDY]
    assert conflicting_programs(held) == []
    pair = (Program.ORPHAN, Program.DISABILITY_LIVING_SUBSIDY)
    assert conflicting_programs(held, extra_pairs=[pair, pair[::-1]]) == [pair]


# --- death ------------------------------------------------------------------------------


def test_personal_benefits_stop_from_the_month_after_death() -> None:
    death = date(2025, 12, 31)
    result = benefits_to_stop_on_death(
        death,
        [
            ActiveEnrolment(Program.TEKUN),
            ActiveEnrolment(Program.DISABILITY_CARE_SUBSIDY),
            ActiveEnrolment(Program.ORPHAN),
        ],
    )
    assert [(c.program, c.action, c.stop_from) for c in result] == [
        (Program.TEKUN, DeathAction.STOP, Month(2026, 1)),
        (Program.DISABILITY_CARE_SUBSIDY, DeathAction.STOP, Month(2026, 1)),
        (Program.ORPHAN, DeathAction.STOP, Month(2026, 1)),
    ]
    assert "2026年1月起停发" in result[0].explanation
    assert "公示7天" in result[0].explanation
    assert all(c.review_by is None for c in result)


def test_household_dibao_is_reviewed_within_three_months() -> None:
    (result,) = benefits_to_stop_on_death(
        date(2026, 3, 10), [ActiveEnrolment(Program.DIBAO, other_covered_members=2)]
    )
    assert result.action is DeathAction.REVIEW
    assert result.stop_from is None
    assert result.review_by == date(2026, 6, 10)
    assert "2026年6月10日前复核" in result.explanation


def test_review_deadline_is_clamped_to_a_shorter_month_and_configurable() -> None:
    (result,) = benefits_to_stop_on_death(
        date(2025, 11, 30),
        [ActiveEnrolment(Program.DIBAO, other_covered_members=1)],
    )
    assert result.review_by == date(2026, 2, 28)
    (result,) = benefits_to_stop_on_death(
        date(2026, 3, 10),
        [ActiveEnrolment(Program.DIBAO, other_covered_members=1)],
        review_within_months=1,
    )
    assert result.review_by == date(2026, 4, 10)


def test_household_dibao_stops_when_the_deceased_was_the_only_covered_member() -> None:
    (result,) = benefits_to_stop_on_death(date(2026, 3, 10), [ActiveEnrolment(Program.DIBAO)])
    assert result.action is DeathAction.STOP
    assert result.stop_from == Month(2026, 4)
    assert "2026年4月起停发" in result.explanation


def test_temporary_assistance_is_checked_not_stopped() -> None:
    (result,) = benefits_to_stop_on_death(
        date(2026, 3, 10), [ActiveEnrolment(Program.TEMPORARY_ASSISTANCE)]
    )
    assert result.action is DeathAction.REVIEW
    assert result.stop_from is None
    assert "一次性" in result.explanation


def test_negative_member_count_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        ActiveEnrolment(Program.DIBAO, other_covered_members=-1)
