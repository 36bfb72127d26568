"""Tests of ages in full years and age bands."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field.domain.age import (
    AgeBand,
    age_band,
    age_on,
    age_shown,
    turned_16_on,
    turned_age_on,
)
from minzheng_field.domain.resident_id import ResidentId, Sex

FAST = settings(max_examples=200, deadline=None)


def test_age_changes_on_the_birthday() -> None:
    birth = date(2010, 6, 15)
    assert age_on(birth, date(2026, 6, 14)) == 15
    assert age_on(birth, date(2026, 6, 15)) == 16
    assert age_on(birth, birth) == 0


def test_29_february_birthday_is_reached_on_1_march_in_other_years() -> None:
    birth = date(2008, 2, 29)
    assert age_on(birth, date(2024, 2, 28)) == 15
    assert age_on(birth, date(2024, 2, 29)) == 16
    assert age_on(birth, date(2025, 2, 28)) == 16
    assert age_on(birth, date(2025, 3, 1)) == 17
    assert turned_16_on(birth) == date(2024, 2, 29)
    assert turned_age_on(birth, 17) == date(2025, 3, 1)


def test_turned_16_on() -> None:
    assert turned_16_on(date(2010, 6, 15)) == date(2026, 6, 15)


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(date(2026, 1, 2), date(2026, 1, 1))


@FAST
@given(st.dates(date(1900, 1, 1), date(2025, 12, 31)), st.integers(0, 40_000))
def test_age_on_agrees_with_resident_id(birth: date, days: int) -> None:
    day = birth + timedelta(days=days)
    resident = ResidentId("", birth, Sex.MALE, "431000", "001")
    assert age_on(birth, day) == resident.age_on(day)


@FAST
@given(st.dates(date(1900, 1, 1), date(2020, 12, 31)))
def test_turned_16_on_is_the_first_day_at_16(birth: date) -> None:
    day = turned_16_on(birth)
    assert age_on(birth, day) == 16
    assert age_on(birth, day - timedelta(days=1)) == 15


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, AgeBand.INFANT),
        (5, AgeBand.INFANT),
        (6, AgeBand.CHILD),
        (15, AgeBand.CHILD),
        (16, AgeBand.ADOLESCENT),
        (17, AgeBand.ADOLESCENT),
        (18, AgeBand.ADULT),
        (59, AgeBand.ADULT),
        (60, AgeBand.ELDER),
        (79, AgeBand.ELDER),
        (80, AgeBand.OLDEST),
        (104, AgeBand.OLDEST),
    ],
)
def test_age_band_boundaries(age: int, band: AgeBand) -> None:
    assert age_band(age) is band


def test_age_band_on_the_16th_birthday() -> None:
    birth = date(2010, 6, 15)
    assert age_band(age_on(birth, date(2026, 6, 14))) is AgeBand.CHILD
    assert age_band(age_on(birth, date(2026, 6, 15))) is AgeBand.ADOLESCENT


def test_age_band_labels_and_negative_age() -> None:
    assert AgeBand.OLDEST.label == "80岁及以上"
    assert AgeBand.CHILD.label == "6–15岁"
    with pytest.raises(ValueError, match="negative"):
        age_band(-1)


def test_the_age_shown_stops_at_death_and_needs_a_birth_date_before_the_day() -> None:
    birth = date(1950, 6, 1)
    assert age_shown(birth, None, date(2026, 6, 1)) == 76
    assert age_shown(birth, date(2020, 5, 31), date(2026, 6, 1)) == 69
    assert age_shown(birth, date(2030, 1, 1), date(2026, 6, 1)) == 76
    assert age_shown(None, None, date(2026, 6, 1)) is None
    assert age_shown(date(2027, 1, 1), None, date(2026, 6, 1)) is None
