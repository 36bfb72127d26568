"""Rows, actors and record readers shared by the caseload tests (importable from any test).

The builders write rows through `record_create`, as a service would, without the checks
of the services under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minzheng_field.domain.programs import Program
from minzheng_field.domain.rates import RateKind
from minzheng_field.domain.resident_id import resident_id_check_character
from minzheng_field.domain.roles import Role
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.enrolments import EnrolmentChange, enrol
from minzheng_field.services.rates import RateChange, RateInput, add_rate
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import AuditEntry, Household, OutboxMutation, Person, UserProfile
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

# The test vault's county and villages of its township 431023113 (永兴县樟树镇).
COUNTY = "431023"  # 永兴县
TANQUAN = "431023113200"  # 坦泉村
YANGJIA = "431023113201"  # 洋佳村
URBAN = "431023113001"  # 樟树社区
YUAN = 100  # amounts are in fen

# The health of a head of household who is chronically ill, disabled (肢体 grade 2) and unable
# to work: fields a village cadre does not see.
ILL_HEAD: dict[str, Any] = {
    "health": "chronically_ill",
    "disability_category": "4",
    "disability_grade": 2,
    "labour_capacity": "fully_lost",
}


def rid(first17: str) -> str:
    """A valid 18-digit ID number from its first 17 digits."""
    return first17 + resident_id_check_character(first17)


def cadre_actor(admin: Actor, username: str = "cadre1", *villages: str) -> Actor:
    """A village cadre of `villages` (坦泉村 when none), acting on the admin's device."""
    return Actor(username, Role.VILLAGE_CADRE, admin.device_id, frozenset(villages or (TANQUAN,)))


def cadre_user(session: Session, username: str, *villages: str) -> Actor:
    """A village cadre of `villages` with a local profile, as `actor_for` reads them."""
    session.add(
        UserProfile(
            username=username,
            display_name="村干部",
            role=Role.VILLAGE_CADRE.value,
            villages=list(villages),
        )
    )
    session.flush()
    return actor_for(session, username)


def household_row(
    session: Session, actor: Actor, village: str = TANQUAN, **fields: Any
) -> Household:
    """A household of `village` (with no members yet)."""
    household = Household(village_code=village, **fields)
    record_create(session, actor, household)
    return household


def person_row(
    session: Session, actor: Actor, name: str, household: Household | None, **fields: Any
) -> Person:
    """A person of `household` (or of none)."""
    person = Person(name=name, household_id=household.id if household else None, **fields)
    record_create(session, actor, person)
    return person


def household_with_members(
    session: Session, actor: Actor, village: str = TANQUAN, members: int = 3, **person: Any
) -> tuple[str, list[str]]:
    """A household and its members 成员0, 成员1, …: the household id and the members' ids."""
    household = household_row(session, actor, village)
    ids = [person_row(session, actor, f"成员{n}", household, **person).id for n in range(members)]
    return household.id, ids


def county_rates(start: date = date(2025, 1, 1)) -> list[RateInput]:
    """The county's 低保 standards and 特困 basic and care amounts, in force from `start`."""
    return [
        RateInput(RateKind.DIBAO_RURAL_STANDARD, COUNTY, 550 * YUAN, start),
        RateInput(RateKind.DIBAO_URBAN_STANDARD, COUNTY, 700 * YUAN, start),
        RateInput(RateKind.TEKUN_BASIC_RURAL, COUNTY, 715 * YUAN, start),
        RateInput(RateKind.TEKUN_BASIC_URBAN, COUNTY, 910 * YUAN, start),
        RateInput(RateKind.TEKUN_CARE_SELF, COUNTY, 90 * YUAN, start),
        RateInput(RateKind.TEKUN_CARE_SEMI, COUNTY, 540 * YUAN, start),
        RateInput(RateKind.TEKUN_CARE_FULL, COUNTY, 1080 * YUAN, start),
    ]


def other_program_rates(start: date = date(2025, 1, 1)) -> list[RateInput]:
    """The county's A类 supplement, disability subsidies and children's allowances."""
    return [
        RateInput(RateKind.DIBAO_CLASS_SUPPLEMENT, COUNTY, 80 * YUAN, start, "A类"),
        RateInput(RateKind.DISABILITY_LIVING, COUNTY, 80 * YUAN, start),
        RateInput(RateKind.DISABILITY_CARE, COUNTY, 90 * YUAN, start),
        RateInput(RateKind.ORPHAN_INSTITUTION, COUNTY, 1750 * YUAN, start),
        RateInput(RateKind.ORPHAN_SCATTERED, COUNTY, 1300 * YUAN, start),
        RateInput(RateKind.UNSUPPORTED_CHILD, COUNTY, 1300 * YUAN, start),
    ]


def apply_for(
    session: Session,
    actor: Actor,
    program: Program,
    household_id: str,
    applied_on: date,
    **fields: Any,
) -> EnrolmentChange:
    """An application for `program` made on `applied_on` (`person_id=` for one member's)."""
    return enrol(
        session,
        actor,
        program=program,
        household_id=household_id,
        applied_on=applied_on,
        **fields,
    )


def enrol_approved(
    session: Session,
    actor: Actor,
    program: Program,
    household_id: str,
    applied_on: date,
    decided_on: date,
    **fields: Any,
) -> EnrolmentChange:
    """An enrolment in `program` applied for on `applied_on` and approved on `decided_on`."""
    return apply_for(
        session,
        actor,
        program,
        household_id,
        applied_on,
        status="approved",
        decided_on=decided_on,
        **fields,
    )


def approved_dibao(
    session: Session,
    actor: Actor,
    household_id: str,
    decided_on: date,
    *,
    applied_on: date | None = None,
    income_yuan: int = 200,
    covered: int | None = None,
) -> EnrolmentChange:
    """The household's 低保, approved on `decided_on` (applied for the same day unless told)."""
    return enrol_approved(
        session,
        actor,
        Program.DIBAO,
        household_id,
        applied_on or decided_on,
        decided_on,
        per_capita_income_fen=income_yuan * YUAN,
        covered_members=covered,
    )


def county_rate(
    session: Session,
    actor: Actor,
    kind: RateKind,
    amount_fen: int,
    effective_from: date,
    **fields: Any,
) -> RateChange:
    """A rate of the county (`qualifier=`, `decided_on=`, `note=` when told)."""
    return add_rate(
        session,
        actor,
        kind=kind,
        region_code=COUNTY,
        amount_fen=amount_fen,
        effective_from=effective_from,
        **fields,
    )


def raise_rural_standard(
    session: Session,
    actor: Actor,
    yuan: int = 600,
    *,
    effective_from: date = date(2026, 1, 1),
    decided_on: date | None = None,
) -> RateChange:
    """The county raises its rural 低保 standard (to 600 yuan from January 2026 unless told)."""
    return county_rate(
        session,
        actor,
        RateKind.DIBAO_RURAL_STANDARD,
        yuan * YUAN,
        effective_from,
        decided_on=decided_on,
    )


def row_counts(session: Session, *models: type[Any]) -> tuple[int, ...]:
    """How many rows each model's table holds (tombstones too), pending writes flushed."""
    session.flush()
    return tuple(session.scalar(select(func.count()).select_from(model)) or 0 for model in models)


def audit_of(session: Session, entity_id: str) -> list[AuditEntry]:
    """The audit entries of one row, oldest first."""
    return list(
        session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.at)
        )
    )


def outbox_of(session: Session, entity_id: str) -> list[OutboxMutation]:
    """The outbox mutations of one row, in the order they are sent."""
    return list(
        session.scalars(
            select(OutboxMutation)
            .where(OutboxMutation.entity_id == entity_id)
            .order_by(OutboxMutation.seq)
        )
    )


def audit_and_outbox(
    session: Session, entity_id: str
) -> tuple[list[AuditEntry], list[OutboxMutation]]:
    """The audit entries and outbox mutations of one row."""
    return audit_of(session, entity_id), outbox_of(session, entity_id)


def demo_township_session(vault: Vault, persons: int = 300, seed: int = 1) -> Iterator[Session]:
    """Fill the vault with a small demo township and hold one session on it (for a fixture)."""
    generate_demo_township(vault, persons=persons, seed=seed)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        vault.close_engine(engine)
