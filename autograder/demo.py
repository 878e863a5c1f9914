"""The demo: the whole course pipeline on a sample class, and the tools that build sample submissions.

`autograder demo` provides the data set, releases every assignment, builds a dozen students' submissions
from the source notebooks (correct, partial, wrong and broken ones), grades them, writes feedback and
reports, and prints each student's score beside the score they deserve. Two students read the course in Chinese
(the catalogue's [languages] roster) and hand in the very code of two English-reading classmates: they get the
same scores, and their feedback in Chinese. Running it again gives the same result: it starts from a clean slate
of generated state each time.
"""

from __future__ import annotations

import copy
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import catalogue, dataset, reports
from .course import Course
from .judge.integrity import grade_id_of, settings_of
from .pipeline import autograde
from .pool import LocalPool
from .submissions import in_chinese, solved, submit, test_cells

# In 02's sample class two students hand in the same unusual `update`, the second copy disguised (names,
# comments, quotes and spacing changed): the class report's similarity section must find them, and only them.
COPIED_CELL = ("02_single_example_gd", "sgd-update-code")
COPIED = (
    ("oscar", "wrote `update` as a loop over the parameter names", '''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    # walk over the parameters by name, so that adding one later needs no change here
    updated = {}
    for name in sorted(params):
        gradient = grads.get("d" + name)
        if gradient is None:
            raise KeyError(f"no gradient for {name}")
        step = alpha * gradient
        updated[name] = params[name] - step
    return updated
'''),
    ("peggy", "copied oscar's `update`, renaming and reformatting it", '''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new = {}
    for key in sorted(params):
        g = grads.get('d' + key)
        if g is None:
            raise KeyError(f'missing gradient of {key}')   # should not happen

        change = alpha*g
        new[key] = params[key] - change
    return new
'''),
)


# Chinese-reading students (listed in the catalogue's roster) and the English-reading classmate whose code each
# hands in: one grading run, a mixed-language class, and identical scores for identical code.
BILINGUAL = (("li", "alice"), ("mei", "dan"))


@dataclass
class Sample:
    student: str
    story: str
    content: object  # a notebook, raw bytes, or None for "nothing submitted"
    deserved: float | None  # autograded points; None where nothing can be graded
    status: str


def sample_class(root: Path, assignment: catalogue.Assignment) -> list[Sample]:
    """A dozen students with a spread of correct, partial, wrong and broken work."""
    tests = test_cells(root, assignment)
    full = sum(points for _, points, _ in tests)
    stub = nbformat.read(root / "release" / assignment.id / assignment.notebook, as_version=4)
    stub_answers = {grade_id_of(c): c.source for c in stub.cells if settings_of(c).get("solution")}
    answered = [(test, points, answer) for test, points, answer in tests if answer]
    # Partial work: the last one or two functions left as the released stub. Nothing later calls them,
    # so exactly their tests fail.
    last, before_last = answered[-1], answered[-2] if len(answered) > 1 else answered[-1]
    partial_one = solved(root, assignment, {last[2]: stub_answers[last[2]]})
    partial_two = solved(root, assignment, {last[2]: stub_answers[last[2]],
                                            before_last[2]: stub_answers[before_last[2]]})

    def with_cell_after_setup(source: str):
        nb = solved(root, assignment)
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(first_code + 1, nbformat.v4.new_code_cell(source))
        return nb

    tampered = solved(root, assignment)
    for cell in tampered.cells:
        if grade_id_of(cell) == tests[0][0]:
            cell.source = "pass  # the student emptied the test"
    cheat = with_cell_after_setup(
        "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, *r, **k: np.ones_like(a, bool)\n")
    for cell in cheat.cells:
        if settings_of(cell).get("solution") and cell.cell_type == "code":
            cell.source = stub_answers[grade_id_of(cell)]
    good = solved(root, assignment)
    truncated = nbformat.writes(good).encode()[:2000]
    copied = [Sample(student, story, solved(root, assignment, {COPIED_CELL[1]: source}), full, "ok")
              for student, story, source in COPIED] if assignment.id == COPIED_CELL[0] else []
    return [
        Sample("alice", "correct", good, full, "ok"),
        Sample("bob", "correct", copy.deepcopy(good), full, "ok"),
        Sample("carol", "correct", copy.deepcopy(good), full, "ok"),
        Sample("dan", "left the last function unfinished", partial_one, full - last[1], "ok"),
        Sample("erin", "left the last two functions unfinished", partial_two,
               full - last[1] - (before_last[1] if before_last is not last else 0), "ok"),
        Sample("frank", "submitted the release untouched", stub, 0.0, "ok"),
        Sample("grace", "submitted a truncated file", truncated, None, "malformed"),
        Sample("heidi", "submitted nothing", None, None, "missing"),
        # A notebook that never ends. The sample waits rather than spins: the sandbox stops both alike at the wall
        # limit (tests/attacks.py's bomb-loop spins), and a class graded beside others does not spend a core on it.
        Sample("ivan", "waits at the top for a file that never comes",
               with_cell_after_setup("import time\nfrom pathlib import Path\n\nwhile not Path('data.csv').exists():\n"
                                     "    time.sleep(0.5)"), 0.0, "timeout"),
        Sample("judy", "killed the kernel at the top", with_cell_after_setup("import os\nos._exit(1)"), 0.0, "crashed"),
        Sample("mallory", "patched np.allclose and wrote nothing", cheat, 0.0, "ok"),
        Sample("trent", "correct, but emptied a test cell", tampered, full, "tampered"),
        *copied,
    ]


def bilingual_class(root: Path, assignment: catalogue.Assignment, samples: list[Sample]) -> list[Sample]:
    """The Chinese-reading students of BILINGUAL, each with the work of their English-reading classmate."""
    by_name = {sample.student: sample for sample in samples}
    return [Sample(student, f"{by_name[twin].story}, as {twin} (reading the course in Chinese)",
                   in_chinese(root, assignment, by_name[twin].content), by_name[twin].deserved, by_name[twin].status)
            for student, twin in BILINGUAL]


def reset(root: Path) -> None:
    """Remove the generated grading state (never source/, release/ or data/)."""
    for name in ("submitted", "autograded", "feedback", "reports"):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / "gradebook.db").unlink(missing_ok=True)


def run(root: Path, jobs: int | None = None, assignment_ids: list[str] | None = None, echo=print) -> dict:
    """The whole pipeline; returns {assignment id: [(sample, its report row)]}."""
    course = Course.load(root)
    echo("1. data set")
    for name, path in dataset.provide(download=True, progress=echo).items():
        echo(f"   {name}: verified ({path})")
    reset(course.root)
    ids = assignment_ids or course.catalogue.ids()
    echo("2. release: " + ", ".join(course.release(ids)))
    results = {}
    # One pool of warm sandboxes for the assignments that share their limits (all but 05 here): each pool's
    # sandboxes boot once (Python, numpy, matplotlib and the data set: a few CPU-seconds each), not once per
    # assignment, as the grading service keeps its own. Every submission still runs in a process of its own.
    pools: dict = {}
    try:
        for assignment_id in ids:
            assignment = course.assignment(assignment_id)
            samples = sample_class(course.root, assignment)
            samples += bilingual_class(course.root, assignment, samples)
            for sample in samples:
                submit(course.root, assignment, sample.student, sample.content)
            # The wait is ivan's: his notebook never ends, and the sandbox stops it at the wall limit. Said here, so
            # that half a minute without output does not read as a hang.
            echo(f"3. grade {assignment_id}: {len(samples)} submissions (about {assignment.limits.wall_seconds:g} s: "
                 "one of them never ends, and its sandbox stops it at the wall limit)")
            if assignment.limits not in pools:
                pools[assignment.limits] = LocalPool(max(1, jobs or os.cpu_count() or 1), assignment.limits,
                                                     dataset.data_dir(), sandboxed=True)
            autograde.grade(course, assignment_id, jobs=jobs, pool=pools[assignment.limits])
            course.feedback(assignment_id)
            _, report = reports.write(course, assignment_id)
            results[assignment_id] = [(sample, report.row_of(sample.student)) for sample in samples]
    finally:
        for pool in pools.values():
            pool.close()
    from . import classreport

    classreport.write(course)
    return results


def auto_score(row: reports.ReportRow) -> float | None:
    """The autograded part of a report row (the manual answer of 01 is graded later, by a person)."""
    return row.score


def main(root: Path, jobs: int | None = None) -> int:
    results = run(root, jobs)
    mismatches = 0
    for assignment_id, pairs in results.items():
        print(f"\n{assignment_id}")
        print(f"  {'student':<8} {'deserves':>8} {'score':>7} {'status':<10} story")
        for sample, row in pairs:
            got = auto_score(row)
            ok = got == sample.deserved and row.status == sample.status
            mismatches += not ok
            show = lambda v: "—" if v is None else f"{v:g}"  # noqa: E731
            print(f"  {sample.student:<8} {show(sample.deserved):>8} {show(got):>7} {row.status:<10} "
                  f"{sample.story}{'' if ok else '   <-- MISMATCH'}")
    print("\nReports: reports/index.html (the class report), reports/<assignment>/grades.csv and scores.svg; "
          "feedback: feedback/<student>/<assignment>/")
    if mismatches:
        print(f"{mismatches} score(s) differ from what the students deserve")
        return 1
    print("Every student got the score they deserve.")
    return 0
