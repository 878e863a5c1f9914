"""What an instructor runs while writing an assignment, before any student sees it.

* `notebook`: the source notebook read as its kinds of cells (setup, answer, test, written answer).
* `trial`: the source solution (and the unanswered stub) graded in a throw-away copy of the course, through
  the real release, sandbox, judge and feedback, so the real gradebook is never touched (`autograder try`).
* `check`: an author's mistakes found before release and grading, each named with its file, cell and fix
  (`autograder check`, also run by `release` and `grade`).
* `answers`: the shape of an assignment's catalogue of answers (tests/students/a<id>.py), whose MISTAKES `check`
  grades under many student ids.
* `expected`: the values a public check expects, computed by the reference solution (`autograder expected`).
* `scaffold`: a new assignment's skeleton that follows docs/authoring.md (`autograder new`).
"""
