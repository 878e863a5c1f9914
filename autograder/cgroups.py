"""Memory and process limits for a whole sandbox, with cgroup v2 or v1, or a clear word that there are none.

rlimits hold per process; a cgroup holds the sandbox as a whole (a notebook that forks ten processes of
1 GB each). Which cgroups can be used depends on the host:

* cgroup v2 (Debian 12, Ubuntu 22.04+, most Kubernetes nodes): a delegated subtree is needed, i.e. a
  folder of the unified hierarchy where this process may create children and whose `memory` and `pids`
  controllers are enabled for them. As root, `/sys/fs/cgroup/autograder` is made one; otherwise name
  one in AUTOGRADER_CGROUP (for example a systemd unit with `Delegate=yes`).
* cgroup v1 (older hosts, hybrid set-ups): the `memory` and `pids` hierarchies must be writable (root).
* neither: only the rlimits hold, and `Limiter.warning` says so in words the grader prints and reports.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
ENV = "AUTOGRADER_CGROUP"


class Limiter:
    """Makes one cgroup per sandbox in the hierarchy this host offers."""

    def __init__(self, root: Path | None = None, environ: Mapping[str, str] | None = None,
                 is_root: bool | None = None):
        environ = os.environ if environ is None else environ
        self.root = root = root or ROOT
        self.mode: str | None = None  # "v2", "v1", or None: no whole-sandbox limits here
        self.base: Path | None = None
        self.warning: str | None = None
        is_root = os.geteuid() == 0 if is_root is None else is_root
        if (root / "cgroup.controllers").is_file():
            self._try_v2(Path(environ[ENV]) if environ.get(ENV) else root / "autograder", is_root)
        elif (root / "memory").is_dir() or (root / "pids").is_dir():
            self._try_v1()
        else:
            self.warning = f"no cgroup hierarchy at {root}"
        if self.mode is None:
            self.warning = (f"sandboxes have no memory or process ceiling as a whole ({self.warning}); only the "
                            "per-process limits hold. Run as root, or set AUTOGRADER_CGROUP to a delegated "
                            "cgroup v2 folder, for whole-sandbox limits.")

    def _try_v2(self, base: Path, is_root: bool) -> None:
        try:
            if not base.is_dir():
                if not is_root:
                    self.warning = f"cgroup v2 without a delegated subtree ({ENV} is not set)"
                    return
                base.mkdir()
            # Controllers must be enabled from the top down to reach the subtree's children.
            chain = [base, *[p for p in base.parents if p != self.root and self.root in p.parents]][::-1]
            for folder in [self.root, *chain]:
                enabled = (folder / "cgroup.subtree_control").read_text().split()
                missing = [c for c in ("memory", "pids") if c not in enabled]
                if missing:
                    (folder / "cgroup.subtree_control").write_text(" ".join(f"+{c}" for c in missing))
        except OSError as err:
            self.warning = f"the cgroup v2 folder {base} cannot be used ({err.strerror or err})"
            return
        self.mode, self.base = "v2", base

    def _try_v1(self) -> None:
        if not all(os.access(self.root / c, os.W_OK) for c in ("memory", "pids")):
            self.warning = "cgroup v1 hierarchies are not writable (not root)"
            return
        self.mode, self.base = "v1", self.root

    def create(self, name: str, memory_mb: int, processes: int) -> Cgroup | None:
        if self.mode is None:
            return None
        try:
            return Cgroup(self, name, memory_mb, processes)
        except OSError as err:
            self.warning = f"a sandbox's cgroup could not be made ({err.strerror or err})"
            return None

    def describe(self) -> str:
        return f"cgroup {self.mode} ({self.base})" if self.mode else "none"


class Cgroup:
    """The cgroup(s) of one sandbox."""

    def __init__(self, limiter: Limiter, name: str, memory_mb: int, processes: int):
        assert limiter.base is not None, "Limiter.create makes a cgroup only where it found a hierarchy"
        self.mode = limiter.mode
        self.folders: list[Path]
        if self.mode == "v2":
            folder = limiter.base / name
            folder.mkdir(exist_ok=True)
            (folder / "memory.max").write_text(str(memory_mb << 20))
            if (folder / "memory.swap.max").exists():
                (folder / "memory.swap.max").write_text("0")
            (folder / "pids.max").write_text(str(processes))
            self.folders = [folder]
        else:
            self.folders = []
            for controller, key, value in (("memory", "memory.limit_in_bytes", memory_mb << 20),
                                           ("pids", "pids.max", processes)):
                folder = limiter.base / controller / name
                folder.mkdir(exist_ok=True)
                (folder / key).write_text(str(value))
                self.folders.append(folder)

    def add(self, pid: int) -> None:
        """Move process `pid` into the cgroup; the processes it starts afterwards are born inside."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(pid))

    def oom_kills(self) -> int:
        """How many processes the memory ceiling has killed so far."""
        name = "memory.events" if self.mode == "v2" else "memory.oom_control"
        try:
            for line in (self.folders[0] / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def remove(self) -> None:
        for folder in self.folders:
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
