"""Render the desktop app's main screens offscreen into PNGs, in Chinese, from a demo township.

    QT_QPA_PLATFORM=offscreen uv run python scripts/screenshots.py [--out docs/screenshots]

A temporary vault is filled with the fictional demo township (3,000 persons, seed 2026) and
opened in the real MainWindow at 1280×800; each screen is saved once its data is on screen.
Preferences go to a temporary folder, so the user's own window layout is neither used nor
changed.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QEventLoop, QSettings, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from minzheng_field.domain.name_search import name_search_keys
from minzheng_field.domain.roles import Role
from minzheng_field.services.care_files import ChildCategory
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.rates import is_urban
from minzheng_field.store.keyfile import KdfParams
from minzheng_field.store.models import (
    ChildFile,
    ElderFile,
    Enrolment,
    EnrolmentEvent,
    Household,
    Person,
    UserProfile,
)
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

ROOT = Path(__file__).resolve().parent.parent
TOWNSHIP = "431023113"  # 永兴县樟树镇, as in `minzheng-field --demo`
ADMIN, PASSWORD = "demo", "Demo-2026"
# A cheaper setting of the same KDF: the screenshots measure nothing.
FAST_KDF = KdfParams(n=2**12, r=8, p=1)
PERSONS, SEED = 3000, 2026
SIZE = (1280, 800)
TIMEOUT_S = 60.0


@dataclass(frozen=True)
class DemoFacts:
    """The ids the screenshots show, chosen from the generated township."""

    cadre: str
    search_text: str
    rare_name: str
    household_id: str
    enrolment_id: str
    child_id: str
    elder_id: str
    cadre_child_id: str


# -- waiting without sleeping --------------------------------------------------------------


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT_S) -> None:
    """Run the event loop until `condition()` holds (checked after each burst of events)."""
    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited too long for {what}")
        timer.start()
        loop.exec()
        timer.stop()


def wait_for(
    signal: SignalInstance, what: str, trigger: Callable[[], object] | None = None
) -> None:
    """Run `trigger` and the event loop until `signal` is emitted."""
    fired: list[bool] = []

    def heard(*_args: object) -> None:
        fired.append(True)

    signal.connect(heard)
    try:
        if trigger is not None:
            trigger()
        wait_until(lambda: bool(fired), what)
    finally:
        with contextlib.suppress(RuntimeError):  # the sender may be gone (a dialog closed)
            signal.disconnect(heard)


def has_rows(model: QAbstractItemModel) -> bool:
    """The model's first row is read (lists fetch their rows after their ids)."""
    return model.rowCount() > 0 and bool(model.index(0, 0).data())


def settle(widget: QWidget) -> None:
    """Let layouts, pending reads that already answered and repaints finish."""
    for _ in range(5):
        QApplication.processEvents()
    widget.repaint()
    QApplication.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    """Save the widget as it looks now."""
    settle(widget)
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)
    return path


# -- the demo vault ------------------------------------------------------------------------


def make_demo_vault(data_dir: Path) -> DemoFacts:
    """A locked demo vault with a village cadre; the ids that make good pictures."""
    vault = Vault.create(
        data_dir,
        township_code=TOWNSHIP,
        admin_username=ADMIN,
        admin_display_name="演示管理员",
        admin_password=PASSWORD,
        kdf=FAST_KDF,
    )
    try:
        summary = generate_demo_township(vault, persons=PERSONS, seed=SEED)
        village, _name, cadre, display_name = next(
            (v for v in summary.village_cadres if not is_urban(v[0])), summary.village_cadres[0]
        )
        vault.add_user(cadre, display_name, Role.VILLAGE_CADRE, PASSWORD, kdf=FAST_KDF)
        engine = vault.open_engine(readonly=True)
        try:
            with session_scope(engine) as session:
                facts = _choose(session, cadre, village)
        finally:
            vault.close_engine(engine)
    finally:
        vault.lock()
    return facts


def _choose(session: object, cadre: str, village: str) -> DemoFacts:
    villages = session.get(UserProfile, cadre).villages or [village]  # type: ignore[attr-defined]
    live = Person.deleted.is_(False) & Person.deceased_on.is_(None)

    # A household of four or more whose program has the longest history.
    members = (
        select(Person.household_id, func.count().label("n"))
        .where(live)
        .group_by(Person.household_id)
        .subquery()
    )
    events = (
        select(EnrolmentEvent.enrolment_id, func.count().label("n"))
        .group_by(EnrolmentEvent.enrolment_id)
        .subquery()
    )
    household_id, enrolment_id = session.execute(  # type: ignore[attr-defined]
        select(Enrolment.household_id, Enrolment.id)
        .join(members, members.c.household_id == Enrolment.household_id)
        .join(events, events.c.enrolment_id == Enrolment.id)
        .where(members.c.n >= 4)
        .order_by(events.c.n.desc(), members.c.n.desc(), Enrolment.id)
        .limit(1)
    ).one()

    def a_child(*where: object) -> str:
        return session.scalar(  # type: ignore[attr-defined, no-any-return]
            select(Person.id)
            .join(ChildFile, ChildFile.person_id == Person.id)
            .join(Household, Household.id == Person.household_id)
            .where(live, ChildFile.category == ChildCategory.LEFT_BEHIND.value, *where)
            .order_by(ChildFile.guardian_name.is_(None), Person.id)
            .limit(1)
        )

    child_id = a_child(ChildFile.risk_level != "low")
    cadre_child_id = a_child(Household.village_code.in_(villages), ChildFile.school.is_not(None))
    elders = session.execute(  # type: ignore[attr-defined]
        select(Person.id, ElderFile.categories)
        .join(ElderFile, ElderFile.person_id == Person.id)
        .where(live, ElderFile.care_needs.is_not(None))
        .order_by(Person.id)
    ).all()
    elder_id = max(elders, key=lambda row: len(row[1] or ()))[0]

    # Pinyin initials that find a few persons, one of them with a rare character (Ext B…).
    names = session.scalars(select(Person.name).where(live)).all()  # type: ignore[attr-defined]
    # Of those, the one closest to a screenful of rows.
    search_text, rare_name, best = "lyh", "", 10**9
    for name in sorted(n for n in names if any(ord(c) > 0xFFFF for c in n)):
        for initials in name_search_keys(name).initials:
            hits = sum(1 for n in names if _has_initials(n, initials))
            if len(initials) >= 2 and 3 <= hits <= 40 and abs(hits - 20) < best:
                search_text, rare_name, best = initials, name, abs(hits - 20)
    return DemoFacts(
        cadre=cadre,
        search_text=search_text,
        rare_name=rare_name,
        household_id=household_id,
        enrolment_id=enrolment_id,
        child_id=child_id,
        elder_id=elder_id,
        cadre_child_id=cadre_child_id,
    )


def _has_initials(name: str, initials: str) -> bool:
    return any(i.startswith(initials) for i in name_search_keys(name).initials)


# -- the screens ---------------------------------------------------------------------------


def take_screenshots(out: Path, work: Path) -> list[Path]:
    """Every screen, in the order a user meets them."""
    from minzheng_field.ui.app import create_application
    from minzheng_field.ui.main_window import MainWindow
    from minzheng_field.ui.pages.caseload_page import CaseloadPage
    from minzheng_field.ui.pages.children_page import ChildrenPage
    from minzheng_field.ui.pages.elders_page import EldersPage
    from minzheng_field.ui.pages.household_file_view import HouseholdFileView
    from minzheng_field.ui.pages.settings_page import SettingsPage
    from minzheng_field.ui.pages.visits_page import VisitsPage
    from minzheng_field.ui.pages.workbench_page import WorkbenchPage

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "prefs"))
    app = create_application([sys.argv[0]])
    # The offscreen platform's notes (no window manager) are not the app's warnings.
    logging.getLogger("qt").setLevel(logging.ERROR)
    saved: list[Path] = []

    print("first-run screen", flush=True)
    first = MainWindow(work / "empty")
    first.resize(*SIZE)
    first.start()
    first.show()
    saved.append(save(first, out, "01-first-run"))
    first.close()
    first.deleteLater()

    print(f"demo township ({PERSONS} persons)", flush=True)
    facts = make_demo_vault(work / "demo")
    window = MainWindow(work / "demo", demo_credentials=(ADMIN, PASSWORD))
    window.resize(*SIZE)
    window.start()
    window.show()
    wait_until(lambda: window.unlock.user.count() > 0, "the unlock screen")
    saved.append(save(window, out, "02-unlock"))

    def unlock(username: str) -> None:
        widget = window.unlock
        widget.user.setCurrentIndex(widget.user.findData(username))
        widget.password.setText(PASSWORD)
        wait_for(window.session_started, "the unlock", widget.unlock_button.click)
        wait_until(lambda: bool(window.township_label.text()), "the status bar")

    def go_to(page_class: type) -> object:
        page = window.page(page_class)
        window.navigation.setCurrentRow(window.pages.index(page))
        return page

    unlock(ADMIN)
    workbench = window.page(WorkbenchPage)
    assert isinstance(workbench, WorkbenchPage)
    wait_until(lambda: workbench.summary is not None, "the workbench counts")
    saved.append(save(window, out, "03-workbench"))

    caseload = go_to(CaseloadPage)
    assert isinstance(caseload, CaseloadPage)
    wait_for(
        caseload.model.result_ready, "the search", lambda: caseload.search_for(facts.search_text)
    )
    wait_until(lambda: has_rows(caseload.model), "the rows of the search")
    rows = [caseload.model.index(r, 0).data() for r in range(caseload.model.rowCount())]
    caseload.table.selectRow(rows.index(facts.rare_name) if facts.rare_name in rows else 0)
    saved.append(save(window, out, "04-caseload-search"))

    caseload.open_household_tab(facts.household_id)
    view = caseload.tabs.currentWidget()
    assert isinstance(view, HouseholdFileView)
    wait_until(lambda: view.household_file is not None, "the household file")
    saved.append(save(window, out, "05-household-members"))
    view.show_enrolment(facts.enrolment_id)
    saved.append(save(window, out, "06-household-programs"))
    view.tabs.setCurrentWidget(view.care_tab)
    saved.append(save(window, out, "07-household-care-files"))
    # One edit, as a user would make it, so that the history has something to show.
    head = view.household_file.members[0]  # type: ignore[union-attr]
    editor = view.edit_member(head.id)
    assert editor is not None
    wait_until(editor.save_button.isEnabled, "the member editor")
    editor.form.current_address.setText(f"{head.current_address or ''}（已搬至新屋）")
    wait_for(editor.saved, "the edit", editor.save)
    wait_until(lambda: bool(view.household_file and view.household_file.history), "the history")
    view.tabs.setCurrentWidget(view.history_tab)
    saved.append(save(window, out, "08-household-history"))

    for page_class, person_id, name in (
        (ChildrenPage, facts.child_id, "09-child-file"),
        (EldersPage, facts.elder_id, "10-elder-file"),
    ):
        page = go_to(page_class)
        wait_until(lambda p=page: has_rows(p.model), f"the list of {name}")
        wait_for(page.file_shown, name, lambda p=page, i=person_id: p.show_person(i))
        saved.append(save(window, out, name))

    # (文书与台账 stays out: the demo has no notices yet, and an empty list shows nothing.)
    visits = window.page(VisitsPage)
    assert isinstance(visits, VisitsPage)
    wait_for(visits.list_loaded, "the visits", lambda: go_to(VisitsPage))
    wait_until(lambda: has_rows(visits.model), "the rows of the visits")
    saved.append(save(window, out, "11-visits"))

    settings_page = go_to(SettingsPage)
    assert isinstance(settings_page, SettingsPage)
    wait_until(
        lambda: settings_page.accounts.rowCount() > 0 and bool(settings_page.last_backup.text()),
        "the accounts",
    )
    saved.append(save(window, out, "12-settings"))

    wait_for(window.session_locked, "the lock", window.switch_user)
    unlock(facts.cadre)
    children = go_to(ChildrenPage)
    assert isinstance(children, ChildrenPage)
    wait_until(lambda: has_rows(children.model), "the cadre's children")
    wait_for(
        children.file_shown,
        "the cadre's child file",
        lambda: children.show_person(facts.cadre_child_id),
    )
    saved.append(save(window, out, "13-cadre-child-file"))

    window.close()
    app.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Clock times as a user in Chenzhou sees them, whatever this machine's zone.
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    print(f"screenshots of {date.today():%Y-%m-%d} into {out}", flush=True)
    with tempfile.TemporaryDirectory(prefix="mzf-screens-") as work:
        take_screenshots(out, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
