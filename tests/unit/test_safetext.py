"""Student text is data: a fuzzed student id and verdict text through every writer (grades.csv, its histogram, the
class report and its CSV files, the LMS exports, audit.csv, the feedback pages, logs, the terminal), each file read
back as strict UTF-8 and parsed, every id read back as itself and distinct from the other. In memory: no grading."""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograder import classreport, insights, lms, reports, safetext, similarity
from autograder.i18n import Message
from autograder.judge.status import Outcome
from autograder.pipeline import feedback
from autograder.regrade import AUDIT_COLUMNS, Change, _audit_text
from autograder.ungraded import ungraded_page
from tests.conftest import REPO

# What students have tried (issue #20), mixed into otherwise arbitrary text (surrogates included).
HOSTILE = ["\udcff", "\ud800", "\u202e", "\u2066", "\u200f", "\x1b[2J", "\x1b]0;title\x07", "\r", "\n", "\t", "\x00",
           "\x85", "\u2028", "=", "+", "-", "@", "'", "\\", "\\u202e", ",", '"', "<script>", "&lt;", "\ufeff", "＝"]
CHARS = st.one_of(st.characters(exclude_categories=()), st.sampled_from(HOSTILE))
TEXT = st.lists(CHARS, max_size=30).map("".join)
IDS = st.lists(CHARS, min_size=1, max_size=12).map("".join)
A02, CELL, ANSWER = "02_single_example_gd", "sgd-forward-test", "sgd-forward-code"
HIDDEN = ("Cc", "Cs", "Zl", "Zp")


def shown(text: str, lines: bool = True) -> bool:
    """Nothing in `text` would be invisible, reorder what follows or drive a terminal."""
    return not any(unicodedata.category(c) in HIDDEN and not (lines and c in "\n\t") or c in safetext.BIDI
                   for c in text)


def utf8(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # strict: a lone surrogate cannot have been written


def parsed_csv(path: Path) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(utf8(path), newline="")))
    assert len({len(row) for row in rows}) == 1, rows  # one header, every row complete
    return rows


class Page(HTMLParser):
    """An HTML page's visible text and the values of one attribute, as a browser would decode them."""

    def __init__(self, attribute: str = ""):
        super().__init__(convert_charrefs=True)
        self.attribute, self.values, self.text, self.skip = attribute, [], [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script", "title")
        self.values += [value for name, value in attrs if name == self.attribute]

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script", "title")

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def page(path_or_text, attribute: str = "") -> Page:
    parser = Page(attribute)
    parser.feed(utf8(path_or_text) if isinstance(path_or_text, Path) else path_or_text)
    parser.close()
    return parser


def report_of(first: str, second: str, verdict: str) -> reports.Report:
    """Two submissions of 02: `first` lost the cell with `verdict`, `second` has a cell waiting for a person."""
    points = {CELL: 2.0, "sgd-backward-test": 3.0}
    said = Message.literal(verdict)  # student text quoted in what the grader says
    rows = [reports.ReportRow(first, A02, 5.0, Outcome(first, "timeout", [said], verdicts={CELL: said}),
                              score=3.0, late_penalty=1.0, seconds_late=3600.0, cells={CELL: 0.0,
                                                                                      "sgd-backward-test": 3.0}),
            reports.ReportRow(second, A02, 5.0, Outcome(second, verdicts={CELL: None}), score=2.0, late_penalty=0.0,
                              cells={CELL: 2.0, "sgd-backward-test": None}, pending=["sgd-backward-test"],
                              pending_points=3.0)]
    return reports.Report(A02, "Gradient descent <b>&amp;</b>", 5.0, points, rows)


@settings(max_examples=300, deadline=None)
@given(IDS, IDS, TEXT)
def test_ids_stay_distinct_and_text_stays_readable(first, second, text):
    for value in (first, second):
        cell = safetext.id_cell(value)
        assert safetext.from_cell(cell) == value and shown(cell, lines=False)
        cell.encode("utf-8")  # raises on a lone surrogate
        assert not cell.startswith(safetext.FORMULA)
    assert (safetext.id_cell(first) == safetext.id_cell(second)) == (first == second)
    assert shown(safetext.readable(text)) and shown(safetext.terminal(text), lines=False)
    safetext.cell(text).encode("utf-8")
    assert not safetext.cell(text).startswith(safetext.FORMULA)


def test_formulas_are_quoted_without_merging_ids():
    assert [safetext.id_cell(v) for v in ("=x", "'=x", "'x", "-1", "alice")] == ["'=x", "''=x", "''x", "'-1", "alice"]
    assert safetext.identifier("tim\u202e\udcff\\") == "tim\\u202e\\udcff\\\\"
    assert safetext.readable("a\nb\x1b[31m") == "a\nb\\x1b[31m"


def test_a_log_line_cannot_be_forged_or_move_the_cursor():
    record = logging.LogRecord("autograder.serve", logging.INFO, __file__, 1, "%s: graded %s", (
        "eve\n2026-01-01 autograder.serve INFO bob: graded ok\x1b[2J", "\udcff\u202e"), None)
    line = safetext.LogFormatter("%(name)s %(message)s").format(record)
    assert line == ("autograder.serve eve\\x0a2026-01-01 autograder.serve INFO bob: graded ok\\x1b[2J: graded "
                    "\\udcff\\u202e")
    assert record.args[1] == "\udcff\u202e"  # other handlers still get the record as it was


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(IDS, IDS, TEXT)
def test_every_writer_keeps_files_valid_and_ids_distinct(tmp_path_factory, first, second, verdict):
    if first == second:
        second = first + "'"
    folder = tmp_path_factory.mktemp("writers")
    report = report_of(first, second, verdict)

    safetext.write_csv(folder / "grades.csv", reports.csv_rows(report))
    grades = parsed_csv(folder / "grades.csv")
    assert grades[0] == reports.COLUMNS + [CELL, "sgd-backward-test"]
    assert [safetext.from_cell(row[0]) for row in grades[1:]] == [first, second]
    assert [row[2:8] for row in grades[1:]] == [["3", "5", "timeout", safetext.cell(verdict), "1", "0"],
                                               ["2", "5", "ok", safetext.cell(report.rows[1].pending_note), "0", "3"]]
    ElementTree.fromstring(reports.histogram(report))
    assert shown(reports.summary(report))

    insight = insights.of_report(report, {CELL: "forward"})
    pair = similarity.Pair(ANSWER, (first, second), 1.0, 30, (f"x = '{verdict}'", f"y = '{verdict}'"),
                           (frozenset({1}), frozenset({1})))
    alike = {A02: similarity.ClassSimilarity([pair], 1, [(first, ANSWER, 30000)])}
    index = classreport.render(folder, "Course <i>", [insight], alike, classreport.Settings())
    students = page(index, "data-student")
    assert [safetext.from_identifier(value) for value in students.values] == sorted([first, second])
    assert shown("".join(students.text))
    assert [safetext.from_identifier(v) for v in page(index, "data-students").values[0].split(" ")] == [first, second]
    for name in ("exercises", "diagnostics", "statuses", "progress", "similarity"):
        assert shown("".join(sum(parsed_csv(folder / f"{name}.csv"), [])))
    assert [safetext.from_cell(row[0]) for row in parsed_csv(folder / "progress.csv")[1:]] == sorted([first, second])
    ElementTree.parse(folder / A02 / "exercises.svg")

    entries = [lms.ExportRow(first, "", verdict, "", 2.0, verdict), lms.ExportRow(second, verdict, "", "", None, "")]
    for system, rows, login in (("canvas", lms.canvas_rows(report, entries), 3),
                                ("moodle", lms.moodle_rows(report, entries), 0)):
        safetext.write_csv(folder / f"{system}.csv", rows)
        body = parsed_csv(folder / f"{system}.csv")[1 if system == "moodle" else 2:]
        assert [safetext.from_cell(row[login]) for row in body] == [first, second]

    audit = folder / "audit.csv"
    for _ in range(2):  # a new file, then an appended one
        safetext.write_text(audit, _audit_text(audit, [Change("now", first, CELL, 0.0, 2.0, verdict),
                                                       Change("now", second, CELL, None, 1.5, verdict)]))
    lines = parsed_csv(audit)
    assert lines[0] == AUDIT_COLUMNS and [safetext.from_cell(row[1]) for row in lines[1:]] == [first, second] * 2

    ungraded = page(ungraded_page("T", Outcome(first, "missing", [Message.literal(verdict)]), "zh-CN"))
    assert safetext.readable(verdict) in "".join(ungraded.text) and shown("".join(ungraded.text))

    record = logging.LogRecord("autograder.serve", logging.ERROR, __file__, 1, "grading %s failed: %s",
                               (first, verdict), None)
    line = safetext.LogFormatter("%(message)s").format(record)
    line.encode("utf-8")
    assert "\n" not in line and shown(line)


def feedback_page(assignment_id: str, language: str, verdict: str | None = None) -> str:
    """The feedback page of an assignment's released notebook in `language`, rendered by the course's exporter and
    the page's own steps (as nbgrader's generate_feedback runs them), with `verdict` on its first test cell."""
    from autograder import translation
    from autograder.course import Course

    course = Course.load(REPO)
    assignment = course.assignment(assignment_id)
    path = course.release_notebook(assignment_id)
    if language != "en":
        path = path.with_name(translation.released_name(assignment.notebook))
    nb = nbformat.read(path, as_version=4)
    first_test = next(c.metadata.nbgrader["grade_id"] for c in nb.cells if c.get("metadata", {}).get("nbgrader", {})
                      .get("grade") and c.cell_type == "code" and not c.metadata.nbgrader.get("solution"))
    outcome = Outcome("s", verdicts={first_test: None if verdict is None else Message.literal(verdict)})
    resources = {"nbgrader": {"student": "s", "assignment": assignment_id, "score": 1.0, "max_score": 2.0,
                              "late_penalty": 0}}
    resources["feedback"] = feedback.summary(nb, outcome, assignment.title_in(language), language)
    exporter = feedback.FeedbackExporter(config=course.config)
    for step in (feedback.LimitSource(), feedback.MathML()):
        exporter.register_preprocessor(step, enabled=True)
    return exporter.from_notebook_node(nb, resources=resources)[0]


ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def test_no_feedback_page_shows_an_html_entity_as_text():
    from autograder import catalogue

    for assignment_id in catalogue.load(REPO).ids():
        for language in ("en", "zh-CN"):
            text = "".join(page(feedback_page(assignment_id, language)).text)
            assert not ENTITY.search(text), (assignment_id, language, ENTITY.search(text).group(0))
            if language == "en":
                assert "✓ <function>: all public checks passed." in text
            else:
                assert "✓ <function>：全部公开检查都已通过。" in text


@settings(max_examples=10, deadline=None)
@given(TEXT)
def test_a_verdict_reaches_the_feedback_page_readable(verdict):
    text = "".join(page(feedback_page(A02, "en", verdict or "x")).text)
    assert safetext.readable(verdict or "x") in text
