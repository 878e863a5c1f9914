"""What a graded class shows an instructor, as plain data: scores, each exercise's pass rate, the class's
common mistakes, what happened to the submissions that could not be graded normally, and each student's
progress across assignments.

Everything here is read from what grading left behind (the gradebook and each submission's status,
through `reports.rows`); nothing is computed again and nothing is written. `classreport` renders it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import i18n, reports
from .i18n import Message, say

if TYPE_CHECKING:  # the course is the caller's: the command line reads BEHIND without nbgrader
    from .course import Course

# A diagnostic says the same thing for every student who made the same mistake, once the numbers that
# depend on the student's hidden inputs (case indices, sizes, factors, indices) are taken out. The same mistake
# made by students who read different languages is one diagnostic: messages are compared as said in English.
_CASE = re.compile(r" on hidden case \d+ of \d+"
                   r"|在第 \d+ 个隐藏测试用例（共 \d+ 个）上|（第 \d+ 个隐藏测试用例（共 \d+ 个））")
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
_SPACES = re.compile(r"\s+")
_DANGLING = re.compile(r"[:;,\s]+\.$")
BEHIND = 0.5  # a student with less than this share of the points has fallen behind
PATTERN_LENGTH = 300  # a message may quote the student's own exception text: keep the pattern short


def pattern(message: Message | str, language: str = i18n.DEFAULT) -> str:
    """The message (said in `language`) with its case-dependent numbers replaced by #: what students with the same
    mistake share."""
    if isinstance(message, Message):
        message = message.render(language)
    text = _NUMBER.sub("#", _CASE.sub("", message))
    text = _DANGLING.sub(".", _SPACES.sub(" ", text).strip())
    return text if len(text) <= PATTERN_LENGTH else text[:PATTERN_LENGTH - 1] + "…"


@dataclass
class Diagnostic:
    pattern: str  # in English: one mistake, whatever language its students read
    students: list[str]
    example: Message  # one student's message
    languages: dict[str, int] = field(default_factory=dict)  # language -> how many of the students read it

    @property
    def count(self) -> int:
        return len(self.students)

    def shown(self, language: str) -> str:
        """The diagnostic as the instructor reads it, in `language`."""
        return pattern(self.example, language)


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

    def label(self, language: str = i18n.DEFAULT) -> str:
        return i18n.text("report.checks", language, function=self.function, grade_id=self.grade_id) \
            if self.function else i18n.text("report.by_hand_cell", language, grade_id=self.grade_id)


@dataclass
class AssignmentInsight:
    id: str
    title: str
    max_score: float
    rows: list[reports.ReportRow]
    exercises: list[Exercise]
    statuses: dict[str, list[reports.ReportRow]]  # every status other than ok -> the submissions concerned

    def row_of(self, student: str) -> reports.ReportRow | None:
        return next((row for row in self.rows if row.student == student), None)

    @property
    def complete(self) -> list[float]:
        """The final scores of the submissions with nothing left for a person: what means and medians count."""
        return reports.finals(self.rows)

    @property
    def waiting(self) -> list[reports.ReportRow]:
        """Graded submissions with cells still to be graded by a person: counted apart, never as zeros."""
        return [row for row in self.rows if row.gradable and not row.complete]


def assignment(course: Course, assignment_id: str, report: reports.Report | None = None) -> AssignmentInsight:
    """One assignment's class, as grading left it (`report`: its rows, when the caller has just read them)."""
    checks = course.checks(assignment_id)
    return of_report(report or reports.rows(course, assignment_id),
                     {grade_id: check.function for grade_id, check in checks.items()}, course.language_of)


def of_report(report: reports.Report, functions: dict[str, str],
              language_of: Callable[[str], str] = lambda student: i18n.DEFAULT) -> AssignmentInsight:
    """What the rows of an assignment show; `functions`: the function each autograded test cell checks;
    `language_of`: the language each student reads."""
    exercises = [Exercise(grade_id, points, functions.get(grade_id)) for grade_id, points in report.points.items()]
    for row in report.rows:
        if row.gradable:
            for exercise in exercises:
                waiting = exercise.grade_id in row.pending
                exercise.scores[row.student] = None if waiting else row.cells.get(exercise.grade_id)
    outcomes = [row.outcome for row in report.rows]
    for exercise in exercises:
        exercise.diagnostics = _diagnostics(exercise.grade_id, outcomes, language_of)
    statuses: dict[str, list[reports.ReportRow]] = defaultdict(list)
    for row in report.rows:
        if row.status != "ok":
            statuses[row.status].append(row)
    return AssignmentInsight(report.assignment, report.title, report.max_score, report.rows, exercises,
                             dict(statuses))


def _diagnostics(grade_id: str, outcomes, language_of: Callable[[str], str]) -> list[Diagnostic]:
    """The messages of a test cell's failed verdicts, grouped by pattern, the most frequent first."""
    groups: dict[str, Diagnostic] = {}
    languages: dict[str, Counter] = defaultdict(Counter)
    for outcome in outcomes:
        message = outcome.verdicts.get(grade_id) if outcome.gradable else None
        if message is None or grade_id in outcome.not_run:  # a notebook that stopped early is not this mistake
            continue
        key = pattern(message)
        groups.setdefault(key, Diagnostic(key, [], message)).students.append(outcome.student)
        languages[key][language_of(outcome.student)] += 1
    for key, diagnostic in groups.items():
        diagnostic.languages = dict(sorted(languages[key].items()))
    return sorted(groups.values(), key=lambda d: (-d.count, d.pattern))


# --- across assignments -----------------------------------------------------------------------------------

@dataclass
class Progress:
    student: str
    fractions: dict[str, float | None]  # assignment id -> share of the decided points; None: nothing graded
    behind: bool
    why: list[Message]  # why they are behind, said in the report's language when shown

    def why_in(self, language: str) -> str:
        return i18n.text("report.separator", language).join(reason.render(language) for reason in self.why)


def share(row: reports.ReportRow | None) -> float | None:
    """The share of the points decided so far (late penalty taken off): points still to be graded by a person
    count neither as won nor as lost. None: nothing graded."""
    if row is None or row.decided is None or row.max_score - row.pending_points <= 0:
        return None
    return row.decided / (row.max_score - row.pending_points)


def progress(insights: list[AssignmentInsight], below: float = BEHIND) -> list[Progress]:
    """Each student's share of the points, assignment by assignment (late penalties taken off), and whether
    they have fallen behind: on the latest assignment, or on average, they have less than `below` of the
    points, counting work that was not submitted or could not be graded as none yet (work that only waits
    for a person is left out)."""
    students = sorted({row.student for insight in insights for row in insight.rows})
    found = []
    for student in students:
        rows = {insight.id: insight.row_of(student) for insight in insights}
        fractions = {assignment_id: share(row) for assignment_id, row in rows.items()}
        counted = [fractions[i] or 0.0 for i, row in rows.items() if fractions[i] is not None or not _waiting(row)]
        reasons = []
        if insights:
            latest = insights[-1]
            row = rows[latest.id]
            if not _waiting(row) and (fractions[latest.id] or 0.0) < below:
                shown = say("report.why_nothing") if row is None else (
                    row.status if row.decided is None
                    else say("report.why_of", decided=row.decided, points=row.max_score - row.pending_points))
                reasons.append(say("report.why_latest", id=latest.id, shown=shown))
            mean = sum(counted) / len(counted) if counted else 1.0
            if mean < below:
                reasons.append(say("report.why_mean", share=mean))
        found.append(Progress(student, fractions, bool(reasons), reasons))
    return found


def _waiting(row: reports.ReportRow | None) -> bool:
    """Graded, but every point still waits for a person."""
    return row is not None and row.gradable and share(row) is None


def graded_assignments(course: Course, assignment_ids: list[str] | None = None) -> list[str]:
    """The assignments (all, or those named) that have submissions, in catalogue order."""
    ids = assignment_ids or course.catalogue.ids()
    for assignment_id in ids:
        course.assignment(assignment_id)  # an unknown id is the catalogue's clear error
    return [assignment_id for assignment_id in course.catalogue.ids()
            if assignment_id in ids and course.students(assignment_id)]
