"""The course, loaded once: catalogue, nbgrader configuration, course directory, gradebook, secret.

Every command and every nbgrader preprocessor of the course gets its `Course` from `Course.load(root)`,
which reads the files once per process and again only when one of them changes (an instructor who fixes
a check while the formgrader runs gets the fix). What each assignment needs for grading (its hidden
checks, its reference solution, the cells as released) is read the same way, on first use.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cached_property
from pathlib import Path
from types import ModuleType

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from . import catalogue, filecache, reference, translation
from .authoring import Check
from .catalogue import Assignment, Catalogue
from .errors import CourseError  # noqa: F401  (where the rest of the package has always imported it from)
from .judge import cases, integrity
from .judge.status import STATUS_FILE, Outcome


def module_from(path: Path, name: str) -> ModuleType:
    """The Python file at `path` run as a module named `name` (not added to sys.modules)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CourseError(f"{path} cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_checks(grading_py: Path) -> dict[str, Check]:
    """The CHECKS of an assignment's grading.py: grade id of a test cell -> its hidden check."""
    if not grading_py.is_file():
        raise CourseError(f"{grading_py} is missing: the hidden checks of this assignment live there")
    module = module_from(grading_py, f"grading_{grading_py.parent.name}")
    found = getattr(module, "CHECKS", None)
    if not isinstance(found, dict) or not all(isinstance(c, Check) for c in found.values()):
        raise CourseError(f"{grading_py} must define CHECKS, a dict of grade id -> Check")
    return dict(found)


def _chinese(path: Path) -> Path:
    return path.with_name(translation.released_name(path.name))


def _released(path: Path) -> dict[str, integrity.Released]:
    """The released notebook's nbgrader cells, with the text of each in the Chinese notebook beside it (a student
    reading Chinese submits that one)."""
    chinese = _chinese(path)
    return integrity.released_cells(nbformat.read(path, as_version=4),
                                    nbformat.read(chinese, as_version=4) if chinese.is_file() else None)


class Course:
    def __init__(self, root: Path):
        self.catalogue: Catalogue = catalogue.load(root)
        self.root = self.catalogue.root
        self.config = self._config()
        self.coursedir = CourseDirectory(config=self.config)
        self.coursedir.root = str(self.root)
        self._checks = filecache.ByFiles(load_checks)
        self._released = filecache.ByFiles(_released, lambda path: (path, _chinese(path)))

    # --- loading once -----------------------------------------------------------------------------

    @staticmethod
    def load(start: Path | None = None) -> Course:
        return _courses.get(catalogue.find_course_root(start))

    @staticmethod
    def forget(root: Path) -> None:
        """Nothing may find the course at `root` again (a throw-away copy that is gone)."""
        _courses.forget(root)

    def _config(self):
        # nbgrader stamps a new gradebook by running `alembic` as a program: read in this process instead.
        from .pipeline.gradebook import head_read_in_process

        head_read_in_process()
        # nbgrader's own commands, started from here, still run it: find it beside this interpreter, even in a
        # virtual environment that was never activated.
        bin_dir = str(Path(sys.executable).parent)
        if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
            os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
        return PyFileConfigLoader("nbgrader_config.py", path=str(self.root)).load_config()

    # --- what the course is -------------------------------------------------------------------------

    @property
    def course_id(self) -> str:
        return self.catalogue.course_id

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    @cached_property
    def secret(self) -> bytes:
        return cases.course_secret(self.root)

    def assignment(self, assignment_id: str) -> Assignment:
        return self.catalogue.get(assignment_id)

    def source_notebook(self, assignment_id: str) -> Path:
        return self.root / "source" / assignment_id / self.assignment(assignment_id).notebook

    def release_notebook(self, assignment_id: str) -> Path:
        return self.root / "release" / assignment_id / self.assignment(assignment_id).notebook

    def translation_file(self, assignment_id: str) -> Path:
        return self.root / "source" / assignment_id / translation.FILE

    def translation_problems(self, assignment_id: str) -> list[translation.Problem]:
        """What keeps the assignment's Chinese translation from being released (none without a translation)."""
        return translation.of_assignment(self.root / "source" / assignment_id, self.assignment(assignment_id).notebook)

    def language_of(self, student: str) -> str:
        """The language the student reads the course in (the catalogue's [languages] roster)."""
        return self.catalogue.language_of(student)

    def checks(self, assignment_id: str) -> dict[str, Check]:
        return self._checks.get(self.root / "source" / assignment_id / "grading.py")

    def reference(self, assignment_id: str) -> dict:
        return reference.load(self.source_notebook(assignment_id))

    def reference_sources(self, assignment_id: str) -> tuple[str, ...]:
        return reference.sources(self.source_notebook(assignment_id))

    def released_cells(self, assignment_id: str) -> dict[str, integrity.Released]:
        path = self.release_notebook(assignment_id)
        if not path.is_file():
            raise CourseError(f"{path} does not exist: run `autograder release {assignment_id}` first")
        return self._released.get(path)

    def gradebook(self) -> Gradebook:
        return Gradebook(self.db_url, self.course_id)

    def submitted_dir(self, student: str, assignment_id: str) -> Path:
        return self.root / "submitted" / student / assignment_id

    def autograded_dir(self, student: str, assignment_id: str) -> Path:
        return self.root / "autograded" / student / assignment_id

    def students(self, assignment_id: str) -> list[str]:
        """Everyone with a submission folder of the assignment, or a graded one."""
        found = {p.parent.name for p in (self.root / "submitted").glob(f"*/{assignment_id}") if p.is_dir()}
        found |= {p.parent.parent.name for p in (self.root / "autograded").glob(f"*/{assignment_id}/{STATUS_FILE}")}
        return sorted(found)

    def outcome(self, student: str, assignment_id: str) -> Outcome:
        """The submission's status as grading wrote it, or what its folder shows when it was never graded."""
        stored = Outcome.read(self.autograded_dir(student, assignment_id))
        if stored is not None:
            return stored
        notebook = self.assignment(assignment_id).notebook
        folder = self.submitted_dir(student, assignment_id)
        outcome = Outcome(student)
        if folder.is_symlink() or folder.parent.is_symlink():
            outcome.flag("malformed", "outcome.folder_link")
        elif not (folder / notebook).exists() and not (folder / notebook).is_symlink():
            present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
            if present:
                outcome.flag("missing", "outcome.renamed", notebook=notebook, present=", ".join(present))
            else:
                outcome.flag("missing", "outcome.not_submitted", notebook=notebook)
        else:
            outcome.flag("error", "outcome.not_graded")
        return outcome

    # --- nbgrader's steps around grading ------------------------------------------------------------

    def api(self) -> NbGraderAPI:
        api = NbGraderAPI(coursedir=self.coursedir, config=self.config)
        api.course = self  # the course of the steps its converters run (autograder.pipeline.parents)
        return api

    @staticmethod
    def _checked(result: dict, what: str) -> None:
        if not result.get("success"):
            raise CourseError(f"{what} failed:\n{result.get('log', '')}\n{result.get('error', '')}".strip())

    def release(self, assignment_ids: list[str] | None = None) -> list[str]:
        """Generate release/<id>/ from source/<id>/ and register each assignment, with its due date; where the
        assignment has a translation, the Chinese notebook beside the English one. An incomplete or stale
        translation stops the release before anything is written."""
        ids = assignment_ids or self.catalogue.ids()
        problems = [problem for assignment_id in ids for problem in self.translation_problems(assignment_id)]
        if problems:
            raise CourseError("the Chinese translation is not up to date with the English notebook, so nothing was "
                              "released:\n  " + "\n  ".join(map(str, problems)))
        for assignment_id in ids:
            assignment = self.assignment(assignment_id)
            with self.gradebook() as gb:
                gb.update_or_create_assignment(assignment_id, duedate=assignment.due)
            self._checked(self.api().generate_assignment(assignment_id, force=True, create=True),
                          f"nbgrader generate_assignment {assignment_id}")
            self._release_translation(assignment_id)
        return ids

    def _release_translation(self, assignment_id: str) -> None:
        path = self.translation_file(assignment_id)
        if path.is_file():
            released = nbformat.read(self.release_notebook(assignment_id), as_version=4)
            nbformat.write(translation.translated(released, translation.load(path), translation.load_code(path)),
                           self.release_notebook(assignment_id).with_name(
                               translation.released_name(self.assignment(assignment_id).notebook)))

    def feedback(self, assignment_id: str) -> list[Path]:
        """nbgrader's HTML feedback for every graded student; students whose notebook could not be graded
        get a page that says why."""
        from . import safetext
        from .ungraded import ungraded_page

        assignment = self.assignment(assignment_id)
        graded = sorted(p.parent for p in (self.root / "autograded").glob(f"*/{assignment_id}/{assignment.notebook}"))
        if graded:
            self._checked(self.api().generate_feedback(assignment_id),
                          f"nbgrader generate_feedback {assignment_id}")
        pages = []
        for student in self.students(assignment_id):
            outcome = self.outcome(student, assignment_id)
            page = self.root / "feedback" / student / assignment_id / f"{assignment.notebook_id}.html"
            if not outcome.gradable or not page.exists():
                language = self.language_of(student)
                safetext.write_text(page, ungraded_page(assignment.title_in(language), outcome, language))
            pages.append(page)
        return pages


# A course is loaded again when nbgrader_config.py or the catalogue changes.
_courses = filecache.ByFiles(Course, lambda root: (root / "nbgrader_config.py", root / catalogue.CATALOGUE), size=4)
