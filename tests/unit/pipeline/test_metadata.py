"""autograder.pipeline.metadata: nbgrader's CheckCellMetadata, each distinct cell validated once."""

from __future__ import annotations

import jsonschema
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader import nbgraderformat

from autograder.pipeline import metadata


def graded(grade_id: str, points: float = 2, **extra) -> nbformat.NotebookNode:
    cell = new_code_cell("assert True")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": grade_id,
                                 "points": points, "schema_version": 3, **extra}
    return cell


@pytest.fixture
def schema_checks(monkeypatch):
    """How many cells went through nbgrader's JSON-schema validation."""
    calls = []
    real = jsonschema.validate
    monkeypatch.setattr(jsonschema, "validate",
                        lambda instance, schema: calls.append(instance) or real(instance, schema))
    monkeypatch.setattr(metadata.MetadataValidator, "valid", set())
    return calls


def step(nb):
    return metadata.CheckCellMetadata().preprocess(nb, {})


def test_each_distinct_cell_is_validated_once(schema_checks):
    nb = new_notebook(cells=[new_markdown_cell("intro"), graded("a"), graded("b")])
    assert step(nb)[0] is nb
    assert [meta["grade_id"] for meta in schema_checks] == ["a", "b"]
    step(nbformat.from_dict(nb))  # the next submission of the class: the same cells
    assert len(schema_checks) == 2
    changed = nbformat.from_dict(nb)
    changed.cells[2].metadata["nbgrader"]["points"] = 3
    step(changed)
    assert [meta["points"] for meta in schema_checks] == [2, 2, 3]


def test_an_invalid_cell_fails_as_in_nbgrader_even_after_valid_ones(schema_checks):
    step(new_notebook(cells=[graded("a")]))
    broken = new_notebook(cells=[graded("a"), graded("b", points="two")])
    with pytest.raises(nbgraderformat.ValidationError, match="nbgrader metadata may be corrupted"):
        step(broken)
    with pytest.raises(nbgraderformat.ValidationError):  # and is never remembered as valid
        step(broken)


def test_duplicate_grade_ids_are_still_found(schema_checks):
    step(new_notebook(cells=[graded("a")]))
    with pytest.raises(nbgraderformat.ValidationError):
        step(new_notebook(cells=[graded("a"), graded("a")]))


def test_a_cell_of_another_type_with_the_same_metadata_is_validated_again(schema_checks):
    markdown = new_markdown_cell("answer")
    markdown.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "a",
                                     "points": 2, "schema_version": 3}
    step(new_notebook(cells=[graded("a")]))
    with pytest.raises(nbgraderformat.ValidationError):  # a markdown grade cell must be a solution cell
        step(new_notebook(cells=[markdown]))
