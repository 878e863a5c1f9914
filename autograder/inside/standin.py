"""The reference solution, answering for graded functions while another one is judged.

Forked by the zygote for a job whose hidden calls have stand-ins. It receives the reference's code
(the source notebook's setup and solution cells) from the runner, and then calls: a function's name and
its arguments as plain data. It answers with the result as plain data, or the exception's type and
message. It is not dumpable, and nothing of it is ever written anywhere, so the student's process, in
the same sandbox, can ask it questions but cannot read it.
"""

from __future__ import annotations

import os

from autograder import checks, plaindata, reference
from autograder.inside.notebook import detach, resolve_data, set_limits
from autograder.protocol import Limits, read_frame, write_frame

# A call's arguments: what a student's function may pass is bounded like the student's own results.
BUDGET = plaindata.Budget(text_bytes=256 << 20, array_bytes=512 << 20)


def main(read_fd: int, write_fd: int) -> None:
    """The stand-in process. Never returns."""
    try:
        detach((read_fd, write_fd))
        incoming, outgoing = os.fdopen(read_fd, "rb"), os.fdopen(write_fd, "wb")
        first = read_frame(incoming)
        if first is None:
            return  # the runner closed the channel before the reference came: nothing to answer
        set_limits(Limits.of(first["limits"]))
        namespace = reference.namespace(first["reference"])
        while (request := read_frame(incoming)) is not None:
            write_frame(outgoing, answer(namespace, request))
    finally:
        os._exit(0)


def answer(namespace: dict, request: dict) -> dict:
    function = namespace.get(str(request.get("call")))
    if not callable(function):
        return {"error": f"the reference has no function {request.get('call')!r}", "type": "NameError"}
    try:
        args, kwargs, where = plaindata.loads(request["args"], resolve_data, BUDGET)
        # Called as the public checks call: keywords the reference has no name for go where the student's own
        # function takes them (one mistake costs once, whatever the names).
        value = checks.call_with(function, args, kwargs, where if isinstance(where, dict) else None)
    except Exception as err:  # the arguments the student passed make the reference fail: the student's call fails
        return {"error": str(err)[:500], "type": type(err).__name__}
    return {"value": plaindata.dumps(value)}
