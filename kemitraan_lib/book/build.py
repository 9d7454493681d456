"""Build the course book: execute, clean up, convert, write atomically.

Command line (from the project root; ``make buku`` runs it)::

    python -m kemitraan_lib.book                 # writes buku/
    python -m kemitraan_lib.book --keluaran DIR --paralel 2

Each module notebook runs in a fresh kernel with its own empty, throw-away
workbook (so the book never shows a learner's answers and does not depend on
the order the modules ran in). A module that raises an error stops the build
with an Indonesian message; the previous book stays as it was, because the new
one is written next to it and swapped in only when complete.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kemitraan_lib import course
from kemitraan_lib.book import BookError
from kemitraan_lib.book import pages as pg
from kemitraan_lib.book.prepare import prepare
from kemitraan_lib.errors import KemitraanError

__all__ = [
    "DEFAULT_OUT",
    "MARKER",
    "BuildReport",
    "plan",
    "execute_notebook",
    "render_cells",
    "build",
    "main",
]

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "buku"
MARKER = ".buku-kemitraan"  # marks a folder this builder may replace
HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "aset"


@dataclass
class BuildReport:
    """What a build wrote; ``seconds`` is wall-clock time of the whole build."""

    out_dir: Path
    pages: list[str] = field(default_factory=list)  # module pages in course order
    not_in_book: list[str] = field(default_factory=list)  # urutan.json files without a page
    widgets: dict[str, int] = field(default_factory=dict)  # page -> widgets replaced by a note
    run_seconds: dict[str, float] = field(default_factory=dict)  # page -> execution time
    search_records: int = 0
    seconds: float = 0.0


def plan(modules_dir: Path | None = None) -> list[pg.Entry]:
    """The rows of ``urutan.json`` in order; a row gets a page when its notebook exists
    in the modules folder (anything else listed there, e.g. a graded assignment, is shown
    in the navigation without a page)."""
    modules_dir = Path(modules_dir) if modules_dir is not None else course.MODULES_DIR
    order = course.load_order(modules_dir / "urutan.json")
    entries = []
    for info in order:
        notebook = modules_dir / info.file
        is_page = info.file.endswith(".ipynb") and notebook.is_file()
        entries.append(pg.Entry(info, pg.page_name(info.file) if is_page else None))
    if not pg.pages_of(entries):
        raise BookError(
            f"Tidak ada modul untuk dibuat bukunya: tidak satu pun berkas di "
            f"{modules_dir / 'urutan.json'} ada di folder {modules_dir}."
        )
    return entries


def _kernel_env(workbook: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KEMITRAAN_BUKU_KERJA"] = str(workbook)
    env.pop("MPLBACKEND", None)  # the kernel's inline backend, as in JupyterLab
    env.pop("NBGRADER_EXECUTION", None)  # widgets are shown (then replaced by notes)
    return env


def execute_notebook(path: Path, workbook_home: Path, timeout: int = 600):
    """Run one notebook in a fresh kernel (cwd = its folder); returns the executed copy.

    The learner's workbook is ``workbook_home/BukuKerjaKemitraan/buku-kerja.json``.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    workbook = workbook_home / "BukuKerjaKemitraan" / "buku-kerja.json"
    workbook.parent.mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
    )
    log_path = workbook_home / "kernel.log"
    try:
        with open(log_path, "wb") as kernel_log:  # the kernel's own warnings stay out of sight
            client.execute(env=_kernel_env(workbook), stderr=kernel_log)
    except CellExecutionError as exc:
        raise BookError(
            f"Modul {path.name} gagal dijalankan: {exc.ename}: {exc.evalue}. "
            "Buka notebook itu di JupyterLab untuk melihat sel yang bermasalah; "
            "buku yang lama tidak diubah."
        ) from None
    except CellTimeoutError:
        raise BookError(
            f"Modul {path.name} terlalu lama dijalankan (lebih dari {timeout} detik per sel); "
            "buku yang lama tidak diubah."
        ) from None
    except DeadKernelError:
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        raise BookError(
            f"Kernel Python berhenti saat menjalankan modul {path.name}; "
            "buku yang lama tidak diubah." + (f" Pesan terakhir: {' '.join(tail)}" if tail else "")
        ) from None
    return nb


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="buku",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def render_cells(nb, exporter=None) -> str:
    """The notebook's cells as HTML (JupyterLab markup, no page around it)."""
    exporter = exporter or _exporter()
    body, _ = exporter.from_notebook_node(nb)
    return body


def _lab_css() -> str:
    """JupyterLab's notebook CSS as nbconvert ships it (light theme), for ``aset/``."""
    exporter = _exporter()
    for base in exporter.template_paths:
        static = Path(base) / "static"
        if Path(base).name == "lab" and (static / "index.css").is_file():
            return (static / "index.css").read_text(encoding="utf-8") + "\n" + (
                static / "theme-light.css"
            ).read_text(encoding="utf-8")
    raise BookError("CSS JupyterLab dari nbconvert tidak ditemukan; pasang ulang nbconvert.")


def _pygments_css() -> str:
    from jupyterlab_pygments import JupyterStyle
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style=JupyterStyle).get_style_defs(".highlight")


def _course_map_html(entries) -> str:
    from nbconvert.filters import markdown2html

    order = tuple(e.info for e in entries)
    return pg.fix_links(markdown2html(course.course_map_markdown(order)), entries)


def _write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise BookError(f"{out_dir} adalah berkas, bukan folder; pilih folder lain untuk buku.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise BookError(
            f"Folder {out_dir} sudah berisi berkas lain dan bukan buku kursus; "
            "pilih folder lain (--keluaran) agar tidak ada yang tertimpa."
        )


def _swap_in(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.lama")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def build(
    out_dir: Path | str | None = None,
    *,
    modules_dir: Path | str | None = None,
    jobs: int = 2,
    timeout: int = 600,
    log=print,
) -> BuildReport:
    """Build the whole book into ``out_dir`` (default ``buku/``); see the module doc."""
    started = time.perf_counter()
    out_dir = Path(out_dir) if out_dir is not None else DEFAULT_OUT
    out_dir = out_dir.resolve()
    modules_dir = Path(modules_dir) if modules_dir is not None else course.MODULES_DIR
    if not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= 16:
        raise BookError(
            f"Jumlah modul yang dijalankan bersamaan harus 1 sampai 16, bukan {jobs!r}."
        )
    _check_target(out_dir)
    entries = plan(modules_dir)
    pages = pg.pages_of(entries)
    report = BuildReport(out_dir, pages=[e.page for e in pages],
                         not_in_book=[e.info.file for e in entries if not e.page])
    log(f"Menjalankan {len(pages)} modul (paling banyak {jobs} bersamaan)…")

    scratch = Path(tempfile.mkdtemp(prefix="kemitraan-buku-"))
    try:
        def run(entry):
            t0 = time.perf_counter()
            home = scratch / entry.info.number
            nb = execute_notebook(modules_dir / entry.info.file, home, timeout)
            counts = prepare(nb, entry.info.file, workbook_folder=str(home))
            report.run_seconds[entry.page] = round(time.perf_counter() - t0, 1)
            report.widgets[entry.page] = counts["widgets"]
            log(f"  {entry.info.file}: selesai ({report.run_seconds[entry.page]} detik)")
            return nb

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            notebooks = list(pool.map(run, pages))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    exporter = _exporter()
    cells = {e.page: render_cells(nb, exporter) for e, nb in zip(pages, notebooks, strict=True)}
    staging = out_dir.with_name(f".{out_dir.name}.baru")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        records = []
        prefixes = {e.page: f"m{e.info.number}-" for e in pages}
        sections = []
        for entry in pages:
            raw = cells[entry.page]
            _write(staging, entry.page, pg.module_page(entry, entries, pg.fix_links(raw, entries)))
            records.extend(pg.search_records(entry, raw))
            sections.append(pg.print_section(entry, raw, entries, prefixes))
        total = course.total_minutes(tuple(e.info for e in pages))
        _write(staging, pg.INDEX, pg.index_page(entries, _course_map_html(entries), total))
        _write(staging, pg.SEARCH, pg.search_page(entries))
        _write(staging, pg.PRINT, pg.print_page(entries, sections, total))
        _write(staging, f"{pg.ASSETS}/indeks-cari.js", pg.search_index_js(records))
        _write(staging, f"{pg.ASSETS}/jupyterlab.css", _lab_css())
        _write(staging, f"{pg.ASSETS}/pygments.css", _pygments_css())
        for asset in sorted(STATIC.iterdir()):
            if asset.is_file():
                shutil.copyfile(asset, staging / pg.ASSETS / asset.name)
        _write(staging, "BACA-SAYA.txt",
               "Buku kursus Membangun Jaringan Kemitraan.\n"
               "Buka berkas index.html di peramban (klik dua kali). Tidak perlu internet.\n"
               "Versi untuk dicetak: cetak.html.\n")
        _write(staging, MARKER, "Folder ini dibuat oleh: python -m kemitraan_lib.book\n")
        report.search_records = len(records)
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.seconds = round(time.perf_counter() - started, 1)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kemitraan_lib.book",
        description="Buat buku kursus statis (HTML, tanpa server dan tanpa internet) "
        "dari semua modul di modules/urutan.json.",
    )
    parser.add_argument("--keluaran", type=Path, default=DEFAULT_OUT,
                        help="folder buku (bawaan: buku/)")
    parser.add_argument("--folder", type=Path, default=None,
                        help="folder modul (bawaan: modules/)")
    parser.add_argument("--paralel", type=int, default=2,
                        help="jumlah modul yang dijalankan bersamaan (bawaan: 2)")
    parser.add_argument("--batas-waktu", type=int, default=600,
                        help="batas waktu per sel dalam detik (bawaan: 600)")
    args = parser.parse_args(argv)
    try:
        report = build(args.keluaran, modules_dir=args.folder, jobs=args.paralel,
                       timeout=args.batas_waktu)
    except KemitraanError as exc:
        print(f"Buku tidak dibuat: {exc}", file=sys.stderr)
        return 1
    print(f"Buku kursus selesai dalam {report.seconds:.0f} detik: {len(report.pages)} modul, "
          f"{sum(report.widgets.values())} widget ditampilkan sebagai catatan.")
    if report.not_in_book:
        print("Tercantum di urutan.json tetapi tidak dimuat di buku: "
              + ", ".join(report.not_in_book))
    print(f"Buka: {report.out_dir / pg.INDEX}")
    print(f"Versi cetak: {report.out_dir / pg.PRINT}")
    return 0
