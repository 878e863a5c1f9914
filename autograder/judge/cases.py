"""The hidden inputs of a test cell: its required cases, then cases drawn per student from the course secret.

Seeded from the secret, the student id and the grade id, they cannot be predicted by a student, and a
re-grade draws the same ones, so it gives the same score. The secret is never released and never
enters a sandbox.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import numpy as np

from .. import plaindata
from ..authoring import Check

SECRET_ENV = "AUTOGRADER_SECRET"
SECRET_FILE = Path(".autograder") / "secret"


def course_secret(course_root: Path) -> bytes:
    """The course secret: $AUTOGRADER_SECRET, else .autograder/secret (created on first use)."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV].encode()
    path = course_root / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        # Created exclusively so that two graders starting together cannot write different secrets.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def rng_for(secret: bytes, student_id: str, grade_id: str) -> np.random.Generator:
    digest = hashlib.sha256(b"\0".join([secret, student_id.encode(), grade_id.encode()])).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


def draw(check: Check, secret: bytes, student_id: str, grade_id: str) -> str:
    """The cases of one check for one student, as plain-data text (the form both sides receive): the required
    cases, the same for every student, then the ones drawn for this student."""
    return plaindata.dumps(check.required() + check.cases(rng_for(secret, student_id, grade_id)))
