"""Follow-up rules: the answers of a visit turn into tasks (强制报告 records, referrals, reviews).

The tool reminds and records; it never reports to anyone on the user's behalf (a 强制报告 is
each person's own duty, made at once by phone).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from minzheng_field.forms.definition import FollowUpKind, FormDefinition, Priority
from minzheng_field.forms.evaluation import FormContext, context_values, evaluate
from minzheng_field.forms.expressions import EvaluationError, evaluate_expression


@dataclass(frozen=True)
class FollowUp:
    """A task a visit's answers call for; `due_in_days` counts from the visit date."""

    rule_id: str
    kind: FollowUpKind
    title: str
    due_in_days: int
    priority: Priority
    reminder: str | None = None
    # What the person doing the task must write down (who reported, to whom, when …).
    to_record: tuple[str, ...] = ()

    def due_on(self, visited_on: date) -> date:
        """The due date of the task for a visit made on `visited_on`."""
        return visited_on + timedelta(days=self.due_in_days)


def evaluate_followups(
    definition: FormDefinition, answers: Mapping[str, Any], context: FormContext
) -> list[FollowUp]:
    """The follow-ups whose rule holds for `answers` (after skip logic), in the form's order."""
    needed = {name for rule in definition.followups for name in rule.when.names}
    # Checked before anything else: a rule that cannot see the 低保 standard must not stay
    # silent as if the household were below it.
    rule_context = context_values(definition, context, needed & definition.context_ids)
    evaluation = evaluate(definition, answers, context)
    values = {**evaluation.expression_values, **rule_context}
    result: list[FollowUp] = []
    for rule in definition.followups:
        try:
            holds = bool(evaluate_expression(rule.when, values, today=context.today))
        except EvaluationError:
            holds = False  # what the rule reads is not answered (or hidden)
        if holds:
            result.append(
                FollowUp(
                    rule_id=rule.id,
                    kind=rule.kind,
                    title=rule.title,
                    due_in_days=rule.due_in_days,
                    priority=rule.priority,
                    reminder=rule.reminder,
                    to_record=rule.to_record,
                )
            )
    return result
