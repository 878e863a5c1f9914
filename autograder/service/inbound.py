"""The exchange's inbound folder, as the grading service reads it: every entry is hostile data.

`Inbound.scan` lists the folder only when it changed (its mtime), and looks only at names it has not seen: a
poll costs the same with 20 or 20,000 old entries. Each new name is `admit`ted or refused, for a reason that goes
to the log (names are shown escaped by safetext: a name may hold terminal escapes, bidi controls or bytes that are
not UTF-8):

* a name that is not UTF-8, or not `student+assignment+time+random` as the course's intake makes it, or whose
  student is not a name the intake takes (`..`, `*`, a slash, control characters): ignored, with a line in the log;
* an entry that is not a plain folder (a link, a file, a pipe): ignored, with a line in the log;
* a folder still being written (no submission_secret.txt yet; only where `admit` lets in entries that the intake,
  which renames a complete entry into place, did not write): looked at again on the next polls, and ignored if it
  stays so (`SETTLE_SECONDS`);
* a folder without the assignment's notebook as a plain file of a sane size (renamed, a link, a pipe, too large):
  refused, and the student's page says what to fix.

`Inbound._look` is the one place that decides whether an entry is a submission to grade; `admit`, given by the
service, may refuse an entry there too (a reason, or None). The service's is `received`: the authenticated
exchange's receipt check (intake.examine), so that an entry the course's intake did not write, or that changed
since, is ignored, with the reason in the log.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from nbgrader.utils import parse_utc

from .. import i18n, safetext
from ..judge.integrity import read_small
from ..pipeline import intake

log = logging.getLogger("autograder.serve")
SETTLE_SECONDS = 60
# Look at the whole folder now and then even when its mtime says nothing changed (a file system whose
# timestamps are coarse, or cached, as on some network file systems).
FULL_SCAN_SECONDS = 30
UNSETTLED_EVERY_SECONDS = 1.0  # how often entries still being written are looked at again
SECRET_FILE = intake.SECRET


@dataclass(frozen=True)
class Submission:
    """One submission in the exchange, by the name nbgrader's submit gave it: student+assignment+time+random."""

    name: str
    student: str
    assignment: str

    @classmethod
    def parse(cls, name: str) -> Submission | None:
        parts = name.rsplit("+", 3)
        if len(parts) != 4 or not parts[0] or "/" in name:
            return None
        try:
            parse_utc(parts[2])
        except (ValueError, OverflowError, TypeError):
            return None
        return cls(name, parts[0], parts[1])


def received(course):
    """The service's `admit`: why an inbound entry was not received by the course's intake as it is, or None."""

    def problem(folder: Path) -> str | None:
        try:
            intake.examine(folder, course)
        except intake.Unverified as why:
            return f"not received by the course's intake: {why}"
        return None

    return problem


@dataclass(frozen=True)
class Found:
    """A new inbound entry: a submission to queue, or one to refuse with a reason (page: the student is told)."""

    entry: Submission
    folder: Path
    refused: str | None = None


@dataclass(frozen=True)
class Refusal:
    """Why a submission cannot be graded: a message of the catalogue (`service.<key>`), said so that the student
    knows what to fix."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, language: str = i18n.DEFAULT) -> str:
        return i18n.text(f"service.{self.key}", language, **dict(self.values))


def _kind(mode: int) -> str:
    return ("a symbolic link" if stat.S_ISLNK(mode) else "a pipe" if stat.S_ISFIFO(mode)
            else "a folder" if stat.S_ISDIR(mode) else "a device or socket" if not stat.S_ISREG(mode) else "a file")


def contents_problem(folder: Path, notebook: str, max_mb: int) -> Refusal | None:
    """Why the submission in `folder` cannot be graded, or None."""
    try:
        info = os.lstat(folder / notebook)
    except FileNotFoundError:
        try:
            present = sorted(os.listdir(folder))
        except OSError:
            present = []
        notebooks = [safetext.identifier(name) for name in present if name.endswith(".ipynb")]
        if notebooks:
            return Refusal("renamed_notebook", (("notebook", notebook), ("names", ", ".join(notebooks[:5]))))
        return Refusal("no_notebook", (("notebook", notebook),))
    if not stat.S_ISREG(info.st_mode):
        return Refusal("not_a_file", (("notebook", notebook), ("kind", _kind(info.st_mode))))
    if info.st_size > max_mb << 20:
        return Refusal("too_large", (("notebook", notebook), ("mb", info.st_size / (1 << 20)), ("limit", max_mb)))
    return None


class Inbound:
    """New entries of the inbound folder, each reported once."""

    def __init__(self, folder: Path, known: set[str], admit=None):
        self.folder, self.admit = folder, admit
        self.known: set[bytes] = {os.fsencode(name) for name in known}
        self.unsettled: dict[bytes, float] = {}  # entries nbgrader's submit may still be writing: first seen
        self.mtime: int | None = None
        self.listed_at = self.unsettled_at = float("-inf")

    def _listing(self, now: float) -> list[bytes] | None:
        try:
            mtime = os.stat(self.folder).st_mtime_ns
        except OSError:
            return None  # no inbound folder yet: nothing was submitted
        # An mtime in the last seconds may hide a change made within the same clock tick: list again.
        recent = mtime / 1e9 > now - 2
        if mtime == self.mtime and not recent and now - self.listed_at < FULL_SCAN_SECONDS:
            return None
        self.mtime, self.listed_at = mtime, now
        return os.listdir(os.fsencode(self.folder))

    def scan(self, now: float) -> list[Found]:
        """Entries seen for the first time, and settled ones that were not yet."""
        listing = self._listing(now)
        fresh = ([] if listing is None
                 else [raw for raw in listing if raw not in self.known and raw not in self.unsettled])
        again = []
        if self.unsettled and now - self.unsettled_at >= UNSETTLED_EVERY_SECONDS:
            again, self.unsettled_at = list(self.unsettled), now
        candidates = [*again, *fresh]
        found = []
        for raw in candidates:
            outcome = self._look(raw, now)
            if outcome is not None:
                found.append(outcome)
        return found

    def forget(self, raw_names: set[bytes]) -> None:
        """Names to look at again at the next listing of the folder (the service could not record them: the disk
        was full); `list_again` has the next scan list it."""
        self.known -= raw_names

    def list_again(self) -> None:
        """The next scan lists the folder, whatever its time stamp says (entries forgotten are then found)."""
        self.listed_at = float("-inf")

    def _look(self, raw: bytes, now: float) -> Found | None:
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._ignore(raw, "its name is not UTF-8")
            return None
        if name.startswith(intake.INCOMING):
            return None  # the intake writing an entry, renamed into place once complete
        entry = Submission.parse(name)
        if entry is None:
            self._ignore(raw, "its name is not student+assignment+time+random, as the course's intake names it")
            return None
        if not intake.valid_student(entry.student):
            self._ignore(raw, "the student's name is not one the course's intake takes (a path, a pattern, "
                              "spaces or control characters)")
            return None
        folder = self.folder / name
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            self.unsettled.pop(raw, None)
            return None  # gone again
        if not stat.S_ISDIR(mode):
            self._ignore(raw, f"it is {_kind(mode)}, not a folder")
            return None
        # First, whether the entry may be taken at all (its receipt): a received entry is complete when it appears.
        reason = self.admit(folder) if self.admit else None
        if reason:
            self._ignore(raw, reason)
            return None
        secret = read_small(folder / SECRET_FILE, 1000)
        if not secret:
            first = self.unsettled.setdefault(raw, now)
            if now - first < SETTLE_SECONDS:
                return None  # nbgrader's submit writes the secret last: look again on the next poll
            self.unsettled.pop(raw)
            self._ignore(raw, f"it has had no readable {SECRET_FILE} for {SETTLE_SECONDS} s: nbgrader's "
                              "submit did not make it")
            return None
        self.unsettled.pop(raw, None)
        self.known.add(raw)
        return Found(entry, folder)

    def _ignore(self, raw: bytes, reason: str) -> None:
        self.known.add(raw)
        self.unsettled.pop(raw, None)
        log.warning("inbound entry %s ignored: %s", safetext.terminal(os.fsdecode(raw)), reason)
        return None
