"""Monthly visit coverage as the national rate counts it: contacted this month / enrolled.

Decisions:
- A person counts as contacted in a month when a finalised visit of their contact group
  (`schedules.contact_group`) is dated in that calendar month; a visit 入户 (`home`), by
  电话 (`phone`) or by 视频 (`video`) all count. Amendments are corrections of a visit, not
  contacts of their own; the caller passes each visit once, with its corrected date.
- Enrolled in a month: in the caseload (live file or current enrolment) and not enrolled
  after the month ended. A person who died before the month began is not counted; one who
  died during the month counts only when contacted before (a death is no missed visit).
- A person with two categories (an elder who is also 特困 分散供养) counts once in each.
- Only care categories (elders, children, 特困 分散供养) have a monthly rate; a 低保 review,
  due yearly or every 6 months, is followed by its due date, not by a monthly rate.
- Cells are per village and category; totals per category and overall are sums of cells,
  so they agree with the cells by construction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, TypeVar

from minzheng_field.domain.months import Month
from minzheng_field.domain.schedules import CARE_GROUP, contact_group
from minzheng_field.domain.work import VisitMethod

# Visit methods (the values stored on visits) that count as a contact: all of them.
CONTACT_METHODS = frozenset(method.value for method in VisitMethod)

K = TypeVar("K")


# A tuple: a township of 50,000 has some 13,000 of these each time its coverage is read.
class EnrolledPerson(NamedTuple):
    """A person of the visit caseload in one category."""

    person_id: str
    village_code: str | None
    category: str
    enrolled_on: date | None = None
    deceased_on: date | None = None


@dataclass(frozen=True)
class Contact:
    """A finalised visit: who, under which category, when and how."""

    person_id: str
    category: str
    visited_on: date
    method: str


@dataclass(frozen=True)
class CoverageCell:
    """One village's coverage of one category in a month."""

    village_code: str | None
    category: str
    enrolled: int
    contacted: int
    not_contacted: tuple[str, ...]

    @property
    def rate(self) -> float | None:
        """Contacted / enrolled (None when nobody is enrolled)."""
        return self.contacted / self.enrolled if self.enrolled else None


@dataclass(frozen=True)
class CoverageTotal:
    """Enrolled and contacted summed over some cells."""

    enrolled: int
    contacted: int

    @property
    def rate(self) -> float | None:
        """Contacted / enrolled (None when nobody is enrolled)."""
        return self.contacted / self.enrolled if self.enrolled else None


@dataclass(frozen=True)
class MonthlyCoverage:
    """A month's coverage per village and category."""

    month: Month
    cells: tuple[CoverageCell, ...]

    def by_category(self) -> dict[str, CoverageTotal]:
        """Totals per category over every village."""
        return _totals(self.cells, lambda cell: cell.category)

    def by_village(self) -> dict[str | None, CoverageTotal]:
        """Totals per village over every category."""
        return _totals(self.cells, lambda cell: cell.village_code)

    def total(self) -> CoverageTotal:
        """Everyone enrolled, in every category."""
        return CoverageTotal(
            sum(cell.enrolled for cell in self.cells), sum(cell.contacted for cell in self.cells)
        )

    def cell(self, village_code: str | None, category: str) -> CoverageCell | None:
        """The cell of a village and category, if anyone is enrolled there."""
        for cell in self.cells:
            if cell.village_code == village_code and cell.category == category:
                return cell
        return None


def _totals(
    cells: Iterable[CoverageCell], key: Callable[[CoverageCell], K]
) -> dict[K, CoverageTotal]:
    sums: dict[K, list[int]] = {}
    for cell in cells:
        pair = sums.setdefault(key(cell), [0, 0])
        pair[0] += cell.enrolled
        pair[1] += cell.contacted
    return {k: CoverageTotal(enrolled, contacted) for k, (enrolled, contacted) in sums.items()}


def has_monthly_rate(category: str) -> bool:
    """Whether a category is counted by the monthly visit rate (the care categories)."""
    return contact_group(category) == CARE_GROUP


def counts_in_month(person: EnrolledPerson, month: Month, contacted: bool) -> bool:
    """Whether a person belongs to the month's denominator (see the module's decisions)."""
    if person.enrolled_on is not None and person.enrolled_on > month.last_day():
        return False
    if person.deceased_on is not None:
        if person.deceased_on < month.first_day():
            return False
        if person.deceased_on <= month.last_day() and not contacted:
            return False
    return True


def contacted_in_month(contacts: Iterable[Contact], month: Month) -> set[tuple[str, str]]:
    """The (person, contact group) pairs with a counting contact in the month."""
    first, last = month.first_day(), month.last_day()
    groups = _Groups()
    return {
        (contact.person_id, groups[contact.category])
        for contact in contacts
        if first <= contact.visited_on <= last and contact.method in CONTACT_METHODS
    }


class _Groups(dict[str, str]):
    # A township has thousands of visits and a handful of categories.
    def __missing__(self, category: str) -> str:
        self[category] = group = contact_group(category)
        return group


def monthly_coverage(
    month: Month, enrolled: Iterable[EnrolledPerson], contacts: Iterable[Contact]
) -> MonthlyCoverage:
    """Coverage of a month per village and category; cells sorted by village, category."""
    return coverage_of_contacted(month, enrolled, contacted_in_month(contacts, month))


def coverage_of_contacted(
    month: Month, enrolled: Iterable[EnrolledPerson], reached: Container[tuple[str, str]]
) -> MonthlyCoverage:
    """Coverage of a month given the (person, contact group) pairs contacted in it.

    `reached` is what `contacted_in_month` finds in the month's contacts; a caller that
    reads it more cheaply elsewhere (one grouped query) passes it directly.
    """
    groups = _Groups()
    counts: defaultdict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0, 0])
    missing: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for person in enrolled:
        group = groups[person.category]
        if group != CARE_GROUP:
            continue  # no monthly rate (see has_monthly_rate)
        contacted = (person.person_id, group) in reached
        if (person.enrolled_on is not None or person.deceased_on is not None) and not (
            counts_in_month(person, month, contacted)
        ):
            continue
        key = (person.village_code, person.category)
        counts[key][0] += 1
        if contacted:
            counts[key][1] += 1
        else:
            missing[key].append(person.person_id)
    cells = tuple(
        CoverageCell(village, category, total, reached_count, tuple(missing[(village, category)]))
        for (village, category), (total, reached_count) in sorted(
            counts.items(), key=lambda item: (item[0][0] or "", item[0][1])
        )
    )
    return MonthlyCoverage(month, cells)
