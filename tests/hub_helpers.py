"""Process and browser plumbing for the hub tests (tests/test_hub.py).

The hub starts its proxy, services and every user's server in sessions of their own, so killing the hub's
process group would leave them running. `python tests/hub_helpers.py reap -- COMMAND...` runs COMMAND as a
child subreaper: whatever COMMAND starts is re-parented to the reaper when its parent dies, and when COMMAND ends
(or soon after the reaper gets SIGTERM) the reaper stops every process still below it.
"""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _parents():
    """{pid: parent pid} of every process now running."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name in parentheses may hold spaces: the fields after its closing parenthesis are fixed.
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def descendants(pid):
    """Every process below `pid`, children first."""
    parents = _parents()
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def stop_all(pids, grace=5.0, reap_children=False):
    """SIGTERM, then SIGKILL what is left after `grace` seconds; the reaper also collects its dead children."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and not _zombie(pid)
                                                  for pid in pids):
            if reap_children:
                _reap()
            time.sleep(0.1)
    if reap_children:
        _reap()


def stop_tree(pid, reap_children=False, rounds=5):
    """stop_all on every process below `pid`, and again while any is left, as systemd stops a unit's control
    group: a snapshot misses what starts meanwhile (JupyterHub restarts a proxy it finds dead, the grading service
    its lanes) and, in the reaper, what was orphaned to it while the others stopped."""
    for _ in range(rounds):
        below = descendants(pid)
        if not below:
            return
        stop_all(below, reap_children=reap_children)


def _zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def processes_in(folder):
    """Processes whose working directory or command line is inside `folder`."""
    folder = str(folder)
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cwd = os.readlink(entry / "cwd")
                cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if cwd.startswith(folder) or folder in cmdline:
                found.append(f"{entry.name}: {cmdline.replace(chr(0), ' ')}")
    return found


def non_loopback_listeners(pids):
    """The TCP listening sockets of `pids` that are bound anywhere but 127.0.0.1 (an empty list is the goal)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    wrong = []
    for table, loopback in (("/proc/net/tcp", "0100007F"), ("/proc/net/tcp6", "0000000000000000FFFF00000100007F")):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and inode in inodes and address.split(":")[0] != loopback:
                wrong.append(f"{table} {address}")
    return wrong


class Reaped:
    """A command started under the reaper, in a process group of its own; `stop()` ends it and all it started."""

    def __init__(self, command, log, **popen):
        self.log = open(log, "ab")
        self.proc = subprocess.Popen([sys.executable, __file__, "reap", "--", *command], stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True, **popen)

    def pids(self):
        return [self.proc.pid, *descendants(self.proc.pid)]

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        # The reaper normally leaves nothing; if it was stuck, stop the tree by hand.
        if self.proc.poll() is None:
            stop_tree(self.proc.pid)
            stop_all([self.proc.pid])
            self.proc.wait()
        self.log.close()


def reap(command, grace=10.0):
    """Run `command` as a child subreaper; when it ends, or `grace` seconds after a SIGTERM, stop everything."""
    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getppid()
    # Orphans come to the reaper, and the reaper hears of the test process dying (killed, not only failed).
    for option, value in ((PR_SET_CHILD_SUBREAPER, 1), (PR_SET_PDEATHSIG, signal.SIGTERM)):
        if libc.prctl(option, int(value), 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), f"prctl({option})")
    if os.getppid() != parent:
        return 1
    child = subprocess.Popen(command)
    deadline = []

    def terminate(*_):
        child.send_signal(signal.SIGTERM)
        deadline.append(time.monotonic() + grace)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, terminate)
    # JupyterHub stops its services one after another, each after a long wait: do not wait for all of that.
    while child.poll() is None and not (deadline and time.monotonic() > deadline[0]):
        time.sleep(0.2)
    stop_tree(os.getpid(), reap_children=True)
    return child.returncode if child.returncode is not None else -signal.SIGKILL


if __name__ == "__main__":
    if sys.argv[1:3] != ["reap", "--"] or len(sys.argv) < 4:
        raise SystemExit("usage: hub_helpers.py reap -- COMMAND...")
    sys.exit(reap(sys.argv[3:]))
