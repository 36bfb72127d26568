"""The base of every navigation page."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from minzheng_field.ui.session import UiSession


class Page(QWidget):
    """One entry of the navigation: built once per unlocked session, refreshed on demand."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.events.operation_did_execute.connect(self.on_operation)

    def title(self) -> str:
        """The navigation entry's text."""
        raise NotImplementedError

    def activated(self) -> None:
        """The page was shown: load or refresh what it displays."""

    def on_operation(self, result: Any) -> None:
        """Something changed in the vault; refresh if it concerns this page."""

    def focus_search(self) -> bool:
        """Put the cursor into this page's search box, if it has one."""
        return False
