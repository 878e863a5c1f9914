"""JupyterHub configuration of the course hub; `deploy/hub/start` runs the hub with it.

Every course in the course list gets two hub groups, `formgrade-<course>` (instructors and TAs) and
`nbgrader-<course>` (students), and a grader service at /services/<course>/: a Jupyter server whose root is the
course directory, where the formgrader runs and where instructors grade with `autograder grade <assignment>`.
Students' servers name the nbgrader student after the hub user and share one nbgrader exchange.
"""

import os
import sys
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import coursehub  # noqa: E402  (found through the line above)

c = get_config()  # noqa: F821  (defined by JupyterHub when it loads this file)
settings = coursehub.settings_from_env()
coursehub.prepare_state(settings)
python = [sys.executable, "-m"]

# --- Network: the public URL is the proxy's; the hub's API and the proxy's API stay on loopback.
c.JupyterHub.bind_url = settings.bind_url
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
local_proxy = coursehub.DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
if local_proxy.exists():  # installed by `npm ci --prefix deploy`; otherwise the one on PATH
    c.ConfigurableHTTPProxy.command = [str(local_proxy)]
c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")

# --- State: the hub's database and secrets live in the state folder, never in the course directory.
c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
# Restarting the hub to load a new roster must not stop the students' servers.
c.JupyterHub.cleanup_servers = False

# --- Who logs in, and where their server runs.
if settings.auth == "pam":
    # Real use: every person is a Unix account; their server runs as that account in its own home, so the
    # operating system keeps students out of each other's files and out of the course directory.
    c.JupyterHub.authenticator_class = "pam"
    c.JupyterHub.spawner_class = "localprocess"
    for course in settings.courses:
        if coursehub.exposed_to_others(course.root):
            raise SystemExit(f"{course.root} is readable by other accounts and holds the hidden tests: "
                             f"`chmod o-rwx {course.root}` (deploy/README.md, 'Course directory').")
else:
    # Tests and demos: any listed name logs in with one shared password and every server runs as the hub's own
    # account, so this mode refuses to listen anywhere but loopback.
    if urlparse(settings.bind_url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("COURSEHUB_AUTH=dummy serves on 127.0.0.1 only")
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ["COURSEHUB_DUMMY_PASSWORD"]
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(settings.state / "home" / "{username}")
    if settings.runs_as_root:
        c.Spawner.args = ["--allow-root"]

c.Spawner.cmd = python + ["jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.disable_user_config = True
c.Spawner.environment = coursehub.server_environment(
    settings, [coursehub.JUPYTER_STUDENT, coursehub.JUPYTER_COMMON])
# Each student's server in the language the course roster gives them (English unless listed).
c.Spawner.pre_spawn_hook = coursehub.language_hook(settings)

# --- Users and course groups. The course list adds people; it never removes anyone (see deploy/README.md).
everyone = set(settings.admins)
groups = {}
for course in settings.courses:
    groups[course.formgrade_group] = {"users": [*course.instructors, *course.tas, course.grader_user]}
    groups[course.student_group] = {"users": list(course.students)}
    everyone.update(course.instructors, course.tas, course.students)
c.Authenticator.admin_users = set(settings.admins)
c.Authenticator.allowed_users = everyone
# People an admin adds on the hub's admin page may log in too, without a restart.
c.Authenticator.allow_existing_users = True
c.JupyterHub.load_groups = groups

# --- Permissions.
# nbgrader's Course List and Assignment List ask the hub for the user's groups and for the grader services.
service_lookup = ["list:services", "read:services"]
roles = [
    {"name": "user", "scopes": ["self", *service_lookup]},
]
# A student's server submits to the course's grading service with its own token (autograder/pipeline/submit.py):
# the token may reach the grading services of the courses its owner takes (the hub keeps only those).
submit_scopes = [f"access:services!service={course.grading_service}" for course in settings.courses
                 if course.grades_on_submit]
c.Spawner.server_token_scopes = [
    "users:activity!user", "access:servers!server", "read:users:name!user", "read:users:groups!user",
    *service_lookup, *submit_scopes,
]
services = []
for course in settings.courses:
    roles += [
        # Instructors and TAs open the formgrader.
        {"name": f"formgrade-{course.id}", "groups": [course.formgrade_group],
         "scopes": [f"access:services!service={course.id}"]},
        # Instructors manage who is in their course from the hub's admin page.
        {"name": f"instructor-{course.id}", "users": list(course.instructors),
         "scopes": ["admin-ui", "list:users", "read:users", "list:groups",
                    f"groups!group={course.student_group}", f"groups!group={course.formgrade_group}"]},
        # The formgrader's "add student" puts the student into the course's group.
        {"name": f"grader-{course.id}", "services": [course.id],
         "scopes": ["list:users", "read:users", "list:groups", "read:groups",
                    f"groups!group={course.student_group}"]},
    ]
    if course.grades_on_submit:
        # The course's students, and only they, hand in submissions to its grading service.
        roles.append({"name": f"submit-{course.id}", "groups": [course.student_group],
                      "scopes": [f"access:services!service={course.grading_service}"]})
    service = {
        "name": course.id,
        "url": f"http://127.0.0.1:{course.port}",
        # Through autograder.lifeline: the server ends with the hub, even a hub killed with SIGKILL, instead of
        # running on beside the next hub's.
        "command": python + ["autograder.lifeline", "jupyterhub.singleuser", f"--ServerApp.root_dir={course.root}"],
        "cwd": str(course.root),
        "environment": coursehub.grader_environment(settings, course),
        "oauth_no_confirm": True,
        "info": {"course": course.id},
    }
    if settings.auth == "pam" and settings.runs_as_root:
        service["user"] = course.owner
    elif settings.auth == "dummy":
        # Like every server in this mode, the grader keeps its runtime files in a home under the state folder.
        home = settings.state / "home" / course.grader_user
        home.mkdir(exist_ok=True)
        service["environment"]["HOME"] = str(home)
    if settings.runs_as_root and service.get("user", "root") == "root":
        service["command"].append("--allow-root")
    services.append(service)
    # The course's grading service (autograder serve): students' servers hand in submissions at its URL, on
    # loopback; it writes them into the exchange's inbound folder, which only its account can write, grades each
    # one as it arrives and releases its feedback. The hub starts it with the course's grader, as the same
    # account, and starts it again if it stops.
    if not course.grades_on_submit:
        continue
    grading = {
        "name": course.grading_service,
        "url": f"http://127.0.0.1:{course.intake_port}",
        "display": False,  # not a page for people: no entry in the hub's Services menu
        "command": python + ["autograder.cli", "serve",
                             *([f"--jobs={course.grading_jobs}"] if course.grading_jobs else [])],
        "cwd": str(course.root),
        "environment": dict(service["environment"]),
    }
    if "user" in service:
        grading["user"] = service["user"]
    services.append(grading)

cull_every = max(60, min(600, settings.cull_timeout // 2))
services.append({
    "name": "idle-culler",
    "command": python + ["jupyterhub_idle_culler", f"--timeout={settings.cull_timeout}",
                         f"--cull-every={cull_every}"],
})
roles.append({"name": "idle-culler", "services": ["idle-culler"],
              "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})

c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
