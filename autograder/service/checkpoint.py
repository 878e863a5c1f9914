"""Test-only: killing the grading service at a chosen step of a submission's grading.

With `AUTOGRADER_SERVICE_KILL_AT=STEP` in its environment, the service and its lanes are killed with SIGKILL the
first time a submission's grading has done STEP (`taken`, `copied`, `answered`, `recorded`, `paged`) and before
the queue records it, or just after the queue recorded that the submission is `done` (STEP `done`): the worst
moments for a restart, which must still grade every submission once. Without the variable this does nothing.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "AUTOGRADER_SERVICE_KILL_AT"
STEPS = ("taken", "copied", "answered", "recorded", "paged", "done")


def reached(step: str, service_pid: int) -> None:
    if os.environ.get(VARIABLE) == step:
        os.kill(service_pid, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
