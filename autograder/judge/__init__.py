"""The trusted side's judgement: what a submission is, what its hidden inputs are, what its results are worth.

* `integrity`: reads a submitted file (never through a link, never too large) and puts the notebook's
  nbgrader structure back in order, naming what the student changed.
* `cases`: the course secret and the hidden inputs drawn from it for each student and test cell.
* `verdict`: the results of one test cell's hidden calls against the reference, and the message a
  student reads; a fault of the judge itself stays in that one cell.
* `status`: what happened to a submission as a whole (`ok`, `timeout`, `malformed`...), decided from
  facts the sandbox reports, not from the wording of messages.
Nothing here runs a student's code.
"""
