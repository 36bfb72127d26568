"""Fast entry of a paper 探访记录 with the keyboard only: the key presses a typical visit needs.

The script is tests/ui/fast_entry_script.py; bench/fast_entry.py times it and turns it into
the figure of a trained user (Keystroke-Level Model).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.ui.conftest import close_ui_session, make_ui_session
from tests.ui.fast_entry_script import enter_and_go_on
from tests.ui.visit_entry import open_visit_dialog
from tests.ui.visit_fixtures import children_of, drafts_of, elders, in_vault

from minzheng_field.services.demo import generate_demo_township
from minzheng_field.store.models import Visit
from minzheng_field.store.vault import Vault
from minzheng_field.ui.session import UiSession


@pytest.fixture
def admin_ui(qtbot, vault: Vault) -> Iterator[UiSession]:
    generate_demo_township(vault, persons=300, seed=1)
    session = make_ui_session(vault)
    yield session
    close_ui_session(qtbot, session)


@pytest.mark.parametrize("which", ["left_behind", "elder"])
def test_a_typical_visit_by_keyboard_only(qtbot, admin_ui, vault, which) -> None:
    if which == "elder":
        first, second = elders(vault, 2)
        category = "elder"
    else:
        first, second = children_of(vault, "left_behind", 2)
        category = "left_behind"
    dialog = open_visit_dialog(admin_ui, first, category, queue=[(second, category)])
    qtbot.addWidget(dialog)
    visit_id = dialog.entry.visit_id  # type: ignore[union-attr]
    run = enter_and_go_on(dialog)
    assert run.finish_had_focus  # Enter on the last field lands on 完成
    assert run.next_had_focus  # and after Ctrl+S, Enter opens the next person at once
    assert run.next_person_id == second
    assert dialog.entry is not None and dialog.entry.person_id == second
    final = in_vault(vault, lambda s, a: s.get(Visit, visit_id))
    assert final.status == "final" and len(final.answers) >= run.fields_answered
    assert drafts_of(vault, first) == []
    print(
        f"\nFAST_ENTRY {which}: {len(run.keys)} key presses, {run.fields_answered} fields"
        f" answered, {run.typed_to_final_s:.2f} s scripted"
    )
    assert len(run.keys) < 90
