"""探访: today's plan, the monthly visit rate, and the history of visits by village and month."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.schedules import category_label
from minzheng_field.services.care_queries import (
    VillageOption,
    VisitListQuery,
    VisitRow,
    visible_villages,
    visit_list,
    visit_months,
    visit_rows,
)
from minzheng_field.ui.dialogs.photo_import_dialog import PhotoImportDialog
from minzheng_field.ui.dialogs.visit_dialog import VisitDialog
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.pages.list_page import ListPage, list_table
from minzheng_field.ui.pages.visit_plan_views import CoverageView, DayPlanView
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.village_filter import VillageFilter, set_choices


def month_text(month: date) -> str:
    """A month as the filter shows it."""
    return QCoreApplication.translate("CareText", "{year}-{month:02d}").format(
        year=month.year, month=month.month
    )


def visit_method_text(method: str) -> str:
    """How a visit was made (入户, 电话, 视频)."""
    texts = {
        "home": QCoreApplication.translate("CareText", "Home visit"),
        "phone": QCoreApplication.translate("CareText", "Phone"),
        "video": QCoreApplication.translate("CareText", "Video"),
    }
    return texts.get(method, method)


class VisitsPage(ListPage):
    """The day's plan, the month's visit rate, and the visits by village and month."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.village_filter = VillageFilter()
        self.month_filter = QComboBox()
        self.month_filter.setObjectName("monthFilter")
        self.month_filter.addItem(self.tr("All months"), None)
        for combo in (self.village_filter, self.month_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Village")))
        bar.addWidget(self.village_filter)
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.model = ops.OnDemandTableModel(
            session, self._columns(), lambda s, a, ids: visit_rows(s, a, ids), lambda r: r.id, self
        )
        self.table = list_table("visitsTable", self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((100, 90, 90, 80, 90, 120)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open_visit)
        hint = QLabel(self.tr("Double-click a visit (or press Enter) to open it."))
        hint.setStyleSheet("color: #6b6b6b;")
        self.open_household_button = QPushButton(self.tr("Open household"))
        self.open_household_button.setObjectName("openHousehold")
        self.open_household_button.clicked.connect(self._open_household)
        footer = QHBoxLayout()
        footer.addWidget(hint, 1)
        footer.addWidget(self.open_household_button)

        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addLayout(bar)
        history_layout.addWidget(self.table, 1)
        history_layout.addLayout(footer)
        self.plan_view = DayPlanView(session)
        self.coverage_view = CoverageView(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("visitTabs")
        self.tabs.addTab(self.plan_view, self.tr("Today's plan"))
        self.tabs.addTab(self.coverage_view, self.tr("Monthly visit rate"))
        self.tabs.addTab(history, self.tr("History"))
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())
        self.import_photos_button = QPushButton(self.tr("Import phone photos…"))
        self.import_photos_button.setObjectName("importPhotosButton")
        self.import_photos_button.clicked.connect(self.choose_photo_folder)
        self.tabs.setCornerWidget(self.import_photos_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def title(self) -> str:
        """The navigation entry's text."""
        return self.tr("Visits")

    def activated(self) -> None:
        """Read the filters' choices once, the history when something changed, the tab shown."""
        super().activated()
        self._load_tab()

    def choose_photo_folder(self) -> None:
        """Ask for the folder of a day's phone photos and open the import dialog on it."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of phone photos"))
        if folder:
            self.import_photos(Path(folder))

    def import_photos(self, folder: Path) -> PhotoImportDialog:
        """Open the import dialog on a folder (the photos are read in the background)."""
        dialog = PhotoImportDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_folder(folder)
        dialog.open()
        return dialog

    def _load_tab(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.plan_view:
            self.plan_view.reload()
        elif current is self.coverage_view:
            self.coverage_view.reload()

    def list_job(self) -> Any:
        """The visits of the chosen village and month."""
        month = self.month_filter.currentData()
        query = VisitListQuery(
            village_codes=self.village_filter.codes(),
            month=None if month is None else date.fromisoformat(month),
        )
        return lambda s, a: visit_list(s, a, query)

    def ids_loaded(self, ids: list[str]) -> None:
        """Show the visits just read and their number."""
        self.model.set_ids(ids)
        self.count_label.setText(self.tr("{count} visits").format(count=len(ids)))

    def load_choices(self) -> None:
        """Read the villages and the months with visits, for the filters."""
        Operation(
            self.session,
            self,
            lambda s, a: (visible_villages(s, a), visit_months(s, a)),
            write=False,
        ).success(ops.guarded(self, self._choices_loaded)).failure(
            ops.guarded(self, self.failed)
        ).run_in_background()

    def _choices_loaded(self, choices: tuple[list[VillageOption], list[date]]) -> None:
        villages, months = choices
        self.village_filter.set_villages(villages)
        # Kept as text: Qt would turn a date into a QDate.
        set_choices(self.month_filter, [(month_text(m), m.isoformat()) for m in months])

    def _columns(self) -> list[ops.Column]:
        def note(row: VisitRow) -> str:
            if row.amends_visit_id is not None:
                return self.tr("Correction of an earlier record")
            if row.status != "final":
                return self.tr("Draft")
            return ""

        return [
            ops.Column(self.tr("Date"), lambda r: ops.date_text(r.visited_on)),
            ops.Column(self.tr("Person"), lambda r: r.person_name),
            ops.Column(self.tr("Village"), lambda r: r.village_name or ""),
            ops.Column(self.tr("Method"), lambda r: visit_method_text(r.method)),
            ops.Column(self.tr("Visitor"), lambda r: r.visitor_name or r.visitor),
            ops.Column(self.tr("For"), lambda r: category_label(r.category)),
            ops.Column(self.tr("Note"), note),
        ]

    def _open_visit(self, index: QModelIndex) -> None:
        row = self.model.item(index.row())
        if row is not None:
            self.open_visit(row.id)

    def open_visit(self, visit_id: str) -> VisitDialog:
        """Open a recorded visit (read-only when final, with 更正…) or continue a draft."""
        dialog = VisitDialog(self.session, None, None, self, visit_id=visit_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.visit_dialog = dialog
        dialog.show()
        return dialog

    def _open_household(self) -> None:
        row = self.model.item(self.table.currentIndex().row())
        if row is not None and row.household_id is not None:
            self.session.events.open_household.emit(row.household_id)
