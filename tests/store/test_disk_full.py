"""A real full disk: a 2 MiB tmpfs mounted in a private user and mount namespace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("disk_full_probe.py")
NOT_PERMITTED = 77


def _cannot_run(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must be able to test a full disk: {reason}")
    pytest.skip(reason)


def _run_on_small_tmpfs(mount_point: Path) -> dict[str, object]:
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        _cannot_run("needs Linux with unshare (util-linux)")
    script = (
        f'mount -t tmpfs -o size=2m tmpfs "$DIR" || exit {NOT_PERMITTED}; '
        'exec "$PY" "$PROBE" "$DIR"'
    )
    done = subprocess.run(
        [unshare, "-rm", "sh", "-c", script],
        env={**os.environ, "DIR": str(mount_point), "PY": sys.executable, "PROBE": str(PROBE)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode == NOT_PERMITTED or done.stderr.startswith("unshare:"):
        _cannot_run(f"cannot mount a private tmpfs here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    mount_point = tmp_path_factory.mktemp("small-disk")
    result = _run_on_small_tmpfs(mount_point)
    assert list(mount_point.iterdir()) == []  # the tmpfs stayed inside the namespace
    return result


def test_writing_until_the_disk_is_full_raises_disk_full(outcome: dict[str, object]) -> None:
    assert outcome["failed_batch"] is not None
    assert outcome["committed"] > 0
    assert "磁盘空间已满" in str(outcome["message"])


def test_rows_committed_before_the_disk_filled_survive_a_reopen(
    outcome: dict[str, object],
) -> None:
    assert outcome["count_same_engine"] == outcome["committed"]
    assert outcome["count_after_reopen"] == outcome["committed"]
    assert outcome["batches_after_reopen"] == outcome["failed_batch"]
    assert outcome["whole_batches_after_reopen"] is True


def test_the_transaction_that_hit_the_full_disk_left_nothing(
    outcome: dict[str, object],
) -> None:
    assert outcome["failed_batch_rows_after_reopen"] == 0


def test_writing_works_again_once_space_is_freed(outcome: dict[str, object]) -> None:
    assert outcome["count_after_freeing"] == outcome["committed"] + 20
    assert outcome["count_final"] == outcome["committed"] + 20
    assert outcome["keep_after_freeing"] == "new contents"


def test_atomic_write_on_a_full_disk_keeps_the_old_file(outcome: dict[str, object]) -> None:
    assert outcome["atomic_error"] == "ENOSPC"
    assert outcome["atomic_is_disk_full"] is True
    assert outcome["keep_after_failed_write"] == "old contents"
    assert outcome["temp_files_after_failed_write"] == []
