"""The care-file vocabulary keeps the values stored in vaults."""

from __future__ import annotations

from minzheng_field.domain.care import (
    CHILD_AGE_LIMITS,
    UNABLE_TO_GUARD,
    ChildCategory,
    ElderCategory,
    ParentSituation,
    RiskLevel,
)


def test_stored_values_stay_the_same() -> None:
    assert [c.value for c in ChildCategory] == [
        "left_behind",
        "in_difficulty",
        "orphan",
        "unsupported",
    ]
    assert [r.value for r in RiskLevel] == ["low", "medium", "high"]
    assert RiskLevel.HIGH.label == "高"
    assert ElderCategory("living_alone").label == "独居"


def test_every_child_category_has_an_age_limit() -> None:
    assert set(CHILD_AGE_LIMITS) == set(ChildCategory)
    assert CHILD_AGE_LIMITS[ChildCategory.LEFT_BEHIND] == 16


def test_a_parent_at_home_or_away_working_can_guard() -> None:
    assert ParentSituation.AT_HOME not in UNABLE_TO_GUARD
    assert ParentSituation.AWAY_WORKING not in UNABLE_TO_GUARD
    assert ParentSituation.IMPRISONED in UNABLE_TO_GUARD
