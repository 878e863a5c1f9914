"""Pools on fake workers and a fake executor: each job goes to a free sandbox and comes back as its answer, a lost
sandbox's job as None with the sandbox kept for the next, a thread's warm sandbox kept until other limits need
another, and a distributed executor given the job to run in its own warm sandbox. The sandboxes themselves are
tested in tests/test_sandbox.py."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future

import pytest

from autograder.pool import ExecutorPool, LocalPool, run_here
from autograder.protocol import Answer, Job, Limits
from autograder.sandbox import WorkerLost

LIMITS = Limits(wall_seconds=30, cpu_seconds=60, memory_mb=1536, processes=32, disk_mb=64, output_kb=256)
OTHER_LIMITS = Limits(wall_seconds=10, cpu_seconds=60, memory_mb=1536, processes=32, disk_mb=64, output_kb=256)
LOSE = "lose"  # a job whose sandbox stops answering


def job(limits: Limits = LIMITS, name: str = "") -> Job:
    return Job(cells=(), calls=(), limits=limits, env={"NAME": name}, reference=())


class FakeLauncher:
    def __init__(self, sandboxed, data_dir, limits):
        self.sandboxed, self.data_dir, self.limits = sandboxed, data_dir, limits
        self.limiter = "the machine's limiter"


class FakeWorker:
    """A warm sandbox that answers each job with the job's name in `fatal`, or is lost on the job named LOSE."""

    started: list[FakeWorker] = []

    def __init__(self, launcher):
        self.launcher, self.jobs, self.stopped = launcher, [], False
        FakeWorker.started.append(self)

    def run(self, job: Job) -> Answer:
        self.jobs.append(job.env["NAME"])
        if job.env["NAME"] == LOSE:
            raise WorkerLost("the sandbox stopped answering")
        return Answer("finished", fatal=job.env["NAME"])

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture
def fake_sandboxes(monkeypatch):
    """Worker and launcher replaced where the pools and run_here find them, wherever those live."""
    FakeWorker.started = []
    for function in (LocalPool.__init__, run_here):
        monkeypatch.setitem(function.__globals__, "Worker", FakeWorker)
        monkeypatch.setitem(function.__globals__, "launcher", FakeLauncher)
    return FakeWorker.started


def test_a_local_pool_starts_its_sandboxes_up_front_and_answers_each_job(fake_sandboxes, tmp_path):
    pool = LocalPool(2, LIMITS, tmp_path, sandboxed=True)
    assert [(w.launcher.sandboxed, w.launcher.data_dir, w.launcher.limits) for w in fake_sandboxes] == \
        [(True, tmp_path, LIMITS)] * 2
    assert pool.limiter == "the machine's limiter"
    answers = [pool.submit(job(name=f"s{i}"), key=f"s{i}").result(timeout=10) for i in range(5)]
    assert [answer.fatal for answer in answers] == [f"s{i}" for i in range(5)]
    assert sorted(name for worker in fake_sandboxes for name in worker.jobs) == [f"s{i}" for i in range(5)]
    pool.close()
    assert [worker.stopped for worker in fake_sandboxes] == [True, True]


def test_a_lost_sandbox_answers_none_and_serves_the_next_job(fake_sandboxes):
    pool = LocalPool(1, LIMITS, None, sandboxed=False)
    assert pool.submit(job(name=LOSE)).result(timeout=10) is None
    assert pool.submit(job(name="next")).result(timeout=10).fatal == "next"
    assert [worker.jobs for worker in fake_sandboxes] == [[LOSE, "next"]]
    pool.close()


def in_a_thread(*jobs: Job) -> list:
    """run_here on each job in turn, in one new thread (each thread keeps its own warm sandbox)."""
    answers: list = []
    thread = threading.Thread(target=lambda: answers.extend(run_here(j, False) for j in jobs))
    thread.start()
    thread.join(timeout=10)
    return answers


def test_a_thread_keeps_its_warm_sandbox_until_other_limits_need_another(fake_sandboxes):
    answers = in_a_thread(job(name="a"), job(name="b"), job(OTHER_LIMITS, "c"), job(OTHER_LIMITS, LOSE))
    assert [answer and answer.fatal for answer in answers] == ["a", "b", "c", None]
    assert [(worker.launcher.limits, worker.jobs, worker.stopped) for worker in fake_sandboxes] == \
        [(LIMITS, ["a", "b"], True), (OTHER_LIMITS, ["c", LOSE], False)]
    in_a_thread(job(name="d"))
    assert len(fake_sandboxes) == 3  # another thread, its own sandbox


class RecordingExecutor(Executor):
    def __init__(self):
        self.calls = []

    def submit(self, fn, /, *args, **kwargs):
        self.calls.append((fn, args, kwargs))
        future: Future = Future()
        future.set_result("ran")
        return future


def test_an_executor_pool_sends_the_job_to_run_in_the_workers_warm_sandbox():
    executor = RecordingExecutor()
    pool = ExecutorPool(executor, size=8, sandboxed=True)
    sent = job(name="s")
    assert pool.submit(sent, key="alice").result() == "ran"
    assert executor.calls == [(run_here, (sent, True), {})]
    pool.close()  # the executor is the caller's: it is left running
    assert (pool.size, pool.limiter, executor.submit(print).result()) == (8, None, "ran")


def test_sandboxes_booted_before_the_pool_are_taken_over_and_stopped_with_it(fake_sandboxes):
    booted = [FakeWorker(FakeLauncher(True, None, LIMITS)) for _ in range(2)]
    pool = LocalPool(5, LIMITS, None, sandboxed=True, booted=booted)
    assert (booted, pool.size, len(fake_sandboxes)) == ([], 2, 2)  # none started besides; the list is the pool's now
    assert pool.submit(job(name="s")).result(timeout=10).fatal == "s"
    pool.close()
    assert [worker.stopped for worker in fake_sandboxes] == [True, True]


def test_a_scheduler_address_that_refuses_connections_is_said_at_once_and_others_are_left_to_the_client():
    """Nothing listens on a closed port: dask_client says so without the client's 15 s of tries. A port that
    accepts, and an address that is not tcp://, are the client's to try."""
    import socket

    from autograder.pool import _refused

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # a port of our own that nobody listens on
        port = closed.getsockname()[1]
        assert _refused(f"tcp://127.0.0.1:{port}") == f"connection refused: nothing listens on port {port} of 127.0.0.1"
    with socket.create_server(("127.0.0.1", 0)) as listening:
        assert _refused(f"tcp://127.0.0.1:{listening.getsockname()[1]}") is None
    assert _refused("inproc://10.0.0.5/1/2") is None
