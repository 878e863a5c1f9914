"""Assignment 02, gradient descent on one example: a second set of students, written as first-timers write them.

Beside a02: renamed parameters, NumPy scalars and 0-d arrays, helpers, copies made in several ways, and
mistakes a02 does not have. DISPUTED holds an honest answer that the notebook's own illustration cannot call.
"""
from . import Student

ASSIGNMENT = "02_single_example_gd"

FORWARD = "sgd-forward-code"
BACKWARD = "sgd-backward-code"
UPDATE = "sgd-update-code"


CORRECT = [
    Student(
        name="v02-short-names",
        story="Renames the features u, v in forward (the weights keep their names: the notebook calls "
              "forward(x1, x2, **params)), and every parameter of backward and update: backward(u, v, p, t), "
              "update(p, g, lr).",
        answers={
            FORWARD: r'''def forward(u, v, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(w1 * u + w2 * v + b)
''',
            BACKWARD: r'''def backward(u, v, p, t):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    e = p - t
    return {"dw1": u * e, "dw2": v * e, "db": e}
''',
            UPDATE: r'''def update(p, g, lr):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {"w1": p["w1"] - lr * g["dw1"], "w2": p["w2"] - lr * g["dw2"], "b": p["b"] - lr * g["db"]}
''',
        },
    ),
    Student(
        name="v02-long-names",
        story="Spells everything out: backward(feature_1, feature_2, prediction, label), update(parameters, "
              "gradients, learning_rate), and one named variable per quantity.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    weighted_sum = w1 * x1 + w2 * x2
    pre_activation = weighted_sum + b
    prediction = sigmoid(pre_activation)
    return prediction
''',
            BACKWARD: r'''def backward(feature_1, feature_2, prediction, label):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    error_signal = prediction - label
    gradient_w1 = feature_1 * error_signal
    gradient_w2 = feature_2 * error_signal
    gradient_b = error_signal
    gradients = {"dw1": gradient_w1, "dw2": gradient_w2, "db": gradient_b}
    return gradients
''',
            UPDATE: r'''def update(parameters, gradients, learning_rate):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    updated_parameters = {}
    for parameter_name, parameter_value in parameters.items():
        gradient_value = gradients["d" + parameter_name]
        updated_parameters[parameter_name] = parameter_value - learning_rate * gradient_value
    return updated_parameters
''',
        },
    ),
    Student(
        name="v02-numpy-zero-d",
        story="Works with arrays from the start: forward takes the weights as a (1, 2) row times a (2, 1) column "
              "with @ and returns np.squeeze of the (1, 1) result, a 0-d array; backward returns NumPy floats "
              "from np.multiply; update unpacks params into a new dict with {**params} and then subtracts in "
              "place key by key (the values are floats, so params is untouched).",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    w = np.array([[w1, w2]])
    x = np.array([[x1], [x2]])
    a = sigmoid(w @ x + b)
    return np.squeeze(a)
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = np.subtract(a, y)
    return {"dw1": np.multiply(x1, dz), "dw2": np.multiply(x2, dz), "db": np.float64(dz)}
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new_params = {**params}
    new_params["w1"] -= alpha * grads["dw1"]
    new_params["w2"] -= alpha * grads["dw2"]
    new_params["b"] -= alpha * grads["db"]
    return new_params
''',
        },
    ),
    Student(
        name="v02-helpers-asserts",
        story="Splits forward into a helper that computes z; asserts that the label is 0 or 1 and that alpha is "
              "positive; builds the gradient dictionary with dict(zip(...)) and the update with "
              "copy.deepcopy and a loop over the keys of grads.",
        answers={
            FORWARD: r'''def weighted_input(x1, x2, w1, w2, b):
    return w1 * x1 + w2 * x2 + b


def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(weighted_input(x1, x2, w1, w2, b))
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    assert y in (0, 1), "the label must be 0 or 1"
    dz = a - y
    return dict(zip(["dw1", "dw2", "db"], [x1 * dz, x2 * dz, dz]))
''',
            UPDATE: r'''import copy

def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    assert alpha > 0
    result = copy.deepcopy(params)
    for grad_name, grad_value in grads.items():
        result[grad_name[1:]] = result[grad_name[1:]] - alpha * grad_value
    return result
''',
        },
    ),
    Student(
        name="v02-print-and-floats",
        story="Converts to Python floats everywhere with float(...), leaves a print in update, and tries the "
              "running example in a scratch cell with b = 0 written as an int.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = float(w1 * x1 + w2 * x2 + b)
    return float(sigmoid(z))
''',
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = float(a) - float(y)
    return {"dw1": float(x1) * dz, "dw2": float(x2) * dz, "db": dz}
''',
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    w1 = float(params["w1"] - alpha * grads["dw1"])
    w2 = float(params["w2"] - alpha * grads["dw2"])
    b = float(params["b"] - alpha * grads["db"])
    print(f"w1: {params['w1']} -> {w1}, w2: {params['w2']} -> {w2}, b: {params['b']} -> {b}")
    return {"w1": w1, "w2": w2, "b": b}
''',
        },
        extra_cells=(
            ("sgd-forward-test", r'''print(forward(1.0, 2.0, 0.5, -0.25, 0))
print(forward(1, 2, 0, 0, 0))   # z = 0, so 0.5
'''),
        ),
    ),
]


MISTAKES = [
    Student(
        name="w02-forward-bias-outside",
        story="Closes the sigmoid's parenthesis too early: sigmoid(w1 x1 + w2 x2) + b adds the bias to the "
              "probability.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(w1 * x1 + w2 * x2) + b
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w02-forward-running-example",
        story="Copies the running example's weights into the code, z = 0.5 x1 - 0.25 x2 + 0.1, so the weights "
              "passed in are ignored.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = 0.5 * x1 - 0.25 * x2 + 0.1
    return sigmoid(z)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w02-forward-returns-pair",
        story="Returns both z and a 'since backward may need z': a tuple where one float is asked for.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    return z, sigmoid(z)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w02-backward-db-one",
        story="Reads dz/db = 1 and writes db = 1 instead of db = 1 * dz.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a - y
    return {"dw1": x1 * dz, "dw2": x2 * dz, "db": 1.0}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w02-backward-sigmoid-slope",
        story="Takes dz = a (1 - a), the sigmoid's slope da/dz, for dL/dz: the label never enters.",
        answers={
            BACKWARD: r'''def backward(x1, x2, a, y):
    """Derivatives of the loss with respect to w1, w2 and b, for one example."""
    dz = a * (1 - a)
    return {"dw1": x1 * dz, "dw2": x2 * dz, "db": dz}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w02-update-divides-alpha",
        story="Divides the gradient by the learning rate instead of multiplying.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {"w1": params["w1"] - grads["dw1"] / alpha,
            "w2": params["w2"] - grads["dw2"] / alpha,
            "b": params["b"] - grads["db"] / alpha}
''',
        },
        wrong=frozenset({UPDATE}),
    ),
    Student(
        name="w02-update-grad-keys",
        story="Loops over grads with a dict comprehension and keeps its keys: the new dictionary has the keys dw1, "
              "dw2, db instead of w1, w2, b.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    return {key: params[key[1:]] - alpha * value for key, value in grads.items()}
''',
        },
        wrong=frozenset({UPDATE}),
    ),
    Student(
        name="w02-update-alias",
        story="Believes new_params = params makes a copy, then assigns into new_params: the caller's dictionary "
              "is changed, which the exercise forbids.",
        answers={
            UPDATE: r'''def update(params, grads, alpha):
    """One gradient-descent step: a new parameter dictionary, moved against the gradient."""
    new_params = params
    new_params["w1"] = params["w1"] - alpha * grads["dw1"]
    new_params["w2"] = params["w2"] - alpha * grads["dw2"]
    new_params["b"] = params["b"] - alpha * grads["db"]
    return new_params
''',
        },
        wrong=frozenset({UPDATE}),
    ),
]


SYNTAX = [
    Student(
        name="s02-missing-colon",
        story="Retypes the def line and forgets the colon at its end: line 1 of the cell, "
              "'SyntaxError: expected ':''. Nothing of the cell is defined.",
        answers={
            FORWARD: r'''def forward(x1, x2, w1, w2, b)
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    z = w1 * x1 + w2 * x2 + b
    return sigmoid(z)
''',
        },
        wrong=frozenset({FORWARD}),
    ),
]


# An honest answer the notebook itself cannot use: not asserted either way, for the integrator to rule on.
DISPUTED = [
    Student(
        name="d02-forward-renamed-weights",
        story="Renames the weights and the bias of forward (weight1, weight2, bias). Its values are right and "
              "its public check passes, but the notebook's gradient check and training illustrations call "
              "forward(x1, x2, **params) with the keywords w1, w2, b, and raise a TypeError. The exercise never "
              "says the parameter names are part of the answer.",
        answers={
            FORWARD: r'''def forward(x1, x2, weight1, weight2, bias):
    """Prediction a = sigmoid(w1 x1 + w2 x2 + b) of the neuron on one example."""
    return sigmoid(weight1 * x1 + weight2 * x2 + bias)
''',
        },
    ),
]
