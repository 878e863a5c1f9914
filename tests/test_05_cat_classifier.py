"""05_cat_classifier: every realistic wrong answer loses the points of its own test cell.

Each entry is (solution cell grade id, what is wrong, the full replacement source of that cell, and the
test cells of LATER exercises that fail too because their function calls the wrong one). `model` calls
`initialize_with_zeros`, `optimize` and `predict`; `optimize` calls `propagate`; `propagate` and
`predict` call `sigmoid`. A wrong answer never costs the points of a cell before its own.
"""

from tests.harness import assert_each_wrong_answer_loses_exactly_its_points

# Later test cells that use each function, directly or through another one.
USES_SIGMOID = ("cat-propagate-test", "cat-optimize-test", "cat-predict-test", "cat-model-test")
USES_PROPAGATE = ("cat-optimize-test", "cat-model-test")
USES_OPTIMIZE = ("cat-model-test",)
USES_PREDICT = ("cat-model-test",)
NOTHING_ELSE = ()

WRONG_ANSWERS = [
    # flatten_and_scale
    ("cat-flatten-code", "reshape(-1, m): columns mix pixels of several images", '''
def flatten_and_scale(images):
    return images.reshape(-1, images.shape[0]) / 255
''', NOTHING_ELSE),
    ("cat-flatten-code", "forgets to divide by 255", '''
def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1).T
''', NOTHING_ELSE),
    ("cat-flatten-code", "missing transpose: one image per row", '''
def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1) / 255
''', NOTHING_ELSE),
    # sigmoid
    ("cat-sigmoid-code", "sign error: 1 / (1 + e^z)", '''
def sigmoid(z):
    return 1 / (1 + np.exp(z))
''', USES_SIGMOID),
    ("cat-sigmoid-code", "math.exp, which fails on arrays", '''
import math

def sigmoid(z):
    return 1 / (1 + math.exp(-z))
''', USES_SIGMOID),
    ("cat-sigmoid-code", "operator precedence: 1 / 1 + e^-z", '''
def sigmoid(z):
    return 1 / 1 + np.exp(-z)
''', USES_SIGMOID),
    # initialize_with_zeros
    ("cat-init-code", "b is the int 0, not a float", '''
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0
''', NOTHING_ELSE),
    ("cat-init-code", "w is 1-D, shape (dim,)", '''
def initialize_with_zeros(dim):
    return np.zeros(dim), 0.0
''', USES_OPTIMIZE),
    ("cat-init-code", "starts from ones instead of zeros", '''
def initialize_with_zeros(dim):
    return np.ones((dim, 1)), 0.0
''', USES_OPTIMIZE),
    ("cat-init-code", "b is a (1, 1) array", '''
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), np.zeros((1, 1))
''', USES_OPTIMIZE),
    # propagate
    ("cat-propagate-code", "forgets to divide dw by m", '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T), "db": float(np.sum(dZ) / m)}, cost
''', USES_PROPAGATE),
    ("cat-propagate-code", "sign error in the cost", '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = float(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T) / m, "db": float(np.sum(dZ) / m)}, cost
''', USES_PROPAGATE),
    ("cat-propagate-code", "missing transpose: dw has shape (1, n)", '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dZ = A - Y
    return {"dw": np.dot(dZ, X.T) / m, "db": float(np.sum(dZ) / m)}, cost
''', USES_PROPAGATE),
    ("cat-propagate-code", "db is a (1, 1) array, not a float", '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T) / m, "db": np.sum(dZ, axis=1, keepdims=True) / m}, cost
''', USES_PROPAGATE),
    ("cat-propagate-code", "cost is a sum, not a mean", '''
def propagate(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    dZ = A - Y
    return {"dw": np.dot(X, dZ.T) / m, "db": float(np.sum(dZ) / m)}, cost
''', USES_PROPAGATE),
    # optimize
    ("cat-optimize-code", "records the cost at the end of each block of 100 (i % 100 == 99)", '''
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 99:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''', USES_OPTIMIZE),
    ("cat-optimize-code", "records the cost of every iteration", '''
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''', USES_OPTIMIZE),
    ("cat-optimize-code", "gradient ascent: adds the gradient", '''
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w + learning_rate * grads["dw"]
        b = b + learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''', USES_OPTIMIZE),
    ("cat-optimize-code", "never updates b", '''
def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''', USES_OPTIMIZE),
    # predict
    ("cat-predict-code", "threshold a >= 0.5 instead of a > 0.5", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X) + b) >= 0.5).astype(float)
''', NOTHING_ELSE),
    ("cat-predict-code", "forgets the bias b", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X)) > 0.5).astype(float)
''', USES_PREDICT),
    ("cat-predict-code", "thresholds z instead of a = sigmoid(z)", '''
def predict(w, b, X):
    return (np.dot(w.T, X) + b > 0.5).astype(float)
''', USES_PREDICT),
    ("cat-predict-code", "returns a 1-D array of shape (m,)", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X) + b) > 0.5).astype(float).ravel()
''', USES_PREDICT),
    # model
    ("cat-model-code", "test accuracy computed on the training set", '''
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100)
    test_accuracy = train_accuracy
    return {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''', NOTHING_ELSE),
    ("cat-model-code", "accuracies as fractions, not percentages", '''
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(1 - np.mean(np.abs(Y_prediction_train - Y_train)))
    test_accuracy = float(1 - np.mean(np.abs(Y_prediction_test - Y_test)))
    return {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''', NOTHING_ELSE),
    ("cat-model-code", "does not pass num_iterations and learning_rate on to optimize", '''
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100)
    test_accuracy = float(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100)
    return {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''', NOTHING_ELSE),
    ("cat-model-code", "sizes w by the number of examples instead of features", '''
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[1])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100)
    test_accuracy = float(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100)
    return {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''', NOTHING_ELSE),
]


def test_wrong_answers_lose_exactly_their_points(course):
    assert_each_wrong_answer_loses_exactly_its_points(course, "05_cat_classifier", WRONG_ANSWERS)
