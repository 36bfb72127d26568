"""儿童关爱: the list of the demo's children, filters, the file, editing, and a cadre's view."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from tests.ui import care_fixtures
from tests.ui.care_fixtures import TANQUAN, WAIT, choose, in_vault, listed, reload_with

from minzheng_field.services.care_files import ChildCategory
from minzheng_field.services.recording import record_update
from minzheng_field.services.visibility import SENSITIVE_PARENT_SITUATIONS
from minzheng_field.store.models import AuditEntry, ChildFile, Household, Person
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.child_file_editor import ChildFileEditor, edit_child_file
from minzheng_field.ui.pages.children_page import ChildListRequest, ChildrenPage
from minzheng_field.ui.session import UiSession

demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui
cadre_ui = care_fixtures.cadre_ui


def child_ids(vault: Vault, *criteria: Any) -> set[str]:
    """Person ids of the live child files matching `criteria` (joined to the household)."""
    return set(
        in_vault(
            vault,
            lambda s, a: s.scalars(
                select(ChildFile.person_id)
                .join(Person, Person.id == ChildFile.person_id)
                .join(Household, Household.id == Person.household_id)
                .where(ChildFile.deleted.is_(False), *criteria)
            ).all(),
        )
    )


def open_page(qtbot, session: UiSession) -> tuple[ChildrenPage, int]:
    page = ChildrenPage(session)
    return page, care_fixtures.open_list_page(qtbot, page)


def select_person(qtbot, page: ChildrenPage, person_id: str) -> None:
    with qtbot.waitSignal(page.file_shown, timeout=WAIT):
        page.show_person(person_id)
    assert page.view.person is not None and page.view.person.person_id == person_id


def test_the_page_lists_every_child_of_the_demo(qtbot, qtmodeltester, demo, admin_ui) -> None:
    page, count = open_page(qtbot, admin_ui)
    assert page.title() == "Child care"
    expected = child_ids(demo)
    assert count == len(expected) > 5
    rows = listed(qtbot, page)
    assert {row.person_id for row in rows} == expected
    names = dict(in_vault(demo, lambda s, a: s.execute(select(Person.id, Person.name)).all()))
    assert all(row.name == names[row.person_id] for row in rows)
    # High risk first, as the list opens.
    ranks = [{"high": 0, "medium": 1, "low": 2}[row.risk_level] for row in rows]
    assert ranks == sorted(ranks)
    assert page.model.data(page.model.index(0, 0)) == rows[0].name
    assert "children" in page.count_label.text()
    qtmodeltester.check(page.model)


def test_filters_narrow_the_list(qtbot, demo, admin_ui) -> None:
    page, everyone = open_page(qtbot, admin_ui)
    left_behind = child_ids(demo, ChildFile.category == "left_behind")
    count = reload_with(qtbot, page, lambda: choose(page.category_filter, "left_behind"))
    assert count == len(left_behind) < everyone
    assert {row.person_id for row in listed(qtbot, page)} == left_behind
    low = child_ids(demo, ChildFile.category == "left_behind", ChildFile.risk_level == "low")
    assert reload_with(qtbot, page, lambda: choose(page.risk_filter, "low")) == len(low)
    reload_with(qtbot, page, lambda: choose(page.category_filter, None))
    reload_with(qtbot, page, lambda: choose(page.risk_filter, None))
    in_tanquan = child_ids(demo, Household.village_code == TANQUAN)
    assert reload_with(qtbot, page, lambda: choose(page.village_filter, TANQUAN)) == len(in_tanquan)
    assert {row.village_code for row in listed(qtbot, page)} == {TANQUAN}
    reload_with(qtbot, page, lambda: choose(page.village_filter, None))
    name = listed(qtbot, page)[0].name

    def search_name() -> None:
        page.search.setText(name)
        page.search.fire_now()

    reload_with(qtbot, page, search_name)
    assert name in {row.name for row in listed(qtbot, page)}
    assert all(name in row.name for row in listed(qtbot, page))


def test_a_request_for_this_page_sets_its_filters_and_others_are_ignored(
    qtbot, demo, admin_ui
) -> None:
    page, _count = open_page(qtbot, admin_ui)
    high = child_ids(demo, ChildFile.risk_level == "high")
    count = reload_with(
        qtbot,
        page,
        lambda: admin_ui.events.show_person_list.emit(ChildListRequest(risk_level="high")),
    )
    assert count == len(high) and page.risk_filter.currentData() == "high"
    with qtbot.assertNotEmitted(page.list_loaded, wait=200):
        admin_ui.events.show_person_list.emit(object())


def test_choosing_a_child_shows_the_file(qtbot, demo, admin_ui) -> None:
    page, _count = open_page(qtbot, admin_ui)
    first = listed(qtbot, page)[0]
    with qtbot.waitSignal(page.file_shown, timeout=WAIT):
        page.table.selectRow(0)
    stored = in_vault(
        demo, lambda s, a: s.scalar(select(ChildFile).where(ChildFile.person_id == first.person_id))
    )
    view = page.view
    assert view.header.name.text() == first.name
    assert view.values["category"].text() == ChildCategory(stored.category).label
    assert view.values["guardian_name"].text() == (stored.guardian_name or "—")
    assert "health" in view.values  # township staff see the child's health
    if stored.guardian_phone:
        shown = view.phones["guardian_phone"].value.text()
        assert "*" in shown and stored.guardian_phone not in shown


def test_editing_a_child_file_saves_and_the_list_refreshes(qtbot, demo, admin_ui) -> None:
    page, _count = open_page(qtbot, admin_ui)
    first = listed(qtbot, page)[0]
    editor = care_fixtures.open_file_editor(qtbot, page, first.person_id)
    assert isinstance(editor, ChildFileEditor)
    editor.form.guardian_name.setText("曾𠮷英")
    editor.form.school.setText("樟树镇中心小学")
    care_fixtures.save_and_wait(qtbot, page, editor)
    stored = in_vault(
        demo, lambda s, a: s.scalar(select(ChildFile).where(ChildFile.person_id == first.person_id))
    )
    assert (stored.guardian_name, stored.school) == ("曾𠮷英", "樟树镇中心小学")
    audit = in_vault(
        demo,
        lambda s, a: s.scalars(
            select(AuditEntry.changes).where(AuditEntry.entity_id == stored.id)
        ).all(),
    )
    assert audit and set(audit[-1]) <= {"guardian_name", "school"}
    qtbot.waitUntil(
        lambda: page.model.item(page.model.row_of(first.person_id)) is not None, timeout=WAIT
    )
    row = page.model.row_of(first.person_id)
    assert page.model.item(row).guardian_name == "曾𠮷英"
    assert page.model.data(page.model.index(row, 5)).startswith("曾𠮷英")
    qtbot.waitUntil(lambda: page.view.values["guardian_name"].text() == "曾𠮷英", timeout=WAIT)


def test_invalid_input_shows_the_message_beside_the_input(qtbot, demo, admin_ui) -> None:
    page, _count = open_page(qtbot, admin_ui)
    first = listed(qtbot, page)[0]
    editor = care_fixtures.open_file_editor(qtbot, page, first.person_id)
    editor.form.guardian_age.setText("15")
    editor.save()
    cell = editor.form.cells["guardian_age"]
    qtbot.waitUntil(lambda: cell.error.isVisibleTo(editor), timeout=WAIT)
    assert "监护人须是成年人" in cell.error.text()
    assert editor.isVisible()
    stored_age = in_vault(
        demo,
        lambda s, a: s.scalar(
            select(ChildFile.guardian_age).where(ChildFile.person_id == first.person_id)
        ),
    )
    assert stored_age != 15
    # A masked phone edited without typing it whole is caught before anything is sent.
    editor.form.guardian_age.setText("")
    if editor.form.guardian_phone.text():
        editor.form.guardian_phone.setText(editor.form.guardian_phone.text()[:-1])
        editor.save()
        assert "masked" in editor.form.cells["guardian_phone"].error.text()
    editor.discard()


def test_a_new_file_for_a_child_of_the_caseload(qtbot, demo, admin_ui) -> None:
    page, count = open_page(qtbot, admin_ui)
    editor, candidates = care_fixtures.new_file_editor(qtbot, page)
    assert isinstance(editor, ChildFileEditor)
    results = editor.chooser.results
    filed = child_ids(demo)
    assert all(c.has_file == (c.person_id in filed) for c in candidates)
    pick = next(i for i, c in enumerate(candidates) if not c.has_file)
    results.setCurrentRow(pick)
    qtbot.keyClick(editor.chooser.search_edit, Qt.Key.Key_Return)
    chosen = candidates[pick]
    assert editor.person is not None and editor.person.person_id == chosen.person_id
    choose(editor.form.category, "in_difficulty")
    choose(editor.form.risk_level, "medium")
    editor.form.school.setText("樟树镇中学")
    with qtbot.waitSignal(page.file_shown, timeout=WAIT) as shown:
        editor.save_button.click()
    assert shown.args == [chosen.person_id]
    assert page.model.rowCount() == count + 1
    assert page.current_person() == chosen.person_id
    stored = in_vault(
        demo,
        lambda s, a: s.scalar(select(ChildFile).where(ChildFile.person_id == chosen.person_id)),
    )
    assert (stored.category, stored.risk_level, stored.school) == (
        "in_difficulty",
        "medium",
        "樟树镇中学",
    )


def test_a_cadre_sees_only_their_villages_and_no_hidden_parent_situation(
    qtbot, demo, cadre_ui
) -> None:
    in_tanquan = child_ids(demo, Household.village_code == TANQUAN)
    secret = sorted(in_tanquan)[0]

    def imprison_mother(session: Any, admin: Any) -> None:
        child_file = session.scalar(select(ChildFile).where(ChildFile.person_id == secret))
        record_update(
            session,
            admin,
            child_file,
            {"mother_situation": "imprisoned", "mother_whereabouts": "某某监狱"},
        )

    in_vault(demo, imprison_mother)
    page, count = open_page(qtbot, cadre_ui)
    assert count == len(in_tanquan) < len(child_ids(demo))
    assert {row.village_code for row in listed(qtbot, page)} == {TANQUAN}
    assert [page.village_filter.itemData(i) for i in range(page.village_filter.count())] == [
        None,
        TANQUAN,
    ]
    select_person(qtbot, page, secret)
    view = page.view
    assert view.values["mother_situation"].text() == "其他原因不能监护"
    assert view.values["mother_whereabouts"].text() == "—"
    assert "health" not in view.values
    shown = " ".join(label.text() for label in view.values.values())
    assert "监狱" not in shown and "服刑" not in shown

    page.edit_current()
    editor = page.editors[secret]
    situations = editor.form.situation["mother"]
    offered = {situations.itemData(i) for i in range(situations.count())}
    assert not offered & SENSITIVE_PARENT_SITUATIONS
    assert "other_unable" in offered
    assert "health" not in editor.form.cells
    assert not editor.form.whereabouts["mother"].isEnabled()
    editor.form.grade.setText("五年级")
    with qtbot.waitSignal(editor.finished, timeout=WAIT):
        editor.save()
    stored = in_vault(
        demo, lambda s, a: s.scalar(select(ChildFile).where(ChildFile.person_id == secret))
    )
    # The cadre's save changed the grade and left the hidden situation and its details alone.
    assert (stored.grade, stored.mother_situation, stored.mother_whereabouts) == (
        "五年级",
        "imprisoned",
        "某某监狱",
    )
    total = in_vault(demo, lambda s, a: s.scalar(select(func.count()).select_from(ChildFile)))
    assert total > count


def test_every_string_of_the_care_pages_has_a_chinese_translation(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    ui = root / "src" / "minzheng_field" / "ui"
    sources = [
        ui / "pages" / "care_list_page.py",
        ui / "pages" / "children_page.py",
        ui / "pages" / "elders_page.py",
        ui / "pages" / "visits_page.py",
        ui / "pages" / "documents_page.py",
        ui / "dialogs" / "care_file_editor.py",
        ui / "dialogs" / "child_file_editor.py",
        ui / "dialogs" / "elder_file_editor.py",
        ui / "widgets" / "village_filter.py",
        ui / "ops" / "care_files.py",
    ]
    ts = tmp_path / "care.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run(
        [str(lupdate), *map(str, sources), "-no-obsolete", "-locations", "none", "-ts", str(ts)],
        check=True,
        capture_output=True,
    )
    # Every area's JSON, merged as scripts/update_translations.py does (the 探访 page's photo
    # import keeps its strings with the other photo strings).
    translations: dict[str, dict[str, str]] = {}
    for file in sorted((root / "resources" / "i18n" / "zh_CN").glob("*.json")):
        for context, texts in json.loads(file.read_text("utf-8")).items():
            translations.setdefault(context, {}).update(texts)
    messages = [
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in ET.parse(ts).getroot().iter("context")
        for message in context.iter("message")
    ]
    assert len(messages) > 100
    missing = [m for m in messages if not translations.get(m[0], {}).get(m[1])]
    assert missing == []
    placeholder = re.compile(r"\{(\w+)[^}]*\}")
    for context, source in messages:
        text = translations[context][source]
        assert set(placeholder.findall(source)) == set(placeholder.findall(text)), source
        assert not re.search(r"[A-Za-z]{3,}", placeholder.sub("", text)), text


def test_another_view_can_open_the_editor_of_a_persons_child_file(qtbot, demo, admin_ui) -> None:
    filed = sorted(child_ids(demo))[0]
    edit_child_file(admin_ui, None, filed)

    def editor_for(person_id: str) -> ChildFileEditor | None:
        for widget in QApplication.topLevelWidgets():
            if (
                isinstance(widget, ChildFileEditor)
                and widget.isVisible()
                and widget.person is not None
                and widget.person.person_id == person_id
            ):
                return widget
        return None

    qtbot.waitUntil(lambda: editor_for(filed) is not None, timeout=WAIT)
    editor = editor_for(filed)
    assert editor is not None and editor.file is not None and editor.chooser is None
    editor.discard()
    unfiled = in_vault(
        demo,
        lambda s, a: s.scalar(
            select(Person.id)
            .where(Person.id.not_in(select(ChildFile.person_id)), Person.birth_date > "2015-01-01")
            .limit(1)
        ),
    )
    edit_child_file(admin_ui, None, unfiled)
    qtbot.waitUntil(lambda: editor_for(unfiled) is not None, timeout=WAIT)
    editor = editor_for(unfiled)
    assert editor is not None and editor.file is None
    assert editor.windowTitle().startswith("New child file")
    editor.discard()
