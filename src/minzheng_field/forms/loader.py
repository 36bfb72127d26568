"""Load a form definition: JSON Schema first, then the checks a schema cannot express.

Beyond the schema: ids unique across fields and context values, expressions within the
whitelist and naming only the form's fields and context values, no cycles between relevance
and computed values, codes compared in expressions existing among the field's choices, number
keys unique, bounds in order. Every problem found is reported at once, each with its place.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import functools
import json
import keyword
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.forms.definition import (
    CHOICE_TYPES,
    FORMAT,
    NO,
    YES,
    Choice,
    ContextValue,
    DateBound,
    Field,
    FieldType,
    FollowUpKind,
    FollowUpRule,
    FormDefinition,
    Priority,
    Section,
)
from minzheng_field.forms.evaluation import FormContext
from minzheng_field.forms.expressions import (
    FUNCTIONS,
    Expression,
    ExpressionError,
    compile_expression,
)
from minzheng_field.forms.validation import check_value
from minzheng_field.resources import resources_dir

_MAX_PROBLEMS_IN_MESSAGE = 5


class FormDefinitionError(MinzhengError):
    """A form definition that cannot be used; `problems` lists every problem with its place."""

    kind = "form_definition"

    def __init__(self, form: str, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        shown = "；".join(self.problems[:_MAX_PROBLEMS_IN_MESSAGE])
        more = len(self.problems) - _MAX_PROBLEMS_IN_MESSAGE
        suffix = f"；另有 {more} 处问题" if more > 0 else ""
        super().__init__(f"表单定义“{form}”有误：{shown}{suffix}。")
        self.form = form


def schema_path() -> Path:
    """Where the JSON Schema of the definition format is shipped."""
    return resources_dir() / "forms" / "schema.json"


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def load_definition_file(path: Path) -> FormDefinition:
    """Load and check the definition in the JSON file `path`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FormDefinitionError(path.name, [f"文件无法读取为 JSON（{error}）"]) from None
    return load_definition(data, source=path.name)


def load_definition(data: Any, *, source: str | None = None) -> FormDefinition:
    """Check `data` (parsed JSON) against the schema and the form rules; the typed definition."""
    name = source or _form_name(data)
    schema_problems = [_describe(error) for error in _schema_errors(data)]
    if schema_problems:
        raise FormDefinitionError(name, schema_problems)
    checker = _Checker(data)
    definition = checker.build()
    if checker.problems:
        raise FormDefinitionError(name, checker.problems)
    return definition


def _form_name(data: Any) -> str:
    if isinstance(data, Mapping):
        form_id, version = data.get("id"), data.get("version")
        if isinstance(form_id, str):
            return f"{form_id} {version}" if isinstance(version, str) else form_id
    return "（无标识）"


def _schema_errors(data: Any) -> list[ValidationError]:
    errors = list(_validator().iter_errors(data))
    return sorted(errors, key=lambda error: [str(part) for part in error.absolute_path])


def _place(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（根）"


def _describe(error: ValidationError) -> str:
    place = _place(error.absolute_path)
    if error.validator == "not" and isinstance(error.instance, Mapping):
        banned = sorted(set(_required_keys(error.validator_value)) & set(error.instance))
        if banned:
            kind = error.instance.get("type", "")
            return f"{place}：类型为 {kind} 的字段不能有 {', '.join(banned)}"
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        return f"{place}：不认识的属性 {', '.join(extra)}"
    if error.validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{place}：{error.instance!r} 不是允许的值（可用：{allowed}）"
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return f"{place}：缺少 {', '.join(missing)}"
    return f"{place}：{error.message}"


def _required_keys(schema: Any) -> Iterator[str]:
    if isinstance(schema, Mapping):
        yield from schema.get("required", ())
        for part in schema.get("anyOf", ()):
            yield from _required_keys(part)


def _default_key(position: int) -> str | None:
    if position < 9:
        return str(position + 1)
    return "0" if position == 9 else None


def _date_bound(text: str | None) -> DateBound | None:
    if text is None:
        return None
    if text == "today":
        return "today"
    return date.fromisoformat(text)


class _Checker:
    """Builds the typed definition from schema-valid data, collecting every problem."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.problems: list[str] = []
        self.names: set[str] = set()
        self.choice_codes: dict[str, frozenset[str]] = {}

    def problem(self, place: str, message: str) -> None:
        self.problems.append(f"{place}：{message}")

    def build(self) -> FormDefinition:
        data = self.data
        if data["format"] != FORMAT:
            self.problem("format", f"不支持的格式版本 {data['format']}")
        context = tuple(self.context_value(item) for item in data.get("context", []))
        self.collect_ids()
        sections = tuple(self.section(i, item) for i, item in enumerate(data["sections"]))
        followups = self.followups(data.get("followups", []))
        fields = [item for section in sections for item in section.fields]
        order = self.evaluation_order(sections, fields)
        for section_index, section in enumerate(sections):
            self.check_codes(f"sections[{section_index}].relevance", section.relevance)
        for item in fields:
            place = self.field_place(item.id)
            for attribute in ("relevance", "computed", "constraint"):
                self.check_codes(f"{place}.{attribute}", getattr(item, attribute))
        for index, rule in enumerate(followups):
            self.check_codes(f"followups[{index}].when", rule.when)
        return FormDefinition(
            id=data["id"],
            version=data["version"],
            title=data["title"].strip(),
            description=data.get("description"),
            categories=tuple(data.get("categories", ())),
            context=context,
            sections=sections,
            followups=followups,
            evaluation_order=order,
            raw=copy.deepcopy(dict(data)),
        )

    # --- ids -------------------------------------------------------------------------------

    def collect_ids(self) -> None:
        seen: dict[str, str] = {}
        places: list[tuple[str, str]] = [
            (item["id"], f"context[{i}]") for i, item in enumerate(self.data.get("context", []))
        ]
        for s, section in enumerate(self.data["sections"]):
            for f, item in enumerate(section["fields"]):
                places.append((item["id"], f"sections[{s}].fields[{f}]"))
        for name, place in places:
            if name in seen:
                self.problem(place, f"标识 {name} 与 {seen[name]} 重复")
                continue
            seen[name] = place
            if keyword.iskeyword(name) or name in FUNCTIONS:
                self.problem(place, f"标识 {name} 是保留字或函数名，不能用作字段标识")
        self.names = set(seen)
        self.field_places = {name: place for name, place in places}
        section_ids: set[str] = set()
        for s, section in enumerate(self.data["sections"]):
            if section["id"] in section_ids:
                self.problem(f"sections[{s}]", f"分节标识 {section['id']} 重复")
            section_ids.add(section["id"])

    def field_place(self, field_id: str) -> str:
        return self.field_places.get(field_id, field_id)

    # --- parts -----------------------------------------------------------------------------

    def expression(self, place: str, source: str | None) -> Expression | None:
        if source is None:
            return None
        try:
            return compile_expression(source, self.names)
        except ExpressionError as error:
            self.problem(place, error.message.rstrip("。"))
            return None

    def context_value(self, item: Mapping[str, Any]) -> ContextValue:
        return ContextValue(
            id=item["id"],
            type=FieldType(item["type"]),
            label=item["label"],
            required=bool(item.get("required", False)),
        )

    def section(self, index: int, item: Mapping[str, Any]) -> Section:
        place = f"sections[{index}]"
        return Section(
            id=item["id"],
            title=item["title"].strip(),
            help=item.get("help"),
            relevance=self.expression(f"{place}.relevance", item.get("relevance")),
            fields=tuple(
                self.field(f"{place}.fields[{i}]", item["id"], spec)
                for i, spec in enumerate(item["fields"])
            ),
        )

    def field(self, place: str, section_id: str, spec: Mapping[str, Any]) -> Field:
        kind = FieldType(spec["type"])
        choices = self.choices(place, kind, spec)
        if kind in CHOICE_TYPES:
            self.choice_codes[spec["id"]] = frozenset(choice.code for choice in choices)
        minimum = maximum = None
        earliest = latest = None
        if kind is FieldType.DATE:
            try:
                earliest = _date_bound(spec.get("min"))
                latest = _date_bound(spec.get("max"))
            except ValueError:
                self.problem(place, "min/max 不是有效日期")
            if isinstance(earliest, date) and isinstance(latest, date) and earliest > latest:
                self.problem(place, "min 晚于 max")
        elif "min" in spec or "max" in spec:
            minimum = Decimal(str(spec["min"])) if "min" in spec else None
            maximum = Decimal(str(spec["max"])) if "max" in spec else None
            if minimum is not None and maximum is not None and minimum > maximum:
                self.problem(place, "min 大于 max")
        pattern = spec.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error:
                self.problem(place, "pattern 不是有效的正则表达式")
        computed = self.expression(f"{place}.computed", spec.get("computed"))
        relevance = self.expression(f"{place}.relevance", spec.get("relevance"))
        constraint = self.expression(f"{place}.constraint", spec.get("constraint"))
        item = Field(
            id=spec["id"],
            type=kind,
            label=spec["label"].strip(),
            section_id=section_id,
            required=bool(spec.get("required", False)),
            help=spec.get("help"),
            relevance=relevance,
            computed=computed,
            constraint=constraint,
            constraint_message=spec.get("constraint_message"),
            choices=choices,
            minimum=minimum,
            maximum=maximum,
            earliest=earliest,
            latest=latest,
            decimals=spec.get("decimals"),
            unit=spec.get("unit"),
            pattern=pattern,
            pattern_message=spec.get("pattern_message"),
            max_length=spec.get("max_length"),
            max_count=spec.get("max_count"),
        )
        if "usual" not in spec:
            return item
        return dataclasses.replace(item, usual=self.usual(place, item, spec["usual"]))

    def usual(self, place: str, item: Field, value: Any) -> Any:
        """A usual answer is checked as any answer is: the type, the choices, the bounds."""
        # No usual date and no household member (schema): the visit date plays no part.
        message = check_value(item, value, FormContext(today=date.min))
        if message is not None:
            self.problem(f"{place}.usual", f"通常答案不是有效的答案（{message.rstrip('。')}）")
            return None
        return tuple(value) if isinstance(value, list) else value

    def choices(self, place: str, kind: FieldType, spec: Mapping[str, Any]) -> tuple[Choice, ...]:
        if kind is FieldType.YES_NO:
            return (
                Choice(YES, spec.get("yes_label", "是"), "1"),
                Choice(NO, spec.get("no_label", "否"), "2"),
            )
        result: list[Choice] = []
        codes: set[str] = set()
        keys: dict[str, str] = {}
        for position, item in enumerate(spec.get("choices", [])):
            code = item["code"]
            if code in codes:
                self.problem(f"{place}.choices[{position}]", f"选项代码 {code} 重复")
            codes.add(code)
            key = item.get("key", _default_key(position))
            if key is not None:
                if key in keys:
                    self.problem(
                        f"{place}.choices[{position}]",
                        f"按键 {key} 已用于选项 {keys[key]}",
                    )
                keys[key] = code
            exclusive = bool(item.get("exclusive", False))
            if exclusive and kind is not FieldType.MULTIPLE_CHOICE:
                self.problem(f"{place}.choices[{position}]", "exclusive 只用于多选题")
            result.append(Choice(code, item["label"].strip(), key, exclusive))
        return tuple(result)

    def followups(self, items: list[Mapping[str, Any]]) -> tuple[FollowUpRule, ...]:
        rules: list[FollowUpRule] = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            place = f"followups[{index}]"
            if item["id"] in seen:
                self.problem(place, f"规则标识 {item['id']} 重复")
            seen.add(item["id"])
            when = self.expression(f"{place}.when", item["when"])
            if when is None:
                continue
            rules.append(
                FollowUpRule(
                    id=item["id"],
                    when=when,
                    kind=FollowUpKind(item["kind"]),
                    title=item["title"].strip(),
                    due_in_days=item["due_in_days"],
                    priority=Priority(item["priority"]),
                    reminder=item.get("reminder"),
                    to_record=tuple(item.get("to_record", ())),
                )
            )
        return tuple(rules)

    # --- whole-form checks -----------------------------------------------------------------

    def evaluation_order(
        self, sections: tuple[Section, ...], fields: list[Field]
    ) -> tuple[str, ...]:
        field_ids = {item.id for item in fields}
        section_of = {section.id: section for section in sections}
        depends: dict[str, set[str]] = {}
        for item in fields:
            reads: set[str] = set()
            for expression in (
                item.relevance,
                item.computed,
                section_of[item.section_id].relevance,
            ):
                if expression is not None:
                    reads |= expression.names
            depends[item.id] = reads & field_ids
        order: list[str] = []
        state: dict[str, int] = {}  # 1 = being visited, 2 = done

        def visit(field_id: str, path: list[str]) -> None:
            if state.get(field_id) == 2:
                return
            if state.get(field_id) == 1:
                cycle = [*path[path.index(field_id) :], field_id]
                self.problem(
                    self.field_place(field_id),
                    f"显示条件或计算值相互依赖，形成循环：{' → '.join(cycle)}",
                )
                return
            state[field_id] = 1
            for other in sorted(depends[field_id]):
                visit(other, [*path, field_id])
            state[field_id] = 2
            order.append(field_id)

        for item in fields:
            visit(item.id, [])
        return tuple(order)

    def check_codes(self, place: str, expression: Expression | None) -> None:
        """Codes compared with a choice field must be among its choices (catches typos in rules)."""
        if expression is None:
            return
        for node in ast.walk(expression.tree):
            if not isinstance(node, ast.Compare):
                continue
            operands = [node.left, *node.comparators]
            for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
                for name, other in ((left, right), (right, left)):
                    if not (isinstance(name, ast.Name) and name.id in self.choice_codes):
                        continue
                    codes = self.choice_codes[name.id]
                    for constant in _string_constants(other, op):
                        if constant not in codes:
                            self.problem(
                                place,
                                f"选项代码 {constant!r} 不是字段 {name.id} 的选项"
                                f"（可用：{', '.join(sorted(codes))}）",
                            )


def _string_constants(node: ast.expr, op: ast.cmpop) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.Tuple | ast.List) and isinstance(op, ast.In | ast.NotIn):
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                yield element.value
