"""What a graded class shows an instructor, as plain data: scores, each exercise's pass rate, the class's
common mistakes, what happened to the submissions that could not be graded normally, and each student's
progress across assignments.

Everything here is read from what grading left behind (the gradebook and each submission's status,
through `reports.rows`); nothing is computed again and nothing is written. `classreport` renders it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from nbgrader.api import MissingEntry

from . import reports
from .course import Course

# A diagnostic says the same thing for every student who made the same mistake, once the numbers that
# depend on the student's hidden inputs (case indices, sizes, factors, indices) are taken out.
_CASE = re.compile(r" on hidden case \d+ of \d+")
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
_SPACES = re.compile(r"\s+")
_DANGLING = re.compile(r"[:;,\s]+\.$")
PATTERN_LENGTH = 300  # a message may quote the student's own exception text: keep the pattern short


def pattern(message: str) -> str:
    """The message with its case-dependent numbers replaced by #: what students with the same mistake share."""
    text = _NUMBER.sub("#", _CASE.sub("", message))
    text = _DANGLING.sub(".", _SPACES.sub(" ", text).strip())
    return text if len(text) <= PATTERN_LENGTH else text[:PATTERN_LENGTH - 1] + "…"


@dataclass
class Diagnostic:
    pattern: str
    students: list[str]
    example: str  # one student's message as they read it

    @property
    def count(self) -> int:
        return len(self.students)


@dataclass
class Exercise:
    """One graded cell: an autograded test cell (with the function it checks) or a cell graded by hand."""
    grade_id: str
    points: float
    function: str | None  # None: graded by hand
    scores: dict[str, float | None] = field(default_factory=dict)  # gradable students only; None: not graded yet
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def graded(self) -> int:
        return sum(score is not None for score in self.scores.values())

    @property
    def passed(self) -> int:
        return sum(score is not None and score >= self.points for score in self.scores.values())

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.graded if self.graded else None

    @property
    def label(self) -> str:
        return f"{self.function} ({self.grade_id})" if self.function else f"{self.grade_id} (graded by hand)"


@dataclass
class Score:
    student: str
    status: str
    message: str
    raw: float | None  # None: could not be graded
    late_penalty: float
    seconds_late: float
    pending: list[str]  # cells waiting for a person (graded by hand, or to review after a re-grade)

    @property
    def final(self) -> float | None:
        # As nbgrader's own export computes it: the penalty never takes a score below zero.
        return None if self.raw is None else max(0.0, self.raw - self.late_penalty)


@dataclass
class AssignmentInsight:
    id: str
    title: str
    max_score: float
    scores: list[Score]
    exercises: list[Exercise]
    statuses: dict[str, list[Score]]  # every status other than ok -> the submissions concerned

    def score_of(self, student: str) -> Score | None:
        return next((s for s in self.scores if s.student == student), None)


def assignment(course: Course, assignment_id: str) -> AssignmentInsight:
    """One assignment's class, as grading left it."""
    columns, table, outcomes = reports.rows(course, assignment_id)
    title = course.assignment(assignment_id).title
    checks = course.checks(assignment_id)
    points, late, pending = _gradebook_facts(course, assignment_id)
    exercises = [Exercise(grade_id, points[grade_id], checks[grade_id].function if grade_id in checks else None)
                 for grade_id in columns[len(reports.COLUMNS):]]
    scores = []
    for row, outcome in zip(table, outcomes):
        penalty, seconds = late.get(outcome.student, (0.0, 0.0))
        waiting = pending.get(outcome.student, []) if outcome.gradable else []
        scores.append(Score(outcome.student, outcome.status, row["message"],
                            float(row["score"]) if row["score"] != "" else None, penalty, seconds, waiting))
        if not outcome.gradable:
            continue
        for exercise in exercises:
            given = row[exercise.grade_id]
            exercise.scores[outcome.student] = None if given == "" or exercise.grade_id in waiting else float(given)
    for exercise in exercises:
        exercise.diagnostics = _diagnostics(exercise.grade_id, outcomes)
    statuses: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        if score.status != "ok":
            statuses[score.status].append(score)
    return AssignmentInsight(assignment_id, title, float(table[0]["max_score"]) if table else 0.0, scores,
                             exercises, dict(statuses))


def _gradebook_facts(course: Course, assignment_id: str):
    """From the gradebook: each graded cell's points, each submission's (late penalty, seconds late) and
    the cells it has waiting for a person."""
    notebook_id = course.assignment(assignment_id).notebook_id
    late, pending = {}, {}
    with course.gradebook() as gb:
        notebook = gb.find_notebook(notebook_id, assignment_id)
        points = {cell.name: float(cell.max_score) for cell in notebook.grade_cells}
        for submission in gb.find_assignment(assignment_id).submissions:
            try:
                graded = gb.find_submission_notebook(notebook_id, assignment_id, submission.student.id)
            except MissingEntry:
                continue
            late[submission.student.id] = (float(graded.late_submission_penalty or 0.0),
                                           float(submission.total_seconds_late or 0.0))
            pending[submission.student.id] = [grade.name for grade in graded.grades if grade.needs_manual_grade]
    return points, late, pending


def _diagnostics(grade_id: str, outcomes) -> list[Diagnostic]:
    """The messages of a test cell's failed verdicts, grouped by pattern, the most frequent first."""
    groups: dict[str, Diagnostic] = {}
    for outcome in outcomes:
        message = outcome.verdicts.get(grade_id) if outcome.gradable else None
        if message is None or grade_id in outcome.not_run:  # a notebook that stopped early is not this mistake
            continue
        key = pattern(message)
        groups.setdefault(key, Diagnostic(key, [], message)).students.append(outcome.student)
    return sorted(groups.values(), key=lambda d: (-d.count, d.pattern))


# --- across assignments -----------------------------------------------------------------------------------

@dataclass
class Progress:
    student: str
    fractions: dict[str, float | None]  # assignment id -> final score / max score; None: no graded submission
    behind: bool
    why: str


def progress(insights: list[AssignmentInsight], below: float = 0.5) -> list[Progress]:
    """Each student's share of the points, assignment by assignment (late penalties taken off), and whether
    they have fallen behind: on the latest assignment, or on average, they have less than `below` of the
    points, counting work that was not submitted or could not be graded as none yet."""
    students = sorted({score.student for insight in insights for score in insight.scores})
    found = []
    for student in students:
        fractions = {}
        for insight in insights:
            score = insight.score_of(student)
            final = score.final if score else None
            fractions[insight.id] = None if final is None or not insight.max_score else final / insight.max_score
        counted = [value or 0.0 for value in fractions.values()]
        reasons = []
        if insights:
            latest = insights[-1]
            if (fractions[latest.id] or 0.0) < below:
                score = latest.score_of(student)
                shown = "no submission" if score is None else (
                    f"{score.status}" if score.final is None else f"{score.final:g} of {latest.max_score:g}")
                reasons.append(f"latest ({latest.id}): {shown}")
            mean = sum(counted) / len(counted)
            if mean < below:
                reasons.append(f"mean {mean:.0%} of the points")
        found.append(Progress(student, fractions, bool(reasons), "; ".join(reasons)))
    return found


def graded_assignments(course: Course, assignment_ids: list[str] | None = None) -> list[str]:
    """The assignments (all, or those named) that have submissions, in catalogue order."""
    ids = assignment_ids or course.catalogue.ids()
    for assignment_id in ids:
        course.assignment(assignment_id)  # an unknown id is the catalogue's clear error
    return [assignment_id for assignment_id in course.catalogue.ids()
            if assignment_id in ids and course.students(assignment_id)]
