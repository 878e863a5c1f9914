"""filecache.ByFiles: a value kept while its files are unchanged, computed again when one changes."""

import os

from autograder.filecache import ByFiles


def _touch(path, ns):
    os.utime(path, ns=(ns, ns))


def test_a_value_is_computed_once_while_its_file_is_unchanged_and_again_when_it_changes(tmp_path):
    path = tmp_path / "grading.py"
    path.write_text("one")
    _touch(path, 1_000_000_000)
    computed = []
    cache = ByFiles(lambda p: computed.append(p.read_text()) or p.read_text())
    assert [cache.get(path), cache.get(path)] == ["one", "one"]
    path.write_text("two")
    _touch(path, 2_000_000_000)
    assert cache.get(path) == "two"
    assert computed == ["one", "two"]


def test_every_watched_file_counts_and_a_missing_one_appearing_is_a_change(tmp_path):
    english, chinese = tmp_path / "nb.ipynb", tmp_path / "nb.zh-CN.ipynb"
    english.write_text("en")
    computed = []
    cache = ByFiles(lambda p: computed.append(p) or len(computed), lambda p: (p, p.with_name("nb.zh-CN.ipynb")))
    assert cache.get(english) == cache.get(english) == 1
    chinese.write_text("zh")
    assert cache.get(english) == 2


def test_the_least_recently_used_value_goes_first_and_a_forgotten_one_is_computed_again(tmp_path):
    paths = [tmp_path / name for name in "abc"]
    for path in paths:
        path.write_text(path.name)
    computed = []
    cache = ByFiles(lambda p: computed.append(p.name) or p.name, size=2)
    cache.get(paths[0]), cache.get(paths[1]), cache.get(paths[0]), cache.get(paths[2])  # b is the oldest: out
    assert list(cache.kept) == [paths[0], paths[2]]
    cache.forget(paths[0])
    assert cache.get(paths[0]) == "a"
    assert computed == ["a", "b", "c", "a"]
