"""Skip logic and computed values: which fields apply to these answers, and what to keep.

An expression that cannot be evaluated because an answer it reads is still missing (or of the
wrong kind) counts as false for relevance and gives no value for a computed field, as in the
usual field-survey tools: a question appears once what it depends on is answered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.forms.definition import Field, FieldType, FormDefinition, Section
from minzheng_field.forms.expressions import EvaluationError, Expression, evaluate_expression


@dataclass(frozen=True)
class FormContext:
    """What an evaluation needs besides the answers.

    `today` is the visit date (today() and "today" bounds use it, never the wall clock);
    `values` holds the form's declared context values (a birth date, the 低保 standard in fen);
    `household_member_ids`, when known, are the ids a household-member field may take.
    """

    today: date
    values: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    household_member_ids: frozenset[str] | None = None


class MissingContextValue(MinzhengError):
    """An expression needs a context value (e.g. the 低保 standard) the caller did not pass."""

    kind = "form_missing_context"

    def __init__(self, form_title: str, label: str, value_id: str) -> None:
        super().__init__(f"计算“{form_title}”需要“{label}”，但没有提供；请先设置后再试。")
        self.value_id = value_id


@dataclass(frozen=True)
class Evaluation:
    """The outcome of skip logic and computed values for one set of answers."""

    # Fields that apply now (hidden ones are not in it).
    relevant: frozenset[str]
    # What to keep: answers of relevant fields that are filled in, plus computed values, in
    # storable form (dates as ISO text).
    values: Mapping[str, Any]
    computed: Mapping[str, Any]
    # Fields that had an answer but do not apply now: their answers are dropped.
    cleared: frozenset[str]
    # Values as expressions see them (dates as dates, hidden fields as None), context included.
    expression_values: Mapping[str, Any] = dataclasses.field(repr=False, compare=False)


def is_empty(value: Any) -> bool:
    """Whether an answer counts as not given (None, blank text, nothing selected)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def expression_value(field_type: FieldType, value: Any) -> Any:
    """An answer as expressions see it: dates as dates, blanks as None."""
    if is_empty(value):
        return None
    if isinstance(value, str):
        # Surrounding spaces never make two answers different ("张三 " is 张三).
        value = value.strip()
    if field_type is FieldType.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if field_type is FieldType.DECIMAL and isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def _storable(item: Field, value: Any) -> Any:
    """A computed result in the field's type, as stored in a visit's answers (None if unfit)."""
    if value is None:
        return None
    kind = item.type
    if kind is FieldType.YES_NO:
        return bool(value)
    if kind is FieldType.TEXT:
        return str(value)
    if kind is FieldType.DATE:
        return value.isoformat() if isinstance(value, date) else None
    if kind is FieldType.SINGLE_CHOICE:
        return value if isinstance(value, str) and item.choice(value) is not None else None
    if kind in (FieldType.INTEGER, FieldType.DECIMAL):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        if not number.is_finite():
            return None
        if kind is FieldType.INTEGER:
            return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if item.decimals is not None:
            number = number.quantize(Decimal(1).scaleb(-item.decimals), rounding=ROUND_HALF_UP)
        return int(number) if number == number.to_integral_value() else float(number)
    return None


def context_values(
    definition: FormDefinition, context: FormContext, needed: Iterable[str]
) -> dict[str, Any]:
    """The declared context values that `needed` names, typed; missing ones are an error."""
    wanted = set(needed)
    result: dict[str, Any] = {}
    for declared in definition.context:
        if declared.id not in wanted:
            continue
        given = context.values.get(declared.id)
        if declared.id not in context.values or (declared.required and given is None):
            raise MissingContextValue(definition.title, declared.label, declared.id)
        result[declared.id] = expression_value(declared.type, context.values[declared.id])
    return result


def _holds(expression: Expression | None, values: Mapping[str, Any], today: date) -> bool:
    if expression is None:
        return True
    try:
        return bool(evaluate_expression(expression, values, today=today))
    except EvaluationError:
        return False


def evaluate(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> Evaluation:
    """Which fields apply to `answers`, the computed values, and the answers to keep."""
    needed: set[str] = set()
    for section in definition.sections:
        if section.relevance is not None:
            needed |= section.relevance.names
    for item in definition.fields:
        for expression in (item.relevance, item.computed):
            if expression is not None:
                needed |= expression.names
    values: dict[str, Any] = context_values(definition, context, needed & definition.context_ids)
    for item in definition.fields:
        values[item.id] = (
            None if item.is_computed else expression_value(item.type, answers.get(item.id))
        )
    section_shown: dict[str, bool] = {}
    relevant: set[str] = set()
    computed: dict[str, Any] = {}
    for field_id in definition.evaluation_order:
        item = definition.field(field_id)
        section = definition.section(item.section_id)
        if section.id not in section_shown:
            section_shown[section.id] = _holds(section.relevance, values, context.today)
        if not (section_shown[section.id] and _holds(item.relevance, values, context.today)):
            values[field_id] = None
            continue
        relevant.add(field_id)
        if item.computed is not None:
            computed[field_id] = _compute(item, values, context.today)
            values[field_id] = expression_value(item.type, computed[field_id])
    kept: dict[str, Any] = {}
    cleared: set[str] = set()
    for item in definition.fields:
        if item.id in computed:
            if computed[item.id] is not None:
                kept[item.id] = computed[item.id]
            continue
        given = answers.get(item.id)
        if is_empty(given):
            continue
        if item.id in relevant:
            kept[item.id] = given
        else:
            cleared.add(item.id)
    return Evaluation(
        relevant=frozenset(relevant),
        values=kept,
        computed=computed,
        cleared=frozenset(cleared),
        expression_values=values,
    )


def _compute(item: Field, values: Mapping[str, Any], today: date) -> Any:
    assert item.computed is not None
    try:
        result = evaluate_expression(item.computed, values, today=today)
    except EvaluationError:
        return None
    return _storable(item, result)


def relevant_fields(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> frozenset[str]:
    """The ids of the fields that apply to `answers`."""
    return evaluate(definition, answers, context).relevant


def clear_irrelevant(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> dict[str, Any]:
    """`answers` without those of fields that do not apply, with computed values filled in."""
    return dict(evaluate(definition, answers, context).values)


def visible_sections(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> tuple[Section, ...]:
    """The sections with at least one field that applies to `answers`."""
    relevant = evaluate(definition, answers, context).relevant
    return tuple(
        section
        for section in definition.sections
        if any(item.id in relevant for item in section.fields)
    )
