"""The Chinese text of an assignment, kept beside its English source, and the Chinese notebook made from it.

The English instructor notebook is the one source of every assignment. `source/<id>/zh-CN.toml` holds, for each
markdown cell without nbgrader metadata, its Chinese text and the fingerprint of the English text it translates:

    [cells."markdown-1"]          # the cell's nbformat id
    en = "0123456789ab"           # fingerprint(): sha256 of the English source, first 12 hex digits
    zh = '''...'''

Graded, locked and code cells are never translated, so the Chinese notebook has the English notebook's grade ids,
points and checksums: one gradebook holds both, and grading needs no language. A translation whose English cell
changed since (stale), a cell without a translation (missing), or an entry for a cell the notebook no longer has
(orphaned) is a `Problem`; `autograder release` refuses an assignment that has any, and CI runs `problems()`.
"""

from __future__ import annotations

import copy
import hashlib
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat

LANGUAGE = "zh-CN"
FILE = f"{LANGUAGE}.toml"  # in source/<id>/; never released (nbgrader_config.py ignores it)


def fingerprint(english: str) -> str:
    """What a translation records of the English text it was written from."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]


def translatable(cell) -> bool:
    """Markdown a student reads and nobody grades: the only cells that have a translation."""
    return cell.cell_type == "markdown" and not cell.get("metadata", {}).get("nbgrader")


@dataclass(frozen=True)
class Entry:
    en: str  # the fingerprint of the English text this translates
    zh: str


@dataclass(frozen=True)
class Problem:
    path: Path  # the translation file
    cell: str  # the cell id
    kind: str  # "missing", "stale", "orphaned" or "unreadable"
    todo: str  # what to do about it

    def __str__(self) -> str:
        return f"{self.path}: cell {self.cell!r} {self.todo}"


class TranslationError(ValueError):
    """A translation file that cannot be read as the format above."""


def load(path: Path) -> dict[str, Entry]:
    """The entries of a translation file, by cell id."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise TranslationError(f"{path}: cannot be read as TOML: {err}") from err
    entries = {}
    for cell_id, table in raw.get("cells", {}).items():
        if not (isinstance(table, dict) and isinstance(table.get("en"), str) and isinstance(table.get("zh"), str)):
            raise TranslationError(f"{path}: cell {cell_id!r} needs two strings, en (the English text's fingerprint) "
                                   "and zh (the translation)")
        # A TOML multi-line string keeps the line break before its closing quotes; the English cells end without one.
        entries[cell_id] = Entry(table["en"], table["zh"].rstrip("\n"))
    return entries


def problems(notebook: Path, path: Path) -> list[Problem]:
    """Everything that keeps `path` from being a complete, current translation of `notebook`."""
    try:
        entries = load(path)
    except TranslationError as err:
        return [Problem(path, "*", "unreadable", f"(the whole file): {str(err).split(': ', 1)[1]}")]
    nb = nbformat.read(notebook, as_version=4)
    found, wanted = [], set()
    for cell in nb.cells:
        if not translatable(cell):
            continue
        wanted.add(cell.id)
        entry, now = entries.get(cell.id), fingerprint(cell.source)
        if entry is None:
            found.append(Problem(path, cell.id, "missing", f'has no translation: add a [cells."{cell.id}"] table '
                                 f'with its Chinese text as zh and en = "{now}"'))
        elif entry.en != now:
            found.append(Problem(path, cell.id, "stale", f'changed in English since it was translated (the file has '
                                 f'en = "{entry.en}", the English text is now "{now}"): bring its zh text up to '
                                 f'date with the English cell, then set en = "{now}"'))
    found += [Problem(path, cell_id, "orphaned", "is not a translatable cell of the notebook (deleted, renamed, or "
                      "graded): remove its table") for cell_id in entries if cell_id not in wanted]
    return found


def translated(nb, entries: dict[str, Entry]):
    """A copy of `nb` (the released English notebook) with its markdown in Chinese; every other cell as it is."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if translatable(cell) and cell.id in entries:
            cell.source = entries[cell.id].zh
    out.metadata["language"] = LANGUAGE  # what the hub's fetch and a person opening the file can tell it by
    return out


def released_name(notebook: str) -> str:
    """The Chinese notebook's name in release/<id>/, beside the English one: loss_derivation.zh-CN.ipynb.
    nbgrader grades only notebooks its gradebook knows, so this one is never graded under its own name; the
    fetch gives a Chinese-reading student this file under the English name (pipeline/exchange.py)."""
    return f"{Path(notebook).stem}.{LANGUAGE}.ipynb"


def main(argv: list[str] | None = None) -> int:
    """`python -m autograder.translation [ID...]`: the translations' problems, one a line; exit 1 if any."""
    from .course import Course

    course = Course.load()
    found = [problem for assignment_id in (argv if argv is not None else sys.argv[1:]) or course.catalogue.ids()
             for problem in course.translation_problems(assignment_id)]
    for problem in found:
        print(problem)
    print(f"{len(found)} translation problem(s)" if found else "every translation is complete and current")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
