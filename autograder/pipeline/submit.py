"""nbgrader's submit in a student's server on the course hub (`c.ExchangeFactory.submit`), trusted with nothing.

It does for the student what nbgrader's own submit does — finds the assignment's folder, warns about missing or
extra notebooks, leaves out what the course ignores, keeps a copy in the cache that the Assignment List shows and
the submission secret that Fetch Feedback needs — but it does not write into the exchange (students cannot). It
uploads the files to the course's grading service, `<course>-grading`, whose address the hub gives
(`GET /hub/api/services/<course>-grading`), with the server's own hub token: the service asks the hub whose token
it is, and files the submission under that name, stamped with its own clock. A refusal's message is what the
Assignment List shows.
"""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
import urllib.error
import urllib.parse
import urllib.request
from typing import NoReturn

from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import get_username, ignore_patterns

from ..i18n import current, text
from .exchange import ReadOnlyRoot
from .intake import RECEIPT, SECRET, TIMESTAMP
from .intake_server import SERVICE

ANSWER_SECONDS = 120
MAX_ANSWER = 64_000


class IntakeSubmit(ReadOnlyRoot, ExchangeSubmit):

    def fail(self, msg: str) -> NoReturn:
        # nbgrader's Exchange.fail logs and raises ExchangeError; said here, where its callers are typed.
        super().fail(msg)
        raise AssertionError("nbgrader's Exchange.fail returned")

    def init_dest(self):
        if self.coursedir.course_id == "":
            self.fail(text("submit.no_course"))
        # Only to tell a student early: the grading service asks the hub itself.
        if not self.authenticator.has_access(self.coursedir.student_id, self.coursedir.course_id):
            self.fail(text("submit.no_access"))
        self.cache_path = os.path.join(self.cache, self.coursedir.course_id)
        student = self.coursedir.student_id
        self.claimed = student if student != "*" else get_username()

    def copy_files(self):
        self.init_release()
        self.check_filename_diff()
        archive = self._pack()
        answer = self._upload(archive)
        # The course's clock and the name the hub gave, not this server's: the cache must match the exchange.
        self.timestamp = answer["timestamp"]
        cache = os.path.join(self.cache_path, f"{answer['student']}+{self.coursedir.assignment_id}+{self.timestamp}")
        os.makedirs(cache, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
            tar.extractall(cache, filter="data")
        for name, content in ((TIMESTAMP, self.timestamp), (SECRET, answer["secret"])):
            with open(os.path.join(cache, name), "w") as handle:
                handle.write(content)
        self.log.info("Submitted as: %s %s %s", self.coursedir.course_id, self.coursedir.assignment_id, self.timestamp)

    def _pack(self) -> bytes:
        """The assignment folder as an uncompressed tar of plain files, leaving out what nbgrader's submit leaves
        out (CourseDirectory.ignore, include, max_file_size) and what cannot be submitted (links, pipes)."""
        rules = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                max_file_size=self.coursedir.max_file_size, log=self.log)
        buffer, total = io.BytesIO(), 0
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for folder, folders, names in os.walk(self.src_path):
                ignored = set(rules(folder, folders + names))
                for name in [name for name in folders if os.path.islink(os.path.join(folder, name))]:
                    self.log.warning(text("submit.left_out_link", path=os.path.join(folder, name)))
                    ignored.add(name)
                folders[:] = [name for name in folders if name not in ignored]
                for name in sorted(set(names) - ignored):
                    path = os.path.join(folder, name)
                    relative = os.path.relpath(path, self.src_path)
                    if folder == self.src_path and name in (TIMESTAMP, SECRET, RECEIPT):
                        self.log.warning(text("submit.left_out_course_file", path=relative))
                        continue
                    data = self._read(path, relative)
                    if data is None:
                        continue
                    total += len(data)
                    if total > 1000 * self.coursedir.max_dir_size:
                        self.fail(text("submit.folder_too_large", mb=self.coursedir.max_dir_size / 1000))
                    info = tarfile.TarInfo(relative)
                    info.size, info.mode = len(data), 0o644
                    tar.addfile(info, io.BytesIO(data))
        return buffer.getvalue()

    def _read(self, path: str, relative: str) -> bytes | None:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:  # a link (O_NOFOLLOW) or a file that went away
            self.log.warning(text("submit.left_out_link", path=relative))
            return None
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                self.log.warning(text("submit.left_out_device", path=relative))
                return None
            return handle.read()

    def _hub(self) -> tuple[str, str]:
        api, token = os.environ.get("JUPYTERHUB_API_URL"), os.environ.get("JUPYTERHUB_API_TOKEN")
        if not api or not token:
            self.fail(text("submit.no_hub"))
        return api, token

    def _request(self, request: urllib.request.Request, what: str, missing: str = "") -> dict:
        """The JSON answer of the hub or the grading service (`what`: a catalogue key naming it)."""
        # The refusal is raised outside the `except` blocks: the Assignment List shows the whole traceback, which
        # should end with the message and not carry urllib's own traceback before it.
        try:
            with urllib.request.urlopen(request, timeout=ANSWER_SECONDS) as response:
                return json.loads(response.read(MAX_ANSWER))
        except urllib.error.HTTPError as err:
            message = missing if err.code == 404 and missing else self._message(err, what)
        except (OSError, ValueError) as err:
            message = text("submit.no_answer", what=text(what), error=err)
        self.fail(message)

    @staticmethod
    def _message(err: urllib.error.HTTPError, what: str) -> str:
        try:
            return str(json.loads(err.read(MAX_ANSWER))["message"])
        except (ValueError, KeyError, TypeError, OSError):
            return text("submit.answered", what=text(what), status=err.code, reason=err.reason)

    def _upload(self, archive: bytes) -> dict:
        api, token = self._hub()
        # The grading service answers a refusal in the language this server runs in (the hub sets it).
        auth = {"Authorization": f"token {token}", "Accept-Language": current()}
        course = self.coursedir.course_id
        name = SERVICE.format(course=course)
        missing = text("submit.no_service", course=course)
        service = self._request(urllib.request.Request(f"{api.rstrip('/')}/services/{urllib.parse.quote(name)}",
                                                       headers=auth), "submit.the_hub", missing)
        if not service.get("url"):
            self.fail(missing)
        query = urllib.parse.urlencode({"assignment": self.coursedir.assignment_id, "student": self.claimed})
        prefix = service.get("prefix") or "/"
        url = f"{service['url'].rstrip('/')}{prefix if prefix.endswith('/') else prefix + '/'}submit?{query}"
        return self._request(urllib.request.Request(url, data=archive, method="POST", headers={
            **auth, "Content-Type": "application/x-tar"}), "submit.the_service")
