"""The form widget: every shipped form filled in and valid, messages beside fields, skip logic."""

from __future__ import annotations

import random
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from tests.forms.form_answers import context_for, fill_form

from minzheng_field.forms.definition import FieldType
from minzheng_field.forms.registry import shipped_form, shipped_forms
from minzheng_field.forms.validation import validate_answers
from minzheng_field.ui.forms.form_widget import ChoiceEditor, FormWidget

TODAY = date(2026, 3, 16)
MEMBERS = (("member-1", "张三"), ("member-2", "李四"))


def make(qtbot, form_id: str, version: str) -> FormWidget:
    definition = shipped_form(form_id, version)
    widget = FormWidget(definition, context_for(definition, TODAY), members=MEMBERS)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


@pytest.mark.parametrize("key", sorted(shipped_forms()), ids=lambda k: f"{k[0]}-{k[1]}")
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_shipped_form_filled_in_on_screen_validates(qtbot, key, seed) -> None:
    widget = make(qtbot, *key)
    definition = widget.definition
    expected = fill_form(definition, widget.context, random.Random(seed).choice)
    changes: list[dict] = []
    widget.changed.connect(changes.append)
    # Field by field, as a person would: each answer through its editor.
    for field_id in definition.field_ids:
        if field_id in expected and widget.is_shown(field_id):
            editor = widget.editor(field_id)
            assert editor is not None
            editor.set_value(expected[field_id])
            editor.changed.emit()
    assert widget.messages() == {}
    answers = widget.answers()
    assert validate_answers(definition, answers, widget.context) == {}
    assert changes and changes[-1] == answers
    assert widget.show_all_messages() == {}


def test_set_answers_round_trips(qtbot) -> None:
    widget = make(qtbot, "special_elder_visit", "2026.1")
    expected = fill_form(widget.definition, widget.context, lambda options: options[0])
    widget.set_answers(expected)
    assert widget.answers() == {k: v for k, v in expected.items()}


def test_invalid_answers_show_chinese_messages_beside_the_field(qtbot) -> None:
    widget = make(qtbot, "left_behind_child_visit", "2026.1")
    problems = widget.show_all_messages()
    assert problems["visit_method"] == "请选择一项。"
    assert widget.message_of("visit_method") == "请选择一项。"
    assert widget.message_of("living_with") == "请选择一项。"
    # Living with grandparents: a caretaker's age out of range is refused beside it.
    widget.set_answers({"living_with": "grandparents"})
    widget.editor("guardian_age").set_value("9")  # type: ignore[union-attr]
    widget.editor("guardian_age").changed.emit()  # type: ignore[union-attr]
    assert widget.message_of("guardian_age") == "不能小于 16岁。"
    widget.editor("guardian_age").set_value("abc")  # type: ignore[union-attr]
    widget.editor("guardian_age").changed.emit()  # type: ignore[union-attr]
    assert widget.message_of("guardian_age") == "请填写整数。"


def test_untouched_fields_show_no_message_until_asked(qtbot) -> None:
    widget = make(qtbot, "left_behind_child_visit", "2026.1")
    assert widget.message_of("visit_method") is None


def test_skip_logic_hides_and_clears(qtbot) -> None:
    widget = make(qtbot, "left_behind_child_visit", "2026.1")
    assert not widget.is_shown("guardian_name")
    assert not widget.findChild(object, "field_guardian_name").isVisible()
    widget.set_answers({"living_with": "grandparents", "guardian_name": "王奶奶"})
    assert widget.is_shown("guardian_name")
    assert widget.findChild(object, "field_guardian_name").isVisible()
    assert widget.answers()["guardian_name"] == "王奶奶"
    editor = widget.editor("living_with")
    assert isinstance(editor, ChoiceEditor)
    editor.buttons["alone"].setChecked(True)
    assert not widget.is_shown("guardian_name")
    assert "guardian_name" not in widget.raw_answers()  # cleared, not only hidden
    # The computed "无有效监护" shows its answer.
    computed = widget.findChild(object, "computed_without_effective_guardian")
    assert computed.text() == "是"


def test_number_keys_pick_choices_and_enter_moves_on(qtbot) -> None:
    widget = make(qtbot, "left_behind_child_visit", "2026.1")
    widget.focus_first()
    assert widget.current_field() == "visit_method"
    qtbot.keyClick(widget.editor("visit_method").focus_widget, Qt.Key.Key_2)
    assert widget.answers()["visit_method"] == "phone"
    assert widget.current_field() == "met_child"
    qtbot.keyClick(widget.editor("met_child").focus_widget, Qt.Key.Key_2)
    assert widget.answers()["met_child"] is False
    assert widget.current_field() == "not_met_reason"  # shown by skip logic, next in line
    qtbot.keyClicks(widget.editor("not_met_reason").focus_widget, "busy")
    qtbot.keyClick(widget.editor("not_met_reason").focus_widget, Qt.Key.Key_Return)
    assert widget.current_field() == "living_with"


def test_yes_no_keys_are_1_yes_2_no(qtbot) -> None:
    widget = make(qtbot, "left_behind_child_visit", "2026.1")
    item = widget.definition.field("met_child")
    assert item.type is FieldType.YES_NO
    assert [(c.key, c.label) for c in item.choices] == [("1", "是"), ("2", "否")]


def test_read_only(qtbot) -> None:
    widget = make(qtbot, "special_elder_visit", "2026.1")
    widget.set_read_only(True)
    widget.focus_first()
    first = widget.field_order()[0]
    qtbot.keyClick(widget.editor(first).focus_widget, Qt.Key.Key_1)
    assert first not in widget.answers()


def labels(widget: FormWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def test_labels_keep_the_required_mark_and_name_a_unit_once(qtbot) -> None:
    widget = make(qtbot, "left_behind_child_visit", "2026.1")
    texts = labels(widget)
    # The mark is glued to the label's last character: it never wraps onto a line alone.
    assert "探访方式\u00a0*" in texts and "探访方式 *" not in texts
    assert "照护人年龄（岁）" in texts  # a number typed in: its unit in the label
    assert "儿童年龄（周岁）" in texts  # computed: the unit comes with the value ("7岁")
    assert not any("（岁）（岁）" in text or "（周岁）（岁）" in text for text in texts)


def test_usual_answers_fill_only_open_questions_that_apply(qtbot) -> None:
    widget = make(qtbot, "special_elder_visit", "2026.1")
    widget.focus_first()
    # The sheet says: by phone; the rest as usual.
    qtbot.keyClick(widget.editor("visit_method").focus_widget, Qt.Key.Key_2)
    assert widget.answers() == {"visit_method": "phone"}
    changes: list[dict] = []
    widget.changed.connect(changes.append)
    filled = widget.fill_usual()
    answers = widget.answers()
    assert answers["visit_method"] == "phone"  # given: never replaced
    assert "visit_method" not in filled
    # By phone the home is not seen: its questions are neither shown nor filled.
    assert not widget.is_shown("housing_safe") and "housing_safe" not in answers
    assert answers["contacted"] is True and answers["needs"] == ["none"]
    assert set(filled) == widget.usual_marked() and "risk_level" in filled
    assert changes and changes[-1] == answers  # saved as a draft like any change
    # The keyboard waits in the first question without a usual answer.
    assert widget.current_field() == "living_arrangement"
    assert widget.messages().keys() == {"living_arrangement", "self_care", "health", "summary"}
    # A usual answer the user changes is no longer marked as filled.
    qtbot.keyClick(widget.editor("mental_state").focus_widget, Qt.Key.Key_2)
    assert widget.answers()["mental_state"] == "lonely"
    assert "mental_state" not in widget.usual_marked()
    # Not contacted after all: the questions of the contact drop, and their marks with them.
    qtbot.keyClick(widget.editor("contacted").focus_widget, Qt.Key.Key_2)
    assert "needs" not in widget.answers() and "needs" not in widget.usual_marked()


def test_usual_answers_with_nothing_left_open_go_to_the_end(qtbot) -> None:
    widget = make(qtbot, "temporary_assistance_survey", "2026.1")
    answers = fill_form(widget.definition, widget.context, lambda options: options[0])
    del answers["family_signed"]
    answers.pop("photos", None)
    widget.set_answers(answers)
    with qtbot.waitSignal(widget.completed, timeout=1000):
        assert widget.fill_usual() == ("family_signed",)
    assert widget.messages() == {}
    assert widget.fill_usual() == ()  # nothing open any more


def test_read_only_forms_and_old_versions_fill_nothing(qtbot) -> None:
    old = make(qtbot, "left_behind_child_visit", "2025.1")
    assert not old.has_usual_answers() and old.fill_usual() == ()
    widget = make(qtbot, "special_elder_visit", "2026.1")
    widget.set_read_only(True)
    assert widget.fill_usual() == () and widget.answers() == {}
