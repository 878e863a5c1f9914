"""What a submitted file is, and what the student changed in the notebook's structure.

`load` turns the submitted file into a notebook or says why it is not one. `repair` compares the
notebook's nbgrader cells with the released ones and puts the structure back in order *before*
nbgrader's own sanitizing preprocessors run (those restore locked sources from the gradebook, but
crash or lose work on some structural damage). Each finding is a (status, message) pair:

* `tampered`: the student changed what they may not — a locked or test cell, its points or its
  settings, a deleted test cell, a graded cell of their own. The originals are used.
* `repaired`: honest damage to the answer cells — a duplicated answer cell, an answer pasted into a new
  cell or given another id, an answer cell deleted. The student's code is found and graded where it can
  be; where it cannot, the blank original is put back and its checks fail.

Messages are said with the keys of `integrity.*` in the catalogues, for the student to read in their language.
"""

from __future__ import annotations

import copy
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..i18n import Message, say
from ..protocol import scrub_tree

Finding = tuple[str, Message]
# Far above any notebook of this course with its outputs; a larger file is not read into memory at all.
MAX_NOTEBOOK_MB = 100
# A notebook of this course has about fifty cells; a million empty ones would only stall the grader.
MAX_CELLS = 2000


class NotANotebook(ValueError):
    """The submitted file cannot be read as a notebook; the message says why, for the student."""

    def __init__(self, key: str, **values):
        self.message = say(key, **values)
        super().__init__(self.message.render("en"))


def as_data(findings: list[Finding]) -> list[list]:
    """Findings as JSON data, to travel in a notebook's metadata from one pass of nbgrader to the next."""
    return [[status, message.to_data()] for status, message in findings]


def from_data(data) -> list[Finding]:
    return [(str(status), Message.from_data(message)) for status, message in data]


def settings_of(cell) -> dict:
    """The cell's nbgrader settings; {} where there are none or they are not a mapping (a student may have
    written anything there)."""
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def grade_id_of(cell) -> str | None:
    """The cell's grade id, if it has one that is a string."""
    grade_id = settings_of(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) else None


def read_small(path: Path, limit: int) -> str | None:
    """The text of a small regular file, or None if it is missing, a link, a pipe, not text or too long."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def special_files(folder: Path) -> list[Path]:
    """Entries under `folder` that are not plain files or folders: links, pipes, sockets, devices."""
    found = []
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(parent, name)
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append(path)
    return found


def load(path: Path) -> tuple[nbformat.NotebookNode, list[Finding]]:
    """The notebook in `path`, as nbformat 4, and what had to be done to read it."""
    if path.is_symlink() or path.parent.is_symlink():
        raise NotANotebook("integrity.link", name=path.name)
    # O_NOFOLLOW: the check above and the read below see the same file, even if it is swapped between them;
    # O_NONBLOCK: a named pipe does not stall the grader.
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        raise NotANotebook("integrity.cannot_open", error=err.strerror) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotANotebook("integrity.folder" if stat.S_ISDIR(info.st_mode) else "integrity.not_a_file",
                           name=path.name)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_NOTEBOOK_MB << 20:
            raise NotANotebook("integrity.too_large", mb=info.st_size / (1 << 20), limit=MAX_NOTEBOOK_MB)
        data = handle.read()
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise NotANotebook("integrity.not_json", error=type(err).__name__) from None
    if not isinstance(raw, dict):
        raise NotANotebook("integrity.json_kind", kind=type(raw).__name__)
    version = raw.get("nbformat")
    if version not in (3, 4) or type(version) is not int:
        raise NotANotebook("integrity.nbformat", version=str(version)[:20])
    cells = raw.get("cells") if version == 4 else [c for w in raw.get("worksheets") or [] if isinstance(w, dict)
                                                  for c in (w.get("cells") or [])]
    if isinstance(cells, list) and len(cells) > MAX_CELLS:
        raise NotANotebook("integrity.too_many_cells", count=len(cells), limit=MAX_CELLS)
    try:
        # Read back from the scrubbed JSON: nbformat joins multi-line sources and converts nbformat 3.
        nb = nbformat.reads(json.dumps(scrub_tree(raw)), as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # every way a JSON document can fail to be a notebook
        first_line = str(err).splitlines()[0][:200] if str(err) else ""
        raise NotANotebook("integrity.invalid", error=type(err).__name__, detail=first_line) from None
    if not any(cell.get("cell_type") == "code" for cell in nb.cells):
        raise NotANotebook("integrity.no_code")
    findings = []
    if version == 3:
        findings.append(("repaired", say("integrity.nbformat_3")))
    return nb, findings


@dataclass(frozen=True)
class Released:
    """One nbgrader cell as the students received it."""

    source: str
    cell_type: str
    meta: dict  # its nbgrader metadata
    # Its text in the other languages' notebooks (comments and stubs translated, the code the same): a student who
    # reads one of those submits that text, which counts as this one.
    translations: tuple[str, ...] = ()

    def unchanged(self, source: str) -> bool:
        return source == self.source or source in self.translations

    @property
    def solution(self) -> bool:
        return bool(self.meta.get("solution"))

    @property
    def locked(self) -> bool:
        return bool(self.meta.get("locked") or self.meta.get("grade")) and not self.solution

    @property
    def function(self) -> str | None:
        """The first function an answer cell's stub defines: how a lost answer is recognised."""
        found = DEF.search(self.source) if self.cell_type == "code" else None
        return found.group(1) if found else None


DEF = re.compile(r"^def\s+([A-Za-z_]\w*)\s*\(", re.MULTILINE)
COMPARED = ("grade", "solution", "locked", "points", "task")  # checksum and schema are nbgrader's own


def _setting(meta: dict, key: str):
    """A setting as it counts: absent flags are False, points are numbers (2 and 2.0 are the same)."""
    value = meta.get(key)
    if key == "points":
        try:
            return float(value or 0)
        except (TypeError, ValueError):
            return value
    return bool(value)


def released_cells(release_nb, translated_nb=None) -> dict[str, Released]:
    """The released notebook's nbgrader cells by grade id; `translated_nb`: the same notebook in another language."""
    other = {grade_id: cell.source for cell in (translated_nb.cells if translated_nb else ())
             if (grade_id := grade_id_of(cell))}
    return {grade_id: Released(cell.source, cell.cell_type, dict(cell.metadata["nbgrader"]),
                               tuple({other.get(grade_id, cell.source)} - {cell.source}))
            for cell in release_nb.cells if (grade_id := grade_id_of(cell))}


def repair(nb, released: dict[str, Released]) -> list[Finding]:
    """Put the nbgrader structure of `nb` back in order, in place; say what was found."""
    findings: list[Finding] = []
    _keep_last_copies(nb, released, findings)
    _adopt_lost_answers(nb, released, findings)
    _forget_unknown_cells(nb, released, findings)
    _restore_settings(nb, released, findings)
    return findings


def _keep_last_copies(nb, released, findings) -> None:
    """A grade id that appears more than once: the last copy keeps it (as nbgrader's DeduplicateIds
    does, but without leaving the half-empty metadata that its later steps trip over)."""
    cells_of: dict[str, list] = {}
    for cell in nb.cells:
        if (grade_id := grade_id_of(cell)) is not None and grade_id in released:
            cells_of.setdefault(grade_id, []).append(cell)
    for grade_id, cells in cells_of.items():
        if len(cells) == 1:
            continue
        for cell in cells[:-1]:
            del cell.metadata["nbgrader"]
        if released[grade_id].solution:
            findings.append(("repaired", say("integrity.answer_twice", cell=grade_id, count=len(cells))))
        else:
            findings.append(("tampered", say("integrity.cell_twice", cell=grade_id, count=len(cells))))


def _adopt_lost_answers(nb, released, findings) -> None:
    """An answer cell that lost its id: the student's cell that defines the same function takes it back."""
    present = {grade_id_of(cell) for cell in nb.cells}
    for grade_id, original in released.items():
        if grade_id in present or not original.solution or not original.function:
            continue
        name = original.function
        defines = [i for i, cell in enumerate(nb.cells)
                   if cell.cell_type == "code" and name in {m.group(1) for m in DEF.finditer(cell.source)}]
        unclaimed = [i for i in defines if grade_id_of(nb.cells[i]) not in released]
        if unclaimed:
            # The last definition is the one the notebook ends up using.
            nb.cells[unclaimed[-1]].metadata["nbgrader"] = copy.deepcopy(original.meta)
            findings.append(("repaired", say("integrity.lost_id", cell=grade_id, function=name)))
        elif defines:
            # Defined inside another answer cell: an empty answer cell stands in, so that nbgrader does not
            # put the blank original back after it (which would replace the student's function).
            stand_in = nbformat.v4.new_code_cell("")
            stand_in.metadata["nbgrader"] = copy.deepcopy(original.meta)
            nb.cells.insert(defines[-1] + 1, stand_in)
            findings.append(("repaired", say("integrity.answer_elsewhere", cell=grade_id, function=name)))
        else:
            findings.append(("repaired", say("integrity.answer_deleted", cell=grade_id)))


def _forget_unknown_cells(nb, released, findings) -> None:
    """nbgrader metadata whose grade id is not of this assignment: the cell runs as an ordinary cell."""
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None or grade_id_of(cell) in released:
            continue
        del cell.metadata["nbgrader"]
        raw = meta.get("grade_id") if isinstance(meta, dict) else None
        name = say("integrity.no_id") if raw is None else str(raw)
        if isinstance(meta, dict) and meta.get("grade"):
            findings.append(("tampered", say("integrity.foreign_graded", cell=name)))
        else:
            findings.append(("repaired", say("integrity.foreign_cell", cell=name)))


def _restore_settings(nb, released, findings) -> None:
    """Every nbgrader cell gets its released settings back; changes to locked cells are reported
    (nbgrader's OverwriteCells then restores their sources, with the hidden tests, from the gradebook)."""
    present = {grade_id_of(cell): cell for cell in nb.cells if grade_id_of(cell)}
    for grade_id, original in released.items():
        cell = present.get(grade_id)
        if cell is None:
            if not original.solution:
                findings.append(("tampered", say("integrity.cell_missing", cell=grade_id)))
            continue
        meta = cell.metadata["nbgrader"]
        changed = [key for key in COMPARED if _setting(meta, key) != _setting(original.meta, key)]
        if "points" in changed:
            findings.append(("tampered", say("integrity.points_changed", cell=grade_id)))
        elif changed:
            findings.append(("tampered", say("integrity.settings_changed", cell=grade_id, settings=", ".join(changed))))
        if original.locked and (not original.unchanged(cell.source) or cell.cell_type != original.cell_type):
            findings.append(("tampered", say("integrity.locked_changed", cell=grade_id)))
        elif cell.source in original.translations:
            # The released cell as another language has it: graded as the one text nbgrader knows, so that the same
            # answer gets the same grade (an answer left as its stub scores 0 in every language).
            cell.source = original.source
        cell.metadata["nbgrader"] = copy.deepcopy(original.meta)
