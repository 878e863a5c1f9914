"""Assignment 05, the cat classifier: a second set of students, written as first-timers write them.

Beside a05: the habits of public deeplearning.ai week-2 solutions that a05 does not have yet (parameter names of
their own, a compute_cost(AL, Y) helper, num_px read from the data set, NumPy scalars and 0-d arrays, `<=`
thresholds the other way round), more honest forms of every function, and mistakes each in one function.
DISPUTED holds an honest reading of flatten_and_scale that the public check rejects, and a right answer whose
helper's name the notebook's own illustration overwrites.
"""
from . import Student, edited

ASSIGNMENT = "05_cat_classifier"

FLATTEN = "cat-flatten-code"
SIGMOID = "cat-sigmoid-code"
INIT = "cat-init-code"
PROPAGATE = "cat-propagate-code"
OPTIMIZE = "cat-optimize-code"
PREDICT = "cat-predict-code"
MODEL = "cat-model-code"

# A student's own cell right after the setup, as the deeplearning.ai notebook has it: load the data set and
# read num_px, the side of the (square) cat images, from it.
_NUM_PX_CELL = ("cat-imports-setup", r'''train_x_orig, train_y, test_x_orig, test_y, classes = load_catvnoncat()
num_px = train_x_orig.shape[1]
print("num_px =", num_px)
''')


CORRECT = [
    Student(
        name="v05-own-names",
        story="Keeps the names of the solutions it learned from: sigmoid(x), propagate(W, B, data, labels) with a "
              "compute_cost(AL, Y) helper, predict(W, B, data), model(Xtr, Ytr, Xte, Yte, ...); the keyword "
              "parameters of optimize and model keep their names, since the notebook passes them by name.",
        answers={
            FLATTEN: r'''def flatten_and_scale(imgs):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return imgs.reshape(len(imgs), -1).T / 255.0
''',
            SIGMOID: r'''def sigmoid(x):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return 1 / (1 + np.exp(-x))
''',
            INIT: r'''def initialize_with_zeros(n):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    return np.zeros(shape=(n, 1), dtype=float), 0.0
''',
            PROPAGATE: r'''def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def propagate(W, B, data, labels):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = data.shape[1]
    AL = sigmoid(np.dot(W.T, data) + B)
    cost = compute_cost(AL, labels)
    dW = np.dot(data, (AL - labels).T) / m
    dB = float(np.sum(AL - labels) / m)
    return {"dw": dW, "db": dB}, cost
''',
            OPTIMIZE: r'''def optimize(W, B, data, labels, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for it in range(num_iterations):
        grads, cost = propagate(W, B, data, labels)
        if it % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (it, cost))
        W = W - learning_rate * grads["dw"]
        B = B - learning_rate * grads["db"]
    return {"w": W, "b": B}, grads, costs
''',
            PREDICT: r'''def predict(W, B, data):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    AL = sigmoid(np.dot(W.T, data) + B)
    return np.where(AL <= 0.5, 0.0, 1.0)
''',
            MODEL: r'''def model(Xtr, Ytr, Xte, Yte, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    W, B = initialize_with_zeros(Xtr.shape[0])
    params, grads, costs = optimize(W, B, Xtr, Ytr, num_iterations, learning_rate, print_cost)
    W, B = params["w"], params["b"]
    pred_tr = predict(W, B, Xtr)
    pred_te = predict(W, B, Xte)
    acc_tr = 100 - np.mean(np.abs(pred_tr - Ytr)) * 100
    acc_te = 100 - np.mean(np.abs(pred_te - Yte)) * 100
    if print_cost:
        print("train accuracy: {} %".format(acc_tr))
        print("test accuracy: {} %".format(acc_te))
    return {"costs": costs, "Y_prediction_test": pred_te, "Y_prediction_train": pred_tr, "w": W, "b": B,
            "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": acc_tr, "test_accuracy": acc_te}
''',
        },
    ),
    Student(
        name="v05-long-names",
        story="Names everything in full (images_uint8, weights, bias, features, labels, activations) and keeps "
              "one step per line; predict sets a zeros array to 1 where the activation is above 0.5 with a "
              "boolean mask.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images_uint8):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    number_of_images = images_uint8.shape[0]
    one_row_per_image = images_uint8.reshape(number_of_images, -1)
    one_column_per_image = one_row_per_image.T
    scaled = one_column_per_image.astype(np.float64) / 255
    return scaled
''',
            INIT: r'''def initialize_with_zeros(number_of_weights):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    weights = 0.0 * np.ones((number_of_weights, 1))
    bias = 0.0
    return weights, bias
''',
            PROPAGATE: r'''def propagate(weights, bias, features, labels):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    number_of_examples = features.shape[1]
    activations = sigmoid(weights.T @ features + bias)
    log_probabilities = labels * np.log(activations) + (1 - labels) * np.log(1 - activations)
    cost = -float(np.mean(log_probabilities))
    errors = activations - labels
    weight_gradient = features @ errors.T / number_of_examples
    bias_gradient = float(np.mean(errors))
    return {"dw": weight_gradient, "db": bias_gradient}, cost
''',
            PREDICT: r'''def predict(weights, bias, features):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    activations = sigmoid(weights.T @ features + bias)
    predictions = np.zeros((1, features.shape[1]))
    predictions[activations > 0.5] = 1.0
    return predictions
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    number_of_features = X_train.shape[0]
    initial_weights, initial_bias = initialize_with_zeros(number_of_features)
    trained_parameters, last_gradients, recorded_costs = optimize(
        initial_weights, initial_bias, X_train, Y_train,
        num_iterations=num_iterations, learning_rate=learning_rate, print_cost=print_cost)
    trained_weights = trained_parameters["w"]
    trained_bias = trained_parameters["b"]
    training_predictions = predict(trained_weights, trained_bias, X_train)
    test_predictions = predict(trained_weights, trained_bias, X_test)
    training_accuracy = 100.0 * (1.0 - float(np.mean(np.abs(training_predictions - Y_train))))
    test_accuracy = 100.0 * (1.0 - float(np.mean(np.abs(test_predictions - Y_test))))
    if print_cost:
        print(f"training accuracy: {training_accuracy:.2f} %, test accuracy: {test_accuracy:.2f} %")
    return {
        "costs": recorded_costs,
        "Y_prediction_train": training_predictions,
        "Y_prediction_test": test_predictions,
        "w": trained_weights,
        "b": trained_bias,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
        "train_accuracy": training_accuracy,
        "test_accuracy": test_accuracy,
    }
''',
        },
    ),
    Student(
        name="v05-numpy-scalars",
        story="Never converts to Python floats: b starts as np.float64(0.0) (a float subclass), the cost is "
              "np.squeeze(np.array(...)) and db is np.squeeze of a keepdims sum, both 0-d arrays, so b and the "
              "recorded costs are NumPy values; the accuracies stay NumPy floats.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = np.float64(0.0)
    return w, b
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -(Y @ np.log(A).T + (1 - Y) @ np.log(1 - A).T) / m
    dZ = A - Y
    dw = X @ dZ.T / m
    db = np.squeeze(np.sum(dZ, axis=1, keepdims=True) / m)
    cost = np.squeeze(np.array(cost))
    return {"dw": dw, "db": db}, cost
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate, print_cost=print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = 100 * np.sum(Y_prediction_train == Y_train) / Y_train.shape[1]
    test_accuracy = 100 * np.sum(Y_prediction_test == Y_test) / Y_test.shape[1]
    if print_cost:
        print("train accuracy:", train_accuracy, "%  test accuracy:", test_accuracy, "%")
    return {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''',
        },
    ),
    Student(
        name="v05-copy-and-in-place",
        story="Copies w with np.array(w, copy=True) at the top of optimize and then updates with -=; records the "
              "cost with 'if not i % 100'; flattens by moving the image axis last, np.moveaxis(images, 0, -1)"
              ".reshape(-1, m), which keeps each image in its own column in the same pixel order.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
    last = np.moveaxis(images, 0, -1)      # (h, w, c, m): image i is [..., i]
    return last.reshape(-1, m) / 255
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    w = np.array(w, copy=True)
    b = float(b)
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if not i % 100:
            costs.append(cost)
            if print_cost:
                print(f"iteration {i}: cost {cost:.6f}")
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    Y_prediction = sigmoid(w.T @ X + b)          # a new array: changing it leaves nothing else changed
    Y_prediction[Y_prediction > 0.5] = 1.0
    Y_prediction[Y_prediction <= 0.5] = 0.0
    return Y_prediction
''',
        },
    ),
    Student(
        name="v05-helpers-and-asserts",
        story="Writes small helpers where it repeats itself: a linear(w, b, X) in the propagate cell used again "
              "in the same cell only, and a percent_correct(Y_hat, Y) in the predict cell that model uses; asserts "
              "the shapes the text gives.",
        answers={
            PROPAGATE: r'''def linear(w, b, X):
    return np.dot(w.T, X) + b


def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    assert w.shape == (X.shape[0], 1), "w must be a column of n weights"
    m = X.shape[1]
    A = sigmoid(linear(w, b, X))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.mean(X * (A - Y), axis=1, keepdims=True)
    db = np.mean(A - Y)
    assert dw.shape == w.shape
    return {"dw": dw, "db": float(db)}, float(cost)
''',
            PREDICT: r'''def percent_correct(Y_hat, Y):
    """Percentage of predictions equal to the labels."""
    return float(100 - np.mean(np.abs(Y_hat - Y)) * 100)


def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    assert A.shape == (1, X.shape[1])
    return (A > 0.5).astype(np.float64)
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_train = predict(params["w"], params["b"], X_train)
    Y_prediction_test = predict(params["w"], params["b"], X_test)
    results = {"costs": costs,
               "Y_prediction_train": Y_prediction_train,
               "Y_prediction_test": Y_prediction_test,
               "w": params["w"],
               "b": params["b"],
               "learning_rate": learning_rate,
               "num_iterations": num_iterations,
               "train_accuracy": percent_correct(Y_prediction_train, Y_train),
               "test_accuracy": percent_correct(Y_prediction_test, Y_test)}
    if print_cost:
        print("train accuracy:", results["train_accuracy"], "test accuracy:", results["test_accuracy"])
    return results
''',
        },
    ),
    Student(
        name="v05-other-forms",
        story="Writes each function in a form of its own: divides before it flattens, the sigmoid as "
              "1 / (1 + e^-z) with np.power(np.e, -z), w as a transposed row of zeros, the cost through the "
              "probability of the observed label, predictions with np.heaviside(A - 0.5, 0) (0 at exactly "
              "0.5), and accuracies counted with np.count_nonzero.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    scaled = images / 255.
    return scaled.reshape(scaled.shape[0], -1).T
''',
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return 1.0 / (1.0 + np.power(np.e, -z))
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((1, dim)).T
    b = 0.0
    return w, b
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    p_label = np.where(Y == 1, A, 1 - A)        # probability given to the observed label
    cost = float(-np.log(p_label).sum() / m)
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T) / m, "db": dZ.sum().item() / m}, cost
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return np.heaviside(A - 0.5, 0.0)
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    d = {"costs": costs, "w": params["w"], "b": params["b"],
         "learning_rate": learning_rate, "num_iterations": num_iterations}
    for which, X, Y in (("train", X_train, Y_train), ("test", X_test, Y_test)):
        Y_hat = predict(params["w"], params["b"], X)
        d["Y_prediction_" + which] = Y_hat
        d[which + "_accuracy"] = 100.0 * np.count_nonzero(Y_hat == Y) / Y.size
        if print_cost:
            print(which, "accuracy:", d[which + "_accuracy"], "%")
    return d
''',
        },
    ),
    Student(
        name="v05-dlai-loop-predict",
        story="Copies the template's loop in predict but writes the rule the other way round, 0 when the "
              "activation is at most 0.5 and 1 otherwise; keeps a two-branch sigmoid for stability (np.where, "
              "with its harmless overflow warnings); records costs with costs += [cost].",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        s = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
    return s if s.ndim else float(s)
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(0, num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        if i % 100 == 0:
            costs += [cost]
        if print_cost and i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
        w = w - learning_rate * dw
        b = b - learning_rate * db
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        if A[0, i] <= 0.5:
            Y_prediction[0, i] = 0
        else:
            Y_prediction[0, i] = 1
    return Y_prediction
''',
        },
    ),
    Student(
        name="v05-params-dict",
        story="Keeps the parameters in one dictionary through optimize and replaces it at every step; model "
              "starts from w = np.zeros((n, 1)) and b = 0, an int, without calling initialize_with_zeros (after "
              "the first step b is a float); flattens with np.reshape and astype; the sigmoid converts its "
              "argument with np.asarray first.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    flat = np.reshape(images, (images.shape[0], -1)).astype(float)
    return flat.T / 255
''',
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    params = {"w": w, "b": b}
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(params["w"], params["b"], X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost}")
        params = {"w": params["w"] - learning_rate * grads["dw"],
                  "b": params["b"] - learning_rate * grads["db"]}
    return params, grads, costs
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w = np.zeros((X_train.shape[0], 1))
    b = 0
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate, print_cost=print_cost)
    d = {"costs": costs, "w": params["w"], "b": params["b"],
         "learning_rate": learning_rate, "num_iterations": num_iterations}
    d["Y_prediction_train"] = predict(d["w"], d["b"], X_train)
    d["Y_prediction_test"] = predict(d["w"], d["b"], X_test)
    d["train_accuracy"] = float(100 - np.mean(np.abs(d["Y_prediction_train"] - Y_train)) * 100)
    d["test_accuracy"] = float(100 - np.mean(np.abs(d["Y_prediction_test"] - Y_test)) * 100)
    if print_cost:
        print("train accuracy:", d["train_accuracy"], "test accuracy:", d["test_accuracy"])
    return d
''',
        },
    ),
]


# Honest cells that several mistakes below start from: each of those mistakes is one of them with a line or two
# changed, as a student changes a line or two.
_PROPAGATE = r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dw = np.dot(X, (A - Y).T) / m
    db = float(np.sum(A - Y) / m)
    return {"dw": dw, "db": db}, cost
'''

_OPTIMIZE = r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs
'''

_MODEL = r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100),
            "test_accuracy": float(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100)}
'''

_HONEST = {PROPAGATE: _PROPAGATE, OPTIMIZE: _OPTIMIZE, MODEL: _MODEL}


def _changed(cell, name, story, *edits, extra_cells=()):
    """A student whose answer in `cell` is the honest one with `edits` made: wrong in that cell."""
    return Student(name=name, story=story, answers={cell: edited(_HONEST[cell], *edits)},
                   wrong=frozenset({cell}), extra_cells=extra_cells)


MISTAKES = [
    Student(
        name="w05-flatten-square-images",
        story="Flattens like the deeplearning.ai notebook, reshape(m, num_px * num_px * 3) with num_px = the "
              "image height: right only for square images with 3 colour values. The public check's images are "
              "2 x 2 x 3, so the public check passes; any image that is not square, or not RGB, fails.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
    num_px = images.shape[1]
    return images.reshape(m, num_px * num_px * 3).T / 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="w05-flatten-global-num-px",
        story="Defines num_px = 64 from the cat images in a cell of its own after the setup (as the "
              "deeplearning.ai notebook does) and uses that global inside flatten_and_scale: any other image "
              "size fails.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(images.shape[0], num_px * num_px * 3).T / 255
''',
        },
        wrong=frozenset({FLATTEN}),
        extra_cells=(_NUM_PX_CELL,),
    ),
    Student(
        name="w05-flatten-256",
        story="Divides by 256, 'the number of values a byte can hold': the largest pixel, 255, becomes 0.996.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(images.shape[0], -1).T / 256
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="w05-sigmoid-one-minus",
        story="Writes e^-z / (1 + e^-z), which is 1 - sigma(z) = sigma(-z).",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return np.exp(-z) / (1 + np.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="w05-sigmoid-if-branch",
        story="Writes a 'stable' sigmoid with if z >= 0 ... else ...: fine for one number, 'the truth value of "
              "an array is ambiguous' for arrays.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    if z >= 0:
        return 1 / (1 + np.exp(-z))
    else:
        e = np.exp(z)
        return e / (1 + e)
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="w05-init-matrix-bias",
        story="Makes b = np.zeros((1, 1)) 'to match w': a (1, 1) array where the text demands the float 0.0.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = np.zeros((1, 1))
    return w, b
''',
        },
        wrong=frozenset({INIT}),
    ),
    Student(
        name="w05-init-zeros-two-arguments",
        story="Writes np.zeros(dim, 1) without the inner parentheses: NumPy reads the 1 as a dtype and raises "
              "a TypeError.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros(dim, 1)
    b = 0.0
    return w, b
''',
        },
        wrong=frozenset({INIT}),
    ),
    Student(
        name="w05-init-nested-list",
        story="Builds w as a Python list of lists, [[0.0]] * dim, instead of a NumPy array.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = [[0.0]] * dim
    b = 0.0
    return w, b
''',
        },
        wrong=frozenset({INIT}),
    ),
    _changed(PROPAGATE, "w05-propagate-db-flat",
             "Sums dZ along axis=1: db is an array of shape (1,) where a float is demanded.",
             ("db = float(np.sum(A - Y) / m)", "db = np.sum(A - Y, axis=1) / m")),
    _changed(PROPAGATE, "w05-propagate-half-cost",
             "Writes only the first term of the cost, -mean(y log a): the examples labelled 0 cost nothing.",
             ("np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))", "np.sum(Y * np.log(A))")),
    _changed(PROPAGATE, "w05-propagate-dw-no-transpose",
             "Writes np.dot(X, A - Y) without transposing the row: (n, m) by (1, m) is a ValueError.",
             ("np.dot(X, (A - Y).T)", "np.dot(X, A - Y)")),
    _changed(OPTIMIZE, "w05-optimize-costs-only-when-printing",
             "Puts costs.append(cost) inside 'if print_cost:', so costs stays empty unless printing is on.",
             ("        if i % 100 == 0:\n            costs.append(cost)\n            if print_cost:\n",
              "        if i % 100 == 0:\n            if print_cost:\n                costs.append(cost)\n")),
    _changed(OPTIMIZE, "w05-optimize-bias-with-dw",
             "Copy-pastes the weight update for the bias and keeps grads['dw']: b becomes an (n, 1) array.",
             ('b - learning_rate * grads["db"]', 'b - learning_rate * grads["dw"]')),
    _changed(OPTIMIZE, "w05-optimize-skips-first",
             "Records when i % 100 == 0 and i > 0, 'after the first hundred': the starting cost is missing and "
             "250 iterations record 2 costs.",
             ("if i % 100 == 0:", "if i % 100 == 0 and i > 0:")),
    Student(
        name="w05-predict-less-than",
        story="Writes np.where(A < 0.5, 0, 1): an activation of exactly 0.5 is predicted 1, where the rule says 0.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return np.where(A < 0.5, 0.0, 1.0)
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    Student(
        name="w05-predict-threshold-zero",
        story="Mixes the two thresholds up and compares the activation with 0, the threshold for z: every "
              "prediction is 1.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0).astype(float)
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    _changed(MODEL, "w05-model-predicts-with-zeros",
             "Calls optimize but never takes w and b out of its result: predicts with the initial zeros (every "
             "activation 0.5, every prediction 0) while storing the trained parameters.",
             ('    w, b = params["w"], params["b"]\n', ""), ('"w": w, "b": b', '"w": params["w"], "b": params["b"]')),
    _changed(MODEL, "w05-model-global-num-px",
             "Initializes with num_px * num_px * 3, read from the global num_px of its own cell after the "
             "setup (as in the deeplearning.ai notebook): only the 64 x 64 cat images fit.",
             ("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(num_px * num_px * 3)"),
             extra_cells=(_NUM_PX_CELL,)),
    _changed(MODEL, "w05-model-global-labels",
             "Compares the training predictions with train_y, the global cat labels of the data-set cell, "
             "instead of its argument Y_train.",
             ("Y_prediction_train - Y_train", "Y_prediction_train - train_y")),
    _changed(MODEL, "w05-model-percent-half-done",
             "Writes 100 - np.mean(np.abs(Y_hat - Y)), forgetting to scale the mean error by 100: 75 % "
             "correct comes out as 99.75.",
             ("Y_prediction_train - Y_train)) * 100)", "Y_prediction_train - Y_train)))"),
             ("Y_prediction_test - Y_test)) * 100)", "Y_prediction_test - Y_test)))")),
]

SYNTAX = [
    Student(
        name="s05-unindent-mismatch",
        story="Deletes one space too many while editing: line 4 of the cell is indented by 3 spaces between "
              "lines indented by 4, 'IndentationError: unindent does not match any outer indentation level'. "
              "Nothing of the cell is defined.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
   X = images.reshape(m, -1).T
    return X / 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
]


# Honest answers that the public check or the notebook itself rejects: not asserted either way, for the integrator
# to rule on.
DISPUTED = [
    Student(
        name="d05-flatten-fortran-order",
        story="Reshapes with order='F' ('column-major, since the images become columns'): each column still holds "
              "exactly the values of one image, divided by 255, as the exercise asks, but in another pixel order "
              "(the colour channel varies slowest). A model trained on it is just as good, since the same order "
              "is used everywhere; the public check expects the row-major order of reshape(m, -1) and fails it.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
    return images.reshape(m, -1, order="F").T / 255
''',
        },
    ),
]

_HELPERS = next(student for student in CORRECT if student.name == "v05-helpers-and-asserts")
DISPUTED.append(Student(
    name="d05-helper-named-accuracy",
    story="v05-helpers-and-asserts with its helper named accuracy(Y_hat, Y) instead of percent_correct. Every "
          "public check passes, but the notebook's own baseline cell (section 5) assigns a number to the global "
          "accuracy, so the learning-rate cell's later call of model raises \"'numpy.float64' object is not "
          "callable\". Right answers; the notebook's illustration breaks them.",
    answers={
        **_HELPERS.answers,
        PREDICT: edited(_HELPERS.answers[PREDICT], ("def percent_correct(", "def accuracy(")),
        MODEL: edited(_HELPERS.answers[MODEL], ("percent_correct(Y_prediction_train", "accuracy(Y_prediction_train"),
                      ("percent_correct(Y_prediction_test", "accuracy(Y_prediction_test")),
    },
))
