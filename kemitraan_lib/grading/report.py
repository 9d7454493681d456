"""Class report from nbgrader's gradebook: scores per participant and competency.

Each graded assignment assesses one competency (``tugas-03-pemetaan`` ->
competency 3 "pemetaan", see :data:`kemitraan_lib.content.COMPETENCIES`);
``tugas-08-langkah`` is "Langkah & mempertahankan". The report holds, for
every participant in the gradebook, the score of each assignment as a
percentage of its maximum (autograded + manually graded points):

- ``laporan/nilai-kelas.png``: a heatmap (participants x competencies);
- ``laporan/nilai-kelas.csv``: the same table, written the way Excel in an
  Indonesian locale reads it (``;`` between columns, decimal comma, UTF-8
  with BOM), like the partner-map CSV files of :mod:`kemitraan_lib.files`;
- ``laporan/nilai-kelas.xlsx``: sheets ``ringkasan`` (the table), ``rincian``
  (one row per participant and assignment, with points and status) and
  ``rata-rata kelas`` (class mean per competency).

An assignment not submitted shows as empty (grey) and counts as 0 in the
``total (%)`` column. A submission whose written answers are not graded yet
is marked "perlu dinilai manual" (its written points count as 0 until then);
one that nbgrader could not run (e.g. a broken file) "gagal dinilai otomatis".
All files are written atomically.

Command line (in the course folder, after ``nbgrader autograde``)::

    python -m kemitraan_lib.grading.report
"""

from __future__ import annotations

import argparse
import io
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from kemitraan_lib.errors import FileAccessError, KemitraanError

__all__ = [
    "Column",
    "STATUS_GRADED",
    "STATUS_MANUAL",
    "STATUS_MISSING",
    "STATUS_FAILED",
    "competency_column",
    "load_scores",
    "summary_table",
    "class_means",
    "heatmap_figure",
    "write_report",
    "main",
]

STATUS_GRADED = "dinilai"
STATUS_MANUAL = "perlu dinilai manual"
STATUS_MISSING = "belum dikirim"
STATUS_FAILED = "gagal dinilai otomatis"
STEPS_LABEL = "Langkah & mempertahankan"
REPORT_NAME = "nilai-kelas"


@dataclass(frozen=True)
class Column:
    """One competency column of the report."""

    assignment: str    # e.g. "tugas-03-pemetaan"
    number: int        # 1..8 (0 for an assignment that is not part of the course)
    short: str         # e.g. "3. Pemetaan"
    label: str         # full Indonesian label of the competency


def competency_column(assignment: str) -> Column:
    """Map an assignment name to its competency column.

    >>> competency_column("tugas-03-pemetaan").short
    '3. Pemetaan'
    >>> competency_column("tugas-08-langkah").short
    '8. Langkah & mempertahankan'
    >>> competency_column("kuis-tambahan").short
    'kuis-tambahan'
    """
    from kemitraan_lib import content

    parts = assignment.split("-", 2)
    if len(parts) == 3 and parts[0] == "tugas" and parts[1].isdigit():
        number = int(parts[1])
        for comp in content.COMPETENCIES:
            if comp.key == parts[2]:
                return Column(assignment, comp.number, f"{comp.number}. {comp.key.capitalize()}",
                              comp.label)
        if number == 8:
            return Column(assignment, 8, f"8. {STEPS_LABEL}",
                          "Melakukan langkah-langkah kemitraan dan mempertahankan mitra")
    return Column(assignment, 0, assignment, assignment)


def _round(value: float) -> float:
    return round(value + 0.0, 1)


def _status(submission) -> str:
    """Graded, waiting for manual grading, or autograding failed (e.g. a broken file)."""
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if (grade.cell.cell_type == "code" and grade.auto_score is None
                    and grade.manual_score is None):
                return STATUS_FAILED
    return STATUS_MANUAL if submission.needs_manual_grade else STATUS_GRADED


def load_scores(db_url: str):
    """Long table (pandas DataFrame), one row per participant and assignment.

    Columns: ``id_peserta, nama, tugas, kompetensi, nilai, nilai_maks, persen,
    status``. ``nilai``/``persen`` are NaN for a submission that does not exist.
    """
    import pandas as pd
    from nbgrader.api import Gradebook, MissingEntry

    from kemitraan_lib.grading._paths import ensure_venv_on_path

    ensure_venv_on_path()

    rows = []
    with Gradebook(db_url) as gb:
        assignments = sorted(gb.assignments, key=lambda a: a.name)
        students = sorted(gb.students, key=lambda s: s.id)
        for student in students:
            name = " ".join(p for p in (student.first_name, student.last_name) if p)
            for assignment in assignments:
                col = competency_column(assignment.name)
                max_score = float(assignment.max_score or 0.0)
                try:
                    sub = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    score, status = math.nan, STATUS_MISSING
                else:
                    score = float(sub.score or 0.0)
                    status = _status(sub)
                percent = score / max_score * 100 if max_score and not math.isnan(score) \
                    else math.nan
                rows.append({
                    "id_peserta": student.id,
                    "nama": name or student.id,
                    "tugas": assignment.name,
                    "kompetensi": col.short,
                    "nilai": score,
                    "nilai_maks": max_score,
                    "persen": _round(percent) if not math.isnan(percent) else math.nan,
                    "status": status,
                })
    columns = ["id_peserta", "nama", "tugas", "kompetensi", "nilai", "nilai_maks", "persen",
               "status"]
    return pd.DataFrame(rows, columns=columns)


def summary_table(scores):
    """Wide table: one row per participant, one ``<kompetensi> (%)`` column each,

    then ``total (%)`` (all points over all maxima, missing = 0) and the
    counts ``tugas belum dikirim``, ``gagal dinilai``, ``perlu dinilai manual``.
    """
    import pandas as pd

    order = sorted(scores["tugas"].unique()) if not scores.empty else []
    comp_cols = [f"{competency_column(a).short} (%)" for a in order]
    columns = ["id_peserta", "nama", *comp_cols, "total (%)", "tugas belum dikirim",
               "gagal dinilai", "perlu dinilai manual"]
    rows = []
    for (pid, name), part in scores.groupby(["id_peserta", "nama"], sort=True):
        percent = dict(zip(part["tugas"], part["persen"], strict=True))
        row = {"id_peserta": pid, "nama": name}
        for assignment, col in zip(order, comp_cols, strict=True):
            row[col] = percent.get(assignment, math.nan)
        max_total = part["nilai_maks"].sum()
        row["total (%)"] = (_round(part["nilai"].fillna(0).sum() / max_total * 100)
                            if max_total else math.nan)
        row["tugas belum dikirim"] = int((part["status"] == STATUS_MISSING).sum())
        row["gagal dinilai"] = int((part["status"] == STATUS_FAILED).sum())
        row["perlu dinilai manual"] = int((part["status"] == STATUS_MANUAL).sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def class_means(scores):
    """Class mean per competency over submitted work, and how many submitted."""
    import pandas as pd

    rows = []
    for assignment in sorted(scores["tugas"].unique()):
        part = scores[scores["tugas"] == assignment]
        submitted = part[part["status"] != STATUS_MISSING]
        col = competency_column(assignment)
        rows.append({
            "kompetensi": col.short,
            "keterangan": col.label,
            "tugas": assignment,
            "rata-rata (%)": _round(submitted["persen"].mean()) if len(submitted) else math.nan,
            "mengirim": int(len(submitted)),
            "peserta": int(len(part)),
        })
    return pd.DataFrame(rows, columns=["kompetensi", "keterangan", "tugas", "rata-rata (%)",
                                       "mengirim", "peserta"])


def heatmap_figure(table):
    """A matplotlib Figure: participants (rows) x competencies (columns), 0-100 %."""
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    comp_cols = [c for c in table.columns if c.endswith(" (%)") and c != "total (%)"]
    data = table[comp_cols].to_numpy(dtype=float) if len(table) else np.zeros((0, 0))
    n_rows, n_cols = max(len(table), 1), max(len(comp_cols), 1)
    names = [f"{row.nama} ({row.id_peserta})" for row in table.itertuples()]
    label_width = 0.075 * max((len(n) for n in names), default=10)
    fig = Figure(figsize=(max(6.0, 1.6 + label_width + 0.95 * n_cols),
                          2.2 + 0.38 * n_rows), dpi=110)
    ax = fig.add_subplot()
    cmap = colormaps["RdYlGn"].with_extremes(bad="#d9d9d9")
    if data.size:
        image = ax.imshow(np.ma.masked_invalid(data), cmap=cmap, vmin=0, vmax=100,
                          aspect="auto")
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                value = data[i, j]
                text = "–" if math.isnan(value) else f"{value:.0f}"
                dark = not math.isnan(value) and value < 20
                ax.text(j, i, text, ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
        bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label("nilai (%)")
    else:
        ax.imshow(np.zeros((1, 1)), cmap=ListedColormap(["#ffffff"]))
        ax.text(0, 0, "Belum ada nilai", ha="center", va="center")
    ax.set_xticks(range(len(comp_cols)))
    ax.set_xticklabels([c[: -len(" (%)")] for c in comp_cols], rotation=35, ha="right",
                       fontsize=8)
    ax.set_yticks(range(len(table)))
    ax.set_yticklabels(names, fontsize=8)
    ax.set_title("Nilai peserta per kompetensi (%)\nabu-abu = belum dikirim", fontsize=10)
    fig.tight_layout()
    return fig


def _atomic_write(path: Path, data: bytes) -> None:
    from kemitraan_lib.files import atomic_write_bytes

    atomic_write_bytes(path, data)


def write_report(db_url: str, out_dir: str | Path) -> dict[str, Path]:
    """Write the PNG, CSV and Excel report into ``out_dir``; return their paths."""
    import pandas as pd

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(f"Folder laporan {str(out)!r} tidak dapat dibuat "
                              f"({exc.strerror or exc}).", file=str(out)) from exc
    scores = load_scores(db_url)
    if scores.empty:
        raise KemitraanError(
            "Buku nilai belum berisi peserta atau tugas. Masukkan daftar peserta, buat tugas "
            "(nbgrader generate_assignment) dan nilai kiriman (nbgrader autograde) dulu."
        )
    table = summary_table(scores)
    means = class_means(scores)
    paths = {kind: out / f"{REPORT_NAME}.{kind}" for kind in ("png", "csv", "xlsx")}

    buf = io.BytesIO()
    heatmap_figure(table).savefig(buf, format="png")
    _atomic_write(paths["png"], buf.getvalue())

    csv_text = table.to_csv(index=False, sep=";", decimal=",", lineterminator="\n")
    _atomic_write(paths["csv"], ("\ufeff" + csv_text).encode("utf-8"))

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        table.to_excel(writer, sheet_name="ringkasan", index=False)
        scores.to_excel(writer, sheet_name="rincian", index=False)
        means.to_excel(writer, sheet_name="rata-rata kelas", index=False)
    _atomic_write(paths["xlsx"], buf.getvalue())
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kemitraan_lib.grading.report",
        description="Buat laporan kelas (peta warna PNG, tabel CSV dan Excel) dari buku nilai.",
    )
    parser.add_argument("--kursus", default=".", help="folder kursus (default: folder ini)")
    parser.add_argument("--db", default=None,
                        help="alamat buku nilai (default: gradebook.db di folder kursus)")
    parser.add_argument("--keluar", default=None,
                        help="folder hasil (default: laporan/ di folder kursus)")
    args = parser.parse_args(argv)
    course = Path(args.kursus)
    if args.db:
        db_url = args.db
    else:
        db = course / "gradebook.db"
        if not db.exists():
            print(f"GAGAL: buku nilai {str(db)!r} tidak ditemukan. Jalankan perintah ini di "
                  "folder kursus (tempat nbgrader_config.py), setelah nbgrader autograde.",
                  file=sys.stderr)
            return 1
        db_url = "sqlite:///" + str(db.resolve())
    out = Path(args.keluar) if args.keluar else course / "laporan"
    try:
        paths = write_report(db_url, out)
    except KemitraanError as exc:
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 1
    import pandas as pd

    table = pd.read_csv(paths["csv"], encoding="utf-8-sig", sep=";", decimal=",")
    manual = int(table["perlu dinilai manual"].sum()) if "perlu dinilai manual" in table else 0
    print(f"Laporan kelas untuk {len(table)} peserta ditulis:")
    for path in paths.values():
        print(f"  {path}")
    if manual:
        print(f"Catatan: {manual} kiriman masih perlu dinilai manual (jawaban tertulis); "
              "nilainya belum lengkap. Nilai di formgrader lalu jalankan perintah ini lagi.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
