"""The reference solution of an assignment, rebuilt from its source notebook.

The instructor notebook is the one source of truth: the reference is its setup cell followed by its
solution cells, run in order in a fresh namespace. The grader judges with it (trusted side), and the
stand-in process of a sandbox answers with it; it is never written into release/, feedback or a
student's notebook.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


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
    result: dict = {"__name__": "__reference__"}
    for number, source in enumerate(code):
        exec(compile(source, f"<reference cell {number}>", "exec"), result)
    return result


@lru_cache(maxsize=16)
def _load(notebook_path: Path, mtime_ns: int) -> dict:
    return namespace(sources(notebook_path))


def load(notebook_path: Path) -> dict:
    """The namespace of the reference solution (cached while the notebook is unchanged)."""
    notebook_path = Path(notebook_path).resolve()
    return _load(notebook_path, notebook_path.stat().st_mtime_ns)
