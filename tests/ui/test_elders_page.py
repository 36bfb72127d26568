"""老年关爱: the list of the demo's elders, filters, the file, editing, and a cadre's view."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from tests.ui import care_fixtures
from tests.ui.care_fixtures import TANQUAN, WAIT, choose, in_vault, listed, reload_with

from minzheng_field.services.care_files import ElderCategory
from minzheng_field.store.models import ElderFile, Household, Person
from minzheng_field.store.vault import Vault
from minzheng_field.ui.dialogs.elder_file_editor import ElderFileEditor, edit_elder_file
from minzheng_field.ui.pages.elders_page import ElderListRequest, EldersPage
from minzheng_field.ui.session import UiSession

demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui
cadre_ui = care_fixtures.cadre_ui


def elder_files(vault: Vault) -> list[tuple[str, list[str], str, str]]:
    """(person id, categories, risk tier, village) of every live elder file."""
    rows = in_vault(
        vault,
        lambda s, a: s.execute(
            select(
                ElderFile.person_id,
                ElderFile.categories,
                ElderFile.risk_tier,
                Household.village_code,
            )
            .join(Person, Person.id == ElderFile.person_id)
            .join(Household, Household.id == Person.household_id)
            .where(ElderFile.deleted.is_(False))
        ).all(),
    )
    return [tuple(row) for row in rows]


def open_page(qtbot, session: UiSession) -> tuple[EldersPage, int]:
    page = EldersPage(session)
    return page, care_fixtures.open_list_page(qtbot, page)


def open_editor(qtbot, page: EldersPage, person_id: str) -> ElderFileEditor:
    editor = care_fixtures.open_file_editor(qtbot, page, person_id)
    assert isinstance(editor, ElderFileEditor)
    return editor


def test_the_page_lists_every_elder_of_the_demo(qtbot, qtmodeltester, demo, admin_ui) -> None:
    page, count = open_page(qtbot, admin_ui)
    assert page.title() == "Elder care"
    files = elder_files(demo)
    assert count == len(files) > 5
    rows = listed(qtbot, page)
    assert {row.person_id for row in rows} == {f[0] for f in files}
    by_person = {f[0]: f for f in files}
    assert all(list(row.categories) == by_person[row.person_id][1] for row in rows)
    labels = "、".join(ElderCategory(value).label for value in rows[0].categories)
    assert page.model.data(page.model.index(0, 3)) == labels
    qtmodeltester.check(page.model)


def test_filters_narrow_the_list(qtbot, demo, admin_ui) -> None:
    page, everyone = open_page(qtbot, admin_ui)
    files = elder_files(demo)
    alone = {f[0] for f in files if "living_alone" in f[1]}
    count = reload_with(qtbot, page, lambda: choose(page.category_filter, "living_alone"))
    assert count == len(alone) < everyone
    assert {row.person_id for row in listed(qtbot, page)} == alone
    high_alone = {f[0] for f in files if "living_alone" in f[1] and f[2] == "high"}
    assert reload_with(qtbot, page, lambda: choose(page.risk_filter, "high")) == len(high_alone)
    reload_with(qtbot, page, lambda: choose(page.category_filter, None))
    reload_with(qtbot, page, lambda: choose(page.risk_filter, None))
    tanquan = {f[0] for f in files if f[3] == TANQUAN}
    assert reload_with(qtbot, page, lambda: choose(page.village_filter, TANQUAN)) == len(tanquan)
    request = ElderListRequest(category="empty_nest")
    count = reload_with(qtbot, page, lambda: admin_ui.events.show_person_list.emit(request))
    assert count == len({f[0] for f in files if "empty_nest" in f[1]})
    assert page.village_filter.currentData() is None


def test_editing_an_elder_file_saves_and_the_list_refreshes(qtbot, demo, admin_ui) -> None:
    page, _count = open_page(qtbot, admin_ui)
    person_id = next(f[0] for f in elder_files(demo) if "incapacitated" not in f[1])
    editor = open_editor(qtbot, page, person_id)
    editor.form.categories.boxes["incapacitated"].setChecked(True)
    editor.form.living_arrangement.setCurrentText("与子女同住")
    editor.form.care_needs.setPlainText("助餐、助浴")
    care_fixtures.save_and_wait(qtbot, page, editor)
    stored = in_vault(
        demo, lambda s, a: s.scalar(select(ElderFile).where(ElderFile.person_id == person_id))
    )
    assert "incapacitated" in stored.categories
    assert (stored.living_arrangement, stored.care_needs) == ("与子女同住", "助餐、助浴")
    row = page.model.row_of(person_id)
    qtbot.waitUntil(lambda: page.model.item(row) is not None, timeout=WAIT)
    assert "失能" in page.model.data(page.model.index(row, 3))
    qtbot.waitUntil(lambda: "失能" in page.view.values["categories"].text(), timeout=WAIT)


def test_invalid_input_shows_the_message_beside_the_input(qtbot, demo, admin_ui) -> None:
    page, _count = open_page(qtbot, admin_ui)
    person_id = elder_files(demo)[0][0]
    editor = open_editor(qtbot, page, person_id)
    for box in editor.form.categories.boxes.values():
        box.setChecked(False)
    editor.save()
    cell = editor.form.cells["categories"]
    qtbot.waitUntil(lambda: cell.error.isVisibleTo(editor), timeout=WAIT)
    assert "请至少选择一个老人类别" in cell.error.text()
    editor.form.categories.boxes["empty_nest"].setChecked(True)
    editor.form.emergency_contact_phone.setText("12")
    editor.save()
    phone = editor.form.cells["emergency_contact_phone"]
    qtbot.waitUntil(lambda: phone.error.isVisibleTo(editor), timeout=WAIT)
    assert "电话号码格式不对" in phone.error.text()
    editor.discard()


def test_a_new_file_for_an_elder_of_the_caseload(qtbot, demo, admin_ui) -> None:
    page, count = open_page(qtbot, admin_ui)
    editor, candidates = care_fixtures.new_file_editor(qtbot, page)
    assert isinstance(editor, ElderFileEditor)
    assert all(c.age >= 60 for c in candidates)
    chosen = next(c for c in candidates if not c.has_file)
    editor.choose(chosen)
    editor.form.categories.boxes["empty_nest"].setChecked(True)
    with qtbot.waitSignal(page.file_shown, timeout=WAIT) as shown:
        editor.save_button.click()
    assert shown.args == [chosen.person_id]
    assert page.model.rowCount() == count + 1
    stored = in_vault(
        demo,
        lambda s, a: s.scalar(select(ElderFile).where(ElderFile.person_id == chosen.person_id)),
    )
    assert (stored.categories, stored.risk_tier) == (["empty_nest"], "low")


def test_a_cadre_sees_only_their_villages(qtbot, demo, cadre_ui) -> None:
    page, count = open_page(qtbot, cadre_ui)
    files = elder_files(demo)
    assert count == len([f for f in files if f[3] == TANQUAN]) < len(files)
    assert {row.village_code for row in listed(qtbot, page)} == {TANQUAN}
    # A cadre's new file names them as responsible.
    page.new_file()
    editor = page.new_editor
    assert editor is not None and editor.form.responsible.currentData() == "cadre1"
    editor.discard()


def test_another_view_can_open_the_editor_of_a_persons_elder_file(qtbot, demo, admin_ui) -> None:
    person_id = elder_files(demo)[0][0]
    edit_elder_file(admin_ui, None, person_id)

    def editor() -> ElderFileEditor | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, ElderFileEditor) and w.isVisible()
            ),
            None,
        )

    qtbot.waitUntil(lambda: editor() is not None, timeout=WAIT)
    opened = editor()
    assert opened is not None and opened.file is not None
    assert opened.person is not None and opened.person.person_id == person_id
    opened.discard()
