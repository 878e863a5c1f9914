"""One test cell's verdict: the student's results on the hidden cases, judged against the reference.

The results arrive as plain-data text from the sandbox, where the student's process made them, so
they are read with a budget and without data-set references, and every case is checked for its shape
before its values. The message a student reads names what is wrong and the likely cause, never the
expected numbers. When the judge itself fails (a comparison raises something other than a failed
check, or the reference fails on a case), only this cell is affected: it scores 0 with a message that
says the answer could not be judged, and the traceback goes to the instructor as a possible defect of
the check.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from .. import checks, plaindata
from ..authoring import Check
from ..i18n import Message, say
from ..protocol import CompileError

# What one test cell's results may take to decode: far above any honest answer of this course.
RESULTS_BUDGET = plaindata.Budget(text_bytes=64 << 20, array_bytes=256 << 20, values=200_000)


@dataclass(frozen=True)
class Verdict:
    message: Message | None = None  # None: every hidden case passed
    fault: str | None = None  # the judge's own failure, for the instructor
    # False when the student's notebook stopped before the checks could run: the message says so, and it is
    # not a mistake in this answer (the class report keeps it out of the common mistakes).
    ran: bool = True

    @property
    def passed(self) -> bool:
        return self.message is None


def _reference_data(name: str):
    from .. import dataset

    return dataset.flattened_and_scaled(shared=True)[name].copy()


# The reference's results, case by case: a class shares its required cases (05's model trains on the data set
# with one of a few settings), so each is computed once per grading process, not once per student. Bounded, so
# that a grader that runs for weeks does not grow; most results are a few numbers. The grading service also fills
# it from a thread of its own, while the student's notebook runs: hence the lock (around the cache, not the
# computing).
_expected_cache: OrderedDict[tuple[int, str, str], dict] = OrderedDict()
_expected_lock = threading.Lock()
CACHE_SIZE = 4096


def expected_one(reference: dict, function: str, tree, store=None) -> dict:
    """The reference's result on one case (a plaindata tree), called as the student's function is called, kept in
    this process. `store` keeps results across processes (the grading service's lanes share the costly ones):
    `get(function, tree)` -> outcome or None, and `put(function, tree, outcome, seconds)`."""
    key = (id(reference), function, hashlib.sha256(json.dumps(tree, sort_keys=True).encode()).hexdigest())
    with _expected_lock:
        if key in _expected_cache:
            _expected_cache.move_to_end(key)
            return _expected_cache[key]
    outcome = store.get(function, tree) if store is not None else None
    if outcome is None:
        started = time.process_time()
        try:
            outcome = {"value": checks.Signature.of(reference[function]).call(
                reference[function], plaindata.decode(tree, _reference_data))}
        except Exception as err:
            outcome = {"error": f"{type(err).__name__}: {err}"}
        if store is not None:
            store.put(function, tree, outcome, time.process_time() - started)
    with _expected_lock:
        _expected_cache[key] = outcome
        while len(_expected_cache) > CACHE_SIZE:
            _expected_cache.popitem(last=False)
    return outcome


def expected_outcomes(reference: dict, function: str, cases_json: str, store=None) -> list[dict]:
    """The reference's results on the cases (each case kept; see expected_one)."""
    cases = json.loads(cases_json)["__list__"]  # the grader's own plaindata.dumps of a list of cases
    return [expected_one(reference, function, case, store) for case in cases]


def undefined(name: str, unparsed: list[tuple[str, CompileError]]) -> Verdict:
    """The verdict on a function that was not defined when its checks ran. `unparsed`: the cells that did not
    compile (their source, and what Python said: facts the sandbox sent), in notebook order."""
    # Which of them would have defined it is read from the code itself, since it cannot be run.
    would = [error for source, error in unparsed if re.search(rf"^\s*def\s+{re.escape(name)}\s*\(", source, re.M)]
    if not would:
        return Verdict(say("verdict.undefined", name=name))
    error = would[-1]  # the last cell that would have defined it is the one the notebook would have used
    return Verdict(say("verdict.unparsed", name=name, line=error.line or "?", error=error.ename,
                        detail=error.message))


def judge(check: Check, cases_json: str, results: str, reference: dict, source: str | None = None) -> Verdict:
    """The verdict on `results` (the plain-data text the sandbox returned for this check)."""
    try:
        return _judge(check, cases_json, results, reference, source)
    except Exception:  # anything the judge did not foresee: this cell is not judged, the others are
        return Verdict(message=say("verdict.grader_fault", name=check.function), fault=traceback.format_exc())


def _judge(check: Check, cases_json: str, results: str, reference: dict, source: str | None) -> Verdict:
    name = check.function
    try:
        outcomes = plaindata.loads(results, budget=RESULTS_BUDGET, allow_refs=False)
    except plaindata.PlainDataError as err:
        return Verdict(say("verdict.unreadable", name=name, error=str(err)))
    cases = plaindata.loads(cases_json)  # Data references stay names: judging only looks at shapes and sizes
    if not isinstance(outcomes, list) or len(outcomes) != len(cases):
        return Verdict(say("verdict.incomplete", name=name))
    broken = _broken_rule(check, source)
    if broken is not None:
        return broken
    expected_all = expected_outcomes(reference, name, cases_json)
    for number, (args, got, expected) in enumerate(zip(cases, outcomes, expected_all, strict=True), start=1):
        verdict = _on_case(check, number, len(cases), args, got, expected)
        if verdict is not None:
            return verdict
    return Verdict()


def _broken_rule(check: Check, source: str | None) -> Verdict | None:
    """The verdict of the first rule of writing the source breaks: judged before any value."""
    if source is not None:
        for rule in check.rules:
            try:
                rule(source, check.function)
            except AssertionError as broken:
                return Verdict(checks.said(broken))
    return None


def _on_case(check: Check, number: int, total: int, args, got, expected) -> Verdict | None:
    """The verdict case `number` of `total` gives on its own, None when it passes: a list's verdict is its first
    case's that does not pass."""
    name = check.function
    where = say("verdict.case", number=number, total=total)
    if "error" in expected:
        return Verdict(say("verdict.grader_fault", name=name),
                       fault=f"the reference {name} fails on {where} of {check.function}: {expected['error']}")
    if not isinstance(got, dict) or ("value" not in got and "error" not in got):
        return Verdict(say("verdict.no_result", name=name, where=where))
    if "error" in got:
        return Verdict(say("verdict.raised", name=name, error=str(got["error"])[:500], where=where))
    changed = [arg for arg in check.unchanged if arg in (got.get("changed") or ())]
    if changed:
        return Verdict(say("verdict.changed", name=name, argument=changed[0], where=where))
    if isinstance(got["value"], plaindata.Unsupported):
        return Verdict(say("verdict.unsupported", name=name, what=got["value"].reason, where=where))
    try:
        with checks.hidden_inputs():
            check.compare(got["value"], expected["value"], _shown(args))
    except AssertionError as failure:
        return Verdict(say("verdict.failed", name=name, where=where, failure=checks.said(failure)))
    return None


class Cases:
    """One check's cases as the judge reads them (arguments and the budget they took), and the reference's
    outcome on each: read and run once for every CaseByCase of the check that shares them."""

    def __init__(self, check: Check, reference: dict):
        self.check, self.reference = check, reference
        self._read: dict[str, tuple] = {}  # case text -> (args, usage)
        self._expected: dict[str, dict] = {}  # case text -> the reference's outcome

    def read(self, text: str) -> tuple:
        if text not in self._read:
            self._read[text] = plaindata.loads_item(text)
        return self._read[text]

    def expected(self, text: str) -> dict:
        if text not in self._expected:
            self._expected[text] = expected_one(self.reference, self.check.function, json.loads(text))
        return self._expected[text]


class CaseByCase:
    """`judge`'s verdicts on many lists of cases of one check, one source and one reference, that share cases:
    the lottery's 200 student ids all meet the required cases. Each case is read, run by the reference and
    compared once per position; a list is judged by `judge` itself whenever reading it case by case could differ
    from reading it whole (over a budget, unreadable) or a comparison breaks.

    The results are asked for one at a time, and only up to the first case that fails: a list's verdict is its
    first failing case's, so the cases after it cannot change which case that is (for a wrong answer, the lottery
    then runs only the required cases), and a rule of writing broken is the verdict before any result is asked for.
    The results not asked for could still make the whole list too large to read, which judge would say instead; the
    lottery, which alone judges this way, runs catalogues of answers that return small values, and their sizes are
    the sandbox's to bound (the sandboxed class gradings judge every result whole)."""

    def __init__(self, check: Check, reference: dict, source: str | None, cases: Cases | None = None):
        self.check, self.reference, self.source = check, reference, source
        self.cases = cases or Cases(check, reference)
        self.broken = _broken_rule(check, source)
        self._results: dict[str, tuple] = {}  # result text -> (outcome, usage)
        self._on_case: dict[tuple[str, str, int, int], Verdict | None] = {}

    def verdict(self, cases_json: str, case_texts: list[str], result_of: Callable[[int], str]) -> Verdict:
        """The verdict on the cases (`cases_json`, the list as drawn, and each of its items as JSON text), where
        `result_of(i)` is case i's result as plain-data text (asked for again when the list is judged whole)."""
        try:
            read = [self.cases.read(text) for text in case_texts]
        except plaindata.PlainDataError:
            return self._whole(cases_json, len(case_texts), result_of)
        if not _fits(plaindata.Budget(), cases_json, [usage for _, usage in read]):
            return self._whole(cases_json, len(case_texts), result_of)
        if self.broken is not None:
            return self.broken
        texts: list[str] = []
        usages: list[plaindata.Usage] = []
        for number, case_text in enumerate(case_texts, start=1):
            texts.append(result_of(number - 1))
            try:
                outcome, usage = self._result(texts[-1])
            except plaindata.PlainDataError:
                return self._whole(cases_json, len(case_texts), result_of)
            usages.append(usage)
            if not _fits(RESULTS_BUDGET, plaindata.joined_list(texts), usages):
                return self._whole(cases_json, len(case_texts), result_of)
            key = (case_text, texts[-1], number, len(read))
            if key not in self._on_case:
                try:
                    self._on_case[key] = _on_case(self.check, number, len(read), read[number - 1][0], outcome,
                                                  self.cases.expected(case_text))
                except Exception:  # noqa: BLE001  (a comparison that breaks: judge says what it says of it,
                    break  # outside this handler, so that its traceback is judge's own)
            verdict = self._on_case[key]
            if verdict is not None:
                return verdict
        else:
            return Verdict()
        return self._whole(cases_json, len(case_texts), result_of)

    def _whole(self, cases_json: str, count: int, result_of: Callable[[int], str]) -> Verdict:
        results = plaindata.joined_list([result_of(i) for i in range(count)])
        return judge(self.check, cases_json, results, self.reference, self.source)

    def _result(self, text: str) -> tuple:
        if text not in self._results:
            self._results[text] = plaindata.loads_item(text, budget=RESULTS_BUDGET, allow_refs=False)
        return self._results[text]


def _fits(budget: plaindata.Budget, whole: str, items: list[plaindata.Usage]) -> bool:
    """Whether reading the list `whole` at once stays within `budget`, from what reading its items alone took (and
    one value for the list itself)."""
    return (len(whole) <= budget.text_bytes and 1 + sum(item.values for item in items) <= budget.values
            and sum(item.array_bytes for item in items) <= budget.array_bytes)


def _shown(args):
    """The case's arguments as the comparison sees them: data-set references as arrays of their shape."""
    if isinstance(args, dict):
        return {key: _shown(value) for key, value in args.items()}
    if isinstance(args, plaindata.Data):
        from .. import dataset

        return dataset.flattened_and_scaled(shared=True)[args.name]  # read-only: comparisons only look
    return args
