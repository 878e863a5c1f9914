"""environment.yml (for conda users) installs exactly the pinned requirements."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def pins(lines):
    return sorted(line.split("#")[0].strip().lower() for line in lines
                  if line.split("#")[0].strip() and not line.strip().startswith("-"))


LINT = ("ruff", "mypy")


def lint_pins() -> list[str]:
    return [line for line in pins((REPO / "requirements-dev.txt").read_text().splitlines())
            if line.split("==")[0] in LINT]


def test_environment_yml_matches_requirements():
    """The requirements, and the lint tools (`make lint`) pinned alike in requirements-dev.txt."""
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    requirements = (REPO / "requirements.txt").read_text().splitlines()
    assert sorted(line.split("==")[0] for line in lint_pins()) == sorted(LINT)
    assert pins(pip_section) == sorted(pins(requirements) + lint_pins())
    assert "-e ." in pip_section
    python = next(item for item in env["dependencies"] if isinstance(item, str) and item.startswith("python="))
    assert python == "python=3.11"


def test_the_chinese_language_pack_is_pinned_alike_in_both():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    requirements = (REPO / "requirements.txt").read_text().splitlines()
    pack = [line for line in pins(requirements) if line.startswith("jupyterlab-language-pack-zh-cn==")]
    assert len(pack) == 1 and pack[0] in pins(pip_section)


def test_every_requirement_is_pinned_exactly():
    for line in pins((REPO / "requirements.txt").read_text().splitlines()):
        assert "==" in line, f"{line!r} is not pinned with =="


def test_a_plain_install_carries_every_module_and_template(tmp_path):
    """The Kubernetes image installs the package without -e: every subpackage (what judges, what runs in the
    sandbox, nbgrader's pipeline), the feedback template and the message catalogues must be in it."""
    import shutil
    import subprocess
    import sys

    # Built from a copy, so that the build's by-products stay out of the checkout.
    src, target = tmp_path / "src", tmp_path / "target"
    shutil.copytree(REPO / "autograder", src / "autograder", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", src)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(src)], check=True, cwd=tmp_path)
    installed = {p.relative_to(target).as_posix() for p in (target / "autograder").rglob("*")
                 if "__pycache__" not in p.parts}
    source = {p.relative_to(REPO).as_posix() for p in (REPO / "autograder").rglob("*")
              if "__pycache__" not in p.parts and (p.suffix in (".py", ".j2", ".json", ".css", ".toml") or p.is_dir())}
    assert source <= installed, sorted(source - installed)
