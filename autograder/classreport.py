"""The class report: reports/index.html, its pictures and its data as CSV, for the instructor.

The page is static and self-contained (no script, no web font, nothing fetched): it opens from disk in
any browser. The data comes from `insights` and `similarity`; this module only lays it out.

Written again after every grading, it costs little when little changed: the gradebook is read in two queries
per assignment, similarity is kept in reports/.cache by what it was computed from, the pictures are SVG text
(rewritten only when they change), and the caller passes the rows it has just read for the assignment it graded.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from . import charts, i18n, insights, reports, safetext, similarity
from .course import Course

TOP_DIAGNOSTICS = 5
COMPILED_DIR = Path(".autograder") / "templates"  # the report's template, compiled (Jinja's own cache files)
# What grading writes per assignment, linked from the page when present.
ASSIGNMENT_FILES = ("grades.csv", "scores.svg", "exercises.svg", "run.txt", "grader_faults.txt", "audit.csv")


@dataclass
class Settings:
    threshold: float = similarity.THRESHOLD
    min_shared: int = similarity.MIN_SHARED
    behind_below: float = insights.BEHIND


def write(course: Course, settings: Settings | None = None,
          fresh: dict[str, reports.Report] | None = None) -> Path:
    """Write reports/index.html and its CSV files for every assignment that has submissions. `fresh`: the rows
    of assignments the caller has just read (they are not read again)."""
    settings = settings or Settings()
    fresh = fresh or {}
    found = [insights.assignment(course, assignment_id, fresh.get(assignment_id))
             for assignment_id in insights.graded_assignments(course)]
    alike = {insight.id: similarity.class_pairs(course, insight.id, settings.threshold, settings.min_shared)
             for insight in found}
    return render(course.root / "reports", course.catalogue.title, found, alike, settings,
                  course.catalogue.report_language, compiled=course.root / COMPILED_DIR)


def render(folder: Path, title: str, found: list[insights.AssignmentInsight],
           alike: dict[str, similarity.ClassSimilarity], settings: Settings, language: str = i18n.DEFAULT,
           compiled: Path | None = None) -> Path:
    """The page, its pictures and its CSV files in `folder`, from the class's data; the page's words, and the
    students' messages whatever language they read them in, in `language` (the instructor's)."""
    for insight in found:
        _write_if_changed(folder / insight.id / "exercises.svg", _exercise_chart(insight, language))
    progress = insights.progress(found, settings.behind_below)
    _write_csvs(folder, found, alike, progress)
    page = _environment(compiled).get_template("class_report.html.j2").render(
        title=title, generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        assignments=[_view(folder, insight, alike[insight.id]) for insight in found],
        progress=progress, ids=[insight.id for insight in found], settings=settings, top=TOP_DIAGNOSTICS,
        k=similarity.K, max_lines=similarity.MAX_LINES,
        language=language, t=lambda key, **values: i18n.text(f"report.{key}", language, **values))
    path = folder / "index.html"
    safetext.write_text(path, page)
    return path


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    safetext.write_text(path, text)


class _KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, kept in the course's own state folder (not the shared temporary
    directory, where other accounts of a hub can write). A cache that cannot be read or written (no folder, no space,
    not this account's) is only not kept: the page is the same, compiled each time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _environment(compiled: Path | None = None) -> jinja2.Environment:
    # Compiling the template is a twentieth of a second of every `grade --student`: Jinja keeps the compiled code,
    # keyed by the template's checksum.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             bytecode_cache=_KeptTemplates(str(compiled)) if compiled else None,
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["points"] = lambda value: "—" if value is None else f"{value:g}"
    env.filters["tenths"] = lambda value: "—" if value is None else f"{value:.1f}"
    env.filters["percent"] = lambda value: "—" if value is None else f"{value:.0%}"
    # Student text on the page: ids one to one and on one line, messages and code without what would reorder
    # or hide text (autoescape makes both inert HTML).
    env.filters["id"] = safetext.identifier
    env.filters["readable"] = safetext.readable
    env.filters["shade"] = lambda value: "none" if value is None else f"p{min(9, int(10 * value))}"
    env.filters["languages"] = _languages
    return env


def _view(folder: Path, insight: insights.AssignmentInsight, alike: similarity.ClassSimilarity) -> dict:
    finals = insight.complete
    files = {name: f"{insight.id}/{name}" for name in ASSIGNMENT_FILES if (folder / insight.id / name).is_file()}
    return {
        "insight": insight, "files": files, "graded": len(finals), "waiting": insight.waiting,
        "mean": statistics.fmean(finals) if finals else None,
        "median": statistics.median(finals) if finals else None,
        "late": [row for row in insight.rows if row.seconds_late > 0],
        "pairs": [_side_by_side(pair) for pair in alike.pairs], "compared": alike.compared, "cut": alike.cut,
    }


def _side_by_side(pair: similarity.Pair) -> dict:
    columns = []
    for source, shared in zip(pair.sources, pair.lines, strict=True):
        columns.append([(number, text, number in shared)
                        for number, text in enumerate(source.splitlines(), start=1)])
    return {"pair": pair, "columns": columns}


def _exercise_chart(insight: insights.AssignmentInsight, language: str) -> str:
    return charts.bars([(e.function or e.grade_id, rate, f"{e.passed}/{e.graded}") for e in insight.exercises
                        if (rate := e.pass_rate) is not None],
                       i18n.text("report.rates_title", language, title=insight.title),
                       i18n.text("report.rates_axis", language))


# --- the data as CSV -------------------------------------------------------------------------------------

def _ids(students) -> str:
    return " ".join(safetext.identifier(student) for student in students)


def _languages(counts: dict[str, int]) -> str:
    """How many of a diagnostic's students read each language: "en 3, zh-CN 1"."""
    return ", ".join(f"{language} {count}" for language, count in counts.items())


def _write_csvs(folder: Path, found: list[insights.AssignmentInsight], alike: dict[str, similarity.ClassSimilarity],
                progress: list[insights.Progress]) -> None:
    text, ident, number = safetext.cell, safetext.id_cell, safetext.number
    share = lambda value: "" if value is None else f"{value:.3f}"  # noqa: E731
    safetext.write_csv(folder / "exercises.csv", [
        ["assignment", "grade_id", "function", "points", "graded", "passed", "pass_rate"],
        *([ident(i.id), ident(e.grade_id), text(e.function or ""), number(e.points), number(e.graded),
           number(e.passed), share(e.pass_rate)] for i in found for e in i.exercises)])
    safetext.write_csv(folder / "diagnostics.csv", [
        ["assignment", "grade_id", "count", "diagnostic", "students", "languages"],
        *([ident(i.id), ident(e.grade_id), number(d.count), text(d.pattern), text(_ids(d.students)),
           text(_languages(d.languages))] for i in found for e in i.exercises for d in e.diagnostics)])
    safetext.write_csv(folder / "statuses.csv", [
        ["assignment", "status", "count", "students"],
        *([ident(i.id), text(status), number(len(rows)), text(_ids(row.student for row in rows))]
          for i in found for status, rows in sorted(i.statuses.items()))])
    safetext.write_csv(folder / "progress.csv", [
        ["student", *(text(i.id) for i in found), "behind", "why"],
        *([ident(p.student), *(share(p.fractions[i.id]) for i in found), "yes" if p.behind else "no",
           text(p.why_in(i18n.DEFAULT))]
          for p in progress)])
    safetext.write_csv(folder / "similarity.csv", [
        ["assignment", "cell", "student_a", "student_b", "similarity", "shared"],
        *([ident(i.id), ident(p.cell), ident(p.students[0]), ident(p.students[1]), f"{p.similarity:.3f}",
           number(p.shared)] for i in found for p in alike[i.id].pairs)])
