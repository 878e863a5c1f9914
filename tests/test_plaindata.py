"""Plain data across the sandbox boundary: types survive, nothing executable gets through."""

import base64
import json
import pickle

import numpy as np
import pytest

from autograder import plaindata


def test_round_trip_keeps_types_and_values():
    value = {"dw": np.arange(6.0).reshape(3, 2), "db": np.float64(-0.5), "cost": 0.25, "n": 3,
             "pair": (1, [2.0, float("nan")]), "labels": np.array([[True, False]])}
    back = plaindata.loads(plaindata.dumps(value))
    assert type(back["db"]) is np.float64 and back["db"] == -0.5
    assert type(back["cost"]) is float and isinstance(back["pair"], tuple) and isinstance(back["pair"][1], list)
    assert back["dw"].shape == (3, 2) and back["dw"].dtype == np.float64 and (back["dw"] == value["dw"]).all()
    assert np.isnan(back["pair"][1][1]) and back["labels"].dtype == bool


def test_objects_become_a_named_marker_not_a_value():
    back = plaindata.loads(plaindata.dumps([object(), np.array(["a"])]))
    assert [type(v) for v in back] == [plaindata.Unsupported, plaindata.Unsupported]
    assert repr(back[0]) == "<a value of type object>"


def test_pickled_or_object_arrays_are_refused():
    forged = {"__ndarray__": {"dtype": "|O", "shape": [1],
                              "data": base64.b64encode(pickle.dumps([1])).decode()}}
    with pytest.raises(plaindata.PlainDataError, match="not accepted"):
        plaindata.loads(json.dumps(forged))
    with pytest.raises(plaindata.PlainDataError, match="does not match its shape"):
        plaindata.loads(json.dumps({"__ndarray__": {"dtype": "<f8", "shape": [4], "data": "AAAA"}}))
    with pytest.raises(plaindata.PlainDataError, match="not plain data"):
        plaindata.loads(json.dumps({"__reduce__": "os.system"}))
