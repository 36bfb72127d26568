"""Encrypted backups and restores, including what must never be overwritten."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from minzheng_field import atomic_file
from minzheng_field.store.backup import (
    DB_MEMBER,
    KEY_MEMBER,
    MANIFEST,
    last_backup_at,
    read_backup_info,
    restore_backup,
    write_backup,
)
from minzheng_field.store.engine import open_connection
from minzheng_field.store.errors import (
    BackupFromOtherVault,
    BackupInvalid,
    UnknownUser,
    WrongPassword,
)
from minzheng_field.store.keyfile import Role
from minzheng_field.store.vault import Vault
from sample_people import (
    NAMES,
    PHONES,
    RESIDENT_IDS,
    add_sample_people,
    find_plaintext,
    stored_people,
)
from vault_constants import ADMIN, ADMIN_PASSWORD, new_vault

CADRE = "cadre1"
CADRE_PASSWORD = "Village-2026"

People = set[tuple[str, str | None, str | None]]


def _snapshot(directory: Path) -> dict[str, str] | None:
    """Relative path -> sha256 of every file under `directory` (None if it does not exist)."""
    if not directory.exists():
        return None
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "dir"
        for p in sorted(directory.rglob("*"))
    }


@pytest.fixture
def populated(vault: Vault) -> Vault:
    """The vault with the sample persons and a second user."""
    vault.add_user(CADRE, "村干部", Role.VILLAGE_CADRE, CADRE_PASSWORD)
    engine = vault.open_engine()
    try:
        add_sample_people(engine)
    finally:
        vault.close_engine(engine)
    return vault


@pytest.fixture
def backup_file(populated: Vault, tmp_path: Path) -> Path:
    target = tmp_path / "usb" / "township.mzbak"
    target.parent.mkdir()
    write_backup(populated, target)
    return target


def _people_of(vault: Vault, username: str, password: str) -> People:
    vault.unlock(username, password)
    engine = vault.open_engine(readonly=True)
    try:
        return stored_people(engine)
    finally:
        vault.close_engine(engine)
        vault.lock()


def _expected_people() -> People:
    return set(zip(NAMES, RESIDENT_IDS, PHONES, strict=True))


def test_backup_is_written_atomically_and_holds_no_plaintext(
    populated: Vault, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    target = usb / "township.mzbak"
    assert last_backup_at(populated) is None

    info = write_backup(populated, target)

    assert sorted(p.name for p in usb.iterdir()) == ["township.mzbak"]
    assert not list(populated.paths.backups.glob(".snapshot-*"))
    assert find_plaintext([target]) == []
    assert read_backup_info(target) == info
    assert info.vault_id == populated.vault_id
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == sorted([MANIFEST, DB_MEMBER, KEY_MEMBER])
        assert hashlib.sha256(archive.read(DB_MEMBER)).hexdigest() == info.db_sha256
    assert last_backup_at(populated) == info.created_at


def test_a_failed_backup_leaves_the_previous_one_whole(
    populated: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    target = usb / "township.mzbak"
    first = write_backup(populated, target)
    before = target.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic_file.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_backup(populated, target)
    monkeypatch.undo()

    assert target.read_bytes() == before
    assert sorted(p.name for p in usb.iterdir()) == ["township.mzbak"]
    assert last_backup_at(populated) == first.created_at


def test_restore_into_an_empty_folder_needs_enrolment_and_keeps_everything(
    backup_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "new-laptop"
    restored = restore_backup(backup_file, target, CADRE, CADRE_PASSWORD)

    assert not restored.is_unlocked
    assert restored.enrolment_required
    assert sorted(p.name for p in target.iterdir()) == ["vault.db", "vault.key"]
    assert [u.username for u in restored.users()] == [ADMIN, CADRE]
    assert _people_of(restored, ADMIN, ADMIN_PASSWORD) == _expected_people()
    assert _people_of(restored, CADRE, CADRE_PASSWORD) == _expected_people()
    with pytest.raises(WrongPassword):
        Vault(target).unlock(ADMIN, CADRE_PASSWORD)
    assert Vault(target).enrolment_required


def test_backup_includes_changes_still_in_the_wal(vault: Vault, tmp_path: Path) -> None:
    writer = vault.open_engine()  # stays open: no checkpoint moves the WAL into vault.db
    try:
        add_sample_people(writer)
        wal = vault.paths.db.with_name("vault.db-wal")
        assert wal.stat().st_size > 0

        # A plain copy of vault.db alone does not have the rows yet...
        alone = tmp_path / "alone"
        alone.mkdir()
        shutil.copy2(vault.paths.db, alone / "vault.db")
        conn = open_connection(alone / "vault.db", vault.data_key_for_backup())
        try:
            assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] == 0
        finally:
            conn.close()

        # ...the backup has them.
        target = tmp_path / "with-wal.mzbak"
        write_backup(vault, target)
    finally:
        vault.close_engine(writer)
    restored = restore_backup(target, tmp_path / "restored", ADMIN, ADMIN_PASSWORD)
    assert _people_of(restored, ADMIN, ADMIN_PASSWORD) == _expected_people()


@pytest.mark.parametrize("target_exists", [True, False])
def test_restore_with_a_wrong_password_changes_nothing(
    backup_file: Path, tmp_path: Path, target_exists: bool
) -> None:
    target = tmp_path / "new-laptop"
    if target_exists:
        target.mkdir()
        (target / "readme.txt").write_text("keep me")
    before = _snapshot(target)

    with pytest.raises(WrongPassword):
        restore_backup(backup_file, target, ADMIN, "Not-the-password-1")
    with pytest.raises(UnknownUser):
        restore_backup(backup_file, target, "nobody", ADMIN_PASSWORD)

    assert _snapshot(target) == before


def _rewrite(backup: Path, out: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(backup) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _flip_db_byte(members: dict[str, bytes]) -> None:
    db = bytearray(members[DB_MEMBER])
    db[len(db) // 2] ^= 0x01
    members[DB_MEMBER] = bytes(db)


def _flip_db_byte_and_fix_sha(members: dict[str, bytes]) -> None:
    _flip_db_byte(members)
    manifest = json.loads(members[MANIFEST])
    manifest["db_sha256"] = hashlib.sha256(members[DB_MEMBER]).hexdigest()
    members[MANIFEST] = json.dumps(manifest).encode()


def _drop_key(members: dict[str, bytes]) -> None:
    del members[KEY_MEMBER]


def _damage_key(members: dict[str, bytes]) -> None:
    members[KEY_MEMBER] = members[KEY_MEMBER].replace(b'"vault_id"', b'"vault_Id"')


def _foreign_format(members: dict[str, bytes]) -> None:
    manifest = json.loads(members[MANIFEST])
    manifest["format"] = "someone-else"
    members[MANIFEST] = json.dumps(manifest).encode()


def _write(out: Path, data: bytes) -> Path:
    out.write_bytes(data)
    return out


@pytest.mark.parametrize(
    "make_bad",
    [
        pytest.param(lambda good, out: _write(out, b"just some text\n"), id="text"),
        pytest.param(lambda good, out: _write(out, b""), id="empty"),
        pytest.param(
            lambda good, out: _write(out, good.read_bytes()[: good.stat().st_size // 2]),
            id="truncated",
        ),
        pytest.param(lambda good, out: _rewrite(good, out, _flip_db_byte), id="db-sha-mismatch"),
        pytest.param(
            lambda good, out: _rewrite(good, out, _flip_db_byte_and_fix_sha), id="db-tampered"
        ),
        pytest.param(lambda good, out: _rewrite(good, out, _drop_key), id="no-key-member"),
        pytest.param(lambda good, out: _rewrite(good, out, _damage_key), id="damaged-key"),
        pytest.param(lambda good, out: _rewrite(good, out, _foreign_format), id="other-format"),
    ],
)
def test_invalid_backups_are_refused_and_the_target_is_unchanged(
    backup_file: Path, tmp_path: Path, make_bad: Callable[[Path, Path], Path]
) -> None:
    bad = make_bad(backup_file, tmp_path / "bad.mzbak")
    target = tmp_path / "new-laptop"
    target.mkdir()
    (target / "readme.txt").write_text("keep me")
    before = _snapshot(target)

    with pytest.raises(BackupInvalid) as raised:
        restore_backup(bad, target, ADMIN, ADMIN_PASSWORD)

    assert _snapshot(target) == before
    assert "备份" in raised.value.message
    assert not list(target.glob(".restore-*"))


def test_a_tampered_backup_leaves_no_folder_where_there_was_none(
    backup_file: Path, tmp_path: Path
) -> None:
    bad = _rewrite(backup_file, tmp_path / "bad.mzbak", _flip_db_byte_and_fix_sha)
    target = tmp_path / "not-yet-there"
    with pytest.raises(BackupInvalid):
        restore_backup(bad, target, ADMIN, ADMIN_PASSWORD)
    assert not target.exists()


def test_a_backup_never_overwrites_another_vault(backup_file: Path, tmp_path: Path) -> None:
    other_dir = tmp_path / "vault-b"
    other = new_vault(other_dir, admin_display_name="另一个乡镇")
    other.lock()
    before = _snapshot(other_dir)

    with pytest.raises(BackupFromOtherVault) as raised:
        restore_backup(backup_file, other_dir, ADMIN, ADMIN_PASSWORD)

    assert "另一个数据库" in raised.value.message
    assert _snapshot(other_dir) == before
    reopened = Vault(other_dir)
    assert reopened.vault_id == other.vault_id
    assert _people_of(reopened, ADMIN, ADMIN_PASSWORD) == set()


def test_restoring_over_the_same_vault_moves_the_old_files_aside(
    populated: Vault, backup_file: Path, data_dir: Path
) -> None:
    engine = populated.open_engine()
    try:
        add_sample_people(engine, suffix="（备份后）")
        assert len(stored_people(engine)) == 6
    finally:
        populated.close_engine(engine)
    populated.lock()
    old_db = hashlib.sha256(populated.paths.db.read_bytes()).hexdigest()
    old_key = (data_dir / "vault.key").read_bytes()

    restored = restore_backup(backup_file, data_dir, ADMIN, ADMIN_PASSWORD)

    (aside,) = data_dir.glob("replaced-*")
    assert hashlib.sha256((aside / "vault.db").read_bytes()).hexdigest() == old_db
    assert (aside / "vault.key").read_bytes() == old_key
    assert restored.enrolment_required
    assert _people_of(restored, ADMIN, ADMIN_PASSWORD) == _expected_people()
    assert _people_of(restored, CADRE, CADRE_PASSWORD) == _expected_people()

    # The files moved aside are still a whole vault with the later rows.
    moved = data_dir.parent / "moved-aside"
    shutil.copytree(aside, moved)
    assert len(_people_of(Vault(moved), ADMIN, ADMIN_PASSWORD)) == 6
