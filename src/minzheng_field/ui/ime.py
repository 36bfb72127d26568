"""Chinese input on Linux: the PySide6 wheels carry no fcitx plugin, so speak ibus.

fcitx5 also speaks the ibus protocol; without this, a fcitx user could not type Chinese.
Must run before the QApplication exists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping


def choose_input_method(environ: MutableMapping[str, str] | None = None) -> str | None:
    """Set QT_IM_MODULE to ibus where fcitx is in use and no usable module is set."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    current = env.get("QT_IM_MODULE", "")
    hints = env.get("GTK_IM_MODULE", "") + " " + env.get("XMODIFIERS", "")
    # A named fcitx module cannot load from the wheels; an unset one with an input method
    # running in the desktop (fcitx5 or ibus) is best served by ibus as well.
    if current in ("fcitx", "fcitx5") or (not current and ("fcitx" in hints or "ibus" in hints)):
        env["QT_IM_MODULE"] = "ibus"
        return "ibus"
    return None
