"""The messages that cross the sandbox boundary, typed, and checked where they arrive.

The grader sends a sandbox one `Job` at a time: the code cells of one sanitized submission, the hidden
checks to call after their test cells (inputs as plain data), the reference solution's code for the
stand-in process, limits and environment. The sandbox answers with one `Answer`: how the run ended,
each cell's outputs, and each check's results as plain-data text. Nothing in an answer is trusted:
`Answer.from_wire` checks every field, keeps what is well formed (an output nbformat would not accept
becomes a short note), and raises ProtocolError only when the answer as a whole is not one.

On the wire a message is a frame: a 10-digit length, a newline, then that many bytes of JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

ENDINGS = ("finished", "timeout", "output", "crashed")
MAX_FRAME = 1 << 30
RESULTS_BYTES = 64 << 20  # all hidden results of one job together; larger ones are refused by size


class ProtocolError(ValueError):
    """A message that is not what the protocol allows."""


# --- frames ---------------------------------------------------------------------------------------------

def write_frame(stream, message: dict) -> None:
    body = json.dumps(message).encode()
    stream.write(b"%010d\n" % len(body) + body)
    stream.flush()


def read_frame(stream, limit: int = MAX_FRAME) -> dict | None:
    """The next frame from a blocking binary stream, or None at its end."""
    header = stream.readline(16)
    if not header:
        return None
    if not header.endswith(b"\n") or not header[:-1].isdigit() or int(header) > limit:
        raise ProtocolError(f"bad frame header {header[:20]!r}")
    body = stream.read(int(header))
    if len(body) != int(header):
        return None
    message = json.loads(body)
    if not isinstance(message, dict):
        raise ProtocolError("a frame is not a JSON object")
    return message


class FrameBuffer:
    """Frames out of a byte stream that arrives in pieces (non-blocking pipes)."""

    def __init__(self, limit: int = MAX_FRAME):
        self.buffer = bytearray()
        self.limit = limit

    def feed(self, chunk: bytes) -> list[dict]:
        self.buffer += chunk
        frames = []
        while b"\n" in self.buffer[:12]:
            header, _, _ = bytes(self.buffer[:12]).partition(b"\n")
            if not header.isdigit() or int(header) > self.limit:
                raise ProtocolError(f"bad frame header {header[:20]!r}")
            start, size = len(header) + 1, int(header)
            if len(self.buffer) < start + size:
                break
            body = bytes(self.buffer[start:start + size])
            del self.buffer[:start + size]
            try:
                message = json.loads(body)
            except ValueError:
                raise ProtocolError("a frame is not JSON") from None
            if not isinstance(message, dict):
                raise ProtocolError("a frame is not a JSON object")
            frames.append(message)
        if len(self.buffer) > 12 and b"\n" not in self.buffer[:12]:
            raise ProtocolError("bad frame header")
        return frames


def frame_bytes(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"%010d\n" % len(body) + body


# --- the limits ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    """What a sandbox allows one submission (the whole notebook, not one cell), from the catalogue to the runner
    inside. Checked when made: each a positive number of its kind, so that a mistyped catalogue is named where
    it is read, not found later as a sandbox that kills every notebook (0 MB) or one that never stops."""

    wall_seconds: float
    cpu_seconds: int
    memory_mb: int
    processes: int
    disk_mb: int
    output_kb: int

    def __post_init__(self):
        for limit in fields(self):
            value = getattr(self, limit.name)
            whole = limit.type == "int"
            # bool is an int to Python, never a limit; a float where a whole number goes would be cut silently.
            typed = isinstance(value, int if whole else (int, float)) and not isinstance(value, bool)
            if not (typed and math.isfinite(value) and value > 0):
                raise ProtocolError(f"{limit.name} must be a positive {'whole number' if whole else 'number'}, "
                                    f"not {value!r}")

    @classmethod
    def of(cls, table: Mapping) -> Limits:
        """From a table of every limit by name (the catalogue's, or the wire's), each one checked."""
        names = [limit.name for limit in fields(cls)]
        unknown = sorted(set(table) - set(names))
        missing = [name for name in names if name not in table]
        if unknown or missing:
            wrong = [f"unknown limit(s) {', '.join(map(str, unknown))}" if unknown else "",
                     f"missing limit(s) {', '.join(missing)}" if missing else ""]
            raise ProtocolError("; ".join(filter(None, wrong)) + f" (the limits are {', '.join(names)})")
        return cls(**{name: table[name] for name in names})


# --- the job ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeCell:
    index: int  # the cell's position in the notebook
    source: str


@dataclass(frozen=True)
class HiddenCall:
    """After the cell `after` has run, call `function` on each case of `cases` (plain-data text)."""

    grade_id: str
    after: int
    function: str
    cases: str
    unchanged: tuple[str, ...] = ()
    # Graded functions that stand in as the reference's while this one is called (one mistake costs once).
    stand_ins: tuple[str, ...] = ()
    # The reference's parameters in order, and those passed by keyword: how each case is passed (checks.Signature).
    parameters: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    cells: tuple[CodeCell, ...]
    calls: tuple[HiddenCall, ...]
    limits: Limits
    env: dict = field(default_factory=dict)
    reference: tuple[str, ...] = ()  # the reference's code, for the stand-in process only

    def to_wire(self) -> dict:
        return {"cells": [asdict(c) for c in self.cells], "calls": [asdict(c) for c in self.calls],
                "limits": asdict(self.limits), "env": dict(self.env), "reference": list(self.reference)}

    @classmethod
    def from_wire(cls, wire: dict) -> Job:
        """Inside the sandbox: the job as the grader sent it (the grader is trusted; this only types it)."""
        return cls(cells=tuple(CodeCell(**c) for c in wire["cells"]),
                   calls=tuple(HiddenCall(**{**c, **{key: tuple(c.get(key, ())) for key in
                                                     ("unchanged", "stand_ins", "parameters", "keywords")}})
                               for c in wire["calls"]),
                   limits=Limits.of(wire["limits"]), env=dict(wire["env"]), reference=tuple(wire["reference"]))


# --- the answer ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErrorFact:
    """An exception a cell raised, as a fact the grader can classify without reading messages."""

    ename: str
    errno: int | None = None


COMPILE_ERRORS = ("SyntaxError", "IndentationError", "TabError")


@dataclass(frozen=True)
class CompileError:
    """A cell Python could not compile, so none of it ran: the exception's type, the line (of the cell, from 1)
    and what Python said."""

    ename: str  # one of COMPILE_ERRORS
    line: int | None
    message: str


@dataclass
class CellRun:
    execution_count: int
    outputs: list
    errors: list[ErrorFact] = field(default_factory=list)
    truncated: bool = False  # the notebook had printed past its output limit by the end of this cell
    unparsed: CompileError | None = None  # the cell did not compile: nothing of it ran


@dataclass
class Answer:
    ending: str  # one of ENDINGS
    cells: dict[int, CellRun] = field(default_factory=dict)
    results: dict[str, str] = field(default_factory=dict)  # grade id -> plain-data text
    oversized: dict[str, int] = field(default_factory=dict)  # grade id -> bytes of results too large to take
    # Grade ids whose function was not defined when their hidden cases were to be called.
    undefined: tuple[str, ...] = ()
    signal: int | None = None  # the signal that ended the notebook's process, if one did
    fatal: str | None = None  # why the notebook's process could not even start its shell
    seconds: float = 0.0
    oom_kills: int | None = None  # memory-limit kills the sandbox's cgroup counted (None: no cgroup to ask)
    spent: bool = False  # the sandbox takes no more jobs (the job broke what it needs): start a new one

    @classmethod
    def lost(cls) -> Answer:
        """The answer of a sandbox that stopped answering."""
        return cls(ending="crashed")

    def to_wire(self) -> dict:
        return {"ending": self.ending, "signal": self.signal, "fatal": self.fatal, "seconds": self.seconds,
                "results": self.results, "oversized": self.oversized, "undefined": list(self.undefined),
                "cells": {str(i): {"execution_count": c.execution_count, "outputs": c.outputs, "truncated": c.truncated,
                                   "errors": [asdict(e) for e in c.errors],
                                   "unparsed": asdict(c.unparsed) if c.unparsed else None}
                          for i, c in self.cells.items()}}

    @classmethod
    def from_wire(cls, wire, job: Job) -> Answer:
        """The answer as the trusted side may use it. Raises ProtocolError if it is not an answer at all."""
        if not isinstance(wire, dict) or wire.get("ending") not in ENDINGS:
            raise ProtocolError("the sandbox's answer has no valid ending")
        signal = wire.get("signal")
        seconds = wire.get("seconds")
        answer = cls(ending=wire["ending"],
                     signal=signal if type(signal) is int and 0 < signal < 128 else None,
                     fatal=_text(wire.get("fatal"), 4000) if wire.get("fatal") is not None else None,
                     seconds=float(seconds) if isinstance(seconds, int | float) and not isinstance(seconds, bool)
                     and math.isfinite(seconds) else 0.0,
                     spent=wire.get("spent") is True)
        known_cells = {cell.index for cell in job.cells}
        cells = wire.get("cells")
        if not isinstance(cells, dict):
            raise ProtocolError("the sandbox's answer has no cells")
        for key, run in cells.items():
            if not (isinstance(key, str) and key.isdigit() and int(key) in known_cells and isinstance(run, dict)):
                continue  # not a cell of this job: ignored
            count = run.get("execution_count")
            outputs = outputs if isinstance(outputs := run.get("outputs"), list) else []
            errors = errors if isinstance(errors := run.get("errors"), list) else []
            answer.cells[int(key)] = CellRun(
                execution_count=count if type(count) is int and 0 <= count < 1 << 31 else 0,
                outputs=[valid_output(o) for o in outputs[:1000]],
                errors=[fact for e in errors[:100] if (fact := _error_fact(e)) is not None],
                truncated=run.get("truncated") is True, unparsed=_compile_error(run.get("unparsed")))
        known_checks = {call.grade_id for call in job.calls}
        results = wire.get("results")
        if isinstance(results, dict):
            answer.results = {g: t for g, t in results.items() if g in known_checks and isinstance(t, str)}
        oversized = wire.get("oversized")
        if isinstance(oversized, dict):
            answer.oversized = {g: n for g, n in oversized.items() if g in known_checks and type(n) is int}
        undefined = wire.get("undefined")
        if isinstance(undefined, list):
            answer.undefined = tuple(sorted({g for g in undefined if isinstance(g, str) and g in known_checks}))
        return answer


def _text(value, limit: int) -> str:
    """Student text made safe to store: a string, cut to `limit`, without lone surrogates."""
    text = value if isinstance(value, str) else str(value)
    return scrub(text[:limit])


def scrub(text: str) -> str:
    """`text` with lone surrogates (which no file can store as UTF-8) replaced by U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _error_fact(value) -> ErrorFact | None:
    if not isinstance(value, dict) or not isinstance(value.get("ename"), str):
        return None
    errno = value.get("errno")
    return ErrorFact(ename=value["ename"][:100], errno=errno if type(errno) is int else None)


def _compile_error(value) -> CompileError | None:
    if not isinstance(value, dict):
        return None
    line, message, ename = value.get("line"), value.get("message"), value.get("ename")
    return CompileError(ename=ename if isinstance(ename, str) and ename in COMPILE_ERRORS else "SyntaxError",
                        line=line if type(line) is int and 0 < line < 1 << 20 else None,
                        message=_text(message, 300) if isinstance(message, str) else "")


UNSHOWABLE = {"output_type": "stream", "name": "stdout", "text": "[an output of this cell could not be shown]\n"}


def scrub_tree(value, depth: int = 0):
    """A JSON tree with every string scrubbed (see `scrub`); below 100 levels it is left as it is."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list) and depth < 100:
        return [scrub_tree(v, depth + 1) for v in value]
    if isinstance(value, dict) and depth < 100:
        return {scrub(str(k)): scrub_tree(v, depth + 1) for k, v in value.items()}
    return value


def valid_output(output) -> dict:
    """`output` if nbformat's schema accepts it as a cell output (surrogates scrubbed), else a short note."""
    from nbformat.validator import isvalid

    if not isinstance(output, dict):
        return dict(UNSHOWABLE)
    output = scrub_tree(output)
    if not isvalid(output, ref="output", version=4, version_minor=5):
        return dict(UNSHOWABLE)
    return output
