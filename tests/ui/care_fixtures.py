"""Shared setup of the UI tests on the demo township: the township, the admin's and a cadre's
session, and reading a list page the way its table does.

Bind the fixtures in a test module by name (`demo = care_fixtures.demo`): pytest finds them
there, and the module needs no import that its tests' arguments would shadow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import close_ui_session, make_ui_session
from tests.ui.visit_fixtures import in_vault

from caseload_builders import TANQUAN, YANGJIA
from minzheng_field.domain.roles import Role
from minzheng_field.services.demo import generate_demo_township
from minzheng_field.store.models import UserProfile
from minzheng_field.store.vault import Vault
from minzheng_field.ui.session import UiSession
from vault_constants import FAST_KDF

WAIT = 10_000

__all__ = [
    "TANQUAN",
    "WAIT",
    "YANGJIA",
    "add_cadre",
    "admin_ui",
    "cadre_ui",
    "choose",
    "demo",
    "in_vault",
    "listed",
    "new_file_editor",
    "open_file_editor",
    "open_list_page",
    "reload_with",
    "save_and_wait",
]


@pytest.fixture
def demo(vault: Vault) -> Vault:
    """The test vault filled with a demo township of 300 persons."""
    generate_demo_township(vault, persons=300, seed=1)
    return vault


@pytest.fixture
def admin_ui(qtbot, demo: Vault) -> Iterator[UiSession]:
    """The administrator's session on the demo township."""
    session = make_ui_session(demo)
    yield session
    close_ui_session(qtbot, session)


def add_cadre(
    vault: Vault,
    username: str = "cadre1",
    villages: Sequence[str] = (TANQUAN,),
    name: str = "村干部",
) -> str:
    """Add a village cadre serving `villages` to the vault; their username."""
    vault.add_user(username, name, Role.VILLAGE_CADRE, "Cadre-pass-2026", kdf=FAST_KDF)

    def serve(session: Any, _actor: Any) -> None:
        session.get(UserProfile, username).villages = list(villages)

    in_vault(vault, serve)
    return username


@pytest.fixture
def cadre_ui(qtbot, demo: Vault) -> Iterator[UiSession]:
    """The session of `cadre1`, a village cadre serving 坦泉村."""
    session = make_ui_session(demo, add_cadre(demo))
    yield session
    close_ui_session(qtbot, session)


def open_list_page(qtbot, page: Any, size: tuple[int, int] = (1200, 700)) -> int:
    """Show a list page, activate it, and wait for its list and villages; the row count."""
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT) as blocker:
        page.activated()
    qtbot.waitUntil(lambda: page.village_filter.count() > 1, timeout=WAIT)
    return blocker.args[0]


def listed(qtbot, page: Any) -> list[Any]:
    """Every row of the list, read through the model as the table would."""
    page.model.ensure_loaded(0, page.model.rowCount() - 1)
    qtbot.waitUntil(lambda: page.model.loaded_count() >= page.model.rowCount(), timeout=WAIT)
    return [page.model.item(row) for row in range(page.model.rowCount())]


def reload_with(qtbot, page: Any, action: Callable[[], Any]) -> int:
    """Do `action` and wait for the list it makes the page read again; the row count."""
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT) as blocker:
        action()
    return blocker.args[0]


def choose(combo: Any, value: Any) -> None:
    """Choose the entry of a combo box holding `value`."""
    combo.setCurrentIndex(combo.findData(value))


def open_file_editor(qtbot, page: Any, person_id: str) -> Any:
    """Show a person's file on a care page and open its editor (as Enter in the list does)."""
    with qtbot.waitSignal(page.file_shown, timeout=WAIT):
        page.show_person(person_id)
    assert page.view.person is not None and page.view.person.person_id == person_id
    page.edit_current()
    return page.editors[person_id]


def save_and_wait(qtbot, page: Any, editor: Any) -> None:
    """Click the editor's save button and wait until it closed and the list was read again."""
    with (
        qtbot.waitSignal(page.list_loaded, timeout=WAIT),
        qtbot.waitSignal(editor.finished, timeout=WAIT),
    ):
        editor.save_button.click()


def new_file_editor(qtbot, page: Any) -> tuple[Any, list[Any]]:
    """Open a care page's editor of a new file; it and the persons it offers, once found."""
    page.new_file()
    editor = page.new_editor
    assert editor is not None and editor.chooser is not None
    results = editor.chooser.results
    qtbot.waitUntil(lambda: results.count() > 0, timeout=WAIT)
    return editor, [results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(results.count())]
