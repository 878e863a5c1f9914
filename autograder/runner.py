"""The notebook runner that lives inside the sandbox (`python -m autograder.runner`).

It is a fork server: it imports numpy, matplotlib, h5py and IPython and loads the data set once, then
forks a fresh child for each submission, so no submission pays for an interpreter or a kernel start.
The child runs the notebook's code cells in an IPython shell and streams each cell's outputs back; the
server enforces the wall-time limit, kills everything the child left behind, wipes the scratch space,
and answers the grader with one message per job.

Nothing here is trusted: a student's code runs in the child and can do anything the sandbox allows,
including to this module. The grader only takes data from it; points are decided outside (hidden.py).

Messages on stdin/stdout are frames: a 10-digit length, a newline, then that many bytes of JSON.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import resource
import shutil
import signal
import sys
import time
from pathlib import Path

# Inside bubblewrap the runner has a pid namespace and a /tmp of its own, and cleans both between jobs.
# A trusted run (--no-sandbox) shares the machine's: there it cleans only its own scratch folder and its
# job's process group, never anything else on the machine.
SANDBOXED = os.environ.get("AUTOGRADER_SANDBOXED") == "1"
SCRATCH = Path(os.environ.get("AUTOGRADER_SCRATCH") or "/tmp/job")
PR_SET_DUMPABLE = 4


def read_frame(stream) -> dict | None:
    header = stream.readline()
    if not header:
        return None
    return json.loads(stream.read(int(header)))


def write_frame(stream, message: dict) -> None:
    body = json.dumps(message).encode()
    stream.write(b"%010d\n" % len(body) + body)
    stream.flush()


# --- the child: one submission ------------------------------------------------------------------

class CellOutputs:
    """Outputs of the running cell, in nbformat's shape, within a budget of bytes for the whole job."""

    def __init__(self, budget: int):
        self.budget = budget
        self.outputs: list[dict] = []
        self.truncated = False

    def _spend(self, size: int) -> bool:
        if size > self.budget:
            if not self.truncated:
                self.truncated = True
                self.outputs.append({"output_type": "stream", "name": "stdout",
                                     "text": "\n[output truncated: this notebook printed more than the limit]\n"})
            return False
        self.budget -= size
        return True

    def stream(self, name: str, text: str) -> None:
        if not text or not self._spend(len(text)):
            return
        if self.outputs and self.outputs[-1].get("output_type") == "stream" and self.outputs[-1]["name"] == name:
            self.outputs[-1]["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def rich(self, output_type: str, data: dict, metadata: dict, **extra) -> None:
        if self._spend(sum(len(str(v)) for v in data.values())):
            self.outputs.append({"output_type": output_type, "data": data, "metadata": metadata or {}, **extra})

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self._spend(sum(map(len, traceback)))
        self.outputs.append({"output_type": "error", "ename": ename, "evalue": evalue[:2000],
                             "traceback": traceback[-40:]})


class Stream:
    """sys.stdout / sys.stderr for the student's code."""

    def __init__(self, sink: CellOutputs, name: str):
        self.sink, self.name = sink, name

    def write(self, text) -> int:
        self.sink.stream(self.name, str(text))
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def make_shell(sink: CellOutputs):
    """An IPython shell whose display, results and tracebacks land in `sink` instead of a terminal."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            sink.rich("display_data", data, metadata)

        def clear_output(self, wait=False):
            pass

    class ResultHook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            sink.rich("execute_result", format_dict, md_dict, execution_count=self.prompt_count)

        def finish_displayhook(self):
            pass

    class Shell(InteractiveShell):
        def _showtraceback(self, etype, evalue, stb):
            sink.error(etype.__name__, str(evalue), list(stb))

        def enable_gui(self, gui=None):
            pass  # figures are captured as images, as in a notebook; there is no GUI loop

    shell = Shell.instance(display_pub_class=Publisher, displayhook_class=ResultHook, colors="nocolor")
    shell.history_manager.enabled = False
    # As in a Jupyter kernel: figures left open at the end of a cell are shown as images.
    shell.enable_matplotlib("inline")
    return shell


def set_limits(limits: dict) -> None:
    mb = 1 << 20
    vm_now = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    # The address space already mapped by the preloaded libraries does not count against the student.
    address_space = vm_now + limits["memory_mb"] * mb
    for name, value in ((resource.RLIMIT_AS, address_space), (resource.RLIMIT_CPU, limits["cpu_seconds"]),
                        (resource.RLIMIT_FSIZE, limits["disk_mb"] * mb), (resource.RLIMIT_CORE, 0),
                        (resource.RLIMIT_NPROC, limits["processes"])):
        resource.setrlimit(name, (value, value))


def run_child(job: dict, channel: int) -> None:
    """In the forked child: run the cells and report each one on `channel`. Never returns."""
    try:
        os.setsid()  # a process group of its own: everything the job starts can be killed together
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        # The server's own stdin/stdout must be out of reach of the student's code.
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, channel)
        os.closerange(channel + 1, 1024)
        workdir = SCRATCH / "work"
        os.environ.update(job["env"], AUTOGRADER_JOB_DIR=str(SCRATCH), HOME=str(SCRATCH / "home"))
        os.chdir(workdir)
        sys.path.insert(0, str(workdir))
        set_limits(job["limits"])
        sink = CellOutputs(job["limits"]["output_kb"] * 1024)
        sys.stdout, sys.stderr = Stream(sink, "stdout"), Stream(sink, "stderr")
        with os.fdopen(channel, "wb") as out:
            try:
                shell = make_shell(sink)
            except Exception:
                import traceback
                write_frame(out, {"fatal": traceback.format_exc()})
                raise
            from autograder import hidden

            after = {check["after"]: check for check in job["checks"]}
            for count, cell in enumerate(job["cells"], start=1):
                sink.outputs = []
                shell.execution_count = count
                shell.run_cell(cell["source"], store_history=True)
                write_frame(out, {"index": cell["index"], "execution_count": count, "outputs": sink.outputs})
                check = after.get(cell["index"])
                if check is not None:  # the test cell ran: now its hidden cases, whatever the cell's outcome
                    sink.outputs = []  # what the student's function prints on hidden inputs is not shown
                    text = hidden.results_of(check["function"], check["cases"], shell.user_ns,
                                             tuple(check["unchanged"]))
                    write_frame(out, {"results": check["grade_id"], "text": text})
    finally:
        os._exit(0)


# --- the server: one sandbox, one job at a time -------------------------------------------------

def preload() -> None:
    """Import what every notebook imports, before any fork, so that each child starts warm."""
    import matplotlib

    matplotlib.use("module://matplotlib_inline.backend_inline")
    import h5py  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401
    from IPython.core.interactiveshell import InteractiveShell  # noqa: F401

    from autograder import checks, dataset, hidden, plaindata  # noqa: F401

    if os.environ.get("CATVNONCAT_DIR"):
        dataset.standardized(shared=True)
        dataset.load_catvnoncat()
    # Draw and encode one figure: matplotlib's fonts and caches are then ready in every child.
    import io

    figure = matplotlib.pyplot.figure(figsize=(2, 2))
    figure.add_subplot().plot([0, 1], [1, 0], label="warm-up")
    figure.legend()
    figure.savefig(io.BytesIO(), format="png")
    matplotlib.pyplot.close(figure)


def sweep(keep: set[int]) -> None:
    """Kill every process in this sandbox's pid namespace except `keep`: nothing outlives its job."""
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


def prepare_scratch(job: dict) -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    for sub in ("work", "home"):
        (SCRATCH / sub).mkdir(parents=True)
    for sub in ("work", "home"):
        os.chmod(SCRATCH / sub, 0o777)


def wipe_writable() -> None:
    """Whatever a job wrote anywhere it could write is gone before the next job starts."""
    if not SANDBOXED:
        shutil.rmtree(SCRATCH, ignore_errors=True)
        return
    # Read-only binds of Python and the package may sit under /tmp: leave their mount points alone.
    bound = [p for p in os.environ.get("AUTOGRADER_BOUND", "").split(os.pathsep) if p]
    for place in (Path("/tmp"), Path("/dev/shm")):
        for entry in place.glob("*") if place.is_dir() else []:
            if any(b == str(entry) or b.startswith(f"{entry}/") for b in bound):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def serve_one(job: dict) -> dict:
    started = time.monotonic()
    prepare_scratch(job)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        run_child(job, write_end)
    os.close(write_end)
    deadline = started + job["limits"]["wall_seconds"]
    cells, results, status, buffer, fatal = {}, {}, "ok", b"", None
    results_budget = job["limits"]["results_bytes"]
    budget = job["limits"]["output_kb"] * 1024 * 4 + results_budget + (1 << 20)
    os.set_blocking(read_end, False)
    import select

    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            status = "timeout"
            break
        ready, _, _ = select.select([read_end], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        buffer += chunk
        if len(buffer) > budget:
            status = "output"
            break
        while b"\n" in buffer:
            header, rest = buffer.split(b"\n", 1)
            size = int(header) if header.isdigit() else -1
            if size < 0 or len(rest) < size:
                break
            frame, buffer = rest[:size], rest[size:]
            try:
                report = json.loads(frame)
                if "fatal" in report:
                    fatal = str(report["fatal"])[-2000:]
                elif "results" in report:
                    grade_id, text = str(report["results"]), str(report["text"])
                    results_budget -= len(text)
                    if grade_id not in results and results_budget >= 0:  # the first results of a check count
                        results[grade_id] = text
                else:
                    cells[str(int(report["index"]))] = {"execution_count": int(report["execution_count"]),
                                                        "outputs": report["outputs"]}
            except (ValueError, KeyError, TypeError):
                pass  # a frame the student's code forged or broke: ignored
    os.close(read_end)
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    _, wait_status = os.waitpid(pid, 0)
    if SANDBOXED:
        sweep({os.getpid(), 1})  # also what escaped the process group (setsid, double forks)
    reap_all()
    killed_by = os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None
    if status == "ok" and len(cells) < len(job["cells"]):
        status = "crashed"
    wipe_writable()
    return {"status": status, "signal": killed_by, "fatal": fatal, "cells": cells, "results": results,
            "seconds": round(time.monotonic() - started, 3)}


def main() -> None:
    # Non-dumpable: a student's process, though it runs as the same user, cannot ptrace this server
    # or open its /proc files (and so cannot reach its pipes to the grader).
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    preload()
    # Everything loaded so far is shared with each forked child until written to; frozen, the child's
    # garbage collector never walks it, which would write to (and so copy) every page of it.
    gc.freeze()
    write_frame(channel_out, {"ready": True, "pid": os.getpid()})
    while (job := read_frame(channel_in)) is not None:
        write_frame(channel_out, serve_one(job))


if __name__ == "__main__":
    main()
