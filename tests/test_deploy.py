"""The deployments, checked without starting them: the one-machine hub's configuration as JupyterHub loads it,
and the Kubernetes files (deploy/k8s) as Helm, kubectl and docker would read them."""

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from traitlets.config import PyFileConfigLoader

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
HUB = DEPLOY / "hub"
# The Zero to JupyterHub chart's schema and defaults (CI: ../shared/z2jh beside the checkout).
Z2JH = Path(os.environ.get("Z2JH_DIR", REPO.parent / "shared" / "z2jh"))


class StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice: plain YAML keeps the last one and silently drops the first."""


def _mapping(loader, node, deep=False):
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    repeated = {key for key in keys if keys.count(key) > 1}
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"repeated keys {repeated}", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(path):
    with open(path) as file:
        return list(yaml.load_all(file, Loader=StrictLoader))


@pytest.fixture(scope="module")
def values():
    [values] = load_yaml(K8S / "values.yaml")
    return values


@pytest.fixture(scope="module")
def grader_objects():
    return {(obj["kind"], obj["metadata"]["name"]): obj for obj in load_yaml(K8S / "grader.yaml")}


@pytest.fixture(scope="module")
def course_id():
    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    return config.CourseDirectory.course_id


def hub_config(monkeypatch, tmp_path, auth, root, **people):
    """jupyterhub_config.py as JupyterHub loads it, for one course at `root`."""
    roster = "\n".join(f"{role} = {json.dumps(names)}" for role, names in people.items())
    (tmp_path / "courses.toml").write_text(f'[[course]]\nroot = "{root}"\n{roster}\n')
    monkeypatch.setenv("COURSEHUB_AUTH", auth)
    monkeypatch.setenv("COURSEHUB_DUMMY_PASSWORD", "unused")
    monkeypatch.setenv("COURSEHUB_COURSES", str(tmp_path / "courses.toml"))
    monkeypatch.setenv("COURSEHUB_STATE", str(tmp_path / "state"))
    return PyFileConfigLoader("jupyterhub_config.py", path=str(HUB)).load_config()


def test_the_course_id_is_read_from_the_course(course_id):
    assert course_id == "lrnn"


def test_the_default_course_list_serves_this_repository():
    import tomllib
    courses = tomllib.loads((HUB / "courses.toml").read_text())["course"]
    assert [(HUB / course["root"]).resolve() for course in courses] == [REPO]


def test_one_machine_hub_wires_groups_roles_and_services(monkeypatch, tmp_path, course_id):
    monkeypatch.setenv("AUTOGRADER_SECRET", "s3cret")
    config = hub_config(monkeypatch, tmp_path, "dummy", REPO, instructors=["ines"], tas=["tom"], students=["sam"])
    assert config.JupyterHub.load_groups == {
        f"formgrade-{course_id}": {"users": ["ines", "tom", f"grader-{course_id}"]},
        f"nbgrader-{course_id}": {"users": ["sam"]},
    }
    services = {service["name"]: service for service in config.JupyterHub.services}
    assert set(services) == {course_id, f"{course_id}-grading", "idle-culler"}
    grader = services[course_id]
    # The grading service runs beside the formgrader, as the same account, in the course directory; its URL, on
    # loopback, is where students' servers submit, and only the course's students may reach it.
    grading = services[f"{course_id}-grading"]
    assert grading["command"] == [sys.executable, "-m", "autograder.cli", "serve"]
    assert grading["cwd"] == str(REPO)
    assert grading["environment"] == grader["environment"]
    assert grading["url"] == "http://127.0.0.1:9200"
    roles = {role["name"]: role for role in config.JupyterHub.load_roles}
    assert roles[f"submit-{course_id}"] == {"name": f"submit-{course_id}", "groups": [f"nbgrader-{course_id}"],
                                            "scopes": [f"access:services!service={course_id}-grading"]}
    assert f"access:services!service={course_id}-grading" in config.Spawner.server_token_scopes
    # Students never write into the exchange: the course's folder and its inbound exist before anyone else could
    # make them, and inbound is the grader's alone.
    exchange = tmp_path / "state" / "exchange"
    assert stat.S_IMODE((exchange / course_id).stat().st_mode) == 0o755
    assert stat.S_IMODE((exchange / course_id / "inbound").stat().st_mode) == 0o700
    assert (exchange / course_id / "inbound").stat().st_uid == REPO.stat().st_uid
    assert grader["cwd"] == str(REPO)
    assert f"--ServerApp.root_dir={REPO}" in grader["command"]
    # The formgrader's server ends with the hub (a parent-death signal), like the grading service.
    assert grader["command"][:4] == [sys.executable, "-m", "autograder.lifeline", "jupyterhub.singleuser"]
    assert grader["environment"]["JUPYTERHUB_USER"] == f"grader-{course_id}"
    # Graders must not read the student settings, which would name the grader a student.
    assert grader["environment"]["JUPYTER_CONFIG_PATH"] == str(HUB / "jupyter" / "common")
    assert config.Spawner.environment["JUPYTER_CONFIG_PATH"].split(":") == [
        str(HUB / "jupyter" / "student"), str(HUB / "jupyter" / "common")]
    assert config.JupyterHub.authenticator_class == "dummy"
    assert (tmp_path / "state" / "exchange").stat().st_mode & 0o7777 == 0o1777
    # A course secret the hub is given in its environment reaches the course's services, never students' servers.
    assert grader["environment"]["AUTOGRADER_SECRET"] == grading["environment"]["AUTOGRADER_SECRET"] == "s3cret"
    assert "AUTOGRADER_SECRET" not in config.Spawner.environment


def test_a_course_caps_how_many_submissions_its_grading_service_grades_at_once(monkeypatch, tmp_path, course_id):
    """Each grading process keeps warm sandboxes of every open assignment: a course on a machine it shares (with
    its students' kernels, with other courses) may ask for fewer than one per core, the default."""
    config = hub_config(monkeypatch, tmp_path, "dummy", REPO, grading_jobs=1)
    [grading] = [service for service in config.JupyterHub.services if service["name"] == f"{course_id}-grading"]
    assert grading["command"] == [sys.executable, "-m", "autograder.cli", "serve", "--jobs=1"]
    with pytest.raises(SystemExit, match="grading_jobs of lrnn must be 0 \\(one per core\\) or more, not -1"):
        hub_config(monkeypatch, tmp_path, "dummy", REPO, grading_jobs=-1)


def test_a_chinese_reading_student_gets_a_server_in_chinese(monkeypatch, tmp_path):
    """The course roster ([languages] in the catalogue) chooses each student's language: their notebooks and the
    checks' diagnostics (AUTOGRADER_LANGUAGE), and JupyterLab's language pack (its settings overrides)."""
    from types import SimpleNamespace

    config = hub_config(monkeypatch, tmp_path, "dummy", REPO, students=["li", "sam"])
    hook = config.Spawner.pre_spawn_hook
    spawned = {}
    for name in ("li", "sam"):
        spawner = SimpleNamespace(user=SimpleNamespace(name=name), environment=config.Spawner.environment,
                                  args=list(config.Spawner.get("args", [])))
        hook(spawner)
        spawned[name] = spawner
    overrides = HUB / "jupyter" / "student" / "lab-settings" / "zh-CN"
    assert spawned["li"].environment["AUTOGRADER_LANGUAGE"] == "zh-CN"
    assert spawned["li"].args[-1] == f"--LabApp.app_settings_dir={overrides}"
    assert json.loads((overrides / "overrides.json").read_text()) == \
        {"@jupyterlab/translation-extension:plugin": {"locale": "zh_CN"}}
    assert spawned["sam"].environment["AUTOGRADER_LANGUAGE"] == "en"
    assert "AUTOGRADER_LANGUAGE" not in config.Spawner.environment
    assert spawned["sam"].args == list(config.Spawner.get("args", []))


@pytest.fixture
def open_course():
    """A course directory every account can reach (pytest's own temporary folders are private)."""
    course = Path(tempfile.mkdtemp(prefix="open-course-", dir="/tmp"))
    (course / "nbgrader_config.py").write_text('c.CourseDirectory.course_id = "lrnn"\n')
    course.chmod(0o755)
    yield course
    shutil.rmtree(course)


def test_one_machine_hub_refuses_a_course_others_can_read(monkeypatch, tmp_path, open_course):
    with pytest.raises(SystemExit, match="readable by other accounts"):
        hub_config(monkeypatch, tmp_path, "pam", open_course)
    open_course.chmod(0o700)
    config = hub_config(monkeypatch, tmp_path, "pam", open_course)
    assert config.JupyterHub.authenticator_class == "pam"
    # A course without an assignment catalogue has nothing to grade on submit: no grading service.
    assert {service["name"] for service in config.JupyterHub.services} == {"lrnn", "idle-culler"}
    assert config.JupyterHub.spawner_class == "localprocess"
    [grader] = [service for service in config.JupyterHub.services if service["name"] == "lrnn"]
    assert grader["user"] == open_course.owner()


def test_kubernetes_hub_grants_what_the_one_machine_hub_grants(monkeypatch, tmp_path, values, course_id):
    config = hub_config(monkeypatch, tmp_path, "dummy", REPO, instructors=["instructor"], tas=["ta"])
    roles = {role.pop("name"): role for role in config.JupyterHub.load_roles}
    for name, role in values["hub"]["loadRoles"].items():
        assert {key: sorted(value) for key, value in role.items()} == \
               {key: sorted(value) for key, value in roles[name].items()}, name
    assert {f"formgrade-{course_id}", f"instructor-{course_id}", f"grader-{course_id}", "user"} <= set(
        values["hub"]["loadRoles"])
    assert values["hub"]["config"]["Spawner"]["server_token_scopes"] == config.Spawner.server_token_scopes
    assert values["hub"]["config"]["JupyterHub"]["load_groups"][f"formgrade-{course_id}"] == \
           config.JupyterHub.load_groups[f"formgrade-{course_id}"]


def test_kubernetes_values_pass_the_charts_schema(values):
    """What `helm install` checks first: the values merged over the chart's defaults validate against its schema."""
    import jsonschema

    if not (Z2JH / "values.schema.yaml").is_file():
        pytest.fail(f"the Zero to JupyterHub schema is not at {Z2JH}: set Z2JH_DIR to a folder with the chart's "
                    "values.schema.yaml and values.yaml")

    def merged(base, over):
        if isinstance(base, dict) and isinstance(over, dict):
            return {**base, **{key: merged(base.get(key), value) for key, value in over.items()}}
        return over

    [defaults] = load_yaml(Z2JH / "values.yaml")
    [schema] = load_yaml(Z2JH / "values.schema.yaml")
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(merged(defaults, values)), key=str)
    assert [f"{'/'.join(map(str, error.path))}: {error.message}" for error in errors] == []
    # The schema does catch a mistake (a key the chart does not know, under a strict object).
    wrong = merged(values, {"singleuser": {"networkPolicy": {"egres": []}}})
    assert not jsonschema.Draft7Validator(schema).is_valid(merged(defaults, wrong))


def test_kubernetes_values_have_the_required_settings(values, course_id):
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"]
    service = values["hub"]["services"][course_id]
    assert service["oauth_no_confirm"] is True
    assert service["oauth_redirect_uri"] == f"/services/{course_id}/oauth_callback"
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    single = values["singleuser"]
    assert single["image"]["name"] and single["image"]["tag"]
    assert single["cmd"] == "jupyterhub-singleuser"
    mounts = {mount["name"]: mount["mountPath"] for mount in single["storage"]["extraVolumeMounts"]}
    assert single["extraEnv"]["NBGRADER_EXCHANGE_ROOT"] == mounts["exchange"]
    assert single["extraEnv"]["CATVNONCAT_DIR"] == mounts["data"]
    assert single["extraEnv"]["JUPYTER_CONFIG_PATH"] == "/etc/coursehub/student:/etc/coursehub/common"
    assert "c.KubeSpawner.uid" in values["hub"]["extraConfig"]["coursehub-uids"]
    # Students' pods read the exchange and never write it.
    [mount] = [mount for mount in single["storage"]["extraVolumeMounts"] if mount["name"] == "exchange"]
    [volume] = [volume for volume in single["storage"]["extraVolumes"] if volume["name"] == "exchange"]
    assert mount["readOnly"] is True and volume["persistentVolumeClaim"]["readOnly"] is True


def test_kubernetes_grader_pod_serves_the_course_with_a_postgres_gradebook(values, grader_objects, course_id):
    pod = grader_objects[("Deployment", f"grader-{course_id}")]["spec"]["template"]["spec"]
    container, grading = pod["containers"]
    # The grading service runs in the same pod, on the same course, exchange, data and gradebook, as the hub
    # service <course>-grading.
    assert (grading["name"], grading["command"][:4]) == ("grading", ["python", "-m", "autograder.cli", "serve"])
    assert (grading["image"], grading["workingDir"]) == (container["image"], container["workingDir"])
    assert grading["volumeMounts"] == container["volumeMounts"]
    env = {item["name"]: item for item in container["env"]}
    grading_env = {item["name"]: item for item in grading["env"]}
    own = {"JUPYTERHUB_SERVICE_NAME", "JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_API_TOKEN",
           "JUPYTERHUB_OAUTH_ACCESS_SCOPES", "JUPYTERHUB_CLIENT_ID", "JUPYTERHUB_OAUTH_CALLBACK_URL"}
    assert {k: v for k, v in grading_env.items() if k not in own} == {k: v for k, v in env.items() if k not in own}
    service_name = f"{course_id}-grading"
    assert grading_env["JUPYTERHUB_SERVICE_NAME"]["value"] == service_name
    assert grading_env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == f"/services/{service_name}/"
    assert grading_env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "hub", "key": f"hub.services.{service_name}.apiToken"}
    assert json.loads(grading_env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]["value"]) == [
        f"access:services!service={service_name}"]
    # Students' servers reach the intake where the hub says it is, through the network policy.
    intake = urlparse(values["hub"]["services"][service_name]["url"])
    ports = {port["name"]: port for port in grader_objects[("Service", f"grader-{course_id}")]["spec"]["ports"]}
    assert (intake.hostname, intake.port) == (f"grader-{course_id}", ports["intake"]["port"])
    assert ports["intake"]["targetPort"] == grading["ports"][0]["containerPort"] == \
        urlparse(grading_env["JUPYTERHUB_SERVICE_URL"]["value"]).port
    [egress] = values["singleuser"]["networkPolicy"]["egress"]
    assert egress["to"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": f"grader-{course_id}"}}}]
    assert egress["ports"] == [{"protocol": "TCP", "port": ports["intake"]["port"]}]
    assert pod_labels(grader_objects, course_id)["app.kubernetes.io/name"] == f"grader-{course_id}"
    assert env["NBGRADER_DB_URL"]["valueFrom"]["secretKeyRef"]["key"] == "url"
    assert env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"] == {
        "name": "hub", "key": f"hub.services.{course_id}.apiToken"}
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == course_id
    assert env["JUPYTERHUB_SERVICE_PREFIX"]["value"] == f"/services/{course_id}/"
    assert json.loads(env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]["value"]) == [f"access:services!service={course_id}"]
    assert env["JUPYTER_CONFIG_PATH"]["value"] == "/etc/coursehub/common"
    # The grader and the students see the same exchange volume at the same place.
    single = values["singleuser"]
    claims = {volume["name"]: volume["persistentVolumeClaim"]["claimName"] for volume in pod["volumes"]}
    student_claims = {volume["name"]: volume["persistentVolumeClaim"]["claimName"]
                      for volume in single["storage"]["extraVolumes"]}
    assert claims["exchange"] == student_claims["exchange"]
    mounts = {mount["name"]: mount["mountPath"] for mount in container["volumeMounts"]}
    assert env["NBGRADER_EXCHANGE_ROOT"]["value"] == mounts["exchange"] == single["extraEnv"]["NBGRADER_EXCHANGE_ROOT"]
    exchange = grader_objects[("PersistentVolumeClaim", claims["exchange"])]
    assert "ReadWriteMany" in exchange["spec"]["accessModes"]
    # The hub reaches the pod where values.yaml says it is.
    port = int(re.fullmatch(rf"http://grader-{course_id}:(\d+)", values["hub"]["services"][course_id]["url"])[1])
    assert ports["formgrader"]["port"] == port
    assert f"--ServerApp.port={port}" in container["command"]
    assert pod["securityContext"]["runAsUser"] not in (0, 1000)


def pod_labels(grader_objects, course_id):
    return grader_objects[("Deployment", f"grader-{course_id}")]["spec"]["template"]["metadata"]["labels"]


def dockerfile_instructions():
    """(INSTRUCTION, arguments) of deploy/k8s/Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (K8S / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [tuple(line.split(None, 1)) for line in lines]


def test_image_installs_exactly_the_projects_requirements():
    instructions = dockerfile_instructions()
    copies = {shlex.split(args)[-1]: shlex.split(args)[0] for op, args in instructions if op == "COPY"}
    assert copies["/opt/course/requirements.txt"] == "requirements.txt"
    installs = [command.strip() for op, args in instructions if op == "RUN"
                for command in args.split("&&") if "pip install" in command]
    assert installs == [
        "/opt/course/venv/bin/pip install --no-cache-dir --requirement /opt/course/requirements.txt",
        "/opt/course/venv/bin/pip install --no-cache-dir --no-deps /opt/course/src",
    ]
    # The configuration the pods read is the one-machine hub's.
    assert copies["/etc/coursehub"] == "deploy/hub/jupyter"
    # The build context lets in what the COPY lines name, and nothing else.
    allowed = [line[1:].rstrip("/") for line in (K8S / "Dockerfile.dockerignore").read_text().splitlines()
               if line.startswith("!")]
    assert sorted(allowed) == sorted(source for source in copies.values())
    assert {path.name for path in (HUB / "jupyter").iterdir()} == {"student", "common"}


def test_requirements_hold_what_the_image_runs():
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"{line!r} is not pinned"
            pins[name.lower().replace("_", "-")] = version
    # jupyterhub-singleuser is every pod's command; psycopg2 talks to the Postgres gradebook.
    assert {"jupyterhub", "nbgrader", "jupyterlab", "psycopg2-binary"} <= set(pins)


def test_proxy_version_is_pinned_and_locked():
    wanted = json.loads((DEPLOY / "package.json").read_text())["dependencies"]["configurable-http-proxy"]
    lock = json.loads((DEPLOY / "package-lock.json").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted)
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == wanted


def demo_course(top: Path, with_submissions: bool, with_gradebook: bool) -> Path:
    """A course directory where `make demo` ran: its submissions and (or) its gradebook, with the demo's stamp."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import parse_utc

    from autograder.submissions import TIMESTAMP

    root = top / "course"
    root.mkdir()
    (root / "nbgrader_config.py").write_text('c.CourseDirectory.course_id = "lrnn"\n')
    if with_submissions:
        for student in ("alice", "bob"):
            folder = root / "submitted" / student / "02_single_example_gd"
            folder.mkdir(parents=True)
            (folder / "timestamp.txt").write_text(TIMESTAMP)
    if with_gradebook:
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "lrnn") as gb:
            gb.add_assignment("02_single_example_gd")
            gb.add_student("carol")
            gb.add_submission("02_single_example_gd", "carol", timestamp=parse_utc(TIMESTAMP))
    (top / "courses.toml").write_text('[[course]]\nroot = "course"\n')
    return root


@pytest.mark.parametrize("with_submissions, with_gradebook, named", [
    (True, False, "alice, bob"), (False, True, "carol"), (True, True, "alice, bob, carol")])
def test_start_refuses_a_course_that_holds_the_demos_class(monkeypatch, tmp_path, with_submissions, with_gradebook,
                                                            named):
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")  # nbgrader's alembic
    root = demo_course(tmp_path, with_submissions, with_gradebook)
    env = {**os.environ, "COURSEHUB_AUTH": "dummy", "COURSEHUB_DUMMY_PASSWORD": "unused",
           "COURSEHUB_COURSES": str(tmp_path / "courses.toml"), "COURSEHUB_STATE": str(tmp_path / "state")}
    done = subprocess.run([sys.executable, str(HUB / "start")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"{root} still holds the sample class of `make demo` ({named}): a deployed course starts from a clean "
        f"state. Run `make clean-state` in {root} (it removes submitted/, autograded/, feedback/, reports/ and "
        "gradebook.db, never source/ or release/), then start the hub again.")
    assert not (tmp_path / "state").exists()  # refused before the hub made anything


def test_a_course_with_real_submissions_is_not_taken_for_the_demo(tmp_path):
    sys.path.insert(0, str(HUB))
    import coursehub

    root = demo_course(tmp_path, with_submissions=True, with_gradebook=False)
    for stamp in root.glob("submitted/*/*/timestamp.txt"):
        stamp.write_text("2026-12-01 09:30:12.345678 UTC")
    assert coursehub.demo_students(root) == []
    shutil.rmtree(root / "submitted")
    assert coursehub.demo_students(root) == []
