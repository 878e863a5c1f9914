"""The source notebook of an assignment, read as the kinds of cells docs/authoring.md describes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..judge.integrity import grade_id_of, settings_of
from ..pipeline.preprocessors import ILLUSTRATION


@dataclass(frozen=True)
class SourceCell:
    index: int
    grade_id: str | None
    kind: str  # "setup", "answer", "test", "written", "illustration" or "prose"
    points: float
    source: str


def kind_of(cell, first_code: bool) -> str:
    meta = settings_of(cell)
    if cell.cell_type == "markdown":
        return "written" if meta.get("grade") and meta.get("solution") else "prose"
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "test"
    if ILLUSTRATION in cell.get("metadata", {}).get("tags", []):
        return "illustration"
    return "setup" if first_code else "prose"


def cells(path: Path) -> list[SourceCell]:
    nb = nbformat.read(path, as_version=4)
    found, seen_code = [], False
    for index, cell in enumerate(nb.cells):
        meta = settings_of(cell)
        points = float(meta.get("points", 0) or 0) if meta.get("grade") else 0.0
        found.append(SourceCell(index, grade_id_of(cell), kind_of(cell, cell.cell_type == "code" and not seen_code),
                          points, cell.source))
        seen_code = seen_code or cell.cell_type == "code"
    return found


def defines(source: str, function: str) -> bool:
    return re.search(rf"^\s*def\s+{re.escape(function)}\s*\(", source, re.MULTILINE) is not None


def mentions(source: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", source) is not None


def signature(nb) -> list[tuple]:
    """What release/ must agree on with a fresh release: each cell's type, source and nbgrader settings."""
    return [(c.cell_type, c.source, dict(c.metadata.get("nbgrader", {}))) for c in nb.cells]
