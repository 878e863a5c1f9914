"""The course catalogue (assignments/catalogue.toml): the one list of assignments, their notebooks,
points, due dates and sandbox limits that nbgrader_config.py and the command line both read."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import filecache, i18n
from .errors import CourseError
from .protocol import Limits, ProtocolError

CATALOGUE = Path("assignments") / "catalogue.toml"


class CatalogueError(CourseError, ValueError):
    """The catalogue is missing, unreadable, or names an assignment it does not have: one of the course's own files
    not usable, so a CourseError."""


@dataclass(frozen=True)
class Feedback:
    """Feedback on submit, from the grading service: `off` (an exam), or `on-submit` with at most one
    graded submission per student every `every_minutes`. What a page shows before the due date is
    `before_due`: "notebook" (the summary of every exercise and the student's graded notebook) or "summary"
    (only each exercise's points and diagnostic); after the due date it is always the notebook. Hidden inputs
    and expected values are never shown."""

    mode: str = "on-submit"
    every_minutes: float = 10.0
    before_due: str = "notebook"

    def __post_init__(self):
        if self.mode not in ("off", "on-submit"):
            raise ValueError(f"feedback mode must be 'off' or 'on-submit', not {self.mode!r}")
        if not self.every_minutes >= 0:
            raise ValueError(f"feedback every_minutes must be a number of minutes >= 0, not {self.every_minutes!r}")
        if self.before_due not in ("notebook", "summary"):
            raise ValueError(f"feedback before_due must be 'notebook' or 'summary', not {self.before_due!r}")


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    notebook: str
    points: float
    due: datetime  # always with its UTC offset (`due_date`)
    limits: Limits
    feedback: Feedback = Feedback()
    titles: tuple[tuple[str, str], ...] = ()  # (language, the title in it); English is `title`

    def title_in(self, language: str) -> str:
        return dict(self.titles).get(language, self.title)

    @property
    def notebook_id(self) -> str:
        return Path(self.notebook).stem


@dataclass(frozen=True)
class Catalogue:
    root: Path
    course_id: str
    title: str
    assignments: tuple[Assignment, ...] = field(default_factory=tuple)
    # Student id -> the language they read the course in, for those who do not read it in English.
    languages: dict[str, str] = field(default_factory=dict)
    # The language of the instructor's class report: students' messages are shown in it, whatever they read.
    report_language: str = i18n.DEFAULT

    def language_of(self, student: str) -> str:
        return self.languages.get(student, i18n.DEFAULT)

    def get(self, assignment_id: str) -> Assignment:
        for assignment in self.assignments:
            if assignment.id == assignment_id:
                return assignment
        known = ", ".join(a.id for a in self.assignments)
        raise CatalogueError(
            f"there is no assignment {assignment_id!r} in {self.root / CATALOGUE}; known: {known}")

    def ids(self) -> list[str]:
        return [a.id for a in self.assignments]


def find_course_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding nbgrader_config.py and the catalogue."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / CATALOGUE).is_file():
            return folder
    raise CatalogueError(
        f"{here} is not inside a course directory (no nbgrader_config.py with {CATALOGUE} above it); "
        "run the command from the course repository")


def load(root: Path | None = None) -> Catalogue:
    """The catalogue of the course at or above `root` (read once while the file is unchanged)."""
    return _catalogues.get(find_course_root(root))


def _read(root: Path) -> Catalogue:
    path = root / CATALOGUE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise CatalogueError(f"cannot read the catalogue {path}: {err}") from err
    defaults, feedback = raw.get("limits", {}), raw.get("feedback", {})
    assignments = []
    for entry in raw.get("assignment", []):
        try:
            limits = Limits.of({**defaults, **entry.get("limits", {})})
        except ProtocolError as err:
            raise CatalogueError(f"{path}: assignment {entry.get('id', '?')!r} has unusable limits: {err}") from None
        try:
            assignments.append(Assignment(
                id=entry["id"], title=entry["title"], notebook=entry["notebook"],
                points=float(entry["points"]), due=due_date(entry["due"]), limits=limits,
                feedback=Feedback(**{**feedback, **entry.get("feedback", {})}),
                titles=tuple(entry.get("titles", {}).items())))
        except (KeyError, TypeError, ValueError) as err:
            raise CatalogueError(f"{path}: assignment {entry.get('id', '?')!r} is incomplete: {err}") from err
    ids = [a.id for a in assignments]
    if len(set(ids)) != len(ids):
        raise CatalogueError(f"{path}: an assignment id appears twice: {ids}")
    report_language = raw.get("report_language", i18n.DEFAULT)
    if report_language not in i18n.LANGUAGES:
        raise CatalogueError(f"{path}: report_language = {report_language!r}; the reports can be written in "
                             + ", ".join(repr(code) for code in i18n.LANGUAGES))
    return Catalogue(root=root, course_id=raw.get("course_id", "course"), title=raw.get("title", ""),
                     assignments=tuple(assignments), languages=_languages(path, raw.get("languages", {})),
                     report_language=report_language)


def due_date(value: str | datetime) -> datetime:
    """A due date with its UTC offset. A date without one would be read in the timezone of whichever machine
    reads it (the hub's, a laptop's), and cannot be compared with the grading service's clock: it is refused."""
    due = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if due.utcoffset() is None:
        raise ValueError(f"due = {str(value)!r} has no UTC offset: write the moment with its offset, as "
                         f"{due.replace(tzinfo=None).isoformat()}+00:00 (UTC) or +08:00 (China Standard Time)")
    return due


def _languages(path: Path, table: dict) -> dict[str, str]:
    """[languages] lists, per language, the students who read the course in it: the roster the grader reads
    each student's language from (and the hub, to give them their notebooks and JupyterLab in it)."""
    found: dict[str, str] = {}
    for language, students in table.items():
        if language not in i18n.LANGUAGES or language == i18n.DEFAULT:
            raise CatalogueError(f"{path}: [languages] lists students of {language!r}; the course is written in "
                                 f"{i18n.DEFAULT!r} and translated into " + ", ".join(
                                     repr(code) for code in i18n.LANGUAGES if code != i18n.DEFAULT))
        for student in students:
            if found.setdefault(student, language) != language:
                raise CatalogueError(f"{path}: [languages] gives {student!r} two languages")
    return found


_catalogues = filecache.ByFiles(_read, lambda root: (root / CATALOGUE,), size=8)
