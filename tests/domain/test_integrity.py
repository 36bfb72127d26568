"""Tests of the integrity checks (清廉民政) shown on the workbench."""

from __future__ import annotations

from datetime import date

import pytest

from minzheng_field.domain.integrity import (
    ChildRecord,
    EnrolmentRecord,
    FlagKind,
    IntegrityFlag,
    PersonRecord,
    ReviewRecord,
    conflicting_enrolments,
    deceased_with_active_benefit,
    duplicate_resident_ids,
    left_behind_children_over_age,
    overdue_reviews,
)
from minzheng_field.domain.programs import EnrolmentStatus, Program

S = EnrolmentStatus
DAY = date(2026, 3, 15)
ID = "431023198001011237"

# --- deceased with an active benefit ----------------------------------------------------


def test_a_deceased_person_still_enrolled_is_flagged() -> None:
    enrolments = [
        EnrolmentRecord(1, Program.TEKUN, S.APPROVED),
        EnrolmentRecord(2, Program.TEKUN, S.APPROVED),
    ]
    (flag,) = deceased_with_active_benefit({1: date(2026, 2, 3)}, enrolments, DAY)
    assert flag.kind is FlagKind.DECEASED_WITH_ACTIVE_BENEFIT
    assert flag.person_ids == (1,)
    assert flag.message == "已于2026年2月3日去世，特困人员仍为“在保”，应从2026年3月起停发。"


def test_household_programs_ask_for_a_review() -> None:
    enrolment = EnrolmentRecord(1, Program.DIBAO, S.SUSPENDED, household_id="h1")
    (flag,) = deceased_with_active_benefit({1: date(2026, 2, 3)}, [enrolment], DAY)
    assert flag.household_ids == ("h1",)
    assert "复核" in flag.message
    assert "暂停" in flag.message


@pytest.mark.parametrize("status", [S.STOPPED, S.REFUSED, S.APPLIED])
def test_ended_or_pending_enrolments_of_the_deceased_are_not_flagged(
    status: EnrolmentStatus,
) -> None:
    enrolment = EnrolmentRecord(1, Program.TEKUN, status)
    assert deceased_with_active_benefit({1: date(2026, 2, 3)}, [enrolment], DAY) == []


def test_a_death_after_the_day_is_not_yet_flagged() -> None:
    enrolment = EnrolmentRecord(1, Program.TEKUN, S.APPROVED)
    assert deceased_with_active_benefit({1: DAY}, [enrolment], DAY) != []
    assert deceased_with_active_benefit({1: date(2026, 3, 16)}, [enrolment], DAY) == []


# --- duplicate ID numbers ---------------------------------------------------------------


def test_the_same_id_in_two_households_is_flagged_without_showing_it() -> None:
    people = [
        PersonRecord(1, "h1", ID),
        PersonRecord(2, "h2", ID),
        PersonRecord(3, "h2", "43102319800101125X"),
        PersonRecord(4, "h3", None),
        PersonRecord(5, "h4", None),
    ]
    (flag,) = duplicate_resident_ids(people)
    assert flag.kind is FlagKind.DUPLICATE_RESIDENT_ID
    assert flag.person_ids == (1, 2)
    assert flag.household_ids == ("h1", "h2")
    assert ID not in flag.message
    assert "2个家庭" in flag.message


def test_the_same_id_within_one_household_is_not_this_flag() -> None:
    assert duplicate_resident_ids([PersonRecord(1, "h1", ID), PersonRecord(2, "h1", ID)]) == []


# --- conflicting programs ---------------------------------------------------------------


def test_dibao_and_tekun_for_one_person_are_flagged() -> None:
    enrolments = [
        EnrolmentRecord(1, Program.DIBAO, S.APPROVED, household_id="h1"),
        EnrolmentRecord(1, Program.TEKUN, S.APPROVED),
        EnrolmentRecord(1, Program.DISABILITY_LIVING_SUBSIDY, S.APPROVED),
        EnrolmentRecord(2, Program.DIBAO, S.APPROVED, household_id="h1"),
    ]
    (flag,) = conflicting_enrolments(enrolments)
    assert flag == IntegrityFlag(
        FlagKind.CONFLICTING_PROGRAMS,
        "同一人同时享受低保和特困人员，不能重复享受，请核实后停止其中一项。",
        (1,),
        ("h1",),
    )


def test_an_application_or_a_stopped_enrolment_is_no_conflict() -> None:
    enrolments = [
        EnrolmentRecord(1, Program.DIBAO, S.APPROVED),
        EnrolmentRecord(1, Program.TEKUN, S.APPLIED),
        EnrolmentRecord(2, Program.ORPHAN, S.STOPPED),
        EnrolmentRecord(2, Program.UNSUPPORTED_CHILD, S.APPROVED),
    ]
    assert conflicting_enrolments(enrolments) == []


def test_county_pairs_are_checked_too() -> None:
    enrolments = [
        EnrolmentRecord(1, Program.ORPHAN, S.APPROVED),
        EnrolmentRecord(1, Program.DISABILITY_LIVING_SUBSIDY, S.APPROVED),
    ]
    assert conflicting_enrolments(enrolments) == []
    pair = (Program.ORPHAN, Program.DISABILITY_LIVING_SUBSIDY)
    (flag,) = conflicting_enrolments(enrolments, extra_pairs=[pair])
    assert "孤儿和困难残疾人生活补贴" in flag.message


# --- left-behind children who turned 16 -------------------------------------------------


def test_a_child_is_flagged_from_the_16th_birthday() -> None:
    child = ChildRecord(7, date(2010, 3, 15))
    assert left_behind_children_over_age([child], date(2026, 3, 14)) == []
    (flag,) = left_behind_children_over_age([child], date(2026, 3, 15))
    assert flag.kind is FlagKind.LEFT_BEHIND_CHILD_OVER_AGE
    assert flag.person_ids == (7,)
    assert flag.message.startswith("已于2026年3月15日年满16周岁")


@pytest.mark.parametrize(
    ("birth", "day", "flagged"),
    [
        # 16 years after a leap year is a leap year, so the birthday exists ...
        (date(2008, 2, 29), date(2024, 2, 28), False),
        (date(2008, 2, 29), date(2024, 2, 29), True),
        # ... except across 2100, which is not a leap year: then it is 1 March.
        (date(2084, 2, 29), date(2100, 2, 28), False),
        (date(2084, 2, 29), date(2100, 3, 1), True),
    ],
)
def test_a_29_february_child(birth: date, day: date, flagged: bool) -> None:
    flags = left_behind_children_over_age([ChildRecord(7, birth)], day)
    assert bool(flags) is flagged
    if flagged:
        assert flags[0].message.startswith(f"已于{day.year}年{day.month}月{day.day}日年满16周岁")


def test_a_child_born_after_the_day_is_ignored() -> None:
    assert left_behind_children_over_age([ChildRecord(1, date(2026, 5, 1))], DAY) == []


# --- overdue reviews --------------------------------------------------------------------


def test_a_review_is_overdue_the_day_after_its_due_date() -> None:
    review = ReviewRecord(Program.DIBAO, date(2026, 3, 14), household_id="h1")
    assert overdue_reviews([review], date(2026, 3, 14)) == []
    (flag,) = overdue_reviews([review], date(2026, 3, 16))
    assert flag.kind is FlagKind.REVIEW_OVERDUE
    assert flag.household_ids == ("h1",)
    assert flag.person_ids == ()
    assert flag.message == "低保复核应于2026年3月14日完成，已逾期2天。"


def test_flag_kinds_have_chinese_labels() -> None:
    assert FlagKind.DECEASED_WITH_ACTIVE_BENEFIT.label == "死亡后仍在保"
    assert all(kind.label for kind in FlagKind)
