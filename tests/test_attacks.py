"""A class of honest students and every catalogued cheat and malformed submission (tests/attacks.py),
graded in one run of `autograder grade --jobs 1` with the sandbox on, so that every attack on the
sandbox's state is followed, in the same sandbox, by an honest student: each gets exactly the score and
the status it deserves, and nothing outside its own grade changes. The grader runs with secrets in its
environment (a hub token, a database password) that no student may see."""

from __future__ import annotations

import csv
import hashlib
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from autograder import catalogue, dataset, demo
from autograder.safetext import from_cell
from tests.attacks import ASSIGNMENT, FULL, HONEST, NEIGHBOURS, Builder, all_cases
from tests.conftest import course_copy
from tests.test_grading import tree_digest

CASES = all_cases()
# What grades.csv says of a submission whose automatic cells are all right: 02's written answer waits for a person.
PENDING = ("3 point(s) still to be graded by a person (sgd-conflict-answer): "
           "the score does not count them yet")
# What the grader's environment holds on a hub: none of it may reach a sandbox or a student.
CANARIES = {"JUPYTERHUB_API_TOKEN": "canary-hub-token-5b1e", "NBGRADER_DB_URL": "postgresql://grader:canary-db-pw@db/lrnn",
            "AUTOGRADER_SECRET": "canary-course-secret-77c2"}


class Listener:
    """A TCP server on 127.0.0.1 that records every connection: the sandbox must leave it alone."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self):
        self.server.close()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(template, tmp_path_factory):
    root = course_copy(template, tmp_path_factory.mktemp("attacks") / "course")
    listener = Listener()
    builder = Builder(root, listener.port)
    assignment = builder.assignment
    for case in CASES:
        content = case.build(builder)
        if callable(content):
            content(demo.submit(root, assignment, case.student, None))
        else:
            demo.submit(root, assignment, case.student, content)
    data = {p.name: file_digest(p) for p in dataset.data_dir().glob("*.h5")}
    before = tree_digest(root / "submitted")
    source_before = tree_digest(root / "source")
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--jobs", "1"],
                          cwd=root, capture_output=True, text=True, timeout=900, env={**os.environ, **CANARIES})
    listener.close()
    assert done.returncode == 0, done.stderr[-3000:]
    csv_text = (root / "reports" / ASSIGNMENT / "grades.csv").read_text()
    with open(root / "reports" / ASSIGNMENT / "grades.csv", newline="") as handle:
        rows = {unquoted(row["student_id"]): row for row in csv.DictReader(handle)}
    return {"root": root, "rows": rows, "before": before, "source_before": source_before, "data": data,
            "listener": listener, "stdout": done.stdout, "csv": csv_text}


def unquoted(student_id: str) -> str:
    """A student id as it is, read back from grades.csv (which quotes one that looks like a formula)."""
    return from_cell(student_id)


def test_the_catalogue_is_as_large_as_promised():
    cheats = [c for c in CASES if c.student.startswith(("cheat-", "bomb-", "chan-", "env-", "res-"))
              and not c.student.endswith("~honest")]
    malformed = [c for c in CASES if c.student.startswith(("bad-", "odd-"))]
    assert len(cheats) >= 25 and len(malformed) >= 20
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert f"a catalogue of {len(cheats)} cheats and {len(malformed)} malformed" in readme, "README's count is stale"
    assert len({c.student for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.student for c in CASES])
def test_each_submission_gets_what_it_deserves(graded, case):
    row = graded["rows"][case.student]
    expected = "" if case.deserved is None else f"{case.deserved:g}"
    assert (row["score"], row["status"]) == (expected, case.status), f"{case.story}: {row['message']}"
    if case.status != "ok":
        assert row["message"], "a status other than ok always comes with a message"
    assert case.says in row["message"], row["message"]


def test_honest_students_keep_full_marks(graded):
    for student in HONEST:
        assert graded["rows"][student]["score"] == f"{FULL:g}"
        assert graded["rows"][student]["message"] == PENDING


def test_nothing_outside_the_sandbox_changed(graded):
    root = graded["root"]
    assert tree_digest(root / "submitted") == graded["before"], "submissions are preserved byte for byte"
    assert tree_digest(root / "source") == graded["source_before"]
    assert {p.name: file_digest(p) for p in dataset.data_dir().glob("*.h5")} == graded["data"]
    assert not (root / "feedback").exists(), "no student wrote feedback"
    assert graded["listener"].connections == 0, "no student reached the network"
    assert (root / "gradebook.db").is_file()


def attack_errors(root: Path, student: str) -> list[str]:
    """The errors the attack cell of `student` met (the first code cell that is not an nbgrader cell)."""
    import nbformat

    nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / "single_example_gd.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata)
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


@pytest.mark.parametrize("student, error", [
    ("cheat-data-poison", "OSError: [Errno 30] Read-only file system: '/data/train_catvnoncat.h5'"),
    ("cheat-write-gradebook", "OperationalError: unable to open database file"),
    ("cheat-network", "ConnectionRefusedError: [Errno 111] Connection refused"),
    ("cheat-ptrace", "PermissionError: [Errno 13] Permission denied"),
    ("bomb-fork", "BlockingIOError: [Errno 11] Resource temporarily unavailable"),
    ("bomb-disk", "OSError: [Errno 28] No space left on device"),
])
def test_the_sandbox_was_what_stopped_them(graded, student, error):
    """Not a stand-in: these errors come from bubblewrap's namespaces and the limits, in the real run."""
    errors = attack_errors(graded["root"], student)
    assert any(e.startswith(error) for e in errors), errors


def test_grading_stops_when_the_sandbox_cannot_start(template, tmp_path):
    """No silent fallback to unsandboxed grading: a broken bubblewrap stops the run with a message."""
    # A checked course (the author's check needs no sandbox then) with a submission to grade.
    course = course_copy(template, tmp_path / "course")
    assignment = catalogue.load(course).get(ASSIGNMENT)
    demo.submit(course, assignment, "alice", demo.solved(course, assignment))
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "bwrap").write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    (fake / "bwrap").chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{Path(sys.executable).parent}:/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", ASSIGNMENT, "--quiet"], cwd=course,
                          capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 2
    assert "the sandbox could not start: bwrap: setting up uid map: Permission denied" in done.stderr
    assert "--no-sandbox" in done.stderr


@pytest.mark.parametrize("attack", list(NEIGHBOURS))
def test_the_student_graded_next_in_the_same_sandbox_is_not_harmed(graded, attack):
    row = graded["rows"][f"{attack}~honest"]
    assert (row["score"], row["status"], row["message"]) == (f"{FULL:g}", "ok", PENDING)


def attack_output(root: Path, student: str) -> str:
    import nbformat

    nb = nbformat.read(root / "autograded" / student / ASSIGNMENT / "single_example_gd.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata)
    return "".join(o.get("text", "") for o in cell.outputs)


def test_no_descriptor_of_another_process_is_reachable(graded):
    assert "reached []" in attack_output(graded["root"], "chan-proc-fd")


def test_no_other_students_job_and_no_reference_in_a_students_memory(graded):
    assert "found []" in attack_output(graded["root"], "chan-memory-scan")


def test_the_graders_secrets_never_reach_a_student(graded):
    root = graded["root"]
    seen = attack_output(root, "env-read")
    assert "PATH" in seen and "HOME" in seen  # the attack did run and print what it saw
    for where in ("autograded", "reports"):
        for path in (root / where).rglob("*"):
            if path.is_file():
                text = path.read_bytes()
                for value in CANARIES.values():
                    assert value.encode() not in text, (path, value)


def test_student_text_is_inert_in_the_report_and_the_terminal(graded):
    assert "\n'=1+2," in graded["csv"], "a student id that is a formula is quoted for spreadsheets"
    assert "\x1b" not in graded["stdout"], "terminal escape sequences from a notebook are not printed raw"
