"""Feedback that never shows a hidden test.

nbgrader's ClearHiddenTests empties the hidden block of each test cell, but a traceback printed while
the hidden block ran still quotes its lines. StripHiddenTracebacks, which runs just before
ClearHiddenTests in the feedback chain, drops every traceback line that quotes hidden-test text.
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
REMOVED = "[lines of hidden tests removed]"


def hidden_lines(source: str) -> list[str]:
    """The non-blank lines between the hidden-test markers (and the markers themselves)."""
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        if inside and line.strip():
            lines.append(line.strip())
        if line.strip() == END:
            inside = False
    return lines


def scrub(text: str, secret_lines: list[str]) -> str:
    """`text` without ANSI colours and without any line that quotes a hidden line."""
    kept, dropped = [], False
    for line in ANSI.sub("", text).splitlines():
        if any(secret in line for secret in secret_lines):
            dropped = True
        else:
            kept.append(line)
    if dropped:
        kept.append(REMOVED)
    return "\n".join(kept)


class StripHiddenTracebacks(NbGraderPreprocessor):

    def preprocess(self, nb, resources):
        secret_lines = [line for cell in nb.cells if cell.cell_type == "code" for line in hidden_lines(cell.source)]
        if secret_lines:
            for cell in nb.cells:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        output["traceback"] = [scrub(line, secret_lines) for line in output.get("traceback", [])]
                    elif output.get("output_type") == "stream":
                        output["text"] = scrub(output.get("text", ""), secret_lines)
        return nb, resources


class StatusBanner(NbGraderPreprocessor):
    """Puts the grader's status message at the top of the feedback when the run was not a normal one
    (a timeout, a crash, a restored cell…), so the student reads why, not only a lower score."""

    def preprocess(self, nb, resources):
        import json
        from pathlib import Path

        from nbformat.v4 import new_markdown_cell

        from .grading import STATUS_FILE

        status_file = Path(resources.get("metadata", {}).get("path", ".")) / STATUS_FILE
        if status_file.is_file():
            status = json.loads(status_file.read_text())
            if status["status"] != "ok":
                lines = "\n".join(f"- {message}" for message in status["messages"])
                nb.cells.insert(0, new_markdown_cell(f"**Grading status: {status['status']}**\n\n{lines}"))
        return nb, resources
