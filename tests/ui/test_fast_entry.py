"""Fast entry of a paper 探访记录 with the keyboard only: the key presses a visit needs, typed
in full or as a typical sheet with the usual-answers key (F2).

The script is tests/ui/fast_entry_script.py; bench/fast_entry.py times it and turns it into
the figure of a trained user (Keystroke-Level Model).
"""

from __future__ import annotations

import pytest
from tests.ui import care_fixtures
from tests.ui.fast_entry_script import TYPICAL_SHEETS, enter_and_go_on
from tests.ui.visit_entry import open_visit_dialog
from tests.ui.visit_fixtures import children_of, drafts_of, elders, in_vault

from minzheng_field.store.models import Visit
from minzheng_field.store.vault import Vault

# The demo township and the administrator's session on it.
demo = care_fixtures.demo
admin_ui = care_fixtures.admin_ui

FORMS = {"left_behind": "left_behind_child_visit", "elder": "special_elder_visit"}


def two_persons(vault: Vault, category: str) -> list[str]:
    """Two persons of `category` (elders, or children with such a file) for a day's plan."""
    return elders(vault, 2) if category == "elder" else children_of(vault, category, 2)


@pytest.mark.parametrize("which", ["left_behind", "elder"])
def test_a_typical_visit_by_keyboard_only(qtbot, admin_ui, vault, which) -> None:
    first, second = two_persons(vault, which)
    dialog = open_visit_dialog(admin_ui, first, which, queue=[(second, which)])
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


@pytest.mark.parametrize("which", ["left_behind", "elder"])
def test_a_typical_sheet_with_the_usual_answers_key(qtbot, admin_ui, vault, which) -> None:
    first, second = two_persons(vault, which)
    form_id = FORMS[which]
    dialog = open_visit_dialog(admin_ui, first, which, queue=[(second, which)])
    qtbot.addWidget(dialog)
    assert dialog.form is not None
    usual = dialog.form.definition.usual_answers
    visit_id = dialog.entry.visit_id  # type: ignore[union-attr]
    run = enter_and_go_on(dialog, typical=True)
    assert "F2" in run.keys
    assert run.finish_had_focus and run.next_had_focus  # F2 at the end lands on 完成
    assert run.next_person_id == second
    final = in_vault(vault, lambda s, a: s.get(Visit, visit_id))
    assert final.status == "final"
    # The sheet's differences are kept, the rest that applies is the usual answer.
    differs = TYPICAL_SHEETS[form_id]
    assert {key: final.answers.get(key) for key in differs} == differs, run.keys
    filled = {key for key in usual if key not in differs and key in final.answers}
    assert filled and all(final.answers[key] == usual[key] for key in filled)
    # Far fewer answers typed than the visit holds: the usual ones cost no decision each.
    assert run.fields_typed < run.fields_answered - len(filled) + 2
    assert run.decisions == run.fields_typed + 3
    print(
        f"\nFAST_ENTRY typical {which}: {len(run.keys)} key presses, {run.fields_typed} typed"
        f" of {run.fields_answered} answers"
    )
    assert len(run.keys) < 60
