"""The grading service: feedback within seconds of submitting (`autograder serve`, a hub service per course).

It watches the exchange's inbound folder of the course. Each new submission is copied out of the exchange
(exactly the folder it took, with SafeCollect's copy), graded with the same pipeline, sandboxes and gradebook as
`autograder grade`, and its feedback page released where the student's *Fetch Feedback* in the Assignment List
finds it. The assignment's feedback policy (assignments/catalogue.toml) decides: `off` grades nothing on submit;
`on-submit` grades at most one submission per student every N minutes, and a submission inside that window gets
a page that says when the next one will be graded. Before the due date the page shows what the policy says (each
exercise's points and diagnostic, with or without the graded notebook); after it, the graded notebook as well.

    inbound.py     what is new in the exchange, and which entries are submissions at all
    queue.py       the durable queue: every submission, its state and the steps of its grading
    loop.py        the main process: finds, records and schedules, never grades (Service, serve)
    lane.py        the worker processes that grade, one per core, each with warm sandboxes
    pages.py       the pages a student fetches
    results.py     the reference's costly results, shared by the lanes
    space.py       a full disk, found by writing
    checkpoint.py  test-only: the service killed at a chosen step

The package itself imports nothing: whoever needs a part imports that module (the command line `loop`).
"""
