"""The main window on a data folder, and unlocking it as a user would.

Bind the fixture in a test module by name (`window = window_fixtures.window`); the module
gives `data_dir`, the folder of a locked vault.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from minzheng_field.ui.main_window import MainWindow

CADRE, CADRE_PASSWORD = "cadre1", "Cadre-pass-2026"
TIMEOUT = 20_000


@pytest.fixture
def window(qtbot, data_dir: Path) -> Iterator[MainWindow]:
    """The main window started on `data_dir` and shown."""
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.start()
    window.show()
    yield window
    window.close()


def unlock(qtbot, window: MainWindow, username: str, password: str) -> None:
    """Choose the user, type the password and unlock; returns once the session has started."""
    widget = window.unlock
    widget.user.setCurrentIndex(widget.user.findData(username))
    widget.password.setText(password)
    with qtbot.waitSignal(window.session_started, timeout=TIMEOUT):
        widget.unlock_button.click()
