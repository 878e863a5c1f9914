"""The page a student gets when the submission could not be graded: its status, why, and what to do.

Plain HTML from the outcome alone (no nbconvert): the course writes it beside nbgrader's feedback pages, and the
grading service's main loop writes it without importing the feedback exporter.
"""

from __future__ import annotations

import html

from . import i18n, safetext
from .judge.status import Outcome


def ungraded_page(title: str, outcome: Outcome, language: str) -> str:
    """The page of a submission that could not be graded: what happened (the messages may quote a student's file
    names, so they are made readable and escaped) and what to do."""
    items = "".join(f"<li>{html.escape(safetext.readable(m.render(language)))}</li>" for m in outcome.messages)
    title = html.escape(title)
    status = html.escape(i18n.text(f"status.{outcome.status}", language))
    lang = "" if language == i18n.DEFAULT else f" lang='{language}'"
    return (f"<!DOCTYPE html><html{lang}><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><p>{i18n.text('feedback.not_graded', language, status=status)}</p>"
            f"<ul>{items}</ul><p>{i18n.text('feedback.fix_and_submit', language)}</p></body></html>")
