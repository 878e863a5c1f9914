"""The class report's page is rendered from a template compiled once and kept in the course's state folder."""

from __future__ import annotations

import errno
import re

import jinja2.bccache

from autograder import classreport


def test_the_compiled_template_is_kept_and_gives_the_same_page(tmp_path):
    compiled = tmp_path / ".autograder" / "templates"
    pages, written = [], []
    for run in ("first", "second"):
        folder = tmp_path / run
        index = classreport.render(folder, "Course", [], {}, classreport.Settings(), compiled=compiled)
        pages.append(re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", index.read_text()))
        kept = sorted(compiled.iterdir())
        assert len(kept) == 1 and kept[0].stat().st_size > 0, kept
        written.append(kept[0].stat().st_mtime_ns)
    assert pages[0] == pages[1] and "<html" in pages[0]
    assert written[0] == written[1]  # the second page was rendered from the kept code, not compiled and kept again


def test_a_folder_that_cannot_be_made_leaves_the_page_compiled_each_time(tmp_path):
    (tmp_path / "file").write_text("")
    index = classreport.render(tmp_path / "out", "Course", [], {}, classreport.Settings(),
                               compiled=tmp_path / "file" / "templates")
    assert "<html" in index.read_text()


def test_a_full_disk_keeps_no_compiled_template_and_still_writes_the_page(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full)
    compiled = tmp_path / "templates"
    index = classreport.render(tmp_path / "out", "Course", [], {}, classreport.Settings(), compiled=compiled)
    assert "<html" in index.read_text()
    assert list(compiled.iterdir()) == []
