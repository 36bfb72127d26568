"""Render the desktop app's main screens offscreen into PNGs, in Chinese, from a demo township.

    QT_QPA_PLATFORM=offscreen uv run python scripts/screenshots.py [--out docs/screenshots]

A temporary vault is filled with the fictional demo township (3,000 persons, seed 2026) and
opened in the real MainWindow at 1280×800; each screen is saved once its data is on screen
(the script waits on signals and conditions, never on time). The Visits step's screens come
last: each shipped form filled in through its widgets in the visit dialog (14–19, then
finalised), the day's plan (20), the month's visit rate (21), the 强制报告 task of a child
found living alone being recorded from the workbench (22), a final visit being corrected (23)
and, as the village's 儿童主任, phone photos matched to the visits they were taken at (24;
the photos are made up in a temporary folder, removed afterwards).
Preferences go to a temporary folder, so the user's own window layout is neither used nor
changed.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from minzheng_field.domain.calendar import CHINA, china_today
from minzheng_field.domain.name_search import name_search_keys
from minzheng_field.domain.roles import Role
from minzheng_field.forms.definition import FormDefinition, version_key
from minzheng_field.forms.registry import shipped_forms
from minzheng_field.services.care_files import ChildCategory
from minzheng_field.services.context import actor_for
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.services.rates import is_urban
from minzheng_field.services.visits import create_draft, finalise_visit, photo_candidates
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
# Waiting on signals and entering answers through the form's widgets come from the tests
# (tests/ui/visit_entry.py), imported where used.
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
TOWNSHIP = "431023113"  # 永兴县樟树镇, as in `minzheng-field --demo`
ADMIN, PASSWORD = "demo", "Demo-2026"
# A cheaper setting of the same KDF: the screenshots measure nothing.
FAST_KDF = KdfParams(n=2**12, r=8, p=1)
PERSONS, SEED = 3000, 2026
SIZE = (1280, 800)
# The shipped forms in the order a township meets them, and how each sheet is filled in:
# the answer preferred wherever it is offered (else the first), and plausible Chinese text
# and figures where the tests' answers would show field ids.
VISIT_FORMS = {
    "left_behind_child_visit": ("grandparents",),
    "vulnerable_child_visit": ("grandparents",),
    "special_elder_visit": ("with_spouse", "semi_care"),
    "tekun_dispersed_visit": ("semi_care",),
    "dibao_household_survey": ("review",),
    "temporary_assistance_survey": ("expenditure",),
}
SAMPLE_ANSWERS: dict[str, object] = {
    "not_met_reason": "孩子在校住宿，电话联系",
    "guardian_name": "李秀英",
    "guardian_age": 67,
    "parents_change_note": "父亲已从广东东莞换到深圳务工",
    "school_name": "樟树镇中学",
    "health_note": "哮喘，按时用药",
    "safety_detail": "家门口有池塘，已提醒看护",
    "summary": "孩子由奶奶照看，生活和学习正常，已叮嘱父母每周视频联系。",
    "informant": "邻居曹大姐",
    "carer_name": "老伴刘德明",
    "safety_risk_detail": "卫生间地面湿滑，建议加装扶手",
    "illness_detail": "先天性心脏病，术后复查中",
    "housing_problem": "厨房屋顶漏雨",
    "medical_needs": "高血压，每月到卫生院取药",
    "payment_problem": "十月供养金晚到一周",
    "investigator_1": "曹刚",
    "investigator_2": "李春华",
    "investigator_3": "黄国卫",
    "neighbour_notes": "邻居反映家中长期由老人照顾病人，收入不稳定",
    "household_size": 3,
    "members_able_to_work": 1,
    "wage_income": 9600,
    "business_income": 0,
    "property_income": 0,
    "transfer_income": 1800,
    "deposits": 3000,
    "vehicle_detail": "电动车一辆",
    "houses_detail": "另有老宅一处，已无人居住",
    "business_detail": "无",
    "living_description": "户主因病长期不能务工，妻子在家照顾老人，儿子读初中。",
    "opinion_reason": "需核对银行存款信息",
    "description": "户主九月因脑梗住院，自付医疗费用较多。",
    "annual_income": 18000,
    "costs": 56000,
    "reimbursed": 30000,
    "proposed_amount": 3000,
    "in_kind_detail": "大米两袋、食用油一桶",
    "referral_to": "县红十字会",
}
# The 强制报告 as a 儿童主任 records it after phoning the police and the township.
REPORT = {
    "reporter": "曹丽华",
    "recipients": ("police", "township"),
    "method": "phone",
    "receiver": "樟树派出所值班民警",
    "note": "派出所已派民警上门，孩子暂由村委会安排邻居照看。",
}
# The correction of a final visit: the reason, and the guardian's age written down wrong.
CORRECTION_REASON = "入户时把监护人年龄记错，核对户口簿后更正"
CORRECTED_GUARDIAN_AGE = 71


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
    # (form id, person, visit category) for each form's latest version, in the order shown.
    visit_subjects: tuple[tuple[str, str, str], ...]
    # The 强制报告 task raised by today's visit of a child found living alone.
    report_task_id: str = ""
    # The latest days with one and with two visits of the cadre's (for the phone photos).
    photo_days: tuple[date, date] | None = None


# -- waiting -------------------------------------------------------------------------------


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
    """A locked demo vault with a village cadre and a 强制报告 to record; the ids that make
    good pictures."""
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
        engine = vault.open_engine()
        try:
            with session_scope(engine) as session:
                facts = _field_work(session, _choose(session, cadre, village))
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
        visit_subjects=_visit_subjects(session, skip=(child_id, elder_id, cadre_child_id)),
        cadre=cadre,
        search_text=search_text,
        rare_name=rare_name,
        household_id=household_id,
        enrolment_id=enrolment_id,
        child_id=child_id,
        elder_id=elder_id,
        cadre_child_id=cadre_child_id,
    )


def _visit_subjects(session: object, skip: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    from tests.ui.visit_entry import visit_subject

    chosen: list[tuple[str, str, str]] = []
    for form_id in VISIT_FORMS:
        category = latest_shipped(form_id).categories[0]
        person = visit_subject(session, category, skip=[*skip, *(c[1] for c in chosen)])
        if person is None:
            raise LookupError(f"the demo township has no one of category {category}")
        chosen.append((form_id, person, category))
    return tuple(chosen)


def _field_work(session: object, facts: DemoFacts) -> DemoFacts:
    """The administrator's visit today of a 留守 child found living alone, which raises a
    强制报告 task; the days the cadre's phone photos were taken on."""
    from tests.services.test_visits import alone_answers
    from tests.ui.visit_entry import visit_subject

    admin = actor_for(session, ADMIN)  # type: ignore[arg-type]
    taken = [
        facts.child_id,
        facts.elder_id,
        facts.cadre_child_id,
        *(subject[1] for subject in facts.visit_subjects),
    ]
    child = visit_subject(session, ChildCategory.LEFT_BEHIND.value, skip=taken)  # type: ignore[arg-type]
    if child is None:
        raise LookupError("the demo township has no 留守 child left to visit")
    answers = alone_answers(risk_level="medium", last_parent_contact_on=None)
    draft = create_draft(
        session,  # type: ignore[arg-type]
        admin,
        child,
        "left_behind_child_visit",
        visited_on=china_today(),
        answers=answers,
    )
    (task,) = finalise_visit(session, admin, draft.visit_id).tasks  # type: ignore[arg-type]
    # The cadre's own visits per day (the demo's visits are theirs), latest first.
    today = china_today()
    cadre = actor_for(session, facts.cadre)  # type: ignore[arg-type]
    visits_on = Counter(
        visit.visited_on
        for visit in photo_candidates(session, cadre, today - timedelta(days=60), today)  # type: ignore[arg-type]
    )
    days = sorted(visits_on, reverse=True)
    try:
        photo_days = (
            next(day for day in days if visits_on[day] == 1),
            next(day for day in days if visits_on[day] == 2),
        )
    except StopIteration:
        raise LookupError("the cadre has no recent day of one visit and one of two") from None
    return replace(facts, report_task_id=task.task_id, photo_days=photo_days)


def latest_shipped(form_id: str) -> FormDefinition:
    """The newest shipped version of a form."""
    versions = [version for name, version in shipped_forms() if name == form_id]
    return shipped_forms()[(form_id, max(versions, key=version_key))]


def _has_initials(name: str, initials: str) -> bool:
    return any(i.startswith(initials) for i in name_search_keys(name).initials)


# -- the screens ---------------------------------------------------------------------------


def take_screenshots(out: Path, work: Path) -> list[Path]:
    """Every screen, in the order a user meets them (the Visits step's at the end)."""
    from tests.ui.visit_entry import wait_for, wait_until

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
    visits.tabs.setCurrentWidget(visits.table.parentWidget())  # 探访记录: the history
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

    # The Visits step, as the township assistant: each form filled in, the day's plan and
    # the month's visit rate (after those visits, so that they count).
    wait_for(window.session_locked, "the lock", window.switch_user)
    unlock(ADMIN)
    session = window.session
    assert session is not None
    visit_ids: dict[str, str] = {}
    for number, (form_id, person_id, category) in enumerate(facts.visit_subjects, start=14):
        path, visit_ids[form_id] = fill_in_visit(
            window, session, out, number, form_id, person_id, category
        )
        saved.append(path)
    visits = go_to(VisitsPage)
    assert isinstance(visits, VisitsPage)
    visits.tabs.setCurrentWidget(visits.plan_view)
    wait_for(visits.plan_view.loaded, "the day's plan", visits.plan_view.reload)
    saved.append(save(window, out, "20-visit-day-plan"))
    wait_for(
        visits.coverage_view.loaded,
        "the month's visit rate",
        lambda: visits.tabs.setCurrentWidget(visits.coverage_view),
    )
    saved.append(save(window, out, "21-visit-coverage"))

    workbench = go_to(WorkbenchPage)
    assert isinstance(workbench, WorkbenchPage)
    wait_for(workbench.summary_loaded, "the workbench's tasks", workbench.activated)
    saved.append(record_report(workbench, facts.report_task_id, out))
    saved.append(correct_visit(session, visit_ids["left_behind_child_visit"], out))
    # The 儿童主任 brings the phone's photos of their visits in.
    wait_for(window.session_locked, "the lock", window.switch_user)
    unlock(facts.cadre)
    assert window.session is not None and facts.photo_days is not None
    saved.append(import_photos(window.session, *facts.photo_days, out))

    window.close()
    app.processEvents()
    return saved


def fill_in_visit(
    window: QWidget,
    session: object,
    out: Path,
    number: int,
    form_id: str,
    person_id: str,
    category: str,
) -> tuple[Path, str]:
    """Fill a person's visit in through the form's widgets, save it, then finalise it;
    the picture and the visit's id."""
    from tests.ui.visit_entry import (
        answers_for,
        enter_answers,
        open_visit_dialog,
        prefer,
        wait_for,
    )

    dialog = open_visit_dialog(session, person_id, category, window)  # type: ignore[arg-type]
    try:
        form, entry = dialog.form, dialog.entry
        assert form is not None and entry is not None
        if entry.definition.id != form_id:
            raise LookupError(f"{form_id} did not open for {category}")
        answers = answers_for(form, entry.members, prefer(*VISIT_FORMS[form_id]), SAMPLE_ANSWERS)
        enter_answers(form, answers)
        if form.messages():
            raise ValueError(f"{form_id}: {form.messages()}")
        if dialog.has_unsaved_changes():
            wait_for(dialog.draft_saved, "the draft saved", dialog.save_now)
        form.focus_first()
        path = save(dialog, out, f"{number}-form-{form_id}")
        wait_for(dialog.finalised, f"{form_id} finalised", dialog.finalise)
    finally:
        dialog.close()
        dialog.deleteLater()
    return path, entry.visit_id


def record_report(workbench: QWidget, task_id: str, out: Path) -> Path:
    """The 强制报告 task opened from the workbench's list, its record filled in (not saved)."""
    from tests.ui.visit_entry import wait_until

    from minzheng_field.ui.pages.workbench_page import WorkbenchPage

    assert isinstance(workbench, WorkbenchPage)
    wait_until(lambda: workbench.task_model.row_of(task_id) is not None, "the 强制报告 task")
    workbench.task_table.selectRow(workbench.task_model.row_of(task_id))  # type: ignore[arg-type]
    dialog = workbench.open_task(task_id)
    assert dialog is not None
    try:
        wait_until(lambda: dialog.detail is not None, "the task's visit")
        dialog.reporter.setText(REPORT["reporter"])
        for recipient in REPORT["recipients"]:
            dialog.recipient_boxes[recipient].setChecked(True)
        dialog.report_method.setCurrentIndex(dialog.report_method.findData(REPORT["method"]))
        dialog.receiver.setText(REPORT["receiver"])
        # Reported within the hour of the visit's finalising, at a round minute.
        now = datetime.now(CHINA).replace(second=0, microsecond=0)
        dialog.set_reported_at(now - timedelta(minutes=now.minute % 5))
        dialog.note.setPlainText(REPORT["note"])
        dialog.reporter.setFocus()
        return save(dialog, out, "22-task-dialog")
    finally:
        dialog.discard()


def correct_visit(session: object, visit_id: str, out: Path) -> Path:
    """A final visit reopened for a correction: one answer changed and the reason typed."""
    from tests.ui.visit_entry import wait_for, wait_until

    from minzheng_field.ui.dialogs.visit_dialog import VisitDialog

    dialog = VisitDialog(session, None, None, visit_id=visit_id)  # type: ignore[arg-type]
    try:
        wait_for(dialog.entry_loaded, "the final visit", dialog.show)
        wait_until(dialog.photos_ready, "the visit's photos")
        assert dialog.form is not None
        dialog.start_correction()
        # Typed into the input as a user would, so the correction marks what it changes.
        age = dialog.form.editor("guardian_age")
        assert age is not None
        age.widget.setText(str(CORRECTED_GUARDIAN_AGE))  # type: ignore[attr-defined]
        dialog.reason_edit.setText(CORRECTION_REASON)
        dialog.reason_edit.setFocus()
        return save(dialog, out, "23-visit-correction")
    finally:
        dialog.cancel_correction()
        dialog.close()
        dialog.deleteLater()


def phone_photo(day: date, clock: str, colour: tuple[int, int, int]) -> bytes:
    """A made-up phone photo (sky, field and a house in `colour`) with its EXIF time."""
    import io

    from PIL import ExifTags, Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (150, 195, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 780, 1600, 1200), fill=(110, 160, 90))
    draw.rectangle((480, 520, 1120, 900), fill=colour)
    draw.polygon([(420, 530), (800, 260), (1180, 530)], fill=(120, 60, 50))
    draw.rectangle((740, 700, 860, 900), fill=(80, 60, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = f"{day:%Y:%m:%d} {clock}"
    data = io.BytesIO()
    image.save(data, "JPEG", quality=85, exif=exif)
    return data.getvalue()


def import_photos(session: object, first_day: date, second_day: date, out: Path) -> Path:
    """Phone photos, made up in a temporary folder, matched to the visits of their days: two
    on a day of one visit (proposed), three on a day of two (the user chooses for one)."""
    from tests.ui.visit_entry import wait_for

    from minzheng_field.ui.dialogs.photo_import_dialog import PhotoImportDialog

    # (day, time taken, colour): named as a phone names them.
    photos = (
        (first_day, "09:31:05", (196, 120, 60)),
        (first_day, "09:33:40", (90, 150, 80)),
        (second_day, "10:12:18", (210, 180, 90)),
        (second_day, "10:15:02", (120, 110, 170)),
        (second_day, "14:48:51", (70, 130, 160)),
    )
    with tempfile.TemporaryDirectory(prefix="mzf-photos-") as temporary:
        folder = Path(temporary) / "手机照片"
        folder.mkdir()
        for day, clock, colour in photos:
            name = f"IMG_{day:%Y%m%d}_{clock.replace(':', '')}.jpg"
            (folder / name).write_bytes(phone_photo(day, clock, colour))
        dialog = PhotoImportDialog(session)  # type: ignore[arg-type]
        try:
            dialog.resize(1100, 620)
            dialog.show()
            wait_for(
                dialog.proposals_ready,
                "the photos' visits",
                lambda: dialog.open_folder(folder),
            )
            # The second day's morning photos: the user picks the visit they were taken at.
            row = dialog.file_names().index(f"IMG_{second_day:%Y%m%d}_101218.jpg")
            dialog.choose(row, dialog.offered(row)[0])
            return save(dialog, out, "24-photo-import")
        finally:
            dialog.close()
            dialog.deleteLater()


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
