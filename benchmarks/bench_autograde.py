"""Autograding seconds per submission, per assignment, against a one-cell notebook.

Builds a throw-away course (copy of nbgrader_config.py + solutions/ plus a
baseline assignment ``tugas-00-patokan`` whose notebook has one test cell),
releases everything, submits a correct notebook per assignment, then grades
each submission repeatedly with nbgrader's own API (``NbGraderAPI.autograde``,
``force=True``) in one process, so Python start-up is not counted: each
figure is kernel start + running the notebook + nbgrader's bookkeeping.
Measurements are interleaved (baseline, then every assignment, per round) so
a change in machine load affects all alike.

    python benchmarks/bench_autograde.py [--ulang 3]

Prints one line per assignment: median seconds, ratio to the baseline median,
and ratio to a second baseline (one cell that imports pandas and networkx, as
the optional pandas challenges in every assignment do). Target: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import grading_support as gs  # noqa: E402
import nbformat  # noqa: E402

BASELINE = "tugas-00-patokan"
# The same one-cell notebook that also imports what the pandas challenges need, to show
# how much of the gap is those imports (not our helpers, not nbgrader).
BASELINE_PANDAS = "tugas-00-patokan-pandas"
TARGET = 1.3


def _baseline_notebook(extra: str = "") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(f'"""Uji patokan."""\n{extra}assert 1 + 1 == 2')
    cell.metadata["nbgrader"] = {
        "grade": True, "solution": False, "locked": True, "grade_id": "uji-1-patokan",
        "points": 1, "schema_version": 3, "task": False,
    }
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    return nb


def build(workdir: Path) -> tuple[Path, list[str]]:
    names = gs.assignments()
    course = gs.make_course(workdir / "kursus", names)
    for name, extra in [(BASELINE, ""), (BASELINE_PANDAS, "import pandas, networkx\n")]:
        base = course / "solutions" / name
        base.mkdir()
        nbformat.write(_baseline_notebook(extra), str(base / f"{name}.ipynb"))
    res = gs.nbgrader(course, "generate_assignment", "tugas-*")
    if res.returncode != 0:
        raise SystemExit(res.stdout)
    for name in [BASELINE, BASELINE_PANDAS, *names]:
        src = gs.read_nb(gs.source_path(course, name))
        rel = gs.read_nb(gs.release_path(course, name))
        gs.submit(course, "bench", name, gs.fill(rel, src))
    return course, names


def measure(course: Path, names: list[str], rounds: int) -> dict[str, list[float]]:
    os.environ["PATH"] = str(gs.VENV_BIN) + os.pathsep + os.environ.get("PATH", "")
    os.chdir(course)
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

    config = Config()
    config.CourseDirectory.root = str(course)
    api = NbGraderAPI(config=config)
    api.log.setLevel("ERROR")
    order = [BASELINE, BASELINE_PANDAS, *names]
    times: dict[str, list[float]] = {name: [] for name in order}
    # one warm-up run (first kernel start, imports into the OS cache)
    api.autograde(BASELINE_PANDAS, "bench", force=True)
    for _ in range(rounds):
        for name in order:
            start = time.perf_counter()
            result = api.autograde(name, "bench", force=True)
            times[name].append(time.perf_counter() - start)
            if not result["success"]:
                raise SystemExit(f"autograde {name} gagal:\n{result.get('log', '')}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Waktu autograde per kiriman.")
    parser.add_argument("--ulang", type=int, default=3, help="pengulangan per tugas (>= 3)")
    parser.add_argument("--simpan", action="store_true", help="jangan hapus folder sementara")
    args = parser.parse_args(argv)
    rounds = max(3, args.ulang)
    tmp = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    cwd = os.getcwd()
    try:
        course, names = build(tmp)
        times = measure(course, names, rounds)
    finally:
        os.chdir(cwd)
        if not args.simpan:
            shutil.rmtree(tmp, ignore_errors=True)
    base = statistics.median(times[BASELINE])
    base_pd = statistics.median(times[BASELINE_PANDAS])
    print(f"autograde per kiriman, median dari {rounds} (detik); patokan = notebook satu sel;")
    print("rasio-pd = dibanding notebook satu sel yang juga mengimpor pandas dan networkx")
    print(f"{'tugas':<25}{'median':>8}{'rasio':>8}{'rasio-pd':>10}   semua")
    worst = worst_pd = 0.0
    for name in [BASELINE, BASELINE_PANDAS, *names]:
        med = statistics.median(times[name])
        ratio, ratio_pd = med / base, med / base_pd
        if name in names:
            worst, worst_pd = max(worst, ratio), max(worst_pd, ratio_pd)
        flag = "  > target" if name in names and ratio > TARGET else ""
        print(f"{name:<25}{med:>8.2f}{ratio:>8.2f}{ratio_pd:>10.2f}   "
              + " ".join(f"{t:.2f}" for t in times[name]) + flag)
    print(f"rasio terbesar {worst:.2f} (target <= {TARGET}); "
          f"terhadap patokan dengan pandas {worst_pd:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
