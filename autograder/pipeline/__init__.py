"""The course's grading, as nbgrader's own extension points, so that every way of grading grades the same.

`nbgrader_config.py` puts these into nbgrader's Autograde converter:

* `exporter.SubmissionExporter` reads a submitted notebook safely (no links, no huge files, nbformat 3
  converted); a file that is not a notebook is graded as nothing, with status `malformed`.
* `preprocessors.CheckStructure` (sanitizing) puts the nbgrader structure back in order before nbgrader's
  own OverwriteCells restores the locked cells.
* `preprocessors.SandboxedExecute` runs the code cells in a sandbox and calls the hidden cases there,
  in place of nbgrader's Execute; `preprocessors.TrustedVerdicts` judges the results outside and writes
  the verdict into the test cells, so that nbgrader's SaveAutoGrades records it; `preprocessors.RecordStatus`
  writes what happened (status and messages) beside the graded notebook.
* `exchange.SafeCollect` collects submissions without ever following a link.

So `nbgrader autograde`, the formgrader's Autograde button (NbGraderAPI.autograde) and `autograder grade`
run the same code. `autograde.ParallelAutograde`, behind `autograder grade`, is nbgrader's converter with
the sandbox step run for many submissions at once, on this machine or a Dask cluster.
"""
