"""The course's figures in the student's language: every word of autograder.figures comes from the message
catalogues, in the language the kernel runs in, and Chinese is drawn with the CJK font (no glyph missing)."""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from autograder import figures, i18n  # noqa: E402

MATH = re.compile(r"\$[^$]*\$")
# A word of English: two Latin letters or more, outside math (single letters are variables: x, P, C).
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def _network():
    x, y = np.array([[0.5], [-1.0]]), np.array([[1.0]])
    params = {"W1": np.array([[0.2, -0.4], [0.7, 0.1]]), "W2": np.array([[0.6, -0.3]])}
    cache = {"z1": np.array([[0.5], [0.25]]), "a1": np.array([[0.62], [0.56]]), "z2": np.array([[0.2]]),
             "a2": np.array([[0.55]])}
    dz = {"dz1": np.array([[-0.06], [0.03]]), "dz2": np.array([[-0.45]])}
    return x, y, params, cache, dz


def _points():
    X = np.array([[0.0, 1.0, 0.2, 0.8], [0.0, 1.0, 0.9, 0.1]])
    Y = np.array([[0, 0, 1, 1]])
    return X, Y


def _said(english: str, chinese: str) -> str:
    """What a notebook passes to a figure: its own words, from the catalogues, in the kernel's language."""
    return chinese if i18n.current() == "zh-CN" else english


def _boundaries():
    X, Y = _points()
    title = _said("logistic regression", "逻辑回归")
    figures.decision_boundaries(X, Y, [(title, lambda P: 1 / (1 + np.exp(-(P[0] - P[1]))))])


def _features():
    X, Y = _points()
    figures.hidden_features(X, Y, np.array([[1.0, -1.0]]), np.array([[0.1]]))


def _classifier():
    figures.logistic_regression(np.arange(64 * 64 * 3, dtype=np.uint8).reshape(64, 64, 3))


def _gallery():
    images = np.zeros((2, 4, 4, 3), dtype=np.uint8)
    figures.gallery(images, [_said("0: cat", "0：猫"), _said("1: non-cat", "1：非猫")],
                    title=_said("images of the training set", "训练集中的图像"))


FIGURES = {"computation_graph": figures.computation_graph, "reverse_neuron": figures.reverse_neuron,
           "reverse_network": lambda: figures.reverse_network(*_network()), "decision_boundaries": _boundaries,
           "hidden_features": _features, "logistic_regression": _classifier, "gallery": _gallery}


def _drawn(draw, language: str) -> list[str]:
    """The texts of the figure `draw` makes in `language`, drawn (a missing glyph would fail here)."""
    plt.close("all")
    with i18n.language(language), warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" and draws an empty box
        draw()
        figure = plt.gcf()
        figure.canvas.draw()
    texts = [text.get_text() for text in figure.findobj(Text) if text.get_text().strip()]
    plt.close(figure)
    return texts


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_is_drawn_in_chinese_with_no_english_label_and_no_missing_glyph(name):
    chinese = _drawn(FIGURES[name], "zh-CN")
    english_words = [text for text in chinese if ENGLISH.search(MATH.sub("", text))]
    assert english_words == [], english_words
    assert any(re.search(r"[\u4e00-\u9fff]", text) for text in chinese)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_each_figure_reads_in_english_for_an_english_student(name):
    english = _drawn(FIGURES[name], "en")
    assert not any(re.search(r"[\u4e00-\u9fff]", text) for text in english)
    assert any(ENGLISH.search(MATH.sub("", text)) for text in english)
