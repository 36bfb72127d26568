"""Where the shipped data lives: in the wheel, or at the top of a source checkout."""

from __future__ import annotations

import functools
from pathlib import Path

from minzheng_field.domain.divisions import DivisionTable

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent.parent


def _shipped(in_wheel: str, in_checkout: str) -> Path:
    # The wheel carries these folders inside the package (pyproject force-include);
    # an editable install or a checkout finds them at the repository's top.
    packaged = _PACKAGE_DIR / in_wheel
    return packaged if packaged.is_dir() else _CHECKOUT_DIR / in_checkout


def resources_dir() -> Path:
    """The folder of forms, translations, the division table and demo seeds."""
    return _shipped("_resources", "resources")


def migrations_dir() -> Path:
    """The folder holding the Alembic environments (local/ and county/)."""
    return _shipped("_migrations", "migrations")


@functools.cache
def division_table() -> DivisionTable:
    """The shipped table of Chenzhou's division codes, read once per process."""
    path = resources_dir() / "divisions" / "chenzhou.json"
    return DivisionTable.from_json(path.read_text(encoding="utf-8"))
