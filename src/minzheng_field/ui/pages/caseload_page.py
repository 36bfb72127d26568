"""家庭与人员: find a person as you type, narrow by filters, open their household in a tab."""

from __future__ import annotations

import importlib
import itertools
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTabBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from minzheng_field.services.caseload_queries import CaseloadRow, VillageChoice, caseload_villages
from minzheng_field.services.reveal import reveal_resident_id
from minzheng_field.store.queries.person_search import PersonQuery, PersonSort, TextKind
from minzheng_field.ui import preferences
from minzheng_field.ui.models.person_table_model import (
    SORTS,
    Column,
    ListSource,
    PersonTableModel,
    SearchSource,
)
from minzheng_field.ui.ops.base import show_error
from minzheng_field.ui.pages.page import Page
from minzheng_field.ui.session import UiSession
from minzheng_field.ui.widgets.person_filters import PersonFilters
from minzheng_field.ui.widgets.search_box import SearchBox

log = logging.getLogger(__name__)

HEADER_STATE_KEY = "caseload/person_table/header"
HOUSEHOLD_VIEW_MODULE = "minzheng_field.ui.pages.household_file_view"
_DEFAULT_WIDTHS = {
    Column.NAME: 120,
    Column.SEX: 48,
    Column.AGE: 140,
    Column.RELATION: 100,
    Column.VILLAGE: 96,
    Column.RESIDENT_ID: 168,
    Column.FLAGS: 150,
}
# Show "searching…" only when a search takes long enough to be noticed.
_BUSY_NOTICE_MS = 250
_SAVE_LAYOUT_MS = 400


@dataclass(frozen=True)
class PersonListRequest:
    """A titled list of persons to show (e.g. a workbench count clicked).

    `person_ids`, when given, are exactly the persons to list; otherwise `query` is the list.
    """

    title: str
    query: PersonQuery = field(default_factory=PersonQuery)
    person_ids: tuple[str, ...] | None = None


class CaseloadPage(Page):
    """The caseload browser and the households opened from it, as tabs."""

    # The household tab for this id is open (also when it already was).
    household_opened = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = PersonTableModel(session.database, self)
        self._base = PersonQuery()
        self._list_ids: tuple[str, ...] | None = None
        self._loaded = False
        self._stale = False
        self._tab_titles: dict[str, str] = {}

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.browser = QWidget(self.tabs)
        self.tabs.addTab(self.browser, self.tr("Find"))
        for side in (QTabBar.ButtonPosition.LeftSide, QTabBar.ButtonPosition.RightSide):
            self.tabs.tabBar().setTabButton(0, side, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.search_box = SearchBox(self.browser)
        self.search_box.search_requested.connect(self._search_text)
        self.search_box.leave_down.connect(self._enter_table)
        self.search_box.handle_find_key_in(self)
        self.count_label = QLabel(self.browser)
        self.count_label.setObjectName("resultCount")
        self.count_label.setMinimumWidth(120)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filters = PersonFilters(self.browser)
        self.filters.changed.connect(self._run_search)

        self.list_banner = QFrame(self.browser)
        self.list_banner.setObjectName("listBanner")
        self.list_banner.setStyleSheet(
            "#listBanner { background: #e8f0fe; border: 1px solid #c6dafc; border-radius: 4px; }"
        )
        self.list_title = QLabel(self.list_banner)
        self.show_all_button = QPushButton(self.tr("Show everyone"), self.list_banner)
        self.show_all_button.clicked.connect(self.show_everyone)
        banner_layout = QHBoxLayout(self.list_banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.list_title, 1)
        banner_layout.addWidget(self.show_all_button)
        self.list_banner.hide()

        self.table = self._make_table()
        self.detail = _DetailStrip(self.browser)
        self.detail.reveal_button.clicked.connect(self.reveal_current)
        self.detail.open_button.clicked.connect(self.open_current)

        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)
        browser_layout = QVBoxLayout(self.browser)
        browser_layout.setContentsMargins(8, 8, 8, 8)
        browser_layout.addLayout(top)
        browser_layout.addWidget(self.filters)
        browser_layout.addWidget(self.list_banner)
        browser_layout.addWidget(self.table, 1)
        browser_layout.addWidget(self.detail)
        self._set_tab_order()

        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(_BUSY_NOTICE_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(_SAVE_LAYOUT_MS)
        self._save_timer.timeout.connect(self.save_layout)

        self.model.result_ready.connect(self._result_ready)
        self.model.search_failed.connect(lambda error: show_error(self, error))
        self.model.dataChanged.connect(self._rows_changed)
        self.model.modelReset.connect(self._update_detail)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_detail())

        back_to_search = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table)
        back_to_search.setContext(Qt.ShortcutContext.WidgetShortcut)
        back_to_search.activated.connect(self.search_box.focus_and_select)
        close_tab = QShortcut(QKeySequence.StandardKey.Close, self)
        close_tab.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close_tab.activated.connect(lambda: self.close_tab(self.tabs.currentIndex()))
        # Whole numbers shown do not outlive a lock (the page itself does).
        session.events.save_drafts.connect(self._hide_revealed)
        session.events.open_household.connect(self.open_household_tab)
        session.events.show_person_list.connect(self.show_person_list)
        self._update_detail()

    # -- Page ------------------------------------------------------------------------------

    def title(self) -> str:
        """The navigation entry's text."""
        return self.tr("Households and persons")

    def activated(self) -> None:
        """Load the villages and everyone the first time; refresh if the vault changed."""
        if not self._loaded:
            self._loaded = True
            self.session.database.read(caseload_villages, self._villages_read, self._read_failed)
            self._run_search()
        elif self._stale:
            self._stale = False
            self.model.refresh()

    def on_operation(self, result: Any) -> None:
        """Something changed: read the rows again now, or when the page is next shown."""
        if not self._loaded:
            return
        if self.isVisible():
            self.model.refresh()
        else:
            self._stale = True

    def focus_search(self) -> bool:
        """Show the browser and put the cursor into its search box."""
        self.tabs.setCurrentIndex(0)
        self.search_box.focus_and_select()
        return True

    # -- what a user (or another page) can do ----------------------------------------------

    def search_for(self, text: str) -> None:
        """Search now for `text`, as if typed (and Enter pressed)."""
        self.search_box.set_text_quietly(text)
        self._search_text(text)

    def show_person_list(self, request: Any) -> None:
        """Show a titled list: exactly its persons, or its query in the filters."""
        self._loaded = True
        self.tabs.setCurrentIndex(0)
        title = str(getattr(request, "title", ""))
        person_ids = getattr(request, "person_ids", None)
        query = getattr(request, "query", None) or PersonQuery()
        self.list_title.setText(self.tr("List: {name}").format(name=title))
        self.list_banner.show()
        if person_ids is not None:
            self._list_ids = tuple(person_ids)
            self._base = PersonQuery()
            self.filters.clear(quietly=True)
            self.search_box.set_text_quietly("")
            self._set_narrowing_enabled(False)
        else:
            self._list_ids = None
            self._set_narrowing_enabled(True)
            self.search_box.set_text_quietly(query.text)
            self._base = replace(self.filters.take_from(query), text="", offset=0)
        if not self._villages_known():
            self.session.database.read(caseload_villages, self._villages_read, self._read_failed)
        self._run_search()

    def show_everyone(self) -> None:
        """Leave a list: everyone again, no filters."""
        self._list_ids = None
        self._base = PersonQuery()
        self.list_banner.hide()
        self._set_narrowing_enabled(True)
        self.filters.clear(quietly=True)
        self.search_box.set_text_quietly("")
        self._run_search()

    def current_query(self) -> PersonQuery:
        """The search the browser shows: the list's base, the filters, the typed text."""
        return replace(self.filters.apply_to(self._base), text=self.search_box.text())

    def current_row(self) -> CaseloadRow | None:
        """The selected person's row, if it is read."""
        index = self.table.currentIndex()
        return self.model.row_data(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        """Open the selected person's household (Enter, double-click)."""
        row = self.current_row()
        if row is None:
            return
        household_id = row.hit.household_id
        if household_id is None:
            self.detail.note.setText(self.tr("This person belongs to no household yet."))
            return
        self._tab_titles.setdefault(household_id, row.hit.name)
        self.session.events.open_household.emit(household_id)

    def reveal_current(self) -> None:
        """Show the selected person's whole ID number; the access log records it."""
        row = self.current_row()
        if row is None or not row.hit.masked_resident_id:
            return
        person_id = row.hit.person_id
        if self.model.revealed(person_id) is not None:
            return
        self.detail.reveal_button.setEnabled(False)
        # A plain write, not an Operation: the number must not travel to every view.
        self.session.database.write(
            lambda session, actor: reveal_resident_id(session, actor, person_id),
            lambda number: self._revealed(person_id, number),
            self._reveal_failed,
        )

    def open_household_tab(self, household_id: str) -> bool:
        """Open (or switch to) the household's tab; False while there is no household view."""
        for index in range(1, self.tabs.count()):
            if self.tabs.widget(index).property("household_id") == household_id:
                self.tabs.setCurrentIndex(index)
                self.household_opened.emit(household_id)
                return True
        try:
            module = importlib.import_module(HOUSEHOLD_VIEW_MODULE)
        except ModuleNotFoundError as error:
            if error.name != HOUSEHOLD_VIEW_MODULE:
                raise
            log.info("no household file view yet: household not opened")
            return False
        view = module.HouseholdFileView(self.session, household_id, self.tabs)
        view.setProperty("household_id", household_id)
        name = self._tab_titles.get(household_id)
        own_title = getattr(view, "title", None)
        text = (
            self.tr("Household of {name}").format(name=name)
            if name
            else (own_title() if callable(own_title) else "") or self.tr("Household")
        )
        index = self.tabs.addTab(view, text)
        # The view names itself once loaded (the head's name); Qt's window title otherwise.
        renamed = getattr(view, "title_changed", None) or view.windowTitleChanged
        renamed.connect(lambda title, v=view: self._retitle(v, title))
        self.tabs.setCurrentIndex(index)
        self.household_opened.emit(household_id)
        return True

    def close_tab(self, index: int) -> None:
        """Close a household tab, unless its view refuses (unsaved edits)."""
        if index <= 0 or index >= self.tabs.count():
            return
        view = self.tabs.widget(index)
        if view.close():
            self.tabs.removeTab(index)
            view.deleteLater()

    def save_layout(self) -> None:
        """Remember the table's column widths, order and sort."""
        self._save_timer.stop()
        preferences.save_bytes(HEADER_STATE_KEY, self.table.horizontalHeader().saveState())

    # -- building --------------------------------------------------------------------------

    def _make_table(self) -> QTableView:
        table = QTableView(self.browser)
        table.setObjectName("personTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setCornerButtonEnabled(False)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.activated.connect(lambda _index: self.open_current())
        rows = table.verticalHeader()
        rows.setVisible(False)
        # Fixed heights: the view never asks 50,000 rows for their size.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in _DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        state = preferences.load_bytes(HEADER_STATE_KEY)
        if state is not None and not header.restoreState(state):
            log.info("the saved column layout did not fit; using the default")
        self._apply_header_sort(header)
        header.sectionClicked.connect(self._header_clicked)
        header.sectionResized.connect(lambda *_: self._save_timer.start())
        header.sectionMoved.connect(lambda *_: self._save_timer.start())
        return table

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.search_box, *self.filters.combos()]
        chain += [self.filters.clear_button, self.show_all_button, self.table]
        chain += [self.detail.reveal_button, self.detail.open_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- searching -------------------------------------------------------------------------

    def _search_text(self, _text: str) -> None:
        if self._list_ids is not None:
            return
        self._run_search()

    def _run_search(self) -> None:
        self._loaded = True
        self.model.hide_revealed()
        if self._list_ids is not None:
            self.model.search(ListSource(self._list_ids))
        else:
            self.model.search(SearchSource(self.current_query()))
        self._busy_timer.start()

    def _result_ready(self, total: int) -> None:
        self._busy_timer.stop()
        if self.model.text_kind is TextKind.TOO_SHORT:
            self.count_label.setText(self.tr("Type at least 4 digits"))
        else:
            self.count_label.setText(self.tr("{n} persons").format(n=f"{total:,}"))
        self._update_detail()

    def _show_busy(self) -> None:
        if self.model.busy:
            self.count_label.setText(self.tr("Searching…"))

    def _header_clicked(self, section: int) -> None:
        header = self.table.horizontalHeader()
        if Column(section) not in SORTS:
            # Only name, age and village sort (on the database side): keep the indicator.
            sort, descending = self.model.sort_order
            current = next((c for c, s in SORTS.items() if s is sort), None)
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            header.blockSignals(True)
            header.setSortIndicator(-1 if current is None else current, order)
            header.blockSignals(False)
            return
        self._apply_header_sort(header)
        self._save_timer.start()

    def _apply_header_sort(self, header: QHeaderView) -> None:
        section = header.sortIndicatorSection()
        if 0 <= section < len(Column) and Column(section) in SORTS:
            descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
            self.model.set_sort(SORTS[Column(section)], descending)
        else:
            if section != -1:
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.model.set_sort(PersonSort.RELEVANCE)

    def _set_narrowing_enabled(self, enabled: bool) -> None:
        self.search_box.setEnabled(enabled)
        self.filters.setEnabled(enabled)

    # -- villages, rows, details -----------------------------------------------------------

    def _villages_known(self) -> bool:
        return self.filters.village.count() > 1

    def _villages_read(self, villages: tuple[VillageChoice, ...]) -> None:
        self.filters.set_villages(villages)

    def _read_failed(self, error: Exception) -> None:
        show_error(self, error)

    def _rows_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        row = self.table.currentIndex().row()
        if top_left.row() <= row <= bottom_right.row():
            self._update_detail()

    def _update_detail(self) -> None:
        self.detail.show_row(self.current_row(), self.model)

    def _enter_table(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.TabFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _context_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        row = self.current_row()
        if row is None:
            return
        menu = QMenu(self)
        open_action = QAction(self.tr("Open household"), menu)
        open_action.setEnabled(row.hit.household_id is not None)
        open_action.triggered.connect(self.open_current)
        reveal_action = QAction(self.tr("Show the whole ID number"), menu)
        reveal_action.setEnabled(
            bool(row.hit.masked_resident_id) and self.model.revealed(row.hit.person_id) is None
        )
        reveal_action.triggered.connect(self.reveal_current)
        menu.addAction(open_action)
        menu.addAction(reveal_action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _hide_revealed(self) -> None:
        self.model.hide_revealed()
        self._update_detail()

    def _revealed(self, person_id: str, number: str) -> None:
        self.model.reveal(person_id, number)
        self._update_detail()

    def _reveal_failed(self, error: Exception) -> None:
        self._update_detail()
        show_error(self, error)

    def _retitle(self, view: QWidget, title: str) -> None:
        index = self.tabs.indexOf(view)
        if index > 0 and title:
            self.tabs.setTabText(index, title)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        if self._save_timer.isActive():
            self.save_layout()
        super().hideEvent(event)


class _DetailStrip(QFrame):
    """The selected person in one line, with the actions on them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.id_label = QLabel(self)
        self.id_label.setObjectName("residentId")
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reveal_button = QPushButton(self.tr("Show"), self)
        self.reveal_button.setObjectName("revealButton")
        self.reveal_button.setToolTip(self.tr("Show the whole ID number (the view is logged)"))
        self.open_button = QPushButton(self.tr("Open household"), self)
        self.open_button.setObjectName("openHousehold")
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #5f6368;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.summary)
        layout.addSpacing(12)
        layout.addWidget(self.id_label)
        layout.addWidget(self.reveal_button)
        layout.addSpacing(12)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.open_button)

    def show_row(self, row: CaseloadRow | None, model: PersonTableModel) -> None:
        """Describe the selected person (or say how to pick one)."""
        self.note.clear()
        if row is None:
            self.summary.setText(self.tr("Select a person to see the actions."))
            self.id_label.clear()
            self.reveal_button.setEnabled(False)
            self.open_button.setEnabled(False)
            return
        hit = row.hit
        parts = [hit.name, hit.sex or "", row.village_name or ""]
        if hit.age is not None:
            parts.insert(2, self.tr("age {n}").format(n=hit.age))
        self.summary.setText(" · ".join(part for part in parts if part))
        revealed = model.revealed(hit.person_id)
        if hit.masked_resident_id:
            number = revealed or hit.masked_resident_id
            self.id_label.setText(self.tr("ID number: {number}").format(number=number))
        else:
            self.id_label.setText(self.tr("No ID number"))
        self.reveal_button.setEnabled(bool(hit.masked_resident_id) and revealed is None)
        self.open_button.setEnabled(hit.household_id is not None)
