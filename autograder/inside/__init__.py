"""What runs inside the sandbox. Nothing here is trusted and nothing here decides a point.

* `runner`: the sandbox's first process. It alone talks to the grader, keeps the time, and cleans up.
* `notebook`: one submission's code cells, and its functions called on the hidden inputs.
* `standin`: the reference solution answering for the other graded functions while one is judged.
"""
