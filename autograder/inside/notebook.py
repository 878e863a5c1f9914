"""One submission, in a fresh process forked by the zygote: its code cells, then its hidden calls.

The cells run in an IPython shell, as in a Jupyter kernel; each cell's outputs go back to the runner as
one frame. Right after a test cell, the grader's hidden cases for that cell are called with the
student's function, whatever the cell's own checks said, and the results go back as plain data. While a
function is called on hidden inputs, every other graded function of the assignment is replaced by a
stand-in that asks the reference solution (in another process) for its answer, so that a mistake in
one function does not also cost the functions that call it.

Everything here is the student's process: the student's code can change any of it. The grader only
takes data from it, checks that data where it arrives, and judges it outside.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import json
import os
import resource
import signal
import sys
from pathlib import Path

import numpy as np

from autograder import checks, plaindata
from autograder.protocol import RESULTS_BYTES, HiddenCall, Job, ProtocolError, read_frame, write_frame

PR_SET_DUMPABLE = 4


class CellOutputs:
    """Outputs of the running cell, in nbformat's shape, within a budget of bytes for the whole job."""

    def __init__(self, budget: int):
        self.reset(budget)

    def reset(self, budget: int) -> None:
        self.budget = budget
        self.outputs: list[dict] = []
        self.errors: list[dict] = []
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

    def error(self, error: BaseException, traceback: list[str]) -> None:
        self._spend(sum(map(len, traceback)))
        self.outputs.append({"output_type": "error", "ename": type(error).__name__, "evalue": str(error)[:2000],
                             "traceback": traceback[-40:]})
        errno = getattr(error, "errno", None)
        self.errors.append({"ename": type(error).__name__, "errno": errno if isinstance(errno, int) else None})


class Stream:
    """sys.stdout / sys.stderr for the student's code."""

    def __init__(self, sink: CellOutputs, name: str):
        self.sink, self.name = sink, name

    def write(self, text) -> int:
        text = str(text)
        self.sink.stream(self.name, text)
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
            sink.error(evalue, list(stb))

        def enable_gui(self, gui=None):
            pass  # figures are captured as images, as in a notebook; there is no GUI loop

    shell = Shell.instance(display_pub_class=Publisher, displayhook_class=ResultHook, colors="nocolor")
    if shell.history_manager is not None:  # always made by InteractiveShell; typed as optional
        shell.history_manager.enabled = False
    # As in a Jupyter kernel: figures left open at the end of a cell are shown as images.
    shell.enable_matplotlib("inline")
    return shell


# Made once, before the zygote forks (see prepare_shell): every notebook process starts with a fresh
# copy of this shell instead of building one (a tenth of a second per submission).
SINK = CellOutputs(0)
SHELL = None


def prepare_shell() -> None:
    global SHELL
    SHELL = make_shell(SINK)


def set_limits(limits) -> None:
    mb = 1 << 20
    vm_now = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    # The address space already mapped by the preloaded libraries does not count against the student.
    address_space = vm_now + limits.memory_mb * mb
    for name, value in ((resource.RLIMIT_AS, address_space), (resource.RLIMIT_FSIZE, limits.disk_mb * mb),
                        (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NPROC, limits.processes)):
        resource.setrlimit(name, (value, value))
    # SIGXCPU at the limit, which the grader reads as "used more than N s of CPU"; SIGKILL a second later for a
    # process that ignores it. (With both limits equal, Linux sends only the SIGKILL, which reads as a crash.)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))


def detach(keep: tuple[int, ...]) -> None:
    """A process group of its own, default signals, and no descriptor but `keep` (and /dev/null)."""
    os.setsid()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGPIPE, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 4096)


# --- the hidden calls ------------------------------------------------------------------------------------

class StandIn:
    """Stands for a graded function while another one is judged: asks the reference for the answer.

    The runner refuses when the function's own checks have not delivered their results yet; then the
    student's own function (if there is one) is called instead.
    """

    def __init__(self, name: str, own, channel: RunnerChannel, data_arrays: dict):
        self.__name__ = name
        self.own, self.channel, self.data_arrays = own, channel, data_arrays

    def __call__(self, *args, **kwargs):
        # Keywords go by the student's own names: where the student's own function takes each one by position
        # lets the reference place them (checks.call_with), so consistent renaming costs nothing.
        where = checks.positions(self.own) if self.own is not None and kwargs else None
        request = plaindata.dumps([[self._by_reference(a) for a in args],
                                   {k: self._by_reference(v) for k, v in kwargs.items()}, where or {}])
        reply = self.channel.ask({"call": self.__name__, "args": request})
        if "refused" in reply:
            if self.own is None:
                raise NameError(f"name '{self.__name__}' is not defined")
            return self.own(*args, **kwargs)
        if "error" in reply:
            kind = getattr(builtins, str(reply.get("type")), None)
            if not (isinstance(kind, type) and issubclass(kind, Exception)):
                kind = RuntimeError
            raise kind(str(reply["error"]))
        return plaindata.loads(reply["value"], resolve_data)

    def _by_reference(self, value):
        """An unchanged data-set array goes by name: both sides have it (20 MB need not travel)."""
        if type(value) is np.ndarray and id(value) in self.data_arrays:
            name, pristine = self.data_arrays[id(value)]
            if value.dtype == pristine.dtype and value.shape == pristine.shape and np.array_equal(value, pristine):
                return plaindata.Data(name)
        return value


def resolve_data(name: str) -> np.ndarray:
    from autograder import dataset

    # A copy each time: a function that scales X in place must not change the next call's input.
    return dataset.flattened_and_scaled(shared=True)[name].copy()


def call_on_cases(function, call: HiddenCall, stand_ins: dict):
    """Run `function` on every case of `call`, yielding each outcome as plain-data text: {"value": ...} or
    {"error": "..."}, with under "changed" the arguments of `call.unchanged` the call changed in place.
    Each outcome is encoded at once, so that no more than one result is held at a time."""
    from autograder import dataset

    signature = checks.Signature(call.parameters, call.keywords)
    for case in json.loads(call.cases)["__list__"]:
        made: dict[int, tuple[str, np.ndarray]] = {}

        def resolve(name: str) -> np.ndarray:
            array = resolve_data(name)
            # Bound late on purpose: resolve is called only by this iteration's decode, while `made` is this case's.
            made[id(array)] = (name, dataset.flattened_and_scaled(shared=True)[name])  # noqa: B023
            return array

        kwargs = plaindata.decode(case, resolve)
        for stand_in in stand_ins.values():
            stand_in.data_arrays = made
        before = {name: plaindata.dumps(kwargs[name]) for name in call.unchanged if name in kwargs}
        try:
            outcome = {"value": signature.call(function, kwargs)}
        except Exception as err:  # the student's error is a result to judge, not a crash of the run
            outcome = {"error": f"{type(err).__name__}: {err}"}
        changed = [name for name, text in before.items() if plaindata.dumps(kwargs[name]) != text]
        if changed:
            outcome["changed"] = changed
        del kwargs
        try:
            yield plaindata.dumps(outcome)
        except MemoryError:
            yield plaindata.dumps({"error": "MemoryError: the result was too large to send to the grader"})


def hidden_results(call: HiddenCall, namespace: dict, channel: RunnerChannel) -> tuple[str | None, int]:
    """The results of one test cell's hidden cases as plain-data text, and its size; the text is None when
    the results grew past what the grader takes (RESULTS_BYTES), and then the size says how far."""
    function = namespace.get(call.function)
    stand_ins = {name: StandIn(name, namespace.get(name), channel, {}) for name in call.stand_ins}
    parts, size = [], 0
    with standing_in(namespace, stand_ins):
        for part in call_on_cases(function, call, stand_ins):
            size += len(part) + 1
            if size > RESULTS_BYTES:
                return None, size
            parts.append(part)
    text = '{"__list__": [' + ",".join(parts) + "]}"
    return text, len(text)


@contextlib.contextmanager
def standing_in(namespace: dict, stand_ins: dict):
    """The stand-ins in `namespace` for the time of the block; then the student's own functions again."""
    missing = object()
    saved = {name: namespace.get(name, missing) for name in stand_ins}
    namespace.update(stand_ins)
    try:
        yield
    finally:
        for name, own in saved.items():
            if own is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = own


def unparsed(error, source: str) -> dict | None:
    """What the grader needs to know of a cell that did not compile (None when it did)."""
    if not isinstance(error, SyntaxError):
        return None
    line = error.lineno if isinstance(error.lineno, int) else None
    if line is not None:  # IPython drops a cell's leading blank lines before compiling it
        lines = source.splitlines()
        line += next((i for i, text in enumerate(lines) if text.strip()), 0)
    return {"ename": type(error).__name__, "line": line, "message": str(error.msg)[:300]}


class RunnerChannel:
    """This process's frames to the runner, and the runner's replies."""

    def __init__(self, read_fd: int, write_fd: int):
        self.incoming = os.fdopen(read_fd, "rb")
        self.outgoing = os.fdopen(write_fd, "wb")

    def send(self, message: dict) -> None:
        write_frame(self.outgoing, message)

    def ask(self, message: dict) -> dict:
        self.send(message)
        reply = read_frame(self.incoming)
        if reply is None or not isinstance(reply.get("reply"), dict):
            return {"error": "the runner did not answer", "type": "RuntimeError"}
        return reply["reply"]


def main(read_fd: int, write_fd: int) -> None:
    """The notebook process (forked by the zygote). Never returns."""
    try:
        detach((read_fd, write_fd))
        ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # an ordinary process of the student's
        channel = RunnerChannel(read_fd, write_fd)
        first = read_frame(channel.incoming)
        if first is None:
            raise ProtocolError("the runner closed the channel before sending the job")
        job = Job.from_wire(first["job"])
        scratch = Path(os.environ.get("AUTOGRADER_SCRATCH") or "/tmp/job")
        os.environ.update(job.env, HOME=str(scratch / "home"))
        os.chdir(scratch / "work")
        sys.path.insert(0, str(scratch / "work"))
        set_limits(job.limits)
        sink = SINK
        sink.reset(job.limits.output_kb * 1024)
        sys.stdout, sys.stderr = Stream(sink, "stdout"), Stream(sink, "stderr")
        try:
            shell = SHELL or make_shell(sink)
        except Exception:
            import traceback
            channel.send({"fatal": traceback.format_exc()})
            raise
        after = {call.after: call for call in job.calls}
        for count, cell in enumerate(job.cells, start=1):
            sink.outputs, sink.errors = [], []
            shell.execution_count = count
            ran = shell.run_cell(cell.source, store_history=True)
            channel.send({"cell": {"index": cell.index, "execution_count": count, "outputs": sink.outputs,
                                   "errors": sink.errors, "truncated": sink.truncated,
                                   "unparsed": unparsed(ran.error_before_exec, cell.source)}})
            call = after.get(cell.index)
            if call is not None and not callable(shell.user_ns.get(call.function)):
                channel.send({"results": call.grade_id, "undefined": True})
            elif call is not None:  # the test cell ran: now its hidden cases, whatever its own checks said
                try:
                    text, size = hidden_results(call, shell.user_ns, channel)
                except Exception as err:  # the student's code broke this module's own functions
                    text = plaindata.dumps([{"error": f"the hidden cases could not be run ({type(err).__name__})"}])
                    size = len(text)
                sink.outputs, sink.errors = [], []  # what the function printed on hidden inputs is not shown
                if text is None:  # the runner would not take it: say so instead
                    channel.send({"results": call.grade_id, "oversized": size})
                else:
                    channel.send({"results": call.grade_id, "text": text})
    finally:
        os._exit(0)
