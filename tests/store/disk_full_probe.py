"""Fill a small tmpfs with a real vault and report what survived, as one JSON object.

Run by test_disk_full.py inside `unshare -rm` after mounting a 2 MiB tmpfs on argv[1].
"""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select

from minzheng_field.atomic_file import atomic_write_bytes, is_disk_full
from minzheng_field.store.errors import DiskFull
from minzheng_field.store.keyfile import KdfParams
from minzheng_field.store.models import Person
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault

PASSWORD = "Township-2026"
BATCH = 20
BALLAST_BYTES = 256 * 1024


def _batch_names(batch: int) -> list[str]:
    # Random text so that nothing compresses or repeats; the prefix names the batch.
    return [f"b{batch:05d}-{i:02d}-{os.urandom(300).hex()}" for i in range(BATCH)]


def _rows_by_batch(engine: Engine) -> dict[int, int]:
    with session_scope(engine) as session:
        names = session.scalars(select(Person.name)).all()
    counts: dict[int, int] = {}
    for name in names:
        batch = int(name[1:6])
        counts[batch] = counts.get(batch, 0) + 1
    return counts


def _count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def _temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def main(root: Path) -> dict[str, object]:
    result: dict[str, object] = {}
    ballast = root / "ballast"
    ballast.write_bytes(os.urandom(BALLAST_BYTES))
    keep = root / "keep.txt"
    keep.write_bytes(b"old contents")

    data_dir = root / "data"
    vault = Vault.create(
        data_dir,
        township_code="431023113",
        admin_username="admin",
        admin_display_name="管理员",
        admin_password=PASSWORD,
        kdf=KdfParams(n=2**12, r=8, p=1),
    )
    engine = vault.open_engine()
    committed = 0
    failed_batch = None
    for batch in range(10_000):
        try:
            with session_scope(engine) as session:
                session.add_all(Person(name=name) for name in _batch_names(batch))
        except DiskFull as error:
            failed_batch = batch
            result["message"] = error.message
            break
        committed += BATCH
    result["committed"] = committed
    result["failed_batch"] = failed_batch
    result["count_same_engine"] = _count(engine)

    # The disk is full now: replacing a file must leave the old one whole.
    try:
        atomic_write_bytes(keep, b"new contents " * 50_000)
        result["atomic_error"] = None
    except OSError as error:
        result["atomic_error"] = errno.errorcode.get(error.errno or 0, str(error.errno))
        result["atomic_is_disk_full"] = is_disk_full(error)
    result["keep_after_failed_write"] = keep.read_text()
    result["temp_files_after_failed_write"] = _temp_files(root)

    vault.lock()
    reopened = Vault(data_dir)
    reopened.unlock("admin", PASSWORD)
    reader = reopened.open_engine(readonly=True)
    by_batch = _rows_by_batch(reader)
    reopened.close_engine(reader)
    result["count_after_reopen"] = sum(by_batch.values())
    result["batches_after_reopen"] = len(by_batch)
    result["whole_batches_after_reopen"] = all(n == BATCH for n in by_batch.values())
    result["failed_batch_rows_after_reopen"] = by_batch.get(failed_batch or -1, 0)

    # Space freed: replacing a file works again, and so does writing. (Closing the last
    # connection checkpoints the WAL into vault.db, which may fill the disk once more.)
    ballast.unlink()
    atomic_write_bytes(keep, b"new contents")
    result["keep_after_freeing"] = keep.read_text()
    writer = reopened.open_engine()
    with session_scope(writer) as session:
        session.add_all(Person(name=name) for name in _batch_names(99_999))
    result["count_after_freeing"] = _count(writer)
    reopened.close_engine(writer)
    reopened.lock()

    last = Vault(data_dir)
    last.unlock("admin", PASSWORD)
    reader = last.open_engine(readonly=True)
    result["count_final"] = _count(reader)
    last.close_engine(reader)
    last.lock()
    return result


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False))
