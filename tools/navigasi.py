"""Generate the course map and prev/next navigation from modules/urutan.json.

Usage (from the project root)::

    python tools/navigasi.py          # rewrite what drifted (idempotent)
    python tools/navigasi.py --check  # exit 1 and list the drift, change nothing

For every module notebook listed in urutan.json:

* the first and the last cell are markdown cells tagged ``navigasi`` holding
  ``course.navigation_markdown(file)`` (created when missing, other stray
  ``navigasi`` cells removed);
* ``metadata.kemitraan.minutes`` equals the minutes in urutan.json;
* in 00 the cell tagged ``peta-kursus`` holds ``course.course_map_markdown()``.

It also reports notebooks in modules/ missing from urutan.json, and listed
modules whose file does not exist.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from kemitraan_lib import course  # noqa: E402

NAV_TAG = "navigasi"
MAP_TAG = "peta-kursus"
NAV_IDS = ("navigasi-atas", "navigasi-bawah")


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _nav_cell(source: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = cell_id
    cell["metadata"] = {"tags": [NAV_TAG]}
    return cell


def update_notebook(nb, info, order) -> list[str]:
    """Bring one notebook in line with the ordering file. Returns what changed (Indonesian)."""
    changes: list[str] = []
    nav = course.navigation_markdown(info.file, order)
    cells = nb.cells
    # Remove navigation cells that are neither first nor last.
    stray = [
        i for i, c in enumerate(cells)
        if NAV_TAG in _tags(c) and i not in (0, len(cells) - 1)
    ]
    for i in reversed(stray):
        del cells[i]
    if stray:
        changes.append(f"{len(stray)} sel navigasi di tengah dihapus")
    for position, cell_id in zip(("atas", "bawah"), NAV_IDS, strict=True):
        index = 0 if position == "atas" else len(cells) - 1
        has = (
            bool(cells)
            and NAV_TAG in _tags(cells[index])
            and cells[index].cell_type == "markdown"
        )
        if position == "bawah" and has and index == 0:
            has = False  # only one navigation cell so far: it is the top one
        if has:
            if cells[index].source != nav:
                cells[index].source = nav
                changes.append(f"navigasi {position} diperbarui")
        else:
            existing = {c.get("id") for c in cells}
            new_id = cell_id if cell_id not in existing else f"{cell_id}-{len(cells)}"
            if position == "atas":
                cells.insert(0, _nav_cell(nav, new_id))
            else:
                cells.append(_nav_cell(nav, new_id))
            changes.append(f"navigasi {position} dibuat")
    meta = nb.metadata.setdefault("kemitraan", {})
    if meta.get("minutes") != info.minutes:
        changes.append(f"menit {meta.get('minutes')!r} -> {info.minutes}")
        meta["minutes"] = info.minutes
    if info.number == order[0].number:
        course_map = course.course_map_markdown(order)
        found = [c for c in cells if MAP_TAG in _tags(c)]
        if not found:
            changes.append(f"TIDAK ADA sel bertanda '{MAP_TAG}' (tambahkan sel markdown itu)")
        for cell in found:
            if cell.source != course_map:
                cell.source = course_map
                changes.append("peta kursus diperbarui")
    return changes


def _write(path: Path, nb) -> None:
    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sync(modules_dir: Path | None = None, *, check: bool = False) -> list[str]:
    """Update (or with ``check``, only inspect) every module notebook.

    Returns a list of Indonesian problem lines; empty means nothing drifted.
    """
    modules_dir = Path(modules_dir) if modules_dir is not None else course.MODULES_DIR
    order = course.load_order(modules_dir / "urutan.json")
    problems: list[str] = []
    listed = {m.file for m in order}
    for path in sorted(modules_dir.glob("*.ipynb")):
        if path.name not in listed:
            problems.append(f"{path.name}: tidak tercantum di urutan.json")
    for info in order:
        path = modules_dir / info.file
        if not path.exists():
            problems.append(f"{info.file}: berkas tidak ada")
            continue
        nb = nbformat.read(path, as_version=4)
        changes = update_notebook(nb, info, order)
        if not changes:
            continue
        if check:
            problems.append(f"{info.file}: " + "; ".join(changes))
        else:
            if any(c.startswith("TIDAK ADA") for c in changes):
                problems.append(f"{info.file}: " + "; ".join(changes))
            _write(path, nb)
            print(f"{info.file}: " + "; ".join(changes))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Perbarui peta kursus dan navigasi modul dari modules/urutan.json."
    )
    parser.add_argument(
        "--check", action="store_true", help="hanya periksa; keluar dengan kode 1 bila ada selisih"
    )
    parser.add_argument("--folder", type=Path, default=None, help="folder modul (bawaan: modules/)")
    args = parser.parse_args(argv)
    problems = sync(args.folder, check=args.check)
    if problems:
        print("Perlu diperbaiki:" if args.check else "Masalah:")
        for line in problems:
            print(f"  - {line}")
        if args.check:
            print("Jalankan: python tools/navigasi.py")
        return 1
    print("Navigasi dan peta kursus sudah sesuai urutan.json.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
