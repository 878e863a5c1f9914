"""What an `autograder` command's process sets before it imports NumPy or nbgrader: one BLAS thread, and none of the
imports that no command uses and that cost every command's start-up (an instructor's one-student grade is about a
second in all).

Only in this package's command processes (`autograder/cli.py` imports this first, and the tests' conftest): a
Jupyter server, nbgrader's own commands and the sandbox (which sets its own environment) are left as they are.
"""

from __future__ import annotations

import importlib
import os
import sys
import types

# jsonschema, which nbformat loads to validate notebooks, imports at once the optional libraries of its string
# formats: rfc3986_validator and isoduration (with arrow) take a fifth of a second, for formats no notebook schema asks
# for; rfc3987_syntax, which jsonschema from 4.24 on installs and imports, builds its grammars ("iri", a second) — the
# pinned 4.23 leaves it out (requirements.txt), this covers an environment with a newer one. Without the modules
# jsonschema simply leaves those formats out. None in sys.modules is Python's documented "this import fails".
UNUSED = ("rfc3987_syntax", "rfc3986_validator", "isoduration")

# nbgrader.utils imports setuptools.archive_util at its top for one function, the unzipping of uploads by
# ZipCollect, which no command of ours runs; importing setuptools is a tenth of a second. A stand-in module holds the
# names nbgrader takes from it, and each imports setuptools' own on its first call.
DEFERRED = ("setuptools.archive_util", ("unpack_archive", "unpack_tarfile", "unpack_zipfile"))


def _forwarder(module: str, stand_in: types.ModuleType, name: str):
    def forward(*args, **kwargs):
        if sys.modules.get(module) is stand_in:
            del sys.modules[module]  # the real module takes its place for good
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    return forward


# The grader runs submissions side by side, a sandbox per core with one BLAS thread each. NumPy in the grader's own
# processes (the reference on the hidden cases) with a BLAS thread per core as well would oversubscribe the cores, and
# OpenBLAS's threads spin while they wait: beside two busy processes, 05's notebook took 88 s with OpenBLAS's default
# and 23 s with one thread. Set before NumPy loads OpenBLAS, which reads them once; an instructor's own setting wins.
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def prepare() -> None:
    for name in ONE_THREAD:
        os.environ.setdefault(name, "1")
    for unused in UNUSED:
        # typeshed types sys.modules' values as modules only
        sys.modules.setdefault(unused, None)  # type: ignore[arg-type]
    module, names = DEFERRED
    if module not in sys.modules:
        stand_in = types.ModuleType(module, f"a stand-in that imports {module} on first use: autograder/startup.py")
        for name in names:
            setattr(stand_in, name, _forwarder(module, stand_in, name))
        sys.modules[module] = stand_in


prepare()
