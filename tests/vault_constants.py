"""Constants shared by the test fixtures (importable from any test: pytest's pythonpath)."""

from __future__ import annotations

from minzheng_field.store.keyfile import KdfParams

# scrypt at N=2^17 costs ~0.35 s and 128 MiB per call; tests that do not measure the
# cost itself use a cheaper setting of the same algorithm.
FAST_KDF = KdfParams(n=2**12, r=8, p=1)
ADMIN = "admin"
ADMIN_PASSWORD = "Township-2026"
TOWNSHIP = "431023113"
