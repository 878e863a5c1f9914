"""The course's roster of Chinese readers, set in a course copy for tests (the translations themselves are the
course's own, source/<id>/zh-CN.toml, copied with the course)."""

from __future__ import annotations

import re
from pathlib import Path

from autograder import catalogue


def set_roster(root: Path, chinese: list[str]) -> None:
    """The course's roster of Chinese-reading students, in the catalogue of the course at `root`."""
    path = root / catalogue.CATALOGUE
    text, count = re.subn(r'(?m)^"zh-CN" = \[.*\]$', f'"zh-CN" = {chinese!r}'.replace("'", '"'), path.read_text())
    assert count == 1
    path.write_text(text)
