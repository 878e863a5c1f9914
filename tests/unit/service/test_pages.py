"""The pages the grading service releases: where nbgrader's Fetch Feedback looks for them, whole or not at all, what
they say in the student's language, with the student's text escaped."""

from __future__ import annotations

import os
import stat

from nbgrader.utils import notebook_hash

from autograder.i18n import say
from autograder.judge.status import Outcome
from autograder.service.pages import Pages, message_page, page_name

A02 = "02_single_example_gd"


def test_a_page_is_named_as_nbgrader_names_released_feedback():
    assert page_name("f00d", "single_example_gd") == \
        notebook_hash(secret="f00d", notebook_id="single_example_gd") + ".html"
    assert page_name("f00d", "single_example_gd") != page_name("beef", "single_example_gd")


def test_a_page_is_written_whole_readable_by_whoever_knows_its_name(tmp_path):
    pages = Pages(tmp_path / "feedback")
    pages.write("p.html", "first")
    pages.write("p.html", "<p>second \ud800</p>")  # a lone surrogate is shown escaped, never fatal
    assert os.listdir(tmp_path / "feedback") == ["p.html"]  # no partial file left beside it
    assert (tmp_path / "feedback" / "p.html").read_text() == "<p>second \\ud800</p>"
    assert stat.S_IMODE((tmp_path / "feedback").stat().st_mode) == 0o711
    assert stat.S_IMODE((tmp_path / "feedback" / "p.html").stat().st_mode) == 0o644


def test_a_message_page_says_the_catalogues_words_in_the_students_language(repo_course, tmp_path):
    pages, assignment = Pages(tmp_path), repo_course.assignment(A02)
    pages.message("en.html", assignment, "en", "service.received")
    pages.message("zh.html", assignment, "zh-CN", "service.received")
    english, chinese = (tmp_path / "en.html").read_text(), (tmp_path / "zh.html").read_text()
    assert english.startswith("<!DOCTYPE html><html><head>")
    assert (f"<title>{assignment.title_in('en')}</title>" in english and "<p>Your submission was received and is "
            "being graded. Fetch feedback again in a few seconds to see the result.</p>" in english)
    assert chinese.startswith("<!DOCTYPE html><html lang='zh-CN'>")
    assert f"<h1>{assignment.title_in('zh-CN')}</h1>" in chinese
    # Nothing on the page may load or run anything.
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'\"" in english


def test_a_message_quoting_the_student_is_escaped_and_readable(repo_course):
    page = message_page(repo_course.assignment(A02), "<b>hi</b>\u202e", "en")
    assert "<p>&lt;b&gt;hi&lt;/b&gt;\\u202e</p>" in page


def test_a_submission_that_could_not_be_graded_gets_its_status_and_why(repo_course, tmp_path):
    outcome = Outcome("alice", "malformed", [say("integrity.link", name="single_example_gd.ipynb")])
    Pages(tmp_path).not_graded("p.html", repo_course.assignment(A02), outcome, "en")
    page = (tmp_path / "p.html").read_text()
    assert "(status: <b>malformed</b>)" in page
    assert "<li>single_example_gd.ipynb is a symbolic link, not a file; submit the notebook itself</li>" in page


def test_a_generated_feedback_page_is_released_byte_for_byte(tmp_path):
    source = tmp_path / "generated.html"
    source.write_bytes(b"<html>\xe4\xb8\xad</html>")
    Pages(tmp_path / "out").copy("p.html", source)
    assert (tmp_path / "out" / "p.html").read_bytes() == b"<html>\xe4\xb8\xad</html>"
