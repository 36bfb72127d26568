"""The desktop app's speed on a township of N persons: unlock, instant search, scrolling.

    uv run python bench/ui.py --persons 50000

Fills a temporary vault with the demo township (about a minute for 50,000 persons; give
`--vault DIR` to keep it for the next run; `--user`/`--password` to open a vault made
otherwise, e.g. bench/visits.py's; `--unlock-only` to skip the browser), then prints one
JSON object (times in ms):
- `unlock_to_window_ms`: from asking the main window to unlock (the password's key
  derivation included) to the window showing its first page, painted;
  `unlock_to_workbench_ms` until the workbench's tiles are on screen (all but the two visit
  tiles, which say 计算中… until `workbench_visit_tiles_ms`, also from the unlock);
  `workbench_refresh_ms` and `workbench_refresh_visit_tiles_ms` the same for a refresh
  (F5) once warm;
- `search_fire_to_rows_p95_ms` (and `_p50_`, `_max_`): from the moment the debounced search
  fires to its first rows painted in the caseload browser, over queries drawn from the
  data: pinyin initials, names and their first characters, the last digits of ID numbers,
  everyone; the first few queries warm the caches and are not counted;
  `filter_to_rows_p50_ms` (and `_max_`) the same for choosing each program in the filter,
  with no text typed (the second of two rounds); `search_service_p95_ms`
  the first page's read alone (the search service on one connection, no GUI), to tell the
  query's share from the window's;
- `scroll_all_rows_ms`: scrolling the browser's 50,000 rows screen by screen from top to
  bottom, each screen painted with its rows read; `scroll_frame_max_ms` and `_p95_` are the
  GUI thread's time per scroll step (scroll + paint); `scroll_screens_waiting` counts the
  screens whose rows were not read yet when first painted, `scroll_wait_max_ms` the longest
  such wait (the rows come from a reader thread, so waiting never blocks a frame);
- `jump_to_rows_p95_ms`: dragging the scroll bar to random places, until the rows there
  are read and painted;
- `scroll_gc_*`: Python's garbage collections while scrolling (they hold every thread):
  how many were full ones, the longest full and young one; `gc_tracked_objects` the
  objects the collector tracks outside the frozen start-up ones;
- `load_average`: the machine's 1-minute load average at the start and at the end.
The app is set up as `minzheng-field` sets it up (`ui.app.create_application`, and the
start-up objects frozen as `ui.app.run_app` does). Between steps the bench waits in a Qt
event loop, as the app idles, not in a polling loop that would hold the interpreter.
Runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOWNSHIP = "431023113"
ADMIN = "admin"
PASSWORD = "Bench-2026-window"
WARM_UP = 3


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main() -> int:
    global ADMIN, PASSWORD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--jumps", type=int, default=40)
    parser.add_argument("--vault", type=Path, help="keep the demo vault here (reused if there)")
    parser.add_argument("--user", default=ADMIN, help="the vault's administrator")
    parser.add_argument("--password", default=PASSWORD)
    parser.add_argument("--unlock-only", action="store_true", help="skip the browser")
    args = parser.parse_args()
    ADMIN, PASSWORD = args.user, args.password

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    # The app's per-machine preferences must not touch the user's own.
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")

    from minzheng_field.ui.app import create_application

    app = create_application(sys.argv[:1])
    data_dir = args.vault or scratch / "vault"
    result: dict[str, Any] = {"persons": args.persons}
    result["demo_fill_s"] = fill_vault(data_dir, args.persons, args.seed)
    load_before = os.getloadavg()[0]
    result.update(unlock_to_window(app, data_dir))
    if not args.unlock_only:
        result.update(browser(app, data_dir, args.queries, args.jumps, args.seed))
    result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(json.dumps(result))
    return 0


def fill_vault(data_dir: Path, persons: int, seed: int) -> float | None:
    """Create the vault with the demo township, unless it is already there."""
    from minzheng_field.services.demo import generate_demo_township
    from minzheng_field.store.vault import Vault, vault_exists

    if vault_exists(data_dir):
        return None
    started = time.perf_counter()
    vault = Vault.create(
        data_dir,
        township_code=TOWNSHIP,
        admin_username=ADMIN,
        admin_display_name="乡镇管理员",
        admin_password=PASSWORD,
    )
    try:
        generate_demo_township(vault, persons=persons, seed=seed)
    finally:
        vault.lock()
    return round(time.perf_counter() - started, 1)


class GcPauses:
    """The interpreter's garbage collections of every generation, timed (they hold all threads)."""

    def __init__(self) -> None:
        self.durations: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._started: float | None = None
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.durations[info["generation"]].append(time.perf_counter() - self._started)
            self._started = None

    def stop(self) -> None:
        gc.callbacks.remove(self._callback)

    def reset(self) -> None:
        for durations in self.durations.values():
            durations.clear()

    def figures(self, prefix: str) -> dict[str, Any]:
        full = self.durations[2]
        return {
            f"{prefix}_gc_full_collections": len(full),
            f"{prefix}_gc_full_max_ms": ms(max(full)) if full else 0.0,
            f"{prefix}_gc_young_max_ms": ms(max(self.durations[0] + self.durations[1], default=0)),
        }


def wait_until(
    app: Any, condition: Callable[[], bool], *signals: Any, timeout: float = 60.0
) -> None:
    """Run the event loop until `condition` holds: checked when a signal fires, and often."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()

    def check(*_args: Any) -> None:
        if condition():
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(10)
    expired: list[bool] = []
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: (expired.append(True), loop.quit()))
    deadline.start(int(timeout * 1000))
    for signal in signals:
        signal.connect(check)
    try:
        loop.exec()
    finally:
        for signal in signals:
            signal.disconnect(check)
        poll.stop()
        deadline.stop()
    if expired and not condition():
        raise TimeoutError("the app did not get there in time")


def unlock_to_window(app: Any, data_dir: Path) -> dict[str, Any]:
    """Unlock through the main window's unlock screen, as a user would."""
    try:
        from minzheng_field.ui.main_window import MainWindow
    except ImportError:
        return {}
    from minzheng_field.ui.app import freeze_start_up_objects
    from minzheng_field.ui.pages.workbench_page import WorkbenchPage

    window = MainWindow(data_dir)
    window.resize(1280, 800)
    window.start()
    window.show()
    freeze_start_up_objects()
    app.processEvents()
    marks: dict[str, float] = {}
    pages: list[WorkbenchPage] = []

    def session_started() -> None:
        marks["started"] = time.perf_counter()
        pages.extend(page for page in window.pages if isinstance(page, WorkbenchPage))
        for page in pages:
            page.counts_shown.connect(lambda _s: marks.setdefault("tiles", 0.0))
            page.summary_loaded.connect(lambda _s: marks.setdefault("visits", 0.0))

    window.session_started.connect(session_started)
    t0 = time.perf_counter()
    window.unlock.unlock_requested.emit(ADMIN, PASSWORD)
    wait_until(app, lambda: "started" in marks, window.session_started)
    window.repaint()
    usable = time.perf_counter() - t0
    figures = {"unlock_to_window_ms": ms(usable)}
    if pages:
        page = pages[0]
        wait_until(app, lambda: "tiles" in marks, page.counts_shown)
        window.repaint()
        figures["unlock_to_workbench_ms"] = ms(time.perf_counter() - t0)
        wait_until(app, lambda: "visits" in marks, page.summary_loaded)
        window.repaint()
        figures["workbench_visit_tiles_ms"] = ms(time.perf_counter() - t0)
        figures.update(workbench_refresh(app, window, page))

    locked: list[bool] = []
    window.session_locked.connect(lambda: locked.append(True))
    window.lock()
    wait_until(app, lambda: bool(locked), window.session_locked)
    window.close()
    window.deleteLater()
    app.processEvents()
    return figures


def workbench_refresh(app: Any, window: Any, page: Any, rounds: int = 5) -> dict[str, Any]:
    """A refresh (F5) of the warm workbench: its tiles, then its visit tiles, painted."""
    tiles, visits = [], []
    shown: list[object] = []
    loaded: list[object] = []
    page.counts_shown.connect(shown.append)
    page.summary_loaded.connect(loaded.append)
    for _ in range(rounds):
        shown.clear()
        loaded.clear()
        t0 = time.perf_counter()
        page.refresh()
        wait_until(app, lambda: bool(shown), page.counts_shown)
        window.repaint()
        tiles.append(time.perf_counter() - t0)
        wait_until(app, lambda: bool(loaded), page.summary_loaded)
        window.repaint()
        visits.append(time.perf_counter() - t0)
    page.counts_shown.disconnect(shown.append)
    page.summary_loaded.disconnect(loaded.append)
    return {
        "workbench_refresh_ms": ms(statistics.median(tiles)),
        "workbench_refresh_visit_tiles_ms": ms(statistics.median(visits)),
    }


def sample_queries(vault: Any, count: int, seed: int) -> list[str]:
    """Search texts a user would type, drawn from the vault's persons."""
    from pypinyin import Style, lazy_pinyin
    from sqlalchemy import select

    from minzheng_field.store.models import Person
    from minzheng_field.store.session import session_scope

    engine = vault.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            rows = session.execute(select(Person.name, Person.resident_id).limit(5000)).all()
    finally:
        vault.close_engine(engine)
    pick = random.Random(seed)
    texts = ["", "li", "zds"]
    while len(texts) < count:
        name, resident_id = pick.choice(rows)
        kind = len(texts) % 5
        if kind == 0:
            texts.append("".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower())
        elif kind == 1:
            texts.append(name)
        elif kind == 2:
            texts.append(name[:2])
        elif kind == 3 and resident_id:
            texts.append(resident_id[-pick.choice((4, 5, 6)) :])
        else:
            texts.append("".join(lazy_pinyin(name[:2])))
    return texts


def service_times(vault: Any, texts: list[str]) -> list[float]:
    """The first page's read alone (what a reader thread does), one query after another."""
    from minzheng_field.services.caseload_queries import caseload_rows
    from minzheng_field.services.context import actor_for
    from minzheng_field.store.queries.person_search import PersonQuery
    from minzheng_field.store.session import session_scope
    from minzheng_field.ui.models.person_table_model import FIRST_PAGE

    engine = vault.open_engine(readonly=True)
    times = []
    try:
        for text in texts:
            t0 = time.perf_counter()
            with session_scope(engine) as session:
                actor = actor_for(session, ADMIN)
                caseload_rows(session, actor, PersonQuery(text=text, limit=FIRST_PAGE))
            times.append(time.perf_counter() - t0)
    finally:
        vault.close_engine(engine)
    return times


def browser(app: Any, data_dir: Path, queries: int, jumps: int, seed: int) -> dict[str, Any]:
    """Search and scroll in the caseload browser on a real vault with real reader threads."""
    from minzheng_field.domain.roles import Role
    from minzheng_field.resources import division_table
    from minzheng_field.store.vault import Vault
    from minzheng_field.ui.database import Database
    from minzheng_field.ui.pages.caseload_page import CaseloadPage
    from minzheng_field.ui.session import AppEvents, UiSession

    vault = Vault(data_dir)
    vault.unlock(ADMIN, PASSWORD)
    texts = sample_queries(vault, queries + WARM_UP, seed)
    session = UiSession(
        vault=vault,
        database=Database(vault, ADMIN),
        username=ADMIN,
        role=Role.TOWNSHIP_ADMIN,
        display_name=ADMIN,
        township_code=TOWNSHIP,
        township_name=division_table().full_name(TOWNSHIP),
        events=AppEvents(),
    )
    page = CaseloadPage(session)
    page.resize(1280, 800)
    page.show()
    model, table = page.model, page.table
    ready: list[int] = []
    model.result_ready.connect(ready.append)
    page.activated()
    wait_until(app, lambda: bool(ready), model.result_ready)

    def fire(text: str) -> float:
        ready.clear()
        page.search_box.set_text_quietly(text)
        t0 = time.perf_counter()
        page.search_box.fire_now()
        wait_until(app, lambda: bool(ready), model.result_ready)
        table.viewport().repaint()
        return time.perf_counter() - t0

    times = [fire(text) for text in texts]
    times = times[WARM_UP:]
    # A program chosen from the drop-down searches everyone at once (no typing pause); a
    # first round fills the caches, the second is timed.
    fire("")
    filter_times = []
    for round_ in range(2):
        for index in range(1, page.filters.program.count()):
            ready.clear()
            t0 = time.perf_counter()
            page.filters.program.setCurrentIndex(index)
            wait_until(app, lambda: bool(ready), model.result_ready)
            table.viewport().repaint()
            if round_:
                filter_times.append(time.perf_counter() - t0)
        page.filters.clear()
    search = {
        "search_fire_to_rows_p50_ms": ms(statistics.median(times)),
        "search_fire_to_rows_p95_ms": ms(p95(times)),
        "search_fire_to_rows_max_ms": ms(max(times)),
        "search_queries": len(times),
        "filter_to_rows_p50_ms": ms(statistics.median(filter_times)),
        "filter_to_rows_max_ms": ms(max(filter_times)),
    }

    fire("")
    total = model.rowCount()

    def visible_rows() -> range:
        first = max(table.rowAt(0), 0)
        last = table.rowAt(table.viewport().height() - 1)
        return range(first, (last if last >= 0 else total - 1) + 1)

    def rows_read() -> bool:
        return all(model.is_loaded(row) for row in visible_rows())

    bar = table.verticalScrollBar()
    tracked = len(gc.get_objects())
    pauses = GcPauses()
    frames: list[float] = []
    waits: list[float] = []
    t_all = time.perf_counter()
    value = 0
    while True:
        t0 = time.perf_counter()
        bar.setValue(value)
        table.viewport().repaint()
        app.processEvents()
        frames.append(time.perf_counter() - t0)
        if not rows_read():
            w0 = time.perf_counter()
            wait_until(app, rows_read, model.rows_loaded)
            t1 = time.perf_counter()
            table.viewport().repaint()
            frames.append(time.perf_counter() - t1)
            waits.append(t1 - w0)
        if value >= bar.maximum():
            break
        value = min(value + bar.pageStep(), bar.maximum())
    scroll_all = time.perf_counter() - t_all
    last_row = visible_rows()[-1]
    scroll_gc = pauses.figures("scroll")
    pauses.stop()

    pick = random.Random(seed)
    jump_times = []
    for _ in range(jumps):
        t0 = time.perf_counter()
        bar.setValue(pick.randrange(bar.maximum() + 1))
        table.viewport().repaint()
        app.processEvents()
        frames.append(time.perf_counter() - t0)
        wait_until(app, rows_read, model.rows_loaded)
        table.viewport().repaint()
        jump_times.append(time.perf_counter() - t0)

    page.close()
    session.database.close()
    session.database.wait_closed()
    app.processEvents()
    service = service_times(vault, texts[WARM_UP:])
    vault.lock()
    return {
        **search,
        "search_service_p95_ms": ms(p95(service)),
        "rows": total,
        "scroll_reached_last_row": last_row == total - 1,
        "scroll_all_rows_ms": ms(scroll_all),
        "scroll_steps": len(frames) - jumps,
        "scroll_frame_max_ms": ms(max(frames)),
        "scroll_frame_p95_ms": ms(p95(frames)),
        "scroll_screens_waiting": len(waits),
        "scroll_wait_max_ms": ms(max(waits)) if waits else 0.0,
        "jump_to_rows_p95_ms": ms(p95(jump_times)),
        "gc_tracked_objects": tracked,
        **scroll_gc,
    }


if __name__ == "__main__":
    sys.exit(main())
