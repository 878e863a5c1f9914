"""Every message a student reads, in their language: one catalogue per language, as plain data.

`locale/en.toml` and `locale/zh-CN.toml` hold the same keys; a message is a `str.format` template. The public
checks (in the student's kernel), the judge and the feedback page all ask `text(key, ...)`, so a diagnostic reads
the same wherever it appears and is never written into a notebook cell.

Which language: the one set with `language(code)` in this context (the grader, from the course roster), else the
kernel's environment — AUTOGRADER_LANGUAGE, which the hub sets for each student, then the usual LANGUAGE,
LC_ALL, LC_MESSAGES and LANG — else English.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import tomllib
from functools import lru_cache
from pathlib import Path

DEFAULT = "en"
LANGUAGES = ("en", "zh-CN")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)


def normalize(value: str | None) -> str | None:
    """A locale name as one of LANGUAGES: zh_CN.UTF-8, zh-cn, zh-Hans and zh all read 简体中文."""
    if not value:
        return None
    tag = value.split(".")[0].split("@")[0].replace("_", "-").lower()
    if tag.startswith("zh") and not tag.startswith(("zh-tw", "zh-hk", "zh-hant")):
        return "zh-CN"
    if tag.startswith("en") or tag in ("c", "posix"):
        return "en"
    return None


def current() -> str:
    chosen = _chosen.get()
    if chosen:
        return chosen
    for variable in ("AUTOGRADER_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        # LANGUAGE may list several, in order of preference: the first one the course has counts.
        for value in os.environ.get(variable, "").split(":"):
            found = normalize(value)
            if found:
                return found
    return DEFAULT


@contextlib.contextmanager
def language(code: str | None):
    """Within this block, messages are in `code` (None: as the environment says)."""
    if code is not None and code not in LANGUAGES:
        raise ValueError(f"no message catalogue for {code!r}; there are {', '.join(LANGUAGES)}")
    token = _chosen.set(code)
    try:
        yield
    finally:
        _chosen.reset(token)


@lru_cache(maxsize=None)
def catalogue(code: str) -> dict[str, str]:
    """The messages of one language, by dotted key ("check.shape.transposed")."""
    with open(LOCALE_DIR / f"{code}.toml", "rb") as file:
        return dict(_flatten(tomllib.load(file)))


def _flatten(table: dict, prefix: str = ""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def text(key: str, code: str | None = None, **values) -> str:
    """The message `key` in `code` (default: the current language), filled in with `values`."""
    return catalogue(code or current())[key].format(**values)


def texts(code: str | None = None) -> dict[str, str]:
    """Every message of a language, for a template that shows many (the feedback page)."""
    return catalogue(code or current())


def a(noun: str) -> str:
    """`noun` with its indefinite article where the language has one: 'an int', 'a float'; 整数."""
    vowel = noun[:1].lower() in text("grammar.vowels")
    return text("grammar.an" if vowel else "grammar.a", noun=noun)
