"""Rules about how a function is written, not what it returns: "no loops" in 04, "loops only" in 03.

A rule is called with source code and the function's name, and raises RuleBroken (an AssertionError) with a
message that says which loop or call broke it and where. In a notebook, `checks.follows(rule, function)` applies it
to the function's own cell as a public check; in grading.py, `Check(..., rules=(rule,))` makes the grader apply it
on the trusted side, where the student's code cannot switch it off, to the submission's code up to the cell that
defines the function (`defining_source`).

A rule reads names as Python would run them, so that renaming does not dodge it: imports and their aliases
(`from numpy import dot as d`, `import numpy as n2`, `from numpy import *`), assignments (`d = np.dot`),
default arguments (`dot=np.dot`), `getattr(np, "dot")`, `vars(np)["dot"]` and `__import__("numpy")` with a
literal name. It follows the helper functions the code defines, except the other graded functions (while one
function is judged, the others are the reference's). Code it cannot read (`eval`, `exec`, a name built at run
time) is refused, with a message that says so. A rule says nothing when the function is not defined.
"""

from __future__ import annotations

import ast
import builtins
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from .i18n import Message, say

LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# What computes a whole product or sum at once in NumPy: functions, and methods of arrays and ufuncs.
VECTOR_FUNCTIONS = frozenset({
    "dot", "matmul", "sum", "mean", "einsum", "inner", "vdot", "tensordot", "average", "prod", "product", "outer",
    "nansum", "nanmean", "nanprod", "cumsum", "cumprod", "nancumsum", "trace", "kron", "convolve", "correlate",
    "std", "var", "multi_dot", "reduce", "accumulate", "reduceat", "__matmul__", "__rmatmul__", "__imatmul__"})
# Outside NumPy, what adds up or multiplies a whole sequence in one call.
REDUCTIONS = frozenset({"builtins.sum", "math.fsum", "math.prod", "math.sumprod", "math.dist", "functools.reduce",
                        "itertools.accumulate", "operator.matmul", "operator.imatmul", "operator.__matmul__",
                        "operator.__imatmul__"})
REDUCING_MODULES = ("statistics.", "numpy.linalg.")
# What runs a Python function over the items of a sequence: a loop that is not written as one.
HIDDEN_LOOPS = frozenset({"builtins.map", "builtins.filter", "functools.reduce", "numpy.vectorize",
                          "numpy.frompyfunc", "numpy.apply_along_axis", "numpy.apply_over_axes", "numpy.fromiter",
                          "numpy.nditer", "numpy.ndindex", "numpy.ndenumerate", "numpy.piecewise"})
HIDDEN_LOOP_MODULES = ("itertools.",)
# What runs code the rule cannot read.
UNREADABLE = frozenset({"builtins.eval", "builtins.exec", "builtins.compile", "builtins.globals", "builtins.locals",
                        "builtins.vars", "builtins.getattr", "builtins.__import__", "importlib.import_module"})
UNKNOWN = "?"  # an object the rule cannot name: only its method names are read


def definition(source: str, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The last top-level definition of `name` in `source` (the one a notebook ends up using)."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except (SyntaxError, ValueError):
        return None
    found = None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            found = node
    return found


# A submission's rules ask for the same cells once per graded function, and a class shares most of its cells with
# the released notebook: each text is parsed once (a tree is only read, never changed).
@lru_cache(maxsize=1024)
def _parsed(source: str) -> ast.Module | None:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def defining_source(sources: list[str], name: str, others: tuple[str, ...] = ()) -> str | None:
    """The code a rule reads for `name`: the notebook's code cells that compile, up to the last one that defines
    it, without their definitions of `others` (graded functions that are the reference's while `name` is judged;
    their lines are left blank, so that line numbers stay the student's). None when no cell defines `name`."""
    cells = []
    for source in sources:
        tree = _parsed(source)
        if tree is None:
            continue
        lines = [line if not line.lstrip().startswith(("%", "!")) else "" for line in source.splitlines()]
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in others:
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                end = node.end_lineno or node.lineno  # always set by ast.parse
                lines[first - 1:end] = [""] * (end - first + 1)
        cells.append(("\n".join(lines), any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                                            and node.name == name for node in tree.body)))
    last = max((i for i, (_, defines) in enumerate(cells) if defines), default=None)
    return None if last is None else "\n".join(code for code, _ in cells[:last + 1])


# --- what a name means ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Use:
    """Something the function uses that a rule may object to: what it is, and where."""

    what: Message | str  # as the message shows it: "`d(...)`, which is np.dot"
    line: int  # in the function (or helper) it is written in, from 1
    helper: str | None  # the helper function it is in, None for the function itself


class Program:
    """The code a rule reads, with what each name means."""

    def __init__(self, source: str):
        self.tree = ast.parse(textwrap.dedent(source))
        self.functions = {node.name: node for node in self.tree.body
                          if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        self.star: set[str] = set()  # modules imported with *
        self.aliases: dict[str, set[str]] = {}
        # Names the code binds to values (`sum = 0.0`, an argument): they are not the built-ins of that name.
        self.assigned = {node.id for node in ast.walk(self.tree) if isinstance(node, ast.Name)
                         and isinstance(node.ctx, (ast.Store, ast.Del))} | \
            {node.arg for node in ast.walk(self.tree) if isinstance(node, ast.arg)}
        for _ in range(2):  # twice: a name may be bound before what it names is (in another function)
            for node in ast.walk(self.tree):
                self._bind(node)

    def _alias(self, name: str, meanings: set[str]) -> None:
        if meanings:
            self.aliases.setdefault(name, set()).update(meanings)

    def _bind(self, node) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self._alias(alias.asname, {alias.name})
                else:
                    self._alias(alias.name.split(".")[0], {alias.name.split(".")[0]})
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name == "*":
                    self.star.add(node.module)
                else:
                    self._alias(alias.asname or alias.name, {f"{node.module}.{alias.name}"})
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                self._assign(target, node.value)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            positional = node.args.posonlyargs + node.args.args
            for arg, default in zip(positional[len(positional) - len(node.args.defaults):], node.args.defaults,
                                    strict=True):
                self._alias(arg.arg, self.meanings(default))
            for arg, kw_default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
                if kw_default is not None:  # a keyword-only argument without a default
                    self._alias(arg.arg, self.meanings(kw_default))

    def _assign(self, target, value) -> None:
        if value is None:
            return
        if isinstance(target, ast.Name):
            self._alias(target.id, self.meanings(value))
        elif isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, (ast.Tuple, ast.List)) \
                and len(target.elts) == len(value.elts):
            for part, part_value in zip(target.elts, value.elts, strict=True):
                self._assign(part, part_value)

    def meanings(self, node) -> set[str]:
        """What an expression may name, as dotted names ("numpy.dot"); UNKNOWN stands for what the rule
        cannot name (a local variable, an argument). Empty for a value that names nothing (a call's result)."""
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            return {f"{base}.{node.attr}" for base in self.meanings(node.value) or {UNKNOWN}}
        if isinstance(node, ast.Call):
            called = self.meanings(node.func)
            literal = _literal(node.args[1]) if len(node.args) > 1 else None
            if "builtins.getattr" in called and node.args and literal is not None:
                return {f"{base}.{literal}" for base in self.meanings(node.args[0]) or {UNKNOWN}}
            module = _literal(node.args[0]) if node.args else None
            if called & {"builtins.__import__", "importlib.import_module"} and module is not None:
                return {module}
            if called & {"functools.partial", "numpy.vectorize", "numpy.frompyfunc"} and node.args:
                return self.meanings(node.args[0])
            return set()
        if isinstance(node, ast.Subscript):
            key = _literal(node.slice)
            if key is None:
                return set()
            inner = node.value
            if isinstance(inner, ast.Call) and self.meanings(inner.func) & {"builtins.globals", "builtins.locals"}:
                return self._name(key)
            if isinstance(inner, ast.Call) and "builtins.vars" in self.meanings(inner.func) and inner.args:
                return {f"{base}.{key}" for base in self.meanings(inner.args[0]) or {UNKNOWN}}
            if isinstance(inner, ast.Attribute) and inner.attr == "__dict__":
                return {f"{base}.{key}" for base in self.meanings(inner.value) or {UNKNOWN}}
            if "sys.modules" in self.meanings(inner):
                return {key}
        return set()

    def _name(self, name: str) -> set[str]:
        if name in self.aliases:
            return self.aliases[name]
        if name in self.functions:
            return set()
        if name in self.assigned:
            return {UNKNOWN}
        if name in ("np", "numpy"):  # the notebooks' own setup cell imports numpy as np
            return {"numpy"}
        for module in sorted(self.star):
            if _module_has(module, name):
                return {f"{module}.{name}"}
        if hasattr(builtins, name):
            return {f"builtins.{name}"}
        return {UNKNOWN}


# Modules whose star import a rule reads (it imports them to know their names).
STAR_MODULES = ("numpy", "math", "functools", "itertools", "operator", "statistics")


def _module_has(module: str, name: str) -> bool:
    import importlib

    return module in STAR_MODULES and not name.startswith("_") and hasattr(importlib.import_module(module), name)


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _shown(node) -> str:
    try:
        written = ast.unparse(node)
    except Exception:  # noqa: BLE001  (an unusual node: name it by its kind)
        written = type(node).__name__
    return written if len(written) <= 40 else written[:37] + "..."


def _pretty(meaning: str) -> str:
    return ("np." + meaning[len("numpy."):] if meaning.startswith("numpy.") else
            meaning[len("builtins."):] if meaning.startswith("builtins.") else
            meaning[len(UNKNOWN):] if meaning.startswith(UNKNOWN) else meaning)


# --- walking a function and its helpers ------------------------------------------------------------------

def _walk(program: Program, function, seen: set[str]):
    """(node, the function it is written in) for every node of `function` and of the helpers it calls."""
    for node in ast.walk(function):
        yield node, function
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in program.functions \
                and node.id not in seen and node.id not in program.aliases:
            seen.add(node.id)
            yield from _walk(program, program.functions[node.id], seen)


def _use(node, written_in, function, what: Message | str) -> Use:
    helper = None if written_in is function else written_in.name
    return Use(what, node.lineno - written_in.lineno + 1, helper)


def _where(use: Use) -> Message:
    if use.helper is None:
        return say("check.where.function", line=use.line)
    return say("check.where.helper", line=use.line, helper=use.helper)


def _described(node, meaning: str) -> Message | str:
    """How the message names a use: as written, and what it resolves to when that is not plain."""
    written = _shown(node)
    pretty = _pretty(meaning)
    if written == pretty or meaning.startswith(UNKNOWN):
        return f"`{written}`"
    return say("check.which_is", written=written, meaning=pretty)


def _first(uses: list[Use]) -> Use | None:
    return min(uses, key=lambda use: (use.helper is not None, use.line)) if uses else None


def _names_something(node) -> bool:
    """A name, an attribute, getattr(...) or a literal subscript: what may name a function."""
    return isinstance(node, ast.Call) or isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) \
        and isinstance(node.ctx, ast.Load)


def _reductions(program: Program, function) -> list[Use]:
    uses = []
    for node, written_in in _walk(program, function, {function.name}):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult) or \
                isinstance(node, ast.AugAssign) and isinstance(node.op, ast.MatMult):
            uses.append(_use(node, written_in, function, say("check.matmul")))
        elif _names_something(node):
            for meaning in sorted(program.meanings(node)):
                if _reducing(meaning):
                    uses.append(_use(node, written_in, function, _described(node, meaning)))
                    break
    return uses


def _reducing(meaning: str) -> bool:
    last = meaning.rsplit(".", 1)[-1]
    if meaning.startswith(("numpy.", UNKNOWN + ".")) and last in VECTOR_FUNCTIONS:
        return True
    return meaning in REDUCTIONS or meaning.startswith(REDUCING_MODULES)


def _unreadable(program: Program, function) -> list[Use]:
    nodes = list(_walk(program, function, {function.name}))
    # vars(np)["dot"] and globals()["np"]: a literal key names what is read.
    read = {id(node.value) for node, _ in nodes if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Call)
            and _literal(node.slice) is not None}
    uses = []
    for node, written_in in nodes:
        if not isinstance(node, ast.Call) or id(node) in read:
            continue
        called = program.meanings(node.func) & UNREADABLE
        named = len(node.args) > 1 and _literal(node.args[1]) is not None if called == {"builtins.getattr"} else \
            bool(node.args) and _literal(node.args[0]) is not None \
            if called <= {"builtins.__import__", "importlib.import_module"} else False
        if called and not named:
            uses.append(_use(node, written_in, function, _described(node.func, sorted(called)[0])))
    return uses


def _loop_uses(program: Program, function) -> list[Use]:
    uses = []
    for node, written_in in _walk(program, function, {function.name}):
        if isinstance(node, LOOPS):
            uses.append(_use(node, written_in, function, say(f"check.loops.{type(node).__name__}")))
        elif _names_something(node):
            meanings = program.meanings(node)
            if any(m in HIDDEN_LOOPS or m.startswith(HIDDEN_LOOP_MODULES) for m in meanings):
                meaning = next(m for m in sorted(meanings) if m in HIDDEN_LOOPS or m.startswith(HIDDEN_LOOP_MODULES))
                uses.append(_use(node, written_in, function, say("check.loops.call", call=_described(node, meaning))))
            elif isinstance(node, ast.Name) and node.id == written_in.name and node.id not in program.aliases:
                uses.append(_use(node, written_in, function, say("check.loops.recursion")))
    return uses


def _loop_count(program: Program, function) -> int:
    """How many loops the function and its helpers write (each `for` of a comprehension counts)."""
    count = 0
    for node, _ in _walk(program, function, {function.name}):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            count += 1
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            count += len(node.generators)
    return count


def _program(source: str, name: str) -> tuple[Program, ast.FunctionDef | ast.AsyncFunctionDef] | None:
    if definition(source, name) is None:
        return None
    program = Program(source)
    return program, program.functions[name]


def _unreadable_message(program: Program, function, name: str) -> Message | None:
    use = _first(_unreadable(program, function))
    return say("check.unreadable", name=name, used=use.what, where=_where(use)) if use else None


# --- the rules ---------------------------------------------------------------------------------------------

def no_loops(source: str, name: str) -> None:
    """The function uses no Python loop, comprehension or function that loops (map, recursion, ...): NumPy does
    the repetition."""
    _apply(_no_loops, source, name)


def loops_only(source: str, name: str) -> None:
    """The function computes products and sums with its own loops, not with NumPy's whole-array operations or
    any other call that adds up a sequence at once, and it has the loops the exercise asks for: over the
    examples and over the features (two loops at least)."""
    _apply(_loops_only, source, name)


class RuleBroken(AssertionError):
    """A rule refused the function; its one argument is the Message that says why. (Not checks.CheckFailed:
    checks applies rules, so rules do not import it; `checks.follows` turns this into a failed check.)"""


def _apply(finding, source: str, name: str) -> None:
    message = _found(finding, source, name)
    if message:
        raise RuleBroken(message)


@lru_cache(maxsize=256)
def _found(finding, source: str, name: str) -> Message | None:
    """What a rule finds, or None; kept, since a class shares its code."""
    found = _program(source, name)
    return None if found is None else finding(*found, name)


def _no_loops(program: Program, function, name: str) -> Message | None:
    unreadable = _unreadable_message(program, function, name)
    if unreadable:
        return unreadable
    use = _first(_loop_uses(program, function))
    return say("check.loop", name=name, loop=use.what, where=_where(use)) if use else None


def _loops_only(program: Program, function, name: str) -> Message | None:
    unreadable = _unreadable_message(program, function, name)
    if unreadable:
        return unreadable
    use = _first(_reductions(program, function))
    if use:
        return say("check.vectorized", name=name, used=use.what, where=_where(use))
    # Which loop runs over what cannot be read from the code; two loops at least can (the features may be the
    # inner loop, or the outer one with each term a row of examples).
    if _loop_count(program, function) < 2:
        return say("check.both_loops", name=name)
    return None


def source_of(function) -> str | None:
    """The source of the cell (or file) that defines `function`, for a rule applied in a notebook."""
    import inspect
    import linecache

    code = getattr(function, "__code__", None)
    lines = linecache.getlines(code.co_filename) if code is not None else []
    if lines and definition("".join(lines), getattr(function, "__name__", "")) is not None:
        return "".join(lines)
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return None  # no source to read (a built-in, or a function made at run time)

