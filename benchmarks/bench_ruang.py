"""Benchmark: a room of visitors at once on ``make ruang`` (room mode).

N visitors (default 30) open Peta Mitra at the same moment, each in its own
chromium context (like N phones), on loopback; each adds a partner named
after themselves and "Pak Kades", then checks that their table shows their own
partners only. Prints:

* time to first render (from opening the page to a usable form): median and
  slowest;
* how many pages rendered, how many visitors' changes were kept (their own
  workbook holds exactly their partners), any errors;
* memory: the Voilà server, and per visitor (one kernel each: median resident
  memory of the kernels at the busiest moment).

Needs Debian's chromium and the test extras (``make setup-test``). Run:
``python benchmarks/bench_ruang.py [--visitors 30]``. Wall-clock times on a
shared 2-core machine grow with its load: the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from _support import test_helper  # noqa: E402  (next to this script)

_browser = test_helper("browser_support")
CHROMIUM = _browser.CHROMIUM
VoilaServer = _browser.VoilaServer
run_visitors = _browser.run_visitors
server_memory = _browser.server_memory
visitor_workbooks = _browser.visitor_workbooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark mode ruang.")
    parser.add_argument("--visitors", type=int, default=30)
    args = parser.parse_args(argv)
    n = args.visitors
    if not CHROMIUM.exists():
        print(f"Mode ruang: dilewati, {CHROMIUM} tidak ada (sudo apt-get install chromium).")
        return 0
    print(f"Mode ruang: {n} pengunjung serentak, {os.cpu_count()} inti CPU, "
          f"beban rata-rata {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-ruang-") as folder:
        server = VoilaServer(Path(folder), room=True)
        server.start()
        peak: dict = {"kernels": [], "server": 0.0}
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                try:
                    own, kernels = server_memory(server.proc)
                except Exception:  # noqa: BLE001 - a process may end while sampled
                    kernels, own = [], 0.0
                if len(kernels) >= len(peak["kernels"]):
                    peak["kernels"], peak["server"] = kernels, own
                stop.wait(1.0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        try:
            results = run_visitors(server, n, timeout_ms=900_000)
            elapsed = time.perf_counter() - start
            time.sleep(1.5)  # the last autosaves
            books = visitor_workbooks(server.room)
        finally:
            stop.set()
            sampler.join(timeout=5)
            server.stop()
    renders = [r["render"] for r in results if r["render"] is not None]
    kept = sum(1 for i in range(n)
               if [names for names in books.values() if f"Peserta {i}" in names]
               == [[f"Peserta {i}", "Pak Kades"]])
    ok = sum(1 for r in results if r["ok"])
    print(f"halaman tampil            : {len(renders)} dari {n}")
    if renders:
        print(f"waktu tampil pertama (s)  : median {statistics.median(renders):.1f}, "
              f"terlama {max(renders):.1f}, tercepat {min(renders):.1f}")
    print(f"perubahan tiap pengunjung : {ok} benar di layar, {kept} tersimpan di buku kerja "
          f"masing-masing ({len(books)} buku kerja)")
    print(f"waktu seluruh ruangan (s) : {elapsed:.1f}")
    kernels = peak["kernels"]
    if kernels:
        print(f"memori (MB)               : server Voila {peak['server']:.0f}; per pengunjung "
              f"(kernel) median {statistics.median(kernels):.0f}, terbesar {max(kernels):.0f}; "
              f"{len(kernels)} kernel sekaligus, total {sum(kernels):.0f}")
    errors = [r for r in results if r["error"]]
    for r in errors[:5]:
        print(f"  galat pengunjung {r['visitor']}: {r['error']}")
    print(f"beban rata-rata akhir     : {os.getloadavg()[0]:.1f}")
    return 0 if len(renders) == n and ok == n and kept == n else 1


if __name__ == "__main__":
    sys.exit(main())
