"""04b_backpropagation: wrong answers cost exactly their own cell and right answers written otherwise get every
point; the reference passes the gradient check; the reverse network is drawn with the forward weights on its
edges; the trained network beats logistic regression on the interleaved classes, as the notebook says."""

from __future__ import annotations

from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from autograder import catalogue, figures, reference  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from tests.harness import answer_cell as _fn
from tests.harness import (
    assert_each_correct_answer_gets_full_marks,
    assert_each_wrong_answer_loses_exactly_its_points,  # noqa: E402
    with_changes,
)

ASSIGNMENT = "04b_backpropagation"


def change(grade_id, *edits):
    return with_changes(ASSIGNMENT, grade_id, *edits)


WRONG_ANSWERS = [
    # backpropagate
    ("bp-graph-code", "overwrites a node's gradient instead of adding what each edge sends back",
     change("bp-graph-code", ("grads[i] += local * grads[k]", "grads[i] = local * grads[k]"))),
    ("bp-graph-code", "visits the nodes in the order of the forward pass",
     change("bp-graph-code", ("for k in reversed(range(len(nodes))):", "for k in range(len(nodes)):"))),
    ("bp-graph-code", "never starts the output's gradient at 1",
     change("bp-graph-code", ("    grads[-1] = 1.0\n", ""))),
    ("bp-graph-code", "multiplies by the node's value instead of its local derivative",
     change("bp-graph-code", ('zip(nodes[k]["inputs"], nodes[k]["local"])',
                              'zip(nodes[k]["inputs"], [nodes[k]["value"]] * len(nodes[k]["inputs"]))'))),
    ("bp-graph-code", "sends back the local derivative alone, without the incoming gradient",
     change("bp-graph-code", ("grads[i] += local * grads[k]", "grads[i] += local"))),
    # forward_pass
    ("bp-forward-code", "forgets the biases",
     change("bp-forward-code", (' + params["b1"]', ""), (' + params["b2"]', ""))),
    ("bp-forward-code", "no sigmoid in the hidden layer: a1 = z1",
     change("bp-forward-code", ("a1 = sigmoid(z1)", "a1 = z1"))),
    ("bp-forward-code", "feeds z1 instead of a1 into the output layer",
     change("bp-forward-code", ('params["W2"] @ a1', 'params["W2"] @ z1'))),
    ("bp-forward-code", "multiplies in the wrong order: x.T @ W1.T gives a row",
     change("bp-forward-code", ('params["W1"] @ x', 'x.T @ params["W1"].T'))),
    ("bp-forward-code", "returns a tuple instead of the cache dictionary",
     change("bp-forward-code", ('return {"z1": z1, "a1": a1, "z2": z2, "a2": a2}', "return z1, a1, z2, a2"))),
    # hidden_dz
    ("bp-hiddendz-code", "forgets the amplifier sigma'(z) = a (1 - a)",
     change("bp-hiddendz-code", ("dz = a * (1 - a) * (W_next.T @ dz_next)", "dz = W_next.T @ dz_next"))),
    ("bp-hiddendz-code", "no transpose: W_next @ dz_next (fits only when the layers have the same size)",
     change("bp-hiddendz-code", ("W_next.T @ dz_next", "W_next @ dz_next"))),
    ("bp-hiddendz-code", "applies the sigmoid to a before taking the slope",
     change("bp-hiddendz-code", ("a * (1 - a)", "sigmoid(a) * (1 - sigmoid(a))"))),
    ("bp-hiddendz-code", "sign error in the slope: a (a - 1)",
     change("bp-hiddendz-code", ("a * (1 - a)", "a * (a - 1)"))),
    ("bp-hiddendz-code", "a matrix product where the amplifier is elementwise",
     change("bp-hiddendz-code", ("a * (1 - a) * (W_next.T @ dz_next)", "(a * (1 - a)).T @ (W_next.T @ dz_next)"))),
    # backward_pass
    ("bp-backward-code", "sign error at the output: y - a2",
     change("bp-backward-code", ('dz2 = cache["a2"] - y', 'dz2 = y - cache["a2"]'))),
    ("bp-backward-code", "sends z1 instead of a1 to hidden_dz",
     change("bp-backward-code", ('cache["a1"])', 'cache["z1"])'))),
    ("bp-backward-code", "sends dz2 back through W1 instead of W2",
     change("bp-backward-code", ('params["W2"]', 'params["W1"]'))),
    ("bp-backward-code", "names the keys dZ1 and dZ2",
     change("bp-backward-code", ('{"dz2": dz2, "dz1": dz1}', '{"dZ2": dz2, "dZ1": dz1}'))),
    # gradients
    ("bp-gradients-code", "z1 instead of a1 as the values entering the output layer",
     change("bp-gradients-code", ('cache["a1"].T', 'cache["z1"].T'))),
    ("bp-gradients-code", "each layer multiplied by the other layer's inputs",
     change("bp-gradients-code", ('dz["dz1"] @ x.T', 'dz["dz1"] @ cache["a1"].T'),
            ('dz["dz2"] @ cache["a1"].T', 'dz["dz2"] @ x.T'))),
    ("bp-gradients-code", "inner product instead of outer product: x.T @ dz1",
     change("bp-gradients-code", ('dz["dz1"] @ x.T', 'x.T @ dz["dz1"]'))),
    ("bp-gradients-code", "biases' gradients summed to a number",
     change("bp-gradients-code", ('"db1": dz["dz1"]', '"db1": float(np.sum(dz["dz1"]))'),
            ('"db2": dz["dz2"]', '"db2": float(np.sum(dz["dz2"]))'))),
    # batch_gradients
    ("bp-batch-code", "forgets to divide by m: the gradients of the total loss, not of the cost J",
     change("bp-batch-code", ("    m = X.shape[1]\n", "    m = 1\n"))),
    ("bp-batch-code", "biases' gradients not added up: one column per example",
     change("bp-batch-code", ('np.sum(dz["dz1"], axis=1, keepdims=True) / m', 'dz["dz1"] / m'),
            ('np.sum(dz["dz2"], axis=1, keepdims=True) / m', 'dz["dz2"] / m'))),
    ("bp-batch-code", "sums the biases' gradients over the wrong axis (the neurons)",
     change("bp-batch-code", ('np.sum(dz["dz1"], axis=1, keepdims=True)', 'np.sum(dz["dz1"], axis=0, keepdims=True)'),
            ('np.sum(dz["dz2"], axis=1, keepdims=True)', 'np.sum(dz["dz2"], axis=0, keepdims=True)'))),
    ("bp-batch-code", "sums without keepdims: the biases' gradients are 1-D",
     change("bp-batch-code", ('np.sum(dz["dz1"], axis=1, keepdims=True)', 'np.sum(dz["dz1"], axis=1)'),
            ('np.sum(dz["dz2"], axis=1, keepdims=True)', 'np.sum(dz["dz2"], axis=1)'))),
    ("bp-batch-code", "uses only the first example",
     change("bp-batch-code", ("    cache = forward_pass(X, params)\n", "    X, Y = X[:, :1], Y[:, :1]\n"
                                                                     "    cache = forward_pass(X, params)\n"))),
]

CORRECT_ANSWERS = [
    ("bp-graph-code", "gradients in a dictionary, nodes visited through reversed(list(enumerate(...)))",
     _fn("backpropagate(nodes)",
         "grad = {k: 0.0 for k in range(len(nodes))}",
         "grad[len(nodes) - 1] = 1.0",
         "for k, node in reversed(list(enumerate(nodes))):",
         "    for parent, d in zip(node['inputs'], node['local']):",
         "        grad[parent] = grad[parent] + d * grad[k]",
         "return [grad[k] for k in range(len(nodes))]")),
    ("bp-graph-code", "a NumPy array of gradients, filled with a while loop from the end",
     _fn("backpropagate(nodes)",
         "g = np.zeros(len(nodes))",
         "g[-1] = 1",
         "k = len(nodes) - 1",
         "while k >= 0:",
         "    for j in range(len(nodes[k]['inputs'])):",
         "        g[nodes[k]['inputs'][j]] += nodes[k]['local'][j] * g[k]",
         "    k -= 1",
         "return g")),
    ("bp-graph-code", "recursion over the users of each node, with a cache",
     _fn("backpropagate(nodes)",
         "users = [[] for _ in nodes]",
         "for k, node in enumerate(nodes):",
         "    for i, d in zip(node['inputs'], node['local']):",
         "        users[i].append((k, d))",
         "memo = {}",
         "def grad(k):",
         "    if k not in memo:",
         "        memo[k] = 1.0 if k == len(nodes) - 1 else sum(d * grad(u) for u, d in users[k])",
         "    return memo[k]",
         "return [grad(k) for k in range(len(nodes))]")),
    ("bp-batch-code", "np.mean over the examples for the biases, np.dot for the weights",
     _fn("batch_gradients(X, Y, params)",
         "cache = forward_pass(X, params)",
         "dz = backward_pass(Y, params, cache)",
         "m = X.shape[1]",
         "return {'dW1': np.dot(dz['dz1'], X.T) / m, 'db1': np.mean(dz['dz1'], axis=1, keepdims=True),",
         "        'dW2': np.dot(dz['dz2'], cache['a1'].T) / m, 'db2': np.mean(dz['dz2'], axis=1, keepdims=True)}")),
    ("bp-batch-code", "one example at a time with gradients(), then the average",
     _fn("batch_gradients(X, Y, params)",
         "m = X.shape[1]",
         "total = {name: np.zeros_like(value) for name, value in params.items()}",
         "for n in range(m):",
         "    x, y = X[:, [n]], Y[:, [n]]",
         "    cache = forward_pass(x, params)",
         "    one = gradients(x, cache, backward_pass(y, params, cache))",
         "    for name in total:",
         "        total[name] += one['d' + name]",
         "return {'d' + name: value / m for name, value in total.items()}")),
    ("bp-batch-code", "sums with .sum(axis=1) reshaped to a column, and asserts on the shapes",
     _fn("batch_gradients(X, Y, params)",
         "m = X.shape[1]",
         "c = forward_pass(X, params)",
         "d = backward_pass(Y, params, c)",
         "db1 = d['dz1'].sum(axis=1).reshape(-1, 1) / m",
         "db2 = d['dz2'].sum(axis=1).reshape(-1, 1) / m",
         "dW1 = d['dz1'] @ X.T / m",
         "dW2 = d['dz2'] @ c['a1'].T / m",
         "assert dW1.shape == params['W1'].shape and dW2.shape == params['W2'].shape",
         "return dict(dW1=dW1, db1=db1, dW2=dW2, db2=db2)")),
]

# Correct answers with other parameter names than the notebook's: each gets every point.
RENAMED = [
    ("forward_pass(inputs, p)", {"bp-forward-code": (
        "def forward_pass(inputs, p):\n"
        "    h = p[\"W1\"] @ inputs + p[\"b1\"]\n"
        "    out = p[\"W2\"] @ sigmoid(h) + p[\"b2\"]\n"
        "    return {\"z1\": h, \"a1\": sigmoid(h), \"z2\": out, \"a2\": sigmoid(out)}\n")}),
    ("hidden_dz(W, delta, act)", {"bp-hiddendz-code": (
        "def hidden_dz(W, delta, act):\n    return act * (1 - act) * (W.T @ delta)\n")}),
    ("backward_pass(target, p, c)", {"bp-backward-code": (
        "def backward_pass(target, p, c):\n"
        "    d2 = c[\"a2\"] - target\n"
        "    return {\"dz2\": d2, \"dz1\": hidden_dz(p[\"W2\"], d2, c[\"a1\"])}\n")}),
    ("gradients(inputs, c, d)", {"bp-gradients-code": (
        "def gradients(inputs, c, d):\n"
        "    return {\"dW1\": d[\"dz1\"] @ inputs.T, \"db1\": d[\"dz1\"], \"dW2\": d[\"dz2\"] @ c[\"a1\"].T,\n"
        "            \"db2\": d[\"dz2\"]}\n")}),
]


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class(ASSIGNMENT), WRONG_ANSWERS, RENAMED)


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class(ASSIGNMENT), CORRECT_ANSWERS)


@pytest.fixture(scope="module")
def ref():
    assignment = catalogue.load(REPO).get(ASSIGNMENT)
    return reference.load(REPO / "source" / ASSIGNMENT / assignment.notebook)


def _numerical_gradients(ref, x, y, params):
    def cost(p):
        return float(np.sum(ref["loss"](ref["forward_pass"](x, p)["a2"], y)))
    return {f"d{name}": ref["numerical_gradient"](lambda value, name=name: cost({**params, name: value}),
                                                             params[name])
            for name in ("W1", "b1", "W2", "b2")}


def _network(rng, n_x, n_h, n_y):
    params = {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1)),
              "W2": rng.normal(size=(n_y, n_h)), "b2": rng.normal(size=(n_y, 1))}
    return rng.normal(size=(n_x, 1)), (rng.random((n_y, 1)) > 0.5).astype(float), params


@pytest.mark.parametrize("sizes", [(2, 2, 2), (3, 4, 1), (5, 2, 3), (1, 3, 2)])
def test_reference_backpropagation_agrees_with_the_numerical_gradient(ref, sizes):
    x, y, params = _network(np.random.default_rng(sum(sizes)), *sizes)
    cache = ref["forward_pass"](x, params)
    grads = ref["gradients"](x, cache, ref["backward_pass"](y, params, cache))
    numerical = _numerical_gradients(ref, x, y, params)
    errors = {name: ref["gradient_check"](grads[name], numerical[name]) for name in numerical}
    assert all(error < 1e-7 for error in errors.values()), errors


def test_the_gradient_check_points_at_the_layer_with_the_mistake(ref):
    """The notebook's claim: without the amplifiers the check fails for W1 and b1 only."""
    x, y, params = ref["x_example"], ref["y_example"], ref["params_example"]
    cache = ref["forward_pass"](x, params)
    dz = ref["backward_pass"](y, params, cache)
    a1 = cache["a1"]
    wrong = ref["gradients"](x, cache, {"dz2": dz["dz2"], "dz1": dz["dz1"] / (a1 * (1 - a1))})
    numerical = _numerical_gradients(ref, x, y, params)
    errors = {name: ref["gradient_check"](wrong[name], numerical[name]) for name in numerical}
    assert errors["dW1"] > 1e-1 and errors["db1"] > 1e-1
    assert errors["dW2"] < 1e-7 and errors["db2"] < 1e-7


def test_reverse_network_edges_carry_the_forward_weights(ref):
    """Each edge of the reverse network is labelled with its forward weight (not with a dC/dw), and each
    hidden unit with its amplifier sigma'(z) = a (1 - a); the cost C is named in the forward network."""
    x, y, params = ref["x_example"], ref["y_example"], ref["params_example"]
    cache = ref["forward_pass"](x, params)
    dz = ref["backward_pass"](y, params, cache)
    plt.close("all")
    figures.reverse_network(x, y, params, cache, dz)
    top, bottom = plt.gcf().axes
    numbers = Counter(t.get_text() for t in bottom.texts if t.get_text().lstrip("-").replace(".", "").isdigit())
    assert numbers == Counter(f"{w:g}" for w in params["W2"].ravel())
    bottom_text = " ".join(t.get_text() for t in bottom.texts)
    assert "partial w" not in bottom_text and "partial W" not in bottom_text
    for k, a in enumerate(cache["a1"].ravel()):
        assert f"= {a * (1 - a):.3f}" in bottom_text
        assert f"= {dz['dz1'][k, 0]:.3f}" in bottom_text
    assert any(t.get_text().startswith("$C$") for t in top.texts)
    plt.close("all")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The lines the source notebook prints, run top to bottom in a fresh kernel from a copy of the course."""
    import nbformat
    from nbclient import NotebookClient

    from tests.conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("run04b"))
    folder = root / "source" / ASSIGNMENT
    nb = nbformat.read(folder / "backpropagation.ipynb", as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return [line for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs
            if o.output_type == "stream" for line in o.text.splitlines()]


def test_the_trained_network_beats_logistic_regression_on_the_interleaved_classes(printed):
    """The notebook's claim, from its own run: one neuron stays near a coin toss, the two-layer network fits."""
    accuracy = {line.split(":")[0].strip(): float(line.split(":")[1].split("%")[0]) for line in printed
                if line.startswith(("logistic regression:", "two-layer network:"))}
    assert accuracy == {"logistic regression": 56.0, "two-layer network": 97.5}


def test_backpropagate_on_the_hidden_neuron_graph_agrees_with_the_numerical_derivative(printed):
    line = next(line for line in printed if line.startswith("dC/dw: backpropagate"))
    assert float(line.rsplit(" ", 1)[1]) < 1e-7


def test_batch_gradients_are_the_average_of_one_example_gradients(ref):
    """Exercise 6's claim: the gradients over m columns are the mean of the single-example gradients."""
    rng = np.random.default_rng(4)
    _, _, params = _network(rng, 3, 4, 2)
    X, Y = rng.normal(size=(3, 5)), (rng.random((2, 5)) > 0.5).astype(float)
    batch = ref["batch_gradients"](X, Y, params)
    for name in batch:
        singles = []
        for n in range(5):
            cache = ref["forward_pass"](X[:, [n]], params)
            singles.append(ref["gradients"](X[:, [n]], cache, ref["backward_pass"](Y[:, [n]], params, cache))[name])
        assert np.allclose(batch[name], np.mean(singles, axis=0)), name
