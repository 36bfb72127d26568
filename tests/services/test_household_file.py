"""The household file: township staff see it all (masked), a cadre only their duty's fields."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from caseload_builders import (
    ILL_HEAD,
    TANQUAN,
    YANGJIA,
    cadre_actor,
    household_row,
    person_row,
    rid,
)
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, NotFound
from minzheng_field.services.household_file import HouseholdFile, household_history, open_household
from minzheng_field.services.recording import record_create, record_delete, record_update
from minzheng_field.services.visibility import CADRE_HIDDEN, RELATED_MESSAGE
from minzheng_field.store.models import (
    ChildFile,
    ElderFile,
    Enrolment,
    EnrolmentEvent,
    Household,
    Notice,
    Person,
    RelativeDeclaration,
    Task,
    UserProfile,
)
from visit_builders import final_visit

TODAY = date(2026, 3, 10)

HEAD_ID = rid("43102319560312001")
HEAD_PHONE = "13807351234"
CHILD_ID = rid("43102320150601002")
BANK_ACCOUNT = "6217995550001234567"
# Values that a cadre must never get back, in any form.
SECRETS = (
    BANK_ACCOUNT,
    "郴州农商银行",
    "砖混两层",
    "收入来自务工",
    "7777777",
    "多病",
    "chronically_ill",
    "肢体",
    "imprisoned",
    "永州监狱",
    "0746-1234567",
    "哮喘",
    "收入超标",
    "分类A",
    "A类",
    "张专干",
    HEAD_ID,
    HEAD_PHONE,
)


def assistant(admin: Actor, username: str = "zhuangan") -> Actor:
    return Actor(username, Role.TOWNSHIP_ASSISTANT, admin.device_id)


@dataclass
class World:
    household: Household
    head: Person
    child: Person
    dead: Person
    baby: Person
    enrolment: Enrolment
    child_file: ChildFile
    elder_file: ElderFile
    other_household: Household


def build(session: Session, admin: Actor) -> World:
    session.add(UserProfile(username="cadre1", display_name="李村干", role="village_cadre"))
    household = Household(
        village_code=TANQUAN,
        address="坦泉村3组",
        phone=HEAD_PHONE,
        housing="砖混两层",
        bank_name="郴州农商银行",
        bank_account=BANK_ACCOUNT,
        dibao_certificate_no="DB-2026-001",
        notes="收入来自务工",
    )
    record_create(session, admin, household)
    head = Person(
        household_id=household.id,
        relation="self",
        name="曾德胜",
        sex="男",
        resident_id=HEAD_ID,
        birth_date=date(1956, 3, 12),
        phone=HEAD_PHONE,
        notes="多病",
        **ILL_HEAD,
    )
    child = Person(
        household_id=household.id,
        relation="grandchild",
        name="曾𠮷",
        sex="女",
        resident_id=CHILD_ID,
        birth_date=date(2015, 6, 1),
    )
    dead = Person(
        household_id=household.id,
        relation="spouse",
        name="李秀英",
        sex="女",
        birth_date=date(1950, 1, 20),
        deceased_on=date(2025, 12, 1),
    )
    baby = Person(
        household_id=household.id,
        relation="grandchild",
        name="曾小宝",
        birth_date=date(2026, 1, 5),
        pending_verification=True,
        pending_reason="unregistered_baby",
    )
    for person in (head, child, dead, baby):
        record_create(session, admin, person)
    record_update(session, admin, household, {"head_person_id": head.id})
    enrolment = Enrolment(
        household_id=household.id,
        program="dibao",
        status="applied",
        applied_on=date(2025, 10, 1),
        per_capita_income_fen=7777777,
        dibao_class="分类A",
        notes="收入超标",
    )
    record_create(session, admin, enrolment)
    record_create(
        session,
        admin,
        EnrolmentEvent(
            enrolment_id=enrolment.id, to_status="applied", effective_on=date(2025, 10, 1)
        ),
    )
    record_update(
        session,
        admin,
        enrolment,
        {"status": "approved", "monthly_amount_fen": 52000, "decided_on": date(2025, 11, 5)},
    )
    record_create(
        session,
        admin,
        EnrolmentEvent(
            enrolment_id=enrolment.id,
            from_status="applied",
            to_status="approved",
            effective_on=date(2025, 11, 5),
            monthly_amount_fen=52000,
            reason="收入超标 复核后仍符合",
        ),
        reason="收入超标",
    )
    child_file = ChildFile(
        person_id=child.id,
        category="left_behind",
        father_situation="imprisoned",
        father_whereabouts="永州监狱",
        father_phone="0746-1234567",
        mother_situation="away_working",
        mother_whereabouts="广东东莞",
        mother_phone="13900001111",
        guardian_name="曾德胜",
        guardian_relation="祖父",
        health="哮喘",
        risk_level="high",
        child_director="cadre1",
    )
    record_create(session, admin, child_file)
    elder_file = ElderFile(person_id=head.id, categories=["living_alone"], risk_tier="medium")
    record_create(session, admin, elder_file)
    final_visit(
        session,
        admin,
        head.id,
        date(2026, 1, 10),
        form_id="elder_visit",
        method="home",
        household_id=household.id,
    )
    final_visit(
        session, admin, child.id, date(2026, 2, 10), category="child", form_id="child_visit"
    )
    record_create(
        session,
        admin,
        Task(kind="review", title="年度复核", household_id=household.id, status="open"),
    )
    record_create(
        session,
        admin,
        Notice(household_id=household.id, kind="approval", number="永民〔2025〕12号"),
    )
    record_create(
        session,
        admin,
        RelativeDeclaration(
            household_id=household.id,
            staff_name="张专干",
            staff_username="zhang",
            staff_position="民政专干",
            relation="表兄弟",
            declared_on=date(2025, 9, 1),
        ),
    )
    # A later change mixing a visible and a hidden field.
    record_update(
        session, admin, household, {"address": "坦泉村4组", "bank_account": BANK_ACCOUNT + "0"}
    )
    record_update(session, admin, household, {"bank_account": BANK_ACCOUNT})
    other = household_row(session, admin, YANGJIA, address="洋佳村1组")
    return World(household, head, child, dead, baby, enrolment, child_file, elder_file, other)


def left_behind_file(
    session: Session, admin: Actor, name: str, father_situation: str, **fields: Any
) -> tuple[Household, ChildFile]:
    """A 坦泉村 child's household and a high-risk 留守 file (not yet stored) whose father is
    in `father_situation` and mother away working."""
    household = household_row(session, admin, TANQUAN)
    child = person_row(session, admin, name, household, birth_date=date(2016, 2, 2))
    return household, ChildFile(
        person_id=child.id,
        category="left_behind",
        father_situation=father_situation,
        mother_situation="away_working",
        risk_level="high",
        **fields,
    )


def flatten(value: Any) -> str:
    """Every value in a file, as text, to search for what must not be there."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return repr(dataclasses.asdict(value))
    return repr(value)


def test_staff_see_the_whole_file_with_numbers_masked(session: Session, admin: Actor) -> None:
    world = build(session, admin)
    file = open_household(session, assistant(admin), world.household.id, today=TODAY)

    assert not file.restricted
    household = file.household
    assert household.village_name == "坦泉村"
    assert household.address == "坦泉村4组"
    assert household.phone == "138****1234"
    assert household.bank_name == "郴州农商银行"
    assert household.bank_account == "**** **** **** 4567"
    assert household.housing == "砖混两层"
    assert household.relative_declared
    assert file.declarations[0].staff_name == "张专干"

    assert [m.name for m in file.members] == ["曾德胜", "李秀英", "曾𠮷", "曾小宝"]
    head, dead, child, baby = file.members
    assert head.is_head and head.relation == "self"
    assert head.resident_id == HEAD_ID[:4] + "*" * 10 + HEAD_ID[-4:]
    assert head.phone == "138****1234"
    assert head.age == 69
    assert (head.health, head.disability_category, head.disability_grade) == (
        "chronically_ill",
        "4",
        2,
    )
    assert head.has_disability and not child.has_disability
    assert dead.deceased_on == date(2025, 12, 1) and dead.age == 75
    assert baby.pending_verification and baby.pending_reason == "unregistered_baby"
    assert baby.resident_id is None and baby.age == 0
    assert child.name == "曾𠮷"

    (program,) = file.programs
    assert program.status == "approved" and program.per_capita_income_fen == 7777777
    assert program.dibao_class == "分类A"
    assert [e.to_status for e in program.events] == ["applied", "approved"]
    assert program.events[1].reason == "收入超标 复核后仍符合"

    (child_file,) = file.child_files
    assert child_file.father_situation == "imprisoned"
    assert child_file.father_whereabouts == "永州监狱"
    assert child_file.father_phone == "0746-***4567"
    assert child_file.health == "哮喘"
    assert [e.categories for e in file.elder_files] == [("living_alone",)]
    assert [v.visited_on for v in file.visits] == [date(2026, 2, 10), date(2026, 1, 10)]
    assert [t.title for t in file.tasks] == ["年度复核"]
    assert [n.number for n in file.notices] == ["永民〔2025〕12号"]

    history = file.history
    assert history[0].entity_type == "households"
    assert [c.field for c in history[0].changes] == ["bank_account"]
    # Whole numbers never travel in the history either.
    assert history[0].changes[0].new == "**** **** **** 4567"
    head_created = next(h for h in history if h.entity_id == world.head.id)
    resident_change = next(c for c in head_created.changes if c.field == "resident_id")
    assert resident_change.new == HEAD_ID[:4] + "*" * 10 + HEAD_ID[-4:]
    assert HEAD_ID not in flatten(file) and HEAD_PHONE not in flatten(file)
    assert BANK_ACCOUNT not in flatten(file)
    assert [h.at for h in history] == sorted((h.at for h in history), reverse=True)
    assert any(h.reason == "收入超标" for h in history)


def test_a_cadre_gets_no_hidden_field_anywhere_in_the_file(session: Session, admin: Actor) -> None:
    world = build(session, admin)
    file = open_household(session, cadre_actor(admin), world.household.id, today=TODAY)

    assert file.restricted
    household = file.household
    assert household.address == "坦泉村4组" and household.phone == "138****1234"
    assert household.bank_name is None and household.bank_account is None
    assert household.housing is None and household.notes is None
    assert household.relative_declared
    assert file.declarations[0].staff_name is None

    head = file.members[0]
    assert head.has_disability
    assert head.disability_category is None and head.disability_grade is None
    assert head.health is None and head.notes is None
    assert head.labour_capacity == "fully_lost"

    (program,) = file.programs
    assert program.monthly_amount_fen == 52000
    assert program.per_capita_income_fen is None and program.dibao_class is None
    assert program.events[1].reason is None

    (child_file,) = file.child_files
    assert child_file.father_situation == "other_unable"
    assert child_file.father_whereabouts is None and child_file.father_phone is None
    assert child_file.mother_situation == "away_working"
    assert child_file.mother_whereabouts == "广东东莞"
    assert child_file.health is None

    text = flatten(file)
    leaked = [secret for secret in SECRETS if secret in text]
    assert leaked == []


def test_a_cadres_history_leaves_out_changes_of_hidden_fields(
    session: Session, admin: Actor
) -> None:
    world = build(session, admin)
    staff_history = household_history(session, admin, world.household.id)
    cadre_history = household_history(session, cadre_actor(admin), world.household.id)

    household_entries = [h for h in cadre_history if h.entity_type == "households"]
    # create, head link, address+bank (address only), bank only (omitted).
    assert [h.action for h in household_entries] == ["update", "update", "create"]
    assert [c.field for c in household_entries[0].changes] == ["address"]
    assert len(staff_history) == len(cadre_history) + 1
    created = household_entries[-1]
    assert {c.field for c in created.changes}.isdisjoint(CADRE_HIDDEN[Household])
    file_created = next(h for h in cadre_history if h.entity_type == "child_files")
    fields = {c.field: c.new for c in file_created.changes}
    assert fields["father_situation"] == "other_unable"
    assert "father_whereabouts" not in fields and "father_phone" not in fields
    assert "health" not in fields and fields["mother_whereabouts"] == "广东东莞"
    assert all(h.reason is None for h in cadre_history if h.entity_type == "enrolment_events")
    assert {h.display_name for h in cadre_history if h.username == "admin"} == {"乡镇管理员"}


def test_the_database_never_returns_a_hidden_column_to_a_cadre(
    engine, session: Session, admin: Actor
) -> None:
    world = build(session, admin)
    returned: list[tuple[str, set[str]]] = []

    def remember(conn, cursor, statement, parameters, context, executemany) -> None:
        if cursor.description:
            table = re.search(r"\bFROM (\w+)", statement)
            columns = {column[0] for column in cursor.description}
            returned.append((table.group(1) if table else "", columns))

    event.listen(engine, "after_cursor_execute", remember)
    try:
        open_household(session, cadre_actor(admin), world.household.id, today=TODAY)
    finally:
        event.remove(engine, "after_cursor_execute", remember)
    tables = {str(model.__tablename__): model for model in CADRE_HIDDEN}
    read_tables = set()
    for table, columns in returned:
        if table in tables:
            read_tables.add(table)
            assert columns & CADRE_HIDDEN[tables[table]] == set(), table
    assert {"households", "persons", "enrolments", "child_files"} <= read_tables
    everything = set().union(*(columns for _table, columns in returned))
    assert "has_disability" in everything and "father_situation" in everything


def test_other_village_is_forbidden_for_a_cadre_and_open_for_staff(
    session: Session, admin: Actor
) -> None:
    world = build(session, admin)
    with pytest.raises(Forbidden) as refused:
        open_household(session, cadre_actor(admin), world.other_household.id, today=TODAY)
    assert "不在您负责的村" in str(refused.value)
    with pytest.raises(Forbidden):
        household_history(session, cadre_actor(admin), world.other_household.id)
    both = cadre_actor(admin, "cadre2", TANQUAN, YANGJIA)
    assert open_household(session, both, world.other_household.id).household.village_name == (
        "洋佳村"
    )
    assert open_household(session, admin, world.other_household.id).members == ()


def test_a_declared_relative_cannot_open_the_file_and_others_still_can(
    session: Session, admin: Actor
) -> None:
    world = build(session, admin)
    related_staff = assistant(admin, "zhang")
    with pytest.raises(Forbidden) as refused:
        open_household(session, related_staff, world.household.id)
    assert str(refused.value) == RELATED_MESSAGE
    related_cadre = cadre_actor(admin, "wang")
    declaration = RelativeDeclaration(
        household_id=world.household.id,
        staff_name="王村干",
        staff_username="wang",
        staff_position="村委委员",
        relation="兄弟",
        declared_on=date(2026, 1, 1),
    )
    record_create(session, admin, declaration)
    with pytest.raises(Forbidden, match="近亲属备案"):
        open_household(session, related_cadre, world.household.id)
    assert open_household(session, cadre_actor(admin), world.household.id).household.id
    assert open_household(session, assistant(admin), world.household.id).household.id
    # A withdrawn declaration no longer keeps them out.
    record_delete(session, admin, declaration)
    assert open_household(session, related_cadre, world.household.id).household.id


def test_a_missing_or_deleted_household_is_not_found(session: Session, admin: Actor) -> None:
    world = build(session, admin)
    with pytest.raises(NotFound):
        open_household(session, admin, "no-such-household")
    record_delete(session, admin, world.other_household)
    with pytest.raises(NotFound):
        open_household(session, admin, world.other_household.id)


def test_the_file_holds_values_not_live_rows(session: Session, admin: Actor) -> None:
    world = build(session, admin)
    file = open_household(session, admin, world.household.id, today=TODAY)
    assert isinstance(file, HouseholdFile)
    with pytest.raises(dataclasses.FrozenInstanceError):
        file.household.address = "改了"  # type: ignore[misc]
    record_update(session, admin, world.household, {"address": "坦泉村9组"})
    assert file.household.address == "坦泉村4组"
    assert isinstance(file.members, tuple) and isinstance(file.history, tuple)


def test_a_cadre_sees_a_parents_details_only_while_the_situation_is_visible(
    session: Session, admin: Actor
) -> None:
    household, child_file = left_behind_file(
        session, admin, "仇小军", "imprisoned", father_whereabouts="永州监狱"
    )
    record_create(session, admin, child_file)
    record_update(
        session,
        admin,
        child_file,
        {"father_situation": "away_working", "father_whereabouts": "浙江义乌"},
    )
    record_update(session, admin, child_file, {"father_whereabouts": "浙江杭州"})

    history = household_history(session, cadre_actor(admin), household.id)
    entries = [h for h in history if h.entity_type == "child_files"]
    seen = [{c.field: (c.old, c.new) for c in h.changes} for h in entries]
    assert seen[0] == {"father_whereabouts": ("浙江义乌", "浙江杭州")}
    assert seen[1] == {
        "father_situation": ("other_unable", "away_working"),
        "father_whereabouts": (None, "浙江义乌"),
    }
    assert seen[2]["father_situation"] == (None, "other_unable")
    assert "father_whereabouts" not in seen[2]
    assert "永州监狱" not in flatten(history) and "imprisoned" not in flatten(history)


def test_details_of_a_hidden_situation_that_arrived_without_history_stay_hidden(
    session: Session, admin: Actor
) -> None:
    # As a pulled row would arrive: no local audit of its creation.
    household, child_file = left_behind_file(session, admin, "区小梅", "compulsory_rehab")
    session.add(child_file)
    session.flush()
    record_update(session, admin, child_file, {"father_whereabouts": "郴州市戒毒所"})
    record_update(session, admin, child_file, {"school": "樟树小学"})

    history = household_history(session, cadre_actor(admin), household.id)
    entries = [h for h in history if h.entity_type == "child_files"]
    assert [[c.field for c in h.changes] for h in entries] == [["school"]]
    assert "戒毒" not in flatten(history)
