"""One student graded from the command line: `autograder grade ID --student S` beside stock
`nbgrader autograde ID --student S`, in one run, and where our time goes.

The instructor's case (issue #22): a course whose classes are graded (here the demo's sample class of every
assignment, without its endless-loop student, graded once by `autograder grade`, which wrote the class report), and
one student's notebook submitted again. Each timed run starts from a fresh copy of that course:
  ours    `autograder grade ID --student alice --jobs 1 --quiet`: sandbox, judge, gradebook, grades.csv and the class
          report of every assignment (brought up to date: only what ID changed is computed again);
  stock   `nbgrader autograde ID --student alice --force` in a fresh copy of the course with nbgrader's own
          configuration (kernels, public checks only, no sandbox, no report): what nbgrader costs by itself.
Both grade the same submission (alice's correct notebook). REPEATS runs of each, interleaved; the medians are
compared (target: ours at least 2.5x faster). Then ours runs once more under cProfile and the profile says where its
time goes: start-up (imports), the author's check (cached), grading (sandbox and nbgrader's steps), grades.csv, and
the class report.

    CATVNONCAT_DIR=/path/to/data .venv/bin/python bench/one_student.py [--assignments 02_single_example_gd ...]
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_class import BIN, REPO, configure_stock, course_at, say  # noqa: E402
from latency import run  # noqa: E402

from autograder import catalogue, demo, safetext  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.judge.cases import SECRET_ENV  # noqa: E402

REPEATS = 3
STUDENT = "alice"
# (what the profile calls it, the function whose cumulative time it is)
PHASES = (("author's check (cached)", "autograder/author/check.py", "check"),
          ("grading: sandbox, judge, nbgrader's steps", "autograder/pipeline/autograde.py", "grade"),
          ("grades.csv, scores.svg", "autograder/reports.py", "write"),
          ("class report (all assignments)", "autograder/classreport.py", "write"),
          ("  of which similarity", "autograder/similarity.py", "class_pairs"))


def released_course(work: Path, ids: list[str], course: Path | None = None) -> Path:
    """A course with the assignments `ids` released: the start of the graded course and of every stock copy.
    `course`: a course released (and checked) already, the test suite's, copied instead."""
    root = course_at(work / "released", course)
    if course is None:
        Course.load(root).release(ids)
    return root


def graded_course(work: Path, released: Path, ids: list[str]) -> Path:
    """A copy of the released course with the sample class of each of `ids` graded, and the class report written."""
    root = course_at(work / "graded", released)
    for assignment_id in ids:
        assignment = catalogue.load(root).get(assignment_id)
        for sample in demo.sample_class(root, assignment):
            if sample.status != "timeout":  # an endless loop waits out the wall limit: not what is measured here
                demo.submit(root, assignment, sample.student, sample.content)
        seconds = run([str(BIN / "autograder"), "grade", assignment_id, "--quiet"], root)
        say(f"  graded the sample class of {assignment_id} ({seconds:.0f} s)")
    return root


def stock_course(released: Path, name: str) -> Path:
    """A copy of the released course with nbgrader's own configuration."""
    root = course_at(released.parent / name, released)
    configure_stock(root)
    return root


def resubmit(root: Path, assignment) -> None:
    demo.submit(root, assignment, STUDENT, demo.solved(root, assignment))


def ours_command(assignment_id: str) -> list[str]:
    return [str(BIN / "autograder"), "grade", assignment_id, "--student", STUDENT, "--jobs", "1", "--quiet"]


def profile(work: Path, base: Path, assignment) -> dict[str, float]:
    """Ours once under cProfile: the cumulative seconds of each phase, and the start-up before the command ran."""
    root = course_at(work / f"profile-{assignment.id}", base)
    resubmit(root, assignment)
    out = work / f"{assignment.id}.prof"
    started = time.perf_counter()
    run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "autograder.cli", *ours_command(assignment.id)[1:]],
        root)
    total = time.perf_counter() - started
    stats = pstats.Stats(str(out)).stats  # (file, line, function) -> (calls, calls, own, cumulative, callers)
    found = {"total (under the profiler)": total}
    for label, path, function in PHASES:
        found[label] = max((value[3] for (file, _, name), value in stats.items()
                            if file.endswith(path) and name == function), default=0.0)
    command = max((value[3] for (file, _, name), value in stats.items()
                   if file.endswith("autograder/cli.py") and name == "cmd_grade"), default=0.0)
    found["start-up: interpreter and imports"] = total - command
    return found


def measure(work: Path, base: Path, released: Path, assignment_id: str, repeats: int) -> dict:
    assignment = catalogue.load(REPO).get(assignment_id)
    say(assignment_id)
    ours, stock = [], []
    for repeat in range(repeats):
        root = course_at(work / f"ours-{assignment_id}-{repeat}", base)
        resubmit(root, assignment)
        ours.append(run(ours_command(assignment_id), root))
        say(f"  ours #{repeat + 1}: {ours[-1]:.2f} s")
        root = stock_course(released, f"stock-{assignment_id}-{repeat}")
        resubmit(root, assignment)
        stock.append(run([str(BIN / "nbgrader"), "autograde", assignment_id, "--student", STUDENT, "--force"], root))
        say(f"  stock #{repeat + 1}: {stock[-1]:.2f} s")
    return {"assignment": assignment_id, "ours": statistics.median(ours), "stock": statistics.median(stock),
            "ours_runs": ours, "stock_runs": stock, "profile": profile(work, base, assignment)}


def table(results: list[dict]) -> str:
    lines = ["| assignment | stock s | ours s | speed-up (target ≥ 2.5×) |", "|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['assignment']} | {r['stock']:.2f} | {r['ours']:.2f} | {r['stock'] / r['ours']:.1f}× |")
    for r in results:
        lines += ["", f"Where ours goes on {r['assignment']} (cProfile, cumulative s):"]
        lines += [f"  {label:<45} {seconds:6.2f}" for label, seconds in r["profile"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assignments", nargs="+", default=["02_single_example_gd", "05_cat_classifier"])
    parser.add_argument("--repeats", type=int, default=REPEATS, help="runs of each grader (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--classes", nargs="+", help="the assignments whose sample class is graded first (default: "
                        "all; those of --assignments must be among them)")
    parser.add_argument("--keep", type=Path, help="keep the graded course here, and reuse it if it exists")
    parser.add_argument("--course", type=Path, help="copy this course, released and checked already, instead of "
                        "releasing a copy of the repository's (the test suite passes its own)")
    args = parser.parse_args(argv)
    os.environ.setdefault(SECRET_ENV, "bench-secret")
    work = Path(tempfile.mkdtemp(prefix="one-student-"))
    try:
        ids = args.classes or catalogue.load(REPO).ids()
        released = released_course(work, sorted(set(ids) | set(args.assignments)), args.course)
        if args.keep and (args.keep / "gradebook.db").is_file():
            base = args.keep
            # The author's check is cached by what it was computed from, the grader's version included: a course kept
            # from an older grader is checked once here, not in every timed copy.
            run([str(BIN / "autograder"), "check", *args.assignments], base)
        else:
            say("grading the sample class of every assignment once (not timed)")
            base = graded_course(work, released, ids)
            if args.keep:
                shutil.copytree(base, args.keep, symlinks=True)
        results = [measure(work, base, released, assignment_id, args.repeats) for assignment_id in args.assignments]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{table(results)}")
    if args.json:
        safetext.write_text(args.json, json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
