"""nbgrader settings of every server the course hub starts: students', instructors' and the grader services.

The course's own nbgrader_config.py (read last, from the course directory) says what the course is; this file says
how this deployment connects courses and people, so the course directory stays the same on every deployment.
"""

import os

c = get_config()  # noqa: F821  (defined by traitlets when it loads this file)

# One exchange for all courses, each course in its own folder.
c.Exchange.root = os.environ["NBGRADER_EXCHANGE_ROOT"]
c.Exchange.path_includes_course = True
# Inside the hub a person's courses are their hub groups: nbgrader-<course> for students, formgrade-<course> for
# graders. The admin command (deploy/hub/grader) runs outside the hub, without a hub token, and needs none.
if os.environ.get("JUPYTERHUB_API_TOKEN"):
    c.Authenticator.plugin_class = "nbgrader.auth.JupyterHubAuthPlugin"
# On Kubernetes the gradebook is a Postgres database shared by the grader pods (deploy/k8s).
if os.environ.get("NBGRADER_DB_URL"):
    c.CourseDirectory.db_url = os.environ["NBGRADER_DB_URL"]
