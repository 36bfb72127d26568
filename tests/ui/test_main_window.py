"""The whole window, offscreen: first run, unlock, search, edit, lock, PIN, idle, switching."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.ui import window_fixtures
from tests.ui.window_fixtures import CADRE, CADRE_PASSWORD, TIMEOUT, unlock

from minzheng_field.domain.name_search import name_search_keys
from minzheng_field.domain.roles import Role
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.store.models import Household, Person, UserProfile
from minzheng_field.store.pin import clear_pin, store_pin
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from minzheng_field.ui.main_window import MainWindow
from minzheng_field.ui.pages.caseload_page import CaseloadPage
from minzheng_field.ui.pages.household_file_view import HouseholdFileView
from minzheng_field.ui.pages.workbench_page import WorkbenchPage
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF

PIN = "2580"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locked vault with a small demo township, a PIN for the admin and a village cadre."""
    data_dir = tmp_path_factory.mktemp("window") / "data"
    vault = Vault.create(
        data_dir,
        township_code="431023113",
        admin_username=ADMIN,
        admin_display_name="乡镇管理员",
        admin_password=ADMIN_PASSWORD,
        kdf=FAST_KDF,
    )
    generate_demo_township(vault, persons=300, seed=3)
    vault.add_user(CADRE, "坦泉村干部", Role.VILLAGE_CADRE, CADRE_PASSWORD, kdf=FAST_KDF)
    engine = vault.open_engine()
    with session_scope(engine) as session:
        store_pin(session, ADMIN, PIN)
        session.get(UserProfile, CADRE).villages = ["431023113200"]
    vault.close_engine(engine)
    vault.lock()
    return data_dir


@pytest.fixture
def data_dir(demo_dir: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo vault for each test."""
    import shutil

    copy = tmp_path / "vault"
    shutil.copytree(demo_dir, copy)
    return copy


window = window_fixtures.window


def a_person_with_three_character_name(data_dir: Path) -> tuple[str, str, str, str]:
    """(person id, household id, name, pinyin initials) of a demo person."""
    vault = Vault(data_dir)
    vault.unlock(ADMIN, ADMIN_PASSWORD)
    engine = vault.open_engine(readonly=True)
    with session_scope(engine) as session:
        rows = session.execute(
            select(Person.id, Person.household_id, Person.name)
            .join(Household, Household.id == Person.household_id)
            .where(Household.village_code == "431023113200", Person.deleted.is_(False))
            .order_by(Person.id)
        ).all()
    vault.close_engine(engine)
    vault.lock()
    for person_id, household_id, name in rows:
        keys = name_search_keys(name)
        if len(name) == 3 and keys.initials:
            return person_id, household_id, name, keys.initials[0]
    raise AssertionError("the demo has no three-character name")


def test_first_run_creates_the_vault_and_opens_the_workbench(qtbot, tmp_path: Path) -> None:
    window = MainWindow(tmp_path / "new")
    qtbot.addWidget(window)
    window.start()
    assert window.stack.currentWidget() is window.first_run
    form = window.first_run.create_form
    form.select_township("431023113")
    form.login.setText("zhangsan")
    form.display_name.setText("张三")
    form.password.setText("weak")
    assert "至少" in form.message.text() or "8" in form.message.text()
    form.password.setText("Zhangshu-2026")
    form.confirm.setText("Zhangshu-2026")
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT):
        form.create_button.click()
    assert window.stack.currentWidget() is window.content
    assert isinstance(window.page_stack.currentWidget(), WorkbenchPage)
    qtbot.waitUntil(lambda: "樟树镇" in window.township_label.text(), timeout=TIMEOUT)
    assert "张三" in window.user_label.text()
    window.close()


def test_a_wrong_password_is_refused_in_plain_chinese(qtbot, window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.unlock
    widget = window.unlock
    widget.user.setCurrentIndex(widget.user.findData(ADMIN))
    widget.password.setText("Not-the-password-1")
    widget.unlock_button.click()
    qtbot.waitUntil(lambda: "密码不对" in widget.message.text(), timeout=TIMEOUT)
    assert window.stack.currentWidget() is window.unlock
    assert window.vault is not None and not window.vault.is_unlocked


def test_search_open_edit_lock_and_reopen_with_the_pin(qtbot, window: MainWindow, data_dir) -> None:
    person_id, household_id, name, initials = a_person_with_three_character_name(data_dir)
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    page = window.page(CaseloadPage)
    assert isinstance(page, CaseloadPage)
    window.navigation.setCurrentRow(window.pages.index(page))

    with qtbot.waitSignal(page.model.result_ready, timeout=TIMEOUT):
        page.search_for(initials)
    qtbot.waitUntil(
        lambda: any(
            page.model.index(row, 0).data() == name for row in range(page.model.rowCount())
        ),
        timeout=TIMEOUT,
    )
    assert page.open_household_tab(household_id)
    view = page.tabs.currentWidget()
    assert isinstance(view, HouseholdFileView)
    qtbot.waitUntil(lambda: view.household_file is not None, timeout=TIMEOUT)

    editor = view.edit_member(person_id)
    assert editor is not None
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=TIMEOUT)
    editor.form.current_address.setText("樟树镇坦泉村新屋12号")
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
        editor.save()
    qtbot.waitUntil(
        lambda: any(
            m.id == person_id and m.current_address == "樟树镇坦泉村新屋12号"
            for m in (view.household_file.members if view.household_file else ())
        ),
        timeout=TIMEOUT,
    )

    # An unsaved edit in a second editor must survive the lock.
    pending = view.edit_member(person_id)
    assert pending is not None
    qtbot.waitUntil(lambda: pending.save_button.isEnabled(), timeout=TIMEOUT)
    original_hukou = pending.form.hukou_address.text()
    pending.form.hukou_address.setText("还没保存的户籍地")

    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.lock(idle=True)
    assert window.stack.currentWidget() is window.unlock
    assert window.unlock.pin_mode
    assert not pending.isVisible()
    assert window.vault is not None and not window.vault.is_unlocked

    window.unlock.pin.setText("1111")
    window.unlock.unlock_button.click()
    assert "还可以再试" in window.unlock.message.text()
    window.unlock.pin.setText(PIN)
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT):
        window.unlock.unlock_button.click()

    assert window.stack.currentWidget() is window.content
    assert page.tabs.currentWidget() is view
    assert pending.isVisible()
    assert pending.form.hukou_address.text() == "还没保存的户籍地"
    view.reload()
    qtbot.waitUntil(
        lambda: any(
            m.id == person_id and m.current_address == "樟树镇坦泉村新屋12号"
            for m in (view.household_file.members if view.household_file else ())
        ),
        timeout=TIMEOUT,
    )
    # The database threads work again after the unlock: a new search answers.
    with qtbot.waitSignal(page.model.result_ready, timeout=TIMEOUT):
        page.search_for(name)
    pending.form.hukou_address.setText(original_hukou)
    pending.close()


def test_the_session_locks_itself_when_idle(qtbot, window: MainWindow) -> None:
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    # The user's facts (and the PIN key among them) arrive from a reader after the unlock;
    # the app's shortest idle setting is minutes, the test's 60 ms could come first.
    qtbot.waitUntil(lambda: bool(window.user_label.text()), timeout=TIMEOUT)
    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.idle.start(0.001)  # 60 ms without input
    assert window.stack.currentWidget() is window.unlock
    assert window.unlock.pin_mode


def test_a_manual_lock_needs_the_password(qtbot, window: MainWindow) -> None:
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.lock_action.trigger()
    assert not window.unlock.pin_mode
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert window.stack.currentWidget() is window.content


def test_switching_users_keeps_nothing_of_the_previous_view(qtbot, window: MainWindow) -> None:
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    admin_page = window.page(CaseloadPage)
    admin_page.search_for("zeng")
    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.switch_user()
    unlock(qtbot, window, CADRE, CADRE_PASSWORD)
    cadre_page = window.page(CaseloadPage)
    assert cadre_page is not admin_page
    assert cadre_page.search_box.text() == ""
    assert window.session is not None and window.session.role is Role.VILLAGE_CADRE
    qtbot.waitUntil(lambda: "村干部" in window.user_label.text(), timeout=TIMEOUT)
    with qtbot.waitSignal(cadre_page.model.result_ready, timeout=TIMEOUT):
        cadre_page.show_everyone()
    qtbot.waitUntil(lambda: cadre_page.model.rowCount() > 0, timeout=TIMEOUT)
    villages = {
        cadre_page.model.index(row, 0).data(0x0100 + 1)
        for row in range(cadre_page.model.rowCount())
    }
    assert villages


def test_a_child_file_opens_from_the_household_file(qtbot, window: MainWindow, data_dir) -> None:
    from minzheng_field.store.models import ChildFile
    from minzheng_field.ui.dialogs.child_file_editor import ChildFileEditor

    vault = Vault(data_dir)
    vault.unlock(ADMIN, ADMIN_PASSWORD)
    engine = vault.open_engine(readonly=True)
    with session_scope(engine) as session:
        child_id, household_id = session.execute(
            select(Person.id, Person.household_id)
            .join(ChildFile, ChildFile.person_id == Person.id)
            .order_by(Person.id)
            .limit(1)
        ).one()
    vault.close_engine(engine)
    vault.lock()

    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    page = window.page(CaseloadPage)
    assert page.open_household_tab(household_id)
    view = page.tabs.currentWidget()
    assert isinstance(view, HouseholdFileView)
    qtbot.waitUntil(lambda: view.household_file is not None, timeout=TIMEOUT)
    view.open_child_file.emit(child_id)

    def editor_open() -> bool:
        return any(isinstance(w, ChildFileEditor) and w.isVisible() for w in qtbot_top_levels())

    qtbot.waitUntil(editor_open, timeout=TIMEOUT)
    for widget in qtbot_top_levels():
        if isinstance(widget, ChildFileEditor):
            widget.close()


def qtbot_top_levels() -> list:
    from PySide6.QtWidgets import QApplication

    return list(QApplication.topLevelWidgets())


def test_a_pin_cleared_in_the_settings_no_longer_opens_an_idle_lock(
    qtbot, window: MainWindow
) -> None:
    from minzheng_field.ui.pages.settings_page import SettingsPage

    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    settings_page = window.page(SettingsPage)
    assert isinstance(settings_page, SettingsPage)
    qtbot.waitUntil(lambda: window._pin_key is not None, timeout=TIMEOUT)
    assert window.session is not None
    # What the settings page does when the user clears their PIN.
    window.session.database.write(
        lambda s, _actor: clear_pin(s, ADMIN),
        lambda _r: settings_page.pin_changed.emit(False),
        lambda e: None,
    )
    qtbot.waitUntil(lambda: window._pin_key is None, timeout=TIMEOUT)
    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.lock(idle=True)
    assert not window.unlock.pin_mode


def test_the_first_page_is_read_once_after_an_unlock_and_again_after_a_lock(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    calls: list[str] = []
    original = WorkbenchPage.activated

    def counted(page: WorkbenchPage) -> None:
        calls.append(page.session.username)
        original(page)

    monkeypatch.setattr(WorkbenchPage, "activated", counted)
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert calls == [ADMIN]
    with qtbot.waitSignal(window.session_locked, timeout=TIMEOUT):
        window.lock_action.trigger()
    unlock(qtbot, window, ADMIN, ADMIN_PASSWORD)
    assert calls == [ADMIN, ADMIN]
