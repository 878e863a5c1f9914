"""`autograder check`: an author's mistakes found before a student pays for them.

Every problem names the file, the cell (grade id) and what to do. The checks, in the order they run:

* the catalogue entry: its notebook exists, its `points` are the notebook's;
* the notebook's cells: unique grade ids, answer cells with a solution block, check cells ending with
  `checks.passed()`;
* the Chinese translation, where there is one: complete and current (autograder.translation);
* grading.py: it loads; its CHECKS name each autograded test cell once (a key written twice in the dict is
  found in the file's text, since Python keeps only the last); each Check's function is one the solution
  defines, and the test cell it is keyed by calls it (an entry copied from another cell names that cell);
* each Check has required cases, and its cases name the solution's parameters (every required one);
* a trial (author.trial): the solution, graded through the real sandbox and judge, gets every point, and
  its public checks pass; the stub gets no point, and its public checks fail;
* the same code gets the same grade (author.lottery): the solution, the stub and the MISTAKES of the
  assignment's catalogue of answers, tests/students/a<id>.py (author.answers; where it has one that loads), get one
  verdict per check under many student ids;
* the release: release/<id>/ is what source/ generates now, and the gradebook holds the same points.

What depends only on the source (all but the release), problems included, is kept under .autograder/checked/ by a
hash of the source notebook, grading.py, the catalogue entry and tests/students/a<id>.py, so a second `release` or
`grade` is not slowed.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import inspect
import json
import os
import sys
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import numpy as np
from nbgrader.api import MissingEntry

from .. import catalogue, i18n, reference
from ..authoring import Check
from ..course import Course, CourseError, load_checks, module_from
from . import answers, lottery, notebook, trial

CHECKED_DIR = Path(".autograder") / "checked"
# Part of the cache key: a change to what is checked makes every earlier result stale.
CHECK_VERSION = "3"
# Student ids under which `check` grades the solution, the stub and the catalogue's mistakes.
CHECK_IDS = lottery.IDS[:100]
PASSED_LINE = "all public checks passed"


@dataclass(frozen=True)
class Mistake:
    file: str  # relative to the course root
    cell: str | None  # grade id
    what: str
    fix: str

    def __str__(self) -> str:
        where = self.file + (f", cell {self.cell}" if self.cell else "")
        return f"{where}: {self.what.rstrip('.')}. Fix: {self.fix}"


class AuthoringError(CourseError):
    """`check` found problems; the message lists them all."""

    def __init__(self, problems: dict[str, list[Mistake]], then: str = ""):
        self.problems = problems
        text = []
        for assignment_id, found in problems.items():
            text.append(f"{len(found)} problem(s) in {assignment_id}:")
            text.extend(f"  - {problem}" for problem in found)
        if then:
            text.append(then)
        super().__init__("\n".join(text))


# --- what depends only on the source ------------------------------------------------------------------

def _close(name: str, known) -> str:
    near = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean `{near[0]}`?)" if near else ""


def _duplicate_keys(grading_py: Path) -> list[str]:
    """Keys written more than once in the `CHECKS = {...}` literal of grading.py."""
    try:
        tree = ast.parse(grading_py.read_text(encoding="utf-8"))
    except SyntaxError:
        return []  # loading the file reports it
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "CHECKS" for t in node.targets) \
                and isinstance(node.value, ast.Dict):
            keys = [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
            return sorted({str(k) for k in keys if keys.count(k) > 1})
    return []


def source_problems(course: Course, assignment_id: str) -> list[Mistake]:
    """What the catalogue, the source notebook and grading.py say, without running a student's way."""
    assignment = course.assignment(assignment_id)
    nb_file = f"source/{assignment_id}/{assignment.notebook}"
    grading_file = f"source/{assignment_id}/grading.py"
    where = str(catalogue.CATALOGUE)
    path = course.source_notebook(assignment_id)
    if not path.is_file():
        return [Mistake(where, None, f"assignment {assignment_id} names the notebook {assignment.notebook}, which "
                        f"{nb_file} is not", "create the notebook, or correct `notebook =` in its entry")]
    cells = notebook.cells(path)
    problems = []
    total = sum(c.points for c in cells)
    if total != assignment.points:
        problems.append(Mistake(where, None, f"assignment {assignment_id} has points = {assignment.points:g}, but "
                                f"the graded cells of {nb_file} add up to {total:g}",
                                f"set `points = {total:g}` in its entry (or change the cells' points)"))
    ids = [c.grade_id for c in cells if c.grade_id]
    for grade_id in sorted({g for g in ids if ids.count(g) > 1}):
        problems.append(Mistake(nb_file, grade_id, "this grade id is used by more than one cell",
                                "give each cell its own grade id (<topic>-<name>-<kind>)"))
    for cell in cells:
        if cell.kind == "answer" and "### BEGIN SOLUTION" not in cell.source:
            problems.append(Mistake(nb_file, cell.grade_id, "the answer cell has no `### BEGIN SOLUTION` block, "
                                    "so the student would receive the solution",
                                    "put the solution between `### BEGIN SOLUTION` and `### END SOLUTION`"))
        solution_text = cell.source.partition("### BEGIN SOLUTION")[2].partition("### END SOLUTION")[0]
        if cell.kind == "answer" and "NotImplementedError" in solution_text:
            problems.append(Mistake(nb_file, cell.grade_id, "the reference solution is not written yet (it raises "
                                    "NotImplementedError)", "write the solution between `### BEGIN SOLUTION` and "
                                    "`### END SOLUTION`"))
        if cell.kind == "test" and "TODO_EXPECTED" in cell.source:
            problems.append(Mistake(nb_file, cell.grade_id, "the check cell still expects TODO_EXPECTED",
                                    f"put in the values `autograder expected {assignment_id} FUNCTION ARGS...` "
                                    "prints for the cell's inputs"))
        if cell.kind == "test" and not cell.source.rstrip().endswith("checks.passed()"):
            problems.append(Mistake(nb_file, cell.grade_id, "the check cell does not end with `checks.passed()`",
                                    "end it with `checks.passed()`, the line a student looks for"))
    for found in course.translation_problems(assignment_id):  # the release would refuse them too
        what, _, fix = found.todo.partition(": ")
        problems.append(Mistake(str(found.path.relative_to(course.root)), f"{found.cell} (zh-CN)", what, fix))
    try:
        checks = load_checks(course.root / grading_file)
    except Exception as err:  # the author's file: any error it raises is a problem to report
        return problems + [Mistake(grading_file, None, f"it cannot be loaded: {type(err).__name__}: {err}",
                                   "fix grading.py so that `python " + grading_file + "` runs and defines CHECKS")]
    for key in _duplicate_keys(course.root / grading_file):
        problems.append(Mistake(grading_file, key, f'CHECKS names "{key}" more than once, so only its last entry '
                                "is used (an entry copied from another cell?)",
                                "key each entry by the grade id of its own test cell"))
    tests = {c.grade_id: c for c in cells if c.kind == "test" and c.grade_id is not None}
    for key in sorted(set(checks) - set(tests)):
        problems.append(Mistake(grading_file, key, "CHECKS names a test cell that the notebook does not have"
                                + _close(key, tests), "use the grade id of one of the notebook's test cells: "
                                + ", ".join(tests)))
    for grade_id in [g for g in tests if g not in checks]:
        problems.append(Mistake(grading_file, grade_id, "this test cell has no hidden check in CHECKS, so a student "
                                "could not be graded on it",
                                f'add `"{grade_id}": Check("<function>", <cases>, <compare>)` to CHECKS'))
    try:
        solution = reference.namespace(reference.sources(path))
    except Exception:
        last = traceback.format_exc().strip().splitlines()[-1]
        return problems + [Mistake(nb_file, None, f"the setup and solution cells do not run: {last}",
                                   "run the notebook top to bottom and fix the first error")]
    functions = {name for name, value in solution.items() if callable(value) and not name.startswith("_")}
    for key, check in checks.items():
        if callable(solution.get(check.function)):
            problems.extend(case_problems(grading_file, key, check, solution[check.function]))
        if not callable(solution.get(check.function)):
            problems.append(Mistake(grading_file, key, f'CHECKS["{key}"] checks the function `{check.function}`, '
                                    "which the solution does not define" + _close(check.function, functions),
                                    "name the function exactly as the answer cell defines it"))
        elif key in tests and not notebook.mentions(tests[key].source, check.function):
            called = [f for f in functions if notebook.mentions(tests[key].source, f)
                      and any(notebook.defines(c.source, f) for c in cells if c.kind == "answer")]
            right = _test_cell_of(cells, check.function)
            about = ", ".join(f"`{f}`" for f in sorted(called)) or "another function"
            problems.append(Mistake(grading_file, key, f'CHECKS["{key}"] checks `{check.function}`, but that test '
                                    "cell is about " + about
                                    + " (an entry copied from another cell, still naming its grade id?)",
                                    f'key the check of `{check.function}` by its own test cell'
                                    + (f', "{right}"' if right else "")))
    return problems


def case_problems(grading_file: str, key: str, check: Check, function) -> list[Mistake]:
    """Required cases missing, or cases that do not name the solution's parameters (the calling convention,
    checks.Signature, passes them by the solution's order)."""
    parameters = inspect.signature(function).parameters
    needed = [name for name, p in parameters.items() if p.default is p.empty
              and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    call = f"{check.function}({', '.join(parameters)})"
    try:
        required = check.required()
        drawn = check.cases(np.random.default_rng(0))
    except Exception as err:  # the author's code: what it raises is the problem to report
        return [Mistake(grading_file, key, f"its cases cannot be drawn: {type(err).__name__}: {err}",
                        "make `required()` and `cases(rng)` return lists of dictionaries of arguments")]
    problems = []
    if not required:
        problems.append(Mistake(grading_file, key, "the check has no required cases, so whether a mistake is caught "
                                "depends on the student id", "add `required=` to the Check: a function returning the "
                                "cases every student meets, one of each kind of input the exercise promises "
                                "(non-square shapes, m = 1, a single feature, a = 0.5 exactly, integers, float32...)"))
    for case in required + drawn:
        unknown = sorted(set(case) - set(parameters)) if isinstance(case, dict) else ["(not a dictionary)"]
        missing = [name for name in needed if isinstance(case, dict) and name not in case]
        if unknown or missing:
            what = (f"names {', '.join(f'`{n}`' for n in unknown)}, which {call} does not take" if unknown else
                    f"leaves out {', '.join(f'`{n}`' for n in missing)}, which {call} requires")
            problems.append(Mistake(grading_file, key, f"a case {what}",
                                    f"name every argument of a case as the solution's signature does: {call}"))
            break
    return problems


def _test_cell_of(cells: list[notebook.SourceCell], function: str) -> str | None:
    """The first test cell after the answer cell that defines `function`."""
    defined = False
    for cell in cells:
        defined = defined or (cell.kind == "answer" and notebook.defines(cell.source, function))
        if defined and cell.kind == "test":
            return cell.grade_id
    return None


def _public_error(course: Course, assignment_id: str, test_source: str) -> str:
    """Why a check cell fails on the solution: the cell run on the reference, here (the author's own code)."""
    namespace = dict(course.reference(assignment_id))
    try:
        exec(compile(test_source, "<check cell>", "exec"), namespace)  # noqa: S102  (the author's own cell, trusted)
    except BaseException as err:  # noqa: BLE001  (whatever the cell raised is what the author must read)
        return f"{type(err).__name__}: {err}"
    return "it printed no success line"


def trial_problems(course: Course, assignment_id: str, result: trial.Trial) -> list[Mistake]:
    """What grading the solution and the stub showed."""
    assignment = course.assignment(assignment_id)
    nb_file = f"source/{assignment_id}/{assignment.notebook}"
    grading_file = f"source/{assignment_id}/grading.py"
    cells = notebook.cells(course.source_notebook(assignment_id))
    tests = [(c.grade_id, c) for c in cells if c.kind == "test" and c.grade_id is not None]
    problems = []
    solution, stub = result.graded[trial.SOLUTION], result.graded[trial.STUB]
    faults = {fault["cell"]: fault["traceback"].strip().splitlines()[-1] for fault in solution.row.outcome.faults}
    if solution.row.outcome.status not in ("ok", "unjudged"):  # unjudged: said below, for its cell
        problems.append(Mistake(nb_file, None, f"the solution, graded as a student's notebook, has status "
                                f"{solution.row.outcome.status}: {solution.row.message}",
                                "make the notebook run top to bottom within the catalogue's limits"))
    for grade_id, cell in tests:
        got = solution.row.cells.get(grade_id) or 0.0
        if got != cell.points:
            said = solution.row.outcome.verdicts.get(grade_id)
            verdict = said.render(i18n.DEFAULT) if said else "no verdict"
            if grade_id in faults:  # the check itself failed: its own error, not the student's message
                verdict = f"the hidden check could not judge it ({faults[grade_id]})"
            problems.append(Mistake(grading_file, grade_id, f"the solution scores {got:g} of {cell.points:g} "
                                    f"here: {verdict}", "the hidden check must accept the solution: correct its "
                                    "function name, cases or compare (or the solution)"))
        if solution.notebook is not None and not _passed(solution.notebook, grade_id):
            problems.append(Mistake(nb_file, grade_id, "the public checks fail on the solution: "
                                    + _public_error(course, assignment_id, cell.source),
                                    f"compute the expected values with `autograder expected {assignment_id} "
                                    "FUNCTION ARGS...` and check what the solution returns"))
        if (stub.row.cells.get(grade_id) or 0.0) > 0:
            problems.append(Mistake(grading_file, grade_id, "the unanswered stub scores points here",
                                    "make the hidden check compare the result, so that `raise "
                                    "NotImplementedError()` cannot pass"))
        if stub.notebook is not None and _passed(stub.notebook, grade_id):
            problems.append(Mistake(nb_file, grade_id, "the public checks pass on the unanswered stub",
                                    "check the function's result (type, shape, values) in the check cell"))
    return problems


def _passed(nb, grade_id: str) -> bool:
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return any(PASSED_LINE in output.get("text", "") for output in cell.get("outputs", [])
                       if output.get("output_type") == "stream")
    return False


# --- the same code, the same grade ---------------------------------------------------------------------

def wrong_answers(course: Course, assignment_id: str) -> list[answers.Student]:
    """The MISTAKES of the assignment's catalogue of answers, tests/students/a<id>.py (as `autograder new` writes
    it: author.answers.Student entries); [] where there is none, or it needs what only the test suite provides to
    load."""
    path = answers.answers_file(course.root, assignment_id)
    if not path.is_file():
        return []
    sys.path.insert(0, str(course.root))
    try:
        found = getattr(module_from(path, f"tests.students.a{assignment_id}"), "MISTAKES", [])
    except Exception:  # noqa: BLE001  (a catalogue may need the test suite's own helpers: then it is not read)
        return []
    finally:
        sys.path.remove(str(course.root))
    return [entry for entry in found if isinstance(entry, answers.Student)]


def lottery_problems(course: Course, assignment_id: str, released) -> list[Mistake]:
    """Checks whose verdict on the solution, the stub or a wrong answer of the catalogue depends on the student id."""
    grading_file = f"source/{assignment_id}/grading.py"
    after = {cell.grade_id: test for cell, test in _answer_and_test(course, assignment_id)}
    notebooks: list[tuple[str, lottery.Answers, set[str] | None]] = [
        ("the solution", lottery.Answers(), None), ("the stub", lottery.stub_answers(released), None)]
    answers_file = answers.answers_file(course.root, assignment_id).relative_to(course.root)
    notebooks += [(f"the wrong answer {student.story!r} of {answers_file}",
                   lottery.Answers(dict(student.answers), tuple(student.extra_cells)),
                   {after[cell] for cell in student.answers})
                  for student in wrong_answers(course, assignment_id) if set(student.answers) <= set(after)]
    problems, named = [], set()
    for what, written, only in notebooks:
        for judged in lottery.grade(course, assignment_id, written, CHECK_IDS, only):
            groups = list(judged.groups().items())
            if len(groups) > 1 and judged.grade_id not in named:
                named.add(judged.grade_id)
                (one, first), (other, second) = groups[:2]
                problems.append(Mistake(
                    grading_file, judged.grade_id, f"{what} gets different verdicts under different student ids: "
                    f"{_verdict(one)} for student {first[0]!r}, {_verdict(other)} for student {second[0]!r}",
                    "add required cases that show the difference to every student (`required=`), or keep the drawn "
                    "cases within what the solution handles"))
    return problems


def _verdict(pattern: str | None) -> str:
    return "full points" if pattern is None else f"0 ({pattern})"


def _answer_and_test(course: Course, assignment_id: str):
    """(answer cell, the grade id of the test cell after it) for every answer cell."""
    cells = notebook.cells(course.source_notebook(assignment_id))
    last = None
    for cell in cells:
        if cell.kind == "answer":
            last = cell
        elif cell.kind == "test" and last is not None and cell.grade_id is not None:
            yield last, cell.grade_id
            last = None


# --- the release, against the source ------------------------------------------------------------------

def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def release_problems(course: Course, assignment_id: str, generated: str) -> list[Mistake]:
    """release/<id>/ and the gradebook against what source/ generates now (`generated`: its digest)."""
    assignment = course.assignment(assignment_id)
    path = course.release_notebook(assignment_id)
    release_file = f"release/{assignment_id}/{assignment.notebook}"
    if not path.is_file():
        return [Mistake(release_file, None, "the assignment was never released",
                        f"run `autograder release {assignment_id}`")]
    problems = []
    if _digest(notebook.signature(nbformat.read(path, as_version=4))) != generated:
        problems.append(Mistake(release_file, None, "it is not what source/ generates now (source/ changed "
                                "after the last release)", f"run `autograder release {assignment_id}` and commit "
                                "release/"))
    source_points = {c.grade_id: c.points for c in notebook.cells(course.source_notebook(assignment_id))
                     if c.points}
    with course.gradebook() as gb:
        try:
            found = gb.find_notebook(assignment.notebook_id, assignment_id)
        except MissingEntry:
            return problems  # never released to this gradebook: grading says so itself
        for cell in found.grade_cells:
            if cell.name in source_points and cell.max_score != source_points[cell.name]:
                problems.append(Mistake("gradebook.db", cell.name, f"the gradebook gives this cell "
                                        f"{cell.max_score:g} points, the source notebook {source_points[cell.name]:g}",
                                        f"run `autograder release {assignment_id}`"))
    return problems


# --- the whole check ----------------------------------------------------------------------------------

def _key(course: Course, assignment_id: str) -> str:
    folder = course.root / "source" / assignment_id
    parts = [CHECK_VERSION, repr(course.assignment(assignment_id))]
    for path in (course.source_notebook(assignment_id), folder / "grading.py",
                 answers.answers_file(course.root, assignment_id)):
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def problems_of(course: Course, assignment_id: str, release: bool = True, sandboxed: bool = True) -> list[Mistake]:
    """Every problem of one assignment (`release`: also compare release/ and the gradebook with source/)."""
    key = _key(course, assignment_id)
    kept = course.root / CHECKED_DIR / f"{assignment_id}.json"
    try:
        cached = json.loads(kept.read_text())
    except (OSError, ValueError):
        cached = {}
    if cached.get("key") != key:
        cached = {"key": key, "problems": [], "generated": None}
        cached["problems"] = [asdict(p) for p in source_problems(course, assignment_id)]
        if not cached["problems"]:  # otherwise the trial would only repeat them, less clearly
            result = trial.run(course, assignment_id, sandboxed=sandboxed)
            cached["problems"] = [asdict(p) for p in trial_problems(course, assignment_id, result)]
            cached["generated"] = _digest(notebook.signature(result.released))
            if result.graded[trial.SOLUTION].row.outcome.status not in ("ok", "unjudged"):
                # A timeout or a crash may be this machine's moment, not the source: try again next time.
                return [Mistake(**p) for p in cached["problems"]]
            if not cached["problems"]:
                cached["problems"] = [asdict(p) for p in lottery_problems(course, assignment_id, result.released)]
        kept.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a `grade` started at the same moment reads the old result or the new one.
        aside = kept.with_suffix(f".{os.getpid()}.tmp")
        aside.write_text(json.dumps(cached))
        aside.replace(kept)
    if cached["problems"]:
        return [Mistake(**p) for p in cached["problems"]]
    generated = cached["generated"]
    return release_problems(course, assignment_id, generated) if release else []


def check(course: Course, assignment_ids: list[str], release: bool | None = True, sandboxed: bool = True,
          then: str = "") -> list[str]:
    """The assignments checked; AuthoringError naming every problem found (`then`: what was not done).
    `release`: compare release/ and the gradebook with source/ too (None: where release/ exists; an
    assignment never released has nothing to compare yet)."""
    for assignment_id in assignment_ids:
        course.assignment(assignment_id)  # an unknown id is refused before any work
    found = {}
    for assignment_id in assignment_ids:
        compare = release if release is not None else course.release_notebook(assignment_id).is_file()
        problems = problems_of(course, assignment_id, release=compare, sandboxed=sandboxed)
        if problems:
            found[assignment_id] = problems
    if found:
        raise AuthoringError(found, then)
    return list(assignment_ids)
