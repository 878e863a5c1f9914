"""Assignment 02, gradient descent on one example: students as they write them."""
from . import Student

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
