"""The search field: fires a search shortly after typing stops, at once on Enter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

# Long enough to skip the letters of a word typed in one go, short enough to feel instant.
DEBOUNCE_MS = 150


class SearchBox(QLineEdit):
    """A line edit that emits `search_requested(text)` once typing pauses (or on Enter)."""

    search_requested = Signal(str)
    # Down arrow: the user wants to move into the results.
    leave_down = Signal()

    def __init__(self, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Name, pinyin initials (e.g. zds), ID or phone digits"))
        self._fired: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._fire_if_changed)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.fire_now)
        self._find_filters: list[_FindKeyFilter] = []

    def fire_now(self) -> None:
        """Search for the current text now (Enter), even if it was searched before."""
        self._timer.stop()
        self._fired = self.text()
        self.search_requested.emit(self._fired)

    def set_text_quietly(self, text: str) -> None:
        """Put text in the box without firing a search (the caller runs its own)."""
        self._timer.stop()
        self.blockSignals(True)
        try:
            self.setText(text)
        finally:
            self.blockSignals(False)
        self._fired = text

    def focus_and_select(self) -> None:
        """Put the cursor here with the text selected, ready to type over."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()

    def handle_find_key_in(self, host: QWidget) -> None:
        """Let Ctrl+F anywhere inside `host` come here (ahead of a window-wide shortcut)."""
        key_filter = _FindKeyFilter(self, host)
        host.installEventFilter(key_filter)
        self._find_filters.append(key_filter)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.fire_now()
            return
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.leave_down.emit()
            return
        super().keyPressEvent(event)

    def _fire_if_changed(self) -> None:
        if self.text() != self._fired:
            self.fire_now()


class _FindKeyFilter(QObject):
    """Ctrl+F reaching the host (unhandled by the widget with focus) focuses the search box."""

    def __init__(self, box: SearchBox, host: QWidget) -> None:
        super().__init__(host)
        self._box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Find):
                # Accepting the override keeps a window-wide Ctrl+F from firing as well.
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self._box.focus_and_select()
                return True
        return False
