"""Assignment 04b, backpropagation in a network with one hidden layer: students as first-timers write them.

The first catalogue of 04b: forward_pass, hidden_dz, backward_pass and gradients, written in many honest ways,
with the mistakes the reverse network invites (a missing transpose, a missing amplifier, z where a belongs,
the input where the hidden activations belong). SYNTAX holds a submission whose first answer cell does not
compile.
"""
from . import Student

ASSIGNMENT = "04b_backpropagation"

FORWARD = "bp-forward-code"
HIDDEN = "bp-hiddendz-code"
BACKWARD = "bp-backward-code"
GRADIENTS = "bp-gradients-code"


CORRECT = [
    Student(
        name="v04b-textbook-dot",
        story="Writes the four equations and the reverse neuron line by line with np.dot, one named variable per "
              "quantity, and the outer products dz x^T as np.dot(dz, x.T).",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    W1 = params["W1"]
    b1 = params["b1"]
    W2 = params["W2"]
    b2 = params["b2"]
    z1 = np.dot(W1, x) + b1
    a1 = sigmoid(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = sigmoid(z2)
    cache = {"z1": z1, "a1": a1, "z2": z2, "a2": a2}
    return cache
''',
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    back = np.dot(W_next.T, dz_next)
    amplifier = a * (1 - a)
    return amplifier * back
''',
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dz2 = cache["a2"] - y
    dz1 = hidden_dz(params["W2"], dz2, cache["a1"])
    return {"dz2": dz2, "dz1": dz1}
''',
            GRADIENTS: r'''def gradients(x, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    dW1 = np.dot(dz["dz1"], x.T)
    db1 = dz["dz1"]
    dW2 = np.dot(dz["dz2"], cache["a1"].T)
    db2 = dz["dz2"]
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''',
        },
    ),
    Student(
        name="v04b-short-names",
        story="Short names everywhere (forward_pass(x, p), hidden_dz(W, d, a), backward_pass(t, p, c), "
              "gradients(x, c, d)), the @ operator, and the outer products by broadcasting a column times a row.",
        answers={
            FORWARD: r'''def forward_pass(x, p):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = p["W1"] @ x + p["b1"]
    a1 = sigmoid(z1)
    z2 = p["W2"] @ a1 + p["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": sigmoid(z2)}
''',
            HIDDEN: r'''def hidden_dz(W, d, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    return a * (1 - a) * (W.T @ d)
''',
            BACKWARD: r'''def backward_pass(t, p, c):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    d2 = c["a2"] - t
    return {"dz2": d2, "dz1": hidden_dz(p["W2"], d2, c["a1"])}
''',
            GRADIENTS: r'''def gradients(x, c, d):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    return {"dW1": d["dz1"] * x.T, "db1": d["dz1"], "dW2": d["dz2"] * c["a1"].T, "db2": d["dz2"]}
''',
        },
    ),
    Student(
        name="v04b-layer-loop",
        story="Thinks in layers: forward_pass loops over l = 1, 2 with f-string keys (a loop over the layers, "
              "not over data, which the notebook never forbids); hidden_dz transposes the product the other way, "
              "(dz_next^T W_next)^T; gradients uses np.outer and copies the biases' gradients.",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    cache = {}
    a = x
    for layer in (1, 2):
        z = params[f"W{layer}"] @ a + params[f"b{layer}"]
        a = sigmoid(z)
        cache[f"z{layer}"] = z
        cache[f"a{layer}"] = a
    return cache
''',
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    incoming = (dz_next.T @ W_next).T      # (1, n_next) @ (n_next, n) = (1, n), then a column
    return incoming * a * (1 - a)
''',
            GRADIENTS: r'''def gradients(x, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    grads = {}
    grads["dW1"] = np.outer(dz["dz1"], x)
    grads["db1"] = dz["dz1"].copy()
    grads["dW2"] = np.outer(dz["dz2"], cache["a1"])
    grads["db2"] = dz["dz2"].copy()
    return grads
''',
        },
    ),
    Student(
        name="v04b-long-names-helpers",
        story="Long parameter names (weights_next, dz_next_layer, activations; labels, parameters, cache), a "
              "helper sigmoid_slope(a) = a (1 - a), np.matmul and np.multiply, and asserts on the shapes.",
        answers={
            FORWARD: r'''def forward_pass(features, parameters):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    hidden_input = np.matmul(parameters["W1"], features) + parameters["b1"]
    hidden_output = sigmoid(hidden_input)
    output_input = np.matmul(parameters["W2"], hidden_output) + parameters["b2"]
    output_output = sigmoid(output_input)
    assert hidden_output.shape == parameters["b1"].shape
    assert output_output.shape == parameters["b2"].shape
    return dict(z1=hidden_input, a1=hidden_output, z2=output_input, a2=output_output)
''',
            HIDDEN: r'''def sigmoid_slope(activations):
    return activations * (1 - activations)


def hidden_dz(weights_next, dz_next_layer, activations):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    sent_back = np.matmul(weights_next.T, dz_next_layer)
    assert sent_back.shape == activations.shape
    return np.multiply(sigmoid_slope(activations), sent_back)
''',
            BACKWARD: r'''def backward_pass(labels, parameters, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    output_dz = np.subtract(cache["a2"], labels)
    hidden_dz_values = hidden_dz(parameters["W2"], output_dz, cache["a1"])
    assert hidden_dz_values.shape == cache["a1"].shape
    return {"dz2": output_dz, "dz1": hidden_dz_values}
''',
            GRADIENTS: r'''def gradients(features, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    weight_gradient_1 = np.matmul(dz["dz1"], features.T)
    weight_gradient_2 = np.matmul(dz["dz2"], cache["a1"].T)
    return {"dW1": weight_gradient_1, "db1": dz["dz1"], "dW2": weight_gradient_2, "db2": dz["dz2"]}
''',
        },
    ),
    Student(
        name="v04b-einsum-and-copies",
        story="Deep-copies params before reading it 'to be safe', writes the reverse neuron with np.einsum, and "
              "unpacks the cache into local names first.",
        answers={
            FORWARD: r'''import copy

def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    P = copy.deepcopy(params)
    z1 = P["W1"].dot(x) + P["b1"]
    a1 = 1 / (1 + np.exp(-z1))
    z2 = P["W2"].dot(a1) + P["b2"]
    a2 = 1 / (1 + np.exp(-z2))
    return {"a1": a1, "a2": a2, "z1": z1, "z2": z2}
''',
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    summed = np.einsum("ki,kj->ij", W_next, dz_next)     # sum over the next layer's neurons k
    return (a - a ** 2) * summed
''',
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    a1, a2 = cache["a1"], cache["a2"]
    W2 = params["W2"]
    dz2 = a2 - y
    dz1 = hidden_dz(W2, dz2, a1)
    return dict(dz2=dz2, dz1=dz1)
''',
        },
    ),
    Student(
        name="v04b-chain-rule-output",
        story="Gets the output layer's dz through the whole chain, dL/da times a (1 - a), exactly as case 1 "
              "derives it (equal to a - y for every a strictly between 0 and 1), and then calls hidden_dz.",
        answers={
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    a2 = cache["a2"]
    da2 = -y / a2 + (1 - y) / (1 - a2)
    dz2 = da2 * a2 * (1 - a2)
    return {"dz2": dz2, "dz1": hidden_dz(params["W2"], dz2, cache["a1"])}
''',
        },
    ),
    Student(
        name="v04b-inline-reverse-neuron",
        story="Writes the reverse neuron's formula again inside backward_pass instead of calling hidden_dz, as "
              "'Use your hidden_dz' suggests: the same numbers. Prints the dz of both layers, and checks its "
              "gradients numerically in a scratch cell of its own.",
        answers={
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dz2 = cache["a2"] - y
    a1 = cache["a1"]
    dz1 = a1 * (1 - a1) * (params["W2"].T @ dz2)
    print("dz2:", dz2.ravel(), "dz1:", dz1.ravel())
    return {"dz2": dz2, "dz1": dz1}
''',
        },
        extra_cells=(
            ("bp-gradients-test", r'''c_try = forward_pass(x_example, params_example)
g_try = gradients(x_example, c_try, backward_pass(y_example, params_example, c_try))
for key in ("W1", "W2"):
    print(key, g_try["d" + key].shape, params_example[key].shape)
'''),
        ),
    ),
]


MISTAKES = [
    Student(
        name="w04b-forward-x-into-output",
        story="Feeds x instead of a1 into the output layer, z2 = W2 x + b2: the shapes fit only when n_x = n_h "
              "(the running example), and the public check's 3 inputs make it a ValueError.",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = params["W1"] @ x + params["b1"]
    a1 = sigmoid(z1)
    z2 = params["W2"] @ x + params["b2"]
    a2 = sigmoid(z2)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2}
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w04b-forward-linear-hidden",
        story="Forgets the sigmoid of the hidden layer: a1 = z1.",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = np.dot(params["W1"], x) + params["b1"]
    a1 = z1
    z2 = np.dot(params["W2"], a1) + params["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": sigmoid(z2)}
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w04b-forward-transposed-weights",
        story="Carries w^T x over from logistic regression and writes W1^T x: with one row of weights per neuron "
              "the transpose is wrong (a ValueError when n_x differs from n_h, wrong values when they agree).",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = params["W1"].T @ x + params["b1"]
    a1 = sigmoid(z1)
    z2 = params["W2"].T @ a1 + params["b2"]
    a2 = sigmoid(z2)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2}
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w04b-forward-running-example",
        story="Tried the function on the running example and left x_example in the body: every call computes "
              "the running example's network, whatever x it is given.",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = params["W1"] @ x_example + params["b1"]
    a1 = sigmoid(z1)
    z2 = params["W2"] @ a1 + params["b2"]
    return {"z1": z1, "a1": a1, "z2": z2, "a2": sigmoid(z2)}
''',
        },
        wrong=frozenset({FORWARD}),
    ),
    Student(
        name="w04b-hidden-no-transpose",
        story="Sends dz_next back through W_next itself instead of its transpose: a ValueError when the layers "
              "differ in size, wrong values when they agree.",
        answers={
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    return a * (1 - a) * (W_next @ dz_next)
''',
        },
        wrong=frozenset({HIDDEN}),
    ),
    Student(
        name="w04b-hidden-no-amplifier",
        story="Forgets the amplifier a (1 - a): returns W_next^T dz_next, the sum the reverse neuron receives.",
        answers={
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    return np.dot(W_next.T, dz_next)
''',
        },
        wrong=frozenset({HIDDEN}),
    ),
    Student(
        name="w04b-hidden-a-as-z",
        story="Treats the argument a as z and computes the slope as sigmoid(a) (1 - sigmoid(a)).",
        answers={
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    s = sigmoid(a)
    return s * (1 - s) * (W_next.T @ dz_next)
''',
        },
        wrong=frozenset({HIDDEN}),
    ),
    Student(
        name="w04b-hidden-dot-for-odot",
        story="Uses np.dot for the elementwise product too: a (1 - a), an (n, 1) column, times the transposed "
              "(1, n) row gives an (n, n) matrix instead of a column.",
        answers={
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    back = np.dot(W_next.T, dz_next)
    return np.dot(a * (1 - a), back.T)
''',
        },
        wrong=frozenset({HIDDEN}),
    ),
    Student(
        name="w04b-hidden-row",
        story="Computes dz_next^T W_next, a row (1, n), and returns it without transposing back to a column.",
        answers={
            HIDDEN: r'''def hidden_dz(W_next, dz_next, a):
    """dC/dz of a hidden layer: a (1 - a) times the next layer's dC/dz sent back through W_next."""
    return (dz_next.T @ W_next) * (a * (1 - a)).T
''',
        },
        wrong=frozenset({HIDDEN}),
    ),
    Student(
        name="w04b-backward-sign",
        story="Takes the output layer's dz as y - a2; the wrong sign then travels back into dz1 too.",
        answers={
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dz2 = y - cache["a2"]
    dz1 = hidden_dz(params["W2"], dz2, cache["a1"])
    return {"dz2": dz2, "dz1": dz1}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w04b-backward-first-layer-weights",
        story="Passes W1 to hidden_dz, 'the weights of the hidden layer', where the weights leaving it, W2, "
              "belong.",
        answers={
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dz2 = cache["a2"] - y
    dz1 = hidden_dz(params["W1"], dz2, cache["a1"])
    return {"dz2": dz2, "dz1": dz1}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w04b-backward-z-for-a",
        story="Passes the hidden layer's z1 to hidden_dz where its activations a1 belong.",
        answers={
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dz2 = cache["a2"] - y
    dz1 = hidden_dz(params["W2"], dz2, cache["z1"])
    return {"dz2": dz2, "dz1": dz1}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w04b-backward-capital-keys",
        story="Names the keys dZ2 and dZ1, after the capital letters of the course it watched before.",
        answers={
            BACKWARD: r'''def backward_pass(y, params, cache):
    """y (n_y, 1), params, cache of forward_pass -> {"dz2": (n_y, 1), "dz1": (n_h, 1)}, the dC/dz of each layer."""
    dZ2 = cache["a2"] - y
    dZ1 = hidden_dz(params["W2"], dZ2, cache["a1"])
    return {"dZ2": dZ2, "dZ1": dZ1}
''',
        },
        wrong=frozenset({BACKWARD}),
    ),
    Student(
        name="w04b-gradients-transposed",
        story="Writes the outer products as x dz^T and a1 dz^T: the transposes of dW1 and dW2, shapes (n_x, n_h) "
              "and (n_h, n_y).",
        answers={
            GRADIENTS: r'''def gradients(x, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    return {"dW1": x @ dz["dz1"].T, "db1": dz["dz1"],
            "dW2": cache["a1"] @ dz["dz2"].T, "db2": dz["dz2"]}
''',
        },
        wrong=frozenset({GRADIENTS}),
    ),
    Student(
        name="w04b-gradients-x-for-a1",
        story="Uses the input x as the value entering the output layer too: dW2 = dz2 x^T.",
        answers={
            GRADIENTS: r'''def gradients(x, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    return {"dW1": dz["dz1"] @ x.T, "db1": dz["dz1"], "dW2": dz["dz2"] @ x.T, "db2": dz["dz2"]}
''',
        },
        wrong=frozenset({GRADIENTS}),
    ),
    Student(
        name="w04b-gradients-summed-bias",
        story="Sums the bias gradients with np.sum, a habit from batches of examples: db1 and db2 become single "
              "numbers instead of columns the shape of b1 and b2.",
        answers={
            GRADIENTS: r'''def gradients(x, cache, dz):
    """x (n_x, 1), cache of forward_pass, dz of backward_pass -> {"dW1", "db1", "dW2", "db2"}."""
    return {"dW1": dz["dz1"] @ x.T, "db1": np.sum(dz["dz1"]),
            "dW2": dz["dz2"] @ cache["a1"].T, "db2": np.sum(dz["dz2"])}
''',
        },
        wrong=frozenset({GRADIENTS}),
    ),
]


SYNTAX = [
    Student(
        name="s04b-missing-comma",
        story="Splits the cache dictionary over two lines and forgets the comma at the end of the first: Python "
              "stops at line 8 of the cell, where the next key starts right after a1, with 'SyntaxError: invalid "
              "syntax'. Nothing of the cell is defined.",
        answers={
            FORWARD: r'''def forward_pass(x, params):
    """x (n_x, 1), params {"W1", "b1", "W2", "b2"} -> cache {"z1", "a1", "z2", "a2"}, each a column."""
    z1 = params["W1"] @ x + params["b1"]
    a1 = sigmoid(z1)
    z2 = params["W2"] @ a1 + params["b2"]
    a2 = sigmoid(z2)
    return {"z1": z1, "a1": a1
            "z2": z2, "a2": a2}
''',
        },
        wrong=frozenset({FORWARD}),
    ),
]
