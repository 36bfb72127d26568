"""Due visits, a day's plan, monthly coverage and its export, on real vaults."""

from __future__ import annotations

import csv
import gc
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from caseload_builders import (
    TANQUAN,
    YANGJIA,
    cadre_actor,
    household_row,
    person_row,
)
from minzheng_field.domain.months import Month
from minzheng_field.domain.schedules import Frequency, next_due
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.recording import record_create, record_update
from minzheng_field.services.schedules import (
    CoverageReport,
    DueVisit,
    coverage_csv,
    day_plan,
    due_visits,
    export_coverage_csv,
    monthly_coverage,
    visit_rules,
)
from minzheng_field.store.engine import CACHE_SIZE_KIB, READER_CACHE_SIZE_KIB
from minzheng_field.store.models import (
    AccessEntry,
    AuditEntry,
    CountyRule,
    ElderFile,
    Enrolment,
    Household,
    Person,
    RelativeDeclaration,
    VaultMeta,
    Visit,
    VisitPlan,
)
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from visit_builders import child_file, elder_file

# When the test's care files were made (their audit entries say so).
FILES_MADE = date(2025, 12, 1)


def made_on(session: Session, entity_id: str, day: date) -> None:
    """Date the audit entry of a row's creation `day` (noon in Chenzhou)."""
    session.execute(
        update(AuditEntry)
        .where(AuditEntry.entity_id == entity_id)
        .values(at=datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=4))
    )


def elder(
    session: Session,
    admin: Actor,
    name: str,
    *,
    village: str = TANQUAN,
    risk: str = "low",
    responsible: str | None = "cadre1",
) -> str:
    file = elder_file(session, admin, name, village=village, risk=risk, responsible=responsible)
    made_on(session, file.id, FILES_MADE)
    return file.person_id


def child(
    session: Session, admin: Actor, name: str, *, risk: str = "low", category: str = "left_behind"
) -> str:
    file = child_file(
        session,
        admin,
        name,
        born=date(2015, 1, 1),
        category=category,
        risk=risk,
        director="cadre2",
    )
    made_on(session, file.id, FILES_MADE)
    return file.person_id


def visit(
    session: Session,
    admin: Actor,
    person_id: str,
    day: date,
    *,
    category: str = "elder",
    method: str = "home",
    status: str = "final",
    amends: str | None = None,
) -> str:
    household_id = session.get(Person, person_id).household_id  # type: ignore[union-attr]
    row = Visit(
        person_id=person_id,
        household_id=household_id,
        category=category,
        form_id="special_elder_visit",
        form_version="2026.1",
        visited_on=day,
        method=method,
        visitor="cadre1",
        status=status,
        answers={},
        amends_visit_id=amends,
        finalised_at=datetime.combine(day, datetime.min.time(), UTC) if status == "final" else None,
    )
    record_create(session, admin, row)
    return row.id


def due_of(session: Session, actor: Actor, day: date) -> dict[tuple[str, str], DueVisit]:
    return {(v.person_name, v.category): v for v in due_visits(session, actor, day)}


def test_a_monthly_visit_is_due_the_same_day_next_month_clamped_and_overdue_after(
    session: Session, admin: Actor
) -> None:
    person_id = elder(session, admin, "张大爷")
    visit(session, admin, person_id, date(2026, 1, 31))
    assert ("张大爷", "elder") not in due_of(session, admin, date(2026, 2, 27))
    on_day = due_of(session, admin, date(2026, 2, 28))[("张大爷", "elder")]
    assert on_day.due_date == date(2026, 2, 28) and on_day.overdue_days == 0
    assert on_day.last_visited_on == date(2026, 1, 31)
    assert (on_day.frequency, on_day.frequency_label, on_day.category_label) == (
        "1m",
        "每月",
        "特殊困难老年人",
    )
    assert (on_day.village_code, on_day.village_name) == (TANQUAN, "坦泉村")
    assert due_of(session, admin, date(2026, 3, 1))[("张大爷", "elder")].overdue_days == 1
    # Visiting on the due day makes the next visit due a month later.
    visit(session, admin, person_id, date(2026, 2, 28), method="phone")
    assert ("张大爷", "elder") not in due_of(session, admin, date(2026, 3, 27))
    assert due_of(session, admin, date(2026, 3, 28))[("张大爷", "elder")].overdue_days == 0


def test_leap_years_high_risk_weekly_and_children_by_risk(session: Session, admin: Actor) -> None:
    low = elder(session, admin, "李奶奶")
    high = elder(session, admin, "王爷爷", risk="high")
    calm = child(session, admin, "小芳", risk="low")
    risky = child(session, admin, "小军", risk="high")
    for person_id, category in ((low, "elder"), (high, "elder")):
        visit(session, admin, person_id, date(2028, 1, 31), category=category)
    for person_id in (calm, risky):
        visit(session, admin, person_id, date(2027, 11, 30), category="left_behind")
    found = due_of(session, admin, date(2028, 3, 1))
    assert found[("李奶奶", "elder")].due_date == date(2028, 2, 29)
    assert found[("李奶奶", "elder")].overdue_days == 1
    assert found[("王爷爷", "elder")].due_date == date(2028, 2, 7)
    assert found[("王爷爷", "elder")].overdue_days == 23
    assert found[("小军", "left_behind")].due_date == date(2027, 12, 30)
    # Quarterly: 30 November + 3 months is 29 February in a leap year, due that day.
    assert ("小芳", "left_behind") not in due_of(session, admin, date(2028, 2, 28))
    assert due_of(session, admin, date(2028, 2, 29))[("小芳", "left_behind")].overdue_days == 0


def test_drafts_do_not_count_and_an_amendment_corrects_the_date(
    session: Session, admin: Actor
) -> None:
    person_id = elder(session, admin, "赵奶奶")
    original = visit(session, admin, person_id, date(2026, 3, 2))
    visit(session, admin, person_id, date(2026, 3, 20), status="draft")
    assert due_of(session, admin, date(2026, 4, 2))[("赵奶奶", "elder")].due_date == date(
        2026, 4, 2
    )
    # The visit was really on the 12th: the amendment's date counts, the original's not.
    visit(session, admin, person_id, date(2026, 3, 12), amends=original)
    found = due_of(session, admin, date(2026, 4, 12))[("赵奶奶", "elder")]
    assert found.last_visited_on == date(2026, 3, 12) and found.overdue_days == 0
    assert ("赵奶奶", "elder") not in due_of(session, admin, date(2026, 4, 11))


def test_visits_after_the_day_asked_do_not_count(session: Session, admin: Actor) -> None:
    person_id = elder(session, admin, "钱奶奶")
    visit(session, admin, person_id, date(2026, 3, 2))
    visit(session, admin, person_id, date(2026, 4, 20))
    found = due_of(session, admin, date(2026, 4, 10))[("钱奶奶", "elder")]
    assert found.last_visited_on == date(2026, 3, 2) and found.overdue_days == 8


def test_never_visited_counts_from_the_file_or_enrolment_else_due_at_once(
    session: Session, admin: Actor
) -> None:
    imported = elder(session, admin, "孙爷爷")
    made_here = elder(session, admin, "周爷爷")
    file_of = dict(session.execute(select(ElderFile.person_id, ElderFile.id)).all())
    made_on(session, file_of[made_here], date(2026, 5, 10))
    # A file imported from the national systems has no audit entry of its creation.
    session.execute(delete(AuditEntry).where(AuditEntry.entity_id == file_of[imported]))
    found = due_of(session, admin, date(2026, 6, 15))
    assert found[("周爷爷", "elder")].due_date == date(2026, 6, 10)
    assert found[("周爷爷", "elder")].never_visited
    assert found[("孙爷爷", "elder")].due_date == date(2026, 6, 15)
    assert found[("孙爷爷", "elder")].overdue_days == 0


def test_tekun_dispersed_and_dibao_reviews_are_scheduled(session: Session, admin: Actor) -> None:
    household = household_row(session, admin, YANGJIA)
    head = person_row(session, admin, "吴大伯", household, birth_date=date(1950, 1, 1))
    record_update(session, admin, household, {"head_person_id": head.id})
    lodger = person_row(session, admin, "吴二伯", household, birth_date=date(1952, 1, 1))
    for person_id, mode in ((head.id, "dispersed"), (lodger.id, "centralised")):
        record_create(
            session,
            admin,
            Enrolment(
                household_id=household.id,
                person_id=person_id,
                program="tekun",
                status="approved",
                support_mode=mode,
                decided_on=date(2026, 1, 20),
            ),
        )
    record_create(
        session,
        admin,
        Enrolment(
            household_id=household.id,
            program="dibao",
            status="approved",
            decided_on=date(2025, 9, 1),
            review_cycle_months=6,
            next_review_on=date(2026, 3, 1),
        ),
    )
    found = due_of(session, admin, date(2026, 3, 5))
    assert found[("吴大伯", "tekun")].due_date == date(2026, 2, 20)
    assert found[("吴大伯", "dibao")].due_date == date(2026, 3, 1)
    assert found[("吴大伯", "dibao")].tier == "irregular"
    assert ("吴二伯", "tekun") not in found  # 集中供养: the institution looks after them
    # A 低保 review is due six months after the last review visit; an elder visit is no review.
    visit(session, admin, head.id, date(2026, 3, 3), category="dibao")
    visit(session, admin, head.id, date(2026, 3, 4), category="tekun")
    found = due_of(session, admin, date(2026, 9, 3))
    assert found[("吴大伯", "dibao")].due_date == date(2026, 9, 3)
    assert found[("吴大伯", "tekun")].last_visited_on == date(2026, 3, 4)


def test_a_county_rule_overrides_the_frequency_from_its_effective_day(
    session: Session, admin: Actor
) -> None:
    person_id = elder(session, admin, "郑奶奶")
    visit(session, admin, person_id, date(2026, 3, 2))
    record_create(
        session,
        admin,
        CountyRule(
            key="visit_frequencies",
            value={"elder": {"default": "2w"}},
            effective_from=date(2026, 3, 20),
        ),
    )
    assert str(visit_rules(session, date(2026, 3, 19)).frequency("elder", "low")) == "1m"
    assert ("郑奶奶", "elder") not in due_of(session, admin, date(2026, 3, 19))
    found = due_of(session, admin, date(2026, 3, 20))[("郑奶奶", "elder")]
    assert (found.frequency, found.due_date, found.overdue_days) == ("2w", date(2026, 3, 16), 4)


def test_a_cadre_sees_only_their_villages_and_never_a_relatives_household(
    session: Session, admin: Actor
) -> None:
    mine = elder(session, admin, "坦泉老人")
    elder(session, admin, "洋佳老人", village=YANGJIA)
    relative = elder(session, admin, "亲戚老人")
    household_id = session.get(Person, relative).household_id  # type: ignore[union-attr]
    record_create(
        session,
        admin,
        RelativeDeclaration(
            household_id=household_id,
            staff_name="村干部",
            staff_username="cadre1",
            staff_position="村委会委员",
            relation="叔侄",
            declared_on=date(2026, 1, 1),
        ),
    )
    cadre = cadre_actor(admin, "cadre1", TANQUAN)
    names = {v.person_name for v in due_visits(session, cadre, date(2026, 3, 1))}
    assert names == {"坦泉老人"}
    assert {v.person_name for v in due_visits(session, admin, date(2026, 3, 1))} == {
        "坦泉老人",
        "洋佳老人",
        "亲戚老人",
    }
    assert mine


def test_the_dead_and_persons_taken_off_by_an_inactive_plan_are_not_due(
    session: Session, admin: Actor
) -> None:
    gone = elder(session, admin, "故去老人")
    person = session.get(Person, gone)
    assert person is not None
    record_update(session, admin, person, {"deceased_on": date(2026, 2, 1)})
    moved = elder(session, admin, "入住敬老院")
    record_create(session, admin, VisitPlan(person_id=moved, category="elder", active=False))
    planned = elder(session, admin, "有计划老人", responsible=None)
    record_create(
        session,
        admin,
        VisitPlan(person_id=planned, category="elder", visitor="cadre9", active=True),
    )
    found = due_of(session, admin, date(2026, 3, 1))
    assert set(found) == {("有计划老人", "elder")}
    assert found[("有计划老人", "elder")].visitor == "cadre9"
    # The death counts from its day: before it the person was still due.
    assert ("故去老人", "elder") in due_of(session, admin, date(2026, 1, 31))


def test_a_days_plan_groups_by_village_and_visitor(session: Session, admin: Actor) -> None:
    elder(session, admin, "甲", responsible="cadre1")
    elder(session, admin, "乙", responsible="cadre1")
    elder(session, admin, "丙", village=YANGJIA, responsible="cadre3")
    child(session, admin, "丁")
    plan = day_plan(session, admin, date(2026, 3, 1))
    groups = [(g.village_name, g.visitor, sorted(v.person_name for v in g.visits)) for g in plan]
    assert groups == [
        ("坦泉村", "cadre1", ["乙", "甲"]),
        ("坦泉村", "cadre2", ["丁"]),
        ("洋佳村", "cadre3", ["丙"]),
    ]


# -- coverage -----------------------------------------------------------------------------


def test_monthly_coverage_counts_contacts_by_any_method_per_village_and_category(
    session: Session, admin: Actor
) -> None:
    a = elder(session, admin, "甲老人")
    b = elder(session, admin, "乙老人")
    c = elder(session, admin, "丙老人", village=YANGJIA)
    elder(session, admin, "丁老人", village=YANGJIA)
    d = child(session, admin, "戊儿童")
    child(session, admin, "己儿童", category="in_difficulty")
    visit(session, admin, a, date(2026, 3, 1), method="home")
    visit(session, admin, b, date(2026, 3, 31), method="video")
    visit(session, admin, c, date(2026, 3, 15), method="phone")
    visit(session, admin, c, date(2026, 4, 1))  # next month
    visit(session, admin, d, date(2026, 3, 8), category="left_behind")
    report = monthly_coverage(session, admin, Month(2026, 3))
    rows = {(r.village_name, r.category): (r.enrolled, r.contacted) for r in report.rows}
    assert rows == {
        ("坦泉村", "elder"): (2, 2),
        ("坦泉村", "in_difficulty"): (1, 0),
        ("坦泉村", "left_behind"): (1, 1),
        ("洋佳村", "elder"): (2, 1),
    }
    assert (report.by_category["elder"].enrolled, report.by_category["elder"].contacted) == (4, 3)
    assert (report.total.enrolled, report.total.contacted) == (6, 4)
    assert [(n.person_name, n.category_label) for n in report.not_contacted] == [
        ("己儿童", "困境儿童"),
        ("丁老人", "特殊困难老年人"),
    ]
    assert report.not_contacted[1].last_visited_on is None
    cadre = cadre_actor(admin, "cadre1", YANGJIA)
    mine = monthly_coverage(session, cadre, Month(2026, 3))
    assert {r.village_code for r in mine.rows} == {YANGJIA}


def test_coverage_exports_to_csv_atomically_and_logs_the_export(
    session: Session, admin: Actor, tmp_path: Path
) -> None:
    a = elder(session, admin, "𠮷老人")
    elder(session, admin, "未访老人")
    visit(session, admin, a, date(2026, 3, 5), method="phone")
    visit(session, admin, a, date(2026, 2, 5))
    report = monthly_coverage(session, admin, Month(2026, 3))
    out = tmp_path / "export"
    out.mkdir()
    target = out / "覆盖.csv"
    export_coverage_csv(session, admin, report, target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["2026年3月探访覆盖情况"]
    assert ["坦泉村", "特殊困难老年人", "2", "1", "50.0%"] in rows
    assert ["总计", "", "2", "1", "50.0%"] in rows
    assert ["坦泉村", "特殊困难老年人", "未访老人", "从未探访", "cadre1"] in rows
    assert [p.name for p in out.iterdir()] == [target.name]  # no temp file left behind
    assert target.stat().st_mode & 0o077 == 0
    entry = session.scalar(select(AccessEntry).where(AccessEntry.action == "export"))
    assert entry is not None and entry.username == "admin" and "2026-03" in (entry.detail or "")
    assert "𠮷老人" not in coverage_csv(report)  # contacted: not in the list
    assert coverage_csv(report) == raw.decode("utf-8-sig")


def test_due_list_and_coverage_agree_with_the_demo_townships_raw_data(vault: Vault) -> None:
    summary = generate_demo_township(vault, persons=300, seed=1)
    day = date(2026, 11, 28)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            admin = actor_for(session, "admin")
            due = due_visits(session, admin, day)
            report = monthly_coverage(session, admin, Month(2026, 11))
            raw = _raw_demo(session, day)
    finally:
        vault.close_engine(engine)
    # Coverage of elders, counted independently from the tables.
    contacted = {
        person_id
        for person_id, category, visited_on, status in raw["visits"]
        if status == "final"
        and category != "dibao"
        and visited_on.year == 2026
        and visited_on.month == 11
    }
    november = date(2026, 11, 1)
    elders = {
        person_id
        for person_id in raw["elders"]
        if raw["died"][person_id] is None
        or raw["died"][person_id] > date(2026, 11, 30)
        or (raw["died"][person_id] >= november and person_id in contacted)
    }
    assert 0 < report.by_category["elder"].enrolled == len(elders)
    assert report.by_category["elder"].contacted == len(elders & contacted)
    assert sum(r.enrolled for r in report.rows) == report.total.enrolled
    missing = {n.person_id for n in report.not_contacted if n.category == "elder"}
    assert missing == elders - contacted
    assert summary.visits > 0
    # Every elder listed as due had no visit within the month before.
    last: dict[str, date] = {}
    for person_id, category, visited_on, status in raw["visits"]:
        if status == "final" and category != "dibao" and visited_on <= day:
            last[person_id] = max(visited_on, last.get(person_id, visited_on))
    monthly = Frequency.parse("1m")
    for item in due:
        if item.category == "elder" and item.tier != "high":
            assert item.last_visited_on == last.get(item.person_id)
            expected = next_due(monthly, last.get(item.person_id), None) or day
            assert item.due_date == expected <= day
    alive = {p for p in raw["elders"] if raw["died"][p] is None or raw["died"][p] > day}
    not_due = alive - {v.person_id for v in due if v.category == "elder"}
    for person_id in not_due:
        assert person_id in last and last[person_id] > day - timedelta(days=31)
    assert Counter(v.category for v in due)["elder"] > 0


def _raw_demo(session: Session, day: date) -> dict[str, Any]:
    died = dict(session.execute(select(Person.id, Person.deceased_on)).all())
    elders = {
        person_id
        for (person_id,) in session.execute(
            select(ElderFile.person_id)
            .join(Person, Person.id == ElderFile.person_id)
            .join(Household, Household.id == Person.household_id)
        ).all()
    }
    visits = session.execute(
        select(Visit.person_id, Visit.category, Visit.visited_on, Visit.status).where(
            Visit.amends_visit_id.is_(None)
        )
    ).all()
    return {"elders": elders, "died": died, "visits": [tuple(v) for v in visits]}


# -- corrections, drafts and deleted visits on both reads --------------------------------------


def last_of_not_contacted(report: CoverageReport) -> dict[str, date | None]:
    return {n.person_name: n.last_visited_on for n in report.not_contacted}


def test_coverage_counts_an_amended_visit_on_its_corrected_date_and_method(
    session: Session, admin: Actor
) -> None:
    moved_out = elder(session, admin, "改期老人")
    moved_in = elder(session, admin, "补录老人")
    by_letter = elder(session, admin, "信件老人")
    first = visit(session, admin, moved_out, date(2026, 3, 30))
    visit(session, admin, moved_out, date(2026, 4, 2), amends=first)  # really in April
    second = visit(session, admin, moved_in, date(2026, 2, 27))
    visit(session, admin, moved_in, date(2026, 3, 3), amends=second)  # really in March
    third = visit(session, admin, by_letter, date(2026, 3, 9), method="phone")
    visit(session, admin, by_letter, date(2026, 3, 9), method="letter", amends=third)
    march = monthly_coverage(session, admin, Month(2026, 3))
    assert last_of_not_contacted(march) == {
        "改期老人": None,  # its only visit is in April now
        "信件老人": date(2026, 3, 9),  # a letter is no contact, but it is the last one
    }
    assert (march.total.enrolled, march.total.contacted) == (3, 1)
    april = monthly_coverage(session, admin, Month(2026, 4))
    assert last_of_not_contacted(april) == {
        "补录老人": date(2026, 3, 3),
        "信件老人": date(2026, 3, 9),
    }


def test_coverage_ignores_drafts_deleted_visits_and_visits_after_the_month(
    session: Session, admin: Actor
) -> None:
    drafted = elder(session, admin, "草稿老人")
    deleted = elder(session, admin, "删除老人")
    later = elder(session, admin, "四月老人")
    reached = elder(session, admin, "已访老人")
    visit(session, admin, drafted, date(2026, 3, 10), status="draft")
    gone = visit(session, admin, deleted, date(2026, 3, 11))
    session.execute(update(Visit).where(Visit.id == gone).values(deleted=True))
    visit(session, admin, later, date(2026, 2, 5))
    visit(session, admin, later, date(2026, 4, 1))
    visit(session, admin, reached, date(2026, 3, 31), method="video")
    report = monthly_coverage(session, admin, Month(2026, 3))
    assert last_of_not_contacted(report) == {
        "草稿老人": None,
        "删除老人": None,
        "四月老人": date(2026, 2, 5),
    }
    assert (report.total.enrolled, report.total.contacted) == (4, 1)


def test_due_list_ignores_deleted_and_draft_amendments_and_corrections_after_the_day(
    session: Session, admin: Actor
) -> None:
    person_id = elder(session, admin, "周奶奶")
    visit(session, admin, person_id, date(2026, 2, 1))
    original = visit(session, admin, person_id, date(2026, 3, 2))
    withdrawn = visit(session, admin, person_id, date(2026, 3, 25), amends=original)
    session.execute(update(Visit).where(Visit.id == withdrawn).values(deleted=True))
    visit(session, admin, person_id, date(2026, 3, 28), amends=original, status="draft")
    found = due_of(session, admin, date(2026, 4, 2))[("周奶奶", "elder")]
    assert found.last_visited_on == date(2026, 3, 2) and found.overdue_days == 0
    # Corrected to a day after the one asked: the visit before it is the last contact.
    visit(session, admin, person_id, date(2026, 4, 20), amends=original)
    found = due_of(session, admin, date(2026, 4, 10))[("周奶奶", "elder")]
    assert found.last_visited_on == date(2026, 2, 1) and found.overdue_days == 40
    other = elder(session, admin, "吴爷爷")
    gone = visit(session, admin, other, date(2026, 4, 5))
    session.execute(update(Visit).where(Visit.id == gone).values(deleted=True))
    assert due_of(session, admin, date(2026, 4, 10))[("吴爷爷", "elder")].last_visited_on is None


def test_reader_connections_cache_more_pages_than_the_writer(vault: Vault) -> None:
    # The due list and coverage run on readers; at 50,000 persons they touch > 32 MiB.
    reader, writer = vault.open_engine(readonly=True), vault.open_engine()
    try:
        with reader.connect() as mine, writer.connect() as theirs:
            assert mine.exec_driver_sql("PRAGMA cache_size").scalar() == -READER_CACHE_SIZE_KIB
            assert theirs.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_SIZE_KIB
    finally:
        vault.close_engine(reader)
        vault.close_engine(writer)
    assert READER_CACHE_SIZE_KIB >= 2 * CACHE_SIZE_KIB


def test_the_collector_is_paused_until_the_last_of_overlapping_reads_ends() -> None:
    from minzheng_field.services.schedules import _collector_paused

    assert gc.isenabled()
    first, second = _collector_paused(), _collector_paused()
    first.__enter__()
    second.__enter__()  # a second reader thread starts while the first still reads
    first.__exit__(None, None, None)
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()  # paused by someone else: left as it was
    try:
        with _collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_never_visited_since_long_ago_is_overdue_since_records_began(
    session: Session, admin: Actor
) -> None:
    """A caseload entered on installation: years-old enrolments, visits kept from then on."""
    session.execute(
        update(VaultMeta)
        .where(VaultMeta.key == "created_at")
        .values(value=datetime(2026, 5, 1, 4, tzinfo=UTC).isoformat())
    )
    made_here = elder(session, admin, "周爷爷")
    file_id = session.scalar(select(ElderFile.id).where(ElderFile.person_id == made_here))
    made_on(session, file_id, date(2012, 2, 20))
    found = due_of(session, admin, date(2026, 6, 15))[("周爷爷", "elder")]
    assert (found.due_date, found.overdue_days) == (date(2026, 5, 1), 45)
    # A visit older than the vault (typed in from paper) moves the beginning back.
    visit(session, admin, elder(session, admin, "孙爷爷"), date(2026, 3, 2))
    found = due_of(session, admin, date(2026, 6, 15))[("周爷爷", "elder")]
    assert found.due_date == date(2026, 3, 2)
    # A day before the vault was made reads as the records say.
    found = due_of(session, admin, date(2026, 4, 1))[("周爷爷", "elder")]
    assert found.due_date == date(2012, 3, 20)
