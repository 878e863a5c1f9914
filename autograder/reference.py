"""The reference solution of an assignment, rebuilt from its source notebook.

The instructor notebook is the one source of truth: the reference is its setup cell followed by its
solution cells, run in order in a fresh namespace. The grader judges with it (trusted side), and the
stand-in process of a sandbox answers with it; it is never written into release/, feedback or a
student's notebook.
"""

from __future__ import annotations

import builtins
import importlib
import json
import sys
import types
from pathlib import Path

from . import filecache

# The setup cell imports pyplot for the notebook's figures. Judging never draws, and pyplot's import is a quarter
# of a second of every command that loads the reference (the one-student grade's largest part after nbgrader's
# own import): in the reference's namespace it is imported on the first use of one of its names instead.
DEFERRED = ("matplotlib.pyplot",)


def _nbgrader(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def sources(notebook_path: Path) -> tuple[str, ...]:
    """The code that defines the reference: the first code cell and every solution code cell."""
    # Plain JSON rather than nbformat: cheap to read, and the same in every process.
    cells = json.loads(Path(notebook_path).read_text(encoding="utf-8"))["cells"]
    code_cells = [cell for cell in cells if cell["cell_type"] == "code"]
    chosen = [cell for i, cell in enumerate(code_cells) if i == 0 or _nbgrader(cell).get("solution")]
    # IPython magics (%matplotlib inline) mean nothing to plain Python.
    return tuple("\n".join(line for line in _source(cell).splitlines() if not line.lstrip().startswith(("%", "!")))
                 for cell in chosen)


def namespace(code: tuple[str, ...] | list[str]) -> dict:
    """The namespace that running `code` (the reference's cells) in order leaves behind."""
    result: dict = {"__name__": "__reference__", "__builtins__": {**vars(builtins), "__import__": _import}}
    for number, source in enumerate(code):
        # The reference solution is the instructor's code, trusted; a student's code runs only in the sandbox.
        exec(compile(source, f"<reference cell {number}>", "exec"), result)  # noqa: S102
    return result


_namespaces = filecache.ByFiles(lambda notebook_path: namespace(sources(notebook_path)))


def load(notebook_path: Path) -> dict:
    """The namespace of the reference solution (cached while the notebook is unchanged)."""
    return _namespaces.get(Path(notebook_path).resolve())


class _Deferred(types.ModuleType):
    """Stands for a module not imported yet: the first name read from it imports it."""

    def __getattr__(self, name: str):
        return getattr(importlib.import_module(self.__name__), name)


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    if level or name not in DEFERRED or name in sys.modules:
        return builtins.__import__(name, globals, locals, fromlist, level)
    module = _Deferred(name)
    if fromlist:  # `from matplotlib.pyplot import figure`
        return module
    # `import matplotlib.pyplot as plt` takes the top package and reads `.pyplot` from it
    top, _, child = name.partition(".")
    package = _Deferred(top)
    setattr(package, child, module)
    return package
