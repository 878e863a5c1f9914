"""The exchange's inbound folder as the grading service reads it, on folders the test makes: each new entry reported
once, every hostile or unfinished one ignored with its reason in the log or looked at again, and a submission
without its notebook refused with what to fix."""

from __future__ import annotations

import logging
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.service import inbound
from autograder.service.inbound import Found, Inbound, Refusal, Submission, contents_problem

WHEN = "2026-12-01 10:00:00.000000 UTC"
NAME = f"alice+02_single_example_gd+{WHEN}+f00d"


def entry(folder, name: str = NAME, secret: bool = True):
    path = folder / name
    path.mkdir(parents=True)
    if secret:
        (path / inbound.SECRET_FILE).write_text("s3cret")
    return path


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "inbound"


def test_a_name_is_read_as_student_assignment_time_random():
    assert Submission.parse(NAME) == Submission(NAME, "alice", "02_single_example_gd")
    assert Submission.parse(f"a+b+c+{NAME}") == Submission(f"a+b+c+{NAME}", "a+b+c+alice", "02_single_example_gd")
    for name in ("alice+02+f00d", f"+02+{WHEN}+r", "alice+02+yesterday+r", f"a/b+02+{WHEN}+r"):
        assert Submission.parse(name) is None, name


@given(st.text())
def test_any_name_is_an_entry_of_its_own_parts_or_none(name):
    parsed = Submission.parse(name)
    assert parsed is None or (parsed.name == name and "/" not in name and parsed.student
                              and name.startswith(f"{parsed.student}+{parsed.assignment}+"))


def test_a_new_entry_is_found_once(folder):
    path = entry(folder)
    scanner = Inbound(folder, known=set())
    assert scanner.scan(now=1e9) == [Found(Submission.parse(NAME), path)]
    assert scanner.scan(now=1e9 + 100) == []
    assert Inbound(folder, known={NAME}).scan(now=1e9) == []  # what the queue knows is not reported again


def test_no_inbound_folder_is_nothing_submitted(folder):
    assert Inbound(folder, known=set()).scan(now=1e9) == []


def test_hostile_entries_are_ignored_with_their_reason_and_never_looked_at_again(folder, caplog):
    entry(folder, f"..+02_single_example_gd+{WHEN}+r")
    entry(folder, "not a submission")
    (folder / f"bob+02_single_example_gd+{WHEN}+r").write_text("a file")
    os.mkdir(os.path.join(os.fsencode(folder), f"\xff+02+{WHEN}+r".encode("latin-1")))
    scanner = Inbound(folder, known=set())
    with caplog.at_level(logging.WARNING, logger="autograder.serve"):
        assert scanner.scan(now=1e9) == []
    reasons = sorted(record.getMessage().split(" ignored: ")[1] for record in caplog.records)
    assert reasons == [
        "it is a file, not a folder",
        "its name is not UTF-8",
        "its name is not student+assignment+time+random, as the course's intake names it",
        "the student's name is not one the course's intake takes (a path, a pattern, spaces or control characters)"]
    # The name is shown escaped: the byte that is not UTF-8 as text, never raw.
    assert f"inbound entry \\udcff+02+{WHEN}+r ignored: its name is not UTF-8" in \
        [record.getMessage() for record in caplog.records]
    assert len(scanner.known) == 4 and scanner.scan(now=1e9 + 100) == []


def test_an_entry_being_written_by_the_intake_is_not_taken_yet(folder):
    entry(folder, ".incoming-0123", secret=False)
    scanner = Inbound(folder, known=set())
    assert scanner.scan(now=1e9) == []
    assert scanner.known == set()


def test_an_entry_without_its_secret_yet_is_looked_at_again_then_taken_or_ignored(folder, caplog):
    path = entry(folder, secret=False)
    late = entry(folder, f"bob+02_single_example_gd+{WHEN}+r", secret=False)
    scanner = Inbound(folder, known=set())
    assert scanner.scan(now=1e9) == []
    (path / inbound.SECRET_FILE).write_text("s3cret")  # nbgrader's submit writes it last
    assert scanner.scan(now=1e9 + inbound.UNSETTLED_EVERY_SECONDS) == [Found(Submission.parse(NAME), path)]
    with caplog.at_level(logging.WARNING, logger="autograder.serve"):
        assert scanner.scan(now=1e9 + inbound.SETTLE_SECONDS) == []
    assert scanner.unsettled == {} and os.fsencode(late.name) in scanner.known
    assert [record.getMessage().split(" ignored: ")[1] for record in caplog.records] == [
        f"it has had no readable {inbound.SECRET_FILE} for {inbound.SETTLE_SECONDS} s: "
        "nbgrader's submit did not make it"]


def test_an_entry_the_service_does_not_admit_is_ignored_with_the_reason_it_gives(folder, caplog):
    entry(folder)
    scanner = Inbound(folder, known=set(), admit=lambda path: f"no receipt in {path.name}")
    with caplog.at_level(logging.WARNING, logger="autograder.serve"):
        assert scanner.scan(now=1e9) == []
    assert [record.getMessage() for record in caplog.records] == [f"inbound entry {NAME} ignored: no receipt in {NAME}"]


def test_a_forgotten_entry_is_found_again(folder):
    path = entry(folder)
    scanner = Inbound(folder, known=set())
    assert len(scanner.scan(now=1e9)) == 1
    scanner.forget({os.fsencode(NAME)})
    assert scanner.scan(now=1e9 + inbound.FULL_SCAN_SECONDS) == [Found(Submission.parse(NAME), path)]


def test_a_forgotten_entry_is_found_at_once_when_the_folder_is_to_be_listed_again(folder):
    """Space is back after a full disk: the entries forgotten then are found by the next scan, not at the full
    scan, although the folder has not changed."""
    path = entry(folder)
    scanner = Inbound(folder, known=set())
    now = folder.stat().st_mtime + 10
    assert len(scanner.scan(now)) == 1
    scanner.forget({os.fsencode(NAME)})
    assert scanner.scan(now + 1) == []
    scanner.list_again()
    assert scanner.scan(now + 2) == [Found(Submission.parse(NAME), path)]


def test_an_unchanged_folder_is_not_listed_again_until_the_full_scan(folder, monkeypatch):
    entry(folder)
    scanner = Inbound(folder, known=set())
    now = folder.stat().st_mtime + 10
    scanner.scan(now)
    listed = []
    monkeypatch.setattr(inbound.os, "listdir", lambda path: listed.append(path) or [])
    scanner.scan(now + 1)
    assert listed == []
    scanner.scan(now + inbound.FULL_SCAN_SECONDS)
    assert listed == [os.fsencode(folder)]


def test_a_submission_without_its_notebook_is_refused_with_what_to_fix(tmp_path):
    notebook = "single_example_gd.ipynb"
    renamed, empty, linked, large, good = (entry(tmp_path, name) for name in ("r", "e", "l", "t", "g"))
    (renamed / "single_example_gd (1).ipynb").write_text("{}")
    (linked / notebook).symlink_to("/etc/passwd")
    with open(large / notebook, "wb") as handle:
        handle.truncate(3 << 20)
    (good / notebook).write_text("{}")
    assert [contents_problem(path, notebook, max_mb=2) for path in (renamed, empty, linked, large, good)] == [
        Refusal("renamed_notebook", (("notebook", notebook), ("names", "single_example_gd\\x20(1).ipynb"))),
        Refusal("no_notebook", (("notebook", notebook),)),
        Refusal("not_a_file", (("notebook", notebook), ("kind", "a symbolic link"))),
        Refusal("too_large", (("notebook", notebook), ("mb", 3.0), ("limit", 2))),
        None]
    assert Refusal("no_notebook", (("notebook", notebook),)).text() == (
        "it has no single_example_gd.ipynb. Submit the assignment's own notebook, under its own name, "
        "single_example_gd.ipynb.")
