"""04b_backpropagation: the wrong answers of its catalogue (tests/students/a04b_backpropagation.py) cost exactly
their own cell and the right ones get every point; the reference passes the gradient check; the reverse network is
drawn with the forward weights on its edges; the trained network beats logistic regression on the interleaved
classes, as the notebook says."""

from __future__ import annotations

from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from autograder import catalogue, figures, reference  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from tests.harness import (  # noqa: E402
    assert_each_correct_answer_gets_full_marks,
    assert_each_wrong_answer_loses_exactly_its_points,
)

ASSIGNMENT = "04b_backpropagation"


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class(ASSIGNMENT))


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class(ASSIGNMENT))


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
