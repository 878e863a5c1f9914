"""The course's steps in nbgrader's exchange: SafeCollect, SafeRelease, LanguageFetch and the students' steps.

Submissions enter the exchange's inbound folder only through the course's grading service (intake.receive),
which writes each entry as the grader's own account with a receipt; students cannot write there at all.

SafeCollect is nbgrader's collect step (`c.ExchangeFactory.collect`, and the formgrader's Collect). It takes an
entry only when its receipt is valid (intake.examine): anything else in inbound — a folder planted by someone who
could write there, a forged or copied receipt, a timestamp ahead of the clock — is refused with one line in the
log naming it, and never hides a real submission of the same student. The student's name comes from the receipt,
so nothing lands outside submitted/<student>/. nbgrader's own collect copies with shutil.copytree, which follows
symbolic links; this one copies only plain files and folders (links, pipes and devices are left out, by name, in
the log) and drops a timestamp.txt that is not a date (the submission is kept, without a time). nbgrader's check
that an entry's owner is its student is off: the grader owns every entry, and the receipt says whose it is.

SafeRelease is nbgrader's release step (`c.ExchangeFactory.release_assignment`): nbgrader's creates inbound
writable by every account (0733); this one makes it the grader's alone (0700).

LanguageFetch is nbgrader's fetch step (`c.ExchangeFactory.fetch_assignment`) for a course released in two
languages: release/<id>/ holds `<notebook>.ipynb` (English) and `<notebook>.zh-CN.ipynb`, and the student keeps
the one in their language under the English name. So each student has one notebook, with the grade ids, points
and checksums nbgrader knows: one assignment in the Assignment List, one gradebook, no doubled points.

The students' steps (fetch, list, fetch feedback, and submit in submit.py) need only to read the exchange, which
on Kubernetes students' pods mount read-only: nbgrader's own steps insist that it be writable.
"""

from __future__ import annotations

import datetime
import os
import shutil
import stat
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment
from nbgrader.exchange.default.fetch_feedback import ExchangeFetchFeedback
from nbgrader.exchange.default.list import ExchangeList
from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment
from nbgrader.utils import check_directory, ignore_patterns, parse_utc
from traitlets import default

from .. import i18n, translation
from . import intake

SKIP = "\0skip"  # the user name of an inbound entry that is not a submission


def _special(path: str) -> bool:
    mode = os.lstat(path).st_mode
    return stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class SafeCollect(ExchangeCollect):
    src_records: list[dict]  # nbgrader's: the submissions found to collect

    @default("check_owner")
    def _owner_is_the_grader(self):
        return False

    def _path_to_record(self, path):
        from ..course import Course

        try:
            receipt = intake.examine(Path(path), Course.load(Path(self.coursedir.root)))
            if not intake.valid_student(receipt.student):
                raise intake.Unverified("its student's name cannot name a folder")
        except intake.Unverified as why:  # refused, by name; the rest of the collect goes on
            self.log.warning("Refused %s: %s", intake.shown(os.path.basename(path)), why)
            return {"username": f"{SKIP}{path}", "filename": "", "timestamp": datetime.datetime.min}
        return {"username": receipt.student, "filename": receipt.entry, "timestamp": parse_utc(receipt.timestamp)}

    def init_src(self):
        super().init_src()
        self.src_records = [r for r in self.src_records if not r["username"].startswith(SKIP)]

    def do_copy(self, src, dest, log=None):
        if os.path.islink(src) or not os.path.isdir(src):
            self.log.warning("Skipping %s: a submission must be a folder, not a link or a file", src)
            self._forget(dest)
            return
        size = self.get_size(src)  # nbgrader's own limit on a submission's size
        if size > 1000 * self.coursedir.max_dir_size:
            self.log.error("Skipping %s: it is %d bytes, more than the %d kB allowed", src, size,
                           self.coursedir.max_dir_size)
            self._forget(dest)
            return
        nbgrader_rules = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                         max_file_size=self.coursedir.max_file_size, log=self.log)

        def ignore(folder, names):
            ours = [intake.RECEIPT] if folder == src else []  # the course's own record stays in the exchange
            special = [name for name in names if _special(os.path.join(folder, name))]
            for name in special:
                self.log.warning("Left out %s: links, pipes and devices are not collected", os.path.join(folder, name))
            plain = [name for name in names if name not in special]
            return set(ours) | set(special) | set(nbgrader_rules(folder, plain))

        shutil.copytree(src, dest, ignore=ignore, symlinks=True)
        timestamp = Path(dest) / "timestamp.txt"
        if timestamp.is_file():
            try:
                parse_utc(timestamp.read_text(encoding="utf-8", errors="replace").strip())
            except (ValueError, OverflowError, TypeError):
                self.log.warning("%s is not a date: the submission is kept, without a timestamp", timestamp)
                timestamp.unlink()

    @staticmethod
    def _forget(dest) -> None:
        """The student's folder that nbgrader made for a submission that was not collected, if it is empty."""
        try:
            os.rmdir(os.path.dirname(dest))
        except OSError:
            pass


class SafeRelease(ExchangeReleaseAssignment):

    def init_dest(self):
        super().init_dest()
        if intake.close_inbound(Path(self.inbound_path)):
            self.log.info("%s is the grader's alone now (mode 0700): submissions come through the course's grading "
                          "service", self.inbound_path)


class ReadOnlyRoot:
    """A student's step that only reads the exchange, which may be mounted read-only."""

    if TYPE_CHECKING:  # given by nbgrader's Exchange, which comes after this mixin
        root: str

        def fail(self, msg: str) -> NoReturn: ...

    def ensure_root(self):
        if not check_directory(self.root, read=True, execute=True):
            self.fail(i18n.text("submit.exchange_unreadable", root=self.root))


class StudentList(ReadOnlyRoot, ExchangeList):
    pass


class StudentFetchFeedback(ReadOnlyRoot, ExchangeFetchFeedback):
    pass


def keep_language(folder: Path, language: str, fresh: set[str]) -> None:
    """In a fetched assignment `folder`, the notebooks of `language` under the names nbgrader grades; the other
    languages' copies removed. Only notebooks fetched just now (`fresh`) are replaced: never a student's work."""
    for copy in folder.glob(f"*.{translation.LANGUAGE}.ipynb"):
        english = copy.with_name(copy.name.replace(f".{translation.LANGUAGE}.ipynb", ".ipynb"))
        if language == translation.LANGUAGE and english.name in fresh:
            os.replace(copy, english)
        else:
            copy.unlink()


class LanguageFetch(ReadOnlyRoot, ExchangeFetchAssignment):
    """Fetch in the student's language: the kernel's and server's language (i18n.current(): the hub sets
    AUTOGRADER_LANGUAGE for each student from the course roster)."""

    def copy_files(self):
        dest = Path(self.dest_path)
        before = {p.name for p in dest.iterdir()} if dest.is_dir() else set()
        super().copy_files()
        keep_language(dest, i18n.current(), {p.name for p in dest.iterdir()} - before)
