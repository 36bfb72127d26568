"""The log never holds personal data; unhandled errors are logged and told in Chinese."""

from __future__ import annotations

import faulthandler
import io
import logging
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
from hypothesis import given, settings
from hypothesis import strategies as st

from minzheng_field import diagnostics
from minzheng_field.diagnostics import (
    FAULT_FILE_NAME,
    GENERIC_ERROR_MESSAGE,
    LOG_FILE_NAME,
    RedactingFilter,
    default_log_dir,
    install_excepthook,
    log_dir_for,
    redact,
    setup_logging,
    shutdown_logging,
)
from minzheng_field.domain.errors import MinzhengError

NAME = "张三丰"
RARE_NAME = "覃𠮷"  # U+20BB7, Extension B
MINORITY_NAME = "阿依古丽·买买提"
RESIDENT_ID = "11010519491231002X"
PHONE = "13812345678"
ACCOUNT = "6222021234567890123"
SECRETS = (NAME, RARE_NAME, MINORITY_NAME, RESIDENT_ID, RESIDENT_ID[-10:], PHONE, ACCOUNT)


@pytest.fixture
def clean_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whatever a test sets up is undone, so other tests see the logging they expect."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root_level = logging.getLogger().level
    yield
    shutdown_logging()
    logging.getLogger().setLevel(root_level)


@pytest.fixture
def notes() -> list[str]:
    return []


def all_bytes_under(directory: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in directory.rglob("*") if path.is_file()}


def assert_no_secret(files: dict[Path, bytes]) -> None:
    assert files
    for path, content in files.items():
        for secret in SECRETS:
            assert secret.encode() not in content, (path.name, secret)


# --- redact ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resident 110105194912310021 found", "resident <id> found"),
        ("resident 11010519491231002x found", "resident <id> found"),
        ("resident 11010519491231002X found", "resident <id> found"),
        ("id=11010519491231002Xabc", "id=<id>abc"),
        ("key110105194912310021", "key<id>"),
        ("full width １１０１０５１９４９１２３１００２Ｘ", "full width <id>"),
        ("grouped 110105 19491231 002X", "grouped <id>"),
        ("legacy 110105491231002 ok", "legacy <id> ok"),
        ("mobile 13812345678.", "mobile <phone>."),
        ("mobile +8613812345678", "mobile +<account>"),
        ("mobile +86 138 1234 5678", "mobile <phone>"),
        ("mobile 138-1234-5678", "mobile <phone>"),
        ("mobile 86-199 8765 4321;", "mobile <phone>;"),
        ("mobile (+86)13812345678", "mobile <phone>"),
        ("mobile tel:13812345678x", "mobile tel:<phone>x"),
        ("landline 010-12345678", "landline <phone>"),
        ("landline 0755 1234567", "landline <phone>"),
        ("landline (021)87654321", "landline <phone>"),
        ("account 6222021234567890123", "account <account>"),
        ("account 6222 0212 3456 7890", "account <account>"),
        ("account 6222 0212 3456 7890 123", "account <account>"),
        ("account 622202123456", "account <account>"),
        ("name 张三丰", "name <name>"),
        ("name 覃𠮷 and 𠮷", "name <name> and <name>"),
        ("name 金﨑 and 﨑", "name <name> and <name>"),  # U+FA11, a compatibility ideograph
        ("name 李\ue000明", "name <name>"),  # a private-use character of a rare-name system
        ("name 阿依古丽·买买提 ok", "name <name> ok"),
        ("name 阿依古丽•买买提", "name <name>"),
        ("name 葛\U000e0100优", "name <name>"),  # an ideographic variation sequence
        ("household 张三丰 (110105194912310021, 13812345678)", "household <name> (<id>, <phone>)"),
    ],
)
def test_redact_replaces_each_kind_of_personal_data(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "saved household 3f2a9c1e-5b7d-4e8f-a0b1-c2d3e4f5a6b7 in 12 ms",
        "year 2026, port 8443, PySide6 6.9.3, schema 0007",
        "at 2026-11-28 18:00:01,123 pulled 250 rows since cursor 1048576",
        'Traceback (most recent call last):\n  File "/srv/app/x.py", line 1234, in f',
        "",
    ],
)
def test_redact_keeps_developer_text(text: str) -> None:
    assert redact(text) == text


TRICKY = "0123456789 -+()Xx<>.:abc·•张𠮷﨑\ue000\ufe00１８Ｘ　"


@settings(deadline=None)  # examples come from the profile in conftest.py
@given(st.text(alphabet=TRICKY, max_size=60))
def test_redact_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


ascii_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20)
resident_ids = st.builds(
    lambda head, check: head + check,
    st.text("0123456789", min_size=17, max_size=17),
    st.sampled_from("0123456789Xx"),
)
mobiles = st.builds(
    lambda second, rest: "1" + second + rest,
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)
ideographs = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x323AF),
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
)
names = st.text(ideographs, min_size=1, max_size=4)


@settings(deadline=None)  # examples come from the profile in conftest.py
@given(ascii_text, st.one_of(resident_ids, mobiles, names), ascii_text)
def test_redact_removes_a_value_embedded_in_any_ascii_text(
    before: str, value: str, after: str
) -> None:
    assert value not in redact(before + value + after)


# --- the log file ------------------------------------------------------------------------


def test_no_personal_data_reaches_any_file_whatever_the_logger(
    clean_logging: None, data_dir: Path, notes: list[str]
) -> None:
    log_dir = log_dir_for(data_dir)
    log_file = setup_logging(log_dir, level=logging.DEBUG, notify=notes.append)
    assert log_file == log_dir / LOG_FILE_NAME

    logging.getLogger().info("root saw %s with %s", NAME, RESIDENT_ID)
    store_log = logging.getLogger("minzheng_field.store")
    store_log.info(f"store wrote {RARE_NAME} phone {PHONE} account {ACCOUNT}")
    store_log.info("store extra", extra={"resident": NAME, "ids": [RESIDENT_ID]})
    store_log.warning("store stack for %s", MINORITY_NAME, stack_info=True)
    logging.getLogger("alembic.runtime.migration").info("alembic step for %r", (NAME, PHONE))

    # SQLAlchemy's own engine logging, with bound parameters, as `echo` would show it.
    sqlalchemy_log = logging.getLogger("sqlalchemy.engine")
    sqlalchemy_level = sqlalchemy_log.level
    sqlalchemy_log.setLevel(logging.INFO)
    try:
        engine = sqlalchemy.create_engine("sqlite://")
        with engine.connect() as connection:
            parameters = {"a": NAME, "b": RESIDENT_ID, "c": ACCOUNT}
            connection.execute(sqlalchemy.text("SELECT :a, :b, :c"), parameters)
        engine.dispose()
    finally:
        sqlalchemy_log.setLevel(sqlalchemy_level)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"deprecated lookup of {RESIDENT_ID} by {NAME}", UserWarning, stacklevel=1)

    try:
        raise ValueError(f"bad resident {RESIDENT_ID} of {NAME}, phone {PHONE}")
    except ValueError:
        store_log.exception("Saving household failed for %s", ACCOUNT)

    try:
        raise RuntimeError(f"crash on {RARE_NAME} {PHONE} {ACCOUNT}")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def worker() -> None:
        raise KeyError(f"thread lost {MINORITY_NAME} {RESIDENT_ID}")

    thread = threading.Thread(target=worker, name="sync-worker")
    thread.start()
    thread.join()

    shutdown_logging()
    files = all_bytes_under(data_dir)
    assert_no_secret(files)
    log = files[log_file].decode()
    for english in (
        "root saw <name> with <id>",
        "store wrote <name> phone <phone> account <account>",
        "store extra",
        "store stack for <name>",
        "Stack (most recent call last)",
        "alembic step for ('<name>', '<phone>')",
        "SELECT ?, ?, ?",
        "'<name>', '<id>', '<account>'",
        "UserWarning: deprecated lookup of <id> by <name>",
        "Saving household failed for <account>",
        "ValueError: bad resident <id> of <name>, phone <phone>",
        "CRITICAL",
        "Unhandled exception",
        "RuntimeError: crash on <name> <phone> <account>",
        "Unhandled exception in thread sync-worker",
        "KeyError",
    ):
        assert english in log
    assert notes == [GENERIC_ERROR_MESSAGE, GENERIC_ERROR_MESSAGE]


def test_the_filter_protects_a_handler_with_an_ordinary_formatter() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s | %(resident)s | %(ids)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("test_diagnostics.ordinary")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        raise ValueError(f"bad {RESIDENT_ID}")
    except ValueError:
        logger.error("failed %s", PHONE, exc_info=True, extra={"resident": NAME, "ids": [ACCOUNT]})
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "failed <phone> | <name> | ['<account>']" in output
    assert "ValueError: bad <id>" in output
    for secret in SECRETS:
        assert secret not in output


def test_a_format_error_is_redacted_instead_of_raised() -> None:
    record = logging.LogRecord(
        "minzheng_field", logging.INFO, __file__, 1, "two values %s %s from " + NAME, (PHONE,), None
    )
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "two values %s %s from <name> (arguments did not fit the format)"


def test_rotated_files_hold_no_personal_data(clean_logging: None, data_dir: Path) -> None:
    log_dir = log_dir_for(data_dir)
    setup_logging(log_dir)
    logger = logging.getLogger("minzheng_field.services")
    line = f"visit of {NAME} {RESIDENT_ID} {PHONE} {ACCOUNT} " + "x" * 200
    for _ in range(6000):  # about 1.5 MiB
        logger.info(line)
    shutdown_logging()
    files = all_bytes_under(data_dir)
    assert (log_dir / f"{LOG_FILE_NAME}.1") in files
    assert all(len(content) <= diagnostics.MAX_BYTES for content in files.values())
    assert_no_secret(files)


def test_faulthandler_writes_to_its_own_file(clean_logging: None, data_dir: Path) -> None:
    log_dir = log_dir_for(data_dir)
    setup_logging(log_dir)
    assert faulthandler.is_enabled()
    fault_file = log_dir / FAULT_FILE_NAME
    assert fault_file.exists()
    shutdown_logging()


def test_an_earlier_fault_report_is_scrubbed_and_noticed(
    clean_logging: None, data_dir: Path
) -> None:
    log_dir = log_dir_for(data_dir)
    log_dir.mkdir(parents=True)
    # faulthandler escapes non-ASCII file names this way.
    (log_dir / FAULT_FILE_NAME).write_text(
        "Fatal Python error: Segmentation fault\n\n"
        '  File "C:\\Users\\\\u5f20\\u4e09\\u4e30\\app\\x.py", line 3 in f\n',
        encoding="utf-8",
    )
    log_file = setup_logging(log_dir)
    shutdown_logging()
    fault_report = (log_dir / FAULT_FILE_NAME).read_text(encoding="utf-8")
    assert "u5f20" not in fault_report
    assert NAME not in fault_report
    assert "<name>" in fault_report
    assert "Segmentation fault" in fault_report
    assert "An earlier run crashed" in log_file.read_text(encoding="utf-8")


def test_setting_up_twice_installs_one_handler(clean_logging: None, data_dir: Path) -> None:
    log_dir = log_dir_for(data_dir)
    before = len(logging.getLogger().handlers)
    setup_logging(log_dir, console=True)
    log_file = setup_logging(log_dir, console=True)
    ours = [
        h
        for h in logging.getLogger().handlers
        if h.filters and isinstance(h.filters[0], RedactingFilter)
    ]
    assert len(ours) == 2  # the file and stderr
    assert len(logging.getLogger().handlers) == before + 2
    logging.getLogger("minzheng_field").warning("written once")
    shutdown_logging()
    assert log_file.read_text(encoding="utf-8").count("written once") == 1
    assert len(logging.getLogger().handlers) == before


def test_the_console_handler_redacts_too(
    clean_logging: None, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging(data_dir, console=True)
    logging.getLogger("minzheng_field").warning("console sees %s %s", NAME, PHONE)
    shutdown_logging()
    err = capsys.readouterr().err
    assert "console sees <name> <phone>" in err
    assert NAME not in err


def test_shutdown_restores_the_hooks(clean_logging: None, data_dir: Path) -> None:
    excepthook, thread_excepthook = sys.excepthook, threading.excepthook
    setup_logging(data_dir)
    assert sys.excepthook is not excepthook
    shutdown_logging()
    assert sys.excepthook is excepthook
    assert threading.excepthook is thread_excepthook


def test_log_directories() -> None:
    assert log_dir_for(Path("/data")) == Path("/data/logs")
    assert "minzheng-field" in str(default_log_dir())


# --- unhandled exceptions ----------------------------------------------------------------


def raise_and_hook(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001 - the hook is what is under test
        sys.excepthook(type(caught), caught, caught.__traceback__)


def test_a_minzheng_error_tells_the_user_its_own_sentence(
    clean_logging: None, data_dir: Path, notes: list[str]
) -> None:
    setup_logging(data_dir, notify=notes.append)
    raise_and_hook(MinzhengError("无法写入数据，请检查磁盘空间后重试。", kind="disk_full"))
    assert notes == ["无法写入数据，请检查磁盘空间后重试。"]


def test_any_other_error_tells_the_user_the_generic_sentence(
    clean_logging: None, notes: list[str]
) -> None:
    install_excepthook(notes.append)
    raise_and_hook(ZeroDivisionError("division by zero"))
    assert notes == [GENERIC_ERROR_MESSAGE]


def test_calling_again_replaces_notify(clean_logging: None, data_dir: Path) -> None:
    first: list[str] = []
    second: list[str] = []
    setup_logging(data_dir, notify=first.append)
    install_excepthook(second.append)
    raise_and_hook(OSError("disk"))
    assert first == []
    assert second == [GENERIC_ERROR_MESSAGE]


def test_default_notify_writes_the_sentence_to_stderr(
    clean_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    install_excepthook(None)
    raise_and_hook(RuntimeError("boom"))
    assert capsys.readouterr().err == GENERIC_ERROR_MESSAGE + "\n"


def test_a_failing_notify_is_logged_not_raised(clean_logging: None, data_dir: Path) -> None:
    def broken(message: str) -> None:
        raise RuntimeError("no window")

    log_file = setup_logging(data_dir, notify=broken)
    raise_and_hook(ValueError("original"))
    shutdown_logging()
    content = log_file.read_text(encoding="utf-8")
    assert "Could not tell the user" in content
    assert "RuntimeError: no window" in content


def test_keyboard_interrupt_goes_to_the_default_hook(
    clean_logging: None, notes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda t, v, tb: seen.append(t))
    install_excepthook(notes.append)
    raise_and_hook(KeyboardInterrupt())
    assert seen == [KeyboardInterrupt]
    assert notes == []
