"""Calendar months, the unit of benefit payments (payable from a month, stopped from a month)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

_ISO_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month such as 2026年1月; ordered, hashable, usable as a mapping key."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"Month: month must be 1-12, not {self.month}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"Month: year must be 1-9999, not {self.year}")

    @classmethod
    def from_date(cls, day: date) -> Month:
        """The month that contains `day`."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """A month from its ISO form `2026-01`, as stored and exported."""
        found = _ISO_MONTH.fullmatch(text.strip())
        if found is None:
            raise ValueError(f"Month.parse: expected YYYY-MM, got {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def range(cls, start: Month, end: Month) -> list[Month]:
        """Every month from `start` to `end`, both included (empty when end is before start)."""
        return [start.plus(n) for n in range(end.index - start.index + 1)]

    @property
    def index(self) -> int:
        """Months since January of year 0, so that differences are month counts."""
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> Month:
        """The month `months` later (earlier when negative)."""
        year, month0 = divmod(self.index + months, 12)
        return Month(year, month0 + 1)

    def next(self) -> Month:
        """The following month; 2025年12月 is followed by 2026年1月."""
        return self.plus(1)

    def previous(self) -> Month:
        """The month before."""
        return self.plus(-1)

    def months_until(self, other: Month) -> int:
        """How many months from this month to `other` (negative when `other` is earlier)."""
        return other.index - self.index

    def first_day(self) -> date:
        """The 1st of the month."""
        return date(self.year, self.month, 1)

    def last_day(self) -> date:
        """The last day of the month (29 February in leap years)."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def days(self) -> Iterator[date]:
        """Every day of the month in order."""
        for day in range(1, self.last_day().day + 1):
            yield date(self.year, self.month, day)

    @property
    def label(self) -> str:
        """The month as printed on notices: 2026年1月."""
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    target = Month.from_date(day).plus(months)
    return date(target.year, target.month, min(day.day, target.last_day().day))


def date_label(day: date) -> str:
    """A date as printed in Chinese documents, without zero padding: 2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"
