"""The stand-in process's answer to one request: the reference called as the student's function would be, its value
as plain data, and any failure as the student's call failing, never the process."""

from __future__ import annotations

import pytest

from autograder import plaindata
from autograder.inside import standin

REFERENCE = {"scale": lambda x, factor=2: x * factor, "broken": lambda: 1 / 0, "not_a_function": 3}


def request(name: str, *args, where=None, **kwargs) -> dict:
    return {"call": name, "args": plaindata.dumps([list(args), kwargs, where or {}])}


@pytest.mark.parametrize("sent,answer", [
    (request("scale", 3), {"value": "6"}),
    (request("scale", 3, factor=5), {"value": "15"}),
    # A keyword the reference has no name for goes where the student's own function takes it.
    (request("scale", 3, by=4, where={"by": 1}), {"value": "12"}),
    (request("nothing"), {"error": "the reference has no function 'nothing'", "type": "NameError"}),
    (request("not_a_function"), {"error": "the reference has no function 'not_a_function'", "type": "NameError"}),
    (request("broken"), {"error": "division by zero", "type": "ZeroDivisionError"}),
    ({"call": "scale", "args": "not plain"},
     {"error": "not JSON: Expecting value: line 1 column 1 (char 0)", "type": "PlainDataError"}),
    ({"call": "scale"}, {"error": "'args'", "type": "KeyError"}),
])
def test_each_request_gets_a_value_or_the_error_the_students_call_raises(sent, answer):
    assert standin.answer(REFERENCE, sent) == answer


def test_a_long_error_is_cut():
    long = {"fail": lambda: (_ for _ in ()).throw(ValueError("x" * 2000))}
    assert standin.answer(long, request("fail")) == {"error": "x" * 500, "type": "ValueError"}
