"""Processes that end with the process that started them (Linux: PR_SET_PDEATHSIG).

The hub starts each course's grading service and formgrader server. A hub killed with SIGKILL cannot stop them,
and the next hub would start a second of each beside the orphans. With a parent-death signal the kernel sends
them SIGTERM as soon as their parent is gone.

    python -m autograder.lifeline MODULE [ARGS...]    run `python -m MODULE ARGS...` so that it ends with its parent

(the hub's configuration starts the course's formgrader server, `jupyterhub.singleuser`, this way; the signal
survives exec, as long as the program is not set-user-id).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Ask the kernel for `sig` when the parent process ends; False where that cannot be asked (not Linux). A
    process whose parent has already gone (adopted by init, or by a subreaper) ends at once."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os.kill(os.getpid(), sig)
    return True


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m autograder.lifeline MODULE [ARGS...]", file=sys.stderr)
        return 2
    die_with_parent()
    os.execv(sys.executable, [sys.executable, "-m", *argv])  # replaces this process: never returns


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
