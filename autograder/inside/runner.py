"""The sandbox's first process: `python -I -m autograder.inside.runner JOB_FD ANSWER_FD`.

It is a fork server. It imports what every notebook needs and loads the data set once, forks the
*zygote*, then serves the grader one job at a time: it asks the zygote for a fresh notebook process
(and, when the job has one, a stand-in process), relays the stand-in's answers, keeps the wall-time
and output limits, collects the cells' outputs and the checks' results, kills whatever the job left
behind, wipes everything the job could write, and answers the grader.

Why the shape:
* In a bubblewrap sandbox this process is pid 1 of the sandbox (--as-pid-1) and not dumpable, so no
  other process in the sandbox can open its descriptors (the grader's channel), its memory (other
  students' jobs) or its environment, and signals from inside cannot kill it.
* The zygote is forked once, right after the imports, before any job: it never holds a job. Each
  notebook and each stand-in is forked from it, so no process that runs a student's code has another
  student's job, or the reference, anywhere in its memory.
* The rules of the stand-ins are kept here, outside the student's process: a graded function's
  stand-in answers only after that function's own checks have delivered their results, and only the
  first results of a check count. So the reference can never supply a function's own answers.
* The reference's answers are kept here too, across jobs (KeptAnswers): a class asks the same questions
  (05's model asks every student's stand-in for the same training run of optimize on the data set).

Outside bubblewrap (a trusted run, --no-sandbox) the same process runs as an ordinary one: it then
cleans only its own scratch folder and the process groups of its jobs, never anything else.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import select
import shutil
import signal
import socket
import sys
import time
from collections import OrderedDict
from pathlib import Path

from autograder.protocol import RESULTS_BYTES, FrameBuffer, Job, ProtocolError, frame_bytes, read_frame, write_frame

SANDBOXED = os.environ.get("AUTOGRADER_SANDBOXED") == "1"
SCRATCH = Path(os.environ.get("AUTOGRADER_SCRATCH") or "/tmp/job")
# Top-level entries of /tmp that are read-only mounts holding Python or the package (a checkout under /tmp).
KEEP = {p for p in os.environ.get("AUTOGRADER_KEEP", "").split(os.pathsep) if p}
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36


def prctl(option: int, value: int) -> None:
    ctypes.CDLL(None).prctl(option, value, 0, 0, 0)


# --- start-up --------------------------------------------------------------------------------------------

def preload() -> None:
    """Import what every notebook imports, before any fork, so that each notebook starts warm."""
    import matplotlib

    matplotlib.use("module://matplotlib_inline.backend_inline")
    import h5py  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401

    from autograder import checks, dataset, plaindata, reference, rules  # noqa: F401
    from autograder.inside import notebook, standin  # noqa: F401

    if os.environ.get("CATVNONCAT_DIR"):
        dataset.flattened_and_scaled(shared=True)
        dataset.load_catvnoncat()
    notebook.prepare_shell()
    # Most wrong notebooks fail a check cell, and a notebook process's first traceback is costly: IPython imports
    # its traceback machinery, inspect.getmodule looks up the file of every loaded module (slow under the sandbox's
    # mounts) and checks.py is parsed to show its lines. Formatted once here (not shown: the shell's state and
    # its output are untouched), it is cached in every notebook forked after.
    shell = notebook.SHELL
    assert shell is not None  # made by prepare_shell just above
    try:
        checks.check_scalar("warm-up", 0.0, 1.0)
    except AssertionError:
        shell.InteractiveTB.structured_traceback(*sys.exc_info())
    # Draw and encode one figure: matplotlib's fonts and caches are then ready in every notebook.
    import io

    figure = matplotlib.pyplot.figure(figsize=(2, 2))
    figure.add_subplot().plot([0, 1], [1, 0], label="warm-up")
    figure.legend()
    figure.savefig(io.BytesIO(), format="png")
    matplotlib.pyplot.close(figure)


class Zygote:
    """A clean process that forks notebook and stand-in processes on request."""

    def __init__(self):
        self.socket, theirs = socket.socketpair()
        self.pid = os.fork()
        if self.pid == 0:
            self.socket.close()
            _zygote_loop(theirs)
        theirs.close()

    def spawn(self, kind: str, fds: list[int]) -> int:
        """A new process of `kind` ('notebook' or 'standin') holding `fds`; returns its pid. The process
        is an orphan adopted by this one, so that this process can wait for it and learn how it ended."""
        socket.send_fds(self.socket, [kind.encode()], fds)
        self.socket.settimeout(30)
        reply = self.socket.recv(32)
        if not reply:
            raise RuntimeError("the zygote is gone")
        return int(reply)

    def alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False


def _zygote_loop(sock: socket.socket) -> None:
    from autograder.inside import notebook, standin

    targets = {b"notebook": notebook.main, b"standin": standin.main}
    try:
        while True:
            message, fds, _, _ = socket.recv_fds(sock, 64, 4)
            if not message:
                break
            report_r, report_w = os.pipe()
            middle = os.fork()
            if middle == 0:
                # Forked twice: the process that runs the job is orphaned at once and adopted by the
                # runner (pid 1, or a subreaper outside bubblewrap), which can then wait for it.
                os.close(report_r)
                sock.close()
                pid = os.fork()
                if pid == 0:
                    os.close(report_w)
                    targets[message](*fds)  # never returns
                os.write(report_w, b"%d" % pid)
                os._exit(0)
            os.close(report_w)
            for fd in fds:
                os.close(fd)
            grandchild = os.read(report_r, 32)
            os.close(report_r)
            os.waitpid(middle, 0)
            sock.sendall(grandchild)
    finally:
        os._exit(0)


# --- one job ---------------------------------------------------------------------------------------------

class JobChannel:
    """One end of a pipe pair with a process of the job: frames in, bytes out, never blocking."""

    def __init__(self, read_fd: int, write_fd: int, limit: int):
        self.read_fd, self.write_fd = read_fd, write_fd
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        self.frames = FrameBuffer(limit)
        self.pending = bytearray()
        self.received = 0
        self.closed = False

    def send(self, message: dict) -> None:
        self.pending += frame_bytes(message)

    def flush(self) -> None:
        if self.pending and not self.closed:
            try:
                written = os.write(self.write_fd, self.pending)
                del self.pending[:written]
            except BlockingIOError:
                pass
            except (BrokenPipeError, OSError):
                self.pending.clear()

    def receive(self) -> list[dict]:
        try:
            chunk = os.read(self.read_fd, 1 << 16)
        except BlockingIOError:
            return []
        except OSError:
            chunk = b""
        if not chunk:
            self.closed = True
            return []
        self.received += len(chunk)
        return self.frames.feed(chunk)

    def close(self) -> None:
        for fd in (self.read_fd, self.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass


class KeptAnswers:
    """The reference's answers to stand-in calls, by (reference, function, arguments), kept from one job to the
    next: the reference is a pure function of its arguments, so an answer kept is the answer it would give again.
    Only values are kept, never an error: an error may come from the moment (the stand-in's limits, while the
    student's process held the memory) and is asked again. Kept in the runner, which no job can read or write,
    not in the zygote: no process that runs a student's code holds them. Bounded in bytes, the oldest used
    dropped first."""

    def __init__(self, limit_bytes: int):
        self.limit_bytes, self.held = limit_bytes, 0
        self._answers: OrderedDict[bytes, dict] = OrderedDict()

    @staticmethod
    def key(reference: bytes, name: str, args: str) -> bytes:
        return hashlib.sha256(b"\0".join([reference, name.encode(), args.encode("utf-8", "surrogatepass")])).digest()

    def get(self, key: bytes) -> dict | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: bytes, answer: dict) -> None:
        value = answer.get("value")
        if set(answer) != {"value"} or not isinstance(value, str) or len(value) > self.limit_bytes // 4 \
                or key in self._answers:
            return
        self._answers[key] = answer
        self.held += len(value)
        while self.held > self.limit_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.held -= len(dropped["value"])


# 64 MB: 05's training run on the data set is 0.2 MB of answer, and a second's work per student.
KEPT = KeptAnswers(64 << 20)


def _open_channel(zygote: Zygote, kind: str, limit: int) -> tuple[int, JobChannel]:
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    pid = zygote.spawn(kind, [to_child_r, from_child_w])
    os.close(to_child_r)
    os.close(from_child_w)
    return pid, JobChannel(from_child_r, to_child_w, limit)


class JobRun:
    """The runner's side of one job: relays, rules and limits."""

    def __init__(self, job_wire: dict, zygote: Zygote):
        self.job = Job.from_wire(job_wire)
        self.started = time.monotonic()
        self.deadline = self.started + self.job.limits.wall_seconds
        self.budget = self.job.limits.output_kb * 1024 * 4 + RESULTS_BYTES + (1 << 20)
        self.cells: dict[str, dict] = {}
        self.results: dict[str, str] = {}
        self.oversized: dict[str, int] = {}
        self.undefined: list[str] = []
        self.results_bytes = 0
        self.ending = "finished"
        self.fatal: str | None = None
        self.checks_of: dict[str, set[str]] = {}
        for call in self.job.calls:
            self.checks_of.setdefault(call.function, set()).add(call.grade_id)
        self.stand_in_names = {name for call in self.job.calls for name in call.stand_ins}
        self.waiting_for_stand_in = 0
        self.zygote = zygote
        self.notebook_pid, self.notebook = _open_channel(zygote, "notebook", self.budget)
        self.notebook.send({"job": {**job_wire, "reference": []}})  # the reference never enters the notebook
        self.standin_pid, self.standin = None, None
        self.reference = b""  # the digest of the reference's code: part of the kept answers' keys
        self.asked: list[bytes] = []  # the kept answers' keys of the calls the stand-in has not answered yet
        if self.job.reference and self.stand_in_names:
            self.reference = hashlib.sha256("\0".join(self.job.reference).encode("utf-8", "surrogatepass")).digest()
            self.standin_pid, self.standin = _open_channel(zygote, "standin", 1 << 30)
            self.standin.send({"reference": list(self.job.reference), "limits": job_wire["limits"]})

    # The notebook's messages ---------------------------------------------------------------------------

    def on_notebook(self, frame: dict) -> None:
        if isinstance(frame.get("cell"), dict):
            cell = frame["cell"]
            self.cells[str(cell.get("index"))] = cell
        elif "results" in frame:
            grade_id, text = str(frame["results"]), frame.get("text")
            if grade_id in self.results or grade_id in self.oversized or grade_id in self.undefined:
                return  # only the first results of a check count
            if frame.get("undefined") is True:
                self.undefined.append(grade_id)
                return
            size = len(text) if isinstance(text, str) else frame.get("oversized")
            if not isinstance(size, int):
                return
            if isinstance(text, str) and self.results_bytes + size <= RESULTS_BYTES:
                self.results[grade_id] = text
                self.results_bytes += size
            else:
                self.oversized[grade_id] = size
        elif "call" in frame:
            self.on_call(str(frame["call"]), frame.get("args"))
        elif "fatal" in frame:
            self.fatal = str(frame["fatal"])[-4000:]

    def on_call(self, name: str, args) -> None:
        own_checks = self.checks_of.get(name, set())
        if name not in self.stand_in_names or self.standin is None or not isinstance(args, str):
            self.notebook.send({"reply": {"refused": f"there is no stand-in for `{name}`"}})
        elif not own_checks <= set(self.results) | set(self.oversized) | set(self.undefined):
            # Its own results are not in yet: the reference must not be able to supply them.
            self.notebook.send({"reply": {"refused": f"`{name}` has not been checked yet"}})
        else:
            key = KeptAnswers.key(self.reference, name, args)
            kept = KEPT.get(key)
            if kept is not None:
                self.notebook.send({"reply": kept})
                return
            self.waiting_for_stand_in += 1
            self.asked.append(key)
            self.standin.send({"call": name, "args": args})

    def on_standin(self, frame: dict) -> None:
        if self.waiting_for_stand_in:
            self.waiting_for_stand_in -= 1
            KEPT.put(self.asked.pop(0), frame)
            self.notebook.send({"reply": frame})

    # The loop ------------------------------------------------------------------------------------------

    def run(self) -> dict:
        channels = [c for c in (self.notebook, self.standin) if c is not None]
        while not self.notebook.closed:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self.ending = "timeout"
                break
            readers = [c.read_fd for c in channels if not c.closed]
            writers = [c.write_fd for c in channels if c.pending and not c.closed]
            readable, writable, _ = select.select(readers, writers, [], remaining)
            for channel in channels:
                if channel.write_fd in writable:
                    channel.flush()
            try:
                for frame in (self.notebook.receive() if self.notebook.read_fd in readable else []):
                    self.on_notebook(frame)
                if self.standin is not None and self.standin.read_fd in readable:
                    for frame in self.standin.receive():
                        self.on_standin(frame)
                    if self.standin.closed and self.waiting_for_stand_in:
                        self.waiting_for_stand_in = 0
                        self.asked.clear()
                        self.notebook.send({"reply": {"error": "the reference stand-in stopped",
                                                      "type": "RuntimeError"}})
            except ProtocolError:
                break  # the notebook's process broke its own channel: what it sent so far counts
            if self.notebook.received > self.budget:
                self.ending = "output"
                break
        return self.finish()

    def finish(self) -> dict:
        for channel in (self.notebook, self.standin):
            if channel is not None:
                channel.close()
        pids = [p for p in (self.notebook_pid, self.standin_pid) if p]
        for pid in pids:
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        status = 0
        try:
            _, status = os.waitpid(self.notebook_pid, 0)
        except ChildProcessError:
            pass
        if SANDBOXED:
            sweep({os.getpid(), self.zygote.pid})  # also what escaped the process groups
            try:
                os.kill(self.zygote.pid, signal.SIGCONT)  # in case the job stopped it
            except ProcessLookupError:
                pass
        reap_all()
        signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        if self.ending == "finished" and len(self.cells) < len(self.job.cells):
            self.ending = "crashed"
        wipe_writable()
        return {"ending": self.ending, "signal": signal_number, "fatal": self.fatal, "cells": self.cells,
                "results": self.results, "oversized": self.oversized, "undefined": self.undefined,
                "seconds": round(time.monotonic() - self.started, 3)}


def sweep(keep: set[int]) -> None:
    """Kill every process of this sandbox's pid namespace except `keep`: nothing outlives its job."""
    for _ in range(3):
        others = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]
        if not others:
            return
        for pid in others:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.01)


def reap_all() -> None:
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                return
        except ChildProcessError:
            return


def prepare_scratch() -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    for sub in ("work", "home"):
        (SCRATCH / sub).mkdir(parents=True)
        os.chmod(SCRATCH / sub, 0o777)


def wipe_writable() -> None:
    """Whatever a job wrote anywhere it could write is gone before the next job starts."""
    if not SANDBOXED:
        shutil.rmtree(SCRATCH, ignore_errors=True)
        return
    # In the sandbox / and /dev are read-only; /tmp and /dev/shm are the only writable places, except the
    # read-only mounts in /tmp that hold Python or the package.
    for place in (Path("/tmp"), Path("/dev/shm")):
        for entry in place.iterdir() if place.is_dir() else []:
            if str(entry) in KEEP:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def main() -> None:
    prctl(PR_SET_DUMPABLE, 0)
    if not SANDBOXED:
        prctl(PR_SET_CHILD_SUBREAPER, 1)  # the double-forked job processes come back to this one
    job_fd, answer_fd = int(sys.argv[1]), int(sys.argv[2])
    jobs, answers = os.fdopen(job_fd, "rb"), os.fdopen(answer_fd, "wb")
    sys.stdout = sys.stderr
    preload()
    # Everything loaded so far is shared with each forked process until written to; frozen, their
    # garbage collectors never walk it, which would write to (and so copy) every page of it.
    gc.freeze()
    zygote = Zygote()
    write_frame(answers, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            message = read_frame(jobs)
        except (ProtocolError, ValueError):
            break
        if message is None:
            break
        if not zygote.alive():
            break  # a job killed the zygote: the grader starts a fresh sandbox
        prepare_scratch()
        try:
            answer = JobRun(message["job"], zygote).run()
        except Exception as err:  # the runner itself failed on this job: the grader hears why
            answer = {"ending": "crashed", "fatal": f"the sandbox's runner failed: {type(err).__name__}: {err}",
                      "cells": {}, "results": {}, "signal": None, "seconds": 0.0}
            wipe_writable()
        # A job that killed the zygote leaves nothing clean to fork from: this runner takes no more jobs.
        answer["spent"] = not zygote.alive()
        write_frame(answers, answer)
        if answer["spent"]:
            break
    # Nothing is left to keep (answers are written whole, frame by frame): end at once rather than tear down the
    # interpreter and everything preloaded, which the grader would wait for (60 ms of every pool's close).
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
