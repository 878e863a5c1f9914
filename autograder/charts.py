"""The reports' pictures as SVG text: a histogram of scores and a bar per exercise.

Two plain charts do not need a plotting library: matplotlib took about 5 s to import and 0.7 s per figure on
the course's machine, which an instructor paid on every one-student `autograder grade`. SVG is text the
browser draws with its own fonts (Chinese titles included) and opens from disk like a PNG. Every text in a
picture is escaped here; student text never reaches one (titles and grade ids come from the course's files).
"""

from __future__ import annotations

from html import escape

from .safetext import readable

WIDTH = 700
BLUE = "#3b75af"
FONT = 'font-family="system-ui, sans-serif"'


def _text(x: float, y: float, text: str, size: int = 12, anchor: str = "start", extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {FONT}{extra}>'
            f"{escape(readable(text, one_line=True))}</text>")


def _svg(height: float, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" role="img"><title>{escape(readable(title, one_line=True))}</title>'
            f'<rect width="100%" height="100%" fill="white"/>{_text(WIDTH / 2, 22, title, 14, "middle")}'
            + "".join(body) + "</svg>\n")


def histogram(values: list[float], top: float, title: str, axes: tuple[str, str] = ("", "")) -> str:
    """How many values fall in each of up to 20 equal bins from 0 to `top` (the last bin includes `top`); `axes`:
    the words under the bins and beside the counts."""
    bins = min(20, max(5, int(top))) if top > 0 else 5
    width = (top / bins) if top > 0 else 1.0
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value / width)))] += 1
    left, right, floor, ceiling = 50, WIDTH - 20, 300, 40
    most = max(counts + [1])
    step = (right - left) / bins
    body = [f'<line x1="{left}" y1="{floor}" x2="{right}" y2="{floor}" stroke="#444"/>']
    for i, count in enumerate(counts):
        height = (floor - ceiling) * count / most
        if count:
            body.append(f'<rect x="{left + i * step + 1:.1f}" y="{floor - height:.1f}" width="{step - 2:.1f}" '
                        f'height="{height:.1f}" fill="{BLUE}"/>')
            body.append(_text(left + (i + 0.5) * step, floor - height - 4, str(count), 10, "middle"))
    for i in range(0, bins + 1, max(1, bins // 10)):
        body.append(_text(left + i * step, floor + 16, f"{i * width:g}", 10, "middle"))
    body.append(_text((left + right) / 2, floor + 36, axes[0], 12, "middle"))
    body.append(_text(14, (floor + ceiling) / 2, axes[1], 12, "middle",
                      f' transform="rotate(-90 14 {(floor + ceiling) / 2:.1f})"'))
    return _svg(floor + 46, title, body)


def bars(items: list[tuple[str, float, str]], title: str, axis: str) -> str:
    """One horizontal bar per (label, share from 0 to 1, annotation), top to bottom."""
    left, right, top, row = 220, WIDTH - 60, 40, 26
    body = []
    for i, (label, share, note) in enumerate(items):
        y = top + i * row
        length = (right - left) * max(0.0, min(1.0, share))
        body.append(_text(left - 8, y + 16, label if len(label) <= 32 else label[:31] + "…", 12, "end"))
        body.append(f'<rect x="{left}" y="{y + 4:.1f}" width="{length:.1f}" height="{row - 8}" fill="{BLUE}"/>')
        body.append(_text(left + length + 4, y + 16, note, 10))
    bottom = top + len(items) * row
    body.append(f'<line x1="{left}" y1="{bottom + 2}" x2="{right}" y2="{bottom + 2}" stroke="#444"/>')
    for percent in range(0, 101, 20):
        body.append(_text(left + (right - left) * percent / 100, bottom + 18, f"{percent}", 10, "middle"))
    body.append(_text((left + right) / 2, bottom + 36, axis, 12, "middle"))
    return _svg(bottom + 46, title, body)
