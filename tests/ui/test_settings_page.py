"""The settings page: preferences, the user's PIN and password, accounts, backup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from tests.ui.conftest import close_ui_session, make_ui_session
from tests.ui.page_fixtures import activated
from tests.ui.vault_jobs import in_vault

from minzheng_field.domain.roles import Role
from minzheng_field.services.context import actor_for
from minzheng_field.store.errors import WrongPassword
from minzheng_field.store.models import UserProfile
from minzheng_field.store.pin import load_pin_key
from minzheng_field.store.vault import Vault
from minzheng_field.ui import preferences
from minzheng_field.ui.pages.settings_page import PinChanged, SettingsPage
from minzheng_field.ui.session import UiSession
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF

TANQUAN = "431023113200"
YANGJIA = "431023113201"


# The shared conftest's QSettings isolation does not hold (Qt caches the first test's settings
# path), so these tests start and end with no stored preferences.
pytestmark = pytest.mark.usefixtures("fresh_preferences")


@pytest.fixture
def page(qtbot: Any, ui_session: UiSession) -> SettingsPage:
    page = SettingsPage(ui_session)
    activated(qtbot, page, page.accounts_loaded, (900, 1200))
    qtbot.waitUntil(lambda: page.pin_state.text() == page.tr("Not set"))
    return page


def ok_button(dialog: Any) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_auto_lock_minutes_and_backup_reminder_days_are_stored(
    qtbot: Any, page: SettingsPage
) -> None:
    assert page.auto_lock.value() == 15
    with qtbot.waitSignal(page.auto_lock_minutes_changed) as blocker:
        page.auto_lock.setValue(5)
    assert blocker.args == [5]
    assert preferences.AUTO_LOCK_MINUTES.get(preferences.settings()) == 5
    page.reminder_days.setValue(3)
    assert preferences.BACKUP_REMINDER_DAYS.get(preferences.settings()) == 3
    page.language.setCurrentIndex(page.language.findData("en"))
    assert preferences.LANGUAGE.get(preferences.settings()) == "en"


def test_a_new_page_shows_the_stored_preferences(qtbot: Any, ui_session: UiSession) -> None:
    settings = preferences.settings()
    preferences.AUTO_LOCK_MINUTES.set(settings, 30)
    preferences.BACKUP_REMINDER_DAYS.set(settings, 14)
    page = SettingsPage(ui_session)
    qtbot.addWidget(page)
    assert (page.auto_lock.value(), page.reminder_days.value()) == (30, 14)


def test_setting_a_pin_stores_it_in_the_vault_and_clearing_removes_it(
    qtbot: Any, page: SettingsPage, ui_session: UiSession
) -> None:
    page.pin.setText("1234")
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert "连续" in page.pin_message.text()
    assert in_vault(ui_session.vault, lambda s, _a: load_pin_key(s, ADMIN)) is None

    page.pin.setText("2580")
    with (
        qtbot.waitSignal(page.pin_changed) as changed,
        qtbot.waitSignal(ui_session.events.operation_did_execute) as executed,
    ):
        qtbot.keyClick(page.pin, Qt.Key.Key_Return)
    assert changed.args == [True]
    assert executed.args == [PinChanged(ADMIN, True)]
    assert in_vault(ui_session.vault, lambda s, _a: load_pin_key(s, ADMIN)) is not None
    assert page.pin.text() == ""
    assert page.pin_state.text() == page.tr("Set")
    assert page.clear_pin_button.isEnabled()

    with qtbot.waitSignal(page.pin_changed) as changed:
        qtbot.mouseClick(page.clear_pin_button, Qt.MouseButton.LeftButton)
    assert changed.args == [False]
    assert in_vault(ui_session.vault, lambda s, _a: load_pin_key(s, ADMIN)) is None


def test_changing_my_password_needs_the_old_one_and_then_only_the_new_one_works(
    qtbot: Any, page: SettingsPage, ui_session: UiSession
) -> None:
    new = "Zhangshu-2027"
    page.old_password.setText("Not-my-password-1")
    page.new_password.setText(new)
    page.confirm_password.setText(new)
    qtbot.mouseClick(page.change_password_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.change_password_button.isEnabled(), timeout=10_000)
    assert page.password_message.text() == WrongPassword().message

    page.old_password.setText(ADMIN_PASSWORD)
    page.confirm_password.setText("Something-else-1")
    qtbot.mouseClick(page.change_password_button, Qt.MouseButton.LeftButton)
    assert page.password_message.text() == page.tr("The two new passwords differ.")

    page.confirm_password.setText(new)
    with qtbot.waitSignal(page.password_changed, timeout=10_000):
        qtbot.mouseClick(page.change_password_button, Qt.MouseButton.LeftButton)
    assert page.old_password.text() == ""
    vault = ui_session.vault
    vault.reload_key_file()
    with pytest.raises(WrongPassword):
        vault.verify_password(ADMIN, ADMIN_PASSWORD)
    vault.verify_password(ADMIN, new)


def test_the_administrator_adds_a_village_cadre_with_villages(
    qtbot: Any, page: SettingsPage, ui_session: UiSession
) -> None:
    dialog = page.add_account()
    assert dialog.villages.isHidden()
    dialog.login.setText("cadre1")
    dialog.display_name.setText("李村干")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.VILLAGE_CADRE.value))
    assert not dialog.villages.isHidden()
    dialog.password.setText("Cadre-pass-2026")
    dialog.confirm.setText("Cadre-pass-2026")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == dialog.tr("Please choose the villages this cadre serves.")

    checklist = dialog.villages
    for row in range(checklist.count()):
        if checklist.item(row).data(Qt.ItemDataRole.UserRole) in (TANQUAN, YANGJIA):
            checklist.item(row).setCheckState(Qt.CheckState.Checked)
    with (
        qtbot.waitSignal(page.accounts_changed, timeout=10_000) as changed,
        qtbot.waitSignal(page.accounts_loaded, timeout=10_000),
    ):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert changed.args == ["cadre1"]
    assert ("cadre1", Role.VILLAGE_CADRE) in {
        (u.username, u.role) for u in ui_session.vault.users()
    }
    actor = in_vault(ui_session.vault, lambda s, _a: actor_for(s, "cadre1"))
    assert actor.villages == frozenset({TANQUAN, YANGJIA})
    ui_session.vault.verify_password("cadre1", "Cadre-pass-2026")

    rows = {
        page.accounts.item(row, 0).text(): page.accounts.item(row, 3).text()
        for row in range(page.accounts.rowCount())
    }
    assert rows["cadre1"] == "坦泉村、洋佳村"
    page.select_account("cadre1")
    assert page.villages_button.isEnabled()
    assert page.remove_button.isEnabled()


def test_the_administrator_changes_a_cadres_villages_resets_and_removes_the_account(
    qtbot: Any, page: SettingsPage, ui_session: UiSession
) -> None:
    vault = ui_session.vault
    vault.add_user("cadre1", "李村干", Role.VILLAGE_CADRE, "Cadre-pass-2026", kdf=FAST_KDF)
    with qtbot.waitSignal(page.accounts_loaded, timeout=10_000):
        page.refresh()
    page.select_account("cadre1")

    dialog = page.edit_villages()
    assert dialog is not None
    dialog.villages.set_checked([YANGJIA])
    with qtbot.waitSignal(page.accounts_changed, timeout=10_000):
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert in_vault(vault, lambda s, _a: s.get(UserProfile, "cadre1").villages) == [YANGJIA]

    page.select_account("cadre1")
    reset = page.reset_password()
    assert reset is not None
    reset.password.setText("Fresh-pass-2026")
    reset.confirm.setText("Fresh-pass-2026")
    with qtbot.waitSignal(page.accounts_changed, timeout=10_000):
        qtbot.mouseClick(ok_button(reset), Qt.MouseButton.LeftButton)
    vault.verify_password("cadre1", "Fresh-pass-2026")

    page.select_account("cadre1")
    with qtbot.waitSignal(page.accounts_changed, timeout=10_000):
        page.remove_account(confirmed=True)
    assert "cadre1" not in {u.username for u in vault.users()}


def test_the_administrator_cannot_remove_or_reset_their_own_account(
    page: SettingsPage,
) -> None:
    page.select_account(ADMIN)
    assert not page.remove_button.isEnabled()
    assert not page.reset_button.isEnabled()
    assert page.reset_password() is None


@pytest.fixture
def cadre_session(qtbot: Any, vault: Vault) -> Iterator[UiSession]:
    vault.add_user("cadre1", "李村干", Role.VILLAGE_CADRE, "Cadre-pass-2026", kdf=FAST_KDF)
    session = make_ui_session(vault, "cadre1")
    yield session
    close_ui_session(qtbot, session)


def test_a_village_cadre_manages_no_accounts_but_their_own_pin(
    qtbot: Any, cadre_session: UiSession
) -> None:
    page = SettingsPage(cadre_session)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    assert page.accounts_box.isHidden()
    qtbot.waitUntil(lambda: page.pin_state.text() == page.tr("Not set"))
    page.pin.setText("3691")
    with qtbot.waitSignal(page.pin_changed):
        page.set_pin()
    assert in_vault(cadre_session.vault, lambda s, _a: load_pin_key(s, "cadre1")) is not None
    assert in_vault(cadre_session.vault, lambda s, _a: load_pin_key(s, ADMIN)) is None
