"""The class report on the demo's sample classes of 02 and 03, as `autograder grade` wrote it: the data files,
and the page itself read in headless chromium from disk."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from tests.hub_helpers import CHROMIUM_ARGS

A02, A03 = "02_single_example_gd", "03_m_example_loop"
STATUSES = {"malformed": ["grace"], "missing": ["heidi"], "timeout": ["ivan"], "crashed": ["judy"],
            "tampered": ["trent"]}


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def page(demo_class):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            view = browser.new_page()
            view.goto((demo_class / "reports" / "index.html").as_uri())
            yield view
        finally:
            browser.close()


def test_the_planted_mistakes_are_the_top_diagnostics_of_their_exercises(page):
    # dan left `backward_squared` unfinished, erin `backward_squared` and `update`; frank and mallory wrote nothing.
    section = page.locator(f"#a-{A02}")
    top = {exercise: section.locator(f'tr[data-exercise="{exercise}"] li.diagnostic').first.inner_text()
           for exercise in ("sgd-squared-test", "sgd-update-test")}
    assert top == {"sgd-squared-test": "4× `backward_squared` raised NotImplementedError. (dan, erin, frank, mallory)",
                   "sgd-update-test": "3× `update` raised NotImplementedError. (erin, frank, mallory)"}
    rate = section.locator('tr[data-exercise="sgd-squared-test"] .pass-rate').inner_text()
    assert rate == "6 / 12 (50%)"  # alice bob carol trent oscar peggy, of the 12 gradable submissions


def test_the_planted_statuses_name_their_students(page):
    for assignment_id in (A02, A03):
        rows = page.locator(f"#a-{assignment_id} tr.status")
        shown = {rows.nth(i).get_attribute("data-status"): rows.nth(i).locator(".students").inner_text().split(", ")
                 for i in range(rows.count())}
        assert shown == STATUSES


def test_the_copied_pair_and_no_other_is_shown_side_by_side(page):
    pairs = page.locator(f"#a-{A02} .pair")
    assert pairs.count() == 1
    assert (pairs.first.get_attribute("data-students"), pairs.first.get_attribute("data-cell")) == \
        ("oscar peggy", "sgd-update-code")
    columns = pairs.first.locator("pre")
    assert "for name in sorted(params):" in columns.nth(0).inner_text()
    assert "for key in sorted(params):" in columns.nth(1).inner_text()
    assert columns.nth(1).locator("span.shared").count() == 10  # all of peggy's 11 lines but the blank one
    assert page.locator(f"#a-{A03} .pair").count() == 0
    assert "Similarity is a reason to look, not a verdict." in page.locator(f"#a-{A02} .note").inner_text()


def test_progress_flags_who_has_fallen_behind(page):
    behind = page.locator("tr.student.behind")
    flagged = sorted(behind.nth(i).get_attribute("data-student") for i in range(behind.count()))
    # oscar and peggy are only in 02's sample class: they did not submit 03, the latest assignment.
    assert flagged == ["erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy"]
    # Each share is coloured from red (none) to green (all points); grey where nothing was graded.
    dan = page.locator('tr.student[data-student="dan"] td.number')
    assert [dan.nth(i).get_attribute("class") for i in range(dan.count())] == ["number p7", "number p7"]  # 71 % of each
    oscar = page.locator('tr.student[data-student="oscar"] td.number')
    assert [oscar.nth(i).inner_text() for i in range(oscar.count())] == ["100%", "—"]
    assert oscar.nth(1).get_attribute("class") == "number none"


def test_every_picture_opens_from_disk(page):
    images = page.locator("img")
    sources = [images.nth(i).get_attribute("src") for i in range(images.count())]
    assert sources == [f"{A02}/scores.svg", f"{A02}/exercises.svg", f"{A03}/scores.svg", f"{A03}/exercises.svg"]
    assert page.evaluate("Array.from(document.images).every(img => img.complete && img.naturalWidth > 0)")


def test_the_data_behind_the_page(demo_class):
    reports = demo_class / "reports"
    assert [(r["assignment"], r["student_a"], r["student_b"], r["cell"]) for r in read(reports / "similarity.csv")] == \
        [(A02, "oscar", "peggy", "sgd-update-code")]
    statuses = {(r["assignment"], r["status"]): r["students"] for r in read(reports / "statuses.csv")}
    assert statuses == {(a, s): " ".join(students) for a in (A02, A03) for s, students in STATUSES.items()}
    squared = [r for r in read(reports / "diagnostics.csv") if r["grade_id"] == "sgd-squared-test"]
    assert [(r["count"], r["diagnostic"], r["students"]) for r in squared] == [
        ("4", "`backward_squared` raised NotImplementedError.", "dan erin frank mallory")]
    # ivan (timeout) and judy (crashed)
    # stopped their notebooks before this cell: that is their status (above), not a mistake in `update`
    exercises = {(r["assignment"], r["grade_id"]): (r["passed"], r["graded"]) for r in read(reports / "exercises.csv")}
    assert exercises[(A02, "sgd-forward-test")] == ("8", "12")


def test_report_command_sets_the_threshold_and_says_what_is_wrong(demo_class):
    def report(*options):
        return subprocess.run([sys.executable, "-m", "autograder.cli", "report", "--quiet", *options],
                              cwd=demo_class, capture_output=True, text=True, timeout=300)

    done = report(A02, "--similarity", "1.0", "--min-shared", "200")
    assert done.returncode == 0, done.stderr
    assert read(demo_class / "reports" / "similarity.csv") == []
    bad = report("--similarity", "80")
    assert (bad.returncode, bad.stderr.strip()) == \
        (2, "autograder report: --similarity must be a share between 0 and 1 (for example 0.8), not 80.0")
    unknown = report("07_nope")
    assert unknown.returncode == 2 and "there is no assignment '07_nope'" in unknown.stderr
    assert report().returncode == 0  # back to the defaults for the other tests


def test_grading_one_student_rewrites_only_what_their_assignment_changed(demo_class):
    """`grade ID --student S` brings the class report up to date; similarity and the pictures of the other
    assignments are read from what the last report left (reports/.cache), not computed again."""
    reports = demo_class / "reports"
    kept = [reports / ".cache" / f"similarity-{A03}.json", reports / A03 / "exercises.svg",
            reports / A03 / "grades.csv"]
    before = {path: path.stat().st_mtime_ns for path in kept}
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", A02, "--student", "dan", "--quiet"],
                          cwd=demo_class, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert {path: path.stat().st_mtime_ns for path in kept} == before
    assert (reports / ".cache" / f"similarity-{A02}.json").stat().st_mtime_ns > before[kept[0]]
    assert [(r["student_a"], r["student_b"]) for r in read(reports / "similarity.csv")] == [("oscar", "peggy")]


def test_one_mistake_made_in_two_languages_is_one_row_in_the_reports_language(tmp_path):
    """li and mei read the course in Chinese, alice in English; the same mistake is one diagnostic, counted per
    language, and the page shows it in the report's language (English or Chinese), whoever read it."""
    from autograder import classreport, insights, reports, similarity
    from autograder.i18n import say
    from autograder.judge.status import Outcome

    cell = "sgd-forward-test"
    languages = {"li": "zh-CN", "mei": "zh-CN"}

    def wrong(student: str, case: int):
        where = say("verdict.case", number=case, total=4)
        verdict = say("verdict.raised", name="forward", error="ZeroDivisionError: division by zero", where=where)
        return reports.ReportRow(student, A02, 2.0, Outcome(student, verdicts={cell: verdict}), score=0.0,
                                 cells={cell: 0.0})

    rows = [wrong("alice", 1), wrong("li", 3), wrong("mei", 2),
            reports.ReportRow("bob", A02, 2.0, Outcome("bob", verdicts={cell: None}), score=2.0, cells={cell: 2.0})]
    insight = insights.of_report(reports.Report(A02, "Gradient descent", 2.0, {cell: 2.0}, rows), {cell: "forward"},
                                 lambda student: languages.get(student, "en"))
    [diagnostic] = insight.exercises[0].diagnostics
    assert (diagnostic.students, diagnostic.languages) == (["alice", "li", "mei"], {"en": 1, "zh-CN": 2})
    assert diagnostic.pattern == "`forward` raised ZeroDivisionError: division by zero."
    assert diagnostic.shown("zh-CN") == "`forward` 抛出了异常 ZeroDivisionError: division by zero。"
    alike = {A02: similarity.ClassSimilarity([], 0)}
    for language, shown in (("en", diagnostic.pattern), ("zh-CN", diagnostic.shown("zh-CN"))):
        folder = tmp_path / language
        classreport.render(folder, "Course", [insight], alike, classreport.Settings(), language)
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert page.count('class="diagnostic"') == 1 and f'<span class="pattern">{shown}</span>' in page.replace(
            "&#96;", "`")
        assert '<span class="languages muted">en 1, zh-CN 2</span>' in page
        [row] = read(folder / "diagnostics.csv")
        assert (row["count"], row["diagnostic"], row["languages"]) == ("3", diagnostic.pattern, "en 1, zh-CN 2")
