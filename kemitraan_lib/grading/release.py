"""Releasing the graded assignments: ``exercises/`` made from ``solutions/`` by nbgrader.

``exercises/`` (what participants receive) is committed. It must always be
exactly what ``nbgrader generate_assignment`` makes from ``solutions/``.
:func:`generate` runs nbgrader in a throw-away copy of the course (so no
gradebook.db is left in the repository) for every assignment folder;
:func:`compare` lists the differences with the committed folder (drift);
:func:`leaks` lists any solution or hidden-test line found in a release.
:func:`main` is the command behind ``tools/nilai_perbarui_latihan.py`` and
``make latihan``.

A release never contains a line between ``### BEGIN SOLUTION`` / ``### END
SOLUTION`` or ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` of the
source.

>>> source = "\\n".join(["x = 1", "### BEGIN SOLUTION", "jawaban = 'b'", "### END SOLUTION"])
>>> secret_lines({"cells": [{"source": source}]})
{"jawaban = 'b'"}
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = [
    "assignment_names",
    "generate",
    "compare",
    "secret_lines",
    "leaks",
    "main",
    "project_root",
    "VOLATILE_NB_METADATA",
]


def project_root() -> Path:
    """The course folder this package belongs to (holds ``solutions/`` and ``exercises/``)."""
    return Path(__file__).resolve().parents[2]


VOLATILE_NB_METADATA = ("widgets",)


def assignment_names(solutions: Path) -> list[str]:
    """Assignment folders ``<name>/<name>.ipynb`` in ``solutions``, sorted."""
    return sorted(
        p.name for p in solutions.iterdir()
        if p.is_dir() and (p / f"{p.name}.ipynb").is_file()
    )


def _nbgrader_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("KEMITRAAN_KURSUS", None)
    return env


def generate(root: Path, workdir: Path, names: list[str] | None = None) -> Path:
    """Generate the release of ``names`` (default: all) into ``workdir``; return its exercises/."""
    course = workdir / "kursus"
    (course / "solutions").mkdir(parents=True)
    shutil.copy2(root / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copy2(root / "solutions" / "header.ipynb", course / "solutions" / "header.ipynb")
    names = names if names is not None else assignment_names(root / "solutions")
    if not names:
        raise SystemExit("GAGAL: tidak ada tugas di solutions/ (harus <nama>/<nama>.ipynb).")
    for name in names:
        shutil.copytree(root / "solutions" / name, course / "solutions" / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    for name in names:
        res = subprocess.run(
            [nbgrader, "generate_assignment", name, "--force"], cwd=course,
            env=_nbgrader_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        if res.returncode != 0:
            raise SystemExit(f"GAGAL: nbgrader generate_assignment {name}:\n{res.stdout}")
    return course / "exercises"


def _canonical(path: Path) -> object:
    if path.suffix != ".ipynb":
        return path.read_bytes()
    nb = json.loads(path.read_text(encoding="utf-8"))
    for key in VOLATILE_NB_METADATA:
        nb.get("metadata", {}).pop(key, None)
    return nb


def compare(generated: Path, committed: Path) -> list[str]:
    """Differences between two exercises/ folders, as Indonesian sentences."""
    def files(base: Path) -> set[str]:
        if not base.is_dir():
            return set()
        return {
            str(p.relative_to(base)) for p in base.rglob("*")
            if p.is_file() and ".ipynb_checkpoints" not in p.parts
        }

    gen, com = files(generated), files(committed)
    problems = [f"tidak ada di exercises/: {name}" for name in sorted(gen - com)]
    problems += [f"tidak dibuat nbgrader (hapus?): {name}" for name in sorted(com - gen)]
    for name in sorted(gen & com):
        if _canonical(generated / name) != _canonical(committed / name):
            problems.append(f"berbeda dari hasil nbgrader: {name}")
    return problems


def _region_lines(source: str, begin: str, end: str) -> list[str]:
    out, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and line.strip():
            out.append(line.strip())
    return out


def secret_lines(solution_nb: dict) -> set[str]:
    """Stripped lines of solution and hidden-test regions that occur nowhere else.

    Lines that also appear outside those regions (e.g. a shared import) are
    not secret, so they are left out.
    """
    secret: set[str] = set()
    public: set[str] = set()
    for cell in solution_nb.get("cells", []):
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        hidden = _region_lines(src, "BEGIN SOLUTION", "END SOLUTION")
        hidden += _region_lines(src, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        secret.update(hidden)
        inside = False
        for line in src.split("\n"):
            if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END SOLUTION" in line or "END HIDDEN TESTS" in line:
                inside = False
            elif not inside and line.strip():
                public.add(line.strip())
    return {line for line in secret - public if len(line) >= 4}


def leaks(exercises: Path, solutions: Path) -> list[str]:
    """Solution/hidden-test lines or delimiters found in any file of ``exercises``."""
    problems = []
    for name in assignment_names(solutions):
        nb = json.loads((solutions / name / f"{name}.ipynb").read_text(encoding="utf-8"))
        secrets = secret_lines(nb)
        folder = exercises / name
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":
                data = json.loads(text)
                text = "\n".join(
                    c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                    for c in data.get("cells", [])
                ) + "\n" + json.dumps(data)
            for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS",
                           "END HIDDEN TESTS"):
                if marker in text:
                    problems.append(f"{path.relative_to(exercises)}: memuat penanda '{marker}'")
            lines = {line.strip() for line in text.split("\n")}
            for secret in sorted(secrets & lines):
                problems.append(f"{path.relative_to(exercises)}: memuat baris rahasia {secret!r}")
    return problems


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Regenerate ``exercises/`` (or, with ``--periksa``, only compare; 1 on drift)."""
    course = Path(root) if root is not None else project_root()
    parser = argparse.ArgumentParser(description="Perbarui exercises/ dari solutions/ dengan "
                                                 "nbgrader generate_assignment.")
    parser.add_argument("--periksa", action="store_true",
                        help="hanya bandingkan; keluar dengan kode 1 jika exercises/ berbeda")
    args = parser.parse_args(argv)
    committed = course / "exercises"
    with tempfile.TemporaryDirectory(prefix="kemitraan-latihan-") as tmp:
        generated = generate(course, Path(tmp))
        leak = leaks(generated, course / "solutions")
        if leak:
            print("GAGAL: hasil nbgrader membocorkan jawaban:\n  " + "\n  ".join(leak))
            return 1
        problems = compare(generated, committed)
        if args.periksa:
            if problems:
                print("exercises/ tidak sama dengan hasil nbgrader generate_assignment:")
                print("  " + "\n  ".join(problems))
                print("Perbarui dengan: python tools/nilai_perbarui_latihan.py")
                return 1
            print("exercises/ sama dengan hasil nbgrader generate_assignment.")
            return 0
        staging = course / ".exercises.baru"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(generated, staging)
        old = course / ".exercises.lama"
        shutil.rmtree(old, ignore_errors=True)
        if committed.exists():
            committed.rename(old)
        staging.rename(committed)
        shutil.rmtree(old, ignore_errors=True)
        names = assignment_names(course / "solutions")
        print(f"exercises/ diperbarui untuk {len(names)} tugas: {', '.join(names)}")
        if problems:
            print("Yang berubah dibanding exercises/ sebelumnya:\n  " + "\n  ".join(problems))
    return 0


