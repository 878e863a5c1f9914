"""Hidden checks of 04b_backpropagation: required networks every student meets, fresh ones drawn for each,
judged against the reference.

The required networks have three layers of different sizes (a missing transpose cannot fit by accident),
layers of one neuron, and layers of equal size, where only the values show a missing transpose. Drawn layer
sizes always differ.
"""

import numpy as np

from autograder import checks
from autograder.authoring import Check
from autograder.i18n import say


def _sizes(rng):
    n_x, n_h, n_y = (int(k) for k in rng.choice(np.arange(1, 7), size=3, replace=False))
    return n_x, n_h, n_y


def _network(rng, sizes=None):
    n_x, n_h, n_y = sizes or _sizes(rng)
    params = {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1)),
              "W2": rng.normal(size=(n_y, n_h)), "b2": rng.normal(size=(n_y, 1))}
    x = rng.normal(size=(n_x, 1))
    y = (rng.random((n_y, 1)) > 0.5).astype(float)
    return x, y, params


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _cache(x, params):
    """The forward pass, written here so that the cases of later exercises do not depend on the student's."""
    z1 = params["W1"] @ x + params["b1"]
    z2 = params["W2"] @ _sigmoid(z1) + params["b2"]
    return {"z1": z1, "a1": _sigmoid(z1), "z2": z2, "a2": _sigmoid(z2)}


def _dictionary_of_arrays(name):
    """Same keys as the reference, each value an array of the reference's shape and values."""
    def compare(got, expected, args):
        checks.check_dict(name, got, expected)
        for key in sorted(expected):
            checks.check_array(f'{name}["{key}"]', got[key], expected[key])
    return compare


# Sizes (n_x, n_h, n_y) every student meets: all different, one neuron at each end, all equal.
REQUIRED_SIZES = ((3, 2, 1), (1, 4, 2), (2, 3, 5), (2, 2, 2))


def _required_networks():
    fixed = np.random.default_rng(44)
    return [_network(fixed, sizes) for sizes in REQUIRED_SIZES]


def forward_required():
    return [dict(x=x, params=params) for x, _, params in _required_networks()]


def forward_cases(rng):
    cases = []
    for _ in range(2):
        x, _, params = _network(rng)
        cases.append(dict(x=x, params=params))
    return cases


def hidden_dz_required():
    fixed = np.random.default_rng(45)
    return [dict(W_next=fixed.normal(size=(n_next, n)), dz_next=fixed.normal(size=(n_next, 1)),
                 a=fixed.uniform(0.05, 0.95, size=(n, 1))) for n_next, n in ((3, 2), (1, 4), (2, 1), (3, 3))]


def hidden_dz_cases(rng):
    n, n_next = (int(k) for k in rng.choice(np.arange(1, 7), size=2, replace=False))
    square = int(rng.integers(2, 5))
    return [dict(W_next=rng.normal(size=(n_next, n)), dz_next=rng.normal(size=(n_next, 1)),
                 a=rng.uniform(0.05, 0.95, size=(n, 1))),
            dict(W_next=rng.normal(size=(square, square)), dz_next=rng.normal(size=(square, 1)),
                 a=rng.uniform(0.05, 0.95, size=(square, 1)))]


def compare_hidden_dz(got, expected, args):
    a, W, dz = args["a"], args["W_next"], args["dz_next"]
    if W.shape[0] == W.shape[1] and isinstance(got, np.ndarray) and got.shape == expected.shape \
            and np.allclose(got, a * (1 - a) * (W @ dz)) and not np.allclose(got, expected):
        checks.fail(say("exercise.bp.transpose"))
    checks.check_array("hidden_dz(W_next, dz_next, a)", got, expected)


def backward_required():
    return [dict(y=y, params=params, cache=_cache(x, params)) for x, y, params in _required_networks()]


def backward_cases(rng):
    cases = []
    for _ in range(2):
        x, y, params = _network(rng)
        cases.append(dict(y=y, params=params, cache=_cache(x, params)))
    return cases


def gradients_required():
    fixed = np.random.default_rng(46)
    cases = []
    for x, _, params in _required_networks():
        cache = _cache(x, params)
        dz = {"dz1": fixed.normal(size=cache["z1"].shape), "dz2": fixed.normal(size=cache["z2"].shape)}
        cases.append(dict(x=x, cache=cache, dz=dz))
    return cases


def gradients_cases(rng):
    cases = []
    for _ in range(2):
        x, _, params = _network(rng)
        cache = _cache(x, params)
        dz = {"dz1": rng.normal(size=cache["z1"].shape), "dz2": rng.normal(size=cache["z2"].shape)}
        cases.append(dict(x=x, cache=cache, dz=dz))
    return cases


# --- backpropagate: any computation graph, recorded as the notebook's Graph records it -----------------

def _node(value, inputs=(), local=()):
    return {"value": float(value), "inputs": list(inputs), "local": [float(d) for d in local]}


def _step(nodes, kind, i, j):
    """One more node computed from nodes i and j (only i for a sigmoid), with its local derivatives."""
    vi, vj = nodes[i]["value"], nodes[j]["value"]
    if kind == "add":
        return _node(vi + vj, (i, j), (1.0, 1.0))
    if kind == "mul":
        return _node(vi * vj, (i, j), (vj, vi))
    s = float(_sigmoid(vi))
    return _node(s, (i,), (s * (1 - s),))


def _random_graph(rng):
    """Inputs first, then a chain of steps, each on the latest node and any earlier one: every node reaches the
    output, many along several paths, and a node may be used twice in one step."""
    nodes = [_node(rng.normal()) for _ in range(int(rng.integers(2, 4)))]
    for _ in range(int(rng.integers(4, 10))):
        earlier = int(rng.integers(0, len(nodes)))
        nodes.append(_step(nodes, str(rng.choice(["add", "mul", "sigmoid"])), len(nodes) - 1, earlier))
    return nodes


def _graph(*steps, inputs=()):
    nodes = [_node(value) for value in inputs]
    for kind, i, j in steps:
        nodes.append(_step(nodes, kind, i, j))
    return nodes


def graph_required():
    """Every student meets: the notebook's kind of example (a node reaching the output along two paths), the
    same input twice in one node (x * x), a node whose gradient is 0 (it does not reach the output), a chain
    through a sigmoid, and a graph of one node (the output alone)."""
    return [dict(nodes=_graph(("add", 0, 1), ("mul", 2, 1), inputs=(0.5, -1.25))),
            dict(nodes=_graph(("mul", 0, 0), ("sigmoid", 1, 1), ("mul", 2, 0), inputs=(1.5,))),
            dict(nodes=_graph(("mul", 0, 1), ("add", 0, 0), inputs=(2.0, -0.5))),
            dict(nodes=[_node(3.0)])]


def graph_cases(rng):
    return [dict(nodes=_random_graph(rng)) for _ in range(2)]


def compare_graph(got, expected, args):
    checks.check_type("backpropagate(nodes)", got, (list, tuple, np.ndarray), hint=say("exercise.bp.graph_list"))
    checks.check_values("backpropagate(nodes)", got, expected)


# --- batch_gradients: m examples as columns ------------------------------------------------------------

def _batch(rng, m):
    x, y, params = _network(rng)
    X = rng.normal(size=(x.shape[0], m))
    Y = (rng.random((y.shape[0], m)) > 0.5).astype(float)
    return dict(X=X, Y=Y, params=params)


def batch_required():
    """Every student meets m = 1 (a sum over one example), and more examples than any layer has neurons."""
    rng = np.random.default_rng(0)
    return [_batch(rng, 1), _batch(rng, 9)]


def batch_cases(rng):
    return [_batch(rng, int(rng.integers(2, 8)))]


def compare_batch(got, expected, args):
    name = "batch_gradients(X, Y, params)"
    checks.check_dict(name, got, expected)
    m = args["X"].shape[1]
    for key in sorted(expected):
        value = got[key]
        if key.startswith("db") and isinstance(value, np.ndarray) and m > 1 and value.shape[-1:] == (m,):
            checks.fail(say("exercise.bp.bias_columns", name=key))
        checks.check_array(f'{name}["{key}"]', value, expected[key], m=m)


CHECKS = {
    "bp-graph-test": Check("backpropagate", graph_cases, compare_graph, required=graph_required),
    "bp-forward-test": Check("forward_pass", forward_cases, _dictionary_of_arrays("forward_pass(x, params)"),
                             required=forward_required),
    "bp-hiddendz-test": Check("hidden_dz", hidden_dz_cases, compare_hidden_dz, required=hidden_dz_required),
    "bp-backward-test": Check("backward_pass", backward_cases,
                              _dictionary_of_arrays("backward_pass(y, params, cache)"), required=backward_required),
    "bp-gradients-test": Check("gradients", gradients_cases, _dictionary_of_arrays("gradients(x, cache, dz)"),
                               required=gradients_required),
    "bp-batch-test": Check("batch_gradients", batch_cases, compare_batch, required=batch_required),
}
