"""老年关爱: elders with a file (独居, 空巢, 留守, 失能, 重残, 计划生育特殊家庭) and their files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from minzheng_field.services.care_files import ElderCategory
from minzheng_field.services.care_queries import (
    ElderListQuery,
    ElderRow,
    ElderSort,
    elder_list,
    elder_rows,
)
from minzheng_field.ui.dialogs.care_file_editor import china_today
from minzheng_field.ui.dialogs.elder_file_editor import (
    ElderFileEditor,
    ElderFileView,
    categories_text,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.pages.care_list_page import (
    CareListKind,
    CareListPage,
    CareListRequest,
    selected,
)


@dataclass(frozen=True)
class ElderListRequest(CareListRequest):
    """A request (on `events.show_person_list`) for the elders page with these filters."""

    risk_tier: str | None = None

    def risk(self) -> str | None:
        """The risk tier asked for (None: any)."""
        return self.risk_tier


class EldersPage(CareListPage):
    """老年关爱: elders with a file, filtered by category, risk and village."""

    PREFIX = "care/elders"
    KIND = CareListKind(
        ElderSort,
        ElderCategory,
        elder_rows,
        ops.load_elder_file,
        ElderFileView,
        ElderFileEditor,
        ElderListRequest,
    )

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

    def file_columns(self) -> list[ops.Column]:
        """Categories, risk, living arrangement, responsible, last visit."""
        today = china_today()

        def not_this_month(row: ElderRow) -> bool:
            visited = row.last_visited_on
            if row.deceased_on is not None:
                return False
            return visited is None or (visited.year, visited.month) != (today.year, today.month)

        unvisited_tip = self.tr("Not yet visited this month.")
        return [
            ops.Column(self.tr("Categories"), lambda r: categories_text(r.categories)),
            self.risk_column(lambda r: r.risk_tier),
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
        query = ElderListQuery(risk_tiers=selected(self.risk_filter), **self.filter_values())
        return lambda s, a: elder_list(s, a, query)
