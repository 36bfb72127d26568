"""The village filter of the lists: "All villages" first, then the villages the user may see."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from minzheng_field.services.care_queries import VillageOption


def set_choices(combo: QComboBox, entries: Iterable[tuple[str, Any]]) -> None:
    """Put (text, value) entries after a filter's first entry, keeping the chosen one if it is
    still there; no signal, so the list is not read again for it."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for text, value in entries:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class VillageFilter(QComboBox):
    """A combo box of villages whose first entry, "All villages", filters nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("villageFilter")
        self.addItem(self.tr("All villages"), None)

    def set_villages(self, villages: Sequence[VillageOption]) -> None:
        """Offer these villages, keeping the chosen one if it is still offered (no signal)."""
        set_choices(self, ((village.name, village.code) for village in villages))

    def codes(self) -> frozenset[str] | None:
        """The chosen village as a set of codes, or None for every village."""
        code = self.currentData()
        return None if code is None else frozenset({code})
