"""Benefit rates with effective dates, and the monthly amounts and back pay computed from them.

Amounts are integers in fen (分) throughout, so sums never drift; they become yuan only
for display. Every rate is a county setting with an effective date: a raise (提标)
decided in April may take effect from January, and the difference is owed (补发).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.months import Month, date_label
from minzheng_field.domain.programs import SelfCareLevel

FEN_PER_YUAN = 100


class RateKind(LabelledStrEnum):
    """What a rate is the amount of (per person per month unless said otherwise)."""

    DIBAO_URBAN_STANDARD = "dibao_urban_standard", "城市低保标准"
    DIBAO_RURAL_STANDARD = "dibao_rural_standard", "农村低保标准"
    # One rate per 分类施保 class; the class code is the rate's qualifier.
    DIBAO_CLASS_SUPPLEMENT = "dibao_class_supplement", "分类施保加发金额"
    TEKUN_BASIC_URBAN = "tekun_basic_urban", "城市特困人员基本生活标准"
    TEKUN_BASIC_RURAL = "tekun_basic_rural", "农村特困人员基本生活标准"
    TEKUN_CARE_FULL = "tekun_care_full", "特困人员全护理标准"
    TEKUN_CARE_SEMI = "tekun_care_semi", "特困人员半护理标准"
    TEKUN_CARE_SELF = "tekun_care_self", "特困人员全自理照料标准"
    DISABILITY_LIVING = "disability_living", "困难残疾人生活补贴标准"
    DISABILITY_CARE = "disability_care", "重度残疾人护理补贴标准"
    ORPHAN_INSTITUTION = "orphan_institution", "机构养育孤儿基本生活费标准"
    ORPHAN_SCATTERED = "orphan_scattered", "社会散居孤儿基本生活费标准"
    UNSUPPORTED_CHILD = "unsupported_child", "事实无人抚养儿童基本生活补贴标准"


TEKUN_CARE_KINDS: Mapping[SelfCareLevel, RateKind] = MappingProxyType(
    {
        SelfCareLevel.SELF_CARE: RateKind.TEKUN_CARE_SELF,
        SelfCareLevel.SEMI_CARE: RateKind.TEKUN_CARE_SEMI,
        SelfCareLevel.FULL_CARE: RateKind.TEKUN_CARE_FULL,
    }
)


@dataclass(frozen=True)
class Rate:
    """One rate as set by a county, in force from `effective_from` until the next one.

    `qualifier` tells apart rates of one kind: the class code of a 分类施保 supplement
    (required there), or whatever else a county distinguishes (e.g. a disability grade).
    """

    kind: RateKind
    amount_fen: int
    effective_from: date
    region_code: str
    qualifier: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.amount_fen, bool) or not isinstance(self.amount_fen, int):
            raise TypeError("Rate: amount_fen must be an int number of fen")
        if self.amount_fen < 0:
            raise ValueError("Rate: amount_fen cannot be negative")
        if RateKind(self.kind) is RateKind.DIBAO_CLASS_SUPPLEMENT and not self.qualifier:
            raise ValueError("Rate: a class supplement needs the class code as its qualifier")


class NoRateInForce(MinzhengError):
    """No rate of the wanted kind is in force on a day."""

    kind = "no_rate_in_force"

    def __init__(self, message: str, *, rate_kind: RateKind | None = None) -> None:
        super().__init__(message, kind="no_rate_in_force")
        self.rate_kind = rate_kind

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message,), {"rate_kind": self.rate_kind})


class ConflictingRates(MinzhengError):
    """Two different amounts of one rate take effect on the same day."""

    kind = "conflicting_rates"


def rate_in_force(
    rates: Iterable[Rate],
    kind: RateKind,
    on: date,
    *,
    qualifier: str = "",
    region_code: str | None = None,
) -> Rate:
    """The rate of `kind` in force on `on`: the latest whose effective date is on or before it."""
    kind = RateKind(kind)
    candidates = [
        rate
        for rate in rates
        if rate.kind == kind
        and rate.qualifier == qualifier
        and rate.effective_from <= on
        and (region_code is None or rate.region_code == region_code)
    ]
    if region_code is None and len({rate.region_code for rate in candidates}) > 1:
        raise ValueError("rate_in_force: rates of several regions given; pass region_code")
    what = kind.label + (f"（{qualifier}）" if qualifier else "")
    if not candidates:
        raise NoRateInForce(
            f"{date_label(on)}没有已生效的{what}，请在县级设置中录入该日期以前生效的标准。",
            rate_kind=kind,
        )
    latest = max(rate.effective_from for rate in candidates)
    in_force = {rate.amount_fen: rate for rate in candidates if rate.effective_from == latest}
    if len(in_force) > 1:
        raise ConflictingRates(
            f"{what}在{date_label(latest)}生效的金额有{len(in_force)}个不同的值，请核对县级设置。"
        )
    return next(iter(in_force.values()))


class AmountRounding(StrEnum):
    """How a monthly amount is rounded before payment."""

    # Most counties pay whole yuan, rounding half up; some pay to the fen or round up.
    HALF_UP_YUAN = "half_up_yuan"
    UP_YUAN = "up_yuan"
    DOWN_YUAN = "down_yuan"
    FEN = "fen"


def round_amount(amount_fen: int, rounding: AmountRounding = AmountRounding.HALF_UP_YUAN) -> int:
    """A non-negative amount in fen rounded as the county pays it."""
    if amount_fen < 0:
        raise ValueError("round_amount: amount cannot be negative")
    rounding = AmountRounding(rounding)
    if rounding is AmountRounding.FEN:
        return amount_fen
    yuan, rest = divmod(amount_fen, FEN_PER_YUAN)
    if rounding is AmountRounding.UP_YUAN:
        yuan += rest > 0
    elif rounding is AmountRounding.HALF_UP_YUAN:
        yuan += rest * 2 >= FEN_PER_YUAN
    return yuan * FEN_PER_YUAN


def dibao_monthly_amount(
    standard: int,
    per_capita_income: int,
    covered_members: int,
    class_supplements: Iterable[int] = (),
    *,
    rounding: AmountRounding = AmountRounding.HALF_UP_YUAN,
) -> int:
    """Monthly 低保 in fen by 补差: (standard − per-capita income) × covered + supplements."""
    if covered_members < 0:
        raise ValueError("dibao_monthly_amount: covered_members cannot be negative")
    if standard < 0:
        raise ValueError("dibao_monthly_amount: standard cannot be negative")
    supplements = list(class_supplements)
    if any(supplement < 0 for supplement in supplements):
        raise ValueError("dibao_monthly_amount: a class supplement cannot be negative")
    # A business loss counts as no income: the gap never exceeds the standard itself.
    income = max(per_capita_income, 0)
    if income >= standard or covered_members == 0:
        # Not eligible; keeping an amount during a 渐退期 is a decision, not this formula.
        return 0
    return round_amount((standard - income) * covered_members + sum(supplements), rounding)


def tekun_monthly_amount(
    basic: int, care_by_level: Mapping[SelfCareLevel, int], level: SelfCareLevel
) -> int:
    """Monthly 特困 support in fen: the basic living rate plus the care rate for the level."""
    level = SelfCareLevel(level)
    if level not in care_by_level:
        raise NoRateInForce(
            f"没有设置“{level.label}”的特困人员护理标准，请在县级设置中录入。",
            rate_kind=TEKUN_CARE_KINDS[level],
        )
    care = care_by_level[level]
    if basic < 0 or care < 0:
        raise ValueError("tekun_monthly_amount: rates cannot be negative")
    return basic + care


@dataclass(frozen=True)
class BackPay:
    """补发 owed after a rate change with a past effective date.

    `per_month` holds owed − paid for every month where they differ, in month order.
    Overpayments are kept apart in `overpaid`, never netted against what is owed:
    recovering them (追缴) is a separate decision.
    """

    total: int
    per_month: Mapping[Month, int] = field(hash=False)
    overpaid: int = 0


def back_pay_months(paid: Mapping[Month, int], owed: Mapping[Month, int]) -> BackPay:
    """Per-month difference between what was owed and what was paid; a missing month is 0."""
    differences = {
        month: owed.get(month, 0) - paid.get(month, 0)
        for month in sorted(set(paid) | set(owed))
        if owed.get(month, 0) != paid.get(month, 0)
    }
    return BackPay(
        total=sum(amount for amount in differences.values() if amount > 0),
        per_month=MappingProxyType(differences),
        overpaid=-sum(amount for amount in differences.values() if amount < 0),
    )


def yuan_label(amount_fen: int) -> str:
    """An amount as printed: 1050元, or 1050.50元 when it has fen."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(amount_fen), FEN_PER_YUAN)
    return f"{sign}{yuan}元" if fen == 0 else f"{sign}{yuan}.{fen:02d}元"
