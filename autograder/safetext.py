"""Text a student controls, made safe for every place it is written: files, pages, spreadsheets, logs, terminals.

A student controls their id (a hub login, a folder name), the messages that quote their exceptions and the source
of their answers, and any of these may hold any code point Python allows: a lone surrogate (which UTF-8 cannot
encode, so that writing it raises UnicodeEncodeError), control characters and terminal escape sequences, the
bidirectional controls (U+202E …) that make a page or a terminal show text in another order than it is, and, in a
CSV file, a formula for the spreadsheet that opens it. Every writer passes such text through this module:

* `utf8`: what any file can hold (lone surrogates written as the escape ``\\udcff``);
* `readable`: what a person may read: also control, bidirectional and invisible format characters written as
  escapes (``\\x1b``, ``\\u202e``); line breaks and tabs kept unless `one_line`;
* `identifier`: an id shown to a person, one to one: as `readable` on one line, spaces escaped too, and every
  backslash doubled, so that two different ids never show alike (`from_identifier` reads one back);
* `cell` / `id_cell`: a CSV cell: readable text (or an identifier), with a leading ``'`` where a spreadsheet would
  read a formula, and also where the text starts with ``'`` itself, so that ``=x`` and ``'=x`` stay two different
  cells (`from_cell` reads one back);
* `LogFormatter`: log lines whose arguments cannot forge a line or move the cursor of the terminal that shows them.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

# Bidirectional controls (Unicode's Bidi_Control property): they reorder what follows them on screen.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters that join letters in some scripts (Persian, emoji sequences): invisible but harmless.
JOINERS = frozenset("\u200c\u200d")
# What a spreadsheet reads as the start of a formula (OWASP's list, with the full-width forms some accept), and
# the quote that marks a cell as text.
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"
# How much of one answer a page or a comparison takes (the course's longest answer has 80 lines): a student who pads
# an answer with 100,000 lines costs the next student's feedback and the class report nothing more.
SHOWN_LINES = 400
SHOWN_CHARS = 40_000
_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")


def _escape(char: str) -> str:
    point = ord(char)
    if point <= 0xFF:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


def _hidden(char: str, keep: str) -> bool:
    """Whether a person cannot see `char` as itself (or it changes how the rest is shown)."""
    if char in keep:
        return False
    if char in BIDI:
        return True
    category = unicodedata.category(char)
    return category in ("Cc", "Cs", "Zl", "Zp") or (category == "Cf" and char not in JOINERS)


def utf8(text: str) -> str:
    """`text` with each lone surrogate written as its escape: a string every UTF-8 writer can encode."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def readable(text: str, one_line: bool = False) -> str:
    """`text` for a person: what would be invisible, reorder the text or drive a terminal, written as escapes."""
    keep = "" if one_line else "\n\t"
    return "".join(_escape(char) if _hidden(char, keep) else char for char in text)


def identifier(text: str) -> str:
    """An id for a person, on one line and without spaces (so that ids can be listed with spaces between them);
    different ids always give different text (`from_identifier` reverses)."""
    return "".join("\\\\" if char == "\\" else _escape(char) if _hidden(char, "") or char.isspace() else char
                   for char in text)


def from_identifier(text: str) -> str:
    """The id that `identifier` wrote as `text`."""
    return _ESCAPE.sub(lambda found: "\\" if found.group(1) == "\\" else chr(int(found.group(1)[1:], 16)), text)


def _quoted(text: str) -> str:
    return QUOTE + text if text.startswith(FORMULA) or text.startswith(QUOTE) else text


def cell(text: str) -> str:
    """Free text (a message, a title) for a CSV cell: readable, never a formula."""
    return _quoted(readable(text))


def id_cell(text: str) -> str:
    """An id for a CSV cell: one to one, never a formula (`from_cell` reverses)."""
    return _quoted(identifier(text))


def from_cell(text: str) -> str:
    """The id that `id_cell` wrote as `text`."""
    return from_identifier(text[1:] if text.startswith(QUOTE) else text)


def cut(text: str, max_lines: int = SHOWN_LINES, max_chars: int = SHOWN_CHARS) -> tuple[str, int, bool]:
    """The first `max_lines` lines of `text`, at most `max_chars` characters of it; how many lines the whole
    text has; and whether anything was left out. What a report shows of an answer a student may have padded."""
    lines = text.count("\n") + 1
    if lines <= max_lines and len(text) <= max_chars:
        return text, lines, False
    return "\n".join(text[:max_chars].split("\n")[:max_lines]), lines, True


def number(value: float | int | None) -> str:
    """A number for a CSV cell or a page: as short as it is exact; empty for none."""
    return "" if value is None else f"{value:g}"


# --- writing files -------------------------------------------------------------------------------------------

def write_text(path: Path, text: str) -> None:
    """Write `text` as UTF-8 all at once: a reader sees the old file or the new one, never a part; whatever
    fails (a full disk, an unencodable character) leaves the old file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = utf8(text).encode("utf-8")
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(scratch, 0o644)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def csv_text(rows: list[list[str]]) -> str:
    """Rows of cells already made safe (`cell`, `id_cell`, `number`) as the text of a CSV file."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: list[list[str]]) -> None:
    write_text(path, csv_text(rows))


# --- logs and terminals --------------------------------------------------------------------------------------

def terminal(text: str) -> str:
    """A line for the terminal: readable, on one line."""
    return readable(text, one_line=True)


class LogFormatter(logging.Formatter):
    """A formatter whose lines hold no lone surrogate, no terminal escape and no line break that a student's text
    brought in: each text argument of the message is put on one readable line, then the whole record made readable
    (a traceback keeps its own lines)."""

    def format(self, record: logging.LogRecord) -> str:
        args = record.args
        if isinstance(args, tuple) and args:
            record = logging.makeLogRecord(record.__dict__)
            record.args = tuple(terminal(arg) if isinstance(arg, str) else arg for arg in args)
        return readable(super().format(record))


def protect_streams() -> None:
    """Make this process's standard output and error write a lone surrogate as its escape instead of raising: the
    last line of defence of a command whose output holds student text (which should already be `terminal`)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
