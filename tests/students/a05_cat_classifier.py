"""Assignment 05, the cat classifier (the deeplearning.ai-like one): students as they write them."""
from . import Student, right_in, with_changes, wrong_in

ASSIGNMENT = "05_cat_classifier"

FLATTEN = "cat-flatten-code"
SIGMOID = "cat-sigmoid-code"
INIT = "cat-init-code"
PROPAGATE = "cat-propagate-code"
OPTIMIZE = "cat-optimize-code"
PREDICT = "cat-predict-code"
MODEL = "cat-model-code"


# =========================================================================================================
# Whole-notebook students: each wrote every function, in one consistent style of their own.
# =========================================================================================================
FULL = [
    Student(
        name="c05-full-dlai",
        story="Writes the notebook the way the deeplearning.ai template teaches it: np.dot, 1/m factors, "
              "cost = np.squeeze(np.array(cost)) (a 0-d array), copy.deepcopy of w and b in optimize, a "
              "Python loop over the columns in predict filling np.zeros((1, m)), and the accuracies as "
              "100 - mean(|Y_hat - Y|) * 100 left as NumPy floats. Prints 'Cost after iteration %i: %f'.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
    X_flatten = images.reshape(m, -1).T
    X = X_flatten / 255.
    return X
''',
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    s = 1 / (1 + np.exp(-z))
    return s
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = 0.
    return w, b
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]

    # FORWARD PROPAGATION (FROM X TO COST)
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))

    # BACKWARD PROPAGATION (TO FIND GRAD)
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)

    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw,
             "db": db}
    return grads, cost
''',
            OPTIMIZE: r'''import copy

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw = grads["dw"]
        db = grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        # Record the costs
        if i % 100 == 0:
            costs.append(cost)
            # Print the cost every 100 training iterations
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w,
              "b": b}
    grads = {"dw": dw,
             "db": db}
    return params, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)
    for i in range(A.shape[1]):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
        else:
            Y_prediction[0, i] = 0
    return Y_prediction
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    train_accuracy = 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100
    test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100
    if print_cost:
        print("train accuracy: {} %".format(train_accuracy))
        print("test accuracy: {} %".format(test_accuracy))
    d = {"costs": costs,
         "Y_prediction_test": Y_prediction_test,
         "Y_prediction_train": Y_prediction_train,
         "w": w,
         "b": b,
         "learning_rate": learning_rate,
         "num_iterations": num_iterations,
         "train_accuracy": train_accuracy,
         "test_accuracy": test_accuracy}
    return d
''',
        },
    ),
    Student(
        name="c05-full-matmul",
        story="Writes everything with @ and np.mean; predict returns np.where(A > 0.5, 1, 0), an int array; the "
              "accuracy is 100 * np.mean(Y_hat == Y); passes keyword arguments to optimize.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(len(images), -1).T / 255.0
''',
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return 1.0 / (1.0 + np.exp(-z))
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    return np.zeros(shape=(dim, 1), dtype=float), 0.0
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    grads = {"dw": X @ dZ.T / m, "db": np.mean(dZ)}
    return grads, cost
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if not i % 100:
            costs.append(float(cost))
            if print_cost:
                print(f"iteration {i:5d}  cost {cost:.6f}")
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    return np.where(sigmoid(w.T @ X + b) > 0.5, 1, 0)
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate, print_cost=print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = 100 * np.mean(Y_prediction_train == Y_train)
    test_accuracy = 100 * np.mean(Y_prediction_test == Y_test)
    if print_cost:
        print(f"train accuracy {train_accuracy:.2f} %, test accuracy {test_accuracy:.2f} %")
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''',
        },
    ),
    Student(
        name="c05-full-column",
        story="Thinks of examples as rows: keeps the activations as an (m, 1) column A = sigmoid(X^T w + b) and "
              "Y^T, so dw = X (A - Y^T) / m needs no transpose; predict transposes the column back to (1, m) at "
              "the end.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    rows = images.reshape(images.shape[0], -1)     # one image per row
    return np.transpose(rows) / 255
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(X.T @ w + b)          # (m, 1), one row per example
    y = Y.T                           # (m, 1)
    cost = float(-(y * np.log(A) + (1 - y) * np.log(1 - A)).sum() / m)
    dw = X @ (A - y) / m              # (n, m) @ (m, 1) = (n, 1)
    db = float((A - y).sum() / m)
    return {"dw": dw, "db": db}, cost
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("cost at iteration", i, "=", cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(X.T @ w + b)               # (m, 1)
    return (A > 0.5).astype(float).T       # (1, m)
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    n = X_train.shape[0]
    w, b = initialize_with_zeros(n)
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_train = predict(params["w"], params["b"], X_train)
    Y_prediction_test = predict(params["w"], params["b"], X_test)
    train_accuracy = float(100 - 100 * np.abs(Y_prediction_train - Y_train).mean())
    test_accuracy = float(100 - 100 * np.abs(Y_prediction_test - Y_test).mean())
    if print_cost:
        print("train accuracy:", train_accuracy, "%")
        print("test accuracy:", test_accuracy, "%")
    return {"costs": costs,
            "Y_prediction_train": Y_prediction_train,
            "Y_prediction_test": Y_prediction_test,
            "w": params["w"],
            "b": params["b"],
            "learning_rate": learning_rate,
            "num_iterations": num_iterations,
            "train_accuracy": train_accuracy,
            "test_accuracy": test_accuracy}
''',
        },
    ),
    Student(
        name="c05-full-float32",
        story="Worries about memory: flattens the images to float32 and starts w as float32 zeros (a float "
              "array, as asked). Training on the images then runs in float32 and its numbers differ from the "
              "float64 ones in the 6th or 7th digit, which a careful teacher accepts; on float64 inputs "
              "everything is float64.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    X = images.reshape(images.shape[0], -1).T.astype(np.float32)
    return X / np.float32(255)
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1), dtype=np.float32)
    b = 0.0
    return w, b
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    logprobs = Y * np.log(A) + (1 - Y) * np.log(1 - A)
    cost = -np.sum(logprobs) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": float(db)}, float(cost)
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    return {"w": w, "b": b}, grads, costs
''',
        },
    ),
    Student(
        name="c05-full-verbose",
        story="Careful and chatty: asserts on every shape, helper functions (a linear part and an accuracy "
              "helper) inside the answer cells, prints in the answers, and several scratch cells with its own "
              "tests.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m, height, width, channels = images.shape
    X = images.reshape(m, height * width * channels).T / 255.0
    assert X.shape == (height * width * channels, m)
    print("flattened", m, "images into", X.shape)
    return X
''',
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    result = 1 / (1 + np.exp(-z))
    if np.ndim(result) > 0:
        assert result.shape == np.shape(z)
    return result
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = 0.0
    assert w.shape == (dim, 1)
    assert isinstance(b, float)
    return (w, b)
''',
            PROPAGATE: r'''def linear_part(w, b, X):
    """Z = w^T X + b, shape (1, m)."""
    Z = np.dot(w.T, X) + b
    assert Z.shape == (1, X.shape[1])
    return Z


def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    n, m = X.shape
    assert w.shape == (n, 1) and Y.shape == (1, m)
    A = sigmoid(linear_part(w, b, X))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dZ = A - Y
    dw = np.dot(X, dZ.T) / m
    db = np.sum(dZ) / m
    assert dw.shape == w.shape
    assert cost.shape == ()
    return {"dw": dw, "db": float(db)}, float(cost)
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    assert learning_rate > 0
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:.6f}")
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    assert len(costs) == (num_iterations + 99) // 100
    params = {"w": w, "b": b}
    return params, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(linear_part(w, b, X))
    Y_prediction = (A > 0.5).astype(float)
    assert Y_prediction.shape == (1, X.shape[1])
    return Y_prediction
''',
            MODEL: r'''def accuracy(Y_prediction, Y):
    """Percentage of correct 0/1 predictions."""
    return float(100 - 100 * np.mean(np.abs(Y_prediction - Y)))


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate, print_cost=print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    d = {
        "costs": costs,
        "Y_prediction_train": Y_prediction_train,
        "Y_prediction_test": Y_prediction_test,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
        "train_accuracy": accuracy(Y_prediction_train, Y_train),
        "test_accuracy": accuracy(Y_prediction_test, Y_test),
    }
    if print_cost:
        print("train accuracy:", d["train_accuracy"])
        print("test accuracy:", d["test_accuracy"])
    return d
''',
        },
        extra_cells=(
            ("cat-sigmoid-test", r'''print(sigmoid(0), sigmoid(np.array([-1.0, 0.0, 1.0])))
'''),
            ("cat-propagate-test", r'''# my own test: at w = 0, b = 0 every a is 0.5 and the cost is log 2
g_mine, c_mine = propagate(np.zeros((2, 1)), 0.0, np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 0.0]]))
print(g_mine, c_mine, np.log(2))
'''),
            ("cat-predict-test", r'''print(predict(np.zeros((3, 1)), 0.0, np.ones((3, 4))))   # a = 0.5 exactly -> all 0
'''),
            ("cat-model-test", r'''print(train_x.shape, test_x.shape, train_y.shape)
'''),
        ),
    ),
    Student(
        name="c05-full-loops",
        story="Uses Python loops wherever the exercise allows them: flattens with a list comprehension, builds "
              "the predictions one example at a time and counts the correct ones in a loop; propagate is "
              "vectorized, as required.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    columns = [image.reshape(-1) / 255 for image in images]
    return np.array(columns).T
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = float(0)
    return w, b
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    grads = None
    for iteration in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if iteration % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("iteration", iteration, "cost", cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    predictions = []
    for a in A[0]:
        if a > 0.5:
            predictions.append(1.0)
        else:
            predictions.append(0.0)
    return np.array([predictions])
''',
            MODEL: r'''def count_accuracy(Y_prediction, Y):
    correct = 0
    m = Y.shape[1]
    for i in range(m):
        if Y_prediction[0, i] == Y[0, i]:
            correct += 1
    return 100.0 * correct / m


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    results = {}
    results["costs"] = costs
    results["w"] = params["w"]
    results["b"] = params["b"]
    results["Y_prediction_train"] = predict(params["w"], params["b"], X_train)
    results["Y_prediction_test"] = predict(params["w"], params["b"], X_test)
    results["train_accuracy"] = count_accuracy(results["Y_prediction_train"], Y_train)
    results["test_accuracy"] = count_accuracy(results["Y_prediction_test"], Y_test)
    results["learning_rate"] = learning_rate
    results["num_iterations"] = num_iterations
    if print_cost:
        print("train accuracy", results["train_accuracy"])
        print("test accuracy", results["test_accuracy"])
    return results
''',
        },
    ),
    Student(
        name="c05-full-mean-einsum",
        story="Uses a stable sigmoid via np.logaddexp, np.mean for the cost and db, np.einsum for dw, np.round for "
              "the predictions (round-half-to-even sends exactly 0.5 to 0, as the rule wants), and dict(...).",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
    return np.divide(images.reshape(m, -1), 255).T
''',
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return np.exp(-np.logaddexp(0.0, -z))
''',
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    return np.zeros([dim, 1]), 0.
''',
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    A = sigmoid(np.einsum("ji,jk->ik", w, X) + b)
    cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dZ = A - Y
    dw = np.einsum("ik,jk->ij", X, dZ) / X.shape[1]
    db = np.mean(dZ)
    return dict(dw=dw, db=db), cost
''',
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w, b = w - learning_rate * grads["dw"], b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(i, cost)
    return dict(w=w, b=b), grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    return np.round(sigmoid(np.einsum("ji,jk->ik", w, X) + b))
''',
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    pred_train, pred_test = predict(w, b, X_train), predict(w, b, X_test)
    train_acc = 100 * (1 - np.mean(np.abs(pred_train - Y_train)))
    test_acc = 100 * (1 - np.mean(np.abs(pred_test - Y_test)))
    if print_cost:
        print("accuracy: train", train_acc, "test", test_acc)
    return dict(costs=costs, Y_prediction_train=pred_train, Y_prediction_test=pred_test, w=w, b=b,
                learning_rate=learning_rate, num_iterations=num_iterations,
                train_accuracy=train_acc, test_accuracy=test_acc)
''',
        },
    ),
    Student(
        name="c05-full-deepcopy-inplace",
        story="Copies w and b with copy.deepcopy at the top of optimize and then updates in place with -=, which "
              "is safe because the copies are its own; predict returns (A > 0.5) * 1.0; the dot-product cost is "
              "turned into a float with float(np.squeeze(...)).",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = (-1 / m) * (np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T))
    cost = float(np.squeeze(cost))
    dw = (1 / m) * np.dot(X, (A - Y).T)
    db = (1 / m) * np.sum(np.multiply(1, A - Y))
    return {"dw": dw, "db": db}, cost
''',
            OPTIMIZE: r'''import copy

def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    return {"w": w, "b": b}, grads, costs
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return (A > 0.5) * 1.0
''',
        },
    ),
]


# =========================================================================================================
# Students who wrote one or two functions their own way (the rest is the harness's correct answer).
# =========================================================================================================
SINGLE = [
    Student(
        name="c05-flatten-unpack-shape",
        story="Unpacks the four sizes, converts to float64 first and reshapes to (m, h * w * c).",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m, h, w, c = images.shape
    X = images.astype(np.float64).reshape(m, h * w * c)
    return X.T / 255
''',
        },
    ),
    Student(
        name="c05-flatten-stack",
        story="Stacks the raveled images as columns with np.stack(..., axis=1).",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return np.stack([image.ravel() for image in images], axis=1) / 255.0
''',
        },
    ),
    Student(
        name="c05-flatten-scale-first",
        story="Divides by 255 first, then flattens, and prints the shapes it got.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    scaled = images / 255
    print("scaled:", scaled.shape, scaled.dtype)
    X = scaled.reshape(scaled.shape[0], -1).T
    print("X:", X.shape)
    return X
''',
        },
    ),
    Student(
        name="c05-sigmoid-tanh",
        story="Writes the sigmoid as (1 + tanh(z / 2)) / 2.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return (1 + np.tanh(z / 2)) / 2
''',
        },
    ),
    Student(
        name="c05-sigmoid-reciprocal",
        story="Uses np.reciprocal and a float() for plain numbers.",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    s = np.reciprocal(1.0 + np.exp(-z))
    if np.isscalar(z):
        return float(s)
    return s
''',
        },
    ),
    Student(
        name="c05-init-full",
        story="Uses np.full((dim, 1), 0.0) and the template's assert statements.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.full((dim, 1), 0.0)
    b = 0.0
    assert w.shape == (dim, 1)
    assert isinstance(b, float) or isinstance(b, int)
    return w, b
''',
        },
    ),
    Student(
        name="c05-init-reshape",
        story="Makes a 1-D vector of zeros and reshapes it to a column; b = float(0); returns the pair in "
              "parentheses.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros(dim).reshape(dim, 1)
    b = float(0)
    return (w, b)
''',
        },
    ),
    Student(
        name="c05-propagate-squeeze-dot",
        story="Takes the template's dot-product cost with transposes and np.squeeze(np.array(cost)), so the cost "
              "is a 0-d array; db is a NumPy float.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -(np.dot(Y, np.log(A).T) + np.dot((1 - Y), np.log(1 - A).T)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    cost = np.squeeze(np.array(cost))
    return {"dw": dw, "db": db}, cost
''',
        },
    ),
    Student(
        name="c05-propagate-prints",
        story="Prints the shapes of A and dw and the cost on every call (hundreds of lines while training), and "
              "keeps the template's asserts.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    print("A:", A.shape)
    cost = np.sum(-(Y * np.log(A) + (1 - Y) * np.log(1 - A))) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    print("dw:", dw.shape, "cost:", cost)
    assert dw.shape == w.shape
    assert db.dtype == float
    return {"dw": dw, "db": db}, cost
''',
        },
    ),
    Student(
        name="c05-propagate-matmul-item",
        story="Uses np.matmul and .item() for both the cost and db.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.matmul(w.T, X) + b)
    cost = -(np.matmul(Y, np.log(A).T) + np.matmul(1 - Y, np.log(1 - A).T)).item() / m
    dZ = A - Y
    dw = np.matmul(X, dZ.T) / m
    db = dZ.sum().item() / m
    grads = {}
    grads["dw"] = dw
    grads["db"] = db
    return grads, cost
''',
        },
    ),
    Student(
        name="c05-optimize-while",
        story="Counts the iterations with a while loop and records the cost before the update.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    i = 0
    while i < num_iterations:
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration", i, ":", cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        i += 1
    return {"w": w, "b": b}, grads, costs
''',
        },
    ),
    Student(
        name="c05-optimize-float-costs",
        story="Converts every recorded cost with float() and returns params built with dict(w=..., b=...); "
              "unpacks dw and db before the update.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        if i % 100 == 0:
            costs.append(float(cost))
        if print_cost and i % 100 == 0:
            print(f"Cost after iteration {i}: {float(cost):f}")
        w = w - learning_rate * dw
        b = b - learning_rate * db
    return dict(w=w, b=b), grads, costs
''',
        },
    ),
    Student(
        name="c05-predict-round",
        story="Rounds the activations with np.round: exactly 0.5 rounds to 0 (half to even), as the rule needs.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return np.round(A)
''',
        },
    ),
    Student(
        name="c05-predict-times-one",
        story="Writes (A > 0.5) * 1: an int array of zeros and ones.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = (A > 0.5) * 1
    return Y_prediction
''',
        },
    ),
    Student(
        name="c05-predict-z-positive",
        story="Notes that a > 0.5 exactly when z > 0 and thresholds z, converting the booleans to floats. (In "
              "floating point the two differ only for 0 < z < about 1e-16, where sigmoid(z) rounds to exactly "
              "0.5.)",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    Z = np.dot(w.T, X) + b
    return (Z > 0).astype(float)     # sigmoid(z) > 0.5 exactly when z > 0
''',
        },
    ),
    Student(
        name="c05-predict-comprehension",
        story="Builds the row of predictions with a list comprehension over the activations.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return np.array([[1.0 if a > 0.5 else 0.0 for a in A[0]]])
''',
        },
    ),
    Student(
        name="c05-predict-loop-index",
        story="Loops over the columns with an index and fills a zeros array with 1 where the activation is "
              "above 0.5.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = np.zeros((1, m))
    for i in range(m):
        if A[0][i] > 0.5:
            Y_prediction[0][i] = 1.0
    return Y_prediction
''',
        },
    ),
    Student(
        name="c05-model-equal-mean",
        story="Computes the accuracies as the mean of (Y_hat == Y) times 100 and calls optimize with keywords.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate, print_cost=print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = float(np.mean(Y_prediction_train == Y_train) * 100)
    test_accuracy = float(np.mean(Y_prediction_test == Y_test) * 100)
    if print_cost:
        print(f"train accuracy: {train_accuracy} %")
        print(f"test accuracy: {test_accuracy} %")
    return dict(costs=costs, Y_prediction_train=Y_prediction_train, Y_prediction_test=Y_prediction_test,
                w=w, b=b, learning_rate=learning_rate, num_iterations=num_iterations,
                train_accuracy=train_accuracy, test_accuracy=test_accuracy)
''',
        },
    ),
    Student(
        name="c05-model-scratch-run",
        story="Reference functions, a model that prints its accuracies with an f-string, and a scratch cell that "
              "trains a small model on 30 images to see what happens.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    dim = X_train.shape[0]
    w, b = initialize_with_zeros(dim)
    parameters, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = parameters["w"]
    b = parameters["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    train_accuracy = 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100
    test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100
    if print_cost:
        print(f"train accuracy: {train_accuracy:.2f} %")
        print(f"test accuracy: {test_accuracy:.2f} %")
    d = {}
    d["costs"] = costs
    d["Y_prediction_test"] = Y_prediction_test
    d["Y_prediction_train"] = Y_prediction_train
    d["w"] = w
    d["b"] = b
    d["learning_rate"] = learning_rate
    d["num_iterations"] = num_iterations
    d["train_accuracy"] = train_accuracy
    d["test_accuracy"] = test_accuracy
    return d
''',
        },
        extra_cells=(
            ("cat-model-test", r'''small = model(train_x[:, :30], train_y[:, :30], test_x[:, :10], test_y[:, :10],
              num_iterations=50, learning_rate=0.005)
print(small["train_accuracy"], small["test_accuracy"])
'''),
        ),
    ),
]

CORRECT = FULL + SINGLE


MISTAKES = [
    # ---- flatten_and_scale ----------------------------------------------------------------------------------
    Student(
        name="m05-flatten-mixed-columns",
        story="Reshapes straight to (-1, m): the right shape, but each column mixes pixels of several images.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[0]
    return images.reshape(-1, m) / 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="m05-flatten-unscaled",
        story="Flattens correctly but forgets to divide by 255.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(images.shape[0], -1).T.astype(float)
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="m05-flatten-rows",
        story="Forgets the transpose: returns one image per row, shape (m, h*w*c).",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(images.shape[0], -1) / 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="m05-flatten-12288",
        story="Hard-codes the cat images' 64 * 64 * 3 = 12288 values per image: fails on any other image size.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    return images.reshape(images.shape[0], 12288).T / 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="m05-flatten-floor-division",
        story="Divides with // 255: integer division leaves almost only zeros.",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    X = images.reshape(images.shape[0], -1).T
    return X // 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    Student(
        name="m05-flatten-m-from-axis1",
        story="Reads m from images.shape[1] (the height) instead of shape[0].",
        answers={
            FLATTEN: r'''def flatten_and_scale(images):
    """images (m, h, w, c) uint8 -> X (h*w*c, m) float, column i = image i's values / 255."""
    m = images.shape[1]
    return images.reshape(m, -1).T / 255
''',
        },
        wrong=frozenset({FLATTEN}),
    ),
    # ---- sigmoid ------------------------------------------------------------------------------------------
    Student(
        name="m05-sigmoid-math-exp",
        story="Uses math.exp, which fails on arrays (everything that calls sigmoid on arrays fails too).",
        answers={
            SIGMOID: r'''import math

def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return 1 / (1 + math.exp(-z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    Student(
        name="m05-sigmoid-sign",
        story="Writes np.exp(z) instead of np.exp(-z).",
        answers={
            SIGMOID: r'''def sigmoid(z):
    """z: a number or a numpy array -> 1 / (1 + e^(-z)), element by element, of the same shape."""
    return 1 / (1 + np.exp(z))
''',
        },
        wrong=frozenset({SIGMOID}),
    ),
    # ---- initialize_with_zeros ----------------------------------------------------------------------------
    Student(
        name="m05-init-int-bias",
        story="Writes b = 0, an int, where the exercise asks for the float 0.0.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = 0
    return w, b
''',
        },
        wrong=frozenset({INIT}),
    ),
    Student(
        name="m05-init-1d",
        story="Writes np.zeros(dim): a 1-D array of shape (dim,).",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    return np.zeros(dim), 0.0
''',
        },
        wrong=frozenset({INIT}),
    ),
    Student(
        name="m05-init-row",
        story="Makes w a row, np.zeros((1, dim)).",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    return np.zeros((1, dim)), 0.0
''',
        },
        wrong=frozenset({INIT}),
    ),
    Student(
        name="m05-init-int-dtype",
        story="Asks for dtype=int zeros.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1), dtype=int)
    b = 0.0
    return w, b
''',
        },
        wrong=frozenset({INIT}),
    ),
    Student(
        name="m05-init-list",
        story="Returns [w, b], a list, instead of a tuple.",
        answers={
            INIT: r'''def initialize_with_zeros(dim):
    """dim: int -> (w zeros of shape (dim, 1), float; b = 0.0, a float)."""
    w = np.zeros((dim, 1))
    b = 0.0
    return [w, b]
''',
        },
        wrong=frozenset({INIT}),
    ),
    # ---- propagate ----------------------------------------------------------------------------------------
    Student(
        name="m05-propagate-dw-not-averaged",
        story="Divides the cost and db by m but forgets it for dw.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T)
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-cost-sign",
        story="Forgets the minus in front of the cost.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-db-keepdims",
        story="Computes db with np.sum(..., axis=1, keepdims=True) and returns the (1, 1) array.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y, axis=1, keepdims=True) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-m-from-rows",
        story="Takes m = X.shape[0], the number of pixels.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[0]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-no-bias",
        story="Computes A = sigmoid(w^T X) without b.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-dw-row",
        story="Computes dw = (A - Y) X^T / m, a row of shape (1, n), and does not transpose it.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(A - Y, X.T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-swapped-return",
        story="Returns (cost, grads) instead of (grads, cost).",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    grads = {"dw": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}
    return cost, grads
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-capital-keys",
        story="Names the gradients 'dW' and 'db', after the lecture's capital W.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    return {"dW": np.dot(X, (A - Y).T) / m, "db": np.sum(A - Y) / m}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-matrix-cost",
        story="Uses the dot-product cost and forgets np.squeeze: the cost is a (1, 1) array.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * (np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-209",
        story="Writes m = 209, the number of training images, instead of reading it from X.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = 209
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-twice-m",
        story="Multiplies dw by 1/m in the product and divides by m again when building the dictionary.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -1 / m * np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    dw = 1 / m * np.dot(X, (A - Y).T)
    db = 1 / m * np.sum(A - Y)
    grads = {"dw": dw / m, "db": db}
    return grads, cost
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-propagate-loop",
        story="Computes the forward and backward pass with a loop over the examples, which the exercise forbids "
              "('without loops'). The numbers are right, so the public check passes; only a check of the code's "
              "structure (or the time it takes on the 209 images) can see it.",
        answers={
            PROPAGATE: r'''def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    cost = 0.0
    dw = np.zeros(w.shape)
    db = 0.0
    for i in range(m):
        x = X[:, i:i + 1]
        a = sigmoid(float(np.dot(w.T, x)[0, 0]) + b)
        y = Y[0, i]
        cost += -(y * np.log(a) + (1 - y) * np.log(1 - a))
        dw += x * (a - y)
        db += a - y
    return {"dw": dw / m, "db": db / m}, cost / m
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    Student(
        name="m05-helper-in-wrong-cell",
        story="Defines a helper linear(w, b, X) = w^T X + b in the propagate cell and uses it again in predict. "
              "propagate itself forgets to divide dw by m; the helper and predict are right, so predict must "
              "keep its points even though the cell that defines its helper is wrong.",
        answers={
            PROPAGATE: r'''def linear(w, b, X):
    return np.dot(w.T, X) + b


def propagate(w, b, X, Y):
    """w (n, 1), b float, X (n, m), Y (1, m) -> ({"dw": (n, 1) array, "db": float}, cost float)."""
    m = X.shape[1]
    A = sigmoid(linear(w, b, X))
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T)
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, cost
''',
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(linear(w, b, X))
    return (A > 0.5).astype(float)
''',
        },
        wrong=frozenset({PROPAGATE}),
    ),
    # ---- optimize -----------------------------------------------------------------------------------------
    Student(
        name="m05-optimize-cost-after-update",
        story="Records the cost after the update: calls propagate again at the new parameters and appends that.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            _, new_cost = propagate(w, b, X, Y)
            costs.append(new_cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, new_cost))
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-off-by-one",
        story="Records at i % 100 == 99, 'after each hundred iterations': the costs of iterations 99 and 199.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 99:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i + 1, cost))
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-range-from-one",
        story="Counts the iterations from 1 to num_iterations, so i % 100 == 0 first happens at 100: the cost "
              "at the starting parameters is never recorded.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(1, num_iterations + 1):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-fixed-rate",
        story="Writes the default 0.009 into the update instead of using learning_rate.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - 0.009 * grads["dw"]
        b = b - 0.009 * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-every-iteration",
        story="Appends the cost at every iteration and only prints every 100.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        costs.append(cost)
        if print_cost and i % 100 == 0:
            print("Cost after iteration %i: %f" % (i, cost))
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-bias-frozen",
        story="Updates w but forgets to update b.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-stale-grads",
        story="Calls propagate once before the loop and then keeps stepping with those first gradients.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    grads, cost = propagate(w, b, X, Y)
    for i in range(num_iterations):
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
    return {"w": w, "b": b}, grads, costs
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    Student(
        name="m05-optimize-array-costs",
        story="Returns np.array(costs) 'to plot it more easily', not a list.",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        if i % 100 == 0:
            costs.append(cost)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
    return {"w": w, "b": b}, grads, np.array(costs)
''',
        },
        wrong=frozenset({OPTIMIZE}),
    ),
    # ---- predict ------------------------------------------------------------------------------------------
    Student(
        name="m05-predict-ge-threshold",
        story="Uses a >= 0.5: an activation of exactly 0.5 is predicted 1.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return (A >= 0.5).astype(float)
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    Student(
        name="m05-predict-1d",
        story="Thresholds A[0], returning a 1-D array of shape (m,).",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return (A[0] > 0.5).astype(float)
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    Student(
        name="m05-predict-list",
        story="Collects the predictions in a Python list and returns the list.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    predictions = []
    for a in A[0]:
        predictions.append(1.0 if a > 0.5 else 0.0)
    return [predictions]
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    Student(
        name="m05-predict-threshold-z",
        story="Compares z = w^T X + b with 0.5 instead of a = sigmoid(z).",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    Z = np.dot(w.T, X) + b
    return (Z > 0.5).astype(float)
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    Student(
        name="m05-predict-no-bias",
        story="Forgets b in the activations.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X))
    return (A > 0.5).astype(float)
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    Student(
        name="m05-predict-five-columns",
        story="Copies the size of the notebook's check into the code: Y_prediction = np.zeros((1, 5)) and a loop "
              "over range(5). The public check has 5 examples, so the public check passes; any other m (the "
              "cat images, hidden inputs) fails.",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = np.zeros((1, 5))
    for i in range(5):
        if A[0, i] > 0.5:
            Y_prediction[0, i] = 1
    return Y_prediction
''',
        },
        wrong=frozenset({PREDICT}),
    ),
    # ---- model --------------------------------------------------------------------------------------------
    Student(
        name="m05-model-test-on-train",
        story="Copy-pastes the train accuracy line for the test accuracy and forgets to change the names: the "
              "test accuracy is computed from Y_prediction_train and Y_train.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100
    test_accuracy = 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-iterations-dropped",
        story="Passes only the learning rate to optimize, so training always runs the default 100 iterations.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate=learning_rate, print_cost=print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100,
            "test_accuracy": 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-rate-dropped",
        story="Passes num_iterations but not learning_rate: optimize trains with its default 0.009.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations, print_cost=print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100,
            "test_accuracy": 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-positional-swap",
        story="Passes the two hyperparameters positionally in the wrong order: optimize(w, b, X, Y, "
              "learning_rate, num_iterations).",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, learning_rate, num_iterations, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100,
            "test_accuracy": 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-fraction",
        story="Reports the accuracies as fractions (0.75) instead of percentages.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = 1 - np.mean(np.abs(Y_prediction_train - Y_train))
    test_accuracy = 1 - np.mean(np.abs(Y_prediction_test - Y_test))
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-init-m",
        story="Initializes with X_train.shape[1], the number of examples, instead of the number of features.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[1])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100,
            "test_accuracy": 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-12288",
        story="Initializes with the cat images' 12288 features, hard-coded: any other data set fails.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(12288)
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100,
            "test_accuracy": 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-accuracy-axis",
        story="Averages the errors with np.mean(..., axis=1): the accuracies are arrays of shape (1,).",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    train_accuracy = 100 - np.mean(np.abs(Y_prediction_train - Y_train), axis=1) * 100
    test_accuracy = 100 - np.mean(np.abs(Y_prediction_test - Y_test), axis=1) * 100
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": train_accuracy, "test_accuracy": test_accuracy}
''',
        },
        wrong=frozenset({MODEL}),
    ),
    Student(
        name="m05-model-untrained-w",
        story="Predicts with the trained parameters but stores the initial w and b (the zeros) in the dictionary.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    Y_prediction_train = predict(params["w"], params["b"], X_train)
    Y_prediction_test = predict(params["w"], params["b"], X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": 100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100,
            "test_accuracy": 100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100}
''',
        },
        wrong=frozenset({MODEL}),
    ),
]


# Honest readings on which the prose is silent.
PREDICTIONS_AS_BOOLEANS = [
    Student(
        name="c05-predict-bool",
        story="Returns the boolean array A > 0.5 itself: 0/1 predictions of the right shape (the course accepts "
              "floats, ints and booleans for predictions).",
        answers={
            PREDICT: r'''def predict(w, b, X):
    """w (n, 1), b float, X (n, m) -> predictions (1, m): 1.0 where sigmoid(w^T X + b) > 0.5, else 0.0."""
    A = sigmoid(np.dot(w.T, X) + b)
    return A > 0.5
''',
        },
    ),
]

# Ruled correct: every returned value is right, and 05 (unlike 02 and 03) does not ask optimize to leave w
# unchanged; what model prints with print_cost is for the student's own eyes, the grader judges what it returns.
RULED_CORRECT = [
    Student(
        name="m05-model-print-cost-dropped",
        story="Passes num_iterations and learning_rate on but not print_cost, and never prints the accuracies: "
              "with print_cost=True nothing is printed, against the exercise's last sentence. The returned "
              "dictionary is right, so the public check passes; only a check of the printed output sees it.",
        answers={
            MODEL: r'''def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Train on (X_train, Y_train), predict on both sets -> a dict (see the table above)."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations=num_iterations,
                                    learning_rate=learning_rate)
    w, b = params["w"], params["b"]
    Y_prediction_train = predict(w, b, X_train)
    Y_prediction_test = predict(w, b, X_test)
    return {"costs": costs, "Y_prediction_train": Y_prediction_train, "Y_prediction_test": Y_prediction_test,
            "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations,
            "train_accuracy": float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100),
            "test_accuracy": float(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100)}
''',
        },
    ),
    Student(
        name="d05-optimize-in-place-no-copy",
        story="Updates with w -= learning_rate * dw without copying w first, so the caller's w array is changed "
              "(the template's copy.deepcopy is missing). Every returned value is right; the exercise never says "
              "that optimize must leave its argument w unchanged (02 and 03 say so for their update functions).",
        answers={
            OPTIMIZE: r'''def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent -> (params {"w", "b"}, last grads {"dw", "db"}, costs: list, one per 100 iterations)."""
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w -= learning_rate * grads["dw"]
        b -= learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    return {"w": w, "b": b}, grads, costs
''',
        },
    ),
]

CORRECT = CORRECT + PREDICTIONS_AS_BOOLEANS + RULED_CORRECT


# --- The course author's answers ---------------------------------------------------------------------------
# Written from the reference answer (with_changes, answer_cell) to try one other form or one mistake at a
# time. The students above were written independently of the grader: tests/test_similarity.py measures only
# those.


def change(grade_id, *edits):
    """A wrong answer of this assignment, written as its difference from the reference answer."""
    return with_changes("05_cat_classifier", grade_id, *edits)


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

AUTHOR_CORRECT = [
    # Correct answers with other parameter names than the notebook's: each gets every point. The last one renames
    # optimize's parameters and calls it by those names from model: the stand-in answers to the student's names.
    Student("c05-renamed-flatten-and-scale-imgs", "flatten_and_scale(imgs)", {"cat-flatten-code": '''
def flatten_and_scale(imgs):
    return imgs.reshape(imgs.shape[0], -1).T / 255
'''}),
    Student("c05-renamed-sigmoid-x", "sigmoid(x)", {"cat-sigmoid-code": '''
def sigmoid(x):
    return 1 / (1 + np.exp(-x))
'''}),
    Student("c05-renamed-initialize-with-zeros-n", "initialize_with_zeros(n)", {"cat-init-code": '''
def initialize_with_zeros(n):
    return np.zeros((n, 1)), 0.0
'''}),
    Student("c05-renamed-propagate-weights-bias-data-labels", "propagate(weights, bias, data, labels)", {"cat-propagate-code": '''
def propagate(weights, bias, data, labels):
    m = data.shape[1]
    A = sigmoid(np.dot(weights.T, data) + bias)
    cost = float(-np.sum(labels * np.log(A) + (1 - labels) * np.log(1 - A)) / m)
    return {"dw": np.dot(data, (A - labels).T) / m, "db": float(np.sum(A - labels) / m)}, cost
'''}),
    Student("c05-renamed-optimize-weights-bias-data-labels", "optimize(weights, bias, data, labels, iters, alpha, show)", {"cat-optimize-code": OPTIMIZE_RENAMED}),
    Student("c05-renamed-predict-weights-bias-data", "predict(weights, bias, data)", {"cat-predict-code": '''
def predict(weights, bias, data):
    return (sigmoid(np.dot(weights.T, data) + bias) > 0.5).astype(float)
'''}),
    Student("c05-renamed-model-xtr-ytr-xte-yte-iterations", "model(Xtr, Ytr, Xte, Yte, iterations, lr, verbose), calling optimize by position", {"cat-model-code": '''
def model(Xtr, Ytr, Xte, Yte, iterations=2000, lr=0.5, verbose=False):
    w, b = initialize_with_zeros(Xtr.shape[0])
    params, grads, costs = optimize(w, b, Xtr, Ytr, iterations, lr, verbose)
    train, test = predict(params["w"], params["b"], Xtr), predict(params["w"], params["b"], Xte)
    return {"costs": costs, "Y_prediction_test": test, "Y_prediction_train": train, "w": params["w"],
            "b": params["b"], "learning_rate": lr, "num_iterations": iterations,
            "train_accuracy": float(100 - np.mean(np.abs(train - Ytr)) * 100),
            "test_accuracy": float(100 - np.mean(np.abs(test - Yte)) * 100)}
'''}),
    Student("c05-renamed-optimize-with-other-names-and-model", "optimize with other names, and model calling it by those names", {"cat-optimize-code": OPTIMIZE_RENAMED,
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
    # Right answers written otherwise than the reference: each gets every point.
    right_in("c05-log-1-e-z-y-z-the-two-pieces-combined", "cat-stable-code", "log(1 + e^z) - y z, the two pieces combined into one", '''
def cost_from_z(Z, Y):
    return float(np.mean(np.logaddexp(0, Z) - Y * Z))
'''),
    right_in("c05-max-z-0-y-z-log1p-e-z-written-out", "cat-stable-code", "max(z, 0) - y z + log1p(e^-|z|), written out by hand", '''
def cost_from_z(Z, Y):
    m = Z.shape[1]
    losses = np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))
    assert losses.shape == (1, m)
    return float(np.sum(losses) / m)
'''),
    right_in("c05-np-where-on-the-sign-of-z-so-that", "cat-stable-code", "np.where on the sign of z, so that exp never sees a large positive number", '''
def cost_from_z(Z, Y):
    positive = np.log1p(np.exp(-np.abs(Z))) + np.where(Z > 0, Z, 0.0)   # log(1 + e^z)
    return np.squeeze(np.mean(positive - Y * Z))
'''),
]

# Realistic mistakes, each in one function: each costs exactly the points of that function's test cell.
AUTHOR_MISTAKES = [
    # flatten_and_scale
    wrong_in("m05-reshape-1-m-columns-mix-pixels-of", "cat-flatten-code", "reshape(-1, m): columns mix pixels of several images", '''
def flatten_and_scale(images):
    return images.reshape(-1, images.shape[0]) / 255
'''),
    wrong_in("m05-forgets-to-divide-by-255", "cat-flatten-code", "forgets to divide by 255", '''
def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1).T
'''),
    wrong_in("m05-square-images-assumed-reshape-m", "cat-flatten-code", "square images assumed: reshape(m, num_px * num_px * 3)", '''
def flatten_and_scale(images):
    m, num_px = images.shape[0], images.shape[1]
    return images.reshape(m, num_px * num_px * 3).T / 255
'''),
    wrong_in("m05-missing-transpose-one-image-per", "cat-flatten-code", "missing transpose: one image per row", '''
def flatten_and_scale(images):
    return images.reshape(images.shape[0], -1) / 255
'''),
    # sigmoid
    wrong_in("m05-sign-error-1-1-e-z", "cat-sigmoid-code", "sign error: 1 / (1 + e^z)", '''
def sigmoid(z):
    return 1 / (1 + np.exp(z))
'''),
    wrong_in("m05-math-exp-which-fails-on-arrays", "cat-sigmoid-code", "math.exp, which fails on arrays", '''
import math

def sigmoid(z):
    return 1 / (1 + math.exp(-z))
'''),
    wrong_in("m05-operator-precedence-1-1-e-z", "cat-sigmoid-code", "operator precedence: 1 / 1 + e^-z", '''
def sigmoid(z):
    return 1 / 1 + np.exp(-z)
'''),
    # initialize_with_zeros
    wrong_in("m05-b-is-the-int-0-not-a-float", "cat-init-code", "b is the int 0, not a float", '''
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), 0
'''),
    wrong_in("m05-w-is-1-d-shape-dim", "cat-init-code", "w is 1-D, shape (dim,)", '''
def initialize_with_zeros(dim):
    return np.zeros(dim), 0.0
'''),
    wrong_in("m05-starts-from-ones-instead-of-zeros", "cat-init-code", "starts from ones instead of zeros", '''
def initialize_with_zeros(dim):
    return np.ones((dim, 1)), 0.0
'''),
    wrong_in("m05-b-is-a-1-1-array", "cat-init-code", "b is a (1, 1) array", '''
def initialize_with_zeros(dim):
    return np.zeros((dim, 1)), np.zeros((1, 1))
'''),
    # propagate
    wrong_in("m05-forgets-to-divide-dw-by-m", "cat-propagate-code", "forgets to divide dw by m",
     change("cat-propagate-code", ("dw = np.dot(X, dZ.T) / m", "dw = np.dot(X, dZ.T)"))),
    wrong_in("m05-sign-error-in-the-cost", "cat-propagate-code", "sign error in the cost",
     change("cat-propagate-code", ("float(-np.sum(", "float(np.sum("))),
    wrong_in("m05-missing-transpose-dw-has-shape-1", "cat-propagate-code", "missing transpose: dw has shape (1, n)",
     change("cat-propagate-code", ("np.dot(X, dZ.T)", "np.dot(dZ, X.T)"))),
    wrong_in("m05-db-is-a-1-1-array-not-a-float", "cat-propagate-code", "db is a (1, 1) array, not a float",
     change("cat-propagate-code", ("db = float(np.sum(dZ) / m)", "db = np.sum(dZ, axis=1, keepdims=True) / m"))),
    wrong_in("m05-cost-is-a-sum-not-a-mean", "cat-propagate-code", "cost is a sum, not a mean",
     change("cat-propagate-code", ("np.log(1 - A)) / m)", "np.log(1 - A)))"))),
    # optimize
    wrong_in("m05-records-the-cost-at-the-end-of-each", "cat-optimize-code", "records the cost at the end of each block of 100 (i % 100 == 99)",
     change("cat-optimize-code", ("i % 100 == 0", "i % 100 == 99"))),
    wrong_in("m05-records-the-cost-of-every-iteration", "cat-optimize-code", "records the cost of every iteration",
     change("cat-optimize-code", ("if i % 100 == 0:", "if True:"))),
    wrong_in("m05-gradient-ascent-adds-the-gradient", "cat-optimize-code", "gradient ascent: adds the gradient",
     change("cat-optimize-code", ("w = w - learning_rate", "w = w + learning_rate"),
            ("b = b - learning_rate", "b = b + learning_rate"))),
    wrong_in("m05-never-updates-b", "cat-optimize-code", "never updates b",
     change("cat-optimize-code", ('        b = b - learning_rate * grads["db"]\n', ""))),
    # predict
    wrong_in("m05-threshold-a-0-5-instead-of-a-0-5", "cat-predict-code", "threshold a >= 0.5 instead of a > 0.5", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X) + b) >= 0.5).astype(float)
'''),
    wrong_in("m05-forgets-the-bias-b", "cat-predict-code", "forgets the bias b", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X)) > 0.5).astype(float)
'''),
    wrong_in("m05-thresholds-z-instead-of-a-sigmoid", "cat-predict-code", "thresholds z instead of a = sigmoid(z)", '''
def predict(w, b, X):
    return (np.dot(w.T, X) + b > 0.5).astype(float)
'''),
    wrong_in("m05-returns-a-1-d-array-of-shape-m", "cat-predict-code", "returns a 1-D array of shape (m,)", '''
def predict(w, b, X):
    return (sigmoid(np.dot(w.T, X) + b) > 0.5).astype(float).ravel()
'''),
    # model
    wrong_in("m05-test-accuracy-computed-on-the-training", "cat-model-code", "test accuracy computed on the training set",
     change("cat-model-code", ("np.abs(Y_prediction_test - Y_test)", "np.abs(Y_prediction_train - Y_train)"))),
    wrong_in("m05-accuracies-as-fractions-not-percentages", "cat-model-code", "accuracies as fractions, not percentages",
     change("cat-model-code",
            ("float(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100)",
             "float(1 - np.mean(np.abs(Y_prediction_train - Y_train)))"),
            ("float(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100)",
             "float(1 - np.mean(np.abs(Y_prediction_test - Y_test)))"))),
    wrong_in("m05-does-not-pass-num-iterations-and", "cat-model-code", "does not pass num_iterations and learning_rate on to optimize",
     change("cat-model-code", ("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
                               "optimize(w, b, X_train, Y_train)"))),
    wrong_in("m05-sizes-w-by-the-number-of-examples", "cat-model-code", "sizes w by the number of examples instead of features",
     change("cat-model-code", ("initialize_with_zeros(X_train.shape[0])", "initialize_with_zeros(X_train.shape[1])"))),
    # cost_from_z
    wrong_in("m05-computes-the-cost-through-sigma", "cat-stable-code", "computes the cost through sigma(z), as Exercise 4 did: nan far from 0", '''
def cost_from_z(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    wrong_in("m05-clips-a-sigma-z-away-from-0-and", "cat-stable-code", "clips a = sigma(z) away from 0 and 1: finite, but wrong far from 0", '''
def cost_from_z(Z, Y):
    A = np.clip(1 / (1 + np.exp(-Z)), 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
'''),
    wrong_in("m05-swaps-the-two-pieces-log-1-e-z-for", "cat-stable-code", "swaps the two pieces: log(1 + e^z) for the label 1",
     change("cat-stable-code", ("Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)",
                                "Y * np.logaddexp(0, Z) + (1 - Y) * np.logaddexp(0, -Z)"))),
    wrong_in("m05-forgets-to-divide-by-m-the-total", "cat-stable-code", "forgets to divide by m: the total loss",
     change("cat-stable-code", ("float(np.sum(losses) / m)", "float(np.sum(losses))"))),
]

CORRECT = CORRECT + AUTHOR_CORRECT
MISTAKES = MISTAKES + AUTHOR_MISTAKES
