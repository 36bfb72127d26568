"""Tests of rates in force, monthly amounts and back pay."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field.domain.months import Month
from minzheng_field.domain.programs import SelfCareLevel
from minzheng_field.domain.rates import (
    AmountRounding,
    BackPay,
    ConflictingRates,
    NoRateInForce,
    Rate,
    RateKind,
    back_pay_months,
    dibao_monthly_amount,
    rate_in_force,
    round_amount,
    tekun_monthly_amount,
    yuan_label,
)

FAST = settings(max_examples=200, deadline=None)
YONGXING = "431023"
YUAN = 100

RURAL = [
    Rate(RateKind.DIBAO_RURAL_STANDARD, 500 * YUAN, date(2025, 1, 1), YONGXING),
    # 提标 decided in April 2026, effective from 1 January 2026.
    Rate(RateKind.DIBAO_RURAL_STANDARD, 550 * YUAN, date(2026, 1, 1), YONGXING),
    Rate(RateKind.DIBAO_URBAN_STANDARD, 720 * YUAN, date(2026, 1, 1), YONGXING),
    Rate(RateKind.DIBAO_CLASS_SUPPLEMENT, 60 * YUAN, date(2026, 1, 1), YONGXING, "A"),
    Rate(RateKind.DIBAO_CLASS_SUPPLEMENT, 30 * YUAN, date(2026, 1, 1), YONGXING, "B"),
]


# --- rate in force ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2025, 12, 31), 500 * YUAN),  # the day before the change
        (date(2026, 1, 1), 550 * YUAN),  # the day of the change
        (date(2026, 1, 2), 550 * YUAN),  # the day after
        (date(2025, 1, 1), 500 * YUAN),
        (date(2030, 6, 1), 550 * YUAN),
    ],
)
def test_rate_in_force_around_a_change(day: date, amount: int) -> None:
    assert rate_in_force(RURAL, RateKind.DIBAO_RURAL_STANDARD, day).amount_fen == amount


def test_order_of_the_rates_does_not_matter() -> None:
    rate = rate_in_force(reversed(RURAL), RateKind.DIBAO_RURAL_STANDARD, date(2026, 2, 1))
    assert rate.amount_fen == 550 * YUAN


def test_no_rate_before_the_first_one_is_a_chinese_error() -> None:
    with pytest.raises(NoRateInForce, match="2024年12月31日没有已生效的农村低保标准") as raised:
        rate_in_force(RURAL, RateKind.DIBAO_RURAL_STANDARD, date(2024, 12, 31))
    assert raised.value.kind == "no_rate_in_force"
    assert raised.value.rate_kind is RateKind.DIBAO_RURAL_STANDARD


def test_class_supplements_are_rates_qualified_by_class() -> None:
    on = date(2026, 3, 1)
    a = rate_in_force(RURAL, RateKind.DIBAO_CLASS_SUPPLEMENT, on, qualifier="A")
    b = rate_in_force(RURAL, RateKind.DIBAO_CLASS_SUPPLEMENT, on, qualifier="B")
    assert (a.amount_fen, b.amount_fen) == (60 * YUAN, 30 * YUAN)
    with pytest.raises(NoRateInForce, match="分类施保加发金额（C）"):
        rate_in_force(RURAL, RateKind.DIBAO_CLASS_SUPPLEMENT, on, qualifier="C")


def test_a_class_supplement_needs_its_class() -> None:
    with pytest.raises(ValueError, match="class code"):
        Rate(RateKind.DIBAO_CLASS_SUPPLEMENT, 100, date(2026, 1, 1), YONGXING)


def test_rates_refuse_negative_and_non_integer_amounts() -> None:
    with pytest.raises(ValueError, match="negative"):
        Rate(RateKind.DISABILITY_CARE, -1, date(2026, 1, 1), YONGXING)
    with pytest.raises(TypeError, match="int"):
        Rate(RateKind.DISABILITY_CARE, 65.5, date(2026, 1, 1), YONGXING)  # type: ignore[arg-type]


def test_regions_are_told_apart() -> None:
    rates = [
        *RURAL,
        Rate(RateKind.DIBAO_RURAL_STANDARD, 600 * YUAN, date(2026, 1, 1), "431002"),
    ]
    on = date(2026, 2, 1)
    rate = rate_in_force(rates, RateKind.DIBAO_RURAL_STANDARD, on, region_code="431002")
    assert rate.amount_fen == 600 * YUAN
    with pytest.raises(ValueError, match="region_code"):
        rate_in_force(rates, RateKind.DIBAO_RURAL_STANDARD, on)


def test_two_amounts_on_the_same_day_are_a_conflict() -> None:
    rates = [*RURAL, Rate(RateKind.DIBAO_RURAL_STANDARD, 560 * YUAN, date(2026, 1, 1), YONGXING)]
    with pytest.raises(ConflictingRates, match="2026年1月1日"):
        rate_in_force(rates, RateKind.DIBAO_RURAL_STANDARD, date(2026, 2, 1))
    # The same rate entered twice is not a conflict.
    same = [*RURAL, RURAL[1]]
    assert rate_in_force(same, RateKind.DIBAO_RURAL_STANDARD, date(2026, 2, 1)) == RURAL[1]


# --- amounts ----------------------------------------------------------------------------


def test_dibao_by_the_gap_method() -> None:
    assert dibao_monthly_amount(550 * YUAN, 200 * YUAN, 3) == 1050 * YUAN


def test_dibao_adds_the_class_supplements() -> None:
    assert dibao_monthly_amount(550 * YUAN, 200 * YUAN, 3, [60 * YUAN, 30 * YUAN]) == 1140 * YUAN


@pytest.mark.parametrize("income", [550 * YUAN, 551 * YUAN, 2000 * YUAN])
def test_dibao_is_zero_when_income_reaches_the_standard(income: int) -> None:
    assert dibao_monthly_amount(550 * YUAN, income, 3, [60 * YUAN]) == 0


def test_dibao_treats_a_loss_as_no_income() -> None:
    assert dibao_monthly_amount(550 * YUAN, -300 * YUAN, 2) == 1100 * YUAN


def test_dibao_with_nobody_covered_is_zero() -> None:
    assert dibao_monthly_amount(550 * YUAN, 0, 0, [60 * YUAN]) == 0


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        (AmountRounding.HALF_UP_YUAN, 1051 * YUAN),
        (AmountRounding.UP_YUAN, 1051 * YUAN),
        (AmountRounding.DOWN_YUAN, 1050 * YUAN),
        (AmountRounding.FEN, 105051),
    ],
)
def test_dibao_rounding_is_a_parameter(rounding: AmountRounding, expected: int) -> None:
    # 550 − 199.83 = 350.17 per person, × 3 = 1050.51.
    assert dibao_monthly_amount(55000, 19983, 3, rounding=rounding) == expected


@pytest.mark.parametrize(
    ("fen", "half_up", "up", "down"),
    [(0, 0, 0, 0), (149, 100, 200, 100), (150, 200, 200, 100), (100, 100, 100, 100)],
)
def test_round_amount(fen: int, half_up: int, up: int, down: int) -> None:
    assert round_amount(fen) == half_up
    assert round_amount(fen, AmountRounding.UP_YUAN) == up
    assert round_amount(fen, AmountRounding.DOWN_YUAN) == down
    assert round_amount(fen, AmountRounding.FEN) == fen


def test_dibao_refuses_impossible_inputs() -> None:
    with pytest.raises(ValueError, match="covered_members"):
        dibao_monthly_amount(55000, 0, -1)
    with pytest.raises(ValueError, match="supplement"):
        dibao_monthly_amount(55000, 0, 1, [-100])


@FAST
@given(
    st.integers(0, 200_000),
    st.integers(-100_000, 300_000),
    st.integers(0, 12),
    st.lists(st.integers(0, 20_000), max_size=5),
)
def test_dibao_is_never_negative_and_always_whole_yuan(
    standard: int, income: int, covered: int, supplements: list[int]
) -> None:
    amount = dibao_monthly_amount(standard, income, covered, supplements)
    assert amount >= 0
    assert amount % YUAN == 0


CARE = {
    SelfCareLevel.SELF_CARE: 50 * YUAN,
    SelfCareLevel.SEMI_CARE: 200 * YUAN,
    SelfCareLevel.FULL_CARE: 600 * YUAN,
}


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (SelfCareLevel.SELF_CARE, 765 * YUAN),
        (SelfCareLevel.SEMI_CARE, 915 * YUAN),
        (SelfCareLevel.FULL_CARE, 1315 * YUAN),
    ],
)
def test_tekun_is_basic_plus_care(level: SelfCareLevel, expected: int) -> None:
    assert tekun_monthly_amount(715 * YUAN, CARE, level) == expected


def test_tekun_without_a_care_rate_for_the_level_is_an_error() -> None:
    care = {SelfCareLevel.SELF_CARE: 50 * YUAN}
    with pytest.raises(NoRateInForce, match="全护理") as raised:
        tekun_monthly_amount(715 * YUAN, care, SelfCareLevel.FULL_CARE)
    assert raised.value.rate_kind is RateKind.TEKUN_CARE_FULL


# --- back pay ---------------------------------------------------------------------------


def test_back_pay_for_a_raise_decided_in_april_effective_from_january() -> None:
    # Standard 500 → 550 from January, decided in April; income 200 per person, 3 covered.
    months = Month.range(Month(2026, 1), Month(2026, 4))
    paid_standard = {m: (550 if m >= Month(2026, 4) else 500) * YUAN for m in months}
    owed_standard = {m: 550 * YUAN for m in months}
    paid = {m: dibao_monthly_amount(s, 200 * YUAN, 3) for m, s in paid_standard.items()}
    owed = {m: dibao_monthly_amount(s, 200 * YUAN, 3) for m, s in owed_standard.items()}

    back_pay = back_pay_months(paid, owed)

    assert back_pay.per_month == {
        Month(2026, 1): 150 * YUAN,
        Month(2026, 2): 150 * YUAN,
        Month(2026, 3): 150 * YUAN,
    }
    assert back_pay.total == 450 * YUAN
    assert back_pay.overpaid == 0
    assert list(back_pay.per_month) == sorted(back_pay.per_month)


def test_back_pay_across_a_year_end_and_missed_payments() -> None:
    paid = {Month(2025, 12): 900 * YUAN}
    owed = {Month(2025, 12): 1000 * YUAN, Month(2026, 1): 1000 * YUAN}
    back_pay = back_pay_months(paid, owed)
    assert back_pay.per_month == {Month(2025, 12): 100 * YUAN, Month(2026, 1): 1000 * YUAN}
    assert back_pay.total == 1100 * YUAN


def test_overpayments_are_reported_apart_not_netted() -> None:
    paid = {Month(2026, 1): 1000 * YUAN, Month(2026, 2): 1000 * YUAN}
    owed = {Month(2026, 1): 1100 * YUAN, Month(2026, 2): 900 * YUAN}
    back_pay = back_pay_months(paid, owed)
    assert back_pay == BackPay(
        total=100 * YUAN,
        per_month={Month(2026, 1): 100 * YUAN, Month(2026, 2): -100 * YUAN},
        overpaid=100 * YUAN,
    )


def test_nothing_owed_when_nothing_changed() -> None:
    same = {Month(2026, 1): 500 * YUAN}
    assert back_pay_months(same, same) == BackPay(0, {}, 0)


@FAST
@given(
    st.dictionaries(
        st.builds(Month, st.integers(2020, 2030), st.integers(1, 12)),
        st.tuples(st.integers(0, 500_000), st.integers(0, 500_000)),
        max_size=24,
    )
)
def test_back_pay_balances(amounts: dict[Month, tuple[int, int]]) -> None:
    paid = {m: p for m, (p, _) in amounts.items()}
    owed = {m: o for m, (_, o) in amounts.items()}
    back_pay = back_pay_months(paid, owed)
    assert back_pay.total - back_pay.overpaid == sum(owed.values()) - sum(paid.values())
    assert back_pay.total >= 0
    assert back_pay.overpaid >= 0


def test_yuan_label() -> None:
    assert yuan_label(105000) == "1050元"
    assert yuan_label(105050) == "1050.50元"
    assert yuan_label(-5) == "-0.05元"
