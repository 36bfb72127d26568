"""The key file: wraps per user, checksums, role binding, the default KDF, login names."""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from minzheng_field import atomic_file
from minzheng_field.store.errors import (
    KeyFileDamaged,
    KeyFileMissing,
    NotAllowed,
    VaultNotFound,
    WrongPassword,
)
from minzheng_field.store.keyfile import (
    DEFAULT_KDF,
    KdfParams,
    KeyFile,
    Role,
    check_login_name,
    dump_key_file,
    new_data_key,
    new_key_file,
    parse_key_file,
    read_key_file,
    unwrap_for_user,
    with_user,
    wrap_for_user,
    write_key_file,
)
from minzheng_field.store.vault import Vault
from vault_constants import ADMIN, ADMIN_PASSWORD, FAST_KDF, new_vault

CJK = re.compile(r"[\u4e00-\u9fff]")
VAULT_ID = "0b7c2f52-7a57-4a11-9a49-1f2c3d4e5f60"


def _key_file_with(data_key: bytes, *users: tuple[str, Role, str]) -> KeyFile:
    key_file = new_key_file(VAULT_ID)
    for username, role, password in users:
        key_file = with_user(
            key_file, wrap_for_user(data_key, VAULT_ID, username, role, password, FAST_KDF)
        )
    return replace(key_file, db_salt="00" * 16)


def test_key_file_roundtrips_and_each_user_unwraps_the_same_key(tmp_path: Path) -> None:
    data_key = new_data_key()
    key_file = _key_file_with(
        data_key,
        ("admin", Role.TOWNSHIP_ADMIN, "Township-2026"),
        ("cadre1", Role.VILLAGE_CADRE, "Village-2026"),
    )
    path = tmp_path / "vault.key"
    write_key_file(path, key_file)
    again = read_key_file(path)

    assert again == key_file
    assert unwrap_for_user(again, again.user("admin"), "Township-2026") == data_key
    assert unwrap_for_user(again, again.user("cadre1"), "Village-2026") == data_key
    with pytest.raises(WrongPassword):
        unwrap_for_user(again, again.user("cadre1"), "Township-2026")


def test_a_flipped_byte_is_damage_not_a_wrong_password(vault: Vault, data_dir: Path) -> None:
    vault.lock()
    path = data_dir / "vault.key"
    data = path.read_bytes()
    wrapped = json.loads(data)["users"][0]["wrapped_key"]
    at = data.index(wrapped.encode()) + 5
    flipped = bytearray(data)
    flipped[at] = ord("A") if flipped[at] != ord("A") else ord("B")
    path.write_bytes(bytes(flipped))

    with pytest.raises(KeyFileDamaged):
        Vault(data_dir)

    path.write_bytes(data)
    with pytest.raises(WrongPassword):
        Vault(data_dir).unlock(ADMIN, "Not-the-password-1")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"not json at all", id="not-json"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"[]", id="json-list"),
        pytest.param(
            lambda data: data.replace(b'"format_version": 1', b'"format_version": 9'),
            id="unknown-version",
        ),
        pytest.param(lambda data: "张".encode() + data, id="not-ascii"),
    ],
)
def test_damaged_key_file_is_reported_as_damaged(vault: Vault, data_dir: Path, damage) -> None:
    vault.lock()
    path = data_dir / "vault.key"
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(KeyFileDamaged) as raised:
        Vault(data_dir)
    assert CJK.search(raised.value.message)
    assert raised.value.kind == "key_file_damaged"


def test_missing_key_file_beside_a_database_is_key_file_missing(
    vault: Vault, data_dir: Path
) -> None:
    vault.lock()
    (data_dir / "vault.key").unlink()
    with pytest.raises(KeyFileMissing) as raised:
        Vault(data_dir)
    assert "vault.key" in raised.value.message


def test_a_folder_without_vault_is_vault_not_found(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        Vault(tmp_path / "nothing-here")
    (tmp_path / "empty").mkdir()
    with pytest.raises(VaultNotFound):
        Vault(tmp_path / "empty")


def test_the_role_is_bound_into_the_wrap(vault: Vault, data_dir: Path) -> None:
    vault.add_user("cadre1", "村干部", Role.VILLAGE_CADRE, "Village-2026")
    vault.lock()
    path = data_dir / "vault.key"
    key_file = read_key_file(path)
    promoted = tuple(
        replace(u, role=Role.TOWNSHIP_ADMIN) if u.username == "cadre1" else u
        for u in key_file.users
    )
    # A valid checksum: only the AAD can tell that the role was changed.
    path.write_bytes(dump_key_file(replace(key_file, users=promoted)))

    tampered = Vault(data_dir)
    assert {u.username: u.role for u in tampered.users()}["cadre1"] is Role.TOWNSHIP_ADMIN
    with pytest.raises(WrongPassword):
        tampered.unlock("cadre1", "Village-2026")
    with pytest.raises(WrongPassword):
        unwrap_for_user(tampered.key_file, tampered.key_file.user("cadre1"), "Village-2026")
    # The untouched wrap of the admin still opens the vault.
    tampered.unlock(ADMIN, ADMIN_PASSWORD)
    tampered.lock()


def test_the_vault_id_is_bound_into_the_wrap(vault: Vault, data_dir: Path) -> None:
    vault.lock()
    path = data_dir / "vault.key"
    key_file = read_key_file(path)
    moved = replace(key_file, vault_id=VAULT_ID)
    with pytest.raises(WrongPassword):
        unwrap_for_user(moved, moved.user(ADMIN), ADMIN_PASSWORD)


def test_default_kdf_is_scrypt_n_2_17_r_8_p_1(data_dir: Path) -> None:
    assert KdfParams(n=2**17, r=8, p=1) == DEFAULT_KDF
    created = new_vault(data_dir, kdf=DEFAULT_KDF)
    created.lock()
    document = json.loads((data_dir / "vault.key").read_bytes())
    (user,) = document["users"]
    assert user["kdf"] == {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}
    created.unlock(ADMIN, ADMIN_PASSWORD)  # the real cost, once
    created.lock()


@pytest.mark.parametrize(
    "name",
    [
        "张三",
        "zhang三",
        "ZhangSan",
        "Admin",
        "a",
        "",
        "-admin",
        ".admin",
        "zhang san",
        "a" * 33,
        "13812345678",  # a mobile number is personal data; the key file is plain text
        "zs13812345678",
        "43102319900101123x",  # a resident ID number
        "admin\n",
    ],
)
def test_login_names_that_are_refused(name: str) -> None:
    with pytest.raises(NotAllowed) as raised:
        check_login_name(name)
    assert raised.value.kind == "bad_login_name"
    assert CJK.search(raised.value.message)


@pytest.mark.parametrize(
    "name", ["zhangsan", "admin", "li.si", "wang_wu", "cadre-01", "9cun", "a1", "a" * 32, "2026"]
)
def test_login_names_that_are_accepted(name: str) -> None:
    assert check_login_name(name) == name


def test_create_refuses_a_bad_login_name_and_writes_nothing(data_dir: Path) -> None:
    with pytest.raises(NotAllowed):
        new_vault(data_dir, admin_username="张三", admin_display_name="张三")
    assert not data_dir.exists()


def test_key_file_is_written_atomically_and_private(vault: Vault, data_dir: Path) -> None:
    vault.add_user("cadre1", "村干部", Role.VILLAGE_CADRE, "Village-2026")
    path = data_dir / "vault.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".")) == []
    assert not list(data_dir.glob("*.tmp"))


def test_a_failed_key_file_write_keeps_the_old_file(
    vault: Vault, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "vault.key"
    before = path.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic_file.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        vault.change_password(ADMIN, ADMIN_PASSWORD, "Another-2026")
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert sorted(os.listdir(data_dir)) == ["vault.db", "vault.key"]
    assert parse_key_file(before) == vault.key_file
