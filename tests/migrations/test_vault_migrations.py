"""Upgrades run on unlock: stored old vaults reach head with every row; failures change nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from minzheng_field.store.engine import open_connection
from minzheng_field.store.errors import MigrationFailed, VaultTooNew
from minzheng_field.store.migrate import head_revision, local_script_location, upgrade_vault
from minzheng_field.store.models import AccessEntry, Base, Person
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

ADMIN, ADMIN_PASSWORD = "admin", "Township-2026"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "vaults"


def fixture_copy(revision: str, tmp_path: Path) -> tuple[Path, dict]:
    target = tmp_path / f"vault-{revision}"
    shutil.copytree(FIXTURES / revision, target)
    expected = json.loads((target / "expected.json").read_text("utf-8"))
    return target, expected


def dump(db: Path, key: bytes) -> list[object]:
    """Schema and every row of every table, in a stable order."""
    conn = open_connection(db, key)
    try:
        schema = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        tables = [name for kind, name, _t, _s in schema if kind == "table"]
        rows = [
            (t, sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)) for t in tables
        ]
        return [schema, rows]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("revision", sorted(p.name for p in FIXTURES.iterdir()))
def test_every_stored_vault_upgrades_to_head_with_every_row(revision: str, tmp_path: Path) -> None:
    data_dir, expected = fixture_copy(revision, tmp_path)
    vault = Vault(data_dir)
    result = vault.unlock(expected["username"], expected["password"])
    assert result.from_revision == revision
    assert result.to_revision == head_revision()
    engine = vault.open_engine()
    with session_scope(engine) as session:
        rows = {p.id: (p.name, p.resident_id) for p in session.scalars(select(Person))}
        assert session.scalars(select(AccessEntry)).all() == []
    assert rows == {p["id"]: (p["name"], p["resident_id"]) for p in expected["persons"]}
    vault.lock()
    if revision == head_revision():
        assert result.backup_path is None
        return
    # The copy made before upgrading is encrypted like the vault itself.
    assert result.backup_path is not None
    assert result.backup_path.parent == data_dir / "backups"
    assert result.backup_path.read_bytes()[:16] != b"SQLite format 3\x00"


def test_unlocking_a_current_vault_neither_migrates_nor_copies(vault: Vault) -> None:
    vault.lock()
    before = digest(vault.paths.db)
    result = vault.unlock(ADMIN, ADMIN_PASSWORD)
    vault.lock()
    assert result.from_revision == result.to_revision == head_revision()
    assert result.backup_path is None
    assert not list(vault.paths.backups.glob("pre-upgrade-*"))
    assert digest(vault.paths.db) == before


def write_failing_revision(location: Path, body: str) -> None:
    head = head_revision(location)
    (location / "versions" / "9001_breaks.py").write_text(
        f'''"""A migration that fails halfway."""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
''',
        encoding="utf-8",
    )


@pytest.fixture
def scripts_copy(tmp_path: Path) -> Path:
    location = tmp_path / "migrations-local"
    shutil.copytree(local_script_location(), location, ignore=shutil.ignore_patterns("__pycache__"))
    return location


FAILS_MIDWAY = """\
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO half_done (id) VALUES (1)")
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("extra", sa.Text(), nullable=True))
    op.execute("UPDATE persons SET name = 'overwritten'")
    raise RuntimeError("boom halfway")
"""

BREAKS_A_FOREIGN_KEY = """\
    op.create_table(
        "child_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("persons.id"), nullable=False),
    )
    op.execute("INSERT INTO child_rows (id, person_id) VALUES (1, 'no-such-person')")
"""


@pytest.mark.parametrize("body", [FAILS_MIDWAY, BREAKS_A_FOREIGN_KEY], ids=["raises", "fk"])
def test_a_failed_migration_leaves_the_vault_exactly_as_it_was(
    vault: Vault, scripts_copy: Path, body: str
) -> None:
    engine = vault.open_engine()
    with session_scope(engine) as session:
        session.add(Person(name="张卫国", resident_id="110105194912310021"))
    key = vault.data_key_for_backup()
    vault.lock()
    before = dump(vault.paths.db, key)
    write_failing_revision(scripts_copy, body)
    with pytest.raises(MigrationFailed) as caught:
        upgrade_vault(
            vault.paths.db,
            key,
            backup_dir=vault.paths.backups,
            expected_salt=vault.key_file.db_salt,
            script_location=scripts_copy,
        )
    assert "没有丢失" in caught.value.message
    assert dump(vault.paths.db, key) == before
    conn = open_connection(vault.paths.db, key)
    try:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            head_revision()
        )
    finally:
        conn.close()


def test_a_vault_newer_than_the_app_is_refused_and_untouched(vault: Vault) -> None:
    key = vault.data_key_for_backup()
    engine = vault.open_engine()
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    vault.lock()
    before = dump(vault.paths.db, key)
    with pytest.raises(VaultTooNew) as caught:
        vault.unlock(ADMIN, ADMIN_PASSWORD)
    assert "升级本程序" in caught.value.message
    assert not vault.is_unlocked
    assert dump(vault.paths.db, key) == before


def test_models_match_the_migrations(vault: Vault) -> None:
    engine = vault.open_engine()
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
