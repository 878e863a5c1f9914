"""The course's diagrams and picture helpers, so that a notebook draws a figure in one line.

Every drawing function draws on a new pyplot figure and returns nothing: in a notebook the figure is
shown at the end of the cell, and a test reads it back with `plt.gcf()`. The numbers a diagram shows are
passed in by the notebook (computed there by the student's own functions); nothing here computes a
derivative from scratch, so reading this module does not answer an exercise.

Every word of a figure comes from the message catalogues (`figure.*`), in the language the kernel runs in (the
hub sets it for each student), and Chinese is drawn with the CJK font (autograder.fonts).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyArrowPatch, Polygon

from .fonts import use_cjk
from .i18n import text

use_cjk()  # a Chinese title or label in a student's figure is drawn, not shown as boxes

FORWARD = "tab:blue"
BACKWARD = "firebrick"


# --- small drawing pieces ------------------------------------------------------------------------------

def _canvas(width: float, height: float, xlim: tuple[float, float], ylim: tuple[float, float]):
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def _box(ax, x, y, text, color="black", face="white", size=11):
    return ax.text(x, y, text, ha="center", va="center", fontsize=size, color="black",
                   bbox={"boxstyle": "round,pad=0.4", "facecolor": face, "edgecolor": color})


def _arrow(ax, start, end, color="black", shrink=18, width=1.3):
    """An arrow between two points (data coordinates), its ends kept `shrink` points clear of them."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color=color, lw=width,
                                 shrinkA=shrink, shrinkB=shrink))


def _link(ax, source, target, color="black", rightwards=True):
    """An arrow from the edge of one text box to the edge of another (left/right middles)."""
    ax.annotate("", xy=(0, 0.5) if rightwards else (1, 0.5), xycoords=target,
                xytext=(1, 0.5) if rightwards else (0, 0.5), textcoords=source,
                arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.3, "shrinkA": 6, "shrinkB": 6})


def _edge_label(ax, start, end, text, color, where=0.5, size=10):
    x = start[0] + where * (end[0] - start[0])
    y = start[1] + where * (end[1] - start[1])
    ax.text(x, y, text, ha="center", va="center", fontsize=size, color=color,
            bbox={"boxstyle": "square,pad=0.12", "facecolor": "white", "edgecolor": "none"})


def _neuron(ax, x, y, text, color, radius=0.42, size=10):
    ax.add_patch(Circle((x, y), radius, facecolor="white", edgecolor=color, lw=1.5))
    ax.text(x, y, text, ha="center", va="center", fontsize=size)


def _amplifier(ax, x, y, color, pointing=-1, size=0.38):
    """A triangle, the symbol of an amplifier: here the multiplication by sigma'(z)."""
    tip = (x + pointing * size, y)
    back = x - pointing * size
    ax.add_patch(Polygon([tip, (back, y + size), (back, y - size)], closed=True, facecolor="#fbe3e3",
                         edgecolor=color, lw=1.5))


# --- assignment 01: the computation graph of one neuron ------------------------------------------------

def computation_graph() -> None:
    """z = w1 x1 + w2 x2 + b, a = sigma(z), L(a, y): values forward; backward, the name of the derivative of L
    beside each value it belongs to (what each one equals is the assignments' work, not the figure's)."""
    fig, ax = _canvas(10, 4.4, (0, 11.2), (0, 5))
    z = _box(ax, 5.0, 2.5, "$z = w_1 x_1 + w_2 x_2 + b$", face="#dbe9f6")
    a = _box(ax, 7.9, 2.5, r"$a = \sigma(z)$", face="#dbe9f6")
    loss = _box(ax, 10.1, 2.5, "$L(a, y)$", face="#fde2c8")
    inputs = [("$x_1$", ""), ("$w_1$", "$dw_1$"), ("$x_2$", ""), ("$w_2$", "$dw_2$"), ("$b$", "$db$")]
    for k, (name, derivative) in enumerate(inputs):
        y = 4.5 - k
        _link(ax, _box(ax, 2.3, y, name), z)
        if derivative:
            ax.text(1.2, y, derivative, ha="center", va="center", fontsize=12, color=BACKWARD)
    _link(ax, z, a)
    _link(ax, a, loss)
    ax.text(5.0, 1.5, "$dz$", ha="center", fontsize=12, color=BACKWARD)
    ax.text(7.9, 1.5, "$da$", ha="center", fontsize=12, color=BACKWARD)
    _arrow(ax, (10.6, 0.45), (3.3, 0.45), color=BACKWARD, shrink=0)
    ax.text(6.95, 0.7, text("figure.graph.backward"), ha="center", color=BACKWARD)
    _arrow(ax, (3.3, 4.85), (10.6, 4.85), shrink=0)
    ax.text(6.95, 4.55, text("figure.graph.forward"), ha="center")
    fig.tight_layout()


# --- assignment 04b: backpropagation -------------------------------------------------------------------

def reverse_neuron() -> None:
    """The lecture's picture: the neuron of z feeds z' and z''; backwards, a neuron that runs in reverse."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax in (left, right):
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 6)
        ax.set_aspect("equal")
        ax.axis("off")

    # Forward: z -> a = sigma(z) -> z' (weight w3) and z'' (weight w4) -> ... -> C
    z, a, z1, z2 = (1.3, 3), (4.0, 3), (7.4, 4.6), (7.4, 1.4)
    _neuron(left, *z, "$z$", FORWARD)
    _neuron(left, *a, "$a$", FORWARD)
    _neuron(left, *z1, "$z'$", FORWARD)
    _neuron(left, *z2, "$z''$", FORWARD)
    _arrow(left, z, a, FORWARD)
    _edge_label(left, z, a, r"$\sigma$", FORWARD)
    _arrow(left, a, z1, FORWARD)
    _edge_label(left, a, z1, "$w_3$", FORWARD, where=0.45)
    _arrow(left, a, z2, FORWARD)
    _edge_label(left, a, z2, "$w_4$", FORWARD, where=0.45)
    for end in (z1, z2):
        left.text(end[0] + 1.2, end[1], r"$\cdots \to C$", va="center", fontsize=11)
    left.set_title(text("figure.neuron.forward"), fontsize=11)

    # Backward: dC/dz' and dC/dz'' -> weights w3, w4 -> sum -> x sigma'(z) -> dC/dz
    out, amp, total = (1.0, 3), (3.0, 3), (5.0, 3)
    d1, d2 = (8.4, 4.6), (8.4, 1.4)
    _box(right, *out, r"$\partial C/\partial z$", color=BACKWARD, size=12)
    _amplifier(right, *amp, BACKWARD)
    right.text(amp[0], amp[1] - 0.85, r"$\times\,\sigma'(z)$", ha="center", fontsize=11, color=BACKWARD)
    _neuron(right, *total, r"$\Sigma$", BACKWARD, size=12)
    _box(right, *d1, r"$\partial C/\partial z'$", color=BACKWARD, size=12)
    _box(right, *d2, r"$\partial C/\partial z''$", color=BACKWARD, size=12)
    for start, weight in ((d1, "$w_3$"), (d2, "$w_4$")):
        _arrow(right, start, total, BACKWARD, shrink=24)
        _edge_label(right, start, total, weight, BACKWARD, where=0.45)
    _arrow(right, total, (amp[0] + 0.4, amp[1]), BACKWARD, shrink=14)
    _arrow(right, (amp[0] - 0.4, amp[1]), out, BACKWARD, shrink=26)
    right.set_title(text("figure.neuron.backward"), fontsize=11)
    fig.tight_layout()


def _toward(center, point, radius):
    """The point of the circle around `center` that faces `point`."""
    dx, dy = point[0] - center[0], point[1] - center[1]
    length = float(np.hypot(dx, dy)) or 1.0
    return center[0] + radius * dx / length, center[1] + radius * dy / length


def reverse_network(x, y, params: dict, cache: dict, dz: dict) -> None:
    """A network with one hidden layer drawn twice, with its numbers: the forward pass on top (values in
    the units, weights on the edges) and below it the reverse network (the same weights, read from right
    to left, and each hidden unit an amplifier that multiplies by sigma'(z)).

    x (n_x, 1), y (n_y, 1); params["W1"] (n_h, n_x), params["W2"] (n_y, n_h); cache["z1"], cache["a1"]
    (n_h, 1), cache["z2"], cache["a2"] (n_y, 1); dz["dz1"] (n_h, 1), dz["dz2"] (n_y, 1). Laid out for the
    course's tiny network (two or three units per layer).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    W1, W2 = np.asarray(params["W1"], dtype=float), np.asarray(params["W2"], dtype=float)
    z1, a1, z2, a2 = (np.asarray(cache[k], dtype=float) for k in ("z1", "a1", "z2", "a2"))
    dz1, dz2 = np.asarray(dz["dz1"], dtype=float), np.asarray(dz["dz2"], dtype=float)
    n_x, n_h, n_y = W1.shape[1], W1.shape[0], W2.shape[0]
    spacing = 3.6

    def heights(count):
        return [spacing * ((count - 1) / 2 - k) for k in range(count)]

    col_x, col_h, col_o, col_c = 0.9, 6.0, 11.6, 15.0
    half = spacing * max(n_x, n_h, n_y) / 2 + 0.6
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11.5, 9.5))
    for ax in (top, bottom):
        ax.set_xlim(-0.4, 16.4)
        ax.set_ylim(-half, half)
        ax.set_aspect("equal")
        ax.axis("off")

    # Forward pass.
    xs = [(col_x, h) for h in heights(n_x)]
    hs = [(col_h, h) for h in heights(n_h)]
    os_ = [(col_o, h) for h in heights(n_y)]
    x_boxes = [_box(top, *p, f"$x_{j + 1}$ = {x[j, 0]:.3g}", color=FORWARD, size=10) for j, p in enumerate(xs)]
    h_boxes = [_box(top, *p, f"$z^{{[1]}}_{k + 1}$ = {z1[k, 0]:.3f}\n$a^{{[1]}}_{k + 1}$ = {a1[k, 0]:.3f}",
                    color=FORWARD, size=10) for k, p in enumerate(hs)]
    o_boxes = [_box(top, *p, f"$z^{{[2]}}_{i + 1}$ = {z2[i, 0]:.3f}\n$a^{{[2]}}_{i + 1}$ = {a2[i, 0]:.3f}",
                    color=FORWARD, size=10) for i, p in enumerate(os_)]
    c_box = _box(top, col_c, 0, "$C$\n" + "\n".join(f"$y_{i + 1}$ = {y[i, 0]:g}" for i in range(n_y)),
                 color=FORWARD, face="#fde2c8", size=10)
    for sources, source_boxes, targets, target_boxes, W in ((xs, x_boxes, hs, h_boxes, W1),
                                                            (hs, h_boxes, os_, o_boxes, W2)):
        for k, (target, target_box) in enumerate(zip(targets, target_boxes, strict=True)):
            for j, (source, source_box) in enumerate(zip(sources, source_boxes, strict=True)):
                _link(top, source_box, target_box, FORWARD)
                _edge_label(top, source, target, f"{W[k, j]:g}", FORWARD, where=0.68, size=9)
    for o_box in o_boxes:
        _link(top, o_box, c_box, FORWARD)
    top.set_title(text("figure.network.forward"), fontsize=11)

    # Reverse network: the output units' dC/dz, sent back along the same edges with the same weights.
    radius = 0.45
    d2_boxes = [_box(bottom, *p, r"$\partial C/\partial z^{[2]}_{%d}$" % (i + 1) + "\n"
                     + r"$= a^{[2]}_{%d} - y_{%d}$ = %.3f" % (i + 1, i + 1, dz2[i, 0]), color=BACKWARD, size=10)
                for i, p in enumerate(os_)]
    for k, (hx, hy) in enumerate(hs):
        total = (hx + 2.4, hy)
        amp = (hx + 0.9, hy)
        _neuron(bottom, *total, r"$\Sigma$", BACKWARD, radius=radius, size=11)
        _amplifier(bottom, *amp, BACKWARD, size=0.42)
        bottom.text(amp[0], hy - 0.75, r"$\times\,\sigma'(z^{[1]}_{%d})$ = %.3f" % (k + 1, a1[k, 0] * (1 - a1[k, 0])),
                    ha="center", va="top", fontsize=9, color=BACKWARD)
        _box(bottom, hx - 1.2, hy, r"$\partial C/\partial z^{[1]}_{%d}$" % (k + 1) + f"\n= {dz1[k, 0]:.3f}",
             color=BACKWARD, size=10)
        _arrow(bottom, (total[0] - radius, hy), (amp[0] + 0.42, hy), BACKWARD, shrink=2)
        _arrow(bottom, (amp[0] - 0.42, hy), (hx - 0.15, hy), BACKWARD, shrink=2)
        for i, (source, box) in enumerate(zip(os_, d2_boxes, strict=True)):
            edge = _toward(total, (source[0] - 1.3, source[1]), radius)
            bottom.annotate("", xy=edge, xycoords="data", xytext=(0, 0.5), textcoords=box,
                            arrowprops={"arrowstyle": "-|>", "color": BACKWARD, "lw": 1.3, "shrinkA": 6, "shrinkB": 2})
            _edge_label(bottom, (source[0] - 1.3, source[1]), edge, f"{W2[i, k]:g}", BACKWARD, where=0.8, size=9)
    bottom.text(col_x, 0, text("figure.network.inputs"), ha="center", va="center", fontsize=9, color="gray")
    bottom.set_title(text("figure.network.backward"), fontsize=11)
    fig.tight_layout()


def _points(ax, X, Y) -> None:
    """Points of two classes: class 1 red, class 0 blue (as in assignment 3's figure)."""
    X, labels_of = np.asarray(X, dtype=float), np.asarray(Y).reshape(-1) == 1
    ax.scatter(X[0, labels_of], X[1, labels_of], color="tab:red", edgecolor="black", s=18,
               label=text("figure.points.class_1"))
    ax.scatter(X[0, ~labels_of], X[1, ~labels_of], color="tab:blue", edgecolor="black", s=18,
               label=text("figure.points.class_0"))


def decision_boundaries(X, Y, models) -> None:
    """Points of two classes in the plane, once per model, over the model's P(class 1) and its boundary a = 0.5.

    X (2, m), Y (1, m); models: a list of (title, probability) where probability maps points as columns
    (2, k) to a (1, k) array of P(class 1), computed by the notebook's own functions.
    """
    X = np.asarray(X, dtype=float)
    margin = 0.5
    grid_1, grid_2 = np.meshgrid(np.linspace(X[0].min() - margin, X[0].max() + margin, 200),
                                 np.linspace(X[1].min() - margin, X[1].max() + margin, 200))
    grid = np.vstack([grid_1.ravel(), grid_2.ravel()])
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 4.6), squeeze=False)
    for ax, (title, probability) in zip(axes[0], models, strict=True):
        P = np.asarray(probability(grid), dtype=float).reshape(grid_1.shape)
        ax.contourf(grid_1, grid_2, P, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.35)
        ax.contour(grid_1, grid_2, P, levels=[0.5], colors="black", linestyles="--")
        _points(ax, X, Y)
        ax.plot([], [], "k--", label="$a = 0.5$")
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title(title)
        ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()


def hidden_features(A1, Y, W2, b2) -> None:
    """The points at their hidden-layer coordinates A1 (2, m), and the output neuron's line W2 a + b2 = 0."""
    A1 = np.asarray(A1, dtype=float)
    w, b = np.asarray(W2, dtype=float).reshape(-1), float(np.asarray(b2).reshape(-1)[0])
    fig, ax = plt.subplots(figsize=(5, 4.6))
    _points(ax, A1, Y)
    ends = np.array([-0.05, 1.05])
    if abs(w[1]) > abs(w[0]):
        ax.plot(ends, -(w[0] * ends + b) / w[1], "k--", label="$z^{[2]} = 0$")
    else:
        ax.plot(-(w[1] * ends + b) / w[0], ends, "k--", label="$z^{[2]} = 0$")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(text("figure.features.x"))
    ax.set_ylabel(text("figure.features.y"))
    ax.set_title(text("figure.features.title"))
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()


# --- assignment 05: the classifier and your own pictures -----------------------------------------------

def logistic_regression(image) -> None:
    """The cat classifier as a network: an image, its column of pixel values, one neuron, a probability."""
    image = np.asarray(image)
    pixels = image.reshape(-1)
    fig, ax = plt.subplots(figsize=(12, 5))
    ax.set_xlim(0, 24)
    ax.set_ylim(0, 10)
    ax.axis("off")
    ax.imshow(image, extent=(0.2, 4.2, 3.0, 7.0))
    ax.text(2.2, 2.4, text("figure.classifier.image", height=image.shape[0], width=image.shape[1],
                           colours=image.shape[2]), ha="center", fontsize=9)
    _arrow(ax, (4.4, 5.0), (6.2, 5.0), shrink=0)
    ax.text(5.3, 5.4, text("figure.classifier.flatten"), ha="center", fontsize=9)
    shown = [0, 1, 2, None, pixels.size - 1]
    ys = [8.8, 7.4, 6.0, 4.4, 1.2]
    neuron = (14.0, 5.0)
    for index, y in zip(shown, ys, strict=True):
        if index is None:
            ax.text(7.6, y, r"$\vdots$", ha="center", va="center", fontsize=16)
            continue
        label = f"$x_{{{index + 1}}}$ = {pixels[index] / 255:.3f}"
        box = _box(ax, 7.6, y, label, color=FORWARD, size=10)
        edge = _toward(neuron, (8.8, y), 1.5)
        ax.annotate("", xy=edge, xycoords="data", xytext=(1, 0.5), textcoords=box,
                    arrowprops={"arrowstyle": "-|>", "color": FORWARD, "lw": 1.3, "shrinkA": 6, "shrinkB": 2})
        _edge_label(ax, (8.8, y), edge, f"$w_{{{index + 1}}}$", FORWARD, where=0.6, size=10)
    ax.text(7.6, 0.1, text("figure.classifier.values", n=pixels.size), ha="center", fontsize=9)
    ax.add_patch(Circle(neuron, 1.5, facecolor="#dbe9f6", edgecolor=FORWARD, lw=1.5))
    ax.text(*neuron, "$z = w^T x + b$\n" r"$a = \sigma(z)$", ha="center", va="center", fontsize=11)
    _arrow(ax, (neuron[0] + 1.5, 5.0), (18.4, 5.0), shrink=0)
    _box(ax, 20.6, 5.0, text("figure.classifier.output"), face="#fde2c8", size=11)
    ax.set_title(text("figure.classifier.title"), fontsize=12)
    fig.tight_layout()


def gallery(images, titles, columns: int = 5, title: str = "") -> None:
    """Images in a grid, each with its title (at most a few rows: this is for looking, not for data)."""
    count = max(1, len(images))
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(2.4 * columns, 2.8 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    # The grid may have more axes than images: the last row's spare ones stay blank.
    for ax, image, caption in zip(axes.flat, images, titles, strict=False):
        ax.imshow(image)
        ax.set_title(caption, fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()


def load_picture(path, size: int = 64) -> np.ndarray:
    """A picture file (JPEG or PNG) as the data set stores images: uint8 of shape (size, size, 3).

    The picture is cropped to its central square, then shrunk by averaging blocks of pixels (or enlarged
    by repeating them), with matplotlib and NumPy only.
    """
    image = plt.imread(Path(path))
    if image.ndim == 2:  # greyscale
        image = np.stack([image] * 3, axis=-1)
    image = image[:, :, :3]  # drop an alpha channel
    if image.dtype.kind == "f":  # PNG: floats in [0, 1]
        image = image * 255.0
    height, width = image.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    square = image[top:top + side, left:left + side]
    starts = np.arange(size) * side // size
    if side >= size:
        # Each output pixel is the mean of the block of input pixels that falls on it.
        counts = np.diff(np.append(starts, side))
        sums = np.add.reduceat(np.add.reduceat(square, starts, axis=0, dtype=np.float64), starts, axis=1)
        small = sums / (counts[:, None, None] * counts[None, :, None])
    else:  # a picture smaller than the data set's: repeat pixels
        small = square[starts][:, starts].astype(np.float64)
    return np.clip(np.round(small), 0, 255).astype(np.uint8)
