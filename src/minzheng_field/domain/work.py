"""Vocabulary of field work: how and why a visit is made, tasks, and notices issued.

The values are what the vault stores in `visits`, `visit_plans`, `tasks` and `notices`;
the labels are what screens and printed documents show.
"""

from __future__ import annotations

from typing import Self

from minzheng_field.domain.care import ChildCategory
from minzheng_field.domain.labelled_enum import LabelledStrEnum


class VisitMethod(LabelledStrEnum):
    """How a visit was made (探访方式): each counts towards the monthly visit rate."""

    HOME = "home", "入户"
    PHONE = "phone", "电话"
    VIDEO = "video", "视频"


class VisitStatus(LabelledStrEnum):
    """A visit being written, or final (then corrected only by an amendment)."""

    DRAFT = "draft", "草稿"
    FINAL = "final", "已定稿"


class VisitCategory(LabelledStrEnum):
    """What a visit or a visit plan is for: an elder, or a child of a category."""

    ELDER = "elder", "老人"
    LEFT_BEHIND = ChildCategory.LEFT_BEHIND.value, ChildCategory.LEFT_BEHIND.label
    IN_DIFFICULTY = ChildCategory.IN_DIFFICULTY.value, ChildCategory.IN_DIFFICULTY.label
    ORPHAN = ChildCategory.ORPHAN.value, ChildCategory.ORPHAN.label
    UNSUPPORTED = ChildCategory.UNSUPPORTED.value, ChildCategory.UNSUPPORTED.label

    @classmethod
    def of_child(cls, category: ChildCategory | str) -> Self:
        """The visit category of a child's file category."""
        return cls(ChildCategory(category).value)


class TaskKind(LabelledStrEnum):
    """What a follow-up task is for (a form's follow-up rules name these kinds)."""

    REVIEW = "review", "复核"
    FOLLOW_UP = "follow_up", "跟进"
    DOCUMENTS = "documents", "补齐材料"
    # A child found unsupervised: the user reports at once by phone, the task records it.
    MANDATORY_REPORT = "mandatory_report", "强制报告"
    REFERRAL = "referral", "转介"


class ReportRecipient(LabelledStrEnum):
    """Whom a 强制报告 was made to."""

    POLICE = "police", "公安机关（110）"
    COUNTY_CIVIL_AFFAIRS = "county_civil_affairs", "县民政局"
    TOWNSHIP = "township", "乡镇人民政府（民政）"
    VILLAGE_COMMITTEE = "village_committee", "村（居）委会"
    OTHER = "other", "其他"


class ReportMethod(LabelledStrEnum):
    """How a 强制报告 was made (at once by phone, as a rule)."""

    PHONE = "phone", "电话"
    IN_PERSON = "in_person", "当面"
    WRITTEN = "written", "书面"


class TaskStatus(LabelledStrEnum):
    """Where a task stands."""

    OPEN = "open", "待办"
    DONE = "done", "已完成"
    CANCELLED = "cancelled", "已取消"


class NoticeKind(LabelledStrEnum):
    """A kind of document issued to a household."""

    APPROVAL = "approval", "确认（审批）通知书"
    REFUSAL = "refusal", "不予批准通知书"
    TERMINATION = "termination", "终止通知书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
