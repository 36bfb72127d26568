"""How SQLCipher's page cache size changes query time on a vault of N persons.

    uv run python bench/cache_size.py --persons 20000
Prints one JSON object: per cache size, the median ms of a full-table LIKE scan and of
1,000 primary-key look-ups, each on a fresh connection (cold) and repeated (warm).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from minzheng_field.domain import resident_id_check_character
from minzheng_field.store import engine as engine_module
from minzheng_field.store.keyfile import KdfParams
from minzheng_field.store.models import Person
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰德胜春生"


def seed(vault: Vault, persons: int, rng: random.Random) -> list[str]:
    ids = []
    engine = vault.open_engine()
    with session_scope(engine) as session:
        for index in range(persons):
            day = 1 + index // 1000 % 28
            first17 = f"431023{1940 + index // 28000:04d}01{day:02d}{index % 1000:03d}"
            person = Person(
                name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))),
                resident_id=None if index % 2 else first17 + resident_id_check_character(first17),
            )
            session.add(person)
            session.flush()
            ids.append(person.id)
    vault.close_engine(engine)
    return ids


def measure(vault: Vault, ids: list[str], rng: random.Random) -> dict[str, float]:
    def run() -> tuple[float, float]:
        engine = vault.open_engine(readonly=True)
        with engine.connect() as conn:
            start = time.perf_counter()
            conn.exec_driver_sql("SELECT count(*) FROM persons WHERE name LIKE '%华%'").all()
            scan = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            for person_id in rng.sample(ids, 1000):
                conn.exec_driver_sql("SELECT * FROM persons WHERE id = ?", (person_id,)).all()
            lookups = (time.perf_counter() - start) * 1000
            conn.exec_driver_sql("SELECT count(*) FROM persons WHERE name LIKE '%华%'").all()
            start = time.perf_counter()
            conn.exec_driver_sql("SELECT count(*) FROM persons WHERE name LIKE '%华%'").all()
            warm = (time.perf_counter() - start) * 1000
        vault.close_engine(engine)
        return scan, lookups, warm

    runs = [run() for _ in range(7)]
    return {
        "scan_cold_ms": round(statistics.median(r[0] for r in runs), 2),
        "lookups_1000_cold_ms": round(statistics.median(r[1] for r in runs), 2),
        "scan_warm_ms": round(statistics.median(r[2] for r in runs), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        vault = Vault.create(
            Path(folder) / "v",
            township_code="431023113",
            admin_username="bench",
            admin_display_name="bench",
            admin_password="Bench-2026",
            kdf=KdfParams(n=2**12),
        )
        ids = seed(vault, args.persons, rng)
        results = {}
        for mib in (2, 8, 32, 64):
            engine_module.CACHE_SIZE_KIB = mib * 1024
            results[f"cache_{mib}mib"] = measure(vault, ids, rng)
        vault.lock()
    print(json.dumps({"persons": args.persons, **results}))


if __name__ == "__main__":
    main()
