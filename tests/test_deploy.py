"""The deployments, checked without starting them: the one-machine hub's configuration as JupyterHub loads it,
and the Kubernetes files (deploy/k8s) as Helm, kubectl and docker would read them."""

import json
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from traitlets.config import PyFileConfigLoader

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
HUB = DEPLOY / "hub"


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
    config = hub_config(monkeypatch, tmp_path, "dummy", REPO, instructors=["ines"], tas=["tom"], students=["sam"])
    assert config.JupyterHub.load_groups == {
        f"formgrade-{course_id}": {"users": ["ines", "tom", f"grader-{course_id}"]},
        f"nbgrader-{course_id}": {"users": ["sam"]},
    }
    services = {service["name"]: service for service in config.JupyterHub.services}
    assert set(services) == {course_id, f"{course_id}-grading", "idle-culler"}
    grader = services[course_id]
    # The grading service runs beside the formgrader, as the same account, in the course directory, and
    # serves no page (no url: the hub only keeps it running).
    grading = services[f"{course_id}-grading"]
    assert grading["command"] == [sys.executable, "-m", "autograder.cli", "serve"]
    assert grading["cwd"] == str(REPO)
    assert grading["environment"] == grader["environment"]
    assert "url" not in grading
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


def test_kubernetes_grader_pod_serves_the_course_with_a_postgres_gradebook(values, grader_objects, course_id):
    pod = grader_objects[("Deployment", f"grader-{course_id}")]["spec"]["template"]["spec"]
    container, grading = pod["containers"]
    # The grading service runs in the same pod, on the same course, exchange, data and gradebook.
    assert (grading["name"], grading["command"][:4]) == ("grading", ["python", "-m", "autograder.cli", "serve"])
    assert (grading["image"], grading["workingDir"]) == (container["image"], container["workingDir"])
    assert (grading["env"], grading["volumeMounts"]) == (container["env"], container["volumeMounts"])
    env = {item["name"]: item for item in container["env"]}
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
    service = grader_objects[("Service", f"grader-{course_id}")]
    assert service["spec"]["ports"][0]["port"] == port
    assert f"--ServerApp.port={port}" in container["command"]
    assert pod["securityContext"]["runAsUser"] not in (0, 1000)


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
