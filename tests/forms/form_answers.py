"""Valid answers for any form, chosen field by field as a person fills it in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from minzheng_field.forms.definition import Field, FieldType, FormDefinition
from minzheng_field.forms.evaluation import FormContext, evaluate
from minzheng_field.forms.validation import validate_answers

HOUSEHOLD = frozenset({"member-1", "member-2"})
PHOTO = "ab" * 32


def valid_value(item: Field, today: date, pick: Callable[[Sequence[Any]], Any]) -> Any:
    """A valid answer to `item`; `pick` chooses among candidates (first, random, …)."""
    kind = item.type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT):
        # Distinct per field, so that "two investigators differ" holds.
        text = f"{item.label}（{item.id}）"
        return text[: item.max_length] if item.max_length else text
    if kind in (FieldType.INTEGER, FieldType.DECIMAL):
        low = int(item.minimum) if item.minimum is not None else 0
        high = int(item.maximum) if item.maximum is not None else low + 50_000
        number = pick([low, min(low + 1, high), min(low + 3, high), high])
        if kind is FieldType.DECIMAL and pick([False, True]) and number < high:
            return number + 0.25
        return number
    if kind is FieldType.DATE:
        return today.isoformat()
    if kind is FieldType.SINGLE_CHOICE:
        return pick([choice.code for choice in item.choices])
    if kind is FieldType.MULTIPLE_CHOICE:
        exclusive = [choice.code for choice in item.choices if choice.exclusive]
        others = [choice.code for choice in item.choices if not choice.exclusive]
        options: list[list[str]] = [[code] for code in exclusive] + [[code] for code in others]
        if len(others) > 1:
            options.append(others[:2])
        return pick(options)
    if kind is FieldType.YES_NO:
        return pick([True, False])
    if kind is FieldType.HOUSEHOLD_MEMBER:
        return pick(sorted(HOUSEHOLD))
    return [PHOTO]


def fill_form(
    definition: FormDefinition, context: FormContext, pick: Callable[[Sequence[Any]], Any]
) -> dict[str, Any]:
    """Answers to every relevant field, field by field as a person fills the form in."""
    answers: dict[str, Any] = {}
    for _ in range(len(definition.fields)):
        relevant = evaluate(definition, answers, context).relevant
        missing = [
            item
            for item in definition.fields
            if item.id in relevant and not item.is_computed and item.id not in answers
        ]
        if not missing:
            break
        item = missing[0]
        answers[item.id] = valid_value(item, context.today, pick)
        if item.constraint is not None and item.id in validate_answers(
            definition, answers, context
        ):
            # A constraint against another answer (members able to work <= household size).
            answers[item.id] = valid_value(item, context.today, lambda options: options[0])
    return answers


def context_for(definition: FormDefinition, today: date) -> FormContext:
    """A context with every declared value of `definition` set to something plausible."""
    plausible: dict[FieldType, Any] = {
        FieldType.DATE: "2012-05-20",
        FieldType.INTEGER: 70_000,
        FieldType.DECIMAL: 700.0,
        FieldType.TEXT: None,
        FieldType.YES_NO: False,
    }
    return FormContext(
        today=today,
        values={value.id: plausible[value.type] for value in definition.context},
        household_member_ids=HOUSEHOLD,
    )
