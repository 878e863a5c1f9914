"""Where submissions run: warm sandboxes on this machine, or the workers of a distributed engine.

A pool takes a job (the code cells of one sanitized submission and the inputs of its hidden checks, all
plain data) and returns a future of the sandbox's answer, or of None when the sandbox was lost. The
grader keeps everything else — reading, sanitizing, judging, the gradebook — in its own process, so a
remote worker needs only the `autograder` package, bubblewrap and the data set, never the course.

* `LocalPool`: `size` sandboxes started up front, each used by one thread at a time.
* `ExecutorPool`: any `concurrent.futures.Executor`, for example a Dask cluster's
  (`distributed.Client(address).get_executor()`); each of its worker threads keeps its own warm sandbox.
* `run_here`: a job in this thread's warm sandbox (an ExecutorPool's workers, and `nbgrader autograde`, which
  runs SandboxedExecute without a pool).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

from . import dataset
from .protocol import Answer, Job, Limits
from .sandbox import Worker, WorkerLost, launcher

_local = threading.local()


def run_here(job: Job, sandboxed: bool) -> Answer | None:
    """Run `job` in this thread's warm sandbox (started on first use, kept for the next submission)."""
    key = (job.limits, sandboxed)
    kept_key, worker = getattr(_local, "sandbox", (None, None))
    if kept_key != key:  # another assignment's limits: its sandbox is not needed any more
        if worker is not None:
            worker.stop()
        worker = Worker(launcher(sandboxed, dataset.data_dir(), job.limits))
        _local.sandbox = (key, worker)
    assert worker is not None  # kept beside its key, or made just now
    try:
        return worker.run(job)
    except WorkerLost:
        return None


class LocalPool:
    def __init__(self, size: int, limits: Limits, data_dir: Path | None, sandboxed: bool,
                 booted: list[Worker] | None = None):
        # Started from this (the main) thread, which outlives them: bubblewrap's --die-with-parent
        # follows the thread that started the sandbox. They boot while the grader reads the first
        # submissions and loads the reference; each is waited for on its first job. `booted`: sandboxes the
        # caller started even earlier (the command line, before importing nbgrader), taken over (the list is
        # emptied: stopping them is the pool's from now on).
        started = list(booted or ()) or [Worker(launcher(sandboxed, data_dir, limits)) for _ in range(size)]
        if booted:
            booted.clear()
        self.size = len(started)
        self.workers: queue.Queue[Worker] = queue.Queue()
        for worker in started:
            self.workers.put(worker)
        self.limiter = started[0].launcher.limiter if started else None
        self.threads = ThreadPoolExecutor(size)

    def submit(self, job: Job, key: str | None = None) -> Future:
        """The sandbox's answer to `job` (`key`: whose submission it is, for pools that keep answers)."""
        return self.threads.submit(self._run, job)

    def _run(self, job: Job) -> Answer | None:
        worker = self.workers.get()
        try:
            return worker.run(job)
        except WorkerLost:
            return None  # the worker has restarted itself for the next job
        finally:
            self.workers.put(worker)

    def close(self) -> None:
        self.threads.shutdown(wait=True)
        while not self.workers.empty():
            self.workers.get().stop()


class ExecutorPool:
    def __init__(self, executor: Executor, size: int, sandboxed: bool):
        self.executor, self.size, self.sandboxed = executor, size, sandboxed
        self.limiter = None  # the workers' own hosts decide; each worker's sandboxes say so in their logs

    def submit(self, job: Job, key: str | None = None) -> Future:
        return self.executor.submit(run_here, job, self.sandboxed)

    def close(self) -> None:
        pass  # the executor belongs to the caller, who may grade more with it


class DistributedUnavailable(RuntimeError):
    """The distributed engine named on the command line cannot be used."""


def dask_client(address: str):
    """A client of the Dask scheduler at `address` (e.g. tcp://10.0.0.5:8786)."""
    try:
        from distributed import Client
    except ImportError:
        raise DistributedUnavailable("Dask is not installed here: `pip install -r requirements.txt`") from None
    try:
        refused = _refused(address)
        if refused:
            raise ConnectionRefusedError(refused)
        return Client(address, timeout="15s")
    except (OSError, TimeoutError, ValueError) as err:
        raise DistributedUnavailable(f"cannot reach the Dask scheduler at {address} ({err}); start one with "
                                     "`dask scheduler` and workers with `dask worker ADDRESS` on machines "
                                     "that have this project installed, bubblewrap and the data set") from None


def _refused(address: str) -> str | None:
    """Why a tcp:// scheduler address refuses connections, if it does. Dask's client tries again and again until
    its timeout, which serves a scheduler that is still starting on a slow network; a host that answers that
    nothing listens on the port (a wrong port, a scheduler that is not running) is said at once instead. Anything
    else (no answer, another protocol) is left to the client's own wait."""
    import socket

    from distributed.comm import parse_address
    from distributed.comm.addressing import get_address_host_port

    if parse_address(address)[0] != "tcp":
        return None
    try:
        host, port = get_address_host_port(address)
        socket.create_connection((host, port), timeout=5).close()
    except ConnectionRefusedError:
        return f"connection refused: nothing listens on port {port} of {host}"
    except (OSError, ValueError):
        return None
    return None
