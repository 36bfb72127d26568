"""The caseload browser's filters: program, status, village, age band, risk flag."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import Enum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from minzheng_field.domain.age import AgeBand
from minzheng_field.domain.programs import EnrolmentStatus, Program
from minzheng_field.services.caseload_queries import VillageChoice
from minzheng_field.store.queries.person_search import PersonQuery, RiskFlag


class PersonFilters(QWidget):
    """One row of drop-downs, each "all" or one value; `changed` fires on every change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kinds: dict[QComboBox, type[Enum]] = {}
        self.program = self._combo("programFilter", self.tr("All programs"), Program)
        self.status = self._combo("statusFilter", self.tr("Any status"), EnrolmentStatus)
        self.village = self._combo("villageFilter", self.tr("All villages"), None)
        self.age_band = self._combo("ageFilter", self.tr("All ages"), AgeBand)
        self.flag = self._combo("flagFilter", self.tr("Any flag"), RiskFlag)
        self.clear_button = QPushButton(self.tr("Clear filters"), self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, combo in (
            (self.tr("Program"), self.program),
            (self.tr("Status"), self.status),
            (self.tr("Village"), self.village),
            (self.tr("Age"), self.age_band),
            (self.tr("Flag"), self.flag),
        ):
            label = QLabel(text, self)
            label.setBuddy(combo)
            layout.addWidget(label)
            layout.addWidget(combo)
            layout.addSpacing(6)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self._update_clear_button()

    def combos(self) -> tuple[QComboBox, ...]:
        """The drop-downs, in tab order."""
        return (self.program, self.status, self.village, self.age_band, self.flag)

    def set_villages(self, villages: Sequence[VillageChoice]) -> None:
        """Offer these villages (the township's, or a cadre's own), keeping the choice."""
        chosen = self.village.currentData()
        self.village.blockSignals(True)
        try:
            while self.village.count() > 1:
                self.village.removeItem(1)
            for village in villages:
                self.village.addItem(village.name, village.code)
            index = self.village.findData(chosen) if chosen is not None else 0
            self.village.setCurrentIndex(max(index, 0))
        finally:
            self.village.blockSignals(False)
        if chosen is not None and self.village.currentData() != chosen:
            self._changed()

    def apply_to(self, query: PersonQuery) -> PersonQuery:
        """`query` narrowed by every filter that is set (one that is not keeps the query's)."""
        changes: dict[str, Any] = {}
        for field, combo in (
            ("programs", self.program),
            ("statuses", self.status),
            ("age_bands", self.age_band),
            ("flags", self.flag),
        ):
            value = self._chosen(combo)
            if value is not None:
                changes[field] = frozenset({value})
        village = self.village.currentData()
        if village is not None:
            changes["village_codes"] = frozenset({village})
        return replace(query, **changes)

    def take_from(self, query: PersonQuery) -> PersonQuery:
        """Set the filters a query names one value of; returns the rest of the query."""
        self.clear(quietly=True)
        rest: dict[str, Any] = {}
        for field, combo in (
            ("programs", self.program),
            ("statuses", self.status),
            ("age_bands", self.age_band),
            ("flags", self.flag),
            ("village_codes", self.village),
        ):
            values = getattr(query, field)
            if values and len(values) == 1:
                index = combo.findData(str(next(iter(values))))
                if index > 0:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(index)
                    combo.blockSignals(False)
                    rest[field] = frozenset() if field != "village_codes" else None
        self._update_clear_button()
        return replace(query, **rest)

    def is_set(self) -> bool:
        """Whether any filter narrows the list."""
        return any(combo.currentIndex() > 0 for combo in self.combos())

    def clear(self, *, quietly: bool = False) -> None:
        """Every filter back to "all"."""
        was_set = self.is_set()
        for combo in self.combos():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._update_clear_button()
        if was_set and not quietly:
            self.changed.emit()

    def _chosen(self, combo: QComboBox) -> Enum | None:
        # Item data holds the stored value (a plain str); the query wants the enum member.
        value = combo.currentData()
        kind = self._kinds.get(combo)
        return kind(value) if value is not None and kind is not None else None

    def _combo(self, name: str, everything: str, kind: type[Enum] | None) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        if kind is not None:
            self._kinds[combo] = kind
            for member in kind:
                combo.addItem(str(getattr(member, "label", member.value)), str(member.value))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(lambda _index: self._changed())
        return combo

    def _changed(self) -> None:
        self._update_clear_button()
        self.changed.emit()

    def _update_clear_button(self) -> None:
        self.clear_button.setEnabled(self.is_set())
