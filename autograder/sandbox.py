"""The sandbox: bubblewrap around the runner, with resource limits, seen from the trusted side.

Each Worker is one bubblewrap sandbox holding one warm runner (runner.py). Inside it there is no
network, a read-only view of Python, the `autograder` package and the data set, and nothing else of the
course: no source/, no gradebook, no other student's files, no instructor's home. Limits come from the
catalogue: wall time per submission (enforced by the runner and, as a backstop, here), CPU time,
address space, processes, file size and output size; where cgroups are writable (running as root) the
whole sandbox is also held to a memory and a process-count ceiling.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from .catalogue import Limits
from .runner import read_frame, write_frame

CGROUP_ROOT = Path("/sys/fs/cgroup")
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_MOUNT = "/data"
# Baseline memory of a warm runner (Python, numpy, matplotlib, IPython and the data set), above which
# the catalogue's memory limit applies.
RUNNER_BASELINE_MB = 400


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


class WorkerLost(RuntimeError):
    """The sandbox stopped answering (its runner died or overran every limit)."""


def _python_roots() -> list[Path]:
    """Folders the sandbox needs to run this interpreter with its packages, read-only."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
             Path(sys.executable).resolve().parent.parent}
    return sorted(roots)


def bwrap_command(data_dir: Path | None, disk_mb: int) -> list[str]:
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed, so student code cannot be sandboxed. Install it "
            "(Debian/Ubuntu: `apt-get install bubblewrap`), or pass --no-sandbox for a trusted run.")
    command = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session",
               "--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
               # The scratch tmpfs first: Python or the package may live under /tmp (a clone in
               # /tmp/...), and their read-only binds must be mounted on top of it, not hidden by it.
               "--size", str(disk_mb << 20), "--tmpfs", "/tmp"]
    bound: list[str] = []
    for system_dir in ("/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc"):
        if os.path.exists(system_dir):
            kind = "--ro-bind" if not os.path.islink(system_dir) else "--symlink"
            command += [kind, os.readlink(system_dir) if kind == "--symlink" else system_dir, system_dir]
    # Only the package, not the course folder that may hold it (with source/ and the gradebook).
    for root in [*_python_roots(), PACKAGE_DIR]:
        command += ["--ro-bind", str(root), str(root)]
        bound.append(str(root))
    if data_dir is not None:
        command += ["--ro-bind", str(data_dir), DATA_MOUNT]
    command += ["--proc", "/proc", "--dev", "/dev",
                "--chdir", "/tmp", "--clearenv", "--setenv", "AUTOGRADER_SANDBOXED", "1",
                "--setenv", "AUTOGRADER_BOUND", os.pathsep.join(bound),
                "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
                "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/.mpl",
                "--setenv", "OPENBLAS_NUM_THREADS", "1", "--setenv", "OMP_NUM_THREADS", "1",
                "--setenv", "PYTHONDONTWRITEBYTECODE", "1"]
    if data_dir is not None:
        command += ["--setenv", "CATVNONCAT_DIR", DATA_MOUNT]
    return command


class Cgroup:
    """A memory and pids cgroup (v1) for one sandbox, where this process may create one."""

    def __init__(self, name: str, memory_mb: int, processes: int):
        self.dirs: list[Path] = []
        settings = {"memory": {"memory.limit_in_bytes": str(memory_mb << 20)},
                    "pids": {"pids.max": str(processes)}}
        for controller, values in settings.items():
            base = CGROUP_ROOT / controller
            if not os.access(base, os.W_OK):
                continue
            folder = base / name
            try:
                folder.mkdir(exist_ok=True)
                for key, value in values.items():
                    (folder / key).write_text(value)
            except OSError:
                continue
            self.dirs.append(folder)

    def enter(self) -> None:
        """Called in the child between fork and exec: the sandbox starts inside the cgroup."""
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def remove(self) -> None:
        for folder in self.dirs:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.02)


class Worker:
    """One warm sandbox. Use `run(job)` from one thread at a time."""

    _numbers = itertools.count(1)  # next() on it is atomic: workers are started from several threads

    def __init__(self, limits: Limits, data_dir: Path | None, sandboxed: bool = True):
        # bwrap's --die-with-parent follows the *thread* that started it: create workers, and restart
        # them, only from threads that live as long as the worker is needed.
        self.limits = limits
        self.sandboxed = sandboxed
        self.data_dir = data_dir
        self.name = f"autograder-{os.getpid()}-{next(Worker._numbers)}"
        self.process: subprocess.Popen | None = None
        self.cgroup: Cgroup | None = None
        self.scratch: str | None = None
        self.start()

    def start(self) -> None:
        # -I: the runner reads no PYTHON* variables and no user site; it finds the installed package.
        runner = [sys.executable, "-I", "-m", "autograder.runner"]
        if self.sandboxed:
            command = bwrap_command(self.data_dir, self.limits.disk_mb) + runner
            self.cgroup = Cgroup(self.name, RUNNER_BASELINE_MB + self.limits.memory_mb,
                                 self.limits.processes + 16)
            preexec, env = self.cgroup.enter, None
        else:
            # A trusted run (the instructor's explicit opt-out): the same runner, without namespaces,
            # in a scratch folder of its own on the machine's /tmp.
            command, preexec = runner, None
            self.scratch = tempfile.mkdtemp(prefix="autograder-scratch-")
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "AUTOGRADER_SANDBOXED": "0",
                   "AUTOGRADER_SCRATCH": os.path.join(self.scratch, "job")}
            if self.data_dir is not None:
                env["CATVNONCAT_DIR"] = str(self.data_dir)
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, preexec_fn=preexec, env=env,
                                        start_new_session=True)
        self._ready = False

    def wait_ready(self) -> None:
        """Wait for the runner's hello. Workers boot in parallel: spawn them all, then wait for each."""
        if self._ready:
            return
        hello = self._read(timeout=120)
        if not hello or not hello.get("ready"):
            error = self._stderr_tail()
            self.stop()
            raise SandboxUnavailable(
                "the sandbox could not start" + (f": {error}" if error else "")
                + ". Check that bubblewrap works here (`bwrap --unshare-all --ro-bind / / true`), "
                  "or pass --no-sandbox for a trusted run.")
        self._ready = True

    def _stderr_tail(self) -> str:
        try:
            self.process.wait(timeout=2)
            return self.process.stderr.read().decode(errors="replace").strip()[-800:]
        except (subprocess.TimeoutExpired, ValueError, AttributeError):
            return ""

    def _read(self, timeout: float) -> dict | None:
        """One frame from the runner, or None if it does not come in time (then the sandbox is killed)."""
        result: list = []
        reader = threading.Thread(target=lambda: result.append(self._safe_read()), daemon=True)
        reader.start()
        reader.join(timeout)
        if reader.is_alive():
            self.kill()
            reader.join(5)
            return None
        return result[0] if result else None

    def _safe_read(self) -> dict | None:
        try:
            return read_frame(self.process.stdout)
        except (ValueError, OSError):
            return None

    def run(self, job: dict) -> dict:
        self.wait_ready()
        job = {**job, "limits": {**asdict(self.limits), "results_bytes": 64 << 20}}
        try:
            write_frame(self.process.stdin, job)
        except (BrokenPipeError, OSError):
            self.restart()
            raise WorkerLost("the sandbox had stopped before the job was sent")
        # The runner enforces the wall time itself; this is the backstop if the runner is subverted.
        answer = self._read(timeout=self.limits.wall_seconds + 30)
        if answer is None or "status" not in answer:
            self.restart()
            raise WorkerLost("the sandbox stopped answering while running this submission")
        return answer

    def restart(self) -> None:
        self.stop()
        self.start()
        self.wait_ready()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def stop(self) -> None:
        if self.process:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
                self.process.wait()
            for stream in (self.process.stdout, self.process.stderr):
                stream.close()
        if self.cgroup:
            self.cgroup.remove()
            self.cgroup = None
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def self_test(data_dir: Path | None) -> str:
    """Start one sandbox and run a trivial cell in it: the check `autograder grade` does up front."""
    limits = Limits(wall_seconds=30, cpu_seconds=30, memory_mb=512, processes=16, disk_mb=16, output_kb=64)
    worker = Worker(limits, data_dir)
    try:
        worker.wait_ready()
        answer = worker.run({"cells": [{"index": 0, "source": "print(6 * 7)"}], "inbox": {}, "env": {}})
    finally:
        worker.stop()
    return json.dumps(answer["cells"])
