#!/usr/bin/env python
"""Run every catalogued student against the PUBLIC checks of the released notebooks.

For each Student the released notebook is rebuilt with the student's answer cells (and a correct reference
answer, written below, wherever the student gave none), with the student's extra cells inserted after their
anchors. The cells are then executed in order in one namespace, the way a kernel runs them: the setup cell,
answer cells, public test cells, extra cells and (unless --no-illustrations) the illustration cells, in
grading mode (NBGRADER_EXECUTION is set, so the illustrations do their short version).

Expectations:
* a CORRECT student passes every public test cell, and none of its cells raises;
* a MISTAKE fails the public test cell of each answer cell listed in `wrong`, unless its story says
  "public check passes" (a mistake that only shows on hidden inputs or in the code's structure); any other
  test cell may fail only if it is downstream of a wrong function (it calls it), see DOWNSTREAM;
* a DISPUTED student (an honest reading of the prose that the public checks reject, listed apart) is only
  reported.

Usage:  .venv/bin/python tests/students/verify_public.py [-a 05] [-s NAME ...] [--no-illustrations] [-v]
        .venv/bin/python tests/students/verify_public.py --kernel -s c05-full-dlai   (real kernel via nbclient)
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import linecache
import os
import signal
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
os.environ.setdefault("CATVNONCAT_DIR", "/work/shared/data")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NBGRADER_EXECUTION", "autograde")
sys.path.insert(0, str(HERE.parent))  # makes `students` importable without importing the `tests` package

import nbformat  # noqa: E402

MODULES = {
    "01": "a01_loss_derivation",
    "02": "a02_single_example_gd",
    "03": "a03_m_example_loop",
    "04": "a04_vectorization",
    "05": "a05_cat_classifier",
    "b01": "b01_loss_derivation",
    "b02": "b02_single_example_gd",
    "b03": "b03_m_example_loop",
    "b04": "b04_vectorization",
    "b04b": "b04b_backpropagation",
    "b05": "b05_cat_classifier",
}
NOTEBOOKS = {
    "01_loss_derivation": "release/01_loss_derivation/loss_derivation.ipynb",
    "02_single_example_gd": "release/02_single_example_gd/single_example_gd.ipynb",
    "03_m_example_loop": "release/03_m_example_loop/m_example_loop.ipynb",
    "04_vectorization": "release/04_vectorization/vectorization.ipynb",
    "04b_backpropagation": "release/04b_backpropagation/backpropagation.ipynb",
    "05_cat_classifier": "release/05_cat_classifier/cat_classifier.ipynb",
}

# ---------------------------------------------------------------------------------------------------------
# My own correct answers, used for every answer cell a student did not write.
# ---------------------------------------------------------------------------------------------------------
REFERENCE = {
    # 01
    "loss-sigmoid-code": '''
def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), elementwise."""
    return 1 / (1 + np.exp(-z))
''',
    "loss-loss-code": '''
def loss(a, y):
    """Cross-entropy loss of each prediction a against its label y, elementwise."""
    return -(y * np.log(a) + (1 - y) * np.log(1 - a))
''',
    "loss-loglik-code": '''
def log_likelihood(A, Y):
    """Sum over the m examples of y log a + (1 - y) log(1 - a)."""
    return float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
    "loss-dlda-code": '''
def dL_da(a, y):
    """Derivative of the loss L(a, y) with respect to a, elementwise."""
    return -y / a + (1 - y) / (1 - a)
''',
    "loss-dadz-code": '''
def da_dz(a):
    """Derivative of a = sigmoid(z) with respect to z, written in terms of a."""
    return a * (1 - a)
''',
    "loss-dldz-code": '''
def dL_dz(a, y):
    """Derivative of the loss with respect to z, where a = sigmoid(z)."""
    return a - y
''',
    "loss-numderiv-code": '''
def numerical_derivative(f, x, eps=1e-5):
    """Centered-difference estimate of f'(x)."""
    return (f(x + eps) - f(x - eps)) / (2 * eps)
''',
    "loss-gradcheck-code": '''
def gradient_check(analytic, numerical):
    """Relative error between an analytic and a numerical derivative (0 means they agree)."""
    difference = np.linalg.norm(np.asarray(analytic) - np.asarray(numerical))
    size = np.linalg.norm(analytic) + np.linalg.norm(numerical)
    if size == 0:
        return 0.0
    return float(difference / size)
''',
    # 02
    "sgd-forward-code": '''
def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(w1 * x1 + w2 * x2 + b)
''',
    "sgd-backward-code": '''
def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}
''',
    "sgd-update-code": '''
def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {"w1": params["w1"] - alpha * grads["dw1"],
            "w2": params["w2"] - alpha * grads["dw2"],
            "b": params["b"] - alpha * grads["db"]}
''',
    "sgd-squared-code": '''
def backward_squared(x1, x2, a, y):
    """Derivatives of the squared-error loss (a - y)^2 / 2 with respect to w1, w2 and b, for one example."""
    dz = (a - y) * a * (1 - a)
    return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}
''',
    # 03
    "loop-costgrads-code": '''
def cost_and_grads_loop(w, b, X, Y):
    """Cost J and its gradient (dw, db) over all m examples, with explicit loops."""
    n, m = X.shape
    J, dw, db = 0.0, np.zeros((n, 1)), 0.0
    for i in range(m):
        z = b
        for j in range(n):
            z += w[j, 0] * X[j, i]
        a = 1 / (1 + np.exp(-z))
        y = Y[0, i]
        J += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        dz = a - y
        for j in range(n):
            dw[j, 0] += X[j, i] * dz
        db += dz
    return float(J / m), dw / m, float(db / m)
''',
    "loop-step-code": '''
def gd_step(w, b, dw, db, alpha):
    """One gradient-descent step on the weights and the bias."""
    return w - alpha * dw, float(b - alpha * db)
''',
    # 04
    "vec-center-code": '''
def center_features(X):
    """X (n, m) -> X with each row's mean over the m examples subtracted, a float array (n, m)."""
    return X - np.mean(X, axis=1, keepdims=True)
''',
    "vec-forward-code": '''
def forward(w, b, X):
    """w (n, 1), b float, X (n, m) -> A = sigmoid(w^T X + b), a float array (1, m)."""
    return sigmoid(np.dot(w.T, X) + b)
''',
    "vec-cost-code": '''
def cost(A, Y):
    """A (1, m) activations, Y (1, m) labels -> the cross-entropy cost J, a float."""
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
''',
    "vec-backward-code": '''
def backward(X, A, Y):
    """X (n, m), A (1, m), Y (1, m) -> (dw (n, 1) array, db float), the gradients of the cost."""
    m = X.shape[1]
    dZ = A - Y
    return np.dot(X, dZ.T) / m, float(np.sum(dZ) / m)
''',
    # 04b
    "bp-graph-code": '''
def backpropagate(nodes):
    """nodes in the order they were computed -> [dC/d(node k) for every k], C being the last node."""
    grads = [0.0] * len(nodes)
    grads[-1] = 1.0
    for k in range(len(nodes) - 1, -1, -1):
        for source, local in zip(nodes[k]["inputs"], nodes[k]["local"]):
            grads[source] += local * grads[k]
    return grads
''',
    "bp-forward-code": '''
def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = params["W1"] @ x + params["b1"]
    a1 = 1 / (1 + np.exp(-z1))
    z2 = params["W2"] @ a1 + params["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": 1 / (1 + np.exp(-z2))}
''',
    "bp-hiddendz-code": '''
def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    return a * (1 - a) * (W_next.T @ dz_next)
''',
    "bp-backward-code": '''
def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dz2 = cache["a2"] - y
    return {"dz2": dz2, "dz1": hidden_dz(params["W2"], dz2, cache["a1"])}
''',
    "bp-gradients-code": '''
def gradients(x, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    return {"dW1": dz["dz1"] @ x.T, "db1": dz["dz1"], "dW2": dz["dz2"] @ cache["a1"].T, "db2": dz["dz2"]}
''',
    "bp-batch-code": '''
def batch_gradients(X, Y, params):
    """X (n_x, m), Y (n_y, m), params -> {"dW1", "db1", "dW2", "db2"}: the gradients of the mean cost J."""
    m = X.shape[1]
    cache = forward_pass(X, params)
    dz = backward_pass(Y, params, cache)
    return {"dW1": dz["dz1"] @ X.T / m, "db1": dz["dz1"].sum(axis=1, keepdims=True) / m,
            "dW2": dz["dz2"] @ cache["a1"].T / m, "db2": dz["dz2"].sum(axis=1, keepdims=True) / m}
''',
    # 05
    "cat-flatten-code": '''
def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(images.shape[0], -1).T / 255
''',
    "cat-sigmoid-code": '''
def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return 1 / (1 + np.exp(-z))
''',
    "cat-init-code": '''
def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    return np.zeros((dim, 1)), 0.0
''',
    "cat-propagate-code": '''
def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": float(db)}, float(cost)
''',
    "cat-optimize-code": '''
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, grads, costs
''',
    "cat-predict-code": '''
def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5).astype(float)
''',
    "cat-model-code": '''
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.005, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(100 - 100 * np.mean(np.abs(Y_prediction_train - Y_train)))
    test_accuracy = float(100 - 100 * np.mean(np.abs(Y_prediction_test - Y_test)))
    if print_cost:
        print(f"train accuracy: {train_accuracy} %")
        print(f"test accuracy: {test_accuracy} %")
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''',
    "cat-stable-code": '''
def cost_from_z(Z, Y):
    """Z (1, m) = w^T X + b, Y (1, m) -> the cross-entropy cost J, a float, finite for every finite Z."""
    return float(np.mean(Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)))
''',
}

# Which answer cells each public test cell calls (directly, or through the functions it calls). A test cell may
# fail for a MISTAKE student only when one of these is in the student's `wrong`.
DOWNSTREAM = {
    "loss-dldz-test": {"loss-dldz-code", "loss-dlda-code", "loss-dadz-code"},
    "cat-propagate-test": {"cat-propagate-code", "cat-sigmoid-code"},
    "cat-optimize-test": {"cat-optimize-code", "cat-propagate-code", "cat-sigmoid-code"},
    "cat-predict-test": {"cat-predict-code", "cat-sigmoid-code"},
    "bp-backward-test": {"bp-backward-code", "bp-hiddendz-code"},
    "bp-batch-test": {"bp-batch-code", "bp-forward-code", "bp-backward-code", "bp-hiddendz-code"},
    "cat-model-test": {"cat-model-code", "cat-init-code", "cat-optimize-code", "cat-propagate-code",
                       "cat-predict-code", "cat-sigmoid-code"},
}
PUBLIC_PASS_MARK = "public check passes"


class CellTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CellTimeout("the cell ran longer than the time limit")


def run_cell(source, namespace, filename, limit=120):
    """Execute one cell like a kernel would. Returns (ok, error text, printed output)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    out = io.StringIO()
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            exec(compile(source, filename, "exec"), namespace)
        return True, "", out.getvalue()
    except BaseException as error:  # a student's cell may raise anything, even SystemExit
        if isinstance(error, KeyboardInterrupt):
            raise
        last = traceback.format_exception_only(type(error), error)[-1].strip()
        return False, last, out.getvalue()
    finally:
        signal.alarm(0)


def load_notebook(assignment):
    return nbformat.read(ROOT / NOTEBOOKS[assignment], as_version=4)


def build_cells(nb, student):
    """The student's notebook as a list of (kind, grade id or '', source) in execution order."""
    cells = []
    extras = {}
    for anchor, source in student.extra_cells:
        extras.setdefault(anchor, []).append(source)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id", "")
        if not gid:
            cells.append(("illustration", "", cell.source))
        elif gid.endswith("-code"):
            source = student.answers.get(gid, REFERENCE[gid])
            cells.append(("answer", gid, source))
        elif meta.get("grade"):
            cells.append(("test", gid, cell.source))
        else:
            cells.append(("setup", gid, cell.source))
        for k, source in enumerate(extras.pop(gid, []) if gid else []):
            cells.append(("extra", f"{gid}+{k}", source))
    if extras:
        raise ValueError(f"{student.name}: extra cells anchored to unknown grade ids {sorted(extras)}")
    return cells


def run_student(nb, student, illustrations=True):
    import matplotlib.pyplot as plt

    # A fresh import of the course's package for every student, as in a new kernel: no state carries over.
    for module_name in [name for name in sys.modules if name == "autograder" or name.startswith("autograder.")]:
        del sys.modules[module_name]
    namespace = {"__name__": "__main__"}
    results = []  # (kind, gid, ok, error)
    for index, (kind, gid, source) in enumerate(build_cells(nb, student)):
        if kind == "illustration" and not illustrations:
            continue
        ok, error, _ = run_cell(source, namespace, f"<{student.name}-cell-{index}>")
        results.append((kind, gid, ok, error))
    plt.close("all")
    return results


def judge(kind_of_student, student, results):
    """Compare the results with the expectations. Returns (agrees, notes)."""
    notes = []
    failed_tests = {gid: error for kind, gid, ok, error in results if kind == "test" and not ok}
    failed_other = [(kind, gid, error) for kind, gid, ok, error in results if kind != "test" and not ok]
    agrees = True
    if kind_of_student == "correct":
        for gid, error in failed_tests.items():
            agrees = False
            notes.append(f"public check {gid} FAILED: {error}")
        for kind, gid, error in failed_other:
            agrees = False
            notes.append(f"{kind} cell {gid or '(illustration)'} raised: {error}")
    elif kind_of_student == "mistake":
        public_pass = PUBLIC_PASS_MARK in student.story
        if not student.wrong:
            agrees = False
            notes.append("a mistake with an empty `wrong`")
        for code in sorted(student.wrong):
            test = code.replace("-code", "-test")
            if public_pass and test in failed_tests:
                agrees = False
                notes.append(f"story says the public check passes, but {test} failed: {failed_tests[test]}")
            elif not public_pass and test not in failed_tests:
                agrees = False
                notes.append(f"expected {test} to fail, but it passed")
        for gid, error in failed_tests.items():
            own = gid.replace("-test", "-code")
            if own in student.wrong:
                notes.append(f"own check {gid} fails: {error}")
                continue
            if DOWNSTREAM.get(gid, {own}) & student.wrong:
                notes.append(f"downstream check {gid} fails (calls a wrong function): {error}")
            else:
                agrees = False
                notes.append(f"UNRELATED check {gid} fails: {error}")
        for kind, gid, error in failed_other:
            if kind in ("answer", "setup"):
                agrees = False
            notes.append(f"{kind} cell {gid or '(illustration)'} raised: {error}")
    else:  # disputed
        for gid, error in failed_tests.items():
            notes.append(f"public check {gid} fails: {error}")
        for kind, gid, error in failed_other:
            notes.append(f"{kind} cell {gid or '(illustration)'} raised: {error}")
    return agrees, notes


def catalogue(selected_assignments):

    for key in selected_assignments:
        module = importlib.import_module(f"students.{MODULES[key]}")
        yield module, "correct", module.CORRECT
        yield module, "mistake", module.MISTAKES + getattr(module, "DODGES", [])
        yield module, "disputed", getattr(module, "DISPUTED", [])


def check_catalogue(selected):
    """Static checks of the catalogue: unique valid names, known grade ids."""
    import re

    import students

    problems, names = [], set()
    for module, kind, group in catalogue(selected):
        nb = load_notebook(module.ASSIGNMENT)
        ids = {c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells}
        for student in group:
            if not isinstance(student, students.Student):
                problems.append(f"{student!r} is not a Student")
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", student.name):
                problems.append(f"{student.name}: not a valid folder name")
            if student.name in names:
                problems.append(f"{student.name}: duplicate name")
            names.add(student.name)
            for gid in list(student.answers) + list(student.wrong):
                if gid not in ids or not gid.endswith("-code"):
                    problems.append(f"{student.name}: unknown answer cell {gid}")
            for gid in student.wrong:
                if gid not in student.answers:
                    problems.append(f"{student.name}: wrong cell {gid} has no answer of the student's")
            if kind == "correct" and student.wrong:
                problems.append(f"{student.name}: a correct student with a non-empty `wrong`")
            for anchor, _ in student.extra_cells:
                if anchor not in ids:
                    problems.append(f"{student.name}: extra cell anchored to unknown {anchor}")
    return problems


def run_with_kernel(nb, student):
    """Execute the student's notebook in a real kernel with nbclient; report errors per test cell."""
    from nbclient import NotebookClient

    new = nbformat.v4.new_notebook()
    new.metadata = nb.metadata
    kinds = []
    for kind, gid, source in build_cells(nb, student):
        new.cells.append(nbformat.v4.new_code_cell(source))
        kinds.append((kind, gid))
    NotebookClient(new, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    results = []
    for (kind, gid), cell in zip(kinds, new.cells, strict=True):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        error = f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors else ""
        results.append((kind, gid, not errors, error))
    return results


def _run_job(job):
    """Run one student (in a worker process when --jobs > 1). Returns (results, seconds)."""
    module_name, name, kernel, illustrations = job
    module = importlib.import_module(module_name)
    student = next(s for group in (module.CORRECT, module.MISTAKES, getattr(module, "DODGES", []),
                                   getattr(module, "DISPUTED", []))
                   for s in group if s.name == name)
    nb = load_notebook(module.ASSIGNMENT)
    started = time.time()
    if kernel:
        results = run_with_kernel(nb, student)
    else:
        results = run_student(nb, student, illustrations=illustrations)
    return results, time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-a", "--assignment", action="append", choices=sorted(MODULES),
                        help="only these catalogues (01..05 for a01_..., b01..b05 and b04b for b01_...); repeatable")
    parser.add_argument("-s", "--student", action="append", help="only these students; repeatable")
    parser.add_argument("--no-illustrations", action="store_true", help="skip the illustration cells")
    parser.add_argument("--kernel", action="store_true", help="run in a real kernel (nbclient); slow")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the notes of every student")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="run students in this many processes")
    args = parser.parse_args()

    selected = args.assignment or sorted(MODULES)
    problems = check_catalogue(selected)
    for problem in problems:
        print("CATALOGUE:", problem)

    summary = {}
    disagreements = []
    started = time.time()
    tasks = [(module, kind, student) for module, kind, group in catalogue(selected) for student in group
             if not args.student or student.name in args.student]
    jobs = [(module.__name__, student.name, args.kernel, not args.no_illustrations) for module, _, student in tasks]
    if args.jobs > 1:
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(args.jobs, maxtasksperchild=4) as pool:
            outcomes = pool.map(_run_job, jobs, chunksize=1)
    else:
        outcomes = map(_run_job, jobs)
    for (module, kind, student), (results, seconds) in zip(tasks, outcomes, strict=True):
        agrees, notes = judge(kind, student, results)
        row = summary.setdefault(module.ASSIGNMENT, {})
        total, good = row.get(kind, (0, 0))
        row[kind] = (total + 1, good + agrees)
        tests = [(gid, ok) for k, gid, ok, _ in results if k == "test"]
        marks = " ".join(("+" if ok else "-") + gid.split("-")[1] for gid, ok in tests)
        flag = "ok  " if agrees else "DIFF"
        if kind == "disputed":
            flag = "info"
        if args.verbose or not agrees or kind == "disputed":
            print(f"{flag} {kind:8} {student.name:34} {marks}  ({seconds:.1f} s)")
            for note in notes:
                print(f"         {note}")
        if not agrees:
            disagreements.append(student.name)

    print()
    print(f"{'assignment':24} {'correct':>12} {'mistakes':>12} {'disputed':>9}   (agreeing / total)")
    for assignment, row in summary.items():
        cells = []
        for kind in ("correct", "mistake"):
            total, good = row.get(kind, (0, 0))
            cells.append(f"{good:>5} / {total:<4}")
        cells.append(f"{row.get('disputed', (0, 0))[0]:>9}")
        print(f"{assignment:24} {cells[0]:>12} {cells[1]:>12} {cells[2]}")
    print(f"{len(disagreements)} disagreement(s); {len(problems)} catalogue problem(s); "
          f"{time.time() - started:.0f} s")
    if disagreements:
        print("disagreeing:", ", ".join(disagreements))
    return 1 if disagreements or problems else 0


if __name__ == "__main__":
    sys.exit(main())
