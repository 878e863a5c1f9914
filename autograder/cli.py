"""The `autograder` command: a thin layer over the package (the contract tests and the hub rely on)."""

from __future__ import annotations

import argparse
import glob
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# First, what the process leaves out before anything imports nbgrader (startup.py says why).
from . import startup  # noqa: F401

# isort: split
from . import catalogue, dataset, i18n, insights, lms, safetext, sandbox, similarity
from .errors import CourseError

if TYPE_CHECKING:
    from .course import Course

# Each command imports the modules of what it does (the class report's by the commands that write it), and nbgrader
# (half a second, with the course) only when it needs the course: `autograder grade` first sets its sandboxes
# booting, so that their start and nbgrader's import overlap.


def expected_errors() -> tuple[type[Exception], ...]:
    """What a user's input or machine can cause: a message, not a traceback."""
    from . import pool

    return (catalogue.CatalogueError, dataset.DatasetError, sandbox.SandboxUnavailable, CourseError,
            pool.DistributedUnavailable)


def load_course() -> Course:
    from .course import Course

    return Course.load()


def cmd_data(args) -> int:
    for name, path in dataset.provide(download=not args.no_download, progress=print).items():
        print(f"{name}: verified ({path})")
    return 0


def cmd_release(args) -> int:
    from .author import check as authoring_check

    course = load_course()
    ids = args.assignments or course.catalogue.ids()
    # release/ is about to be generated again: only the source is checked.
    authoring_check.check(course, ids, release=False, sandboxed=not args.no_sandbox, then="Nothing was released.")
    for assignment_id in course.release(ids):
        print(f"released {assignment_id} -> release/{assignment_id}/")
    return 0


def cmd_check(args) -> int:
    from .author import check as authoring_check

    course = load_course()
    ids = args.assignments or course.catalogue.ids()
    for assignment_id in authoring_check.check(course, ids, release=None, sandboxed=not args.no_sandbox):
        print(f"{assignment_id}: ready (the solution gets every point and the stub none; nothing to fix)")
    return 0


def cmd_new(args) -> int:
    from .author import scaffold

    for path in scaffold.create(load_course(), args.assignment, args.title, args.function, args.topic):
        print(f"wrote {path.relative_to(Path.cwd().resolve()) if path.is_relative_to(Path.cwd().resolve()) else path}")
    print(f"next: fill in every TODO, then `autograder check {args.assignment}` and `autograder try {args.assignment}` "
          "(docs/authoring.md)")
    return 0


def cmd_expected(args) -> int:
    from .author import expected

    print(expected.show(load_course(), args.assignment, args.function, args.args))
    return 0


def cmd_try(args) -> int:
    from .author import trial

    course = load_course()
    students = (trial.SOLUTION, trial.STUB) if args.stub else (trial.SOLUTION,)
    keep = course.root / trial.TRY_DIR / args.assignment
    result = trial.run(course, args.assignment, students, sandboxed=not args.no_sandbox, keep=keep)
    for student in students:
        graded = result.graded[student]
        row = graded.row
        print(f"{student}: {safetext.number(row.score) or '—'} / {row.max_score:g} (status {row.status})"
              + (f"  {safetext.terminal(row.message)}" if row.message else ""))
        for grade_id, message in row.outcome.verdicts.items():
            print(f"  {grade_id}: {safetext.number(row.cells.get(grade_id)) or '—'}"
                  + (f"  {safetext.terminal(message.render(i18n.DEFAULT))}" if message else ""))
        if graded.feedback:
            print(f"  feedback page: {graded.feedback.relative_to(course.root)}")
    return 0


def _notes(args, course: Course) -> list[str]:
    """What the report should say about how this run was confined."""
    if args.no_sandbox:
        return ["sandbox: none (--no-sandbox, a trusted run)"]
    if args.dask:
        return [f"sandbox: bubblewrap on the Dask workers of {args.dask}"]
    from .cgroups import Limiter

    limiter = Limiter()
    notes = [f"sandbox: bubblewrap; whole-sandbox limits: {limiter.describe()}"]
    if limiter.warning:
        notes.append(f"WARNING: {limiter.warning}")
    return notes


def cmd_grade(args) -> int:
    booted = _boot_sandboxes(args)
    try:
        return _grade(args, booted)
    finally:
        for worker in booted:  # a LocalPool stopped those it was given; what is left failed before it was made
            worker.stop()


def _boot_sandboxes(args) -> list[sandbox.Worker]:
    """The sandboxes this run will grade in, started before anything else (bubblewrap and the runner's imports take
    about a second, which would otherwise come after nbgrader's import and the course's loading). Anything this cannot
    read is left for the command to report where it reads it."""
    if args.dask:
        return []
    try:
        root = catalogue.find_course_root()
        limits = catalogue.load(root).get(args.assignment).limits
        data = dataset.data_dir()
    except (catalogue.CatalogueError, dataset.DatasetError):
        return []
    count = len(set(args.student)) if args.student else sum(
        1 for path in (root / "submitted").glob(f"*/{glob.escape(args.assignment)}") if path.is_dir())
    launch = sandbox.launcher(not args.no_sandbox, data, limits)
    return [sandbox.Worker(launch) for _ in range(min(args.jobs or os.cpu_count() or 1, max(1, count)))]


def _grade(args, booted: list[sandbox.Worker]) -> int:
    from tqdm import tqdm

    from . import pool, reports
    from .author import check as authoring_check
    from .locks import StudentLocks
    from .pipeline import autograde

    course = load_course()
    authoring_check.check(course, [args.assignment], sandboxed=not args.no_sandbox, then="Nothing was graded.")
    client = pool.dask_client(args.dask) if args.dask else None
    try:
        # On a cluster, as many submissions at once as it has worker threads.
        jobs = args.jobs or (sum(client.nthreads().values()) if client else None)
        names = autograde.submissions(course, args.assignment, args.student)
        with tqdm(total=len(names), desc=f"grading {args.assignment}", unit="submission", file=sys.stderr,
                  disable=args.quiet) as bar:
            # Each student waits for the grading service if it is grading her at this moment.
            outcomes = autograde.grade(course, args.assignment, args.student, jobs=jobs,
                                       executor=client.get_executor() if client else None,
                                       sandboxed=not args.no_sandbox, progress=lambda student: bar.update(1),
                                       locks=StudentLocks(course.root, args.assignment), booted=booted)
    finally:
        if client:
            client.close()
    notes = _notes(args, course)
    path, report = reports.write(course, args.assignment, notes)
    if not args.quiet:
        print(reports.summary(report))
    for note in notes:
        if note.startswith("WARNING"):
            print(note, file=sys.stderr)
    faults = sum(len(o.faults) for o in outcomes.values())
    if faults:
        print(f"WARNING: {faults} answer(s) could not be judged because of a fault in a check: see "
              f"{(path.parent / 'grader_faults.txt').relative_to(course.root)}", file=sys.stderr)
    print(f"wrote {path.relative_to(course.root)} and {path.with_name('scores.svg').relative_to(course.root)}")
    _class_report(course, None, {args.assignment: report})
    return 0


def _class_report(course: Course, settings, fresh=None) -> None:
    from . import classreport

    page = classreport.write(course, settings, fresh)
    print(f"wrote {page.relative_to(course.root)} (the class report: open it in a browser)")


def _settings(args):
    from . import classreport

    if not 0 < args.similarity <= 1:
        raise CourseError(f"--similarity must be a share between 0 and 1 (for example 0.8), not {args.similarity}")
    if args.min_shared < 1:
        raise CourseError(f"--min-shared must be at least 1, not {args.min_shared}")
    if not 0 <= args.behind <= 1:
        raise CourseError(f"--behind must be a share between 0 and 1 (for example 0.5), not {args.behind}")
    return classreport.Settings(args.similarity, args.min_shared, args.behind)


def cmd_report(args) -> int:
    from . import reports

    course = load_course()
    settings = _settings(args)
    fresh = {}
    for assignment_id in insights.graded_assignments(course, args.assignments):
        path, fresh[assignment_id] = reports.write(course, assignment_id)
        if not args.quiet:
            print(reports.summary(fresh[assignment_id]))
        print(f"wrote {path.relative_to(course.root)}")
    _class_report(course, settings, fresh)
    return 0


def cmd_regrade(args) -> int:
    from tqdm import tqdm

    from . import regrade, reports
    from .pipeline import autograde

    course = load_course()
    names = autograde.submissions(course, args.assignment)
    with tqdm(total=len(names), desc=f"re-grading {args.assignment}", unit="submission", file=sys.stderr,
              disable=args.quiet) as bar:
        changes, audit = regrade.regrade(course, args.assignment, args.reason, jobs=args.jobs,
                                      sandboxed=not args.no_sandbox, progress=lambda student: bar.update(1))
    _, report = reports.write(course, args.assignment, _notes(args, course))
    for change in changes:
        if change.student:
            print(f"{safetext.identifier(change.student)}  {change.cell}: {safetext.number(change.old) or '—'} -> "
                  f"{safetext.number(change.new) or '—'}  ({safetext.terminal(change.why)})")
    print(safetext.terminal(changes[-1].why))
    print(f"wrote {audit.relative_to(course.root)}")
    _class_report(course, None, {args.assignment: report})
    return 0


def cmd_export(args) -> int:
    course = load_course()
    path, found = lms.export(course, args.assignment, args.format, Path(args.output) if args.output else None)
    empty = [entry for entry in found if entry.grade is None]
    for entry in empty:
        print(f"left empty: {safetext.identifier(entry.student)}: {safetext.terminal(entry.note)}", file=sys.stderr)
    print(f"wrote {path} ({len(found) - len(empty)} grade(s); {len(empty)} left empty, see above)" if empty
          else f"wrote {path} ({len(found)} grade(s))")
    return 0


def cmd_feedback(args) -> int:
    pages = load_course().feedback(args.assignment)
    print(f"wrote {len(pages)} feedback page(s) under feedback/*/{args.assignment}/")
    return 0


def cmd_serve(args) -> int:
    import logging

    from .pipeline import intake, intake_server
    from .service.loop import Service, serving

    logging.basicConfig(level=logging.INFO)
    for handler in logging.getLogger().handlers:
        # Student ids and messages reach the log (the hub's): no terminal escape or forged line may.
        handler.setFormatter(safetext.LogFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        # nbgrader's steps say every file they copy: only their warnings
        handler.addFilter(lambda record: record.name != "traitlets" or record.levelno >= logging.WARNING)
    if args.jobs is not None and args.jobs < 1:
        raise CourseError(f"--jobs must be at least 1, not {args.jobs}")
    if args.poll <= 0:
        raise CourseError(f"--poll must be a positive number of seconds, not {args.poll}")
    course = load_course()
    for assignment in course.catalogue.assignments:
        print(f"{assignment.id}: feedback {assignment.feedback.mode}"
              + (f", one graded submission per student every {assignment.feedback.every_minutes:g} min"
                 if assignment.feedback.mode == "on-submit" else ""), flush=True)
    with serving(course, outlive_parent=args.outlive_parent):
        service = Service(course, jobs=args.jobs)
        if intake.close_inbound(intake.inbound_of(course)):
            print(f"{intake.inbound_of(course)}: made the grader's alone (mode 0700)", flush=True)
        # On the hub (a service with a URL) students' servers hand in submissions here, and each one wakes the
        # service at once; elsewhere only receive() does.
        settings = intake_server.Settings.from_env(course.course_id)
        server = intake_server.IntakeServer(course, settings, service.wake.set).start() if settings else None
        try:
            service.run(poll=args.poll, once=args.once)
        finally:
            if server:
                server.stop()
    return 0


def cmd_demo(args) -> int:
    from . import demo

    return demo.main(Path.cwd(), jobs=args.jobs)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="autograder", description=__doc__.split(":")[0] + ".")
    sub = top.add_subparsers(dest="command", required=True)
    p = sub.add_parser("data", help="provide and verify the cat/non-cat data set")
    p.add_argument("--no-download", action="store_true", help="only look in data/ and $CATVNONCAT_DIR")
    p.set_defaults(func=cmd_data)
    p = sub.add_parser("release", help="generate release/ from source/ with nbgrader")
    p.add_argument("assignments", nargs="*", help="assignment ids (default: all in the catalogue)")
    p.add_argument("--no-sandbox", action="store_true", help="check the solution without the sandbox (a machine "
                   "without bubblewrap: it is your own code)")
    p.set_defaults(func=cmd_release)
    p = sub.add_parser("check", help="find an author's mistakes before a student pays for them (also run by "
                       "release and grade)")
    p.add_argument("assignments", nargs="*", help="assignment ids (default: all in the catalogue)")
    p.add_argument("--no-sandbox", action="store_true", help="grade the trial without the sandbox")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new", help="write the skeleton of a new assignment: notebook, grading.py, catalogue "
                       "entry, test module")
    p.add_argument("assignment", help="its id, e.g. 06_l2_regularization")
    p.add_argument("--title", help="its title (default: from the id)")
    p.add_argument("--function", default="compute", help="the first exercise's function (default: %(default)s)")
    p.add_argument("--topic", help="the first word of every grade id (default: the id's first word)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("expected", help="what a public check should expect: the reference solution's result")
    p.add_argument("assignment")
    p.add_argument("function")
    p.add_argument("args", nargs="*", help="Python expressions, e.g. 2.0 'np.array([[1.0, -2.0]])' alpha=0.1")
    p.set_defaults(func=cmd_expected)
    p = sub.add_parser("try", help="grade the source solution (and --stub) as a student would be graded, with "
                       "the feedback page, in a throw-away copy of the course")
    p.add_argument("assignment")
    p.add_argument("--stub", action="store_true", help="grade the unanswered student version too")
    p.add_argument("--no-sandbox", action="store_true", help="grade without the sandbox")
    p.set_defaults(func=cmd_try)
    p = sub.add_parser("grade", help="grade every submission of an assignment, sandboxed and in parallel")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="grade only this student (repeatable)")
    p.add_argument("--jobs", type=int, help="submissions graded at once (default: this machine's cores, "
                   "or the cluster's worker threads with --dask)")
    p.add_argument("--dask", metavar="ADDRESS", help="run the sandboxes on the workers of a Dask cluster "
                   "(e.g. tcp://10.0.0.5:8786) instead of this machine")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run student code without the sandbox: only for a trusted run, e.g. your own tests")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no table")
    p.set_defaults(func=cmd_grade)
    p = sub.add_parser("report", help="write reports/<id>/grades.csv from the gradebook, however it was graded, "
                       "and the class report reports/index.html")
    p.add_argument("assignments", nargs="*", help="assignment ids (default: every assignment with submissions)")
    p.add_argument("--similarity", type=float, default=similarity.THRESHOLD,
                   help="share of two answers' distinctive code that must be the same for the pair to be listed "
                        "(default: %(default)s)")
    p.add_argument("--min-shared", type=int, default=similarity.MIN_SHARED,
                   help="runs of distinctive code a listed pair must share at least (default: %(default)s)")
    p.add_argument("--behind", type=float, default=insights.BEHIND,
                   help="flag a student with less than this share of the points, on the latest assignment or on "
                        "average (default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no table")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("regrade", help="grade every submission again after fixing a check; "
                       "what changed goes to reports/<id>/audit.csv")
    p.add_argument("assignment")
    p.add_argument("--reason", default="", help="why, for the audit log (e.g. 'fixed the hidden check of update')")
    p.add_argument("--jobs", type=int, help="submissions graded at once (default: this machine's cores)")
    p.add_argument("--no-sandbox", action="store_true", help="only for a trusted run, e.g. your own tests")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_regrade, dask=None)
    p = sub.add_parser("export", help="the grades as a gradebook CSV for Canvas or Moodle (late penalties taken off)")
    p.add_argument("assignment")
    p.add_argument("--format", required=True, choices=lms.FORMATS)
    p.add_argument("--output", help="where to write it (default: reports/<id>/<format>.csv)")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("feedback", help="write HTML feedback without hidden tests")
    p.add_argument("assignment")
    p.set_defaults(func=cmd_feedback)
    p = sub.add_parser("serve", help="grade each submission as it arrives in the exchange and return feedback "
                                     "(the course's grading service)")
    p.add_argument("--jobs", type=int, default=None, help="grading processes, each with a warm sandbox of every "
                   "open assignment (default: one per core of this machine)")
    p.add_argument("--poll", type=float, default=0.1, help="seconds between looks at the exchange (default: "
                   "%(default)s; a look costs little when nothing changed)")
    p.add_argument("--once", action="store_true", help="grade what is waiting, then stop")
    p.add_argument("--outlive-parent", action="store_true", help="keep running when the process that started "
                   "it ends (by default the service ends with it, as the hub expects)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("demo", help="the whole pipeline on a sample class")
    p.add_argument("--jobs", type=int, default=os.cpu_count())
    p.set_defaults(func=cmd_demo)
    return top


def main(argv: list[str] | None = None) -> int:
    safetext.protect_streams()
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except Exception as err:
        if not isinstance(err, expected_errors()):
            raise
        print(f"autograder {args.command}: {safetext.readable(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"autograder {args.command}: interrupted; nothing submitted was changed", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
