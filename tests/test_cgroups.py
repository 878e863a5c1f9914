"""Whole-sandbox limits on the hosts people have: cgroup v2 (a delegated subtree), v1, or a loud warning.

The v1 and v2 cases write into folders laid out as the kernel lays out /sys/fs/cgroup, so what is written
where can be read back; this machine itself mounts cgroup v1 for memory and pids (REFERENCE.md §6), and the
last test uses it for real: a sandbox that allocates past its ceiling is killed, and the grader says why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograder import dataset
from autograder.cgroups import Limiter
from autograder.protocol import CodeCell, Job, Limits
from autograder.sandbox import Bubblewrap, Worker


def v2_tree(root: Path, enabled: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (root / "cgroup.subtree_control").write_text(enabled)
    return root


def as_kernel(folder: Path) -> None:
    """What the kernel puts in a new cgroup v2 folder."""
    for name in ("cgroup.subtree_control", "memory.max", "memory.swap.max", "pids.max", "cgroup.procs"):
        (folder / name).write_text("")
    (folder / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")


def test_cgroup_v2_as_root_makes_a_subtree_and_enables_memory_and_pids(tmp_path):
    root = v2_tree(tmp_path / "cgroup")
    base = root / "autograder"
    base.mkdir()
    as_kernel(base)
    limiter = Limiter(root, environ={}, is_root=True)
    assert (limiter.mode, limiter.base, limiter.warning) == ("v2", base, None)
    assert (root / "cgroup.subtree_control").read_text() == "+memory +pids"
    assert (base / "cgroup.subtree_control").read_text() == "+memory +pids"
    sandbox = base / "one"
    sandbox.mkdir()
    as_kernel(sandbox)
    cgroup = limiter.create("one", memory_mb=512, processes=40)
    assert (sandbox / "memory.max").read_text() == str(512 << 20)
    assert (sandbox / "memory.swap.max").read_text() == "0"
    assert (sandbox / "pids.max").read_text() == "40"
    assert cgroup.oom_kills() == 1


def test_cgroup_v2_without_root_needs_a_delegated_folder(tmp_path):
    root = v2_tree(tmp_path / "cgroup", enabled="memory pids")
    limiter = Limiter(root, environ={}, is_root=False)
    assert limiter.mode is None
    assert "cgroup v2 without a delegated subtree (AUTOGRADER_CGROUP is not set)" in limiter.warning
    assert "only the per-process limits hold" in limiter.warning
    delegated = root / "user.slice" / "grader"
    delegated.mkdir(parents=True)
    as_kernel(delegated)
    (root / "user.slice" / "cgroup.subtree_control").write_text("memory pids")
    limiter = Limiter(root, environ={"AUTOGRADER_CGROUP": str(delegated)}, is_root=False)
    assert (limiter.mode, limiter.base) == ("v2", delegated)


def test_cgroup_v1_needs_writable_memory_and_pids_hierarchies(tmp_path):
    root = tmp_path / "cgroup"
    for controller in ("memory", "pids"):
        (root / controller).mkdir(parents=True)
    limiter = Limiter(root, environ={}, is_root=True)
    assert limiter.mode == "v1"
    for controller, key in (("memory", "memory.limit_in_bytes"), ("pids", "pids.max")):
        (root / controller / "s").mkdir()
        (root / controller / "s" / key).write_text("")
    limiter.create("s", memory_mb=100, processes=10)
    assert (root / "memory" / "s" / "memory.limit_in_bytes").read_text() == str(100 << 20)
    assert (root / "pids" / "s" / "pids.max").read_text() == "10"


def test_no_hierarchy_at_all_is_said_in_words(tmp_path):
    limiter = Limiter(tmp_path / "nothing", environ={}, is_root=True)
    assert limiter.mode is None and limiter.describe() == "none"
    assert limiter.warning.startswith("sandboxes have no memory or process ceiling as a whole")


def test_grade_says_so_in_its_summary_and_report(course, monkeypatch, capsys):
    from autograder import cgroups, cli, demo

    assignment = "02_single_example_gd"
    demo.submit(course, demo.catalogue.load(course).get(assignment), "cgroup-probe",
                demo.solved(course, demo.catalogue.load(course).get(assignment)))
    monkeypatch.setattr(cgroups, "ROOT", Path("/nonexistent-cgroup-root"))
    monkeypatch.chdir(course)
    status = cli.main(["grade", assignment, "--student", "cgroup-probe", "--quiet", "--jobs", "1"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "WARNING: sandboxes have no memory or process ceiling as a whole" in err
    run = (course / "reports" / assignment / "run.txt").read_text()
    assert "whole-sandbox limits: none" in run and "WARNING" in run


@pytest.mark.skipif(not os.access("/sys/fs/cgroup/memory", os.W_OK), reason="no writable cgroup v1 here")
def test_the_memory_ceiling_holds_for_the_sandbox_as_a_whole():
    limits = Limits(wall_seconds=30, cpu_seconds=30, memory_mb=256, processes=32, disk_mb=16, output_kb=64)
    worker = Worker(Bubblewrap(dataset.data_dir(), limits))
    try:
        # Four processes of 200 MB each: every one within its own address-space limit, all together over the
        # sandbox's ceiling (the runner's baseline and 256 MB).
        answer = worker.run(Job(cells=(CodeCell(0, "import os, time\nfor _ in range(3):\n    if os.fork() == 0:\n"
                                                     "        break\nblock = b'x' * (200 << 20)\ntime.sleep(5)\n"),),
                                calls=(), limits=limits))
    finally:
        worker.stop()
    assert answer.oom_kills and answer.oom_kills >= 1
