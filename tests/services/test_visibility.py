"""The visibility policy: every column classified, villages, relatives, hidden values."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, cadre_actor, household_row
from minzheng_field.domain.care import ParentSituation
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, NotFound
from minzheng_field.services.recording import record_create, record_delete
from minzheng_field.services.visibility import (
    CADRE_HIDDEN,
    CADRE_READABLE,
    NO_HOUSEHOLD_MESSAGE,
    OTHER_VILLAGE_MESSAGE,
    PARENT_SITUATION_SHOWN_TO_CADRE,
    RELATED_MESSAGE,
    SENSITIVE_PARENT_SITUATIONS,
    check_can_open_household,
    check_can_open_person,
    column_names,
    hidden_fields,
    read_row,
    read_rows,
    readable_fields,
    readable_villages,
    visible_changes,
)
from minzheng_field.store.models import (
    AuditEntry,
    ChildFile,
    Enrolment,
    EnrolmentEvent,
    Household,
    Person,
    RelativeDeclaration,
    Synced,
)

SYNC = frozenset({"id", "version", "updated_at", "updated_by", "deleted"})


def household_with_member(session: Session, admin: Actor, village: str = TANQUAN):
    household = household_row(session, admin, village, bank_account="6217995550001234567")
    person = Person(
        household_id=household.id,
        name="覃秀兰",
        health="seriously_ill",
        disability_category="5",
        disability_grade=1,
        notes="精神状况不稳",
    )
    record_create(session, admin, person)
    return household, person


def test_every_column_of_every_model_is_either_readable_or_hidden_for_a_cadre() -> None:
    assert set(CADRE_READABLE) == set(CADRE_HIDDEN)
    for model, readable in CADRE_READABLE.items():
        hidden = CADRE_HIDDEN[model]
        assert readable & hidden == set(), model
        assert readable | hidden == column_names(model) - SYNC, model
        assert hidden_fields(Role.VILLAGE_CADRE, model) == hidden


def test_the_hidden_fields_are_the_ones_the_duty_does_not_need() -> None:
    assert {"bank_name", "bank_account"} <= CADRE_HIDDEN[Household]
    assert {"health", "disability_category", "disability_grade"} <= CADRE_HIDDEN[Person]
    assert "per_capita_income_fen" in CADRE_HIDDEN[Enrolment]
    # An event's amount basis holds the income and the 分类施保 class.
    assert {"basis", "reason"} <= CADRE_HIDDEN[EnrolmentEvent]
    assert "dibao_class" in CADRE_HIDDEN[Enrolment]
    assert "health" in CADRE_HIDDEN[ChildFile]
    for role in (Role.TOWNSHIP_ADMIN, Role.TOWNSHIP_ASSISTANT):
        assert readable_fields(role, Household) == column_names(Household)
        assert hidden_fields(role, Person) == frozenset()


def test_sensitive_parent_situations_are_real_situations_and_the_stand_in_is_not_one() -> None:
    values = {member.value for member in ParentSituation}
    assert values >= SENSITIVE_PARENT_SITUATIONS
    assert PARENT_SITUATION_SHOWN_TO_CADRE in values
    assert PARENT_SITUATION_SHOWN_TO_CADRE not in SENSITIVE_PARENT_SITUATIONS
    assert {"imprisoned", "compulsory_rehab", "seriously_ill"} <= SENSITIVE_PARENT_SITUATIONS


def test_rows_read_by_a_cadre_lack_the_hidden_keys(session: Session, admin: Actor) -> None:
    household, person = household_with_member(session, admin)
    staff_row = read_row(session, admin, Person, Person.id == person.id)
    cadre_row = read_row(session, cadre_actor(admin), Person, Person.id == person.id)
    assert staff_row is not None and cadre_row is not None
    assert staff_row["health"] == "seriously_ill" and staff_row["notes"] == "精神状况不稳"
    assert cadre_row.keys().isdisjoint(CADRE_HIDDEN[Person])
    assert cadre_row["name"] == "覃秀兰" and cadre_row["has_disability"]
    assert "精神" not in repr(cadre_row) and "seriously_ill" not in repr(cadre_row)
    rows = read_rows(session, cadre_actor(admin), Household, Household.id == household.id)
    assert "bank_account" not in rows[0] and rows[0]["village_code"] == TANQUAN


def test_a_cadre_cannot_read_a_model_the_policy_does_not_name(
    session: Session, admin: Actor
) -> None:
    with pytest.raises(Forbidden):
        read_rows(session, cadre_actor(admin), AuditEntry)  # type: ignore[arg-type]
    assert readable_fields(Role.VILLAGE_CADRE, AuditEntry) == frozenset()


def test_a_cadre_opens_only_their_villages(session: Session, admin: Actor) -> None:
    own, own_person = household_with_member(session, admin)
    other, other_person = household_with_member(session, admin, YANGJIA)
    check_can_open_household(session, cadre_actor(admin), own.id)
    assert check_can_open_person(session, cadre_actor(admin), own_person.id) == own.id
    with pytest.raises(Forbidden) as refused:
        check_can_open_household(session, cadre_actor(admin), other.id)
    assert str(refused.value) == OTHER_VILLAGE_MESSAGE
    with pytest.raises(Forbidden):
        check_can_open_person(session, cadre_actor(admin), other_person.id)
    check_can_open_household(session, admin, other.id)
    assert check_can_open_person(session, admin, other_person.id) == other.id


def test_a_declared_relative_is_kept_out_whoever_they_are(session: Session, admin: Actor) -> None:
    household, person = household_with_member(session, admin)
    declaration = RelativeDeclaration(
        household_id=household.id,
        staff_name="李村干",
        staff_username="cadre1",
        staff_position="村主任",
        relation="外甥",
        declared_on=date(2026, 2, 1),
    )
    record_create(session, admin, declaration)
    for refused_actor in (cadre_actor(admin), Actor("cadre1", Role.TOWNSHIP_ASSISTANT, "dev")):
        with pytest.raises(Forbidden) as refused:
            check_can_open_household(session, refused_actor, household.id)
        assert str(refused.value) == RELATED_MESSAGE
        with pytest.raises(Forbidden):
            check_can_open_person(session, refused_actor, person.id)
    check_can_open_household(session, cadre_actor(admin, "cadre2"), household.id)
    check_can_open_household(session, admin, household.id)
    record_delete(session, admin, declaration)
    check_can_open_household(session, cadre_actor(admin), household.id)


def test_missing_people_and_people_without_a_household(session: Session, admin: Actor) -> None:
    with pytest.raises(NotFound):
        check_can_open_person(session, admin, "nobody")
    loose = Person(name="解大山")
    record_create(session, admin, loose)
    assert check_can_open_person(session, admin, loose.id) is None
    with pytest.raises(Forbidden) as refused:
        check_can_open_person(session, cadre_actor(admin), loose.id)
    assert str(refused.value) == NO_HOUSEHOLD_MESSAGE
    record_delete(session, admin, loose)
    with pytest.raises(NotFound):
        check_can_open_person(session, admin, loose.id)


def test_a_child_file_hides_a_parents_imprisonment_and_its_details_from_a_cadre(
    session: Session, admin: Actor
) -> None:
    _household, child = household_with_member(session, admin)
    record_create(
        session,
        admin,
        ChildFile(
            person_id=child.id,
            category="left_behind",
            father_situation="compulsory_rehab",
            father_whereabouts="郴州市强制隔离戒毒所",
            father_away_since=date(2025, 5, 1),
            father_phone="0735-2345678",
            mother_situation="away_working",
            mother_whereabouts="深圳",
            risk_level="high",
        ),
    )
    row = read_row(session, cadre_actor(admin), ChildFile, ChildFile.person_id == child.id)
    assert row is not None
    assert row["father_situation"] == PARENT_SITUATION_SHOWN_TO_CADRE
    assert row["father_whereabouts"] is None and row["father_away_since"] is None
    assert row["father_phone"] is None
    assert row["mother_situation"] == "away_working" and row["mother_whereabouts"] == "深圳"
    staff_row = read_row(session, admin, ChildFile, ChildFile.person_id == child.id)
    assert staff_row is not None and staff_row["father_situation"] == "compulsory_rehab"


def test_visible_changes_drop_hidden_fields_and_mask_situations(admin: Actor) -> None:
    changes = {
        "address": ("旧", "新"),
        "bank_account": ("1", "2"),
        "deleted": (False, True),
    }
    assert visible_changes(cadre_actor(admin), "households", changes) == {
        "address": ("旧", "新"),
        "deleted": (False, True),
    }
    assert visible_changes(admin, "households", changes) == changes
    event = {
        "to_status": (None, "approved"),
        "basis": (None, {"per_capita_income_fen": 30000, "dibao_class": "A类"}),
    }
    assert visible_changes(cadre_actor(admin), "enrolment_events", event) == {
        "to_status": (None, "approved")
    }
    child = {
        "father_situation": ("away_working", "imprisoned"),
        "father_whereabouts": ("广州", "永州监狱"),
        "mother_situation": ("seriously_ill", "other_unable"),
        "guardian_name": (None, "曾德胜"),
    }
    # The prison never shows; where he worked before does.
    assert visible_changes(cadre_actor(admin), "child_files", child) == {
        "father_situation": ("away_working", "other_unable"),
        "father_whereabouts": ("广州", None),
        "guardian_name": (None, "曾德胜"),
    }
    hidden_mother = {"mother_phone": ("0746-1234567", "0746-7654321")}
    assert (
        visible_changes(
            cadre_actor(admin), "child_files", hidden_mother, sensitive_before=["mother"]
        )
        == {}
    )
    released = {
        "mother_situation": ("imprisoned", "away_working"),
        "mother_whereabouts": ("永州监狱", "浙江义乌"),
    }
    assert visible_changes(cadre_actor(admin), "child_files", released) == {
        "mother_situation": ("other_unable", "away_working"),
        "mother_whereabouts": (None, "浙江义乌"),
    }
    assert visible_changes(cadre_actor(admin), "audit_log", {"x": (1, 2)}) == {}


def test_every_model_in_the_policy_is_synced() -> None:
    for model in CADRE_READABLE:
        assert issubclass(model, Synced)


def test_a_list_covers_the_villages_asked_for_within_a_cadres_own(admin: Actor) -> None:
    village_cadre = cadre_actor(admin)
    assert readable_villages(admin, None) is None
    assert readable_villages(admin, frozenset({YANGJIA})) == {YANGJIA}
    assert readable_villages(village_cadre, None) == {TANQUAN}
    assert readable_villages(village_cadre, frozenset({TANQUAN, YANGJIA})) == {TANQUAN}
    assert readable_villages(village_cadre, frozenset({YANGJIA})) == frozenset()
