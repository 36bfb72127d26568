"""Bad folders and broken files end in typed errors with plain Chinese messages."""

from __future__ import annotations

import hashlib
import inspect
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from minzheng_field.domain.errors import MinzhengError
from minzheng_field.store import errors as store_errors
from minzheng_field.store.errors import (
    DataDirNotWritable,
    VaultDamaged,
    VaultExists,
    VaultKeyMismatch,
)
from minzheng_field.store.models import Person
from minzheng_field.store.pin import WrongPin
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, new_vault

CJK = re.compile(r"[\u4e00-\u9fff]")
PAGE = 4096


def _create(data_dir: Path, display_name: str = "乡镇管理员") -> Vault:
    return new_vault(data_dir, admin_display_name=display_name)


def _hashes(directory: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


def _assert_plain_chinese(error: MinzhengError, *secrets: str) -> None:
    assert CJK.search(error.message), error.message
    assert str(error) == error.message
    for secret in (ADMIN_PASSWORD, *secrets):
        assert secret not in error.message
    assert "/" not in error.message  # no path
    assert "\\" not in error.message


def test_create_under_a_file_is_data_dir_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_bytes(b"not a folder")
    target = blocker / "data"

    with pytest.raises(DataDirNotWritable) as raised:
        _create(target)

    _assert_plain_chinese(raised.value, str(target), str(tmp_path))
    assert blocker.read_bytes() == b"not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "tmp"]


def test_create_on_a_file_is_data_dir_not_writable(tmp_path: Path) -> None:
    blocker = tmp_path / "afile"
    blocker.write_bytes(b"not a folder")
    with pytest.raises(DataDirNotWritable) as raised:
        _create(blocker)
    _assert_plain_chinese(raised.value, str(blocker))
    assert blocker.read_bytes() == b"not a folder"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes through 0o500 anyway"
)
def test_create_in_a_read_only_folder_is_data_dir_not_writable(tmp_path: Path) -> None:
    parent = tmp_path / "readonly"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        with pytest.raises(DataDirNotWritable) as raised:
            _create(parent / "data")
        _assert_plain_chinese(raised.value, str(parent))
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o700)


def test_create_where_a_vault_exists_is_refused_and_changes_nothing(
    vault: Vault, data_dir: Path
) -> None:
    vault.lock()
    before = _hashes(data_dir)
    with pytest.raises(VaultExists) as raised:
        _create(data_dir, display_name="另一个管理员")
    _assert_plain_chinese(raised.value, str(data_dir))
    assert _hashes(data_dir) == before
    # Even a key file or a database alone counts as a vault.
    (data_dir / "vault.key").unlink()
    with pytest.raises(VaultExists):
        _create(data_dir)
    assert sorted(_hashes(data_dir)) == ["vault.db"]


def test_a_key_file_of_another_vault_is_a_key_mismatch(tmp_path: Path) -> None:
    vault_a = _create(tmp_path / "a")
    vault_a.lock()
    vault_b = _create(tmp_path / "b")
    vault_b.lock()
    shutil.copy2(tmp_path / "a" / "vault.key", tmp_path / "b" / "vault.key")
    before = _hashes(tmp_path / "b")

    mixed = Vault(tmp_path / "b")
    with pytest.raises(VaultKeyMismatch) as raised:
        mixed.unlock(ADMIN, ADMIN_PASSWORD)

    _assert_plain_chinese(raised.value, str(tmp_path))
    assert not mixed.is_unlocked
    assert mixed.open_engine_count == 0
    assert _hashes(tmp_path / "b") == before


def _written_vault(data_dir: Path) -> dict[str, int]:
    """A locked vault with rows on several pages; returns the root page of each table."""
    created = _create(data_dir)
    engine = created.open_engine()
    with session_scope(engine) as session:
        session.add_all(Person(name=f"样本{i:04d}" + "x" * 200) for i in range(100))
        rows = session.execute(
            text("SELECT name, rootpage FROM sqlite_master WHERE type = 'table'")
        )
        root_pages = {name: page for name, page in rows}
    created.lock()
    assert (data_dir / "vault.db").stat().st_size >= 8 * PAGE
    return root_pages


def _flip_a_bit_in_page(db: Path, page: int) -> None:
    assert page > 1
    damaged = bytearray(db.read_bytes())
    damaged[(page - 1) * PAGE + PAGE // 2] ^= 0x01
    db.write_bytes(bytes(damaged))


def _zero_after_first_page(data: bytes) -> bytes:
    return data[:PAGE] + bytes(len(data) - PAGE)


def _flip_after_first_page(data: bytes) -> bytes:
    return data[:PAGE] + bytes(b ^ 0x5A for b in data[PAGE:])


def _flip_first_page_body(data: bytes) -> bytes:
    return data[:100] + bytes(b ^ 0x5A for b in data[100:PAGE]) + data[PAGE:]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_zero_after_first_page, id="zeroed-pages"),
        pytest.param(_flip_after_first_page, id="scrambled-pages"),
        pytest.param(_flip_first_page_body, id="scrambled-first-page"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated-half"),
        pytest.param(lambda data: data[:PAGE], id="first-page-only"),
        pytest.param(lambda data: data[:100], id="truncated-100"),
        pytest.param(lambda data: data[:10], id="shorter-than-salt"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_database_is_vault_damaged(tmp_path: Path, damage) -> None:
    data_dir = tmp_path / "data"
    _written_vault(data_dir)
    db = data_dir / "vault.db"
    db.write_bytes(damage(db.read_bytes()))
    key_before = (data_dir / "vault.key").read_bytes()

    damaged = Vault(data_dir)
    with pytest.raises(VaultDamaged) as raised:
        damaged.unlock(ADMIN, ADMIN_PASSWORD)

    _assert_plain_chinese(raised.value, str(data_dir))
    assert not damaged.is_unlocked
    assert damaged.open_engine_count == 0
    assert (data_dir / "vault.key").read_bytes() == key_before


def test_one_flipped_bit_in_a_table_is_vault_damaged_when_read(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    root_pages = _written_vault(data_dir)
    _flip_a_bit_in_page(data_dir / "vault.db", root_pages["persons"])

    vault = Vault(data_dir)
    vault.unlock(ADMIN, ADMIN_PASSWORD)  # reads other pages only
    engine = vault.open_engine(readonly=True)
    try:
        with pytest.raises(VaultDamaged), session_scope(engine) as session:
            session.query(Person.name).all()
    finally:
        vault.close_engine(engine)
        vault.lock()


def _every_vault_error() -> list[MinzhengError]:
    errors: list[MinzhengError] = []
    pending = list(store_errors.VaultError.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls is store_errors.LockedOut:
            until = datetime(2031, 1, 1, tzinfo=UTC)
            errors += [cls(until, 25, lockout=False), cls(until, 1800, lockout=True)]
        elif cls is store_errors.WrongPassword:
            errors += [cls(), cls(delay_seconds=30)]
        elif cls is WrongPin:
            errors += [cls(tries_left=2)]
        elif "message" not in inspect.signature(cls.__init__).parameters:
            errors.append(cls())
    return errors


def test_every_vault_error_speaks_plain_chinese() -> None:
    errors = _every_vault_error()
    kinds = {error.kind for error in errors}
    assert len(kinds) == len({type(error) for error in errors})  # each type its own kind
    assert {"vault_damaged", "disk_full", "backup_invalid", "locked_out"} <= kinds
    for error in errors:
        _assert_plain_chinese(error)
        assert error.message.endswith("。"), error.message
        assert "Error" not in error.message


def test_damage_in_the_schema_revision_is_vault_damaged_on_unlock(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    root_pages = _written_vault(data_dir)
    # The keyed connection's first query reads only the schema pages; the migration
    # runner is the first to read this one.
    _flip_a_bit_in_page(data_dir / "vault.db", root_pages["alembic_version"])

    damaged = Vault(data_dir)
    with pytest.raises(VaultDamaged) as raised:
        damaged.unlock(ADMIN, ADMIN_PASSWORD)
    _assert_plain_chinese(raised.value, str(data_dir))
    assert not damaged.is_unlocked
