"""The person search index follows every write, and search finds people the ways staff type."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import date

import pytest
from sqlalchemy import Engine, case, delete, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from caseload_builders import TANQUAN, YANGJIA, rid
from minzheng_field.domain import resident_id_check_character
from minzheng_field.domain.age import AgeBand
from minzheng_field.domain.name_search import SINGLE_SURNAMES, matches_pinyin, name_search_keys
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.store.models import (
    ChildFile,
    ElderFile,
    Enrolment,
    Household,
    Person,
    PersonSearch,
)
from minzheng_field.store.queries import person_search
from minzheng_field.store.queries.person_search import (
    SEARCH_INDEX,
    PersonQuery,
    PersonSort,
    RiskFlag,
    SearchPage,
    SearchText,
    TextKind,
    fetch_rowids,
    interpret_text,
    ordered_rowids,
    search_persons,
    search_rowids,
)
from minzheng_field.store.search_index import (
    index_persons,
    index_row,
    index_rows_for,
    rebuild_search_index,
)
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

TODAY = date(2026, 12, 1)


# 曾德胜, born 1958-03-12, and a number whose check character is X.
ZENG_ID = rid("43102319580312004")
X_FIRST17 = next(
    f"4310231990010112{n}"
    for n in range(10)
    if resident_id_check_character(f"4310231990010112{n}") == "X"
)
X_ID = X_FIRST17 + "X"


@pytest.fixture
def engine(vault: Vault) -> Iterator[Engine]:
    engine = vault.open_engine()
    yield engine
    vault.close_engine(engine)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_scope(engine) as session:
        yield session


def add_household(session: Session, village: str = TANQUAN) -> Household:
    household = Household(village_code=village)
    session.add(household)
    session.flush()
    return household


def add_person(
    session: Session, name: str, household: Household | None = None, **fields: object
) -> Person:
    person = Person(name=name, household_id=household.id if household else None, **fields)
    session.add(person)
    session.flush()
    return person


def find(session: Session, text: str = "", **filters: object) -> SearchPage:
    return search_persons(session, PersonQuery(text=text, today=TODAY, **filters))  # type: ignore[arg-type]


def names(page: SearchPage) -> list[str]:
    return [hit.name for hit in page.hits]


def row_of(session: Session, person_id: str) -> PersonSearch | None:
    session.expire_all()
    return session.get(PersonSearch, person_id)


# -- keeping the index current ----------------------------------------------------------


def test_a_new_person_gets_a_row_with_village_pinyin_reversed_id_and_phone_digits(
    session: Session,
) -> None:
    household = add_household(session, YANGJIA)
    person = add_person(session, "曾德胜", household, resident_id=ZENG_ID, phone="138-1234 5678")
    row = row_of(session, person.id)
    assert row is not None
    assert (row.household_id, row.village_code, row.name) == (household.id, YANGJIA, "曾德胜")
    assert row.pinyin.split()[0] == "zengdesheng"
    assert "zds" in row.pinyin.split()
    assert row.resident_id_reversed == ZENG_ID[::-1]
    assert row.phone_digits == "13812345678"


def test_renaming_a_person_drops_the_old_name_from_search(session: Session) -> None:
    person = add_person(session, "李秀英")
    person.name = "李秀兰"
    session.flush()
    assert names(find(session, "秀英")) == []
    assert names(find(session, "秀兰")) == ["李秀兰"]
    assert names(find(session, "lxl")) == ["李秀兰"]


def test_moving_to_a_household_of_another_village_moves_the_person(session: Session) -> None:
    first, second = add_household(session, TANQUAN), add_household(session, YANGJIA)
    person = add_person(session, "王建国", first)
    assert names(find(session, village_codes=frozenset({TANQUAN}))) == ["王建国"]
    person.household_id = second.id
    session.flush()
    assert names(find(session, village_codes=frozenset({TANQUAN}))) == []
    assert names(find(session, village_codes=frozenset({YANGJIA}))) == ["王建国"]
    assert find(session, "王建国").hits[0].household_id == second.id


def test_a_household_moving_village_takes_all_its_members(session: Session) -> None:
    household = add_household(session, TANQUAN)
    for name in ("刘春生", "刘小龙"):
        add_person(session, name, household)
    household.village_code = YANGJIA
    session.flush()
    assert find(session, village_codes=frozenset({TANQUAN})).total == 0
    assert sorted(names(find(session, village_codes=frozenset({YANGJIA})))) == [
        "刘小龙",
        "刘春生",
    ]


def test_a_tombstoned_person_is_not_found_and_returns_when_restored(session: Session) -> None:
    person = add_person(session, "陈桂兰", resident_id=ZENG_ID)
    person.deleted = True
    session.flush()
    assert row_of(session, person.id) is None
    assert find(session, "陈桂兰").total == 0
    assert find(session, ZENG_ID[-4:]).total == 0
    person.deleted = False
    session.flush()
    assert names(find(session, "陈桂兰")) == ["陈桂兰"]


def test_a_row_removed_from_the_session_leaves_the_index(session: Session) -> None:
    person = add_person(session, "黄玉梅")
    session.delete(person)
    session.flush()
    assert row_of(session, person.id) is None


def test_changes_to_other_fields_leave_the_row_alone(session: Session) -> None:
    person = add_person(session, "张明")
    session.execute(
        update(PersonSearch).where(PersonSearch.person_id == person.id).values(pinyin="marker")
    )
    person.notes = "常年在外务工"
    session.flush()
    row = row_of(session, person.id)
    assert row is not None and row.pinyin == "marker"


def test_a_rolled_back_unit_of_work_leaves_the_index_as_it_was(engine: Engine) -> None:
    with session_scope(engine) as session:
        person_id = add_person(session, "谢红梅").id
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        person.name = "谢小梅"
        session.flush()
        raise RuntimeError("the user cancelled")
    with session_scope(engine) as session:
        assert names(find(session, "梅")) == ["谢红梅"]


def test_orm_bulk_statements_keep_the_index_current(session: Session) -> None:
    household = add_household(session, TANQUAN)
    session.execute(
        insert(Person),
        [
            {"id": "p-1", "name": "单玉兰", "household_id": household.id},
            {"id": "p-2", "name": "区志强", "household_id": household.id, "phone": "13900001111"},
        ],
    )
    session.execute(insert(Person), [{"name": "仇大海"}])  # ids made by the column default
    assert sorted(names(find(session))) == sorted(["单玉兰", "区志强", "仇大海"])

    session.execute(update(Person).where(Person.name == "单玉兰").values(name="单小兰"))
    session.execute(update(Person), [{"id": "p-2", "phone": "13900002222"}])
    session.execute(
        update(Household).where(Household.id == household.id).values(village_code=YANGJIA)
    )
    assert names(find(session, "shanx")) == ["单小兰"]
    assert names(find(session, "2222")) == ["区志强"]
    assert find(session, "1111").total == 0
    assert find(session, village_codes=frozenset({YANGJIA})).total == 2

    session.execute(update(Person).where(Person.id == "p-1").values(deleted=True))
    session.execute(delete(Person).where(Person.id == "p-2"))
    assert names(find(session)) == ["仇大海"]


def test_rebuild_and_index_persons_repair_what_raw_sql_changed(session: Session) -> None:
    household = add_household(session, TANQUAN)
    first = add_person(session, "罗志明", household)
    second = add_person(session, "罗文华", household)
    # Raw SQL is invisible to the listeners.
    session.execute(text("UPDATE persons SET name = '罗建华' WHERE id = :id"), {"id": second.id})
    session.execute(text("DELETE FROM person_search"))
    assert find(session).total == 0

    assert index_persons(session, [first.id]) == 1
    assert names(find(session)) == ["罗志明"]
    assert rebuild_search_index(session) == 2
    assert sorted(names(find(session, "罗"))) == ["罗建华", "罗志明"]
    assert find(session, "罗建华").hits[0].village_code == TANQUAN


def test_index_rows_for_bulk_loads_match_what_the_listener_writes(session: Session) -> None:
    household = add_household(session, YANGJIA)
    person = add_person(session, "曾德胜", household, resident_id=ZENG_ID, phone="13812345678")
    written = row_of(session, person.id)
    assert written is not None
    rows = index_rows_for(
        [
            {
                "id": person.id,
                "name": "曾德胜",
                "resident_id": ZENG_ID,
                "phone": "13812345678",
                "household_id": household.id,
            },
            {"id": "gone", "name": "某某", "household_id": None, "deleted": True},
        ],
        {household.id: YANGJIA},
    )
    listener_row = {c.name: getattr(written, c.name) for c in PersonSearch.__table__.c}
    assert rows == [listener_row]
    assert rows == [
        asdict(index_row(person.id, "曾德胜", ZENG_ID, "13812345678", household.id, YANGJIA))
    ]


# -- what the text is taken for ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "value"),
    [
        ("曾德胜", TextKind.NAME, "曾德胜"),
        (" 曾 德胜\u3000", TextKind.NAME, "曾德胜"),
        ("曾\u200b德胜", TextKind.NAME, "曾德胜"),
        # A compatibility ideograph stays what it is (NFKC would turn 﨎 into another).
        ("\ufa0e", TextKind.NAME, "\ufa0e"),
        ("Zeng De'Sheng", TextKind.PINYIN, "zengdesheng"),
        ("ＺＤＳ", TextKind.PINYIN, "zds"),
        ("lü", TextKind.PINYIN, "lv"),
        (ZENG_ID, TextKind.RESIDENT_ID, ZENG_ID),
        (X_ID.lower(), TextKind.RESIDENT_ID, X_ID),
        ("431023580312004", TextKind.RESIDENT_ID, rid("43102319580312004")),
        ("１２３４", TextKind.NUMBER, "1234"),
        ("0735-2654321", TextKind.NUMBER, "07352654321"),
        ("004x", TextKind.NUMBER, "004X"),
        ("123", TextKind.TOO_SHORT, "123"),
        ("  ", TextKind.NONE, ""),
    ],
)
def test_the_text_is_read_as_name_pinyin_id_or_digits(
    typed: str, kind: TextKind, value: str
) -> None:
    assert interpret_text(typed) == SearchText(kind, value)


# -- searching ----------------------------------------------------------------------------


def test_name_whole_prefix_and_contained_in_that_order(session: Session) -> None:
    for name in ("李德胜", "德胜", "德胜华", "王德"):
        add_person(session, name)
    assert names(find(session, "德胜")) == ["德胜", "德胜华", "李德胜"]
    assert names(find(session, "王")) == ["王德"]
    assert find(session, "赵").total == 0


def test_pinyin_full_with_or_without_spaces_and_initials(session: Session) -> None:
    add_person(session, "曾德胜")
    add_person(session, "邓德顺")
    for typed in ("zds", "ZDS", "zengdesheng", "zeng de sheng", "Zeng'de", "zengd", "zd"):
        assert names(find(session, typed)) == ["曾德胜"], typed
    # 曾 is read zeng as a surname, never ceng.
    assert find(session, "cengdesheng").total == 0
    assert find(session, "cds").total == 0
    assert names(find(session, "dds")) == ["邓德顺"]
    # A key must start with the text: the middle of a reading does not match.
    assert find(session, "desheng").total == 0


@pytest.mark.parametrize(
    ("name", "readings", "not_readings"),
    [
        ("覃小红", ("qin", "tan", "qinxiaohong", "tanxiaohong", "qxh", "txh"), ("xin",)),
        ("单玉兰", ("shan", "shanyulan", "syl"), ("dan", "dyl", "chan")),
        ("解放", ("xie", "xiefang", "xf"), ("jie", "jf")),
        ("区志强", ("ou", "ouzhiqiang", "ozq"), ("qu",)),
        ("仇大海", ("qiu", "qiudahai", "qdh"), ("chou",)),
        ("谌小平", ("chen", "shen", "cxp", "sxp"), ()),
    ],
)
def test_every_surname_reading_used_in_hunan_is_found(
    session: Session, name: str, readings: tuple[str, ...], not_readings: tuple[str, ...]
) -> None:
    add_person(session, name)
    for reading in readings:
        assert names(find(session, reading)) == [name], reading
    for reading in not_readings:
        assert find(session, reading).total == 0, reading


def test_pinyin_search_agrees_with_the_domain_rule_for_every_key(session: Session) -> None:
    surnames = [*sorted(SINGLE_SURNAMES)[:24], "欧阳", "长孙", "单于"]
    given = "德胜秀英重阳长乐朝华行"
    people = [
        surname + given[i % 11] + given[(i * 7 + 3) % 11] for i, surname in enumerate(surnames)
    ]
    for name in people:
        add_person(session, name)
    for name in people:
        keys = name_search_keys(name)
        for key in (*keys.full, *keys.initials):
            for typed in (key, key[:2]):
                page = find(session, typed, limit=500)
                assert name in names(page), (name, typed)
                # Every hit is one the domain rule accepts: nothing matched by accident.
                assert all(matches_pinyin(name_search_keys(hit.name), typed) for hit in page.hits)


def test_rare_character_names_are_found_by_their_exact_characters(session: Session) -> None:
    add_person(session, "覃𠮷")
    add_person(session, "覃吉")
    assert names(find(session, "覃𠮷")) == ["覃𠮷"]
    assert names(find(session, "𠮷")) == ["覃𠮷"]
    assert names(find(session, "吉")) == ["覃吉"]
    assert sorted(names(find(session, "qin"))) == ["覃吉", "覃𠮷"]
    hit = find(session, "𠮷").hits[0]
    assert hit.name == "覃𠮷" and len(hit.name) == 2


def test_names_in_latin_letters_are_found_without_regard_to_case(session: Session) -> None:
    add_person(session, "Anna")
    add_person(session, "李Tom")
    assert names(find(session, "ann")) == ["Anna"]
    assert names(find(session, "ANNA")) == ["Anna"]
    assert names(find(session, "tom")) == ["李Tom"]
    assert names(find(session, "李T")) == ["李Tom"]


def test_like_wildcards_in_the_text_match_only_themselves(session: Session) -> None:
    add_person(session, "李明")
    add_person(session, "张_明")
    assert names(find(session, "_")) == ["张_明"]
    assert find(session, "%").total == 0


def test_id_number_whole_or_its_last_four_to_six_characters(session: Session) -> None:
    zeng = add_person(session, "曾德胜", resident_id=ZENG_ID)
    add_person(session, "李秀英", resident_id=X_ID)
    add_person(session, "待核实的人", pending_verification=True)
    for typed in (ZENG_ID, ZENG_ID[-4:], ZENG_ID[-5:], ZENG_ID[-6:], "431023580312004"):
        page = find(session, typed)
        assert [hit.person_id for hit in page.hits] == [zeng.id], typed
    for typed in (X_ID, X_ID.lower(), X_ID[-4:].lower(), X_ID[-6:]):
        assert names(find(session, typed)) == ["李秀英"], typed
    # The first digits are no suffix.
    assert find(session, ZENG_ID[:6]).total == 0


def test_phone_whole_or_its_last_digits(session: Session) -> None:
    add_person(session, "周志强", phone="138 1234 5678")
    add_person(session, "周小燕", phone="0735-2654321")
    assert names(find(session, "13812345678")) == ["周志强"]
    assert names(find(session, "5678")) == ["周志强"]
    assert names(find(session, "2654321")) == ["周小燕"]
    assert names(find(session, "0735-2654321")) == ["周小燕"]
    assert find(session, "1234567").total == 0


def test_fewer_than_four_digits_search_nothing(session: Session) -> None:
    add_person(session, "周志强", phone="13812345678", resident_id=ZENG_ID)
    page = find(session, "678")
    assert (page.total, page.hits, page.text_kind) == (0, (), TextKind.TOO_SHORT)


def test_village_filter_and_a_cadre_without_villages(session: Session) -> None:
    add_person(session, "刘春生", add_household(session, TANQUAN))
    add_person(session, "刘秋生", add_household(session, YANGJIA))
    add_person(session, "刘冬生")  # no household yet
    assert names(find(session, "刘", village_codes=frozenset({YANGJIA}))) == ["刘秋生"]
    assert find(session, "刘", village_codes=frozenset({TANQUAN, YANGJIA})).total == 2
    assert find(session, "刘", village_codes=frozenset()).total == 0
    assert find(session, "刘").total == 3


def enrol(
    session: Session,
    household: Household,
    program: Program,
    status: EnrolmentStatus,
    person: Person | None = None,
    **fields: object,
) -> Enrolment:
    enrolment = Enrolment(
        household_id=household.id,
        person_id=person.id if person else None,
        program=program.value,
        status=status.value,
        **fields,
    )
    session.add(enrolment)
    session.flush()
    return enrolment


# A filter leaving few persons looks them up by index; any other tests each index row.
@pytest.mark.parametrize("few_share", [0, 10**6], ids=["tested_row_by_row", "looked_up"])
def test_program_and_status_filters(
    session: Session, monkeypatch: pytest.MonkeyPatch, few_share: int
) -> None:
    monkeypatch.setattr(person_search, "FEW_SHARE", few_share)
    dibao = add_household(session)
    head, child = add_person(session, "马长发", dibao), add_person(session, "马小宝", dibao)
    add_person(session, "马已删", dibao, deleted=True)
    enrol(session, dibao, Program.DIBAO, EnrolmentStatus.APPROVED)
    lone = add_household(session)
    elder = add_person(session, "马老汉", lone)
    enrol(session, lone, Program.TEKUN, EnrolmentStatus.APPLIED, elder)
    enrol(session, lone, Program.DIBAO, EnrolmentStatus.APPROVED, deleted=True)
    add_person(session, "马路人", add_household(session))

    def found(**filters: object) -> list[str]:
        return sorted(names(find(session, **filters)))

    # A household program covers every member; a personal one only the person.
    assert found(programs=frozenset({Program.DIBAO})) == sorted([head.name, child.name])
    assert found(programs=frozenset({Program.TEKUN})) == [elder.name]
    assert found(programs=frozenset({Program.DIBAO, Program.TEKUN})) == sorted(
        [head.name, child.name, elder.name]
    )
    assert found(statuses=frozenset({EnrolmentStatus.APPLIED})) == [elder.name]
    assert (
        found(programs=frozenset({Program.TEKUN}), statuses=frozenset({EnrolmentStatus.APPROVED}))
        == []
    )


def test_age_bands_follow_birthdays_to_the_day(session: Session) -> None:
    add_person(session, "甲", birth_date=date(1966, 12, 1))  # 60 on TODAY
    add_person(session, "乙", birth_date=date(1966, 12, 2))  # 60 tomorrow
    add_person(session, "丙", birth_date=date(1946, 12, 2))  # 79
    add_person(session, "丁", birth_date=date(1946, 12, 1))  # 80
    add_person(session, "戊", birth_date=date(2021, 12, 1))  # 5
    add_person(session, "己", pending_verification=True)  # no birth date

    def band(*bands: AgeBand) -> list[str]:
        return sorted(names(find(session, age_bands=frozenset(bands))))

    assert band(AgeBand.ELDER) == sorted(["甲", "丙"])
    assert band(AgeBand.OLDEST) == ["丁"]
    assert band(AgeBand.ADULT) == ["乙"]
    assert band(AgeBand.INFANT, AgeBand.OLDEST) == sorted(["丁", "戊"])
    ages = {hit.name: hit.age for hit in find(session).hits}
    assert ages == {"甲": 60, "乙": 59, "丙": 79, "丁": 80, "戊": 5, "己": None}


def test_risk_flags_filter_and_mark_the_results(session: Session) -> None:
    household = add_household(session)
    child = add_person(session, "黄小龙", household)
    session.add(ChildFile(person_id=child.id, category="left_behind", risk_level="high"))
    calm_child = add_person(session, "黄小凤", household)
    session.add(ChildFile(person_id=calm_child.id, category="left_behind", risk_level="low"))
    elder = add_person(session, "黄老太", household)
    session.add(ElderFile(person_id=elder.id, categories=["living_alone"], risk_tier="high"))
    pending = add_person(session, "黄无证", household, pending_verification=True)
    dead = add_person(session, "黄已故", household, deceased_on=date(2026, 10, 3))
    enrol(session, household, Program.DIBAO, EnrolmentStatus.APPROVED)
    other = add_household(session)
    stopped = add_person(session, "黄停保", other, deceased_on=date(2026, 9, 1))
    enrol(session, other, Program.TEKUN, EnrolmentStatus.STOPPED, stopped)
    session.flush()

    marks = {hit.name: hit.flags for hit in find(session, "黄", limit=50).hits}
    assert marks[child.name] == {RiskFlag.CHILD_HIGH_RISK}
    assert marks[calm_child.name] == set()
    assert marks[elder.name] == {RiskFlag.ELDER_HIGH_RISK}
    assert marks[pending.name] == {RiskFlag.PENDING_VERIFICATION}
    assert marks[dead.name] == {RiskFlag.DECEASED_WITH_BENEFIT}
    assert marks[stopped.name] == set()

    def flagged(*flags: RiskFlag) -> list[str]:
        return sorted(names(find(session, flags=frozenset(flags))))

    assert flagged(RiskFlag.CHILD_HIGH_RISK) == [child.name]
    assert flagged(RiskFlag.DECEASED_WITH_BENEFIT) == [dead.name]
    assert flagged(RiskFlag.PENDING_VERIFICATION, RiskFlag.ELDER_HIGH_RISK) == sorted(
        [pending.name, elder.name]
    )
    # Judged on the query's day: before the death there is nothing to flag.
    before = search_persons(
        session,
        PersonQuery(flags=frozenset({RiskFlag.DECEASED_WITH_BENEFIT}), today=date(2026, 10, 2)),
    )
    assert before.total == 0


def test_pages_cover_every_match_once_in_a_stable_order(session: Session) -> None:
    household = add_household(session)
    for index in range(23):
        add_person(session, "陈" + "秀英桂兰玉梅建国红华明春"[index % 12] + "一二"[index // 12])
    add_person(session, "陈秀英一", household)  # the same name twice
    pages = [find(session, "陈", offset=offset, limit=10) for offset in (0, 10, 20, 30)]
    assert [page.total for page in pages] == [24, 24, 24, 24]
    assert [len(page.hits) for page in pages] == [10, 10, 4, 0]
    ids = [hit.person_id for page in pages for hit in page.hits]
    assert len(set(ids)) == 24
    assert ids == [hit.person_id for hit in find(session, "陈", limit=100).hits]
    again = [hit.person_id for hit in find(session, "陈", offset=10, limit=10).hits]
    assert again == [hit.person_id for hit in pages[1].hits]
    with pytest.raises(ValueError):
        find(session, limit=0)
    with pytest.raises(ValueError):
        find(session, offset=-1)


def test_sorted_by_name_village_or_age(session: Session) -> None:
    add_person(session, "张三", add_household(session, TANQUAN), birth_date=date(1950, 1, 1))
    add_person(session, "李四", add_household(session, YANGJIA), birth_date=date(2000, 1, 1))
    add_person(session, "王五", add_household(session, TANQUAN), birth_date=date(1980, 1, 1))
    add_person(session, "赵六")
    assert names(find(session, sort=PersonSort.NAME)) == ["李四", "王五", "张三", "赵六"]
    assert names(find(session, sort=PersonSort.NAME, descending=True)) == [
        "赵六",
        "张三",
        "王五",
        "李四",
    ]
    assert names(find(session, sort=PersonSort.VILLAGE)) == ["王五", "张三", "李四", "赵六"]
    assert names(find(session, sort=PersonSort.AGE)) == ["李四", "王五", "张三", "赵六"]
    assert names(find(session, sort=PersonSort.AGE, descending=True)) == [
        "张三",
        "王五",
        "李四",
        "赵六",
    ]


def test_the_rowids_of_every_match_come_in_the_order_of_the_pages(session: Session) -> None:
    household = add_household(session, YANGJIA)
    for index, name in enumerate(("陈一", "陈二", "陈三", "老陈", "陈四", "陈五", "陈六")):
        add_person(session, name, household if index % 2 else None, birth_date=date(1990, 1, 1))
    for sort in PersonSort:
        for descending in (False, True):
            query = PersonQuery(text="陈", sort=sort, descending=descending, today=TODAY)
            paged = [
                rowid
                for offset in range(0, 7, 3)
                for rowid in search_rowids(session, replace(query, offset=offset, limit=3)).rowids
            ]
            assert list(ordered_rowids(session, query)) == paged
    assert len(ordered_rowids(session, PersonQuery(today=TODAY))) == 7
    assert len(ordered_rowids(session, PersonQuery(text="12", today=TODAY))) == 0
    assert len(ordered_rowids(session, PersonQuery(village_codes=frozenset()))) == 0


def test_a_driver_error_while_reading_rowids_comes_as_sqlalchemys(session: Session) -> None:
    add_person(session, "甲")
    add_person(session, "乙")
    # The second row overflows an integer: the error comes while the rows are fetched.
    failing = select(
        case((SEARCH_INDEX.c.rowid > 1, func.abs(-(2**63))), else_=SEARCH_INDEX.c.rowid)
    ).order_by(SEARCH_INDEX.c.rowid)
    with pytest.raises(DBAPIError):
        fetch_rowids(session, failing)


def test_hits_show_a_masked_id_and_never_the_whole_number(session: Session) -> None:
    household = add_household(session)
    add_person(
        session,
        "曾德胜",
        household,
        resident_id=ZENG_ID,
        phone="13812345678",
        sex="男",
        relation="self",
        birth_date=date(1958, 3, 12),
    )
    (hit,) = find(session, ZENG_ID).hits
    assert hit.masked_resident_id == f"{ZENG_ID[:4]}{'*' * 10}{ZENG_ID[-4:]}"
    assert (hit.sex, hit.relation, hit.birth_date, hit.village_code) == (
        "男",
        "self",
        date(1958, 3, 12),
        TANQUAN,
    )
    shown = repr(find(session, "曾德胜"))
    assert ZENG_ID not in shown and "13812345678" not in shown
