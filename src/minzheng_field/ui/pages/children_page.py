"""儿童关爱: the children with a file (留守, 困境, 孤儿, 事实无人抚养), their files and editors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from minzheng_field.services.care_files import ChildCategory
from minzheng_field.services.care_queries import (
    ChildListQuery,
    ChildRow,
    ChildSort,
    child_list,
    child_rows,
)
from minzheng_field.ui.dialogs.care_file_editor import china_today
from minzheng_field.ui.dialogs.child_file_editor import (
    CONTACT_DAYS,
    ChildFileEditor,
    ChildFileView,
)
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.pages.care_list_page import (
    CareListKind,
    CareListPage,
    CareListRequest,
    selected,
)


@dataclass(frozen=True)
class ChildListRequest(CareListRequest):
    """A request (on `events.show_person_list`) for the children page with these filters."""

    risk_level: str | None = None

    def risk(self) -> str | None:
        """The risk level asked for (None: any)."""
        return self.risk_level


class ChildrenPage(CareListPage):
    """儿童关爱: children with a file, filtered by category, risk and village."""

    PREFIX = "care/children"
    KIND = CareListKind(
        ChildSort,
        ChildCategory,
        child_rows,
        ops.load_child_file,
        ChildFileView,
        ChildFileEditor,
        ChildListRequest,
    )

    def title(self) -> str:
        """The navigation entry's text."""
        return self.tr("Child care")

    def new_button_text(self) -> str:
        """The text of the "new file" button."""
        return self.tr("New child file…")

    def placeholder_text(self) -> str:
        """What the side shows while no child is chosen."""
        return self.tr("Choose a child in the list to see the file.")

    def count_text(self, count: int) -> str:
        """The number of listed children, in words."""
        return self.tr("{count} children").format(count=count)

    def file_columns(self) -> list[ops.Column]:
        """Category, risk, guardian, last contact, 儿童主任."""
        today = china_today()

        def contact_overdue(row: ChildRow) -> bool:
            contact = row.last_parent_contact_on
            return contact is not None and (today - contact).days > CONTACT_DAYS

        overdue_tip = self.tr("More than a week since the parents last contacted the child.")
        return [
            ops.Column(
                self.tr("Category"),
                lambda r: ops.label_of(ChildCategory, r.category),
                ChildSort.CATEGORY,
            ),
            self.risk_column(lambda r: r.risk_level),
            ops.Column(self.tr("Guardian"), _guardian_text, ChildSort.GUARDIAN),
            ops.Column(
                self.tr("Last contact with parents"),
                lambda r: ops.date_text(r.last_parent_contact_on),
                ChildSort.LAST_CONTACT,
                color=lambda r: ops.HIGH_RISK_COLOR if contact_overdue(r) else None,
                tooltip=lambda r: overdue_tip if contact_overdue(r) else None,
            ),
            ops.Column(
                self.tr("Child director"),
                lambda r: r.child_director_name or r.child_director or "",
                ChildSort.DIRECTOR,
            ),
        ]

    def column_widths(self) -> Sequence[int]:
        """Initial widths of the columns."""
        return (64, 40, 72, 116, 40, 124, 104, 64)

    def list_job(self) -> Any:
        """A job reading the ids of the children matching the filters."""
        query = ChildListQuery(risk_levels=selected(self.risk_filter), **self.filter_values())
        return lambda s, a: child_list(s, a, query)


def _guardian_text(row: ChildRow) -> str:
    if not row.guardian_name:
        return ""
    if row.guardian_relation:
        return f"{row.guardian_name}（{row.guardian_relation}）"
    return row.guardian_name
