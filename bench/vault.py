"""Unlock, seeding and person search on a vault of N persons: warm, and right after unlock.

    uv run python bench/vault.py --persons 20000

Prints one JSON object (times in ms, p95 over the queries of each kind):
- `unlock_ms`: median time of `Vault.unlock` with the default key derivation;
- `seed_persons_per_s`: persons written per second by the seeder, search index included;
- `search_{name,pinyin,id_suffix,village}_p95_ms`: warm (cache filled by earlier queries);
- the same with `_cold`: the first query on a fresh connection right after lock + unlock;
- `sqlcipher_vs_plain_ratio`: the cold workload on the vault (the median first search of
  each kind, summed) divided by the same workload on an unencrypted copy
  (`sqlcipher_export`) opened with the standard `sqlite3` module, through the same query
  code; `sqlcipher_vs_unkeyed_sqlcipher_ratio` opens that copy with `sqlcipher3` and no
  key instead, which runs the same SQLite version as the vault.
- `browser_rowids_everyone_ms`: the rowids of everyone in name order, as the caseload
  browser reads them after its first screen (median of 5); `browser_block_by_rowid_p95_ms`
  a block of 250 rows read by rowid at random depths, as the browser reads them, and
  `browser_block_by_offset_p95_ms` the same blocks read by OFFSET (as it read them before).
`--seeder private` seeds with the small seeder below instead of the demo township
generator.
Query texts are drawn from the seeded data: names whole, their first or last two
characters; pinyin initials and full readings, with and without spaces; the last 4, 5 or
6 characters of ID numbers; a village filter alone.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from minzheng_field.domain import resident_id_check_character
from minzheng_field.domain.name_search import name_search_keys
from minzheng_field.domain.roles import Role
from minzheng_field.services.caseload_queries import (
    caseload_rowids,
    caseload_rows,
    caseload_rows_by_rowid,
)
from minzheng_field.services.context import Actor, device_id
from minzheng_field.services.search import search
from minzheng_field.store import engine as engine_module
from minzheng_field.store.models import (
    ChildFile,
    DivisionRow,
    ElderFile,
    Enrolment,
    Household,
    Person,
)
from minzheng_field.store.queries.person_search import PersonQuery, PersonSort
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

TOWNSHIP = "431023113"
USER = "bench"
PASSWORD = "Bench-2026-search"
KINDS = ("name", "pinyin", "id_suffix", "village")
BLOCK = 250  # rows the caseload browser reads at a time (ui/models/person_table_model.py)
TODAY = date(2026, 12, 1)

# -- a small private seeder, used until services/demo.py exists --------------------------

SURNAMES = (
    "李" * 8
    + "刘" * 7
    + "陈" * 6
    + "黄" * 6
    + "王" * 4
    + "张" * 4
    + "曹" * 4
    + "马" * 3
    + "曾" * 3
    + "邓" * 3
    + "罗" * 3
    + "谢" * 3
    + "周" * 3
    + "唐" * 2
    + "何" * 2
    + "胡" * 2
    + "彭肖杨许朱吴郭蒋谭雷廖邹赵钟徐侯段覃单区仇解谌欧"
)
GIVEN = (
    "德胜秀英桂兰玉梅建国红华明春生志强军伟芳丽娟平海燕云霞金花文武永福贵林清松"
    "小龙凤辉光荣新民爱军成才家宝长发水根石头满冬梅香翠莲招娣亮杰浩然子涵欣怡宇轩"
)
RARE = ("𠮷", "䶮", "堃", "喆", "𡒄")


def _resident_id(rng: random.Random, born: date, male: bool, used: set[str]) -> str:
    area = "432823" if born.year < 1983 and rng.random() < 0.4 else "431023"
    while True:
        sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
        first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
        number = first17 + resident_id_check_character(first17)
        if number not in used:
            used.add(number)
            return number


def _name(rng: random.Random, surname: str | None = None) -> str:
    surname = surname or rng.choice(SURNAMES)
    if surname == "欧":
        surname = "欧阳"
    given = "".join(rng.choices(GIVEN, k=1 if rng.random() < 0.3 else 2))
    if rng.random() < 0.004:
        given = given[:-1] + rng.choice(RARE)
    return surname + given


def _birth(rng: random.Random, low: int, high: int) -> date:
    return TODAY - timedelta(days=rng.randint(low * 365 + 1, high * 365 + 300))


def private_seed(vault: Vault, persons: int, seed: int) -> int:
    """Households, persons, enrolments and care files through ORM bulk statements."""
    rng = random.Random(seed)
    engine = vault.open_engine()
    used: set[str] = set()
    try:
        with session_scope(engine) as session:
            villages = list(
                session.scalars(
                    select(DivisionRow.code).where(
                        DivisionRow.level == "village", DivisionRow.retired_since.is_(None)
                    )
                )
            )
            written = 0
            while written < persons:
                chunk = min(2000, persons - written)
                written += _seed_chunk(session, rng, villages, chunk, used)
    finally:
        vault.close_engine(engine)
    return written


def _seed_chunk(
    session: Session, rng: random.Random, villages: list[str], persons: int, used: set[str]
) -> int:
    households: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    enrolments: list[dict[str, Any]] = []
    children: list[dict[str, Any]] = []
    elders: list[dict[str, Any]] = []
    heads: list[dict[str, Any]] = []
    while len(people) < persons:
        household_id = str(uuid.uuid4())
        households.append(
            {"id": household_id, "village_code": rng.choice(villages), "address": "某组"}
        )
        size = min(
            persons - len(people), rng.choices((1, 2, 3, 4, 5, 6), (25, 25, 20, 15, 10, 5))[0]
        )
        surname = rng.choice(SURNAMES)
        head_age = rng.choices(((25, 59), (60, 79), (80, 95)), (45, 40, 15))[0]
        members = [("self", surname, head_age)]
        if size > 1:
            members.append(("spouse", None, head_age))
        members += [("son" if rng.random() < 0.5 else "daughter", surname, (0, 17))] * (size - 2)
        for relation, family, ages in members:
            person_id = str(uuid.uuid4())
            male = relation in ("self", "son") if rng.random() < 0.9 else rng.random() < 0.5
            born = _birth(rng, *ages)
            pending = rng.random() < 0.005
            people.append(
                {
                    "id": person_id,
                    "household_id": household_id,
                    "relation": relation,
                    "name": _name(rng, family),
                    "sex": "男" if male else "女",
                    "birth_date": born,
                    "resident_id": None if pending else _resident_id(rng, born, male, used),
                    "pending_verification": pending,
                    "pending_reason": "未落户" if pending else None,
                    "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
                    if relation == "self" or rng.random() < 0.3
                    else None,
                    "deceased_on": TODAY - timedelta(days=rng.randint(1, 300))
                    if rng.random() < 0.01
                    else None,
                }
            )
            age = (TODAY - born).days // 365
            if relation == "self":
                heads.append({"id": household_id, "head_person_id": person_id})
            if age < 16 and rng.random() < 0.4:
                children.append(
                    {
                        "id": str(uuid.uuid4()),
                        "person_id": person_id,
                        "category": "left_behind",
                        "risk_level": rng.choices(("low", "medium", "high"), (70, 22, 8))[0],
                    }
                )
            if age >= 60 and rng.random() < 0.3:
                elders.append(
                    {
                        "id": str(uuid.uuid4()),
                        "person_id": person_id,
                        "categories": ["empty_nest"],
                        "risk_tier": rng.choices(("low", "medium", "high"), (60, 30, 10))[0],
                    }
                )
            if age >= 60 and size == 1 and rng.random() < 0.3:
                enrolments.append(_enrolment(rng, household_id, person_id, "tekun"))
        if rng.random() < 0.3:
            enrolments.append(_enrolment(rng, household_id, None, "dibao"))
        elif rng.random() < 0.07:
            enrolments.append(_enrolment(rng, household_id, None, "dibao_edge"))
    session.execute(insert(Household), households)
    session.execute(insert(Person), people)
    session.execute(update(Household), heads)
    if enrolments:
        session.execute(insert(Enrolment), enrolments)
    if children:
        session.execute(insert(ChildFile), children)
    if elders:
        session.execute(insert(ElderFile), elders)
    return len(people)


def _enrolment(
    rng: random.Random, household_id: str, person_id: str | None, program: str
) -> dict[str, Any]:
    status = rng.choices(("approved", "applied", "suspended", "stopped"), (85, 5, 3, 7))[0]
    return {
        "id": str(uuid.uuid4()),
        "household_id": household_id,
        "person_id": person_id,
        "program": program,
        "status": status,
    }


def seed(vault: Vault, persons: int, seed_value: int, seeder: str) -> tuple[str, int]:
    """Seed with the demo generator when it exists (or is asked for), else privately."""
    generate = None
    if seeder != "private":
        with contextlib.suppress(ImportError, AttributeError):
            demo = importlib.import_module("minzheng_field.services.demo")
            generate = demo.generate_demo_township
    if generate is None:
        if seeder == "demo":
            raise SystemExit("services/demo.py has no generate_demo_township yet")
        return "bench private seeder", private_seed(vault, persons, seed_value)
    # Whatever the generator prints must not mix with the one JSON object.
    with contextlib.redirect_stdout(sys.stderr):
        generate(vault, persons=persons, seed=seed_value)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            count = len(session.scalars(select(Person.id).where(Person.deleted.is_(False))).all())
    finally:
        vault.close_engine(engine)
    return "services.demo.generate_demo_township", count


# -- queries ----------------------------------------------------------------------------


def query_texts(session: Session, rng: random.Random, count: int) -> dict[str, list[PersonQuery]]:
    """`count` queries of each kind, drawn from the seeded persons."""
    rows = session.execute(
        select(Person.name, Person.resident_id).where(Person.deleted.is_(False))
    ).all()
    villages = sorted(
        set(session.scalars(select(Household.village_code).where(Household.deleted.is_(False))))
    )
    names, pinyins, suffixes = [], [], []
    for name, resident_id in rng.sample(rows, min(len(rows), count * 3)):
        cut = rng.random()
        names.append(name if cut < 0.5 else name[:2] if cut < 0.8 else name[-2:])
        keys = name_search_keys(name)
        if keys.full:
            cut = rng.random()
            full = keys.full[0]
            pinyins.append(
                keys.initials[0] if cut < 0.5 else full if cut < 0.8 else _spaced(name, full)
            )
        if resident_id:
            suffixes.append(resident_id[-rng.choice((4, 5, 6)) :])
    return {
        "name": [PersonQuery(text=t) for t in names[:count]],
        "pinyin": [PersonQuery(text=t) for t in pinyins[:count]],
        "id_suffix": [PersonQuery(text=t) for t in suffixes[:count]],
        "village": [
            PersonQuery(village_codes=frozenset({rng.choice(villages)}), sort=PersonSort.NAME)
            for _ in range(count)
        ],
    }


def _spaced(name: str, full: str) -> str:
    # "zeng de sheng": split the reading where the characters' own readings end.
    parts, rest = [], full
    for char in name[1:]:
        readings = [r for r in name_search_keys(char).full if rest.endswith(r)]
        if not readings:
            return full
        parts.insert(0, readings[0])
        rest = rest[: -len(readings[0])]
    return " ".join([rest, *parts])


def timed(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 2)


# -- engines ----------------------------------------------------------------------------


def plain_engine(path: Path, module: Any = sqlite3) -> Engine:
    """The unencrypted copy, opened like a vault connection but without a key."""

    def connect() -> Any:
        conn = module.connect(str(path), isolation_level=None)
        # The vault proves its key with this query before anyone searches; so here too.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{engine_module.CACHE_SIZE_KIB}")
        conn.execute("PRAGMA query_only = ON")
        return conn

    engine = create_engine(
        "sqlite+pysqlite://", module=module, creator=connect, poolclass=StaticPool
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def first_search(engine: Engine, actor: Actor, query: PersonQuery) -> float:
    """The time of the first search on a new engine, once its connection is open."""
    with session_scope(engine) as session:
        session.connection()
        return timed(lambda: search(session, actor, query))


def export_plain(vault: Vault, target: Path) -> None:
    engine = vault.open_engine()
    try:
        raw = engine.raw_connection()
        try:
            raw.execute(f"ATTACH DATABASE '{target}' AS plaintext KEY ''")
            raw.execute("SELECT sqlcipher_export('plaintext')")
            raw.execute("DETACH DATABASE plaintext")
        finally:
            raw.close()
    finally:
        vault.close_engine(engine)


def browser_reads(session: Session, actor: Actor, rng: random.Random) -> dict[str, float]:
    """What the caseload browser reads while scrolling: rowids once, then blocks by rowid."""
    everyone = PersonQuery(sort=PersonSort.NAME)
    rowids_times = [timed(lambda: caseload_rowids(session, actor, everyone)) for _ in range(5)]
    rowids = caseload_rowids(session, actor, everyone)
    starts = [rng.randrange(max(1, len(rowids) - BLOCK)) for _ in range(50)]
    by_rowid = [
        timed(lambda s=s: caseload_rows_by_rowid(session, actor, rowids[s : s + BLOCK]))
        for s in starts
    ]
    by_offset = [
        timed(
            lambda s=s: caseload_rows(
                session, actor, PersonQuery(sort=PersonSort.NAME, offset=s, limit=BLOCK)
            )
        )
        for s in starts
    ]
    return {
        "browser_rowids_everyone_ms": round(statistics.median(rowids_times), 1),
        "browser_block_by_rowid_p95_ms": p95(by_rowid),
        "browser_block_by_offset_p95_ms": p95(by_offset),
    }


@contextlib.contextmanager
def vault_session(vault: Vault) -> Iterator[Session]:
    engine = vault.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        vault.close_engine(engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200, help="warm queries per kind")
    parser.add_argument("--cold", type=int, default=25, help="unlocks per kind, for cold")
    parser.add_argument("--seeder", choices=("auto", "demo", "private"), default="auto")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        vault = Vault.create(
            Path(folder) / "vault",
            township_code=TOWNSHIP,
            admin_username=USER,
            admin_display_name="bench",
            admin_password=PASSWORD,
        )
        start = time.perf_counter()
        seeder, persons = seed(vault, args.persons, args.seed, args.seeder)
        seed_seconds = time.perf_counter() - start

        with vault_session(vault) as session:
            actor = Actor(USER, Role.TOWNSHIP_ADMIN, device_id(session))
            queries = query_texts(session, rng, args.queries)
            for kind in KINDS:  # fill the cache first
                for query in queries[kind][:20]:
                    search(session, actor, query)
            totals = {
                kind: [search(session, actor, q).total for q in queries[kind]] for kind in KINDS
            }
            warm = {
                kind: [timed(lambda q=q: search(session, actor, q)) for q in queries[kind]]
                for kind in KINDS
            }
            browser = browser_reads(session, actor, rng)

        plain_path = Path(folder) / "plain.db"
        export_plain(vault, plain_path)
        unlocks: list[float] = []
        cold: dict[str, list[float]] = {kind: [] for kind in KINDS}
        plain: dict[str, list[float]] = {kind: [] for kind in KINDS}
        unkeyed: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for round_ in range(args.cold):
            for kind in KINDS:
                query = queries[kind][round_ % len(queries[kind])]
                for module, times in ((sqlite3, plain), (sqlcipher, unkeyed)):
                    engine = plain_engine(plain_path, module)
                    times[kind].append(first_search(engine, actor, query))
                    engine.dispose()
                vault.lock()
                unlocks.append(timed(lambda: vault.unlock(USER, PASSWORD)))
                engine = vault.open_engine(readonly=True)
                cold[kind].append(first_search(engine, actor, query))
                vault.close_engine(engine)
        vault.lock()

    result: dict[str, Any] = {
        "persons": persons,
        "seeder": seeder,
        "unlock_ms": round(statistics.median(unlocks), 1),
        "seed_persons_per_s": round(persons / seed_seconds),
    }
    for kind in KINDS:
        result[f"search_{kind}_p95_ms"] = p95(warm[kind])
    for kind in KINDS:
        result[f"search_{kind}_p95_ms_cold"] = p95(cold[kind])
    for kind in KINDS:
        result[f"plain_{kind}_p95_ms_cold"] = p95(plain[kind])

    # Medians per kind, summed: one search stalled by another process on the machine
    # must not decide the ratio.
    def workload(times: dict[str, list[float]]) -> float:
        return sum(statistics.median(times[kind]) for kind in KINDS)

    result["sqlcipher_vs_plain_ratio"] = round(workload(cold) / workload(plain), 2)
    # The standard sqlite3 module links the system's SQLite, which may plan differently;
    # sqlcipher3 without a key runs the vault's own SQLite on the same plain copy.
    result["sqlcipher_vs_unkeyed_sqlcipher_ratio"] = round(workload(cold) / workload(unkeyed), 2)
    result["sqlite_versions"] = {
        "sqlcipher3": sqlcipher.sqlite_version,
        "sqlite3": sqlite3.sqlite_version,
    }
    result.update(browser)
    for kind in KINDS:
        result[f"search_{kind}_median_ms"] = round(statistics.median(warm[kind]), 2)
    result["median_results"] = {kind: statistics.median(totals[kind]) for kind in KINDS}
    result["queries_per_kind"] = {"warm": args.queries, "cold": args.cold}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
