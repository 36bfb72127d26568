"""Check answers against a form: one plain Chinese message per field, shown beside it.

Only fields that apply are checked (a hidden question is never required); computed fields are
the form's own work and are not checked. Messages never repeat the answer itself, so they can
be logged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from minzheng_field.domain.months import date_label
from minzheng_field.forms.definition import (
    DateBound,
    Field,
    FieldType,
    FormDefinition,
)
from minzheng_field.forms.evaluation import FormContext, evaluate, is_empty
from minzheng_field.forms.expressions import EvaluationError, evaluate_expression

_SHA256 = re.compile(r"[0-9a-f]{64}")

NOT_IN_FORM = "这份表（此版本）没有这一项。"


def validate_answers(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> dict[str, str]:
    """Problems with `answers`, as {field id: Chinese message}; empty when all is well."""
    evaluation = evaluate(definition, answers, context)
    messages: dict[str, str] = {}
    for key in answers:
        if not definition.has_field(key):
            messages[key] = NOT_IN_FORM
    for item in definition.fields:
        if item.id not in evaluation.relevant or item.is_computed:
            continue
        value = answers.get(item.id)
        if is_empty(value):
            if item.required:
                messages[item.id] = _required_message(item)
            continue
        message = check_value(item, value, context)
        if message is None and item.constraint is not None:
            try:
                holds = evaluate_expression(
                    item.constraint, evaluation.expression_values, today=context.today
                )
            except EvaluationError:
                holds = True  # what the constraint compares with is not answered yet
            if not holds:
                message = item.constraint_message or "填写的内容不符合要求。"
        if message is not None:
            messages[item.id] = message
    return messages


def _required_message(item: Field) -> str:
    if item.type is FieldType.MULTIPLE_CHOICE:
        return "请至少选择一项。"
    if item.type is FieldType.PHOTO:
        return "请至少添加一张照片。"
    if item.type in (FieldType.SINGLE_CHOICE, FieldType.YES_NO):
        return "请选择一项。"
    if item.type is FieldType.HOUSEHOLD_MEMBER:
        return "请选择一位家庭成员。"
    return "请填写此项。"


def check_value(item: Field, value: Any, context: FormContext) -> str | None:
    """The problem with one given answer to `item` by itself (type, choices, bounds), or None."""
    kind = item.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        return _check_text(item, value)
    if kind is FieldType.INTEGER:
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        ):
            return "请填写整数。"
        return _check_range(item, Decimal(int(value)))
    if kind is FieldType.DECIMAL:
        return _check_decimal(item, value)
    if kind is FieldType.DATE:
        return _check_date(item, value, context.today)
    if kind is FieldType.SINGLE_CHOICE:
        if not isinstance(value, str) or item.choice(value) is None:
            return "请从选项中选择。"
        return None
    if kind is FieldType.MULTIPLE_CHOICE:
        return _check_multiple(item, value)
    if kind is FieldType.YES_NO:
        if not isinstance(value, bool):
            return f"请选择“{item.choices[0].label}”或“{item.choices[1].label}”。"
        return None
    if kind is FieldType.HOUSEHOLD_MEMBER:
        if not isinstance(value, str):
            return "请选择一位家庭成员。"
        members = context.household_member_ids
        if members is not None and value not in members:
            return "请从本户成员中选择。"
        return None
    return _check_photos(item, value)


def _check_text(item: Field, value: Any) -> str | None:
    if not isinstance(value, str):
        return "请填写文字。"
    text = value.strip()
    if item.max_length is not None and len(text) > item.max_length:
        return f"不能超过 {item.max_length} 个字（现在 {len(text)} 个）。"
    if item.pattern is not None and re.fullmatch(item.pattern, text) is None:
        return item.pattern_message or "格式不对。"
    return None


def _check_decimal(item: Field, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "请填写数字。"
    if isinstance(value, float) and not math.isfinite(value):
        return "请填写数字。"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return "请填写数字。"
    if not number.is_finite():
        return "请填写数字。"
    places = -int(number.normalize().as_tuple().exponent)
    if item.decimals is not None and places > item.decimals:
        return "请填写整数。" if item.decimals == 0 else f"最多保留 {item.decimals} 位小数。"
    return _check_range(item, number)


def _number_text(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _check_range(item: Field, number: Decimal) -> str | None:
    unit = item.unit or ""
    if item.minimum is not None and number < item.minimum:
        return f"不能小于 {_number_text(item.minimum)}{unit}。"
    if item.maximum is not None and number > item.maximum:
        return f"不能大于 {_number_text(item.maximum)}{unit}。"
    return None


def _bound(bound: DateBound | None, today: date) -> tuple[date, str] | None:
    if bound is None:
        return None
    if bound == "today":
        return today, "探访当天"
    assert isinstance(bound, date)
    return bound, date_label(bound)


def _check_date(item: Field, value: Any, today: date) -> str | None:
    if isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return "请按“年-月-日”填写日期，例如 2026-03-05。"
    else:
        return "请按“年-月-日”填写日期，例如 2026-03-05。"
    earliest = _bound(item.earliest, today)
    if earliest is not None and day < earliest[0]:
        return f"不能早于{earliest[1]}。"
    latest = _bound(item.latest, today)
    if latest is not None and day > latest[0]:
        return f"不能晚于{latest[1]}。"
    return None


def _check_multiple(item: Field, value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not all(isinstance(code, str) for code in value):
        return "请从选项中选择。"
    if len(set(value)) != len(value) or any(item.choice(code) is None for code in value):
        return "请从选项中选择。"
    if len(value) > 1:
        for code in value:
            choice = item.choice(code)
            if choice is not None and choice.exclusive:
                return f"选了“{choice.label}”就不能再选其他项。"
    if item.max_count is not None and len(value) > item.max_count:
        return f"最多选择 {item.max_count} 项。"
    return None


def _check_photos(item: Field, value: Any) -> str | None:
    if not isinstance(value, list | tuple) or not all(
        isinstance(digest, str) and _SHA256.fullmatch(digest) for digest in value
    ):
        return "照片记录有误，请重新添加照片。"
    if len(set(value)) != len(value):
        return "同一张照片添加了两次。"
    if item.max_count is not None and len(value) > item.max_count:
        return f"最多添加 {item.max_count} 张照片。"
    return None
