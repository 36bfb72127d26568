"""Tests of the coded fields of a person record."""

from __future__ import annotations

import pytest

from minzheng_field.domain.person_fields import (
    DisabilityCategory,
    DisabilityGrade,
    EmploymentStatus,
    Ethnicity,
    HealthStatus,
    LabourCapacity,
    MaritalStatus,
    PendingReason,
    Relationship,
    parse_ethnicity,
)


def test_there_are_56_ethnic_groups_coded_01_to_56_plus_other_and_foreign() -> None:
    codes = [ethnicity.value for ethnicity in Ethnicity]
    assert codes == [f"{n:02d}" for n in range(1, 57)] + ["97", "98"]
    assert len({ethnicity.label for ethnicity in Ethnicity}) == 58


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("01", "汉族"),
        ("06", "苗族"),
        ("12", "侗族"),
        ("13", "瑶族"),
        ("15", "土家族"),
        ("29", "柯尔克孜族"),
        ("36", "毛南族"),
        ("46", "德昂族"),
        ("56", "基诺族"),
        ("97", "其他"),
    ],
)
def test_ethnicity_codes_of_gb_3304(code: str, label: str) -> None:
    assert Ethnicity(code).label == label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("土家族", Ethnicity.TUJIA),
        ("土家", Ethnicity.TUJIA),
        (" 瑶族 ", Ethnicity.YAO),
        ("15", Ethnicity.TUJIA),
        ("1", Ethnicity.HAN),
        ("崩龙族", Ethnicity.DEANG),
        ("外国血统", Ethnicity.FOREIGN_ORIGIN),
        ("火星族", None),
        ("57", None),
        ("", None),
    ],
)
def test_parse_ethnicity(text: str, expected: Ethnicity | None) -> None:
    assert parse_ethnicity(text) is expected


def test_marital_status_codes_of_gb_t_2261_2() -> None:
    assert {m.value: m.label for m in MaritalStatus} == {
        "10": "未婚",
        "20": "已婚",
        "30": "丧偶",
        "40": "离婚",
        "90": "未说明的婚姻状况",
    }


def test_disability_codes_match_the_certificate_number() -> None:
    assert [c.value for c in DisabilityCategory] == list("1234567")
    assert DisabilityCategory("4").label == "肢体残疾"
    assert [g.label for g in DisabilityGrade] == ["一级", "二级", "三级", "四级"]


def test_labels_of_the_other_fields() -> None:
    assert [r.label for r in Relationship] == [
        "本人",
        "配偶",
        "子",
        "女",
        "儿媳",
        "女婿",
        "孙子女",
        "父母",
        "祖父母",
        "兄弟姐妹",
        "其他",
    ]
    assert [h.label for h in HealthStatus] == ["健康", "多病", "重病"]
    assert [c.label for c in LabourCapacity] == ["有", "部分丧失", "完全丧失", "无"]
    assert EmploymentStatus.STUDENT.label == "在校学生"
    assert [p.label for p in PendingReason] == [
        "未落户婴儿",
        "旧档案无号码",
        "证件遗失待补",
        "其他",
    ]


def test_values_round_trip_through_storage() -> None:
    for enum in (Relationship, HealthStatus, LabourCapacity, EmploymentStatus, PendingReason):
        for member in enum:
            assert enum(str(member)) is member
            assert enum.from_label(member.label) is member


def test_from_label_refuses_unknown_labels() -> None:
    with pytest.raises(ValueError, match="HealthStatus"):
        HealthStatus.from_label("很好")
