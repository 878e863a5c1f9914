"""Whether a check's verdict depends on the student id: answers graded in this process under many ids.

The same code must get the same grade. Hidden inputs are drawn per student, so a check whose required cases
miss a kind of input can catch a mistake for one student and not for another. Here a notebook's answers are
graded under many student ids, each check judged by the real judge (judge.verdict) on the cases that
judge.cases draws for that id, and the verdicts compared.

This runs the answers in this process, without a sandbox, so it is only for code the instructor trusts:
`autograder check` grades the source solution and the released stub this way, and the tests their
catalogues of answers. It grades as the sandbox does: the setup cell and the answer cells run in notebook
order in one namespace (cells that only illustrate, and the public checks, are not run: they define nothing a
graded function may use); each function's hidden cases are called right after its test cell, through the
same calling convention (checks.Signature) and `call_on_cases` as in the sandbox; while they run, every other
graded function whose checks came earlier stands in as the reference's (called directly here, without the
plain-data copy of its arguments, which changes no value); a cell that does not compile is the fact the
sandbox sends (protocol.CompileError). What the sandbox adds to that is its limits (time, memory, output), which
decide no verdict of an answer that ends in time. An answer's outcome on a case is kept for every id that meets
the case (the required ones): the answers graded here give the same result for the same arguments. And the cases
after the first one that fails are not run (judge.verdict.CaseByCase): a wrong answer's verdict is its first
failing case's, so for the mistakes the required cases catch, the drawn cases are never run.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import checks, plaindata, rules
from ..course import Course
from ..inside.notebook import call_on_cases, standing_in
from ..insights import pattern
from ..judge import cases as hidden_cases
from ..judge.integrity import grade_id_of, settings_of
from ..judge.verdict import CaseByCase, Cases, Verdict, undefined
from ..protocol import CompileError, HiddenCall
from . import notebook

# Enough ids that a kind of input drawn for one student in a few is met.
IDS = tuple(f"student-{number:03d}" for number in range(200))


@dataclass(frozen=True)
class Answers:
    """One notebook's answers: answer-cell grade id -> source (the solution's where none is given), and cells
    the student added, as (grade id of the cell they follow, source)."""

    cells: dict[str, str] = field(default_factory=dict)
    extra: tuple[tuple[str, str], ...] = ()


@dataclass
class Judged:
    """One check's verdicts on one notebook: under each student id, and on the required cases alone."""

    grade_id: str
    function: str
    by_id: dict[str, Verdict]
    required: Verdict

    def groups(self) -> dict[str | None, list[str]]:
        """The student ids by verdict: None for full points, else the message without the numbers of the
        student's own inputs (as the class report groups them)."""
        found: dict[str | None, list[str]] = {}
        for student, verdict in self.by_id.items():
            found.setdefault(None if verdict.message is None else pattern(verdict.message), []).append(student)
        return found

    @property
    def decided_by_required(self) -> bool:
        """Every id gets what the required cases alone give: the random cases never change a verdict."""
        alone = None if self.required.message is None else pattern(self.required.message)
        return set(self.groups()) == {alone}


def _runnable(source: str) -> str:
    """A cell's code as plain Python: IPython's magics and shell lines blanked (line numbers stay)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _run(source: str, name: str, namespace: dict) -> CompileError | None:
    try:
        code = compile(_runnable(source), name, "exec")
    except SyntaxError as error:
        return CompileError(type(error).__name__, error.lineno, str(error.msg))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            exec(code, namespace)  # noqa: S102  (the instructor's own code, or a test's catalogue)
        except Exception:  # noqa: BLE001  (a cell that raises still leaves what it defined, as in a kernel)
            pass
    return None


def _digest(value, into) -> bool:
    """Feed `value` to the hash `into`; False for a value that has no plain content to hash."""
    if isinstance(value, np.ndarray):
        into.update(f"array {value.dtype.str} {value.shape}".encode())
        into.update(np.ascontiguousarray(value).tobytes())
        return True
    if isinstance(value, (list, tuple)):
        into.update(f"{type(value).__name__} {len(value)}".encode())
        return all(_digest(item, into) for item in value)
    if isinstance(value, dict):
        into.update(f"dict {len(value)}".encode())
        return all(_digest(str(key), into) and _digest(item, into) for key, item in value.items())
    if value is None or isinstance(value, (bool, int, float, complex, str, np.generic)):
        into.update(f"{type(value).__name__} {value!r}".encode())
        return True
    return False


# The reference's answers as a stand-in on the data set, by the content of their arguments (bounded).
_answers: OrderedDict[tuple[object, str], tuple[str, Any]] = OrderedDict()  # ("error", the exception) or a value
ANSWERS_KEPT = 64
LARGE = 10_000  # values in an argument from which an answer is kept


class _StandIn:
    """The reference answering for a graded function, called as the sandbox's stand-in calls it. The reference
    is a pure function: its answers on the data set are kept by the content of their arguments (05's model asks
    the same training run of optimize for every answer), and handed out as copies."""

    def __init__(self, reference, own):
        self.reference, self.own = reference, own
        self.__name__ = getattr(reference, "__name__", "stand_in")

    def __call__(self, *args, **kwargs):
        where = checks.positions(self.own) if self.own is not None and kwargs else None
        digest = hashlib.sha256()
        large = any(isinstance(value, np.ndarray) and value.size >= LARGE for value in (*args, *kwargs.values()))
        if not large or not _digest([list(args), kwargs, where], digest):
            return checks.call_with(self.reference, args, kwargs, where)
        key = (self.reference, digest.hexdigest())
        if key in _answers:
            _answers.move_to_end(key)
        else:
            try:
                _answers[key] = ("value", checks.call_with(self.reference, args, kwargs, where))
            except Exception as err:  # noqa: BLE001  (raised again to the caller, as the sandbox's stand-in does)
                _answers[key] = ("error", err)
            while len(_answers) > ANSWERS_KEPT:
                _answers.popitem(last=False)
        kind, kept = _answers[key]
        if kind == "error":
            raise kept
        return copy.deepcopy(kept)


def grade(course: Course, assignment_id: str, answers: Answers, ids: tuple[str, ...] = IDS,
          only: set[str] | None = None) -> list[Judged]:
    """Each check's verdicts on `answers` under every id in `ids` (`only`: just these test cells)."""
    cells = notebook.cells(course.source_notebook(assignment_id))
    found = course.checks(assignment_id)
    reference = course.reference(assignment_id)
    graded = {check.function for check in found.values() if callable(reference.get(check.function))}
    extra: dict[str, list[str]] = {}
    for anchor, source in answers.extra:
        extra.setdefault(anchor, []).append(source)
    namespace: dict = {"__name__": "__main__"}
    sources: list[str] = []
    unparsed: list[tuple[str, CompileError]] = []
    judged_functions: set[str] = set()
    results = []
    for cell in cells:
        if cell.kind in ("setup", "answer"):
            source = (answers.cells.get(cell.grade_id, cell.source) if cell.kind == "answer" and cell.grade_id
                      else cell.source)
            sources.append(source)
            error = _run(source, f"<cell {cell.grade_id}>", namespace)
            if error is not None:
                unparsed.append((source, error))
        elif cell.kind == "test" and cell.grade_id in found:
            check = found[cell.grade_id]
            if only is None or cell.grade_id in only:
                stand_ins = {name: _StandIn(reference[name], namespace.get(name))
                             for name in graded & judged_functions - {check.function}}
                results.append(_judged(course, cell.grade_id, check, namespace, stand_ins, reference, sources,
                                       unparsed, graded, ids))
            judged_functions.add(check.function)
        for source in extra.get(cell.grade_id or "", []):
            sources.append(source)
            error = _run(source, "<added cell>", namespace)
            if error is not None:
                unparsed.append((source, error))
    return results


def _judged(course, grade_id, check, namespace, stand_ins, reference, sources, unparsed, graded, ids) -> Judged:
    function = namespace.get(check.function)
    if not callable(function):
        verdict = undefined(check.function, unparsed)
        return Judged(grade_id, check.function, dict.fromkeys(ids, verdict), verdict)
    signature = checks.Signature.of(reference[check.function]) if check.function in graded else checks.Signature()
    source = rules.defining_source(sources, check.function, tuple(graded - {check.function}))
    parts: dict[str, str] = {}  # one case's outcome, by the case's text: required cases are met by every id
    drawn = _drawn(course.secret, grade_id, check, reference)
    judging = CaseByCase(check, reference, source, drawn.cases)  # and each case is judged once where it stands

    def verdict_on(cases_json: str, keys: list[str] | None = None) -> Verdict:
        texts = keys if keys is not None else [json.dumps(case) for case in json.loads(cases_json)["__list__"]]

        def result_of(number: int) -> str:
            key = texts[number]
            if key not in parts:
                call = HiddenCall(grade_id, 0, check.function, '{"__list__": [' + key + "]}", tuple(check.unchanged),
                                  (), signature.names, signature.keywords)
                with standing_in(namespace, stand_ins), contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()):
                    parts[key] = next(call_on_cases(function, call, {}))
            return parts[key]

        return judging.verdict(cases_json, texts, result_of)

    by_id = {student: verdict_on(*drawn.of(student)) for student in ids}
    return Judged(grade_id, check.function, by_id, verdict_on(*drawn.required_only()))


class _Drawn:
    """One check's cases under each student id, drawn and encoded once, and read and run by the reference once
    (verdict.Cases), for every answer judged on the check: a catalogue's entries all meet the same cases."""

    def __init__(self, secret: bytes, grade_id: str, check, reference: dict):
        self.secret, self.grade_id, self.check, self.reference = secret, grade_id, check, reference
        self.cases = Cases(check, reference)
        # Every id's cases start with the same required ones: encoded once, not once per id.
        self.required = plaindata.dumps_list_items(check.required())
        self._by_student: dict[str, tuple[str, list[str] | None]] = {}

    def of(self, student: str) -> tuple[str, list[str] | None]:
        """The student's cases as plain-data text, and each case's text (None: read them from the list)."""
        if student not in self._by_student:
            drawn = plaindata.dumps_list_items(self.check.cases(hidden_cases.rng_for(self.secret, student,
                                                                                     self.grade_id)))
            if self.required is None or drawn is None:
                self._by_student[student] = (hidden_cases.draw(self.check, self.secret, student, self.grade_id), None)
            else:
                self._by_student[student] = (plaindata.joined_list(self.required + drawn), self.required + drawn)
        return self._by_student[student]

    def required_only(self) -> tuple[str, list[str] | None]:
        """The required cases alone, in the form of `of`."""
        if self.required is None:
            return plaindata.dumps(self.check.required()), None
        return plaindata.joined_list(self.required), self.required


# The last checks' draws, by (secret, grade id); a check's object and its reference are those of the course's
# current files (a changed grading.py or notebook gives new ones, and the draws are made again).
_draws: OrderedDict[tuple[bytes, str], _Drawn] = OrderedDict()
DRAWS_KEPT = 16


def _drawn(secret: bytes, grade_id: str, check, reference: dict) -> _Drawn:
    kept = _draws.get((secret, grade_id))
    if kept is None or kept.check is not check or kept.reference is not reference:
        kept = _draws[(secret, grade_id)] = _Drawn(secret, grade_id, check, reference)
    _draws.move_to_end((secret, grade_id))
    while len(_draws) > DRAWS_KEPT:
        _draws.popitem(last=False)
    return kept


def stub_answers(released) -> Answers:
    """The answer cells of a released notebook (the stub a student starts from)."""
    return Answers({grade_id: cell.source for cell in released.cells
                    if cell.cell_type == "code" and settings_of(cell).get("solution")
                    and (grade_id := grade_id_of(cell)) is not None})
