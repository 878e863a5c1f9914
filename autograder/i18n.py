"""Every message a student reads, in their language: one catalogue per language, as plain data.

`locale/en.toml` and `locale/zh-CN.toml` hold the same keys; a message is a `str.format` template. The public
checks (in the student's kernel), the judge and the feedback page all ask `text(key, ...)`, so a diagnostic reads
the same wherever it appears and is never written into a notebook cell.

What is said once and read later, perhaps by several people in several languages (a verdict, a status sentence:
the student reads it in Chinese on the feedback page, the instructor in English in grades.csv), is kept as a
`Message` — `say(key, ...)`, the key and its values — and rendered only when it is shown.

Which language: the one set with `language(code)` in this context (the grader, from the course roster), else the
kernel's environment — AUTOGRADER_LANGUAGE, which the hub sets for each student, then the usual LANGUAGE,
LC_ALL, LC_MESSAGES and LANG — else English.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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


@cache
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


def a(noun) -> Message:
    """`noun` with its indefinite article where the language has one: 'an int', 'a float'; 整数."""
    return say(ARTICLE, noun=noun)


ARTICLE = "grammar.a"  # rendered as grammar.an before a noun that starts with one of the language's vowels
# The key of a text that is not in the catalogues (an author's own hint, a message stored by an older grader).
LITERAL = ""


@dataclass(frozen=True)
class Message:
    """A message as data: a catalogue key, the values that fill its template, and the messages said right after it
    (`+`). A value may itself be a Message, rendered in the same language. `str()` renders it in the current
    language; `render(code)` in any."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()
    after: tuple[Message, ...] = ()

    def __add__(self, other: Message) -> Message:
        if not isinstance(other, Message):
            return NotImplemented
        return Message(self.key, self.values, self.after + (Message(other.key, other.values),) + other.after)

    def __str__(self) -> str:
        return self.render()

    @property
    def keys(self) -> tuple[str, ...]:
        """The catalogue keys it is made of, in the order they are said (values' own messages left out)."""
        return (self.key, *(part.key for part in self.after))

    def render(self, code: str | None = None) -> str:
        code = code or current()
        return "".join(part._own(code) for part in (self, *self.after))

    def _own(self, code: str) -> str:
        values: dict[str, Any] = {name: value.render(code) if isinstance(value, Message) else value
                                  for name, value in self.values}
        if self.key == LITERAL:
            texts = values.get("texts") or {}
            return texts.get(code, texts.get(DEFAULT, ""))
        key = self.key
        if key == ARTICLE and str(values.get("noun", ""))[:1].lower() in catalogue(code)["grammar.vowels"]:
            key = "grammar.an"
        return catalogue(code)[key].format(**values)

    @classmethod
    def literal(cls, texts: str | dict[str, str]) -> Message:
        """A text said as it is: one text for every language, or {language: text}."""
        return cls(LITERAL, (("texts", texts if isinstance(texts, dict) else {DEFAULT: texts}),))

    def to_data(self) -> dict:
        """The message as JSON data (what autograder.json and a notebook's metadata hold)."""
        data: dict = {"key": self.key, "values": {name: _encode(value) for name, value in self.values}}
        if self.after:
            data["after"] = [part.to_data() for part in self.after]
        return data

    @classmethod
    def from_data(cls, data) -> Message:
        """A message read back from `to_data`; a plain string (written by an older grader) is a literal."""
        if isinstance(data, str):
            return cls.literal(data)
        return cls(str(data["key"]), tuple((str(name), _decode(value)) for name, value in data["values"].items()),
                   tuple(cls.from_data(part) for part in data.get("after", ())))


def say(key: str, **values) -> Message:
    """The message `key` with its values, to be rendered when it is shown (in the catalogues of every language)."""
    return Message(key, tuple(values.items()))


def joined(separator: str, items) -> Message:
    """`items` (messages or plain values) said one after another, with the message `separator` between them."""
    parts = [item if isinstance(item, Message) else say("grammar.value", value=item) for item in items]
    message = parts[0]
    for part in parts[1:]:
        message = message + say(separator) + part
    return message


def _encode(value):
    """A message's value as JSON; what JSON has no word for (a NumPy number, a dtype, a shape) as its nearest."""
    if isinstance(value, Message):
        return {"message": value.to_data()}
    if isinstance(value, tuple):
        return {"tuple": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"dict": {str(key): _encode(item) for key, item in value.items()}}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    item = getattr(value, "item", None)  # a NumPy scalar
    if callable(item) and getattr(value, "shape", None) == ():
        return _encode(item())
    return str(value)


def _decode(value):
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if "message" in value:
            return Message.from_data(value["message"])
        if "tuple" in value:
            return tuple(_decode(item) for item in value["tuple"])
        if "datetime" in value:
            return datetime.datetime.fromisoformat(value["datetime"])
        return {key: _decode(item) for key, item in value.get("dict", {}).items()}
    return value
