"""A short PIN that re-opens a session that locked itself (idle), held in memory only.

When a user sets a PIN, a key derived from it is stored inside the vault (encrypted like
everything else). While the session is unlocked the app keeps that key; when the session
locks itself, the data key is wrapped with it and both plain keys are dropped. Three
wrong PINs, or a restart, and only the full password opens the vault again.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from minzheng_field.domain.passwords import pin_problem
from minzheng_field.store.errors import VaultError, WeakPassword
from minzheng_field.store.models import VaultMeta

PIN_TRIES = 3
# Cheap on purpose: the wrapped key exists only in this process's memory, for minutes,
# and three wrong PINs destroy it.
_PIN_SCRYPT_N = 2**14


class WrongPin(VaultError):
    kind = "wrong_pin"

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"快速解锁码不对，还可以再试{tries_left}次。")
        self.tries_left = tries_left


class PinExhausted(VaultError):
    kind = "pin_exhausted"

    def __init__(self) -> None:
        super().__init__("快速解锁码输错次数太多，请用登录密码解锁。")


@dataclass(frozen=True)
class PinKey:
    """The PIN-derived key of one user, as stored in the vault."""

    salt: bytes
    key: bytes


@dataclass
class PinLock:
    """A locked session that a PIN may re-open: the data key wrapped under the PIN key."""

    username: str
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    tries_left: int = PIN_TRIES

    @property
    def usable(self) -> bool:
        return self.tries_left > 0


def derive_pin_key(pin: str, salt: bytes) -> bytes:
    """The key a PIN yields with this salt."""
    return Scrypt(salt=salt, length=32, n=_PIN_SCRYPT_N, r=8, p=1).derive(pin.encode("ascii"))


def _meta_key(username: str) -> str:
    return f"pin:{username}"


def store_pin(session: Session, username: str, pin: str) -> None:
    """Set (or replace) a user's PIN."""
    problem = pin_problem(pin)
    if problem:
        raise WeakPassword(problem)
    salt = secrets.token_bytes(16)
    value = json.dumps({"salt": salt.hex(), "key": derive_pin_key(pin, salt).hex()})
    session.merge(VaultMeta(key=_meta_key(username), value=value))


def clear_pin(session: Session, username: str) -> None:
    """Remove a user's PIN: only the password will unlock after an idle lock."""
    row = session.get(VaultMeta, _meta_key(username))
    if row is not None:
        session.delete(row)


def load_pin_key(session: Session, username: str) -> PinKey | None:
    """The user's PIN key, if they set a PIN."""
    value = session.scalar(select(VaultMeta.value).where(VaultMeta.key == _meta_key(username)))
    if value is None:
        return None
    document = json.loads(value)
    return PinKey(bytes.fromhex(document["salt"]), bytes.fromhex(document["key"]))


def wrap_for_pin(username: str, data_key: bytes, pin_key: PinKey) -> PinLock:
    """Wrap the data key under the PIN key, for the time the session is locked."""
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(pin_key.key).encrypt(nonce, data_key, username.encode())
    return PinLock(username, pin_key.salt, nonce, wrapped)


def unwrap_with_pin(lock: PinLock, pin: str) -> bytes:
    """The data key, or WrongPin / PinExhausted (which also destroys the wrapped key)."""
    if not lock.usable:
        raise PinExhausted()
    try:
        return AESGCM(derive_pin_key(pin, lock.salt)).decrypt(
            lock.nonce, lock.wrapped_key, lock.username.encode()
        )
    except (InvalidTag, UnicodeEncodeError):
        lock.tries_left -= 1
        if not lock.usable:
            lock.wrapped_key = b""
            raise PinExhausted() from None
        raise WrongPin(lock.tries_left) from None
