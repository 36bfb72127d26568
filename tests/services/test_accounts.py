"""Account profiles and a cadre's villages, as the settings screen reads and sets them."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA
from minzheng_field.domain.roles import Role
from minzheng_field.services.accounts import (
    account_profiles,
    set_cadre_villages,
    township_villages,
)
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.store.models import AuditEntry, UserProfile


def add_profile(session: Session, username: str, role: Role, *, active: bool = True) -> None:
    session.add(
        UserProfile(username=username, display_name=username, role=role.value, active=active)
    )
    session.flush()


def test_township_villages_are_the_current_villages_of_this_township(session: Session) -> None:
    villages = township_villages(session)
    codes = [v.code for v in villages]
    assert TANQUAN in codes and YANGJIA in codes
    assert all(code.startswith("431023113") and len(code) == 12 for code in codes)
    assert codes == sorted(codes)
    assert next(v.name for v in villages if v.code == TANQUAN) == "坦泉村"


def test_profiles_list_active_users_only(session: Session) -> None:
    add_profile(session, "cadre1", Role.VILLAGE_CADRE)
    add_profile(session, "gone", Role.TOWNSHIP_ASSISTANT, active=False)
    profiles = account_profiles(session)
    assert [p.username for p in profiles] == ["admin", "cadre1"]
    assert profiles[0].role is Role.TOWNSHIP_ADMIN


def test_the_administrator_sets_a_cadres_villages_with_an_audit_entry(
    session: Session, admin: Actor
) -> None:
    add_profile(session, "cadre1", Role.VILLAGE_CADRE)
    result = set_cadre_villages(session, admin, "cadre1", [YANGJIA, TANQUAN, TANQUAN])
    assert result.villages == (TANQUAN, YANGJIA)
    session.flush()
    assert actor_for(session, "cadre1").villages == frozenset({TANQUAN, YANGJIA})
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == "cadre1")).one()
    assert entry.changes == {"villages": [[], [TANQUAN, YANGJIA]]}
    assert entry.username == "admin"


def test_villages_must_belong_to_the_township_and_not_be_empty(
    session: Session, admin: Actor
) -> None:
    add_profile(session, "cadre1", Role.VILLAGE_CADRE)
    with pytest.raises(InvalidInput) as error:
        set_cadre_villages(session, admin, "cadre1", ["431025211201"])
    assert error.value.field == "villages"
    with pytest.raises(InvalidInput):
        set_cadre_villages(session, admin, "cadre1", [])


def test_only_the_administrator_sets_villages_and_only_for_cadres(
    session: Session, admin: Actor
) -> None:
    add_profile(session, "cadre1", Role.VILLAGE_CADRE)
    add_profile(session, "helper", Role.TOWNSHIP_ASSISTANT)
    with pytest.raises(Forbidden):
        set_cadre_villages(session, actor_for(session, "helper"), "cadre1", [TANQUAN])
    with pytest.raises(InvalidInput):
        set_cadre_villages(session, admin, "helper", [TANQUAN])
    with pytest.raises(NotFound):
        set_cadre_villages(session, admin, "nobody", [TANQUAN])
