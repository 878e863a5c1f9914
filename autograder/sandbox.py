"""Sandboxes, seen from the trusted side: how they are started, fed jobs, and read.

A `Worker` is one warm sandbox: one runner (autograder.inside.runner) that takes one job at a time.
How the runner is confined is the `launcher`'s business:

* `Bubblewrap` (the default): a bubblewrap sandbox with no network, its own pid and user namespaces (the
  runner is pid 1 and runs as nobody), a read-only view of the system, Python, the `autograder` package
  and the data set, and nothing of the course: no source/, no gradebook, no other student's files, no
  secret, and an environment of a few fixed variables (the grader's own environment never enters).
  Writable are only a size-limited /tmp and /dev/shm, wiped after every job. A cgroup (v2 or v1, see
  cgroups.py) holds the whole sandbox to a memory and process ceiling where the host allows one.
* `Unconfined` (--no-sandbox, the instructor's explicit opt-out for trusted runs): the same runner as an
  ordinary process in a scratch folder of its own.

The grader talks to the runner over two pipes that it passes as extra descriptors; the runner's
standard input and output are /dev/null, and its standard error goes to a log file read when it fails.
"""

from __future__ import annotations

import itertools
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

from .cgroups import Limiter
from .protocol import Answer, FrameBuffer, Job, Limits, ProtocolError, frame_bytes

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_MOUNT = "/data"
# Baseline memory of a warm runner (Python, numpy, matplotlib, IPython and the data set), above which
# the catalogue's memory limit applies to the sandbox as a whole.
RUNNER_BASELINE_MB = 400
SYSTEM_DIRS = ("/usr", "/bin", "/lib", "/lib64", "/sbin", "/etc")


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create a sandbox on this machine."""


class WorkerLost(RuntimeError):
    """The sandbox stopped answering (its runner died or overran every limit)."""


def _python_roots() -> list[Path]:
    """Folders the sandbox needs to run this interpreter with its packages, read-only."""
    return sorted({Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(),
                   Path(sys.executable).resolve().parent.parent})


def _runner_command(job_fd: int, answer_fd: int) -> list[str]:
    # -I: the runner reads no PYTHON* variables and no user site; it finds the installed package.
    return [sys.executable, "-I", "-m", "autograder.inside.runner", str(job_fd), str(answer_fd)]


class Bubblewrap:
    """Starts the runner in a bubblewrap sandbox."""

    sandboxed = True

    def __init__(self, data_dir: Path | None, limits: Limits, limiter: Limiter | None = None):
        bwrap = shutil.which("bwrap")
        if bwrap is None:
            raise SandboxUnavailable(
                "bubblewrap (bwrap) is not installed, so student code cannot be sandboxed. Install it "
                "(Debian/Ubuntu: `apt-get install bubblewrap`), or pass --no-sandbox for a trusted run.")
        self.bwrap: str = bwrap
        self.data_dir, self.limits = data_dir, limits
        self.limiter = limiter or Limiter()

    def binds(self) -> list[Path]:
        """What the sandbox sees of this machine besides the system folders, read-only."""
        return [*_python_roots(), PACKAGE_DIR]

    def command(self, job_fd: int, answer_fd: int) -> list[str]:
        binds = self.binds()
        # Python or the package may live under /tmp (a checkout in /tmp/...). Their read-only binds need
        # folders in the sandbox's /tmp to hang on; those folders get a tmpfs of their own, made
        # read-only afterwards, so that no job can leave a file in them for the next one.
        in_tmp = sorted({Path("/tmp", b.relative_to("/tmp").parts[0]) for b in binds if Path("/tmp") in b.parents})
        hangers = [p for p in in_tmp if p not in binds]
        command = [self.bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1",
                   "--unshare-user", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
                   "--size", str(self.limits.disk_mb << 20), "--tmpfs", "/tmp"]
        for hanger in hangers:
            command += ["--size", str(1 << 20), "--tmpfs", str(hanger)]
        for system_dir in SYSTEM_DIRS:
            if os.path.islink(system_dir):
                command += ["--symlink", os.readlink(system_dir), system_dir]
            elif os.path.exists(system_dir):
                command += ["--ro-bind", system_dir, system_dir]
        for root in binds:
            command += ["--ro-bind", str(root), str(root)]
        if self.data_dir is not None:
            command += ["--ro-bind", str(self.data_dir), DATA_MOUNT]
        command += ["--proc", "/proc", "--dev", "/dev", "--size", str(self.limits.disk_mb << 20),
                    "--tmpfs", "/dev/shm", "--remount-ro", "/dev"]
        for hanger in hangers:
            command += ["--remount-ro", str(hanger)]
        command += ["--remount-ro", "/", "--chdir", "/tmp", "--clearenv"]
        for key, value in self.sandbox_env(in_tmp).items():
            command += ["--setenv", key, value]
        return command + _runner_command(job_fd, answer_fd)

    def sandbox_env(self, keep: list[Path]) -> dict[str, str]:
        env = {"AUTOGRADER_SANDBOXED": "1", "AUTOGRADER_KEEP": os.pathsep.join(map(str, keep)),
               "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": "/tmp", "LC_ALL": "C.UTF-8",
               "MPLCONFIGDIR": "/tmp/.mpl", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1"}
        if self.data_dir is not None:
            env["CATVNONCAT_DIR"] = DATA_MOUNT
        return env

    def env(self) -> dict[str, str]:
        # bubblewrap's own process: nothing of the grader's environment (tokens, passwords, the secret).
        return {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}


class Unconfined:
    """Starts the runner as an ordinary process: for trusted runs only (--no-sandbox)."""

    sandboxed = False

    def __init__(self, data_dir: Path | None, limits: Limits):
        self.data_dir, self.limits = data_dir, limits
        self.limiter = None
        self.scratch = tempfile.mkdtemp(prefix="autograder-scratch-")

    def command(self, job_fd: int, answer_fd: int) -> list[str]:
        return _runner_command(job_fd, answer_fd)

    def env(self) -> dict[str, str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.scratch, "LC_ALL": "C.UTF-8",
               "OPENBLAS_NUM_THREADS": "1", "AUTOGRADER_SANDBOXED": "0",
               "AUTOGRADER_SCRATCH": os.path.join(self.scratch, "job"),
               "MPLCONFIGDIR": os.path.join(self.scratch, "mpl")}
        if self.data_dir is not None:
            env["CATVNONCAT_DIR"] = str(self.data_dir)
        return env

    def __del__(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


def launcher(sandboxed: bool, data_dir: Path | None, limits: Limits, limiter: Limiter | None = None):
    return Bubblewrap(data_dir, limits, limiter) if sandboxed else Unconfined(data_dir, limits)


class Worker:
    """One warm sandbox. Use `run(job)` from one thread at a time.

    bwrap's --die-with-parent follows the *thread* that started it: a worker restarted from another
    thread than the one that made it is fine, but the sandbox dies with the thread that (re)started it.
    """

    _numbers = itertools.count(1)  # next() on it is atomic: workers are started from several threads

    def __init__(self, launcher):
        self.launcher = launcher
        self.limits: Limits = launcher.limits
        self.name = f"autograder-{os.getpid()}-{next(Worker._numbers)}"
        self.process: subprocess.Popen | None = None
        self.cgroup = None
        self.log: IO[bytes] | None = None
        self.start()

    def start(self) -> None:
        job_r, self.job_w = os.pipe()
        self.answer_r, answer_w = os.pipe()
        self.log = tempfile.TemporaryFile()
        if self.launcher.limiter is not None:
            self.cgroup = self.launcher.limiter.create(self.name, RUNNER_BASELINE_MB + self.limits.memory_mb,
                                                       self.limits.processes + 16)
        command, go_r, go_w, cgroup = self.launcher.command(job_r, answer_w), None, None, self.cgroup
        if cgroup:
            # The sandbox starts inside its cgroup: the child waits on its standard input for a go before it becomes
            # bubblewrap (with /dev/null as its input, as without a cgroup), and the go comes once its pid is in the
            # cgroup. (A preexec_fn would run Python between fork and exec, which is unsafe in a process with
            # threads, as the grader and the grading service's lanes are.)
            go_r, go_w = os.pipe()
            command = ["/bin/sh", "-c", 'read -r go && exec "$@" </dev/null', "sh", *command]
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL if go_r is None else go_r,
                                            stdout=subprocess.DEVNULL, stderr=self.log, pass_fds=(job_r, answer_w),
                                            env=self.launcher.env(), start_new_session=True)
            if cgroup and go_w is not None:
                try:
                    cgroup.add(self.process.pid)
                except OSError:
                    self.process.kill()  # never started outside its ceiling
                    self.process.wait()
                    raise
                os.write(go_w, b"go\n")
        finally:
            for fd in (job_r, answer_w, go_r, go_w):
                if fd is not None:
                    os.close(fd)
        os.set_blocking(self.answer_r, False)
        self.frames = FrameBuffer()
        self._ready = False

    def wait_ready(self) -> None:
        """Wait for the runner's hello. Workers boot in parallel: start them all, then wait for each."""
        if self._ready:
            return
        hello = self._read(deadline=time.monotonic() + 120)
        if not hello or not hello.get("ready"):
            error = self._log_tail()
            self.stop()
            raise SandboxUnavailable(
                "the sandbox could not start" + (f": {error}" if error else "")
                + ". Check that bubblewrap works here (`bwrap --unshare-all --ro-bind / / true`), "
                  "or pass --no-sandbox for a trusted run.")
        self._ready = True

    def _log_tail(self) -> str:
        try:
            if self.process is not None:
                self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        if self.log is None:
            return ""
        try:
            self.log.seek(0)
            return self.log.read().decode(errors="replace").strip()[-800:]
        except (OSError, ValueError):
            return ""

    def _read(self, deadline: float) -> dict | None:
        """The runner's next frame, or None if it does not come in time or the runner is gone."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self.answer_r], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(self.answer_r, 1 << 20)
            except BlockingIOError:
                continue
            if not chunk:
                return None
            try:
                frames = self.frames.feed(chunk)
            except ProtocolError:
                return None
            if frames:
                return frames[0]

    def _send(self, message: dict, deadline: float) -> bool:
        data = memoryview(frame_bytes(message))
        try:
            while data:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                _, ready, _ = select.select([], [self.job_w], [], remaining)
                if ready:
                    written = os.write(self.job_w, data[:1 << 20])
                    data = data[written:]
        except OSError:
            return False
        return True

    def run(self, job: Job) -> Answer:
        if self.process is None or self.process.poll() is not None:
            self.restart()  # the last job ended the runner (it killed the zygote, say): a fresh one
        self.wait_ready()
        oom_before = self.cgroup.oom_kills() if self.cgroup else 0
        deadline = time.monotonic() + self.limits.wall_seconds + 30
        if not self._send({"job": job.to_wire()}, deadline):
            self.restart()
            raise WorkerLost("the sandbox had stopped before the job was sent")
        # The runner keeps the wall time itself; this is the backstop if it fails to.
        wire = self._read(deadline)
        if wire is None:
            self.restart()
            raise WorkerLost("the sandbox stopped answering while running this submission")
        try:
            answer = Answer.from_wire(wire, job)
        except ProtocolError as err:
            self.restart()
            raise WorkerLost(f"the sandbox answered with something that is not an answer ({err})") from None
        if self.cgroup:
            answer.oom_kills = self.cgroup.oom_kills() - oom_before
        if answer.spent:
            self.restart()
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
                os.close(self.job_w)  # the runner sees the end of its jobs and exits
            except OSError:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
                self.process.wait()
            try:
                os.close(self.answer_r)
            except OSError:
                pass
            self.process = None
        if self.log:
            self.log.close()
            self.log = None
        if self.cgroup:
            self.cgroup.remove()
            self.cgroup = None


def self_test(data_dir: Path | None) -> str:
    """Start one sandbox and run a trivial cell in it: a quick check that sandboxing works here."""
    from .protocol import CodeCell

    limits = Limits(wall_seconds=30, cpu_seconds=30, memory_mb=512, processes=16, disk_mb=16, output_kb=64)
    worker = Worker(Bubblewrap(data_dir, limits))
    try:
        answer = worker.run(Job(cells=(CodeCell(0, "print(6 * 7)"),), calls=(), limits=limits))
    finally:
        worker.stop()
    return str(answer.cells[0].outputs)
