"""The vault: create, unlock, lock, users and passwords, connections.

One place handles the key: it is unwrapped here, handed to SQLCipher as generated hex,
and dropped on lock. It never reaches settings, logs or exceptions.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine, select

from minzheng_field.domain.passwords import password_problem
from minzheng_field.resources import division_table
from minzheng_field.store.divisions import seed_divisions
from minzheng_field.store.engine import (
    DB_FILE_NAME,
    create_vault_engine,
    initialise_database,
    read_db_salt,
    translate_db_error,
)
from minzheng_field.store.errors import (
    DataDirNotWritable,
    KeyFileMissing,
    NotAllowed,
    UnknownUser,
    UserExists,
    VaultBusy,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultKeyMismatch,
    VaultLocked,
    VaultNotFound,
    WeakPassword,
    WrongPassword,
)
from minzheng_field.store.keyfile import (
    DEFAULT_KDF,
    KEY_FILE_NAME,
    KdfParams,
    KeyFile,
    Role,
    check_login_name,
    new_data_key,
    new_key_file,
    read_key_file,
    unwrap_for_user,
    with_user,
    without_user,
    wrap_for_user,
    write_key_file,
)
from minzheng_field.store.migrate import MigrationResult, upgrade_vault
from minzheng_field.store.models import UserProfile, VaultMeta, utc_now
from minzheng_field.store.pin import PinKey, PinLock, unwrap_with_pin, wrap_for_pin
from minzheng_field.store.session import session_scope
from minzheng_field.store.unlock_attempts import (
    ATTEMPTS_FILE_NAME,
    LOCKOUT_AFTER,
    Clock,
    UnlockAttempts,
)
from minzheng_field.store.unlock_attempts import utc_now as clock_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VaultPaths:
    data_dir: Path

    @property
    def db(self) -> Path:
        return self.data_dir / DB_FILE_NAME

    @property
    def key_file(self) -> Path:
        return self.data_dir / KEY_FILE_NAME

    @property
    def attempts(self) -> Path:
        return self.data_dir / ATTEMPTS_FILE_NAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    def database_files(self) -> list[Path]:
        """The database and its WAL companions."""
        return [
            self.db,
            self.db.with_name(DB_FILE_NAME + "-wal"),
            self.db.with_name(DB_FILE_NAME + "-shm"),
        ]


@dataclass(frozen=True)
class UserAccount:
    username: str
    role: Role


def vault_exists(data_dir: Path) -> bool:
    """Whether `data_dir` holds a vault (or what is left of one)."""
    paths = VaultPaths(Path(data_dir))
    return paths.db.exists() or paths.key_file.exists()


def ensure_writable_dir(directory: Path) -> None:
    """Create the folder if needed and prove that files can be written there."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = directory / f".write-test-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        # Anything else (a file where the folder should be, a bad path) must not leak a
        # raw OSError, which names the path, to the user.
        translated = translate_db_error(error)
        if not isinstance(translated, VaultError):
            translated = DataDirNotWritable()
        raise translated from None


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise WeakPassword(problem)


class Vault:
    """A township's encrypted store in one data directory."""

    def __init__(self, data_dir: Path, *, clock: Clock = clock_now) -> None:
        self.paths = VaultPaths(Path(data_dir))
        if not self.paths.key_file.exists():
            if self.paths.db.exists():
                raise KeyFileMissing()
            raise VaultNotFound()
        self._key_file = read_key_file(self.paths.key_file)
        self._clock = clock
        self._attempts = UnlockAttempts(self.paths.attempts, clock)
        self._key: bytearray | None = None
        self._user: UserAccount | None = None
        self._engines: dict[int, tuple[Engine, int, bool]] = {}
        self._guard = threading.Lock()
        self.last_migration: MigrationResult | None = None

    # -- creation ---------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        data_dir: Path,
        *,
        township_code: str,
        admin_username: str,
        admin_display_name: str,
        admin_password: str,
        kdf: KdfParams = DEFAULT_KDF,
        clock: Clock = clock_now,
    ) -> Vault:
        """Create a new vault whose first user is the township administrator; it is unlocked."""
        data_dir = Path(data_dir)
        township_code = division_table().township(township_code).code
        check_login_name(admin_username)
        _check_password(admin_password)
        if vault_exists(data_dir):
            raise VaultExists()
        ensure_writable_dir(data_dir)
        paths = VaultPaths(data_dir)
        key = new_data_key()
        vault_id = str(uuid.uuid4())
        try:
            salt = initialise_database(paths.db, key)
            upgrade_vault(paths.db, key, backup_dir=paths.backups, expected_salt=salt)
            engine = create_vault_engine(paths.db, key, expected_salt=salt)
            try:
                with session_scope(engine) as session:
                    session.add_all(
                        [
                            VaultMeta(key="vault_id", value=vault_id),
                            VaultMeta(key="township_code", value=township_code),
                            VaultMeta(key="created_at", value=utc_now().isoformat()),
                            VaultMeta(key="device_id", value=str(uuid.uuid4())),
                            UserProfile(
                                username=admin_username,
                                display_name=admin_display_name,
                                role=Role.TOWNSHIP_ADMIN.value,
                            ),
                        ]
                    )
                    seed_divisions(session, division_table(), township_code)
            finally:
                engine.dispose()
            wrap = wrap_for_user(
                key, vault_id, admin_username, Role.TOWNSHIP_ADMIN, admin_password, kdf
            )
            key_file = with_user(replace(new_key_file(vault_id), db_salt=salt), wrap)
            write_key_file(paths.key_file, key_file)
        except BaseException as error:
            for leftover in [*paths.database_files(), paths.key_file]:
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                paths.backups.rmdir()
            if isinstance(error, OSError):
                raise translate_db_error(error) from None
            raise
        log.info("vault created")
        vault = cls(data_dir, clock=clock)
        vault._open_session(key, UserAccount(admin_username, Role.TOWNSHIP_ADMIN))
        return vault

    # -- state ------------------------------------------------------------------------

    @property
    def vault_id(self) -> str:
        return self._key_file.vault_id

    @property
    def key_file(self) -> KeyFile:
        return self._key_file

    @property
    def is_unlocked(self) -> bool:
        return self._key is not None

    @property
    def current_user(self) -> UserAccount:
        if self._user is None:
            raise VaultLocked()
        return self._user

    @property
    def enrolment_required(self) -> bool:
        return self._key_file.enrolment_required

    def users(self) -> list[UserAccount]:
        """The accounts that can unlock this vault (login names only, no personal data)."""
        return sorted(
            (UserAccount(u.username, u.role) for u in self._key_file.users),
            key=lambda u: u.username,
        )

    def retry_after(self, username: str) -> int:
        """Seconds this user must still wait before the next password try (0 = may try)."""
        state = self._attempts.state(username)
        if state.not_before is None:
            return 0
        remaining = (state.not_before - self._clock()).total_seconds()
        return max(0, int(remaining + 0.999))

    def failures(self, username: str) -> int:
        """Consecutive wrong passwords of a user so far."""
        return self._attempts.state(username).failures

    def reload_key_file(self) -> None:
        """Read the key file again (another process may have changed it)."""
        self._key_file = read_key_file(self.paths.key_file)

    # -- unlock and lock ----------------------------------------------------------------

    def _unwrap(self, username: str, password: str) -> tuple[bytes, UserAccount]:
        wrap = self._key_file.user(username)
        if wrap is None:
            raise UnknownUser()
        self._attempts.check_allowed(username)
        try:
            key = unwrap_for_user(self._key_file, wrap, password)
        except WrongPassword:
            state = self._attempts.record_failure(username)
            log.warning("wrong password (failure %d)", state.failures)
            if state.not_before is not None and state.failures >= LOCKOUT_AFTER:
                self._attempts.check_allowed(username)
            wait = 0
            if state.not_before is not None:
                wait = max(1, int((state.not_before - self._clock()).total_seconds() + 0.999))
            raise WrongPassword(delay_seconds=wait) from None
        self._attempts.record_success(username)
        return key, UserAccount(wrap.username, wrap.role)

    def verify_password(self, username: str, password: str) -> None:
        """Raise unless the password opens this user's wrap (counts failures like unlock)."""
        self._unwrap(username, password)

    def unlock(self, username: str, password: str) -> MigrationResult:
        """Unlock with a user's password and bring the schema up to date."""
        if self.is_unlocked:
            self.lock()
        key, account = self._unwrap(username, password)
        if not self.paths.db.exists():
            raise VaultNotFound()
        salt = read_db_salt(self.paths.db)
        if salt is None:
            raise VaultDamaged()
        if salt != self._key_file.db_salt:
            raise VaultKeyMismatch()
        result = upgrade_vault(
            self.paths.db,
            key,
            backup_dir=self.paths.backups,
            expected_salt=self._key_file.db_salt,
        )
        self._open_session(key, account)
        self.last_migration = result
        try:
            engine = self.open_engine()
            try:
                with session_scope(engine) as session:
                    stored_id = session.scalar(
                        select(VaultMeta.value).where(VaultMeta.key == "vault_id")
                    )
            finally:
                self.close_engine(engine)
            if stored_id != self._key_file.vault_id:
                raise VaultKeyMismatch()
        except BaseException:
            self.lock()
            raise
        log.info("vault unlocked")
        return result

    def _open_session(self, key: bytes, account: UserAccount) -> None:
        self._key = bytearray(key)
        self._user = account

    def lock_for_pin(self, pin_key: PinKey) -> PinLock:
        """Lock, keeping the data key wrapped under the user's PIN key (memory only)."""
        pin_lock = wrap_for_pin(self.current_user.username, self._require_key(), pin_key)
        self.lock()
        return pin_lock

    def unlock_with_pin(self, pin_lock: PinLock, pin: str) -> None:
        """Re-open a session that locked itself; WrongPin or PinExhausted otherwise."""
        wrap = self._key_file.user(pin_lock.username)
        if wrap is None:
            raise UnknownUser()
        key = unwrap_with_pin(pin_lock, pin)
        self._open_session(key, UserAccount(wrap.username, wrap.role))
        log.info("vault unlocked with PIN")

    def lock(self) -> None:
        """Close every connection and drop the key."""
        with self._guard:
            me = threading.get_ident()
            alive = {t.ident for t in threading.enumerate()}
            for _engine, owner, foreign in self._engines.values():
                # A thread Python did not start (a QThread) cannot be seen to end: its
                # engine counts as busy until that thread closes it.
                if owner != me and (foreign or owner in alive):
                    raise VaultBusy()
            for engine, _owner, _foreign in self._engines.values():
                engine.dispose()
            self._engines.clear()
            if self._key is not None:
                self._key[:] = bytes(len(self._key))
            self._key = None
            self._user = None
        log.info("vault locked")

    # -- connections ----------------------------------------------------------------------

    def _require_key(self) -> bytes:
        if self._key is None:
            raise VaultLocked()
        return bytes(self._key)

    def open_engine(self, *, readonly: bool = False) -> Engine:
        """An engine with one connection owned by the calling thread (writer or reader)."""
        key = self._require_key()
        engine = create_vault_engine(
            self.paths.db, key, readonly=readonly, expected_salt=self._key_file.db_salt
        )
        with self._guard:
            foreign = isinstance(threading.current_thread(), threading._DummyThread)
            self._engines[id(engine)] = (engine, threading.get_ident(), foreign)
        return engine

    def close_engine(self, engine: Engine) -> None:
        """Close an engine on the thread that owns it."""
        with self._guard:
            self._engines.pop(id(engine), None)
        engine.dispose()

    @property
    def open_engine_count(self) -> int:
        return len(self._engines)

    def data_key_for_backup(self) -> bytes:
        """The data key, for the backup module only."""
        return self._require_key()

    # -- users and passwords ----------------------------------------------------------------

    def _require_admin(self) -> None:
        if self.current_user.role is not Role.TOWNSHIP_ADMIN:
            raise NotAllowed("只有乡镇管理员可以管理账号。", kind="admin_only")

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        """Re-wrap the data key under a new password; the database is not re-encrypted."""
        _check_password(new_password)
        self.reload_key_file()
        key, account = self._unwrap(username, old_password)
        wrap = wrap_for_user(
            key, self.vault_id, username, account.role, new_password, self._kdf_of(username)
        )
        self._save_key_file(with_user(self._key_file, wrap))
        log.info("password changed")

    def reset_password(self, username: str, new_password: str) -> None:
        """An administrator sets a new password for a colleague (and lifts a lock-out)."""
        self._require_admin()
        _check_password(new_password)
        self.reload_key_file()
        wrap = self._key_file.user(username)
        if wrap is None:
            raise UnknownUser()
        new_wrap = wrap_for_user(
            self._require_key(), self.vault_id, username, wrap.role, new_password, wrap.kdf
        )
        self._save_key_file(with_user(self._key_file, new_wrap))
        self._attempts.forget(username)

    def add_user(
        self,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        *,
        kdf: KdfParams | None = None,
    ) -> UserAccount:
        """Add an account (administrator only)."""
        self._require_admin()
        check_login_name(username)
        self.reload_key_file()
        _check_password(password)
        if self._key_file.user(username) is not None:
            raise UserExists()
        engine = self.open_engine()
        try:
            with session_scope(engine) as session:
                existing = session.get(UserProfile, username)
                if existing is None:
                    session.add(
                        UserProfile(username=username, display_name=display_name, role=role)
                    )
                else:
                    existing.display_name, existing.role, existing.active = display_name, role, True
            wrap = wrap_for_user(
                self._require_key(),
                self.vault_id,
                username,
                role,
                password,
                kdf or self._kdf_of(self.current_user.username),
            )
            self._save_key_file(with_user(self._key_file, wrap))
        finally:
            self.close_engine(engine)
        self._attempts.forget(username)
        return UserAccount(username, role)

    def remove_user(self, username: str) -> None:
        """Remove an account (administrator only); the last administrator stays."""
        self._require_admin()
        # Another window or process may have changed the accounts since this one read them.
        self.reload_key_file()
        wrap = self._key_file.user(username)
        if wrap is None:
            raise UnknownUser()
        if username == self.current_user.username:
            raise NotAllowed("不能删除自己正在使用的账号。", kind="remove_self")
        admins = [u for u in self._key_file.users if u.role is Role.TOWNSHIP_ADMIN]
        if wrap.role is Role.TOWNSHIP_ADMIN and len(admins) <= 1:
            raise NotAllowed("至少要保留一个乡镇管理员账号。", kind="last_admin")
        self._save_key_file(without_user(self._key_file, username))
        engine = self.open_engine()
        try:
            with session_scope(engine) as session:
                profile = session.get(UserProfile, username)
                if profile is not None:
                    profile.active = False
        finally:
            self.close_engine(engine)
        self._attempts.forget(username)

    def _kdf_of(self, username: str) -> KdfParams:
        wrap = self._key_file.user(username)
        return wrap.kdf if wrap else DEFAULT_KDF

    def _save_key_file(self, key_file: KeyFile) -> None:
        try:
            write_key_file(self.paths.key_file, key_file)
        except OSError as error:
            raise translate_db_error(error) from None
        self._key_file = key_file
