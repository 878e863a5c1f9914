"""Values as plain JSON: how arguments go into the sandbox and results come out of it.

Only numbers, strings, booleans, None, lists, tuples, dicts with string keys and numpy arrays or
scalars of numbers travel. Nothing is pickled, so decoding what a student's process wrote cannot run
the student's code in the grader. Types survive the trip (a tuple stays a tuple, a numpy float64 stays
a numpy float64) because the checks care about them.
"""

from __future__ import annotations

import base64
import json
import math

import numpy as np

NUMERIC_KINDS = "biuf"  # bool, signed and unsigned integers, floats


class PlainDataError(ValueError):
    """The data is not of a kind that may cross the sandbox boundary."""


class Data:
    """An argument that stands for one of the course's standardized data arrays, by name.

    The arrays are loaded from the one read-only copy of the data set on each side of the sandbox,
    instead of being sent, or copied, per student.
    """

    NAMES = ("train_x", "train_y", "test_x", "test_y")

    def __init__(self, name: str):
        if name not in self.NAMES:
            raise ValueError(f"Data({name!r}): the name must be one of {self.NAMES}")
        self.name = name

    def __repr__(self) -> str:
        return f"Data({self.name!r})"


def _float(value: float):
    return value if math.isfinite(value) else {"__float__": repr(value)}


def encode(value):
    """A JSON-ready tree for `value`; unsupported objects become a marker naming their type."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Data):
        return {"__data__": value.name}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in NUMERIC_KINDS:
            return {"__unsupported__": f"numpy array of dtype {value.dtype}"}
        array = np.ascontiguousarray(value)
        return {"__ndarray__": {"dtype": array.dtype.str, "shape": list(array.shape),
                                "data": base64.b64encode(array.tobytes()).decode("ascii")}}
    if isinstance(value, np.generic):
        if value.dtype.kind not in NUMERIC_KINDS:
            return {"__unsupported__": f"numpy scalar of dtype {value.dtype}"}
        return {"__npscalar__": {"dtype": value.dtype.str, "value": encode(value.item())}}
    if isinstance(value, int):
        return {"__int__": str(value)} if type(value) is not int else value
    if isinstance(value, float):
        return _float(float(value))
    if isinstance(value, (list, tuple)):
        return {"__list__" if isinstance(value, list) else "__tuple__": [encode(v) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return {"__unsupported__": "dict with non-string keys"}
        return {"__dict__": [[k, encode(v)] for k, v in value.items()]}
    return {"__unsupported__": f"{type(value).__module__}.{type(value).__qualname__}"}


class Unsupported:
    """What a value of a kind that cannot travel decodes to, so the check can name it."""

    def __init__(self, description: str):
        self.description = description

    def __repr__(self) -> str:
        return f"<{self.description}>"


def decode(tree, resolve_data=None):
    """The value `encode` made; raises PlainDataError on anything else."""
    if tree is None or isinstance(tree, (bool, int, float, str)):
        return tree
    if isinstance(tree, dict) and len(tree) == 1:
        (tag, body), = tree.items()
        if tag == "__ndarray__":
            dtype = np.dtype(body["dtype"])
            if dtype.kind not in NUMERIC_KINDS or dtype.hasobject:
                raise PlainDataError(f"arrays of dtype {dtype} are not accepted")
            shape = tuple(int(n) for n in body["shape"])
            raw = base64.b64decode(body["data"], validate=True)
            if len(raw) != dtype.itemsize * math.prod(shape):
                raise PlainDataError("array data does not match its shape")
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if tag == "__npscalar__":
            dtype = np.dtype(body["dtype"])
            if dtype.kind not in NUMERIC_KINDS:
                raise PlainDataError(f"scalars of dtype {dtype} are not accepted")
            return dtype.type(decode(body["value"]))
        if tag == "__float__":
            if body not in ("nan", "inf", "-inf"):
                raise PlainDataError(f"bad float {body!r}")
            return float(body)
        if tag == "__int__":
            return int(body)
        if tag == "__list__":
            return [decode(v, resolve_data) for v in body]
        if tag == "__tuple__":
            return tuple(decode(v, resolve_data) for v in body)
        if tag == "__dict__":
            return {str(k): decode(v, resolve_data) for k, v in body}
        if tag == "__data__":
            if resolve_data is None:
                raise PlainDataError("a data-set reference is not accepted here")
            return resolve_data(body)
        if tag == "__unsupported__":
            return Unsupported(str(body))
    raise PlainDataError(f"not plain data: {str(tree)[:80]}")


def dumps(value) -> str:
    return json.dumps(encode(value), allow_nan=False)


def loads(text: str, resolve_data=None, max_bytes: int = 64 << 20):
    if len(text) > max_bytes:
        raise PlainDataError(f"{len(text)} bytes of results is more than the limit of {max_bytes}")
    try:
        tree = json.loads(text)
    except json.JSONDecodeError as err:
        raise PlainDataError(f"not JSON: {err}") from err
    return decode(tree, resolve_data)
