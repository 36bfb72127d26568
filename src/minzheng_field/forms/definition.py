"""The typed shape of a visit form: sections, fields, choices, context values, follow-up rules.

Definitions are built by `loader.load_definition`, which checks the JSON against the schema and
the expressions against the whitelist; these classes only hold the result.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.work import TaskKind
from minzheng_field.forms.expressions import Expression

FORMAT = 1


class FieldType(StrEnum):
    """What kind of answer a field takes."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    HOUSEHOLD_MEMBER = "household_member"
    PHOTO = "photo"


CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE})
NUMBER_TYPES = frozenset({FieldType.INTEGER, FieldType.DECIMAL})
TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.LONG_TEXT})
# A context value (passed in by the caller, e.g. a birth date from the caseload) has one of these.
CONTEXT_TYPES = frozenset(
    {FieldType.TEXT, FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATE, FieldType.YES_NO}
)


# What a follow-up rule raises: the task kinds of the domain (one enum, one set of labels).
FollowUpKind = TaskKind


class Priority(LabelledStrEnum):
    """How urgent a follow-up is."""

    URGENT = "urgent", "紧急"
    HIGH = "high", "高"
    NORMAL = "normal", "一般"


# "today" in a date bound means the visit date (the evaluation's today), never the wall clock.
DateBound = date | Literal["today"]


@dataclass(frozen=True)
class Choice:
    """One option of a choice field: the stored code, the Chinese label, its number key."""

    code: str
    label: str
    key: str | None = None
    # An exclusive option ("无") cannot be ticked together with others.
    exclusive: bool = False


@dataclass(frozen=True)
class Field:
    """One question of a form."""

    id: str
    type: FieldType
    label: str
    section_id: str
    required: bool = False
    help: str | None = None
    relevance: Expression | None = None
    computed: Expression | None = None
    constraint: Expression | None = None
    constraint_message: str | None = None
    choices: tuple[Choice, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    earliest: DateBound | None = None
    latest: DateBound | None = None
    decimals: int | None = None
    unit: str | None = None
    pattern: str | None = None
    pattern_message: str | None = None
    max_length: int | None = None
    max_count: int | None = None
    # The answer most sheets give ("监护良好", "否", "无"), filled in on request in fast entry;
    # multiple choices as a tuple (the field stays hashable). None: no usual answer.
    usual: Any = None

    @property
    def is_computed(self) -> bool:
        """Whether the value is computed from other answers (read-only on screen)."""
        return self.computed is not None

    @property
    def usual_answer(self) -> Any:
        """The usual answer as a visit stores it (a list for a multiple choice), or None."""
        return list(self.usual) if isinstance(self.usual, tuple) else self.usual

    def choice(self, code: str) -> Choice | None:
        """The option stored as `code`, if any."""
        for choice in self.choices:
            if choice.code == code:
                return choice
        return None

    def choice_for_key(self, key: str) -> Choice | None:
        """The option selected by pressing number key `key` in keyboard entry."""
        for choice in self.choices:
            if choice.key == key:
                return choice
        return None

    def answer_for_key(self, key: str) -> Any:
        """What pressing `key` answers: a choice code, or True/False for a yes/no field."""
        choice = self.choice_for_key(key)
        if choice is None:
            return None
        if self.type is FieldType.YES_NO:
            return choice.code == YES
        return choice.code

    def label_of(self, value: Any) -> str | None:
        """The Chinese text of an answer to a choice or yes/no field (for screens and print)."""
        if self.type is FieldType.YES_NO and isinstance(value, bool):
            choice = self.choice(YES if value else NO)
            return choice.label if choice else None
        if self.type is FieldType.SINGLE_CHOICE and isinstance(value, str):
            choice = self.choice(value)
            return choice.label if choice else None
        if self.type is FieldType.MULTIPLE_CHOICE and isinstance(value, list):
            labels = [self.choice(code) for code in value if isinstance(code, str)]
            return "、".join(choice.label for choice in labels if choice is not None)
        return None


YES, NO = "yes", "no"


@dataclass(frozen=True)
class Section:
    """A titled group of fields, hidden as a whole when its relevance is false."""

    id: str
    title: str
    fields: tuple[Field, ...]
    help: str | None = None
    relevance: Expression | None = None


@dataclass(frozen=True)
class ContextValue:
    """A value the caller passes in (a birth date, the 低保 standard), named in expressions."""

    id: str
    type: FieldType
    label: str
    # A required value must be passed and not None (the 低保 standard: a rule comparing with
    # an unknown standard must not stay silent).
    required: bool = False


@dataclass(frozen=True)
class FollowUpRule:
    """When `when` holds for a visit's answers, a follow-up task is due `due_in_days` later."""

    id: str
    when: Expression
    kind: FollowUpKind
    title: str
    due_in_days: int
    priority: Priority
    reminder: str | None = None
    to_record: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormDefinition:
    """One version of a visit form."""

    id: str
    version: str
    title: str
    sections: tuple[Section, ...]
    description: str | None = None
    categories: tuple[str, ...] = ()
    context: tuple[ContextValue, ...] = ()
    followups: tuple[FollowUpRule, ...] = ()
    # Field ids in an order where every relevance and computed value only reads fields before
    # it (the loader refuses cycles).
    evaluation_order: tuple[str, ...] = ()
    # The JSON this was loaded from, as stored in a FormVersion row.
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def fields(self) -> tuple[Field, ...]:
        """Every field in the order of the form."""
        return tuple(item for section in self.sections for item in section.fields)

    @functools.cached_property
    def _by_id(self) -> dict[str, Field]:
        return {item.id: item for item in self.fields}

    @functools.cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    @property
    def usual_answers(self) -> dict[str, Any]:
        """{field id: usual answer} of the fields that have one, in the order of the form."""
        return {item.id: item.usual_answer for item in self.fields if item.usual is not None}

    @functools.cached_property
    def questions_fingerprint(self) -> str:
        """A digest of what the form asks and how (its JSON without the usual answers): two
        definitions of one version with the same fingerprint are the same form for every
        visit; only the help for fast entry differs."""
        raw = copy.deepcopy(dict(self.raw))
        for section in raw.get("sections", ()):
            for item in section.get("fields", ()):
                item.pop("usual", None)
        text = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def field_ids(self) -> tuple[str, ...]:
        """Every field id in the order of the form."""
        return tuple(item.id for item in self.fields)

    @property
    def context_ids(self) -> frozenset[str]:
        """The ids of the declared context values."""
        return frozenset(value.id for value in self.context)

    @property
    def key(self) -> tuple[str, str]:
        """(form id, version), the key of the registry and of a stored visit."""
        return (self.id, self.version)

    @property
    def version_key(self) -> tuple[int, ...]:
        """The version as numbers, for ordering ("2026.2" < "2026.10")."""
        return version_key(self.version)

    def field(self, field_id: str) -> Field:
        """The field `field_id`; KeyError if the form has none."""
        return self._by_id[field_id]

    def has_field(self, field_id: str) -> bool:
        """Whether the form has a field `field_id`."""
        return field_id in self._by_id

    def section(self, section_id: str) -> Section:
        """The section `section_id`; KeyError if the form has none."""
        return self._sections_by_id[section_id]


def version_key(version: str) -> tuple[int, ...]:
    """A form version ("2026.1") as a tuple of numbers for ordering."""
    return tuple(int(part) for part in version.split("."))
