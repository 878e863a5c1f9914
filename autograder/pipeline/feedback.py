"""The feedback page a student reads: nbgrader's GenerateFeedback with the course's exporter and steps.

* `FeedbackExporter` (`c.GenerateFeedback.exporter_class`): nbconvert's HTML export with the course's
  template (templates/autograder-feedback): no script at all (a Content-Security-Policy forbids it), math as
  MathML, which browsers draw without a CDN, and a layout that reads at phone and laptop widths. Student HTML
  is sanitized once it is rendered (nbconvert's `sanitize_html`, with the course's `student_html` as its
  `clean_html`): sanitizing the markdown *source*, as nbconvert's SanitizeHTML does, escapes `<function>` once
  and the markdown renderer escapes it again inside code, so a page read "&lt;function&gt;".
* `SanitizeOutputs` (`c.FeedbackExporter.preprocessors`): nbconvert's SanitizeHTML for outputs and raw cells
  (it also drops every output type that could run), leaving markdown cells to `student_html`.
* `GetGradesAndPending`: nbgrader's GetGrades, and which cells still wait for a person.
* `FeedbackSummary`: the page opens with what happened, when it was not a normal grading, and with each
  exercise by name, its points, and where points were lost the diagnostic in one sentence; written answers
  that wait for a person say "pending". With `notebook = False` (the grading service before the due date)
  the page shows only that summary.
* `InTheirLanguage`: a student who reads Chinese sees the released cells (locked cells, stubs left as they were) in
  Chinese, as in their notebook: nbgrader put back the English text of locked cells, and the grader graded an
  untouched stub as the English one.
* `LimitSource`: a cell longer than safetext.SHOWN_LINES lines (or SHOWN_CHARS characters) shows its beginning
  and a note saying how much is left out, so that an answer padded with 100,000 lines costs the next student's
  page nothing (highlighting and sanitizing are linear in what is shown).
* `MathML`: the LaTeX of markdown cells turned into MathML (latex2mathml); `student_html` then keeps MathML's
  elements and drops anything else that is not plain rendered markdown.

Every text of the summary that a student controls (verdicts quote their exceptions) is made readable by
autograder.safetext before it reaches the page: a lone surrogate there made the whole class's feedback fail.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from pathlib import Path

from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import GetGrades
from traitlets import Bool, Integer

from .. import i18n, safetext
from ..judge.integrity import grade_id_of
from ..judge.status import Outcome
from .parents import OfCourse

TEMPLATES_DIR = str(Path(__file__).resolve().parent / "templates")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
# Math in markdown, outside code: $$...$$ (display) or $...$ (inline). Code spans and fences are kept as they are.
CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)
MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$", re.DOTALL)


# What rendered markdown, highlighted code and MathML are made of; everything else a student wrote is escaped.
MATHML = {"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt",
          "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle",
          "mpadded", "mphantom", "menclose", "merror", "mfenced"}
MATHML_ATTRIBUTES = ["xmlns", "display", "mathvariant", "stretchy", "fence", "separator", "separators", "form",
                     "lspace", "rspace", "accent", "accentunder", "columnalign", "columnspacing", "rowspacing",
                     "displaystyle", "scriptlevel", "linethickness", "width", "height", "depth", "notation",
                     "movablelimits", "symmetric", "largeop", "open", "close", "encoding"]
TAGS = {"a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "s", "samp", "small",
        "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
        *MATHML}


def _link(tag: str, name: str, value: str) -> bool:
    return name == "title" or (name == "href" and not value.strip().lower().startswith("data:"))


def _cleaner():
    from bleach.css_sanitizer import CSSSanitizer
    from bleach.sanitizer import Cleaner

    attributes = {"*": ["class", "id", "title"], "a": _link, "img": ["src", "alt", "width", "height"],
                  "th": ["align", "style", "colspan", "rowspan"], "td": ["align", "style", "colspan", "rowspan"],
                  **dict.fromkeys(MATHML, MATHML_ATTRIBUTES)}
    return Cleaner(tags=TAGS, attributes=attributes, protocols={"http", "https", "mailto", "data"},
                   css_sanitizer=CSSSanitizer(allowed_css_properties=["text-align"]), strip_comments=True)


_CLEANER = None


def student_html(text) -> str:
    """Rendered student content with only inert markup left (the template's `clean_html` on this page)."""
    global _CLEANER
    _CLEANER = _CLEANER or _cleaner()
    return _CLEANER.clean(safetext.utf8(text.decode() if isinstance(text, bytes) else str(text)))


class FeedbackExporter(OfCourse, HTMLExporter):
    """HTML export with the course's feedback template (nbgrader_config.py names it and where it is: nbgrader
    sets HTMLExporter's template for feedback unless this class's own is configured). Markdown and outputs are
    sanitized after they are rendered, by `student_html`.

    A class's pages are mostly the same cells: the released notebook's text and code, and answers that look
    alike. Highlighting code and sanitizing HTML (`student_html`, bleach) are most of a page's cost, so both are
    kept by the exact text they were given (`Kept`): the grading service makes a class's pages in a few
    long-lived processes. And nbconvert's HTMLExporter parses every page it has rendered again with BeautifulSoup,
    only to give images without alt text a default one and make cells focusable (tabindex): here the page is
    rendered as HTMLExporter renders it (the same two filters) and those two attributes are added to the
    rendered text directly (`accessible`). It relies on HTMLExporter's own
    steps, which tests/unit/pipeline/test_feedback.py pins."""

    sanitize_html = Bool(True, help="Sanitize rendered markdown and outputs (always, on a student's page).")

    def default_filters(self):
        yield from super().default_filters()
        yield "clean_html", _cleaned

    @pass_context
    def markdown2html(self, context, source):
        """HTMLExporter's markdown filter, kept by the text (`Kept`): a class's pages share the notebook's text,
        and rendering it (mistune) was a third of a page's cost once code and HTML were kept. A cell with
        attachments, or pages that embed images (read from the notebook's folder), are rendered every time."""
        render = super().markdown2html
        if context.get("cell", {}).get("attachments") or self.embed_images:
            return render(context, source)
        return _MARKDOWN.get((str(source), self.anchor_link_text, repr(self.exclude_anchor_links),
                              repr(sorted(self.lexer_options.items()))), lambda: render(context, source))

    def from_notebook_node(self, nb, resources=None, **kw):
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name"))
        highlight = (self.filters.get("highlight_code")
                     or _Highlighted(Highlight2HTML(pygments_lexer=lexer, parent=self)))
        self.register_filter("highlight_code", highlight)
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata,
                                                                       parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(page), resources


class SanitizeOutputs(SanitizeHTML):
    """nbconvert's SanitizeHTML for code cells' outputs and raw cells; markdown is sanitized once rendered."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            return cell, resources
        return super().preprocess_cell(cell, resources, index)


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


_CLEANED, _HIGHLIGHTED, _MATHML, _MARKDOWN = Kept(), Kept(), Kept(limit=2_000_000), Kept()


def _cleaned(element) -> str:
    """`student_html`, kept for texts it has cleaned before."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return _CLEANED.get((text,), lambda: student_html(text))


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
    page = safetext.utf8(page)
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


class FeedbackSummary(OfCourse, Preprocessor):
    """Puts the summary the template shows first into resources["feedback"]."""

    enabled = Bool(True)
    notebook = Bool(True, help="Show the graded notebook below the summary (the grading service hides it "
                               "before the due date).").tag(config=True)

    def preprocess(self, nb, resources):
        course = self.course
        language = course.language_of(resources["nbgrader"]["student"])  # the page is in the student's language
        outcome = Outcome.read(Path(resources.get("metadata", {}).get("path", ".")))
        title = course.assignment(resources["nbgrader"]["assignment"]).title_in(language)
        # <html lang>: browsers choose the fonts of Chinese text by it (nbconvert's lab template writes it).
        resources["language_code"] = language
        resources["feedback"] = summary(nb, outcome, title, language, self.notebook)
        return nb, resources


def summary(nb, outcome: Outcome | None, title: str, language: str, notebook: bool = True) -> dict:
    """What the page shows first: the status, and each graded cell with its points and its verdict (student text,
    made readable)."""
    verdicts = outcome.verdicts if outcome else {}
    exercises, heading = [], None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not grade_id_of(cell):
            found = HEADING.search(cell.source)
            heading = _plain(found.group(1)) if found else heading
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not (isinstance(meta, dict) and meta.get("grade")):
            continue
        grade_id, score = meta.get("grade_id"), meta.get("score")
        written = cell.cell_type == "markdown" or meta.get("solution")
        pending = score is None or bool(meta.get("pending"))
        message = verdicts.get(grade_id) if isinstance(grade_id, str) else None
        exercises.append({
            "title": heading or grade_id, "anchor": grade_id, "points": meta.get("points", 0),
            "score": score, "pending": pending,
            "message": i18n.text("feedback.by_hand", language) if written and pending
            else message and safetext.readable(message.render(language))})
    return {
        "language": language, "text": i18n.texts(language), "title": title,
        "status": outcome.status if outcome else "ok",
        "messages": [safetext.readable(m.render(language)) for m in outcome.messages]
        if outcome and outcome.status != "ok" else [],
        "exercises": exercises, "notebook": notebook,
        "pending_points": sum(float(e["points"] or 0) for e in exercises if e["pending"])}


class InTheirLanguage(OfCourse, Preprocessor):
    """The released cells of a student's page in the student's language (see the module's docstring)."""

    enabled = Bool(True)

    def preprocess(self, nb, resources):
        course = self.course
        if course.language_of(resources["nbgrader"]["student"]) == i18n.DEFAULT:
            return nb, resources
        released = course.released_cells(resources["nbgrader"]["assignment"])
        for cell in nb.cells:
            grade_id = grade_id_of(cell)
            original = released.get(grade_id) if grade_id is not None else None
            if original is not None and original.translations and cell.source == original.source:
                cell.source = original.translations[0]
        return nb, resources


class LimitSource(Preprocessor):
    """Cells shown up to `max_lines` lines and `max_chars` characters, with a note saying what was left out."""

    enabled = Bool(True)
    max_lines = Integer(safetext.SHOWN_LINES, help="Lines of a cell shown on the page.").tag(config=True)
    max_chars = Integer(safetext.SHOWN_CHARS, help="Characters of a cell shown on the page.").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        kept, lines, cut = safetext.cut(cell.source, self.max_lines, self.max_chars)
        if cut:
            language = resources.get("feedback", {}).get("language")
            note = i18n.text("feedback.cut", language, more=lines - kept.count("\n") - 1, lines=lines)
            cell.source = f"{kept}\n# {note}" if cell.cell_type == "code" else f"{kept}\n\n*{note}*"
        return cell, resources


def _mathml(tex: str, display: bool) -> str:
    """MathML of a formula (kept: a class's pages share most of their formulas, the notebook's own text)."""
    return _MATHML.get((tex, "block" if display else "inline"), lambda: _converted(tex, display))


def _converted(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    try:
        # Without its xmlns (HTML5 puts <math> in MathML's namespace by itself): nbconvert gives a heading its anchor
        # by parsing it with ElementTree, which would write a namespaced <math> back as <ns0:math>, markup the
        # sanitizer then shows as text.
        return convert(tex.strip(), display="block" if display else "inline").replace(
            ' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    except Exception:  # a formula latex2mathml cannot read is shown as written, not lost
        return f"<code>{html.escape(tex)}</code>"


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
