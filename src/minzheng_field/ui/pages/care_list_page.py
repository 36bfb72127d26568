"""What the children and elders pages share: filters above a list that holds ids and reads
the rows on screen, and the selected person's file beside it, with its editors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from minzheng_field.domain.labelled_enum import LabelledStrEnum
from minzheng_field.domain.roles import Role
from minzheng_field.services.care_files import RiskLevel
from minzheng_field.services.care_queries import VillageOption, WorkerOption
from minzheng_field.services.context import Actor
from minzheng_field.ui import preferences
from minzheng_field.ui.dialogs.care_file_editor import CareFileEditor, CareFileView, PersonHeader
from minzheng_field.ui.dialogs.member_editor import EditorDialog
from minzheng_field.ui.ops import care_files as ops
from minzheng_field.ui.ops.base import Operation
from minzheng_field.ui.pages.list_page import ListPage, list_table
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.search_box import SearchBox
from minzheng_field.ui.widgets.village_filter import VillageFilter


@dataclass(frozen=True)
class CareListRequest:
    """A request (on `events.show_person_list`) for a care list page with these filters."""

    category: str | None = None
    village_code: str | None = None

    def risk(self) -> str | None:
        """The risk level asked for (None: any)."""
        return None


@dataclass(frozen=True)
class CareListKind:
    """What a care list page lists, filters by and opens."""

    # The list's orders (NAME, AGE, VILLAGE and RISK among them; RISK first).
    sorts: Any
    categories: type[LabelledStrEnum]
    rows: Callable[[Session, Actor, list[str]], Sequence[Any]]
    load_file: Callable[[UiSession, QWidget | None, str], Operation[Any]]
    view: type[CareFileView]
    editor: type[CareFileEditor]
    request: type[CareListRequest]


def enum_filter(enum: type[LabelledStrEnum], everything: str) -> QComboBox:
    """A filter combo box: "everything" first, then the enum's labels."""
    combo = QComboBox()
    combo.addItem(everything, None)
    for member in enum:
        combo.addItem(member.label, member.value)
    return combo


def selected(combo: QComboBox) -> frozenset[str]:
    """The chosen filter value as a set (empty: no filter)."""
    value = combo.currentData()
    return frozenset() if value is None else frozenset({value})


class CareListPage(ListPage):
    """Filters, a list of persons with a file, and the selected person's file beside it."""

    # A file is on screen (the person's id).
    file_shown = Signal(str)

    # For the subclass: where its preferences live, and what it lists and opens.
    PREFIX = "care"
    KIND: CareListKind

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._sort: Any = self.KIND.sorts.RISK
        self._descending = False
        self._file_job: int | None = None
        self._select_after_load: str | None = None
        self._pending_show: str | None = None
        self._shown_person: str | None = None
        self._pending_request: Any = None
        self.workers: list[WorkerOption] = []
        self.villages: list[VillageOption] = []
        self.editors: dict[str, EditorDialog] = {}
        self.new_editor: EditorDialog | None = None

        self.search = SearchBox()
        self.search.setPlaceholderText(self.tr("Name or pinyin initials"))
        self.search.setMinimumWidth(180)
        self.search.setMaximumWidth(260)
        self.search.search_requested.connect(lambda _text: self.reload())
        self.category_filter = enum_filter(self.KIND.categories, self.tr("All categories"))
        self.category_filter.setObjectName("categoryFilter")
        self.risk_filter = enum_filter(RiskLevel, self.tr("All risk levels"))
        self.risk_filter.setObjectName("riskFilter")
        self.village_filter = VillageFilter()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.new_button = QPushButton(self.new_button_text())
        self.new_button.setObjectName("newFile")
        self.new_button.clicked.connect(self.new_file)

        bar = QHBoxLayout()
        bar.addWidget(self.search)
        self.filters = [self.category_filter, self.risk_filter, self.village_filter]
        for combo in self.filters:
            combo.currentIndexChanged.connect(lambda _i: self.reload())
            bar.addWidget(combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)

        rows = self.KIND.rows
        self.model = ops.OnDemandTableModel(
            session,
            self.columns(),
            lambda s, a, ids: list(rows(s, a, ids)),
            lambda r: r.person_id,
            self,
        )
        self.model.sort_requested.connect(self._sort_changed)
        self.model.rows_arrived.connect(self._rows_arrived)
        self.table = list_table("careTable", self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(self.column_widths()):
            self.table.setColumnWidth(column, width)
        sort_column = next(
            (i for i, c in enumerate(self.model.columns) if c.sort == self.KIND.sorts.RISK), 0
        )
        header.setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.edit_current())

        self.view = self.KIND.view(session)
        self.view.edit_requested.connect(self.edit_current)
        self.view.open_household_requested.connect(session.events.open_household)
        view_scroll = QScrollArea()
        view_scroll.setWidget(self.view)
        view_scroll.setWidgetResizable(True)
        self.placeholder = QLabel(self.placeholder_text())
        self.placeholder.setObjectName("placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #6b6b6b;")
        self.side = QStackedWidget()
        self.side.addWidget(self.placeholder)
        self.side.addWidget(view_scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("careSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self._restore_layout()
        session.events.show_person_list.connect(self._person_list_requested)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(500)
        self._save_timer.timeout.connect(self._save_layout)
        header.sectionResized.connect(lambda *_a: self._save_timer.start())
        header.sectionMoved.connect(lambda *_a: self._save_timer.start())
        self.splitter.splitterMoved.connect(lambda *_a: self._save_timer.start())

    # -- for the subclass ----------------------------------------------------------------------

    def new_button_text(self) -> str:
        """The text of the "new file" button."""
        raise NotImplementedError

    def placeholder_text(self) -> str:
        """What the side shows while no one is chosen."""
        raise NotImplementedError

    def file_columns(self) -> list[ops.Column]:
        """The list's columns after the name, age and village."""
        raise NotImplementedError

    def column_widths(self) -> Sequence[int]:
        """Initial widths of the columns."""
        return ()

    # -- the columns and filters the care lists share ----------------------------------------

    def columns(self) -> list[ops.Column]:
        """Name, age and village, then the page's own columns."""
        sorts = self.KIND.sorts
        return [
            ops.Column(
                self.tr("Name"),
                lambda r: ops.person_name_text(r.name, r.deceased_on),
                sorts.NAME,
            ),
            ops.Column(
                self.tr("Age"),
                lambda r: "" if r.age is None else str(r.age),
                sorts.AGE,
                align_right=True,
            ),
            ops.Column(self.tr("Village"), lambda r: r.village_name or "", sorts.VILLAGE),
            *self.file_columns(),
        ]

    def risk_column(self, risk: Callable[[Any], str]) -> ops.Column:
        """The column of a file's risk (`risk(row)`), coloured by level."""
        return ops.Column(
            self.tr("Risk"),
            lambda r: ops.label_of(RiskLevel, risk(r)),
            self.KIND.sorts.RISK,
            color=lambda r: ops.risk_color(risk(r)),
        )

    def filter_values(self) -> dict[str, Any]:
        """The filters and sort that every care list query takes, as its keyword arguments."""
        return {
            "categories": selected(self.category_filter),
            "village_codes": self.village_filter.codes(),
            "text": self.search.text(),
            "sort": self._sort,
            "descending": self._descending,
        }

    def apply_request(self, request: Any) -> bool:
        """Set the filters a request asks for; False if the request is not this page's."""
        if not isinstance(request, self.KIND.request):
            return False
        for combo, value in (
            (self.category_filter, request.category),
            (self.risk_filter, request.risk()),
            (self.village_filter, request.village_code),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        self.search.set_text_quietly("")
        return True

    # -- ListPage --------------------------------------------------------------------------

    def load_choices(self) -> None:
        """The villages to filter by and the users who may be responsible."""
        ops.load_choices(self.session, self).success(
            ops.guarded(self, self._choices_loaded)
        ).failure(ops.guarded(self, self.failed)).run_in_background()

    def focus_search(self) -> bool:
        """Ctrl+F: the name filter."""
        self.search.focus_and_select()
        return True

    # -- the list --------------------------------------------------------------------------

    def show_person(self, person_id: str) -> None:
        """Select a person in the list (clearing filters if they hide them) and show the file."""
        row = self.model.row_of(person_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            return
        self._select_after_load = person_id
        self.search.set_text_quietly("")
        for combo in self.filters:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reload()

    def current_person(self) -> str | None:
        """The id of the selected person."""
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def ids_loaded(self, ids: list[str]) -> None:
        """Show the ids read, keeping (or making) the selection of the person asked for."""
        keep = self._select_after_load or self.current_person()
        self._select_after_load = None
        self.model.set_ids(ids)
        self.count_label.setText(self.count_text(len(ids)))
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
            self.table.scrollTo(self.model.index(row, 0))
            self._show(row)
        elif self._shown_person is not None and self._shown_person not in ids:
            self._shown_person = None
            self.side.setCurrentWidget(self.placeholder)

    def count_text(self, count: int) -> str:
        """The number of listed persons, in words."""
        raise NotImplementedError

    def _sort_changed(self, sort: Any, descending: bool) -> None:
        self._sort = sort
        self._descending = descending
        if self._started:
            self.reload()

    def _choices_loaded(self, choices: tuple[list[VillageOption], list[WorkerOption]]) -> None:
        self.villages, self.workers = choices
        self.view.set_workers(self.workers)
        self.village_filter.set_villages(self.villages)
        if self._pending_request is not None:
            request, self._pending_request = self._pending_request, None
            if self.apply_request(request):
                self.reload()

    # -- the selected file -----------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show(current.row())

    def _rows_arrived(self) -> None:
        if self._pending_show is not None:
            row = self.model.row_of(self._pending_show)
            self._pending_show = None
            if row >= 0:
                self._show(row)

    def _show(self, row: int) -> None:
        person_id = self.model.id_at(row)
        if person_id is None:
            return
        item = self.model.item(row)
        if item is None:
            # The row's values are still on their way; show the file once they arrive.
            self._pending_show = person_id
            self.model.ensure_loaded(row, row)
            return
        if self._file_job is not None:
            self.session.database.cancel(self._file_job)
        person = PersonHeader.of(item)

        def loaded(file: Any) -> None:
            self._file_job = None
            if self.current_person() != person.person_id:
                return
            self._shown_person = person.person_id
            self.view.show_file(person, file)
            self.side.setCurrentIndex(1)
            self.file_shown.emit(person.person_id)

        self._file_job = (
            self.KIND.load_file(self.session, self, person_id)
            .success(ops.guarded(self, loaded))
            .failure(ops.guarded(self, self.failed))
            .run_in_background()
        )

    # -- editing ---------------------------------------------------------------------------

    def edit_current(self) -> None:
        """Open the editor of the file on screen (Enter or double-click in the list)."""
        person_id = self.current_person()
        if person_id is None or self.view.person is None:
            return
        if self.view.person.person_id != person_id or self.view.file is None:
            return
        editor = self.editors.get(person_id)
        if editor is None:
            editor = self.make_editor(self.view.person, self.view.file)
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.editors[person_id] = editor
            editor.destroyed.connect(lambda *_a, p=person_id: self.editors.pop(p, None))
        editor.show()
        editor.raise_()
        editor.activateWindow()

    def new_file(self) -> None:
        """Open a new file for a person of the caseload, chosen in the editor."""
        if self.new_editor is not None:
            self.new_editor.show()
            self.new_editor.raise_()
            self.new_editor.activateWindow()
            return
        editor = self.make_editor(None, None)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(self._created)
        editor.destroyed.connect(lambda *_a: setattr(self, "new_editor", None))
        self.new_editor = editor
        editor.show()

    def make_editor(self, person: PersonHeader | None, file: Any) -> EditorDialog:
        """An editor of a file (a new one, choosing its person first, when `file` is None)."""
        return self.KIND.editor(
            self.session,
            workers=self.workers,
            villages={v.code: v.name for v in self.villages},
            person=person,
            file=file,
            responsible=self.default_responsible(),
            parent=self,
        )

    def default_responsible(self) -> str | None:
        """The user a new file names as responsible: a cadre themselves."""
        return self.session.username if self.session.role is Role.VILLAGE_CADRE else None

    def _created(self, result: Any) -> None:
        person_id = getattr(result, "person_id", None)
        if person_id is not None:
            # The list is read again for the operation; select the new file's person then.
            self._select_after_load = person_id

    # -- requests from elsewhere -----------------------------------------------------------

    def _person_list_requested(self, request: Any) -> None:
        if not self._started:
            self._pending_request = request
            return
        if self.apply_request(request):
            self.reload()

    # -- layout ----------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        header_state = preferences.load_bytes(f"{self.PREFIX}/header")
        if header_state is not None:
            self.table.horizontalHeader().restoreState(header_state)
        splitter_state = preferences.load_bytes(f"{self.PREFIX}/splitter")
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)

    def _save_layout(self) -> None:
        preferences.save_bytes(
            f"{self.PREFIX}/header", QByteArray(self.table.horizontalHeader().saveState())
        )
        preferences.save_bytes(f"{self.PREFIX}/splitter", QByteArray(self.splitter.saveState()))
