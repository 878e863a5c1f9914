"""05_cat_classifier: every realistic wrong answer loses the points of its own test cell.

Each entry is (solution cell grade id, what is wrong, the full replacement source of that cell). `model`
calls `initialize_with_zeros`, `optimize` and `predict`; `optimize` calls `propagate`; `propagate` and
`predict` call `sigmoid`: while one function is judged the others stand in as the reference's, so a wrong
answer costs only its own cell, never the cells of the functions that call it.
"""

from tests.harness import assert_each_wrong_answer_loses_exactly_its_points, with_changes


def change(grade_id, *edits):
    """A wrong answer of this assignment, written as its difference from the reference answer."""
    return with_changes("05_cat_classifier", grade_id, *edits)


WRONG_ANSWERS = [
    # flatten_and_scale
    ("cat-flatten-code", "reshape(-1, m): columns mix pixels of several images", '''
def flatten_and_scale(images):
    return images.reshape(-1, images.shape[0]) / 255
'''),
    ("cat-flatten-code", "forgets to divide by 255", '''
def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1).T
'''),
    ("cat-flatten-code", "missing transpose: one image per row", '''
def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1) / 255
'''),
    # sigmoid
    ("cat-sigmoid-code", "sign error: 1 / (1 + e^z)", '''
def sigmoid(z):
    return 1 / (1 + np.exp(z))
'''),
    ("cat-sigmoid-code", "math.exp, which fails on arrays", '''
import math

def sigmoid(z):
    return 1 / (1 + math.exp(-z))
'''),
    ("cat-sigmoid-code", "operator precedence: 1 / 1 + e^-z", '''
def sigmoid(z):
    return 1 / 1 + np.exp(-z)
'''),
    # initialize_with_zeros
    ("cat-init-code", "b is the int 0, not a float", '''
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0
'''),
    ("cat-init-code", "w is 1-D, shape (dim,)", '''
def initialize_with_zeros(dim):
    return np.zeros(dim), 0.0
'''),
    ("cat-init-code", "starts from ones instead of zeros", '''
def initialize_with_zeros(dim):
    return np.ones((dim, 1)), 0.0
'''),
    ("cat-init-code", "b is a (1, 1) array", '''
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), np.zeros((1, 1))
'''),
    # propagate
    ("cat-propagate-code", "forgets to divide dw by m",
     change("cat-propagate-code", ("dw = np.dot(X, dZ.T) / m", "dw = np.dot(X, dZ.T)"))),
    ("cat-propagate-code", "sign error in the cost",
     change("cat-propagate-code", ("float(-np.sum(", "float(np.sum("))),
    ("cat-propagate-code", "missing transpose: dw has shape (1, n)",
     change("cat-propagate-code", ("np.dot(X, dZ.T)", "np.dot(dZ, X.T)"))),
    ("cat-propagate-code", "db is a (1, 1) array, not a float",
     change("cat-propagate-code", ("db = float(np.sum(dZ) / m)", "db = np.sum(dZ, axis=1, keepdims=True) / m"))),
    ("cat-propagate-code", "cost is a sum, not a mean",
     change("cat-propagate-code", ("np.log(1 - A)) / m)", "np.log(1 - A)))"))),
    # optimize
    ("cat-optimize-code", "records the cost at the end of each block of 100 (i % 100 == 99)",
     change("cat-optimize-code", ("i % 100 == 0", "i % 100 == 99"))),
    ("cat-optimize-code", "records the cost of every iteration",
     change("cat-optimize-code", ("if i % 100 == 0:", "if True:"))),
    ("cat-optimize-code", "gradient ascent: adds the gradient",
     change("cat-optimize-code", ("w = w - learning_rate", "w = w + learning_rate"),
            ("b = b - learning_rate", "b = b + learning_rate"))),
    ("cat-optimize-code", "never updates b",
     change("cat-optimize-code", ('        b = b - learning_rate * grads["db"]\n', ""))),
    # predict
    ("cat-predict-code", "threshold a >= 0.5 instead of a > 0.5", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X) + b) >= 0.5).astype(float)
'''),
    ("cat-predict-code", "forgets the bias b", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X)) > 0.5).astype(float)
'''),
    ("cat-predict-code", "thresholds z instead of a = sigmoid(z)", '''
def predict(w, b, X):
    return (np.dot(w.T, X) + b > 0.5).astype(float)
'''),
    ("cat-predict-code", "returns a 1-D array of shape (m,)", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X) + b) > 0.5).astype(float).ravel()
'''),
    # model
    ("cat-model-code", "test accuracy computed on the training set",
     change("cat-model-code", ("np.abs(Y_prediction_test - Y_test)", "np.abs(Y_prediction_train - Y_train)"))),
    ("cat-model-code", "accuracies as fractions, not percentages",
     change("cat-model-code",
            ("float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100)",
             "float(1 - np.mean(np.abs(Y_prediction_train - Y_train)))"),
            ("float(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100)",
             "float(1 - np.mean(np.abs(Y_prediction_test - Y_test)))"))),
    ("cat-model-code", "does not pass num_iterations and learning_rate on to optimize",
     change("cat-model-code", ("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                               "optimize(w, b, X_train, Y_train)"))),
    ("cat-model-code", "sizes w by the number of examples instead of features",
     change("cat-model-code", ("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(X_train.shape[1])"))),
]


def test_wrong_answers_lose_exactly_their_points(course):
    assert_each_wrong_answer_loses_exactly_its_points(course, "05_cat_classifier", WRONG_ANSWERS)
