"""Loading form definitions: the schema and the checks beyond it, with clear messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from minzheng_field.forms.definition import FieldType, FollowUpKind, Priority
from minzheng_field.forms.loader import (
    FormDefinitionError,
    load_definition,
    load_definition_file,
    schema_path,
)
from minzheng_field.forms.registry import definition_paths, load_forms


def _schema() -> dict[str, Any]:
    return json.loads(schema_path().read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(_schema())


@pytest.mark.parametrize("path", definition_paths(), ids=lambda path: path.name)
def test_every_shipped_form_validates_against_the_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(_schema()).iter_errors(data))
    assert errors == []
    definition = load_definition_file(path)
    assert path.name == f"{definition.id}-{definition.version}.json"


def test_a_small_form_loads_into_typed_parts(small_form: dict[str, Any]) -> None:
    definition = load_definition(small_form)
    assert definition.key == ("sample_visit", "2026.1")
    assert definition.field_ids == ("method", "alone", "carer", "years")
    method = definition.field("method")
    assert method.type is FieldType.SINGLE_CHOICE
    assert [(c.code, c.label, c.key) for c in method.choices] == [
        ("home", "入户", "1"),
        ("phone", "电话", "2"),
    ]
    assert definition.field("carer").relevance is not None
    assert definition.field("carer").relevance.names == {"alone"}
    assert definition.field("years").is_computed
    rule = definition.followups[0]
    assert (rule.kind, rule.priority, rule.due_in_days) == (
        FollowUpKind.FOLLOW_UP,
        Priority.NORMAL,
        7,
    )
    assert definition.raw == small_form


def test_yes_no_fields_answer_by_keys_1_and_2(small_form: dict[str, Any]) -> None:
    alone = load_definition(small_form).field("alone")
    assert alone.answer_for_key("1") is True
    assert alone.answer_for_key("2") is False
    assert alone.answer_for_key("3") is None
    assert alone.label_of(True) == "是"


def test_choice_keys_run_1_to_9_then_0_then_none(small_form: dict[str, Any]) -> None:
    small_form["sections"][0]["fields"][0]["choices"] = [
        {"code": f"c{i}", "label": f"选项{i}"} for i in range(12)
    ]
    method = load_definition(small_form).field("method")
    assert [choice.key for choice in method.choices] == [*"1234567890", None, None]
    assert method.answer_for_key("0") == "c9"


def test_evaluation_order_puts_what_is_read_first(small_form: dict[str, Any]) -> None:
    fields = small_form["sections"][0]["fields"]
    # A field whose relevance reads a field further down the form.
    fields.insert(0, {"id": "note", "type": "text", "label": "说明", "relevance": "years > 60"})
    order = load_definition(small_form).evaluation_order
    assert order.index("years") < order.index("note")
    assert set(order) == {"note", "method", "alone", "carer", "years"}


Breaker = Callable[[dict[str, Any]], None]


def _fields(form: dict[str, Any]) -> list[dict[str, Any]]:
    return form["sections"][0]["fields"]


BROKEN: dict[str, tuple[Breaker, str]] = {
    "unknown field type": (
        lambda form: _fields(form)[1].update(type="checkbox"),
        "sections[0].fields[1].type",
    ),
    "duplicate field ids": (
        lambda form: _fields(form)[2].update(id="alone"),
        "标识 alone 与 sections[0].fields[1] 重复",
    ),
    "field id equal to a context value": (
        lambda form: _fields(form)[2].update(id="birth_date"),
        "标识 birth_date 与 context[0] 重复",
    ),
    "relevance naming an unknown field": (
        lambda form: _fields(form)[2].update(relevance="alon == False"),
        "不存在的字段或函数“alon”",
    ),
    "rule naming an unknown field": (
        lambda form: form["followups"][0].update(when="lives_alone == True"),
        "followups[0].when",
    ),
    "forbidden expression": (
        lambda form: _fields(form)[2].update(relevance="alone.__class__ == 1"),
        "属性访问",
    ),
    "cycle between relevance and computed values": (
        lambda form: (
            _fields(form)[3].update(computed="age(birth_date) if carer else 0"),
            _fields(form)[2].update(relevance="years > 60"),
        ),
        "循环：",
    ),
    "field relevant on itself": (
        lambda form: _fields(form)[2].update(relevance="carer == 'x'"),
        "循环：carer → carer",
    ),
    "code in a rule that is not among the choices": (
        lambda form: form["followups"][0].update(when="method == 'hom'"),
        "选项代码 'hom' 不是字段 method 的选项",
    ),
    "code in a tuple that is not among the choices": (
        lambda form: _fields(form)[2].update(relevance="method in ('home', 'video')"),
        "选项代码 'video'",
    ),
    "choices missing on a choice field": (
        lambda form: _fields(form)[0].pop("choices"),
        "缺少 choices",
    ),
    "choices on a text field": (
        lambda form: _fields(form)[2].update(choices=[{"code": "a", "label": "甲"}]),
        "不能有 choices",
    ),
    "duplicate choice codes": (
        lambda form: _fields(form)[0]["choices"][1].update(code="home"),
        "选项代码 home 重复",
    ),
    "duplicate number keys": (
        lambda form: _fields(form)[0]["choices"][1].update(key="1"),
        "按键 1 已用于选项 home",
    ),
    "min above max": (
        lambda form: _fields(form).append(
            {"id": "n", "type": "integer", "label": "数", "min": 5, "max": 1}
        ),
        "min 大于 max",
    ),
    "decimal bound on an integer": (
        lambda form: _fields(form).append(
            {"id": "n", "type": "integer", "label": "数", "min": 0.5}
        ),
        "sections[0].fields[4].min",
    ),
    "computed field marked required": (
        lambda form: _fields(form)[3].update(required=True),
        "sections[0].fields[3].required",
    ),
    "constraint without a message": (
        lambda form: _fields(form)[2].update(constraint="carer != 'x'"),
        "缺少 constraint_message",
    ),
    "pattern that is not a regular expression": (
        lambda form: _fields(form)[2].update(pattern="([", pattern_message="格式不对"),
        "pattern 不是有效的正则表达式",
    ),
    "field id that is a function name": (
        lambda form: _fields(form)[2].update(id="today"),
        "标识 today 是保留字或函数名",
    ),
    "field id that is a keyword": (
        lambda form: _fields(form)[2].update(id="lambda"),
        "标识 lambda 是保留字或函数名",
    ),
    "unknown property": (
        lambda form: _fields(form)[2].update(hint="x"),
        "不认识的属性 hint",
    ),
    "unknown follow-up kind": (
        lambda form: form["followups"][0].update(kind="call_police"),
        "followups[0].kind",
    ),
    "bad version": (lambda form: form.update(version="v2"), "version"),
    "other format": (lambda form: form.update(format=2), "format"),
    "exclusive on a single choice": (
        lambda form: _fields(form)[0]["choices"][0].update(exclusive=True),
        "exclusive 只用于多选题",
    ),
    "duplicate rule ids": (
        lambda form: form["followups"].append(dict(form["followups"][0])),
        "规则标识 alone_rule 重复",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_definitions_are_refused_with_the_place_named(
    small_form: dict[str, Any], case: str
) -> None:
    breaker, expected = BROKEN[case]
    breaker(small_form)
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(small_form)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems
    assert caught.value.message.startswith("表单定义“sample_visit ")


def test_every_problem_is_reported_at_once(small_form: dict[str, Any]) -> None:
    _fields(small_form)[2].update(relevance="nobody == 1")
    small_form["followups"][0].update(when="method == 'hom'")
    with pytest.raises(FormDefinitionError) as caught:
        load_definition(small_form)
    assert len(caught.value.problems) == 2


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_definition_file(path)
    assert "broken.json" in caught.value.message


def test_two_files_with_the_same_form_version_are_refused(
    tmp_path: Path, small_form: dict[str, Any]
) -> None:
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps(small_form, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_forms(tmp_path)
    assert "已由 a.json 定义" in caught.value.message


def test_a_folder_holds_several_versions(tmp_path: Path, small_form: dict[str, Any]) -> None:
    (tmp_path / "one.json").write_text(json.dumps(small_form), encoding="utf-8")
    small_form["version"] = "2026.10"
    (tmp_path / "two.json").write_text(json.dumps(small_form), encoding="utf-8")
    forms = load_forms(tmp_path)
    assert sorted(forms) == [("sample_visit", "2026.1"), ("sample_visit", "2026.10")]
    assert (
        forms[("sample_visit", "2026.10")].version_key
        > forms[("sample_visit", "2026.1")].version_key
    )
