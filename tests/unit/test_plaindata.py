"""Plain data across the sandbox boundary, fuzzed: every value either survives the round trip exactly or is
refused with a named reason, and decoding anything at all either gives a value or PlainDataError."""

from __future__ import annotations

import base64
import json
import math
import pickle
from collections import OrderedDict, namedtuple

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder import plaindata

NUMERIC_DTYPES = st.one_of(hnp.boolean_dtypes(), hnp.integer_dtypes(endianness="="), hnp.unsigned_integer_dtypes(),
                           hnp.floating_dtypes(endianness="="), hnp.complex_number_dtypes(),
                           hnp.integer_dtypes(endianness=">"), hnp.floating_dtypes(endianness=">"))
ARRAYS = hnp.arrays(NUMERIC_DTYPES, hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4))
NUMPY_SCALARS = ARRAYS.filter(lambda a: a.size > 0).map(lambda a: a.flat[0])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10 ** 5000), max_value=10 ** 5000),
                    st.floats(allow_nan=True, allow_infinity=True), st.complex_numbers(), st.text(),
                    st.just("\ud800 lone surrogate"), NUMPY_SCALARS,
                    ARRAYS, ARRAYS.map(lambda a: a.T), ARRAYS.map(np.asfortranarray),
                    ARRAYS.filter(lambda a: a.ndim >= 1 and a.shape[0] > 1).map(lambda a: a[::2]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.lists(inner, max_size=4).map(tuple),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                      max_leaves=12)


def same(a, b) -> bool:
    """Exactly the same value: type, dtype, shape, and every bit of every number (NaN and -0.0 included)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES)
def test_every_supported_value_survives_exactly(value):
    back = plaindata.loads(plaindata.dumps(value))
    if isinstance(value, np.ndarray) and not value.flags.writeable:
        value = value.copy()
    assert same(back, value)


class Lying:
    """A student's object that lies about what it is and breaks every method it can."""

    __class__ = property(lambda self: np.ndarray)  # isinstance(..., np.ndarray) says True

    def __eq__(self, other):
        raise RuntimeError("no")

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no")

    def __float__(self):
        raise RuntimeError("no")

    def __len__(self):
        raise RuntimeError("no")

    def __iter__(self):
        raise RuntimeError("no")

    def __hash__(self):
        return 0


class Sub(float):
    pass


Pair = namedtuple("Pair", "a b")


def _generator():
    yield 1


UNSUPPORTED = [set(), frozenset({1}), object(), Lying(), Sub(1.5), Pair(1, 2), OrderedDict(a=1), _generator(),
               np.matrix([[1.0]]), np.ma.masked_array([1.0]), np.array([object()]), np.array(["a"]),
               np.array([b"a"]), np.array(["2020-01-01"], dtype="datetime64[D]"), np.str_("x"), np.void(b"\0"),
               np.zeros(2, dtype=[("a", "f8")]), {1: 2}, {"a": {(1, 2): 3}}, b"bytes", bytearray(b"x"),
               lambda x: x, np, range(3), slice(1), Ellipsis, NotImplemented, type]


@pytest.mark.parametrize("value", UNSUPPORTED, ids=[type(v).__name__ for v in UNSUPPORTED])
def test_what_cannot_travel_becomes_a_named_marker(value):
    back = plaindata.loads(plaindata.dumps(value))
    while isinstance(back, dict) and len(back) == 1:  # a nested refusal sits where the value was
        back = next(iter(back.values()))
    assert isinstance(back, plaindata.Unsupported) and back.reason


def test_a_value_that_contains_itself_is_refused_not_a_crash():
    loop = []
    loop.append(loop)
    assert plaindata.loads(plaindata.dumps(loop)) == [plaindata.Unsupported("contains_itself", "list")]


def test_0d_arrays_and_numpy_scalars_keep_their_form():
    # The deeplearning.ai template's `cost = np.squeeze(np.array(cost))` is a 0-d float64 array.
    back = plaindata.loads(plaindata.dumps([np.squeeze(np.array([[0.5]])), np.float32(2), np.bool_(True)]))
    assert (type(back[0]), back[0].shape, back[0].dtype) == (np.ndarray, (), np.float64)
    assert type(back[1]) is np.float32 and type(back[2]) is np.bool_


def _trees():
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(["__list__", "__tuple__", "__dict__", "__ndarray__", "__npscalar__",
                                         "__float__", "__int__", "__complex__", "__data__", "__example__",
                                         "__unsupported__", "dtype", "shape", "data", "x"]), inner, max_size=3)),
        max_leaves=20)


@settings(max_examples=600, deadline=None)
@given(_trees())
def test_decoding_anything_gives_a_value_or_plain_data_error(tree):
    try:
        plaindata.decode(tree, allow_refs=False)
    except plaindata.PlainDataError:
        pass


@pytest.mark.parametrize("forged,reason", [
    ({"__ndarray__": {"dtype": "|O", "shape": [1], "data": base64.b64encode(pickle.dumps([1])).decode()}},
     "not accepted"),
    ({"__ndarray__": {"dtype": "<f8", "shape": [4], "data": "AAAA"}}, "does not match its shape"),
    ({"__ndarray__": {"dtype": "<f8", "shape": [1 << 30, 1 << 30], "data": ""}}, "bad array shape|does not match"),
    ({"__ndarray__": {"dtype": "<f8", "shape": [40, 1 << 20], "data": "A" * 16}}, "does not match"),
    ({"__ndarray__": {"dtype": "f8,i4", "shape": [1], "data": "AAAAAAAAAAAAAAAA"}}, "bad dtype|not accepted"),
    ({"__reduce__": "os.system"}, "unknown tag"),
    ({"__int__": "9" * 10}, "bad int"),
    ({"__data__": "train_x"}, "not accepted here"),
    ({"__list__": [{"__data__": "train_x"}] * 3}, "not accepted here"),
], ids=["pickle", "short-data", "huge-shape", "over-budget", "structured", "reduce", "decimal-int", "data-ref",
        "many-data-refs"])
def test_forged_trees_are_refused_with_a_reason(forged, reason):
    with pytest.raises(plaindata.PlainDataError, match=reason):
        plaindata.loads(json.dumps(forged), allow_refs=False,
                        budget=plaindata.Budget(array_bytes=64 << 20))


def test_decoding_is_bounded_before_anything_large_is_built():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(plaindata.PlainDataError):
        plaindata.loads(deep)
    many = json.dumps({"__list__": [0] * 2000})
    with pytest.raises(plaindata.PlainDataError, match="more than 1000 values"):
        plaindata.loads(many, budget=plaindata.Budget(values=1000))
    with pytest.raises(plaindata.PlainDataError, match="is more than the limit"):
        plaindata.loads(" " * 2000, budget=plaindata.Budget(text_bytes=1000))
    with pytest.raises(plaindata.PlainDataError, match="not allowed"):
        plaindata.loads("[NaN]")


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(VALUES, min_size=1, max_size=4))
def test_a_list_read_item_by_item_is_the_list_read_whole_and_takes_the_same_budget(items):
    texts = [plaindata.dumps(item) for item in items]
    whole = '{"__list__": [' + ", ".join(texts) + "]}"
    read = [plaindata.loads_item(text) for text in texts]
    assert plaindata.dumps([value for value, _ in read]) == plaindata.dumps(plaindata.loads(whole))
    values = 1 + sum(usage.values for _, usage in read)
    array_bytes = sum(usage.array_bytes for _, usage in read)
    plaindata.loads(whole, budget=plaindata.Budget(values=values, array_bytes=array_bytes))
    with pytest.raises(plaindata.PlainDataError, match=f"more than {values - 1} values"):
        plaindata.loads(whole, budget=plaindata.Budget(values=values - 1))
    if array_bytes:
        with pytest.raises(plaindata.PlainDataError, match="bytes in all"):
            plaindata.loads(whole, budget=plaindata.Budget(array_bytes=array_bytes - 1))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(VALUES, max_size=4))
def test_a_list_joined_from_its_items_texts_is_the_list_written_whole(items):
    assert plaindata.joined_list(plaindata.dumps_list_items(items)) == plaindata.dumps(items)


def test_an_item_that_would_make_the_list_unreadable_gives_no_items(monkeypatch):
    def broken(value):
        raise RuntimeError("read while it changed")

    monkeypatch.setattr(plaindata, "_float", broken)
    assert plaindata.dumps_list_items([1, 2.5]) is None
    assert "unreadable" in plaindata.dumps([1, 2.5])  # where the whole list is a marker, not items
