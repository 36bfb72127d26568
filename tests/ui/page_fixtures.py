"""Pages shown for a test: added to qtbot, sized, shown and activated, and waited for until
their first read has come."""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import SignalInstance

from minzheng_field.ui.pages.workbench_page import WorkbenchPage
from minzheng_field.ui.session import UiSession

PageT = TypeVar("PageT")


def activated(qtbot: Any, page: PageT, loaded: SignalInstance, size: tuple[int, int]) -> PageT:
    """`page` shown at `size` and activated, once its `loaded` signal has come."""
    qtbot.addWidget(page)
    page.resize(*size)  # type: ignore[attr-defined]
    page.show()  # type: ignore[attr-defined]
    with qtbot.waitSignal(loaded, timeout=10_000):
        page.activated()  # type: ignore[attr-defined]
    return page


def shown_workbench(
    qtbot: Any, session: UiSession, size: tuple[int, int] = (1000, 700)
) -> WorkbenchPage:
    """The session's workbench, shown with its summary read."""
    page = WorkbenchPage(session)
    return activated(qtbot, page, page.summary_loaded, size)
