"""Encrypted backups: a snapshot taken with SQLite's backup API plus the key file.

The database inside stays encrypted under the data key, and the key file wraps that key
per user, so a backup opens on another machine with any user's password and with nothing
else. A restored vault must enrol with the county again before it syncs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import uuid
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import select

from minzheng_field import __version__
from minzheng_field.atomic_file import atomic_writer
from minzheng_field.store.engine import open_connection, read_db_salt, translate_db_error
from minzheng_field.store.errors import (
    BackupFromOtherVault,
    BackupInvalid,
    UnknownUser,
    VaultDamaged,
    VaultError,
)
from minzheng_field.store.keyfile import (
    KeyFile,
    dump_key_file,
    parse_key_file,
    read_key_file,
    unwrap_for_user,
    write_key_file,
)
from minzheng_field.store.migrate import backup_copy
from minzheng_field.store.models import VaultMeta, utc_now
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault, VaultPaths, ensure_writable_dir, vault_exists

log = logging.getLogger(__name__)

BACKUP_FORMAT = "minzheng-field-backup"
BACKUP_FORMAT_VERSION = 1
BACKUP_SUFFIX = ".mzbak"
MANIFEST = "manifest.json"
DB_MEMBER = "vault.db"
KEY_MEMBER = "vault.key"
LAST_BACKUP_KEY = "last_backup_at"


@dataclass(frozen=True)
class BackupInfo:
    vault_id: str
    created_at: datetime
    schema_revision: str | None
    app_version: str
    db_sha256: str


def _schema_revision(conn: sqlcipher.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlcipher.Error:
        return None
    return row[0] if row else None


def write_backup(vault: Vault, target: Path) -> BackupInfo:
    """Write an encrypted backup of the unlocked vault to `target`, atomically."""
    target = Path(target)
    key = vault.data_key_for_backup()
    snapshot = vault.paths.backups / f".snapshot-{uuid.uuid4().hex}.db"
    try:
        ensure_writable_dir(vault.paths.backups)
        source = open_connection(vault.paths.db, key, expected_salt=vault.key_file.db_salt)
        try:
            backup_copy(source, snapshot, key)
            revision = _schema_revision(source)
        finally:
            source.close()
        digest = hashlib.sha256()
        with snapshot.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        # The snapshot has its own salt; the key file inside must pin that one.
        key_file = replace(vault.key_file, db_salt=read_db_salt(snapshot))
        info = BackupInfo(
            vault_id=vault.vault_id,
            created_at=utc_now(),
            schema_revision=revision,
            app_version=__version__,
            db_sha256=digest.hexdigest(),
        )
        manifest = {
            "format": BACKUP_FORMAT,
            "format_version": BACKUP_FORMAT_VERSION,
            "vault_id": info.vault_id,
            "created_at": info.created_at.isoformat(),
            "schema_revision": info.schema_revision,
            "app_version": info.app_version,
            "db_sha256": info.db_sha256,
        }
        with (
            atomic_writer(target) as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive,
        ):
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
            archive.writestr(KEY_MEMBER, dump_key_file(key_file))
            archive.write(snapshot, DB_MEMBER)
    except OSError as error:
        raise translate_db_error(error) from None
    finally:
        snapshot.unlink(missing_ok=True)
    engine = vault.open_engine()
    try:
        with session_scope(engine) as session:
            session.merge(VaultMeta(key=LAST_BACKUP_KEY, value=info.created_at.isoformat()))
    finally:
        vault.close_engine(engine)
    log.info("backup written (%d bytes)", target.stat().st_size)
    return info


def last_backup_at(vault: Vault) -> datetime | None:
    """When the last backup of this vault was written, if ever."""
    engine = vault.open_engine(readonly=True)
    try:
        with session_scope(engine) as session:
            value = session.scalar(select(VaultMeta.value).where(VaultMeta.key == LAST_BACKUP_KEY))
    finally:
        vault.close_engine(engine)
    return datetime.fromisoformat(value) if value else None


def read_backup_info(path: Path) -> BackupInfo:
    """The manifest of a backup file; BackupInvalid when it is not one of ours."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _manifest(archive)
    except (zipfile.BadZipFile, OSError):
        raise BackupInvalid() from None


def _manifest(archive: zipfile.ZipFile) -> BackupInfo:
    try:
        document = json.loads(archive.read(MANIFEST))
        if (
            document["format"] != BACKUP_FORMAT
            or document["format_version"] != BACKUP_FORMAT_VERSION
        ):
            raise BackupInvalid()
        if set(archive.namelist()) != {MANIFEST, DB_MEMBER, KEY_MEMBER}:
            raise BackupInvalid()
        return BackupInfo(
            vault_id=str(document["vault_id"]),
            created_at=datetime.fromisoformat(document["created_at"]).astimezone(UTC),
            schema_revision=document["schema_revision"],
            app_version=str(document["app_version"]),
            db_sha256=str(document["db_sha256"]),
        )
    except BackupInvalid:
        raise
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
        raise BackupInvalid() from None


def _extract_checked(archive: zipfile.ZipFile, info: BackupInfo, target: Path) -> None:
    digest = hashlib.sha256()
    with archive.open(DB_MEMBER) as source, atomic_writer(target) as handle:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            digest.update(chunk)
            handle.write(chunk)
    if digest.hexdigest() != info.db_sha256:
        target.unlink(missing_ok=True)
        raise BackupInvalid()


def _existing_vault_id(paths: VaultPaths) -> str | None:
    try:
        return read_key_file(paths.key_file).vault_id
    except VaultError:
        return None


def restore_backup(backup: Path, data_dir: Path, username: str, password: str) -> Vault:
    """Restore a backup into `data_dir` (empty, or holding the same vault) and return it locked.

    The password of any user in the backup proves the right to restore it. A vault that
    is replaced is moved aside into `replaced-<time>/`, never deleted.
    """
    data_dir = Path(data_dir)
    paths = VaultPaths(data_dir)
    try:
        archive = zipfile.ZipFile(backup)
    except (zipfile.BadZipFile, OSError):
        raise BackupInvalid() from None
    with archive:
        info = _manifest(archive)
        try:
            key_file = parse_key_file(archive.read(KEY_MEMBER))
        except VaultError:
            raise BackupInvalid() from None
        if key_file.vault_id != info.vault_id:
            raise BackupInvalid()
        if vault_exists(data_dir) and _existing_vault_id(paths) != info.vault_id:
            raise BackupFromOtherVault()
        wrap = key_file.user(username)
        if wrap is None:
            raise UnknownUser()
        key = unwrap_for_user(key_file, wrap, password)
        created_dir = not data_dir.exists()
        ensure_writable_dir(data_dir)
        staging = data_dir / f".restore-{uuid.uuid4().hex}.db"
        try:
            _extract_checked(archive, info, staging)
            if read_db_salt(staging) != key_file.db_salt:
                raise BackupInvalid()
            _check_restored_database(staging, key, key_file.db_salt, info.vault_id)
            _install(
                paths,
                staging,
                replace(key_file, enrolment_required=True, enrolment_reason="restored"),
            )
        except BaseException as error:
            staging.unlink(missing_ok=True)
            if created_dir:
                # A failed restore leaves the disk as it found it.
                with contextlib.suppress(OSError):
                    data_dir.rmdir()
            if isinstance(error, OSError):
                raise translate_db_error(error) from None
            raise
        finally:
            staging.unlink(missing_ok=True)
    log.info("backup restored; enrolment required")
    return Vault(data_dir)


def _check_restored_database(db: Path, key: bytes, salt: str | None, vault_id: str) -> None:
    try:
        conn = open_connection(db, key, expected_salt=salt)
    except VaultDamaged:
        raise BackupInvalid() from None
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupInvalid()
        row = conn.execute("SELECT value FROM vault_meta WHERE key = 'vault_id'").fetchone()
        if row is None or row[0] != vault_id:
            raise BackupInvalid()
    except sqlcipher.Error:
        raise BackupInvalid() from None
    finally:
        conn.close()


def _install(paths: VaultPaths, staging: Path, key_file_to_write: KeyFile) -> None:
    aside: Path | None = None
    if vault_exists(paths.data_dir):
        aside = paths.data_dir / f"replaced-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}"
        aside.mkdir(mode=0o700)
        for file in [*paths.database_files(), paths.key_file]:
            if file.exists():
                file.replace(aside / file.name)
    try:
        staging.replace(paths.db)
        write_key_file(paths.key_file, key_file_to_write)
    except BaseException:
        paths.db.unlink(missing_ok=True)
        if aside is not None:
            for file in aside.iterdir():
                file.replace(paths.data_dir / file.name)
            with contextlib.suppress(OSError):
                aside.rmdir()
        raise
    paths.attempts.unlink(missing_ok=True)
