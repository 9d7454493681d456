"""Figures for a whole class on one JupyterHub: 60 participants on this machine.

The same round as tests/test_hub.py, for N participants (default 60) and one
trainer, all on 127.0.0.1:

1. ``kelas.py`` (``make kelas``) starts JupyterHub + proxy;
2. all N+1 single-user servers are started at once: seconds until all are ready;
3. the trainer releases ``tugas-01-hakikat`` (formgrader API); every participant
   fetches, answers (odd numbers: everything right; even numbers: blank) and
   submits through the Assignments-tab endpoints of their own server;
4. the trainer collects (formgrader API) and autogrades (``nbgrader autograde``
   in a terminal of the trainer's server): seconds for both;
5. "no submission lost": N submitted, N collected, N graded, each with the
   expected score;
6. memory: peak of the summed RSS of kelas.py, hub, proxy, servers (and their
   kernels), sampled every 0.5 s with psutil; RSS and USS per server.

Everything it starts is stopped by process id at the end, also after an error
or when the time bound (``--batas-detik``) is reached.

    python benchmarks/bench_hub.py [--peserta 60] [--batas-detik 1500]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402  (a jupyter dependency)
from hub_support import (  # noqa: E402
    ASSIGNMENT,
    KelasRunner,
    UserServer,
    build_course,
    code_points,
    course_source,
    fill_answers,
    kelas_module,
)

TRAINER = "pelatih"


class MemorySampler(threading.Thread):
    """Sum of RSS over a process tree, every ``interval`` seconds; keeps the peak."""

    def __init__(self, root_pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.root_pid = root_pid
        self.interval = interval
        self.peak = 0
        self.peak_processes = 0
        self._halt = threading.Event()

    def tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.root_pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def run(self) -> None:
        while not self._halt.is_set():
            total, count = 0, 0
            for p in self.tree():
                try:
                    total += p.memory_info().rss
                    count += 1
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    pass
            if total > self.peak:
                self.peak, self.peak_processes = total, count
            self._halt.wait(self.interval)

    def halt(self) -> None:
        self._halt.set()


def server_processes(runner: KelasRunner) -> list[psutil.Process]:
    """The single-user server processes (jupyterhub.singleuser) under the hub."""
    out = []
    for p in MemorySampler(runner.proc.pid).tree():
        try:
            if "jupyterhub.singleuser" in " ".join(p.cmdline()):
                out.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def mb(n: float) -> str:
    return f"{n / 2**20:.0f} MB"


def participant_round(runner, name, token, course_id, source, answer: bool) -> str:
    """Fetch, (answer,) submit through one participant's own server; returns status."""
    user = UserServer(runner, name, token)
    user.fetch(course_id, ASSIGNMENT)
    if answer:
        path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
        nb, _ = fill_answers(user.read_notebook(path), source)
        user.save_notebook(path, nb)
    statuses = [a["status"] for a in user.submit(course_id, ASSIGNMENT)]
    return "submitted" if "submitted" in statuses else ",".join(statuses)


def run(n: int, limit: float) -> int:
    deadline = time.monotonic() + limit

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"time bound of {limit:.0f} s reached")
        return remaining

    source_nb = course_source() / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    source = json.loads(source_nb.read_text(encoding="utf-8"))
    full = code_points(source)
    names = [f"p{i:02d}" for i in range(1, n + 1)]
    expected = {name: (full if i % 2 == 1 else 0.0) for i, name in enumerate(names, start=1)}

    work = Path(tempfile.mkdtemp(prefix="kemitraan-bench-hub-"))
    os.chmod(work, 0o711)
    runner = KelasRunner(work, build_course(work / "kursus"), names, [TRAINER])
    sampler = None
    figures: dict[str, object] = {"participants": n, "cpus": os.cpu_count()}
    ok = False
    try:
        t0 = time.monotonic()
        runner.start(timeout=min(300, left()))
        figures["hub_ready_s"] = time.monotonic() - t0
        sampler = MemorySampler(runner.proc.pid)
        sampler.start()

        t0 = time.monotonic()
        ready = runner.start_servers([*names, TRAINER], timeout=min(900, left()))
        figures["servers_ready_s"] = time.monotonic() - t0
        figures["first_server_ready_s"] = min(ready.values())
        figures["median_server_ready_s"] = statistics.median(ready.values())
        time.sleep(2)  # let the servers settle before measuring each one
        rss, uss = [], []
        for p in server_processes(runner):
            try:
                info = p.memory_full_info()
                rss.append(info.rss)
                uss.append(info.uss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        figures["servers_counted"] = len(rss)
        figures["server_rss_median"] = statistics.median(rss)
        figures["server_uss_median"] = statistics.median(uss)

        plan = runner.plan
        course_id = plan.course_id
        trainer = UserServer(runner, TRAINER, runner.user_token(TRAINER))
        tokens = {name: runner.user_token(name) for name in names}
        out = trainer.formgrader("POST", f"assignment/{ASSIGNMENT}/release")
        assert out["success"], out

        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = {
                name: pool.submit(participant_round, runner, name, tokens[name], course_id,
                                  source, expected[name] > 0)
                for name in names
            }
            statuses = {name: f.result(timeout=left()) for name, f in futures.items()}
        figures["fetch_answer_submit_s"] = time.monotonic() - t0
        figures["submitted"] = sum(s == "submitted" for s in statuses.values())

        t0 = time.monotonic()
        out = trainer.formgrader("POST", f"assignment/{ASSIGNMENT}/collect")
        assert out["success"], out
        figures["collect_s"] = time.monotonic() - t0
        submitted_dir = Path(plan.course_root) / "submitted"
        figures["collected"] = sum(
            (submitted_dir / name / ASSIGNMENT).is_dir() for name in names
        )

        t0 = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT],
            cwd=plan.course_root, env=kelas_module.grader_command_env(plan, TRAINER),
            capture_output=True, text=True, timeout=left(),
        )
        figures["autograde_s"] = time.monotonic() - t0
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
        figures["collect_and_autograde_s"] = figures["collect_s"] + figures["autograde_s"]

        subs = {s["student"]: s for s in trainer.formgrader("GET", f"submissions/{ASSIGNMENT}")}
        graded = [name for name in names if subs.get(name, {}).get("autograded")]
        right = [name for name in graded
                 if abs(subs[name]["code_score"] - expected[name]) < 1e-9]
        figures["graded"] = len(graded)
        figures["graded_with_expected_score"] = len(right)
        ok = figures["submitted"] == figures["collected"] == len(right) == n
    finally:
        if sampler is not None:
            sampler.halt()
            figures["peak_rss_sum"] = sampler.peak
            figures["peak_processes"] = sampler.peak_processes
        t0 = time.monotonic()
        killed = runner.stop(timeout=180)
        figures["teardown_s"] = time.monotonic() - t0
        figures["sigkilled_after_teardown"] = len(killed)
        figures["left_running"] = len(runner._strays())
        log = runner.log()
        figures["hub_stopped_cleanly"] = (
            "Semua server kelas sudah ditutup." in log and "...done" in log)
        shutil.rmtree(work, ignore_errors=True)
        report(figures, ok)
    return 0 if ok else 1


def report(f: dict, ok: bool) -> None:
    def sec(key):
        return f"{f[key]:.1f} s" if key in f else "-"

    def line(label, value):
        print(f"  {label:<46}: {value}")

    n = f["participants"]
    print(f"Kelas di satu JupyterHub: {n} peserta + 1 pelatih, {f['cpus']} CPU, 127.0.0.1")
    line("hub + proxy siap (termasuk persiapan kelas)", sec("hub_ready_s"))
    line(f"{n + 1} server siap (dimulai serentak)",
         f"{sec('servers_ready_s')} (pertama {sec('first_server_ready_s')}, "
         f"median {sec('median_server_ready_s')})")
    line(f"ambil + isi + kirim oleh {n} peserta", sec("fetch_answer_submit_s"))
    line("kumpulkan (collect)", sec("collect_s"))
    line("nilai otomatis (autograde, 1 proses)", sec("autograde_s"))
    line("kumpulkan + nilai otomatis", sec("collect_and_autograde_s"))
    if "peak_rss_sum" in f:
        line(f"memori puncak (jumlah RSS, {f['peak_processes']} proses)", mb(f["peak_rss_sum"]))
    if "server_rss_median" in f:
        line(f"memori per server (median dari {f['servers_counted']})",
             f"RSS {mb(f['server_rss_median'])}, USS {mb(f['server_uss_median'])}")
    line("kiriman", f"{f.get('submitted', '-')} dikirim, {f.get('collected', '-')} terkumpul, "
         f"{f.get('graded', '-')} dinilai, {f.get('graded_with_expected_score', '-')} "
         "dengan nilai yang diharapkan")
    line("penutupan", f"{sec('teardown_s')}; hub menutup semua server sendiri: "
         f"{'ya' if f.get('hub_stopped_cleanly') else 'tidak'}; dipaksa SIGKILL sesudahnya: "
         f"{f.get('sigkilled_after_teardown', '-')}; tersisa: {f.get('left_running', '-')}")
    print("  HASIL: " + ("tidak ada kiriman yang hilang" if ok else "GAGAL / ada yang hilang"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peserta", type=int, default=60)
    p.add_argument("--batas-detik", type=float, default=1500)
    args = p.parse_args()
    return run(args.peserta, args.batas_detik)


if __name__ == "__main__":
    sys.exit(main())
