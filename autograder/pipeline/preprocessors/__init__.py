"""The course's steps in nbgrader's Autograde converter, one module each (see autograder.pipeline for the chain).

Sanitizing (first pass, submitted/ -> autograded/):
  structure.CheckStructure  the student's changes to the nbgrader structure found and put back (judge.integrity),
                            before nbgrader's OverwriteCells restores locked cells from the gradebook.
Autograding (second pass, on the sanitized notebook):
  execute.SandboxedExecute  the code cells run in a sandbox, each test cell's hidden cases called right after it;
                            replaces nbgrader's Execute.
  verdicts.TrustedVerdicts  the hidden results judged outside the sandbox; each autograded test cell's outputs
                            rewritten to the verdict, which nbgrader's SaveAutoGrades then records.
  record.RecordStatus       after SaveAutoGrades: what happened written beside the notebook (autograder.json);
                            a submission that could not be graded is left for a person, not scored 0.

What passes from one step to the next within a pass is a `state.GradingState` (in the pass's resources), and from
the first pass to the second the notes in the notebook's metadata (`autograder`).
nbgrader_config.py names the steps by the names this package exports.
"""

from .execute import ILLUSTRATION, SandboxedExecute
from .record import RecordStatus
from .state import GradingState
from .structure import CheckStructure
from .verdicts import TrustedVerdicts

__all__ = ["ILLUSTRATION", "CheckStructure", "GradingState", "RecordStatus", "SandboxedExecute", "TrustedVerdicts"]
