"""Submissions made from an assignment's own notebooks, as a student would hand them in: the solution (with some
answers replaced), the Chinese release's text, placed in submitted/ as nbgrader's collect step places them.

Used by the demo's sample class, an author's trial (`autograder try`) and the tests."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat

from . import catalogue, translation
from .judge.integrity import grade_id_of, settings_of

TIMESTAMP = "2026-11-20 12:00:00.000000 UTC"  # the submission time of every submission made here


def solved(root: Path, assignment: catalogue.Assignment, replace: dict[str, str] | None = None):
    """The released notebook with every answer cell filled in from the source notebook's solution,
    except the cells named in `replace` (grade id -> the source the student wrote instead)."""
    replace = replace or {}
    source = nbformat.read(root / "source" / assignment.id / assignment.notebook, as_version=4)
    answers = {grade_id_of(cell): cell.source for cell in source.cells if settings_of(cell).get("solution")}
    nb = nbformat.read(root / "release" / assignment.id / assignment.notebook, as_version=4)
    unknown = set(replace) - set(answers)
    if unknown:
        raise KeyError(f"{assignment.id} has no answer cell {sorted(unknown)}")
    for cell in nb.cells:
        grade_id = grade_id_of(cell)
        if grade_id is not None and grade_id in answers:
            cell.source = replace.get(grade_id, answers[grade_id])
    return nb


def test_cells(root: Path, assignment: catalogue.Assignment) -> list[tuple[str, float, str | None]]:
    """(grade id, points, the answer cell it follows) for every autograded test cell, in order."""
    nb = nbformat.read(root / "release" / assignment.id / assignment.notebook, as_version=4)
    found, last_answer = [], None
    for cell in nb.cells:
        meta = settings_of(cell)
        if meta.get("solution") and cell.cell_type == "code":
            last_answer = meta["grade_id"]
        elif meta.get("grade") and not meta.get("solution"):
            found.append((meta["grade_id"], float(meta.get("points", 0)), last_answer))
    return found


def submit(root: Path, assignment: catalogue.Assignment, student: str, content) -> Path:
    """Place a submission as nbgrader's collect step would: submitted/<student>/<id>/ with a timestamp."""
    folder = root / "submitted" / student / assignment.id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if content is not None:
        path = folder / assignment.notebook
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            nbformat.write(content, path)
    (folder / "timestamp.txt").write_text(TIMESTAMP)
    return folder


def in_chinese(root: Path, assignment: catalogue.Assignment, nb):
    """`nb` as a student who fetched the Chinese notebook hands it in: its markdown from the Chinese release, every
    code cell as in `nb` (the English release when the assignment has no translation yet)."""
    path = root / "release" / assignment.id / translation.released_name(assignment.notebook)
    nb = copy.deepcopy(nb)
    if path.is_file():
        chinese = {cell.id: cell.source for cell in nbformat.read(path, as_version=4).cells}
        for cell in nb.cells:
            if translation.translatable(cell) and cell.id in chinese:
                cell.source = chinese[cell.id]
        nb.metadata["language"] = translation.LANGUAGE
    return nb
