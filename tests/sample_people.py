"""Sample persons with known names, ID numbers and phones, and a search for them in files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from minzheng_field.domain import resident_id_check_character
from minzheng_field.store.models import Person
from minzheng_field.store.session import session_scope

SQLITE_HEADER = b"SQLite format 3"

# "𠮷" lies outside the BMP (CJK Extension B): four bytes in UTF-8, a surrogate pair in UTF-16.
NAMES = ("覃𠮷", "欧阳娜娜", "张卫国")
RESIDENT_IDS = tuple(
    first17 + resident_id_check_character(first17)
    for first17 in ("43102319580312004", "43102319900101123", "43102320150620458")
)
BIRTH_DATES = (date(1958, 3, 12), date(1990, 1, 1), date(2015, 6, 20))
PHONES = ("13812345678", "15907351234", "18673520086")


def add_sample_people(engine: Engine, *, suffix: str = "") -> None:
    """Write the three sample persons (names optionally suffixed) in one transaction."""
    with session_scope(engine) as session:
        session.add_all(
            Person(
                name=name + suffix,
                resident_id=resident_id,
                birth_date=born,
                phone=phone,
                sex="女" if index == 1 else "男",
            )
            for index, (name, resident_id, born, phone) in enumerate(
                zip(NAMES, RESIDENT_IDS, BIRTH_DATES, PHONES, strict=True)
            )
        )


def stored_people(engine: Engine) -> set[tuple[str, str | None, str | None]]:
    """(name, resident ID, phone) of every person in the vault."""
    with session_scope(engine) as session:
        rows = session.execute(select(Person.name, Person.resident_id, Person.phone)).all()
    return {tuple(row) for row in rows}


def needles() -> dict[str, bytes]:
    """Every byte string that must never reach a disk in plain text."""
    found: dict[str, bytes] = {"sqlite header": SQLITE_HEADER}
    for text in (*NAMES, *RESIDENT_IDS, *PHONES):
        found[f"{text} utf-8"] = text.encode("utf-8")
        found[f"{text} utf-16-le"] = text.encode("utf-16-le")
    return found


def find_plaintext(roots: Iterable[Path], *, skip: Iterable[Path] = ()) -> list[str]:
    """'file: what' for each needle found in any file under `roots`."""
    skipped = {Path(p).resolve() for p in skip}
    hits = []
    for root in roots:
        if not root.exists():
            continue
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if path.resolve() in skipped:
                continue
            data = path.read_bytes()
            hits += [f"{path}: {label}" for label, needle in needles().items() if needle in data]
    return hits
