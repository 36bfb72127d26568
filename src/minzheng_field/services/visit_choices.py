"""Which visits can be begun from a household file: who, and on which category's form.

A visit is made for a reason the file records: a child or elder file, a 特困 person in
分散供养, a 低保 household (surveyed when it applies and at each review) or a 临时救助
application (surveyed before the decision). Begun from the household, not only from the
day's plan, so that an unplanned visit or phone call and the two surveys can be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng_field.domain.programs import EnrolmentStatus, Program, SupportMode
from minzheng_field.domain.schedules import ScheduleCategory
from minzheng_field.services.household_file import HouseholdFile, MemberView

TEMPORARY_ASSISTANCE = Program.TEMPORARY_ASSISTANCE.value
_LABELS = {category.value: category.label for category in ScheduleCategory} | {
    TEMPORARY_ASSISTANCE: "临时救助入户调查"
}
# A survey is made while the application is decided, and again at each review.
_SURVEYED = {EnrolmentStatus.APPLIED.value, EnrolmentStatus.APPROVED.value}
_CURRENT = {status.value for status in EnrolmentStatus if status.is_current}


@dataclass(frozen=True)
class VisitChoice:
    """A visit that can be begun: the person, the category (of the form), in words."""

    person_id: str
    person_name: str
    category: str
    category_label: str


def visit_choices(household: HouseholdFile) -> tuple[VisitChoice, ...]:
    """The visits this household's files and programs call for, living members only."""
    living = {m.id: m for m in household.members if m.deceased_on is None}
    chosen: dict[tuple[str, str], None] = {}

    def add(person_id: str | None, category: str) -> None:
        if person_id in living:
            chosen[(person_id, category)] = None

    for child in household.child_files:
        add(child.person_id, child.category)
    for elder in household.elder_files:
        add(elder.person_id, ScheduleCategory.ELDER.value)
    head = _head(household, living)
    for program in household.programs:
        if program.program == Program.TEKUN and program.support_mode == SupportMode.DISPERSED:
            if program.status in _CURRENT:
                add(program.person_id, ScheduleCategory.TEKUN.value)
        elif program.program == Program.DIBAO and program.status in _SURVEYED:
            add(head, ScheduleCategory.DIBAO.value)
        elif program.program == Program.TEMPORARY_ASSISTANCE and program.status in _SURVEYED:
            add(program.person_id or head, TEMPORARY_ASSISTANCE)
    return tuple(
        VisitChoice(person_id, living[person_id].name, category, _LABELS.get(category, category))
        for person_id, category in chosen
    )


def _head(household: HouseholdFile, living: dict[str, MemberView]) -> str | None:
    """The household's head, or its first living member when the head is gone."""
    head = household.household.head_person_id
    if head in living:
        return head
    return next(iter(living), None)
