"""The course's own error, in a module of its own so that code which only raises or catches it (the command line
before it has chosen what to import, the reports) need not import nbgrader with `course`."""


class CourseError(RuntimeError):
    """An nbgrader step failed, or the course's own files are not usable; the message says which."""
