"""The village filter of the lists: "All villages" first, then the villages the user may see."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from minzheng_field.services.care_queries import VillageOption


class VillageFilter(QComboBox):
    """A combo box of villages whose first entry, "All villages", filters nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("villageFilter")
        self.addItem(self.tr("All villages"), None)

    def set_villages(self, villages: Sequence[VillageOption]) -> None:
        """Offer these villages, keeping the chosen one if it is still offered (no signal)."""
        current = self.currentData()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for village in villages:
            self.addItem(village.name, village.code)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)

    def codes(self) -> frozenset[str] | None:
        """The chosen village as a set of codes, or None for every village."""
        code = self.currentData()
        return None if code is None else frozenset({code})
