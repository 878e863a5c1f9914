"""Hidden checks of 04b_backpropagation: required networks every student meets, fresh ones drawn for each,
judged against the reference.

The required networks have three layers of different sizes (a missing transpose cannot fit by accident),
layers of one neuron, and layers of equal size, where only the values show a missing transpose. Drawn layer
sizes always differ.
"""

import numpy as np

from autograder import checks
from autograder.authoring import Check


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


CHECKS = {
    "bp-forward-test": Check("forward_pass", forward_cases, _dictionary_of_arrays("forward_pass(x, params)"),
                             required=forward_required),
    "bp-hiddendz-test": Check("hidden_dz", hidden_dz_cases, compare_hidden_dz, required=hidden_dz_required),
    "bp-backward-test": Check("backward_pass", backward_cases,
                              _dictionary_of_arrays("backward_pass(y, params, cache)"), required=backward_required),
    "bp-gradients-test": Check("gradients", gradients_cases, _dictionary_of_arrays("gradients(x, cache, dz)"),
                               required=gradients_required),
}
