"""Vocabulary of child and elder care files: categories, parents' situations, guardians, risk.

The values are what the vault stores; the labels are what screens and printed forms show.
"""

from __future__ import annotations

from collections.abc import Mapping

from minzheng_field.domain.labelled_enum import LabelledStrEnum


class ChildCategory(LabelledStrEnum):
    """Why a child has a file."""

    LEFT_BEHIND = "left_behind", "留守儿童"
    IN_DIFFICULTY = "in_difficulty", "困境儿童"
    ORPHAN = "orphan", "孤儿"
    UNSUPPORTED = "unsupported", "事实无人抚养儿童"


# A child is in the category while younger than this many full years.
CHILD_AGE_LIMITS: Mapping[ChildCategory, int] = {
    ChildCategory.LEFT_BEHIND: 16,
    ChildCategory.IN_DIFFICULTY: 18,
    ChildCategory.ORPHAN: 18,
    ChildCategory.UNSUPPORTED: 18,
}


class ParentSituation(LabelledStrEnum):
    """A parent's situation as the 2016 留守 and 2019 事实无人抚养 opinions list them."""

    AT_HOME = "at_home", "在家监护"
    AWAY_WORKING = "away_working", "外出务工"
    DECEASED = "deceased", "死亡"
    MISSING = "missing", "失踪/失联"
    SEVERELY_DISABLED = "severely_disabled", "重残"
    SERIOUSLY_ILL = "seriously_ill", "重病"
    IMPRISONED = "imprisoned", "服刑在押"
    COMPULSORY_REHAB = "compulsory_rehab", "强制隔离戒毒"
    GUARDIANSHIP_REVOKED = "guardianship_revoked", "被撤销监护资格"
    DEPORTED = "deported", "被遣送出境"
    OTHER_UNABLE = "other_unable", "其他原因不能监护"


# A parent who cannot guard the child (留守: the one not away; 事实无人抚养: both).
UNABLE_TO_GUARD = frozenset(ParentSituation) - {
    ParentSituation.AT_HOME,
    ParentSituation.AWAY_WORKING,
}


class GuardianshipType(LabelledStrEnum):
    """Who has the care of the child."""

    PARENT = "parent", "父母一方监护"
    ENTRUSTED = "entrusted", "委托监护"
    RELATIVE = "relative", "亲属监护"
    INSTITUTION = "institution", "机构监护"
    OTHER = "other", "其他"


class GuardianCapacity(LabelledStrEnum):
    """How well the guardian can look after the child."""

    GOOD = "good", "有监护能力"
    WEAK = "weak", "监护能力较弱"
    NONE = "none", "无监护能力"


class RiskLevel(LabelledStrEnum):
    """Risk of a child or an elder, for visit frequency and follow-up."""

    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class ElderCategory(LabelledStrEnum):
    """Categories of 特殊困难老年人 (2022 national opinion on visits)."""

    LIVING_ALONE = "living_alone", "独居"
    EMPTY_NEST = "empty_nest", "空巢"
    LEFT_BEHIND = "left_behind", "留守"
    INCAPACITATED = "incapacitated", "失能"
    SEVERELY_DISABLED = "severely_disabled", "重残"
    FAMILY_PLANNING_SPECIAL = "family_planning_special", "计划生育特殊家庭"


# An elder's file is for persons of this many full years and over.
ELDER_MIN_AGE = 60
