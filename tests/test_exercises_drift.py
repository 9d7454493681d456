"""exercises/ is exactly what `nbgrader generate_assignment` makes from solutions/.

The release is regenerated in a temporary course folder (shared with the
end-to-end test) and compared file by file with the committed exercises/.
No solution line, no hidden test and no nbgrader delimiter may appear in it.
Fix a failure with ``python tools/nilai_perbarui_latihan.py``.
"""

from __future__ import annotations

import json
import shutil

import grading_support as gs
import pytest

from kemitraan_lib.grading import release as latihan

# nbgrader generates all eight releases in a temporary course: allow for a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return gs.released_course(tmp_path_factory) / "exercises"


def test_every_assignment_is_released_and_committed(generated):
    names = gs.assignments()
    assert len(names) == 8
    for name in names:
        assert (generated / name / f"{name}.ipynb").is_file(), name
        assert (gs.ROOT / "exercises" / name / f"{name}.ipynb").is_file(), name


def test_committed_exercises_have_not_drifted(generated):
    problems = latihan.compare(generated, gs.ROOT / "exercises")
    assert problems == [], (
        "exercises/ berbeda dari hasil nbgrader; jalankan "
        "`python tools/nilai_perbarui_latihan.py`:\n" + "\n".join(problems))


def test_no_solution_or_hidden_test_in_exercises():
    assert latihan.leaks(gs.ROOT / "exercises", gs.ROOT / "solutions") == []
    # the whole folder, not only notebooks: no delimiter anywhere
    for path in (gs.ROOT / "exercises").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "### BEGIN" not in text and "### END" not in text, path


def test_leak_and_drift_checks_can_fail(generated, tmp_path):
    """Plant a hidden-test line and an edit in a copy: both checks must notice."""
    copy = tmp_path / "exercises"
    shutil.copytree(generated, copy)
    name = gs.assignments()[0]
    source = json.loads((gs.ROOT / "solutions" / name / f"{name}.ipynb").read_text("utf-8"))
    secret = sorted(latihan.secret_lines(source))
    assert secret, "the first assignment has no solution/hidden line to check against"
    path = copy / name / f"{name}.ipynb"
    nb = json.loads(path.read_text("utf-8"))
    nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]) + "\n" + secret[0]
    path.write_text(json.dumps(nb), encoding="utf-8")
    assert any("baris rahasia" in p for p in latihan.leaks(copy, gs.ROOT / "solutions"))
    assert latihan.compare(generated, copy) == [f"berbeda dari hasil nbgrader: {name}/{name}.ipynb"]
