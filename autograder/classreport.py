"""The class report: reports/index.html, its pictures and its data as CSV, for the instructor.

The page is static and self-contained (no script, no web font, nothing fetched): it opens from disk in
any browser. The data comes from `insights` and `similarity`; this module only lays it out.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import jinja2

from . import insights, similarity
from .course import Course
from .reports import spreadsheet_safe

TOP_DIAGNOSTICS = 5
# What grading writes per assignment, linked from the page when present.
ASSIGNMENT_FILES = ("grades.csv", "scores.png", "exercises.png", "run.txt", "grader_faults.txt", "audit.csv")


@dataclass
class Settings:
    threshold: float = similarity.THRESHOLD
    min_shared: int = similarity.MIN_SHARED
    behind_below: float = 0.5


def write(course: Course, settings: Settings | None = None) -> Path:
    """Write reports/index.html and its CSV files for every assignment that has submissions."""
    settings = settings or Settings()
    folder = course.root / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    found = [insights.assignment(course, assignment_id) for assignment_id in insights.graded_assignments(course)]
    pairs, compared = {}, {}
    for insight in found:
        pairs[insight.id], compared[insight.id] = similarity.class_pairs(course, insight.id, settings.threshold,
                                                                         settings.min_shared)
        _exercise_chart(folder / insight.id / "exercises.png", insight)
    progress = insights.progress(found, settings.behind_below)
    if found:
        _progress_chart(folder / "progress.png", found, progress)
    _write_csvs(folder, found, pairs, progress)
    page = _environment().get_template("class_report.html.j2").render(
        course=course.catalogue, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        assignments=[_view(course, insight, pairs[insight.id], compared[insight.id]) for insight in found],
        progress=progress, ids=[insight.id for insight in found], settings=settings, top=TOP_DIAGNOSTICS,
        k=similarity.K)
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["points"] = lambda value: "—" if value is None else f"{value:g}"
    env.filters["tenths"] = lambda value: "—" if value is None else f"{value:.1f}"
    env.filters["percent"] = lambda value: "—" if value is None else f"{value:.0%}"
    return env


def _view(course: Course, insight: insights.AssignmentInsight, pairs, compared: int) -> dict:
    finals = [score.final for score in insight.scores if score.final is not None]
    files = {name: f"{insight.id}/{name}" for name in ASSIGNMENT_FILES
             if (course.root / "reports" / insight.id / name).is_file()}
    return {
        "insight": insight, "files": files, "graded": len(finals),
        "mean": statistics.fmean(finals) if finals else None,
        "median": statistics.median(finals) if finals else None,
        "late": [score for score in insight.scores if score.seconds_late > 0],
        "pairs": [_side_by_side(pair) for pair in pairs], "compared": compared,
    }


def _side_by_side(pair: similarity.Pair) -> dict:
    columns = []
    for source, shared in zip(pair.sources, pair.lines):
        columns.append([(number, text, number in shared)
                        for number, text in enumerate(source.splitlines(), start=1)])
    return {"pair": pair, "columns": columns}


# --- pictures --------------------------------------------------------------------------------------------

def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .fonts import use_cjk

    use_cjk()  # assignment titles and students' names may be Chinese
    return plt


def _exercise_chart(path: Path, insight: insights.AssignmentInsight) -> None:
    plt = _pyplot()
    exercises = [e for e in insight.exercises if e.pass_rate is not None][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(exercises) + 1.2))
    rates = [100 * e.pass_rate for e in exercises]
    ax.barh([e.function or e.grade_id for e in exercises], rates, color="#3b75af")
    for y, (rate, exercise) in enumerate(zip(rates, exercises)):
        ax.text(min(rate + 1, 88), y, f"{exercise.passed}/{exercise.graded}", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("students with full points (%)")
    ax.set_title(f"{insight.title}: each exercise's pass rate")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _progress_chart(path: Path, found: list[insights.AssignmentInsight], progress: list[insights.Progress]) -> None:
    import numpy as np

    plt = _pyplot()
    grid = np.array([[np.nan if p.fractions[i.id] is None else 100 * p.fractions[i.id] for i in found]
                     for p in progress]).reshape(len(progress), len(found))
    fig, ax = plt.subplots(figsize=(1.3 * len(found) + 3, 0.3 * len(progress) + 1.5))
    cmap = plt.get_cmap("RdYlGn").copy()
    cmap.set_bad("#bbbbbb")  # no graded submission
    image = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(len(found)), [i.id for i in found], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(progress)), [("⚑ " if p.behind else "") + p.student for p in progress], fontsize=8)
    fig.colorbar(image, ax=ax, label="% of the points (grey: nothing graded)")
    ax.set_title("Each student's progress")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# --- the data as CSV -------------------------------------------------------------------------------------

def _write_table(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([spreadsheet_safe(value) if isinstance(value, str) else value for value in row]
                         for row in rows)


def _write_csvs(folder: Path, found, pairs, progress) -> None:
    _write_table(folder / "exercises.csv",
                 ["assignment", "grade_id", "function", "points", "graded", "passed", "pass_rate"],
                 [[i.id, e.grade_id, e.function or "", f"{e.points:g}", e.graded, e.passed,
                   "" if e.pass_rate is None else f"{e.pass_rate:.3f}"] for i in found for e in i.exercises])
    _write_table(folder / "diagnostics.csv", ["assignment", "grade_id", "count", "diagnostic", "students"],
                 [[i.id, e.grade_id, d.count, d.pattern, " ".join(d.students)]
                  for i in found for e in i.exercises for d in e.diagnostics])
    _write_table(folder / "statuses.csv", ["assignment", "status", "count", "students"],
                 [[i.id, status, len(scores), " ".join(s.student for s in scores)]
                  for i in found for status, scores in sorted(i.statuses.items())])
    _write_table(folder / "progress.csv", ["student", *(i.id for i in found), "behind", "why"],
                 [[p.student, *("" if p.fractions[i.id] is None else f"{p.fractions[i.id]:.3f}" for i in found),
                   "yes" if p.behind else "no", p.why] for p in progress])
    _write_table(folder / "similarity.csv", ["assignment", "cell", "student_a", "student_b", "similarity", "shared"],
                 [[i.id, p.cell, *p.students, f"{p.similarity:.3f}", p.shared] for i in found for p in pairs[i.id]])
