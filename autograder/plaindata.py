"""Values as plain JSON: what crosses the sandbox boundary, exactly or not at all.

Arguments go into the sandbox and results come out of it as JSON. Nothing is pickled, so decoding what a
student's process wrote can never run the student's code in the grader. Every value either survives
`encode` -> `decode` unchanged (its type, dtype, shape and value, NaN and -0.0 included) or becomes an
`Unsupported` marker whose reason names what it was, so that a check can tell the student.

What travels: None, bool, int, float, complex, str; list, tuple and dict (string keys) of exactly those
types; numpy arrays and numpy scalars of booleans, integers, floats and complex numbers (any byte order,
0-d included). Subclasses (np.matrix, masked arrays, namedtuples, OrderedDict, IntEnum...), object and
string arrays, sets, functions, generators and anything else become `Unsupported`. `Data` and `Example`
name things both sides already have (the course's data arrays, example functions): the grader's cases
use them, a student's results may not.

Decoding is bounded: the text, the nesting depth, the number of values and the bytes of all arrays have
limits, checked before anything large is allocated, and a forged tree raises PlainDataError and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass

import numpy as np

NUMERIC_KINDS = "biufc"  # bool, signed and unsigned integers, floats, complex
MAX_DEPTH = 64
MAX_DIMENSIONS = 32
NUMPY_SCALAR_TYPES = frozenset(np.sctypeDict.values())


class PlainDataError(ValueError):
    """The data is not something `encode` makes, or it is over a limit."""


@dataclass(frozen=True)
class Budget:
    """How much one decoding may build."""

    text_bytes: int = 64 << 20
    array_bytes: int = 256 << 20
    values: int = 1_000_000


class Data:
    """An argument that stands for one of the course's data arrays, flattened and scaled,, by name.

    Each side loads the arrays from its own read-only copy of the data set instead of sending them.
    """

    NAMES = ("train_x", "train_y", "test_x", "test_y")

    def __init__(self, name: str):
        if name not in self.NAMES:
            raise ValueError(f"Data({name!r}): the name must be one of {self.NAMES}")
        self.name = name

    def __repr__(self) -> str:
        return f"Data({self.name!r})"

    def __eq__(self, other) -> bool:
        return type(other) is Data and other.name == self.name

    def __hash__(self) -> int:
        return hash(("Data", self.name))


def _cube(t):
    return t ** 3


# Functions a hidden case may pass by name (a function cannot travel): an exercise that takes a function,
# such as a numerical derivative, is called with one of these on both sides.
EXAMPLES = {"cube": _cube, "sin": np.sin, "cos": np.cos, "exp": np.exp, "tanh": np.tanh, "log1p": np.log1p}


class Example:
    """A function of EXAMPLES, by name."""

    def __init__(self, name: str):
        if name not in EXAMPLES:
            raise ValueError(f"Example({name!r}): the name must be one of {sorted(EXAMPLES)}")
        self.name = name

    def __repr__(self) -> str:
        return f"Example({self.name!r})"


# What a value that cannot travel may be: the keys of `unsupported.*` in the message catalogues.
UNSUPPORTED_KINDS = ("array_dtype", "scalar_dtype", "nested", "contains_itself", "dict_keys", "namedtuple",
                     "array_subclass", "type", "unreadable")


class Unsupported:
    """What a value that cannot travel decodes to: the check names it to the student (in their language, so it
    travels as a kind and a type's name, not as a sentence)."""

    def __init__(self, kind: str, name: str = ""):
        self.kind = kind if kind in UNSUPPORTED_KINDS else "type"
        self.name = str(name)[:200]

    @property
    def reason(self):
        from .i18n import say

        return say(f"unsupported.{self.kind}", name=self.name, depth=MAX_DEPTH)

    def __repr__(self) -> str:
        return f"<unsupported {self.kind} {self.name}>"

    def __eq__(self, other) -> bool:
        return type(other) is Unsupported and (other.kind, other.name) == (self.kind, self.name)

    def __hash__(self) -> int:
        return hash(("Unsupported", self.kind, self.name))


def _unsupported(kind: str, name: str = "") -> dict:
    return {"__unsupported__": [kind, name]}


# --- encoding ----------------------------------------------------------------------------------------

def _describe(value) -> dict:
    kind = type(value)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    if issubclass(kind, tuple) and hasattr(value, "_fields"):
        return _unsupported("namedtuple", name)
    if issubclass(kind, np.ndarray):
        return _unsupported("array_subclass", name)
    return _unsupported("type", name)


def _array_tree(tag: str, value) -> dict:
    dtype = value.dtype
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None or dtype.shape != ():
        return _unsupported("array_dtype" if tag == "__ndarray__" else "scalar_dtype", str(dtype))
    body = {"dtype": dtype.str, "data": base64.b64encode(value.tobytes()).decode("ascii")}
    if tag == "__ndarray__":
        body["shape"] = list(value.shape)
    return {tag: body}


def _float(value: float):
    return value if math.isfinite(value) else {"__float__": repr(value)}


def _encode(value, depth: int, active: set[int]):
    # Exact types only: type() cannot be faked, isinstance() can (through __class__), and a subclass
    # would not come back as itself.
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        # Python refuses to turn ints of more than 4300 decimal digits into text; hex has no such limit.
        return value if value.bit_length() < 4000 else {"__int__": hex(value)}
    if kind is float:
        return _float(value)
    if kind is complex:
        return {"__complex__": [_float(value.real), _float(value.imag)]}
    if kind is np.ndarray:
        return _array_tree("__ndarray__", value)
    if kind in NUMPY_SCALAR_TYPES:
        return _array_tree("__npscalar__", value)
    if kind is Data:
        return {"__data__": value.name}
    if kind is Example:
        return {"__example__": value.name}
    if kind in (list, tuple, dict):
        if depth >= MAX_DEPTH:
            return _unsupported("nested", kind.__name__)
        if id(value) in active:
            return _unsupported("contains_itself", kind.__name__)
        active.add(id(value))
        try:
            if kind is dict:
                if not all(type(key) is str for key in value):
                    return _unsupported("dict_keys")
                return {"__dict__": [[key, _encode(item, depth + 1, active)] for key, item in value.items()]}
            return {f"__{kind.__name__}__": [_encode(item, depth + 1, active) for item in value]}
        finally:
            active.discard(id(value))
    return _describe(value)


def encode(value):
    """A JSON-ready tree for `value`. Never raises: what cannot travel becomes an unsupported marker."""
    try:
        return _encode(value, 0, set())
    except Exception as err:  # a container changed while being read, a broken __len__...: still only a marker
        return _unsupported("unreadable", type(err).__name__)


def dumps(value) -> str:
    return json.dumps(encode(value), allow_nan=False)


def dumps_list_items(values: list) -> list[str] | None:
    """The text of each item of `values` as `dumps(values)` writes it, so that `joined_list` of them is
    `dumps(values)` exactly, or None where it could not be (an item that would make the whole list unreadable).
    For the author's lottery, which judges the same required items under many ids and encodes them once."""
    try:
        return [json.dumps(_encode(item, 1, set()), allow_nan=False) for item in values]
    except Exception:  # noqa: BLE001  (encode() would mark the whole list unreadable: no items to give)
        return None


def joined_list(item_texts: list[str]) -> str:
    """`dumps(values)`, from `dumps_list_items(values)`."""
    return '{"__list__": [' + ", ".join(item_texts) + "]}"


# --- decoding ----------------------------------------------------------------------------------------

class _Decoder:
    def __init__(self, budget: Budget, resolve_data, allow_refs: bool):
        self.budget, self.resolve_data, self.allow_refs = budget, resolve_data, allow_refs
        self.values = 0
        self.array_bytes = 0

    def _count(self) -> None:
        self.values += 1
        if self.values > self.budget.values:
            raise PlainDataError(f"more than {self.budget.values} values")

    def _raw(self, body: dict, expected_bytes: int) -> bytes:
        data = body.get("data")
        if type(data) is not str:
            raise PlainDataError("array data is not text")
        # Checked before decoding: base64 is 4 characters per 3 bytes.
        if len(data) != 4 * math.ceil(expected_bytes / 3):
            raise PlainDataError("array data does not match its shape")
        self.array_bytes += expected_bytes
        if self.array_bytes > self.budget.array_bytes:
            raise PlainDataError(f"arrays of more than {self.budget.array_bytes} bytes in all")
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise PlainDataError("array data is not base64") from None
        if len(raw) != expected_bytes:
            raise PlainDataError("array data does not match its shape")
        return raw

    @staticmethod
    def _dtype(body: dict) -> np.dtype:
        text = body.get("dtype")
        if type(text) is not str or len(text) > 8:
            raise PlainDataError("bad dtype")
        try:
            dtype = np.dtype(text)
        except (TypeError, ValueError, SyntaxError):
            raise PlainDataError(f"bad dtype {text[:20]!r}") from None
        if dtype.kind not in NUMERIC_KINDS or dtype.hasobject or dtype.fields is not None or dtype.shape != ():
            raise PlainDataError(f"arrays of dtype {dtype} are not accepted")
        return dtype

    def _float(self, tree) -> float:
        if type(tree) is float or (type(tree) is int and abs(tree) < 2 ** 1023):
            return float(tree)
        if type(tree) is dict and len(tree) == 1 and "__float__" in tree:
            return self.decode(tree, 1)
        raise PlainDataError("not a float")

    def decode(self, tree, depth: int):
        self._count()
        kind = type(tree)
        if tree is None or kind in (bool, str, int):
            return tree
        if kind is float:
            if not math.isfinite(tree):
                raise PlainDataError("non-finite floats must be tagged")
            return tree
        if kind is not dict or len(tree) != 1:
            raise PlainDataError(f"not plain data: {str(tree)[:80]}")
        if depth > MAX_DEPTH:
            raise PlainDataError(f"nested more than {MAX_DEPTH} levels deep")
        (tag, body), = tree.items()
        if tag in ("__list__", "__tuple__"):
            if type(body) is not list:
                raise PlainDataError(f"{tag} body is not a list")
            items = [self.decode(item, depth + 1) for item in body]
            return items if tag == "__list__" else tuple(items)
        if tag == "__dict__":
            if type(body) is not list:
                raise PlainDataError("__dict__ body is not a list")
            result = {}
            for pair in body:
                if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                    raise PlainDataError("a dictionary entry is not a [string, value] pair")
                result[pair[0]] = self.decode(pair[1], depth + 1)
            return result
        if tag == "__ndarray__":
            if type(body) is not dict:
                raise PlainDataError("__ndarray__ body is not an object")
            dtype = self._dtype(body)
            shape = body.get("shape")
            if (type(shape) is not list or len(shape) > MAX_DIMENSIONS
                    or not all(type(n) is int and 0 <= n < 2 ** 40 for n in shape)):
                raise PlainDataError("bad array shape")
            size = math.prod(shape) * dtype.itemsize
            raw = self._raw(body, size)
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if tag == "__npscalar__":
            if type(body) is not dict:
                raise PlainDataError("__npscalar__ body is not an object")
            dtype = self._dtype(body)
            return np.frombuffer(self._raw(body, dtype.itemsize), dtype=dtype)[0]
        if tag == "__float__":
            if body not in ("nan", "inf", "-inf"):
                raise PlainDataError(f"bad float {str(body)[:20]!r}")
            return float(body)
        if tag == "__complex__":
            if type(body) is not list or len(body) != 2:
                raise PlainDataError("bad complex number")
            return complex(self._float(body[0]), self._float(body[1]))
        if tag == "__int__":
            if type(body) is not str or not body.startswith(("0x", "-0x")) or len(body) > 1 << 16:
                raise PlainDataError("bad int")
            try:
                return int(body, 16)
            except ValueError:
                raise PlainDataError("bad int") from None
        if tag == "__unsupported__":
            # A kind the catalogues know and a name, shown as text: whatever else a forged marker holds is dropped.
            if type(body) is list and len(body) == 2:
                return Unsupported(str(body[0])[:40], str(body[1]))
            return Unsupported("type", "?")
        if tag in ("__data__", "__example__"):
            if not self.allow_refs:
                raise PlainDataError("a reference to the course's data or examples is not accepted here")
            if tag == "__example__":
                if body not in EXAMPLES:
                    raise PlainDataError(f"unknown example {str(body)[:20]!r}")
                return EXAMPLES[body]
            if body not in Data.NAMES:
                raise PlainDataError(f"unknown data array {str(body)[:20]!r}")
            if self.resolve_data is None:
                return Data(body)
            return self.resolve_data(body)
        raise PlainDataError(f"not plain data: unknown tag {str(tag)[:40]!r}")


def _decoded(decoder: _Decoder, tree, depth: int):
    try:
        return decoder.decode(tree, depth)
    except RecursionError:
        raise PlainDataError("nested too deeply") from None
    except MemoryError:
        raise PlainDataError("too large to decode") from None


def decode(tree, resolve_data=None, budget: Budget = Budget(), allow_refs: bool = True):
    """The value `encode` made. Raises PlainDataError (only) on anything else or over the budget.

    `resolve_data(name)` turns a Data reference into an array (without it, the Data object itself is kept);
    with `allow_refs=False` a Data or Example reference is refused: a student's results may not use them.
    """
    return _decoded(_Decoder(budget, resolve_data, allow_refs), tree, 0)


def _no_constants(name: str):
    raise PlainDataError(f"{name} is not allowed in plain data")


def _parsed(text: str | bytes, budget: Budget):
    if len(text) > budget.text_bytes:
        raise PlainDataError(f"{len(text)} bytes is more than the limit of {budget.text_bytes}")
    try:
        return json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as err:  # JSONDecodeError, too many digits, nested too deeply
        raise PlainDataError(f"not JSON: {str(err)[:120]}") from None


def loads(text: str | bytes, resolve_data=None, budget: Budget = Budget(), allow_refs: bool = True):
    return decode(_parsed(text, budget), resolve_data, budget, allow_refs)


@dataclass(frozen=True)
class Usage:
    """What one decoding took of its budget."""

    values: int
    array_bytes: int


def loads_item(text: str, resolve_data=None, budget: Budget = Budget(), allow_refs: bool = True):
    """An item of a list, decoded from its own text as `loads` decodes it inside the list (one level down), and
    what it took of the budget. A caller that decodes a list item by item (to keep items that recur) adds the
    items' usage up, plus one value for the list itself: the list fits the budget exactly when that sum does."""
    decoder = _Decoder(budget, resolve_data, allow_refs)
    value = _decoded(decoder, _parsed(text, budget), 1)
    return value, Usage(decoder.values, decoder.array_bytes)
