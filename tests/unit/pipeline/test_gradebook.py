"""One SQLAlchemy engine per gradebook URL in a grading process, whatever nbgrader opens and closes."""

from __future__ import annotations

import inspect
import sqlite3

import nbgrader.api
import pytest

from autograder.pipeline import gradebook


@pytest.fixture
def restored():
    """nbgrader's own create_engine for the test (earlier tests in this process may have wrapped it), and
    whatever was there afterwards."""
    before = nbgrader.api.create_engine
    nbgrader.api.create_engine = getattr(before, "__wrapped__", before)
    yield
    nbgrader.api.create_engine = before


def test_nbgrader_opens_its_gradebook_through_the_create_engine_of_its_api_module():
    # What one_engine_per_gradebook wraps: an nbgrader that imported it otherwise would silently make one per step.
    assert "self.engine = create_engine(db_url, " in inspect.getsource(nbgrader.api.Gradebook.__init__)


def test_each_url_gets_one_engine_which_outlives_the_gradebooks_that_close_it(tmp_path, restored):
    for name in ("a.db", "b.db"):  # not empty: nbgrader asks the slow `alembic` command only about a new database
        with sqlite3.connect(tmp_path / name) as db:
            db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    gradebook.one_engine_per_gradebook()
    wrapped = nbgrader.api.create_engine
    gradebook.one_engine_per_gradebook()  # a second call wraps nothing more
    assert nbgrader.api.create_engine is wrapped
    first, other = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with nbgrader.api.Gradebook(first) as gb:
        gb.add_student("alice")
        engine = gb.engine
    with nbgrader.api.Gradebook(first) as gb:  # opened again after the first closed (and disposed of) it
        assert gb.engine is engine
        assert [student.id for student in gb.students] == ["alice"]
        gb.add_student("bob")
    with nbgrader.api.Gradebook(other) as gb:
        assert gb.engine is not engine
        assert gb.students == []
    with nbgrader.api.Gradebook(first) as gb:
        assert [student.id for student in gb.students] == ["alice", "bob"]
    assert len(nbgrader.api.create_engine.kept) == 2


def test_a_new_gradebook_is_stamped_with_the_head_nbgrader_s_program_gives(tmp_path, monkeypatch):
    # What head_read_in_process wraps, and where nbgrader calls it: a new gradebook's stamp.
    assert "alembic_version = get_alembic_version()" in inspect.getsource(nbgrader.api.Gradebook.__init__)
    monkeypatch.setattr(nbgrader.api, "get_alembic_version",
                        getattr(nbgrader.api.get_alembic_version, "__wrapped__", nbgrader.api.get_alembic_version))
    from_program = nbgrader.api.get_alembic_version()  # nbgrader's own: `alembic heads`, run as a program
    gradebook.head_read_in_process()
    monkeypatch.setenv("PATH", str(tmp_path))  # no `alembic` program to run
    with nbgrader.api.Gradebook(f"sqlite:///{tmp_path / 'new.db'}"):
        pass
    with sqlite3.connect(tmp_path / "new.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(from_program,)]
