"""Villages offered when registering a household: current ones, within the actor's duty."""

from __future__ import annotations

from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor
from minzheng_field.services.household_queries import township_villages
from minzheng_field.store.models import DivisionRow

RETIRED = "431023113202"


def test_staff_get_every_current_village_of_the_township(session: Session, admin: Actor) -> None:
    villages = township_villages(session, admin)
    codes = [village.code for village in villages]
    assert codes == sorted(codes)
    assert {TANQUAN, YANGJIA} <= set(codes)
    assert RETIRED not in codes
    assert all(code.startswith("431023113") and len(code) == 12 for code in codes)
    assert dict((v.code, v.name) for v in villages)[TANQUAN] == "坦泉村"
    retired = session.get(DivisionRow, RETIRED)
    assert retired is not None and retired.retired_since is not None


def test_a_cadre_gets_only_their_villages(session: Session, admin: Actor) -> None:
    cadre = Actor("cadre1", Role.VILLAGE_CADRE, admin.device_id, frozenset({YANGJIA}))
    assert [village.code for village in township_villages(session, cadre)] == [YANGJIA]
    nobody = Actor("cadre2", Role.VILLAGE_CADRE, admin.device_id, frozenset())
    assert township_villages(session, nobody) == ()
