"""Cost of the trusted verdict per submission (issue 10 item 2), measured in one run.

A throw-away course with one assignment (default: tugas-03-pemetaan, the one
with the most test cells) gets N correct submissions. Each is autograded
twice with the real ``nbgrader autograde --student``: with the course's
configuration (Execute, then TrustedVerdict) and with TrustedVerdict removed
from ``Autograde.autograde_preprocessors``; the two kinds of run alternate so
that a busy machine affects both alike. Printed: median CPU time (user+system
of nbgrader and its kernels) and wall time per submission for each, and the
ratio. CPU time is the figure to quote on a shared machine.

    python benchmarks/bench_verdict.py [--n 5] [--tugas tugas-03-pemetaan]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from _support import test_helper  # noqa: E402  (next to this script)

gs = test_helper("grading_support")

WITHOUT = ("--Autograde.autograde_preprocessors=["
           "'nbgrader.preprocessors.Execute','nbgrader.preprocessors.IgnorePattern',"
           "'nbgrader.preprocessors.LimitOutput','nbgrader.preprocessors.SaveAutoGrades',"
           "'nbgrader.preprocessors.AssignLatePenalties',"
           "'nbgrader.preprocessors.CheckCellMetadata']")


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def _grade(course: Path, name: str, student: str, extra: list[str]) -> tuple[float, float]:
    cpu, wall = _children_cpu(), time.perf_counter()
    res = gs.nbgrader(course, "autograde", name, "--student", student, "--force", *extra)
    if res.returncode != 0:
        raise SystemExit(f"autograde failed:\n{res.stdout[-3000:]}")
    return _children_cpu() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5, help="submissions (default 5)")
    parser.add_argument("--tugas", default="tugas-03-pemetaan")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-verdict-"))
    try:
        course = gs.make_course(work / "kursus", [args.tugas])
        res = gs.nbgrader(course, "generate_assignment", args.tugas)
        if res.returncode != 0:
            raise SystemExit(res.stdout)
        source = gs.read_nb(gs.source_path(course, args.tugas))
        release = gs.read_nb(gs.release_path(course, args.tugas))
        students = [f"p{i:02d}" for i in range(args.n)]
        for student in students:
            gs.submit(course, student, args.tugas, gs.fill(release, source))
            gs.nbgrader(course, "db", "student", "add", student)
        times: dict[str, list[tuple[float, float]]] = {"dengan": [], "tanpa": []}
        for number, student in enumerate(students):
            order = [("dengan", []), ("tanpa", [WITHOUT])]
            if number % 2:
                order.reverse()
            for label, extra in order:
                times[label].append(_grade(course, args.tugas, student, extra))
        scores = gs.gradebook_scores(course, args.tugas)
        full = gs.points(source)[0]
        assert all(s["code_score"] == full for s in scores.values()), scores
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{args.tugas}: {args.n} kiriman benar, tiap kiriman dinilai dua kali; "
              f"beban rata-rata 1 menit saat selesai: {load:.1f}")
        med = {}
        for label, pairs in times.items():
            cpu = statistics.median(p[0] for p in pairs)
            wall = statistics.median(p[1] for p in pairs)
            med[label] = cpu
            print(f"  {label:6} pemeriksaan ulang: median CPU {cpu:5.2f} s, "
                  f"median waktu {wall:5.2f} s per kiriman")
        print(f"  rasio CPU dengan/tanpa: {med['dengan'] / med['tanpa']:.2f}; "
              f"tambahan {med['dengan'] - med['tanpa']:.2f} s CPU per kiriman")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
