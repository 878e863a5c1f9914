"""The nbgrader steps around grading, through nbgrader's own API: release and feedback."""

from __future__ import annotations

import html
import json
import os
from contextlib import contextmanager
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from . import catalogue
from .grading import STATUS_FILE, load_config


class CourseError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's own log."""


@contextmanager
def _in(root: Path):
    # nbgrader resolves some paths against the working directory: run its steps from the course root.
    previous = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(previous)


def api(root: Path) -> NbGraderAPI:
    config = load_config(root)
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(root)
    return NbGraderAPI(coursedir=coursedir, config=config)


def _checked(result: dict, what: str) -> None:
    if not result.get("success"):
        raise CourseError(f"{what} failed:\n{result.get('log', '')}\n{result.get('error', '')}".strip())


def release(root: Path | None = None, assignment_ids: list[str] | None = None) -> list[str]:
    """Generate release/<id>/ from source/<id>/ and register each assignment, with its due date."""
    course = catalogue.load(root)
    ids = assignment_ids or course.ids()
    for assignment_id in ids:
        assignment = course.get(assignment_id)
        nbgrader = api(course.root)
        with Gradebook(nbgrader.coursedir.db_url, course.course_id) as gb:
            gb.update_or_create_assignment(assignment_id, duedate=assignment.due)
        with _in(course.root):
            _checked(nbgrader.generate_assignment(assignment_id, force=True, create=True),
                     f"nbgrader generate_assignment {assignment_id}")
    return ids


def feedback(root: Path | None, assignment_id: str) -> list[Path]:
    """nbgrader's HTML feedback for every graded student, without hidden tests (see feedback.py);
    students whose notebook could not be graded get a page that says why."""
    course = catalogue.load(root)
    assignment = course.get(assignment_id)
    if list((course.root / "autograded").glob(f"*/{assignment_id}/*.ipynb")):
        with _in(course.root):
            _checked(api(course.root).generate_feedback(assignment_id), f"nbgrader generate_feedback {assignment_id}")
    pages = []
    for status_file in sorted((course.root / "autograded").glob(f"*/{assignment_id}/{STATUS_FILE}")):
        status = json.loads(status_file.read_text())
        page = course.root / "feedback" / status["student"] / assignment_id / f"{assignment.notebook_id}.html"
        if not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            items = "".join(f"<li>{html.escape(m)}</li>" for m in status["messages"])
            page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(assignment.title)}"
                            f"</title></head><body><h1>{html.escape(assignment.title)}</h1>"
                            f"<p>Your submission could not be graded (status: <b>{status['status']}</b>):</p>"
                            f"<ul>{items}</ul><p>Fix it and submit again; your files were kept as submitted.</p>"
                            "</body></html>", encoding="utf-8")
        pages.append(page)
    return pages
