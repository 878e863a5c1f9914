"""The reference implementation of an assignment, rebuilt from its source notebook.

The instructor notebook is the one source of truth: the reference is its setup cell followed by its
solution cells, run in order in a fresh namespace, in the trusted grader process only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def reference_sources(notebook_path: Path) -> list[str]:
    """The code that defines the reference: the first code cell and every solution code cell."""
    # Plain JSON rather than nbformat: this also runs in every kernel of a stock nbgrader run, where
    # importing nbformat (and its JSON-schema machinery) would cost about a second per submission.
    cells = json.loads(Path(notebook_path).read_text(encoding="utf-8"))["cells"]
    code_cells = [cell for cell in cells if cell["cell_type"] == "code"]
    chosen = [cell for i, cell in enumerate(code_cells) if i == 0 or _nbgrader(cell).get("solution")]
    # IPython magics (%matplotlib inline) mean nothing to plain Python.
    return ["\n".join(line for line in _source(cell).splitlines() if not line.lstrip().startswith(("%", "!")))
            for cell in chosen]


@lru_cache(maxsize=16)
def _load(notebook_path: Path, mtime_ns: int) -> dict:
    namespace: dict = {"__name__": "__reference__"}
    for source in reference_sources(notebook_path):
        exec(compile(source, f"<reference {notebook_path.name}>", "exec"), namespace)
    return namespace


def load(notebook_path: Path) -> dict:
    """The namespace of the reference solution (cached while the notebook is unchanged)."""
    notebook_path = Path(notebook_path).resolve()
    return _load(notebook_path, notebook_path.stat().st_mtime_ns)
