"""The pages a student's Fetch Feedback brings from the grading service, one per submission.

nbgrader's fetch_feedback looks for `<exchange>/<course>/feedback/<hash>.html`, where the hash is made from the
submission's own secret (submission_secret.txt, written by submit) and the notebook's name. The service names
each submission's page when it first sees it, and every page of that submission goes there: "being graded", then
its feedback, or what happened instead ("replaced", "submit again after", "could not be graded: …"). A page is
written beside its place and renamed into it, so a student never fetches half a page.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from nbgrader.utils import notebook_hash

from .. import i18n, safetext
from ..catalogue import Assignment
from ..judge.status import Outcome
from ..ungraded import ungraded_page


def page_name(secret: str, notebook_id: str) -> str:
    """The file name nbgrader's release_feedback gives the page of the submission with this secret."""
    return f"{notebook_hash(secret=secret, notebook_id=notebook_id)}.html"


def message_page(assignment: Assignment, message: str, language: str) -> str:
    title, message = html.escape(assignment.title_in(language)), html.escape(safetext.readable(message))
    lang = "" if language == i18n.DEFAULT else f" lang='{language}'"
    return (f"<!DOCTYPE html><html{lang}><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width, initial-scale=1'><meta http-equiv='Content-Security-Policy' "
            "content=\"default-src 'none'; style-src "
            f"'unsafe-inline'\"><title>{title}</title><style>body{{font-family:system-ui,sans-serif;max-width:40em;"
            f"margin:2em auto;padding:0 1em}}</style></head><body><h1>{title}</h1><p>{message}</p></body></html>")


class Pages:
    """Where the course's feedback pages are released: `<exchange>/<course>/feedback/`."""

    def __init__(self, outbound: Path):
        self.outbound = outbound

    def write(self, page: str, text: str | bytes) -> None:
        # The mode nbgrader's release_feedback gives the folder: students may open a page they know the name of.
        self.outbound.mkdir(mode=0o711, parents=True, exist_ok=True)
        partial = self.outbound / f".{page}.{os.getpid()}.tmp"
        # A lone surrogate in a message is shown escaped, never fatal.
        partial.write_bytes(text if isinstance(text, bytes) else safetext.utf8(text).encode())
        partial.chmod(0o644)
        os.replace(partial, self.outbound / page)

    def message(self, page: str, assignment: Assignment, language: str, key: str, **values) -> None:
        """A page that only says the catalogue's message `key`, in the student's language."""
        self.write(page, message_page(assignment, i18n.text(key, language, **values), language))

    def not_graded(self, page: str, assignment: Assignment, outcome: Outcome, language: str) -> None:
        """The page of a submission that could not be graded: its status and why, and what to do."""
        self.write(page, ungraded_page(assignment.title_in(language), outcome, language))

    def copy(self, page: str, source: Path) -> None:
        """A feedback page nbgrader generated (feedback/<student>/<assignment>/), released as this submission's."""
        self.write(page, source.read_bytes())
