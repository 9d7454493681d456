"""Autograding speed: a class in parallel in the sandbox vs plain nbgrader, and the sandbox's cost.

Self-contained (no import of tests/, no change of sys.path). Builds a throw-away
course (copy of ``nbgrader_config.py`` and one assignment of ``solutions/``),
releases it with the real ``nbgrader generate_assignment`` and submits N correct
notebooks (the release with its solution regions filled in). Then, in the same
run, interleaved round by round so a change in machine load hits both alike:

1. **Class** (default 60 submissions): plain sequential ``nbgrader autograde TUGAS
   --force`` with jupyter_client's ordinary kernel manager (no sandbox) against
   ``python -m kemitraan_lib.grading.nilai TUGAS --paksa`` (``make nilai``: sandboxed,
   N workers). Wall seconds and CPU seconds (this process's children), medians,
   ratio parallel/sequential. Goal: <= 0.6 on 2 cores.
2. **Sandbox cost per submission**: one submission graded again and again in one
   process with ``NbGraderAPI.autograde``, alternating the sandbox kernel manager and
   the plain one. Median seconds (wall and CPU) and the difference per submission.

    python benchmarks/bench_autograde.py [--kiriman 60] [--ulang 3] [--pekerja N]
                                         [--tugas tugas-03-pemetaan] [--satuan 10]
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PLAIN_KM = "--Execute.kernel_manager_class=jupyter_client.manager.AsyncKernelManager"
TARGET = 0.6


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    for key in ("KEMITRAAN_KURSUS", "NBGRADER_EXECUTION"):
        env.pop(key, None)
    env.setdefault("MPLBACKEND", "Agg")
    return env


class CpuMeter:
    """CPU seconds used by this process and everything it starts.

    ``getrusage(RUSAGE_CHILDREN)`` misses the sandboxed kernels: bubblewrap's outer
    process exits without reaping its PID namespace's init, so their CPU time is
    never added to ours. As root, this process moves itself into its own cgroup
    (v1 ``cpuacct`` or v2) and reads the cgroup's total, which counts every
    descendant, reaped or not. Otherwise it falls back to getrusage (and says so).
    """

    def __init__(self) -> None:
        self.group: Path | None = None
        self.kind = "getrusage (tanpa kernel sandbox)"
        for base, kind in ((Path("/sys/fs/cgroup/cpuacct"), "v1"),
                           (Path("/sys/fs/cgroup"), "v2")):
            probe = base / ("cpuacct.usage" if kind == "v1" else "cgroup.controllers")
            if os.geteuid() != 0 or not probe.exists():
                continue
            group = base / f"kemitraan-bench-{os.getpid()}"
            try:
                group.mkdir()
                (group / "cgroup.procs").write_text(str(os.getpid()))
            except OSError:
                if group.exists():
                    group.rmdir()
                continue
            self.group, self.base, self.version = group, base, kind
            self.kind = f"cgroup {kind} (semua proses turunan)"
            break

    def seconds(self) -> float:
        if self.group is None:
            own = resource.getrusage(resource.RUSAGE_SELF)
            kids = resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
        if self.version == "v1":
            return int((self.group / "cpuacct.usage").read_text()) / 1e9
        for line in (self.group / "cpu.stat").read_text().splitlines():
            if line.startswith("usage_usec"):
                return int(line.split()[1]) / 1e6
        return 0.0

    def close(self) -> None:
        if self.group is not None:
            try:
                (self.base / "cgroup.procs").write_text(str(os.getpid()))
                self.group.rmdir()
            except OSError:
                pass


METER: CpuMeter | None = None


def _run(cmd: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and CPU seconds (the command and all its descendants, see CpuMeter)."""
    before = METER.seconds()
    start = time.perf_counter()
    res = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    return wall, METER.seconds() - before, res


def _fill(release, source):
    """The release with every code answer solved (solution lines kept, delimiters dropped)."""
    solved = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source.cells
              if c.metadata.get("nbgrader", {}).get("solution")}
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if not meta.get("solution") or gid not in solved:
            continue
        if cell.cell_type == "markdown":
            cell.source = "Jawaban tertulis peserta uji."
        else:
            cell.source = "\n".join(line for line in solved[gid].source.split("\n")
                                    if "### BEGIN SOLUTION" not in line
                                    and "### END SOLUTION" not in line)
    return nb


def build(workdir: Path, name: str, count: int) -> Path:
    course = workdir / "kursus"
    (course / "solutions").mkdir(parents=True)
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copy2(ROOT / "solutions" / "header.ipynb", course / "solutions" / "header.ipynb")
    shutil.copytree(ROOT / "solutions" / name, course / "solutions" / name,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _, _, res = _run([str(BIN / "nbgrader"), "generate_assignment", name], course)
    if res.returncode != 0:
        raise SystemExit(res.stdout + res.stderr)
    source = nbformat.read(str(course / "solutions" / name / f"{name}.ipynb"), as_version=4)
    release = nbformat.read(str(course / "exercises" / name / f"{name}.ipynb"), as_version=4)
    filled = _fill(release, source)
    for i in range(count):
        dest = course / "submitted" / f"p{i + 1:03d}" / name / f"{name}.ipynb"
        dest.parent.mkdir(parents=True)
        nbformat.write(filled, str(dest))
    return course


def class_rounds(course: Path, name: str, rounds: int, workers: int) -> dict[str, list]:
    out: dict[str, list] = {"seq_wall": [], "seq_cpu": [], "par_wall": [], "par_cpu": []}
    seq = [str(BIN / "nbgrader"), "autograde", name, "--force", PLAIN_KM]
    par = [sys.executable, "-m", "kemitraan_lib.grading.nilai", name, "--paksa",
           "--pekerja", str(workers), "--tanpa-bilah"]
    for r in range(rounds):
        order = [("seq", seq), ("par", par)] if r % 2 == 0 else [("par", par), ("seq", seq)]
        for kind, cmd in order:
            wall, cpu, res = _run(cmd, course)
            if kind == "par" and "Gagal dinilai           : 0" not in res.stdout:
                raise SystemExit(f"make nilai gagal:\n{res.stdout}\n{res.stderr[-3000:]}")
            if kind == "seq" and res.returncode != 0:
                raise SystemExit(f"nbgrader autograde gagal:\n{res.stdout[-3000:]}")
            out[f"{kind}_wall"].append(wall)
            out[f"{kind}_cpu"].append(cpu)
            print(f"  putaran {r + 1} {kind}: {wall:.1f} s dinding, {cpu:.1f} s CPU", flush=True)
    return out


def single_rounds(course: Path, name: str, reps: int) -> dict[str, list]:
    """One submission, graded ``reps`` times per kernel manager, alternating, in-process."""
    os.environ["PATH"] = str(BIN) + os.pathsep + os.environ.get("PATH", "")
    os.chdir(course)
    from nbgrader.apps import NbGrader, NbGraderAPI

    app = NbGrader()
    app.load_cwd_config = True
    app.load_config_file()
    apis = {}
    for kind, km in (("sandbox", "kemitraan_lib.grading.sandbox.SandboxKernelManager"),
                     ("biasa", "jupyter_client.manager.AsyncKernelManager")):
        config = copy.deepcopy(app.config)
        config.Execute.kernel_manager_class = km
        api = NbGraderAPI(config=config)
        api.log.setLevel("ERROR")
        apis[kind] = api
    student = "p001"
    for api in apis.values():  # warm-up: first kernel start, imports into the OS cache
        api.autograde(name, student, force=True)
    out: dict[str, list] = {"sandbox_wall": [], "sandbox_cpu": [], "biasa_wall": [],
                            "biasa_cpu": []}
    for r in range(reps):
        kinds = ["sandbox", "biasa"] if r % 2 == 0 else ["biasa", "sandbox"]
        for kind in kinds:
            before = METER.seconds()
            start = time.perf_counter()
            result = apis[kind].autograde(name, student, force=True)
            wall = time.perf_counter() - start
            cpu = METER.seconds() - before
            if not result["success"]:
                raise SystemExit(f"autograde {kind} gagal:\n{result.get('log', '')}")
            out[f"{kind}_wall"].append(wall)
            out[f"{kind}_cpu"].append(cpu)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kecepatan autograde: kelas paralel + sandbox.")
    parser.add_argument("--tugas", default="tugas-03-pemetaan")
    parser.add_argument("--kiriman", type=int, default=60)
    parser.add_argument("--ulang", type=int, default=3, help="putaran kelas (median)")
    parser.add_argument("--satuan", type=int, default=10,
                        help="pengulangan per jenis untuk biaya sandbox per kiriman")
    parser.add_argument("--pekerja", type=int, default=0, help="bawaan: jumlah inti")
    parser.add_argument("--simpan", action="store_true", help="jangan hapus folder sementara")
    args = parser.parse_args(argv)
    workers = args.pekerja or len(os.sched_getaffinity(0))
    global METER
    METER = CpuMeter()
    tmp = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    cwd = os.getcwd()
    load_before = os.getloadavg()
    try:
        course = build(tmp, args.tugas, args.kiriman)
        print(f"{args.kiriman} kiriman {args.tugas}; {workers} pekerja; "
              f"{len(os.sched_getaffinity(0))} inti; beban awal {load_before[0]:.1f}; "
              f"CPU diukur dengan {METER.kind}")
        kelas = class_rounds(course, args.tugas, max(1, args.ulang), workers)
        satuan = single_rounds(course, args.tugas, max(3, args.satuan))
    finally:
        METER.close()
        os.chdir(cwd)
        if not args.simpan:
            shutil.rmtree(tmp, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in {**kelas, **satuan}.items()}
    load_after = os.getloadavg()
    print()
    print(f"1) Kelas {args.kiriman} kiriman, median dari {len(kelas['seq_wall'])} putaran:")
    print(f"   nbgrader autograde berurutan, tanpa sandbox : {med['seq_wall']:7.1f} s dinding,"
          f" {med['seq_cpu']:7.1f} s CPU")
    print(f"   make nilai, sandbox, {workers} pekerja         : {med['par_wall']:7.1f} s dinding,"
          f" {med['par_cpu']:7.1f} s CPU")
    ratio = med["par_wall"] / med["seq_wall"]
    print(f"   rasio dinding paralel/berurutan = {ratio:.2f} (target <= {TARGET}); "
          f"rasio CPU = {med['par_cpu'] / med['seq_cpu']:.2f}")
    print(f"2) Satu kiriman, median dari {len(satuan['sandbox_wall'])} kali per jenis:")
    print(f"   dengan sandbox : {med['sandbox_wall']:.2f} s dinding, "
          f"{med['sandbox_cpu']:.2f} s CPU")
    print(f"   tanpa sandbox  : {med['biasa_wall']:.2f} s dinding, {med['biasa_cpu']:.2f} s CPU")
    print(f"   biaya sandbox  : {med['sandbox_wall'] - med['biasa_wall']:+.2f} s dinding "
          f"(rasio {med['sandbox_wall'] / med['biasa_wall']:.2f}), "
          f"{med['sandbox_cpu'] - med['biasa_cpu']:+.2f} s CPU "
          f"(rasio {med['sandbox_cpu'] / med['biasa_cpu']:.2f}) per kiriman")
    print(f"beban rata-rata 1 menit: awal {load_before[0]:.1f}, akhir {load_after[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
