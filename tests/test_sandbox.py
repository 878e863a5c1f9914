"""The sandbox itself: what a job can write, what survives it, and what a student process can see.

Jobs here are run in real bubblewrap sandboxes, one trivial cell at a time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from autograder import dataset
from autograder.protocol import Answer, CodeCell, Job, Limits
from autograder.sandbox import Bubblewrap, Worker

LIMITS = Limits(wall_seconds=20, cpu_seconds=20, memory_mb=512, processes=16, disk_mb=16, output_kb=64)


def run(worker: Worker, source: str) -> str:
    answer = worker.run(Job(cells=(CodeCell(0, source),), calls=(), limits=LIMITS))
    return "".join(o.get("text", "") for o in answer.cells[0].outputs) + "".join(
        f"{o['ename']}: {o['evalue']}" for o in answer.cells[0].outputs if o["output_type"] == "error")


class BoundUnderTmp(Bubblewrap):
    """A sandbox whose read-only binds include a folder under /tmp, as when the course or its virtual
    environment lives in /tmp/...: the folders that hold the bind must not be a place to leave files."""

    def __init__(self, bound: Path):
        super().__init__(dataset.data_dir(), LIMITS)
        self.bound = bound

    def binds(self):
        return [*super().binds(), self.bound]


@pytest.fixture(scope="module")
def worker():
    worker = Worker(Bubblewrap(dataset.data_dir(), LIMITS))
    yield worker
    worker.stop()


WRITE_EVERYWHERE = """
import os
wrote = []
for folder in ('/', '/dev', '/etc', '/usr', '/proc', '/data', '/tmp', '/dev/shm', os.environ['HOME']):
    try:
        with open(os.path.join(folder, 'left-behind.py'), 'w') as handle:
            handle.write('x')
        wrote.append(folder)
    except OSError:
        pass
print(sorted(wrote))
"""

FIND_LEFTOVERS = """
import os
found = [os.path.join(d, f) for place in ('/', '/dev', '/tmp', '/dev/shm') for d, _, files in os.walk(place)
         if not d.startswith(('/proc', '/sys', '/usr', '/etc', '/data')) for f in files if f == 'left-behind.py']
print(found)
"""


def test_a_job_writes_only_where_the_next_job_cannot_find_it(worker):
    wrote = run(worker, WRITE_EVERYWHERE)
    assert wrote.strip() == "['/dev/shm', '/tmp', '/tmp/job/home']"
    assert run(worker, FIND_LEFTOVERS).strip() == "[]"


def test_folders_that_hold_read_only_binds_under_tmp_are_read_only():
    top = Path(tempfile.mkdtemp(prefix="autograder-bind-", dir="/tmp"))
    bound = top / "deep" / "lib"
    bound.mkdir(parents=True)
    (bound / "module.py").write_text("VALUE = 1\n")
    worker = Worker(BoundUnderTmp(bound))
    try:
        attempt = (f"import os\nfor d in ({str(top)!r}, {str(top / 'deep')!r}, {str(bound)!r}):\n"
                   "    try:\n        open(os.path.join(d, 'poison.py'), 'w').write('x')\n        print('wrote', d)\n"
                   "    except OSError as err:\n        print(type(err).__name__)\n")
        assert run(worker, attempt).split() == ["OSError"] * 3
        assert run(worker, f"print(open({str(bound / 'module.py')!r}).read())").strip() == "VALUE = 1"
    finally:
        worker.stop()
        shutil.rmtree(top)


def test_the_sandbox_environment_holds_nothing_of_the_graders(monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "canary-token-91c4")
    worker = Worker(Bubblewrap(dataset.data_dir(), LIMITS))
    try:
        seen = run(worker, "import os\nprint(sorted(os.environ))\n"
                           "for p in os.listdir('/proc'):\n    if p.isdigit():\n        try:\n"
                           "            print(open(f'/proc/{p}/environ', 'rb').read())\n        except OSError:\n"
                           "            pass\n")
    finally:
        worker.stop()
    assert "canary-token-91c4" not in seen and "JUPYTERHUB_API_TOKEN" not in seen
    assert "'PATH'" in seen and "AUTOGRADER_SECRET" not in seen


def test_the_runner_is_pid_1_and_cannot_be_signalled_or_read(worker):
    out = run(worker, "import os, signal\nos.kill(1, signal.SIGKILL)\nos.kill(1, signal.SIGSTOP)\n"
                      "for name in ('fd/0', 'environ', 'mem', 'maps'):\n    try:\n"
                      "        open(f'/proc/1/{name}', 'rb').read(1)\n        print('read', name)\n"
                      "    except OSError as err:\n        print(err.errno)\n")
    assert out.split() == ["13"] * 4  # EACCES: not dumpable
    assert run(worker, "print(6 * 7)").strip() == "42"  # and the runner is still there


def test_a_lost_answer_is_a_crash_of_that_submission_only():
    assert Answer.lost().ending == "crashed"


def test_no_sandbox_is_left_running(worker):
    before = {p for p in os.listdir("/proc") if p.isdigit()}
    probe = Worker(Bubblewrap(dataset.data_dir(), LIMITS))
    run(probe, "import subprocess\nsubprocess.Popen(['sleep', '300'])\n")
    pid = probe.process.pid
    probe.stop()
    assert not Path(f"/proc/{pid}").exists()
    assert not [p for p in os.listdir("/proc") if p.isdigit() and p not in before
                and b"sleep\x00300" in Path(f"/proc/{p}/cmdline").read_bytes()]
