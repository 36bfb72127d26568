"""The day's due list and a month's visit coverage on a demo township with a year of visits.

    uv run python bench/visits.py --persons 50000

Prints one JSON object (times in ms):
- `due_list_ms`: median of `services.schedules.due_visits` for the township administrator
  on the demo's anchor day (2026-11-28), warm (the same connection, after a first call);
- `coverage_month_ms`: median of `services.schedules.monthly_coverage` for that month, warm
  (the two called alternately on one read-only connection, as the workbench does);
- the same with `_cold`: the first call on a fresh connection right after lock + unlock;
- `due_list_cpu_ms`, `coverage_month_cpu_ms`: the CPU time of the warm calls (on a shared
  machine the wall-clock figures include waiting for a CPU; `load_average` is the 1-minute
  load before and after);
- `machine_reference_ms`: before and after, the median time of a fixed pure-Python workload
  (summing a million squares). On a shared virtual machine the CPU's speed drifts by half
  between runs minutes apart; figures are comparable only at similar reference times;
- context: persons, visits, care files, how many are due, enrolled and contacted.
`--data-dir DIR` keeps the generated vault there (and reuses it when it exists already, so
repeated measurements skip the ~1 minute of generation).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from minzheng_field.domain.months import Month
from minzheng_field.services.context import actor_for
from minzheng_field.services.demo import DEFAULT_TODAY, generate_demo_township
from minzheng_field.services.schedules import due_visits, monthly_coverage
from minzheng_field.store.keyfile import KdfParams
from minzheng_field.store.models import ChildFile, ElderFile, Person, Visit
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault, vault_exists

TOWNSHIP = "431023113"
USER = "bench"
PASSWORD = "Bench-2026-visits"
# Cheap key derivation: the bench measures queries, not unlocking.
BENCH_KDF = KdfParams(n=2**12, r=8, p=1)


def _vault(data_dir: Path, persons: int, seed: int) -> tuple[Vault, float | None]:
    if vault_exists(data_dir):
        vault = Vault(data_dir)
        vault.unlock(USER, PASSWORD)
        return vault, None
    vault = Vault.create(
        data_dir,
        township_code=TOWNSHIP,
        admin_username=USER,
        admin_display_name="基准测试",
        admin_password=PASSWORD,
        kdf=BENCH_KDF,
    )
    started = time.perf_counter()
    generate_demo_township(vault, persons=persons, seed=seed)
    return vault, time.perf_counter() - started


def _timed(call: Callable[..., Any], *args: Any) -> tuple[float, float]:
    """Wall-clock and CPU time of one call, in ms."""
    started, cpu = time.perf_counter(), time.process_time()
    call(*args)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


def _median(times: list[tuple[float, float]], which: int) -> float:
    return round(statistics.median(t[which] for t in times), 1)


def _measure(vault: Vault, day: date, runs: int) -> dict[str, Any]:
    month = Month.from_date(day)
    calls: dict[str, Callable[..., Any]] = {
        "due": lambda session, actor: due_visits(session, actor, day),
        "coverage": lambda session, actor: monthly_coverage(session, actor, month),
    }
    # Cold: the first call of each on a fresh connection after lock + unlock. Read-only
    # connections, as the app's reader threads open them (their own page cache size).
    cold: dict[str, list[tuple[float, float]]] = {"due": [], "coverage": []}
    for kind, call in calls.items():
        for _ in range(3):
            vault.lock()
            vault.unlock(USER, PASSWORD)
            engine = vault.open_engine(readonly=True)
            try:
                with session_scope(engine) as session:
                    cold[kind].append(_timed(call, session, actor_for(session, USER)))
            finally:
                vault.close_engine(engine)
    # Warm: alternately, as the workbench asks for both on each refresh.
    warm: dict[str, list[tuple[float, float]]] = {"due": [], "coverage": []}
    engine = vault.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            actor = actor_for(session, USER)
            due = due_visits(session, actor, day)
            report = monthly_coverage(session, actor, month)
            for _ in range(runs):
                for kind, call in calls.items():
                    warm[kind].append(_timed(call, session, actor))
    finally:
        vault.close_engine(engine)
    return {
        "due_list_ms": _median(warm["due"], 0),
        "coverage_month_ms": _median(warm["coverage"], 0),
        "due_list_ms_cold": _median(cold["due"], 0),
        "coverage_month_ms_cold": _median(cold["coverage"], 0),
        # CPU time of the same calls: what the reads cost when other work competes for the CPU.
        "due_list_cpu_ms": _median(warm["due"], 1),
        "coverage_month_cpu_ms": _median(warm["coverage"], 1),
        "due": len(due),
        "overdue": sum(1 for visit in due if visit.overdue_days),
        "enrolled": report.total.enrolled,
        "contacted": report.total.contacted,
    }


def _counts(vault: Vault) -> dict[str, int]:
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            return {
                name: int(session.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in (
                    ("persons", Person),
                    ("visits", Visit),
                    ("elder_files", ElderFile),
                    ("child_files", ChildFile),
                )
            }
    finally:
        vault.close_engine(engine)


def _machine_reference_ms() -> float:
    """The median CPU time of a fixed workload: how fast this machine is right now."""
    times = []
    for _ in range(5):
        started = time.process_time()
        total = 0
        for number in range(1_000_000):
            total += number * number
        times.append((time.process_time() - started) * 1000)
    return round(statistics.median(times), 1)


def _load_average() -> float | None:
    """The 1-minute load average (Linux), to read the figures of a shared machine by."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=11, help="warm calls of each, for the median")
    parser.add_argument("--data-dir", type=Path, help="keep (or reuse) the vault here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-visits-") as scratch:
        data_dir = args.data_dir or Path(scratch) / "vault"
        vault, generated_s = _vault(data_dir, args.persons, args.seed)
        try:
            result: dict[str, Any] = {"day": DEFAULT_TODAY.isoformat(), **_counts(vault)}
            if generated_s is not None:
                result["generate_s"] = round(generated_s, 1)
            load_before, reference_before = _load_average(), _machine_reference_ms()
            result.update(_measure(vault, DEFAULT_TODAY, args.runs))
            result["load_average"] = [load_before, _load_average()]
            result["machine_reference_ms"] = [reference_before, _machine_reference_ms()]
        finally:
            if vault.is_unlocked:
                vault.lock()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
