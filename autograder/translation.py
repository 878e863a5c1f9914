"""The Chinese text of an assignment, kept beside its English source, and the Chinese notebook made from it.

The English instructor notebook is the one source of every assignment. `source/<id>/zh-CN.toml` holds, for each
markdown cell without nbgrader metadata, its Chinese text and the fingerprint of the English text it translates:

    [cells."markdown-1"]          # the cell's nbformat id
    en = "0123456789ab"           # fingerprint(): sha256 of the English source, first 12 hex digits
    zh = '''...'''

Code cells keep their code: what a reader reads in them — comments, docstrings, printed text — is translated
fragment by fragment, and the code itself stays identical (the same tokens; in f-strings the same fields):

    [code."sgd-imports-setup"]    # the code cell's nbformat id
    replace = [                   # each English fragment of the cell, and its Chinese
      ["# From assignment 1, ready to use:", "# 作业 1 中的函数，可以直接使用："],
    ]

Graded and locked markdown is never translated, and a code cell's grade id, points and code are the English
notebook's: one gradebook holds both languages, and grading needs no language. A locked code cell whose comments
are translated gets the checksum of its Chinese text (nbgrader's Validate checks it in the student's server);
the grader takes either text as the released cell (judge.integrity) and grades the English one.

A translation whose English cell changed since (stale), a cell without a translation (missing), an entry for a
cell the notebook no longer has (orphaned), a code fragment the cell no longer holds, a translation that changes
code, or English left in a code cell's comments or printed text (once the file has a [code] table: until then
the notebook's code is the English one, nbgrader's stubs aside) is a `Problem`; `autograder release` refuses an
assignment that has any, and CI runs `problems()`.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import io
import re
import string
import sys
import tokenize
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.utils import compute_checksum, is_locked

from . import catalogue

LANGUAGE = "zh-CN"
FILE = f"{LANGUAGE}.toml"  # in source/<id>/; never released (nbgrader_config.py ignores it)
# nbgrader's stubs (nbgrader_config.py: ClearSolutions.code_stub and text_stub) as a Chinese student reads them.
STUBS = (("# YOUR CODE HERE", "# 在这里写你的代码"), ("YOUR ANSWER HERE", "在这里写你的答案"))


def fingerprint(english: str) -> str:
    """What a translation records of the English text it was written from."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]


def translatable(cell) -> bool:
    """Markdown a student reads and nobody grades: the only cells that have a translation."""
    return cell.cell_type == "markdown" and not cell.get("metadata", {}).get("nbgrader")


@dataclass(frozen=True)
class Translated:
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


def _raw(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise TranslationError(f"{path}: cannot be read as TOML: {err}") from err


Pairs = tuple[tuple[str, str], ...]  # (English fragment, its Chinese) in one code cell


def load_code(path: Path) -> dict[str, Pairs]:
    """The code cells' translations of a translation file, by cell id."""
    found = {}
    for cell_id, table in _raw(path).get("code", {}).items():
        pairs = table.get("replace") if isinstance(table, dict) else None
        if not (isinstance(pairs, list) and all(isinstance(pair, list) and len(pair) == 2
                                                 and all(isinstance(text, str) and text for text in pair)
                                                 for pair in pairs)):
            raise TranslationError(f"{path}: code cell {cell_id!r} needs replace = [[English, Chinese], ...], each a "
                                   "pair of texts")
        found[cell_id] = tuple((english, chinese) for english, chinese in pairs)
    return found


def load(path: Path) -> dict[str, Translated]:
    """The entries of a translation file, by cell id."""
    raw = _raw(path)
    entries = {}
    for cell_id, table in raw.get("cells", {}).items():
        if not (isinstance(table, dict) and isinstance(table.get("en"), str) and isinstance(table.get("zh"), str)):
            raise TranslationError(f"{path}: cell {cell_id!r} needs two strings, en (the English text's fingerprint) "
                                   "and zh (the translation)")
        # A TOML multi-line string keeps the line break before its closing quotes; the English cells end without one.
        entries[cell_id] = Translated(table["en"], table["zh"].rstrip("\n"))
    return entries


def problems(notebook: Path, path: Path) -> list[Problem]:
    """Everything that keeps `path` from being a complete, current translation of `notebook`."""
    try:
        entries, code = load(path), load_code(path)
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
    return found + _code_problems(path, nb, code)


def _code_problems(path: Path, nb, code: dict[str, Pairs]) -> list[Problem]:
    # English left is looked for once the file translates code at all: a notebook whose code is not yet translated
    # (no [code] table) is released with its code cells as the English ones, which tests/test_translation.py lists.
    translating = bool(code)
    cells = {cell.id: cell for cell in nb.cells if cell.cell_type == "code"}
    found = [Problem(path, cell_id, "orphaned", "is not a code cell of the notebook (deleted or renamed): remove its "
                     "[code] table") for cell_id in code if cell_id not in cells]
    for cell_id, cell in cells.items():
        pairs = code.get(cell_id, ())
        for english, _ in pairs:
            if english not in cell.source:
                found.append(Problem(path, cell_id, "stale", f"no longer holds the English text {english!r}: "
                                     "translate what the cell says now, or remove the pair"))
        chinese = translated_code(cell.source, pairs)
        try:
            same = code_of(chinese) == code_of(cell.source)
        except (tokenize.TokenError, SyntaxError):
            same = chinese == cell.source  # not Python (a magic, a shell line): only its words may differ
        if not same:
            found.append(Problem(path, cell_id, "code", "is changed by its translation beyond comments and the "
                                 "text of strings: translate only what a reader reads, keep the code as it is"))
        left = english_in_code(_as_released(chinese)) if translating else []
        if left:
            found.append(Problem(path, cell_id, "missing", f"still says in English {left[0]!r}"
                                 + (f" (and {len(left) - 1} more)" if len(left) > 1 else "")
                                 + f': add it to replace = [...] in its [code."{cell_id}"] table'))
    return found


_SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$", re.M | re.S)


def _as_released(source: str) -> str:
    """What a student reads of a source cell: its solution replaced by nbgrader's stub (as translated)."""
    return _SOLUTION.sub(lambda found: f"{found.group(1)}{STUBS[0][1]}\n{found.group(1)}raise NotImplementedError()",
                         source)


def translated_code(source: str, pairs: Pairs) -> str:
    """A code cell's source with what a reader reads in Chinese (nbgrader's stubs included)."""
    for english, chinese in (*pairs, *STUBS):
        source = source.replace(english, chinese)
    return source


_FIELDS = string.Formatter()


def code_of(source: str) -> list[tuple]:
    """What a code cell does, without what it says: its tokens with comments left out and each string reduced to
    its kind (and, for an f-string, its fields). Two sources with the same code_of run the same code."""
    found: list[tuple] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL):
            continue
        if token.type == tokenize.STRING:
            prefix = re.split("['\"]", token.string, maxsplit=1)[0].lower()  # f, rb, ...: what comes before the quote
            fields = [(name, spec, conversion) for _, name, spec, conversion in _FIELDS.parse(_body(token.string))
                      if name is not None] if "f" in prefix else []
            found.append((tokenize.STRING, prefix, tuple(fields)))
        else:
            found.append((token.type, token.string))
    return found


def _body(literal: str) -> str:
    """The text between a string literal's quotes."""
    text = literal.lstrip("rRbBuUfF")
    quote = text[:3] if text[:3] in ('"""', "'''") else text[:1]
    return text[len(quote):-len(quote)]


# English prose: two words in a row (format fields, code spans and math are not words), in a comment or in a string
# that is neither Python (a check names its value with an expression: "update(params, grads, 0.05)") nor one of
# matplotlib's legend places.
_WORD = r"(?<![\w$`{])[A-Za-z][A-Za-z'-]*[A-Za-z](?![\w$`}])"
_PROSE = re.compile(rf"{_WORD}(?:[\s,;:()]+{_WORD})+")
_NOT_WORDS = re.compile(r"`[^`]*`|\$[^$]*\$|\{[^{}]*\}")
_SETTINGS = {f"{a} {b}" for a in ("upper", "lower", "center") for b in ("left", "right", "center")}


def _python(text: str) -> bool:
    try:
        ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return False
    return True


def english_in_code(source: str) -> list[str]:
    """The comments and strings of a code cell that still read as English."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    said = []
    for token in tokens:
        if token.type in (tokenize.COMMENT, tokenize.STRING):
            text = token.string if token.type == tokenize.COMMENT else _body(token.string)
            if token.type == tokenize.STRING and (text in _SETTINGS or _python(text)):
                continue
            if _PROSE.search(_NOT_WORDS.sub(" ", text)):
                said.append(token.string)
    return said


def translated(nb, entries: dict[str, Translated], code: dict[str, Pairs] | None = None):
    """A copy of `nb` (the released English notebook) with its markdown, the comments and printed text of its code,
    and nbgrader's stubs in Chinese; the code itself, the grade ids and the points as they are."""
    out = copy.deepcopy(nb)
    for cell in out.cells:
        if translatable(cell) and cell.id in entries:
            cell.source = entries[cell.id].zh
        elif cell.cell_type == "code" or cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            source = translated_code(cell.source, (code or {}).get(cell.id, ()))
            if source != cell.source:
                cell.source = source
                if is_locked(cell) and "checksum" in cell.metadata.get("nbgrader", {}):
                    # nbgrader's Validate checks a locked cell against its checksum: the Chinese text's own.
                    cell.metadata.nbgrader["checksum"] = compute_checksum(cell)
    out.metadata["language"] = LANGUAGE  # what the hub's fetch and a person opening the file can tell it by
    return out


def released_name(notebook: str) -> str:
    """The Chinese notebook's name in release/<id>/, beside the English one: loss_derivation.zh-CN.ipynb.
    nbgrader grades only notebooks its gradebook knows, so this one is never graded under its own name; the
    fetch gives a Chinese-reading student this file under the English name (pipeline/exchange.py)."""
    return f"{Path(notebook).stem}.{LANGUAGE}.ipynb"


def of_assignment(source: Path, notebook: str) -> list[Problem]:
    """What keeps the translation in an assignment's source folder from being released (none without one)."""
    path = source / FILE
    return problems(source / notebook, path) if path.is_file() else []


def main(argv: list[str] | None = None) -> int:
    """`python -m autograder.translation [ID...]`: the translations' problems, one a line; exit 1 if any."""
    course = catalogue.load(catalogue.find_course_root(None))
    found = [problem for assignment_id in (argv if argv is not None else sys.argv[1:]) or course.ids()
             for problem in of_assignment(course.root / "source" / assignment_id, course.get(assignment_id).notebook)]
    for problem in found:
        print(problem)
    print(f"{len(found)} translation problem(s)" if found else "every translation is complete and current")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
