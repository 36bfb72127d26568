"""The shared constants of tests/conftest.py, loaded by path.

`from conftest import ...` gets whichever conftest.py pytest imported last (tests/services
has one as well), so the store tests load the root one explicitly.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "conftest.py"
_SPEC = importlib.util.spec_from_file_location("minzheng_tests_root_conftest", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
_ROOT = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_ROOT)

ADMIN: str = _ROOT.ADMIN
ADMIN_PASSWORD: str = _ROOT.ADMIN_PASSWORD
FAST_KDF = _ROOT.FAST_KDF
TOWNSHIP: str = _ROOT.TOWNSHIP

__all__ = ["ADMIN", "ADMIN_PASSWORD", "FAST_KDF", "TOWNSHIP"]
