"""Chinese in matplotlib figures: the Noto CJK fonts (Debian's fonts-noto-cjk, installed by
scripts/install-system-packages) as the fallback for every glyph the Latin font lacks.

The Latin font stays first, so an English figure is drawn exactly as before; a Chinese title or label takes its
characters from Noto Sans CJK SC instead of drawing empty boxes. The figures of the notebooks
(autograder.figures) call `use_cjk()` (the reports draw their pictures as SVG, in the browser's fonts).
"""

from __future__ import annotations

import glob

CJK_FAMILY = "Noto Sans CJK SC"
# Where Debian (and most distributions) put the Noto CJK collections.
CJK_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/**/NotoSansCJK*.tt[co]")


def cjk_font_file() -> str | None:
    """The Noto Sans CJK file on this machine, or None when the fonts are not installed."""
    for pattern in CJK_FILES:
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


def use_cjk() -> bool:
    """Make pyplot draw Chinese; False when no CJK font is installed (then Chinese shows as boxes)."""
    from matplotlib import font_manager, rcParams

    if CJK_FAMILY not in {font.name for font in font_manager.fontManager.ttflist}:
        # matplotlib's font cache was built before the fonts were installed: add them without rebuilding it.
        path = cjk_font_file()
        if path is None:
            return False
        font_manager.fontManager.addfont(path)
    # matplotlib falls back from one entry of font.family to the next, glyph by glyph (a generic family such as
    # sans-serif stands for one font, its first installed one).
    if CJK_FAMILY not in rcParams["font.family"]:
        rcParams["font.family"] = [*rcParams["font.family"], CJK_FAMILY]
    return True
