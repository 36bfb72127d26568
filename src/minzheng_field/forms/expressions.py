"""The small expressions of visit forms (relevance, computed values, rule conditions).

An expression is checked against a whitelist of syntax before it is ever evaluated, and then
evaluated by `simpleeval` with our own operators and functions only; nothing reaches Python's
`eval`. Allowed: names (field ids, declared context values), numbers, strings, True/False/None,
tuples and lists of those, comparisons (also `in`, `not in`, `is None`, `is not None`),
`and`/`or`/`not`, `+ - * / // % **`, unary minus, `a if c else b`, and calls of the functions
in `FUNCTIONS`. Everything else — attributes, subscripts, lambdas, comprehensions, keyword
arguments, f-strings, imports — is refused with a typed error.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from minzheng_field.domain.age import age_on
from minzheng_field.domain.errors import MinzhengError

MAX_SOURCE_LENGTH = 1000
MAX_NODES = 250
MAX_STRING_CONSTANT = 200
MAX_NUMBER_CONSTANT = 10**15
MAX_EXPONENT = 64
# Integers beyond this many bits are refused: no form needs them, and they cost time.
MAX_INT_BITS = 256


class ExpressionError(MinzhengError):
    """A form expression that cannot be used; the message names the expression, never data."""

    kind = "form_expression"


class ExpressionSyntaxError(ExpressionError):
    """The text is not an expression at all."""

    kind = "form_expression_syntax"


class ForbiddenExpression(ExpressionError):
    """The expression uses something outside the whitelist."""

    kind = "form_expression_forbidden"


class UnknownName(ExpressionError):
    """The expression names something that is neither a field, a context value nor a function."""

    kind = "form_expression_unknown_name"

    def __init__(self, name: str, source: str) -> None:
        super().__init__(f"表达式“{source}”用到了不存在的字段或函数“{name}”。")
        self.name = name


class EvaluationError(ExpressionError):
    """The expression is valid but failed on these values (a missing answer, division by zero)."""

    kind = "form_expression_evaluation"


# --- functions an expression may call -------------------------------------------------------


def _to_date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise TypeError(f"{what} is not a date")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal)


def _answered(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def _count_selected(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, list | tuple):
        return len(value)
    raise TypeError("count_selected() takes the answer of a multiple-choice field")


def _total(*values: Any) -> int | float | Decimal:
    result: int | float | Decimal = 0
    for value in values:
        if value is None:
            continue
        if not _is_number(value) or isinstance(value, bool):
            raise TypeError("total() adds numbers only")
        result = _add(result, value)
    return result


def _fen(value: Any) -> int | None:
    """Yuan to whole fen, rounding half up, exactly (no binary floating point on the way)."""
    if value is None:
        return None
    if not _is_number(value) or isinstance(value, bool):
        raise TypeError("fen() converts an amount in yuan")
    try:
        fen = (Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise TypeError("fen() converts an amount in yuan") from None
    return _checked(int(fen))


def _days_between(start: Any, end: Any) -> int | None:
    if start is None or end is None:
        return None
    return (_to_date(end, "days_between()") - _to_date(start, "days_between()")).days


def _round(value: Any, digits: Any = 0) -> Any:
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 10:
        raise TypeError("round() keeps 0 to 10 digits")
    if not _is_number(value):
        raise TypeError("round() rounds a number")
    return round(value, digits)


def _min_max(choose: Callable[..., Any]) -> Callable[..., Any]:
    def pick(*values: Any) -> Any:
        if len(values) == 1 and isinstance(values[0], list | tuple):
            values = tuple(values[0])
        if not values:
            raise TypeError("min()/max() need at least one value")
        return choose(values)

    return pick


def _len(value: Any) -> int:
    if not isinstance(value, str | list | tuple):
        raise TypeError("len() takes a text or a list")
    return len(value)


def _abs(value: Any) -> Any:
    if not _is_number(value):
        raise TypeError("abs() takes a number")
    return abs(value)


@dataclass(frozen=True)
class _Clock:
    today: date

    def today_(self) -> date:
        return self.today

    def age(self, birth: Any, on: Any = None) -> int | None:
        if birth is None:
            return None
        day = self.today if on is None else _to_date(on, "age()")
        return age_on(_to_date(birth, "age()"), day)


# Names and arity of the functions; the values are bound per evaluation (today() and age()
# depend on the visit date, never on the wall clock).
FUNCTIONS: Mapping[str, tuple[int, int | None]] = {
    "age": (1, 2),
    "today": (0, 0),
    "len": (1, 1),
    "count_selected": (1, 1),
    "answered": (1, 1),
    "total": (0, None),
    "fen": (1, 1),
    "days_between": (2, 2),
    "round": (1, 2),
    "abs": (1, 1),
    "min": (1, None),
    "max": (1, None),
}

CONSTANTS = frozenset({"True", "False", "None"})


def _functions(today: date) -> dict[str, Callable[..., Any]]:
    clock = _Clock(today)
    return {
        "age": clock.age,
        "today": clock.today_,
        "len": _len,
        "count_selected": _count_selected,
        "answered": _answered,
        "total": _total,
        "fen": _fen,
        "days_between": _days_between,
        "round": _round,
        "abs": _abs,
        "min": _min_max(min),
        "max": _min_max(max),
    }


# --- operators ---------------------------------------------------------------------------------


def _checked(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise OverflowError("integer too large")
    return value


def _numeric(name: str, function: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(left: Any, right: Any) -> Any:
        if not (_is_number(left) and _is_number(right)):
            raise TypeError(f"{name} works on numbers only")
        return _checked(function(left, right))

    return apply


def _power(base: Any, exponent: Any) -> Any:
    if not (_is_number(base) and _is_number(exponent)):
        raise TypeError("** works on numbers only")
    if abs(exponent) > MAX_EXPONENT:
        raise OverflowError("exponent too large")
    result = base**exponent
    if isinstance(result, complex):
        raise ValueError("no complex numbers in forms")
    return _checked(result)


def _negate(value: Any) -> Any:
    if not _is_number(value):
        raise TypeError("- works on numbers only")
    return -value


def _plus(value: Any) -> Any:
    if not _is_number(value):
        raise TypeError("+ works on numbers only")
    return +value


def _contains(item: Any, container: Any) -> bool:
    if container is None:
        raise TypeError("in needs a list or a text")
    return item in container


_add = _numeric("+", operator.add)

OPERATORS: Mapping[type, Callable[..., Any]] = {
    ast.Add: _add,
    ast.Sub: _numeric("-", operator.sub),
    ast.Mult: _numeric("*", operator.mul),
    ast.Div: _numeric("/", operator.truediv),
    ast.FloorDiv: _numeric("//", operator.floordiv),
    ast.Mod: _numeric("%", operator.mod),
    ast.Pow: _power,
    ast.USub: _negate,
    ast.UAdd: _plus,
    ast.Not: operator.not_,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: _contains,
    ast.NotIn: lambda item, container: not _contains(item, container),
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}

# --- the whitelist check ---------------------------------------------------------------------

_ALLOWED_NODES: tuple[type, ...] = (
    ast.Expression,
    ast.BoolOp,
    ast.UnaryOp,
    ast.BinOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Constant,
    ast.Tuple,
    ast.List,
    ast.Load,
    ast.And,
    ast.Or,
    *(op for op in OPERATORS),
)

_DESCRIPTIONS: Mapping[type, str] = {
    ast.Attribute: "属性访问（.）",
    ast.Subscript: "下标访问（[]）",
    ast.Lambda: "lambda 函数",
    ast.ListComp: "列表推导式",
    ast.SetComp: "集合推导式",
    ast.DictComp: "字典推导式",
    ast.GeneratorExp: "生成器表达式",
    ast.NamedExpr: "赋值表达式（:=）",
    ast.JoinedStr: "f 字符串",
    ast.Dict: "字典",
    ast.Set: "集合",
    ast.Starred: "星号展开（*）",
    ast.keyword: "关键字参数",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "切片",
}


@dataclass(frozen=True)
class Expression:
    """A checked expression: its source and the names (fields, context values) it reads."""

    source: str
    names: frozenset[str]
    tree: ast.expr = field(repr=False, compare=False)


def _forbidden(source: str, what: str) -> ForbiddenExpression:
    return ForbiddenExpression(f"表达式“{source}”里不允许使用{what}。")


def _check_node(node: ast.AST, source: str, names: set[str]) -> None:
    if not isinstance(node, _ALLOWED_NODES):
        what = _DESCRIPTIONS.get(type(node), f"“{type(node).__name__}”")
        raise _forbidden(source, what)
    if isinstance(node, ast.Constant):
        value = node.value
        if value is not None and not isinstance(value, bool | int | float | str):
            raise _forbidden(source, "这种常量")
        if isinstance(value, str) and len(value) > MAX_STRING_CONSTANT:
            raise _forbidden(source, f"超过 {MAX_STRING_CONSTANT} 个字的文字常量")
        if isinstance(value, int | float) and abs(value) > MAX_NUMBER_CONSTANT:
            raise _forbidden(source, "过大的数字")
    elif isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise _forbidden(source, f"以下划线开头的名称“{node.id}”")
        if node.id in FUNCTIONS:
            raise _forbidden(source, f"不带括号的函数名“{node.id}”")
        if node.id not in CONSTANTS:
            names.add(node.id)
    elif isinstance(node, ast.Call):
        _check_call(node, source)
    elif (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Pow)
        and isinstance(node.right, ast.Constant)
        and isinstance(node.right.value, int | float)
        and abs(node.right.value) > MAX_EXPONENT
    ):
        raise _forbidden(source, f"大于 {MAX_EXPONENT} 的指数")
    elif isinstance(node, ast.Compare):
        for op, right in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, ast.Is | ast.IsNot) and not (
                isinstance(right, ast.Constant) and right.value is None
            ):
                raise _forbidden(source, "除“is None”“is not None”以外的 is 比较")
    for child in ast.iter_child_nodes(node):
        if isinstance(node, ast.Call) and child is node.func:
            continue
        _check_node(child, source, names)


def _check_call(node: ast.Call, source: str) -> None:
    if not isinstance(node.func, ast.Name):
        what = _DESCRIPTIONS.get(type(node.func), "这种调用")
        raise _forbidden(source, what if isinstance(node.func, ast.Attribute) else "这种调用")
    name = node.func.id
    if name not in FUNCTIONS:
        raise ForbiddenExpression(
            f"表达式“{source}”调用了不允许的函数“{name}”；只能用 {', '.join(sorted(FUNCTIONS))}。"
        )
    if node.keywords:
        raise _forbidden(source, _DESCRIPTIONS[ast.keyword])
    least, most = FUNCTIONS[name]
    count = len(node.args)
    if count < least or (most is not None and count > most):
        raise ExpressionSyntaxError(f"表达式“{source}”中函数 {name}() 的参数个数不对。")


def compile_expression(source: str, names: Collection[str] | None = None) -> Expression:
    """Check `source` against the whitelist; `names`, when given, are the only names allowed."""
    if not isinstance(source, str) or not source.strip():
        raise ExpressionSyntaxError("表达式不能为空。")
    shown = source.strip()
    if len(shown) > MAX_SOURCE_LENGTH:
        raise ExpressionSyntaxError(f"表达式太长（超过 {MAX_SOURCE_LENGTH} 个字符）。")
    try:
        tree = ast.parse(shown, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ExpressionSyntaxError(f"表达式“{_excerpt(shown)}”写法有误。") from None
    for count, _ in enumerate(ast.walk(tree), start=1):
        if count > MAX_NODES:
            raise ExpressionSyntaxError(f"表达式“{_excerpt(shown)}”太复杂。")
    used: set[str] = set()
    try:
        _check_node(tree, _excerpt(shown), used)
    except RecursionError:
        raise ExpressionSyntaxError(f"表达式“{_excerpt(shown)}”太复杂。") from None
    if names is not None:
        allowed = set(names)
        for name in sorted(used):
            if name not in allowed:
                raise UnknownName(name, _excerpt(shown))
    return Expression(source=shown, names=frozenset(used), tree=tree.body)


def _excerpt(source: str) -> str:
    return source if len(source) <= 80 else source[:77] + "…"


# --- evaluation -------------------------------------------------------------------------------


class _Evaluator(EvalWithCompoundTypes):
    """simpleeval with only our operators and functions; the tree was checked already."""

    def __init__(self, values: Mapping[str, Any], today: date) -> None:
        names = {"True": True, "False": False, "None": None}
        names.update(values)
        super().__init__(operators=dict(OPERATORS), functions=_functions(today), names=names)
        # simpleeval adds these for its compound types; the whitelist refuses them already.
        for name in ("list", "tuple", "dict", "set"):
            self.functions.pop(name, None)
        for node in (ast.Dict, ast.Set, ast.ListComp, ast.GeneratorExp, ast.DictComp):
            self.nodes.pop(node, None)


def evaluate_expression(
    expression: Expression | str, values: Mapping[str, Any], *, today: date
) -> Any:
    """The value of `expression` for `values` (field id -> answer), with today() = `today`."""
    if isinstance(expression, str):
        expression = compile_expression(expression)
    missing = sorted(expression.names - values.keys())
    if missing:
        raise UnknownName(missing[0], _excerpt(expression.source))
    evaluator = _Evaluator({name: values[name] for name in expression.names}, today)
    try:
        return evaluator.eval(expression.source, previously_parsed=expression.tree)
    except InvalidExpression as error:
        # The whitelist check makes this unreachable; kept so a simpleeval change cannot leak.
        raise ForbiddenExpression(
            f"表达式“{_excerpt(expression.source)}”无法计算：{type(error).__name__}。"
        ) from None
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        raise EvaluationError(
            f"表达式“{_excerpt(expression.source)}”无法按当前填写的内容计算"
            f"（{type(error).__name__}）。"
        ) from None


def names_in(expressions: Iterable[Expression | None]) -> frozenset[str]:
    """Every name read by any of `expressions`."""
    result: set[str] = set()
    for expression in expressions:
        if expression is not None:
            result |= expression.names
    return frozenset(result)
