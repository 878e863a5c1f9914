"""The course's door for submissions (autograder/pipeline/intake.py): `receive` takes a named student's files into
inbound with a receipt or refuses them with a message; `unpack` reads only plain files out of an upload; `verified`
trusts an entry only as it was received. Hypothesis pushes arbitrary names, paths and archives through `receive`
and SafeCollect (the real service and hub are in tests/test_hub.py)."""

from __future__ import annotations

import io
import os
import shutil
import stat
import tarfile
from fnmatch import fnmatch

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbgrader.auth import Authenticator
from nbgrader.utils import capture_log, temp_attrs

from autograder import demo
from autograder.course import Course
from autograder.pipeline import intake
from autograder.pipeline.exchange import SafeCollect
from tests.conftest import copy_course

ASSIGNMENT = "02_single_example_gd"
NOTEBOOK = "single_example_gd.ipynb"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@pytest.fixture(scope="module")
def lrnn(tmp_path_factory, course):
    """A course copy with its own exchange, 02 released there (as `nbgrader release_assignment` leaves it)."""
    top = tmp_path_factory.mktemp("intake")
    root = copy_course(top / "course")
    shutil.copy(course / "gradebook.db", root / "gradebook.db")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Exchange.root = {str(top / 'exchange')!r}\n")
    lrnn = Course.load(root)
    (intake.inbound_of(lrnn).parent / "outbound" / ASSIGNMENT).mkdir(parents=True)
    return lrnn


@pytest.fixture(scope="module")
def notebook(lrnn) -> bytes:
    return nbformat.writes(demo.solved(lrnn.root, lrnn.assignment(ASSIGNMENT))).encode()


def entries(lrnn) -> set[str]:
    inbound = intake.inbound_of(lrnn)
    return set(os.listdir(inbound)) if inbound.is_dir() else set()


def tar(*members: tuple[tarfile.TarInfo, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for info, data in members:
            archive.addfile(info, io.BytesIO(data) if info.isreg() else None)
    return buffer.getvalue()


def member(name: str, data: bytes = b"", kind: bytes = tarfile.REGTYPE) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.type, info.size = kind, len(data) if kind == tarfile.REGTYPE else 0
    if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE):
        info.linkname = "/etc/passwd"
    return info, data


def test_a_received_submission_is_written_whole_private_and_with_its_receipt(lrnn, notebook):
    entry = intake.receive(lrnn, "alice", ASSIGNMENT, {NOTEBOOK: notebook, "pictures/cat.png": b"\x89PNG"})
    assert entry.parent == intake.inbound_of(lrnn)
    student, assignment, timestamp, _ = entry.name.rsplit("+", 3)
    assert (student, assignment) == ("alice", ASSIGNMENT)
    assert (entry / "timestamp.txt").read_text() == timestamp
    assert len((entry / "submission_secret.txt").read_text()) == 128
    assert (entry / NOTEBOOK).read_bytes() == notebook and (entry / "pictures" / "cat.png").read_bytes() == b"\x89PNG"
    assert stat.S_IMODE(entry.stat().st_mode) == 0o700 and stat.S_IMODE((entry / NOTEBOOK).stat().st_mode) == 0o600
    assert stat.S_IMODE(intake.inbound_of(lrnn).stat().st_mode) == 0o700
    receipt = intake.verified(entry, lrnn)
    assert (receipt.entry, receipt.student, receipt.assignment, receipt.timestamp) == (entry.name, "alice",
                                                                                     ASSIGNMENT, timestamp)
    assert [path for path, _ in receipt.files] == ["pictures/cat.png", NOTEBOOK, "submission_secret.txt",
                                                   "timestamp.txt"]
    assert not [name for name in entries(lrnn) if name.startswith(intake.INCOMING)]


def test_the_receipt_is_the_courses_and_the_clock_is_the_servers(lrnn, notebook):
    entry = intake.receive(lrnn, "bob", ASSIGNMENT, {NOTEBOOK: notebook}, clock=lambda: 2_000_000_000.0)
    assert entry.name.split("+")[2] == "2033-05-18 03:33:20.000000 UTC"
    assert intake.verified(entry, lrnn) is None  # stamped ahead of the clock that reads it
    assert intake.verified(entry, lrnn, clock=lambda: 2_000_000_000.0).student == "bob"
    with pytest.raises(intake.Unverified, match="ahead of this machine's clock"):
        intake.examine(entry, lrnn)
    text = (entry / intake.RECEIPT).read_text()
    with pytest.raises(intake.Unverified, match="not signed with this course's secret"):
        intake.Receipt.from_json(text, b"another course's secret")
    with pytest.raises(intake.Unverified, match="not one the course writes"):
        intake.Receipt.from_json(text.replace('"student"', '"learner"'), lrnn.secret)


@pytest.mark.parametrize("student, files, message", [
    ("..", {NOTEBOOK: b"{}"}, "'..' cannot be a student's name here"),
    ("*", {NOTEBOOK: b"{}"}, "'*' cannot be a student's name here"),
    ("a/b", {NOTEBOOK: b"{}"}, "'a/b' cannot be a student's name here"),
    ("e\u202eve", {NOTEBOOK: b"{}"}, "'e\\u202eve' cannot be a student's name here"),
    ("eve", {}, "the submission holds no file"),
    ("eve", {f"{n}.txt": b"" for n in range(101)}, "holds 101 files, more than the 100 allowed"),
    ("eve", {"../../source/x": b"{}"}, "is not a file name the course takes"),
    ("eve", {"/etc/passwd": b"{}"}, "is not a file name the course takes"),
    ("eve", {"a\x1b[31m.ipynb": b"{}"}, "'a\\x1b[31m.ipynb' is not a file name the course takes"),
    ("eve", {"timestamp.txt": b"2099"}, "timestamp.txt is written by the course itself"),
    ("eve", {"a": b"", "a/b": b""}, "both a file and a folder"),
])
def test_names_and_files_the_course_does_not_take_are_refused_with_a_reason(lrnn, student, files, message):
    before = entries(lrnn)
    with pytest.raises(intake.Refused, match=None) as refused:
        intake.receive(lrnn, student, ASSIGNMENT, files)
    assert message in str(refused.value)
    assert entries(lrnn) == before


def test_too_large_unknown_or_unreleased_is_refused(lrnn):
    # nbgrader's own settings of the course, in kB: CourseDirectory.max_file_size and max_dir_size.
    with temp_attrs(lrnn.coursedir, max_file_size=1, max_dir_size=2):
        with pytest.raises(intake.Refused, match=r"'single_example_gd.ipynb' is 1.0 kB, more than the 1.0 kB allowed "
                                                 "for one file: clear large outputs or remove the file"):
            intake.receive(lrnn, "eve", ASSIGNMENT, {NOTEBOOK: bytes(1001)})
        with pytest.raises(intake.Refused, match=r"the submission is 2.4 kB, more than the 2.0 kB allowed"):
            intake.receive(lrnn, "eve", ASSIGNMENT, {"a": bytes(800), "b": bytes(800), "c": bytes(800)})
    with pytest.raises(intake.Refused, match="'99_nothing' is not an assignment of the course lrnn"):
        intake.receive(lrnn, "eve", "99_nothing", {NOTEBOOK: b"{}"})
    with pytest.raises(intake.Refused, match="03_m_example_loop has not been released"):
        intake.receive(lrnn, "eve", "03_m_example_loop", {NOTEBOOK: b"{}"})


@pytest.mark.parametrize("members, message", [
    ([member("x", kind=tarfile.SYMTYPE)], "'x' is a link: only plain files can be submitted"),
    ([member("x", kind=tarfile.LNKTYPE)], "'x' is a link"),
    ([member("x", kind=tarfile.FIFOTYPE)], "'x' is a pipe or a device"),
    ([member("x", kind=tarfile.CHRTYPE)], "'x' is a pipe or a device"),
    ([member("x", b"1"), member("x", b"2")], "'x' is given twice"),
    ([member("..", b"1")], "'..' is not a file name the course takes"),
    ([member("ok\udcff.ipynb", b"1")], "'ok\\udcff.ipynb' is not a file name the course takes"),
])
def test_an_upload_with_anything_but_plain_files_is_refused(members, message, lrnn):
    with pytest.raises(intake.Refused) as refused:
        intake.unpack(tar(*members), intake.Limits.of(lrnn.coursedir))
    assert message in str(refused.value)


def test_an_upload_is_read_within_the_limits(lrnn):
    limits = intake.Limits(total_bytes=1000, file_bytes=600, files=3)
    assert intake.unpack(tar(member("a/", kind=tarfile.DIRTYPE), member("a/b.ipynb", b"{}"), member("c", b"x")),
                         limits) == {"a/b.ipynb": b"{}", "c": b"x"}
    with pytest.raises(intake.Refused, match="'a' takes the submission past the 0.6 kB allowed for one file"):
        intake.unpack(tar(member("a", bytes(601))), limits)
    with pytest.raises(intake.Refused, match="more than the 3 files allowed"):
        intake.unpack(tar(*(member(str(n), b"") for n in range(4))), limits)
    with pytest.raises(intake.Refused, match="not a tar archive"):
        intake.unpack(b"PK\x03\x04 a zip file", limits)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info, data = member("a", b"x")
        archive.addfile(info, io.BytesIO(data))
    with pytest.raises(intake.Refused, match="not a tar archive"):
        intake.unpack(buffer.getvalue(), limits)


def collect(lrnn, student: str = "*") -> str:
    """SafeCollect in this process, as the grading service runs it; its log."""
    app = SafeCollect(coursedir=lrnn.coursedir, authenticator=Authenticator(config=lrnn.config), config=lrnn.config)
    app.update = True
    with temp_attrs(lrnn.coursedir, assignment_id=ASSIGNMENT, student_id=student):
        result = capture_log(app)
    assert result["success"], result
    return result.get("log", "")


NAMES = st.one_of(st.text(max_size=12), st.sampled_from(["..", ".", "*", "a/b", "bob", "李雷", "e\u202eve", "x\udcff",
                                                         "a+b", "-x", "Ab.c_d@e-f", "x" * 101]))
PATHS = st.one_of(st.text(min_size=1, max_size=20), st.sampled_from(
    ["../x", "/etc/passwd", "a/../../b", "timestamp.txt", NOTEBOOK, "sub/dir/f.png", "a//b", "./c", "a\\b"]))


@FUZZ
@given(student=NAMES, files=st.dictionaries(PATHS, st.binary(max_size=64), max_size=4))
def test_fuzzed_names_and_files_are_received_exactly_or_refused_and_collected_where_they_belong(lrnn, student, files):
    submitted = lrnn.root / "submitted"
    before_inbound, before_submitted = entries(lrnn), set(os.listdir(submitted)) if submitted.is_dir() else set()
    try:
        entry = intake.receive(lrnn, student, ASSIGNMENT, files)
    except intake.Refused as refused:
        assert str(refused).isprintable()
        assert entries(lrnn) == before_inbound
        return
    assert intake.valid_student(student) and entry.parent == intake.inbound_of(lrnn)
    assert entries(lrnn) == before_inbound | {entry.name}
    receipt = intake.verified(entry, lrnn)
    assert receipt.student == student
    received = {path: digest for path, digest in receipt.files if path not in intake.WRITTEN_HERE}
    assert len(received) == len(files)

    collect(lrnn, student)
    folder = lrnn.root / "submitted" / student / ASSIGNMENT
    assert set(os.listdir(submitted)) == before_submitted | {student}
    copied = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    # nbgrader's collect leaves out what the course ignores (CourseDirectory.ignore), at any depth.
    ignored = {path for path in received
               if any(fnmatch(part, glob) for part in path.split("/") for glob in lrnn.coursedir.ignore)}
    assert copied == (set(received) - ignored) | {"timestamp.txt", "submission_secret.txt"}


OS_NAMES = st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b and
                                                     b not in (b".", b".."))


@FUZZ
@given(name=OS_NAMES, stamp=st.sampled_from([b"2099-01-01 00:00:00.000000 UTC", b"2026-11-20 12:00:00.000000 UTC",
                                             b"not a time"]))
def test_fuzzed_entries_planted_in_inbound_are_never_collected(lrnn, name, stamp):
    inbound = intake.inbound_of(lrnn)
    inbound.mkdir(parents=True, exist_ok=True)
    collect(lrnn)  # what the course received is collected first: only the planted entry is new
    planted = os.path.join(os.fsencode(inbound), name + b"+" + ASSIGNMENT.encode() + b"+" + stamp + b"+x")
    os.mkdir(planted)
    try:
        with open(os.path.join(planted, NOTEBOOK.encode()), "wb") as handle:
            handle.write(b"{}")
        submitted = lrnn.root / "submitted"
        before = set(os.listdir(submitted)) if submitted.is_dir() else set()
        log = collect(lrnn)
        assert (set(os.listdir(submitted)) if submitted.is_dir() else set()) == before
        if not name.startswith(b"."):  # nbgrader's collect lists no hidden name at all
            assert "it has no receipt" in log
        assert not (lrnn.root / ASSIGNMENT).exists()
    finally:
        shutil.rmtree(planted)


@FUZZ
@given(members=st.lists(st.tuples(PATHS, st.binary(max_size=32), st.sampled_from(
    [tarfile.REGTYPE] * 4 + [tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.FIFOTYPE])), max_size=5))
def test_fuzzed_archives_are_unpacked_into_plain_files_or_refused(lrnn, members):
    archive = tar(*(member(path, data, kind) for path, data, kind in members))
    try:
        files = intake.unpack(archive, intake.Limits.of(lrnn.coursedir))
    except intake.Refused as refused:
        assert str(refused).isprintable()
        return
    assert all(kind in (tarfile.REGTYPE, tarfile.DIRTYPE) for _, _, kind in members)
    regular = [(path, data) for path, data, kind in members if kind == tarfile.REGTYPE]
    assert len(files) == len(regular) and set(files.values()) <= {data for _, data in regular}


def test_the_grading_service_closes_inbound_when_it_starts(tmp_path, course):
    """nbgrader's release makes inbound writable by every account (0733): `autograder serve` puts it back."""
    import subprocess
    import sys

    root = copy_course(tmp_path / "course")
    shutil.copy(course / "gradebook.db", root / "gradebook.db")
    inbound = root / "exchange" / "lrnn" / "inbound"
    inbound.mkdir(parents=True)
    inbound.chmod(0o733)
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "serve", "--once"], cwd=root, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{inbound}: made the grader's alone (mode 0700)" in done.stdout
    assert stat.S_IMODE(inbound.stat().st_mode) == 0o700


def test_the_students_side_says_what_the_hub_answered_when_its_answer_is_not_json():
    """An error page instead of JSON: the student reads the status and reason (the status went in as the language
    of the message, and opening a catalogue named 502 raised FileNotFoundError instead)."""
    import urllib.error

    from autograder.pipeline.submit import IntakeSubmit

    page = urllib.error.HTTPError("https://hub/hub/api", 502, "Bad Gateway", {}, io.BytesIO(b"<html>proxy</html>"))
    assert IntakeSubmit._message(page, "submit.the_hub") == "The hub answered 502 Bad Gateway: nothing was submitted."
