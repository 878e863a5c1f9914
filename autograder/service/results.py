"""The reference's costly results, shared by the grading service's lanes and kept across restarts.

Judging 05's `model` needs the reference's own training run on the data set, for one of a few settings: about
as long as the student's notebook. Each lane keeps the results it computed (judge/verdict.py), but a lane that
has not met a setting yet would compute it again, and so would every lane after a restart. Results that took
longer than `COSTLY_SECONDS` are kept here, in `.autograder/expected/<assignment>/`, by a digest of the reference's
code, the function and the case: a changed reference is a new key, never a stale result. They are written and
read as plain data (autograder/plaindata.py), by the grader only (students cannot reach .autograder/).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import plaindata

EXPECTED_DIR = Path(".autograder") / "expected"
COSTLY_SECONDS = 0.2


class KeptResults:
    def __init__(self, root: Path, assignment_id: str, reference_sources: tuple[str, ...]):
        self.folder = root / EXPECTED_DIR / assignment_id
        self.code = hashlib.sha256("\0".join(reference_sources).encode()).hexdigest()

    def _path(self, function: str, tree) -> Path:
        key = json.dumps([self.code, function, tree], sort_keys=True).encode()
        return self.folder / f"{hashlib.sha256(key).hexdigest()}.json"

    def get(self, function: str, tree) -> dict | None:
        try:
            return {"value": plaindata.loads(self._path(function, tree).read_bytes())}
        except (OSError, plaindata.PlainDataError):
            return None

    def put(self, function: str, tree, outcome: dict, seconds: float) -> None:
        if seconds < COSTLY_SECONDS or "value" not in outcome:
            return
        text = plaindata.dumps(outcome["value"])
        if "__unsupported__" in text:
            return  # not plain data: it could not come back as it was
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(function, tree)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text)
        os.replace(partial, path)
