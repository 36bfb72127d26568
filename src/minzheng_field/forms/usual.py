"""The usual answers of a form filled into the questions still open (fast entry of paper sheets).

Only fields that apply and are not answered yet are filled: a given answer is never replaced.
Filling may make further questions apply (是否在校 "是" asks for the school); those that have a
usual answer are filled too, until nothing changes. Skip logic then applies as to any answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from minzheng_field.forms.definition import FormDefinition
from minzheng_field.forms.evaluation import FormContext, evaluate, is_empty


@dataclass(frozen=True)
class UsualFill:
    """The answers with the usual ones added, and which fields were filled (form order)."""

    answers: dict[str, Any]
    filled: tuple[str, ...]


def fill_usual(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> UsualFill:
    """`answers` with every open question that applies and has a usual answer filled in."""
    result = dict(answers)
    filled: list[str] = []
    usual = definition.usual_answers
    for _ in range(len(usual) + 1):
        relevant = evaluate(definition, result, context).relevant
        added = [
            field_id
            for field_id in usual
            if field_id in relevant and is_empty(result.get(field_id))
        ]
        if not added:
            break
        for field_id in added:
            result[field_id] = usual[field_id]
            filled.append(field_id)
    # A usual answer filled later may hide a question filled earlier: skip logic clears it.
    kept = evaluate(definition, result, context).values
    return UsualFill(
        {key: value for key, value in result.items() if key in kept or key not in filled},
        tuple(
            field_id for field_id in definition.field_ids if field_id in filled and field_id in kept
        ),
    )
