"""Helpers that make read-only forms and small actions look alike across pages."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel

# A small action beside a value (显示): looks like a link and is no taller than the text.
LINK_BUTTON_STYLE = (
    "QPushButton, QToolButton { color: #1a5fb4; border: none; padding: 0 2px;"
    " background: transparent; }"
    "QPushButton:hover, QToolButton:hover { text-decoration: underline; }"
    "QPushButton:disabled, QToolButton:disabled { color: #9aa5b1; }"
)


def even_captions(forms: Sequence[QFormLayout]) -> None:
    """Give every caption of these forms the width of the widest, so the values line up."""
    captions: list[QLabel] = []
    for form in forms:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                captions.append(widget)
    width = max((label.sizeHint().width() for label in captions), default=0)
    for label in captions:
        label.setMinimumWidth(width)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
