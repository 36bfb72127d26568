"""Visit frequencies per category and tier, due dates on edge days, county overrides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minzheng_field.domain.months import Month
from minzheng_field.domain.schedules import (
    DEFAULT_RULES,
    Frequency,
    FrequencyUnit,
    InvalidVisitRule,
    ScheduleCategory,
    Tier,
    VisitRules,
    contact_group,
    dibao_tier,
    first_visit_due,
    is_due,
    next_due,
    overdue_days,
    rules_with_county_overrides,
)

MONTHLY = Frequency(1, FrequencyUnit.MONTH)
WEEKLY = Frequency(1, FrequencyUnit.WEEK)


@pytest.mark.parametrize(
    ("category", "tier", "expected"),
    [
        (ScheduleCategory.ELDER, Tier.LOW, "1m"),
        (ScheduleCategory.ELDER, Tier.MEDIUM, "1m"),
        (ScheduleCategory.ELDER, Tier.HIGH, "1w"),
        (ScheduleCategory.LEFT_BEHIND, Tier.HIGH, "1m"),
        (ScheduleCategory.LEFT_BEHIND, Tier.MEDIUM, "3m"),
        (ScheduleCategory.LEFT_BEHIND, Tier.LOW, "3m"),
        (ScheduleCategory.IN_DIFFICULTY, Tier.HIGH, "1m"),
        (ScheduleCategory.IN_DIFFICULTY, Tier.LOW, "3m"),
        (ScheduleCategory.UNSUPPORTED, Tier.HIGH, "1m"),
        (ScheduleCategory.TEKUN, None, "1m"),
        (ScheduleCategory.DIBAO, Tier.STABLE, "12m"),
        (ScheduleCategory.DIBAO, Tier.IRREGULAR, "6m"),
    ],
)
def test_default_frequencies_follow_the_domain(
    category: ScheduleCategory, tier: Tier | None, expected: str
) -> None:
    assert str(DEFAULT_RULES.frequency(category, tier)) == expected


def test_an_unscheduled_category_has_no_frequency() -> None:
    assert DEFAULT_RULES.frequency("temporary_assistance", None) is None


def test_dibao_tier_comes_from_the_review_cycle() -> None:
    assert dibao_tier(6) is Tier.IRREGULAR
    assert dibao_tier(3) is Tier.IRREGULAR
    assert dibao_tier(12) is Tier.STABLE
    assert dibao_tier(None) is Tier.STABLE


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # clamped to February's end
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2028, 1, 29), date(2028, 2, 29)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),  # over the year's end
        (date(2026, 2, 28), date(2026, 3, 28)),  # the clamp is not carried on
    ],
)
def test_monthly_due_date_is_the_same_day_next_month_clamped(last: date, expected: date) -> None:
    assert next_due(MONTHLY, last, None) == expected


def test_leap_day_plus_a_year_is_the_last_of_february() -> None:
    assert next_due(Frequency(12, FrequencyUnit.MONTH), date(2028, 2, 29), None) == date(
        2029, 2, 28
    )
    assert next_due(Frequency(6, FrequencyUnit.MONTH), date(2027, 8, 31), None) == date(2028, 2, 29)


def test_weekly_and_daily_due_dates_cross_month_and_leap_day() -> None:
    assert next_due(WEEKLY, date(2028, 2, 25), None) == date(2028, 3, 3)
    assert next_due(WEEKLY, date(2026, 12, 28), None) == date(2027, 1, 4)
    assert next_due(Frequency(10, FrequencyUnit.DAY), date(2028, 2, 20), None) == date(2028, 3, 1)


def test_never_contacted_counts_from_enrolment_or_is_due_at_once() -> None:
    assert next_due(MONTHLY, None, date(2026, 3, 10)) == date(2026, 4, 10)
    assert next_due(MONTHLY, date(2026, 5, 2), date(2026, 3, 10)) == date(2026, 6, 2)
    assert next_due(MONTHLY, None, None) is None
    assert is_due(None, date(2026, 1, 1))


def test_a_visit_is_not_overdue_on_its_due_day_and_one_day_overdue_the_day_after() -> None:
    due = next_due(MONTHLY, date(2026, 1, 31), None)
    assert due == date(2026, 2, 28)
    assert is_due(due, date(2026, 2, 28))
    assert overdue_days(due, date(2026, 2, 28)) == 0
    assert overdue_days(due, date(2026, 3, 1)) == 1
    assert not is_due(due, date(2026, 2, 27))
    assert overdue_days(due, date(2026, 2, 27)) == 0
    assert is_due(due, date(2026, 2, 27), horizon_days=1)


def test_a_leap_day_due_date_is_overdue_on_the_first_of_march() -> None:
    due = next_due(MONTHLY, date(2028, 1, 31), None)
    assert due == date(2028, 2, 29)
    assert overdue_days(due, date(2028, 2, 29)) == 0
    assert overdue_days(due, date(2028, 3, 1)) == 1


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_monthly_due_date_always_falls_in_the_next_calendar_month(last: date) -> None:
    # Keeping to the schedule therefore means a contact in every calendar month.
    assert Month.from_date(next_due(MONTHLY, last, None)) == Month.from_date(last).next()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_weekly_due_date_is_seven_days_later(last: date) -> None:
    assert next_due(WEEKLY, last, None) == last + timedelta(days=7)


def test_county_overrides_replace_only_the_tiers_they_name() -> None:
    rules = rules_with_county_overrides(
        {"elder": {"medium": "2w"}, "left_behind": {"default": "2m"}, "tekun": {"default": "14d"}}
    )
    assert str(rules.frequency("elder", "medium")) == "2w"
    assert str(rules.frequency("elder", "low")) == "1m"
    assert str(rules.frequency("elder", "high")) == "1w"
    assert str(rules.frequency("left_behind", "low")) == "2m"
    assert str(rules.frequency("left_behind", "high")) == "1m"
    assert str(rules.frequency("tekun", None)) == "14d"
    assert str(rules.frequency("dibao", "irregular")) == "6m"
    # The defaults themselves are unchanged.
    assert str(DEFAULT_RULES.frequency("elder", "medium")) == "1m"


def test_a_county_may_schedule_a_new_category_with_a_default() -> None:
    rules = rules_with_county_overrides({"dibao_edge": {"default": "6m"}})
    assert str(rules.frequency("dibao_edge", "any")) == "6m"
    with pytest.raises(InvalidVisitRule, match="缺少默认频次"):
        rules_with_county_overrides({"dibao_edge": {"high": "1m"}})


@pytest.mark.parametrize(
    "value", [["1m"], {"elder": "1m"}, {"elder": {"high": "weekly"}}, {"elder": {"high": "0m"}}]
)
def test_an_unreadable_county_rule_is_refused_in_chinese(value: object) -> None:
    with pytest.raises(InvalidVisitRule) as raised:
        rules_with_county_overrides(value)
    assert "县级设置" in raised.value.message


def test_rules_round_trip_through_their_json_shape() -> None:
    assert VisitRules.from_json(DEFAULT_RULES.as_json()) == DEFAULT_RULES
    assert rules_with_county_overrides(None) == DEFAULT_RULES


def test_frequency_labels_are_chinese() -> None:
    assert Frequency.parse("1w").label == "每周"
    assert Frequency.parse("1m").label == "每月"
    assert Frequency.parse("3m").label == "每3个月"
    assert Frequency.parse("12m").label == "每年"
    assert Frequency.parse(" 14D ").label == "每14天"


def test_care_visits_share_a_contact_group_and_dibao_reviews_stand_apart() -> None:
    care = {contact_group(c) for c in ScheduleCategory if c is not ScheduleCategory.DIBAO}
    assert len(care) == 1
    assert contact_group(ScheduleCategory.DIBAO) not in care


def test_a_first_visit_is_not_due_before_records_began_nor_after_the_day() -> None:
    began, day = date(2026, 5, 1), date(2026, 6, 15)
    # Enrolled in 2012, visited only on paper: due since the tool began, not for 14 years.
    assert first_visit_due(date(2012, 2, 20), began, day) == began
    assert first_visit_due(date(2026, 5, 20), began, day) == date(2026, 5, 20)
    assert first_visit_due(date(2012, 2, 20), date(2026, 7, 1), day) == day
    assert first_visit_due(date(2012, 2, 20), None, day) == date(2012, 2, 20)
    assert first_visit_due(None, began, day) is None
