"""Civil dates are dates in Asia/Shanghai, whatever the machine's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from minzheng_field.domain.calendar import CHINA, china_date, china_today


def test_china_is_utc_plus_eight_all_year() -> None:
    for month in (1, 7):
        assert datetime(2026, month, 1, tzinfo=CHINA).utcoffset() == timedelta(hours=8)


def test_an_instant_after_four_pm_utc_is_the_next_day_in_china() -> None:
    assert china_date(datetime(2026, 11, 27, 15, 59, tzinfo=UTC)) == date(2026, 11, 27)
    assert china_date(datetime(2026, 11, 27, 16, 0, tzinfo=UTC)) == date(2026, 11, 28)


def test_today_is_the_date_of_now_in_china() -> None:
    before = china_date(datetime.now(UTC))
    today = china_today()
    after = china_date(datetime.now(UTC))
    assert today in (before, after)
