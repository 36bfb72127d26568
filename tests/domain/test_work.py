"""The field-work vocabulary keeps the codes stored in vaults and has Chinese labels."""

from __future__ import annotations

import pytest

from minzheng_field.domain.care import ChildCategory
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.work import (
    NoticeKind,
    TaskKind,
    TaskStatus,
    VisitCategory,
    VisitMethod,
    VisitStatus,
)


def test_stored_codes_stay_the_same() -> None:
    assert [m.value for m in VisitMethod] == ["home", "phone", "video"]
    assert [s.value for s in VisitStatus] == ["draft", "final"]
    assert [k.value for k in TaskKind] == [
        "review",
        "follow_up",
        "documents",
        "mandatory_report",
        "referral",
    ]
    assert [s.value for s in TaskStatus] == ["open", "done", "cancelled"]
    assert [k.value for k in NoticeKind] == [
        "approval",
        "refusal",
        "termination",
        "service_receipt",
    ]
    assert VisitCategory.ELDER == "elder"


def test_every_child_category_is_a_visit_category_with_its_label() -> None:
    for category in ChildCategory:
        visit_category = VisitCategory.of_child(category)
        assert visit_category == category.value
        assert visit_category.label == category.label
    assert VisitCategory.of_child("orphan") is VisitCategory.ORPHAN
    assert set(VisitCategory) - {VisitCategory.ELDER} == {
        VisitCategory(c.value) for c in ChildCategory
    }


@pytest.mark.parametrize(
    "enum", [VisitMethod, VisitStatus, VisitCategory, TaskKind, TaskStatus, NoticeKind]
)
def test_labels_are_chinese_and_distinct(enum: type[LabelledStrEnum]) -> None:
    labels = [member.label for member in enum]
    assert len(set(labels)) == len(labels)
    assert all(any("\u4e00" <= char <= "\u9fff" for char in label) for label in labels)
