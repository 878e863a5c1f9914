"""The feedback page a student reads: nbgrader's GenerateFeedback with the course's exporter and steps.

* `FeedbackExporter` (`c.GenerateFeedback.exporter_class`): nbconvert's HTML export with the course's
  template (templates/autograder-feedback): no script at all (a Content-Security-Policy forbids it), math as
  MathML, which browsers draw without a CDN, and a layout that reads at phone and laptop widths.
* `GetGradesAndPending`: nbgrader's GetGrades, and which cells still wait for a person.
* `FeedbackSummary`: the page opens with what happened, when it was not a normal grading, and with each
  exercise by name, its points, and where points were lost the diagnostic in one sentence; written answers
  that wait for a person say "pending". With `notebook = False` (the grading service before the due date)
  the page shows only that summary.
* `MathML`: the LaTeX of markdown cells turned into MathML (latex2mathml), after nbconvert's SanitizeHTML
  has made the student's own HTML inert.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from nbconvert.filters.strings import clean_html
from nbconvert.preprocessors import Preprocessor
from nbgrader.preprocessors import GetGrades
from traitlets import Bool

from .. import i18n
from ..judge.integrity import grade_id_of
from ..judge.status import Outcome

TEMPLATES_DIR = str(Path(__file__).resolve().parent / "templates")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
# Math in markdown, outside code: $$...$$ (display) or $...$ (inline). Code spans and fences are kept as they are.
CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$", re.DOTALL)


class FeedbackExporter(HTMLExporter):
    """HTML export with the course's feedback template (nbgrader_config.py names it and where it is: nbgrader
    sets HTMLExporter's template for feedback unless this class's own is configured).

    A class's pages are mostly the same cells: the released notebook's text and code, and answers that look
    alike. Highlighting code and sanitizing HTML (nbconvert's `clean_html`, bleach) are most of a page's cost,
    so both are kept by the exact text they were given (`Kept`): the grading service makes a class's pages in a
    few long-lived processes. And nbconvert's HTMLExporter parses every page it has
    rendered again with BeautifulSoup, only to give images without alt text a default one and make cells
    focusable (tabindex): here the page is rendered as HTMLExporter renders it (the same two filters) and those
    two attributes are added to the rendered text directly (`accessible`). It relies on HTMLExporter's own
    steps, which tests/test_service.py pins."""

    def default_filters(self):
        yield from super().default_filters()
        yield "clean_html", _cleaned

    def from_notebook_node(self, nb, resources=None, **kw):
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        highlight = self.filters.get("highlight_code") or _Highlighted(Highlight2HTML(pygments_lexer=lexer, parent=self))
        self.register_filter("highlight_code", highlight)
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                       parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(page), resources


class Kept:
    """Results of a pure function of text, kept by the text, up to `limit` characters in all (oldest out first);
    texts longer than `largest` are not kept."""

    def __init__(self, limit: int = 8_000_000, largest: int = 50_000):
        self.limit, self.largest, self.size = limit, largest, 0
        self.values: OrderedDict[tuple, str] = OrderedDict()

    def get(self, key: tuple, make) -> str:
        if key in self.values:
            self.values.move_to_end(key)
            return self.values[key]
        value = make()
        size = sum(len(part) for part in key if isinstance(part, str)) + len(value)
        if size <= self.largest:
            self.values[key] = value
            self.size += size
            while self.size > self.limit:
                old_key, old = self.values.popitem(last=False)
                self.size -= sum(len(part) for part in old_key if isinstance(part, str)) + len(old)
        return value


_CLEANED, _HIGHLIGHTED, _MATHML = Kept(), Kept(), Kept(limit=2_000_000)


def _cleaned(element) -> str:
    """nbconvert's clean_html, kept for texts it has cleaned before."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return _CLEANED.get((text,), lambda: clean_html(text))


class _Highlighted:
    """nbconvert's Highlight2HTML, kept for sources it has highlighted before (with the same lexer)."""

    def __init__(self, highlight):
        self.highlight = highlight

    def __call__(self, source, language=None, metadata=None):
        return _HIGHLIGHTED.get((source, language or "", self.highlight.pygments_lexer),
                                lambda: self.highlight(source, language, metadata))


NO_ALT = re.compile(r"<img\b(?![^>]*\balt=)")
FOCUSABLE = re.compile(r'<div class="(jp-Cell-inputWrapper|[^"]*\bjp-OutputArea-output\b[^"]*)"')


def accessible(page: str) -> str:
    """What nbconvert's HTMLExporter adds to a page for screen readers and keyboards: a default alt text on every
    image without one, and cells' inputs and outputs that take the focus. A lone surrogate (a student's exception
    message may hold one) is written escaped: the page could not be saved as UTF-8 with it."""
    page = page.encode("utf-8", "backslashreplace").decode("utf-8")
    page = NO_ALT.sub('<img alt="No description has been provided for this image"', page)
    return FOCUSABLE.sub(lambda m: f'<div class="{m.group(1)}" tabindex="0"', page)


def _plain(title: str) -> str:
    """A markdown heading as plain text (code names keep their underscores)."""
    return re.sub(r"`|\*\*", "", title).strip()


class GetGradesAndPending(GetGrades):
    """nbgrader's GetGrades (`c.GenerateFeedback.preprocessors`), which also marks, in the same gradebook session,
    the cells nobody has scored yet (a written answer before a person grades it): GetGrades gives them a score
    of 0, which would read as points lost."""

    def _get_score(self, cell, resources):
        grade = self.gradebook.find_grade(cell.metadata.nbgrader["grade_id"], self.notebook_id, self.assignment_id,
                                          self.student_id)
        cell.metadata.nbgrader["score"] = grade.score
        cell.metadata.nbgrader["points"] = grade.max_score
        cell.metadata.nbgrader["pending"] = grade.manual_score is None and grade.auto_score is None


class FeedbackSummary(Preprocessor):
    """Puts the summary the template shows first into resources["feedback"]."""

    enabled = Bool(True)
    notebook = Bool(True, help="Show the graded notebook below the summary (the grading service hides it "
                               "before the due date).").tag(config=True)

    def preprocess(self, nb, resources):
        from .exporter import course_of

        course = course_of(self)
        language = course.language_of(resources["nbgrader"]["student"])  # the page is in the student's language
        outcome = Outcome.read(Path(resources.get("metadata", {}).get("path", ".")))
        verdicts = outcome.verdicts if outcome else {}
        exercises, title = [], None
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not grade_id_of(cell):
                found = HEADING.search(cell.source)
                title = _plain(found.group(1)) if found else title
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not (isinstance(meta, dict) and meta.get("grade")):
                continue
            grade_id, score = meta.get("grade_id"), meta.get("score")
            written = cell.cell_type == "markdown" or meta.get("solution")
            pending = score is None or bool(meta.get("pending"))
            exercises.append({
                "title": title or grade_id, "anchor": grade_id, "points": meta.get("points", 0),
                "score": score, "pending": pending,
                "message": i18n.text("feedback.by_hand", language) if written and pending
                else verdicts.get(grade_id)})
        assignment = course.assignment(resources["nbgrader"]["assignment"])
        # <html lang>: browsers choose the fonts of Chinese text by it (nbconvert's lab template writes it).
        resources["language_code"] = language
        resources["feedback"] = {
            "language": language, "text": i18n.texts(language),
            "title": assignment.title_in(language),
            "status": outcome.status if outcome else "ok",
            "messages": outcome.messages if outcome and outcome.status != "ok" else [],
            "exercises": exercises, "notebook": self.notebook,
            "pending_points": sum(float(e["points"] or 0) for e in exercises if e["pending"])}
        return nb, resources


def _mathml(tex: str, display: bool) -> str:
    """MathML of a formula (kept: a class's pages share most of their formulas, the notebook's own text)."""
    return _MATHML.get((tex, "block" if display else "inline"), lambda: _converted(tex, display))


def _converted(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(tex.strip(), display="block" if display else "inline")
    except Exception:  # a formula latex2mathml cannot read is shown as written, not lost
        from html import escape

        return f"<code>{escape(tex)}</code>"


def to_mathml(markdown: str) -> str:
    """`markdown` with its math as MathML; code spans and fenced code are left as they are."""
    parts = CODE.split(markdown)
    for i in range(0, len(parts), 2):  # even parts are outside code
        parts[i] = MATH.sub(lambda m: (f'\n<div class="math-display">{_mathml(m.group(1), True)}</div>\n'
                                       if m.group(1) is not None else _mathml(m.group(2), False)), parts[i])
    return "".join(parts)


class MathML(Preprocessor):
    """Markdown cells' math as MathML, so that no script (MathJax) is needed to read it."""

    enabled = Bool(True)
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = to_mathml(cell.source)
        return cell, resources
