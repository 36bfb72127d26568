"""Monthly coverage per village and category, as the national rate counts it."""

from __future__ import annotations

from datetime import date

from minzheng_field.domain.coverage import (
    Contact,
    CoverageTotal,
    EnrolledPerson,
    has_monthly_rate,
    monthly_coverage,
)
from minzheng_field.domain.months import Month

TANQUAN, YANGJIA = "431023113200", "431023113201"
MARCH = Month(2026, 3)


def elder(person_id: str, village: str = TANQUAN, **kwargs: object) -> EnrolledPerson:
    return EnrolledPerson(person_id, village, "elder", **kwargs)  # type: ignore[arg-type]


def test_home_phone_and_video_visits_all_count_as_contact() -> None:
    enrolled = [elder("a"), elder("b"), elder("c"), elder("d")]
    contacts = [
        Contact("a", "elder", date(2026, 3, 1), "home"),
        Contact("b", "elder", date(2026, 3, 31), "phone"),
        Contact("c", "elder", date(2026, 3, 15), "video"),
        Contact("d", "elder", date(2026, 3, 15), "letter"),  # not a contact method
    ]
    coverage = monthly_coverage(MARCH, enrolled, contacts)
    (cell,) = coverage.cells
    assert (cell.enrolled, cell.contacted) == (4, 3)
    assert cell.not_contacted == ("d",)
    assert cell.rate == 0.75


def test_only_visits_in_the_calendar_month_count() -> None:
    enrolled = [elder("a"), elder("b")]
    contacts = [
        Contact("a", "elder", date(2026, 2, 28), "home"),
        Contact("b", "elder", date(2026, 4, 1), "home"),
    ]
    coverage = monthly_coverage(MARCH, enrolled, contacts)
    assert coverage.total() == CoverageTotal(2, 0)
    assert set(coverage.cells[0].not_contacted) == {"a", "b"}


def test_leap_february_counts_its_twenty_ninth() -> None:
    coverage = monthly_coverage(
        Month(2028, 2), [elder("a")], [Contact("a", "elder", date(2028, 2, 29), "phone")]
    )
    assert coverage.total() == CoverageTotal(1, 1)


def test_counts_per_village_and_category_and_their_totals_agree() -> None:
    enrolled = [
        elder("e1"),
        elder("e2"),
        elder("e3", YANGJIA),
        EnrolledPerson("c1", TANQUAN, "left_behind"),
        EnrolledPerson("c2", YANGJIA, "left_behind"),
        EnrolledPerson("c3", YANGJIA, "in_difficulty"),
        # An elder who is also 特困 分散供养: counted once in each category.
        EnrolledPerson("e1", TANQUAN, "tekun"),
    ]
    contacts = [
        Contact("e1", "elder", date(2026, 3, 3), "home"),
        Contact("e3", "elder", date(2026, 3, 9), "phone"),
        Contact("c2", "left_behind", date(2026, 3, 20), "home"),
        # A child whose category changed since: still a contact with the same child.
        Contact("c3", "left_behind", date(2026, 3, 21), "home"),
    ]
    coverage = monthly_coverage(MARCH, enrolled, contacts)
    cells = {(c.village_code, c.category): (c.enrolled, c.contacted) for c in coverage.cells}
    assert cells == {
        (TANQUAN, "elder"): (2, 1),
        (TANQUAN, "left_behind"): (1, 0),
        (TANQUAN, "tekun"): (1, 1),
        (YANGJIA, "elder"): (1, 1),
        (YANGJIA, "in_difficulty"): (1, 1),
        (YANGJIA, "left_behind"): (1, 1),
    }
    assert [(c.village_code, c.category) for c in coverage.cells] == sorted(cells)
    assert coverage.by_category()["elder"] == CoverageTotal(3, 2)
    assert coverage.by_village()[YANGJIA] == CoverageTotal(3, 3)
    assert coverage.total() == CoverageTotal(7, 5)
    assert coverage.cell(TANQUAN, "elder").not_contacted == ("e2",)  # type: ignore[union-attr]


def test_a_dibao_review_is_no_care_contact_and_has_no_monthly_rate() -> None:
    enrolled = [elder("p"), EnrolledPerson("p", TANQUAN, "dibao")]
    coverage = monthly_coverage(MARCH, enrolled, [Contact("p", "dibao", date(2026, 3, 2), "home")])
    assert coverage.cell(TANQUAN, "dibao") is None
    assert coverage.cell(TANQUAN, "elder").contacted == 0  # type: ignore[union-attr]
    assert not has_monthly_rate("dibao") and has_monthly_rate("tekun")


def test_deaths_and_later_enrolments_leave_the_denominator() -> None:
    enrolled = [
        elder("before", deceased_on=date(2026, 2, 27)),
        elder("during_uncontacted", deceased_on=date(2026, 3, 4)),
        elder("during_contacted", deceased_on=date(2026, 3, 20)),
        elder("later", enrolled_on=date(2026, 4, 2)),
        elder("last_day", enrolled_on=date(2026, 3, 31)),
    ]
    contacts = [Contact("during_contacted", "elder", date(2026, 3, 10), "home")]
    coverage = monthly_coverage(MARCH, enrolled, contacts)
    (cell,) = coverage.cells
    assert (cell.enrolled, cell.contacted) == (2, 1)
    assert cell.not_contacted == ("last_day",)


def test_nobody_enrolled_gives_no_cells_and_no_rate() -> None:
    coverage = monthly_coverage(MARCH, [], [])
    assert coverage.cells == ()
    assert coverage.total().rate is None
