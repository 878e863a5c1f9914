"""The course's steps in nbgrader's exchange: SafeCollect and LanguageFetch.

SafeCollect is nbgrader's collect step (`c.ExchangeFactory.collect`), without following links.

Students write into the exchange's inbound folder. nbgrader's own collect copies what it finds there
with shutil.copytree, which follows symbolic links: a "submission" that is a link to the instructor's
source folder would be copied into submitted/ with its solutions. This collect copies only plain files
and folders: a submission that is itself a link, or that is not named as nbgrader's submit names it, is
skipped with a warning; links, pipes and devices inside a submission are left out, by name, in the log;
a timestamp.txt that is not a date is dropped (the submission is kept, without a time).

LanguageFetch is nbgrader's fetch step (`c.ExchangeFactory.fetch_assignment`) for a course released in two
languages: release/<id>/ holds `<notebook>.ipynb` (English) and `<notebook>.zh-CN.ipynb`, and the student keeps
the one in their language under the English name. So each student has one notebook, with the grade ids, points
and checksums nbgrader knows: one assignment in the Assignment List, one gradebook, no doubled points.
"""

from __future__ import annotations

import datetime
import os
import shutil
import stat
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.fetch_assignment import ExchangeFetchAssignment
from nbgrader.utils import ignore_patterns, parse_utc

from .. import i18n, translation

SKIP = "\0skip"  # the user name of an inbound entry that is not a submission


def _special(path: str) -> bool:
    mode = os.lstat(path).st_mode
    return stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class SafeCollect(ExchangeCollect):

    def _path_to_record(self, path):
        try:
            return super()._path_to_record(path)
        except Exception:  # a name nbgrader's submit never makes: skipped, not the end of the whole collect
            self.log.warning("Skipping %s: not a submission's name (student+assignment+timestamp+random)", path)
            return {"username": f"{SKIP}{path}", "filename": "", "timestamp": datetime.datetime.min}

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
            special = [name for name in names if _special(os.path.join(folder, name))]
            for name in special:
                self.log.warning("Left out %s: links, pipes and devices are not collected", os.path.join(folder, name))
            plain = [name for name in names if name not in special]
            return set(special) | set(nbgrader_rules(folder, plain))

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


def keep_language(folder: Path, language: str, fresh: set[str]) -> None:
    """In a fetched assignment `folder`, the notebooks of `language` under the names nbgrader grades; the other
    languages' copies removed. Only notebooks fetched just now (`fresh`) are replaced: never a student's work."""
    for copy in folder.glob(f"*.{translation.LANGUAGE}.ipynb"):
        english = copy.with_name(copy.name.replace(f".{translation.LANGUAGE}.ipynb", ".ipynb"))
        if language == translation.LANGUAGE and english.name in fresh:
            os.replace(copy, english)
        else:
            copy.unlink()


class LanguageFetch(ExchangeFetchAssignment):
    """Fetch in the student's language: the kernel's and server's language (i18n.current(): the hub sets
    AUTOGRADER_LANGUAGE for each student from the course roster)."""

    def copy_files(self):
        dest = Path(self.dest_path)
        before = {p.name for p in dest.iterdir()} if dest.is_dir() else set()
        super().copy_files()
        keep_language(dest, i18n.current(), {p.name for p in dest.iterdir()} - before)
