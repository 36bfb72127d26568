"""Per-machine preferences: typed values with defaults, in a file each test keeps to itself."""

from __future__ import annotations

from pathlib import Path

from minzheng_field.ui import preferences


def test_preferences_stay_inside_each_test(qapp, tmp_path: Path) -> None:
    store = preferences.settings()
    assert Path(store.fileName()).is_relative_to(tmp_path)
    assert preferences.AUTO_LOCK_MINUTES.get(store) == 15
    preferences.AUTO_LOCK_MINUTES.set(store, 3)
    assert preferences.AUTO_LOCK_MINUTES.get(preferences.settings()) == 3


def test_a_value_of_the_wrong_type_falls_back_to_the_default(qapp) -> None:
    store = preferences.settings()
    store.setValue(preferences.AUTO_LOCK_MINUTES.key, "soon")
    assert preferences.AUTO_LOCK_MINUTES.get(store) == 15
