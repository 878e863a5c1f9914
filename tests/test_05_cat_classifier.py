"""05_cat_classifier: every realistic wrong answer loses the points of its own test cell, and only those;
pictures of any size load as the data set's images; the own-picture cell works with and without a picture.

Each entry is (solution cell grade id, what is wrong, the full replacement source of that cell). `model`
calls `initialize_with_zeros`, `optimize` and `predict`; `optimize` calls `propagate`; `propagate` and
`predict` call `sigmoid`: while one function is judged the others stand in as the reference's, so a wrong
answer costs only its own cell, never the cells of the functions that call it.
"""

import contextlib
import io
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402

from autograder import catalogue, dataset, figures, reference  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from tests.harness import (
    assert_each_correct_answer_gets_full_marks,
    assert_each_wrong_answer_loses_exactly_its_points,  # noqa: E402
    with_changes,
)


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
    ("cat-flatten-code", "square images assumed: reshape(m, num_px * num_px * 3)", '''
def flatten_and_scale(images):
    m, num_px = images.shape[0], images.shape[1]
    return images.reshape(m, num_px * num_px * 3).T / 255
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
    # cost_from_z
    ("cat-stable-code", "computes the cost through sigma(z), as Exercise 4 did: nan far from 0", '''
def cost_from_z(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    ("cat-stable-code", "clips a = sigma(z) away from 0 and 1: finite, but wrong far from 0", '''
def cost_from_z(Z, Y):
    A = np.clip(1 / (1 + np.exp(-Z)), 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    ("cat-stable-code", "swaps the two pieces: log(1 + e^z) for the label 1",
     change("cat-stable-code", ("Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)",
                                "Y * np.logaddexp(0, Z) + (1 - Y) * np.logaddexp(0, -Z)"))),
    ("cat-stable-code", "forgets to divide by m: the total loss",
     change("cat-stable-code", ("float(np.sum(losses) / m)", "float(np.sum(losses))"))),
]

CORRECT_ANSWERS = [
    ("cat-stable-code", "log(1 + e^z) - y z, the two pieces combined into one", '''
def cost_from_z(Z, Y):
    return float(np.mean(np.logaddexp(0, Z) - Y * Z))
'''),
    ("cat-stable-code", "max(z, 0) - y z + log1p(e^-|z|), written out by hand", '''
def cost_from_z(Z, Y):
    m = Z.shape[1]
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    assert losses.shape == (1, m)
    return float(np.sum(losses) / m)
'''),
    ("cat-stable-code", "np.where on the sign of z, so that exp never sees a large positive number", '''
def cost_from_z(Z, Y):
    positive = np.log1p(np.exp(-np.abs(Z))) + np.where(Z > 0, Z, 0.0)   # log(1 + e^z)
    return np.squeeze(np.mean(positive - Y * Z))
'''),
]

# Correct answers with other parameter names than the notebook's: each gets every point. The last one renames
# optimize's parameters and calls it by those names from model: the stand-in answers to the student's names.
OPTIMIZE_RENAMED = '''
def optimize(weights, bias, data, labels, iters=100, alpha=0.009, show=False):
    history, step = [], 0
    while step < iters:
        grads, cost = propagate(weights, bias, data, labels)
        if step % 100 == 0:
            history.append(cost)
        weights, bias = weights - alpha * grads["dw"], bias - alpha * grads["db"]
        step += 1
    return {"w": weights, "b": bias}, grads, history
'''
RENAMED = [
    ("flatten_and_scale(imgs)", {"cat-flatten-code": '''
def flatten_and_scale(imgs):
    return imgs.reshape(imgs.shape[0], -1).T / 255
'''}),
    ("sigmoid(x)", {"cat-sigmoid-code": '''
def sigmoid(x):
    return 1 / (1 + np.exp(-x))
'''}),
    ("initialize_with_zeros(n)", {"cat-init-code": '''
def initialize_with_zeros(n):
    return np.zeros((n, 1)), 0.0
'''}),
    ("propagate(weights, bias, data, labels)", {"cat-propagate-code": '''
def propagate(weights, bias, data, labels):
    m = data.shape[1]
    A = sigmoid(np.dot(weights.T, data) + bias)
    cost = float(-np.sum(labels * np.log(A) + (1 - labels) * np.log(1 - A)) / m)
    return {"dw": np.dot(data, (A - labels).T) / m, "db": float(np.sum(A - labels) / m)}, cost
'''}),
    ("optimize(weights, bias, data, labels, iters, alpha, show)", {"cat-optimize-code": OPTIMIZE_RENAMED}),
    ("predict(weights, bias, data)", {"cat-predict-code": '''
def predict(weights, bias, data):
    return (sigmoid(np.dot(weights.T, data) + bias) > 0.5).astype(float)
'''}),
    ("model(Xtr, Ytr, Xte, Yte, iterations, lr, verbose), calling optimize by position", {"cat-model-code": '''
def model(Xtr, Ytr, Xte, Yte, iterations=2000, lr=0.5, verbose=False):
    w, b = initialize_with_zeros(Xtr.shape[0])
    params, grads, costs = optimize(w, b, Xtr, Ytr, iterations, lr, verbose)
    train, test = predict(params["w"], params["b"], Xtr), predict(params["w"], params["b"], Xte)
    return {"costs": costs, "Y_prediction_test": test, "Y_prediction_train": train, "w": params["w"],
            "b": params["b"], "learning_rate": lr, "num_iterations": iterations,
            "train_accuracy": float(100 - np.mean(np.abs(train - Ytr)) * 100),
            "test_accuracy": float(100 - np.mean(np.abs(test - Yte)) * 100)}
'''}),
    ("optimize with other names, and model calling it by those names", {"cat-optimize-code": OPTIMIZE_RENAMED,
                                                                          "cat-model-code": '''
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, iters=num_iterations, alpha=learning_rate)
    train, test = predict(params["w"], params["b"], X_train), predict(params["w"], params["b"], X_test)
    return {"costs": costs, "Y_prediction_test": test, "Y_prediction_train": train, "w": params["w"],
            "b": params["b"], "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": float(100 - np.mean(np.abs(train - Y_train)) * 100),
            "test_accuracy": float(100 - np.mean(np.abs(test - Y_test)) * 100)}
'''}),
]


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("05_cat_classifier"), WRONG_ANSWERS, RENAMED)


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("05_cat_classifier"), CORRECT_ANSWERS)


def test_a_picture_of_the_data_sets_size_loads_unchanged(tmp_path):
    image = dataset.load_catvnoncat()[2][1]
    plt.imsave(tmp_path / "cat.png", image)
    loaded = figures.load_picture(tmp_path / "cat.png")
    assert loaded.dtype == np.uint8 and loaded.shape == (64, 64, 3)
    assert np.array_equal(loaded, image)


def test_large_and_odd_pictures_become_64_by_64_rgb(tmp_path):
    image = dataset.load_catvnoncat()[2][1]
    big = np.repeat(np.repeat(image, 5, axis=0), 5, axis=1)  # 320 x 320, every pixel a 5 x 5 block
    wide = np.concatenate([np.zeros((320, 40, 3), np.uint8), big, np.zeros((320, 40, 3), np.uint8)], axis=1)
    plt.imsave(tmp_path / "wide.png", wide)
    assert np.array_equal(figures.load_picture(tmp_path / "wide.png"), image)  # cropped to the centre, averaged
    plt.imsave(tmp_path / "photo.jpg", big, pil_kwargs={"quality": 95})
    jpeg = figures.load_picture(tmp_path / "photo.jpg")
    assert jpeg.shape == (64, 64, 3) and np.mean(np.abs(jpeg.astype(float) - image)) < 4
    plt.imsave(tmp_path / "grey.png", image[:, :, 0], cmap="gray")  # saved with an alpha channel
    assert figures.load_picture(tmp_path / "grey.png").shape == (64, 64, 3)
    plt.imsave(tmp_path / "small.png", image[::2, ::2])  # 32 x 32: pixels repeated
    assert figures.load_picture(tmp_path / "small.png").shape == (64, 64, 3)


def _own_picture_output(folder) -> str:
    """The notebook's own-picture cell, run in `folder` after the reference and a short training run."""
    assignment = catalogue.load(REPO).get("05_cat_classifier")
    path = REPO / "source" / "05_cat_classifier" / assignment.notebook
    namespace: dict = {}
    for source in reference.sources(path):
        exec(source, namespace)
    train_x_orig, train_y, test_x_orig, test_y, classes = dataset.load_catvnoncat()
    golden = namespace["model"](namespace["flatten_and_scale"](train_x_orig), train_y,
                                namespace["flatten_and_scale"](test_x_orig), test_y, num_iterations=100,
                                learning_rate=0.005)
    namespace.update(test_x_orig=test_x_orig, classes=classes, golden=golden)
    cell = next(c.source for c in nbformat.read(path, as_version=4).cells
                if c.cell_type == "code" and "my_picture =" in c.source)
    printed = io.StringIO()
    here = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(printed):
            exec(cell, namespace)
    finally:
        os.chdir(here)
        plt.close("all")
    return printed.getvalue()


def test_own_picture_cell_runs_without_a_picture_and_uses_one_when_uploaded(tmp_path):
    assert "there is no file my_picture.jpg here yet" in _own_picture_output(tmp_path)
    plt.imsave(tmp_path / "my_picture.jpg", dataset.load_catvnoncat()[2][7])
    printed = _own_picture_output(tmp_path)
    assert printed.startswith("my_picture.jpg: the model says"), printed
