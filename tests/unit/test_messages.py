"""Every message a student can be shown comes from the catalogues, in both languages.

Read from the code itself (its syntax tree, never run): the checks, the rules, the figures, what crosses the sandbox
boundary, the judge, the pipeline (intake and submit included), the grading service, each assignment's grading.py
and the code cells of its notebook. A message is said with a catalogue key (`say`, `text`, `flag`, `Refused`,
`Refusal`, `NotANotebook`) that both catalogues hold; what a student reads (a check's failure, a verdict, a hint)
is never a string written in the code; a check names its value with a Python expression, which needs no translation.
"""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from autograder import i18n
from tests.conftest import REPO

MODULES = ["autograder/checks.py", "autograder/rules.py", "autograder/figures.py", "autograder/plaindata.py",
           "autograder/course.py", *sorted(p.relative_to(REPO).as_posix() for p in
           [*(REPO / "autograder" / "judge").glob("*.py"), *(REPO / "autograder" / "pipeline").glob("*.py"),
            *(REPO / "autograder" / "service").glob("*.py"), *(REPO / "source").glob("*/grading.py")])]
NOTEBOOKS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "source").glob("*/*.ipynb"))
# The argument that is a catalogue key, by the name of what is called.
KEYED = {"say": 0, "text": 0, "Refused": 0, "NotANotebook": 0, "flag": 1, "Refusal": 1}
# What a student reads: its message is a Message (or a variable holding one), never text written here.
SINKS = {"fail", "CheckFailed", "Verdict"}
CHECKS = {"check_type", "check_shape", "check_values", "check_array", "check_scalar", "check_equal", "check_dict"}
SECTIONS = {key.split(".")[0] for key in i18n.catalogue("en")}
KEY = re.compile(r"^[a-z_]+(\.[A-Za-z_0-9]+)+$")
FILE = re.compile(r"\.(db|csv|txt|json|html|py|toml|ipynb|svg|png|log|tmp)$")  # service.db is a file, not a key


def _called(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else \
        node.func.attr if isinstance(node.func, ast.Attribute) else None


def _is_text(node) -> bool:
    """A string written in the code: a literal, an f-string, or text added to text."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) or isinstance(node, ast.JoinedStr) or \
        isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def _expression(node) -> bool:
    """A value's name written as Python (`forward(-1.5, 0.5)`, f"d['{name}']"): code, not words."""
    if isinstance(node, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else "x" for part in node.values)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    else:
        return True  # a variable or a say(...): checked where it is made
    try:
        ast.parse(text, mode="eval")
    except SyntaxError:
        return False
    return True


def problems(tree: ast.AST, where: str) -> list[str]:
    both = set(i18n.catalogue("en")) & set(i18n.catalogue("zh-CN"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value) \
                and not FILE.search(node.value) and node.value.split(".")[0] in SECTIONS and node.value not in both:
            found.append(f"{where}:{node.lineno}: {node.value!r} is not a key of both catalogues")
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        index = KEYED.get(name)
        if index is not None and len(node.args) > index:
            key = node.args[index]
            if isinstance(key, ast.JoinedStr):  # say(f"kind.{...}"): some key must start as written
                start = key.values[0].value if isinstance(key.values[0], ast.Constant) else ""
                if not any(k.startswith(start) for k in both):
                    found.append(f"{where}:{node.lineno}: no key of both catalogues starts with {start!r}")
            elif _is_text(key) and not (isinstance(key, ast.Constant) and key.value in both):
                found.append(f"{where}:{node.lineno}: {name}() is given text, not a key of both catalogues")
        if name in SINKS and node.args and _is_text(node.args[0]):
            found.append(f"{where}:{node.lineno}: {name}() is given text a student reads: say it with a key")
        for keyword in node.keywords:
            if keyword.arg == "hint" and _is_text(keyword.value):
                found.append(f"{where}:{node.lineno}: a hint written as text: say it with a key")
        if name in CHECKS and node.args and not _expression(node.args[0]):
            found.append(f"{where}:{node.lineno}: {name}() names its value in words, not as a Python expression")
    return found


@pytest.mark.parametrize("path", MODULES)
def test_every_message_of_the_code_is_in_both_catalogues(path):
    assert problems(ast.parse((REPO / path).read_text(encoding="utf-8")), path) == []


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_every_message_of_a_notebooks_code_cells_is_in_both_catalogues(path):
    nb = nbformat.read(REPO / path, as_version=4)
    found = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue  # a solution stub or a magic: nothing said there
            found += problems(tree, f"{path} {cell.id}")
    assert found == []


def test_the_scan_finds_what_it_should():
    """The rules on small examples: text where a key belongs, an unknown key, words for a value's name."""
    code = '''
checks.fail("`w` is wrong")
outcome.flag("timeout", "the notebook ran too long")
say("check.nope")
checks.check_type("the keys of f", value, dict, hint="Return a dict.")
checks.check_scalar('f(1)["a"]', value, 1.0)
raise CheckFailed(say("check.nan"))
'''
    assert sorted(line.split(": ", 1)[1] for line in problems(ast.parse(code), "x")) == sorted([
        "fail() is given text a student reads: say it with a key",
        "flag() is given text, not a key of both catalogues",
        "say() is given text, not a key of both catalogues",
        "'check.nope' is not a key of both catalogues",
        "a hint written as text: say it with a key",
        "check_type() names its value in words, not as a Python expression"])
