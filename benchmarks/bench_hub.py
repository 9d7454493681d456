"""Figures for a whole class on one JupyterHub: 60 participants logging in at once.

The same round as tests/test_hub.py, for N participants (default 60) and one
trainer, all on 127.0.0.1, with one Unix account per person when run as root:

1. ``make kelas`` (deploy/jupyterhub/kelas.py) starts JupyterHub + proxy;
2. all N+1 people log in through the login form at the same moment, like a room
   (one thread each, a session with cookies); each follows the hub's pages
   (the waiting page while queued) until their JupyterLab page loads. The run
   FAILS if any of those pages is an error (4xx/5xx) or a login is lost:
   "no start is refused". Reported: seconds until each is ready (median,
   slowest), CPU seconds each server took to start;
3. the trainer releases ``tugas-01-hakikat`` (formgrader API); every participant
   fetches, answers (odd numbers: everything right; even numbers: blank) and
   submits through the Assignments-tab endpoints of their own server;
4. the trainer collects (formgrader API) and autogrades (``nbgrader autograde``
   in the trainer's account, as in their terminal): seconds for both;
5. "no submission lost": N submitted, N collected, N graded with the expected score;
6. memory: peak of the summed RSS of everything the class runs (hub, proxy,
   servers, kernels), sampled every 0.5 s; RSS and USS per server.

Everything it starts is stopped by process id at the end and every account it
made is removed, also after an error or when the time bound is reached.

    python benchmarks/bench_hub.py [--peserta 60] [--batas-detik 1800]
        [--batas-start-serentak N] [--proksi pypi|npm] [--catatan-rinci]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil  # a jupyter dependency
import requests

from kemitraan_kelas.rehearsal import (
    ASSIGNMENT,
    CLASS_PASSWORD,
    GRADER_PASSWORD,
    KelasRunner,
    UserServer,
    build_course,
    code_points,
    course_source,
    fill_answers,
    run_as_grader,
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


def server_processes(runner: KelasRunner) -> dict[str, psutil.Process]:
    """The single-user server process of each user, by hub user name."""
    out = {}
    for p in MemorySampler(runner.proc.pid).tree():
        try:
            if "kemitraan_kelas.server" in " ".join(p.cmdline()):
                out[p.environ().get("JUPYTERHUB_USER", "?")] = p
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return out


def mb(n: float) -> str:
    return f"{n / 2**20:.0f} MB"


def log_in_and_wait(runner: KelasRunner, name: str, password: str, start: threading.Event,
                    deadline: float) -> dict:
    """One person: the login form, then the hub's pages until their JupyterLab loads."""
    s = requests.Session()
    out = {"name": name, "errors": [], "waited": False}
    s.get(f"{runner.base}/hub/login", timeout=120)
    xsrf = s.cookies.get("_xsrf", path="/hub/")
    start.wait()
    t0 = time.monotonic()
    r = s.post(f"{runner.base}/hub/login", timeout=300,
               data={"username": name, "password": password, "_xsrf": xsrf})
    lab = f"{runner.base}/user/{name}/lab"
    while True:
        for step in [*r.history, r]:
            if step.status_code >= 400:
                out["errors"].append(f"{step.status_code} {step.url}")
        if out["errors"]:
            return out
        if r.url.startswith(lab):
            out["ready_s"] = time.monotonic() - t0
            return out
        if "/hub/spawn-pending/" in r.url:
            out["waited"] = True
            if "Server Anda sedang disiapkan" not in r.text:
                out["errors"].append(f"waiting page not Indonesian: {r.url}")
                return out
        if time.monotonic() > deadline:
            out["errors"].append(f"not ready in time (last page {r.url})")
            return out
        time.sleep(2)  # the page itself follows an event stream; polling costs about the same
        r = s.get(r.url if "/hub/spawn-pending/" in r.url else f"{runner.base}/hub/spawn-pending/"
                  f"{name}", timeout=300)


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


def run(args) -> int:
    n, limit = args.peserta, args.batas_detik
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
    extra = ["--proksi", args.proksi]
    if args.batas_start_serentak:
        extra += ["--batas-start-serentak", str(args.batas_start_serentak)]
    if args.catatan_rinci:
        extra.append("--catatan-rinci")
    runner = KelasRunner(work, build_course(work / "kursus"), names, [TRAINER], extra)
    sampler = None
    figures: dict[str, object] = {"participants": n, "cpus": os.cpu_count(),
                                  "load_before": os.getloadavg()}
    ok = False
    try:
        t0 = time.monotonic()
        runner.start(timeout=min(900, left()))
        figures["hub_ready_s"] = time.monotonic() - t0
        figures["start_limit"] = runner.plan.start_limit
        sampler = MemorySampler(runner.proc.pid)
        sampler.start()

        # everyone logs in at the same moment
        go = threading.Event()
        people = {**{name: CLASS_PASSWORD for name in names}, TRAINER: GRADER_PASSWORD}
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            futures = [pool.submit(log_in_and_wait, runner, name, pw, go,
                                   time.monotonic() + min(900, left()))
                       for name, pw in people.items()]
            time.sleep(1)
            go.set()
            results = [f.result() for f in futures]
        figures["load_after_logins"] = os.getloadavg()
        refused = [r for r in results if r["errors"]]
        figures["refused"] = len(refused)
        figures["refused_detail"] = [f"{r['name']}: {r['errors'][0]}" for r in refused][:10]
        ready = [r["ready_s"] for r in results if "ready_s" in r]
        figures["waited_on_page"] = sum(r["waited"] for r in results)
        if ready:
            figures["servers_ready_s"] = max(ready)
            figures["first_server_ready_s"] = min(ready)
            figures["median_server_ready_s"] = statistics.median(ready)
        if refused:
            raise RuntimeError(f"{len(refused)} logins refused or lost: "
                               f"{figures['refused_detail']}")
        time.sleep(2)  # let the servers settle before measuring each one
        rss, uss, cpu = [], [], []
        for p in server_processes(runner).values():
            try:
                info = p.memory_full_info()
                times = p.cpu_times()
                rss.append(info.rss)
                uss.append(info.uss)
                cpu.append(times.user + times.system)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                pass
        figures["servers_counted"] = len(rss)
        figures["server_rss_median"] = statistics.median(rss)
        figures["server_uss_median"] = statistics.median(uss)
        figures["server_uss_max"] = max(uss)
        figures["server_cpu_median"] = statistics.median(cpu)

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
        proc = run_as_grader(plan, TRAINER, ["-m", "nbgrader", "autograde", ASSIGNMENT],
                             stdout=-1, stderr=-1, text=True)
        stdout, stderr = proc.communicate(timeout=left())
        figures["autograde_s"] = time.monotonic() - t0
        if proc.returncode != 0:
            print(stdout[-3000:], stderr[-3000:], file=sys.stderr)
        figures["collect_and_autograde_s"] = figures["collect_s"] + figures["autograde_s"]

        subs = {s["student"]: s for s in trainer.formgrader("GET", f"submissions/{ASSIGNMENT}")}
        graded = [name for name in names if subs.get(name, {}).get("autograded")]
        right = [name for name in graded
                 if abs(subs[name]["code_score"] - expected[name]) < 1e-9]
        figures["graded"] = len(graded)
        figures["graded_with_expected_score"] = len(right)
        ok = figures["submitted"] == figures["collected"] == len(right) == n
    except Exception as exc:  # reported with the figures; the run fails
        figures["error"] = f"{type(exc).__name__}: {str(exc)[:1500]}"
    finally:
        if sampler is not None:
            sampler.halt()
            figures["peak_rss_sum"] = sampler.peak
            figures["peak_processes"] = sampler.peak_processes
        t0 = time.monotonic()
        killed = runner.stop(timeout=300)
        figures["teardown_s"] = time.monotonic() - t0
        figures["sigkilled_after_teardown"] = len(killed)
        figures["left_running"] = len(runner._strays())
        log = runner.log()
        figures["hub_stopped_cleanly"] = (
            "Semua server kelas sudah ditutup." in log and "...done" in log)
        if args.simpan_catatan:
            shutil.copy(runner.data_dir / "hub" / "jupyterhub.log", args.simpan_catatan)
        figures["accounts_left"] = len(runner.remove_accounts())
        shutil.rmtree(work, ignore_errors=True)
        report(figures, ok)
    return 0 if ok else 1


def report(f: dict, ok: bool) -> None:
    def sec(key):
        return f"{f[key]:.1f} s" if key in f else "-"

    def line(label, value):
        print(f"  {label:<46}: {value}")

    n = f["participants"]
    load = "/".join(f"{x:.1f}" for x in f["load_before"])
    print(f"Kelas di satu JupyterHub: {n} peserta + 1 pelatih, {f['cpus']} CPU, 127.0.0.1; "
          f"beban (load average 1/5/15 menit) sebelum: {load}")
    line("hub + proxy siap (termasuk persiapan kelas)", sec("hub_ready_s"))
    line(f"{n + 1} masuk serentak, semua siap", f"{sec('servers_ready_s')} (pertama "
         f"{sec('first_server_ready_s')}, median {sec('median_server_ready_s')}; "
         f"{f.get('start_limit', '-')} dinyalakan bersamaan)")
    line("ditolak / hilang (harus 0)", f"{f.get('refused', '-')}; menunggu di halaman tunggu: "
         f"{f.get('waited_on_page', '-')}")
    if "load_after_logins" in f:
        line("beban sesudah semua masuk", "/".join(f"{x:.1f}" for x in f["load_after_logins"]))
    if "server_cpu_median" in f:
        line("CPU untuk menyalakan satu server (median)", f"{f['server_cpu_median']:.2f} s")
    line(f"ambil + isi + kirim oleh {n} peserta", sec("fetch_answer_submit_s"))
    line("kumpulkan (collect)", sec("collect_s"))
    line("nilai otomatis (autograde, 1 proses)", sec("autograde_s"))
    line("kumpulkan + nilai otomatis", sec("collect_and_autograde_s"))
    if "peak_rss_sum" in f:
        line(f"memori puncak (jumlah RSS, {f['peak_processes']} proses)", mb(f["peak_rss_sum"]))
    if "server_rss_median" in f:
        line(f"memori per server (median dari {f['servers_counted']})",
             f"RSS {mb(f['server_rss_median'])}, USS {mb(f['server_uss_median'])} "
             f"(USS terbesar {mb(f['server_uss_max'])})")
    line("kiriman", f"{f.get('submitted', '-')} dikirim, {f.get('collected', '-')} terkumpul, "
         f"{f.get('graded', '-')} dinilai, {f.get('graded_with_expected_score', '-')} "
         "dengan nilai yang diharapkan")
    line("penutupan", f"{sec('teardown_s')}; hub menutup semua server sendiri: "
         f"{'ya' if f.get('hub_stopped_cleanly') else 'tidak'}; dipaksa SIGKILL sesudahnya: "
         f"{f.get('sigkilled_after_teardown', '-')}; tersisa: {f.get('left_running', '-')}; "
         f"akun tersisa: {f.get('accounts_left', '-')}")
    if "error" in f:
        print(f"  GALAT: {f['error']}")
    print("  HASIL: " + ("tidak ada yang ditolak, tidak ada kiriman yang hilang" if ok
                         else "GAGAL"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peserta", type=int, default=60)
    p.add_argument("--batas-detik", type=float, default=1800)
    p.add_argument("--batas-start-serentak", type=int, default=0,
                   help="servers starting at once (default: make kelas's own)")
    p.add_argument("--proksi", choices=("pypi", "npm"), default="pypi")
    p.add_argument("--catatan-rinci", action="store_true", help="hub and proxy at debug level")
    p.add_argument("--simpan-catatan", type=Path, help="keep the hub's log here")
    return run(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
