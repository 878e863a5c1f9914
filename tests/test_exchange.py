"""The exchange with the course's configuration: inbound is the grader's alone (SafeRelease), a student's account
cannot write there, and `nbgrader collect` (SafeCollect) takes only what the course received through its intake
(`intake.receive`, with a receipt): planted, forged, replayed, future-dated and tampered entries are refused by
name and never shadow a student's real submission; nothing lands outside submitted/<student>/. The students' own
steps work on an exchange they cannot write (Kubernetes mounts it read-only in their pods)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from autograder import catalogue, demo
from autograder.course import Course
from autograder.pipeline import intake
from tests.conftest import copy_course

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT = "02_single_example_gd"
NOTEBOOK = "single_example_gd.ipynb"
NOBODY = 65534
PAST = "2026-11-20 12:00:00.000000 UTC"
FUTURE = "2099-01-01 00:00:00.000000 UTC"
STOCK_RELEASE = ("--ExchangeFactory.release_assignment="
                 "nbgrader.exchange.default.release_assignment.ExchangeReleaseAssignment")


def nbgrader(root: Path, *args: str, user: int | None = None, env: dict | None = None, cwd: Path | None = None):
    """An nbgrader command, as root or (setpriv) as the account `user`."""
    command = [sys.executable, "-m", "nbgrader", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, cwd=cwd or root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                               **(env or {})})


def as_account(user: int, *command: str):
    return subprocess.run(["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command],
                          capture_output=True, text=True, timeout=60)


def open_folder(prefix: str) -> Path:
    """A folder every account can reach (pytest's own temporary folders are private)."""
    top = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    top.chmod(0o755)
    return top


def make_course(top: Path, gradebook: Path) -> tuple[Path, Path]:
    """A course copy whose exchange is `top/exchange` (open to all, as on the hub), with 02 released there."""
    root = copy_course(top / "course")
    shutil.copy(gradebook, root / "gradebook.db")
    exchange = top / "exchange"
    exchange.mkdir()
    exchange.chmod(0o1777)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    return root, exchange


def plant(inbound: Path, name: str | bytes, notebook: str, receipt: str | None = None) -> None:
    """An entry written straight into inbound by an account that can write there (the grader's, or root)."""
    folder = os.path.join(os.fsencode(inbound), os.fsencode(name))
    os.mkdir(folder)
    with open(os.path.join(folder, NOTEBOOK.encode()), "w") as handle:
        handle.write(notebook)
    with open(os.path.join(folder, b"timestamp.txt"), "w") as handle:
        handle.write(PAST)
    if receipt is not None:
        with open(os.path.join(folder, intake.RECEIPT.encode()), "w") as handle:
            handle.write(receipt)


@pytest.fixture(scope="module")
def collected(course):
    top = open_folder("exchange-")
    root, exchange = make_course(top, course / "gradebook.db")
    released = nbgrader(root, "release_assignment", ASSIGNMENT)
    assert released.returncode == 0, released.stderr
    lrnn = Course.load(root)
    assignment = catalogue.load(root).get(ASSIGNMENT)
    right = nbformat.writes(demo.solved(root, assignment))
    blank = (root / "release" / ASSIGNMENT / NOTEBOOK).read_text()
    inbound = exchange / "lrnn" / "inbound"

    intake.receive(lrnn, "alice", ASSIGNMENT, {NOTEBOOK: right.encode()})
    bob = intake.receive(lrnn, "bob", ASSIGNMENT, {NOTEBOOK: right.encode(), "pictures/cat.png": b"\x89PNG"})
    carol = intake.receive(lrnn, "carol", ASSIGNMENT, {NOTEBOOK: right.encode()})
    (carol / NOTEBOOK).write_text(blank)  # changed after it was received
    bob_receipt = (bob / intake.RECEIPT).read_text()

    attacks = {
        "planted": f"bob+{ASSIGNMENT}+{FUTURE}+planted",
        "forged": f"bob+{ASSIGNMENT}+{PAST}+forged",
        "replayed": f"bob+{ASSIGNMENT}+{FUTURE}+replayed",
        "copied": f"bob+{ASSIGNMENT}+{FUTURE}+copied",
        "future": f"bob+{ASSIGNMENT}+{FUTURE}+future",
        "star": f"*+{ASSIGNMENT}+{FUTURE}+star",
        "dots": f"..+{ASSIGNMENT}+{FUTURE}+dots",
        "nonsense": f"eve+{ASSIGNMENT}+not a time+x",
    }
    plant(inbound, attacks["planted"], blank)
    forged = intake.Receipt(attacks["forged"], "bob", ASSIGNMENT, PAST, (("single_example_gd.ipynb", "0" * 64),))
    plant(inbound, attacks["forged"], blank, forged.to_json(b"not the course's secret"))
    plant(inbound, attacks["replayed"], blank, bob_receipt)
    shutil.copytree(bob, inbound / attacks["copied"])
    plant(inbound, attacks["future"], blank)
    (inbound / attacks["future"] / "timestamp.txt").write_text(FUTURE)
    files = tuple(sorted((path, hashlib.sha256((inbound / attacks["future"] / path).read_bytes()).hexdigest())
                         for path in (NOTEBOOK, "timestamp.txt")))
    signed = intake.Receipt(attacks["future"], "bob", ASSIGNMENT, FUTURE, files)
    (inbound / attacks["future"] / intake.RECEIPT).write_text(signed.to_json(lrnn.secret))
    plant(inbound, attacks["star"], blank)
    plant(inbound, attacks["dots"], blank)
    plant(inbound, attacks["nonsense"], blank)
    os.symlink(root / "source" / ASSIGNMENT, inbound / f"mallory+{ASSIGNMENT}+{PAST}+link")
    plant(inbound, f"bob\udcff+{ASSIGNMENT}+{FUTURE}+bytes".encode("utf-8", "surrogateescape"), blank)

    done = nbgrader(root, "collect", ASSIGNMENT)
    yield {"root": root, "top": top, "done": done, "bob": bob, "carol": carol, "attacks": attacks,
           "right": right, "inbound": inbound}
    shutil.rmtree(top)


def test_collect_takes_the_received_submissions_and_nothing_else(collected):
    root, done = collected["root"], collected["done"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(os.listdir(root / "submitted")) == ["alice", "bob"]
    bob = root / "submitted" / "bob" / ASSIGNMENT
    # bob's own work, with his own time, in spite of every later-named entry under his name.
    assert sorted(p.relative_to(bob).as_posix() for p in bob.rglob("*")) == \
        ["pictures", "pictures/cat.png", "single_example_gd.ipynb", "submission_secret.txt", "timestamp.txt"]
    assert (bob / NOTEBOOK).read_text() == collected["right"]
    assert (bob / "timestamp.txt").read_text() == collected["bob"].name.rsplit("+", 3)[2]
    assert "claims to be submitted by" not in done.stderr  # nbgrader's owner check: the grader owns every entry


@pytest.mark.parametrize("attack, reason", [
    ("planted", "it has no receipt: it was not received by the course's grading service"),
    ("forged", "its receipt was not signed with this course's secret"),
    ("replayed", "its receipt belongs to another entry"),
    ("copied", "its receipt belongs to another entry"),
    ("future", f"its timestamp ({FUTURE}) is ahead of this machine's clock"),
    ("star", "it has no receipt"),
    ("nonsense", "it has no receipt"),
])
def test_each_entry_the_course_did_not_receive_is_refused_by_name(collected, attack, reason):
    name = collected["attacks"][attack]
    lines = [line for line in collected["done"].stderr.splitlines() if f"Refused '{name}'" in line]
    assert len(lines) == 1 and reason in lines[0], collected["done"].stderr


def test_changed_files_links_and_undecodable_names_are_refused_too(collected):
    stderr = collected["done"].stderr
    assert f"Refused '{collected['carol'].name}': its files are not those received ('single_example_gd.ipynb')" \
        in stderr
    assert f"Refused 'mallory+{ASSIGNMENT}+{PAST}+link': it is not a folder (a link, a file or a pipe)" in stderr
    assert f"Refused 'bob\\udcff+{ASSIGNMENT}+{FUTURE}+bytes': it has no receipt" in stderr


def test_nothing_is_written_outside_a_students_submitted_folder(collected):
    root = collected["root"]
    assert sorted(os.listdir(root / "submitted")) == ["alice", "bob"]  # no `*`
    # A name starting with a dot (`..+...`) is not even listed by nbgrader's collect; nothing of it is anywhere.
    assert sorted(os.listdir(root.parent)) == ["course", "exchange"]
    assert not (root / ASSIGNMENT).exists()


def test_release_makes_inbound_the_graders_alone_where_nbgrader_opens_it_to_all(course):
    top = open_folder("release-")
    try:
        root, exchange = make_course(top, course / "gradebook.db")
        stock = top / "stock-exchange"
        stock.mkdir(mode=0o777)
        stock.chmod(0o1777)
        assert nbgrader(root, "release_assignment", ASSIGNMENT).returncode == 0
        stock_release = nbgrader(root, "release_assignment", ASSIGNMENT, STOCK_RELEASE, f"--Exchange.root={stock}")
        assert stock_release.returncode == 0
        assert stat.S_IMODE((exchange / "lrnn" / "inbound").stat().st_mode) == 0o700
        assert stat.S_IMODE((stock / "lrnn" / "inbound").stat().st_mode) & 0o777 == 0o733

        # Another account (here uid 65534) can plant a folder in nbgrader's inbound, not in the course's.
        planted = f"bob+{ASSIGNMENT}+{FUTURE}+x"
        refused = as_account(NOBODY, "mkdir", str(exchange / "lrnn" / "inbound" / planted))
        assert refused.returncode == 1 and "Permission denied" in refused.stderr
        assert not (exchange / "lrnn" / "inbound" / planted).exists()
        assert as_account(NOBODY, "mkdir", str(stock / "lrnn" / "inbound" / planted)).returncode == 0

        # A later release (the formgrader's Release, a new assignment) closes it again if someone opened it.
        (exchange / "lrnn" / "inbound").chmod(0o733)
        assert nbgrader(root, "release_assignment", ASSIGNMENT, "--force").returncode == 0
        assert stat.S_IMODE((exchange / "lrnn" / "inbound").stat().st_mode) == 0o700
    finally:
        shutil.rmtree(top)


def test_students_fetch_list_and_fetch_feedback_from_an_exchange_they_cannot_write(course):
    """As a student's account (uid 65534) with the hub's student settings, on an exchange whose root and course
    folder only the grader can write, as on Kubernetes where students' pods mount it read-only."""
    top = open_folder("readonly-")
    try:
        root, exchange = make_course(top, course / "gradebook.db")
        assert nbgrader(root, "release_assignment", ASSIGNMENT).returncode == 0
        exchange.chmod(0o755)
        home = top / "home"
        home.mkdir()
        os.chown(home, NOBODY, NOBODY)
        env = {"HOME": str(home), "JUPYTERHUB_USER": "sam", "NBGRADER_EXCHANGE_ROOT": str(exchange),
               "JUPYTER_CONFIG_PATH": f"{REPO}/deploy/hub/jupyter/student:{REPO}/deploy/hub/jupyter/common",
               "AUTOGRADER_LANGUAGE": "en"}
        listed = nbgrader(root, "list", "--course", "lrnn", user=NOBODY, env=env, cwd=home)
        assert listed.returncode == 0 and f"lrnn {ASSIGNMENT}" in listed.stderr, listed.stderr
        fetched = nbgrader(root, "fetch_assignment", ASSIGNMENT, "--course", "lrnn", user=NOBODY, env=env, cwd=home)
        assert fetched.returncode == 0, fetched.stderr
        assert (home / "lrnn" / ASSIGNMENT / NOTEBOOK).is_file()
        feedback = nbgrader(root, "fetch_feedback", ASSIGNMENT, "--course", "lrnn", user=NOBODY, env=env, cwd=home)
        assert "cannot be read" not in feedback.stderr and "Unwritable" not in feedback.stderr, feedback.stderr
        # nbgrader's own list insists on a writable exchange.
        stock = nbgrader(root, "list", "--course", "lrnn", "--ExchangeFactory.list=nbgrader.exchange.default.list."
                         "ExchangeList", user=NOBODY, env=env, cwd=home)
        assert stock.returncode != 0 and "Unwritable directory" in stock.stderr
    finally:
        shutil.rmtree(top)


def test_the_nbgrader_source_safecollect_relies_on_is_unchanged():
    """SafeCollect decides which entries nbgrader's collect sees through its private `_path_to_record`: an
    upgrade of nbgrader that no longer asks it for every inbound entry, or reads other fields, must fail here."""
    import inspect

    from nbgrader.exchange.default.collect import ExchangeCollect

    listing = inspect.getsource(ExchangeCollect.init_src)
    assert "records = [self._path_to_record(f) for f in glob.glob(pattern)]" in listing
    assert "usergroups = groupby(records, lambda item: item['username'])" in listing
    copy_files = inspect.getsource(ExchangeCollect.copy_files)
    assert "src_path = os.path.join(self.inbound_path, rec['filename'])" in copy_files
