"""Tests of calendar months, the unit of benefit payments."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field.domain.months import Month, add_months, date_label

FAST = settings(max_examples=200, deadline=None)
months = st.builds(Month, st.integers(1900, 2200), st.integers(1, 12))


def test_next_crosses_the_year_end() -> None:
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2026, 1).previous() == Month(2025, 12)


def test_plus_goes_over_several_years_both_ways() -> None:
    assert Month(2025, 11).plus(14) == Month(2027, 1)
    assert Month(2026, 2).plus(-26) == Month(2023, 12)


def test_range_includes_both_ends_across_a_year_end() -> None:
    assert Month.range(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert Month.range(Month(2026, 1), Month(2026, 1)) == [Month(2026, 1)]
    assert Month.range(Month(2026, 2), Month(2026, 1)) == []


def test_from_date_and_days() -> None:
    month = Month.from_date(date(2024, 2, 17))
    assert month == Month(2024, 2)
    assert month.first_day() == date(2024, 2, 1)
    assert month.last_day() == date(2024, 2, 29)
    assert Month(2025, 2).last_day() == date(2025, 2, 28)
    assert len(list(Month(2025, 12).days())) == 31


def test_order_text_and_labels() -> None:
    assert Month(2025, 12) < Month(2026, 1) < Month(2026, 2)
    assert str(Month(2026, 1)) == "2026-01"
    assert Month.parse("2026-01") == Month(2026, 1)
    assert Month(2026, 1).label == "2026年1月"
    assert Month(2025, 11).months_until(Month(2026, 2)) == 3


@pytest.mark.parametrize(("year", "month"), [(2026, 0), (2026, 13), (0, 5)])
def test_impossible_months_are_refused(year: int, month: int) -> None:
    with pytest.raises(ValueError, match="Month"):
        Month(year, month)


@pytest.mark.parametrize("text", ["2026-1", "2026/01", "202601", "2026-13"])
def test_parse_refuses_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="Month"):
        Month.parse(text)


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_date_label_has_no_zero_padding() -> None:
    assert date_label(date(2026, 3, 5)) == "2026年3月5日"


@FAST
@given(months, st.integers(-600, 600))
def test_plus_then_minus_is_the_same_month(month: Month, n: int) -> None:
    assert month.plus(n).plus(-n) == month
    assert month.months_until(month.plus(n)) == n


@FAST
@given(months)
def test_next_and_previous_are_inverse_and_adjacent(month: Month) -> None:
    assert month.next().previous() == month
    assert (month.next().first_day() - month.last_day()).days == 1


@FAST
@given(months, st.integers(0, 40))
def test_range_has_consecutive_months(start: Month, length: int) -> None:
    span = Month.range(start, start.plus(length))
    assert len(span) == length + 1
    assert all(b == a.next() for a, b in pairwise(span))


@FAST
@given(months)
def test_text_round_trip(month: Month) -> None:
    assert Month.parse(str(month)) == month
