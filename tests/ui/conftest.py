"""UI fixtures: isolated QSettings, a UiSession with real database threads on a real vault."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from minzheng_field.domain.roles import Role
from minzheng_field.resources import division_table
from minzheng_field.store.vault import Vault
from minzheng_field.ui import preferences
from minzheng_field.ui.database import Database
from minzheng_field.ui.dialogs.member_editor import EditorDialog
from minzheng_field.ui.session import AppEvents, UiSession
from vault_constants import TOWNSHIP


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> Iterator[None]:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    yield


@pytest.fixture
def fresh_preferences() -> Iterator[None]:
    """No stored preferences when the test starts and ends (a module opts in with
    `pytestmark = pytest.mark.usefixtures("fresh_preferences")`)."""
    # The isolation above does not hold for every test: Qt caches the first test's settings
    # path.
    preferences.settings().clear()
    yield
    preferences.settings().clear()


@pytest.fixture
def discard_open_editors(qtbot) -> Iterator[None]:
    """Editors ask before discarding typed text: the test's open editors close without asking
    (a module opts in with `pytestmark = pytest.mark.usefixtures("discard_open_editors")`)."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, EditorDialog):
            widget.discard()
            widget.deleteLater()


def make_ui_session(vault: Vault, username: str = "admin") -> UiSession:
    """A UiSession for `username` on an unlocked vault, with started database threads."""
    account = next(u for u in vault.users() if u.username == username)
    return UiSession(
        vault=vault,
        database=Database(vault, username),
        username=username,
        role=Role(account.role),
        display_name=username,
        township_code=TOWNSHIP,
        township_name=division_table().full_name(TOWNSHIP),
        events=AppEvents(),
    )


def close_ui_session(qtbot, session: UiSession) -> None:
    """Close the database threads and wait until they are gone."""
    with qtbot.waitSignal(session.database.all_closed, timeout=10_000):
        session.database.close()
    session.database.wait_closed()


@pytest.fixture
def ui_session(qtbot, vault: Vault) -> Iterator[UiSession]:
    """The administrator's UiSession on the test vault."""
    session = make_ui_session(vault)
    yield session
    close_ui_session(qtbot, session)
