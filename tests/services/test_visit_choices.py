"""The visits a household file offers to begin: from its files and programs, living members."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.caseload_builders import demo_township_session

from minzheng_field.domain.programs import EnrolmentStatus, Program, SupportMode
from minzheng_field.services.context import Actor, actor_for
from minzheng_field.services.household_file import HouseholdFile, open_household
from minzheng_field.services.visit_choices import visit_choices
from minzheng_field.store.models import ChildFile, ElderFile, Enrolment, Person
from minzheng_field.store.vault import Vault


@pytest.fixture
def demo(vault: Vault) -> Iterator[Session]:
    yield from demo_township_session(vault)


@pytest.fixture
def actor(demo: Session) -> Actor:
    return actor_for(demo, "admin")


def household_of(session: Session, actor: Actor, person_id: str) -> HouseholdFile:
    household_id = session.scalar(select(Person.household_id).where(Person.id == person_id))
    assert household_id is not None
    return open_household(session, actor, household_id)


def living_elder(session: Session, actor: Actor) -> tuple[str, HouseholdFile]:
    """A living elder with a file, and their household's file."""
    elder_id = session.scalar(
        select(ElderFile.person_id)
        .join(Person, Person.id == ElderFile.person_id)
        .where(Person.deceased_on.is_(None))
        .limit(1)
    )
    assert elder_id is not None
    return elder_id, household_of(session, actor, elder_id)


def pairs(household: HouseholdFile) -> set[tuple[str, str]]:
    return {(choice.person_id, choice.category) for choice in visit_choices(household)}


def changed_program(household: HouseholdFile, program: Program, **changes: str) -> HouseholdFile:
    """The household with `changes` made to its enrolments in `program`."""
    programs = tuple(
        dataclasses.replace(p, **changes) if p.program == program else p for p in household.programs
    )
    return dataclasses.replace(household, programs=programs)


def test_a_child_file_offers_a_visit_of_its_category(demo: Session, actor: Actor) -> None:
    child_id, category = demo.execute(
        select(ChildFile.person_id, ChildFile.category)
        .join(Person, Person.id == ChildFile.person_id)
        .where(Person.deceased_on.is_(None))
        .limit(1)
    ).one()
    household = household_of(demo, actor, child_id)
    choices = {c.person_id: c for c in visit_choices(household) if c.person_id == child_id}
    assert choices[child_id].category == category
    assert choices[child_id].category_label in {"留守儿童", "困境儿童", "孤儿", "事实无人抚养儿童"}


def test_an_elder_file_offers_an_elder_visit(demo: Session, actor: Actor) -> None:
    elder_id, household = living_elder(demo, actor)
    assert (elder_id, "elder") in pairs(household)
    labels = {c.category_label for c in visit_choices(household) if c.person_id == elder_id}
    assert "特殊困难老年人" in labels


def test_a_dibao_household_is_surveyed_under_its_head(demo: Session, actor: Actor) -> None:
    household_id = demo.scalar(
        select(Enrolment.household_id)
        .where(
            Enrolment.program == Program.DIBAO.value,
            Enrolment.status == EnrolmentStatus.APPROVED.value,
        )
        .limit(1)
    )
    assert household_id is not None
    household = open_household(demo, actor, household_id)
    head = household.household.head_person_id
    assert (head, "dibao") in pairs(household)
    # A stopped 低保 offers no survey.
    stopped = changed_program(household, Program.DIBAO, status=EnrolmentStatus.STOPPED.value)
    assert (head, "dibao") not in pairs(stopped)


def test_tekun_only_when_dispersed_and_current(demo: Session, actor: Actor) -> None:
    row = demo.execute(
        select(Enrolment.person_id, Enrolment.household_id).where(
            Enrolment.program == Program.TEKUN.value,
            Enrolment.support_mode == SupportMode.DISPERSED.value,
            Enrolment.status == EnrolmentStatus.APPROVED.value,
        )
    ).first()
    assert row is not None
    person_id, household_id = row
    household = open_household(demo, actor, household_id)
    assert (person_id, "tekun") in pairs(household)
    centralised = changed_program(
        household, Program.TEKUN, support_mode=SupportMode.CENTRALISED.value
    )
    assert (person_id, "tekun") not in pairs(centralised)


def test_a_temporary_assistance_application_is_surveyed(demo: Session, actor: Actor) -> None:
    household_id = demo.scalar(select(Enrolment.household_id).limit(1))
    assert household_id is not None
    household = open_household(demo, actor, household_id)
    template = household.programs[0]
    applicant = next(m for m in household.members if m.deceased_on is None)
    applying = dataclasses.replace(
        template,
        id="ta-1",
        program=Program.TEMPORARY_ASSISTANCE.value,
        person_id=applicant.id,
        status=EnrolmentStatus.APPLIED.value,
    )
    with_case = dataclasses.replace(household, programs=(*household.programs, applying))
    found = [c for c in visit_choices(with_case) if c.category == "temporary_assistance"]
    assert [(c.person_id, c.category_label) for c in found] == [(applicant.id, "临时救助入户调查")]


def test_deceased_members_are_not_offered(demo: Session, actor: Actor) -> None:
    elder_id, household = living_elder(demo, actor)
    gone = dataclasses.replace(
        household,
        members=tuple(
            dataclasses.replace(m, deceased_on=date(2026, 1, 5)) if m.id == elder_id else m
            for m in household.members
        ),
    )
    assert all(c.person_id != elder_id for c in visit_choices(gone))
