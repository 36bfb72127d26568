"""Every write leaves its audit entry and its outbox mutation, or nothing at all."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import audit_and_outbox
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.recording import record_create, record_delete, record_update
from minzheng_field.store.models import AuditEntry, Household, OutboxMutation, Person
from minzheng_field.store.session import session_scope

VILLAGE = "431023113200"


def test_create_update_delete_each_write_audit_and_changed_fields_only(
    session: Session, admin: Actor
) -> None:
    household = Household(village_code=VILLAGE, address="坦泉村3组")
    created = record_create(session, admin, household)
    assert created.action == "create"
    assert created.fields["village_code"] == (None, VILLAGE)

    changed = record_update(session, admin, household, {"address": "坦泉村4组", "phone": None})
    assert changed is not None
    assert dict(changed.fields) == {"address": ("坦泉村3组", "坦泉村4组")}
    assert record_update(session, admin, household, {"address": "坦泉村4组"}) is None

    record_delete(session, admin, household, reason="重复录入")
    audit, outbox = audit_and_outbox(session, household.id)
    assert [a.action for a in audit] == ["create", "update", "delete"]
    assert audit[1].changes == {"address": ["坦泉村3组", "坦泉村4组"]}
    assert audit[2].reason == "重复录入"
    assert all(a.username == "admin" and a.device_id == admin.device_id for a in audit)
    assert [m.operation for m in outbox] == ["create", "update", "delete"]
    assert outbox[0].fields["address"] == "坦泉村3组"
    assert "id" not in outbox[0].fields and "version" not in outbox[0].fields
    assert outbox[1].fields == {"address": "坦泉村4组"}
    assert outbox[2].fields == {"deleted": True}
    assert {m.origin_device for m in outbox} == {admin.device_id}
    assert len({m.mutation_id for m in outbox}) == 3
    assert household.deleted and household.updated_by == "admin"


def test_dates_travel_as_iso_text(session: Session, admin: Actor) -> None:
    person = Person(name="曾德胜", birth_date=date(1956, 3, 12), pending_verification=True)
    record_create(session, admin, person)
    record_update(session, admin, person, {"deceased_on": date(2026, 11, 2)})
    _audit, outbox = audit_and_outbox(session, person.id)
    assert outbox[0].fields["birth_date"] == "1956-03-12"
    assert outbox[1].fields == {"deceased_on": "2026-11-02"}


def test_unknown_fields_are_refused(session: Session, admin: Actor) -> None:
    household = Household(village_code=VILLAGE)
    record_create(session, admin, household)
    with pytest.raises(AttributeError):
        record_update(session, admin, household, {"no_such_column": 1})
    with pytest.raises(AttributeError):
        record_update(session, admin, household, {"version": 9})


def test_a_failed_unit_of_work_leaves_no_row_no_audit_no_outbox(engine) -> None:
    with session_scope(engine) as session:
        admin = actor_for(session, "admin")
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        household = Household(village_code=VILLAGE)
        record_create(session, admin, household)
        raise RuntimeError("the user cancelled")
    with session_scope(engine) as session:
        assert session.scalars(select(Household)).all() == []
        assert session.scalars(select(AuditEntry)).all() == []
        assert session.scalars(select(OutboxMutation)).all() == []


def test_omitted_columns_stay_out_of_audit_and_outbox_and_extra_values_go_in(
    session: Session, admin: Actor
) -> None:
    household = Household(village_code=VILLAGE, address="坦泉村3组", phone="13907350001")
    created = record_create(
        session, admin, household, omit=frozenset({"phone"}), extra={"phone_ref": "p-1"}
    )
    assert "phone" not in created.fields
    assert created.fields["phone_ref"] == (None, "p-1")
    assert household.phone == "13907350001"  # the row keeps it; only the records leave it out
    audit, outbox = audit_and_outbox(session, household.id)
    assert "phone" not in audit[0].changes and "phone" not in outbox[0].fields
    assert audit[0].changes["phone_ref"] == [None, "p-1"]
    assert outbox[0].fields["phone_ref"] == "p-1"
    assert outbox[0].fields["address"] == "坦泉村3组"


def test_omit_must_name_columns_and_extra_must_not_shadow_one(
    session: Session, admin: Actor
) -> None:
    with pytest.raises(AttributeError):
        record_create(session, admin, Household(village_code=VILLAGE), omit=frozenset({"nope"}))
    with pytest.raises(AttributeError):
        record_create(session, admin, Household(village_code=VILLAGE), extra={"address": "x"})
    assert session.scalars(select(AuditEntry)).all() == []
