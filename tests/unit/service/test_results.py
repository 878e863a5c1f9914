"""The reference's costly results kept on disk for every lane of the grading service."""

from __future__ import annotations

ASSIGNMENT = "02_single_example_gd"


def test_costly_reference_results_are_kept_for_every_lane(tmp_path):
    """The reference's results that took long (05's model on the data set) are kept on disk, exactly as computed,
    for the other lanes and after a restart; cheap ones, and ones that are not plain data, are not; a changed
    reference never finds the old ones."""
    import numpy as np

    from autograder.judge import verdict
    from autograder.service.results import COSTLY_SECONDS, KeptResults

    kept = KeptResults(tmp_path, ASSIGNMENT, ("def model(): ...",))
    case = {"__dict__": [["num_iterations", 150]]}
    value = {"w": np.arange(6.0).reshape(3, 2), "b": np.float64(0.25), "costs": [0.69, 0.5], "n": (1, 2)}
    kept.put("model", case, {"value": value}, COSTLY_SECONDS + 1)
    kept.put("sigmoid", case, {"value": 0.5}, COSTLY_SECONDS / 10)
    kept.put("predict", case, {"value": object()}, COSTLY_SECONDS + 1)
    found = kept.get("model", case)["value"]
    assert sorted(found) == sorted(value) and found["w"].tolist() == value["w"].tolist()
    assert type(found["b"]) is np.float64 and found["costs"] == [0.69, 0.5] and found["n"] == (1, 2)
    assert kept.get("sigmoid", case) is None and kept.get("predict", case) is None
    assert KeptResults(tmp_path, ASSIGNMENT, ("def model(): changed",)).get("model", case) is None
    reference = {"model": lambda num_iterations: "computed"}  # a kept result is used, not computed again
    assert verdict.expected_one(reference, "model", case, kept)["value"]["b"] == 0.25
