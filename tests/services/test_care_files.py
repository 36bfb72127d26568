"""Child and elder files: validated, recorded with audit and outbox, and kept within the role."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseload_builders import (
    TANQUAN,
    YANGJIA,
    audit_and_outbox,
    cadre_actor,
    household_row,
    person_row,
    row_counts,
)
from minzheng_field.domain.care import ChildCategory, ElderCategory
from minzheng_field.services.care_files import (
    child_file_view,
    create_child_file,
    create_elder_file,
    elder_file_view,
    update_child_file,
    update_elder_file,
)
from minzheng_field.services.context import Actor
from minzheng_field.services.errors import Forbidden, InvalidInput, NotFound
from minzheng_field.services.recording import record_delete
from minzheng_field.store.models import (
    AuditEntry,
    ChildFile,
    OutboxMutation,
    Person,
    UserProfile,
)

TODAY = date(2026, 3, 10)
LEFT_BEHIND = {
    "father_situation": "away_working",
    "father_whereabouts": "广东东莞",
    "mother_situation": "away_working",
    "guardian_name": "曾德胜",
    "guardian_relation": "祖父",
}


def person(session: Session, admin: Actor, birth: date | None, village: str = TANQUAN) -> Person:
    household = household_row(session, admin, village)
    someone = person_row(session, admin, "曾𠮷", household, birth_date=birth)
    return someone


def child_of_an_imprisoned_father(session: Session, admin: Actor, **fields: Any) -> Person:
    """A left-behind child whose father is in prison (a situation hidden from cadres)."""
    child = person(session, admin, date(2016, 1, 1))
    create_child_file(
        session,
        admin,
        child.id,
        category="left_behind",
        risk_level="high",
        today=TODAY,
        **(
            LEFT_BEHIND
            | {
                "father_situation": "imprisoned",
                "father_whereabouts": "永州监狱",
                "father_phone": "0746-1234567",
            }
            | fields
        ),
    )
    return child


def counts(session: Session) -> tuple[int, ...]:
    return row_counts(session, AuditEntry, OutboxMutation)


def refused(session: Session, field: str, call: Any, *args: Any, **kwargs: Any) -> str:
    """Call, expect InvalidInput on `field`, and check that nothing was written."""
    before = counts(session)
    with pytest.raises(InvalidInput) as error:
        call(*args, **kwargs)
    assert error.value.field == field
    assert counts(session) == before
    return str(error.value)


# -- child files ---------------------------------------------------------------------


def test_a_left_behind_childs_file_is_written_with_audit_and_outbox(
    session: Session, admin: Actor
) -> None:
    session.add(UserProfile(username="cadre1", display_name="李村干", role="village_cadre"))
    child = person(session, admin, date(2015, 6, 1))
    result = create_child_file(
        session,
        admin,
        child.id,
        category="left_behind",
        risk_level="medium",
        child_director="cadre1",
        school="  樟树镇中心小学 ",
        today=TODAY,
        **LEFT_BEHIND,
    )
    assert result.person_id == child.id and result.change is not None
    assert result.change.action == "create"
    assert result.change.fields["school"] == (None, "樟树镇中心小学")
    audit, outbox = audit_and_outbox(session, result.file_id)
    assert [a.action for a in audit] == ["create"]
    assert audit[0].changes["father_situation"] == [None, "away_working"]
    assert outbox[0].operation == "create" and outbox[0].base_version == 0
    assert outbox[0].fields["child_director"] == "cadre1"
    assert "health" not in outbox[0].fields  # None values are not sent

    changed = update_child_file(
        session,
        admin,
        child.id,
        last_parent_contact_on=date(2026, 3, 8),
        school="樟树镇中心小学",
        today=TODAY,
    )
    assert changed.change is not None
    assert dict(changed.change.fields) == {"last_parent_contact_on": (None, date(2026, 3, 8))}
    audit, outbox = audit_and_outbox(session, result.file_id)
    assert audit[-1].changes == {"last_parent_contact_on": [None, "2026-03-08"]}
    assert outbox[-1].fields == {"last_parent_contact_on": "2026-03-08"}
    before = counts(session)
    assert update_child_file(session, admin, child.id, school="樟树镇中心小学").change is None
    assert counts(session) == before


def test_child_ages_follow_the_category(session: Session, admin: Actor) -> None:
    sixteen = person(session, admin, date(2010, 3, 10))
    message = refused(
        session,
        "category",
        create_child_file,
        session,
        admin,
        sixteen.id,
        category="left_behind",
        risk_level="low",
        today=TODAY,
        **LEFT_BEHIND,
    )
    assert "未满16周岁" in message
    # The day before the 16th birthday is still in range.
    assert create_child_file(
        session,
        admin,
        sixteen.id,
        category="left_behind",
        risk_level="low",
        today=date(2026, 3, 9),
        **LEFT_BEHIND,
    ).change
    seventeen = person(session, admin, date(2009, 1, 1))
    assert create_child_file(
        session, admin, seventeen.id, category="in_difficulty", risk_level="low", today=TODAY
    ).change
    eighteen = person(session, admin, date(2008, 3, 10))
    for category in ("in_difficulty", "orphan", "unsupported"):
        with pytest.raises(InvalidInput, match="未满18周岁"):
            create_child_file(
                session,
                admin,
                eighteen.id,
                category=category,
                risk_level="low",
                father_situation="deceased",
                mother_situation="missing",
                today=TODAY,
            )
    no_birth = person(session, admin, None)
    refused(
        session,
        "person_id",
        create_child_file,
        session,
        admin,
        no_birth.id,
        category="in_difficulty",
        risk_level="low",
        today=TODAY,
    )


def test_a_category_change_checks_the_age_again(session: Session, admin: Actor) -> None:
    child = person(session, admin, date(2009, 6, 1))
    create_child_file(
        session, admin, child.id, category="in_difficulty", risk_level="low", today=TODAY
    )
    refused(
        session,
        "category",
        update_child_file,
        session,
        admin,
        child.id,
        category="left_behind",
        today=TODAY,
        **LEFT_BEHIND,
    )
    # Other edits of a file whose child has grown older are still possible.
    assert update_child_file(session, admin, child.id, grade="九年级", today=TODAY).change


@pytest.mark.parametrize(
    ("father", "mother", "ok"),
    [
        ("away_working", "away_working", True),
        ("away_working", "seriously_ill", True),
        ("deceased", "away_working", True),
        ("away_working", "at_home", False),
        ("at_home", "at_home", False),
        ("imprisoned", "seriously_ill", False),
        (None, "away_working", False),
        ("away_working", None, False),
    ],
)
def test_left_behind_needs_both_parents_away_or_one_away_and_the_other_unable(
    session: Session, admin: Actor, father: str | None, mother: str | None, ok: bool
) -> None:
    child = person(session, admin, date(2016, 1, 1))
    fields = LEFT_BEHIND | {"father_situation": father, "mother_situation": mother}
    arguments = (session, admin, child.id)
    keywords = {"category": "left_behind", "risk_level": "low", "today": TODAY, **fields}
    if ok:
        assert create_child_file(*arguments, **keywords).change
    else:
        field = "mother_situation" if mother is None and father else "father_situation"
        refused(session, field, create_child_file, *arguments, **keywords)


def test_other_child_rules(session: Session, admin: Actor) -> None:
    child = person(session, admin, date(2016, 1, 1))
    base = {"today": TODAY}
    cases = [
        ("guardian_name", {"category": "left_behind", "risk_level": "low"} | LEFT_BEHIND
         | {"guardian_name": "  "}),
        ("risk_level", {"category": "in_difficulty", "risk_level": "severe"}),
        ("category", {"category": "留守", "risk_level": "low"}),
        ("guardian_age", {"category": "in_difficulty", "risk_level": "low", "guardian_age": 15}),
        ("guardian_capacity", {"category": "in_difficulty", "risk_level": "low",
                               "guardian_capacity": "great"}),
        ("father_phone", {"category": "in_difficulty", "risk_level": "low",
                          "father_phone": "call me"}),
        ("father_away_since", {"category": "in_difficulty", "risk_level": "low",
                               "father_away_since": date(2026, 4, 1)}),
        ("last_parent_contact_on", {"category": "in_difficulty", "risk_level": "low",
                                    "last_parent_contact_on": date(2015, 1, 1)}),
        ("child_director", {"category": "in_difficulty", "risk_level": "low",
                            "child_director": "nobody"}),
        ("school", {"category": "in_difficulty", "risk_level": "low", "school": "校" * 101}),
        ("father_situation", {"category": "orphan", "risk_level": "low",
                              "father_situation": "deceased", "mother_situation": "away_working"}),
        ("category", {"category": "unsupported", "risk_level": "low",
                      "father_situation": "deceased", "mother_situation": "deceased"}),
        ("father_situation", {"category": "unsupported", "risk_level": "low",
                              "father_situation": "away_working",
                              "mother_situation": "imprisoned"}),
    ]  # fmt: skip
    for field, keywords in cases:
        refused(session, field, create_child_file, session, admin, child.id, **base, **keywords)
    assert session.scalar(select(ChildFile).where(ChildFile.person_id == child.id)) is None
    assert create_child_file(
        session,
        admin,
        child.id,
        category="unsupported",
        risk_level="high",
        father_situation="deceased",
        mother_situation="imprisoned",
        today=TODAY,
    ).change
    refused(
        session,
        "person_id",
        create_child_file,
        session,
        admin,
        child.id,
        category="in_difficulty",
        risk_level="low",
        today=TODAY,
    )


def test_a_deleted_file_is_opened_again_rather_than_duplicated(
    session: Session, admin: Actor
) -> None:
    child = person(session, admin, date(2016, 1, 1))
    first = create_child_file(
        session, admin, child.id, category="in_difficulty", risk_level="low", today=TODAY
    )
    stored = session.get(ChildFile, first.file_id)
    assert stored is not None
    record_delete(session, admin, stored, reason="误录")
    again = create_child_file(
        session, admin, child.id, category="in_difficulty", risk_level="high", today=TODAY
    )
    assert again.file_id == first.file_id and not stored.deleted
    assert again.change is not None and again.change.action == "update"
    assert dict(again.change.fields) == {"risk_level": ("low", "high"), "deleted": (True, False)}


def test_no_file_to_update_is_not_found(session: Session, admin: Actor) -> None:
    child = person(session, admin, date(2016, 1, 1))
    with pytest.raises(NotFound):
        update_child_file(session, admin, child.id, grade="三年级")
    with pytest.raises(NotFound):
        update_elder_file(session, admin, child.id, risk_tier="low")
    with pytest.raises(TypeError):
        update_child_file(session, admin, child.id, no_such_field=1)


# -- cadres --------------------------------------------------------------------------


def test_a_cadre_keeps_files_of_their_villages_only(session: Session, admin: Actor) -> None:
    own = person(session, admin, date(2016, 1, 1))
    other = person(session, admin, date(2016, 1, 1), YANGJIA)
    result = create_child_file(
        session, cadre_actor(admin), own.id, category="in_difficulty", risk_level="low", today=TODAY
    )
    audit, outbox = audit_and_outbox(session, result.file_id)
    assert audit[0].username == "cadre1" and outbox[0].origin_device == admin.device_id
    before = counts(session)
    with pytest.raises(Forbidden):
        create_child_file(
            session, cadre_actor(admin), other.id, category="in_difficulty", risk_level="low"
        )
    with pytest.raises(Forbidden):
        child_file_view(session, cadre_actor(admin), other.id)
    assert counts(session) == before


def test_a_cadre_may_not_write_hidden_fields_or_sensitive_situations(
    session: Session, admin: Actor
) -> None:
    child = person(session, admin, date(2016, 1, 1))
    before = counts(session)
    with pytest.raises(Forbidden):
        create_child_file(
            session,
            cadre_actor(admin),
            child.id,
            category="in_difficulty",
            risk_level="low",
            health="哮喘",
            today=TODAY,
        )
    with pytest.raises(Forbidden, match="其他原因不能监护"):
        create_child_file(
            session,
            cadre_actor(admin),
            child.id,
            category="left_behind",
            risk_level="low",
            today=TODAY,
            **(LEFT_BEHIND | {"mother_situation": "imprisoned"}),
        )
    assert counts(session) == before
    create_child_file(
        session,
        cadre_actor(admin),
        child.id,
        category="left_behind",
        risk_level="low",
        health=None,
        today=TODAY,
        **(LEFT_BEHIND | {"mother_situation": "other_unable"}),
    )
    with pytest.raises(Forbidden):
        update_child_file(session, cadre_actor(admin), child.id, health="哮喘")


def test_a_cadre_sending_back_what_they_see_changes_nothing_hidden(
    session: Session, admin: Actor
) -> None:
    child = child_of_an_imprisoned_father(session, admin, health="哮喘")
    seen = child_file_view(session, cadre_actor(admin), child.id)
    assert seen is not None
    assert seen.father_situation == "other_unable" and seen.father_whereabouts is None
    assert seen.health is None
    # The form sends back every field as shown, with one real change.
    shown = {
        name: getattr(seen, name)
        for name in ("father_situation", "father_whereabouts", "father_phone", "health")
    }
    result = update_child_file(
        session, cadre_actor(admin), child.id, risk_level="medium", today=TODAY, **shown
    )
    assert result.change is not None
    assert dict(result.change.fields) == {"risk_level": ("high", "medium")}
    stored = session.scalar(select(ChildFile).where(ChildFile.person_id == child.id))
    assert stored is not None
    assert (stored.father_situation, stored.father_whereabouts, stored.health) == (
        "imprisoned",
        "永州监狱",
        "哮喘",
    )
    with pytest.raises(Forbidden):
        update_child_file(session, cadre_actor(admin), child.id, father_whereabouts="衡阳")


def test_a_cadre_recording_a_parents_return_to_work_clears_what_they_never_saw(
    session: Session, admin: Actor
) -> None:
    child = child_of_an_imprisoned_father(session, admin)
    result = update_child_file(
        session,
        cadre_actor(admin),
        child.id,
        father_situation="away_working",
        father_whereabouts="浙江义乌",
        today=TODAY,
    )
    assert result.change is not None
    text = repr(result.change)
    assert "imprisoned" not in text and "永州监狱" not in text and "0746" not in text
    assert result.change.fields["father_situation"] == ("other_unable", "away_working")
    assert result.change.fields["father_whereabouts"] == (None, "浙江义乌")
    stored = session.scalar(select(ChildFile).where(ChildFile.person_id == child.id))
    assert stored is not None and stored.father_phone is None
    audit, _outbox = audit_and_outbox(session, stored.id)
    # The audit keeps the truth for the township.
    assert audit[-1].changes["father_situation"] == ["imprisoned", "away_working"]
    assert audit[-1].changes["father_phone"] == ["0746-1234567", None]


def test_child_file_view_for_staff_and_cadre(session: Session, admin: Actor) -> None:
    child = person(session, admin, date(2016, 1, 1))
    assert child_file_view(session, admin, child.id) is None
    create_child_file(
        session,
        admin,
        child.id,
        category="left_behind",
        risk_level="low",
        health="哮喘",
        guardian_phone="13912345678",
        today=TODAY,
        **(LEFT_BEHIND | {"mother_situation": "seriously_ill"}),
    )
    staff = child_file_view(session, admin, child.id)
    seen = child_file_view(session, cadre_actor(admin), child.id)
    assert staff is not None and seen is not None
    assert staff.health == "哮喘" and staff.mother_situation == "seriously_ill"
    assert staff.guardian_phone == "139****5678" == seen.guardian_phone
    assert seen.health is None and seen.mother_situation == "other_unable"
    assert seen.category == ChildCategory.LEFT_BEHIND


# -- elder files ---------------------------------------------------------------------


def test_an_elder_file_is_validated_and_recorded(session: Session, admin: Actor) -> None:
    elder = person(session, admin, date(1966, 3, 10))
    young = person(session, admin, date(1966, 3, 11))
    refused(
        session,
        "person_id",
        create_elder_file,
        session,
        admin,
        young.id,
        categories=["living_alone"],
        risk_tier="low",
        today=TODAY,
    )
    for field, keywords in [
        ("categories", {"categories": [], "risk_tier": "low"}),
        ("categories", {"categories": ["lonely"], "risk_tier": "low"}),
        ("categories", {"categories": "living_alone", "risk_tier": "low"}),
        ("risk_tier", {"categories": ["empty_nest"], "risk_tier": "urgent"}),
        (
            "emergency_contact_phone",
            {"categories": ["empty_nest"], "risk_tier": "low", "emergency_contact_phone": "12"},
        ),
        ("responsible", {"categories": ["empty_nest"], "risk_tier": "low", "responsible": "x"}),
    ]:
        refused(
            session, field, create_elder_file, session, admin, elder.id, today=TODAY, **keywords
        )
    result = create_elder_file(
        session,
        cadre_actor(admin),
        elder.id,
        categories=["incapacitated", "living_alone", "living_alone"],
        risk_tier="high",
        care_needs="需助餐",
        emergency_contact_phone="13807351234",
        today=TODAY,
    )
    audit, outbox = audit_and_outbox(session, result.file_id)
    assert outbox[0].fields["categories"] == ["living_alone", "incapacitated"]
    assert audit[0].username == "cadre1"
    assert (
        update_elder_file(
            session, admin, elder.id, categories=["incapacitated", "living_alone"]
        ).change
        is None
    )
    changed = update_elder_file(session, admin, elder.id, categories=["empty_nest"])
    assert changed.change is not None
    assert changed.change.fields["categories"] == (
        ["living_alone", "incapacitated"],
        ["empty_nest"],
    )
    audit, outbox = audit_and_outbox(session, result.file_id)
    assert outbox[-1].fields == {"categories": ["empty_nest"]}
    view = elder_file_view(session, cadre_actor(admin), elder.id)
    assert view is not None
    assert view.categories == (ElderCategory.EMPTY_NEST,)
    assert view.emergency_contact_phone == "138****1234"
    refused(
        session,
        "person_id",
        create_elder_file,
        session,
        admin,
        elder.id,
        categories=["empty_nest"],
        risk_tier="low",
        today=TODAY,
    )
