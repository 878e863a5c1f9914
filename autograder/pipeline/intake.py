"""The course's one door for submissions, on the trusted side: `receive`, receipts and `verified`.

Students cannot write into the exchange's inbound folder (mode 0700, the grader's own account). A submission
enters it only through `receive()`: the grading service's HTTP intake calls it once the hub has said who is
submitting (intake_server.py), and the course's own tools and tests call it directly. `receive()` checks the
name, the assignment and every file, stamps the submission with this machine's clock, and writes the entry
under a temporary name before renaming it into place, so that nothing ever reads half an entry. Beside the
files it writes a receipt: an HMAC, keyed with the course secret, over the entry's name, the student, the
assignment, the timestamp and the digest of every file.

Whatever reads inbound (SafeCollect, the grading service) trusts an entry only when `verified()` finds its
receipt valid: a folder planted by someone who could write there anyway, a receipt copied from another entry
or forged, files changed after receiving, or a timestamp ahead of the clock are all refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import secrets
import stat
import tarfile
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from nbgrader.utils import parse_utc

from ..i18n import DEFAULT, say
from ..judge.integrity import read_small

RECEIPT = "receipt.json"
# Files of an entry that the course writes, never the student.
TIMESTAMP = "timestamp.txt"
SECRET = "submission_secret.txt"
WRITTEN_HERE = (TIMESTAMP, SECRET, RECEIPT)
# nbgrader's own timestamp format (Exchange.timestamp_format, in UTC), so that its collect and feedback read ours.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
INCOMING = ".incoming-"  # an entry being written: a name that nbgrader and the service never take for a submission
# Far more than an assignment of this course needs (a notebook and a picture or two), far less than a flood.
MAX_FILES = 100
MAX_DEPTH = 8
MAX_NAME = 100
RECEIPT_BYTES = 64_000
_DOMAIN = b"autograder receipt 1\0"


class Refused(ValueError):
    """A submission the course does not take; the message (a catalogue key of `intake.*` and its values) says why
    and what to do, for the student, in their language."""

    def __init__(self, key: str, **values):
        self.message = say(key, **values)
        super().__init__(self.message.render(DEFAULT))


@dataclass(frozen=True)
class Limits:
    """What one submission may hold. Sizes come from nbgrader's own settings of the course
    (CourseDirectory.max_file_size and max_dir_size, in kB), which its submit and collect apply too."""

    total_bytes: int
    file_bytes: int
    files: int = MAX_FILES

    @classmethod
    def of(cls, coursedir) -> Limits:
        return cls(total_bytes=1000 * coursedir.max_dir_size, file_bytes=1000 * coursedir.max_file_size)


@dataclass(frozen=True)
class Receipt:
    """What the course received: the entry's name in inbound, who, what, when (this machine's clock), and the
    sha256 of every file the student sent or the course wrote (relative path -> hex digest)."""

    entry: str
    student: str
    assignment: str
    timestamp: str
    files: tuple[tuple[str, str], ...]

    def _message(self) -> bytes:
        fields = {"entry": self.entry, "student": self.student, "assignment": self.assignment,
                  "timestamp": self.timestamp, "files": [list(pair) for pair in self.files]}
        return _DOMAIN + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")

    def signature(self, secret: bytes) -> str:
        return hmac.new(secret, self._message(), hashlib.sha256).hexdigest()

    def to_json(self, secret: bytes) -> str:
        return json.dumps({"entry": self.entry, "student": self.student, "assignment": self.assignment,
                           "timestamp": self.timestamp, "files": [list(pair) for pair in self.files],
                           "hmac": self.signature(secret)}, indent=1)

    @classmethod
    def from_json(cls, text: str, secret: bytes) -> Receipt:
        """The receipt written in `text`, if its HMAC is the course's; Unverified otherwise."""
        try:
            data = json.loads(text)
            receipt = cls(entry=data["entry"], student=data["student"], assignment=data["assignment"],
                          timestamp=data["timestamp"], files=tuple((path, digest) for path, digest in data["files"]))
            given = data["hmac"]
            if not all(isinstance(value, str) for value in (receipt.entry, receipt.student, receipt.assignment,
                                                             receipt.timestamp, given)) or \
                    not all(isinstance(part, str) for pair in receipt.files for part in pair):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise Unverified("its receipt is not one the course writes") from None
        if not hmac.compare_digest(given, receipt.signature(secret)):
            raise Unverified("its receipt was not signed with this course's secret (forged, or from another course)")
        return receipt


class Unverified(ValueError):
    """An inbound entry the course did not receive as it is; the message says why, for the instructor's log."""


# --- names ------------------------------------------------------------------------------------------------


def valid_student(name: object) -> bool:
    """A name that can be a student's folder and the first part of an inbound entry's name: letters, marks and
    digits of any script and . _ @ -, starting with a letter or a digit. So never `..`, `*`, `a/b`, `+`, a
    space, a control or bidi character, or text that is not Unicode."""
    return (isinstance(name, str) and 0 < len(name) <= MAX_NAME and unicodedata.category(name[0])[0] in "LN"
            and all(unicodedata.category(ch)[0] in "LMN" or ch in "._@-" for ch in name))


def shown(text: str) -> str:
    """`text` quoted for a message: characters a person cannot see or that steer a terminal (controls, bidi
    overrides, lone surrogates) written as escapes."""
    return "'" + "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text) + "'"


def _check_path(path: str) -> PurePosixPath:
    """A file's place in the submission, if it is a plain relative path of readable names."""
    quoted = shown(path)
    parts = PurePosixPath(path).parts
    if not path or path.startswith("/") or "\\" in path or len(parts) > MAX_DEPTH or len(path) > 1000:
        raise Refused("intake.path", name=quoted, depth=MAX_DEPTH)
    for part in parts:
        if part in (".", "..") or len(part.encode("utf-8", "surrogatepass")) > 255 or \
                any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for ch in part):
            raise Refused("intake.file_name", name=quoted)
    if len(parts) == 1 and parts[0] in WRITTEN_HERE:
        raise Refused("intake.course_file", name=parts[0])
    return PurePosixPath(*parts)


def _check_files(files: Mapping[str, bytes], limits: Limits) -> dict[PurePosixPath, bytes]:
    if not files:
        raise Refused("intake.no_file")
    if len(files) > limits.files:
        raise Refused("intake.too_many_files", count=len(files), limit=limits.files)
    checked: dict[PurePosixPath, bytes] = {}
    total = 0
    for path, data in files.items():
        place = _check_path(path)
        if place in checked:
            raise Refused("intake.twice", name=shown(path))
        if not isinstance(data, bytes):
            raise TypeError(f"the content of {path!r} must be bytes")
        if len(data) > limits.file_bytes:
            raise Refused("intake.file_too_large", name=shown(path), size=_mb(len(data)), limit=_mb(limits.file_bytes))
        total += len(data)
        checked[place] = data
    if total > limits.total_bytes:
        raise Refused("intake.too_large", size=_mb(total), limit=_mb(limits.total_bytes))
    folders = {parent for place in checked for parent in place.parents}
    if folders & set(checked):
        raise Refused("intake.file_and_folder")
    return checked


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"


def unpack(archive: bytes, limits: Limits) -> dict[str, bytes]:
    """The files of an uncompressed tar archive as the student's server sends them: plain files only, within
    the limits. A link, a pipe, a device or a name the course does not take refuses the whole upload."""
    if len(archive) > limits.total_bytes + 1024 * (limits.files + 2) + 10240:  # tar adds a header per file
        raise Refused("intake.archive_too_large", limit=_mb(limits.total_bytes))
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:", encoding="utf-8", errors="surrogateescape") as tar:
            while (member := tar.next()) is not None:
                if member.isdir():
                    continue
                if not member.isreg():
                    raise Refused("intake.link" if member.issym() or member.islnk() else "intake.device",
                                  name=shown(member.name))
                if len(files) >= limits.files:
                    raise Refused("intake.over_files", limit=limits.files)
                total += member.size
                if member.size > limits.file_bytes or total > limits.total_bytes:
                    raise Refused("intake.past_limits", name=shown(member.name), file=_mb(limits.file_bytes),
                                  total=_mb(limits.total_bytes))
                if member.name in files:
                    raise Refused("intake.twice", name=shown(member.name))
                content = tar.extractfile(member)
                assert content is not None, "tarfile gives every regular member a file object"
                files[member.name] = content.read()
    except (tarfile.TarError, EOFError, OSError) as err:
        raise Refused("intake.not_tar", error=str(err)) from None
    _check_files(files, limits)
    return files


# --- inbound ----------------------------------------------------------------------------------------------


def inbound_of(course) -> Path:
    """The exchange's inbound folder of the course."""
    root = course.config.get("Exchange", {}).get("root") or str(course.root / "exchange")
    return Path(root) / course.course_id / "inbound"


def close_inbound(folder: Path) -> bool:
    """Make `folder` (an inbound folder) the grader's alone: created if missing, mode 0700. True when its mode
    had to be changed (nbgrader's release creates it writable by everyone, 0733)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(folder.stat().st_mode) == 0o700:
        return False
    folder.chmod(0o700)
    return True


def now_stamp(clock=time.time) -> str:
    return datetime.fromtimestamp(clock(), UTC).strftime(TIMESTAMP_FORMAT)


def receive(course, student: str, assignment_id: str, files: Mapping[str, bytes], clock=time.time) -> Path:
    """Take a submission of `student` (a name the caller has authenticated) into the exchange: the entry's path.
    `files` maps each file's relative path in the assignment folder to its bytes. Refused, with a message for the
    student, when the name, the assignment or a file is not one the course takes."""
    if not valid_student(student):
        raise Refused("intake.student_name", name=shown(student))
    from ..catalogue import CatalogueError

    try:
        course.assignment(assignment_id)
    except CatalogueError:
        raise Refused("intake.unknown_assignment", name=shown(assignment_id), course=course.course_id) from None
    inbound = inbound_of(course)
    if not (inbound.parent / "outbound" / assignment_id).is_dir():
        raise Refused("intake.not_released", name=assignment_id)
    checked = _check_files(files, Limits.of(course.coursedir))
    close_inbound(inbound)

    timestamp = now_stamp(clock)
    name = f"{student}+{assignment_id}+{timestamp}+{base64.urlsafe_b64encode(os.urandom(9)).decode('ascii')}"
    written = {**{str(place): data for place, data in checked.items()},
               TIMESTAMP: timestamp.encode(), SECRET: secrets.token_hex(64).encode()}
    receipt = Receipt(entry=name, student=student, assignment=assignment_id, timestamp=timestamp,
                      files=tuple(sorted((path, hashlib.sha256(data).hexdigest()) for path, data in written.items())))
    written[RECEIPT] = receipt.to_json(course.secret).encode()
    incoming = inbound / f"{INCOMING}{secrets.token_hex(8)}"
    incoming.mkdir(mode=0o700)
    try:
        for path, data in written.items():
            _write(incoming, PurePosixPath(path), data)
        _sync(incoming)
        os.rename(incoming, inbound / name)
    except BaseException:
        _remove(incoming)
        raise
    _sync(inbound)
    return inbound / name


def _write(folder: Path, place: PurePosixPath, data: bytes) -> None:
    target = folder.joinpath(*place.parts)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync(folder: Path) -> None:
    """The folder's entries on disk: a received submission survives a crash of the machine."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def verified(entry_path: Path, course, clock=time.time) -> Receipt | None:
    """The receipt of an inbound entry, if the course received the entry exactly as it is; None otherwise."""
    try:
        return examine(Path(entry_path), course, clock)
    except Unverified:
        return None


def examine(entry: Path, course, clock=time.time) -> Receipt:
    """The receipt of an inbound entry; Unverified, saying why, when the course did not receive it as it is."""
    try:
        mode = entry.lstat().st_mode
    except OSError as err:
        raise Unverified(f"it cannot be read ({err.strerror})") from None
    if not stat.S_ISDIR(mode):
        raise Unverified("it is not a folder (a link, a file or a pipe)")
    text = read_small(entry / RECEIPT, RECEIPT_BYTES)
    if text is None:
        raise Unverified("it has no receipt: it was not received by the course's grading service")
    receipt = Receipt.from_json(text, course.secret)
    if receipt.entry != entry.name:
        raise Unverified(f"its receipt belongs to another entry ({shown(receipt.entry)})")
    if receipt.entry.rsplit("+", 3)[:3] != [receipt.student, receipt.assignment, receipt.timestamp]:
        raise Unverified("its receipt does not match its name")
    try:
        when = parse_utc(receipt.timestamp).timestamp()
    except (ValueError, OverflowError):
        raise Unverified("its timestamp is not a date") from None
    if when > clock():
        raise Unverified(f"its timestamp ({receipt.timestamp}) is ahead of this machine's clock")
    found, expected = _digests(entry, Limits.of(course.coursedir)), dict(receipt.files)
    if found != expected:
        changed = sorted(path for path in set(found) | set(expected) if found.get(path) != expected.get(path))
        raise Unverified(f"its files are not those received ({', '.join(map(shown, changed[:5]))})")
    return receipt


def _digests(entry: Path, limits: Limits) -> dict[str, str]:
    """sha256 of every file under `entry` but the receipt; Unverified on a link, a pipe or too much data."""
    found: dict[str, str] = {}
    budget = limits.total_bytes + 10_000  # the course's own two small files
    for parent, folders, names in os.walk(entry):
        for name in folders + names:
            path = Path(parent, name)
            relative = path.relative_to(entry).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise Unverified(f"{shown(relative)} is a link, a pipe or a device")
            if relative == RECEIPT:
                continue
            if len(found) > limits.files + len(WRITTEN_HERE):
                raise Unverified("it holds more files than a submission may")
            digest = hashlib.sha256()
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    budget -= len(chunk)
                    if budget < 0:
                        raise Unverified("it holds more data than a submission may")
                    digest.update(chunk)
            found[relative] = digest.hexdigest()
    return found
