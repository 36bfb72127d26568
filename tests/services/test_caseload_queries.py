"""The caseload browser's reads: search pages with programs and deaths, fixed lists, villages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, cadre_user, household_row, person_row
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.services.caseload_queries import (
    ProgramMark,
    caseload_rowids,
    caseload_rows,
    caseload_rows_by_rowid,
    caseload_villages,
    listed_rowids,
    listed_rows,
)
from minzheng_field.services.context import Actor
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import ChildFile, Enrolment, Household
from minzheng_field.store.queries.person_search import PersonQuery, PersonSort, RiskFlag

TODAY = date(2026, 11, 28)


def enrol(
    session: Session,
    actor: Actor,
    household: Household,
    program: Program,
    status: EnrolmentStatus,
    person_id: str | None = None,
) -> None:
    record_create(
        session,
        actor,
        Enrolment(household_id=household.id, person_id=person_id, program=program, status=status),
    )


def test_a_page_names_the_programs_of_the_person_and_their_household(
    session: Session, admin: Actor
) -> None:
    household = household_row(session, admin, TANQUAN)
    head = person_row(session, admin, "曾德胜", household, relation="self")
    child = person_row(session, admin, "曾小红", household, relation="daughter")
    enrol(session, admin, household, Program.DIBAO, EnrolmentStatus.APPROVED)
    enrol(session, admin, household, Program.TEKUN, EnrolmentStatus.STOPPED, head.id)
    enrol(session, admin, household, Program.ORPHAN, EnrolmentStatus.APPLIED, child.id)

    rows = caseload_rows(session, admin, PersonQuery(text="曾", sort=PersonSort.NAME)).rows

    by_name = {row.hit.name: row for row in rows}
    assert by_name["曾德胜"].programs == (
        ProgramMark(Program.DIBAO, EnrolmentStatus.APPROVED),
        ProgramMark(Program.TEKUN, EnrolmentStatus.STOPPED),
    )
    assert by_name["曾小红"].programs == (
        ProgramMark(Program.DIBAO, EnrolmentStatus.APPROVED),
        ProgramMark(Program.ORPHAN, EnrolmentStatus.APPLIED),
    )
    assert by_name["曾德胜"].village_name == "坦泉村"


def test_a_page_marks_the_dead_and_a_death_with_a_benefit(session: Session, admin: Actor) -> None:
    household = household_row(session, admin, TANQUAN)
    person_row(session, admin, "李已故", household, deceased_on=date(2026, 3, 1))
    paid = person_row(session, admin, "李在保", household, deceased_on=date(2026, 3, 1))
    enrol(session, admin, household, Program.TEKUN, EnrolmentStatus.APPROVED, paid.id)

    rows = caseload_rows(session, admin, PersonQuery(text="李", today=TODAY)).rows

    by_name = {row.hit.name: row for row in rows}
    assert by_name["李已故"].deceased and by_name["李在保"].deceased
    assert RiskFlag.DECEASED_WITH_BENEFIT not in by_name["李已故"].hit.flags
    assert RiskFlag.DECEASED_WITH_BENEFIT in by_name["李在保"].hit.flags


def test_a_list_keeps_only_whom_the_reader_may_see_in_name_order(
    session: Session, admin: Actor
) -> None:
    tanquan, yangjia = (
        household_row(session, admin, TANQUAN),
        household_row(session, admin, YANGJIA),
    )
    zhao = person_row(session, admin, "赵六", tanquan, resident_id="431023201506204587")
    wang = person_row(session, admin, "王五", tanquan, birth_date=date(2015, 6, 20))
    elsewhere = person_row(session, admin, "陈七", yangjia)
    record_create(
        session, admin, ChildFile(person_id=wang.id, category="left_behind", risk_level="high")
    )
    ids = [zhao.id, wang.id, elsewhere.id]

    everyone = listed_rows(session, admin, ids, today=TODAY)
    assert [row.hit.name for row in everyone.rows] == ["陈七", "王五", "赵六"]
    assert everyone.total == 3
    by_name = {row.hit.name: row.hit for row in everyone.rows}
    assert by_name["王五"].age == 11
    assert by_name["王五"].flags == frozenset({RiskFlag.CHILD_HIGH_RISK})
    assert by_name["赵六"].masked_resident_id == "4310**********4587"

    tanquan_cadre = cadre_user(session, "tanquan", TANQUAN)
    seen = listed_rows(session, tanquan_cadre, ids, sort=PersonSort.NAME, descending=True)
    assert [row.hit.name for row in seen.rows] == ["赵六", "王五"]
    second_page = listed_rows(session, tanquan_cadre, ids, offset=1, limit=1)
    assert [row.hit.name for row in second_page.rows] == ["赵六"]
    assert second_page.total == 2


def test_villages_are_the_townships_or_a_cadres_own(session: Session, admin: Actor) -> None:
    everyone = caseload_villages(session, admin)
    assert {TANQUAN, YANGJIA} <= {village.code for village in everyone}
    assert all(village.code.startswith("431023113") for village in everyone)

    own = caseload_villages(session, cadre_user(session, "yangjia", YANGJIA))
    assert [(village.code, village.name) for village in own] == [(YANGJIA, "洋佳村")]


def test_rowids_of_a_search_follow_its_order_and_read_back_as_its_rows(
    session: Session, admin: Actor
) -> None:
    household = household_row(session, admin, TANQUAN)
    for name in ("李一", "李二", "李三", "李四", "李五", "张李"):
        person_row(session, admin, name, household)
    query = PersonQuery(text="李", today=TODAY)

    pages = [
        caseload_rows(session, admin, replace(query, offset=offset, limit=2)).rows
        for offset in (0, 2, 4)
    ]
    rowids = caseload_rowids(session, admin, query)
    read_back = caseload_rows_by_rowid(session, admin, rowids, today=TODAY)

    assert len(rowids) == 6
    assert list(read_back) == [row for page in pages for row in page]
    # Every rowid in one pass: the same first page and count as counting apart.
    along = caseload_rows(session, admin, replace(query, limit=2), with_rowids=True)
    assert along.rows == pages[0] and along.total == 6
    assert along.rowids is not None and list(along.rowids) == list(rowids)
    # Left to choose: a text is read whole; everyone is counted apart.
    assert caseload_rows(session, admin, query, with_rowids=None).rowids is not None
    assert caseload_rows(session, admin, PersonQuery(), with_rowids=None).rowids is None


def test_a_row_read_by_rowid_is_none_once_gone_or_outside_the_readers_villages(
    session: Session, admin: Actor
) -> None:
    tanquan, yangjia = (
        household_row(session, admin, TANQUAN),
        household_row(session, admin, YANGJIA),
    )
    stays = person_row(session, admin, "周留", tanquan)
    leaves = person_row(session, admin, "周走", tanquan)
    elsewhere = person_row(session, admin, "周外", yangjia)
    rowids = caseload_rowids(session, admin, PersonQuery(text="周", sort=PersonSort.NAME))
    assert len(rowids) == 3

    leaves.deleted = True
    session.flush()
    cadre = cadre_user(session, "tanquan", TANQUAN)
    rows = caseload_rows_by_rowid(session, cadre, rowids)

    by_rowid = dict(zip(rowids, rows, strict=True))
    shown = {row.hit.person_id for row in rows if row is not None}
    assert shown == {stays.id}
    assert sum(row is None for row in by_rowid.values()) == 2
    assert elsewhere.id not in shown


def test_a_list_gives_every_rowid_in_its_order(session: Session, admin: Actor) -> None:
    household = household_row(session, admin, TANQUAN)
    people = [person_row(session, admin, name, household) for name in ("丙", "甲", "乙")]
    ids = [person.id for person in people]

    listed = listed_rows(session, admin, ids, limit=1)
    rowids = listed_rowids(session, admin, ids)

    assert listed.total == 3 and listed.rowids is not None
    assert list(listed.rowids) == list(rowids)
    names = [row.hit.name for row in caseload_rows_by_rowid(session, admin, rowids) if row]
    assert names == [row.hit.name for row in listed_rows(session, admin, ids).rows]
