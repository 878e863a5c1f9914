"""The grading service's HTTP intake: where students' servers hand in submissions (`autograder serve` on a hub).

A thin layer over `intake.receive()`. Every upload carries the token of the student's server; the hub says whose
token it is (jupyterhub.services.auth.HubAuth), and that answer is the only place the student's name comes from.
The student must hold the service's access scope and be in the course's roster, the hub group `nbgrader-<course>`
(the group nbgrader's own hub integration and the formgrader's *Add student* use). A name the student claims is
only compared with it, so that someone who asks to submit as another gets told, not obeyed. The upload is an
uncompressed tar of plain files, read only up to the course's size limit. On success the answer says when the
course received it and the submission's secret (nbgrader's fetch_feedback finds the feedback with it), and the
service's loop is woken so that grading starts at once.

The hub starts the service with JUPYTERHUB_SERVICE_URL (where to listen: 127.0.0.1 on one machine),
JUPYTERHUB_SERVICE_PREFIX, JUPYTERHUB_API_URL and JUPYTERHUB_OAUTH_ACCESS_SCOPES; Kubernetes spells them out
(deploy/k8s/grader.yaml).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

from .. import i18n
from ..i18n import Message, say
from . import intake

log = logging.getLogger("autograder.intake")
ROSTER_GROUP = "nbgrader-{course}"  # nbgrader's JupyterHubAuthPlugin calls a course's students this
SERVICE = "{course}-grading"  # the hub service of a course's grading service (deploy/hub, deploy/k8s)
# An upload is held in memory from its first byte until it is written: a few at a time bound the service's memory
# (the others wait before their body is read).
UPLOADS_AT_ONCE = 2


@dataclass(frozen=True)
class Settings:
    """Where the intake listens and how it asks the hub, as the hub's service variables say."""

    url: str
    prefix: str
    api_url: str
    access_scopes: frozenset

    @classmethod
    def from_env(cls, course_id: str, env=os.environ) -> Settings | None:
        """The intake's settings when the hub started this process as the course's grading service, with a URL;
        None otherwise (a terminal of the formgrader's service, for one, has that service's URL)."""
        name = SERVICE.format(course=course_id)
        if env.get("JUPYTERHUB_SERVICE_NAME") != name or not env.get("JUPYTERHUB_SERVICE_URL") or \
                not env.get("JUPYTERHUB_API_URL"):
            return None
        scopes = json.loads(env.get("JUPYTERHUB_OAUTH_ACCESS_SCOPES") or "[]") or [f"access:services!service={name}"]
        return cls(url=env["JUPYTERHUB_SERVICE_URL"], prefix=env.get("JUPYTERHUB_SERVICE_PREFIX", "/"),
                   api_url=env["JUPYTERHUB_API_URL"], access_scopes=frozenset(scopes))


class Refusal(Exception):
    """An HTTP answer that refuses the request, with a message for the student (said in their language: the course
    roster's once the hub has said who they are, else the one their server asks for)."""

    def __init__(self, status: int, key: str | Message, **values):
        self.status = status
        self.message = key if isinstance(key, Message) else say(key, **values)
        super().__init__(self.message.render(i18n.DEFAULT))


def _handler_classes():
    import tornado.httputil
    import tornado.web

    class Base(tornado.web.RequestHandler):
        def initialize(self, door: Door):
            self.door = door

        def write_error(self, status_code, **kwargs):
            self.finish({"message": tornado.httputil.responses.get(status_code, "Error")})

        def refuse(self, refusal: Refusal) -> None:
            self.set_status(refusal.status)
            student = getattr(self, "student", None)
            asked = self.request.headers.get("Accept-Language", "").split(",")[0].split(";")[0]
            language = self.door.course.language_of(student) if student else i18n.normalize(asked) or i18n.DEFAULT
            self.finish({"message": refusal.message.render(language)})

    @tornado.web.stream_request_body
    class Submit(Base):
        """POST <prefix>submit?assignment=ID[&student=NAME], the body a tar archive of the assignment's files.
        A refused upload is still read (and dropped) up to twice the limit, so that the student's server, which
        sends all of it before it reads the answer, gets the refusal rather than a broken connection."""

        async def prepare(self):
            self.body, self.refusal, self.student, self.holding = bytearray(), None, None, False
            try:
                self.student = await self.door.student(self.request.headers.get("Authorization", ""))
                claimed = self.get_query_argument("student", self.student)
                if claimed != self.student:
                    raise Refusal(403, "intake.not_yourself", student=self.student, claimed=intake.shown(claimed))
                if int(self.request.headers.get("Content-Length") or 0) > self.door.max_upload:
                    raise self.door.too_large()
            except Refusal as refusal:
                self.refusal = refusal
                return
            await self.door.uploads.acquire()
            self.holding = True

        def on_finish(self):
            if self.holding:
                self.holding = False
                self.door.uploads.release()

        on_connection_close = on_finish

        def data_received(self, chunk: bytes) -> None:
            if self.refusal is None:
                self.body += chunk
                if len(self.body) > self.door.max_upload:
                    self.refusal, self.body = self.door.too_large(), bytearray()

        async def post(self):
            if self.refusal is not None:
                return self.refuse(self.refusal)
            assert self.student is not None  # prepare() named the student, or set a refusal
            try:
                answer = await self.door.take(self.student, self.get_query_argument("assignment", ""), bytes(self.body))
            except Refusal as refusal:
                return self.refuse(refusal)
            self.finish(answer)

    class Status(Base):
        def get(self):
            self.finish({"course": self.door.course.course_id, "intake": "open"})

    return Submit, Status


class Door:
    """What the intake's handlers share: the course, the hub's answers, and who is woken after a submission."""

    def __init__(self, course, settings: Settings, on_received: Callable[[], None]):
        from jupyterhub.services.auth import HubAuth

        self.course, self.settings, self.on_received = course, settings, on_received
        self.hub = HubAuth(api_url=settings.api_url, access_scopes=set(settings.access_scopes))
        self.roster_group = ROSTER_GROUP.format(course=course.course_id)
        self.limits = intake.Limits.of(course.coursedir)
        self.max_upload = self.limits.total_bytes + 1024 * (self.limits.files + 2) + 10240
        self.uploads = asyncio.Semaphore(UPLOADS_AT_ONCE)

    async def student(self, authorization: str) -> str:
        """The student the hub says this token belongs to, if they may submit to the course; Refusal otherwise."""
        match = self.hub.auth_header_pat.match(authorization)
        if not match:
            raise Refusal(401, "intake.no_token")
        try:
            model = await self.hub.user_for_token(match.group(1), use_cache=False, sync=False)
        except Exception as err:  # the hub is down or restarting: nothing was received, the student tries again
            log.warning("the hub did not answer who submitted: %s", err)
            raise Refusal(503, "intake.hub_silent") from None
        if not model or model.get("kind", "user") != "user":
            raise Refusal(403, "intake.unknown_token")
        name = model["name"]
        if not self.hub.check_scopes(self.hub.access_scopes, model) or self.roster_group not in model.get("groups", ()):
            log.warning("refused a submission by %s: not in the course's roster (%s)", intake.shown(name),
                        self.roster_group)
            raise Refusal(403, "intake.not_a_student", name=name, course=self.course.course_id)
        return name

    def too_large(self) -> Refusal:
        return Refusal(413, "intake.upload_too_large", limit=self.limits.total_bytes / 1e6)

    async def take(self, student: str, assignment: str, archive: bytes) -> dict:
        """Unpack, receive, and say what was received; Refusal with the student's message otherwise."""
        def unpack_and_receive():
            return intake.receive(self.course, student, assignment, intake.unpack(archive, self.limits))

        try:  # beside the event loop, which goes on answering others
            entry = await asyncio.get_running_loop().run_in_executor(None, unpack_and_receive)
        except intake.Refused as refused:
            log.info("refused a submission of %s by %s: %s", intake.shown(assignment), intake.shown(student), refused)
            raise Refusal(400, "intake.nothing_submitted", why=refused.message) from None
        log.info("received %s", entry.name)
        self.on_received()
        return {"student": student, "assignment": assignment, "timestamp": entry.name.rsplit("+", 3)[2],
                "secret": (entry / intake.SECRET).read_text()}


class IntakeServer:
    """The intake's HTTP server on its own thread and event loop, beside the service's grading loop."""

    def __init__(self, course, settings: Settings, on_received: Callable[[], None]):
        self.course, self.settings, self.on_received = course, settings, on_received
        self.ready = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread = threading.Thread(target=self._serve, name="intake", daemon=True)
        self.failure: BaseException | None = None

    def start(self) -> IntakeServer:
        self.thread.start()
        self.ready.wait()
        if self.failure:
            raise self.failure
        return self

    def _serve(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as err:  # reported to start(), which raises it in the service's thread
            self.failure = err
            self.ready.set()

    async def _main(self) -> None:
        import tornado.web

        submit, status = _handler_classes()
        door = Door(self.course, self.settings, self.on_received)
        prefix = self.settings.prefix if self.settings.prefix.endswith("/") else self.settings.prefix + "/"
        app = tornado.web.Application([(f"{prefix}submit", submit, {"door": door}),
                                       (prefix, status, {"door": door})])
        where = urlparse(self.settings.url)
        server = app.listen(where.port or 80, address=where.hostname, max_body_size=2 * door.max_upload)
        self.loop, self.stopped = asyncio.get_running_loop(), asyncio.Event()
        log.info("intake open at %s%ssubmit", self.settings.url.rstrip("/"), prefix)
        self.ready.set()
        await self.stopped.wait()
        server.stop()

    def stop(self) -> None:
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.stopped.set)
            self.thread.join(10)
