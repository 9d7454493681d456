"""The project's layout holds what the design card promises, and notebooks are
committed clean (no outputs), so diffs stay readable and no learner data leaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = (
    "tugas-01-hakikat", "tugas-02-kesadaran", "tugas-03-pemetaan", "tugas-04-tujuan",
    "tugas-05-prinsip", "tugas-06-strategi", "tugas-07-pola", "tugas-08-langkah",
)
NOTEBOOK_FOLDERS = ("modules", "solutions", "exercises", "apps")


@pytest.mark.parametrize(
    "name",
    ["modules", "exercises", "solutions", "kemitraan_lib", "data", "tests", "benchmarks", "docs",
     "environment.yml", "pyproject.toml", "Makefile", "README.md", ".ci/run"],
)
def test_top_level_entry_exists(name):
    assert (ROOT / name).exists(), f"{name} is missing"


@pytest.mark.parametrize("folder", NOTEBOOK_FOLDERS)
def test_folder_has_notebooks(folder):
    notebooks = sorted((ROOT / folder).rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    assert notebooks, f"no notebook found under {folder}/ (a glob that finds nothing must fail)"


@pytest.mark.parametrize("folder", ["solutions", "exercises"])
def test_every_assignment_is_present(folder):
    for name in ASSIGNMENTS:
        path = ROOT / folder / name / f"{name}.ipynb"
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing"


def _all_notebooks():
    for folder in NOTEBOOK_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" not in path.parts:
                yield path


@pytest.mark.parametrize("path", list(_all_notebooks()), ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    dirty = [
        i for i, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"cells with outputs: {dirty} (clear outputs before committing)"
