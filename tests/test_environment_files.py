"""environment.yml (conda) and pyproject.toml (pip) must list the same packages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    """'pandas>=2.0' -> 'pandas' (PEP 503 normalised)."""
    name = re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_packages() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs.extend(extra)
    return {_name(r): r.replace(" ", "") for r in reqs}


def conda_packages() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e") or _name(item) in {"python", "pip"}:
                continue
            found[_name(item)] = item.replace(" ", "")
    return found


def test_same_package_names():
    pip_names, conda_names = set(pyproject_packages()), set(conda_packages())
    assert pip_names, "pyproject.toml lists no packages"
    assert pip_names - conda_names == set(), "missing from environment.yml"
    assert conda_names - pip_names == set(), "missing from pyproject.toml"


def test_same_lower_bounds():
    pip_reqs, conda_reqs = pyproject_packages(), conda_packages()
    differing = {n: (pip_reqs[n], conda_reqs[n]) for n in pip_reqs if pip_reqs[n] != conda_reqs[n]}
    assert differing == {}


def test_environment_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section


def test_jupyter_server_starts_without_the_slow_iri_parsers():
    """jsonschema >= 4.24 imports rfc3987-syntax, which costs 1.5-3 s of CPU at every
    server start (61 starts on a class hub, each nbgrader command); pyproject.toml keeps
    jsonschema below that."""
    import subprocess

    code = ("import sys, jupyter_server.serverapp, nbformat.validator, jsonschema._format; "
            "print('rfc3987_syntax' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
