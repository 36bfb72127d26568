"""The app's log: a rotating file that never holds personal data, and crash reporting.

Every record that reaches the root logger passes a redaction filter and a redacting
formatter on the handler, so third-party loggers are covered as well as ours. Unhandled
exceptions are logged and the user is told in one plain Chinese sentence.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TextIO

import platformdirs

from minzheng_field.domain.errors import MinzhengError

__all__ = [
    "BACKUP_COUNT",
    "FAULT_FILE_NAME",
    "GENERIC_ERROR_MESSAGE",
    "LOG_FILE_NAME",
    "MAX_BYTES",
    "RedactingFilter",
    "RedactingFormatter",
    "default_log_dir",
    "install_excepthook",
    "log_dir_for",
    "redact",
    "setup_logging",
    "shutdown_logging",
    "user_message",
]

LOG_FILE_NAME = "minzheng-field.log"
FAULT_FILE_NAME = "faulthandler.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

GENERIC_ERROR_MESSAGE = (
    "程序遇到意外错误，详情已记入日志，已保存的数据不受影响。"
    "请重新打开程序；如反复出现，请把日志文件发给技术支持。"
)

Notify = Callable[[str], None]

_log = logging.getLogger(__name__)

# --- redaction ---------------------------------------------------------------------------

# Full-width ASCII forms and the ideographic space become ASCII first, so that "１３８…"
# is caught like "138…" and the log stays readable for developers.
_FULLWIDTH_TO_ASCII = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Every pattern below needs seven digits with at most one space or dash between two of
# them; pure ASCII text without such a run cannot match and is returned as it is.
_MAYBE_NUMBER = re.compile(r"\d(?:[ -]?\d){6}")

_RESIDENT_ID = re.compile(
    r"(?<!\d)(?:"
    r"\d{17}[\dXx]"  # GB 11643
    r"|\d{6}[ -]\d{8}[ -]\d{3}[\dXx]"  # the same, grouped as some forms print it
    r"|\d{15}"  # issued before 1999
    r")(?!\d)"
)
# Runs longer than 19 digits are redacted too: they may be two values written together.
_ACCOUNT = re.compile(r"(?<!\d)(?:\d{12,}|\d{4}(?: \d{4}){2,3}(?: \d{1,4})?)(?!\d)")
_MOBILE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[ -]?|\(\+?86\)[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})[ -]?\d{7,8}(?!\d)")

_IDEOGRAPHS = (
    "\u2e80-\u2fdf"  # radicals, sometimes typed in place of a missing character
    "\u2ff0-\u2fff"  # description characters, used to spell a character no font has
    "\u3005-\u3007"  # 々 〆 〇
    "\u31c0-\u31ef"  # strokes
    "\u3400-\u4dbf"  # Extension A
    "\u4e00-\u9fff"
    "\ue000-\uf8ff"  # private use: rare-name systems put their own characters here
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003ffff"  # Extensions B to I and the compatibility supplement
    "\U000f0000-\U0010ffff"  # supplementary private use
)
_VARIATION_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_NAME_DOTS = "\u00b7\u2022\u2027\u30fb\uff65"  # · • ‧ ・ ･ in minority names
_NAME_PART = f"[{_IDEOGRAPHS}][{_IDEOGRAPHS}{_VARIATION_SELECTORS}]*"
_NAME = re.compile(f"{_NAME_PART}(?:[{_NAME_DOTS}]{_NAME_PART})*")

_NUMBER_RULES = (
    (_RESIDENT_ID, "<id>"),
    (_ACCOUNT, "<account>"),
    (_MOBILE, "<phone>"),
    (_LANDLINE, "<phone>"),
)


def redact(text: str) -> str:
    """Replace ID numbers, bank accounts, phone numbers and CJK text with placeholders."""
    if text.isascii():
        if _MAYBE_NUMBER.search(text) is None:
            return text
    else:
        text = _NAME.sub("<name>", text.translate(_FULLWIDTH_TO_ASCII))
    for pattern, placeholder in _NUMBER_RULES:
        text = pattern.sub(placeholder, text)
    return text


class RedactingFilter(logging.Filter):
    """Redact a record in place, so that no formatter downstream sees the raw values."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the message, exception and stack text and string extras; keep the record."""
        record.msg = redact(_message_of(record))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _PLAIN_FORMATTER.formatException(record.exc_info)
        # The exception object holds the raw values; a later formatter uses exc_text alone.
        record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key in _RECORD_FIELDS or value is None or isinstance(value, int | float):
                continue
            setattr(record, key, redact(value if isinstance(value, str) else repr(value)))
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output, traceback included, is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        """Format as usual, then redact."""
        return redact(super().format(record))


_PLAIN_FORMATTER = logging.Formatter()
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def _message_of(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    # A filter that raises would raise into the code that logged; logging's own error
    # report would print the raw arguments to stderr.
    except Exception:  # noqa: BLE001
        return f"{record.msg} (arguments did not fit the format)"


# --- setup -------------------------------------------------------------------------------


class _State:
    handlers: list[logging.Handler] = []  # noqa: RUF012
    fault_file: TextIO | None = None
    faulthandler_was_enabled = False
    root_level: int | None = None
    notify: Notify | None = None
    previous_excepthook: Callable[..., object] | None = None
    previous_thread_excepthook: Callable[[threading.ExceptHookArgs], object] | None = None


def default_log_dir() -> Path:
    """The per-user log directory of the platform."""
    return Path(platformdirs.user_log_dir("minzheng-field", appauthor=False))


def log_dir_for(data_dir: Path) -> Path:
    """The log directory kept beside the vault in `data_dir`."""
    return data_dir / "logs"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by their owner only, like everything else in the data folder."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        if os.name == "posix":
            Path(self.baseFilename).chmod(0o600)
        return stream


def setup_logging(
    log_dir: Path,
    *,
    level: int = logging.INFO,
    console: bool = False,
    notify: Notify | None = None,
) -> Path:
    """Log to a rotating, redacted file in `log_dir`; return its path. Safe to call again.

    `notify` receives the sentence for the user on an unhandled exception (stderr if None).
    """
    _remove_handlers()
    _stop_faulthandler()

    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        log_dir.chmod(0o700)
    log_file = log_dir / LOG_FILE_NAME

    file_handler = _PrivateRotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handlers: list[logging.Handler] = [file_handler]
    if console and sys.stderr is not None:
        handlers.append(logging.StreamHandler(sys.stderr))

    root = logging.getLogger()
    if _State.root_level is None:
        _State.root_level = root.level
    root.setLevel(level)
    for handler in handlers:
        handler.addFilter(RedactingFilter())
        handler.setFormatter(RedactingFormatter(LOG_FORMAT))
        root.addHandler(handler)
    _State.handlers = handlers
    logging.captureWarnings(True)

    crashed_before = _start_faulthandler(log_dir / FAULT_FILE_NAME)
    install_excepthook(notify)
    if crashed_before:
        _log.warning("An earlier run crashed; see %s", FAULT_FILE_NAME)
    return log_file


def shutdown_logging() -> None:
    """Undo `setup_logging`: remove its handlers, hooks and faulthandler file."""
    _remove_handlers()
    logging.captureWarnings(False)
    _stop_faulthandler()
    if _State.faulthandler_was_enabled and sys.__stderr__ is not None:
        faulthandler.enable(file=sys.__stderr__, all_threads=True)
    _State.faulthandler_was_enabled = False
    if _State.root_level is not None:
        logging.getLogger().setLevel(_State.root_level)
        _State.root_level = None
    if sys.excepthook is _excepthook and _State.previous_excepthook is not None:
        sys.excepthook = _State.previous_excepthook
    if threading.excepthook is _thread_excepthook and _State.previous_thread_excepthook:
        threading.excepthook = _State.previous_thread_excepthook
    _State.previous_excepthook = None
    _State.previous_thread_excepthook = None
    _State.notify = None


def _remove_handlers() -> None:
    root = logging.getLogger()
    for handler in _State.handlers:
        root.removeHandler(handler)
        handler.close()
    _State.handlers = []


def _start_faulthandler(path: Path) -> bool:
    """Send fatal-error tracebacks to `path`; tell whether an earlier run left one there."""
    crashed_before = _scrub_fault_file(path)
    if _State.fault_file is None and faulthandler.is_enabled():
        _State.faulthandler_was_enabled = True
    # faulthandler writes through the descriptor at crash time, so the file object must
    # stay open (and referenced) for as long as it is enabled.
    _State.fault_file = path.open("a", encoding="utf-8")
    faulthandler.enable(file=_State.fault_file, all_threads=True)
    return crashed_before


def _stop_faulthandler() -> None:
    if _State.fault_file is not None:
        faulthandler.disable()
        _State.fault_file.close()
        _State.fault_file = None


_ASCII_ESCAPE = re.compile(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")


def _scrub_fault_file(path: Path) -> bool:
    """Redact what faulthandler wrote in an earlier run; return whether there was any."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    # faulthandler escapes non-ASCII file names ("\u5f20"), and a Windows user's folder
    # may carry a name: undo the escapes so that redaction sees the characters.
    raw = path.read_text(encoding="utf-8", errors="replace")
    text = _ASCII_ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), raw)
    scrubbed = redact(text)
    if scrubbed != raw:
        path.write_text(scrubbed, encoding="utf-8", errors="backslashreplace")
    return True


# --- unhandled exceptions ----------------------------------------------------------------


def user_message(exc: BaseException | None) -> str:
    """The Chinese sentence that tells the user about `exc`."""
    if isinstance(exc, MinzhengError):
        return exc.message
    return GENERIC_ERROR_MESSAGE


def install_excepthook(notify: Notify | None = None) -> None:
    """Log unhandled exceptions (main and other threads) and pass `notify` one sentence.

    Calling again replaces `notify`. A GUI's `notify` must itself hand the sentence to the
    GUI thread: exceptions of other threads are reported on the thread that raised them.
    """
    _State.notify = notify
    if sys.excepthook is not _excepthook:
        _State.previous_excepthook = sys.excepthook
        sys.excepthook = _excepthook
    if threading.excepthook is not _thread_excepthook:
        _State.previous_thread_excepthook = threading.excepthook
        threading.excepthook = _thread_excepthook


def _excepthook(
    exc_type: type[BaseException],
    exc_value: BaseException,
    exc_traceback: TracebackType | None,
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc_value, exc_traceback)
        return
    _log.critical("Unhandled exception", exc_info=(exc_type, exc_value, exc_traceback))
    _tell_user(exc_value)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return  # as the default hook does: a thread may end itself this way
    thread_name = args.thread.name if args.thread is not None else "unknown"
    exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
    _log.critical("Unhandled exception in thread %s", thread_name, exc_info=exc_info)
    _tell_user(args.exc_value)


def _tell_user(exc: BaseException | None) -> None:
    notify = _State.notify or _notify_stderr
    try:
        notify(user_message(exc))
    # The hook must not fail while reporting a failure; the log keeps what went wrong.
    except Exception:  # noqa: BLE001
        _log.exception("Could not tell the user about an unhandled exception")


def _notify_stderr(message: str) -> None:
    # A windowed build on Windows has no stderr at all.
    if sys.stderr is not None:
        print(message, file=sys.stderr)
