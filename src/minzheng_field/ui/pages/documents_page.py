"""文书与台账: the notices issued to households (number, kind, household, issued and served).

At this step the page lists the notices recorded in the vault; printing comes later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.domain.programs import Program
from minzheng_field.services.care_queries import (
    NoticeListQuery,
    NoticeRow,
    notice_list,
    notice_rows,
    visible_villages,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.pages.list_page import ListPage, list_table
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.village_filter import VillageFilter


def notice_kind_text(kind: str) -> str:
    """The name of a kind of notice (the stored code when it is not known here)."""
    texts = {
        "approval": QCoreApplication.translate("CareText", "Approval notice"),
        "refusal": QCoreApplication.translate("CareText", "Refusal notice"),
        "termination": QCoreApplication.translate("CareText", "Termination notice"),
        "service_receipt": QCoreApplication.translate("CareText", "Proof of service"),
    }
    return texts.get(kind, kind)


class DocumentsPage(ListPage):
    """Notices issued, latest first, by village; double-click opens the household."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.village_filter = VillageFilter()
        self.village_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Village")))
        bar.addWidget(self.village_filter)
        bar.addStretch(1)
        bar.addWidget(self.count_label)

        self.model = ops.OnDemandTableModel(
            session,
            self._columns(),
            lambda s, a, ids: notice_rows(s, a, ids),
            lambda r: r.id,
            self,
        )
        self.table = list_table("noticesTable", self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 120, 90, 90, 120, 100)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open_household)
        self.empty = QLabel(self.tr("No notices have been recorded yet."))
        self.empty.setObjectName("emptyLabel")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #6b6b6b;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.hint = QLabel(self.tr("Double-click a notice (or press Enter) to open the household."))
        self.hint.setStyleSheet("color: #6b6b6b;")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hint)

    def title(self) -> str:
        """The navigation entry's text."""
        return self.tr("Documents and ledgers")

    def load_choices(self) -> None:
        """The villages to filter by."""
        Operation(self.session, self, visible_villages, write=False).success(
            ops.guarded(self, self.village_filter.set_villages)
        ).failure(ops.guarded(self, self.failed)).run_in_background()

    def list_job(self) -> Any:
        """A job reading the ids of the notices of the chosen village."""
        query = NoticeListQuery(village_codes=self.village_filter.codes())
        return lambda s, a: notice_list(s, a, query)

    def ids_loaded(self, ids: list[str]) -> None:
        """Show the notices, or a sentence when there are none."""
        self.model.set_ids(ids)
        self.count_label.setText(self.tr("{count} notices").format(count=len(ids)))
        self.stack.setCurrentWidget(self.table if ids else self.empty)
        self.hint.setVisible(bool(ids))

    def _columns(self) -> list[ops.Column]:
        def served(row: NoticeRow) -> str:
            if row.served_on is not None:
                return ops.date_text(row.served_on)
            return self.tr("Not yet served") if row.issued_on is not None else ""

        def unserved(row: NoticeRow) -> Any:
            return ops.MEDIUM_RISK_COLOR if row.served_on is None and row.issued_on else None

        return [
            ops.Column(self.tr("Number"), lambda r: r.number or ""),
            ops.Column(self.tr("Kind"), lambda r: notice_kind_text(r.kind)),
            ops.Column(self.tr("Head of household"), lambda r: r.head_name or ""),
            ops.Column(self.tr("Village"), lambda r: r.village_name or ""),
            ops.Column(self.tr("Program"), lambda r: ops.label_of(Program, r.program)),
            ops.Column(self.tr("Issued"), lambda r: ops.date_text(r.issued_on)),
            ops.Column(self.tr("Served"), served, color=unserved),
        ]

    def _open_household(self, index: QModelIndex) -> None:
        row = self.model.item(index.row())
        if row is not None:
            self.session.events.open_household.emit(row.household_id)
