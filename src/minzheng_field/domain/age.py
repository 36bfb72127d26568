"""Ages in full years (周岁) and the age bands used on rosters and in eligibility rules."""

from __future__ import annotations

from datetime import date

from minzheng_field.domain.labelled_enum import LabelledStrEnum


def age_on(birth: date, day: date) -> int:
    """Full years of age on `day`; a 29 February birthday counts from 1 March in other years."""
    if day < birth:
        raise ValueError("age_on: the day is before the birth date")
    # Same rule as ResidentId.age_on: comparing (month, day) puts 2-29 after 2-28.
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - before_birthday


def age_shown(birth: date | None, deceased_on: date | None, day: date) -> int | None:
    """Full years on `day`, or at death; None without a birth date or for a birth after it."""
    if birth is None:
        return None
    on = min(day, deceased_on) if deceased_on is not None else day
    return age_on(birth, on) if birth <= on else None


def birthday_in(birth: date, year: int) -> date:
    """The day the birthday is reached in `year`: 1 March for a 29 February birth in other years."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def turned_age_on(birth: date, years: int) -> date:
    """The first day on which the person is `years` old."""
    return birthday_in(birth, birth.year + years)


def turned_16_on(birth: date) -> date:
    """The first day on which the person is 16 (out of the 留守儿童 and 特困 child age range)."""
    return turned_age_on(birth, 16)


class AgeBand(LabelledStrEnum):
    """Age groups for rosters and statistics."""

    INFANT = "0-5", "0–5岁"
    CHILD = "6-15", "6–15岁"
    ADOLESCENT = "16-17", "16–17岁"
    ADULT = "18-59", "18–59岁"
    ELDER = "60-79", "60–79岁"
    OLDEST = "80+", "80岁及以上"


def age_band(age: int) -> AgeBand:
    """The band an age in full years falls in."""
    if age < 0:
        raise ValueError("age_band: age cannot be negative")
    if age <= 5:
        return AgeBand.INFANT
    if age <= 15:
        return AgeBand.CHILD
    if age <= 17:
        return AgeBand.ADOLESCENT
    if age <= 59:
        return AgeBand.ADULT
    if age <= 79:
        return AgeBand.ELDER
    return AgeBand.OLDEST
