"""Visit plans: assigning visitors, taking persons off a schedule and back, on real vaults."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseload_builders import (
    TANQUAN,
    YANGJIA,
    audit_and_outbox,
    cadre_user,
    household_row,
    person_row,
    row_counts,
)
from minzheng_field.domain.roles import Role
from minzheng_field.domain.schedules import plan_key
from minzheng_field.services.context import Actor
from minzheng_field.services.declarations import record_relative_declaration
from minzheng_field.services.errors import Forbidden, InvalidInput
from minzheng_field.services.recording import record_create, record_update
from minzheng_field.services.schedules import day_plan, due_visits
from minzheng_field.services.visit_plans import (
    assign_visitor,
    eligible_visitors,
    persons_off_schedule,
    put_back_on_schedule,
    take_off_schedule,
)
from minzheng_field.store.models import (
    AuditEntry,
    OutboxMutation,
    Person,
    UserProfile,
    VisitPlan,
)
from visit_builders import child_file, elder_file

# Long after the files are made: everyone never visited is overdue.
DAY = date(2030, 1, 1)


def elder(session: Session, admin: Actor, name: str, village: str = TANQUAN) -> str:
    return elder_file(session, admin, name, village=village, responsible="cadre1").person_id


def child(session: Session, admin: Actor, name: str, category: str = "left_behind") -> str:
    return child_file(session, admin, name, born=date(2016, 1, 1), category=category).person_id


@pytest.fixture
def cadres(session: Session) -> dict[str, Actor]:
    """cadre1 and cadre2 of 坦泉村, cadre3 of 洋佳村, and a retired account of 坦泉村."""
    actors = {
        "cadre1": cadre_user(session, "cadre1", TANQUAN),
        "cadre2": cadre_user(session, "cadre2", TANQUAN),
        "cadre3": cadre_user(session, "cadre3", YANGJIA),
    }
    session.add(
        UserProfile(
            username="retired",
            display_name="离任村干部",
            role=Role.VILLAGE_CADRE.value,
            villages=[TANQUAN],
            active=False,
        )
    )
    session.flush()
    return actors


def due_by_name(session: Session, actor: Actor) -> dict[tuple[str, str], str | None]:
    return {(v.person_name, v.category): v.visitor for v in due_visits(session, actor, DAY)}


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, VisitPlan, AuditEntry, OutboxMutation)


def test_assigning_creates_a_plan_with_audit_and_outbox_and_the_plan_regroups(
    session: Session, admin: Actor, cadres: dict[str, Actor]
) -> None:
    first = elder(session, admin, "甲老人")
    second = elder(session, admin, "乙老人")
    assert due_by_name(session, admin)[("甲老人", "elder")] == "cadre1"

    result = assign_visitor(session, admin, [first, second], "elder", "cadre2")

    assert result.person_ids == (first, second)
    assert result.visitor == "cadre2"
    assert [c.action for c in result.changes] == ["create", "create"]
    plan = session.get(VisitPlan, result.changes[0].entity_id)
    assert plan is not None
    assert (plan.person_id, plan.category, plan.visitor, plan.active) == (
        first,
        "elder",
        "cadre2",
        True,
    )
    audit, outbox = audit_and_outbox(session, plan.id)
    assert [(a.action, a.username) for a in audit] == [("create", "admin")]
    assert audit[0].changes["visitor"] == [None, "cadre2"]
    assert [(m.operation, m.base_version, m.origin_device) for m in outbox] == [
        ("create", 0, admin.device_id)
    ]
    assert outbox[0].fields == {
        "person_id": first,
        "category": "elder",
        "visitor": "cadre2",
        "active": True,
        "deleted": False,
    }
    assert due_by_name(session, admin) == {
        ("甲老人", "elder"): "cadre2",
        ("乙老人", "elder"): "cadre2",
    }
    groups = [(g.visitor, g.visitor_name, len(g.visits)) for g in day_plan(session, admin, DAY)]
    assert groups == [("cadre2", "村干部", 2)]


def test_reassigning_updates_the_active_plan_shared_by_child_categories(
    session: Session, admin: Actor, cadres: dict[str, Actor]
) -> None:
    kid = child(session, admin, "小明", category="in_difficulty")
    # A plan from the time the child was 留守 still holds: children share one plan.
    old = VisitPlan(person_id=kid, category="left_behind", visitor="cadre1", active=True)
    record_create(session, admin, old)
    assert plan_key("in_difficulty") == plan_key("left_behind") == "child"
    assert plan_key("elder") == "elder"

    result = assign_visitor(session, admin, [kid], "in_difficulty", "cadre2")

    assert [(c.entity_id, c.action) for c in result.changes] == [(old.id, "update")]
    assert session.scalar(select(func.count()).select_from(VisitPlan)) == 1
    assert (old.category, old.visitor) == ("left_behind", "cadre2")
    audit, outbox = audit_and_outbox(session, old.id)
    assert audit[-1].changes == {"visitor": ["cadre1", "cadre2"]}
    assert (outbox[-1].operation, outbox[-1].fields, outbox[-1].base_version) == (
        "update",
        {"visitor": "cadre2"},
        old.version,
    )
    assert due_by_name(session, admin) == {("小明", "in_difficulty"): "cadre2"}
    # The same visitor again changes nothing and records nothing.
    before = counts(session)
    assert assign_visitor(session, admin, [kid], "in_difficulty", "cadre2").changes == ()
    assert counts(session) == before


@pytest.mark.parametrize(
    ("visitor", "says"),
    [
        ("cadre3", "不负责这户所在的村"),
        ("retired", "账号已停用"),
        ("nobody", "找不到这个探访人"),
        ("", "找不到这个探访人"),
    ],
)
def test_a_visitor_who_may_not_visit_there_is_refused_and_nothing_is_written(
    session: Session, admin: Actor, cadres: dict[str, Actor], visitor: str, says: str
) -> None:
    first = elder(session, admin, "甲老人")
    second = elder(session, admin, "乙老人")
    before = counts(session)
    with pytest.raises(InvalidInput) as raised:
        assign_visitor(session, admin, [first, second], "elder", visitor)
    assert raised.value.field == "visitor"
    assert says in raised.value.message
    assert counts(session) == before


def test_a_declared_relative_may_not_visit_the_household(
    session: Session, admin: Actor, cadres: dict[str, Actor]
) -> None:
    mine = elder(session, admin, "甲老人")
    related = elder(session, admin, "亲戚老人")
    household_id = session.get(Person, related).household_id  # type: ignore[union-attr]
    record_relative_declaration(
        session,
        admin,
        household_id,
        staff_name="村干部",
        staff_position="委员",
        relation="叔侄",
        declared_on=date(2026, 1, 1),
        staff_username="cadre2",
    )
    before = counts(session)
    with pytest.raises(InvalidInput) as raised:
        assign_visitor(session, admin, [mine, related], "elder", "cadre2")
    assert raised.value.message.startswith("所选2人中有1人：")
    assert "近亲属备案" in raised.value.message
    assert counts(session) == before
    assert "甲老人" not in raised.value.message and "亲戚老人" not in raised.value.message

    def names(person_ids: list[str]) -> list[str]:
        return [choice.username for choice in eligible_visitors(session, admin, person_ids)]

    # The village's cadres first, then the township's staff; never the other village's.
    assert names([mine]) == ["cadre1", "cadre2", "admin"]
    assert "cadre3" not in names([mine]) and "retired" not in names([mine])
    assert names([mine, related]) == ["cadre1", "admin"]


def test_persons_not_on_that_schedule_dead_or_of_no_category_are_refused(
    session: Session, admin: Actor, cadres: dict[str, Actor]
) -> None:
    old = elder(session, admin, "甲老人")
    household = household_row(session, admin, TANQUAN)
    nobody = person_row(session, admin, "普通村民", household).id
    before = counts(session)
    with pytest.raises(InvalidInput, match="不在“特殊困难老年人”的探访名单上"):
        assign_visitor(session, admin, [old, nobody], "elder", "cadre2")
    with pytest.raises(InvalidInput, match="不在“留守儿童”的探访名单上"):
        assign_visitor(session, admin, [old], "left_behind", "cadre2")
    with pytest.raises(InvalidInput, match="请选择探访类别"):
        assign_visitor(session, admin, [old], "nonsense", "cadre2")
    with pytest.raises(InvalidInput, match="请先选择"):
        assign_visitor(session, admin, [], "elder", "cadre2")
    person = session.get(Person, old)
    assert person is not None
    record_update(session, admin, person, {"deceased_on": date(2026, 2, 1)})
    before = counts(session)
    with pytest.raises(InvalidInput, match="已登记死亡"):
        assign_visitor(session, admin, [old], "elder", "cadre2")
    assert counts(session) == before


def test_a_cadre_assigns_only_within_their_villages_and_cannot_take_anyone_off(
    session: Session, admin: Actor, cadres: dict[str, Actor]
) -> None:
    here = elder(session, admin, "坦泉老人")
    there = elder(session, admin, "洋佳老人", village=YANGJIA)
    cadre = cadres["cadre1"]

    result = assign_visitor(session, cadre, [here], "elder", "cadre2")
    audit, _outbox = audit_and_outbox(session, result.changes[0].entity_id)
    assert audit[0].username == "cadre1"
    before = counts(session)
    with pytest.raises(Forbidden):
        assign_visitor(session, cadre, [there], "elder", "cadre1")
    with pytest.raises(Forbidden, match="由乡镇决定"):
        take_off_schedule(session, cadre, here, "elder", "已入住敬老院")
    assert counts(session) == before
    # The township may give the cadre's own elder to township staff.
    assign_visitor(session, admin, [here], "elder", "admin")
    assert due_by_name(session, cadre) == {("坦泉老人", "elder"): "admin"}


def test_taken_off_and_put_back_with_a_reason_recorded(
    session: Session, admin: Actor, cadres: dict[str, Actor]
) -> None:
    moved = elder(session, admin, "入住敬老院")
    stays = elder(session, admin, "留在家中")
    assign_visitor(session, admin, [moved], "elder", "cadre2")
    with pytest.raises(InvalidInput, match="请写明原因"):
        take_off_schedule(session, admin, moved, "elder", "  ")

    off = take_off_schedule(session, admin, moved, "elder", " 已入住县敬老院 ")
    [change] = off.changes
    assert change.fields == {"active": (True, False)}
    audit, outbox = audit_and_outbox(session, change.entity_id)
    assert (audit[-1].action, audit[-1].reason) == ("update", "已入住县敬老院")
    assert outbox[-1].fields == {"active": False}
    assert set(due_by_name(session, admin)) == {("留在家中", "elder")}
    assert [len(g.visits) for g in day_plan(session, admin, DAY)] == [1]
    [listed] = persons_off_schedule(session, admin)
    assert (listed.person_id, listed.category, listed.village_name, listed.reason) == (
        moved,
        "elder",
        "坦泉村",
        "已入住县敬老院",
    )
    assert persons_off_schedule(session, cadres["cadre1"]) == [listed]
    assert persons_off_schedule(session, cadres["cadre3"]) == []
    before = counts(session)
    with pytest.raises(InvalidInput, match="已经停止"):
        take_off_schedule(session, admin, moved, "elder", "再次")
    with pytest.raises(InvalidInput, match="先由乡镇恢复"):
        assign_visitor(session, admin, [moved], "elder", "cadre1")
    with pytest.raises(InvalidInput, match="本来就在"):
        put_back_on_schedule(session, admin, stays, "elder", "误操作")
    assert counts(session) == before

    back = put_back_on_schedule(session, admin, moved, "elder", "已回家居住")
    assert back.visitor == "cadre2"
    audit, outbox = audit_and_outbox(session, change.entity_id)
    assert (audit[-1].reason, outbox[-1].fields) == ("已回家居住", {"active": True})
    assert due_by_name(session, admin)[("入住敬老院", "elder")] == "cadre2"
    assert persons_off_schedule(session, admin) == []

    # A person without any plan yet is taken off with a new, inactive plan.
    created = take_off_schedule(session, admin, stays, "elder", "随子女迁往外地")
    assert [c.action for c in created.changes] == ["create"]
    audit, outbox = audit_and_outbox(session, created.changes[0].entity_id)
    assert audit[0].reason == "随子女迁往外地"
    assert outbox[0].fields["active"] is False
    assert set(due_by_name(session, admin)) == {("入住敬老院", "elder")}
    assert [o.reason for o in persons_off_schedule(session, admin)] == ["随子女迁往外地"]
    # The dead are off every schedule anyway: not listed as taken off.
    person = session.get(Person, stays)
    assert person is not None
    record_update(session, admin, person, {"deceased_on": date(2026, 2, 1)})
    assert persons_off_schedule(session, admin) == []
