"""The package's shape: no import cycle (function-level imports counted, since they run too), and the trust
domains apart: what runs in the student's sandbox (`inside/`) imports nothing of the judge, the course or the
sandbox's keeper, and the judge nothing of `inside/`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "autograder"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str) -> set[str]:
    """The package's modules that module `name` imports anywhere in its code (a name imported from a package is
    the submodule when there is one, else the package)."""
    path = MODULES[name]
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            parent = ".".join(base + ([node.module] if node.module else []))
            found.update(f"{parent}.{alias.name}" if f"{parent}.{alias.name}" in MODULES else parent
                         for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imported(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion limits)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in stack:
                low[node] = min(low[node], index[child])
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back():
    assert cycles(GRAPH) == []


@pytest.mark.parametrize(("domain", "kept_out"), [
    ("autograder.inside", ("autograder.judge", "autograder.course", "autograder.sandbox", "autograder.pool",
                           "autograder.pipeline", "autograder.service")),
    ("autograder.judge", ("autograder.inside",)),
])
def test_the_trust_domains_stay_apart(domain, kept_out):
    crossing = sorted(f"{name} imports {other}" for name, others in GRAPH.items() if name.startswith(domain)
                      for other in others if other.startswith(kept_out))
    assert crossing == []
