"""Whether the course's disk is full, found by writing (never from an error's wording), and which errors say so."""

from __future__ import annotations

import errno
import os
import sqlite3

from autograder.service import space


def test_a_disk_with_room_is_not_full_and_the_probe_is_removed(tmp_path):
    (tmp_path / ".autograder").mkdir()
    assert space.full(tmp_path) is False
    assert os.listdir(tmp_path / ".autograder") == []


def test_a_disk_that_takes_no_more_bytes_is_full(tmp_path):
    (tmp_path / ".autograder").mkdir()
    (tmp_path / space.PROBE).symlink_to("/dev/full")  # every write there fails with ENOSPC
    assert space.full(tmp_path) is True
    assert os.listdir(tmp_path / ".autograder") == []


def test_another_failure_to_write_is_not_a_full_disk(tmp_path):
    assert space.full(tmp_path / "no such course") is False


class Wrapped(Exception):
    """As SQLAlchemy wraps the driver's error (`orig`)."""

    def __init__(self, orig):
        super().__init__("wrapped")
        self.orig = orig


def test_a_full_disk_is_read_from_errno_or_sqlites_result_code_however_deep():
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13
    locked = sqlite3.OperationalError("database or disk is full")  # the same words, another fact
    locked.sqlite_errorcode = 5
    try:
        raise RuntimeError("grading failed") from OSError(errno.EDQUOT, "quota")
    except RuntimeError as err:
        caused = err
    assert [space.disk_error(err) for err in (OSError(errno.ENOSPC, "x"), caused, Wrapped(full), full)] == \
        [True, True, True, True]
    assert [space.disk_error(err) for err in (OSError(errno.EACCES, "x"), Wrapped(locked), ValueError("disk full"))] \
        == [False, False, False]


def test_a_chain_of_errors_that_loops_is_read_to_its_end():
    first, second = ValueError("a"), ValueError("b")
    first.__context__, second.__context__ = second, first
    assert space.disk_error(first) is False
