"""A command's process leaves out what no command uses, and what it defers still works when called."""

from __future__ import annotations

import subprocess
import sys
import zipfile


def in_a_command_process(code: str) -> subprocess.CompletedProcess:
    """`code` run after autograder.startup, as in every `autograder` command, in a fresh interpreter."""
    return subprocess.run([sys.executable, "-c", "import autograder.startup\n" + code], capture_output=True,
                          text=True, timeout=120)


def test_importing_nbgrader_imports_neither_setuptools_nor_the_unused_format_libraries():
    done = in_a_command_process(
        "import sys, nbgrader.api, nbgrader.utils, nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('setuptools', 'pkg_resources', 'rfc3987_syntax',"
        " 'rfc3986_validator', 'isoduration', 'arrow') and sys.modules[m] is not None "
        "and m != 'setuptools.archive_util'))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_nbgraders_unzip_still_unzips_through_the_stand_in(tmp_path):
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("alice/notebook.ipynb", "{}")
    (tmp_path / "out").mkdir()
    done = in_a_command_process(
        "import sys, nbgrader.utils\n"
        f"nbgrader.utils.unzip({str(archive)!r}, {str(tmp_path / 'out')!r})\n"
        "print(sys.modules['setuptools.archive_util'].__file__)")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "alice" / "notebook.ipynb").read_text() == "{}"
    assert done.stdout.strip().endswith("/setuptools/archive_util.py")  # setuptools' own took the stand-in's place


def test_numpy_in_a_command_process_uses_one_blas_thread_unless_the_instructor_set_it(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    show = "import os\nprint(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'])"
    assert in_a_command_process(show).stdout.split() == ["1", "1"]
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    assert in_a_command_process(show).stdout.split() == ["4", "1"]


def test_a_process_that_is_not_ours_does_not_build_the_iri_grammars_either():
    """nbgrader's own commands, the Jupyter servers and the hub import jsonschema without autograder.startup: the
    pinned jsonschema (requirements.txt) does not import rfc3987_syntax, whose grammars cost 0.8 s of CPU in each."""
    done = subprocess.run([sys.executable, "-c", "import sys, nbformat, jupyter_events.validators\n"
                           "nbformat.validate(nbformat.v4.new_notebook())\n"
                           "print('rfc3987_syntax' in sys.modules, 'jsonschema' in sys.modules)"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
