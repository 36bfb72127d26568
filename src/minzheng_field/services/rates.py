"""Rates with effective dates (county rules), the monthly amounts they give, and back pay (补发).

Decisions:
- A rate row's `region_code` is a division code: the county normally, or the city, the
  province or the township. For a household the most specific region that has a rate of
  the kind in force wins (a township rate over the county's, the county's over the city's).
- Rates take effect on the 1st of a month: benefits are paid by the month, so the amount of
  a month is the one of the rates in force on its first day.
- A 分类施保 supplement keeps its class code in the row's `qualifier` (every other kind has
  none); `rates_in_force` keys a qualified rate as `rate_key(kind, qualifier)`.
- 补发 is computed, never stored: for each month from the rate's effective month up to the
  month before the decision, the amount the rates gave before the change is compared with
  the amount they give with it, using the enrolment's status history (paid months) and the
  values in force that month (保障人口, income, class, 供养方式, 自理能力, village), read from
  the `basis` each enrolment event recorded when it was written.
- The basis of a month is the one of the latest event effective by then (from the month of
  its date). Events effective the same day are taken in the order they were recorded:
  by `updated_at`, and in the same clock tick by the order the rows were inserted (SQLite's
  rowid), which is the order made for local events and the order pulled for synced ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from minzheng_field.domain.divisions import InvalidDivisionCode, normalize_division_code
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.months import Month, date_label
from minzheng_field.domain.programs import (
    EnrolmentStatus,
    Program,
    SelfCareLevel,
    SupportMode,
)
from minzheng_field.domain.rates import (
    TEKUN_CARE_KINDS,
    AmountRounding,
    NoRateInForce,
    Rate,
    RateKind,
    back_pay_months,
    dibao_monthly_amount,
    rate_in_force,
    tekun_monthly_amount,
    yuan_label,
)
from minzheng_field.services.context import Actor, township_code
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.recording import Change, record_create
from minzheng_field.store.models import (
    CountyRule,
    Enrolment,
    EnrolmentEvent,
    Household,
    RateRow,
)

# The separator of `rate_key`; never stored.
QUALIFIER_SEPARATOR = ":"
# As long as an enrolment's 分类施保 class may be.
LONGEST_QUALIFIER = 16
# A guard against yuan typed where fen are meant (or a digit too many): no monthly rate of
# these programs comes near 20,000 yuan.
HIGHEST_RATE_FEN = 2_000_000
ROUNDING_RULE = "amount_rounding"

# Fields of an enrolment that its monthly amount depends on.
AMOUNT_FIELDS = (
    "covered_members",
    "per_capita_income_fen",
    "dibao_class",
    "support_mode",
    "self_care_level",
)
# What an enrolment event's `basis` holds: those fields and the household's village, whose
# code decides urban or rural standards and which region's rates apply.
BASIS_FIELDS = ("village_code", *AMOUNT_FIELDS)

_PROGRAMS_OF_KIND: Mapping[RateKind, Program] = {
    RateKind.DIBAO_URBAN_STANDARD: Program.DIBAO,
    RateKind.DIBAO_RURAL_STANDARD: Program.DIBAO,
    RateKind.DIBAO_CLASS_SUPPLEMENT: Program.DIBAO,
    RateKind.TEKUN_BASIC_URBAN: Program.TEKUN,
    RateKind.TEKUN_BASIC_RURAL: Program.TEKUN,
    RateKind.TEKUN_CARE_FULL: Program.TEKUN,
    RateKind.TEKUN_CARE_SEMI: Program.TEKUN,
    RateKind.TEKUN_CARE_SELF: Program.TEKUN,
    RateKind.DISABILITY_LIVING: Program.DISABILITY_LIVING_SUBSIDY,
    RateKind.DISABILITY_CARE: Program.DISABILITY_CARE_SUBSIDY,
    RateKind.ORPHAN_INSTITUTION: Program.ORPHAN,
    RateKind.ORPHAN_SCATTERED: Program.ORPHAN,
    RateKind.UNSUPPORTED_CHILD: Program.UNSUPPORTED_CHILD,
}
_PAID_STATUSES = (EnrolmentStatus.APPROVED, EnrolmentStatus.SUSPENDED, EnrolmentStatus.STOPPED)


@dataclass(frozen=True)
class RateInput:
    """One rate to add (for seeding a demo or a test)."""

    kind: RateKind | str
    region_code: str
    amount_fen: int
    effective_from: date
    qualifier: str = ""
    decided_on: date | None = None
    note: str | None = None


@dataclass(frozen=True)
class RateChange:
    """A rate row that was added, and its recorded change."""

    rate_id: str
    rate: Rate
    decided_on: date | None
    change: Change


@dataclass(frozen=True)
class BackPayMonth:
    """One month of 补发: what the rates gave before the change and what they give now."""

    month: Month
    old_amount_fen: int
    new_amount_fen: int

    @property
    def difference_fen(self) -> int:
        """New minus old (negative for an overpayment)."""
        return self.new_amount_fen - self.old_amount_fen


@dataclass(frozen=True)
class BackPayLine:
    """What one enrolment is owed (or was overpaid) after a rate change with a past date."""

    enrolment_id: str
    household_id: str
    person_id: str | None
    program: Program
    village_code: str
    months: tuple[BackPayMonth, ...]
    total_fen: int
    overpaid_fen: int


@dataclass(frozen=True)
class AmountBasis:
    """What an enrolment's monthly amount is computed from, besides the rates."""

    program: Program
    village_code: str
    covered_members: int | None = None
    per_capita_income_fen: int | None = None
    dibao_class: str | None = None
    support_mode: str | None = None
    self_care_level: str | None = None

    def with_values(self, values: Mapping[str, Any]) -> AmountBasis:
        """The same basis with some basis fields (the village, amount fields) replaced."""
        fields = {name: values[name] for name in BASIS_FIELDS if name in values}
        return AmountBasis(
            program=self.program,
            village_code=fields.get("village_code") or self.village_code,
            covered_members=fields.get("covered_members", self.covered_members),
            per_capita_income_fen=fields.get("per_capita_income_fen", self.per_capita_income_fen),
            dibao_class=fields.get("dibao_class", self.dibao_class),
            support_mode=fields.get("support_mode", self.support_mode),
            self_care_level=fields.get("self_care_level", self.self_care_level),
        )

    def as_json(self) -> dict[str, Any]:
        """The basis as an enrolment event stores it (every field, None where unset)."""
        values = {
            "village_code": self.village_code,
            "covered_members": self.covered_members,
            "per_capita_income_fen": self.per_capita_income_fen,
            "dibao_class": self.dibao_class,
            "support_mode": self.support_mode,
            "self_care_level": self.self_care_level,
        }
        # Enum members become their plain values: the dict goes into a JSON column.
        return {
            name: str(value) if isinstance(value, str) else value for name, value in values.items()
        }

    @classmethod
    def from_json(
        cls, program: Program, stored: Mapping[str, Any], village_code: str
    ) -> AmountBasis:
        """A basis stored by an enrolment event; `village_code` where it names none."""
        return cls(program=program, village_code=village_code).with_values(stored)


def rate_key(kind: RateKind | str, qualifier: str = "") -> str:
    """The key of a rate in `rates_in_force`: the kind, and the qualifier if it has one."""
    kind = RateKind(kind)
    return f"{kind.value}{QUALIFIER_SEPARATOR}{qualifier}" if qualifier else kind.value


def _stored_kind(row: RateRow) -> RateKind | None:
    try:
        return RateKind(row.kind)
    except ValueError:
        return None


def region_chain(code: str) -> list[str]:
    """A division code and the regions above it, most specific first."""
    chain = [code]
    if len(code) == 12:
        chain.append(code[:9])
    if len(code) >= 9:
        chain.append(code[:6])
    if not code[:6].endswith("00"):
        chain.append(code[:4] + "00")
    if not code[:6].endswith("0000"):
        chain.append(code[:2] + "0000")
    return chain


def is_urban(village_code: str) -> bool:
    """Whether a village-level code is a 社区/居委会 (001–199) rather than a 村 (200–399)."""
    return len(village_code) == 12 and int(village_code[9:]) < 200


@dataclass(frozen=True)
class _StoredRate:
    rate_id: str
    rate: Rate
    decided_on: date | None


class RateBook:
    """The rates of a vault, for looking up what is in force for a village on a day."""

    def __init__(self, rates: Iterable[_StoredRate]) -> None:
        self._rates = tuple(rates)
        self._by_key: dict[tuple[RateKind, str], list[Rate]] = {}
        for stored in self._rates:
            key = (stored.rate.kind, stored.rate.qualifier)
            self._by_key.setdefault(key, []).append(stored.rate)

    @classmethod
    def load(cls, session: Session) -> RateBook:
        """Every live rate row of the vault."""
        return cls(_stored_rates(session))

    def without(self, rate_id: str) -> RateBook:
        """The same rates without one row (what the rates gave before it was added)."""
        return RateBook(stored for stored in self._rates if stored.rate_id != rate_id)

    def decided_by(self, day: date) -> RateBook:
        """The rates known on `day`: rows decided later are left out."""
        return RateBook(
            stored
            for stored in self._rates
            if stored.decided_on is None or stored.decided_on <= day
        )

    def get(self, kind: RateKind, on: date, region_code: str, qualifier: str = "") -> Rate:
        """The rate of `kind` in force on `on` for a region: its own, or the nearest above it."""
        candidates = self._by_key.get((RateKind(kind), qualifier), [])
        for region in region_chain(region_code):
            if any(r.region_code == region and r.effective_from <= on for r in candidates):
                return rate_in_force(candidates, kind, on, qualifier=qualifier, region_code=region)
        # No region has one: let the domain say so in its words.
        return rate_in_force((), kind, on, qualifier=qualifier)

    def in_force(self, on: date, region_code: str) -> dict[str, Rate]:
        """Every rate in force on `on` for a region, keyed by `rate_key`."""
        found: dict[str, Rate] = {}
        for kind, qualifier in sorted(self._by_key):
            try:
                found[rate_key(kind, qualifier)] = self.get(kind, on, region_code, qualifier)
            except NoRateInForce:
                continue
        return found


def _stored_rates(session: Session) -> Iterator[_StoredRate]:
    rows = session.scalars(select(RateRow).where(RateRow.deleted.is_(False))).all()
    for row in rows:
        rate = _rate_of(row)
        if rate is None:
            # A kind of a newer app version, or a supplement without its class: not ours to use.
            continue
        yield _StoredRate(row.id, rate, row.decided_on)


def _rate_of(row: RateRow) -> Rate | None:
    kind = _stored_kind(row)
    if kind is None:
        return None
    qualifier = row.qualifier or ""
    if kind is RateKind.DIBAO_CLASS_SUPPLEMENT and not qualifier:
        return None
    return Rate(kind, row.amount_fen, row.effective_from, row.region_code, qualifier)


def county_rule_value(session: Session, key: str, on: date, default: Any) -> Any:
    """The value of a county rule in force on `on`, or `default` when none is."""
    value = session.scalar(
        select(CountyRule.value)
        .where(
            CountyRule.key == key,
            CountyRule.effective_from <= on,
            CountyRule.deleted.is_(False),
        )
        .order_by(CountyRule.effective_from.desc(), CountyRule.updated_at.desc())
        .limit(1)
    )
    return default if value is None else value


class InvalidCountyRule(MinzhengError):
    """A county rule whose value cannot be used."""

    kind = "invalid_county_rule"


def amount_rounding(session: Session, on: date) -> AmountRounding:
    """How the county rounds monthly amounts on `on` (whole yuan, half up, unless a rule says)."""
    value = county_rule_value(session, ROUNDING_RULE, on, AmountRounding.HALF_UP_YUAN.value)
    try:
        return AmountRounding(value)
    except ValueError:
        raise InvalidCountyRule("县级设置中保障金取整方式的值无法识别，请核对县级设置。") from None


def monthly_amount(
    basis: AmountBasis,
    book: RateBook,
    on: date,
    rounding: AmountRounding = AmountRounding.HALF_UP_YUAN,
    *,
    missing_supplement_is_zero: bool = False,
) -> int | None:
    """The monthly amount in fen the rates in force on `on` give; None for unpaid programs."""
    program = Program(basis.program)
    region = basis.village_code
    urban = is_urban(region)
    if program is Program.DIBAO:
        if basis.per_capita_income_fen is None or basis.covered_members is None:
            return None
        kind = RateKind.DIBAO_URBAN_STANDARD if urban else RateKind.DIBAO_RURAL_STANDARD
        standard = book.get(kind, on, region).amount_fen
        supplements: list[int] = []
        if basis.dibao_class:
            try:
                supplement = book.get(
                    RateKind.DIBAO_CLASS_SUPPLEMENT, on, region, basis.dibao_class
                )
                supplements.append(supplement.amount_fen)
            except NoRateInForce:
                if not missing_supplement_is_zero:
                    raise
        return dibao_monthly_amount(
            standard,
            basis.per_capita_income_fen,
            basis.covered_members,
            supplements,
            rounding=rounding,
        )
    if program is Program.TEKUN:
        if basis.self_care_level is None:
            return None
        level = SelfCareLevel(basis.self_care_level)
        kind = RateKind.TEKUN_BASIC_URBAN if urban else RateKind.TEKUN_BASIC_RURAL
        basic = book.get(kind, on, region).amount_fen
        care = book.get(TEKUN_CARE_KINDS[level], on, region).amount_fen
        return tekun_monthly_amount(basic, {level: care}, level)
    if program is Program.ORPHAN:
        kind = (
            RateKind.ORPHAN_INSTITUTION
            if basis.support_mode == SupportMode.CENTRALISED
            else RateKind.ORPHAN_SCATTERED
        )
        return book.get(kind, on, region).amount_fen
    single = {
        Program.DISABILITY_LIVING_SUBSIDY: RateKind.DISABILITY_LIVING,
        Program.DISABILITY_CARE_SUBSIDY: RateKind.DISABILITY_CARE,
        Program.UNSUPPORTED_CHILD: RateKind.UNSUPPORTED_CHILD,
    }.get(program)
    if single is None:
        # 低保边缘 is monitored, 临时救助 is paid once.
        return None
    return book.get(single, on, region).amount_fen


def _require_township_staff(actor: Actor) -> None:
    if not actor.sees_whole_township:
        raise Forbidden("标准由县级设定，只有乡镇民政工作人员可以录入。")


def _validated(session: Session, item: RateInput, township: str) -> RateRow:
    try:
        kind = RateKind(item.kind)
    except ValueError:
        raise InvalidInput("kind", "没有这种保障标准，请从列表中选择。") from None
    amount = item.amount_fen
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidInput("amount_fen", "标准金额须为整数（以分为单位）。")
    if amount <= 0:
        raise InvalidInput("amount_fen", f"{kind.label}须大于0元。")
    if amount > HIGHEST_RATE_FEN:
        raise InvalidInput(
            "amount_fen",
            f"{kind.label}{yuan_label(amount)}超出合理范围，请核对是否多输了位数或把元当成了分。",
        )
    qualifier = (item.qualifier or "").strip()
    if kind is RateKind.DIBAO_CLASS_SUPPLEMENT:
        if not qualifier:
            raise InvalidInput("qualifier", "分类施保加发金额须注明适用的类别（如A类）。")
        if len(qualifier) > LONGEST_QUALIFIER:
            raise InvalidInput("qualifier", f"分类施保类别名称不超过{LONGEST_QUALIFIER}个字。")
    elif qualifier:
        raise InvalidInput("qualifier", f"{kind.label}不分类别，不填类别。")
    if not isinstance(item.effective_from, date):
        raise InvalidInput("effective_from", "请填写标准的生效日期。")
    if item.effective_from.day != 1:
        raise InvalidInput(
            "effective_from", "保障金按月发放，标准须从某月1日起生效；请把生效日期改为当月1日。"
        )
    if item.decided_on is not None and not isinstance(item.decided_on, date):
        raise InvalidInput("decided_on", "决定日期格式不对，请重新选择日期。")
    try:
        region = normalize_division_code(item.region_code or "")
    except InvalidDivisionCode as error:
        raise InvalidInput("region_code", error.message) from None
    if region not in region_chain(township):
        raise InvalidInput(
            "region_code", "标准的适用地区须为本乡镇或其所属的县（市、区）、市、省。"
        )
    duplicate = session.scalar(
        select(RateRow).where(
            RateRow.kind == kind.value,
            RateRow.qualifier == qualifier,
            RateRow.region_code == region,
            RateRow.effective_from == item.effective_from,
            RateRow.deleted.is_(False),
        )
    )
    if duplicate is not None:
        raise InvalidInput(
            "effective_from",
            f"已有{date_label(item.effective_from)}起生效的{kind.label}"
            f"（{yuan_label(duplicate.amount_fen)}），同一天不能有两个标准；请核对原记录。",
        )
    note = (item.note or "").strip() or None
    return RateRow(
        kind=kind.value,
        qualifier=qualifier,
        region_code=region,
        amount_fen=amount,
        effective_from=item.effective_from,
        decided_on=item.decided_on,
        note=note,
    )


def _rate_change(row: RateRow, change: Change) -> RateChange:
    rate = _rate_of(row)
    assert rate is not None
    return RateChange(row.id, rate, row.decided_on, change)


def add_rate(
    session: Session,
    actor: Actor,
    *,
    kind: RateKind | str,
    region_code: str,
    amount_fen: int,
    effective_from: date,
    qualifier: str = "",
    decided_on: date | None = None,
    note: str | None = None,
) -> RateChange:
    """Add a rate with its effective date (a synced county rule row)."""
    return seed_rates(
        session,
        actor,
        [
            RateInput(
                kind=kind,
                region_code=region_code,
                amount_fen=amount_fen,
                effective_from=effective_from,
                qualifier=qualifier,
                decided_on=decided_on,
                note=note,
            )
        ],
    )[0]


def seed_rates(session: Session, actor: Actor, rates: Iterable[RateInput]) -> list[RateChange]:
    """Add several rates; all are checked before the first is written."""
    _require_township_staff(actor)
    township = township_code(session)
    rows: list[RateRow] = []
    seen: set[tuple[str, str, str, date]] = set()
    for item in rates:
        row = _validated(session, item, township)
        key = (row.kind, row.qualifier, row.region_code, row.effective_from)
        if key in seen:
            raise InvalidInput(
                "effective_from",
                f"同一个标准在{date_label(row.effective_from)}生效的金额录入了两次，请核对。",
            )
        seen.add(key)
        rows.append(row)
    return [_rate_change(row, record_create(session, actor, row)) for row in rows]


def rates_in_force(session: Session, on: date, region_code: str) -> dict[str, Rate]:
    """Every rate in force on `on` for a region (a village, township or county code).

    Keys are `rate_key(kind, qualifier)`; an unqualified kind may be looked up by its
    `RateKind` directly.
    """
    try:
        region = normalize_division_code(region_code)
    except InvalidDivisionCode as error:
        raise InvalidInput("region_code", error.message) from None
    return RateBook.load(session).in_force(on, region)


def back_pay_due(
    session: Session,
    *,
    change: RateChange | str,
    decided_on: date | None = None,
) -> list[BackPayLine]:
    """The 补发 owed for a rate (a RateChange or a rate id) whose effective month lies
    before the month it was decided, per enrolment and month; computed, never stored."""
    rate_id = change.rate_id if isinstance(change, RateChange) else change
    row = session.get(RateRow, rate_id)
    rate = None if row is None or row.deleted else _rate_of(row)
    if row is None or rate is None:
        raise NotFound("保障标准")
    decided = decided_on or row.decided_on
    if decided is None:
        raise InvalidInput("decided_on", "请填写调整标准的决定日期，才能计算补发。")
    first = Month.from_date(row.effective_from)
    # The decision month is paid at the new amount already; the months before are owed.
    last = Month.from_date(decided).previous()
    if last < first:
        return []
    book = RateBook.load(session).decided_by(decided)
    before = book.without(rate_id)
    program = _PROGRAMS_OF_KIND[rate.kind]
    roundings = {
        month: amount_rounding(session, month.first_day()) for month in Month.range(first, last)
    }
    lines = []
    for enrolment, village_code in _enrolments_paid_between(session, program, first, last):
        line = _back_pay_line(
            session, enrolment, village_code, row.region_code, roundings, before, book
        )
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda line: (line.village_code, line.household_id, line.person_id or ""))
    return lines


def _enrolments_paid_between(
    session: Session, program: Program, first: Month, last: Month
) -> list[tuple[Enrolment, str]]:
    statement = (
        select(Enrolment, Household.village_code)
        .join(Household, Household.id == Enrolment.household_id)
        .where(
            Enrolment.program == program.value,
            Enrolment.deleted.is_(False),
            Enrolment.status.in_([status.value for status in _PAID_STATUSES]),
            Enrolment.start_month.is_not(None),
            Enrolment.start_month <= last.first_day(),
            (Enrolment.end_month.is_(None)) | (Enrolment.end_month >= first.first_day()),
        )
        .order_by(Household.village_code, Enrolment.household_id)
    )
    return [(enrolment, village) for enrolment, village in session.execute(statement).all()]


def _back_pay_line(
    session: Session,
    enrolment: Enrolment,
    village_code: str,
    rate_region: str,
    roundings: Mapping[Month, AmountRounding],
    before: RateBook,
    after: RateBook,
) -> BackPayLine | None:
    events = _events(session, enrolment.id)
    history = basis_history(session, enrolment, village_code, events)
    if not any(rate_region in region_chain(basis.village_code) for basis in history.bases()):
        # The rate is another region's: it changes nothing for this enrolment.
        return None
    months = paid_months(enrolment, events, min(roundings), max(roundings))
    if not months:
        return None
    old: dict[Month, int] = {}
    new: dict[Month, int] = {}
    for month in months:
        day = month.first_day()
        basis = history.basis_for(month)
        rounding = roundings[month]
        old[month] = (
            monthly_amount(basis, before, day, rounding, missing_supplement_is_zero=True) or 0
        )
        new[month] = (
            monthly_amount(basis, after, day, rounding, missing_supplement_is_zero=True) or 0
        )
    owed = back_pay_months(paid=old, owed=new)
    if not owed.per_month:
        return None
    return BackPayLine(
        enrolment_id=enrolment.id,
        household_id=enrolment.household_id,
        person_id=enrolment.person_id,
        program=Program(enrolment.program),
        village_code=village_code,
        months=tuple(BackPayMonth(month, old[month], new[month]) for month in owed.per_month),
        total_fen=owed.total,
        overpaid_fen=owed.overpaid,
    )


def _events(session: Session, enrolment_id: str) -> list[EnrolmentEvent]:
    """An enrolment's live events, by effective date and then in the order recorded."""
    return list(
        session.scalars(
            select(EnrolmentEvent)
            .where(EnrolmentEvent.enrolment_id == enrolment_id, EnrolmentEvent.deleted.is_(False))
            .order_by(
                EnrolmentEvent.effective_on,
                EnrolmentEvent.updated_at,
                # Insertion order, for events recorded in one clock tick.
                literal_column("enrolment_events.rowid"),
            )
        ).all()
    )


def paid_months(
    enrolment: Enrolment, events: Sequence[EnrolmentEvent], first: Month, last: Month
) -> list[Month]:
    """The months from `first` to `last` in which an enrolment was paid.

    Paid from the start month to the end month, less the months it was suspended: a
    suspension stops payment from the month after its date (like a stop), a resumption
    pays again from the month of its date.
    """
    if enrolment.start_month is None:
        return []
    start = max(Month.from_date(enrolment.start_month), first)
    end = last
    if enrolment.end_month is not None:
        end = min(end, Month.from_date(enrolment.end_month))
    unpaid: set[Month] = set()
    suspended_from: Month | None = None
    for event in events:
        if event.from_status == event.to_status:
            continue
        if event.to_status == EnrolmentStatus.SUSPENDED:
            suspended_from = Month.from_date(event.effective_on).next()
        elif event.from_status == EnrolmentStatus.SUSPENDED and suspended_from is not None:
            resumed = Month.from_date(event.effective_on)
            unpaid.update(Month.range(suspended_from, resumed.previous()))
            suspended_from = None
    if suspended_from is not None:
        unpaid.update(Month.range(suspended_from, end))
    return [month for month in Month.range(start, end) if month not in unpaid]


@dataclass(frozen=True)
class BasisHistory:
    """The amount basis of an enrolment month by month: (from month, basis), oldest first."""

    initial: AmountBasis
    changes: tuple[tuple[Month, AmountBasis], ...]

    def basis_for(self, month: Month) -> AmountBasis:
        """The basis in force in `month`: the one of the latest change applying by then."""
        found = self.initial
        for since, basis in self.changes:
            if since > month:
                break
            found = basis
        return found

    def bases(self) -> list[AmountBasis]:
        """Every basis the enrolment had, oldest first."""
        return [self.initial, *(basis for _since, basis in self.changes)]


def basis_history(
    session: Session,
    enrolment: Enrolment,
    village_code: str,
    events: Sequence[EnrolmentEvent] | None = None,
) -> BasisHistory:
    """The values an enrolment's amount was computed from over time, from its events.

    Each event stored its basis when it was written; it applies from the month of the
    event's date. `village_code` (the household's today) stands in for a basis that names
    no village; an enrolment none of whose events has a basis is taken at today's values.
    """
    if events is None:
        events = _events(session, enrolment.id)
    program = Program(enrolment.program)
    stored = [
        (Month.from_date(event.effective_on), event.basis)
        for event in sorted(events, key=_event_order)
        if event.basis is not None
    ]
    if not stored:
        today = AmountBasis(program=program, village_code=village_code).with_values(
            {name: getattr(enrolment, name) for name in AMOUNT_FIELDS}
        )
        return BasisHistory(initial=today, changes=())
    bases = [
        (since, AmountBasis.from_json(program, values, village_code)) for since, values in stored
    ]
    return BasisHistory(initial=bases[0][1], changes=tuple(bases[1:]))


def _event_order(event: EnrolmentEvent) -> date:
    # Stable: events of one effective date keep the order `_events` read them in.
    return event.effective_on
