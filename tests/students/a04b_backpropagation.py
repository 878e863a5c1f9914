"""Assignment 04b, backpropagation in a network with one hidden layer: the course author's answers.

No student of 04b was written independently of the grader for this module yet; b04b_backpropagation's are judged
in this process only (tests/test_same_grade.py).
"""
from . import Student, right_in, with_changes, wrong_in
from . import answer_cell as _fn

ASSIGNMENT = "04b_backpropagation"


# --- The course author's answers ---------------------------------------------------------------------------
# Written from the reference answer (with_changes, answer_cell) to try one other form or one mistake at a
# time.

def change(grade_id, *edits):
    """A wrong answer of this assignment, written as its difference from the reference answer."""
    return with_changes(ASSIGNMENT, grade_id, *edits)


AUTHOR_CORRECT = [
    # Correct answers with other parameter names than the notebook's: each gets every point.
    Student("c04b-renamed-forward-pass-inputs-p", "forward_pass(inputs, p)", {"bp-forward-code": (
        "def forward_pass(inputs, p):\n"
        "    h = p[\"W1\"] @ inputs + p[\"b1\"]\n"
        "    out = p[\"W2\"] @ sigmoid(h) + p[\"b2\"]\n"
        "    return {\"z1\": h, \"a1\": sigmoid(h), \"z2\": out, \"a2\": sigmoid(out)}\n")}),
    Student("c04b-renamed-hidden-dz-w-delta-act", "hidden_dz(W, delta, act)", {"bp-hiddendz-code": (
        "def hidden_dz(W, delta, act):\n    return act * (1 - act) * (W.T @ delta)\n")}),
    Student("c04b-renamed-backward-pass-target-p-c", "backward_pass(target, p, c)", {"bp-backward-code": (
        "def backward_pass(target, p, c):\n"
        "    d2 = c[\"a2\"] - target\n"
        "    return {\"dz2\": d2, \"dz1\": hidden_dz(p[\"W2\"], d2, c[\"a1\"])}\n")}),
    Student("c04b-renamed-gradients-inputs-c-d", "gradients(inputs, c, d)", {"bp-gradients-code": (
        "def gradients(inputs, c, d):\n"
        "    return {\"dW1\": d[\"dz1\"] @ inputs.T, \"db1\": d[\"dz1\"], \"dW2\": d[\"dz2\"] @ c[\"a1\"].T,\n"
        "            \"db2\": d[\"dz2\"]}\n")}),
    # Right answers written otherwise than the reference: each gets every point.
    right_in("c04b-gradients-in-a-dictionary-nodes", "bp-graph-code", "gradients in a dictionary, nodes visited through reversed(list(enumerate(...)))",
     _fn("backpropagate(nodes)",
         "grad = {k: 0.0 for k in range(len(nodes))}",
         "grad[len(nodes) - 1] = 1.0",
         "for k, node in reversed(list(enumerate(nodes))):",
         "    for parent, d in zip(node['inputs'], node['local']):",
         "        grad[parent] = grad[parent] + d * grad[k]",
         "return [grad[k] for k in range(len(nodes))]")),
    right_in("c04b-a-numpy-array-of-gradients-filled", "bp-graph-code", "a NumPy array of gradients, filled with a while loop from the end",
     _fn("backpropagate(nodes)",
         "g = np.zeros(len(nodes))",
         "g[-1] = 1",
         "k = len(nodes) - 1",
         "while k >= 0:",
         "    for j in range(len(nodes[k]['inputs'])):",
         "        g[nodes[k]['inputs'][j]] += nodes[k]['local'][j] * g[k]",
         "    k -= 1",
         "return g")),
    right_in("c04b-recursion-over-the-users-of-each", "bp-graph-code", "recursion over the users of each node, with a cache",
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
    right_in("c04b-np-mean-over-the-examples-for-the", "bp-batch-code", "np.mean over the examples for the biases, np.dot for the weights",
     _fn("batch_gradients(X, Y, params)",
         "cache = forward_pass(X, params)",
         "dz = backward_pass(Y, params, cache)",
         "m = X.shape[1]",
         "return {'dW1': np.dot(dz['dz1'], X.T) / m, 'db1': np.mean(dz['dz1'], axis=1, keepdims=True),",
         "        'dW2': np.dot(dz['dz2'], cache['a1'].T) / m, 'db2': np.mean(dz['dz2'], axis=1, keepdims=True)}")),
    right_in("c04b-one-example-at-a-time-with-gradients", "bp-batch-code", "one example at a time with gradients(), then the average",
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
    right_in("c04b-sums-with-sum-axis-1-reshaped-to", "bp-batch-code", "sums with .sum(axis=1) reshaped to a column, and asserts on the shapes",
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

# Realistic mistakes, each in one function: each costs exactly the points of that function's test cell.
AUTHOR_MISTAKES = [
    # backpropagate
    wrong_in("m04b-overwrites-a-node-s-gradient-instead", "bp-graph-code", "overwrites a node's gradient instead of adding what each edge sends back",
     change("bp-graph-code", ("grads[i] += local * grads[k]", "grads[i] = local * grads[k]"))),
    wrong_in("m04b-visits-the-nodes-in-the-order-of", "bp-graph-code", "visits the nodes in the order of the forward pass",
     change("bp-graph-code", ("for k in reversed(range(len(nodes))):", "for k in range(len(nodes)):"))),
    wrong_in("m04b-never-starts-the-output-s-gradient", "bp-graph-code", "never starts the output's gradient at 1",
     change("bp-graph-code", ("    grads[-1] = 1.0\n", ""))),
    wrong_in("m04b-multiplies-by-the-node-s-value-instead", "bp-graph-code", "multiplies by the node's value instead of its local derivative",
     change("bp-graph-code", ('zip(nodes[k]["inputs"], nodes[k]["local"])',
                              'zip(nodes[k]["inputs"], [nodes[k]["value"]] * len(nodes[k]["inputs"]))'))),
    wrong_in("m04b-sends-back-the-local-derivative", "bp-graph-code", "sends back the local derivative alone, without the incoming gradient",
     change("bp-graph-code", ("grads[i] += local * grads[k]", "grads[i] += local"))),
    # forward_pass
    wrong_in("m04b-forgets-the-biases", "bp-forward-code", "forgets the biases",
     change("bp-forward-code", (' + params["b1"]', ""), (' + params["b2"]', ""))),
    wrong_in("m04b-no-sigmoid-in-the-hidden-layer-a1", "bp-forward-code", "no sigmoid in the hidden layer: a1 = z1",
     change("bp-forward-code", ("a1 = sigmoid(z1)", "a1 = z1"))),
    wrong_in("m04b-feeds-z1-instead-of-a1-into-the", "bp-forward-code", "feeds z1 instead of a1 into the output layer",
     change("bp-forward-code", ('params["W2"] @ a1', 'params["W2"] @ z1'))),
    wrong_in("m04b-multiplies-in-the-wrong-order-x", "bp-forward-code", "multiplies in the wrong order: x.T @ W1.T gives a row",
     change("bp-forward-code", ('params["W1"] @ x', 'x.T @ params["W1"].T'))),
    wrong_in("m04b-returns-a-tuple-instead-of-the-cache", "bp-forward-code", "returns a tuple instead of the cache dictionary",
     change("bp-forward-code", ('return {"z1": z1, "a1": a1, "z2": z2, "a2": a2}', "return z1, a1, z2, a2"))),
    # hidden_dz
    wrong_in("m04b-forgets-the-amplifier-sigma-z-a", "bp-hiddendz-code", "forgets the amplifier sigma'(z) = a (1 - a)",
     change("bp-hiddendz-code", ("dz = a * (1 - a) * (W_next.T @ dz_next)", "dz = W_next.T @ dz_next"))),
    wrong_in("m04b-no-transpose-w-next-dz-next-fits", "bp-hiddendz-code", "no transpose: W_next @ dz_next (fits only when the layers have the same size)",
     change("bp-hiddendz-code", ("W_next.T @ dz_next", "W_next @ dz_next"))),
    wrong_in("m04b-applies-the-sigmoid-to-a-before", "bp-hiddendz-code", "applies the sigmoid to a before taking the slope",
     change("bp-hiddendz-code", ("a * (1 - a)", "sigmoid(a) * (1 - sigmoid(a))"))),
    wrong_in("m04b-sign-error-in-the-slope-a-a-1", "bp-hiddendz-code", "sign error in the slope: a (a - 1)",
     change("bp-hiddendz-code", ("a * (1 - a)", "a * (a - 1)"))),
    wrong_in("m04b-a-matrix-product-where-the-amplifier", "bp-hiddendz-code", "a matrix product where the amplifier is elementwise",
     change("bp-hiddendz-code", ("a * (1 - a) * (W_next.T @ dz_next)", "(a * (1 - a)).T @ (W_next.T @ dz_next)"))),
    # backward_pass
    wrong_in("m04b-sign-error-at-the-output-y-a2", "bp-backward-code", "sign error at the output: y - a2",
     change("bp-backward-code", ('dz2 = cache["a2"] - y', 'dz2 = y - cache["a2"]'))),
    wrong_in("m04b-sends-z1-instead-of-a1-to-hidden", "bp-backward-code", "sends z1 instead of a1 to hidden_dz",
     change("bp-backward-code", ('cache["a1"])', 'cache["z1"])'))),
    wrong_in("m04b-sends-dz2-back-through-w1-instead", "bp-backward-code", "sends dz2 back through W1 instead of W2",
     change("bp-backward-code", ('params["W2"]', 'params["W1"]'))),
    wrong_in("m04b-names-the-keys-dz1-and-dz2", "bp-backward-code", "names the keys dZ1 and dZ2",
     change("bp-backward-code", ('{"dz2": dz2, "dz1": dz1}', '{"dZ2": dz2, "dZ1": dz1}'))),
    # gradients
    wrong_in("m04b-z1-instead-of-a1-as-the-values-entering", "bp-gradients-code", "z1 instead of a1 as the values entering the output layer",
     change("bp-gradients-code", ('cache["a1"].T', 'cache["z1"].T'))),
    wrong_in("m04b-each-layer-multiplied-by-the-other", "bp-gradients-code", "each layer multiplied by the other layer's inputs",
     change("bp-gradients-code", ('dz["dz1"] @ x.T', 'dz["dz1"] @ cache["a1"].T'),
            ('dz["dz2"] @ cache["a1"].T', 'dz["dz2"] @ x.T'))),
    wrong_in("m04b-inner-product-instead-of-outer-product", "bp-gradients-code", "inner product instead of outer product: x.T @ dz1",
     change("bp-gradients-code", ('dz["dz1"] @ x.T', 'x.T @ dz["dz1"]'))),
    wrong_in("m04b-biases-gradients-summed-to-a-number", "bp-gradients-code", "biases' gradients summed to a number",
     change("bp-gradients-code", ('"db1": dz["dz1"]', '"db1": float(np.sum(dz["dz1"]))'),
            ('"db2": dz["dz2"]', '"db2": float(np.sum(dz["dz2"]))'))),
    # batch_gradients
    wrong_in("m04b-forgets-to-divide-by-m-the-gradients", "bp-batch-code", "forgets to divide by m: the gradients of the total loss, not of the cost J",
     change("bp-batch-code", ("    m = X.shape[1]\n", "    m = 1\n"))),
    wrong_in("m04b-biases-gradients-not-added-up-one", "bp-batch-code", "biases' gradients not added up: one column per example",
     change("bp-batch-code", ('np.sum(dz["dz1"], axis=1, keepdims=True) / m', 'dz["dz1"] / m'),
            ('np.sum(dz["dz2"], axis=1, keepdims=True) / m', 'dz["dz2"] / m'))),
    wrong_in("m04b-sums-the-biases-gradients-over-the", "bp-batch-code", "sums the biases' gradients over the wrong axis (the neurons)",
     change("bp-batch-code", ('np.sum(dz["dz1"], axis=1, keepdims=True)', 'np.sum(dz["dz1"], axis=0, keepdims=True)'),
            ('np.sum(dz["dz2"], axis=1, keepdims=True)', 'np.sum(dz["dz2"], axis=0, keepdims=True)'))),
    wrong_in("m04b-sums-without-keepdims-the-biases", "bp-batch-code", "sums without keepdims: the biases' gradients are 1-D",
     change("bp-batch-code", ('np.sum(dz["dz1"], axis=1, keepdims=True)', 'np.sum(dz["dz1"], axis=1)'),
            ('np.sum(dz["dz2"], axis=1, keepdims=True)', 'np.sum(dz["dz2"], axis=1)'))),
    wrong_in("m04b-uses-only-the-first-example", "bp-batch-code", "uses only the first example",
     change("bp-batch-code", ("    cache = forward_pass(X, params)\n", "    X, Y = X[:, :1], Y[:, :1]\n"
                                                                     "    cache = forward_pass(X, params)\n"))),
]

CORRECT = AUTHOR_CORRECT
MISTAKES = AUTHOR_MISTAKES
