"""What the course's steps pass to each other: the GradingState of one submission's autograde pass, and the notes
that travel in the notebook's metadata from the sanitizing pass to the autograde pass."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...judge import integrity
from ...judge.status import Outcome
from ...protocol import Answer, Job
from ..exporter import META

STATE = META  # the key of the GradingState in a pass's resources
# What the converter found in the submission's folder (links or pipes left behind, a timestamp that is not a date),
# as integrity findings: `autograde.SubmissionAutograde` puts them into the resources of each pass.
FOLDER_FINDINGS = "autograder_folder"


@dataclass
class GradingState:
    """One submission's autograde pass, as SandboxedExecute starts it and the later steps read it."""

    outcome: Outcome
    refused: integrity.Finding | None = None  # the file was not a notebook: nothing runs, every check says why
    cases: dict[str, str] = field(default_factory=dict)  # grade id -> the hidden cases drawn for this student (JSON)
    job: Job | None = None  # what the sandbox was given (None: nothing to run)
    answer: Answer | None = None  # what the sandbox answered

    @staticmethod
    def of(resources) -> GradingState:
        return resources[STATE]


def ids_of(resources) -> tuple[str, str]:
    """The assignment and the student of the notebook a pass converts (nbgrader's resources)."""
    return resources["nbgrader"]["assignment"], resources["nbgrader"]["student"]


def notes_of(nb) -> dict:
    notes = nb.metadata.get(META)
    return notes if isinstance(notes, dict) else {"findings": [], "refused": None}
