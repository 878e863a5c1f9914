"""pipeline.parents: a step takes the course (and the sandbox runner) of whoever started grading, through its parents;
without one, the course of the configured root, resolved once."""

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets.config import Config, LoggingConfigurable

from autograder.course import Course
from autograder.pipeline.parents import OfCourse, inherited
from tests.conftest import REPO


class Holder(LoggingConfigurable):
    """Stands for whoever started grading (a converter, the grading service's lane, the API)."""


class Step(OfCourse, NbGraderPreprocessor):
    pass


def test_a_step_takes_the_course_its_parents_hold():
    course = Course.load(REPO)
    top = Holder()
    top.course = course
    exporter = OfCourse(parent=Holder(parent=top))
    step = Step(parent=exporter)
    assert step.course is course and exporter.course is course


def test_without_a_holder_the_course_is_the_configured_root_and_resolved_once():
    config = Config()
    config.CourseDirectory.root = str(REPO)
    exporter = OfCourse(config=config)
    assert exporter.course is Course.load(REPO)
    assert Step(parent=exporter).course is exporter.course


def test_inherited_finds_the_nearest_parent_that_has_the_name():
    top = Holder()
    top.sandbox_runner = "top"
    middle = Holder(parent=top)
    assert inherited(Holder(parent=middle), "sandbox_runner") == "top"
    middle.sandbox_runner = "middle"
    assert inherited(Holder(parent=middle), "sandbox_runner") == "middle"
    assert inherited(Holder(), "sandbox_runner", "none") == "none"
