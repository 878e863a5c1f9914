"""What happened to a submission as a whole, decided from facts, and how it is written down.

`ok` is a normal grading. Otherwise the status names what happened, the most serious first:
missing, malformed, error (a fault of the grader's environment, never of a student's input),
processes, memory, disk (a sandbox limit was hit), timeout, crashed, output (printed past the limit),
tampered, repaired, unjudged (a check could not judge an answer: possible grader defect). The facts come
from the sandbox's answer (how the run ended, the signal, the exceptions' types and errno) and from the
trusted side (the cgroup's memory kills), never from the wording of a message.

What happened is said as Messages (`flag(status, key, **values)`, the keys of `outcome.*` and `integrity.*` in the
catalogues), rendered when they are shown: in the student's language on the feedback page, in English in
grades.csv and the instructor's reports.
"""

from __future__ import annotations

import errno
import json
import os
import signal
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..i18n import Message, say
from ..protocol import Answer, Limits

STATUS_FILE = "autograder.json"
SEVERITY = ("missing", "malformed", "error", "processes", "memory", "disk", "timeout", "crashed", "output",
            "tampered", "repaired", "unjudged", "ok")
UNGRADABLE = ("missing", "malformed", "error")


@dataclass
class Outcome:
    student: str
    status: str = "ok"
    messages: list[Message] = field(default_factory=list)
    seconds: float = 0.0
    faults: list[dict] = field(default_factory=list)  # {"cell", "traceback"}: for the instructor only
    # Each autograded test cell's verdict: its grade id -> the message the student reads (None: passed).
    verdicts: dict[str, Message | None] = field(default_factory=dict)
    # The test cells whose hidden checks did not run because the notebook stopped first (their verdict says so).
    not_run: list[str] = field(default_factory=list)

    def flag(self, status: str, message: Message | str, **values) -> None:
        """Raise the status to `status` if that is more serious, and say why: a Message, or a catalogue key and
        its values."""
        if not isinstance(message, Message):
            message = say(message, **values)
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
        data = asdict(self)
        data["messages"] = [message.to_data() for message in self.messages]
        data["verdicts"] = {cell: None if message is None else message.to_data()
                            for cell, message in self.verdicts.items()}
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.chmod(path, 0o644)

    @classmethod
    def read(cls, folder: Path) -> Outcome | None:
        path = folder / STATUS_FILE
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        data["messages"] = [Message.from_data(message) for message in data.get("messages", [])]
        data["verdicts"] = {cell: None if message is None else Message.from_data(message)
                            for cell, message in data.get("verdicts", {}).items()}
        return cls(**{key: data[key] for key in ("student", "status", "messages", "seconds", "faults", "verdicts",
                                                      "not_run")
                      if key in data})


def classify(outcome: Outcome, answer: Answer, limits: Limits, cells_to_run: int) -> None:
    """Flag on `outcome` what the sandbox's answer shows: a limit hit, a crash, an endless loop."""
    ran = len(answer.cells)
    if answer.ending == "timeout":
        outcome.flag("timeout", "outcome.wall_time", seconds=limits.wall_seconds)
    elif answer.ending == "output":
        outcome.flag("output", "outcome.output_far")
    elif answer.ending == "crashed":
        if answer.oom_kills or (answer.signal == signal.SIGKILL and answer.oom_kills is None):
            outcome.flag("memory", "outcome.memory_killed", mb=limits.memory_mb, ran=ran, cells=cells_to_run)
        elif answer.signal == signal.SIGXCPU:
            outcome.flag("timeout", "outcome.cpu_time", seconds=limits.cpu_seconds)
        elif answer.fatal:
            outcome.flag("crashed", "outcome.not_started", error=answer.fatal.strip().splitlines()[-1][:300])
        elif answer.signal:
            outcome.flag("crashed", "outcome.stopped_by_signal", signal=int(answer.signal), ran=ran, cells=cells_to_run)
        else:
            outcome.flag("crashed", "outcome.stopped", ran=ran, cells=cells_to_run)
    for run in answer.cells.values():
        for fact in run.errors:
            if fact.ename == "MemoryError":
                outcome.flag("memory", "outcome.memory_cell", mb=limits.memory_mb)
            elif fact.ename == "BlockingIOError" and fact.errno == errno.EAGAIN:
                outcome.flag("processes", "outcome.processes", count=limits.processes)
            elif fact.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
                outcome.flag("disk", "outcome.disk", mb=limits.disk_mb)
        if run.truncated:
            outcome.flag("output", "outcome.output_cut", kb=limits.output_kb)
