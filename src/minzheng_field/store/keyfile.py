"""The key file beside the vault: the data key wrapped once per user.

Each user's password derives a key-encryption key with scrypt, which wraps the random
256-bit data key with AES-GCM. Changing a password re-wraps; the database is never
re-encrypted. The file holds no personal data: login names, roles and ciphertext only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from minzheng_field.atomic_file import atomic_write_bytes
from minzheng_field.domain.roles import Role
from minzheng_field.store.errors import KeyFileDamaged, KeyFileMissing, NotAllowed, WrongPassword

KEY_FILE_NAME = "vault.key"
FORMAT = "minzheng-field-key"
FORMAT_VERSION = 1
DATA_KEY_BYTES = 32

_LOGIN_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
# The key file is plain text: a mobile or ID number as a login name would be personal data.
_LONG_NUMBER = re.compile(r"[0-9]{11}")


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost; N = 2^17 takes about a third of a second, which is the point."""

    n: int = 2**17
    r: int = 8
    p: int = 1


DEFAULT_KDF = KdfParams()


@dataclass(frozen=True)
class UserWrap:
    username: str
    role: Role
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes


@dataclass(frozen=True)
class KeyFile:
    vault_id: str
    created_at: str
    users: tuple[UserWrap, ...]
    db_salt: str | None = None
    enrolment_required: bool = False
    enrolment_reason: str | None = None
    recovery_wraps: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def user(self, username: str) -> UserWrap | None:
        """The wrap of `username`, if that user exists."""
        return next((u for u in self.users if u.username == username), None)


def check_login_name(username: str) -> str:
    """Return the login name if it is acceptable; the key file stores it in plain text."""
    if not _LOGIN_NAME.fullmatch(username) or _LONG_NUMBER.search(username):
        raise NotAllowed(
            "登录名请用2到32位小写字母、数字或 . _ -（例如 zhangsan），不要用姓名或手机号。",
            kind="bad_login_name",
        )
    return username


def new_data_key() -> bytes:
    """A fresh random 256-bit data key."""
    return secrets.token_bytes(DATA_KEY_BYTES)


def _aad(vault_id: str, username: str, role: Role) -> bytes:
    # Binding the role into the wrap means editing the file's role breaks the wrap.
    return f"{FORMAT}/v{FORMAT_VERSION}/{vault_id}/{username}/{role.value}".encode()


def _derive(password: str, salt: bytes, kdf: KdfParams) -> bytes:
    return Scrypt(salt=salt, length=32, n=kdf.n, r=kdf.r, p=kdf.p).derive(password.encode("utf-8"))


def wrap_for_user(
    data_key: bytes, vault_id: str, username: str, role: Role, password: str, kdf: KdfParams
) -> UserWrap:
    """Wrap the data key under a key derived from this user's password."""
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = _derive(password, salt, kdf)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, _aad(vault_id, username, role))
    return UserWrap(username, role, kdf, salt, nonce, wrapped)


def unwrap_for_user(key_file: KeyFile, wrap: UserWrap, password: str) -> bytes:
    """The data key, or WrongPassword."""
    kek = _derive(password, wrap.salt, wrap.kdf)
    try:
        return AESGCM(kek).decrypt(
            wrap.nonce, wrap.wrapped_key, _aad(key_file.vault_id, wrap.username, wrap.role)
        )
    except InvalidTag:
        raise WrongPassword() from None


def new_key_file(vault_id: str) -> KeyFile:
    """An empty key file for a new vault."""
    return KeyFile(vault_id=vault_id, created_at=datetime.now(UTC).isoformat(), users=())


def with_user(key_file: KeyFile, wrap: UserWrap) -> KeyFile:
    """The key file with `wrap` added or replacing the same user's wrap."""
    others = tuple(u for u in key_file.users if u.username != wrap.username)
    return replace(key_file, users=(*others, wrap))


def without_user(key_file: KeyFile, username: str) -> KeyFile:
    """The key file without that user's wrap."""
    return replace(key_file, users=tuple(u for u in key_file.users if u.username != username))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _to_document(key_file: KeyFile) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "vault_id": key_file.vault_id,
        "created_at": key_file.created_at,
        "db_salt": key_file.db_salt,
        "enrolment": {
            "required": key_file.enrolment_required,
            "reason": key_file.enrolment_reason,
        },
        "users": [
            {
                "username": u.username,
                "role": u.role.value,
                "kdf": {"name": "scrypt", "n": u.kdf.n, "r": u.kdf.r, "p": u.kdf.p},
                "salt": _b64(u.salt),
                "nonce": _b64(u.nonce),
                "wrapped_key": _b64(u.wrapped_key),
            }
            for u in key_file.users
        ],
        "recovery_wraps": list(key_file.recovery_wraps),
    }


def _checksum(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def dump_key_file(key_file: KeyFile) -> bytes:
    """The key file as bytes, with a checksum that tells damage from a wrong password."""
    document = _to_document(key_file)
    document["checksum"] = _checksum(document)
    return json.dumps(document, indent=2, ensure_ascii=True).encode("ascii")


def parse_key_file(data: bytes) -> KeyFile:
    """Read a key file; any damage raises KeyFileDamaged."""
    try:
        document = json.loads(data.decode("ascii"))
        checksum = document.pop("checksum")
        if document["format"] != FORMAT or checksum != _checksum(document):
            raise KeyFileDamaged()
        if document["format_version"] != FORMAT_VERSION:
            raise KeyFileDamaged()
        users = tuple(
            UserWrap(
                username=u["username"],
                role=Role(u["role"]),
                kdf=KdfParams(n=int(u["kdf"]["n"]), r=int(u["kdf"]["r"]), p=int(u["kdf"]["p"])),
                salt=_unb64(u["salt"]),
                nonce=_unb64(u["nonce"]),
                wrapped_key=_unb64(u["wrapped_key"]),
            )
            for u in document["users"]
        )
        return KeyFile(
            vault_id=str(document["vault_id"]),
            created_at=str(document["created_at"]),
            users=users,
            db_salt=document["db_salt"],
            enrolment_required=bool(document["enrolment"]["required"]),
            enrolment_reason=document["enrolment"]["reason"],
            recovery_wraps=tuple(document["recovery_wraps"]),
        )
    except KeyFileDamaged:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise KeyFileDamaged() from None


def read_key_file(path: Path) -> KeyFile:
    """Read the key file at `path`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileMissing() from None
    return parse_key_file(data)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Replace the key file atomically."""
    atomic_write_bytes(path, dump_key_file(key_file))
