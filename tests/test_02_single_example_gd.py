"""Wrong answers to 02_single_example_gd: each must cost exactly the points of the test cell right after it."""

from tests.harness import answer_cell as _fn
from tests.harness import assert_each_correct_answer_gets_full_marks, assert_each_wrong_answer_loses_exactly_its_points

WRONG_ANSWERS = [
    ("sgd-forward-code", "forgets the bias",
     _fn("forward(x1, x2, w1, w2, b)", "return sigmoid(w1 * x1 + w2 * x2)")),
    ("sgd-forward-code", "returns z instead of a",
     _fn("forward(x1, x2, w1, w2, b)", "return w1 * x1 + w2 * x2 + b")),
    ("sgd-forward-code", "pairs each weight with the other feature",
     _fn("forward(x1, x2, w1, w2, b)", "return sigmoid(w1 * x2 + w2 * x1 + b)")),
    ("sgd-forward-code", "sign error inside the sigmoid",
     _fn("forward(x1, x2, w1, w2, b)", "return sigmoid(-(w1 * x1 + w2 * x2 + b))")),

    ("sgd-backward-code", "sign error: dz = y - a",
     _fn("backward(x1, x2, a, y)", "dz = y - a", 'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    ("sgd-backward-code", "forgets the input factor in dw",
     _fn("backward(x1, x2, a, y)", "dz = a - y", 'return {"dw1": dz, "dw2": dz, "db": dz}')),
    ("sgd-backward-code", "swaps x1 and x2",
     _fn("backward(x1, x2, a, y)", "dz = a - y", 'return {"dw1": x2 * dz, "dw2": x1 * dz, "db": dz}')),
    ("sgd-backward-code", "uses da instead of dz",
     _fn("backward(x1, x2, a, y)", "da = -y / a + (1 - y) / (1 - a)",
         'return {"dw1": x1 * da, "dw2": x2 * da, "db": da}')),
    ("sgd-backward-code", "values wrapped in arrays, not floats",
     _fn("backward(x1, x2, a, y)", "dz = np.array([a - y])", 'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    ("sgd-backward-code", "wrong key names",
     _fn("backward(x1, x2, a, y)", "dz = a - y", 'return {"w1": x1 * dz, "w2": x2 * dz, "b": dz}')),

    ("sgd-update-code", "plus instead of minus: gradient ascent",
     _fn("update(params, grads, alpha)",
         'return {"w1": params["w1"] + alpha * grads["dw1"], "w2": params["w2"] + alpha * grads["dw2"],',
         '        "b": params["b"] + alpha * grads["db"]}')),
    ("sgd-update-code", "forgets the learning rate",
     _fn("update(params, grads, alpha)",
         'return {"w1": params["w1"] - grads["dw1"], "w2": params["w2"] - grads["dw2"],',
         '        "b": params["b"] - grads["db"]}')),
    ("sgd-update-code", "updates b with dw1",
     _fn("update(params, grads, alpha)",
         'return {"w1": params["w1"] - alpha * grads["dw1"], "w2": params["w2"] - alpha * grads["dw2"],',
         '        "b": params["b"] - alpha * grads["dw1"]}')),
    ("sgd-update-code", "changes params in place",
     _fn("update(params, grads, alpha)",
         "for name in params:",
         '    params[name] -= alpha * grads["d" + name]',
         "return params")),

    ("sgd-squared-code", "copies the cross-entropy's dz = a - y",
     _fn("backward_squared(x1, x2, a, y)", "dz = a - y", 'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    ("sgd-squared-code", "forgets the 1/2: twice the derivatives",
     _fn("backward_squared(x1, x2, a, y)", "dz = 2 * (a - y) * a * (1 - a)",
         'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    ("sgd-squared-code", "the sigmoid's slope written with z as if a were z: sigmoid(a) (1 - sigmoid(a))",
     _fn("backward_squared(x1, x2, a, y)", "dz = (a - y) * sigmoid(a) * (1 - sigmoid(a))",
         'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    ("sgd-squared-code", "sign error in dL/da: y - a",
     _fn("backward_squared(x1, x2, a, y)", "dz = (y - a) * a * (1 - a)",
         'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
]

CORRECT_ANSWERS = [
    ("sgd-backward-code", "the chain rule written out factor by factor",
     _fn("backward(x1, x2, a, y)",
         "dL_dz = a - y",
         "dz_dw1, dz_dw2, dz_db = x1, x2, 1.0",
         'return {"dw1": dL_dz * dz_dw1, "dw2": dL_dz * dz_dw2, "db": dL_dz * dz_db}')),
    ("sgd-squared-code", "dL/da and da/dz computed first, then multiplied",
     _fn("backward_squared(x1, x2, a, y)",
         "dL_da = a - y",
         "da_dz = a * (1 - a)",
         "dz = dL_da * da_dz",
         "grads = {}",
         'grads["dw1"] = dz * x1',
         'grads["dw2"] = dz * x2',
         'grads["db"] = dz',
         "return grads")),
    ("sgd-squared-code", "expanded product, values made floats",
     _fn("backward_squared(x1, x2, a, y)",
         "dz = float((a * a - a * y) * (1 - a))",
         "return dict(dw1=float(x1 * dz), dw2=float(x2 * dz), db=dz)")),
    ("sgd-squared-code", "reuses backward and scales it by a (1 - a)",
     _fn("backward_squared(x1, x2, a, y)",
         "cross_entropy = backward(x1, x2, a, y)",
         "return {name: value * a * (1 - a) for name, value in cross_entropy.items()}")),
]

# Correct answers with other parameter names than the notebook's: each gets every point.
RENAMED = [
    ("forward(a1, a2, v1, v2, bias)", {"sgd-forward-code": _fn("forward(a1, a2, v1, v2, bias)",
                                                               "return sigmoid(v1 * a1 + v2 * a2 + bias)")}),
    ("backward(f1, f2, pred, label)", {"sgd-backward-code": _fn(
        "backward(f1, f2, pred, label)", "d = pred - label", 'return {"dw1": f1 * d, "dw2": f2 * d, "db": d}')}),
    ("update(p, g, lr)", {"sgd-update-code": _fn(
        "update(p, g, lr)", 'return {"w1": p["w1"] - lr * g["dw1"], "w2": p["w2"] - lr * g["dw2"],',
        '        "b": p["b"] - lr * g["db"]}')}),
]


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("02_single_example_gd"), WRONG_ANSWERS, RENAMED)


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("02_single_example_gd"), CORRECT_ANSWERS)
