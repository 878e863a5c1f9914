"""Whether the course's disk is full: a fact found by writing, not read from an error message."""

from __future__ import annotations

import errno
import os
from pathlib import Path

PROBE = Path(".autograder") / ".space-probe"
PROBE_BYTES = 1 << 16
FULL = (errno.ENOSPC, errno.EDQUOT)


def full(root: Path) -> bool:
    """True when a small file cannot be written beside the course's gradebook for lack of space."""
    path = root / PROBE
    try:
        with open(path, "wb") as probe:
            probe.write(b"\0" * PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as err:
        return err.errno in FULL
    finally:
        try:
            path.unlink()
        except OSError:
            pass
    return False


def disk_error(err: BaseException | None) -> bool:
    """An exception that says the disk is full: an OSError's errno, or SQLite's own result code (SQLITE_FULL)."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, OSError) and err.errno in FULL:
            return True
        if getattr(err, "sqlite_errorcode", None) == 13:  # SQLITE_FULL
            return True
        err = getattr(err, "orig", None) or err.__cause__ or err.__context__
    return False
