"""Rates with effective dates, the amounts they give, and back pay (补发) after a raise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from caseload_builders import (
    COUNTY,
    TANQUAN,
    URBAN,
    YUAN,
    apply_for,
    approved_dibao,
    cadre_actor,
    county_rate,
    county_rates,
    enrol_approved,
    household_with_members,
    raise_rural_standard,
    row_counts,
)
from minzheng_field.domain.months import Month
from minzheng_field.domain.programs import Program, SelfCareLevel, SupportMode
from minzheng_field.domain.rates import RateKind
from minzheng_field.services import recording
from minzheng_field.services.context import Actor
from minzheng_field.services.enrolments import (
    change_enrolment,
    enrolment_history,
    recompute_amounts,
    resume,
    stop_enrolment,
    suspend,
)
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.rates import (
    BackPayMonth,
    RateInput,
    add_rate,
    back_pay_due,
    rate_key,
    rates_in_force,
    seed_rates,
)
from minzheng_field.services.recording import record_create
from minzheng_field.store.models import (
    AuditEntry,
    CountyRule,
    EnrolmentEvent,
    OutboxMutation,
    Person,
    RateRow,
)

TOWNSHIP = "431023113"


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, RateRow, AuditEntry, OutboxMutation)


def base_rates(session: Session, actor: Actor) -> None:
    seed_rates(session, actor, county_rates())


# --- adding rates --------------------------------------------------------------------------


def test_a_rate_is_a_synced_row_with_its_audit_entry_and_outbox_mutation(
    session: Session, admin: Actor
) -> None:
    added = county_rate(
        session,
        admin,
        RateKind.DIBAO_RURAL_STANDARD,
        600 * YUAN,
        date(2026, 1, 1),
        decided_on=date(2026, 4, 15),
        note=" 郴民发〔2026〕3号 ",
    )
    row = session.get(RateRow, added.rate_id)
    assert row is not None
    assert (row.kind, row.region_code, row.amount_fen) == ("dibao_rural_standard", COUNTY, 60000)
    assert row.note == "郴民发〔2026〕3号"
    assert added.rate.kind is RateKind.DIBAO_RURAL_STANDARD
    assert added.change.action == "create"
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == row.id)).all()
    outbox = session.scalars(select(OutboxMutation).where(OutboxMutation.entity_id == row.id)).all()
    assert [a.action for a in audit] == ["create"]
    assert audit[0].changes["amount_fen"] == [None, 60000]
    assert audit[0].entity_type == "rates"
    assert [m.operation for m in outbox] == ["create"]
    assert outbox[0].fields["effective_from"] == "2026-01-01"
    assert outbox[0].fields["decided_on"] == "2026-04-15"
    assert outbox[0].origin_device == admin.device_id


def test_a_class_supplement_keeps_its_class_in_the_qualifier(
    session: Session, admin: Actor
) -> None:
    start = date(2025, 1, 1)
    added = county_rate(
        session, admin, RateKind.DIBAO_CLASS_SUPPLEMENT, 80 * YUAN, start, qualifier=" A类 "
    )
    assert added.rate.qualifier == "A类"
    row = session.get(RateRow, added.rate_id)
    assert row is not None
    assert (row.kind, row.qualifier) == ("dibao_class_supplement", "A类")
    [audit] = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == row.id)).all()
    [outbox] = session.scalars(
        select(OutboxMutation).where(OutboxMutation.entity_id == row.id)
    ).all()
    assert audit.changes["qualifier"] == [None, "A类"]
    assert (outbox.fields["kind"], outbox.fields["qualifier"]) == ("dibao_class_supplement", "A类")
    # Another class on the same day is another rate; a kind without classes has none.
    seed_rates(
        session,
        admin,
        [
            RateInput(RateKind.DIBAO_CLASS_SUPPLEMENT, COUNTY, 50 * YUAN, start, "B类"),
            RateInput(RateKind.DIBAO_RURAL_STANDARD, COUNTY, 550 * YUAN, start),
        ],
    )
    standard = session.scalars(select(RateRow).where(RateRow.kind == "dibao_rural_standard")).one()
    assert standard.qualifier == ""
    rates = rates_in_force(session, date(2025, 6, 1), TANQUAN)
    assert rates[rate_key(RateKind.DIBAO_CLASS_SUPPLEMENT, "A类")].amount_fen == 8000
    assert rates[rate_key(RateKind.DIBAO_CLASS_SUPPLEMENT, "B类")].amount_fen == 5000
    assert rates[RateKind.DIBAO_RURAL_STANDARD].qualifier == ""
    before = counts(session)
    with pytest.raises(InvalidInput, match="同一天不能有两个标准"):
        county_rate(
            session, admin, RateKind.DIBAO_CLASS_SUPPLEMENT, 90 * YUAN, start, qualifier="A类"
        )
    assert counts(session) == before


def test_a_class_supplement_row_without_its_class_is_not_used(
    session: Session, admin: Actor
) -> None:
    # As rows synced from an app that wrote the class elsewhere would arrive.
    for kind in ("dibao_class_supplement", "dibao_class_supplement:A类"):
        row = RateRow(
            kind=kind, region_code=COUNTY, amount_fen=80 * YUAN, effective_from=date(2025, 1, 1)
        )
        record_create(session, admin, row)
    assert rates_in_force(session, date(2025, 6, 1), TANQUAN) == {}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount_fen": 0}, "amount_fen", "大于0"),
        ({"amount_fen": -5000}, "amount_fen", "大于0"),
        ({"amount_fen": 550.0}, "amount_fen", "整数"),
        ({"amount_fen": True}, "amount_fen", "整数"),
        ({"amount_fen": 55_000_000}, "amount_fen", "位数"),
        ({"kind": "dibao_standard"}, "kind", "没有这种"),
        ({"effective_from": date(2026, 1, 15)}, "effective_from", "1日"),
        ({"region_code": "4310231"}, "region_code", "格式"),
        ({"region_code": "431025"}, "region_code", "本乡镇"),
        ({"region_code": TANQUAN}, "region_code", "本乡镇"),
        ({"qualifier": "A类"}, "qualifier", "不分类别"),
        ({"kind": RateKind.DIBAO_CLASS_SUPPLEMENT}, "qualifier", "类别"),
        ({"kind": RateKind.DIBAO_CLASS_SUPPLEMENT, "qualifier": "  "}, "qualifier", "类别"),
        ({"kind": RateKind.DIBAO_CLASS_SUPPLEMENT, "qualifier": "类" * 17}, "qualifier", "16"),
        ({"decided_on": "2026-04-15"}, "decided_on", "日期"),
    ],
)
def test_invalid_rates_are_refused_and_write_nothing(
    session: Session, admin: Actor, changes: dict[str, object], field: str, words: str
) -> None:
    before = counts(session)
    arguments: dict[str, object] = {
        "kind": RateKind.DIBAO_RURAL_STANDARD,
        "region_code": COUNTY,
        "amount_fen": 55000,
        "effective_from": date(2026, 1, 1),
        **changes,
    }
    with pytest.raises(InvalidInput) as raised:
        add_rate(session, admin, **arguments)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert words in raised.value.message
    assert counts(session) == before


def test_two_amounts_of_one_rate_on_one_day_are_refused(session: Session, admin: Actor) -> None:
    county_rate(session, admin, RateKind.DIBAO_RURAL_STANDARD, 55000, date(2026, 1, 1))
    before = counts(session)
    with pytest.raises(InvalidInput, match="同一天不能有两个标准"):
        county_rate(session, admin, RateKind.DIBAO_RURAL_STANDARD, 60000, date(2026, 1, 1))
    assert counts(session) == before


def test_seeding_checks_every_rate_before_writing_any(session: Session, admin: Actor) -> None:
    before = counts(session)
    good = RateInput(RateKind.DIBAO_RURAL_STANDARD, COUNTY, 55000, date(2025, 1, 1))
    with pytest.raises(InvalidInput):
        seed_rates(
            session,
            admin,
            [good, RateInput(RateKind.DIBAO_URBAN_STANDARD, COUNTY, 0, date(2025, 1, 1))],
        )
    with pytest.raises(InvalidInput, match="录入了两次"):
        seed_rates(session, admin, [good, good])
    assert counts(session) == before


def test_a_village_cadre_cannot_add_rates(session: Session, admin: Actor) -> None:
    cadre = cadre_actor(admin, "cadre")
    before = counts(session)
    with pytest.raises(Forbidden):
        county_rate(session, cadre, RateKind.DIBAO_RURAL_STANDARD, 55000, date(2026, 1, 1))
    assert counts(session) == before


# --- rates in force ------------------------------------------------------------------------


def test_the_rate_in_force_changes_on_its_effective_date(session: Session, admin: Actor) -> None:
    base_rates(session, admin)
    raise_rural_standard(session, admin)
    before = rates_in_force(session, date(2025, 12, 31), TANQUAN)
    after = rates_in_force(session, date(2026, 1, 1), TANQUAN)
    assert before[RateKind.DIBAO_RURAL_STANDARD].amount_fen == 55000
    assert after[RateKind.DIBAO_RURAL_STANDARD].amount_fen == 60000
    assert after[RateKind.DIBAO_URBAN_STANDARD].amount_fen == 70000
    assert rates_in_force(session, date(2024, 12, 31), COUNTY) == {}


def test_a_township_rate_wins_over_the_countys_and_the_countys_over_the_citys(
    session: Session, admin: Actor
) -> None:
    seed_rates(
        session,
        admin,
        [
            RateInput(RateKind.DISABILITY_CARE, "431000", 60 * YUAN, date(2025, 1, 1)),
            RateInput(RateKind.DISABILITY_LIVING, "431000", 60 * YUAN, date(2025, 1, 1)),
            RateInput(RateKind.DISABILITY_CARE, COUNTY, 90 * YUAN, date(2025, 1, 1)),
            RateInput(RateKind.DISABILITY_CARE, TOWNSHIP, 100 * YUAN, date(2025, 7, 1)),
        ],
    )
    early = rates_in_force(session, date(2025, 3, 1), TANQUAN)
    late = rates_in_force(session, date(2025, 7, 1), TANQUAN)
    assert early[RateKind.DISABILITY_CARE].amount_fen == 9000
    assert late[RateKind.DISABILITY_CARE].amount_fen == 10000
    assert late[RateKind.DISABILITY_LIVING].amount_fen == 6000
    # The county itself does not see the township's own rate.
    county = rates_in_force(session, date(2025, 7, 1), COUNTY)
    assert county[RateKind.DISABILITY_CARE].amount_fen == 9000
    with pytest.raises(InvalidInput):
        rates_in_force(session, date(2025, 7, 1), "no code")


# --- back pay ------------------------------------------------------------------------------


def test_a_raise_decided_in_april_back_to_january_owes_each_paid_month_the_difference(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    whole, _ = household_with_members(session, admin)  # in 低保 since December 2025
    whole_id = approved_dibao(session, admin, whole, date(2025, 11, 10)).enrolment_id
    late, _ = household_with_members(session, admin)  # approved in January: paid from February
    late_id = approved_dibao(session, admin, late, date(2026, 1, 20)).enrolment_id
    stopped, _ = household_with_members(session, admin)  # stopped in February: paid up to February
    stopped_id = approved_dibao(session, admin, stopped, date(2025, 10, 8)).enrolment_id
    stop_enrolment(
        session, admin, stopped_id, effective_on=date(2026, 2, 10), reason="收入增加，超过标准"
    )
    paused, _ = household_with_members(session, admin)  # suspended January 15, resumed March 5
    paused_id = approved_dibao(session, admin, paused, date(2025, 10, 8)).enrolment_id
    suspend(session, admin, paused_id, effective_on=date(2026, 1, 15), reason="外出未联系上")
    resume(session, admin, paused_id, effective_on=date(2026, 3, 5), reason="已回村核实")
    # The rural standard does not concern an urban household.
    urban, _ = household_with_members(session, admin, URBAN)
    approved_dibao(session, admin, urban, date(2025, 10, 8))
    applied, _ = household_with_members(session, admin)  # an application: nothing was paid
    apply_for(session, admin, Program.DIBAO, applied, date(2026, 1, 5))
    after_decision, _ = household_with_members(session, admin)  # starts in May, at the new rate
    raise_ = raise_rural_standard(session, admin, decided_on=date(2026, 4, 15))
    approved_dibao(session, admin, after_decision, date(2026, 4, 20))

    before = counts(session)
    lines = {line.household_id: line for line in back_pay_due(session, change=raise_)}
    assert counts(session) == before, "back pay is computed, never stored"

    assert set(lines) == {whole, late, stopped, paused}
    jan, feb, mar = Month(2026, 1), Month(2026, 2), Month(2026, 3)
    owed = BackPayMonth  # 3 covered members, income 200: (550−200)×3 → (600−200)×3
    assert lines[whole].months == (
        owed(jan, 105000, 120000),
        owed(feb, 105000, 120000),
        owed(mar, 105000, 120000),
    )
    assert lines[whole].total_fen == 3 * 50 * 3 * YUAN
    assert lines[whole].enrolment_id == whole_id
    assert lines[whole].program is Program.DIBAO
    assert lines[whole].person_id is None
    assert lines[whole].overpaid_fen == 0
    assert [m.month for m in lines[late].months] == [feb, mar]
    assert lines[late].total_fen == 2 * 150 * YUAN
    assert lines[late].enrolment_id == late_id
    assert [m.month for m in lines[stopped].months] == [jan, feb]
    assert lines[stopped].enrolment_id == stopped_id
    assert [m.month for m in lines[paused].months] == [jan, mar]
    assert all(m.difference_fen == 15000 for line in lines.values() for m in line.months)

    # The same result from the rate's id, and nothing owed when decided in January itself.
    assert back_pay_due(session, change=raise_.rate_id) == list(lines.values())
    assert back_pay_due(session, change=raise_, decided_on=date(2026, 1, 31)) == []


@pytest.mark.parametrize("coarse_clock", [False, True])
def test_back_pay_follows_the_covered_members_month_by_month(
    session: Session, admin: Actor, monkeypatch: pytest.MonkeyPatch, coarse_clock: bool
) -> None:
    tick = [datetime(2026, 4, 1, tzinfo=UTC)]
    if coarse_clock:
        # Everything one call records shares one instant, as on a 15 ms Windows clock.
        monkeypatch.setattr(recording, "utc_now", lambda: tick[0])

    def next_call() -> None:
        tick[0] += timedelta(seconds=1)

    base_rates(session, admin)
    home, _ = household_with_members(session, admin, members=3)
    next_call()
    enrolment_id = approved_dibao(session, admin, home, date(2025, 11, 10)).enrolment_id
    next_call()
    # A member moved out; from February two are covered.
    change_enrolment(
        session,
        admin,
        enrolment_id,
        effective_on=date(2026, 2, 1),
        reason="女儿出嫁迁出",
        covered_members=2,
    )
    next_call()
    raise_ = raise_rural_standard(session, admin, decided_on=date(2026, 4, 15))
    [line] = back_pay_due(session, change=raise_)
    assert [(m.month.month, m.old_amount_fen, m.new_amount_fen) for m in line.months] == [
        (1, 105000, 120000),
        (2, 70000, 80000),
        (3, 70000, 80000),
    ]
    assert line.total_fen == (150 + 100 + 100) * YUAN


def test_back_pay_stays_right_when_basis_changes_share_one_clock_tick(
    session: Session, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every write of this test shares one instant, as a batch on a coarse clock would.
    instant = datetime(2026, 4, 1, tzinfo=UTC)
    monkeypatch.setattr(recording, "utc_now", lambda: instant)
    base_rates(session, admin)
    home, _ = household_with_members(session, admin, members=3)
    # income 200, 3 covered
    enrolment_id = approved_dibao(session, admin, home, date(2025, 11, 10)).enrolment_id
    for effective, reason, values in (
        (date(2026, 2, 1), "女儿出嫁迁出", {"covered_members": 2}),
        (date(2026, 3, 1), "儿子务工收入增加", {"per_capita_income_fen": 300 * YUAN}),
        # Made last, effective the same day: it is the one March follows.
        (date(2026, 3, 1), "儿子外出务工，不再共同生活", {"covered_members": 1}),
    ):
        change_enrolment(
            session, admin, enrolment_id, effective_on=effective, reason=reason, **values
        )
    raise_ = raise_rural_standard(session, admin, decided_on=date(2026, 4, 15))
    expected = [
        (1, 3 * 350 * YUAN, 3 * 400 * YUAN),
        (2, 2 * 350 * YUAN, 2 * 400 * YUAN),
        (3, 1 * 250 * YUAN, 1 * 300 * YUAN),
    ]
    [line] = back_pay_due(session, change=raise_)
    assert [(m.month.month, m.old_amount_fen, m.new_amount_fen) for m in line.months] == expected
    # The events alone hold the history: without the audit log (as for changes that arrived
    # by sync) the result is the same.
    session.execute(delete(AuditEntry))
    [line] = back_pay_due(session, change=raise_)
    assert [(m.month.month, m.old_amount_fen, m.new_amount_fen) for m in line.months] == expected


def test_an_enrolment_whose_events_hold_no_basis_is_taken_at_todays_values(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    home, _ = household_with_members(session, admin, members=3)
    enrolment_id = approved_dibao(session, admin, home, date(2025, 11, 10), covered=2).enrolment_id
    session.execute(
        update(EnrolmentEvent).where(EnrolmentEvent.enrolment_id == enrolment_id).values(basis=None)
    )
    raise_ = raise_rural_standard(session, admin, decided_on=date(2026, 3, 15))
    [line] = back_pay_due(session, change=raise_)
    assert [(m.month.month, m.difference_fen) for m in line.months] == [(1, 10000), (2, 10000)]


def test_back_pay_for_tekun_care_follows_the_self_care_level(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    home, _ = household_with_members(session, admin, members=1)
    person_id = session.scalars(select(Person.id).where(Person.household_id == home)).one()
    enrolled = enrol_approved(
        session,
        admin,
        Program.TEKUN,
        home,
        date(2025, 9, 1),
        date(2025, 9, 20),
        person_id=person_id,
        support_mode=SupportMode.CENTRALISED,
        self_care_level=SelfCareLevel.SEMI_CARE,
    )
    assert enrolled.monthly_amount_fen == (715 + 540) * YUAN
    change_enrolment(
        session,
        admin,
        enrolled.enrolment_id,
        effective_on=date(2026, 2, 10),
        reason="中风后复评",
        self_care_level=SelfCareLevel.FULL_CARE,
    )
    raise_ = county_rate(
        session,
        admin,
        RateKind.TEKUN_CARE_FULL,
        1200 * YUAN,
        date(2026, 1, 1),
        decided_on=date(2026, 3, 2),
    )
    [line] = back_pay_due(session, change=raise_)
    # January was 半护理: the full-care raise owes nothing for it.
    assert [(m.month, m.difference_fen) for m in line.months] == [(Month(2026, 2), 12000)]
    assert line.person_id == person_id


def test_a_raised_class_supplement_owes_the_difference_to_that_class_only(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    county_rate(
        session,
        admin,
        RateKind.DIBAO_CLASS_SUPPLEMENT,
        30 * YUAN,
        date(2025, 1, 1),
        qualifier="B类",
    )
    in_class, _ = household_with_members(session, admin)
    enrolled = enrol_approved(
        session,
        admin,
        Program.DIBAO,
        in_class,
        date(2025, 10, 1),
        date(2025, 10, 20),
        per_capita_income_fen=200 * YUAN,
        dibao_class="B类",
    )
    assert enrolled.monthly_amount_fen == (350 * 3 + 30) * YUAN
    # no class
    approved_dibao(session, admin, household_with_members(session, admin)[0], date(2025, 10, 20))
    raise_ = county_rate(
        session,
        admin,
        RateKind.DIBAO_CLASS_SUPPLEMENT,
        50 * YUAN,
        date(2026, 1, 1),
        qualifier="B类",
        decided_on=date(2026, 3, 10),
    )
    [line] = back_pay_due(session, change=raise_)
    assert line.household_id == in_class
    assert [(m.month.month, m.old_amount_fen, m.new_amount_fen) for m in line.months] == [
        (1, 108000, 110000),
        (2, 108000, 110000),
    ]
    assert line.total_fen == 2 * 20 * YUAN


def test_a_later_raise_does_not_hide_what_an_earlier_one_owes(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    home, _ = household_with_members(session, admin)
    approved_dibao(session, admin, home, date(2025, 11, 10))
    first = raise_rural_standard(session, admin, decided_on=date(2026, 4, 15))
    second = raise_rural_standard(
        session, admin, 620, effective_from=date(2026, 3, 1), decided_on=date(2026, 6, 1)
    )
    [line] = back_pay_due(session, change=first)
    assert line.total_fen == 3 * 3 * 50 * YUAN
    [line] = back_pay_due(session, change=second)
    # March to May: 620 instead of the 600 paid from the first raise on.
    assert [(m.month.month, m.difference_fen) for m in line.months] == [
        (3, 6000),
        (4, 6000),
        (5, 6000),
    ]


def test_back_pay_needs_a_decision_date_and_a_known_rate(session: Session, admin: Actor) -> None:
    base_rates(session, admin)
    undated = raise_rural_standard(session, admin)
    with pytest.raises(InvalidInput) as raised:
        back_pay_due(session, change=undated)
    assert raised.value.field == "decided_on"
    assert back_pay_due(session, change=undated, decided_on=date(2026, 4, 15)) == []
    with pytest.raises(NotFound):
        back_pay_due(session, change="no-such-rate")


def test_recomputing_after_a_raise_pays_the_new_amount_from_then_on(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    home, _ = household_with_members(session, admin)
    enrolment_id = approved_dibao(session, admin, home, date(2025, 11, 10)).enrolment_id
    raise_rural_standard(session, admin, decided_on=date(2026, 4, 15))
    [changed] = recompute_amounts(
        session, admin, effective_on=date(2026, 4, 1), reason="2026年提标"
    )
    assert changed.enrolment_id == enrolment_id
    assert changed.monthly_amount_fen == 120000
    history = enrolment_history(session, admin, enrolment_id)
    assert history[-1].effective_on == date(2026, 4, 1)
    assert not history[-1].is_status_change
    assert history[-1].monthly_amount_fen == 120000
    assert history[-1].basis == {
        "village_code": TANQUAN,
        "covered_members": 3,
        "per_capita_income_fen": 200 * YUAN,
        "dibao_class": None,
        "support_mode": None,
        "self_care_level": None,
    }
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.entity_id == enrolment_id).order_by(AuditEntry.at)
    ).all()
    assert audit[-1].changes == {"monthly_amount_fen": [105000, 120000]}
    assert audit[-1].reason == "2026年提标"
    outbox = session.scalars(
        select(OutboxMutation)
        .where(OutboxMutation.entity_id == enrolment_id)
        .order_by(OutboxMutation.seq)
    ).all()
    assert outbox[-1].fields == {"monthly_amount_fen": 120000}
    # Nothing left to change the second time.
    assert recompute_amounts(session, admin, effective_on=date(2026, 4, 1), reason="再核") == []


def test_the_county_rounding_rule_applies_to_computed_amounts(
    session: Session, admin: Actor
) -> None:
    base_rates(session, admin)
    record_create(
        session,
        admin,
        CountyRule(key="amount_rounding", value="fen", effective_from=date(2025, 1, 1)),
    )
    home, _ = household_with_members(session, admin)
    enrolled = enrol_approved(
        session,
        admin,
        Program.DIBAO,
        home,
        date(2025, 10, 1),
        date(2025, 10, 20),
        per_capita_income_fen=200_33,
    )
    assert enrolled.monthly_amount_fen == (55000 - 20033) * 3
