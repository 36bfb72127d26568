"""Constants shared by the test fixtures (importable from any test: pytest's pythonpath)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from minzheng_field.store.keyfile import KdfParams
from minzheng_field.store.vault import Vault

# scrypt at N=2^17 costs ~0.35 s and 128 MiB per call; tests that do not measure the
# cost itself use a cheaper setting of the same algorithm.
FAST_KDF = KdfParams(n=2**12, r=8, p=1)
ADMIN = "admin"
ADMIN_PASSWORD = "Township-2026"
TOWNSHIP = "431023113"


def new_vault(data_dir: Path, **overrides: Any) -> Vault:
    """A new, unlocked vault of TOWNSHIP whose administrator is ADMIN / ADMIN_PASSWORD.

    `overrides` replace any argument of `Vault.create` (the KDF is the fast one by default).
    """
    arguments: dict[str, Any] = {
        "township_code": TOWNSHIP,
        "admin_username": ADMIN,
        "admin_display_name": "乡镇管理员",
        "admin_password": ADMIN_PASSWORD,
        "kdf": FAST_KDF,
    }
    return Vault.create(data_dir, **(arguments | overrides))
