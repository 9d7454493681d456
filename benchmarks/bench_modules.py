"""How long each course module takes to run, compared with an empty notebook.

Every module listed in modules/urutan.json (that exists) is executed with
nbclient in a fresh kernel, exactly as nbval does in ``make test``; so is an
empty notebook (one empty code cell) as the baseline. Each is run ``--runs``
times (default 3) and the median is used. Printed: module, seconds, ratio to
the empty notebook; the whole course total; and the targets:

* no module over 3x the empty notebook;
* the whole course under 60 s.

The learner's workbook goes to a temporary folder (never your home folder).
Usage: ``python benchmarks/bench_modules.py [--runs 3] [--only 08 09] [--strict]``
(``--strict`` exits 1 when a target fails).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MAX_RATIO = 3.0
MAX_TOTAL = 60.0


def run_once(nb, cwd: Path) -> float:
    from nbclient import NotebookClient

    start = time.perf_counter()
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    )
    client.execute()
    return time.perf_counter() - start


def median_time(path: Path | None, runs: int, cwd: Path) -> float:
    import nbformat

    times = []
    for _ in range(runs):
        if path is None:
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell("")]
        else:
            nb = nbformat.read(path, as_version=4)
        times.append(run_once(nb, cwd))
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Waktu menjalankan setiap modul kursus.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="nomor modul, mis. 08 09")
    parser.add_argument("--strict", action="store_true", help="keluar dengan kode 1 bila gagal")
    args = parser.parse_args(argv)

    from kemitraan_lib import course

    scratch = tempfile.mkdtemp(prefix="kemitraan-bench-")
    os.environ["KEMITRAAN_BUKU_KERJA"] = os.path.join(scratch, "buku-kerja.json")
    os.environ["MPLBACKEND"] = "Agg"
    modules_dir = course.MODULES_DIR
    order = [m for m in course.load_order() if (modules_dir / m.file).exists()]
    if args.only:
        order = [m for m in order if m.number in args.only]
    if not order:
        print("Tidak ada modul untuk diukur.")
        return 1

    print(f"Ulangan per notebook: {args.runs} (median); kernel baru setiap kali.")
    empty = median_time(None, args.runs, modules_dir)
    print(f"{'modul':<38} {'detik':>7} {'rasio':>7}  target <= {MAX_RATIO:.0f}x")
    print(f"{'(notebook kosong)':<38} {empty:7.2f} {1.0:7.2f}")
    total = 0.0
    worst = 0.0
    failures = []
    for info in order:
        seconds = median_time(modules_dir / info.file, args.runs, modules_dir)
        ratio = seconds / empty
        total += seconds
        worst = max(worst, ratio)
        verdict = "LULUS" if ratio <= MAX_RATIO else "GAGAL"
        if verdict == "GAGAL":
            failures.append(info.file)
        print(f"{info.file:<38} {seconds:7.2f} {ratio:7.2f}  {verdict}")
    print(f"{'seluruh kursus':<38} {total:7.2f} {total / empty:7.2f}")
    ratio_ok = not failures
    total_ok = total < MAX_TOTAL
    print(f"Target 1: setiap modul <= {MAX_RATIO:.0f}x notebook kosong "
          f"(terburuk {worst:.2f}x): {'PASS' if ratio_ok else 'FAIL ' + ', '.join(failures)}")
    print(f"Target 2: seluruh kursus < {MAX_TOTAL:.0f} detik ({total:.1f} s untuk "
          f"{len(order)} modul): {'PASS' if total_ok else 'FAIL'}")
    return 1 if args.strict and not (ratio_ok and total_ok) else 0


if __name__ == "__main__":
    sys.exit(main())
