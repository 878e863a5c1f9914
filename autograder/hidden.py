"""Hidden checks: inputs students never see, judged against the reference.

A hidden block in a test cell calls `run_hidden_checks(grade_id, globals())`. What that does depends
on where the notebook runs:

* inside the grading sandbox (AUTOGRADER_JOB_DIR is set), it only calls the student's function on the
  inputs the grader put in the job folder and writes the results there as plain data; the grader judges
  them outside the sandbox, where the student's code cannot reach the comparison;
* anywhere else (the instructor running the source notebook, stock `nbgrader autograde`), it judges
  in-process and raises AssertionError on a failure.

Both paths draw the same cases and use the same comparison, so they agree on honest work.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import checks, plaindata
from .authoring import Check

JOB_DIR_ENV = "AUTOGRADER_JOB_DIR"
SECRET_ENV = "AUTOGRADER_SECRET"
SECRET_FILE = Path(".autograder") / "secret"


def course_secret(course_root: Path) -> bytes:
    """The secret that, with the student id, seeds hidden inputs: never in release/ nor in the sandbox."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV].encode()
    path = course_root / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        # Created exclusively so that two graders starting together cannot write different secrets.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def rng_for(secret: bytes, student_id: str, grade_id: str) -> np.random.Generator:
    digest = hashlib.sha256(b"\0".join([secret, student_id.encode(), grade_id.encode()])).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


def load_checks(grading_py: Path) -> dict[str, Check]:
    if not grading_py.is_file():
        raise FileNotFoundError(f"{grading_py} is missing: the hidden checks of this assignment live there")
    spec = importlib.util.spec_from_file_location(f"grading_{grading_py.parent.name}", grading_py)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.CHECKS)


def resolve_data(name: str) -> np.ndarray:
    from . import dataset

    # A copy each time: a function that scales X in place must not change the next call's input.
    return dataset.standardized(shared=True)[name].copy()


def view_data(name: str) -> np.ndarray:
    """The data set's array itself, read-only: for judging, which only looks at the arguments."""
    from . import dataset

    return dataset.standardized(shared=True)[name]


def draw_cases(check: Check, rng: np.random.Generator) -> str:
    """The cases of one check as plain data (the form in which both sides receive them)."""
    return plaindata.dumps(check.cases(rng))


def call_on_cases(function, cases_json: str, unchanged: tuple[str, ...] = ()) -> list[dict]:
    """Run `function` on every case; each outcome is {"value": ...} or {"error": "..."}, and names under
    "changed" the arguments of `unchanged` that the call changed in place.

    Each call gets its own copy of the inputs, so a function that changes its arguments in place
    cannot change what the next call, or the reference, sees.
    """
    outcomes = []
    # Decoding one case at a time builds fresh inputs for that call only (a data-set case is 20 MB).
    for case in json.loads(cases_json)["__list__"]:
        kwargs = plaindata.decode(case, resolve_data)
        before = {name: plaindata.dumps(kwargs[name]) for name in unchanged if name in kwargs}
        try:
            outcome = {"value": checks.call(function, **kwargs)}
        except Exception as err:  # the student's error is a result to judge, not a crash of the grader
            outcome = {"error": f"{type(err).__name__}: {err}"}
        changed = [name for name, text in before.items() if plaindata.dumps(kwargs[name]) != text]
        if changed:
            outcome["changed"] = changed
        outcomes.append(outcome)
    return outcomes


def judge(check: Check, cases_json: str, student_outcomes: list[dict], reference: dict) -> str | None:
    """None when every case passes, else the message of the first failure (written for the student)."""
    cases = plaindata.loads(cases_json, view_data)
    if not isinstance(student_outcomes, list) or len(student_outcomes) != len(cases):
        return f"`{check.function}` did not produce a result for every hidden case."
    expected_outcomes = _reference_outcomes(reference, check.function, cases_json)
    for number, (args, got, expected) in enumerate(zip(cases, student_outcomes, expected_outcomes), start=1):
        where = f"hidden case {number} of {len(cases)}"
        if "error" in expected:
            raise RuntimeError(f"the reference {check.function} fails on {where}: {expected['error']}")
        if not isinstance(got, dict) or ("value" not in got and "error" not in got):
            return f"`{check.function}` gave no result on {where}."
        if "error" in got:
            return f"`{check.function}` raised {got['error']} on {where}."
        changed = [name for name in check.unchanged if name in (got.get("changed") or ())]
        if changed:
            return (f"`{check.function}` changed its argument `{changed[0]}` in place on {where}: the exercise asks "
                    "you to leave it as it is and return new values.")
        if isinstance(got["value"], plaindata.Unsupported):
            return f"`{check.function}` returned {got['value']!r} on {where}, which is not a kind of value it should return."
        try:
            with checks.hidden_inputs():
                check.compare(got["value"], expected["value"], args)
        except AssertionError as failure:
            return f"`{check.function}` on {where}: {failure}"
        except Exception as fault:  # the comparison itself broke on this answer: the cell is not judged
            return (f"`{check.function}` on {where}: your answer could not be judged ({type(fault).__name__}: "
                    f"{str(fault)[:200]}); the instructor has been told")
    return None


_expected_cache: dict[tuple[int, str, str], list[dict]] = {}


def _reference_outcomes(reference: dict, function: str, cases_json: str) -> list[dict]:
    """The reference's results, computed once per set of cases: a class shares its data-set cases."""
    key = (id(reference), function, hashlib.sha256(cases_json.encode()).hexdigest())
    if key not in _expected_cache:
        _expected_cache[key] = call_on_cases(reference[function], cases_json)
    return _expected_cache[key]


# --- what the hidden block in a test cell calls -------------------------------------------------

def run_hidden_checks(grade_id: str, namespace: dict) -> None:
    if os.environ.get(JOB_DIR_ENV):
        return  # in the sandbox the runner calls the function itself, right after the test cell (export_results)
    _judge_in_process(grade_id, namespace)


def results_of(function_name: str, cases_json: str, namespace: dict, unchanged: tuple[str, ...] = ()) -> str:
    """Sandbox side: the student's function called on the grader's inputs, as plain data for the grader."""
    function = namespace.get(function_name)
    if not callable(function):
        outcomes = [{"error": f"NameError: `{function_name}` is not defined (was it renamed or deleted?)"}]
    else:
        outcomes = call_on_cases(function, cases_json, unchanged)
    return plaindata.dumps(outcomes)


def _judge_in_process(grade_id: str, namespace: dict) -> None:
    """Outside the grader (source notebook, stock nbgrader): the same judgement, right here."""
    checks_here, reference_here, secret, student = _material(Path.cwd())
    check = checks_here.get(grade_id)
    if check is None:
        raise RuntimeError(f"grading.py has no check for {grade_id!r}")
    cases_json = draw_cases(check, rng_for(secret, student, grade_id))
    function = namespace.get(check.function)
    if not callable(function):
        raise checks.CheckFailed(f"`{check.function}` is not defined (was it renamed or deleted?)")
    # The round trip through plain data makes this path see exactly what the sandbox path sees.
    outcomes = plaindata.loads(plaindata.dumps(call_on_cases(function, cases_json, check.unchanged)), resolve_data)
    failure = judge(check, cases_json, outcomes, reference_here)
    if failure:
        raise checks.CheckFailed(failure)


@lru_cache(maxsize=2)
def _material(here: Path) -> tuple[dict[str, Check], dict, bytes, str]:
    """The checks, the reference, the secret and the student of the notebook running in `here`: loaded
    once per kernel, not once per test cell (the reference runs the source notebook's solutions)."""
    from . import catalogue, reference

    course = catalogue.load(here)
    assignment = course.get(here.name)
    source = course.root / "source" / assignment.id
    student = here.parent.name if here.parent.parent.name == "autograded" else "instructor"
    return (load_checks(source / "grading.py"), reference.load(source / assignment.notebook),
            course_secret(course.root), student)
