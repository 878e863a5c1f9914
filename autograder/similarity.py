"""Pairs of students whose answers to one cell are unusually alike: a reason to look, never a verdict.

Each answer cell is read as a stream of Python tokens with what a copier changes cheaply taken out:
comments, blank lines and spacing go; every name a student chooses becomes `V` (names of Python's
builtins and attributes such as `np.dot` or `.T` stay: they are the method, not the disguise); every
number becomes `0` and every string `S`. Two answers are compared by their runs of K tokens
(k-grams, as in MOSS's fingerprinting), after removing the runs that prove nothing:

* runs of the released stub and of the reference solution: the code students were given, and the
  textbook answer that independent students converge on;
* runs common in the class (in more than COMMON_SHARE of the answers, and in more than three): the
  short exercises whose every right answer looks alike would otherwise flood the report.

What is left is each answer's *distinctive* code. A pair is reported when they share at least
`min_shared` distinctive runs and those make up at least `threshold` of the smaller answer's
distinctive runs. The measured false-pair rate on independently written correct answers is in the
README. No library fitted (copydetect, the best kept, works on files, keeps numbers and hashes characters,
not Python tokens); the standard `tokenize` module does the Python-aware part exactly.

An answer is compared on its first MAX_LINES lines (and MAX_CHARS characters) only, so that a student who pads
an answer with 100,000 lines cannot make the report slow for the class; the report names such answers. A
class's result is kept in reports/.cache with what it was computed from (the graded notebooks' sizes and times,
the settings): a report written again after one student was graded reads that student's notebook again, and
compares again only that student's assignment.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import keyword
import tokenize
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from . import safetext
from .judge.integrity import grade_id_of, settings_of

K = 6
COMMON_SHARE = 0.1
COMMON_FLOOR = 3  # a copied pair and one classmate who wrote alike do not make a run common
THRESHOLD = 0.8
MIN_SHARED = 20
MAX_LINES, MAX_CHARS = safetext.SHOWN_LINES, safetext.SHOWN_CHARS
KEPT_NAMES = frozenset(dir(builtins)) | frozenset(keyword.kwlist) | {"np", "numpy", "math"}
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}


def tokens(source: str) -> list[tuple[str, int]]:
    """The normalised tokens of `source` (its `bounded` part), each with the line (1-based) it starts on."""
    found: list[tuple[str, int]] = []
    previous = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(bounded(source)[0]).readline):
            if token.type in _SKIPPED:
                continue
            if token.type == tokenize.NAME:
                text = token.string if token.string in KEPT_NAMES or previous == "." else "V"
            elif token.type == tokenize.NUMBER:
                text = "0"
            elif token.type == tokenize.STRING:
                text = "S"
            elif token.type == tokenize.NEWLINE:
                text = ";"
            elif token.type == tokenize.INDENT:
                text = "{"
            elif token.type == tokenize.DEDENT:
                text = "}"
            else:
                text = token.string
            previous = token.string
            found.append((text, token.start[0]))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # an unfinished answer: what was read before the error still counts
    return found


def kgrams(stream: list[tuple[str, int]], k: int = K) -> dict[tuple[str, ...], set[int]]:
    """Every run of k tokens -> the lines it covers."""
    runs: dict[tuple[str, ...], set[int]] = {}
    for start in range(len(stream) - k + 1):
        window = stream[start:start + k]
        runs.setdefault(tuple(text for text, _ in window), set()).update(line for _, line in window)
    return runs


def _distinctive(runs: dict[str, dict], given: list[str]) -> dict[str, set]:
    ignored = set().union(*(kgrams(tokens(source)) for source in given)) if given else set()
    counts = Counter(run for found in runs.values() for run in found)
    common = max(COMMON_FLOOR, COMMON_SHARE * len(runs))
    ignored |= {run for run, count in counts.items() if count > common}
    return {student: set(found) - ignored for student, found in runs.items()}


def distinctive(answers: dict[str, str], given: list[str]) -> dict[str, set]:
    """Each answer's distinctive runs: not in `given`, not common in the class."""
    return _distinctive({student: kgrams(tokens(source)) for student, source in answers.items()}, given)


@dataclass
class Pair:
    cell: str
    students: tuple[str, str]
    similarity: float  # shared distinctive runs / the smaller answer's distinctive runs
    shared: int  # distinctive runs in common
    sources: tuple[str, str]
    lines: tuple[frozenset[int], frozenset[int]]  # the lines each answer shares with the other


def pairs(cell: str, answers: dict[str, str], given: list[str], threshold: float = THRESHOLD,
          min_shared: int = MIN_SHARED) -> list[Pair]:
    """The pairs of students whose answers to `cell` are unusually similar, the most similar first.

    answers: student -> the source of their answer cell; given: sources whose code proves nothing (the
    released stub, the reference solution)."""
    runs = {student: kgrams(tokens(source)) for student, source in answers.items()}
    distinctive = _distinctive(runs, given)
    found = []
    for first, second in combinations(sorted(answers), 2):
        a, b = distinctive[first], distinctive[second]
        if not a or not b:
            continue
        shared = a & b
        similarity = len(shared) / min(len(a), len(b))
        if len(shared) >= min_shared and similarity >= threshold:
            first_lines, second_lines = (frozenset[int]().union(*(runs[s][run] for run in shared))
                                         for s in (first, second))
            found.append(Pair(cell, (first, second), similarity, len(shared),
                              (answers[first], answers[second]), (first_lines, second_lines)))
    return sorted(found, key=lambda p: (-p.similarity, -p.shared, p.students))


# --- a graded class ------------------------------------------------------------------------------------

def bounded(source: str) -> tuple[str, int, bool]:
    """The part of an answer that is compared, how many lines the whole has, and whether some was left out."""
    return safetext.cut(source, MAX_LINES, MAX_CHARS)


def answer_cells(path: Path) -> dict[str, str]:
    """A notebook's code answer cells: grade id -> source. (Read as JSON: nbformat's validation of a graded
    notebook costs more than the comparison.)"""
    found = {}
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        grade_id, source = grade_id_of(cell), cell.get("source", "")
        if cell.get("cell_type") == "code" and grade_id and settings_of(cell).get("solution"):
            found[grade_id] = source if isinstance(source, str) else "".join(source)
    return found


@dataclass
class ClassSimilarity:
    pairs: list[Pair]
    compared: int  # pairs of students compared, over every answer cell
    cut: list[tuple[str, str, int]] = field(default_factory=list)  # (student, cell, lines) of answers too long

    def to_json(self) -> dict:
        return asdict(self) | {"pairs": [asdict(p) | {"lines": [sorted(lines) for lines in p.lines]}
                                         for p in self.pairs]}

    @classmethod
    def from_json(cls, data: dict) -> ClassSimilarity:
        pairs = [Pair(p["cell"], (p["students"][0], p["students"][1]), p["similarity"], p["shared"],
                      (p["sources"][0], p["sources"][1]), (frozenset(p["lines"][0]), frozenset(p["lines"][1])))
                 for p in data["pairs"]]
        return cls(pairs, data["compared"], [tuple(cut) for cut in data["cut"]])


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_mtime_ns, info.st_size]


def _cache(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and data.get("version") == CACHE_VERSION else {}
    except (OSError, ValueError):
        return {}


CACHE_VERSION = 1


def class_pairs(course, assignment_id: str, threshold: float = THRESHOLD,
                min_shared: int = MIN_SHARED) -> ClassSimilarity:
    """The similar pairs of an assignment's graded class, every answer cell, and how many pairs were compared.

    Answers are read from the graded notebooks (autograded/), where nbgrader's structure has been put back,
    so a cell is the same cell for every student."""
    assignment = course.assignment(assignment_id)
    given_paths = (course.release_notebook(assignment_id), course.source_notebook(assignment_id))
    cache_path = course.root / "reports" / ".cache" / f"similarity-{assignment_id}.json"
    cache = _cache(cache_path)
    kept: dict[str, Any] = cache.get("answers", {})
    answers: dict[str, Any] = {}
    for student in course.students(assignment_id):
        graded = course.autograded_dir(student, assignment_id) / assignment.notebook
        if not course.outcome(student, assignment_id).gradable or not graded.is_file():
            continue
        stamp = _stamp(graded)
        known = kept.get(student)
        answers[student] = known if known and known["stamp"] == stamp else {
            "stamp": stamp, "cells": {cell: bounded(source) for cell, source in answer_cells(graded).items()}}
    key = hashlib.sha256(json.dumps([threshold, min_shared, K, MAX_LINES, MAX_CHARS, [_stamp(p) for p in given_paths],
                                     sorted((s, a["stamp"]) for s, a in answers.items())]).encode()).hexdigest()
    if cache.get("key") == key:
        return ClassSimilarity.from_json(cache["result"])
    stub, reference = (answer_cells(path) for path in given_paths)
    by_cell: dict[str, dict[str, str]] = {cell: {} for cell in stub}
    cut = []
    for student, answer in sorted(answers.items()):
        for cell, (source, lines, left_out) in answer["cells"].items():
            if cell in by_cell:
                by_cell[cell][student] = source
                if left_out:
                    cut.append((student, cell, lines))
    found, compared = [], 0
    for cell, sources in by_cell.items():
        compared += len(sources) * (len(sources) - 1) // 2
        found += pairs(cell, sources, [stub[cell], reference.get(cell, "")], threshold, min_shared)
    result = ClassSimilarity(found, compared, cut)
    safetext.write_text(cache_path, json.dumps({"version": CACHE_VERSION, "key": key, "answers": answers,
                                                "result": result.to_json()}))
    return result
