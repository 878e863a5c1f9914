"""05_cat_classifier: every wrong answer of its catalogue (tests/students/a05_cat_classifier.py) loses the points of
its own test cell, and only those, and every right one none; pictures of any size load as the data set's images;
the own-picture cell works with and without a picture.

`model` calls `initialize_with_zeros`, `optimize` and `predict`; `optimize` calls `propagate`; `propagate` and
`predict` call `sigmoid`: while one function is judged the others stand in as the reference's, so a wrong
answer costs only its own cell, never the cells of the functions that call it.
"""

import contextlib
import io
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402

from autograder import catalogue, dataset, figures, reference  # noqa: E402
from tests.conftest import REPO  # noqa: E402
from tests.harness import (  # noqa: E402
    assert_each_correct_answer_gets_full_marks,
    assert_each_wrong_answer_loses_exactly_its_points,
)


def test_wrong_answers_lose_exactly_their_points(graded_class):
    assert_each_wrong_answer_loses_exactly_its_points(graded_class("05_cat_classifier"))


def test_right_answers_written_otherwise_get_every_point(graded_class):
    assert_each_correct_answer_gets_full_marks(graded_class("05_cat_classifier"))


def test_a_picture_of_the_data_sets_size_loads_unchanged(tmp_path):
    image = dataset.load_catvnoncat()[2][1]
    plt.imsave(tmp_path / "cat.png", image)
    loaded = figures.load_picture(tmp_path / "cat.png")
    assert loaded.dtype == np.uint8 and loaded.shape == (64, 64, 3)
    assert np.array_equal(loaded, image)


def test_large_and_odd_pictures_become_64_by_64_rgb(tmp_path):
    image = dataset.load_catvnoncat()[2][1]
    big = np.repeat(np.repeat(image, 5, axis=0), 5, axis=1)  # 320 x 320, every pixel a 5 x 5 block
    wide = np.concatenate([np.zeros((320, 40, 3), np.uint8), big, np.zeros((320, 40, 3), np.uint8)], axis=1)
    plt.imsave(tmp_path / "wide.png", wide)
    assert np.array_equal(figures.load_picture(tmp_path / "wide.png"), image)  # cropped to the centre, averaged
    plt.imsave(tmp_path / "photo.jpg", big, pil_kwargs={"quality": 95})
    jpeg = figures.load_picture(tmp_path / "photo.jpg")
    assert jpeg.shape == (64, 64, 3) and np.mean(np.abs(jpeg.astype(float) - image)) < 4
    plt.imsave(tmp_path / "grey.png", image[:, :, 0], cmap="gray")  # saved with an alpha channel
    assert figures.load_picture(tmp_path / "grey.png").shape == (64, 64, 3)
    plt.imsave(tmp_path / "small.png", image[::2, ::2])  # 32 x 32: pixels repeated
    assert figures.load_picture(tmp_path / "small.png").shape == (64, 64, 3)


def _own_picture_output(folder) -> str:
    """The notebook's own-picture cell, run in `folder` after the reference and a short training run."""
    assignment = catalogue.load(REPO).get("05_cat_classifier")
    path = REPO / "source" / "05_cat_classifier" / assignment.notebook
    namespace: dict = {}
    for source in reference.sources(path):
        exec(source, namespace)
    train_x_orig, train_y, test_x_orig, test_y, classes = dataset.load_catvnoncat()
    golden = namespace["model"](namespace["flatten_and_scale"](train_x_orig), train_y,
                                namespace["flatten_and_scale"](test_x_orig), test_y, num_iterations=100,
                                learning_rate=0.005)
    namespace.update(test_x_orig=test_x_orig, classes=classes, golden=golden)
    cell = next(c.source for c in nbformat.read(path, as_version=4).cells
                if c.cell_type == "code" and "my_picture =" in c.source)
    printed = io.StringIO()
    here = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(printed):
            exec(cell, namespace)
    finally:
        os.chdir(here)
        plt.close("all")
    return printed.getvalue()


def test_own_picture_cell_runs_without_a_picture_and_uses_one_when_uploaded(tmp_path):
    assert "there is no file my_picture.jpg here yet" in _own_picture_output(tmp_path)
    plt.imsave(tmp_path / "my_picture.jpg", dataset.load_catvnoncat()[2][7])
    printed = _own_picture_output(tmp_path)
    assert printed.startswith("my_picture.jpg: the model says"), printed
