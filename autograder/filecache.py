"""One cache for what is computed from files: a value is kept while its files are unchanged and computed again when
one of them changes (an instructor who fixes a check while the formgrader or the grading service runs gets the fix).

Keyed by the value's key (a path) and the files' modification times in nanoseconds, never by an object's id(),
which Python gives again to a new object once the old one is gone."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

V = TypeVar("V")


def stamp(path: Path) -> int:
    """The file's modification time in nanoseconds; 0 for a missing file (its appearing is a change)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


class ByFiles(Generic[V]):
    """`compute(key)`, kept while the files `files(key)` (default: the key itself, a path) are unchanged; the `size`
    last used values are kept."""

    def __init__(self, compute: Callable[[Path], V], files: Callable[[Path], Iterable[Path]] | None = None,
                 size: int = 16):
        self.compute, self.size = compute, size
        self.files = files or (lambda key: (key,))
        self.kept: OrderedDict[Hashable, tuple[tuple[int, ...], V]] = OrderedDict()

    def get(self, key: Path) -> V:
        # Stamped before computing: a file that changes meanwhile is read again next time.
        stamps = tuple(stamp(path) for path in self.files(key))
        kept = self.kept.get(key)
        if kept is None or kept[0] != stamps:
            kept = self.kept[key] = (stamps, self.compute(key))
        self.kept.move_to_end(key)
        while len(self.kept) > self.size:
            self.kept.popitem(last=False)
        return kept[1]

    def forget(self, key: Path) -> None:
        self.kept.pop(key, None)
