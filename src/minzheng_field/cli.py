"""The `minzheng-field` command: the app, and headless commands on the same vault code."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import platformdirs

from minzheng_field import __version__
from minzheng_field.diagnostics import log_dir_for, setup_logging
from minzheng_field.domain.calendar import china_today
from minzheng_field.domain.divisions import DivisionLevel, normalize_division_code
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.passwords import password_problem
from minzheng_field.domain.programs import Program
from minzheng_field.domain.roles import Role
from minzheng_field.resources import division_table
from minzheng_field.services.context import actor_for
from minzheng_field.services.demo import (
    DEFAULT_PERSONS,
    DEFAULT_SEED,
    MAX_PERSONS,
    DemoSummary,
    generate_demo_township,
)
from minzheng_field.services.rates import is_urban
from minzheng_field.services.schedules import DueVisit, due_visits
from minzheng_field.store.backup import read_backup_info, restore_backup, write_backup
from minzheng_field.store.session import session_scope
from minzheng_field.store.vault import Vault, vault_exists

log = logging.getLogger(__name__)

APP_NAME = "minzheng-field"
PASSWORD_ENV = "MINZHENG_PASSWORD"  # noqa: S105 (the variable's name, not a password)
DEMO_TOWNSHIP = "431023113"  # 永兴县樟树镇
DEMO_USER = "demo"
DEMO_PASSWORD = "Demo-2026"  # noqa: S105 (the demo is fictional and its password public)

EXIT_USER_ERROR = 2


class UsageError(MinzhengError):
    kind = "usage"


def default_data_dir() -> Path:
    """Where the user's vault lives unless --data-dir says otherwise."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir() -> Path:
    """Where the demo township lives: apart from the real vault, so it never mixes."""
    return default_data_dir() / "demo"


def _say(text: str) -> None:
    print(text, flush=True)


def _read_password(prompt: str, *, confirm: bool = False) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise UsageError(f"请在环境变量 {PASSWORD_ENV} 中给出密码，或在终端中运行以输入密码。")
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass("请再输入一次：") != password:
        raise UsageError("两次输入的密码不一样，请重新运行。")
    return password


def _township_name(code: str) -> str:
    return division_table().full_name(code)


def _check_township(text: str) -> str:
    code = normalize_division_code(text)
    division = division_table().get(code)
    if division.level is not DivisionLevel.TOWNSHIP:
        raise UsageError(
            f"区划代码{code}是{division.name}，不是乡镇（街道）；请给出9位的乡镇代码。"
        )
    if division.is_retired:
        current = division_table().current(code)
        raise UsageError(f"{division.name}的代码已停用，请改用{current.name}（{current.code}）。")
    return code


def open_demo(data_dir: Path) -> int:
    """Create the demo vault, filled with a fictional township, when missing; say how to open it."""
    cadre = None
    if vault_exists(data_dir):
        vault = Vault(data_dir)
        vault.unlock(DEMO_USER, DEMO_PASSWORD)
        vault.lock()
        _say(f"演示乡镇数据库已在：{data_dir}")
    else:
        vault = Vault.create(
            data_dir,
            township_code=DEMO_TOWNSHIP,
            admin_username=DEMO_USER,
            admin_display_name="演示管理员",
            admin_password=DEMO_PASSWORD,
        )
        try:
            _say("正在生成演示乡镇的数据……")
            summary = generate_demo_township(vault)
            # One village cadre may log in too, to show what a cadre's account sees.
            _code, name, cadre, display_name = next(
                (v for v in summary.village_cadres if not is_urban(v[0])),
                summary.village_cadres[0],
            )
            vault.add_user(cadre, display_name, Role.VILLAGE_CADRE, DEMO_PASSWORD)
        finally:
            vault.lock()
        _say(f"已创建演示乡镇数据库：{data_dir}")
        _say_summary(summary)
        cadre = f"{cadre}（{name}村干部/儿童主任）"
    _say(f"乡镇：{_township_name(DEMO_TOWNSHIP)}（演示数据，均为虚构）")
    _say(f"登录名：{DEMO_USER}    密码：{DEMO_PASSWORD}")
    if cadre:
        _say(f"村干部登录名：{cadre}    密码相同")
    _say("主窗口将在“桌面”阶段提供；现在可以用 minzheng-field --help 查看命令行功能。")
    return 0


def make_demo(data_dir: Path, persons: int, seed: int, user: str) -> int:
    """Fill a new (or empty) vault with a fictional township, printing progress and a summary."""
    started = time.perf_counter()
    if not 1 <= persons <= MAX_PERSONS:
        raise UsageError(f"--persons 应在1到{MAX_PERSONS}之间。")
    if vault_exists(data_dir):
        vault = Vault(data_dir)
        vault.unlock(user, _read_password(f"{user} 的密码："))
    else:
        password = _read_password("为演示管理员设置密码：", confirm=True)
        problem = password_problem(password)
        if problem:
            raise UsageError(problem)
        vault = Vault.create(
            data_dir,
            township_code=DEMO_TOWNSHIP,
            admin_username=user,
            admin_display_name="演示管理员",
            admin_password=password,
        )
        _say(f"已新建演示乡镇数据库：{data_dir}")
    try:
        _say(f"正在生成演示乡镇（{persons}人，种子{seed}）……")
        summary = generate_demo_township(
            vault, persons=persons, seed=seed, progress=_progress_printer()
        )
    finally:
        vault.lock()
    _say_summary(summary)
    _say(f"用时：{time.perf_counter() - started:.1f}秒")
    return 0


def _progress_printer() -> Callable[[int, int], None]:
    shown = [-1]

    def show(done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent // 10 > shown[0]:
            shown[0] = percent // 10
            _say(f"  {percent}%")

    return show


def _say_summary(summary: DemoSummary) -> None:
    counts = summary.by_program
    _say(f"演示乡镇：{_township_name(summary.township_code)}（演示数据，均为虚构）")
    _say(
        f"家庭{summary.households}户，人员{summary.persons}人"
        f"（待核实{summary.pending_persons}人，已去世{summary.deceased}人，"
        f"姓名含生僻字{summary.rare_name_persons}人）"
    )
    _say(
        f"低保{counts[Program.DIBAO]}户{summary.dibao_persons}人；"
        f"低保边缘{counts[Program.DIBAO_EDGE]}户；"
        f"特困人员{counts[Program.TEKUN]}人；"
        f"近一年临时救助{counts[Program.TEMPORARY_ASSISTANCE]}件"
    )
    _say(
        f"困难残疾人生活补贴{counts[Program.DISABILITY_LIVING_SUBSIDY]}人；"
        f"重度残疾人护理补贴{counts[Program.DISABILITY_CARE_SUBSIDY]}人；"
        f"孤儿{counts[Program.ORPHAN]}人；"
        f"事实无人抚养儿童{counts[Program.UNSUPPORTED_CHILD]}人"
    )
    _say(
        f"儿童档案{summary.children_in_files}份，老人档案{summary.elders_in_files}份，"
        f"近一年探访记录{summary.visits}条，状态变更{summary.enrolment_events}条，"
        f"待办{summary.tasks}项"
    )


def show_status(data_dir: Path) -> int:
    """Say where the vault is and who can open it (the window arrives in the Desktop step)."""
    if not vault_exists(data_dir):
        _say(f"数据文件夹 {data_dir} 中还没有数据库。")
        _say("新建：minzheng-field init --township 乡镇代码 --admin 登录名")
        _say("从备份恢复：minzheng-field restore 备份文件 --user 登录名")
        _say("试用演示乡镇：minzheng-field --demo")
        return 0
    vault = Vault(data_dir)
    _say(f"数据库：{vault.paths.db}")
    _say("账号：" + "，".join(f"{u.username}（{u.role.value}）" for u in vault.users()))
    if vault.enrolment_required:
        _say("这个数据库是从备份恢复的，同步前需要重新向县民政局登记本机。")
    return 0


def init_vault(data_dir: Path, township: str, admin: str, display_name: str) -> int:
    """Create the township's vault with its first administrator."""
    code = _check_township(township)
    if vault_exists(data_dir):
        raise UsageError(f"{data_dir} 中已经有数据库，不能再新建。")
    password = _read_password("为管理员设置密码：", confirm=True)
    problem = password_problem(password)
    if problem:
        raise UsageError(problem)
    vault = Vault.create(
        data_dir,
        township_code=code,
        admin_username=admin,
        admin_display_name=display_name or admin,
        admin_password=password,
    )
    vault.lock()
    _say(f"已为{_township_name(code)}新建数据库：{data_dir}")
    return 0


def backup(data_dir: Path, user: str, target: Path) -> int:
    """Write an encrypted backup of the vault to a file the user chose."""
    vault = Vault(data_dir)
    vault.unlock(user, _read_password(f"{user} 的密码："))
    try:
        info = write_backup(vault, target)
    finally:
        vault.lock()
    _say(f"已备份到：{target}（{info.created_at.astimezone():%Y-%m-%d %H:%M}）")
    return 0


def restore(data_dir: Path, user: str, source: Path) -> int:
    """Restore a backup into an empty data folder (or over the same vault)."""
    info = read_backup_info(source)
    restore_backup(source, data_dir, user, _read_password(f"备份中 {user} 的密码："))
    _say(f"已从备份（{info.created_at.astimezone():%Y-%m-%d %H:%M}）恢复到：{data_dir}")
    _say("同步前需要重新向县民政局登记本机。")
    return 0


def _parse_day(text: str | None) -> date:
    if text is None:
        return china_today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError("--date 应写作“年-月-日”，例如 2026-03-05。") from None


def _pick_user(vault: Vault, user: str | None) -> str:
    if user:
        return user
    accounts = vault.users()
    if len(accounts) == 1:
        return accounts[0].username
    raise UsageError("这个数据库有多个账号，请用 --user 指定登录名。")


def _cell(text: str, width: int) -> str:
    # East Asian wide characters take two columns in a terminal.
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - used)


def _due_as_json(visit: DueVisit) -> dict[str, object]:
    return {
        "person_id": visit.person_id,
        "person": visit.person_name,
        "village_code": visit.village_code,
        "village": visit.village_name,
        "category": visit.category,
        "category_label": visit.category_label,
        "frequency": visit.frequency,
        "last_visited_on": visit.last_visited_on.isoformat() if visit.last_visited_on else None,
        "due_date": visit.due_date.isoformat(),
        "overdue_days": visit.overdue_days,
        "visitor": visit.visitor,
        "visitor_name": visit.visitor_name,
    }


def visits_due(data_dir: Path, user: str | None, day_text: str | None, as_json: bool) -> int:
    """Print the visits due and overdue on a day (a Chinese table, or JSON)."""
    day = _parse_day(day_text)
    if not vault_exists(data_dir):
        raise UsageError(f"数据文件夹 {data_dir} 中还没有数据库。")
    vault = Vault(data_dir)
    login = _pick_user(vault, user)
    vault.unlock(login, _read_password(f"{login} 的密码："))
    try:
        engine = vault.open_engine()
        try:
            with session_scope(engine) as session:
                due = due_visits(session, actor_for(session, login), day)
        finally:
            vault.close_engine(engine)
    finally:
        vault.lock()
    if as_json:
        print(json.dumps([_due_as_json(v) for v in due], ensure_ascii=False, indent=2))
        return 0
    if not due:
        _say(f"{day.isoformat()} 没有应探访的对象。")
        return 0
    columns = (("逾期天数", 8), ("应访日期", 10), ("村（社区）", 14), ("姓名", 10), ("类别", 20))
    _say("  ".join(_cell(title, width) for title, width in columns) + "  探访人")
    for visit in due:
        cells = (
            str(visit.overdue_days) if visit.overdue_days else "今天到期",
            visit.due_date.isoformat(),
            visit.village_name or "（未编户）",
            visit.person_name,
            visit.category_label,
        )
        row = "  ".join(
            _cell(text, width) for text, (_t, width) in zip(cells, columns, strict=True)
        )
        _say(f"{row}  {visit.visitor_name or visit.visitor or ''}")
    overdue = sum(1 for visit in due if visit.overdue_days)
    _say(f"共{len(due)}人次应探访，其中{overdue}人次已逾期（{day.isoformat()}）。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="minzheng-field", description="民政外勤助手：乡镇民政外勤与台账工具。"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", type=Path, help="数据文件夹（默认在用户数据目录中）")
    parser.add_argument("--demo", action="store_true", help="打开演示乡镇（没有时自动创建）")
    parser.add_argument(
        "--no-window", action="store_true", help="不打开窗口，只在命令行中显示数据库的情况"
    )
    commands = parser.add_subparsers(dest="command")

    init = commands.add_parser("init", help="新建本乡镇的数据库和管理员账号")
    init.add_argument("--township", required=True, help="乡镇（街道）9位区划代码")
    init.add_argument("--admin", required=True, help="管理员登录名（字母和数字）")
    init.add_argument("--name", default="", help="管理员显示的姓名")

    save = commands.add_parser("backup", help="把数据库加密备份到一个文件")
    save.add_argument("--to", type=Path, required=True, dest="target")
    save.add_argument("--user", required=True)

    load = commands.add_parser("restore", help="从备份文件恢复数据库")
    load.add_argument("source", type=Path)
    load.add_argument("--user", required=True)

    demo = commands.add_parser("demo", help="生成虚构的演示乡镇（可指定人数，用于演示和压力测试）")
    # Also accepted after the command; SUPPRESS keeps a --data-dir given before it.
    demo.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="数据文件夹")
    demo.add_argument("--persons", type=int, default=DEFAULT_PERSONS, help="人数（默认3000）")
    demo.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="随机种子：相同种子生成相同数据"
    )
    demo.add_argument("--user", default=DEMO_USER, help="管理员登录名（默认demo）")

    visits = commands.add_parser("visits", help="探访：应探访和逾期名单")
    visit_commands = visits.add_subparsers(dest="visits_command", required=True)
    due = visit_commands.add_parser("due", help="列出某天应探访和已逾期的对象")
    due.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help="数据文件夹")
    due.add_argument("--date", dest="day", help="日期（年-月-日，默认今天）")
    due.add_argument("--json", action="store_true", help="输出 JSON 列表")
    due.add_argument("--user", help="登录名（数据库只有一个账号时可省略）")
    return parser


def _run_window(data_dir: Path, *, demo: bool) -> int:
    # Imported here: the headless commands must not need Qt's libraries.
    from minzheng_field.ui.app import run_app

    return run_app(data_dir, demo_credentials=(DEMO_USER, DEMO_PASSWORD) if demo else None)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `minzheng-field`."""
    args = build_parser().parse_args(argv)
    # The demo never lands in the real vault's folder unless --data-dir says so.
    wants_demo = args.demo or args.command == "demo"
    data_dir: Path = args.data_dir or (demo_data_dir() if wants_demo else default_data_dir())
    try:
        setup_logging(log_dir_for(data_dir))
        if args.demo:
            code = open_demo(data_dir)
            if code or args.no_window:
                return code
            return _run_window(data_dir, demo=True)
        if args.command == "init":
            return init_vault(data_dir, args.township, args.admin, args.name)
        if args.command == "backup":
            return backup(data_dir, args.user, args.target)
        if args.command == "restore":
            return restore(data_dir, args.user, args.source)
        if args.command == "demo":
            return make_demo(data_dir, args.persons, args.seed, args.user)
        if args.command == "visits":
            return visits_due(data_dir, args.user, args.day, args.json)
        if args.no_window:
            return show_status(data_dir)
        return _run_window(data_dir, demo=False)
    except MinzhengError as error:
        log.warning("command failed: %s", error.kind)
        print(error.message, file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as error:
        log.warning("command failed: %s", type(error).__name__)
        print("无法读写文件，请检查文件夹是否存在、是否有权限、磁盘是否已满。", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
