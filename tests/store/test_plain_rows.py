"""plain_rows gives the values SQLAlchemy gives, without its row objects."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError

from caseload_builders import TANQUAN
from minzheng_field.services.context import actor_for
from minzheng_field.store.models import Person, Visit, VisitPlan
from minzheng_field.store.plain_rows import plain_rows
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from visit_builders import elder_visited


def test_rows_equal_those_of_execute_with_dates_times_flags_and_nulls(vault: Vault) -> None:
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            admin = actor_for(session, "admin")
            person_id = elder_visited(
                session, admin, "测老人", TANQUAN, date(2024, 2, 29), date(2026, 2, 28)
            )
            session.add(VisitPlan(person_id=person_id, category="elder", active=False))
            session.execute(
                update(Visit).where(Visit.visited_on == date(2024, 2, 29)).values(finalised_at=None)
            )
        with session_scope(engine) as session:
            conn = session.connection()
            visits = (
                select(Visit.visited_on, Visit.finalised_at, Visit.amends_visit_id, Visit.method)
                .where(Visit.visited_on <= date(2026, 2, 28), Visit.method.in_(("home", "phone")))
                .order_by(Visit.visited_on)
            )
            plans = select(VisitPlan.active, VisitPlan.visitor, VisitPlan.deleted)
            last = select(Visit.person_id, func.max(Visit.visited_on)).group_by(Visit.person_id)
            for statement in (visits, plans, last):
                assert plain_rows(conn, statement) == [
                    tuple(row) for row in conn.execute(statement)
                ]
            found = plain_rows(conn, visits)
            assert plain_rows(conn, plans) == [(False, None, False)]
            assert plain_rows(conn, last) == [(person_id, date(2026, 2, 28))]
    finally:
        vault.close_engine(engine)
    assert [row[0] for row in found] == [date(2024, 2, 29), date(2026, 2, 28)]
    assert found[0][1] is None
    assert found[1][1] is not None and found[1][1].utcoffset() is not None
    assert all(type(row[0]) is date for row in found)


def test_an_error_met_while_fetching_is_wrapped_as_sqlalchemy_wraps_it(vault: Vault) -> None:
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            admin = actor_for(session, "admin")
            names = ("甲老人", "乙老人", "丙老人")
            first, second, last = (elder_visited(session, admin, n, TANQUAN) for n in names)
            session.execute(update(Person).values(notes='{"a": 1}'))
            session.execute(update(Person).where(Person.id == last).values(notes="{not json"))
        # In table order the first rows read; the last one's value fails only once SQLite
        # steps to it, while the rows are fetched (no ORDER BY: a sorter would read them all
        # before the first row).
        failing = select(Person.id, func.json_extract(Person.notes, "$.a"))
        with session_scope(engine) as session:
            rows = session.execute(failing.where(Person.id != last)).all()
        assert {person_id for person_id, _a in rows} == {first, second}
        with pytest.raises(DBAPIError) as raised, session_scope(engine) as session:
            plain_rows(session.connection(), failing)
        assert "malformed JSON" in str(raised.value.orig)
    finally:
        vault.close_engine(engine)
