"""Visit schedules: how often each category and risk tier is visited, and when a visit is due.

The rules are data (`VisitRules`): the defaults below follow DOMAIN.md and the 2022 national
opinion on visiting special-difficulty elders; a county overrides any of them with a
`CountyRule` row (key `visit_frequencies`) whose value has the same shape as
`DEFAULT_FREQUENCIES`: `{category: {tier: "<n>d" | "<n>w" | "<n>m"}}`. An override replaces
only the tiers it names; every other tier keeps its default.

Decisions:
- A frequency is a count of days, weeks or calendar months. The next visit is due that long
  after the last contact. For months it is the same day of the month, clamped to the last
  day of a shorter month (31 January + 1 month = 28 or 29 February; 29 February 2028 +
  12 months = 28 February 2029). The clamp is never carried on: each due date is counted
  from the contact that actually happened. With the clamp, a monthly due date always falls
  in the calendar month after the contact, so whoever keeps to the schedule is contacted in
  every calendar month, which is what the national monthly visit rate counts
  (`domain/coverage.py`).
- A person never contacted is due one interval after they were enrolled (the file was made,
  the enrolment decided). When that day is not known (a file imported from the national
  systems), the visit is due at once: `next_due` returns None and the caller lists it as
  due on the day asked, 0 days overdue.
- "Overdue" is computed for a given day, never stored: a visit is due on its due day and not
  yet overdue; the day after it is 1 day overdue.
- Tiers: children and elders use their file's risk level (`low`, `medium`, `high`); a 低保
  household is `irregular` when its review cycle is 6 months or less (income that varies,
  members able to work) and `stable` otherwise; a tier without a rule of its own uses the
  category's `default`. 孤儿 and 事实无人抚养儿童 follow the 困境儿童 defaults.
- Contacts count per contact group (`contact_group`): any care visit of a person (elder,
  child or 特困 forms) counts for each of their care schedules, since it is the same person
  checked on by the same duty; a 低保 review counts only as a 低保 review (a 入户调查 with two
  investigators, which a phone call does not replace).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.months import add_months
from minzheng_field.domain.programs import Program
from minzheng_field.domain.work import VisitCategory

RULE_KEY = "visit_frequencies"
DEFAULT_TIER = "default"


class ScheduleCategory(LabelledStrEnum):
    """Who is visited on a schedule; the values are the `category` stored on visits.

    The `VisitCategory` values of domain/work.py, plus 特困 分散供养 and 低保 reviews.
    """

    ELDER = VisitCategory.ELDER.value, "特殊困难老年人"
    LEFT_BEHIND = VisitCategory.LEFT_BEHIND.value, VisitCategory.LEFT_BEHIND.label
    IN_DIFFICULTY = VisitCategory.IN_DIFFICULTY.value, VisitCategory.IN_DIFFICULTY.label
    ORPHAN = VisitCategory.ORPHAN.value, VisitCategory.ORPHAN.label
    UNSUPPORTED = VisitCategory.UNSUPPORTED.value, VisitCategory.UNSUPPORTED.label
    # Not (yet) categories of `VisitCategory`: visits made for these programs.
    TEKUN = "tekun", "特困人员（分散供养）"
    DIBAO = "dibao", "低保家庭"


class Tier(StrEnum):
    """A tier of a category with its own frequency."""

    DEFAULT = "default"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    # 低保 households: yearly review, or every 6 months for irregular income.
    STABLE = "stable"
    IRREGULAR = "irregular"


CHILD_CATEGORIES = frozenset(
    {
        ScheduleCategory.LEFT_BEHIND,
        ScheduleCategory.IN_DIFFICULTY,
        ScheduleCategory.ORPHAN,
        ScheduleCategory.UNSUPPORTED,
    }
)
CARE_GROUP = "care"
DIBAO_GROUP = "dibao"


def category_label(category: str) -> str:
    """What a visit is for, in words (特殊困难老年人, 留守儿童, 特困人员（分散供养）, 临时救助…);
    an unknown code as it is."""
    if category == Program.TEMPORARY_ASSISTANCE:
        return Program.TEMPORARY_ASSISTANCE.label
    try:
        return ScheduleCategory(category).label
    except ValueError:
        return category


CHILD_PLAN_KEY = "child"


def plan_key(category: str) -> str:
    """The key a category's visit plans share: every child category shares one plan (a
    child's category may change; their visitor does not)."""
    return CHILD_PLAN_KEY if category in CHILD_CATEGORIES else category


def contact_group(category: str) -> str:
    """The group whose visits count as contacts for a category (see the module's decisions)."""
    return DIBAO_GROUP if category == ScheduleCategory.DIBAO else CARE_GROUP


def dibao_tier(review_cycle_months: int | None) -> Tier:
    """The tier of a 低保 household from its review cycle (6 months or less: irregular)."""
    if review_cycle_months is not None and review_cycle_months <= 6:
        return Tier.IRREGULAR
    return Tier.STABLE


class FrequencyUnit(StrEnum):
    DAY = "d"
    WEEK = "w"
    MONTH = "m"


_FREQUENCY = re.compile(r"([1-9][0-9]{0,2})\s*([dwm])")
_UNIT_WORDS = {FrequencyUnit.DAY: "天", FrequencyUnit.WEEK: "周", FrequencyUnit.MONTH: "个月"}


class InvalidVisitRule(MinzhengError):
    """A county's visit frequency rule that cannot be read."""

    kind = "invalid_visit_rule"

    def __init__(self, detail: str) -> None:
        super().__init__(f"县级设置中的探访频次有误（{detail}），请核对县级设置。")


@dataclass(frozen=True, order=True)
class Frequency:
    """How often a visit is due: every `count` days, weeks or calendar months."""

    count: int
    unit: FrequencyUnit

    @classmethod
    def parse(cls, text: str) -> Frequency:
        """A frequency from its stored form: `7d`, `1w`, `1m`, `3m`, `12m`."""
        found = _FREQUENCY.fullmatch(str(text).strip().lower())
        if found is None:
            raise InvalidVisitRule(f"“{text}”不是有效的频次，应写作如 1w、1m、3m")
        return cls(int(found.group(1)), FrequencyUnit(found.group(2)))

    def after(self, day: date) -> date:
        """The day one interval after `day` (months: same day, clamped to the month's end)."""
        if self.unit is FrequencyUnit.DAY:
            return day + timedelta(days=self.count)
        if self.unit is FrequencyUnit.WEEK:
            return day + timedelta(weeks=self.count)
        return add_months(day, self.count)

    @property
    def label(self) -> str:
        """The frequency in Chinese: 每周, 每月, 每3个月, 每年."""
        if self.count == 1:
            return {"d": "每天", "w": "每周", "m": "每月"}[self.unit.value]
        if self.unit is FrequencyUnit.MONTH and self.count == 12:
            return "每年"
        return f"每{self.count}{_UNIT_WORDS[self.unit]}"

    def __str__(self) -> str:
        return f"{self.count}{self.unit.value}"


DEFAULT_FREQUENCIES: Mapping[str, Mapping[str, str]] = {
    ScheduleCategory.ELDER: {Tier.DEFAULT: "1m", Tier.HIGH: "1w"},
    ScheduleCategory.LEFT_BEHIND: {Tier.DEFAULT: "3m", Tier.HIGH: "1m"},
    ScheduleCategory.IN_DIFFICULTY: {Tier.DEFAULT: "3m", Tier.HIGH: "1m"},
    ScheduleCategory.ORPHAN: {Tier.DEFAULT: "3m", Tier.HIGH: "1m"},
    ScheduleCategory.UNSUPPORTED: {Tier.DEFAULT: "3m", Tier.HIGH: "1m"},
    ScheduleCategory.TEKUN: {Tier.DEFAULT: "1m"},
    ScheduleCategory.DIBAO: {Tier.DEFAULT: "12m", Tier.IRREGULAR: "6m"},
}


@dataclass(frozen=True)
class VisitRules:
    """Frequencies per category and tier; build with `from_json` or `with_overrides`."""

    frequencies: Mapping[str, Mapping[str, Frequency]]

    @classmethod
    def from_json(cls, value: Any) -> VisitRules:
        """Rules from their stored JSON shape `{category: {tier: "1m"}}`."""
        return cls({}).with_overrides(value)

    def with_overrides(self, value: Any) -> VisitRules:
        """These rules with a county's overrides applied, tier by tier."""
        if value is None:
            return self
        if not isinstance(value, Mapping):
            raise InvalidVisitRule("应为按类别列出的频次")
        merged = {category: dict(tiers) for category, tiers in self.frequencies.items()}
        for category, tiers in value.items():
            if not isinstance(tiers, Mapping):
                raise InvalidVisitRule(f"类别“{category}”的频次应按风险等级列出")
            target = merged.setdefault(str(category), {})
            for tier, text in tiers.items():
                target[str(tier)] = Frequency.parse(text)
        for category, tiers in merged.items():
            if DEFAULT_TIER not in tiers:
                raise InvalidVisitRule(f"类别“{category}”缺少默认频次（default）")
        return VisitRules({category: dict(tiers) for category, tiers in merged.items()})

    def frequency(self, category: str, tier: str | None = None) -> Frequency | None:
        """The frequency of a category and tier, or None when the category is not scheduled."""
        tiers = self.frequencies.get(category)
        if tiers is None:
            return None
        return tiers.get(tier or DEFAULT_TIER) or tiers[DEFAULT_TIER]

    def as_json(self) -> dict[str, dict[str, str]]:
        """The stored JSON shape of these rules."""
        return {
            str(category): {str(tier): str(f) for tier, f in tiers.items()}
            for category, tiers in self.frequencies.items()
        }


DEFAULT_RULES = VisitRules.from_json(DEFAULT_FREQUENCIES)


def rules_with_county_overrides(value: Any) -> VisitRules:
    """The default rules with a county rule's value (None: no county rule) applied."""
    return DEFAULT_RULES.with_overrides(value)


def next_due(
    frequency: Frequency, last_contact: date | None, enrolled_on: date | None
) -> date | None:
    """When the next visit is due: one interval after the last contact, else after enrolment.

    None when neither is known: the visit is due at once.
    """
    base = last_contact if last_contact is not None else enrolled_on
    return None if base is None else frequency.after(base)


def first_visit_due(due: date | None, records_began: date | None, day: date) -> date | None:
    """A never-visited person's due date, not before the tool began keeping visits.

    A caseload entered on installation holds enrolments made years before, whose visits were
    made on paper outside the tool: counting them overdue since then would bury the list in
    thousands of days. Never later than `day`, so a past day's plan still lists them due.
    """
    if due is None or records_began is None:
        return due
    return max(due, min(records_began, day))


def overdue_days(due: date, day: date) -> int:
    """How many days past its due date a visit is on `day` (0 on the due day or before)."""
    return max(0, (day - due).days)


def is_due(due: date | None, day: date, *, horizon_days: int = 0) -> bool:
    """Whether a visit due on `due` (None: at once) is to be made by `day` plus the horizon."""
    return due is None or due <= day + timedelta(days=horizon_days)
