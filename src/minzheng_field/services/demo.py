"""A synthetic, realistic demo township: households, people, programs, files and a year of visits.

`generate_demo_township` fills an empty, unlocked vault with a caseload of the size a real
township keeps (a few thousand people: enrolled households and their members, children and
elders under care), or up to tens of thousands for stress tests. It is a **baseline import**,
like loading the national systems' export: rows get version 1 (as if already synced) and no
audit or outbox entries are written, because nothing was changed on this device. Rows are
updated by the importing user, except visits and the tasks they raised: those by their
visitor, the cadre / 儿童主任 of the person's village who made them (as in the visit plans).
The importer is the township's 民政专干: the visitor of the 低保 reviews (入户调查).

Nothing here is real. Names are drawn from common surnames and name characters; ID numbers
are generated with valid check characters (GB 11643) and may by chance equal a real number,
but never with a real person's name or other data. Phone numbers all lie in the block
`17000xxxxxx` and bank accounts start with `0000` (no bank card does), so they are easy to
recognise as made up. Rates are plausible figures marked "演示数据" in their notes, not a
county's decisions. The vault records that it holds demo data (`vault_meta` key `demo`).

The data is deterministic for a seed and an anchor date: every id comes from the seeded
generator and every date from `today`, never from the clock.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pypinyin import lazy_pinyin
from sqlalchemy import Connection, Engine, Table, bindparam, func, select, update

from minzheng_field.domain.age import age_on
from minzheng_field.domain.care import (
    ELDER_MIN_AGE,
    ChildCategory,
    ElderCategory,
    GuardianCapacity,
    GuardianshipType,
    ParentSituation,
    RiskLevel,
)
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.months import Month, add_months
from minzheng_field.domain.person_fields import (
    DisabilityCategory,
    EmploymentStatus,
    Ethnicity,
    HealthStatus,
    LabourCapacity,
    MaritalStatus,
    PendingReason,
    Relationship,
)
from minzheng_field.domain.programs import (
    EnrolmentStatus,
    Program,
    SelfCareLevel,
    SupportMode,
    TemporaryAssistanceType,
)
from minzheng_field.domain.rates import (
    Rate,
    RateKind,
    dibao_monthly_amount,
    rate_in_force,
    tekun_monthly_amount,
)
from minzheng_field.domain.resident_id import Sex, resident_id_check_character
from minzheng_field.domain.roles import Role
from minzheng_field.domain.schedules import ScheduleCategory, plan_key
from minzheng_field.domain.work import (
    TaskKind,
    TaskStatus,
    VisitCategory,
    VisitMethod,
    VisitStatus,
)
from minzheng_field.resources import division_table
from minzheng_field.services import demo_names as words
from minzheng_field.services.rates import AmountBasis, is_urban
from minzheng_field.store.models import (
    ChildFile,
    CountyRule,
    DivisionRow,
    ElderFile,
    Enrolment,
    EnrolmentEvent,
    Household,
    Person,
    PersonSearch,
    RateRow,
    RelativeDeclaration,
    Task,
    UserProfile,
    VaultMeta,
    Visit,
    VisitPlan,
)
from minzheng_field.store.search_index import index_rows_for
from minzheng_field.store.vault import Vault

DEFAULT_PERSONS = 3000
MAX_PERSONS = 100_000
DEFAULT_SEED = 2026
DEFAULT_TODAY = date(2026, 11, 28)

# Living arrangements are free text in the schema; the demo uses these phrases.
ALONE, WITH_SPOUSE, WITH_GRANDCHILDREN, WITH_CHILDREN = (
    "独自居住",
    "与配偶同住",
    "与孙辈同住",
    "与子女同住",
)
# The shipped visit forms (resources/forms) the demo's visits are written on, by the visit's
# category: (id, version).
VISIT_FORMS: Mapping[str, tuple[str, str]] = {
    VisitCategory.ELDER: ("special_elder_visit", "2026.1"),
    VisitCategory.LEFT_BEHIND: ("left_behind_child_visit", "2025.1"),
    VisitCategory.IN_DIFFICULTY: ("vulnerable_child_visit", "2026.1"),
    VisitCategory.ORPHAN: ("vulnerable_child_visit", "2026.1"),
    VisitCategory.UNSUPPORTED: ("vulnerable_child_visit", "2026.1"),
    ScheduleCategory.TEKUN: ("tekun_dispersed_visit", "2026.1"),
    ScheduleCategory.DIBAO: ("dibao_household_survey", "2026.1"),
}
_LIVING_CODES = {
    ALONE: "alone",
    WITH_SPOUSE: "with_spouse",
    WITH_GRANDCHILDREN: "with_grandchildren",
    WITH_CHILDREN: "with_children",
}
DIBAO_CLASSES = {
    "A": ("重度残疾人、重病患者", 15000),
    "B": ("70周岁以上老年人、未成年人", 5000),
}
DEMO_NOTE = "演示数据（虚构）"


class DemoNotEmpty(MinzhengError):
    """The vault already holds people; the demo only fills an empty one."""

    kind = "demo_not_empty"

    def __init__(self) -> None:
        super().__init__("这个数据库里已经有人员数据，不能再生成演示乡镇；请换一个空的数据文件夹。")


class DemoNoVillages(MinzhengError):
    """The township has no current villages in the vault's division table."""

    kind = "demo_no_villages"

    def __init__(self) -> None:
        super().__init__("本乡镇的区划表中没有村（社区），无法生成演示数据。")


@dataclass(frozen=True)
class DemoSummary:
    """What the demo township holds; program counts are current enrolments."""

    township_code: str
    households: int
    persons: int
    # Program value → current (在保 or 暂停) enrolments: households for 低保 and 低保边缘,
    # persons for the others; 临时救助 counts the cases of the past year.
    by_program: Mapping[str, int]
    dibao_persons: int
    children_in_files: int
    elders_in_files: int
    visits: int
    tasks: int
    pending_persons: int
    deceased: int
    rare_name_persons: int
    enrolment_events: int
    # (village code, village name, login name and display name of its cadre / 儿童主任).
    village_cadres: tuple[tuple[str, str, str, str], ...] = ()


# -- the generator ---------------------------------------------------------------------------


@dataclass
class _Village:
    code: str
    name: str
    urban: bool
    cadre: str


@dataclass
class _Household:
    row: dict[str, Any]
    village: _Village
    surname: str
    members: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return str(self.row["id"])

    @property
    def head(self) -> dict[str, Any]:
        return self.members[0]


@dataclass(frozen=True)
class _Place:
    """Names and codes of the vault's township and county, for addresses and ID numbers."""

    county: str
    township: str
    # The county's code and the 4328xx code it had before 1994 (or the same code).
    codes: tuple[str, str]
    spouse_origins: tuple[tuple[tuple[str, str], float], ...]

    @property
    def prefix(self) -> str:
        return f"湖南省{self.county}{self.township}"

    @property
    def care_home(self) -> str:
        return f"{self.township}敬老院"


def _place(township_code: str) -> _Place:
    table = division_table()
    county = table.get(township_code[:6])
    old = next(
        (
            division.code
            for division in table.counties(include_retired=True)
            if division.is_retired and division.successor_code == county.code
        ),
        # The retired 郴州市 (county level) and 郴县 have no recorded successor.
        {"431002": "432801", "431003": "432821"}.get(county.code, county.code),
    )
    home = (county.code, old)
    others = tuple(origin for origin in _OTHER_ORIGINS if origin[0][0] != county.code)
    return _Place(
        county=county.name,
        township=table.get(township_code).name,
        codes=home,
        spouse_origins=((home, 7.0), *others),
    )


class _Township:
    """Draws the whole township as rows (dicts) per table, before anything is written."""

    def __init__(
        self,
        rng: random.Random,
        *,
        seed: int,
        persons: int,
        today: date,
        township_code: str,
        villages: list[_Village],
        importer: str,
    ) -> None:
        self.rng = rng
        self.seed = seed
        self.target = persons
        self.today = today
        self.township_code = township_code
        self.county_code = township_code[:6]
        self.place = _place(township_code)
        self.villages = villages
        self.importer = importer
        self.year_start = add_months(today, -12) + timedelta(days=1)
        self.rows: dict[str, list[dict[str, Any]]] = {
            table: []
            for table in (
                "households",
                "persons",
                "enrolments",
                "enrolment_events",
                "rates",
                "county_rules",
                "child_files",
                "elder_files",
                "visit_plans",
                "visits",
                "tasks",
                "relative_declarations",
            )
        }
        self.households: list[_Household] = []
        self.household_of: dict[str, _Household] = {}
        self.surname_of: dict[str, str] = {}
        self.used_ids: set[str] = set()
        self.rare_names: list[str] = []
        self.showcase_surnames = list(words.SHOWCASE_SURNAMES)
        # Person numbers (in creation order) that get a rare character in their name.
        rare_count = max(2, round(persons * 0.005))
        self.rare_slots = set(rng.sample(range(persons), min(rare_count, persons)))
        self.person_count = 0
        self.dot_name_due = persons >= 500
        self.cert_seq = itertools.count(1)
        surname_list, surname_weights = zip(*words.SURNAMES, strict=True)
        self._surnames = list(surname_list)
        self._surname_cum = list(itertools.accumulate(surname_weights))
        self.village_cum = list(
            itertools.accumulate((0.5 if v.urban else rng.uniform(0.6, 1.4)) for v in self.villages)
        )
        self.rates = _demo_rates(self.county_code)
        self.name_pools = {
            cohort: {sex: list(chars) for sex, chars in by_sex.items()}
            for cohort, by_sex in words.GIVEN_CHARS.items()
        }
        self.instant = datetime.combine(today, time(0, 0), UTC)
        self.cadre_names: dict[str, str] = {}
        # The importer's display name: the township's 民政专干 who leads the 低保 入户调查.
        self.importer_name = importer

    # -- small draws -------------------------------------------------------------------------

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def weighted(self, pairs: Sequence[tuple[Any, float]]) -> Any:
        total = sum(weight for _, weight in pairs)
        point = self.rng.random() * total
        for item, weight in pairs:
            point -= weight
            if point < 0:
                return item
        return pairs[-1][0]

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def birth_for_age(self, age: int) -> date:
        """A birth date on which someone is exactly `age` today."""
        latest = _years_before(self.today, age)
        earliest = _years_before(self.today, age + 1) + timedelta(days=1)
        return self.day_between(earliest, latest)

    def phone(self) -> str:
        return f"17000{self.rng.randrange(1_000_000):06d}"

    def surname(self) -> str:
        point = self.rng.random() * self._surname_cum[-1]
        return self._surnames[bisect.bisect_right(self._surname_cum, point)]

    def head_surname(self) -> str:
        if self.showcase_surnames:
            return self.showcase_surnames.pop(0)
        return self.surname()

    def given_name(self, sex: str, birth: date) -> str:
        cohort = "old" if birth.year < 1965 else "middle" if birth.year < 1992 else "young"
        pool = self.name_pools[cohort][sex]
        single = {"old": 0.2, "middle": 0.25, "young": 0.12}[cohort]
        first = self.pick(pool)
        if self.chance(0.01):
            first = self.pick(words.UNCOMMON_CHARS)
        if self.chance(single):
            return first
        if self.chance(0.04):
            return first + first
        return first + self.pick(pool)

    def village(self) -> _Village:
        point = self.rng.random() * self.village_cum[-1]
        return self.villages[bisect.bisect_right(self.village_cum, point)]

    # -- rates ---------------------------------------------------------------------------------

    def rate(self, kind: RateKind, on: date, qualifier: str = "") -> int:
        # The demo's rate table starts in July 2025; amounts of older decisions are shown
        # at that first rate rather than inventing years of history.
        day = max(on, _FIRST_RATES)
        return rate_in_force(self.rates, kind, day, qualifier=qualifier).amount_fen

    # -- households and people -------------------------------------------------------------------

    def household(self, *, surname: str | None = None) -> _Household:
        village = self.village()
        group = self.rng.randint(1, 12)
        address = f"{self.place.prefix}{village.name}{group}组{self.rng.randint(1, 68)}号"
        row = {
            "id": self.new_id(),
            "village_code": village.code,
            "head_person_id": None,
            "address": address,
            "phone": None,
            "housing": self.weighted(words.HOUSING),
            "bank_name": None,
            "bank_account": None,
            "dibao_certificate_no": None,
            "relative_declared": False,
            "notes": None,
        }
        household = _Household(row, village, surname or self.head_surname(), [])
        self.households.append(household)
        self.household_of[household.id] = household
        self.rows["households"].append(row)
        return household

    def origin_code(self, birth: date, county: tuple[str, str] | None = None) -> str:
        # The address code is where the number was first issued: people who got their
        # first card before 1994 in the former 郴州地区 partly carry its 4328xx codes.
        current, old = county or self.place.codes
        if birth.year < 1983 and self.chance(0.55):
            return old
        return current

    def resident_id(self, birth: date, sex: str, address_code: str) -> str:
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if sex == Sex.MALE else 0)
            if sequence == 0:
                continue
            first17 = f"{address_code}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + resident_id_check_character(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def person(
        self,
        household: _Household,
        relation: Relationship,
        sex: str,
        birth: date,
        *,
        surname: str | None = None,
        given: str | None = None,
        ethnicity: Ethnicity = Ethnicity.HAN,
        origin: tuple[str, str] | None = None,
        marital: MaritalStatus | None = None,
        health: HealthStatus = HealthStatus.HEALTHY,
        disability: tuple[DisabilityCategory, int] | None = None,
        labour: LabourCapacity | None = None,
        employment: EmploymentStatus | None = None,
        away: str | None = None,
        current_address: str | None = None,
        phone: bool | None = None,
    ) -> dict[str, Any]:
        """One member; what is not given follows from age, health and disability."""
        family_name = household.surname if surname is None else surname
        slot = self.person_count
        self.person_count += 1
        name_given = given or self.given_name(sex, birth)
        if slot in self.rare_slots and given is None:
            rare = self.pick(words.RARE_CHARS)
            name_given = rare + name_given[1:] if len(name_given) > 1 else name_given + rare
        name = family_name + name_given
        age = age_on(birth, self.today)
        if labour is None:
            labour = _default_labour(self, age, health, disability)
        if employment is None:
            employment = _default_employment(self, age, labour, away)
        if marital is None:
            marital = MaritalStatus.UNMARRIED if age < 22 else MaritalStatus.MARRIED
        if phone is None:
            phone = age >= 18 and (age < 75 or self.chance(0.5))
        row = {
            "id": self.new_id(),
            "household_id": household.id,
            "relation": relation.value,
            "name": name,
            "sex": sex,
            "ethnicity": ethnicity.value,
            "resident_id": self.resident_id(birth, sex, self.origin_code(birth, origin)),
            "birth_date": birth,
            "pending_verification": False,
            "pending_reason": None,
            "marital_status": marital.value,
            "health": health.value,
            "disability_category": disability[0].value if disability else None,
            "disability_grade": disability[1] if disability else None,
            "labour_capacity": labour.value,
            "employment": employment.value,
            "phone": self.phone() if phone else None,
            "hukou_address": household.row["address"],
            "current_address": current_address or (away or household.row["address"]),
            "deceased_on": None,
            "notes": None,
        }
        if any(char in words.RARE_CHARS for char in name):
            self.rare_names.append(row["id"])
        self.surname_of[row["id"]] = family_name
        household.members.append(row)
        self.rows["persons"].append(row)
        if relation is Relationship.SELF:
            household.row["head_person_id"] = row["id"]
            household.row["phone"] = row["phone"]
        elif household.row["phone"] is None and row["phone"]:
            household.row["phone"] = row["phone"]
        return row

    def spouse(
        self, household: _Household, partner: dict[str, Any], **fields: Any
    ) -> dict[str, Any]:
        """The partner's spouse: the other sex, a few years apart, often from elsewhere."""
        partner_birth: date = partner["birth_date"]
        sex = Sex.FEMALE if partner["sex"] == Sex.MALE else Sex.MALE
        gap = self.rng.randint(-1, 6) if sex == Sex.FEMALE else -self.rng.randint(-1, 6)
        birth = self.day_between(
            _years_before(partner_birth, -gap) - timedelta(days=150),
            _years_before(partner_birth, -gap) + timedelta(days=150),
        )
        birth = min(birth, _years_before(self.today, 18))
        relation = (
            Relationship.SPOUSE
            if partner["relation"] == "self"
            else fields.pop("relation", Relationship.DAUGHTER_IN_LAW)
        )
        origin = self.weighted(self.place.spouse_origins)
        ethnicity = Ethnicity.HAN
        surname = None
        given = None
        if sex == Sex.FEMALE and self.chance(0.03):
            ethnicity, origin = Ethnicity.YAO, self.pick(_YAO_ORIGINS)
            surname = self.pick(words.YAO_SURNAMES)
            if birth.year < 1980:
                given = self.pick(words.YAO_GIVEN_FEMALE)
        elif (
            sex == Sex.FEMALE
            and 1965 < birth.year < 2000
            and (self.dot_name_due or self.chance(0.0015))
        ):
            self.dot_name_due = False
            ethnicity, origin = Ethnicity.UYGUR, ("652901", "652901")
            given = f"{self.pick(words.UYGHUR_GIVEN_FEMALE)}·{self.pick(words.UYGHUR_FATHER_NAMES)}"
            surname = ""
        elif self.chance(0.003):
            ethnicity = self.pick((Ethnicity.MIAO, Ethnicity.TUJIA, Ethnicity.ZHUANG))
        return self.person(
            household,
            relation,
            sex,
            birth,
            surname=surname if surname is not None else self.surname(),
            given=given,
            ethnicity=ethnicity,
            origin=origin,
            **fields,
        )

    def child_of(
        self,
        household: _Household,
        relation: Relationship,
        age: int,
        *,
        surname: str | None = None,
        mother: dict[str, Any] | None = None,
        sex: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        sex = sex or (Sex.MALE if self.chance(0.53) else Sex.FEMALE)
        ethnicity = Ethnicity.HAN
        if mother is not None and mother["ethnicity"] != Ethnicity.HAN and self.chance(0.5):
            ethnicity = Ethnicity(mother["ethnicity"])
        return self.person(
            household,
            relation,
            sex,
            self.birth_for_age(age),
            surname=surname,
            ethnicity=ethnicity,
            **fields,
        )

    def children_ages(self, eldest: int, count: int) -> list[int]:
        ages = [eldest]
        for _ in range(count - 1):
            nxt = ages[-1] - self.rng.randint(1, 5)
            if nxt < 0:
                break
            ages.append(nxt)
        return ages

    # -- programs --------------------------------------------------------------------------------

    def enrol(
        self,
        household: _Household,
        program: Program,
        person: dict[str, Any] | None = None,
        *,
        applied_on: date,
        status: EnrolmentStatus = EnrolmentStatus.APPROVED,
        amount_at: Callable[[date], int] | None = None,
        decision_days: tuple[int, int] = (18, 40),
        reason: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """An enrolment with its history up to the decision (申请, then 批准 or 不予批准)."""
        applied_on = min(applied_on, self.today)
        decided_on = None
        if status is not EnrolmentStatus.APPLIED:
            decided_on = min(
                applied_on + timedelta(days=self.rng.randint(*decision_days)), self.today
            )
        row = {
            "id": self.new_id(),
            "household_id": household.id,
            "person_id": person["id"] if person else None,
            "program": program.value,
            "status": status.value,
            "applied_on": applied_on,
            "decided_on": decided_on,
            "start_month": None,
            "end_month": None,
            "monthly_amount_fen": None,
            "covered_members": None,
            "per_capita_income_fen": None,
            "dibao_class": None,
            "support_mode": None,
            "self_care_level": None,
            "carer_name": None,
            "carer_phone": None,
            "assistance_type": None,
            "assistance_amount_fen": None,
            "assistance_reason": None,
            "review_cycle_months": None,
            "next_review_on": None,
            "notes": None,
        }
        row.update(fields)
        self.rows["enrolments"].append(row)
        self.event(row, None, EnrolmentStatus.APPLIED, applied_on, None, "提出申请")
        if status is EnrolmentStatus.APPROVED and decided_on is not None:
            start = (
                Month.from_date(applied_on)
                if program in _PAID_FROM_APPLICATION
                else Month.from_date(decided_on).next()
            )
            row["start_month"] = start.first_day()
            amount = amount_at(decided_on) if amount_at else None
            self.event(row, EnrolmentStatus.APPLIED, status, decided_on, amount, "审核确认，批准")
            row["monthly_amount_fen"] = amount_at(self.today) if amount_at else None
            row["_amount_at"] = amount_at
        elif status is EnrolmentStatus.REFUSED and decided_on is not None:
            self.event(row, EnrolmentStatus.APPLIED, status, decided_on, None, reason)
        return row

    def event(
        self,
        enrolment: dict[str, Any],
        old: EnrolmentStatus | None,
        new: EnrolmentStatus,
        on: date,
        amount: int | None,
        reason: str | None,
    ) -> None:
        """A status event, with the amount basis as the enrolments service stores it."""
        village = self.household_of[enrolment["household_id"]].village.code
        basis = AmountBasis(program=Program(enrolment["program"]), village_code=village)
        self.rows["enrolment_events"].append(
            {
                "id": self.new_id(),
                "enrolment_id": enrolment["id"],
                "from_status": old.value if old else None,
                "to_status": new.value,
                "effective_on": on,
                "monthly_amount_fen": amount,
                "basis": basis.with_values(enrolment).as_json(),
                "reason": reason,
            }
        )

    def stop(self, enrolment: dict[str, Any], on: date, reason: str) -> None:
        """Stop from the month after `on`; the last paid month is the month of `on`."""
        old = EnrolmentStatus(enrolment["status"])
        enrolment["status"] = EnrolmentStatus.STOPPED.value
        enrolment["end_month"] = Month.from_date(on).first_day()
        amount_at = enrolment.get("_amount_at")
        if amount_at is not None:
            enrolment["monthly_amount_fen"] = amount_at(on)
        enrolment["next_review_on"] = None
        self.event(enrolment, old, EnrolmentStatus.STOPPED, on, None, reason)

    def review_dates(self, cycle: int) -> date:
        """The next review: usually ahead, a few overdue (the workbench flags those)."""
        if self.chance(0.03):
            return self.today - timedelta(days=self.rng.randint(5, 45))
        return self.today + timedelta(days=self.rng.randint(1, cycle * 30))

    def since(self, earliest: date, *, recent: float = 0.12) -> date:
        """When an enrolment began: some within the past year, most years ago."""
        earliest = max(earliest, date(2012, 1, 1))
        if self.chance(recent) and earliest < self.year_start:
            return self.day_between(self.year_start, self.today - timedelta(days=45))
        return self.day_between(earliest, max(earliest, self.year_start - timedelta(days=1)))

    def bank(self, household: _Household) -> None:
        if household.row["bank_account"] is None:
            household.row["bank_name"] = words.BANK_NAME
            household.row["bank_account"] = "0000" + "".join(
                str(self.rng.randrange(10)) for _ in range(15)
            )

    def dibao(
        self,
        household: _Household,
        *,
        status: EnrolmentStatus = EnrolmentStatus.APPROVED,
        earliest: date | None = None,
    ) -> dict[str, Any]:
        """低保 for the whole household, amount by 补差 plus 分类施保 supplements."""
        living = [m for m in household.members if m["deceased_on"] is None]
        covered = len(living)
        urban = household.village.urban
        standard_kind = RateKind.DIBAO_URBAN_STANDARD if urban else RateKind.DIBAO_RURAL_STANDARD
        standard_now = self.rate(standard_kind, self.today)
        income = round(standard_now * self.rng.uniform(0.15, 0.7) / 100) * 100
        # 分类施保: the household's class is that of its neediest member (A before B).
        classes = {_class_of(m, self.today) for m in living}
        dibao_class = "A" if "A" in classes else "B" if "B" in classes else None

        def amount_at(day: date) -> int:
            supplements = (
                [self.rate(RateKind.DIBAO_CLASS_SUPPLEMENT, day, dibao_class)]
                if dibao_class
                else []
            )
            return dibao_monthly_amount(self.rate(standard_kind, day), income, covered, supplements)

        able = any(
            m["labour_capacity"] == LabourCapacity.ABLE
            and 18 <= age_on(m["birth_date"], self.today) < 60
            for m in living
        )
        cycle = 6 if able else 12
        adult_since = max(_years_before(household.head["birth_date"], -18), date(2012, 1, 1))
        applied = (
            self.since(max(adult_since, earliest or adult_since))
            if status is EnrolmentStatus.APPROVED
            else self.day_between(self.today - timedelta(days=40), self.today - timedelta(days=3))
        )
        row = self.enrol(
            household,
            Program.DIBAO,
            applied_on=applied,
            status=status,
            amount_at=amount_at if status is EnrolmentStatus.APPROVED else None,
            covered_members=covered,
            per_capita_income_fen=income,
            dibao_class=dibao_class,
            review_cycle_months=cycle if status is EnrolmentStatus.APPROVED else None,
        )
        if status is EnrolmentStatus.APPROVED:
            row["next_review_on"] = self.review_dates(cycle)
            self.bank(household)
            household.row["dibao_certificate_no"] = (
                f"ZSDB{row['decided_on']:%Y}{next(self.cert_seq):05d}"
            )
        return row

    def dibao_edge(self, household: _Household) -> dict[str, Any]:
        living = [m for m in household.members if m["deceased_on"] is None]
        standard_kind = (
            RateKind.DIBAO_URBAN_STANDARD
            if household.village.urban
            else RateKind.DIBAO_RURAL_STANDARD
        )
        standard = self.rate(standard_kind, self.today)
        income = round(standard * self.rng.uniform(1.02, 1.45) / 100) * 100
        adult_since = max(_years_before(household.head["birth_date"], -18), date(2014, 1, 1))
        row = self.enrol(
            household,
            Program.DIBAO_EDGE,
            applied_on=self.since(adult_since),
            covered_members=len(living),
            per_capita_income_fen=income,
            review_cycle_months=12,
        )
        row["next_review_on"] = self.review_dates(12)
        return row

    def tekun(
        self,
        household: _Household,
        person: dict[str, Any],
        *,
        mode: SupportMode,
        level: SelfCareLevel | None = None,
    ) -> dict[str, Any]:
        """特困 for one person: basic living plus the care rate of the self-care level."""
        level = level or self.weighted(
            (
                (SelfCareLevel.SELF_CARE, 7),
                (SelfCareLevel.SEMI_CARE, 2),
                (SelfCareLevel.FULL_CARE, 1),
            )
            if mode is SupportMode.DISPERSED
            else (
                (SelfCareLevel.SELF_CARE, 4),
                (SelfCareLevel.SEMI_CARE, 3),
                (SelfCareLevel.FULL_CARE, 3),
            )
        )
        urban = household.village.urban
        basic_kind = RateKind.TEKUN_BASIC_URBAN if urban else RateKind.TEKUN_BASIC_RURAL
        care_kinds = {
            SelfCareLevel.SELF_CARE: RateKind.TEKUN_CARE_SELF,
            SelfCareLevel.SEMI_CARE: RateKind.TEKUN_CARE_SEMI,
            SelfCareLevel.FULL_CARE: RateKind.TEKUN_CARE_FULL,
        }

        def amount_at(day: date) -> int:
            care = {lvl: self.rate(kind, day) for lvl, kind in care_kinds.items()}
            return tekun_monthly_amount(self.rate(basic_kind, day), care, level)

        birth: date = person["birth_date"]
        eligible_from = _years_before(birth, -60) if age_on(birth, self.today) >= 60 else birth
        if person["disability_grade"] is not None and age_on(birth, self.today) < 60:
            eligible_from = _years_before(birth, -18)
        carer_name = carer_phone = None
        if mode is SupportMode.DISPERSED:
            carer_name = self.surname() + self.given_name(
                Sex.MALE if self.chance(0.5) else Sex.FEMALE, date(1970, 1, 1)
            )
            carer_phone = self.phone()
        if level is not SelfCareLevel.SELF_CARE:
            person["labour_capacity"] = LabourCapacity.FULLY_LOST.value
        row = self.enrol(
            household,
            Program.TEKUN,
            person,
            applied_on=self.since(eligible_from, recent=0.08),
            amount_at=amount_at,
            support_mode=mode.value,
            self_care_level=level.value,
            carer_name=carer_name,
            carer_phone=carer_phone,
            review_cycle_months=12,
        )
        row["next_review_on"] = self.review_dates(12)
        self.bank(household)
        return row

    def subsidy(
        self, household: _Household, person: dict[str, Any], program: Program, kind: RateKind
    ) -> dict[str, Any]:
        birth: date = person["birth_date"]
        row = self.enrol(
            household,
            program,
            person,
            applied_on=self.since(max(birth + timedelta(days=30), date(2016, 1, 1))),
            amount_at=lambda day: self.rate(kind, day),
            decision_days=(20, 45),
            review_cycle_months=12,
        )
        row["next_review_on"] = self.review_dates(12)
        self.bank(household)
        return row

    def disability_subsidies(
        self, household: _Household, person: dict[str, Any], *, in_dibao: bool
    ) -> None:
        """两项补贴: living subsidy for the disabled of 低保 households, care for grades 1–2."""
        if person["disability_grade"] is None:
            return
        if in_dibao and self.chance(0.9):
            self.subsidy(
                household, person, Program.DISABILITY_LIVING_SUBSIDY, RateKind.DISABILITY_LIVING
            )
        if person["disability_grade"] <= 2 and self.chance(0.92):
            self.subsidy(
                household, person, Program.DISABILITY_CARE_SUBSIDY, RateKind.DISABILITY_CARE
            )

    def temporary(
        self,
        household: _Household,
        kind: TemporaryAssistanceType,
        *,
        status: EnrolmentStatus = EnrolmentStatus.APPROVED,
    ) -> dict[str, Any]:
        """A 临时救助 case of the past year: 急难型 paid within days, 支出型 after review."""
        applied = self.day_between(self.year_start, self.today - timedelta(days=2))
        if kind is TemporaryAssistanceType.EMERGENCY:
            reason = self.pick(words.TEMPORARY_EMERGENCY_REASONS)
            amount = self.rng.randint(10, 30) * 10000
            days = (1, 5)
        else:
            reason = self.pick(words.TEMPORARY_EXPENDITURE_REASONS)
            amount = self.rng.randint(15, 60) * 10000
            days = (12, 30)
        return self.enrol(
            household,
            Program.TEMPORARY_ASSISTANCE,
            household.head,
            applied_on=applied,
            status=status,
            decision_days=days,
            assistance_type=kind.value,
            assistance_amount_fen=amount,
            assistance_reason=reason,
            reason="经审核不符合临时救助条件" if status is EnrolmentStatus.REFUSED else None,
        )

    # -- care files ------------------------------------------------------------------------------

    def child_file(
        self,
        child: dict[str, Any],
        category: ChildCategory,
        *,
        father: tuple[ParentSituation, dict[str, Any] | None],
        mother: tuple[ParentSituation, dict[str, Any] | None],
        guardian: dict[str, Any] | None,
        guardian_relation: str,
        guardianship: GuardianshipType,
    ) -> dict[str, Any]:
        age = age_on(child["birth_date"], self.today)
        guardian_age = age_on(guardian["birth_date"], self.today) if guardian else None
        capacity = GuardianCapacity.GOOD
        if guardian_age is not None and (
            guardian_age >= 75 or guardian["health"] == HealthStatus.SERIOUSLY_ILL
        ):
            capacity = GuardianCapacity.WEAK
        last_contact = None
        away_parent = ParentSituation.AWAY_WORKING in (father[0], mother[0])
        if away_parent:
            lapse = self.rng.randint(1, 6) if self.chance(0.85) else self.rng.randint(8, 40)
            last_contact = self.today - timedelta(days=lapse)
        risk = RiskLevel.LOW
        if category in (ChildCategory.ORPHAN, ChildCategory.UNSUPPORTED) or (
            capacity is GuardianCapacity.WEAK
        ):
            risk = RiskLevel.MEDIUM
        if (last_contact and (self.today - last_contact).days > 14) or self.chance(0.06):
            risk = (
                RiskLevel.HIGH if risk is RiskLevel.MEDIUM or self.chance(0.5) else RiskLevel.MEDIUM
            )
        household = self.household_of[child["household_id"]]
        row = {
            "id": self.new_id(),
            "person_id": child["id"],
            "category": category.value,
            "guardian_name": guardian["name"] if guardian else None,
            "guardian_relation": guardian_relation,
            "guardian_age": guardian_age,
            "guardian_phone": guardian["phone"] if guardian else None,
            "guardian_capacity": capacity.value,
            "guardianship_type": guardianship.value,
            "entrusted_in_writing": guardianship == GuardianshipType.ENTRUSTED
            and self.chance(0.88),
            "school": _school(self, age, household.village),
            "grade": _grade(age),
            "health": None if child["disability_grade"] is None else "残疾，需特别关照",
            "last_parent_contact_on": last_contact,
            "risk_level": risk.value,
            "child_director": household.village.cadre,
            "notes": None,
        }
        for prefix, (situation, parent) in (("father", father), ("mother", mother)):
            row[f"{prefix}_situation"] = situation.value
            row[f"{prefix}_whereabouts"] = None
            row[f"{prefix}_away_since"] = None
            row[f"{prefix}_phone"] = None
            if situation == ParentSituation.AWAY_WORKING:
                place = (parent or {}).get("current_address") or self.pick(words.WORK_PLACES)
                row[f"{prefix}_whereabouts"] = place
                row[f"{prefix}_away_since"] = self.day_between(
                    max(child["birth_date"], date(2015, 1, 1)), self.today - timedelta(days=60)
                )
                row[f"{prefix}_phone"] = (parent or {}).get("phone") or self.phone()
            elif situation == ParentSituation.AT_HOME and parent is not None:
                row[f"{prefix}_phone"] = parent["phone"]
        self.rows["child_files"].append(row)
        self.rows["visit_plans"].append(
            self.plan(child, VisitCategory.of_child(category), household.village.cadre)
        )
        return row

    def elder_file(
        self,
        elder: dict[str, Any],
        categories: list[ElderCategory],
        living: str,
        *,
        contact: dict[str, Any] | None = None,
        level: SelfCareLevel | None = None,
    ) -> dict[str, Any] | None:
        age = age_on(elder["birth_date"], self.today)
        if age < ELDER_MIN_AGE:
            return None
        if elder["disability_grade"] is not None and elder["disability_grade"] <= 2:
            categories = [*categories, ElderCategory.SEVERELY_DISABLED]
        if level in (SelfCareLevel.SEMI_CARE, SelfCareLevel.FULL_CARE) or (
            level is None and age >= 85 and self.chance(0.3)
        ):
            categories = [*categories, ElderCategory.INCAPACITATED]
        if not categories:
            return None
        # Stored in the enum's order, as the care-file service stores them.
        categories = [member for member in ElderCategory if member in categories]
        risk = RiskLevel.LOW
        if (
            ElderCategory.INCAPACITATED in categories
            or age >= 85
            or elder["health"] == "seriously_ill"
        ):
            risk = RiskLevel.HIGH
        elif (
            age >= 75
            or elder["health"] == "chronically_ill"
            or ElderCategory.LIVING_ALONE in categories
        ):
            risk = RiskLevel.MEDIUM
        household = self.household_of[elder["household_id"]]
        needs = []
        if ElderCategory.INCAPACITATED in categories:
            needs.append("日常照料、助浴")
        if elder["health"] != "healthy":
            needs.append("定期陪同就医、取药")
        if ElderCategory.LIVING_ALONE in categories:
            needs.append("每日电话问候")
        if contact is not None:
            contact_name, contact_phone = contact["name"], contact["phone"]
        else:
            relative = Sex.MALE if self.chance(0.6) else Sex.FEMALE
            contact_name = self.surname_of[elder["id"]] if relative == Sex.MALE else self.surname()
            contact_name += self.given_name(relative, _years_before(elder["birth_date"], -27))
            contact_phone = self.phone()
        row = {
            "id": self.new_id(),
            "person_id": elder["id"],
            "categories": [category.value for category in categories],
            "risk_tier": risk.value,
            "living_arrangement": living,
            "care_needs": "；".join(needs) or None,
            "emergency_contact_name": contact_name,
            "emergency_contact_phone": contact_phone,
            "responsible": household.village.cadre,
            "notes": None,
        }
        self.rows["elder_files"].append(row)
        self.rows["visit_plans"].append(
            self.plan(elder, VisitCategory.ELDER, household.village.cadre)
        )
        return row

    def plan(self, person: dict[str, Any], category: str, visitor: str) -> dict[str, Any]:
        return {
            "id": self.new_id(),
            "person_id": person["id"],
            "category": category.value,
            "visitor": visitor,
            "active": True,
        }


_PAID_FROM_APPLICATION = frozenset(
    {Program.DISABILITY_LIVING_SUBSIDY, Program.DISABILITY_CARE_SUBSIDY}
)

# Where married-in spouses from other counties first registered: (code, code before 1994).
_OTHER_ORIGINS: tuple[tuple[tuple[str, str], float], ...] = (
    (("431023", "432823"), 1.0),  # 永兴县
    (("431021", "432822"), 1.0),  # 桂阳县
    (("431028", "432831"), 1.0),  # 安仁县
    (("431081", "432802"), 0.6),  # 资兴市
    (("431003", "432821"), 0.6),  # 苏仙区 (formerly 郴县)
    (("431002", "432801"), 0.4),  # 北湖区 (formerly 郴州市)
)
_YAO_ORIGINS: tuple[tuple[str, str], ...] = (("431022", "432824"), ("431026", "432828"))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _default_labour(
    town: _Township,
    age: int,
    health: HealthStatus,
    disability: tuple[DisabilityCategory, int] | None,
) -> LabourCapacity:
    if age < 16:
        return LabourCapacity.NONE
    if health is HealthStatus.SERIOUSLY_ILL or (disability and disability[1] <= 2):
        return LabourCapacity.FULLY_LOST
    if age >= 70:
        return LabourCapacity.FULLY_LOST if town.chance(0.6) else LabourCapacity.PARTIALLY_LOST
    if age >= 60 or health is HealthStatus.CHRONICALLY_ILL or disability:
        return LabourCapacity.PARTIALLY_LOST
    return LabourCapacity.ABLE


def _default_employment(
    town: _Township, age: int, labour: LabourCapacity, away: str | None
) -> EmploymentStatus:
    if age < 6:
        return EmploymentStatus.PRESCHOOL
    if age < 16:
        return EmploymentStatus.STUDENT
    if age < 18:
        return EmploymentStatus.STUDENT if town.chance(0.85) else EmploymentStatus.WAGE_WORK
    if away:
        return EmploymentStatus.WAGE_WORK
    if labour is LabourCapacity.FULLY_LOST:
        return EmploymentStatus.UNEMPLOYED
    if age >= 75:
        return EmploymentStatus.UNEMPLOYED
    return town.weighted(
        (
            (EmploymentStatus.FARMING, 6),
            (EmploymentStatus.FLEXIBLE, 2),
            (EmploymentStatus.WAGE_WORK, 1 if age < 60 else 0),
            (EmploymentStatus.UNEMPLOYED, 1),
        )
    )


def _class_of(member: dict[str, Any], today: date) -> str | None:
    """分类施保 class of a covered member (A: 重残/重病; B: 70+ or a minor)."""
    grade = member["disability_grade"]
    if (grade is not None and grade <= 2) or member["health"] == HealthStatus.SERIOUSLY_ILL:
        return "A"
    age = age_on(member["birth_date"], today)
    if age >= 70 or age < 18:
        return "B"
    return None


def _school(town: _Township, age: int, village: _Village) -> str | None:
    if age < 3:
        return None
    if age < 6:
        return f"{town.place.township}中心幼儿园"
    if age < 9 and not village.urban and town.chance(0.4):
        return f"{village.name.removesuffix('村')}小学"
    if age < 12:
        return f"{town.place.township}中心小学"
    if age < 15:
        return f"{town.place.township}中学"
    return town.place.county + town.pick(words.COUNTY_HIGH_SCHOOLS)


def _grade(age: int) -> str | None:
    if age < 3:
        return None
    if age < 6:
        return ("小班", "中班", "大班")[age - 3]
    if age < 12:
        return f"{'一二三四五六'[age - 6]}年级"
    if age < 15:
        return f"{'七八九'[age - 12]}年级"
    if age < 18:
        return f"高{'一二三'[age - 15]}"
    return None


_FIRST_RATES = date(2025, 7, 1)


def _demo_rates(county_code: str) -> list[Rate]:
    """The county's demo rates: from July 2025, and a raise decided in May 2026 back to January."""
    first = _FIRST_RATES
    raise_from = date(2026, 1, 1)
    plain = {
        RateKind.TEKUN_CARE_SELF: 9000,
        RateKind.TEKUN_CARE_SEMI: 54000,
        RateKind.TEKUN_CARE_FULL: 108000,
        RateKind.DISABILITY_LIVING: 8000,
        RateKind.DISABILITY_CARE: 9000,
        RateKind.ORPHAN_INSTITUTION: 175000,
        RateKind.ORPHAN_SCATTERED: 130000,
        RateKind.UNSUPPORTED_CHILD: 130000,
    }
    raised = {
        RateKind.DIBAO_URBAN_STANDARD: (70000, 73000),
        RateKind.DIBAO_RURAL_STANDARD: (48500, 51000),
        RateKind.TEKUN_BASIC_URBAN: (91000, 95000),
        RateKind.TEKUN_BASIC_RURAL: (63500, 66500),
    }
    rates = [Rate(kind, amount, first, county_code) for kind, amount in plain.items()]
    rates.extend(
        Rate(RateKind.DIBAO_CLASS_SUPPLEMENT, amount, first, county_code, code)
        for code, (_label, amount) in DIBAO_CLASSES.items()
    )
    for kind, (before, after) in raised.items():
        rates.append(Rate(kind, before, first, county_code))
        rates.append(Rate(kind, after, raise_from, county_code))
    return rates


_RATE_DECISIONS = {date(2025, 7, 1): date(2025, 6, 20), date(2026, 1, 1): date(2026, 5, 20)}


# -- household kinds -----------------------------------------------------------------------------
# Each builds one household of a kind found in a township caseload, with its programs and
# files, and returns nothing; `room` is how many people may still be added.

M, F = Sex.MALE, Sex.FEMALE
R = Relationship


def _elder_health(town: _Township, age: int) -> HealthStatus:
    return town.weighted(
        (
            (HealthStatus.HEALTHY, 5 if age < 75 else 3),
            (HealthStatus.CHRONICALLY_ILL, 5),
            (HealthStatus.SERIOUSLY_ILL, 1),
        )
    )


def _elder_age(town: _Township, low: int = 62, high: int = 96) -> int:
    # Triangular: most elders of the caseload are in their seventies.
    return min(high, max(low, round(town.rng.triangular(low, high, 76))))


def _maybe_disability(
    town: _Township, p: float, *, grades: tuple[int, int] = (2, 4)
) -> tuple[DisabilityCategory, int] | None:
    if not town.chance(p):
        return None
    category = town.weighted(
        (
            (DisabilityCategory.PHYSICAL, 5),
            (DisabilityCategory.VISUAL, 2),
            (DisabilityCategory.HEARING, 2),
            (DisabilityCategory.INTELLECTUAL, 1),
            (DisabilityCategory.MENTAL, 1),
        )
    )
    return category, town.rng.randint(*grades)


def _lone_elder(town: _Township, room: int) -> None:
    """独居: one elder; unmarried men with no children are usually 特困."""
    household = town.household()
    age = _elder_age(town)
    sex = F if town.chance(0.55) else M
    marital = town.weighted(
        (
            (MaritalStatus.WIDOWED, 8),
            (MaritalStatus.UNMARRIED, 1.5 if sex == M else 0.3),
            (MaritalStatus.DIVORCED, 0.5),
        )
    )
    health = _elder_health(town, age)
    elder = town.person(
        household,
        R.SELF,
        sex,
        town.birth_for_age(age),
        marital=marital,
        health=health,
        disability=_maybe_disability(town, 0.15),
    )
    level = None
    if marital is MaritalStatus.UNMARRIED or town.chance(0.35):
        level = town.weighted(
            (
                (SelfCareLevel.SELF_CARE, 7),
                (SelfCareLevel.SEMI_CARE, 2),
                (SelfCareLevel.FULL_CARE, 1),
            )
        )
        town.tekun(household, elder, mode=SupportMode.DISPERSED, level=level)
    elif town.chance(0.6):
        town.dibao(household)
        town.disability_subsidies(household, elder, in_dibao=True)
    town.elder_file(elder, [ElderCategory.LIVING_ALONE], ALONE, level=level)


def _elder_couple(town: _Township, room: int) -> None:
    """空巢: an elderly couple whose children live elsewhere."""
    household = town.household()
    husband = town.person(
        household,
        R.SELF,
        M,
        town.birth_for_age(_elder_age(town, 62, 92)),
        health=_elder_health(town, 75),
        disability=_maybe_disability(town, 0.12),
    )
    wife = town.spouse(household, husband, health=_elder_health(town, 72))
    roll = town.rng.random()
    in_dibao = roll < 0.45
    if in_dibao:
        town.dibao(household)
    elif roll < 0.6:
        town.dibao_edge(household)
    for elder in (husband, wife):
        town.disability_subsidies(household, elder, in_dibao=in_dibao)
        town.elder_file(elder, [ElderCategory.EMPTY_NEST], WITH_SPOUSE)


def _family_planning_special(town: _Township, room: int) -> None:
    """计划生育特殊家庭: an elderly couple whose only child has died."""
    household = town.household()
    husband = town.person(
        household,
        R.SELF,
        M,
        town.birth_for_age(_elder_age(town, 62, 85)),
        health=_elder_health(town, 70),
    )
    wife = town.spouse(household, husband, health=_elder_health(town, 70))
    if town.chance(0.25):
        town.dibao(household)
    for elder in (husband, wife):
        town.elder_file(
            elder, [ElderCategory.FAMILY_PLANNING_SPECIAL, ElderCategory.EMPTY_NEST], WITH_SPOUSE
        )


def _skipped_generation(town: _Township, room: int) -> None:
    """留守: grandparents raising grandchildren while the parents work away."""
    eldest = town.rng.randint(1, 15)
    kids = min(town.weighted(((1, 4), (2, 4), (3, 1))), max(1, room - 2))
    father_age = eldest + town.rng.randint(21, 32)
    grandfather_age = father_age + town.rng.randint(24, 32)
    widowed = town.chance(0.25)
    household = town.household()
    if widowed:
        grandparent = town.person(
            household,
            R.SELF,
            F,
            town.birth_for_age(max(father_age + 21, grandfather_age - town.rng.randint(0, 4))),
            marital=MaritalStatus.WIDOWED,
            health=_elder_health(town, grandfather_age),
        )
        grandparents = [grandparent]
    else:
        grandfather = town.person(
            household,
            R.SELF,
            M,
            town.birth_for_age(grandfather_age),
            health=_elder_health(town, grandfather_age),
        )
        grandparents = [grandfather, town.spouse(household, grandfather)]
    room -= len(grandparents)
    place = town.pick(words.WORK_PLACES)
    father = town.child_of(
        household,
        R.SON,
        father_age,
        sex=M,
        away=place,
        phone=True,
        surname=household.surname,
    )
    room -= 1
    # The mother works away too, stays home unable to guard (seriously ill), or left after
    # a divorce (其他原因不能监护).
    mother_state = town.weighted(
        (
            (ParentSituation.AWAY_WORKING, 7),
            (ParentSituation.SERIOUSLY_ILL, 1.5),
            (ParentSituation.OTHER_UNABLE, 1.5),
        )
    )
    mother = None
    if mother_state != ParentSituation.OTHER_UNABLE and room - kids >= 1:
        if mother_state == ParentSituation.AWAY_WORKING:
            mother = town.spouse(
                household,
                father,
                relation=R.DAUGHTER_IN_LAW,
                away=place if town.chance(0.7) else town.pick(words.WORK_PLACES),
                phone=True,
            )
        else:
            mother = town.spouse(
                household,
                father,
                relation=R.DAUGHTER_IN_LAW,
                health=HealthStatus.SERIOUSLY_ILL,
                disability=_maybe_disability(town, 0.5, grades=(1, 2)),
            )
        room -= 1
    else:
        mother_state = ParentSituation.OTHER_UNABLE
        father["marital_status"] = MaritalStatus.DIVORCED.value
    children = [
        town.child_of(household, R.GRANDCHILD, age, surname=household.surname, mother=mother)
        for age in town.children_ages(eldest, min(kids, max(1, room)))
    ]
    in_dibao = town.chance(0.2)
    if in_dibao:
        town.dibao(household)
    guardian = grandparents[-1] if len(grandparents) > 1 and town.chance(0.7) else grandparents[0]
    relation = "祖母" if guardian["sex"] == F else "祖父"
    mother_situation = mother_state
    for child in children:
        town.child_file(
            child,
            ChildCategory.LEFT_BEHIND,
            father=(ParentSituation.AWAY_WORKING, father),
            mother=(mother_situation, mother),
            guardian=guardian,
            guardian_relation=relation,
            guardianship=GuardianshipType.ENTRUSTED,
        )
    for grandparent in grandparents:
        if town.chance(0.5):
            town.elder_file(
                grandparent, [ElderCategory.LEFT_BEHIND], WITH_GRANDCHILDREN, contact=father
            )


def _working_family(
    town: _Township,
    room: int,
    *,
    head_age: tuple[int, int],
    head_health: HealthStatus = HealthStatus.HEALTHY,
    head_disability: tuple[DisabilityCategory, int] | None = None,
    max_kids: int = 3,
    with_parent: float = 0.2,
) -> tuple[_Household, dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]:
    """A head with a spouse (mostly), children of fitting ages and maybe an old parent."""
    household = town.household()
    age = town.rng.randint(*head_age)
    head = town.person(
        household,
        R.SELF,
        M if town.chance(0.85) else F,
        town.birth_for_age(age),
        health=head_health,
        disability=head_disability,
    )
    room -= 1
    spouse = None
    if room > 0 and town.chance(0.85):
        spouse = town.spouse(household, head)
        room -= 1
    kids: list[dict[str, Any]] = []
    if room > 0 and age >= 21:
        eldest = min(age - town.rng.randint(23, 32), 30)
        if eldest >= 0:
            count = min(town.rng.randint(1, max_kids), room)
            for child_age in town.children_ages(eldest, count):
                relation = R.SON if town.chance(0.52) else R.DAUGHTER
                kids.append(
                    town.child_of(
                        household,
                        relation,
                        child_age,
                        sex=M if relation is R.SON else F,
                        surname=household.surname if head["sex"] == M else town.surname(),
                        mother=spouse if head["sex"] == M else head,
                    )
                )
            room -= len(kids)
    if room > 0 and age + 22 <= 95 and town.chance(with_parent):
        parent_age = min(95, age + town.rng.randint(22, 32))
        town.person(
            household,
            R.PARENT,
            F if town.chance(0.7) else M,
            town.birth_for_age(parent_age),
            marital=MaritalStatus.WIDOWED,
            health=_elder_health(town, parent_age),
            surname=household.surname if town.chance(0.3) else town.surname(),
        )
    return household, head, spouse, kids


def _disabled_family(town: _Township, room: int) -> None:
    """A family with a disabled member: 低保 with 分类施保, 两项补贴, 困境儿童 for a child."""
    head_disabled = town.chance(0.45)
    disability = None
    if head_disabled:
        disability = (
            town.weighted(
                (
                    (DisabilityCategory.PHYSICAL, 4),
                    (DisabilityCategory.VISUAL, 1),
                    (DisabilityCategory.MULTIPLE, 0.5),
                )
            ),
            town.rng.randint(1, 3),
        )
    household, head, spouse, kids = _working_family(
        town, room, head_age=(32, 62), head_disability=disability
    )
    disabled = [head] if head_disabled else []
    if not head_disabled:
        target = kids[0] if kids else head
        category = town.weighted(
            (
                (DisabilityCategory.INTELLECTUAL, 3),
                (DisabilityCategory.PHYSICAL, 2),
                (DisabilityCategory.MENTAL, 1.5),
                (DisabilityCategory.MULTIPLE, 1),
                (DisabilityCategory.HEARING, 1),
            )
        )
        target["disability_category"] = category.value
        target["disability_grade"] = town.rng.randint(1, 4)
        if age_on(target["birth_date"], town.today) >= 16:
            target["labour_capacity"] = (
                LabourCapacity.FULLY_LOST
                if target["disability_grade"] <= 2
                else LabourCapacity.PARTIALLY_LOST
            ).value
            target["employment"] = EmploymentStatus.UNEMPLOYED.value
        disabled.append(target)
    in_dibao = town.chance(0.75)
    if in_dibao:
        town.dibao(household)
    for person in disabled:
        town.disability_subsidies(household, person, in_dibao=in_dibao)
    situation = ParentSituation.SEVERELY_DISABLED if head_disabled else ParentSituation.AT_HOME
    for kid in kids:
        if age_on(kid["birth_date"], town.today) < 18 and (kid in disabled or town.chance(0.15)):
            _child_in_difficulty(town, kid, head, spouse, situation)


def _ill_family(town: _Township, room: int) -> None:
    """因病致贫: the head is seriously ill; 低保 or 低保边缘, often 支出型临时救助."""
    household, head, spouse, kids = _working_family(
        town, room, head_age=(38, 66), head_health=HealthStatus.SERIOUSLY_ILL, with_parent=0.3
    )
    roll = town.rng.random()
    if roll < 0.55:
        town.dibao(household)
    elif roll < 0.85:
        town.dibao_edge(household)
    if town.chance(0.45):
        town.temporary(household, TemporaryAssistanceType.EXPENDITURE)
    for kid in kids:
        if age_on(kid["birth_date"], town.today) < 16 and town.chance(0.2):
            _child_in_difficulty(town, kid, head, spouse, ParentSituation.SERIOUSLY_ILL)


def _child_in_difficulty(
    town: _Township,
    kid: dict[str, Any],
    head: dict[str, Any],
    spouse: dict[str, Any] | None,
    head_situation: ParentSituation,
) -> None:
    """困境儿童 in a family whose head is ill or disabled; the other parent guards if there."""
    # Without a spouse in the household the other parent is gone (其他原因不能监护).
    other = (ParentSituation.AT_HOME if spouse else ParentSituation.OTHER_UNABLE, spouse)
    mine = (head_situation, head)
    father, mother = (mine, other) if head["sex"] == M else (other, mine)
    guardian = head if spouse is None or head_situation is ParentSituation.AT_HOME else spouse
    town.child_file(
        kid,
        ChildCategory.IN_DIFFICULTY,
        father=father,
        mother=mother,
        guardian=guardian,
        guardian_relation="父亲" if guardian["sex"] == M else "母亲",
        guardianship=GuardianshipType.PARENT,
    )


def _single_parent(town: _Township, room: int) -> None:
    """A mother alone with her children (widowed or divorced)."""
    household = town.household()
    age = town.rng.randint(26, 48)
    widowed = town.chance(0.5)
    mother = town.person(
        household,
        R.SELF,
        F,
        town.birth_for_age(age),
        marital=MaritalStatus.WIDOWED if widowed else MaritalStatus.DIVORCED,
        employment=town.pick(
            (EmploymentStatus.FLEXIBLE, EmploymentStatus.FARMING, EmploymentStatus.WAGE_WORK)
        ),
        phone=True,
    )
    father_surname = town.surname()
    eldest = max(0, min(age - town.rng.randint(20, 26), 17))
    kids = []
    if room > 1:
        for child_age in town.children_ages(eldest, min(room - 1, town.rng.randint(1, 3))):
            relation = R.SON if town.chance(0.5) else R.DAUGHTER
            kids.append(
                town.child_of(
                    household,
                    relation,
                    child_age,
                    sex=M if relation is R.SON else F,
                    surname=father_surname,
                    mother=mother,
                )
            )
    roll = town.rng.random()
    if roll < 0.65:
        town.dibao(household)
    elif roll < 0.85:
        town.dibao_edge(household)
    for kid in kids:
        if age_on(kid["birth_date"], town.today) < 16 and town.chance(0.3):
            town.child_file(
                kid,
                ChildCategory.IN_DIFFICULTY,
                father=(
                    ParentSituation.DECEASED if widowed else ParentSituation.OTHER_UNABLE,
                    None,
                ),
                mother=(ParentSituation.AT_HOME, mother),
                guardian=mother,
                guardian_relation="母亲",
                guardianship=GuardianshipType.PARENT,
            )


def _tekun_centralised(town: _Township, room: int) -> None:
    """集中供养: an elder (or a severely disabled adult) living in the township's 敬老院."""
    household = town.household()
    if town.chance(0.8):
        age = _elder_age(town, 64, 96)
        person = town.person(
            household,
            R.SELF,
            M if town.chance(0.7) else F,
            town.birth_for_age(age),
            marital=MaritalStatus.UNMARRIED if town.chance(0.6) else MaritalStatus.WIDOWED,
            health=_elder_health(town, age),
            current_address=town.place.care_home,
            phone=False,
        )
    else:
        person = town.person(
            household,
            R.SELF,
            M if town.chance(0.6) else F,
            town.birth_for_age(town.rng.randint(25, 59)),
            marital=MaritalStatus.UNMARRIED,
            disability=(
                town.pick((DisabilityCategory.INTELLECTUAL, DisabilityCategory.MENTAL)),
                town.rng.randint(1, 2),
            ),
            current_address=town.place.care_home,
            phone=False,
        )
    town.tekun(household, person, mode=SupportMode.CENTRALISED)


def _tekun_disabled_adult(town: _Township, room: int) -> None:
    """分散供养 of a severely disabled adult whose parents have died, with a carer."""
    household = town.household()
    category, grade = town.weighted(
        (
            ((DisabilityCategory.INTELLECTUAL, town.rng.randint(1, 3)), 3),
            ((DisabilityCategory.MENTAL, town.rng.randint(1, 3)), 2),
            ((DisabilityCategory.PHYSICAL, town.rng.randint(1, 2)), 2),
            ((DisabilityCategory.VISUAL, 1), 1),
        )
    )
    person = town.person(
        household,
        R.SELF,
        M if town.chance(0.6) else F,
        town.birth_for_age(town.rng.randint(20, 59)),
        marital=MaritalStatus.UNMARRIED,
        disability=(category, grade),
        labour=LabourCapacity.FULLY_LOST,
        employment=EmploymentStatus.UNEMPLOYED,
    )
    town.tekun(household, person, mode=SupportMode.DISPERSED)
    if grade <= 2 and town.chance(0.9):
        town.subsidy(household, person, Program.DISABILITY_CARE_SUBSIDY, RateKind.DISABILITY_CARE)


def _grandparent_household(
    town: _Township, room: int, kids: int, eldest: int
) -> tuple[_Household, list[dict[str, Any]], list[dict[str, Any]]]:
    household = town.household()
    grandparent_age = min(90, eldest + town.rng.randint(45, 60))
    grandmother = town.person(
        household,
        R.SELF,
        F,
        town.birth_for_age(grandparent_age),
        marital=MaritalStatus.WIDOWED,
        health=_elder_health(town, grandparent_age),
    )
    children = [
        town.child_of(household, R.GRANDCHILD, age, surname=household.surname)
        for age in town.children_ages(eldest, min(kids, max(1, room - 1)))
    ]
    return household, [grandmother], children


def _orphan(town: _Township, room: int) -> None:
    """孤儿: both parents dead; the children live with their grandmother."""
    household, (grandmother,), children = _grandparent_household(
        town, room, town.weighted(((1, 3), (2, 1))), town.rng.randint(3, 15)
    )
    for child in children:
        town.enrol(
            household,
            Program.ORPHAN,
            child,
            applied_on=town.since(child["birth_date"] + timedelta(days=60)),
            amount_at=lambda day: town.rate(RateKind.ORPHAN_SCATTERED, day),
        )
        town.bank(household)
        town.child_file(
            child,
            ChildCategory.ORPHAN,
            father=(ParentSituation.DECEASED, None),
            mother=(ParentSituation.DECEASED, None),
            guardian=grandmother,
            guardian_relation="祖母",
            guardianship=GuardianshipType.RELATIVE,
        )
    town.elder_file(grandmother, [ElderCategory.LEFT_BEHIND], WITH_GRANDCHILDREN)


def _unsupported_child(town: _Township, room: int) -> None:
    """事实无人抚养: father imprisoned or severely disabled, mother missing for months."""
    household, (grandmother,), children = _grandparent_household(
        town, room, town.weighted(((1, 3), (2, 1))), town.rng.randint(2, 15)
    )
    father = town.pick(
        (ParentSituation.IMPRISONED, ParentSituation.SEVERELY_DISABLED, ParentSituation.DECEASED)
    )
    for child in children:
        town.enrol(
            household,
            Program.UNSUPPORTED_CHILD,
            child,
            applied_on=town.since(max(child["birth_date"] + timedelta(days=400), date(2020, 1, 1))),
            amount_at=lambda day: town.rate(RateKind.UNSUPPORTED_CHILD, day),
        )
        town.bank(household)
        town.child_file(
            child,
            ChildCategory.UNSUPPORTED,
            father=(father, None),
            mother=(ParentSituation.MISSING, None),
            guardian=grandmother,
            guardian_relation="祖母",
            guardianship=GuardianshipType.RELATIVE,
        )


def _temporary_emergency(town: _Township, room: int) -> None:
    """A family hit by a fire, an accident or a sudden illness: 急难型临时救助."""
    household, _head, _spouse, _kids = _working_family(town, room, head_age=(30, 66))
    town.temporary(household, TemporaryAssistanceType.EMERGENCY)


def _applicant(town: _Township, room: int) -> None:
    """A household whose 低保 application is pending or was refused this year."""
    household, _head, _spouse, _kids = _working_family(
        town, min(room, 4), head_age=(35, 75), head_health=_elder_health(town, 60)
    )
    if town.chance(0.55):
        town.dibao(household, status=EnrolmentStatus.APPLIED)
    else:
        town.enrol(
            household,
            Program.DIBAO,
            applied_on=town.day_between(town.year_start, town.today - timedelta(days=40)),
            status=EnrolmentStatus.REFUSED,
            covered_members=len(household.members),
            reason=town.pick(words.REFUSAL_REASONS),
        )


def _edge_family(town: _Township, room: int) -> None:
    """低保边缘: income just above the line, monitored."""
    household, _head, _spouse, _kids = _working_family(
        town, room, head_age=(35, 72), head_health=_elder_health(town, 65), with_parent=0.3
    )
    town.dibao_edge(household)


def _severe_disability_only(town: _Township, room: int) -> None:
    """A household whose only support is the 重度残疾人护理补贴 of a disabled member."""
    household, head, spouse, kids = _working_family(
        town, min(room, 4), head_age=(38, 70), max_kids=2
    )
    target = kids[0] if kids else head
    target["disability_category"] = town.weighted(
        (
            (DisabilityCategory.INTELLECTUAL, 3),
            (DisabilityCategory.PHYSICAL, 3),
            (DisabilityCategory.MULTIPLE, 1),
            (DisabilityCategory.MENTAL, 1),
        )
    ).value
    target["disability_grade"] = town.rng.randint(1, 2)
    if age_on(target["birth_date"], town.today) >= 16:
        target["labour_capacity"] = LabourCapacity.FULLY_LOST.value
        target["employment"] = EmploymentStatus.UNEMPLOYED.value
    town.subsidy(household, target, Program.DISABILITY_CARE_SUBSIDY, RateKind.DISABILITY_CARE)
    if target is not head and age_on(target["birth_date"], town.today) < 18:
        _child_in_difficulty(town, target, head, spouse, ParentSituation.AT_HOME)


def _elder_with_dependent_son(town: _Township, room: int) -> None:
    """An old parent with an unmarried middle-aged son of little earning power: 低保."""
    household = town.household()
    age = _elder_age(town, 68, 95)
    elder = town.person(
        household,
        R.SELF,
        F if town.chance(0.6) else M,
        town.birth_for_age(age),
        marital=MaritalStatus.WIDOWED,
        health=_elder_health(town, age),
    )
    if room > 1:
        son_age = max(30, min(62, age - town.rng.randint(22, 34)))
        son = town.child_of(
            household,
            R.SON,
            son_age,
            sex=M,
            surname=household.surname,
            marital=MaritalStatus.UNMARRIED,
            health=town.pick((HealthStatus.CHRONICALLY_ILL, HealthStatus.HEALTHY)),
            disability=_maybe_disability(town, 0.4, grades=(3, 4)),
        )
    else:
        son = None
    in_dibao = town.chance(0.8)
    if in_dibao:
        town.dibao(household)
    if son is not None:
        town.disability_subsidies(household, son, in_dibao=in_dibao)
    if town.chance(0.35):
        town.elder_file(elder, [], WITH_CHILDREN, contact=son, level=SelfCareLevel.FULL_CARE)


def _general_dibao_family(town: _Township, room: int) -> None:
    """A poor farming family with chronic illness and little labour: 低保."""
    household, _head, spouse, _kids = _working_family(
        town, room, head_age=(42, 72), head_health=HealthStatus.CHRONICALLY_ILL, with_parent=0.35
    )
    if spouse is not None and town.chance(0.3):
        spouse["health"] = HealthStatus.CHRONICALLY_ILL.value
    town.dibao(household)
    for member in household.members:
        if member["relation"] == R.PARENT and town.chance(0.3):
            town.elder_file(member, [], WITH_CHILDREN, level=SelfCareLevel.FULL_CARE)


# (builder, weight, fewest members it needs)
_KINDS: tuple[tuple[Callable[[_Township, int], None], float, int], ...] = (
    (_lone_elder, 16.0, 1),
    (_elder_couple, 9.0, 2),
    (_skipped_generation, 12.0, 3),
    (_disabled_family, 8.0, 2),
    (_ill_family, 7.0, 1),
    (_single_parent, 5.0, 2),
    (_tekun_centralised, 4.0, 1),
    (_tekun_disabled_adult, 3.5, 1),
    (_orphan, 0.4, 2),
    (_unsupported_child, 1.0, 2),
    (_temporary_emergency, 2.5, 1),
    (_applicant, 3.5, 1),
    (_edge_family, 7.0, 1),
    (_severe_disability_only, 5.0, 2),
    (_family_planning_special, 1.0, 2),
    (_elder_with_dependent_son, 6.0, 1),
    (_general_dibao_family, 10.0, 1),
)
# Placed first, so that even a small demo shows every kind of case once.
_SHOWCASE = (
    _orphan,
    _unsupported_child,
    _tekun_centralised,
    _tekun_disabled_adult,
    _family_planning_special,
    _temporary_emergency,
    _applicant,
    _severe_disability_only,
    _skipped_generation,
    _single_parent,
)


# -- the year: changes of status, deaths, people still to verify ---------------------------------


def _some(town: _Township, items: Sequence[Any], count: int) -> list[Any]:
    """Up to `count` of the items, drawn at random (all of them when there are fewer)."""
    return town.rng.sample(list(items), min(count, len(items)))


def _current(enrolment: dict[str, Any]) -> bool:
    return EnrolmentStatus(enrolment["status"]).is_current


def _year_of_changes(town: _Township) -> None:
    """Stops, suspensions and deaths of the past year, each with its event."""
    by_household: dict[str, list[dict[str, Any]]] = {}
    for enrolment in town.rows["enrolments"]:
        by_household.setdefault(enrolment["household_id"], []).append(enrolment)
    latest = town.today - timedelta(days=5)

    def window_after(enrolment: dict[str, Any], days: int) -> tuple[date, date] | None:
        first = max(town.year_start, enrolment["decided_on"] + timedelta(days=days))
        return (first, latest) if first < latest else None

    dibao = [e for e in town.rows["enrolments"] if e["program"] == Program.DIBAO and _current(e)]
    # Deaths: old people living alone in 特困 or 低保 (their benefits stop the next month).
    candidates = [
        household
        for household in town.households
        if len(household.members) == 1
        and age_on(household.head["birth_date"], town.today) >= 70
        and any(
            _current(e) and e["program"] in (Program.TEKUN, Program.DIBAO)
            for e in by_household.get(household.id, ())
        )
    ]
    deaths = max(1 if town.target >= 100 else 0, round(town.target / 1500))
    for household in _some(town, candidates, deaths):
        person = household.head
        held = [e for e in by_household[household.id] if _current(e)]
        window = window_after(max(held, key=lambda e: e["decided_on"]), 30)
        if window is None:
            continue
        died = town.day_between(*window)
        person["deceased_on"] = died
        person["notes"] = "已去世，已办理注销"
        for enrolment in held:
            program = Program(enrolment["program"])
            town.stop(enrolment, died, f"{program.label}享受人去世，从次月起停发。")
        for plan in town.rows["visit_plans"]:
            if plan["person_id"] == person["id"]:
                plan["active"] = False
    # Stops and suspensions of 低保 after a review.
    living_dibao = [e for e in dibao if _current(e)]
    for enrolment in _some(town, living_dibao, max(1, round(len(living_dibao) * 0.03))):
        window = window_after(enrolment, 60)
        if window is None:
            continue
        on = town.day_between(*window)
        town.stop(enrolment, on, town.pick(words.STOP_REASONS))
        for other in by_household[enrolment["household_id"]]:
            if other["program"] == Program.DISABILITY_LIVING_SUBSIDY and _current(other):
                town.stop(other, on, "家庭退出低保，困难残疾人生活补贴同步停发。")
    living_dibao = [e for e in dibao if _current(e)]
    for enrolment in _some(town, living_dibao, max(1, round(len(living_dibao) * 0.012))):
        window = window_after(enrolment, 60)
        if window is None:
            continue
        on = town.day_between(*window)
        enrolment["status"] = EnrolmentStatus.SUSPENDED.value
        town.event(
            enrolment,
            EnrolmentStatus.APPROVED,
            EnrolmentStatus.SUSPENDED,
            on,
            None,
            town.pick(words.SUSPEND_REASONS),
        )
        resumed = on + timedelta(days=town.rng.randint(20, 75))
        if resumed < town.today and town.chance(0.5):
            enrolment["status"] = EnrolmentStatus.APPROVED.value
            town.event(
                enrolment,
                EnrolmentStatus.SUSPENDED,
                EnrolmentStatus.APPROVED,
                resumed,
                enrolment["monthly_amount_fen"],
                "已核实，恢复发放",
            )


def _pending_persons(town: _Township) -> None:
    """~0.3% without an ID number: babies not yet registered, old records, lost papers."""
    wanted = max(1, round(town.target * 0.003))
    living = [p for p in town.rows["persons"] if p["deceased_on"] is None]
    babies = [p for p in living if (town.today - p["birth_date"]).days < 300]
    oldest = [p for p in living if age_on(p["birth_date"], town.today) >= 85]
    adults = [p for p in living if 30 <= age_on(p["birth_date"], town.today) < 60]
    chosen: list[tuple[dict[str, Any], PendingReason, str]] = []
    for pool, share, reason, note in (
        (babies, 0.5, PendingReason.UNREGISTERED_BABY, "已办出生医学证明，户口尚未登记"),
        (oldest, 0.35, PendingReason.OLD_RECORD, "旧档案无身份证号，待派出所核实"),
        (adults, 1.0, PendingReason.CERTIFICATE_LOST, "身份证遗失，号码待核实"),
    ):
        count = min(len(pool), max(1, round(wanted * share)), wanted - len(chosen))
        chosen.extend((person, reason, note) for person in town.rng.sample(pool, count))
    for person, reason, note in chosen:
        town.used_ids.discard(person["resident_id"])
        person["resident_id"] = None
        person["pending_verification"] = True
        person["pending_reason"] = reason.value
        person["notes"] = note


# -- visits and tasks ----------------------------------------------------------------------------


def _visits(town: _Township) -> None:
    """A year of visits: every filed elder monthly (high risk twice), children by risk; each
    made and recorded by the visitor of the person's plan (the file's cadre / 儿童主任)."""
    persons = {p["id"]: p for p in town.rows["persons"]}
    visitors = {
        (plan["person_id"], plan_key(plan["category"])): plan["visitor"]
        for plan in town.rows["visit_plans"]
    }
    first = Month.from_date(town.year_start)
    months = Month.range(first, Month.from_date(town.today))
    for kind, files in (("elder", town.rows["elder_files"]), ("child", town.rows["child_files"])):
        for file in files:
            person = persons[file["person_id"]]
            household = town.household_of[person["household_id"]]
            risk = RiskLevel(file["risk_tier"] if kind == "elder" else file["risk_level"])
            category = (
                VisitCategory.ELDER if kind == "elder" else VisitCategory.of_child(file["category"])
            )
            visitor = visitors[(person["id"], plan_key(category))]
            offset = town.rng.randrange(3)
            for month in months:
                if kind == "child" and risk is RiskLevel.LOW and (month.index + offset) % 3:
                    continue
                current = month == months[-1]
                if not town.chance(0.8 if current else 0.97):
                    continue
                times = 2 if kind == "elder" and risk is RiskLevel.HIGH else 1
                last = min(month.last_day(), town.today)
                for n in range(times):
                    day = town.day_between(max(month.first_day(), town.year_start), last)
                    if day < person["birth_date"] or (
                        person["deceased_on"] is not None and day >= person["deceased_on"]
                    ):
                        continue
                    if kind == "elder" and age_on(person["birth_date"], day) < ELDER_MIN_AGE:
                        continue
                    method = (
                        VisitMethod.HOME
                        if n == 0 and times == 2
                        else town.weighted(
                            (
                                (VisitMethod.HOME, 6),
                                (VisitMethod.PHONE, 3.5),
                                (VisitMethod.VIDEO, 0.5),
                            )
                        )
                    )
                    _visit(town, person, household, category, day, method, file, visitor)


def _tekun_history(town: _Township) -> None:
    """Visit plans and a year of visits of the 特困 分散供养 persons, by their village's cadre.

    Drawn last, so that the rest of a seed's township is what it was before they were added.
    A person with an elder file is visited monthly on the elder form already (one duty: that
    visit counts for both schedules); the others monthly on the 特困 form from their decision,
    a month missed now and then.
    """
    persons = {p["id"]: p for p in town.rows["persons"]}
    filed = {file["person_id"] for file in town.rows["elder_files"]}
    months = Month.range(Month.from_date(town.year_start), Month.from_date(town.today))
    category = ScheduleCategory.TEKUN
    for enrolment in town.rows["enrolments"]:
        if (
            enrolment["program"] != Program.TEKUN
            or enrolment["support_mode"] != SupportMode.DISPERSED
            or enrolment["decided_on"] is None
        ):
            continue
        person = persons[enrolment["person_id"]]
        household = town.household_of[person["household_id"]]
        visitor = household.village.cadre
        plan = town.plan(person, category, visitor)
        plan["active"] = person["deceased_on"] is None
        town.rows["visit_plans"].append(plan)
        if person["id"] in filed:
            continue
        since = max(enrolment["decided_on"], town.year_start)
        for month in months:
            if month.last_day() < since or not town.chance(0.8 if month == months[-1] else 0.93):
                continue
            day = town.day_between(max(month.first_day(), since), min(month.last_day(), town.today))
            if person["deceased_on"] is not None and day >= person["deceased_on"]:
                continue
            method = town.weighted(
                ((VisitMethod.HOME, 7), (VisitMethod.PHONE, 2.5), (VisitMethod.VIDEO, 0.5))
            )
            _visit(town, person, household, category, day, method, enrolment, visitor)


def _dibao_reviews(town: _Township) -> None:
    """Visit plans and 入户调查 of the current 低保 households, by the township's 民政专干.

    Drawn last, so that the rest of a seed's township is what it was before they were added.
    A household is reviewed under its head by the importer (the township's staff user, who
    leads every 入户调查 with a colleague), at its review cycle: its application survey (when
    within the demo's records) and its reviews, most on time, some a little late. Its
    `next_review_on` is one cycle after its last survey, as the schedule counts (a few already
    overdue): the one recorded when the household applied earlier, else moved there (the
    review task of the workbench with it).
    """
    colleague = town.importer_name
    while colleague == town.importer_name:
        colleague = town.surname() + town.given_name(F, date(1988, 1, 1))
    soon = town.today + timedelta(days=30)
    title = f"{Program.DIBAO.label}复核："
    tasks = {
        task["household_id"]: task
        for task in town.rows["tasks"]
        if task["kind"] == TaskKind.REVIEW and task["title"].startswith(title)
    }
    dropped: set[str] = set()
    for enrolment in town.rows["enrolments"]:
        if (
            enrolment["program"] != Program.DIBAO
            or not _current(enrolment)
            or enrolment["decided_on"] is None
        ):
            continue
        household = town.household_of[enrolment["household_id"]]
        head = household.head
        town.rows["visit_plans"].append(town.plan(head, ScheduleCategory.DIBAO, town.importer))
        surveys, next_review = _review_days(town, enrolment)
        investigators = [town.importer_name, colleague]
        cadre = town.cadre_names[household.village.cadre]
        if not household.row["relative_declared"] and cadre not in investigators:
            # The village's cadre comes along, unless declared related to the household.
            investigators.append(cadre)
        for day, survey_type in surveys:
            answers = _dibao_survey_answers(
                town, household, enrolment, day, survey_type, investigators
            )
            _final_visit(
                town,
                ScheduleCategory.DIBAO,
                head,
                household,
                day=day,
                method=VisitMethod.HOME,
                answers=answers,
                visitor=town.importer,
            )
        if next_review == enrolment["next_review_on"]:
            continue
        enrolment["next_review_on"] = next_review
        task = tasks.get(household.id)
        if task is not None and next_review > soon:
            dropped.add(task["id"])
        elif task is not None:
            task["due_on"] = next_review
        elif next_review <= soon:
            town.rows["tasks"].append(_review_task(town, enrolment))
    if dropped:
        town.rows["tasks"] = [task for task in town.rows["tasks"] if task["id"] not in dropped]


def _review_days(town: _Township, enrolment: dict[str, Any]) -> tuple[list[tuple[date, str]], date]:
    """The days of a 低保 household's surveys (day, survey type) and its next review's day.

    Surveys before the demo's rates (July 2025) are left out: their form needs the 低保
    standard of their day. A household that applied since then is reviewed one cycle after
    its application survey, then one cycle after each review; one that applied before, one
    cycle before its recorded next review, and so on back.
    """
    cycle = enrolment["review_cycle_months"]
    decided = enrolment["decided_on"]
    # 入户调查 within 3 working days of the application.
    applied = min(enrolment["applied_on"] + timedelta(days=town.rng.randint(1, 3)), decided)
    reviews: list[date] = []
    last = add_months(enrolment["next_review_on"], -cycle)
    if applied < _FIRST_RATES and decided + timedelta(days=60) <= last <= town.today:
        day = last
        while day >= _FIRST_RATES:
            reviews.append(day)
            day = add_months(day - timedelta(days=_lateness(town)), -cycle)
        reviews.reverse()
    else:
        last = applied
        while (due := add_months(last, cycle)) <= town.today:
            day = due + timedelta(days=_lateness(town))
            if day > town.today:
                break  # late, and not made yet: overdue now
            reviews.append(day)
            last = day
    surveys = [(applied, "application")] if applied >= _FIRST_RATES else []
    surveys.extend((day, "review") for day in reviews)
    return surveys, add_months(last, cycle)


def _lateness(town: _Township) -> int:
    """Days a review was made after it was due: most a little before, some a little late."""
    if town.chance(0.8):
        return -town.rng.randint(0, 20)
    return town.rng.randint(1, 30)


def _dibao_survey_answers(
    town: _Township,
    household: _Household,
    enrolment: dict[str, Any],
    day: date,
    survey_type: str,
    investigators: list[str],
) -> dict[str, Any]:
    """Answers of a 低保家庭入户调查表 (dibao_household_survey 2026.1) for a household.

    The household's size, members able to work, income (the enrolment's per-capita income,
    split into its kinds) and housing agree with the household's records; the household is
    found still eligible.
    """
    # The members of that day: a baby born since is not counted yet.
    living = [m for m in household.members if m["deceased_on"] is None and m["birth_date"] <= day]
    size = len(living)
    able = sum(
        m["labour_capacity"] == LabourCapacity.ABLE and 16 <= age_on(m["birth_date"], day) < 60
        for m in living
    )
    elders = sum(age_on(m["birth_date"], day) >= 60 for m in living)
    answers: dict[str, Any] = {"survey_type": survey_type}
    for n, name in enumerate(investigators, start=1):
        answers[f"investigator_{n}"] = name
    answers["respondent"] = household.head["id"]
    answers["neighbours_interviewed"] = town.chance(0.95)
    if answers["neighbours_interviewed"]:
        answers["neighbour_notes"] = town.pick(words.DIBAO_NEIGHBOUR_NOTES)
    answers["household_size"] = size
    answers["members_able_to_work"] = able
    answers["income_stable"] = enrolment["review_cycle_months"] > 6
    # A year's income in whole yuan: the enrolment's monthly per-capita income (whole yuan).
    left = enrolment["per_capita_income_fen"] // 100 * 12 * size
    wage = round(left * town.rng.uniform(0.3, 0.7)) if able else 0
    left -= wage
    property_income = min(left, town.rng.randint(2, 8) * 100) if town.chance(0.2) else 0
    left -= property_income
    business = round(left * town.rng.uniform(0.3, 0.8)) if not household.village.urban else 0
    answers["wage_income"] = wage
    answers["business_income"] = business
    answers["property_income"] = property_income
    answers["transfer_income"] = left - business
    excluded = ["basic_pension"] if elders else []
    excluded.append("assistance")
    answers["excluded_items"] = excluded
    answers["excluded_amount"] = round(enrolment["monthly_amount_fen"] * 12 / 100) + elders * 1_680
    # The form's computed totals, as finalising stores them (whole yuan: no decimals).
    answers["annual_income"] = wage + business + property_income + answers["transfer_income"]
    answers["per_capita_monthly_income"] = enrolment["per_capita_income_fen"] // 100
    answers["deposits"] = town.rng.randint(0, 60) * 100
    answers["financial_assets"] = answers["deposits"]
    answers["vehicles"] = 1 if able and town.chance(0.05) else 0
    if answers["vehicles"]:
        answers["vehicle_detail"] = town.pick(words.DIBAO_VEHICLES)
    housing = household.row["housing"]
    condition = _HOUSING_CONDITIONS.get(housing, "owned_safe")
    if housing == "土木结构老房" and town.chance(0.3):
        condition = "owned_c"
    answers["houses"] = 0 if condition in ("rented", "borrowed") else 1
    answers["housing_condition"] = condition
    answers["business_registered"] = False
    answers["living_description"] = town.pick(words.DIBAO_LIVING_DESCRIPTIONS)
    answers["opinion"] = "eligible"
    answers["family_signed"] = True
    answers["investigators_signed"] = True
    return answers


_HOUSING_CONDITIONS = {"与亲属同住": "borrowed", "租住": "rented"}


def _visit(
    town: _Township,
    person: dict[str, Any],
    household: _Household,
    category: VisitCategory | ScheduleCategory,
    day: date,
    method: VisitMethod,
    record: dict[str, Any],
    visitor: str,
) -> None:
    """One final visit by `visitor` on the form of its category; `record` is the person's care
    file, or their 特困 enrolment. The visitor wrote it: they are its `updated_by` too."""
    risk_found = town.chance(0.025)
    if category is VisitCategory.ELDER:
        answers = _elder_answers(town, person, record, method, risk_found)
    elif category is ScheduleCategory.TEKUN:
        answers = _tekun_answers(town, person, record, method, risk_found)
    elif category is VisitCategory.LEFT_BEHIND:
        answers = {
            "attending_school": town.chance(0.97),
            "parents_contact_weekly": town.chance(0.85),
            "guardian_adequate": town.chance(0.92),
            "safety_risk": risk_found,
            "summary": town.pick(words.CHILD_VISIT_SUMMARIES),
        }
    else:
        answers = _vulnerable_child_answers(
            town, person, household, record, category, day, method, risk_found
        )
    visit = _final_visit(
        town, category, person, household, day=day, method=method, answers=answers, visitor=visitor
    )
    finalised = visit["finalised_at"]
    if town.chance(0.003) and day < town.today - timedelta(days=3):
        # A correction made a few days later: an amendment, the original stays.
        corrected = dict(answers, summary=answers["summary"] + "（更正：补充记录联系电话已核实。）")
        town.rows["visits"].append(
            dict(
                visit,
                id=town.new_id(),
                answers=corrected,
                amends_visit_id=visit["id"],
                finalised_at=finalised + timedelta(days=town.rng.randint(1, 3)),
            )
        )
    if risk_found:
        due = day + timedelta(days=7)
        done = due < town.today - timedelta(days=3)
        town.rows["tasks"].append(
            {
                "id": town.new_id(),
                "kind": TaskKind.FOLLOW_UP.value,
                "title": f"探访发现问题，跟进处理：{person['name']}",
                "person_id": person["id"],
                "household_id": household.id,
                "source_visit_id": visit["id"],
                "due_on": due,
                "status": (TaskStatus.DONE if done else TaskStatus.OPEN).value,
                "assigned_to": visitor,
                "done_at": datetime.combine(due - timedelta(days=2), time(8, 0), UTC)
                if done
                else None,
                "result": "已联系家属和村卫生室，问题已处理。" if done else None,
                # Made by the visit's finalising, then done by the visitor.
                "_updated_by": visitor,
            }
        )


def _final_visit(
    town: _Township,
    category: VisitCategory | ScheduleCategory,
    person: dict[str, Any],
    household: _Household,
    *,
    day: date,
    method: VisitMethod,
    answers: dict[str, Any],
    visitor: str,
) -> dict[str, Any]:
    """The row of a visit finalised on its day by `visitor`, on its category's form."""
    form_id, form_version = VISIT_FORMS[category]
    visit = {
        "id": town.new_id(),
        "person_id": person["id"],
        "household_id": household.id,
        "category": category.value,
        "form_id": form_id,
        "form_version": form_version,
        "visited_on": day,
        "method": method.value,
        "visitor": visitor,
        "status": VisitStatus.FINAL.value,
        "answers": answers,
        "amends_visit_id": None,
        "finalised_at": datetime.combine(day, time(10, 0), UTC),  # 18:00 in Chenzhou
        "_updated_by": visitor,
    }
    town.rows["visits"].append(visit)
    return visit


def _elder_answers(
    town: _Township,
    person: dict[str, Any],
    file: dict[str, Any],
    method: VisitMethod,
    risk_found: bool,
) -> dict[str, Any]:
    """Answers of a 特殊困难老年人探访记录 (special_elder_visit 2026.1) for a contacted elder."""
    categories = file["categories"]
    self_care = (
        town.weighted((("semi_care", 6), ("full_care", 4)))
        if ElderCategory.INCAPACITATED in categories
        else town.weighted((("self_care", 9), ("semi_care", 1)))
    )
    answers: dict[str, Any] = {
        "visit_method": method.value,
        "contacted": True,
        "living_arrangement": _LIVING_CODES.get(file["living_arrangement"], "with_others"),
        "self_care": self_care,
    }
    if self_care != "self_care":
        answers["carer_available"] = True
        answers["carer_name"] = file["emergency_contact_name"]
    answers["health"] = (
        "healthy"
        if person["health"] == "healthy"
        else town.weighted((("chronically_ill", 8), ("seriously_ill", 2)))
    )
    answers["hospitalised_recently"] = town.chance(0.03)
    answers["mental_state"] = town.weighted((("good", 8), ("lonely", 1.5), ("low_mood", 0.5)))
    if method is VisitMethod.HOME:
        answers["housing_safe"] = True
        answers["fire_electric_safe"] = True
        answers["fall_risk"] = self_care != "self_care" or town.chance(0.1)
        answers["food_clothing_secured"] = True
    answers["emergency_contact_ok"] = True
    answers["needs"] = town.rng.sample(_ELDER_NEEDS, town.rng.randint(0, 2)) or ["none"]
    answers["safety_risk_found"] = risk_found
    if risk_found:
        answers["safety_risk_detail"] = "发现居住或生活安全隐患，已告知家属并约定跟进。"
    answers["risk_level"] = file["risk_tier"]
    answers["summary"] = town.pick(words.ELDER_VISIT_SUMMARIES)
    return answers


_ELDER_NEEDS = ["daily_care", "meals", "medical", "companionship", "emergency_call"]
_DAILY_ACTIVITIES = [
    "eating",
    "dressing",
    "transferring",
    "toileting",
    "walking_indoors",
    "bathing",
]


def _tekun_answers(
    town: _Township,
    person: dict[str, Any],
    enrolment: dict[str, Any],
    method: VisitMethod,
    risk_found: bool,
) -> dict[str, Any]:
    """Answers of a 特困人员（分散供养）探访记录 (tekun_dispersed_visit 2026.1) for a person met.

    The self-care items agree with the enrolment's level; a problem found is unsafe housing
    at a home visit, an allowance not yet paid otherwise.
    """
    level = SelfCareLevel(enrolment["self_care_level"])
    if level is SelfCareLevel.SELF_CARE:
        unable, carer_visits, risk = 0, town.pick(("weekly", "several_weekly")), RiskLevel.LOW
    elif level is SelfCareLevel.SEMI_CARE:
        unable, carer_visits = town.rng.randint(1, 3), town.pick(("several_weekly", "daily"))
        risk = RiskLevel.MEDIUM
    else:
        unable, carer_visits, risk = town.rng.randint(4, 6), "daily", RiskLevel.HIGH
    answers: dict[str, Any] = {
        "visit_method": method.value,
        "met_person": True,
        "self_care_unable": sorted(
            town.rng.sample(_DAILY_ACTIVITIES, unable), key=_DAILY_ACTIVITIES.index
        )
        or ["none"],
        "self_care_level": level.value,
        "carer_present": True,
        "carer_name": enrolment["carer_name"],
        "care_agreement_signed": town.chance(0.9),
        "carer_performance": town.weighted((("good", 9), ("partial", 1))),
        "carer_visit_frequency": carer_visits,
        "food_clothing_secured": True,
    }
    if method is VisitMethod.HOME:
        answers["housing_safe"] = not risk_found
        if risk_found:
            answers["housing_problem"] = "屋顶漏雨、电线老化，已报村委会安排维修。"
        answers["utilities_working"] = True
    answers["health"] = person["health"]
    if person["health"] != HealthStatus.HEALTHY:
        answers["medical_needs"] = "需定期到乡镇卫生院取药。"
    answers["payment_on_time"] = method is VisitMethod.HOME or not risk_found
    if not answers["payment_on_time"]:
        answers["payment_problem"] = "本月供养金尚未到账，已请乡镇核查。"
    answers["wants_centralised"] = False
    answers["risk_level"] = risk.value
    answers["summary"] = town.pick(words.TEKUN_VISIT_SUMMARIES)
    return answers


def _vulnerable_child_answers(
    town: _Township,
    person: dict[str, Any],
    household: _Household,
    file: dict[str, Any],
    category: VisitCategory,
    day: date,
    method: VisitMethod,
    risk_found: bool,
) -> dict[str, Any]:
    """Answers of a 困境儿童探访记录 (vulnerable_child_visit 2026.1) for a child met."""
    answers: dict[str, Any] = {"visit_method": method.value, "met_child": True}
    if category is VisitCategory.IN_DIFFICULTY:
        difficulty = town.weighted((("poverty", 5), ("disability", 3), ("serious_illness", 2)))
        benefits = [town.weighted((("dibao", 6), ("medical_assistance", 1), ("none", 3)))]
        living_with = town.weighted((("parents", 6), ("grandparents", 3), ("relatives", 1)))
    else:
        difficulty = "no_guardian"
        benefits = [
            "orphan_allowance" if category is VisitCategory.ORPHAN else "unsupported_allowance"
        ]
        living_with = town.weighted((("grandparents", 7), ("relatives", 3)))
    answers["difficulty_types"] = [difficulty]
    if difficulty == "disability":
        answers["disability_category"] = town.pick(["1", "2", "3", "4", "5", "6", "7"])
        answers["disability_certified"] = True
        answers["rehabilitation"] = town.chance(0.6)
    elif difficulty == "serious_illness":
        answers["illness_detail"] = "慢性病，定期到县人民医院复查。"
    answers["basic_living_secured"] = True
    answers["benefits"] = benefits
    answers["living_with"] = living_with
    if living_with != "parents":
        head = household.head
        answers["guardian_name"] = head["name"] if head["id"] != person["id"] else "未登记"
        answers["guardian_relation"] = (
            "grandparent" if living_with == "grandparents" else "uncle_aunt"
        )
    answers["guardian_capacity"] = town.weighted((("good", 8), ("weak", 2)))
    age = age_on(person["birth_date"], day)
    if age >= 6:
        answers["in_school"] = age < 16 or town.chance(0.5)
        if not answers["in_school"]:
            answers["out_of_school_reason"] = "finished"
    if risk_found:
        answers["safety_concerns"] = ["unattended"]
        answers["safety_detail"] = "放学后常无人看护，已提醒监护人并约定跟进。"
    else:
        answers["safety_concerns"] = ["none"]
    answers["needs"] = town.rng.sample(_CHILD_NEEDS, town.rng.randint(0, 1)) or ["none"]
    answers["risk_level"] = file["risk_level"]
    answers["summary"] = town.pick(words.CHILD_VISIT_SUMMARIES)
    return answers


_CHILD_NEEDS = ["study", "psychological", "medical", "policy"]


def _review_task(town: _Township, enrolment: dict[str, Any]) -> dict[str, Any]:
    """The township's task to review an enrolment on its `next_review_on`."""
    household = town.household_of[enrolment["household_id"]]
    return {
        "id": town.new_id(),
        "kind": TaskKind.REVIEW.value,
        "title": f"{Program(enrolment['program']).label}复核：{household.head['name']}户",
        "person_id": enrolment["person_id"],
        "household_id": household.id,
        "source_visit_id": None,
        "due_on": enrolment["next_review_on"],
        "status": TaskStatus.OPEN.value,
        "assigned_to": town.importer,
        "done_at": None,
        "result": None,
    }


def _tasks_and_declarations(town: _Township) -> None:
    """Reviews due soon or overdue, papers missing for applications, 近亲属备案."""
    soon = town.today + timedelta(days=30)
    for enrolment in town.rows["enrolments"]:
        household = town.household_of[enrolment["household_id"]]
        program = Program(enrolment["program"])
        head = household.head
        if (
            _current(enrolment)
            and enrolment["next_review_on"]
            and enrolment["next_review_on"] <= soon
        ):
            town.rows["tasks"].append(_review_task(town, enrolment))
        elif enrolment["status"] == EnrolmentStatus.APPLIED and program is Program.DIBAO:
            town.rows["tasks"].append(
                {
                    "id": town.new_id(),
                    "kind": TaskKind.DOCUMENTS.value,
                    "title": f"低保申请补齐材料（核对授权书须全部成年成员签字）：{head['name']}户",
                    "person_id": None,
                    "household_id": household.id,
                    "source_visit_id": None,
                    "due_on": enrolment["applied_on"] + timedelta(days=10),
                    "status": TaskStatus.OPEN.value,
                    "assigned_to": town.importer,
                    "done_at": None,
                    "result": None,
                }
            )
    # 近亲属备案: a village cadre related to a 低保 household steps back from its reviews and
    # may not see it. Households with care files are left out: the demo's cadre keeps every
    # care file of the village, and nobody visits a household they may not see.
    filed = {f["person_id"] for f in (*town.rows["elder_files"], *town.rows["child_files"])}
    dibao_households = [
        household
        for household in (
            town.household_of[e["household_id"]]
            for e in town.rows["enrolments"]
            if e["program"] == Program.DIBAO and _current(e)
        )
        if not any(member["id"] in filed for member in household.members)
    ]
    count = min(len(dibao_households), max(1, round(len(town.households) / 400)))
    for household in town.rng.sample(dibao_households, count):
        household.row["relative_declared"] = True
        town.rows["relative_declarations"].append(
            {
                "id": town.new_id(),
                "household_id": household.id,
                "person_id": household.head["id"],
                "staff_name": town.cadre_names[household.village.cadre],
                "staff_username": household.village.cadre,
                "staff_position": "村民委员会委员",
                "relation": town.pick(("堂兄弟", "表兄妹", "叔侄", "姻亲")),
                "declared_on": town.day_between(date(2020, 1, 1), town.year_start),
                "notes": "已单独登记备案，该村干部回避入户调查。",
            }
        )


def _rules(town: _Township) -> None:
    for rate in town.rates:
        raised = rate.effective_from == date(2026, 1, 1)
        note = f"{DEMO_NOTE}：{rate.kind.label}"
        if rate.qualifier:
            note += f"（{rate.qualifier}类：{DIBAO_CLASSES[rate.qualifier][0]}）"
        if raised:
            note += "；2026年5月提标，自2026年1月起执行，1–5月差额补发"
        town.rows["rates"].append(
            {
                "id": town.new_id(),
                "kind": rate.kind.value,
                "qualifier": rate.qualifier,
                "region_code": rate.region_code,
                "amount_fen": rate.amount_fen,
                "effective_from": rate.effective_from,
                "decided_on": _RATE_DECISIONS[rate.effective_from],
                "note": note,
            }
        )
    for key, value, since in (
        ("temporary_assistance_township_limit_fen", 300_000, date(2025, 1, 1)),
        ("dibao_edge_income_multiple", 1.5, date(2025, 1, 1)),
        ("amount_rounding", "half_up_yuan", date(2025, 1, 1)),
    ):
        town.rows["county_rules"].append(
            {
                "id": town.new_id(),
                "key": key,
                "value": value,
                "effective_from": since,
                "note": DEMO_NOTE,
            }
        )


# -- writing -----------------------------------------------------------------------------------

_CHUNK = 2000
_TABLES: tuple[tuple[str, Table], ...] = tuple(
    (name, model.__table__)  # type: ignore[attr-defined]
    for name, model in (
        ("households", Household),
        ("persons", Person),
        ("rates", RateRow),
        ("county_rules", CountyRule),
        ("enrolments", Enrolment),
        ("enrolment_events", EnrolmentEvent),
        ("child_files", ChildFile),
        ("elder_files", ElderFile),
        ("visit_plans", VisitPlan),
        ("visits", Visit),
        ("tasks", Task),
        ("relative_declarations", RelativeDeclaration),
    )
)


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def _synced(town: _Township, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as the baseline import writes them: version 1, as if already acknowledged.

    A row is updated by whoever made it (`_updated_by`: a visit's visitor), else the importer.
    """
    out = []
    for row in rows:
        clean = {key: value for key, value in row.items() if not key.startswith("_")}
        clean["version"] = 1
        clean["updated_at"] = row.get("finalised_at") or town.instant
        clean["updated_by"] = row.get("_updated_by") or town.importer
        clean["deleted"] = False
        out.append(clean)
    return out


def _search_rows(town: _Township) -> list[dict[str, Any]]:
    villages = {household.id: household.village.code for household in town.households}
    return index_rows_for(town.rows["persons"], villages)


def _villages(conn: Connection, township: str, taken: set[str]) -> list[_Village]:
    rows = conn.execute(
        select(DivisionRow.code, DivisionRow.name)
        .where(
            DivisionRow.parent_code == township,
            DivisionRow.level == "village",
            DivisionRow.retired_since.is_(None),
        )
        .order_by(DivisionRow.code)
    ).all()
    villages = []
    for code, name in rows:
        login = "".join(lazy_pinyin(name))
        username = login if login.isascii() and 2 <= len(login) <= 28 else f"cun{code[-3:]}"
        while username in taken:
            username += "1"
        taken.add(username)
        villages.append(_Village(code, name, is_urban(code), username))
    return villages


def _draw(town: _Township, report: Callable[[int], None]) -> None:
    remaining = town.target
    showcase = list(_SHOWCASE)
    kinds = [(builder, weight) for builder, weight, _ in _KINDS]
    while remaining > 0:
        # Every kind fits in 7 people; the last few are single elders, so the count is exact.
        if remaining >= 8:
            builder = showcase.pop(0) if showcase else town.weighted(kinds)
        else:
            builder = _lone_elder
        builder(town, min(remaining, 7))
        remaining = town.target - town.person_count
        report(30 * town.person_count // town.target)
    _year_of_changes(town)
    _pending_persons(town)
    _visits(town)
    _tasks_and_declarations(town)
    _rules(town)
    _tekun_history(town)
    _dibao_reviews(town)


def _summary(town: _Township) -> DemoSummary:
    counts: dict[str, int] = {program.value: 0 for program in Program}
    dibao_persons = 0
    for enrolment in town.rows["enrolments"]:
        program = enrolment["program"]
        if program == Program.TEMPORARY_ASSISTANCE:
            if enrolment["status"] == EnrolmentStatus.APPROVED:
                counts[program] += 1
        elif _current(enrolment):
            counts[program] += 1
            if program == Program.DIBAO:
                dibao_persons += enrolment["covered_members"] or 0
    persons = town.rows["persons"]
    return DemoSummary(
        township_code=town.township_code,
        households=len(town.households),
        persons=len(persons),
        by_program=counts,
        dibao_persons=dibao_persons,
        children_in_files=len(town.rows["child_files"]),
        elders_in_files=len(town.rows["elder_files"]),
        visits=len(town.rows["visits"]),
        tasks=len(town.rows["tasks"]),
        pending_persons=sum(1 for p in persons if p["pending_verification"]),
        deceased=sum(1 for p in persons if p["deceased_on"] is not None),
        rare_name_persons=len(town.rare_names),
        enrolment_events=len(town.rows["enrolment_events"]),
        village_cadres=tuple(
            (v.code, v.name, v.cadre, town.cadre_names[v.cadre]) for v in town.villages
        ),
    )


def generate_demo_township(
    vault: Vault,
    *,
    persons: int = DEFAULT_PERSONS,
    seed: int = DEFAULT_SEED,
    today: date = DEFAULT_TODAY,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty, unlocked vault with a fictional township caseload (a baseline import)."""
    if not 1 <= persons <= MAX_PERSONS:
        raise InvalidDemoSize()

    def report(done: int) -> None:
        if progress is not None:
            progress(done, 100)

    engine = vault.open_engine()
    try:
        with engine.connect() as conn:
            township = conn.scalar(select(VaultMeta.value).where(VaultMeta.key == "township_code"))
            if township is None:
                raise RuntimeError("vault has no township")
            if conn.scalar(select(func.count()).select_from(Person)):
                raise DemoNotEmpty()
            names = {
                user: name
                for user, name in conn.execute(
                    select(UserProfile.username, UserProfile.display_name)
                )
            }
            users = set(names)
            villages = _villages(conn, township, set(users))
            conn.rollback()
        if not villages:
            raise DemoNoVillages()
        report(0)
        town = _Township(
            random.Random(seed),  # noqa: S311 (made-up data, repeatable by seed; not secrets)
            seed=seed,
            persons=persons,
            today=today,
            township_code=township,
            villages=villages,
            importer=vault.current_user.username,
        )
        town.importer_name = names.get(town.importer) or town.importer
        town.cadre_names = {
            village.cadre: town.surname()
            + town.given_name(M if town.chance(0.6) else F, date(1978, 1, 1))
            for village in villages
        }
        _draw(town, report)
        _write(engine, town, users, report)
        report(100)
        return _summary(town)
    finally:
        vault.close_engine(engine)


def _write(engine: Engine, town: _Township, users: set[str], report: Callable[[int], None]) -> None:
    """Insert every row in one transaction, in primary-key order (B-trees fill at the end)."""
    profiles = [
        {
            "username": village.cadre,
            "display_name": town.cadre_names[village.cadre],
            "role": Role.VILLAGE_CADRE.value,
            "created_at": town.instant,
            "active": True,
            "villages": [village.code],
        }
        for village in town.villages
        if village.cadre not in users
    ]
    marker = {"seed": town.seed, "persons": town.target, "today": town.today.isoformat()}
    batches: list[tuple[Table, list[dict[str, Any]]]] = [
        (_table(UserProfile), profiles),
        *((table, _synced(town, town.rows[name])) for name, table in _TABLES),
        (_table(PersonSearch), _search_rows(town)),
        (_table(VaultMeta), [{"key": "demo", "value": json.dumps(marker)}]),
    ]
    # A household names its head, who belongs to the household: the head is set once the
    # people exist. Deferring the check instead would make SQLite scan households for every
    # person inserted (no index on head_person_id).
    heads = [{"household": row["id"], "head": row.pop("head_person_id")} for row in batches[1][1]]
    households = _table(Household)
    set_head = (
        update(households)
        .where(households.c.id == bindparam("household"))
        .values(head_person_id=bindparam("head"))
    )
    total = sum(len(rows) for _, rows in batches) + len(heads)
    written = 0
    with engine.begin() as conn:
        if conn.scalar(select(func.count()).select_from(Person)):
            raise DemoNotEmpty()
        for table, rows in batches:
            if "id" in table.c:
                # Amendments after the visits they amend, which they reference.
                rows.sort(key=lambda row: (row.get("amends_visit_id") is not None, row["id"]))
            for chunk in _chunks(rows):
                conn.execute(table.insert(), list(chunk))
                written += len(chunk)
                report(30 + 68 * written // total)
            if table is households:
                continue
            if table.name == "persons":
                for chunk in _chunks(heads):
                    conn.execute(set_head, list(chunk))
                    written += len(chunk)
                    report(30 + 68 * written // total)


def _table(model: type[Any]) -> Table:
    return model.__table__  # type: ignore[no-any-return]


class InvalidDemoSize(MinzhengError):
    """The number of demo people is out of range."""

    kind = "invalid_demo_size"

    def __init__(self) -> None:
        super().__init__(f"演示乡镇的人数应在1到{MAX_PERSONS}之间。")
