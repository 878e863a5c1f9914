"""Chinese in figures: the Noto CJK fonts are installed (scripts/install-system-packages) and matplotlib draws each
character with them, not the one empty box it draws for a character no font has."""

from __future__ import annotations

import subprocess
import warnings

import numpy as np

from autograder import fonts


def test_fontconfig_has_a_simplified_chinese_sans_font():
    families = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True,
                              check=True).stdout
    assert fonts.CJK_FAMILY in {name for line in families.splitlines() for name in line.split(",")}


def _drawn(text: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(0.6, 0.6), dpi=50)
    fig.text(0.1, 0.2, text, fontsize=20)
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba()).tobytes()
    plt.close(fig)
    return pixels


def test_matplotlib_draws_each_chinese_character_and_latin_from_its_own_font():
    from matplotlib import rcParams

    assert fonts.use_cjk()
    assert rcParams["font.family"][0] == "sans-serif" and rcParams["font.family"][-1] == fonts.CJK_FAMILY
    characters = "损失函数梯度下降"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would fail here
        drawn = [_drawn(c) for c in characters]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        missing = _drawn("\U0010fffd")
    assert len(set(drawn)) == len(characters) and missing not in drawn
