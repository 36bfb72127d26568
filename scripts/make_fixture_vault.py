"""Make the fixture vault of a released schema revision (tests/fixtures/vaults/<rev>/).

Run once per released schema and commit the result; later versions must upgrade it.
    uv run python scripts/make_fixture_vault.py 0001
"""

from __future__ import annotations

import argparse
import json
import shutil
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from minzheng_field.domain import resident_id_check_character
from minzheng_field.store.engine import initialise_database, open_connection
from minzheng_field.store.keyfile import (
    KEY_FILE_NAME,
    KdfParams,
    Role,
    new_data_key,
    new_key_file,
    with_user,
    wrap_for_user,
    write_key_file,
)
from minzheng_field.store.migrate import upgrade_vault

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "vaults"
PASSWORD = "Fixture-2026"
KDF = KdfParams(n=2**12, r=8, p=1)

# Synthetic people only: invented names and ID numbers with valid check characters.
PEOPLE = [
    ("覃𠮷", "43102319560312", "男", "13807351234"),
    ("欧阳娜娜", "43282319801104", "女", None),
    ("曾德胜", "43102520120520", "男", "0735-5551234"),
    ("李小红", "43100220190101", "女", None),
]


def make(revision: str) -> Path:
    """Create the fixture vault at `revision` and return its folder."""
    target = FIXTURES / revision
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    key = new_data_key()
    vault_id = str(uuid.uuid4())
    db = target / "vault.db"
    salt = initialise_database(db, key)
    upgrade_vault(db, key, backup_dir=target / "backups", target=revision, expected_salt=salt)
    conn = open_connection(db, key)
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    persons = []
    with conn:
        conn.execute("BEGIN")
        for key_, value in [("vault_id", vault_id), ("township_code", "431023113")]:
            conn.execute("INSERT INTO vault_meta (key, value) VALUES (?, ?)", (key_, value))
        conn.execute(
            "INSERT INTO users (username, display_name, role, created_at, active) "
            "VALUES ('admin', '测试管理员', 'township_admin', ?, 1)",
            (now,),
        )
        for index, (name, first14, sex, phone) in enumerate(PEOPLE):
            first17 = first14 + f"{index + 1:02d}{1 if sex == '男' else 2}"
            number = first17 + resident_id_check_character(first17)
            person_id = str(uuid.UUID(int=index + 1))
            birth = f"{first14[6:10]}-{first14[10:12]}-{first14[12:14]}"
            conn.execute(
                "INSERT INTO persons (id, name, resident_id, sex, birth_date, phone, version, "
                "updated_at, updated_by, deleted) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 'admin', 0)",
                (person_id, name, number, sex, birth, phone, now),
            )
            persons.append({"id": person_id, "name": name, "resident_id": number})
        conn.execute("COMMIT")
    conn.close()
    wrap = wrap_for_user(key, vault_id, "admin", Role.TOWNSHIP_ADMIN, PASSWORD, KDF)
    write_key_file(
        target / KEY_FILE_NAME, with_user(replace(new_key_file(vault_id), db_salt=salt), wrap)
    )
    shutil.rmtree(target / "backups", ignore_errors=True)
    (target / "expected.json").write_text(
        json.dumps(
            {"revision": revision, "username": "admin", "password": PASSWORD, "persons": persons},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("revision")
    print(make(parser.parse_args().revision))


if __name__ == "__main__":
    main()
