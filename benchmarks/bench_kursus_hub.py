"""Benchmark: what bringing the course into ``~/kursus`` adds to a class server's start.

At each start a participant's server (``kemitraan_kelas.server``) runs
``update_course(home, library)`` before JupyterHub's single-user server. Each
case below runs in a fresh Python process, as the server does, on a copy of the
project's ``modules/ apps/ data/`` as ``layout.install_library`` lays them out:

* baseline: the old first start (each top folder copied with ``copytree``);
* first start: ``~/kursus`` created by ``kemitraan_lab.ruang.update`` (git + nbgitpuller);
* course changed: one module changed and a file added in the library while the
  participant edited another module (snapshot + nbgitpuller merge);
* unchanged: the library's version is the one the copy has (one file read) -
  every start but the first after a course change.

Prints medians of wall-clock and CPU seconds (the process and its children:
git) over ``--kali`` runs, and the ratio to the baseline measured in the same
run. The fresh process also imports nbgitpuller/jupyter_server, which the server
imports anyway right after, so the first two cases overstate a little.

    python benchmarks/bench_kursus_hub.py [--kali 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))

from kemitraan_kelas.layout import COURSE_MATERIAL, material_version  # noqa: E402
from kemitraan_kelas.server import VERSION_FILE  # noqa: E402

_CHILD = {
    "kosong": "import sys; from kemitraan_kelas.server import update_course\n",
    "dasar": ("import shutil, sys; from pathlib import Path\n"
              "from kemitraan_kelas.server import MATERIAL\n"
              "for n in MATERIAL: shutil.copytree(Path(sys.argv[2]) / n, "
              "Path(sys.argv[1]) / 'kursus' / n)\n"),
    "baru": ("import sys; from kemitraan_kelas.server import update_course\n"
             "r = update_course(sys.argv[1], sys.argv[2], say=lambda m: None)\n"
             "assert r in ('diperbarui', 'sama'), r; print(r)\n"),
}


def _run(kind: str, home: Path, library: Path) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT / "deploy" / "jupyterhub"), str(ROOT)]), HOME=str(home))
    out = subprocess.run([sys.executable, "-c", _CHILD[kind], str(home), str(library)],
                         env=env, check=True, capture_output=True, text=True).stdout.strip()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def _change(library: Path, i: int) -> None:
    module = sorted((library / "modules").glob("*.ipynb"))[1]
    nb = json.loads(module.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": f"ubah-{i}", "metadata": {},
                        "source": f"Perubahan pelatih {i}"})
    module.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    (library / "modules" / f"baru-{i}.md").write_text(f"# Baru {i}\n", encoding="utf-8")
    (library / VERSION_FILE).write_text(material_version(library), encoding="utf-8")


def _edit(home: Path, i: int) -> None:
    mine = sorted((home / "kursus" / "modules").glob("*.ipynb"))[0]
    mine.write_text(mine.read_text(encoding="utf-8").replace(
        '"cells": [', f'"cells": [{{"cell_type": "markdown", "id": "p{i}", "metadata": {{}}, '
        f'"source": "catatan {i}"}},', 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Biaya pembaruan ~/kursus per start server.")
    parser.add_argument("--kali", type=int, default=7, help="ulangan per kasus (>= 5)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-kursus-"))
    try:
        library = work / "pustaka"
        for name in COURSE_MATERIAL:
            shutil.copytree(ROOT / name, library / name,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        (library / VERSION_FILE).write_text(material_version(library), encoding="utf-8")
        files = sum(1 for p in library.rglob("*") if p.is_file())
        figures: dict[str, list[tuple[float, float]]] = {
            "kosong": [], "dasar": [], "pertama": [], "berubah": [], "sama": []}
        for i in range(args.kali):
            old, home = work / f"lama-{i}", work / f"rumah-{i}"
            figures["kosong"].append(_run("kosong", old, library)[:2])
            figures["dasar"].append(_run("dasar", old, library)[:2])
            wall, cpu, out = _run("baru", home, library)
            assert out == "diperbarui" and (home / "kursus" / ".git").is_dir(), out
            figures["pertama"].append((wall, cpu))
        for i in range(args.kali):  # each home: the participant edits, the course changes
            home = work / f"rumah-{i}"
            _edit(home, i)
            _change(library, i)
            wall, cpu, out = _run("baru", home, library)
            assert out == "diperbarui" and (home / "kursus" / "modules" / f"baru-{i}.md").exists()
            assert f"catatan {i}" in sorted((home / "kursus" / "modules").glob(
                "*.ipynb"))[0].read_text(encoding="utf-8")
            figures["berubah"].append((wall, cpu))
        for i in range(args.kali):
            home = work / f"rumah-{i}"
            _run("baru", home, library)  # brings this home to the library's latest version
            wall, cpu, out = _run("baru", home, library)
            assert out == "sama", out
            figures["sama"].append((wall, cpu))
        base_wall = statistics.median(w for w, _ in figures["dasar"])
        base_cpu = statistics.median(c for _, c in figures["dasar"])
        empty_wall = statistics.median(w for w, _ in figures["kosong"])
        empty_cpu = statistics.median(c for _, c in figures["kosong"])
        print(f"Pembaruan ~/kursus saat server peserta menyala: {files} berkas bahan, "
              f"{args.kali} ulangan per kasus, {os.cpu_count()} inti CPU, beban "
              f"{os.getloadavg()[0]:.2f}")
        print(f"  proses kosong (Python + import server): median {empty_wall:.3f} s dinding, "
              f"{empty_cpu:.3f} s CPU; 'tambahan' = kasus dikurangi proses kosong")
        labels = {"dasar": "dasar (salin sekali, cara lama)",
                  "pertama": "start pertama (git clone)",
                  "berubah": "kursus berubah (gabung)",
                  "sama": "kursus sama (tanpa git)"}
        for key, label in labels.items():
            wall = statistics.median(w for w, _ in figures[key])
            cpu = statistics.median(c for _, c in figures[key])
            print(f"  {label:34s} tambahan median {wall - empty_wall:6.3f} s dinding, "
                  f"{cpu - empty_cpu:6.3f} s CPU (kasus x{wall / base_wall:4.1f} dinding, "
                  f"x{cpu / base_cpu:4.1f} CPU dari dasar)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
