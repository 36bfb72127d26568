"""The care pages' lists: what matches, in what order, and only what the reader may see."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, cadre_user, demo_township_session
from minzheng_field.domain.roles import Role
from minzheng_field.services.care_queries import (
    ChildListQuery,
    ChildRow,
    ChildSort,
    ElderListQuery,
    ElderRow,
    ElderSort,
    NoticeListQuery,
    VisitListQuery,
    care_person,
    care_workers,
    child_candidates,
    child_list,
    child_rows,
    elder_candidates,
    elder_list,
    elder_rows,
    notice_list,
    notice_rows,
    visible_villages,
    visit_list,
    visit_months,
    visit_rows,
)
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.demo import DEFAULT_TODAY
from minzheng_field.services.errors import Forbidden
from minzheng_field.services.recording import record_create, record_update
from minzheng_field.services.visibility import CADRE_READABLE
from minzheng_field.store.models import (
    ChildFile,
    ElderFile,
    Household,
    Notice,
    Person,
    PersonSearch,
    RelativeDeclaration,
    UserProfile,
    Visit,
)
from minzheng_field.store.vault import Vault

TODAY = DEFAULT_TODAY


@pytest.fixture
def demo_session(vault: Vault) -> Iterator[Session]:
    yield from demo_township_session(vault)


def admin_of(session: Session) -> Actor:
    return actor_for(session, "admin")


def village_of_person(session: Session, person_id: str) -> str:
    return session.scalar(
        select(Household.village_code)
        .join(Person, Person.household_id == Household.id)
        .where(Person.id == person_id)
    )


def test_every_child_file_is_listed_once(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    ids = child_list(demo_session, admin, ChildListQuery())
    filed = set(demo_session.scalars(select(ChildFile.person_id)))
    assert len(ids) == len(set(ids)) == len(filed) > 10
    assert set(ids) == filed


def test_rows_come_in_the_order_asked_with_the_files_values(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    ids = child_list(demo_session, admin, ChildListQuery())
    wanted = [ids[3], ids[0], ids[7]]
    rows = child_rows(demo_session, admin, wanted, today=TODAY)
    assert [row.person_id for row in rows] == wanted
    for row in rows:
        stored = demo_session.scalar(select(ChildFile).where(ChildFile.person_id == row.person_id))
        person = demo_session.get(Person, row.person_id)
        assert (row.category, row.risk_level, row.guardian_name) == (
            stored.category,
            stored.risk_level,
            stored.guardian_name,
        )
        assert row.name == person.name
        assert row.village_code == village_of_person(demo_session, row.person_id)
        assert row.village_name and row.village_name.endswith(("村", "社区"))
        assert row.age is not None and 0 <= row.age < 18
        assert row.child_director_name  # the demo's cadres have display names


def test_children_filters_narrow_to_what_the_files_hold(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    everyone = set(child_list(demo_session, admin, ChildListQuery()))
    left_behind = set(
        child_list(demo_session, admin, ChildListQuery(categories=frozenset({"left_behind"})))
    )
    expected = set(
        demo_session.scalars(select(ChildFile.person_id).where(ChildFile.category == "left_behind"))
    )
    assert left_behind == expected and 0 < len(left_behind) < len(everyone)
    high = set(child_list(demo_session, admin, ChildListQuery(risk_levels=frozenset({"high"}))))
    assert high == set(
        demo_session.scalars(select(ChildFile.person_id).where(ChildFile.risk_level == "high"))
    )
    village = village_of_person(demo_session, next(iter(everyone)))
    in_village = child_list(demo_session, admin, ChildListQuery(village_codes=frozenset({village})))
    assert in_village and all(village_of_person(demo_session, p) == village for p in in_village)
    both = set(
        child_list(
            demo_session,
            admin,
            ChildListQuery(categories=frozenset({"left_behind"}), risk_levels=frozenset({"high"})),
        )
    )
    assert both == left_behind & high


def test_children_found_by_name_or_pinyin(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    rows = child_rows(demo_session, admin, child_list(demo_session, admin, ChildListQuery()))
    someone = rows[0]
    by_name = child_list(demo_session, admin, ChildListQuery(text=someone.name[1:]))
    assert someone.person_id in by_name
    assert all(someone.name[1:] in row.name for row in child_rows(demo_session, admin, by_name))
    readings = demo_session.scalar(
        select(PersonSearch.pinyin).where(PersonSearch.person_id == someone.person_id)
    ).split()
    for reading in (readings[0], readings[-1]):
        by_pinyin = child_list(demo_session, admin, ChildListQuery(text=reading))
        assert someone.person_id in by_pinyin and len(by_pinyin) < len(rows)
    assert child_list(demo_session, admin, ChildListQuery(text="1234")) == []


def test_children_sorted_by_risk_then_by_age(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    rank = {"high": 0, "medium": 1, "low": 2}
    ids = child_list(demo_session, admin, ChildListQuery(sort=ChildSort.RISK))
    risks = [rank[row.risk_level] for row in child_rows(demo_session, admin, ids)]
    assert risks == sorted(risks)
    ids = child_list(demo_session, admin, ChildListQuery(sort=ChildSort.AGE))
    births = [row.birth_date for row in child_rows(demo_session, admin, ids)]
    assert births == sorted(births, reverse=True)  # youngest first
    ids = child_list(demo_session, admin, ChildListQuery(sort=ChildSort.AGE, descending=True))
    births = [row.birth_date for row in child_rows(demo_session, admin, ids)]
    assert births == sorted(births)
    for sort in ChildSort:
        for descending in (False, True):
            listed = child_list(
                demo_session, admin, ChildListQuery(sort=sort, descending=descending)
            )
            assert sorted(listed) == sorted(ids)


def test_list_rows_hold_only_fields_a_cadre_may_read() -> None:
    readable = CADRE_READABLE[ChildFile] | CADRE_READABLE[Person] | {"id", "name"}
    file_fields = {
        "category",
        "risk_level",
        "guardian_name",
        "guardian_relation",
        "last_parent_contact_on",
        "child_director",
    }
    shown = {field.name for field in dataclasses.fields(ChildRow)}
    assert file_fields <= shown and file_fields <= readable
    # Nothing of a parent's situation, nor the child's health, is ever in a list row.
    assert not {name for name in shown if name.startswith(("father", "mother", "health"))}
    elder_shown = {field.name for field in dataclasses.fields(ElderRow)}
    assert {"categories", "risk_tier", "living_arrangement", "responsible"} <= elder_shown
    assert not elder_shown & {"care_needs", "emergency_contact_phone", "notes"}


def test_a_cadre_lists_only_their_villages(demo_session: Session) -> None:
    cadre = cadre_user(demo_session, "cadre1", TANQUAN)
    admin = admin_of(demo_session)
    everyone = child_list(demo_session, admin, ChildListQuery())
    theirs = child_list(demo_session, cadre, ChildListQuery())
    assert theirs and len(theirs) < len(everyone)
    assert all(village_of_person(demo_session, p) == TANQUAN for p in theirs)
    # Asking for another village finds nobody; rows of other villages are left out.
    assert child_list(demo_session, cadre, ChildListQuery(village_codes=frozenset({YANGJIA}))) == []
    others = [p for p in everyone if p not in theirs]
    assert child_rows(demo_session, cadre, others) == []
    elders = elder_list(demo_session, cadre, ElderListQuery())
    assert all(village_of_person(demo_session, p) == TANQUAN for p in elders)
    assert [v.code for v in visible_villages(demo_session, cadre)] == [TANQUAN]
    assert len(visible_villages(demo_session, admin)) > 5


def test_a_declared_relative_household_is_left_out(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    cadre = cadre_user(demo_session, "cadre1", TANQUAN)
    theirs = child_list(demo_session, cadre, ChildListQuery())
    household_id = demo_session.get(Person, theirs[0]).household_id
    record_create(
        demo_session,
        admin,
        RelativeDeclaration(
            household_id=household_id,
            staff_name="村干部",
            staff_username="cadre1",
            staff_position="村委委员",
            relation="叔侄",
            declared_on=date(2026, 1, 5),
        ),
    )
    after = child_list(demo_session, cadre, ChildListQuery())
    assert theirs[0] not in after
    assert child_rows(demo_session, cadre, [theirs[0]]) == []
    assert theirs[0] in child_list(demo_session, admin, ChildListQuery())


def test_a_hidden_parent_situation_does_not_reach_a_cadre_through_the_list(
    demo_session: Session,
) -> None:
    admin = admin_of(demo_session)
    cadre = cadre_user(demo_session, "cadre1", TANQUAN)
    person_id = child_list(demo_session, cadre, ChildListQuery())[0]
    child_file = demo_session.scalar(select(ChildFile).where(ChildFile.person_id == person_id))
    record_update(demo_session, admin, child_file, {"mother_situation": "imprisoned"})
    (row,) = child_rows(demo_session, cadre, [person_id])
    assert "imprisoned" not in repr(row)


def test_elders_filtered_by_any_of_their_categories(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    everyone = elder_list(demo_session, admin, ElderListQuery())
    assert set(everyone) == set(demo_session.scalars(select(ElderFile.person_id)))
    files = demo_session.scalars(select(ElderFile)).all()
    alone = set(
        elder_list(demo_session, admin, ElderListQuery(categories=frozenset({"living_alone"})))
    )
    assert alone == {f.person_id for f in files if "living_alone" in f.categories}
    either = set(
        elder_list(
            demo_session,
            admin,
            ElderListQuery(categories=frozenset({"living_alone", "incapacitated"})),
        )
    )
    assert either == {
        f.person_id for f in files if {"living_alone", "incapacitated"} & set(f.categories)
    }
    assert alone < either < set(everyone)
    high = elder_list(demo_session, admin, ElderListQuery(risk_tiers=frozenset({"high"})))
    assert set(high) == {f.person_id for f in files if f.risk_tier == "high"}
    rows = elder_rows(demo_session, admin, everyone, today=TODAY)
    assert all(row.age is not None and row.age >= 60 for row in rows if row.deceased_on is None)
    assert all(row.categories for row in rows)
    ranks = [{"high": 0, "medium": 1, "low": 2}[row.risk_tier] for row in rows]
    assert ranks == sorted(ranks)
    for sort in ElderSort:
        assert sorted(elder_list(demo_session, admin, ElderListQuery(sort=sort))) == sorted(
            everyone
        )


def test_elders_last_visit_is_the_latest_visit(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    ids = elder_list(demo_session, admin, ElderListQuery(sort=ElderSort.LAST_VISIT))
    rows = elder_rows(demo_session, admin, ids)
    for row in rows[:5]:
        latest = demo_session.scalar(
            select(func.max(Visit.visited_on)).where(Visit.person_id == row.person_id)
        )
        assert row.last_visited_on == latest


def test_visits_latest_first_filtered_by_month_and_village(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    ids = visit_list(demo_session, admin, VisitListQuery())
    assert len(ids) == demo_session.scalar(select(func.count()).select_from(Visit))
    rows = visit_rows(demo_session, admin, ids[:50])
    assert [row.id for row in rows] == ids[:50]
    days = [row.visited_on for row in rows]
    assert days == sorted(days, reverse=True)
    assert {row.method for row in rows} <= {"home", "phone", "video"}
    months = visit_months(demo_session, admin)
    assert months == sorted(months, reverse=True) and months[0] == date(2026, 11, 1)
    october = visit_list(demo_session, admin, VisitListQuery(month=date(2026, 10, 1)))
    october_rows = visit_rows(demo_session, admin, october)
    assert october and all(row.visited_on.month == 10 for row in october_rows)
    assert len(october) == demo_session.scalar(
        select(func.count())
        .select_from(Visit)
        .where(Visit.visited_on >= date(2026, 10, 1), Visit.visited_on < date(2026, 11, 1))
    )
    december = visit_list(demo_session, admin, VisitListQuery(month=date(2025, 12, 1)))
    assert all(r.visited_on.month == 12 for r in visit_rows(demo_session, admin, december))
    in_tanquan = visit_rows(
        demo_session,
        admin,
        visit_list(demo_session, admin, VisitListQuery(village_codes=frozenset({TANQUAN}))),
    )
    assert in_tanquan and all(row.village_code == TANQUAN for row in in_tanquan)
    assert all(row.visitor_name for row in in_tanquan)


def test_a_cadre_sees_only_visits_of_their_villages(demo_session: Session) -> None:
    cadre = cadre_user(demo_session, "cadre1", YANGJIA)
    ids = visit_list(demo_session, cadre, VisitListQuery())
    rows = visit_rows(demo_session, cadre, ids)
    assert rows and {row.village_code for row in rows} == {YANGJIA}
    admin_ids = visit_list(demo_session, admin_of(demo_session), VisitListQuery())
    assert visit_rows(demo_session, cadre, [i for i in admin_ids if i not in ids][:20]) == []


def notice_for(session: Session, actor: Actor, village: str, number: str, issued: date) -> str:
    household_id = session.scalar(
        select(Household.id)
        .where(Household.village_code == village, Household.head_person_id.is_not(None))
        .limit(1)
    )
    notice = Notice(
        household_id=household_id,
        kind="approval",
        number=number,
        issued_on=issued,
        content={"reasons": "收入低于标准"},
    )
    record_create(session, actor, notice)
    return notice.id


def test_notices_latest_issued_first_within_the_readers_villages(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    older = notice_for(demo_session, admin, TANQUAN, "永民〔2026〕3号", date(2026, 3, 2))
    newer = notice_for(demo_session, admin, YANGJIA, "永民〔2026〕9号", date(2026, 9, 14))
    assert notice_list(demo_session, admin, NoticeListQuery()) == [newer, older]
    rows = notice_rows(demo_session, admin, [newer, older])
    assert [row.number for row in rows] == ["永民〔2026〕9号", "永民〔2026〕3号"]
    assert rows[0].head_name and rows[0].village_name == "洋佳村"
    assert "reasons" not in repr(rows)
    only_tanquan = NoticeListQuery(village_codes=frozenset({TANQUAN}))
    assert notice_list(demo_session, admin, only_tanquan) == [older]
    cadre = cadre_user(demo_session, "cadre1", TANQUAN)
    assert notice_list(demo_session, cadre, NoticeListQuery()) == [older]
    assert notice_rows(demo_session, cadre, [newer]) == []


def test_candidates_are_children_of_the_caseload_flagged_when_filed(
    demo_session: Session,
) -> None:
    admin = admin_of(demo_session)
    candidates = child_candidates(demo_session, admin, "", today=TODAY)
    assert candidates and all(c.age is not None and c.age < 18 for c in candidates)
    filed = set(demo_session.scalars(select(ChildFile.person_id)))
    assert all(c.has_file == (c.person_id in filed) for c in candidates)
    assert any(not c.has_file for c in candidates)
    assert all(c.masked_resident_id is None or "*" in c.masked_resident_id for c in candidates)
    someone = next(c for c in candidates if c.has_file)
    assert someone.person_id in {
        c.person_id for c in child_candidates(demo_session, admin, someone.name, today=TODAY)
    }
    elders = elder_candidates(demo_session, admin, "", today=TODAY)
    assert elders and all(c.age is not None and c.age >= 60 for c in elders)
    cadre = cadre_user(demo_session, "cadre1", TANQUAN)
    assert {c.village_code for c in child_candidates(demo_session, cadre, "", today=TODAY)} == {
        TANQUAN
    }


def test_care_workers_are_active_users_cadres_first(demo_session: Session) -> None:
    admin = admin_of(demo_session)
    workers = care_workers(demo_session, admin)
    assert {w.username for w in workers} >= {"admin", "tanquancun"}
    roles = [w.role == Role.VILLAGE_CADRE.value for w in workers]
    assert roles == sorted(roles, reverse=True)
    profile = demo_session.get(UserProfile, "tanquancun")
    profile.active = False
    demo_session.flush()
    assert "tanquancun" not in {w.username for w in care_workers(demo_session, admin)}


def test_care_person_is_the_header_of_a_file_within_the_readers_villages(
    demo_session: Session,
) -> None:
    admin = admin_of(demo_session)
    child_id = child_list(demo_session, admin, ChildListQuery())[0]
    person = care_person(demo_session, admin, child_id, today=TODAY)
    (row,) = child_rows(demo_session, admin, [child_id], today=TODAY)
    assert (person.name, person.age, person.village_name) == (row.name, row.age, row.village_name)
    assert person.has_child_file and not person.has_elder_file
    elder_id = elder_list(demo_session, admin, ElderListQuery())[0]
    assert care_person(demo_session, admin, elder_id).has_elder_file
    cadre = cadre_user(demo_session, "cadre1", TANQUAN)
    elsewhere = next(
        p
        for p in child_list(demo_session, admin, ChildListQuery())
        if village_of_person(demo_session, p) != TANQUAN
    )
    with pytest.raises(Forbidden):
        care_person(demo_session, cadre, elsewhere)
