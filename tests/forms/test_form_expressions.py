"""The form expression evaluator: only the whitelist gets through, and it computes like Python."""

from __future__ import annotations

import ast
import math
import operator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from minzheng_field.forms.expressions import (
    FUNCTIONS,
    MAX_EXPONENT,
    MAX_INT_BITS,
    MAX_NODES,
    MAX_SOURCE_LENGTH,
    EvaluationError,
    ExpressionError,
    ExpressionSyntaxError,
    ForbiddenExpression,
    UnknownName,
    compile_expression,
    evaluate_expression,
)

TODAY = date(2026, 3, 5)
NAMES = ("a", "b", "c", "flag", "label", "picked")


def run(source: str, **values: Any) -> Any:
    return evaluate_expression(compile_expression(source), values, today=TODAY)


# --- what is allowed ----------------------------------------------------------------------------


def test_comparisons_logic_arithmetic_and_membership() -> None:
    assert run("a + b * 2 > 3 and c in ('x', 'y')", a=1, b=2, c="x") is True
    assert run("not flag or a // 2 == 1", flag=True, a=3) is True
    assert run("-a ** 2 + 10 % 3", a=3) == -8
    assert run("'harm' in picked", picked=["harm", "neglect"]) is True
    assert run("'harm' not in picked", picked=[]) is True
    assert run("a is None", a=None) is True
    assert run("'low' if a < 3 else 'high'", a=5) == "high"
    assert run("1 < a <= 3", a=3) is True


def test_functions_use_the_visit_date_not_the_clock() -> None:
    assert run("today()") == TODAY
    assert run("age(born)", born=date(2010, 3, 5)) == 16
    assert run("age(born)", born="2010-03-06") == 15
    assert run("age(born, on)", born=date(2010, 3, 5), on=date(2020, 1, 1)) == 9
    assert run("age(born)", born=None) is None
    assert run("days_between(a, b)", a=date(2026, 2, 27), b=date(2026, 3, 1)) == 2


def test_counting_and_totals_tolerate_unanswered_fields() -> None:
    assert run("count_selected(picked)", picked=None) == 0
    assert run("count_selected(picked)", picked=["a", "b"]) == 2
    assert run("answered(a)", a="") is False
    assert run("answered(a)", a=[]) is False
    assert run("answered(a)", a=0) is True
    assert run("total(a, b, c)", a=1, b=None, c=2.5) == 3.5
    assert run("len(label)", label="郴州") == 2
    assert run("min(a, b)", a=3, b=2) == 2
    assert run("max(picked)", picked=[1, 5, 2]) == 5
    assert run("round(a, 2)", a=2.345) == round(2.345, 2)
    assert run("abs(a)", a=-3) == 3


def test_fen_converts_yuan_exactly_and_rounds_half_up() -> None:
    assert run("fen(a)", a=1234.56) == 123456
    assert run("fen(a)", a=0.1) == 10
    assert run("fen(a)", a=0.005) == 1
    assert run("fen(a)", a=12) == 1200
    assert run("fen(a)", a=None) is None


def test_names_read_are_listed() -> None:
    expression = compile_expression("age(born) >= 60 and living == 'alone' and True")
    assert expression.names == {"born", "living"}


def test_unknown_names_are_refused_when_the_known_names_are_given() -> None:
    with pytest.raises(UnknownName) as caught:
        compile_expression("living_with == 'alone' or guardan == 'none'", {"living_with"})
    assert caught.value.name == "guardan"
    assert "guardan" in caught.value.message


def test_a_missing_value_is_an_unknown_name_at_evaluation() -> None:
    with pytest.raises(UnknownName):
        evaluate_expression(compile_expression("a > 1"), {}, today=TODAY)


@pytest.mark.parametrize(
    ("source", "values"),
    [
        ("a > 1", {"a": None}),
        ("a / b", {"a": 1, "b": 0}),
        ("a + b", {"a": "张秘密", "b": "李秘密"}),
        ("'x' in a", {"a": None}),
        ("age(a)", {"a": "秘密日期"}),
        ("a ** b", {"a": 2, "b": 65}),
        ("a * b", {"a": 2**200, "b": 2**100}),
        ("a ** b", {"a": -8, "b": 0.5}),
    ],
)
def test_failures_on_values_are_evaluation_errors(source: str, values: dict[str, Any]) -> None:
    with pytest.raises(EvaluationError) as caught:
        evaluate_expression(compile_expression(source), values, today=TODAY)
    # The message names the expression, never the values (they may be personal data).
    for value in values.values():
        if isinstance(value, str):
            assert value not in caught.value.message


# --- what is refused ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "a.__class__",
        "a.real",
        "open('x')",
        "__import__('os')",
        "eval('1')",
        "getattr(a, 'x')",
        "lambda: 1",
        "[x for x in a]",
        "{x for x in a}",
        "{x: 1 for x in a}",
        "(x for x in a)",
        "a['__class__']",
        "a[0]",
        "{'k': 1}",
        "{1, 2}",
        "f'{a}'",
        "(b := 1)",
        "len(*a)",
        "age(birth=a)",
        "age",
        "_secret",
        "a | 1",
        "a & 1",
        "~a",
        "a << 2",
        "a is 1",
        "2 ** 100",
        "b'bytes'",
        "1j",
        "...",
        "x" * 2000,
    ],
)
def test_forbidden_constructs_are_refused_before_evaluation(source: str) -> None:
    with pytest.raises(ExpressionError):
        compile_expression(source)


@pytest.mark.parametrize("source", ["import os", "a = 1", "del a", "", "   ", "a +", "1; 2"])
def test_statements_and_broken_text_are_syntax_errors(source: str) -> None:
    with pytest.raises(ExpressionSyntaxError):
        compile_expression(source)


def test_wrong_number_of_arguments_is_refused() -> None:
    with pytest.raises(ExpressionSyntaxError):
        compile_expression("today(1)")
    with pytest.raises(ExpressionSyntaxError):
        compile_expression("days_between(a)")


# --- property tests ---------------------------------------------------------------------------

_leaves = st.one_of(
    st.integers(min_value=-1000, max_value=1000).map(str),
    st.floats(min_value=-1000, max_value=1000, allow_nan=False).map(repr),
    st.sampled_from(["True", "False", "None", "'x'", "'郴州'", "a", "b", "c", "flag"]),
)
_UNARY_OPS = ("-", "+", "not ")
_BINARY_OPS = ("+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", "and", "or")


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(_UNARY_OPS), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(_BINARY_OPS), children).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"
        ),
        st.tuples(children, children, children).map(
            lambda t: f"({t[0]}) if ({t[1]}) else ({t[2]})"
        ),
        st.tuples(children, st.lists(children, min_size=1, max_size=3)).map(
            lambda t: f"({t[0]}) in ({', '.join(t[1])},)"
        ),
        st.lists(children, min_size=1, max_size=3).map(lambda items: f"[{', '.join(items)}]"),
    )


allowed_expressions = st.recursive(_leaves, _combine, max_leaves=12)
values_strategy = st.fixed_dictionaries(
    {
        "a": st.integers(min_value=-50, max_value=50),
        "b": st.one_of(st.integers(min_value=-5, max_value=5), st.floats(-5, 5)),
        "c": st.sampled_from(["x", "y", "郴州", ""]),
        "flag": st.booleans(),
    }
)


class _Restrict(ast.NodeTransformer):
    """Python plus the evaluator's documented limits: arithmetic on numbers only, no huge
    integers, no exponent above MAX_EXPONENT, no complex numbers."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        name = type(node.op).__name__
        return ast.Call(
            ast.Name("_arith", ast.Load()), [ast.Constant(name), node.left, node.right], []
        )

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return node
        name = type(node.op).__name__
        return ast.Call(ast.Name("_unary", ast.Load()), [ast.Constant(name), node.operand], [])


_ARITHMETIC = {
    "Add": operator.add,
    "Sub": operator.sub,
    "Mult": operator.mul,
    "Div": operator.truediv,
    "FloorDiv": operator.floordiv,
    "Mod": operator.mod,
    "Pow": operator.pow,
}


def _arith(name: str, left: Any, right: Any) -> Any:
    if not (isinstance(left, int | float) and isinstance(right, int | float)):
        raise TypeError("numbers only")
    if name == "Pow" and abs(right) > MAX_EXPONENT:
        raise OverflowError("exponent")
    result = _ARITHMETIC[name](left, right)
    if isinstance(result, complex):
        raise ValueError("complex")
    if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
        raise OverflowError("huge")
    return result


def _unary(name: str, operand: Any) -> Any:
    if not isinstance(operand, int | float):
        raise TypeError("numbers only")
    return -operand if name == "USub" else +operand


def _python(source: str, values: dict[str, Any]) -> tuple[str, Any]:
    # The oracle: Python itself on the same (already whitelisted) text, with no builtins and
    # the documented limits added. Only this test does it; the engine never calls eval.
    tree = ast.fix_missing_locations(_Restrict().visit(ast.parse(source, mode="eval")))
    scope = {"__builtins__": {}, "_arith": _arith, "_unary": _unary}
    try:
        return "ok", eval(compile(tree, "<oracle>", "eval"), scope, dict(values))
    except (TypeError, ValueError, ArithmeticError) as error:
        return "error", type(error).__name__


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float) and math.isnan(ours):
        return math.isnan(theirs)
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(map(_same, ours, theirs))
    return type(ours) is type(theirs) and ours == theirs


@given(allowed_expressions, values_strategy)
def test_allowed_expressions_evaluate_like_python(source: str, values: dict[str, Any]) -> None:
    try:
        expression = compile_expression(source)
    except ExpressionError:
        # Only size limits and a constant exponent above the limit are refused here.
        nodes = sum(1 for _ in ast.walk(ast.parse(source, mode="eval")))
        assert len(source) > MAX_SOURCE_LENGTH or nodes > MAX_NODES or "**" in source
        assume(False)
        raise
    outcome, expected = _python(source, values)
    event(f"Python with the limits: {outcome}")
    try:
        ours = evaluate_expression(expression, values, today=TODAY)
    except EvaluationError:
        assert outcome == "error", f"Python gives {expected!r} where the evaluator fails"
        return
    assert outcome == "ok", f"Python fails ({expected}) where the evaluator gave {ours!r}"
    assert _same(ours, expected), (source, values, ours, expected)


_inner = st.sampled_from(["a", "1", "'x'", "a + 1", "age(a)", "count_selected(b)"])
_forbidden_fragments = st.one_of(
    st.tuples(_inner, st.sampled_from(["__class__", "__globals__", "real", "mro", "x"])).map(
        lambda t: f"({t[0]}).{t[1]}"
    ),
    st.tuples(
        st.sampled_from(
            ["open", "eval", "exec", "getattr", "__import__", "compile", "type", "vars"]
        ),
        _inner,
    ).map(lambda t: f"{t[0]}({t[1]})"),
    _inner.map(lambda inner: f"(lambda: {inner})"),
    _inner.map(lambda inner: f"(lambda x: x)({inner})"),
    _inner.map(lambda inner: f"[x for x in ({inner},)]"),
    _inner.map(lambda inner: f"{{x for x in ({inner},)}}"),
    _inner.map(lambda inner: f"{{x: 1 for x in ({inner},)}}"),
    _inner.map(lambda inner: f"sum(x for x in ({inner},))"),
    st.tuples(_inner, st.sampled_from(["'__class__'", "'__dict__'", "0", "'__globals__'"])).map(
        lambda t: f"({t[0]})[{t[1]}]"
    ),
    st.integers(min_value=MAX_EXPONENT + 1, max_value=10**9).map(lambda n: f"9 ** {n}"),
    st.just("__import__('os').system('true')"),
)
_contexts = st.sampled_from(
    [
        "{}",
        "({}) + 1",
        "a == ({})",
        "not ({})",
        "({}) if a else 1",
        "age({})",
        "(1, {})",
        "a and ({})",
    ]
)


@given(_contexts, _forbidden_fragments)
def test_forbidden_constructs_anywhere_are_refused(context: str, fragment: str) -> None:
    with pytest.raises(ExpressionError):
        compile_expression(context.format(fragment))


@given(st.integers(min_value=MAX_EXPONENT + 1, max_value=10**12), st.integers(2, 10**6))
def test_very_large_exponents_are_refused_when_evaluated(exponent: int, base: int) -> None:
    expression = compile_expression("a ** b")
    with pytest.raises(EvaluationError):
        evaluate_expression(expression, {"a": base, "b": exponent}, today=TODAY)


@given(st.text(max_size=200))
def test_any_text_either_compiles_or_is_refused_with_a_typed_error(text: str) -> None:
    try:
        expression = compile_expression(text)
    except ExpressionError:
        return
    assert expression.source == text.strip()


@given(st.sampled_from(sorted(FUNCTIONS)))
def test_a_function_name_alone_is_not_a_value(name: str) -> None:
    with pytest.raises(ForbiddenExpression):
        compile_expression(name)


@given(st.integers(min_value=1, max_value=300))
def test_deep_nesting_is_refused_not_crashing(depth: int) -> None:
    source = "(" * depth + "a" + ")" * depth
    try:
        expression = compile_expression(source)
    except ExpressionError:
        return
    assert evaluate_expression(expression, {"a": 1}, today=TODAY) == 1


def test_the_engine_never_calls_eval_exec_or_compile() -> None:
    import minzheng_field.forms as forms_package

    for path in Path(forms_package.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile", "__import__"}, path.name
