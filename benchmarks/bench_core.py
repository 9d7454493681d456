"""Benchmark of the core library: import cost, and load / analyse / save at scale.

Run:  .venv/bin/python benchmarks/bench_core.py  [--quick]

Prints, in one run:

1. Import cost, each measured in fresh subprocesses as the wall time of
   ``python -c "import X"`` minus the time of a bare ``python -c "pass"``,
   median of 7 runs, the commands alternating so that machine load affects
   all of them alike:
   * ``package``: ``import kemitraan_lib``
   * ``core``: ``import kemitraan_lib.network, kemitraan_lib.analysis``
   * ``core+``: core plus history, files, cases and content
   each as a ratio to ``import pandas``. Target: <= 1.2x pandas. A check also
   confirms that none of pandas, networkx, matplotlib, ipywidgets or openpyxl
   is loaded by the core import.
2. Load, analyse and save at 100, 1,000 and 10,000 partners (synthetic maps,
   about 2 links per partner), for .xlsx, .json and .csv; medians of 7 / 5 / 3
   runs. Targets (issue 9): 10,000 partners load in under 1 s from JSON or CSV
   and under 5 s from .xlsx (wall-clock median; the CPU time is printed too).
   "analyse" = ``summary`` (degree, betweenness, quadrants, approaches)
   + ``grid`` + ``isolated`` + ``missing_kinds``, after a warm-up call so the
   one-off pandas/networkx import is not counted. Target: analysing 1,000
   partners < 1 s. Above 2,000 partners betweenness is estimated from 200
   sampled sources (fixed seed), see ``kemitraan_lib.analysis``.

Total run time is about 1-2 minutes on a 2-core machine (``--quick``: a few seconds).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kemitraan_lib import analysis
from kemitraan_lib.files import load_network, save_network
from kemitraan_lib.network import PartnerNetwork

ROOT = Path(__file__).resolve().parents[1]

IMPORT_RUNS = 7
IMPORT_TARGET = 1.2
ANALYSE_TARGET_1000 = 1.0
#: Loading 10,000 partners (issue 9): seconds, median.
LOAD_TARGETS_10000 = {".json": 1.0, ".csv": 1.0, ".xlsx": 5.0}
HEAVY = ("pandas", "networkx", "matplotlib", "ipywidgets", "openpyxl")

IMPORTS = {
    "bare": "pass",
    "pandas": "import pandas",
    "package": "import kemitraan_lib",
    "core": "import kemitraan_lib.network, kemitraan_lib.analysis",
    "core+": ("import kemitraan_lib.network, kemitraan_lib.analysis, kemitraan_lib.history, "
              "kemitraan_lib.files, kemitraan_lib.cases, kemitraan_lib.content"),
}


def time_imports(runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {k: [] for k in IMPORTS}
    for _ in range(runs):
        for key, code in IMPORTS.items():  # alternate commands within each round
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            samples[key].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in samples.items()}


def heavy_modules_loaded() -> list[str]:
    code = (IMPORTS["core+"] + "; import sys; print(','.join(m for m in "
            f"{HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    return [m for m in out.split(",") if m]


def synthetic(n: int, seed: int = 1) -> PartnerNetwork:
    rnd = random.Random(seed)
    cats = ["kelompok", "tokoh", "usaha", "koperasi", "pemerintah", "lainnya"]
    types = ["informasi", "dana", "barang", "pembinaan", "kewenangan", "konflik"]
    net = PartnerNetwork(title=f"Peta sintetis {n} mitra")
    for i in range(n):
        net.add_partner(name=f"Mitra {i:05d} \"Sumber Rezeki\"", category=cats[i % 6],
                        influence=rnd.randint(0, 5), interest=rnd.randint(0, 5),
                        support=rnd.randint(-2, 2), resources=["lahan", "tenaga"][: i % 3],
                        contact=f"0812-0000-{i % 10000:04d}", notes="Catatan; baris 1\nbaris 2")
    names = [p.name for p in net.partners]
    target = 2 * n
    while len(net.links) < target:
        a, b = rnd.randrange(n), rnd.randrange(n)
        if a == b:
            continue
        try:
            net.add_link(names[a], names[b], rnd.choice(types),
                         rnd.choice(["dua-arah", "satu-arah"]), rnd.randint(1, 3))
        except ValueError:
            continue  # that link exists already
    return net


def analyse(net: PartnerNetwork) -> None:
    analysis.MEASURES.clear()  # measure the real computation, not the cached result
    analysis.summary(net)
    analysis.grid(net)
    analysis.isolated(net)
    analysis.missing_kinds(net)


def median_time(fn, runs: int, cpu: list | None = None) -> float:
    """Median wall time; the median CPU time of this process goes to ``cpu``."""
    values, cpu_values = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        values.append(time.perf_counter() - start)
        cpu_values.append(time.process_time() - start_cpu)
    if cpu is not None:
        cpu.append(statistics.median(cpu_values))
    return statistics.median(values)


def main(quick: bool = False) -> int:
    failures = 0
    print("Benchmark inti kemitraan_lib (median; waktu dalam detik)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {sys.version.split()[0]} di {sys.platform}, {os.cpu_count()} inti CPU, "
          f"beban mesin (load average 1 menit) saat mulai: {load:.1f}\n")

    runs = 3 if quick else IMPORT_RUNS
    imp = time_imports(runs)
    bare = imp["bare"]
    pandas_cost = imp["pandas"] - bare
    print(f"1. Biaya import (subproses baru, dikurangi python kosong {bare:.3f} s; "
          f"median {runs} kali)")
    print(f"   {'import':<9}{'detik':>8}{'rasio thd pandas':>19}   target <= {IMPORT_TARGET}x")
    print(f"   {'pandas':<9}{pandas_cost:8.3f}{1.0:19.2f}")
    for key in ("package", "core", "core+"):
        cost = max(imp[key] - bare, 0.0)
        ratio = cost / pandas_cost if pandas_cost > 0 else float("inf")
        ok = ratio <= IMPORT_TARGET
        failures += not ok
        print(f"   {key:<9}{cost:8.3f}{ratio:19.2f}   {'PASS' if ok else 'FAIL'}")
    print("   package = import kemitraan_lib; core = kemitraan_lib.network + analysis;")
    print("   core+ = core + history, files, cases, content")
    heavy = heavy_modules_loaded()
    failures += bool(heavy)
    print(f"   modul berat yang ikut dimuat oleh core+: {', '.join(heavy) or 'tidak ada'}"
          f"   {'FAIL' if heavy else 'PASS'}\n")

    sizes = [(100, 3), (1000, 2)] if quick else [(100, 7), (1000, 5), (10_000, 3)]
    print("2. Muat, analisis, simpan (peta sintetis, sekitar 2 hubungan per mitra)")
    header = (f"   {'mitra':>6} {'hub.':>6} {'analisis':>9} {'simpan':>7} {'xlsx':>7} "
              f"{'json':>7} {'csv':>7} | {'muat':>5} {'xlsx':>7} {'json':>7} {'csv':>7}")
    print(header)
    analysis.summary(synthetic(10))  # warm-up: pandas and networkx imports
    result_1000 = None
    cpu_1000 = float("nan")
    loads_10000: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="kemitraan-bench-") as folder:
        for n, r in sizes:
            net = synthetic(n)
            cpu: list[float] = []
            t_an = median_time(lambda net=net: analyse(net), r, cpu)
            if n == 1000:
                result_1000 = t_an
                cpu_1000 = cpu[0]
            saves, loads = {}, {}
            for suffix in (".xlsx", ".json", ".csv"):
                path = Path(folder) / f"peta-{n}{suffix}"
                saves[suffix] = median_time(lambda p=path, net=net: save_network(net, p), r)
                load_cpu: list[float] = []
                loads[suffix] = median_time(lambda p=path: load_network(p), r, load_cpu)
                if n == 10_000:
                    loads_10000[suffix] = (loads[suffix], load_cpu[0])
                back = load_network(path)
                assert back.partners == net.partners and back.links == net.links, suffix
            print(f"   {n:>6} {len(net.links):>6} {t_an:9.3f} {'':>7} {saves['.xlsx']:7.3f} "
                  f"{saves['.json']:7.3f} {saves['.csv']:7.3f} | {'':>5} "
                  f"{loads['.xlsx']:7.3f} {loads['.json']:7.3f} {loads['.csv']:7.3f}")
    print("   (setiap berkas dimuat ulang dan dibandingkan: isi sama persis)")
    ok = result_1000 is not None and result_1000 < ANALYSE_TARGET_1000
    cpu_ok = cpu_1000 < ANALYSE_TARGET_1000
    failures += not ok
    print(f"\n   Target analisis 1.000 mitra < {ANALYSE_TARGET_1000:.0f} s:")
    print(f"     waktu nyata {result_1000:.3f} s  {'PASS' if ok else 'FAIL'}")
    print(f"     waktu CPU   {cpu_1000:.3f} s  {'PASS' if cpu_ok else 'FAIL'}")
    if not ok and cpu_ok:
        print("     Waktu nyata melewati target karena mesin sedang dipakai program lain "
              f"(load average {os.getloadavg()[0]:.1f} pada {os.cpu_count()} inti); "
              "ulangi saat mesin senggang.")
    if loads_10000:
        print(f"\n   Target muat 10.000 mitra (median {sizes[-1][1]} kali; waktu nyata / CPU):")
        for suffix, target in LOAD_TARGETS_10000.items():
            wall, cpu_time = loads_10000[suffix]
            ok = wall < target
            failures += not ok
            print(f"     {suffix:<6} < {target:.0f} s: {wall:6.3f} s / CPU {cpu_time:6.3f} s  "
                  f"{'PASS' if ok else 'FAIL'}{'' if ok or cpu_time >= target else ' (CPU lulus)'}")
    print(f"\nHasil: {'SEMUA TARGET TERCAPAI' if failures == 0 else f'{failures} target GAGAL'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(quick="--quick" in sys.argv))
