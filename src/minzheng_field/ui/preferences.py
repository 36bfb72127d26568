"""Per-machine preferences (QSettings): layout, language, idle lock, reminders.

County rules and anything that syncs live in the vault, never here (ARCHITECTURE.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", int, str, bool)


@dataclass(frozen=True)
class Preference(Generic[T]):
    key: str
    default: T

    def get(self, settings: QSettings) -> T:
        """The stored value, or the default when missing or of the wrong type."""
        value = settings.value(self.key, self.default)
        try:
            if isinstance(self.default, bool):
                return (value in (True, "true", "1", 1)) if value is not None else self.default  # type: ignore[return-value]
            return type(self.default)(value)  # type: ignore[return-value]
        except (TypeError, ValueError):
            return self.default

    def set(self, settings: QSettings, value: T) -> None:
        """Store a value."""
        settings.setValue(self.key, value)


LANGUAGE = Preference("ui/language", "zh_CN")
AUTO_LOCK_MINUTES = Preference("security/auto_lock_minutes", 15)
BACKUP_REMINDER_DAYS = Preference("backup/reminder_days", 7)
LAST_USER = Preference("session/last_user", "")


def settings() -> QSettings:
    """The app's settings store: an INI file in the user's config folder.

    INI rather than the native store (the registry on Windows) so that the file is easy to
    find and reset, and tests can redirect it with `QSettings.setPath`.
    """
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "minzheng-field", "minzheng-field"
    )


def save_bytes(key: str, value: QByteArray) -> None:
    """Remember a widget state (header, splitter, geometry)."""
    settings().setValue(key, value)


def load_bytes(key: str) -> QByteArray | None:
    """A remembered widget state, if any."""
    value = settings().value(key)
    return value if isinstance(value, QByteArray) else None
