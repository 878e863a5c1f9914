"""The course hub's settings, gathered in one place.

Courses come from a course list (``courses.toml`` beside this file, or the file named by ``COURSEHUB_COURSES``);
each entry names a course directory, and the course id is read from that directory's own ``nbgrader_config.py``,
so the id is never written twice. Everything that depends on the machine (ports, where state lives, which
authenticator) comes from ``COURSEHUB_*`` environment variables with defaults for a one-machine hub.

``jupyterhub_config.py``, the ``start`` and ``grader`` commands and the tests all build on this module.
"""

import os
import pwd
import sqlite3
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import PyFileConfigLoader

HERE = Path(__file__).resolve().parent
DEPLOY = HERE.parent
# Config directories handed to the servers through JUPYTER_CONFIG_PATH: every server reads `common`,
# students' servers also read `student` (which names the student after the hub user).
JUPYTER_COMMON = HERE / "jupyter" / "common"
JUPYTER_STUDENT = HERE / "jupyter" / "student"
# JupyterLab's settings overrides for the students of each language other than English: the language pack's locale.
LAB_SETTINGS = JUPYTER_STUDENT / "lab-settings"
AUTH_MODES = ("pam", "dummy")


@dataclass(frozen=True)
class Course:
    """One nbgrader course served by the hub."""

    id: str
    root: Path
    port: int
    intake_port: int = 0
    # Submissions its grading service grades at once, each in a process with warm sandboxes of every open
    # assignment; 0: one per core of the machine. The course's students share the machine's cores with their own
    # servers' kernels and with other courses' services.
    grading_jobs: int = 0
    instructors: tuple = ()
    tas: tuple = ()
    students: tuple = ()
    # Student -> the language they read the course in, from the course's own roster (the [languages] table of
    # assignments/catalogue.toml, which the grader reads too); English for everyone else.
    languages: dict = None

    @property
    def formgrade_group(self):
        return f"formgrade-{self.id}"

    @property
    def student_group(self):
        return f"nbgrader-{self.id}"

    @property
    def grading_service(self):
        """The hub service of the course's grading service (`autograder serve`), where students submit."""
        return f"{self.id}-grading"

    @property
    def grades_on_submit(self):
        """Only a course with an assignment catalogue has a grading service: elsewhere it could only fail."""
        return (self.root / "assignments" / "catalogue.toml").is_file()

    @property
    def grader_user(self):
        """The hub identity of the course's grader service (nbgrader asks the hub which courses it grades)."""
        return f"grader-{self.id}"

    @property
    def owner(self):
        """The Unix account that owns the course directory: the grader service and `grader` command run as it."""
        return pwd.getpwuid(self.root.stat().st_uid).pw_name


@dataclass(frozen=True)
class Settings:
    """Machine-dependent settings of one hub."""

    auth: str
    state: Path
    exchange: Path
    bind_url: str
    hub_port: int
    proxy_api_port: int
    cull_timeout: int
    admins: tuple
    courses: tuple

    @property
    def runs_as_root(self):
        return os.geteuid() == 0

    def language_of(self, user):
        """The language a user reads the course in: the first course whose roster lists them, else English."""
        for course in self.courses:
            if user in (course.languages or {}):
                return course.languages[user]
        return "en"

    def course(self, course_id=None):
        """The course with this id, or the only course when no id is given."""
        if course_id is None:
            if len(self.courses) != 1:
                raise SystemExit(f"several courses are served ({', '.join(c.id for c in self.courses)}): name one")
            return self.courses[0]
        for course in self.courses:
            if course.id == course_id:
                return course
        raise SystemExit(f"no course {course_id!r} in the course list")


def course_id_of(root):
    """The ``CourseDirectory.course_id`` that the course's own nbgrader_config.py sets."""
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(root))
    course_id = loader.load_config().CourseDirectory.get("course_id", "")
    if not course_id:
        raise SystemExit(f"{root}/nbgrader_config.py sets no c.CourseDirectory.course_id")
    return course_id


def languages_of(root):
    """The course roster's languages (student -> language), or none for a course without a catalogue."""
    if not (Path(root) / "assignments" / "catalogue.toml").is_file():
        return {}
    from autograder import catalogue

    return dict(catalogue.load(Path(root)).languages)


def load_courses(path, first_port=9100, first_intake_port=9200):
    """Read the course list; relative course directories are taken relative to the list's folder."""
    path = Path(path).resolve()
    with open(path, "rb") as file:
        data = tomllib.load(file)
    courses = []
    for index, entry in enumerate(data.get("course", [])):
        root = (path.parent / entry["root"]).resolve()
        courses.append(Course(
            id=course_id_of(root),
            root=root,
            port=int(entry.get("grader_port", first_port + index)),
            intake_port=int(entry.get("intake_port", first_intake_port + index)),
            grading_jobs=int(entry.get("grading_jobs", 0)),
            instructors=tuple(entry.get("instructors", ())),
            tas=tuple(entry.get("tas", ())),
            students=tuple(entry.get("students", ())),
            languages=languages_of(root),
        ))
    for course in courses:
        if course.grading_jobs < 0:
            raise SystemExit(f"{path}: grading_jobs of {course.id} must be 0 (one per core) or more, "
                             f"not {course.grading_jobs}")
    ids = [course.id for course in courses]
    if not courses or len(set(ids)) != len(ids):
        raise SystemExit(f"{path}: the course list needs at least one course and distinct course ids, got {ids}")
    return tuple(data.get("admins", ())), tuple(courses)


def settings_from_env(env=os.environ):
    """The hub's settings from COURSEHUB_* variables (see deploy/README.md for each one)."""
    auth = env.get("COURSEHUB_AUTH", "pam")
    if auth not in AUTH_MODES:
        raise SystemExit(f"COURSEHUB_AUTH must be one of {AUTH_MODES}, got {auth!r}")
    state = Path(env.get("COURSEHUB_STATE", HERE / "state")).resolve()
    admins, courses = load_courses(env.get("COURSEHUB_COURSES", HERE / "courses.toml"),
                                   int(env.get("COURSEHUB_GRADER_PORT", 9100)),
                                   int(env.get("COURSEHUB_INTAKE_PORT", 9200)))
    return Settings(
        auth=auth,
        state=state,
        exchange=Path(env.get("COURSEHUB_EXCHANGE", state / "exchange")).resolve(),
        bind_url=env.get("COURSEHUB_BIND_URL", "http://127.0.0.1:8000/"),
        hub_port=int(env.get("COURSEHUB_HUB_PORT", 8081)),
        proxy_api_port=int(env.get("COURSEHUB_PROXY_API_PORT", 8001)),
        cull_timeout=int(env.get("COURSEHUB_CULL_TIMEOUT", 3600)),
        admins=admins,
        courses=courses,
    )


def server_environment(settings, config_dirs):
    """Variables every single-user server and grader gets, whatever user it runs as."""
    env = {
        # The hub's own interpreter folder first: `nbgrader` and `autograder` in a terminal are the course's.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)]),
        "JUPYTER_CONFIG_PATH": os.pathsep.join(str(path) for path in config_dirs),
        "NBGRADER_EXCHANGE_ROOT": str(settings.exchange),
    }
    if "CATVNONCAT_DIR" in os.environ:
        env["CATVNONCAT_DIR"] = os.environ["CATVNONCAT_DIR"]
    return env


def language_hook(settings):
    """A Spawner.pre_spawn_hook: a student's server in their language. AUTOGRADER_LANGUAGE gives them the notebooks
    (nbgrader's fetch) and the checks' diagnostics (their kernels) in it; JupyterLab's settings overrides choose the
    language pack. A student can still switch JupyterLab's language in its Settings menu."""

    def hook(spawner):
        language = settings.language_of(spawner.user.name)
        # Spawner traits may share the configured objects: replace them, never change them in place. English is
        # set too: the hub's own LANG (which servers inherit) must not decide what the grader does not.
        spawner.environment = {**spawner.environment, "AUTOGRADER_LANGUAGE": language}
        if language != "en":
            spawner.args = [*spawner.args, f"--LabApp.app_settings_dir={LAB_SETTINGS / language}"]

    return hook


def grader_environment(settings, course):
    """What the grader service and the `grader` command see: the course root, no student identity."""
    env = server_environment(settings, [JUPYTER_COMMON])
    env["JUPYTERHUB_USER"] = course.grader_user
    # A course secret given to the hub in the environment (instead of the course's .autograder/secret) must reach
    # the grading service, the grader service and the admin command alike: they sign and check receipts and draw
    # hidden inputs with it. Never students' servers.
    if os.environ.get("AUTOGRADER_SECRET"):
        env["AUTOGRADER_SECRET"] = os.environ["AUTOGRADER_SECRET"]
    return env


def exposed_to_others(path):
    """True when users other than the owners can reach files in `path`: every folder up to it lets others in."""
    path = Path(path).resolve()
    return all(folder.stat().st_mode & 0o001 for folder in [path, *path.parents])


def prepare_state(settings):
    """Create the hub's folders: its own state private; in the exchange, each course's folder made by its grader's
    account before anyone else could, and its inbound folder the grader's alone (students submit through the
    course's grading service, never by writing there)."""
    settings.state.mkdir(parents=True, exist_ok=True)
    settings.state.chmod(0o711)
    (settings.state / "home").mkdir(exist_ok=True)
    settings.exchange.mkdir(parents=True, exist_ok=True)
    # nbgrader's steps want the exchange's root writable by whoever runs them; the sticky bit stops one account
    # from removing another's folder, and every course's folder below exists already.
    settings.exchange.chmod(0o1777)
    for course in settings.courses:
        folder, inbound = settings.exchange / course.id, settings.exchange / course.id / "inbound"
        for path, mode in ((folder, 0o755), (inbound, 0o700)):
            path.mkdir(exist_ok=True)
            if settings.runs_as_root:
                owner = pwd.getpwnam(course.owner)
                os.chown(path, owner.pw_uid, owner.pw_gid)
            path.chmod(mode)


def demo_students(root):
    """Students of `make demo`'s sample class left in a course directory (its submissions, its gradebook). The
    demo stamps every submission with one fixed time that no real submission has."""
    from autograder.submissions import TIMESTAMP

    root = Path(root)
    found = {stamp.parent.parent.name for stamp in root.glob("submitted/*/*/timestamp.txt")
             if stamp.is_file() and stamp.read_text(errors="replace").strip() == TIMESTAMP}
    gradebook = root / "gradebook.db"
    if gradebook.is_file():
        with sqlite3.connect(f"file:{gradebook}?mode=ro", uri=True) as db:
            try:
                found.update(row[0] for row in db.execute(
                    "SELECT student_id FROM submitted_assignment WHERE timestamp LIKE ?", (TIMESTAMP[:19] + "%",)))
            except sqlite3.DatabaseError:  # not a gradebook nbgrader made: nothing of the demo's either
                pass
    return sorted(found)


def refuse_demo_state(settings):
    """Stop before serving a course directory that still holds the demo's sample class: its students would
    appear in the formgrader, and nbgrader's release_feedback would fail on them."""
    for course in settings.courses:
        found = demo_students(course.root)
        if found:
            raise SystemExit(
                f"{course.root} still holds the sample class of `make demo` ({', '.join(found[:5])}"
                f"{', ...' if len(found) > 5 else ''}): a deployed course starts from a clean state. Run "
                f"`make clean-state` in {course.root} (it removes submitted/, autograded/, feedback/, reports/ and "
                "gradebook.db, never source/ or release/), then start the hub again.")
