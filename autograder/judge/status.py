"""What happened to a submission as a whole, decided from facts, and how it is written down.

`ok` is a normal grading. Otherwise the status names what happened, the most serious first:
missing, malformed, error (a fault of the grader's environment, never of a student's input),
processes, memory, disk (a sandbox limit was hit), timeout, crashed, output (printed past the limit),
tampered, repaired, unjudged (a check could not judge an answer: possible grader defect). The facts come
from the sandbox's answer (how the run ended, the signal, the exceptions' types and errno) and from the
trusted side (the cgroup's memory kills), never from the wording of a message.
"""

from __future__ import annotations

import errno
import json
import os
import signal
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..catalogue import Limits
from ..protocol import Answer

STATUS_FILE = "autograder.json"
SEVERITY = ("missing", "malformed", "error", "processes", "memory", "disk", "timeout", "crashed", "output",
            "tampered", "repaired", "unjudged", "ok")
UNGRADABLE = ("missing", "malformed", "error")


@dataclass
class Outcome:
    student: str
    status: str = "ok"
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    faults: list[dict] = field(default_factory=list)  # {"cell", "traceback"}: for the instructor only
    # Each autograded test cell's verdict: its grade id -> the message the student reads (None: passed).
    verdicts: dict[str, str | None] = field(default_factory=dict)
    # The test cells whose hidden checks did not run because the notebook stopped first (their verdict says so).
    not_run: list[str] = field(default_factory=list)

    def flag(self, status: str, message: str) -> None:
        if SEVERITY.index(status) < SEVERITY.index(self.status):
            self.status = status
        if message not in self.messages:
            self.messages.append(message)

    @property
    def gradable(self) -> bool:
        return self.status not in UNGRADABLE

    def write(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / STATUS_FILE
        if path.exists():
            path.unlink()  # nbgrader leaves graded files read-only; a re-grade replaces it
        path.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.chmod(path, 0o644)

    @classmethod
    def read(cls, folder: Path) -> "Outcome | None":
        path = folder / STATUS_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{key: data[key] for key in ("student", "status", "messages", "seconds", "faults", "verdicts",
                                                      "not_run")
                      if key in data})


def classify(outcome: Outcome, answer: Answer, limits: Limits, cells_to_run: int) -> None:
    """Flag on `outcome` what the sandbox's answer shows: a limit hit, a crash, an endless loop."""
    ran = len(answer.cells)
    if answer.ending == "timeout":
        outcome.flag("timeout", f"the notebook ran longer than {limits.wall_seconds:g} s (the limit for the whole "
                     "notebook); cells after that were not run")
    elif answer.ending == "output":
        outcome.flag("output", "the notebook printed far more than the output limit")
    elif answer.ending == "crashed":
        if answer.oom_kills or (answer.signal == signal.SIGKILL and answer.oom_kills is None):
            outcome.flag("memory", f"the notebook was killed for using more than {limits.memory_mb} MB, after "
                         f"{ran} of {cells_to_run} code cells")
        elif answer.signal == signal.SIGXCPU:
            outcome.flag("timeout", f"the notebook used more than {limits.cpu_seconds} s of CPU")
        elif answer.fatal:
            outcome.flag("crashed", f"the notebook could not be started: {answer.fatal.strip().splitlines()[-1][:300]}")
        else:
            how = f" (signal {answer.signal})" if answer.signal else ""
            outcome.flag("crashed", f"the notebook's process stopped{how} after {ran} of {cells_to_run} code cells "
                         "(os._exit, a killed kernel, or a crash); cells after that were not run")
    for run in answer.cells.values():
        for fact in run.errors:
            if fact.ename == "MemoryError":
                outcome.flag("memory", f"a cell ran out of memory (limit {limits.memory_mb} MB)")
            elif fact.ename == "BlockingIOError" and fact.errno == errno.EAGAIN:
                outcome.flag("processes", f"a cell started more than {limits.processes} processes")
            elif fact.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                outcome.flag("disk", f"a cell wrote more than {limits.disk_mb} MB")
        if run.truncated:
            outcome.flag("output", f"the notebook printed more than {limits.output_kb} kB; the rest was cut")
