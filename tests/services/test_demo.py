"""The demo township: deterministic, valid, consistent with the domain rules, and plausible."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from minzheng_field.domain.age import age_on
from minzheng_field.domain.care import ChildCategory, ElderCategory, ParentSituation
from minzheng_field.domain.integrity import (
    ChildRecord,
    EnrolmentRecord,
    PersonRecord,
    conflicting_enrolments,
    deceased_with_active_benefit,
    duplicate_resident_ids,
    left_behind_children_over_age,
)
from minzheng_field.domain.months import Month, add_months
from minzheng_field.domain.person_fields import DisabilityCategory, PendingReason, Relationship
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.domain.rates import RateKind, dibao_monthly_amount
from minzheng_field.domain.resident_id import parse_resident_id
from minzheng_field.domain.roles import Role
from minzheng_field.domain.schedules import plan_key
from minzheng_field.domain.work import VisitMethod
from minzheng_field.forms.evaluation import FormContext
from minzheng_field.forms.registry import shipped_forms
from minzheng_field.forms.validation import validate_answers
from minzheng_field.services.context import actor_for
from minzheng_field.services.demo import (
    DIBAO_CLASSES,
    DemoNotEmpty,
    DemoSummary,
    InvalidDemoSize,
    generate_demo_township,
)
from minzheng_field.services.demo_names import RARE_CHARS, SHOWCASE_SURNAMES
from minzheng_field.services.enrolments import change_enrolment, recompute_amounts
from minzheng_field.services.rates import (
    AMOUNT_FIELDS,
    BASIS_FIELDS,
    back_pay_due,
    is_urban,
    rate_key,
    rates_in_force,
)
from minzheng_field.services.schedules import due_visits, monthly_coverage
from minzheng_field.services.search import search
from minzheng_field.services.visibility import check_can_open_person
from minzheng_field.services.visits import (
    check_answers,
    form_context_for,
    photo_candidates,
    visit_view,
)
from minzheng_field.store.models import (
    AuditEntry,
    ChildFile,
    ElderFile,
    Enrolment,
    EnrolmentEvent,
    Household,
    OutboxMutation,
    Person,
    PersonSearch,
    RateRow,
    RelativeDeclaration,
    Task,
    UserProfile,
    VaultMeta,
    Visit,
    VisitPlan,
)
from minzheng_field.store.queries.person_search import PersonQuery
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF, new_vault

TODAY = date(2026, 11, 28)
PERSONS = 1500


def rows(session: Session, model: type[Any]) -> list[dict[str, Any]]:
    table = model.__table__
    return [dict(row._mapping) for row in session.execute(select(table)).all()]


@dataclass
class Township:
    """What one generated demo holds, read back from the vault as plain rows."""

    summary: DemoSummary
    progress: list[tuple[int, int]]
    persons: list[dict[str, Any]]
    households: dict[str, dict[str, Any]]
    enrolments: list[dict[str, Any]]
    events: list[dict[str, Any]]
    child_files: list[dict[str, Any]]
    elder_files: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    users: dict[str, dict[str, Any]]
    session: Session

    def person(self, person_id: str) -> dict[str, Any]:
        return self.by_id[person_id]

    def __post_init__(self) -> None:
        self.by_id = {p["id"]: p for p in self.persons}
        self.members: dict[str, list[dict[str, Any]]] = {}
        for person in self.persons:
            self.members.setdefault(person["household_id"], []).append(person)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Township]:
    vault = new_vault(tmp_path_factory.mktemp("demo") / "data")
    progress: list[tuple[int, int]] = []
    summary = generate_demo_township(
        vault, persons=PERSONS, progress=lambda done, total: progress.append((done, total))
    )
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            yield Township(
                summary=summary,
                progress=progress,
                persons=rows(session, Person),
                households={h["id"]: h for h in rows(session, Household)},
                enrolments=rows(session, Enrolment),
                events=rows(session, EnrolmentEvent),
                child_files=rows(session, ChildFile),
                elder_files=rows(session, ElderFile),
                visits=rows(session, Visit),
                users={u["username"]: u for u in rows(session, UserProfile)},
                session=session,
            )
    finally:
        vault.close_engine(engine)
        vault.lock()


def fingerprint(vault: Vault) -> tuple[set[tuple[str, str | None, str]], Counter[tuple[str, str]]]:
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            people = {
                (name, number, village)
                for name, number, village in session.execute(
                    select(Person.name, Person.resident_id, Household.village_code).join(
                        Household, Household.id == Person.household_id
                    )
                )
            }
            programs = Counter(
                (program, status)
                for program, status in session.execute(select(Enrolment.program, Enrolment.status))
            )
    finally:
        vault.close_engine(engine)
    return people, programs


# -- determinism ---------------------------------------------------------------------------------


def test_same_seed_same_township_and_another_seed_another(tmp_path: Path) -> None:
    summaries = []
    prints = []
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        vault = new_vault(tmp_path / name)
        summaries.append(generate_demo_township(vault, persons=300, seed=seed))
        prints.append(fingerprint(vault))
        vault.lock()
    assert prints[0] == prints[1]
    assert summaries[0] == summaries[1]
    assert summaries[0].persons == summaries[2].persons == 300
    people_a, _ = prints[0]
    people_c, _ = prints[2]
    assert len(people_a & people_c) < 10
    assert summaries[0].by_program != summaries[2].by_program or people_a != people_c


def test_exactly_the_persons_asked_for_and_a_summary_that_matches(town: Township) -> None:
    summary = town.summary
    assert summary.persons == len(town.persons) == PERSONS
    assert summary.households == len(town.households)
    assert summary.children_in_files == len(town.child_files)
    assert summary.elders_in_files == len(town.elder_files)
    assert summary.visits == len(town.visits)
    current = Counter(
        e["program"]
        for e in town.enrolments
        if EnrolmentStatus(e["status"]).is_current and e["program"] != Program.TEMPORARY_ASSISTANCE
    )
    for program, count in current.items():
        assert summary.by_program[program] == count
    assert summary.dibao_persons == sum(
        e["covered_members"]
        for e in town.enrolments
        if e["program"] == Program.DIBAO and EnrolmentStatus(e["status"]).is_current
    )
    assert town.progress[-1] == (100, 100)
    done = [d for d, _ in town.progress]
    assert done == sorted(done) and len(done) > 5


# -- validity -------------------------------------------------------------------------------------


def test_every_id_number_parses_is_unique_and_agrees_with_sex_and_birth(town: Township) -> None:
    numbers = [p["resident_id"] for p in town.persons if p["resident_id"]]
    assert len(numbers) == len(set(numbers))
    old_codes = 0
    born_before_1983 = 0
    for person in town.persons:
        if person["resident_id"] is None:
            continue
        parsed = parse_resident_id(person["resident_id"], today=TODAY)
        assert parsed.number == person["resident_id"]
        assert parsed.sex.value == person["sex"]
        assert parsed.birth_date == person["birth_date"]
        if parsed.address_code.startswith("4328"):
            old_codes += 1
            # The 郴州地区 codes were retired in 1994: only for people born long before.
            assert parsed.birth_date.year < 1983
        if parsed.birth_date.year < 1983:
            born_before_1983 += 1
    assert 0.3 < old_codes / born_before_1983 < 0.8
    codes = Counter(p["resident_id"][:6] for p in town.persons if p["resident_id"])
    assert codes.most_common(1)[0][0] == "431023"


def test_ages_fit_relations(town: Township) -> None:
    def years_between(older: dict[str, Any], younger: dict[str, Any]) -> float:
        return (younger["birth_date"] - older["birth_date"]).days / 365.25

    for household_id, members in town.members.items():
        heads = [m for m in members if m["relation"] == Relationship.SELF]
        assert len(heads) == 1
        head = heads[0]
        assert town.households[household_id]["head_person_id"] == head["id"]
        assert age_on(head["birth_date"], TODAY) >= 18
        for member in members:
            relation = member["relation"]
            if relation in (Relationship.SON, Relationship.DAUGHTER):
                assert years_between(head, member) >= 18
                assert member["sex"] == ("男" if relation == Relationship.SON else "女")
            elif relation == Relationship.GRANDCHILD:
                assert years_between(head, member) >= 36
            elif relation == Relationship.PARENT:
                assert years_between(member, head) >= 18
            elif relation == Relationship.SPOUSE:
                assert abs(years_between(head, member)) <= 10
                assert member["sex"] != head["sex"]
            elif relation == Relationship.DAUGHTER_IN_LAW:
                assert years_between(head, member) >= 10
                assert member["sex"] == "女"
        assert len(members) <= 7


def test_programs_and_files_fit_ages_and_conditions(town: Township) -> None:
    for enrolment in town.enrolments:
        if enrolment["program"] == Program.TEKUN:
            person = town.person(enrolment["person_id"])
            age = age_on(person["birth_date"], TODAY)
            category, grade = person["disability_category"], person["disability_grade"]
            severe = grade is not None and (
                (
                    category in (DisabilityCategory.INTELLECTUAL, DisabilityCategory.MENTAL)
                    and grade <= 3
                )
                or (category == DisabilityCategory.PHYSICAL and grade <= 2)
                or (category == DisabilityCategory.VISUAL and grade == 1)
            )
            assert age >= 60 or age < 16 or severe
            if enrolment["support_mode"] == "dispersed":
                assert enrolment["carer_name"]
            assert enrolment["self_care_level"] in ("self_care", "semi_care", "full_care")
        if enrolment["program"] == Program.DISABILITY_CARE_SUBSIDY:
            assert town.person(enrolment["person_id"])["disability_grade"] in (1, 2)
        if enrolment["program"] == Program.DISABILITY_LIVING_SUBSIDY:
            assert town.person(enrolment["person_id"])["disability_grade"] is not None
            assert any(
                e["program"] == Program.DIBAO and e["household_id"] == enrolment["household_id"]
                for e in town.enrolments
            )
        if enrolment["program"] in (Program.ORPHAN, Program.UNSUPPORTED_CHILD):
            assert age_on(town.person(enrolment["person_id"])["birth_date"], TODAY) < 18
    for child_file in town.child_files:
        age = age_on(town.person(child_file["person_id"])["birth_date"], TODAY)
        category = ChildCategory(child_file["category"])
        assert age < (16 if category is ChildCategory.LEFT_BEHIND else 18)
        if category is ChildCategory.LEFT_BEHIND:
            assert ParentSituation.AWAY_WORKING in (
                child_file["father_situation"],
                child_file["mother_situation"],
            )
            assert child_file["guardian_name"] and 18 <= child_file["guardian_age"] <= 120
            assert child_file["last_parent_contact_on"] <= TODAY
        if category is ChildCategory.ORPHAN:
            assert child_file["father_situation"] == child_file["mother_situation"] == "deceased"
        assert child_file["child_director"] in town.users
        assert child_file["risk_level"] in ("low", "medium", "high")
    for elder_file in town.elder_files:
        assert age_on(town.person(elder_file["person_id"])["birth_date"], TODAY) >= 60
        assert elder_file["categories"]
        assert {ElderCategory(c) for c in elder_file["categories"]}
        assert elder_file["responsible"] in town.users


def test_the_integrity_checks_find_nothing_wrong(town: Township) -> None:
    records = []
    for enrolment in town.enrolments:
        holders = (
            [p["id"] for p in town.members[enrolment["household_id"]]]
            if Program(enrolment["program"]).is_per_household
            else [enrolment["person_id"]]
        )
        records.extend(
            EnrolmentRecord(
                person, enrolment["program"], enrolment["status"], enrolment["household_id"]
            )
            for person in holders
        )
    deaths = {p["id"]: p["deceased_on"] for p in town.persons if p["deceased_on"]}
    assert conflicting_enrolments(records) == []
    assert deceased_with_active_benefit(deaths, records, TODAY) == []
    assert (
        duplicate_resident_ids(
            PersonRecord(p["id"], p["household_id"], p["resident_id"]) for p in town.persons
        )
        == []
    )
    left_behind = [
        ChildRecord(f["person_id"], town.person(f["person_id"])["birth_date"])
        for f in town.child_files
        if f["category"] == ChildCategory.LEFT_BEHIND
    ]
    assert left_behind_children_over_age(left_behind, TODAY) == []


def test_status_history_and_deaths(town: Township) -> None:
    events: dict[str, list[dict[str, Any]]] = {}
    for event in town.events:
        events.setdefault(event["enrolment_id"], []).append(event)
    for enrolment in town.enrolments:
        history = sorted(events[enrolment["id"]], key=lambda e: e["effective_on"])
        assert history[0]["from_status"] is None and history[0]["to_status"] == "applied"
        assert history[-1]["to_status"] == enrolment["status"]
        for before, after in itertools.pairwise(history):
            assert after["from_status"] == before["to_status"]
        if enrolment["status"] == "stopped":
            assert history[-1]["reason"]
            assert enrolment["end_month"] is not None
        if enrolment["status"] == "refused":
            assert history[-1]["reason"]
    stopped_this_year = [
        e
        for e in town.events
        if e["to_status"] == "stopped" and e["effective_on"] > TODAY - timedelta(days=365)
    ]
    assert stopped_this_year
    assert any(e["to_status"] == "suspended" for e in town.events)
    assert any(
        e["to_status"] == "approved" and e["effective_on"] > TODAY - timedelta(days=365)
        for e in town.events
    )
    deceased = [p for p in town.persons if p["deceased_on"]]
    assert 1 <= len(deceased) <= 5
    for person in deceased:
        held = [e for e in town.enrolments if e["person_id"] == person["id"]] + [
            e
            for e in town.enrolments
            if e["person_id"] is None and e["household_id"] == person["household_id"]
        ]
        assert held and all(e["status"] == "stopped" for e in held)
        assert all(
            e["end_month"] == Month.from_date(person["deceased_on"]).first_day() for e in held
        )


def test_pending_persons_have_no_number_and_a_reason(town: Township) -> None:
    pending = [p for p in town.persons if p["pending_verification"]]
    assert 1 <= len(pending) <= max(2, round(PERSONS * 0.006))
    assert town.summary.pending_persons == len(pending)
    for person in pending:
        assert person["resident_id"] is None
        assert PendingReason(person["pending_reason"])
        assert person["notes"]
        assert person["birth_date"] is not None and person["sex"] in ("男", "女")
    assert any(p["pending_reason"] == PendingReason.UNREGISTERED_BABY for p in pending)
    assert all(p["resident_id"] for p in town.persons if not p["pending_verification"])


def test_rare_character_names_are_there_and_round_trip(town: Township) -> None:
    rare = [p for p in town.persons if any(char in RARE_CHARS for char in p["name"])]
    assert 0.003 * PERSONS <= len(rare) <= 0.008 * PERSONS
    assert town.summary.rare_name_persons == len(rare)
    assert any(any(ord(char) > 0xFFFF for char in p["name"]) for p in rare)
    for person in rare:
        # Stored exactly as made: no compatibility normalisation, no surrogates.
        assert unicodedata.normalize("NFC", person["name"]) == person["name"]
        assert person["name"].encode("utf-8").decode("utf-8") == person["name"]
    assert any("·" in p["name"] for p in town.persons)
    assert Counter(p["ethnicity"] for p in town.persons)["13"] >= 1  # 瑶族


def test_polyphonic_surnames_and_rare_names_are_found_by_search(tmp_path: Path) -> None:
    vault = new_vault(tmp_path / "data")
    generate_demo_township(vault, persons=300)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            admin = actor_for(session, ADMIN)
            names = set(session.scalars(select(Person.name)))
            for surname in SHOWCASE_SURNAMES:
                assert any(name.startswith(surname) for name in names), surname
            for surname, reading in (("曾", "zeng"), ("单", "shan"), ("区", "ou"), ("解", "xie")):
                page = search(session, admin, PersonQuery(text=reading, limit=200, today=TODAY))
                assert any(hit.name.startswith(surname) for hit in page.hits), reading
            rare = [n for n in names if any(char in RARE_CHARS for char in n)]
            assert rare
            for name in rare:
                page = search(session, admin, PersonQuery(text=name, today=TODAY))
                assert name in {hit.name for hit in page.hits}
    finally:
        vault.close_engine(engine)
        vault.lock()


def test_phones_and_accounts_are_recognisably_fictional(town: Township) -> None:
    phones = [p["phone"] for p in town.persons if p["phone"]]
    assert phones and all(p.startswith("17000") and len(p) == 11 for p in phones)
    adults_with_phone = [
        p for p in town.persons if p["phone"] and age_on(p["birth_date"], TODAY) >= 18
    ]
    assert len(adults_with_phone) == len(phones)
    accounts = [h["bank_account"] for h in town.households.values() if h["bank_account"]]
    assert accounts and all(a.startswith("0000") for a in accounts)


# -- shares ---------------------------------------------------------------------------------------


def test_shares_are_those_of_a_township_caseload(town: Township) -> None:
    summary = town.summary
    counts = summary.by_program
    assert 0.25 < counts[Program.DIBAO] / summary.households < 0.55
    assert 0.3 < summary.dibao_persons / summary.persons < 0.55
    assert 0.02 < counts[Program.TEKUN] / summary.persons < 0.08
    assert 0.03 < counts[Program.DIBAO_EDGE] / summary.households < 0.2
    assert counts[Program.TEMPORARY_ASSISTANCE] > 0
    assert counts[Program.DISABILITY_LIVING_SUBSIDY] > 0
    assert counts[Program.DISABILITY_CARE_SUBSIDY] > 0
    assert 1 <= counts[Program.ORPHAN] <= 20
    assert 1 <= counts[Program.UNSUPPORTED_CHILD] <= 30
    modes = Counter(e["support_mode"] for e in town.enrolments if e["program"] == Program.TEKUN)
    assert modes["centralised"] and modes["dispersed"] > modes["centralised"]
    kinds = Counter(
        e["assistance_type"]
        for e in town.enrolments
        if e["program"] == Program.TEMPORARY_ASSISTANCE
    )
    assert kinds["emergency"] and kinds["expenditure"]
    disabled = sum(p["disability_category"] is not None for p in town.persons)
    assert 0.03 < disabled / summary.persons < 0.15
    categories = Counter(f["category"] for f in town.child_files)
    assert categories["left_behind"] > categories["in_difficulty"] > 0
    assert 0.05 < summary.children_in_files / summary.persons < 0.2
    assert 0.08 < summary.elders_in_files / summary.persons < 0.25
    tiers = Counter(f["risk_tier"] for f in town.elder_files)
    assert tiers["low"] and tiers["medium"] and tiers["high"]
    sexes = Counter(p["sex"] for p in town.persons)
    assert 0.4 < sexes["女"] / summary.persons < 0.6


# -- visits ---------------------------------------------------------------------------------------


def test_a_year_of_visits(town: Township) -> None:
    # A year of care visits; 低保 surveys go back further (see the 低保 tests below).
    days = [v["visited_on"] for v in town.visits if v["category"] != "dibao"]
    assert min(days) > TODAY - timedelta(days=366)
    assert max(days) <= TODAY
    assert (max(days) - min(days)).days > 330
    assert {v["status"] for v in town.visits} == {"final"}
    assert {v["method"] for v in town.visits} == {"home", "phone", "video"}
    assert {(v["form_id"], v["form_version"]) for v in town.visits} == {
        ("special_elder_visit", "2026.1"),
        ("left_behind_child_visit", "2025.1"),
        ("vulnerable_child_visit", "2026.1"),
        ("tekun_dispersed_visit", "2026.1"),
        ("dibao_household_survey", "2026.1"),
    }
    by_id = {v["id"]: v for v in town.visits}
    amendments = [v for v in town.visits if v["amends_visit_id"]]
    for amendment in amendments:
        original = by_id[amendment["amends_visit_id"]]
        assert original["person_id"] == amendment["person_id"]
        assert amendment["finalised_at"] > original["finalised_at"]
    months_visited: dict[str, set[Month]] = {}
    for visit in town.visits:
        person = town.person(visit["person_id"])
        assert visit["visited_on"] >= person["birth_date"]
        if person["deceased_on"]:
            assert visit["visited_on"] < person["deceased_on"]
        if visit["category"] == "elder":
            assert age_on(person["birth_date"], visit["visited_on"]) >= 60
            months_visited.setdefault(visit["person_id"], set()).add(
                Month.from_date(visit["visited_on"])
            )
    living_elders = [
        f["person_id"]
        for f in town.elder_files
        if town.person(f["person_id"])["deceased_on"] is None
        and age_on(town.person(f["person_id"])["birth_date"], TODAY) >= 61
    ]
    assert living_elders
    well_visited = sum(len(months_visited.get(p, ())) >= 10 for p in living_elders)
    assert well_visited / len(living_elders) > 0.9


def test_every_visit_is_written_on_a_shipped_form_and_its_answers_validate(
    town: Township,
) -> None:
    shipped = shipped_forms()
    members: dict[str, frozenset[str]] = {
        household: frozenset(p["id"] for p in people) for household, people in town.members.items()
    }
    for visit in town.visits:
        definition = shipped[(visit["form_id"], visit["form_version"])]
        assert visit["category"] in definition.categories
        person = town.person(visit["person_id"])
        values = {
            value_id: person["birth_date"].isoformat()
            for value_id in definition.context_ids
            if value_id.endswith("_birth_date")
        }
        if "dibao_standard_fen" in definition.context_ids:
            stored = town.session.get(Visit, visit["id"])
            assert stored is not None
            values |= form_context_for(town.session, stored, definition).values
        context = FormContext(
            today=visit["visited_on"],
            values=values,
            household_member_ids=members[visit["household_id"]],
        )
        assert validate_answers(definition, visit["answers"], context) == {}, visit["form_id"]
        if "visit_method" in visit["answers"]:
            assert visit["answers"]["visit_method"] == visit["method"]
        assert visit["method"] in set(VisitMethod)


def test_a_demo_visit_of_each_form_opens(town: Township) -> None:
    admin = actor_for(town.session, ADMIN)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for visit in town.visits:
        first.setdefault((visit["form_id"], visit["form_version"]), visit)
    assert len(first) == 5
    for (form_id, form_version), visit in first.items():
        view = visit_view(town.session, admin, visit["id"])
        assert (view.definition.id, view.definition.version) == (form_id, form_version)
        assert dict(view.answers) == visit["answers"]


# -- who made the visits ----------------------------------------------------------------------


def test_every_visit_is_made_and_recorded_by_its_plans_visitor_who_may_see_the_person(
    town: Township,
) -> None:
    session = town.session
    plans = {
        (plan.person_id, plan_key(plan.category)): plan.visitor
        for plan in session.scalars(select(VisitPlan))
    }
    responsible = {f["person_id"]: f["responsible"] for f in town.elder_files} | {
        f["person_id"]: f["child_director"] for f in town.child_files
    }
    seen: set[tuple[str, str]] = set()
    for visit in town.visits:
        visitor = visit["visitor"]
        assert visit["updated_by"] == visitor
        assert plans[(visit["person_id"], plan_key(visit["category"]))] == visitor
        if visit["category"] not in ("tekun", "dibao"):
            assert responsible[visit["person_id"]] == visitor
        user = town.users[visitor]
        assert user["active"]
        if user["role"] == Role.VILLAGE_CADRE:
            village = town.households[visit["household_id"]]["village_code"]
            assert user["villages"] == [village]
        seen.add((visitor, visit["person_id"]))
    # Their villages, and no household they are declared related to (近亲属备案).
    assert session.scalar(select(func.count()).select_from(RelativeDeclaration))
    actors = {username: actor_for(session, username) for username, _ in seen}
    for username, person_id in seen:
        assert check_can_open_person(session, actors[username], person_id)
    # The cadres made every care visit, the administrator who imported the township (its
    # 民政专干) every 低保 入户调查.
    visitors = {v["visitor"] for v in town.visits if v["category"] != "dibao"}
    assert ADMIN not in visitors
    assert visitors == {u for u, user in town.users.items() if user["role"] == Role.VILLAGE_CADRE}
    assert {v["visitor"] for v in town.visits if v["category"] == "dibao"} == {ADMIN}
    for task in session.scalars(select(Task).where(Task.source_visit_id.is_not(None))):
        source = session.get(Visit, task.source_visit_id)
        assert source is not None
        assert task.assigned_to == task.updated_by == source.visitor


def test_every_dispersed_tekun_person_has_a_visitor_and_a_year_of_visits(town: Township) -> None:
    session = town.session
    plans = {
        plan.person_id: plan
        for plan in session.scalars(select(VisitPlan).where(VisitPlan.category == "tekun"))
    }
    visits = Counter(v["person_id"] for v in town.visits)
    filed = {f["person_id"] for f in town.elder_files}
    dispersed = [
        e
        for e in town.enrolments
        if e["program"] == Program.TEKUN
        and e["support_mode"] == "dispersed"
        and EnrolmentStatus(e["status"]).is_current
    ]
    assert len(dispersed) > 20 and any(e["person_id"] not in filed for e in dispersed)
    for enrolment in dispersed:
        plan = plans[enrolment["person_id"]]
        assert plan.active and plan.visitor in town.users
        assert visits[enrolment["person_id"]] >= 1
    # Those without an elder file are visited on the 特困 form, month by month.
    months = {
        (v["person_id"], Month.from_date(v["visited_on"]))
        for v in town.visits
        if v["category"] == "tekun"
    }
    unfiled = [e for e in dispersed if e["person_id"] not in filed]
    expected = sum(
        len(
            Month.range(
                Month.from_date(max(e["decided_on"], TODAY - timedelta(days=364))),
                Month.from_date(TODAY),
            )
        )
        for e in unfiled
    )
    assert 0.8 < len(months) / expected < 0.99
    admin = actor_for(session, ADMIN)
    due = [v for v in due_visits(session, admin, TODAY) if v.category == "tekun"]
    assert all(v.visitor is not None and not v.never_visited for v in due)
    # Coverage as in a real township: most contacted this month, some not yet.
    november = monthly_coverage(session, admin, Month(2026, 11)).by_category["tekun"]
    october = monthly_coverage(session, admin, Month(2026, 10)).by_category["tekun"]
    assert november.enrolled == len(dispersed)
    assert 0.6 < november.contacted / november.enrolled < 0.95
    assert november.contacted < october.contacted < october.enrolled


def current_dibao_by_head(town: Township) -> dict[str, dict[str, Any]]:
    """The current 低保 enrolments by their household's head."""
    return {
        town.households[e["household_id"]]["head_person_id"]: e
        for e in town.enrolments
        if e["program"] == Program.DIBAO and EnrolmentStatus(e["status"]).is_current
    }


def test_every_current_dibao_household_is_reviewed_by_the_township_at_its_cycle(
    town: Township,
) -> None:
    session = town.session
    heads = current_dibao_by_head(town)
    plans = {
        plan.person_id: plan
        for plan in session.scalars(select(VisitPlan).where(VisitPlan.category == "dibao"))
    }
    surveys: dict[str, list[dict[str, Any]]] = {}
    for visit in sorted(town.visits, key=lambda v: v["visited_on"]):
        if visit["category"] == "dibao":
            surveys.setdefault(visit["person_id"], []).append(visit)
    assert len(heads) > 100 and set(plans) == set(heads) and set(surveys) == set(heads)
    lateness = []
    for head, enrolment in heads.items():
        # The township's 民政专干 (the importer) makes the 入户调查, no village cadre.
        assert plans[head].active and plans[head].visitor == ADMIN
        cycle = enrolment["review_cycle_months"]
        done = surveys[head]
        assert all(v["visitor"] == v["updated_by"] == ADMIN for v in done)
        assert all(v["method"] == "home" and v["amends_visit_id"] is None for v in done)
        assert date(2025, 7, 1) <= done[0]["visited_on"] and done[-1]["visited_on"] <= TODAY
        kinds = [v["answers"]["survey_type"] for v in done]
        assert set(kinds[1:]) <= {"review"}
        if kinds[0] == "application":
            assert enrolment["applied_on"] < done[0]["visited_on"] <= enrolment["decided_on"]
        reviews = [v["visited_on"] for v in done if v["answers"]["survey_type"] == "review"]
        assert all(day > enrolment["decided_on"] for day in reviews)
        if enrolment["decided_on"] < add_months(TODAY, -cycle) - timedelta(days=45):
            assert reviews, "enrolled more than a cycle ago, never reviewed"
        # The next review is one cycle after the last survey, as the schedule counts.
        assert enrolment["next_review_on"] == add_months(done[-1]["visited_on"], cycle)
        for before, after in itertools.pairwise(v["visited_on"] for v in done):
            lateness.append((after - add_months(before, cycle)).days)
    # Most made by their due day, some a little late, none very late.
    assert lateness and all(-24 <= days <= 34 for days in lateness)
    assert 0.6 < sum(days <= 0 for days in lateness) / len(lateness) < 0.95
    # The day plan: some reviews overdue (none never visited), most not yet due.
    due = [
        v for v in due_visits(session, actor_for(session, ADMIN), TODAY) if v.category == "dibao"
    ]
    assert 0 < len(due) < 0.15 * len(heads)
    assert all(v.visitor == ADMIN and not v.never_visited for v in due)
    # The workbench's review tasks agree with the reviews due.
    tasks = {
        task.household_id: task.due_on
        for task in session.scalars(select(Task).where(Task.title.startswith("低保复核")))
    }
    assert tasks == {
        e["household_id"]: e["next_review_on"]
        for e in heads.values()
        if e["next_review_on"] <= TODAY + timedelta(days=30)
    }


def test_dibao_surveys_validate_and_agree_with_their_household(town: Township) -> None:
    session = town.session
    (latest, *_rest) = sorted(
        (key for key in shipped_forms() if key[0] == "dibao_household_survey"), reverse=True
    )
    heads = current_dibao_by_head(town)
    surveys = [v for v in town.visits if v["category"] == "dibao"]
    assert surveys
    for visit in surveys:
        assert (visit["form_id"], visit["form_version"]) == latest
        definition = shipped_forms()[latest]
        stored = session.get(Visit, visit["id"])
        assert stored is not None
        # As finalising checks them: valid, stored with their computed totals, no follow-up.
        checked = check_answers(
            definition, visit["answers"], form_context_for(session, stored, definition)
        )
        assert checked.problems == {}
        assert dict(checked.values) == visit["answers"]
        assert checked.followups == ()
        answers = visit["answers"]
        enrolment = heads[visit["person_id"]]
        household = town.households[visit["household_id"]]
        members = [
            m for m in town.members[household["id"]] if m["birth_date"] <= visit["visited_on"]
        ]
        assert answers["respondent"] == visit["person_id"] == household["head_person_id"]
        assert answers["household_size"] == len(members) <= enrolment["covered_members"]
        assert answers["per_capita_monthly_income"] * 100 == enrolment["per_capita_income_fen"]
        assert answers["income_stable"] == (enrolment["review_cycle_months"] == 12)
        assert answers["investigator_1"] == town.users[ADMIN]["display_name"]
        # A cadre declared related to the household (近亲属备案) stays out of its survey.
        if household["relative_declared"]:
            assert "investigator_3" not in answers
    assert any(town.households[v["household_id"]]["relative_declared"] for v in surveys)
    assert any("investigator_3" in v["answers"] for v in surveys)


@pytest.mark.slow
def test_a_5000_person_demo_is_the_same_twice_with_a_few_surveys_per_dibao_household(
    tmp_path: Path,
) -> None:
    drawn = []
    for name in ("a", "b"):
        vault = new_vault(tmp_path / name)
        summary = generate_demo_township(vault, persons=5_000)
        engine = vault.open_engine()
        try:
            with session_scope(engine) as session:
                surveys = [
                    tuple(row)
                    for row in session.execute(
                        select(Visit.id, Visit.person_id, Visit.visited_on, Visit.answers)
                        .where(Visit.category == "dibao")
                        .order_by(Visit.id)
                    )
                ]
                plans = set(
                    session.scalars(
                        select(VisitPlan.person_id).where(VisitPlan.category == "dibao")
                    )
                )
        finally:
            vault.close_engine(engine)
            vault.lock()
        drawn.append((summary, surveys, plans))
    assert drawn[0] == drawn[1]
    summary, surveys, plans = drawn[0]
    assert summary.persons == 5_000 and len(plans) == summary.by_program[Program.DIBAO]
    # The reviews add little work: surveys since July 2025 only, a few per household.
    per_household = Counter(person_id for _id, person_id, *_rest in surveys)
    assert set(per_household) == plans
    assert max(per_household.values()) <= 4
    assert len(surveys) < 0.1 * summary.visits


def test_only_mine_lists_a_cadres_own_visits(town: Township) -> None:
    session = town.session
    cadre = Counter(v["visitor"] for v in town.visits).most_common(1)[0][0]
    first, last = date(2026, 10, 1), date(2026, 10, 31)

    def originals_by(username: str) -> set[str]:
        return {
            v["id"]
            for v in town.visits
            if v["visitor"] == username
            and v["amends_visit_id"] is None
            and first <= v["visited_on"] <= last
        }

    for username in (cadre, ADMIN):
        actor = actor_for(session, username)
        listed = {c.visit_id for c in photo_candidates(session, actor, first, last)}
        assert listed == originals_by(username)
    # The administrator made only the 低保 入户调查; the cadre a month's worth of care visits.
    assert {v["category"] for v in town.visits if v["id"] in originals_by(ADMIN)} <= {"dibao"}
    assert len(originals_by(cadre)) > 20
    # Today's plan for the cadre: their villages, every care visit theirs to make.
    due = due_visits(session, actor_for(session, cadre), TODAY)
    assert due and all(v.visitor == cadre for v in due if v.category != "dibao")


# -- how it is written ----------------------------------------------------------------------------


def test_baseline_import_leaves_no_audit_or_outbox(tmp_path: Path) -> None:
    vault = new_vault(tmp_path / "data")
    summary = generate_demo_township(vault, persons=300)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0
            assert session.scalar(select(func.count()).select_from(OutboxMutation)) == 0
            for model in (Person, Household, Enrolment, EnrolmentEvent, Visit, RateRow):
                versions = set(session.scalars(select(model.version)))
                assert versions == {1}, model.__name__
            assert session.scalar(select(func.count()).select_from(PersonSearch)) == 300
            assert session.scalar(select(VaultMeta.value).where(VaultMeta.key == "demo"))
            cadres = session.scalars(
                select(UserProfile).where(UserProfile.role == "village_cadre")
            ).all()
            assert {tuple(c.villages) for c in cadres} == {
                (code,) for code, *_ in summary.village_cadres
            }
    finally:
        vault.close_engine(engine)
        vault.lock()


def test_the_raise_back_to_january_owes_back_pay(tmp_path: Path) -> None:
    vault = new_vault(tmp_path / "data")
    generate_demo_township(vault, persons=300)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            raised = session.scalars(
                select(RateRow).where(
                    RateRow.kind == "dibao_rural_standard",
                    RateRow.effective_from == date(2026, 1, 1),
                )
            ).one()
            assert raised.decided_on == date(2026, 5, 20)
            lines = back_pay_due(session, change=raised.id)
            owed_months = [Month(2026, n) for n in (1, 2, 3, 4)]
            assert lines
            for line in lines:
                assert line.total_fen > 0
                assert {m.month for m in line.months} <= set(owed_months)
            # Households enrolled all along are owed every month from January to April.
            assert any([m.month for m in line.months] == owed_months for line in lines)
    finally:
        vault.close_engine(engine)
        vault.lock()


# -- rates and amount bases as the rates and enrolments services read them -------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault = new_vault(tmp_path_factory.mktemp("small") / "data")
    generate_demo_township(vault, persons=300, seed=1)
    yield vault
    vault.lock()


@contextmanager
def undone(vault: Vault) -> Iterator[Session]:
    """A session whose changes are rolled back, so the module's vault stays as generated."""
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            yield session
            session.rollback()
    finally:
        vault.close_engine(engine)


def test_rate_rows_have_plain_kinds_and_a_supplement_for_every_class(small: Vault) -> None:
    with undone(small) as session:
        stored = session.execute(select(RateRow.kind, RateRow.qualifier)).all()
        assert {RateKind(kind) for kind, _ in stored} == set(RateKind)
        assert all(q == "" for kind, q in stored if kind != RateKind.DIBAO_CLASS_SUPPLEMENT)
        supplements = [q for kind, q in stored if kind == RateKind.DIBAO_CLASS_SUPPLEMENT]
        assert sorted(supplements) == sorted(DIBAO_CLASSES)
        used = set(
            session.execute(
                select(Enrolment.dibao_class, Household.village_code)
                .join(Household, Household.id == Enrolment.household_id)
                .where(Enrolment.program == Program.DIBAO, Enrolment.dibao_class.is_not(None))
            ).all()
        )
        assert {dibao_class for dibao_class, _ in used} == set(DIBAO_CLASSES)
        for dibao_class, village in used:
            for day in (date(2025, 7, 1), TODAY):
                in_force = rates_in_force(session, day, village)
                key = rate_key(RateKind.DIBAO_CLASS_SUPPLEMENT, dibao_class)
                assert in_force[key].amount_fen == DIBAO_CLASSES[dibao_class][1]
                assert in_force[key].qualifier == dibao_class


def test_an_a_class_dibao_enrolment_can_be_changed(small: Vault) -> None:
    with undone(small) as session:
        admin = actor_for(session, ADMIN)
        enrolment, village = session.execute(
            select(Enrolment, Household.village_code)
            .join(Household, Household.id == Enrolment.household_id)
            .where(
                Enrolment.program == Program.DIBAO,
                Enrolment.status == EnrolmentStatus.APPROVED,
                Enrolment.dibao_class == "A",
            )
            .order_by(Enrolment.id)
            .limit(1)
        ).one()
        income = enrolment.per_capita_income_fen + 2000
        changed = change_enrolment(
            session,
            admin,
            enrolment.id,
            effective_on=date(2026, 12, 1),
            reason="复核收入有变化",
            per_capita_income_fen=income,
        )
        standard = 73000 if is_urban(village) else 51000
        expected = dibao_monthly_amount(
            standard, income, enrolment.covered_members, [DIBAO_CLASSES["A"][1]]
        )
        assert changed.monthly_amount_fen == expected
        (event,) = [session.get(EnrolmentEvent, event_id) for event_id in changed.event_ids]
        assert event is not None and event.monthly_amount_fen == expected
        assert event.basis is not None
        assert event.basis["dibao_class"] == "A"
        assert event.basis["per_capita_income_fen"] == income
        assert event.basis["village_code"] == village


def test_every_amount_of_the_demo_is_what_the_rates_give(small: Vault) -> None:
    # Recomputing from the rates in force changes nothing: no enrolment (A- and B-class 低保
    # included) lacks a rate, and the demo's amounts agree with the services' formula.
    with undone(small) as session:
        assert (
            recompute_amounts(session, actor_for(session, ADMIN), effective_on=TODAY, reason="核对")
            == []
        )


def test_every_enrolment_event_stores_its_amount_basis(small: Vault) -> None:
    with undone(small) as session:
        enrolments = {
            enrolment.id: (enrolment, village)
            for enrolment, village in session.execute(
                select(Enrolment, Household.village_code).join(
                    Household, Household.id == Enrolment.household_id
                )
            ).all()
        }
        events = session.scalars(select(EnrolmentEvent)).all()
        assert events
        for event in events:
            enrolment, village = enrolments[event.enrolment_id]
            assert event.basis is not None
            assert set(event.basis) == set(BASIS_FIELDS)
            assert event.basis["village_code"] == village
            # The demo never changes an amount field after the application.
            for name in AMOUNT_FIELDS:
                assert event.basis[name] == getattr(enrolment, name), name
        assert any(e.basis["dibao_class"] == "A" for e in events if e.basis)
        assert any(e.basis["self_care_level"] == "full_care" for e in events if e.basis)


def test_back_pay_of_the_raise_counts_the_class_supplement_on_both_sides(small: Vault) -> None:
    with undone(small) as session:
        raised = session.scalars(
            select(RateRow).where(
                RateRow.kind == RateKind.DIBAO_RURAL_STANDARD,
                RateRow.effective_from == date(2026, 1, 1),
            )
        ).one()
        lines = back_pay_due(session, change=raised.id)
        # The vault as the demo wrote it before: supplement rows the rates service could not
        # read, events without a basis (so back pay took today's values).
        session.execute(update(EnrolmentEvent).values(basis=None))
        session.execute(
            update(RateRow)
            .where(RateRow.kind == RateKind.DIBAO_CLASS_SUPPLEMENT)
            .values(deleted=True)
        )
        before = {line.enrolment_id: line for line in back_pay_due(session, change=raised.id)}
        enrolments = {
            e.id: e for e in session.scalars(select(Enrolment).where(Enrolment.id.in_(before)))
        }
        assert lines and {line.enrolment_id for line in lines} == set(before)
        classes = Counter(enrolments[line.enrolment_id].dibao_class for line in lines)
        assert classes[None] and classes["A"] and classes["B"]
        for line in lines:
            enrolment = enrolments[line.enrolment_id]
            old = before[line.enrolment_id]
            if enrolment.dibao_class is None:
                assert line == old
                continue
            supplement = DIBAO_CLASSES[enrolment.dibao_class][1]
            assert line.total_fen == old.total_fen and line.overpaid_fen == 0
            assert [m.month for m in line.months] == [m.month for m in old.months]
            for month, month_before in zip(line.months, old.months, strict=True):
                assert month.difference_fen == month_before.difference_fen
                assert month.old_amount_fen == month_before.old_amount_fen + supplement
                assert month.old_amount_fen == dibao_monthly_amount(
                    48500,
                    enrolment.per_capita_income_fen,
                    enrolment.covered_members,
                    [supplement],
                )
        # Each month owes the raise (25 yuan) for every covered member.
        assert all(
            month.difference_fen == 2500 * enrolments[line.enrolment_id].covered_members
            for line in lines
            for month in line.months
        )


def test_a_vault_with_people_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    vault = new_vault(tmp_path / "data")
    generate_demo_township(vault, persons=50)
    with pytest.raises(DemoNotEmpty) as refused:
        generate_demo_township(vault, persons=50, seed=9)
    assert "已经有人员数据" in refused.value.message
    with pytest.raises(InvalidDemoSize):
        generate_demo_township(vault, persons=0)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            assert session.scalar(select(func.count()).select_from(Person)) == 50
    finally:
        vault.close_engine(engine)
        vault.lock()


@pytest.mark.parametrize("persons", [1, 7, 20])
def test_tiny_townships_hold_exactly_the_persons_asked_for(tmp_path: Path, persons: int) -> None:
    vault = new_vault(tmp_path / "data")
    summary = generate_demo_township(vault, persons=persons, seed=persons)
    vault.lock()
    assert summary.persons == persons
    assert summary.households >= 1


def test_another_township_gets_its_own_places_codes_and_cadres(tmp_path: Path) -> None:
    vault = Vault.create(
        tmp_path / "data",
        township_code="431003102",  # 苏仙区良田镇
        admin_username=ADMIN,
        admin_display_name="乡镇管理员",
        admin_password=ADMIN_PASSWORD,
        kdf=FAST_KDF,
    )
    summary = generate_demo_township(vault, persons=200)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            addresses = set(session.scalars(select(Household.address)))
            assert all(a.startswith("湖南省苏仙区良田镇") for a in addresses)
            codes = Counter(n[:6] for n in session.scalars(select(Person.resident_id)) if n)
            assert codes.most_common(1)[0][0] == "431003"
            assert set(session.scalars(select(RateRow.region_code))) == {"431003"}
            villages = set(session.scalars(select(Household.village_code)))
            assert villages <= {code for code, *_ in summary.village_cadres}
            assert all(code.startswith("431003102") for code in villages)
    finally:
        vault.close_engine(engine)
        vault.lock()
