"""Helpers for the nbgrader tests: a throw-away course folder and a synthetic class.

Everything runs the real ``nbgrader`` command line (from this venv) in a
temporary course folder built from a copy of ``nbgrader_config.py`` and
``solutions/``. Submissions are made from the *released* notebook, the way a
participant would: replace the ``None`` stubs (correct answer, wrong answer),
or tamper with test cells.
"""

from __future__ import annotations

import ast
import copy
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
WRITTEN_ANSWER = "Jawaban tertulis peserta uji: kemitraan dibangun atas rasa saling percaya."


def assignments() -> list[str]:
    """Assignment folders in ``solutions/`` (each holds ``<name>/<name>.ipynb``)."""
    return sorted(
        p.name for p in (ROOT / "solutions").iterdir()
        if p.is_dir() and (p / f"{p.name}.ipynb").exists()
    )


def env() -> dict[str, str]:
    """Environment for nbgrader: this venv first on PATH (nbgrader calls ``alembic``)."""
    e = dict(os.environ)
    e["PATH"] = str(VENV_BIN) + os.pathsep + e.get("PATH", "")
    e.pop("KEMITRAAN_KURSUS", None)
    e.pop("NBGRADER_EXECUTION", None)
    return e


def nbgrader(course: Path, *args: str, timeout: float = 600,
             merge: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in ``course``.

    With ``merge`` (default) stdout and stderr (the log) are both in ``.stdout``.
    """
    return subprocess.run(
        [str(VENV_BIN / "nbgrader"), *args],
        cwd=course, env=env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge else subprocess.PIPE,
        text=True, timeout=timeout,
    )


def start_nbgrader(course: Path, *args: str) -> subprocess.Popen:
    """Start ``nbgrader ARGS`` in ``course`` without waiting; stdout only (log dropped)."""
    return subprocess.Popen(
        [str(VENV_BIN / "nbgrader"), *args], cwd=course, env=env(),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )


def make_course(dest: Path, names: list[str] | None = None, source: Path | None = None) -> Path:
    """Copy ``nbgrader_config.py``, ``solutions/header.ipynb`` and the assignments to ``dest``."""
    source = source or ROOT / "solutions"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    (dest / "solutions").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "solutions" / "header.ipynb", dest / "solutions" / "header.ipynb")
    for name in names if names is not None else assignments():
        shutil.copytree(source / name, dest / "solutions" / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


_RELEASED: dict[str, Path] = {}


def released_course(tmp_path_factory) -> Path:
    """One course folder per test session with every assignment generated.

    Shared by the drift test and the end-to-end test (they never change
    ``solutions/`` or ``exercises/`` in it), so nbgrader generates only once.
    """
    if "course" not in _RELEASED:
        names = assignments()
        assert names, "no assignment in solutions/ (expected <name>/<name>.ipynb)"
        course = make_course(tmp_path_factory.mktemp("kursus"), names)
        res = nbgrader(course, "generate_assignment", "tugas-*")
        assert res.returncode == 0, res.stdout
        _RELEASED["course"] = course
    return _RELEASED["course"]


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def points(source_nb: nbformat.NotebookNode) -> tuple[float, float]:
    """(autograded points, manually graded points) of a source notebook."""
    auto = manual = 0.0
    for cell in source_nb.cells:
        meta = nbg(cell)
        if meta.get("grade"):
            if meta.get("solution"):
                manual += float(meta.get("points", 0))
            else:
                auto += float(meta.get("points", 0))
    return auto, manual


def unwrap_solution(source: str) -> str:
    """Source with the solution delimiter lines removed (the solved answer)."""
    return "\n".join(
        line for line in source.split("\n")
        if BEGIN_SOLUTION not in line and END_SOLUTION not in line
    )


def solution_region(source: str) -> str:
    """Text between the solution delimiters."""
    lines = source.split("\n")
    start = next(i for i, line in enumerate(lines) if BEGIN_SOLUTION in line)
    end = next(i for i, line in enumerate(lines) if END_SOLUTION in line)
    return "\n".join(lines[start + 1:end])


def wrong_value(region: str, choices: list[str] | None = None) -> str | None:
    """A well-formed but wrong answer for a value-style solution region, or None.

    With ``choices`` (the canonical answers the question's form accepts), text
    becomes the first other choice, so the wrong answer has the right form. A
    letter becomes another letter, a number grows by one, a list loses its
    last item, a mapping's values are rotated, other text gets a suffix.
    Returns None when the region is not a plain literal (e.g. a function) or
    no different value of the same form exists.
    """
    try:
        value = ast.literal_eval(region.strip())
    except (ValueError, SyntaxError):
        return None
    wrong: object
    if isinstance(value, str) and choices:
        others = [c for c in choices if c.strip().lower() != value.strip().lower()]
        if not others:
            return None
        wrong = others[0]
    elif isinstance(value, str) and len(value.strip()) == 1 and value.strip().isalpha():
        letter = value.strip().lower()
        wrong = "a" if letter != "a" else "b"
    elif isinstance(value, bool):
        return None
    elif isinstance(value, (int, float)):
        wrong = value + 1
    elif isinstance(value, list) and len(value) > 1:
        wrong = value[:-1]  # wrong both as an ordered list and as a set
    elif isinstance(value, dict) and value:
        keys = list(value)
        vals = list(value.values())
        rotated = vals[1:] + vals[:1]
        if any(a != b for a, b in zip(vals, rotated, strict=True)):
            wrong = dict(zip(keys, rotated, strict=True))
        else:
            return None
    elif isinstance(value, str) and value.strip():
        wrong = value.strip() + "-salah"
    else:
        return None
    indent = re.match(r"\s*", region.split("\n")[0]).group(0)
    return indent + repr(wrong)


def solution_cells(source_nb) -> dict[str, nbformat.NotebookNode]:
    return {nbg(c)["grade_id"]: c for c in source_nb.cells if nbg(c).get("solution")}


def test_cells(source_nb) -> dict[str, nbformat.NotebookNode]:
    return {
        nbg(c)["grade_id"]: c for c in source_nb.cells
        if nbg(c).get("grade") and not nbg(c).get("solution")
    }


def answer_number(grade_id: str) -> str | None:
    """'jawaban-3' -> '3', 'uji-3-prinsip' -> '3', 'jawaban-3a' / 'uji-3a-kuadran' -> '3a'."""
    m = re.match(r"^(?:jawaban|uji)-(\d+[a-z]?)(?:-|$)", grade_id)
    return m.group(1) if m else None


def question_choices(source_nb, grade_id: str) -> list[str] | None:
    """The canonical choices of the question answered in cell ``grade_id`` (None if open)."""
    from kemitraan_lib.grading.questions import QUESTIONS

    name = source_nb.metadata.get("kemitraan", {}).get("assignment", "")
    soal = answer_number(grade_id)
    question = QUESTIONS.get(name, {}).get(soal or "")
    return question.form.choices() if question is not None else None


def fill(release_nb, source_nb, wrong: set[str] = frozenset()) -> nbformat.NotebookNode:
    """A filled-in copy of ``release_nb``: solution cells get the right answers,
    except the grade_ids in ``wrong`` (a wrong answer of the same form)."""
    nb = copy.deepcopy(release_nb)
    solved = solution_cells(source_nb)
    for cell in nb.cells:
        gid = nbg(cell).get("grade_id")
        if not nbg(cell).get("solution") or gid not in solved:
            continue
        src = solved[gid].source
        if cell.cell_type == "markdown":
            cell.source = WRITTEN_ANSWER
        elif nbg(cell).get("grade"):  # a written answer in a code cell (graded by hand)
            cell.source = unwrap_solution(src.replace(solution_region(src), WRITTEN_ANSWER, 1))
        elif gid in wrong:
            region = solution_region(src)
            bad = wrong_value(region, question_choices(source_nb, gid))
            if bad is None:
                raise ValueError(f"no wrong value for {gid}: {region!r}")
            cell.source = unwrap_solution(src.replace(region, bad, 1))
        else:
            cell.source = unwrap_solution(src)
    return nb


def submit(course: Path, student: str, name: str, nb=None, raw: bytes | None = None) -> Path:
    """Put a submission in ``submitted/<student>/<name>/<name>.ipynb``."""
    dest = course / "submitted" / student / name / f"{name}.ipynb"
    dest.parent.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        dest.write_bytes(raw)
    else:
        nbformat.write(nb, str(dest))
    return dest


def release_path(course: Path, name: str) -> Path:
    return course / "exercises" / name / f"{name}.ipynb"


def source_path(course: Path, name: str) -> Path:
    return course / "solutions" / name / f"{name}.ipynb"


def gradebook_scores(course: Path, name: str) -> dict[str, dict[str, float]]:
    """student -> {"score", "code_score", "max_code_score", "written_score"} from the gradebook."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(name):
            out[sub.student.id] = {
                "score": sub.score,
                "code_score": sub.code_score,
                "max_code_score": sub.max_code_score,
                "written_score": sub.written_score,
                "needs_manual_grade": sub.needs_manual_grade,
            }
    return out


def export_grades(course: Path, dest: Path | None = None) -> list[dict[str, str]]:
    """Run ``nbgrader export`` and return the rows of grades.csv."""
    dest = dest or course / "grades.csv"
    res = nbgrader(course, "export", "--to", str(dest))  # as in docs/panduan-pelatih.md
    assert res.returncode == 0, res.stdout
    with open(dest, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def notebook_json(nb) -> str:
    return json.dumps(nb, sort_keys=True, ensure_ascii=False)
