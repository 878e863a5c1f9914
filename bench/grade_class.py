"""Grade one class three ways — stock nbgrader, the course's `nbgrader autograde`, `autograder grade` — and compare.

What it measures, per assignment and class size N:
  * wall seconds and submissions per minute of each grader, and their ratio (ours / stock throughput);
  * peak memory of each: the highest total PSS of the grading command and all its descendants (kernels,
    bubblewrap sandboxes and their runners), sampled every 0.1 s from /proc/<pid>/smaps_rollup (RSS where
    that file cannot be read);
  * the overhead per submission beyond executing the notebook once: `exec` is the mean time to run one
    submission's code cells in a warm in-process IPython shell (no kernel, no sandbox, hidden tests judged
    in process), and each grader's overhead is its time per submission minus `exec` (core-seconds for ours);
  * whether the grades agree: per student and per graded cell, the gradebooks of the course's two ways of
    grading must hold the same score, and it must be the score the student deserves. Any difference is
    printed and the exit status is 1.

The class is a deterministic mix (student i's work depends on i only): about 60 % correct, 25 % partial
(one or two answers left as the released stub) and 15 % broken (a function that raises, a NameError, a
SyntaxError in an answer cell). Each wrong answer costs exactly its own cell (one mistake costs once).

The three ways, each ONE process for the whole class in its own fresh copy of the course:
  stock   `nbgrader autograde ID` with nbgrader's own configuration (its Execute preprocessor, one kernel
          per notebook, no sandbox): what nbgrader costs by itself. It runs only the public checks (the
          course's hidden checks need the course's preprocessors), so it does less than the course's ways
          and its grades are not compared.
  nbg     `nbgrader autograde ID` with the course's nbgrader_config.py: sandbox and judge, one at a time.
  ours    `autograder grade ID --jobs J --quiet`: the same, J sandboxes at once.
Each copy starts released and checked, as `autograder release` leaves an instructor's course: the author's check
is cached before anything is timed, so ours only reads it.

Run from the repository root, with the data set available:

    export CATVNONCAT_DIR=/path/to/data AUTOGRADER_SECRET=bench-secret
    .venv/bin/python bench/grade_class.py [--assignments 02_single_example_gd 05_cat_classifier]
        [--sizes 10 40 160] [--jobs CORES] [--keep DIR] [--json PATH] [--course DIR]

It takes minutes: every size grades N submissions twice (05 trains a model in each).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# `exec` is measured in this process in core-seconds, so with one BLAS thread, as the sandbox runs student
# code (sandbox.bwrap_command); a multi-threaded BLAS on a busy machine made it 2-4x slower and erratic.
# This must happen before numpy is imported. The graders themselves get the caller's settings back.
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
CALLER_THREADS = {name: os.environ.get(name) for name in ONE_THREAD}
os.environ.update(dict.fromkeys(ONE_THREAD, "1"))

import nbformat  # noqa: E402
from nbgrader.api import MissingEntry  # noqa: E402

from autograder import catalogue, dataset, demo, reports  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.judge.cases import SECRET_ENV  # noqa: E402
from autograder.judge.status import Outcome  # noqa: E402

BIN = Path(sys.executable).parent  # the venv's nbgrader and autograder sit beside its python
CORES = os.cpu_count() or 1
EXEC_SAMPLE = 8
SAMPLE_EVERY = 0.1
PROGRESS_EVERY = 15.0
# The share of correct / partial students; the rest are broken.
CORRECT, PARTIAL = 0.60, 0.85
GOLDEN = (5 ** 0.5 - 1) / 2

DEFINITIONS = f"""\
Definitions (N submissions, J jobs, {CORES} cores):
  stock s            wall seconds of one `nbgrader autograde ID` with nbgrader's own configuration (kernels,
                     public checks only, no sandbox), start to exit
  nbg s / ours s     wall seconds of one `nbgrader autograde ID` with the course's configuration (sandbox and
                     judge, sequential) / one `autograder grade ID --jobs J --quiet` (ours includes reports/)
  subs/min           N / wall seconds * 60;  ratio = ours subs/min / stock subs/min (> 1: ours is faster)
  exec s             mean seconds to run one submission's code cells once in a warm in-process IPython shell
                     (no kernel, no sandbox, no hidden checks, cells tagged illustration left out, as the
                     grader leaves them); the first min({EXEC_SAMPLE}, N) students, after one warm-up
  overhead stock s   stock s / N - exec s
  overhead ours s    ours s * min(J, cores) / N - exec s  (core-seconds per submission: conservative)
  peak MB            highest sum of PSS (/proc/<pid>/smaps_rollup; RSS where unreadable) over the command
                     and all its descendants (kernels, sandboxes), sampled every {SAMPLE_EVERY} s
  grades agree       per student and graded cell, the nbg and ours gradebooks hold the same score
  as deserved        both give every student the score the class mix says they deserve
"""

# nbgrader's own configuration, for the stock copy: the course's only differs in its Autograde steps.
STOCK_CONFIG = """c = get_config()
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "grading.py"]
c.Execute.timeout = 600
"""


class BenchError(RuntimeError):
    """A grading command failed: the benchmark cannot go on."""


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the class ---------------------------------------------------------------------------------

@dataclass
class Blueprint:
    """What the mix needs to know about one released assignment."""

    root: Path
    assignment: catalogue.Assignment
    tests: list[tuple[str, float, str | None]]  # demo.test_cells: (test id, points, answer it follows)
    solutions: dict[str, str]  # answer id -> the reference answer
    stubs: dict[str, str]  # answer id -> the released stub

    @property
    def answers(self) -> list[str]:
        return list(self.solutions)

    def test_after(self, answer: str) -> str:
        # As tests.harness does: a wrong answer costs the test cell that follows it.
        return {a: test for test, _, a in self.tests}[answer]


def _cells(root: Path, assignment: catalogue.Assignment, folder: str) -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(root / folder / assignment.id / assignment.notebook, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.cell_type == "code" and "grade_id" in c.get("metadata", {}).get("nbgrader", {})}


def blueprint(root: Path, assignment: catalogue.Assignment) -> Blueprint:
    source, release = _cells(root, assignment, "source"), _cells(root, assignment, "release")
    solutions = {gid: c.source for gid, c in source.items() if c.metadata["nbgrader"].get("solution")}
    return Blueprint(root, assignment, demo.test_cells(root, assignment), solutions,
                     {gid: release[gid].source for gid in solutions})


@dataclass
class Student:
    name: str
    kind: str  # correct, partial or broken
    story: str
    replace: dict[str, str] = field(default_factory=dict)  # answer id -> what the student wrote instead
    failing: set[str] = field(default_factory=set)  # the test cells this student deserves 0 on


def _kind(index: int) -> str:
    # A golden-ratio sequence keeps the 60/25/15 mix close even in a class of 4 (it starts C P C B).
    position = (index * GOLDEN) % 1
    return "correct" if position < CORRECT else "partial" if position < PARTIAL else "broken"


def _with_line(source: str, line: str) -> str:
    """The reference answer with `line` as the first statement of its solution (inside the function)."""
    lines = source.splitlines()
    at = next(i for i, text in enumerate(lines) if text.strip() == "### BEGIN SOLUTION")
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    return "\n".join([*lines[:at + 1], indent + line, *lines[at + 1:]])


def _partial(bp: Blueprint, rng: random.Random, name: str) -> Student:
    left = rng.sample(bp.answers, 2 if len(bp.answers) > 1 and rng.random() < 0.5 else 1)
    return Student(name, "partial", f"left {' and '.join(left)} as released", {a: bp.stubs[a] for a in left},
                   {bp.test_after(a) for a in left})


def _broken(bp: Blueprint, rng: random.Random, name: str) -> Student:
    answer = rng.choice(bp.answers)
    story, source = rng.choice([
        ("raises", _with_line(bp.solutions[answer], 'raise RuntimeError("unfinished: still debugging")')),
        ("NameError", _with_line(bp.solutions[answer], "_ = nump.ones(1)  # a typo for np")),
        ("SyntaxError", bp.solutions[answer] + '\nprint("done"\n'),
    ])
    return Student(name, "broken", f"{answer}: {story}", {answer: source}, {bp.test_after(answer)})


def student(bp: Blueprint, index: int) -> Student:
    """Student `index` of the mix; the same index always gives the same work."""
    rng, name, kind = random.Random(index), f"student{index:04d}", _kind(index)
    if kind == "correct":
        return Student(name, kind, "correct")
    return (_partial if kind == "partial" else _broken)(bp, rng, name)


def deserved(bp: Blueprint, who: Student) -> dict[str, float]:
    return {test: 0.0 if test in who.failing else points for test, points, _ in bp.tests}


# --- course copies -----------------------------------------------------------------------------

def configure_stock(root: Path) -> None:
    """nbgrader's own configuration in the course at `root`: its commands there grade as stock nbgrader."""
    (root / "nbgrader_config.py").write_text(STOCK_CONFIG.format(course_id=catalogue.load(root).course_id))


def course_at(root: Path, course: Path | None = None) -> Path:
    """A copy of `course` (released and checked already: the test suite's) at `root`, or, without one, of the
    repository's course as an instructor's checkout holds it (configuration, catalogue, sources, release)."""
    if course is not None:
        shutil.copytree(course, root, symlinks=True)
        return root
    root.mkdir(parents=True)
    for name in ("nbgrader_config.py", "assignments", "source", "release"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    return root


def released_template(work: Path, assignment_id: str, course: Path | None = None) -> Path:
    """A course copy with the assignment released and the author's check done and cached, as `autograder release`
    leaves an instructor's course: the starting point of every graded copy. `course`: a course released and checked
    already (the test suite's), copied instead of building one from the repository."""
    from autograder.author import check

    shutil.rmtree(work / f"template-{assignment_id}", ignore_errors=True)  # left by an earlier --keep run
    root = course_at(work / f"template-{assignment_id}", course)
    if course is None:
        Course.load(root).release([assignment_id])
    # Before anything is timed (reading the cache when `course` was checked): `autograder grade` checks first, and
    # would otherwise run the author's trials inside ours's timed run, in every copy.
    check.check(Course.load(root), [assignment_id])
    return root


def class_copies(bp: Blueprint, students: list[Student], names: list[str]) -> list[Path]:
    """Fresh copies of the released course (bp.root), one per name, each holding the same submissions;
    a copy named *-stock gets nbgrader's own configuration."""
    roots = []
    for name in names:
        root = bp.root.parent / name
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(bp.root, root)
        if name.endswith("-stock"):
            configure_stock(root)
        roots.append(root)
    for who in students:
        nb = demo.solved(bp.root, bp.assignment, who.replace)
        for root in roots:
            demo.submit(root, bp.assignment, who.name, nb)
    return roots


# --- running a grader --------------------------------------------------------------------------

def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])  # comm may hold spaces
    return parents


def process_tree(root: int) -> list[int]:
    children = defaultdict(list)
    for pid, parent in _parents().items():
        children[parent].append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children[pid])
    return tree


def memory_kb(pid: int) -> tuple[int, bool]:
    """(PSS of the process in kB, whether RSS had to stand in for it)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0), False
    except PermissionError:
        pass  # a non-dumpable process, without the privilege to read its maps: fall back to RSS
    except OSError:
        return 0, False  # gone meanwhile
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except OSError:
        return 0, False
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024, True


class PeakMemory:
    """The peak, over time, of the total memory of a process and all its descendants (bwrap sandboxes
    and their runners are descendants too), sampled in a thread while the process runs."""

    def __init__(self, pid: int):
        self.pid, self.peak_kb, self.rss_samples = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            readings = [memory_kb(pid) for pid in process_tree(self.pid)]
            self.peak_kb = max(self.peak_kb, sum(kb for kb, _ in readings))
            self.rss_samples += any(rss for _, rss in readings)
            if self._stop.wait(SAMPLE_EVERY):
                return


@dataclass
class Timed:
    seconds: float
    peak_mb: float
    rss_samples: int


def _graded_count(root: Path, assignment: catalogue.Assignment) -> int:
    # Both graders write autograded/<student>/<id>/<notebook> once a submission is done.
    return sum(1 for _ in (root / "autograded").glob(f"*/{assignment.id}/{assignment.notebook}"))


def _grader_env() -> dict[str, str]:
    """This process's environment (the course secret, the data set), with the caller's BLAS threads
    and the venv's programs first on PATH (nbgrader runs `alembic` from there)."""
    env = {name: value for name, value in os.environ.items() if name not in ONE_THREAD}
    env.update({name: value for name, value in CALLER_THREADS.items() if value is not None})
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def timed_run(label: str, command: list[str], root: Path, assignment: catalogue.Assignment, total: int) -> Timed:
    """Run one grading command in `root`, with its log in root/<label>.log; its time and peak memory."""
    env = _grader_env()
    log_path = root / f"{label}.log"
    say(f"  {label}: {' '.join(command)}  (cwd {root}, log {log_path.name})")
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        # Its own session, so that an interrupted benchmark can end the whole tree it started.
        process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        try:
            with PeakMemory(process.pid) as memory:
                while True:
                    try:
                        code = process.wait(timeout=PROGRESS_EVERY)
                        break
                    except subprocess.TimeoutExpired:
                        say(f"  {label}: {_graded_count(root, assignment)}/{total} graded, "
                            f"{time.perf_counter() - started:.0f} s")
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        seconds = time.perf_counter() - started
    if code != 0:
        tail = log_path.read_text(errors="replace")[-3000:]
        raise BenchError(f"{label} exited with {code}; the end of {log_path}:\n{tail}")
    say(f"  {label}: {total} submissions in {seconds:.1f} s, peak {memory.peak_kb / 1024:.0f} MB")
    return Timed(seconds, memory.peak_kb / 1024, memory.rss_samples)


# --- executing a notebook once, in process -----------------------------------------------------

@lru_cache(maxsize=1)
def _shell():
    """One warm IPython shell, set up as the sandbox's notebook process sets up its own."""
    from autograder.inside.notebook import CellOutputs, make_shell

    sink = CellOutputs(budget=1 << 40)
    return make_shell(sink), sink


def exec_once(notebook: Path) -> float:
    """Seconds to run the code cells of one autograded notebook, as the grader runs them, in a fresh namespace."""
    from autograder.pipeline.preprocessors import ILLUSTRATION

    shell, sink = _shell()
    sources = [cell.source for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"
               and ILLUSTRATION not in cell.get("metadata", {}).get("tags", [])]
    shell.reset(new_session=False)
    saved_cwd = Path.cwd()
    os.chdir(notebook.parent)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            started = time.perf_counter()
            for count, source in enumerate(sources, start=1):
                sink.reset(1 << 40)
                shell.execution_count = count
                shell.run_cell(source, store_history=True)
            return time.perf_counter() - started
    finally:
        os.chdir(saved_cwd)


_exec_seconds: dict[tuple[str, str], float] = {}  # (assignment, student) -> seconds: the same work at every N


def mean_exec(stock_root: Path, assignment: catalogue.Assignment, students: list[Student]) -> float:
    """Mean in-process execution time over the first EXEC_SAMPLE students (after one warm-up run)."""
    sample = [s.name for s in students[:EXEC_SAMPLE]]
    notebook = lambda name: stock_root / "autograded" / name / assignment.id / assignment.notebook  # noqa: E731
    todo = [name for name in sample if (assignment.id, name) not in _exec_seconds]
    if todo:
        say(f"  exec: running {len(todo)} notebook(s) in process, after one warm-up")
        exec_once(notebook(todo[0]))
        for name in todo:
            _exec_seconds[assignment.id, name] = exec_once(notebook(name))
    return sum(_exec_seconds[assignment.id, name] for name in sample) / len(sample)


def mean_sandbox_seconds(ours_root: Path, assignment: catalogue.Assignment) -> float:
    """Ours's runner times each submission in its sandbox (fork, cells, hidden calls, clean-up): the part
    of ours's cost that is not the grader's own bookkeeping."""
    outcomes = [Outcome.read(p) for p in (ours_root / "autograded").glob(f"*/{assignment.id}")]
    return sum(o.seconds for o in outcomes if o) / max(1, len(outcomes))


# --- comparing the grades ----------------------------------------------------------------------

def gradebook_scores(root: Path, assignment: catalogue.Assignment, names: list[str]) -> dict[str, dict]:
    """student -> {grade id: score} from the course's gradebook ({} when it has no graded submission)."""
    scores = {}
    with Course.load(root).gradebook() as gb:
        for name in names:
            try:
                notebook = gb.find_submission_notebook(assignment.notebook_id, assignment.id, name)
            except MissingEntry:
                scores[name] = {}
                continue
            scores[name] = {grade.name: grade.score for grade in notebook.grades}
    return scores


def _differences(left: dict, right: dict) -> dict:
    return {key: (left.get(key), right.get(key)) for key in sorted(set(left) | set(right))
            if left.get(key) != right.get(key)}


def grade_problems(bp: Blueprint, students: list[Student], nbg_root: Path, ours_root: Path) -> tuple[list, list]:
    """(disagreements between the course's two gradebooks, scores that are not what the student deserves)."""
    names = [s.name for s in students]
    got = {way: gradebook_scores(root, bp.assignment, names) for way, root in (("nbg", nbg_root),
                                                                                ("ours", ours_root))}
    status = {row.student: row.status for row in reports.rows(Course.load(ours_root), bp.assignment.id).rows}
    disagree, undeserved = [], []
    for who in students:
        note = f"{who.name} ({who.kind}: {who.story}; ours's status {status.get(who.name, 'missing')})"
        diff = _differences(got["nbg"][who.name], got["ours"][who.name])
        if diff:
            disagree.append(f"{note}: (nbg, ours) {diff}")
        expected = deserved(bp, who)
        for way, scores in got.items():
            diff = _differences({test: scores[who.name].get(test) for test in expected}, expected)
            if diff:
                undeserved.append(f"{note}: {way} (got, deserved) {diff}")
    return disagree, undeserved


# --- one measurement ---------------------------------------------------------------------------

@dataclass
class Result:
    assignment: str
    n: int
    jobs: int
    kinds: dict[str, int]
    stock_s: float
    nbg_s: float
    ours_s: float
    exec_s: float
    sandbox_s: float  # ours: mean seconds per submission inside the sandbox, by the runner's clock
    stock_peak_mb: float
    nbg_peak_mb: float
    ours_peak_mb: float
    rss_samples: int
    disagreements: list[str]
    undeserved: list[str]

    @property
    def stock_per_min(self) -> float:
        return self.n / self.stock_s * 60

    @property
    def ours_per_min(self) -> float:
        return self.n / self.ours_s * 60

    @property
    def ratio(self) -> float:
        return self.ours_per_min / self.stock_per_min

    @property
    def overhead_stock(self) -> float:
        return self.stock_s / self.n - self.exec_s

    @property
    def overhead_ours(self) -> float:
        return self.ours_s * min(self.jobs, CORES) / self.n - self.exec_s

    def as_json(self) -> dict:
        derived = ("stock_per_min", "ours_per_min", "ratio", "overhead_stock", "overhead_ours")
        return {**asdict(self), **{name: getattr(self, name) for name in derived}}


def measure(bp: Blueprint, n: int, jobs: int) -> Result:
    assignment = bp.assignment
    students = [student(bp, index) for index in range(n)]
    kinds = {kind: sum(s.kind == kind for s in students) for kind in ("correct", "partial", "broken")}
    say(f"{assignment.id}, N={n}: building the class ({kinds}) in three fresh course copies")
    stock_root, nbg_root, ours_root = class_copies(bp, students, [f"{assignment.id}-N{n}-{way}"
                                                                  for way in ("stock", "nbg", "ours")])
    stock = timed_run("stock", [str(BIN / "nbgrader"), "autograde", assignment.id], stock_root, assignment, n)
    nbg = timed_run("nbg", [str(BIN / "nbgrader"), "autograde", assignment.id], nbg_root, assignment, n)
    ours = timed_run("ours", [str(BIN / "autograder"), "grade", assignment.id, "--jobs", str(jobs), "--quiet"],
                     ours_root, assignment, n)
    exec_s = mean_exec(stock_root, assignment, students)
    sandbox_s = mean_sandbox_seconds(ours_root, assignment)
    say(f"  exec {exec_s:.2f} s per submission in process; ours {sandbox_s:.2f} s per submission in its sandbox")
    say("  comparing the course's two gradebooks, and each with what the students deserve")
    disagree, undeserved = grade_problems(bp, students, nbg_root, ours_root)
    for line in disagree:
        say(f"  DISAGREE {line}")
    for line in undeserved:
        say(f"  UNDESERVED {line}")
    return Result(assignment.id, n, jobs, kinds, stock.seconds, nbg.seconds, ours.seconds, exec_s, sandbox_s,
                  stock.peak_mb, nbg.peak_mb, ours.peak_mb, stock.rss_samples + nbg.rss_samples + ours.rss_samples,
                  disagree, undeserved)


# --- the report --------------------------------------------------------------------------------

COLUMNS = ["assignment", "N", "stock s", "nbg s", "ours s", "ours subs/min", "ratio", "exec s",
           "overhead stock s", "overhead ours s", "peak MB stock", "peak MB nbg", "peak MB ours", "grades agree",
           "as deserved"]


def _row(r: Result) -> list[str]:
    return [r.assignment, str(r.n), f"{r.stock_s:.1f}", f"{r.nbg_s:.1f}", f"{r.ours_s:.1f}",
            f"{r.ours_per_min:.1f}", f"{r.ratio:.2f}", f"{r.exec_s:.2f}", f"{r.overhead_stock:.2f}",
            f"{r.overhead_ours:.2f}", f"{r.stock_peak_mb:.0f}", f"{r.nbg_peak_mb:.0f}", f"{r.ours_peak_mb:.0f}",
            "yes" if not r.disagreements else f"NO ({len(r.disagreements)})",
            "yes" if not r.undeserved else f"NO ({len(r.undeserved)})"]


def table(results: list[Result]) -> str:
    rows = [COLUMNS] + [_row(r) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [" | ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in rows]
    return "\n".join([lines[0], "-+-".join("-" * w for w in widths), *lines[1:]])


def growth(results: list[Result]) -> str:
    """How time and memory grow with N, per assignment."""
    lines = []
    for assignment in dict.fromkeys(r.assignment for r in results):
        mine = sorted((r for r in results if r.assignment == assignment), key=lambda r: r.n)
        at = lambda f, mine=mine: ", ".join(f"{f(r)} (N={r.n})" for r in mine)  # noqa: E731
        lines += [f"{assignment}:",
                  f"  seconds per submission  stock {at(lambda r: f'{r.stock_s / r.n:.2f}')}",
                  f"                          nbg   {at(lambda r: f'{r.nbg_s / r.n:.2f}')}",
                  f"                          ours  {at(lambda r: f'{r.ours_s / r.n:.2f}')}",
                  f"  ours in its sandbox     {at(lambda r: f'{r.sandbox_s:.2f}')} (runner's clock; exec "
                  f"{at(lambda r: f'{r.exec_s:.2f}')})",
                  f"  peak MB                 stock {at(lambda r: f'{r.stock_peak_mb:.0f}')}",
                  f"                          ours  {at(lambda r: f'{r.ours_peak_mb:.0f}')}"]
    return "\n".join(lines)


# --- the command -------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--assignments", nargs="+", default=["02_single_example_gd", "05_cat_classifier"])
    p.add_argument("--sizes", nargs="+", type=int, default=[10, 40, 160], help="class sizes N")
    p.add_argument("--jobs", type=int, default=CORES, help="submissions ours grades at once (default: cores)")
    p.add_argument("--keep", metavar="DIR", type=Path, help="work in DIR and keep the course copies and logs there")
    p.add_argument("--json", metavar="PATH", type=Path, help="also write the results as JSON")
    p.add_argument("--course", metavar="DIR", type=Path, help="copy this course, released and checked already, "
                   "instead of releasing and checking a copy of the repository's (the test suite passes its own)")
    return p


def preflight(assignment_ids: list[str]) -> None:
    """Fail early, with the fix, rather than after minutes of grading."""
    dataset.data_dir()  # raises DatasetError naming the missing file and the fix
    course = catalogue.load(REPO)
    for assignment_id in assignment_ids:
        course.get(assignment_id)
    for program in ("nbgrader", "autograder"):
        if not (BIN / program).exists():
            raise FileNotFoundError(f"{BIN / program} is missing: run this with the venv's python (.venv/bin/python)")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Both copies must draw the same hidden inputs: one secret for both, never a per-copy random one.
    os.environ.setdefault(SECRET_ENV, "bench-secret")
    try:
        preflight(args.assignments)
    except (dataset.DatasetError, catalogue.CatalogueError, FileNotFoundError) as err:
        print(f"grade_class: {err}", file=sys.stderr)
        return 2
    print(DEFINITIONS.replace("J jobs", f"J = {args.jobs} jobs"), flush=True)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="grade-class-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for assignment_id in args.assignments:
            say(f"{assignment_id}: releasing and checking it in a fresh copy of the course (not timed)")
            template = released_template(work, assignment_id, args.course)
            bp = blueprint(template, catalogue.load(template).get(assignment_id))
            for n in args.sizes:
                results.append(measure(bp, n, args.jobs))
    except BenchError as err:
        print(f"grade_class: {err}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            say(f"kept the course copies and logs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("\n" + table(results) + "\n\nHow time and memory grow with N:\n" + growth(results))
    rss_samples = sum(r.rss_samples for r in results)
    if rss_samples:
        print(f"\n(RSS stood in for PSS in {rss_samples} sample(s): some smaps_rollup could not be read)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"cores": CORES, "definitions": DEFINITIONS,
                                         "results": [r.as_json() for r in results]}, indent=1))
        print(f"wrote {args.json}")
    problems = sum(len(r.disagreements) + len(r.undeserved) for r in results)
    print(f"\n{problems} grade problem(s): see DISAGREE / UNDESERVED above" if problems else
          "\nThe course's two ways of grading agree on every student and cell, and every student got what they "
          "deserve.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
