"""environment.yml (for conda users) installs exactly the pinned requirements."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def pins(lines):
    return sorted(line.split("#")[0].strip().lower() for line in lines
                  if line.split("#")[0].strip() and not line.strip().startswith("-"))


def test_environment_yml_matches_requirements():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    requirements = (REPO / "requirements.txt").read_text().splitlines()
    assert pins(pip_section) == pins(requirements)
    assert "-e ." in pip_section
    python = next(item for item in env["dependencies"] if isinstance(item, str) and item.startswith("python="))
    assert python == "python=3.11"


def test_every_requirement_is_pinned_exactly():
    for line in pins((REPO / "requirements.txt").read_text().splitlines()):
        assert "==" in line, f"{line!r} is not pinned with =="
