"""The course's preprocessors on in-memory notebooks, with a fake pool in place of the sandbox: the job a submission
becomes, the answer put back into its cells, the verdicts written into its test cells, the structure repaired, the
status recorded. Assignment 02's functions are cheap, so its reference answers for a right student."""

from __future__ import annotations

import nbformat
import pytest

from autograder.i18n import say
from autograder.judge import cases as hidden_cases
from autograder.judge.integrity import grade_id_of
from autograder.judge.status import Outcome
from autograder.pipeline.preprocessors import (
    CheckStructure,
    GradingState,
    RecordStatus,
    SandboxedExecute,
    TrustedVerdicts,
)
from autograder.protocol import RESULTS_BYTES
from tests.unit.fakes import META, FakePool, configured, resources, submission

A02 = "02_single_example_gd"
FUNCTIONS = ("forward", "backward", "update", "backward_squared")
TESTS = ("sgd-forward-test", "sgd-backward-test", "sgd-update-test", "sgd-squared-test")


@pytest.fixture
def reference(repo_course):
    return {name: repo_course.reference(A02)[name] for name in FUNCTIONS}


def index_of(nb, grade_id: str) -> int:
    [index] = [i for i, cell in enumerate(nb.cells) if grade_id_of(cell) == grade_id]
    return index


def graded(pool, nb, student: str = "alice", folder="."):
    """The two autograding steps on `nb`, the sandbox's part answered by `pool`: the notebook, its resources."""
    execute, found = configured(SandboxedExecute), resources(A02, student, folder)
    job = execute.prepare(nb, found)
    nb, found = execute.complete(nb, found, pool.submit(job, student).result() if job else None)
    return configured(TrustedVerdicts).preprocess(nb, found)


def outcome_of(found):
    """The submission's outcome as the steps hand it on within a pass."""
    return GradingState.of(found).outcome


def verdicts(found) -> dict:
    return {grade_id: message and message.keys for grade_id, message in outcome_of(found).verdicts.items()}


def test_the_job_calls_each_tests_hidden_cases_right_after_it_with_the_students_own_inputs(repo_course, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")  # as nbgrader's Autograde sets it around the pass
    nb = submission(repo_course, A02)
    job = configured(SandboxedExecute).prepare(nb, resources(A02, "alice", "."))
    checks = repo_course.checks(A02)
    assert [(call.grade_id, call.after, call.function) for call in job.calls] == \
        [(grade_id, index_of(nb, grade_id), checks[grade_id].function) for grade_id in TESTS]
    assert [call.cases for call in job.calls] == \
        [hidden_cases.draw(checks[grade_id], repo_course.secret, "alice", grade_id) for grade_id in TESTS]
    forward = job.calls[0]
    # The other graded functions answer as the reference while one is judged; arguments go by the reference's names.
    assert (forward.stand_ins, forward.parameters) == (("backward", "backward_squared", "update"),
                                                       ("x1", "x2", "w1", "w2", "b"))
    assert job.limits == repo_course.assignment(A02).limits
    assert job.env == {"NBGRADER_EXECUTION": "autograde", "AUTOGRADER_LANGUAGE": "en"}
    assert job.reference == repo_course.reference_sources(A02)


def test_cells_that_only_illustrate_are_not_run(repo_course):
    nb = submission(repo_course, A02)
    job = configured(SandboxedExecute).prepare(nb, resources(A02, "alice", "."))
    code = {i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    illustrations = {i for i in code if "illustration" in nb.cells[i].metadata.get("tags", [])}
    assert illustrations and {cell.index for cell in job.cells} == code - illustrations
    assert all(cell.source == nb.cells[cell.index].source for cell in job.cells)


def test_another_student_meets_the_same_required_cases_and_draws_others(repo_course):
    jobs = [configured(SandboxedExecute).prepare(submission(repo_course, A02), resources(A02, student, "."))
            for student in ("alice", "bob")]
    check = repo_course.checks(A02)["sgd-forward-test"]
    alice, bob = (hidden_cases.draw(check, repo_course.secret, student, "sgd-forward-test")
                  for student in ("alice", "bob"))
    assert (jobs[0].calls[0].cases, jobs[1].calls[0].cases) == (alice, bob)
    assert alice != bob and alice[:300] == bob[:300]  # the required cases come first, the same for everyone


def test_a_student_who_reads_chinese_runs_in_chinese(repo_course):
    job = configured(SandboxedExecute).prepare(submission(repo_course, A02), resources(A02, "li", "."))
    assert job.env["AUTOGRADER_LANGUAGE"] == "zh-CN"


def test_the_references_own_answers_pass_every_check_and_nothing_is_flagged(repo_course, reference, tmp_path):
    nb, found = graded(FakePool(reference), submission(repo_course, A02))
    outcome = outcome_of(found)
    assert (outcome.status, outcome.messages, outcome.not_run, outcome.seconds) == ("ok", [], [], 0.5)
    assert verdicts(found) == dict.fromkeys(TESTS)
    assert all(output["output_type"] != "error" for cell in nb.cells for output in cell.get("outputs", []))


def test_a_wrong_answer_fails_its_own_cell_only_with_the_message_the_student_reads(repo_course, reference):
    wrong = {**reference, "forward": lambda x1, x2, w1, w2, b: w1 * x1 + w2 * x2 + b}  # z, not sigmoid(z)
    nb, found = graded(FakePool(wrong), submission(repo_course, A02))
    assert verdicts(found) == {"sgd-forward-test": ("verdict.failed",), "sgd-backward-test": None,
                               "sgd-update-test": None, "sgd-squared-test": None}
    message = ("`forward` on hidden case 1 of 8: `forward(x1, x2, w1, w2, b)` has wrong values: it is not the "
               "expected value.")
    assert nb.cells[index_of(nb, "sgd-forward-test")].outputs == [
        {"output_type": "error", "ename": "CheckFailed", "evalue": message, "traceback": [f"CheckFailed: {message}"]}]
    assert outcome_of(found).status == "ok"  # a wrong answer is a score, not a status


def test_the_failure_is_written_in_the_students_language(repo_course, reference):
    wrong = {**reference, "forward": lambda x1, x2, w1, w2, b: 0.5}
    nb, found = graded(FakePool(wrong), submission(repo_course, A02), student="li")
    [output] = nb.cells[index_of(nb, "sgd-forward-test")].outputs
    assert output["evalue"] == outcome_of(found).verdicts["sgd-forward-test"].render("zh-CN")
    assert "隐藏" in output["evalue"]  # hidden case, in Chinese


def test_what_the_students_process_said_in_a_test_cell_is_kept_but_scores_nothing(repo_course, reference):
    nb = submission(repo_course, A02)
    printed = [{"output_type": "stream", "name": "stdout", "text": "all good\n"},
               {"output_type": "stream", "name": "stderr", "text": "a warning\n"},
               {"output_type": "error", "ename": "AssertionError", "evalue": "forged", "traceback": []},
               {"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": "1"}, "metadata": {}}]
    nb, found = graded(FakePool(reference, {index_of(nb, "sgd-backward-test"): printed}), nb)
    # nbgrader scores a test cell 0 for an error or stderr output: the student's own ones no longer decide.
    assert nb.cells[index_of(nb, "sgd-backward-test")].outputs == [
        {"output_type": "stream", "name": "stdout", "text": "all good\n"},
        {"output_type": "stream", "name": "stdout", "text": "a warning\n"}]
    assert verdicts(found)["sgd-backward-test"] is None


def test_the_answers_outputs_and_counts_land_in_their_cells(repo_course, reference):
    nb = submission(repo_course, A02)
    shown = {"output_type": "stream", "name": "stdout", "text": "0.5\n"}
    forward_cell = index_of(nb, "sgd-forward-code")
    nb, _ = graded(FakePool(reference, {forward_cell: [shown]}), nb)
    assert (nb.cells[forward_cell].outputs, nb.cells[forward_cell].execution_count) == ([shown], 2)


def test_a_function_the_notebook_never_defined_is_named(repo_course, reference):
    missing = {name: f for name, f in reference.items() if name != "update"}
    _, found = graded(FakePool(missing), submission(repo_course, A02))
    assert verdicts(found)["sgd-update-test"] == ("verdict.undefined",)
    assert outcome_of(found).verdicts["sgd-update-test"] == say("verdict.undefined", name="update")


def test_results_too_large_to_take_are_named_with_their_size(repo_course, reference):
    pool = FakePool(reference)
    answer_of = pool.answer

    def oversized(job):
        answer = answer_of(job)
        del answer.results["sgd-update-test"]
        answer.oversized["sgd-update-test"] = 80_000_000
        return answer

    pool.answer = oversized
    _, found = graded(pool, submission(repo_course, A02))
    assert outcome_of(found).verdicts["sgd-update-test"] == \
        say("verdict.oversized", name="update", mb=80.0, limit=RESULTS_BYTES >> 20)


def test_a_lost_sandbox_is_a_crash_and_every_check_says_its_cell_did_not_run(repo_course):
    execute, found = configured(SandboxedExecute), resources(A02, "alice", ".")
    nb = submission(repo_course, A02)
    assert execute.prepare(nb, found) is not None
    nb, found = execute.complete(nb, found, None)  # what a pool answers for a sandbox that stopped answering
    nb, found = configured(TrustedVerdicts).preprocess(nb, found)
    outcome = outcome_of(found)
    assert (outcome.status, [m.keys for m in outcome.messages]) == ("crashed", [("outcome.stopped",)])
    assert verdicts(found) == dict.fromkeys(TESTS, ("verdict.cell_not_run",))
    assert outcome.not_run == list(TESTS)


def test_a_file_that_was_not_a_notebook_runs_nothing_and_every_cell_says_why(repo_course):
    nb = submission(repo_course, A02)
    why = say("integrity.refused", name="single_example_gd.ipynb",
              why=say("integrity.not_json", error="JSONDecodeError"))
    nb.metadata[META]["refused"] = ["malformed", why.to_data()]
    pool = FakePool({})
    nb, found = graded(pool, nb)
    assert pool.jobs == []
    outcome = outcome_of(found)
    assert (outcome.status, outcome.messages, outcome.gradable) == ("malformed", [why], False)
    assert set(verdicts(found).values()) == {("verdict.refused",)}


def test_the_first_passs_findings_become_the_status(repo_course, reference):
    nb = submission(repo_course, A02)
    found_first = [["repaired", say("integrity.answer_deleted", cell="sgd-update-code").to_data()]]
    nb.metadata[META]["findings"] = found_first
    _, found = graded(FakePool(reference), nb)
    outcome = outcome_of(found)
    assert (outcome.status, outcome.messages) == ("repaired", [say("integrity.answer_deleted", cell="sgd-update-code")])


def test_an_answer_cell_pasted_twice_keeps_its_last_copy_and_says_so(repo_course):
    nb = submission(repo_course, A02)
    answer = nb.cells[index_of(nb, "sgd-forward-code")]
    first = nbformat.from_dict({**answer, "source": "def forward(*args):\n    return 0\n"})
    nb.cells.insert(index_of(nb, "sgd-forward-code"), first)
    nb, _ = configured(CheckStructure).preprocess(nb, resources(A02, "alice", "."))
    assert [cell.source for cell in nb.cells if grade_id_of(cell) == "sgd-forward-code"] == [answer.source]
    assert nb.metadata[META]["findings"] == \
        [["repaired", say("integrity.answer_twice", cell="sgd-forward-code", count=2).to_data()]]


def test_changed_points_are_put_back_and_called_tampering(repo_course):
    nb = submission(repo_course, A02)
    cell = nb.cells[index_of(nb, "sgd-update-test")]
    points = cell.metadata.nbgrader["points"]
    cell.metadata.nbgrader["points"] = 100
    nb, _ = configured(CheckStructure).preprocess(nb, resources(A02, "alice", "."))
    assert nb.cells[index_of(nb, "sgd-update-test")].metadata.nbgrader["points"] == points
    assert nb.metadata[META]["findings"] == \
        [["tampered", say("integrity.points_changed", cell="sgd-update-test").to_data()]]


def test_a_refused_notebook_is_not_repaired(repo_course):
    nb = submission(repo_course, A02)
    del nb.cells[index_of(nb, "sgd-update-code")]
    nb.metadata[META]["refused"] = ["malformed", say("integrity.not_json", error="JSONDecodeError").to_data()]
    nb, _ = configured(CheckStructure).preprocess(nb, resources(A02, "alice", "."))
    assert nb.metadata[META]["findings"] == []


def test_the_status_is_written_beside_the_graded_notebook_and_the_notes_are_removed(repo_course, reference, tmp_path):
    wrong = {**reference, "update": lambda params, grads, alpha: params}
    nb, found = graded(FakePool(wrong), submission(repo_course, A02), folder=tmp_path)
    nb, _ = configured(RecordStatus).preprocess(nb, found)
    assert META not in nb.metadata
    written = Outcome.read(tmp_path)
    assert written == outcome_of(found)
    assert (written.student, written.status, written.verdicts["sgd-update-test"].keys) == \
        ("alice", "ok", ("verdict.failed",))
