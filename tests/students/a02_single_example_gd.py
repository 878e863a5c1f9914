"""Assignment 02, gradient descent on one example: students as they write them."""
from . import Student, right_in, wrong_in
from . import answer_cell as _fn

ASSIGNMENT = "02_single_example_gd"

FORWARD = "sgd-forward-code"
BACKWARD = "sgd-backward-code"
UPDATE = "sgd-update-code"


CORRECT = [
    Student(
        name="c02-textbook",
        story="Follows the formulas line by line: z, then a; dz, then the three derivatives; three updates.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    a = sigmoid(z)
    return a
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    dw1 = x1 * dz
    dw2 = x2 * dz
    db = dz
    return {"dw1": dw1, "dw2": dw2, "db": db}
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    w1 = params["w1"] - alpha * grads["dw1"]
    w2 = params["w2"] - alpha * grads["dw2"]
    b = params["b"] - alpha * grads["db"]
    return {"w1": w1, "w2": w2, "b": b}
''',
        },
    ),
    Student(
        name="c02-dict-constructor",
        story="Uses dict(...) with keyword arguments for both dictionaries, and one-line returns.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(x1 * w1 + x2 * w2 + b)
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    return dict(dw1=x1 * (a - y), dw2=x2 * (a - y), db=a - y)
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return dict(w1=params["w1"] - alpha * grads["dw1"],
                w2=params["w2"] - alpha * grads["dw2"],
                b=params["b"] - alpha * grads["db"])
''',
        },
    ),
    Student(
        name="c02-numpy-dot",
        story="Thinks in vectors already: z = np.dot([w1, w2], [x1, x2]) + b; the update is a dict comprehension "
              "over the parameter names, and backward casts every value to float.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    w = np.array([w1, w2])
    x = np.array([x1, x2])
    return sigmoid(np.dot(w, x) + b)
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = float(a - y)
    return {"dw1": float(x1 * dz), "dw2": float(x2 * dz), "db": dz}
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {name: params[name] - alpha * grads["d" + name] for name in params}
''',
        },
    ),
    Student(
        name="c02-math-exp",
        story="Uses math.exp in forward (fine: all arguments are numbers), fills the gradient dictionary key by "
              "key, and updates a shallow copy of params (its values are floats, so the original is untouched).",
        answers={
            FORWARD: r'''import math

def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    return 1 / (1 + math.exp(-z))
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    grads = {}
    dz = a - y
    grads["dw1"] = x1 * dz
    grads["dw2"] = x2 * dz
    grads["db"] = dz
    return grads
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new_params = params.copy()
    new_params["w1"] -= alpha * grads["dw1"]
    new_params["w2"] -= alpha * grads["dw2"]
    new_params["b"] -= alpha * grads["db"]
    return new_params
''',
        },
    ),
    Student(
        name="c02-deepcopy",
        story="Imports copy and deep-copies params before changing it, to be safe; loops over the three names.",
        answers={
            UPDATE: r'''import copy

def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new = copy.deepcopy(params)
    for key in ["w1", "w2", "b"]:
        new[key] = new[key] - alpha * grads["d" + key]
    return new
''',
        },
    ),
    Student(
        name="c02-printer",
        story="Leaves debugging prints in every function and adds scratch cells that run a few steps by hand.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    print("z =", z)
    return sigmoid(z)
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    print("dz =", dz)
    return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new_params = {}
    for name in ("w1", "w2", "b"):
        new_params[name] = params[name] - alpha * grads["d" + name]
        print(name, params[name], "->", new_params[name])
    return new_params
''',
        },
        extra_cells=(
            ("sgd-forward-test", r'''a0 = forward(1.0, 2.0, 0.5, -0.25, 0.1)
print("running example:", a0)  # should be about 0.5250
'''),
            ("sgd-update-test", r'''p = {"w1": 0.5, "w2": -0.25, "b": 0.1}
for step in range(3):
    a_step = forward(1.0, 2.0, **p)
    print(step, loss(a_step, 1.0))
    p = update(p, backward(1.0, 2.0, a_step, 1.0), 0.1)
print(p)
'''),
        ),
    ),
    Student(
        name="c02-logaddexp",
        story="Computes a with the stable form exp(-logaddexp(0, -z)) instead of the setup's sigmoid, and returns "
              "Python floats everywhere.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    return float(np.exp(-np.logaddexp(0.0, -z)))
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new = {}
    new["w1"] = float(params["w1"] - alpha * grads["dw1"])
    new["w2"] = float(params["w2"] - alpha * grads["dw2"])
    new["b"] = float(params["b"] - alpha * grads["db"])
    return new
''',
        },
    ),
    Student(
        name="c02-chain-rule-backward",
        story="Goes through the whole chain in backward: da = -y/a + (1-y)/(1-a), then dz = da * a(1-a); equal to "
              "a - y for every a strictly between 0 and 1.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    da = -y / a + (1 - y) / (1 - a)
    dz = da * a * (1 - a)
    return {"dw1": dz * x1, "dw2": dz * x2, "db": dz}
''',
        },
    ),
]


MISTAKES = [
    Student(
        name="m02-forward-no-bias",
        story="Forgets + b in z.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(w1 * x1 + w2 * x2)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m02-forward-crossed",
        story="Pairs each weight with the other feature: w1 x2 + w2 x1.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x2 + w2 * x1 + b
    return sigmoid(z)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m02-forward-returns-z",
        story="Computes a but returns z.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    a = sigmoid(z)
    return z
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="m02-backward-sign",
        story="Takes dz = y - a.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = y - a
    return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m02-backward-copy-paste",
        story="Copies the dw1 line and forgets to change x1 to x2.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    dw1 = x1 * dz
    dw2 = x1 * dz
    db = dz
    return {"dw1": dw1, "dw2": dw2, "db": db}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m02-backward-tuple",
        story="Returns the three derivatives as a tuple instead of a dictionary.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    return x1 * dz, x2 * dz, dz
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m02-backward-extra-key",
        story="Also returns dz in the dictionary, 'in case it is useful': the keys must be exactly dw1, dw2, db.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    return {"dz": dz, "dw1": x1 * dz, "dw2": x2 * dz, "db": dz}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="m02-update-in-place",
        story="Changes params in place and returns it: the values are right but the caller's dictionary changes.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    params["w1"] = params["w1"] - alpha * grads["dw1"]
    params["w2"] = params["w2"] - alpha * grads["dw2"]
    params["b"] = params["b"] - alpha * grads["db"]
    return params
''',
        },
        wrong=frozenset({UPDATE}),
    ),
    Student(
        name="m02-update-uphill",
        story="Adds the gradient instead of subtracting it.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {"w1": params["w1"] + alpha * grads["dw1"],
            "w2": params["w2"] + alpha * grads["dw2"],
            "b": params["b"] + alpha * grads["db"]}
''',
        },
        wrong=frozenset({UPDATE}),
    ),
    Student(
        name="m02-update-fixed-alpha",
        story="Uses the running example's learning rate 0.1 instead of the alpha argument.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    lr = 0.1
    return {"w1": params["w1"] - lr * grads["dw1"],
            "w2": params["w2"] - lr * grads["dw2"],
            "b": params["b"] - lr * grads["db"]}
''',
        },
        wrong=frozenset({UPDATE}),
    ),
    Student(
        name="m02-update-bias-forgotten",
        story="Updates both weights but copies b over unchanged.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {"w1": params["w1"] - alpha * grads["dw1"],
            "w2": params["w2"] - alpha * grads["dw2"],
            "b": params["b"]}
''',
        },
        wrong=frozenset({UPDATE}),
    ),
]


# --- The course author's answers ---------------------------------------------------------------------------
# Written from the reference answer (with_changes, answer_cell) to try one other form or one mistake at a
# time. The students above were written independently of the grader: tests/test_similarity.py measures only
# those.

AUTHOR_CORRECT = [
    # Correct answers with other parameter names than the notebook's: each gets every point.
    Student("c02-renamed-forward-a1-a2-v1-v2-bias", "forward(a1, a2, v1, v2, bias)", {"sgd-forward-code": _fn("forward(a1, a2, v1, v2, bias)",
                                                               "return sigmoid(v1 * a1 + v2 * a2 + bias)")}),
    Student("c02-renamed-backward-f1-f2-pred-label", "backward(f1, f2, pred, label)", {"sgd-backward-code": _fn(
        "backward(f1, f2, pred, label)", "d = pred - label", 'return {"dw1": f1 * d, "dw2": f2 * d, "db": d}')}),
    Student("c02-renamed-update-p-g-lr", "update(p, g, lr)", {"sgd-update-code": _fn(
        "update(p, g, lr)", 'return {"w1": p["w1"] - lr * g["dw1"], "w2": p["w2"] - lr * g["dw2"],',
        '        "b": p["b"] - lr * g["db"]}')}),
    # Right answers written otherwise than the reference: each gets every point.
    right_in("c02-the-chain-rule-written-out-factor", "sgd-backward-code", "the chain rule written out factor by factor",
     _fn("backward(x1, x2, a, y)",
         "dL_dz = a - y",
         "dz_dw1, dz_dw2, dz_db = x1, x2, 1.0",
         'return {"dw1": dL_dz * dz_dw1, "dw2": dL_dz * dz_dw2, "db": dL_dz * dz_db}')),
    right_in("c02-dl-da-and-da-dz-computed-first-then", "sgd-squared-code", "dL/da and da/dz computed first, then multiplied",
     _fn("backward_squared(x1, x2, a, y)",
         "dL_da = a - y",
         "da_dz = a * (1 - a)",
         "dz = dL_da * da_dz",
         "grads = {}",
         'grads["dw1"] = dz * x1',
         'grads["dw2"] = dz * x2',
         'grads["db"] = dz',
         "return grads")),
    right_in("c02-expanded-product-values-made-floats", "sgd-squared-code", "expanded product, values made floats",
     _fn("backward_squared(x1, x2, a, y)",
         "dz = float((a * a - a * y) * (1 - a))",
         "return dict(dw1=float(x1 * dz), dw2=float(x2 * dz), db=dz)")),
    right_in("c02-reuses-backward-and-scales-it-by", "sgd-squared-code", "reuses backward and scales it by a (1 - a)",
     _fn("backward_squared(x1, x2, a, y)",
         "cross_entropy = backward(x1, x2, a, y)",
         "return {name: value * a * (1 - a) for name, value in cross_entropy.items()}")),
]

# Realistic mistakes, each in one function: each costs exactly the points of that function's test cell.
AUTHOR_MISTAKES = [
    wrong_in("m02-forgets-the-bias", "sgd-forward-code", "forgets the bias",
     _fn("forward(x1, x2, w1, w2, b)", "return sigmoid(w1 * x1 + w2 * x2)")),
    wrong_in("m02-returns-z-instead-of-a", "sgd-forward-code", "returns z instead of a",
     _fn("forward(x1, x2, w1, w2, b)", "return w1 * x1 + w2 * x2 + b")),
    wrong_in("m02-pairs-each-weight-with-the-other", "sgd-forward-code", "pairs each weight with the other feature",
     _fn("forward(x1, x2, w1, w2, b)", "return sigmoid(w1 * x2 + w2 * x1 + b)")),
    wrong_in("m02-sign-error-inside-the-sigmoid", "sgd-forward-code", "sign error inside the sigmoid",
     _fn("forward(x1, x2, w1, w2, b)", "return sigmoid(-(w1 * x1 + w2 * x2 + b))")),

    wrong_in("m02-sign-error-dz-y-a", "sgd-backward-code", "sign error: dz = y - a",
     _fn("backward(x1, x2, a, y)", "dz = y - a", 'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    wrong_in("m02-forgets-the-input-factor-in-dw", "sgd-backward-code", "forgets the input factor in dw",
     _fn("backward(x1, x2, a, y)", "dz = a - y", 'return {"dw1": dz, "dw2": dz, "db": dz}')),
    wrong_in("m02-swaps-x1-and-x2", "sgd-backward-code", "swaps x1 and x2",
     _fn("backward(x1, x2, a, y)", "dz = a - y", 'return {"dw1": x2 * dz, "dw2": x1 * dz, "db": dz}')),
    wrong_in("m02-uses-da-instead-of-dz", "sgd-backward-code", "uses da instead of dz",
     _fn("backward(x1, x2, a, y)", "da = -y / a + (1 - y) / (1 - a)",
         'return {"dw1": x1 * da, "dw2": x2 * da, "db": da}')),
    wrong_in("m02-values-wrapped-in-arrays-not-floats", "sgd-backward-code", "values wrapped in arrays, not floats",
     _fn("backward(x1, x2, a, y)", "dz = np.array([a - y])", 'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    wrong_in("m02-wrong-key-names", "sgd-backward-code", "wrong key names",
     _fn("backward(x1, x2, a, y)", "dz = a - y", 'return {"w1": x1 * dz, "w2": x2 * dz, "b": dz}')),

    wrong_in("m02-plus-instead-of-minus-gradient-ascent", "sgd-update-code", "plus instead of minus: gradient ascent",
     _fn("update(params, grads, alpha)",
         'return {"w1": params["w1"] + alpha * grads["dw1"], "w2": params["w2"] + alpha * grads["dw2"],',
         '        "b": params["b"] + alpha * grads["db"]}')),
    wrong_in("m02-forgets-the-learning-rate", "sgd-update-code", "forgets the learning rate",
     _fn("update(params, grads, alpha)",
         'return {"w1": params["w1"] - grads["dw1"], "w2": params["w2"] - grads["dw2"],',
         '        "b": params["b"] - grads["db"]}')),
    wrong_in("m02-updates-b-with-dw1", "sgd-update-code", "updates b with dw1",
     _fn("update(params, grads, alpha)",
         'return {"w1": params["w1"] - alpha * grads["dw1"], "w2": params["w2"] - alpha * grads["dw2"],',
         '        "b": params["b"] - alpha * grads["dw1"]}')),
    wrong_in("m02-changes-params-in-place", "sgd-update-code", "changes params in place",
     _fn("update(params, grads, alpha)",
         "for name in params:",
         '    params[name] -= alpha * grads["d" + name]',
         "return params")),

    wrong_in("m02-copies-the-cross-entropy-s-dz-a", "sgd-squared-code", "copies the cross-entropy's dz = a - y",
     _fn("backward_squared(x1, x2, a, y)", "dz = a - y", 'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    wrong_in("m02-forgets-the-1-2-twice-the-derivatives", "sgd-squared-code", "forgets the 1/2: twice the derivatives",
     _fn("backward_squared(x1, x2, a, y)", "dz = 2 * (a - y) * a * (1 - a)",
         'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    wrong_in("m02-the-sigmoid-s-slope-written-with", "sgd-squared-code", "the sigmoid's slope written with z as if a were z: sigmoid(a) (1 - sigmoid(a))",
     _fn("backward_squared(x1, x2, a, y)", "dz = (a - y) * sigmoid(a) * (1 - sigmoid(a))",
         'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
    wrong_in("m02-sign-error-in-dl-da-y-a", "sgd-squared-code", "sign error in dL/da: y - a",
     _fn("backward_squared(x1, x2, a, y)", "dz = (y - a) * a * (1 - a)",
         'return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}')),
]

CORRECT = CORRECT + AUTHOR_CORRECT
MISTAKES = MISTAKES + AUTHOR_MISTAKES
