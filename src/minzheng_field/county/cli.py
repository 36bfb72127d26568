"""The `minzheng-county` command of the county server (its admin commands grow with Sync)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from minzheng_field import __version__
from minzheng_field.domain.divisions import Division, DivisionTable
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.resources import division_table

EXIT_USER_ERROR = 2


def _line(table: DivisionTable, division: Division) -> str:
    retired = ""
    if division.is_retired:
        successor = table.current(division.code)
        retired = f"（{division.retired_since}年起停用"
        retired += f"，现为{successor.code} {successor.name}）" if successor != division else "）"
    return f"{division.code}  {table.full_name(division.code)}{retired}"


def show_divisions(query: str) -> int:
    """Print the division with this code and its children, or every division with this name."""
    table = division_table()
    if query.strip().isdigit():
        division = table.get(query)
        print(_line(table, division))
        for child in table.children(division.code, include_retired=True):
            print("  " + _line(table, child))
        return 0
    found = table.search_name(query.strip())
    if not found:
        raise MinzhengError(f"区划表中没有名称含“{query.strip()}”的区划。", kind="no_division")
    for division in found:
        print(_line(table, division))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="minzheng-county", description="民政外勤助手 县级服务端")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    divisions = commands.add_parser("divisions", help="按代码或名称查区划（含已停用的旧代码）")
    divisions.add_argument("query", help="区划代码（6、9或12位）或名称")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `minzheng-county`."""
    args = build_parser().parse_args(argv)
    try:
        return show_divisions(args.query)
    except MinzhengError as error:
        print(error.message, file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
