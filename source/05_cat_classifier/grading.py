"""Hidden checks of 05_cat_classifier: inputs students never see, compared with the reference solution.

Every student meets the required cases: each kind of input the exercise promises (images that are not
square, one image, one feature, one example, a = 0.5 exactly, integer labels, float32) and one case on the
real cat images for `propagate`, `predict` and `model` (whose training run on the full training set is kept
to 200 iterations: about a second, once for the student and once for the whole class's reference). Shapes,
values, iteration counts and learning rates of further cases are drawn from `rng` (seeded per student and
per test cell), so numbers copied from the notebook, or from a classmate, earn nothing.
"""

import numpy as np

from autograder import checks, rules
from autograder.authoring import Check, Data
from autograder.i18n import say

PIXELS = 64 * 64 * 3
TRAIN_M = 209


def _fixed(seed):
    return np.random.default_rng(seed)


def _problem(rng, n, m):
    return dict(w=rng.normal(size=(n, 1)), b=float(rng.normal()), X=rng.normal(size=(n, m)),
                Y=(rng.random((1, m)) > 0.5).astype(float))


def _small_problem(rng):
    n, m = int(rng.integers(2, 9)), int(rng.integers(3, 15))
    while m == n:
        m = int(rng.integers(3, 15))
    return dict(w=rng.normal(size=(n, 1)), b=float(rng.normal()), X=rng.normal(size=(n, m)),
                Y=(rng.random((1, m)) > 0.5).astype(float))


def _check_costs(name, got, expected, num_iterations, fix):
    checks.check_type(name, got, list, hint=say("exercise.cat.costs_list"))
    if len(got) != len(expected):
        recorded = ", ".join(str(100 * k) for k in range(len(expected)))
        checks.fail(say("exercise.cat.costs_count", name=name, iterations=num_iterations, wanted=len(expected),
                        recorded=recorded, got=len(got), fix=say(fix)))
    try:
        checks.check_values(f"{name}[0]", got[0], expected[0])
    except checks.CheckFailed:
        checks.fail(say("exercise.cat.first_cost", name=name))
    checks.check_values(name, got, expected)


# --- flatten_and_scale -------------------------------------------------------------------------------

def flatten_required():
    # Images that are not square (a reshape by height * height * 3 fails), one image, and square ones.
    fixed = _fixed(50)
    return [dict(images=fixed.integers(0, 256, size=shape, dtype=np.uint8))
            for shape in ((3, 2, 4, 3), (1, 3, 5, 3), (2, 4, 4, 3))]


def flatten_cases(rng):
    cases = []
    for _ in range(2):
        m, height, width = (int(k) for k in rng.integers(2, 6, size=3))
        cases.append(dict(images=rng.integers(0, 256, size=(m, height, width, 3), dtype=np.uint8)))
    return cases


def compare_flatten(got, expected, args):
    images = args["images"]
    checks.check_type("X", got, np.ndarray)
    checks.check_shape("X", got, expected.shape)
    if np.allclose(got, images.reshape(-1, images.shape[0]) / 255) and not np.allclose(got, expected):
        checks.fail(say("exercise.cat.mixed_columns"))
    checks.check_array("X", got, expected)


# --- sigmoid -------------------------------------------------------------------------------------------

def sigmoid_required():
    # Arrays of several shapes with large z of both signs, numbers (0 and an int among them), integer and float32
    # arrays.
    return [dict(z=np.array([[-3.0, 0.0, 0.5], [2.0, -1.0, 35.0]])), dict(z=np.array([[1.5], [-35.0], [0.25]])),
            dict(z=np.array([[0.7, -0.2, 4.0, -4.0]])), dict(z=0.0), dict(z=-1.2), dict(z=3),
            dict(z=np.array([[-2, 0, 1]])), dict(z=np.array([[0.5, -1.5]], dtype=np.float32))]


def sigmoid_cases(rng):
    rows, columns = (int(k) for k in rng.integers(1, 6, size=2))
    return [dict(z=rng.normal(scale=4.0, size=(rows, columns))), dict(z=float(rng.normal(scale=3.0)))]


def compare_sigmoid(got, expected, args):
    if isinstance(args["z"], np.ndarray):
        checks.check_array("sigmoid(z)", got, expected)
    else:
        checks.check_scalar("sigmoid(z)", got, expected, kind=float)


# --- initialize_with_zeros ----------------------------------------------------------------------------

def init_required():
    return [dict(dim=1), dict(dim=5), dict(dim=PIXELS)]


def init_cases(rng):
    return [dict(dim=int(rng.integers(2, 30)))]


def compare_init(got, expected, args):
    checks.check_type("initialize_with_zeros(dim)", got, tuple, hint=say("exercise.cat.return_w_b"))
    checks.check_equal("len(initialize_with_zeros(dim))", len(got), 2)
    (w, b), (expected_w, expected_b) = got, expected
    checks.check_array("w", w, expected_w)
    if not np.issubdtype(w.dtype, np.floating):
        checks.fail(say("exercise.cat.w_floats", dtype=str(w.dtype)))
    checks.check_scalar("b", b, expected_b, kind=float)


# --- propagate -----------------------------------------------------------------------------------------

def propagate_required():
    # More examples than features, one feature, one example, b = 0 and integer labels, the cat images.
    fixed = _fixed(51)
    return [_problem(fixed, 3, 5), _problem(fixed, 1, 4), _problem(fixed, 4, 1),
            dict(w=np.array([[0.5], [-0.3]]), b=0, X=np.array([[1.0, -2.0, 0.5], [0.0, 1.5, -1.0]]),
                 Y=np.array([[1, 0, 1]])),
            dict(w=fixed.normal(scale=0.01, size=(PIXELS, 1)), b=0.05, X=Data("train_x"), Y=Data("train_y"))]


def propagate_cases(rng):
    return [_small_problem(rng)]


def compare_propagate(got, expected, args):
    checks.check_type("propagate(w, b, X, Y)", got, tuple, hint=say("exercise.cat.return_grads_cost"))
    checks.check_equal("len(propagate(w, b, X, Y))", len(got), 2)
    (grads, cost), (expected_grads, expected_cost) = got, expected
    checks.check_type("grads", grads, dict, hint=say("exercise.cat.grads_dict"))
    checks.check_equal("sorted(grads)", sorted(grads), ["db", "dw"])
    m = args["X"].shape[1]
    checks.check_array("dw", grads["dw"], expected_grads["dw"], m=m)
    checks.check_scalar("db", grads["db"], expected_grads["db"], kind=float, m=m)
    checks.check_scalar("cost", cost, expected_cost, kind=float, m=m)


# --- optimize ------------------------------------------------------------------------------------------

def optimize_required():
    # Two recorded costs, three, and a single iteration (one cost: the starting one); one feature.
    fixed = _fixed(52)
    settings = (((3, 4), 101, 0.05), ((1, 5), 250, 0.01), ((2, 3), 1, 0.1))
    return [dict(_problem(fixed, *shape), num_iterations=iterations, learning_rate=rate)
            for shape, iterations, rate in settings]


def optimize_cases(rng):
    case = _small_problem(rng)
    case.update(num_iterations=int(rng.integers(2, 160)), learning_rate=float(rng.uniform(0.005, 0.05)))
    return [case]


def compare_optimize(got, expected, args):
    checks.check_type("optimize(...)", got, tuple, hint=say("exercise.cat.return_three"))
    checks.check_equal("len(optimize(...))", len(got), 3)
    (params, grads, costs), (expected_params, expected_grads, expected_costs) = got, expected
    _check_costs("costs", costs, expected_costs, args["num_iterations"],
                 fix="exercise.cat.every_100")
    checks.check_dict("params", params, expected_params, hint=say("exercise.cat.params_dict"))
    checks.check_dict("grads", grads, expected_grads, hint=say("exercise.cat.last_grads"))
    checks.check_array("params['w']", params["w"], expected_params["w"])
    checks.check_scalar("params['b']", params["b"], expected_params["b"], kind=float)
    checks.check_array("grads['dw']", grads["dw"], expected_grads["dw"])
    checks.check_scalar("grads['db']", grads["db"], expected_grads["db"], kind=float)


# --- predict -------------------------------------------------------------------------------------------

def predict_required():
    fixed = _fixed(53)
    return [dict(w=fixed.normal(size=(3, 1)), b=0.2, X=fixed.normal(size=(3, 5))),
            # every a is exactly 0.5 here: the rule is a > 0.5
            dict(w=np.zeros((3, 1)), b=0.0, X=fixed.normal(size=(3, 4))),
            dict(w=np.array([[2.0]]), b=-0.5, X=np.array([[0.1, 0.5, -3.0, 4.0]])),
            dict(w=fixed.normal(size=(4, 1)), b=0, X=fixed.normal(size=(4, 1))),
            dict(w=fixed.normal(scale=0.01, size=(PIXELS, 1)), b=0.05, X=Data("test_x"))]


def predict_cases(rng):
    problem = _small_problem(rng)
    return [dict(w=problem["w"], b=problem["b"], X=problem["X"])]


def compare_predict(got, expected, args):
    checks.check_type("Y_prediction", got, np.ndarray)
    checks.check_shape("Y_prediction", got, expected.shape)
    if not np.any(expected) and np.all(got == 1):
        checks.fail(say("exercise.cat.half"))
    checks.check_array("Y_prediction", got, expected, labels=True)


# --- model ---------------------------------------------------------------------------------------------

MODEL_KEYS = ["Y_prediction_test", "Y_prediction_train", "b", "costs", "learning_rate", "num_iterations",
              "test_accuracy", "train_accuracy", "w"]


def _small_model_case(rng, small, test_m, num_iterations, learning_rate):
    # Another number of features than the cat images' 12288: nothing may be hard-coded.
    features = small["X"].shape[0]
    return dict(X_train=small["X"], Y_train=small["Y"], X_test=rng.normal(size=(features, test_m)),
                Y_test=(rng.random((1, test_m)) > 0.5).astype(float), num_iterations=num_iterations,
                learning_rate=learning_rate)


def model_required():
    # The cat images with a setting that is not the default (the reference trains on them once for a class),
    # and a small problem with one test example.
    fixed = _fixed(54)
    return [dict(X_train=Data("train_x"), Y_train=Data("train_y"), X_test=Data("test_x"), Y_test=Data("test_y"),
                 num_iterations=200, learning_rate=0.006),
            _small_model_case(fixed, _problem(fixed, 3, 6), 1, 150, 0.05)]


def model_cases(rng):
    return [_small_model_case(rng, _small_problem(rng), int(rng.integers(2, 7)), int(rng.integers(2, 120)),
                              float(rng.uniform(0.01, 0.1)))]


def compare_model(got, expected, args):
    checks.check_type("model(...)", got, dict)
    checks.check_equal("sorted(d)", sorted(got), MODEL_KEYS)
    checks.check_equal("d['num_iterations']", got["num_iterations"], args["num_iterations"])
    checks.check_equal("d['learning_rate']", got["learning_rate"], args["learning_rate"])
    _check_costs("d['costs']", got["costs"], expected["costs"], args["num_iterations"],
                 fix="exercise.cat.pass_on")
    checks.check_array("d['w']", got["w"], expected["w"])
    checks.check_scalar("d['b']", got["b"], expected["b"], kind=float)
    checks.check_array("d['Y_prediction_train']", got["Y_prediction_train"], expected["Y_prediction_train"], labels=True)
    checks.check_array("d['Y_prediction_test']", got["Y_prediction_test"], expected["Y_prediction_test"], labels=True)
    for name, other in (("train_accuracy", "test_accuracy"), ("test_accuracy", "train_accuracy")):
        value = got[name]
        # The usual causes of a wrong accuracy, named only when the value is wrong.
        if isinstance(value, (float, np.floating)) and not np.isclose(value, expected[name]):
            if not np.isclose(expected[name], expected[other]) and np.isclose(value, expected[other]):
                checks.fail(say("exercise.cat.other_set", name=f"d['{name}']"))
            if np.isclose(value, expected[name] / 100):
                checks.fail(say("exercise.cat.fraction", name=f"d['{name}']"))
        checks.check_scalar(f"d['{name}']", value, expected[name], kind=float)


# --- cost_from_z ---------------------------------------------------------------------------------------

def _stable_case(Z, Y):
    return dict(Z=np.array([Z], dtype=float), Y=np.array([Y], dtype=float))


def stable_required():
    """Every student meets z far from 0 with both labels (where sigma(z) rounds to exactly 0 or 1), z exactly 0,
    a single example, and a moderate case."""
    return [_stable_case([800.0, -800.0, 40.0, -40.0, 750.0, -750.0], [1.0, 0.0, 0.0, 1.0, 0.0, 1.0]),
            _stable_case([0.0], [1.0]),
            _stable_case([-36.0, 37.5, 0.25, -2.0], [0.0, 1.0, 1.0, 0.0])]


def stable_cases(rng):
    m = int(rng.integers(2, 12))
    far = rng.choice([-1.0, 1.0], size=m) * rng.uniform(38, 900, size=m)
    return [dict(Z=rng.normal(scale=3.0, size=(1, m)), Y=(rng.random((1, m)) > 0.5).astype(float)),
            dict(Z=far.reshape(1, m), Y=(rng.random((1, m)) > 0.5).astype(float))]


def compare_stable(got, expected, args):
    if isinstance(got, (float, np.floating, np.ndarray)) and not np.all(np.isfinite(got)):
        checks.fail(say("exercise.cat.not_finite", got=float(np.ravel(got)[0])))
    checks.check_scalar("cost_from_z(Z, Y)", got, expected, kind=float, m=args["Z"].shape[1])


CHECKS = {
    "cat-flatten-test": Check("flatten_and_scale", flatten_cases, compare_flatten, required=flatten_required),
    "cat-sigmoid-test": Check("sigmoid", sigmoid_cases, compare_sigmoid, required=sigmoid_required),
    "cat-init-test": Check("initialize_with_zeros", init_cases, compare_init, required=init_required),
    "cat-propagate-test": Check("propagate", propagate_cases, compare_propagate, rules=(rules.no_loops,),
                                required=propagate_required),
    "cat-optimize-test": Check("optimize", optimize_cases, compare_optimize, required=optimize_required),
    "cat-predict-test": Check("predict", predict_cases, compare_predict, required=predict_required),
    "cat-model-test": Check("model", model_cases, compare_model, required=model_required),
    "cat-stable-test": Check("cost_from_z", stable_cases, compare_stable, required=stable_required),
}
