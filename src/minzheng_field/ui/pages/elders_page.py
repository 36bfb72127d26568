"""老年关爱: elders with a file (独居, 空巢, 留守, 失能, 重残, 计划生育特殊家庭) and their files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox
from sqlalchemy.orm import Session

from minzheng_field.services.care_files import ElderCategory, RiskLevel
from minzheng_field.services.care_queries import (
    ElderListQuery,
    ElderRow,
    ElderSort,
    elder_list,
    elder_rows,
)
from minzheng_field.services.context import Actor
from minzheng_field.ui.dialogs.child_file_editor import PersonHeader, china_today
from minzheng_field.ui.dialogs.elder_file_editor import (
    ElderFileEditor,
    ElderFileView,
    categories_text,
)
from minzheng_field.ui.dialogs.member_editor import EditorDialog
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.pages.children_page import CareListPage, enum_filter, selected


@dataclass(frozen=True)
class ElderListRequest:
    """A request (on `events.show_person_list`) for the elders page with these filters."""

    category: str | None = None
    risk_tier: str | None = None
    village_code: str | None = None


class EldersPage(CareListPage):
    """老年关爱: elders with a file, filtered by category, risk and village."""

    PREFIX = "care/elders"
    DEFAULT_SORT = ElderSort.RISK

    def title(self) -> str:
        """The navigation entry's text."""
        return self.tr("Elder care")

    def new_button_text(self) -> str:
        """The text of the "new file" button."""
        return self.tr("New elder file…")

    def placeholder_text(self) -> str:
        """What the side shows while no elder is chosen."""
        return self.tr("Choose an elder in the list to see the file.")

    def count_text(self, count: int) -> str:
        """The number of listed elders, in words."""
        return self.tr("{count} elders").format(count=count)

    def make_filters(self) -> list[QComboBox]:
        """Category and risk level."""
        self.category_filter = enum_filter(ElderCategory, self.tr("All categories"))
        self.category_filter.setObjectName("categoryFilter")
        self.risk_filter = enum_filter(RiskLevel, self.tr("All risk levels"))
        self.risk_filter.setObjectName("riskFilter")
        return [self.category_filter, self.risk_filter]

    def columns(self) -> list[ops.Column]:
        """Name, age, village, categories, risk, living arrangement, responsible, last visit."""
        today = china_today()

        def not_this_month(row: ElderRow) -> bool:
            visited = row.last_visited_on
            if row.deceased_on is not None:
                return False
            return visited is None or (visited.year, visited.month) != (today.year, today.month)

        unvisited_tip = self.tr("Not yet visited this month.")
        return [
            ops.Column(
                self.tr("Name"),
                lambda r: ops.person_name_text(r.name, r.deceased_on),
                ElderSort.NAME,
            ),
            ops.Column(
                self.tr("Age"),
                lambda r: "" if r.age is None else str(r.age),
                ElderSort.AGE,
                align_right=True,
            ),
            ops.Column(self.tr("Village"), lambda r: r.village_name or "", ElderSort.VILLAGE),
            ops.Column(self.tr("Categories"), lambda r: categories_text(r.categories)),
            ops.Column(
                self.tr("Risk"),
                lambda r: ops.label_of(RiskLevel, r.risk_tier),
                ElderSort.RISK,
                color=lambda r: ops.risk_color(r.risk_tier),
            ),
            ops.Column(
                self.tr("Living arrangement"),
                lambda r: r.living_arrangement or "",
                ElderSort.LIVING,
            ),
            ops.Column(
                self.tr("Responsible"),
                lambda r: r.responsible_name or r.responsible or "",
                ElderSort.RESPONSIBLE,
            ),
            ops.Column(
                self.tr("Last visit"),
                lambda r: ops.date_text(r.last_visited_on),
                ElderSort.LAST_VISIT,
                color=lambda r: ops.MEDIUM_RISK_COLOR if not_this_month(r) else None,
                tooltip=lambda r: unvisited_tip if not_this_month(r) else None,
            ),
        ]

    def column_widths(self) -> Sequence[int]:
        """Initial widths of the columns."""
        return (64, 40, 72, 140, 40, 96, 64, 90)

    def list_job(self) -> Any:
        """A job reading the ids of the elders matching the filters."""
        query = ElderListQuery(
            categories=selected(self.category_filter),
            risk_tiers=selected(self.risk_filter),
            village_codes=selected(self.village_filter) or None,
            text=self.search.text(),
            sort=self._sort,
            descending=self._descending,
        )
        return lambda s, a: elder_list(s, a, query)

    def fetch_rows(self, session: Session, actor: Actor, ids: list[str]) -> list[Any]:
        """The list rows of these elders."""
        return list(elder_rows(session, actor, ids))

    def make_view(self) -> ElderFileView:
        """The elder's file, read-only."""
        return ElderFileView(self.session)

    def load_file(self, person_id: str) -> Any:
        """An operation reading an elder's file."""
        return ops.load_elder_file(self.session, self, person_id)

    def make_editor(self, person: PersonHeader | None, file: Any) -> EditorDialog:
        """The elder file editor (choosing the elder first for a new file)."""
        return ElderFileEditor(
            self.session,
            workers=self.workers,
            villages={v.code: v.name for v in self.villages},
            person=person,
            file=file,
            responsible=self.default_responsible(),
            parent=self,
        )

    def apply_request(self, request: Any) -> bool:
        """Set the filters of an ElderListRequest."""
        if not isinstance(request, ElderListRequest):
            return False
        for combo, value in (
            (self.category_filter, request.category),
            (self.risk_filter, request.risk_tier),
            (self.village_filter, request.village_code),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.search.set_text_quietly("")
        return True
