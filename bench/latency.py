"""How long a student waits for feedback: one submission cold, one through the warm grading service, a burst.

For each assignment, in fresh copies of the course (same course secret, same correct submission):
  cold      one submission graded from the command line, nothing running before: `autograder grade ID
            --student S --jobs 1 --quiet` against stock `nbgrader autograde ID --student S --force` with
            nbgrader's own configuration (kernels, public checks only, no sandbox); REPEATS runs each.
  warm      the grading service already running and warm, started as the hub starts it (`autograder serve`, no
            options: its defaults), the assignment handed out (`nbgrader release_assignment`): a submission appears
            in the exchange's inbound folder, and the time until its feedback page is in the exchange, where the
            student's Fetch Feedback finds it; WARM submissions, one after another.
  burst     60 students submit within two seconds (--burst); the time from the first submission until the last
            feedback is in the exchange, and the service's memory (PSS of its process tree) before and after.
  exec      the median time the student's code ran in the sandbox for one warm submission (its cells and the
            hidden checks' calls, as the runner measures it: autograder.json's `seconds`), the work no grader avoids.
  ideal     N × exec / cores: the burst if the machine did nothing but run the students' code.
The course is released and `autograder check` run once per assignment before anything is timed, as `autograder
release` does in an instructor's course; every timed run starts from a fresh copy of that course, whose cached check
its `grade` only reads.
Targets (issues #13 and #22): cold ≥ 2.5× faster than stock; warm median ≤ exec + 0.5 s; the burst graded in
≤ 1.5 × ideal + 5 s; memory flat over the burst. Interrupted (Ctrl-C, SIGTERM), it stops the service it started
and removes its course copies.

    CATVNONCAT_DIR=/path/to/data .venv/bin/python bench/latency.py [--assignments 02_single_example_gd ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbformat  # noqa: E402
from grade_class import BIN, REPO, PeakMemory, _grader_env, configure_stock, course_at, memory_kb, process_tree, say  # noqa: E402

from autograder import catalogue, demo  # noqa: E402
from autograder.course import Course  # noqa: E402
from autograder.judge.cases import SECRET_ENV  # noqa: E402
from autograder.judge.status import Outcome  # noqa: E402
from autograder.pipeline import intake  # noqa: E402

REPEATS, WARM, BURST = 3, 10, 60


def cores() -> int:
    return len(os.sched_getaffinity(0))


def prepared(work: Path, assignment_id: str, course: Path | None = None) -> Path:
    """The course as an instructor leaves it after `autograder release`: the assignment open for a week, released,
    and the author's check done and cached. Built once per assignment; every timed run starts from a copy of it.
    `course`: a course released and checked already (the test suite's), copied instead of the repository's."""
    root = course_at(work / f"prepared-{assignment_id}", course)
    open_for_a_week(root, assignment_id)
    Course.load(root).release([assignment_id])
    run([str(BIN / "autograder"), "check", assignment_id], root)
    return root


def course_copy(base: Path, name: str, assignment_id: str, stock: bool = False, handed_out: bool = False) -> Path:
    """A fresh copy of the prepared course `base` (its gradebook and the cached check included)."""
    root = course_at(base.parent / name, base)
    if handed_out:  # students can fetch it: the grading service keeps its sandboxes warm
        run([str(BIN / "nbgrader"), "release_assignment", assignment_id], root)
    if stock:  # nbgrader's own configuration: it never reads the check's cache
        configure_stock(root)
    return root


def open_for_a_week(root: Path, assignment_id: str) -> None:
    """The assignment's due date a week from now, whatever day this runs: the service keeps sandboxes warm only for
    assignments still open (and the figures would otherwise change on the day the catalogue's date passes)."""
    path = root / catalogue.CATALOGUE
    written = f'due = "{catalogue.load(root).get(assignment_id).due.isoformat(timespec="seconds")}"'
    text = path.read_text()
    if written not in text:
        raise RuntimeError(f"{path}: cannot find {written} to move it (the catalogue's format changed?)")
    ahead = datetime.now(UTC) + timedelta(days=7)
    path.write_text(text.replace(written, f'due = "{ahead.isoformat(timespec="seconds")}"', 1))


def run(command: list[str], root: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=_grader_env(), capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}")
    return time.perf_counter() - started


def cold(base: Path, assignment, repeats: int) -> tuple[list[float], list[float]]:
    ours, stock = [], []
    for repeat in range(repeats):
        for way, times in (("ours", ours), ("stock", stock)):
            root = course_copy(base, f"cold-{assignment.id}-{way}-{repeat}", assignment.id, stock=way == "stock")
            demo.submit(root, assignment, "alice", demo.solved(root, assignment))
            command = ([str(BIN / "autograder"), "grade", assignment.id, "--student", "alice", "--jobs", "1", "--quiet"]
                       if way == "ours" else
                       [str(BIN / "nbgrader"), "autograde", assignment.id, "--student", "alice", "--force"])
            times.append(run(command, root))
            say(f"  cold {way} #{repeat + 1}: {times[-1]:.2f} s")
    return ours, stock


class Served:
    """`autograder serve` running in a course copy with a local exchange, started as the hub starts it: no options.
    It ends with this process (the service's own parent-death signal), even if this one is killed."""

    def __init__(self, root: Path, assignment):
        self.root, self.assignment, self.course = root, assignment, Course.load(root)
        self.inbound = intake.inbound_of(self.course)
        self.outbound = self.inbound.parent / "feedback"
        self.inbound.mkdir(parents=True, exist_ok=True)
        self.log = open(root / "serve.log", "wb")
        self.process = subprocess.Popen([str(BIN / "autograder"), "serve"], cwd=root, env=_grader_env(),
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.notebook = nbformat.writes(demo.solved(root, assignment))

    def submit(self, student: str) -> str:
        """A submission as the course's intake receives it (intake.receive); the feedback file it will get."""
        from nbgrader.utils import notebook_hash

        entry = intake.receive(self.course, student, self.assignment.id,
                               {self.assignment.notebook: self.notebook.encode()})
        secret = (entry / "submission_secret.txt").read_text()
        return notebook_hash(secret=secret, notebook_id=self.assignment.notebook_id) + ".html"

    def wait(self, names: list[str], timeout: float = 600) -> float:
        """Until every page is graded; each page is read until it is (not again after), so that this process
        takes little of the machine it measures."""
        deadline, waiting = time.monotonic() + timeout, set(names)
        while time.monotonic() < deadline:
            waiting = {name for name in waiting if not self.graded(name)}
            if not waiting:
                return time.perf_counter()
            if self.process.poll() is not None:
                raise RuntimeError(f"the service stopped:\n{(self.root / 'serve.log').read_text()[-2000:]}")
            time.sleep(0.02)
        raise TimeoutError(f"no feedback after {timeout} s:\n{(self.root / 'serve.log').read_text()[-2000:]}")

    def graded(self, name: str) -> bool:
        """The submission's own feedback is in the exchange (not the page that says it is being graded)."""
        try:
            return "feedback-summary" in (self.outbound / name).read_text()
        except OSError:
            return False

    def cpu_seconds(self) -> float:
        """CPU time of the service's whole tree (lanes, sandboxes, and the notebooks they have finished)."""
        total = 0
        for pid in process_tree(self.process.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        return total / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> float:
        return sum(memory_kb(pid)[0] for pid in process_tree(self.process.pid)) / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # its lanes and sandboxes too
            self.process.wait()
        self.log.close()


def served(base: Path, assignment, warm: int, burst_size: int) -> tuple[list[float], float, float, float, float, float,
                                                                        float]:
    root = course_copy(base, f"serve-{assignment.id}", assignment.id, handed_out=True)
    service = Served(root, assignment)
    try:
        first = service.submit("warm-up")
        service.wait([first])  # pools started, reference loaded: the service is warm
        latencies = []
        for number in range(warm):
            name = service.submit(f"warm{number:02d}")
            started = time.perf_counter()
            latencies.append(service.wait([name]) - started)
            say(f"  warm #{number + 1}: {latencies[-1]:.2f} s")
        before, cpu = service.memory_mb(), service.cpu_seconds()
        with PeakMemory(service.process.pid) as peak:
            started = time.perf_counter()
            names = [service.submit(f"burst{number:02d}") for number in range(burst_size)]
            burst = service.wait(names) - started
        after, cpu = service.memory_mb(), (service.cpu_seconds() - cpu) / burst_size
        say(f"  burst of {burst_size}: {burst:.1f} s; memory {before:.0f} MB before, {after:.0f} MB after, "
            f"peak {peak.peak_kb / 1024:.0f} MB; {cpu:.2f} CPU-s per submission")
        ran = [Outcome.read(folder).seconds for folder in (root / "autograded").glob(f"warm*/{assignment.id}")]
        return latencies, burst, before, after, peak.peak_kb / 1024, statistics.median(ran), cpu
    finally:
        service.stop()


def measure(work: Path, assignment_id: str, repeats: int = REPEATS, warm: int = WARM, burst_size: int = BURST,
            course: Path | None = None) -> dict:
    assignment = catalogue.load(REPO).get(assignment_id)
    say(f"{assignment_id}")
    base = prepared(work, assignment_id, course)
    ours, stock = cold(base, assignment, repeats) if repeats else ([float("nan")], [float("nan")])
    latencies, burst, before, after, peak, exec_s, cpu = served(base, assignment, warm, burst_size)
    ordered = sorted(latencies)
    return {"assignment": assignment_id, "cold_ours": statistics.median(ours), "cold_stock": statistics.median(stock),
            "warm_median": statistics.median(latencies), "warm_p95": ordered[min(len(ordered) - 1,
                                                                                round(0.95 * (len(ordered) - 1)))],
            "exec": exec_s, "burst_size": burst_size, "burst": burst, "cores": cores(),
            "ideal": burst_size * exec_s / cores(), "burst_target": 1.5 * burst_size * exec_s / cores() + 5,
            "memory_before": before, "memory_after": after, "memory_peak": peak, "cpu_per_submission": cpu}


def table(results: list[dict]) -> str:
    lines = ["| assignment | cold stock s | cold ours s | speed-up | exec s | warm median s | warm p95 s | target "
             "warm s | burst | burst s | ideal s (N·exec/cores) | target burst s | CPU-s per submission | "
             "service MB before / after / peak |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['assignment']} | {r['cold_stock']:.2f} | {r['cold_ours']:.2f} | "
                     f"{r['cold_stock'] / r['cold_ours']:.1f}× | {r['exec']:.2f} | {r['warm_median']:.2f} | "
                     f"{r['warm_p95']:.2f} | {r['exec'] + 0.5:.2f} | {r['burst_size']} | {r['burst']:.1f} | "
                     f"{r['ideal']:.1f} | {r['burst_target']:.1f} | {r['cpu_per_submission']:.2f} | "
                     f"{r['memory_before']:.0f} / {r['memory_after']:.0f} / {r['memory_peak']:.0f} |")
    return "\n".join(lines)


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt  # the `finally` blocks stop the service and remove the course copies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assignments", nargs="+", default=["02_single_example_gd", "05_cat_classifier"])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="cold runs of each grader (default: %(default)s)")
    parser.add_argument("--warm", type=int, default=WARM, help="submissions to the warm service (default: %(default)s)")
    parser.add_argument("--burst", type=int, default=BURST, help="submissions in the burst (default: %(default)s)")
    parser.add_argument("--skip-cold", action="store_true", help="only the grading service (warm and burst)")
    parser.add_argument("--course", type=Path, help="copy this course, released and checked already, instead of "
                        "releasing a copy of the repository's (the test suite passes its own)")
    args = parser.parse_args(argv)
    os.environ.setdefault(SECRET_ENV, "bench-secret")
    signal.signal(signal.SIGTERM, _interrupted)
    work = Path(tempfile.mkdtemp(prefix="latency-"))
    try:
        results = [measure(work, assignment_id, 0 if args.skip_cold else args.repeats, args.warm, args.burst,
                           args.course) for assignment_id in args.assignments]
    except KeyboardInterrupt:
        say("interrupted: the service is stopped and the course copies removed")
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n" + table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
