"""nbgrader settings of the servers of people who take a course (the grader services do not read this file).

Every server may run as the same Unix account (one machine in test mode, one uid per pod image), so the student
is the hub user the server belongs to, not the Unix user.
"""

import os

c = get_config()  # noqa: F821  (defined by traitlets when it loads this file)

c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]
# A course released in English and Chinese: the student fetches the notebook in their language (AUTOGRADER_LANGUAGE,
# which the hub sets from the course roster), under the one name the course grades.
c.ExchangeFactory.fetch_assignment = "autograder.pipeline.exchange.LanguageFetch"
# Students never write into the exchange: Submit uploads to the course's grading service, which asks the hub who
# is submitting. The other steps only read the exchange (on Kubernetes, students' pods mount it read-only).
c.ExchangeFactory.submit = "autograder.pipeline.submit.IntakeSubmit"
c.ExchangeFactory.list = "autograder.pipeline.exchange.StudentList"
c.ExchangeFactory.fetch_feedback = "autograder.pipeline.exchange.StudentFetchFeedback"
