"""Assistance programs, enrolment states and the rules that tie them together.

Sources (see DOMAIN.md): 民发〔2021〕57号 低保审核确认办法 (A), 特困人员认定办法 2021 (B),
the 2022 dynamic-management notice (D), the 2019 事实无人抚养儿童 opinion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeAlias

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.months import Month, add_months, date_label


class Program(LabelledStrEnum):
    """An assistance program a person or household can be enrolled in."""

    DIBAO = "dibao", "低保"
    DIBAO_EDGE = "dibao_edge", "低保边缘家庭"
    TEKUN = "tekun", "特困人员"
    TEMPORARY_ASSISTANCE = "temporary_assistance", "临时救助"
    DISABILITY_LIVING_SUBSIDY = "disability_living_subsidy", "困难残疾人生活补贴"
    DISABILITY_CARE_SUBSIDY = "disability_care_subsidy", "重度残疾人护理补贴"
    ORPHAN = "orphan", "孤儿"
    UNSUPPORTED_CHILD = "unsupported_child", "事实无人抚养儿童"

    @property
    def is_per_household(self) -> bool:
        """Whether the household is enrolled as a unit (低保, 低保边缘) rather than one person."""
        return self in HOUSEHOLD_PROGRAMS

    @property
    def is_monthly(self) -> bool:
        """Whether the program pays (or monitors) month by month; 临时救助 is one-off."""
        return self is not Program.TEMPORARY_ASSISTANCE


HOUSEHOLD_PROGRAMS = frozenset({Program.DIBAO, Program.DIBAO_EDGE})

# 分类施保 class codes (A类, B类, … or whatever a county uses) are county settings, so they
# stay plain strings here and are checked against the county's list where they are entered.
DibaoClassCode: TypeAlias = str


class EnrolmentStatus(LabelledStrEnum):
    """Where an enrolment stands."""

    APPLIED = "applied", "申请中"
    APPROVED = "approved", "在保"
    SUSPENDED = "suspended", "暂停"
    STOPPED = "stopped", "停止"
    REFUSED = "refused", "不予批准"

    @property
    def is_current(self) -> bool:
        """Whether the person is enrolled now (paid, or paid again once the suspension ends)."""
        return self in (EnrolmentStatus.APPROVED, EnrolmentStatus.SUSPENDED)

    @property
    def is_final(self) -> bool:
        """Whether nothing more happens to this enrolment; a new case is a new enrolment."""
        return self in (EnrolmentStatus.STOPPED, EnrolmentStatus.REFUSED)


ALLOWED_TRANSITIONS: Mapping[EnrolmentStatus, frozenset[EnrolmentStatus]] = {
    # An application that ends without a decision (withdrawn, the applicant died) is stopped,
    # not refused: a refusal is a decision with written reasons and appeal rights.
    EnrolmentStatus.APPLIED: frozenset(
        {EnrolmentStatus.APPROVED, EnrolmentStatus.REFUSED, EnrolmentStatus.STOPPED}
    ),
    EnrolmentStatus.APPROVED: frozenset({EnrolmentStatus.SUSPENDED, EnrolmentStatus.STOPPED}),
    EnrolmentStatus.SUSPENDED: frozenset({EnrolmentStatus.APPROVED, EnrolmentStatus.STOPPED}),
    EnrolmentStatus.STOPPED: frozenset(),
    # 行政复议 or 行政诉讼 may revoke a refusal and send the case back for a new decision.
    EnrolmentStatus.REFUSED: frozenset({EnrolmentStatus.APPLIED}),
}


class InvalidTransition(MinzhengError):
    """A change of enrolment status that the workflow does not allow."""

    kind = "invalid_transition"

    def __init__(self, old: EnrolmentStatus, new: EnrolmentStatus, message: str) -> None:
        super().__init__(message, kind="invalid_transition")
        self.old = old
        self.new = new

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.old, self.new, self.message))


def can_transition(old: EnrolmentStatus, new: EnrolmentStatus) -> bool:
    """Whether an enrolment may go from `old` to `new`."""
    return EnrolmentStatus(new) in ALLOWED_TRANSITIONS[EnrolmentStatus(old)]


def check_transition(old: EnrolmentStatus, new: EnrolmentStatus) -> None:
    """Raise InvalidTransition when an enrolment may not go from `old` to `new`."""
    old, new = EnrolmentStatus(old), EnrolmentStatus(new)
    if can_transition(old, new):
        return
    if old == new:
        message = f"状态已经是“{old.label}”，无需更改。"
    elif old is EnrolmentStatus.STOPPED:
        message = "已停止的保障不能恢复；如需重新纳入，请作为新的申请办理。"
    elif old is EnrolmentStatus.REFUSED:
        message = "不予批准的申请不能直接改为其他状态；只有行政复议或诉讼撤销决定后，才能重新审核。"
    elif old is EnrolmentStatus.APPLIED:
        message = "申请尚未审核确认，不能暂停；请先作出批准或不予批准的决定。"
    else:
        message = f"不能从“{old.label}”改为“{new.label}”。"
    raise InvalidTransition(old, new, message)


class SupportMode(LabelledStrEnum):
    """供养方式 of a 特困 person."""

    CENTRALISED = "centralised", "集中供养"
    DISPERSED = "dispersed", "分散供养"


class SelfCareItem(LabelledStrEnum):
    """The six activities of the 自理能力 assessment (特困人员认定办法)."""

    EATING = "eating", "进食"
    DRESSING = "dressing", "穿衣"
    TRANSFERRING = "transferring", "上下床"
    TOILETING = "toileting", "如厕"
    WALKING_INDOORS = "walking_indoors", "室内行走"
    BATHING = "bathing", "洗澡"


class SelfCareLevel(LabelledStrEnum):
    """自理能力 of a 特困 person, which sets the care rate."""

    SELF_CARE = "self_care", "全自理"
    SEMI_CARE = "semi_care", "半护理"
    FULL_CARE = "full_care", "全护理"

    @property
    def capacity_label(self) -> str:
        """The wording of the 认定办法: 具备/部分丧失/完全丧失生活自理能力."""
        return _CAPACITY_LABELS[self]


_CAPACITY_LABELS = {
    SelfCareLevel.SELF_CARE: "具备生活自理能力",
    SelfCareLevel.SEMI_CARE: "部分丧失生活自理能力",
    SelfCareLevel.FULL_CARE: "完全丧失生活自理能力",
}
# 1–3 items not met is 部分丧失; 4 or more is 完全丧失.
_FULL_CARE_FROM_UNMET = 4


class IncompleteAssessment(MinzhengError):
    """A self-care assessment with items missing or unknown."""

    kind = "incomplete_assessment"


def assess_self_care(items: Mapping[SelfCareItem, bool]) -> SelfCareLevel:
    """The self-care level from the six items (True = can do it without help)."""
    answers: dict[SelfCareItem, bool] = {}
    for key, can_do in items.items():
        try:
            item = SelfCareItem(key)
        except ValueError:
            raise IncompleteAssessment("自理能力评估中有未知的项目，请使用规定的六项。") from None
        if not isinstance(can_do, bool):
            raise IncompleteAssessment(f"自理能力评估“{item.label}”一项只能填“能”或“不能”。")
        answers[item] = can_do
    missing = [item.label for item in SelfCareItem if item not in answers]
    if missing:
        raise IncompleteAssessment(
            f"自理能力评估还缺{len(missing)}项：{'、'.join(missing)}；六项都评估后才能认定。"
        )
    unmet = sum(not can_do for can_do in answers.values())
    if unmet == 0:
        return SelfCareLevel.SELF_CARE
    if unmet < _FULL_CARE_FROM_UNMET:
        return SelfCareLevel.SEMI_CARE
    return SelfCareLevel.FULL_CARE


class TemporaryAssistanceType(LabelledStrEnum):
    """Kind of 临时救助: pay first for emergencies, normal review for large expenses."""

    EMERGENCY = "emergency", "急难型"
    EXPENDITURE = "expenditure", "支出型"


# One person cannot hold both: 特困 already covers basic living (so no 低保 or 低保边缘 as
# well); 低保边缘 is by definition for those not eligible for 低保; a child is either an
# orphan or 事实无人抚养, never both. Counties add their own pairs through `extra_pairs`.
CONFLICTING_PAIRS: tuple[tuple[Program, Program], ...] = (
    (Program.DIBAO, Program.TEKUN),
    (Program.DIBAO_EDGE, Program.TEKUN),
    (Program.DIBAO, Program.DIBAO_EDGE),
    (Program.ORPHAN, Program.UNSUPPORTED_CHILD),
)


def conflicting_programs(
    programs: Iterable[Program],
    *,
    extra_pairs: Iterable[tuple[Program, Program]] = (),
) -> list[tuple[Program, Program]]:
    """The pairs among one person's programs that may not be held together."""
    held = {Program(program) for program in programs}
    found: list[tuple[Program, Program]] = []
    for first, second in (*CONFLICTING_PAIRS, *extra_pairs):
        pair = (Program(first), Program(second))
        if pair[0] in held and pair[1] in held and pair not in found and pair[::-1] not in found:
            found.append(pair)
    return found


class DeathAction(LabelledStrEnum):
    """What a death means for one enrolment."""

    STOP = "stop", "停发"
    REVIEW = "review", "复核"


@dataclass(frozen=True)
class ActiveEnrolment:
    """One program the deceased was enrolled in.

    For household programs, `other_covered_members` counts the household's covered members
    (保障人口) other than the deceased; it is ignored for personal programs.
    """

    program: Program
    other_covered_members: int = 0

    def __post_init__(self) -> None:
        if self.other_covered_members < 0:
            raise ValueError("ActiveEnrolment: other_covered_members cannot be negative")


@dataclass(frozen=True)
class DeathConsequence:
    """What must be done about one enrolment after a death, with the reason in Chinese."""

    program: Program
    action: DeathAction
    stop_from: Month | None
    review_by: date | None
    explanation: str


HOUSEHOLD_REVIEW_MONTHS_AFTER_DEATH = 3


def benefits_to_stop_on_death(
    death: date,
    enrolments: Iterable[ActiveEnrolment],
    *,
    review_within_months: int = HOUSEHOLD_REVIEW_MONTHS_AFTER_DEATH,
) -> list[DeathConsequence]:
    """What to stop or review for each of a deceased person's current enrolments."""
    stop_from = Month.from_date(death).next()
    review_by = add_months(death, review_within_months)
    consequences = []
    for enrolment in enrolments:
        program = Program(enrolment.program)
        if program is Program.TEMPORARY_ASSISTANCE:
            consequences.append(
                DeathConsequence(
                    program,
                    DeathAction.REVIEW,
                    None,
                    None,
                    "临时救助为一次性救助，无需停发；尚未发放的，请核实领取人后再发放。",
                )
            )
        elif program.is_per_household and enrolment.other_covered_members > 0:
            consequences.append(
                DeathConsequence(
                    program,
                    DeathAction.REVIEW,
                    None,
                    review_by,
                    f"{program.label}家庭成员去世，须在{date_label(review_by)}前复核家庭人口、"
                    "收入和保障人口，重新核定保障金额。",
                )
            )
        else:
            consequences.append(
                DeathConsequence(
                    program,
                    DeathAction.STOP,
                    stop_from,
                    None,
                    _stop_explanation(program, stop_from),
                )
            )
    return consequences


def _stop_explanation(program: Program, stop_from: Month) -> str:
    if program is Program.DIBAO:
        return f"低保家庭已无其他保障人口，从{stop_from.label}起停发，注销低保。"
    if program is Program.DIBAO_EDGE:
        return f"低保边缘家庭已无其他在册成员，从{stop_from.label}起退出监测。"
    if program is Program.TEKUN:
        return f"特困人员去世，终止救助供养，须公示7天，从{stop_from.label}起停发。"
    return f"{program.label}享受人去世，从{stop_from.label}起停发。"
