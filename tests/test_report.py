"""Tests for the class report (kemitraan_lib.grading.report) on a gradebook built directly.

The end-to-end test (test_grading_e2e.py) checks the report after real
nbgrader runs; here a small gradebook with known points gives exact numbers.
"""

from __future__ import annotations

import csv
import math
import subprocess
import sys

import pytest

from kemitraan_lib.errors import KemitraanError
from kemitraan_lib.grading import report

A1, A3, A8 = "tugas-01-hakikat", "tugas-03-pemetaan", "tugas-08-langkah"

# nbgrader's own Gradebook.add_submission triggers SQLAlchemy "not in session" warnings while the
# fixture builds submissions; it is nbgrader-internal and harmless here.
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


@pytest.fixture
def gradebook(tmp_path):
    """Three participants, three assignments (8 + 2 points each: two tests, one essay).

    - siti: A1 tests 8/8 and essay 2/2; A3 tests 4/8, essay not graded yet; A8 missing
    - budi: A1 tests 0/8, essay blank (0); A3 and A8 missing
    - wati: nothing submitted
    """
    from nbgrader.api import Gradebook

    from kemitraan_lib.grading._paths import ensure_venv_on_path

    ensure_venv_on_path()
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db) as gb:
        for sid, first, last in [("siti", "Siti", "Nur"), ("budi", "Budi", None),
                                 ("wati", "Wati", "Lestari")]:
            gb.add_student(sid, first_name=first, last_name=last)
        for name in (A1, A3, A8):
            gb.add_assignment(name)
            gb.add_notebook(name, name)
            gb.add_grade_cell("uji-1", name, name, max_score=5, cell_type="code")
            gb.add_grade_cell("uji-2", name, name, max_score=3, cell_type="code")
            gb.add_grade_cell("tulisan-3", name, name, max_score=2, cell_type="markdown")

        def grade(name, sid, scores):
            gb.add_submission(name, sid)
            for cell, (auto, manual, needs) in scores.items():
                g = gb.find_grade(cell, name, name, sid)
                g.auto_score, g.manual_score, g.needs_manual_grade = auto, manual, needs
            gb.db.commit()

        grade(A1, "siti", {"uji-1": (5, None, False), "uji-2": (3, None, False),
                           "tulisan-3": (None, 2, False)})
        grade(A3, "siti", {"uji-1": (0, None, False), "uji-2": (3, None, False),
                           "tulisan-3": (None, None, True)})
        grade(A1, "budi", {"uji-1": (0, None, False), "uji-2": (0, None, False),
                           "tulisan-3": (0, None, False)})
    return db, tmp_path


def test_competency_columns_follow_the_content():
    from kemitraan_lib import content

    for comp in content.COMPETENCIES:
        col = report.competency_column(f"tugas-{comp.number:02d}-{comp.key}")
        assert (col.number, col.label) == (comp.number, comp.label)
    assert report.competency_column(A8).short == "8. Langkah & mempertahankan"
    assert report.competency_column("latihan-bebas").number == 0


def test_scores_and_statuses(gradebook):
    db, _ = gradebook
    scores = report.load_scores(db)
    assert len(scores) == 9  # 3 participants x 3 assignments
    row = scores.set_index(["id_peserta", "tugas"])
    assert row.loc[("siti", A1), "persen"] == 100.0
    assert row.loc[("siti", A1), "status"] == report.STATUS_GRADED
    assert row.loc[("siti", A3), "nilai"] == 3.0
    assert row.loc[("siti", A3), "persen"] == 30.0
    assert row.loc[("siti", A3), "status"] == report.STATUS_MANUAL
    assert row.loc[("budi", A1), "persen"] == 0.0
    assert math.isnan(row.loc[("wati", A1), "persen"])
    assert row.loc[("wati", A8), "status"] == report.STATUS_MISSING
    assert row.loc[("budi", A1), "nama"] == "Budi"


def test_summary_table_totals(gradebook):
    db, _ = gradebook
    table = report.summary_table(report.load_scores(db)).set_index("id_peserta")
    assert list(table.columns[:4]) == ["nama", "1. Hakikat (%)", "3. Pemetaan (%)",
                                       "8. Langkah & mempertahankan (%)"]
    # siti: (10 + 3 + 0) / 30 = 43.3 %
    assert table.loc["siti", "total (%)"] == 43.3
    assert table.loc["siti", "tugas belum dikirim"] == 1
    assert table.loc["siti", "perlu dinilai manual"] == 1
    assert table.loc["wati", "total (%)"] == 0.0
    assert table.loc["wati", "tugas belum dikirim"] == 3
    means = report.class_means(report.load_scores(db)).set_index("tugas")
    assert means.loc[A1, "rata-rata (%)"] == 50.0 and means.loc[A1, "mengirim"] == 2
    assert math.isnan(means.loc[A8, "rata-rata (%)"])


def test_write_report_files(gradebook):
    db, tmp = gradebook
    paths = report.write_report(db, tmp / "laporan")
    png = paths["png"].read_bytes()
    assert png.startswith(b"\x89PNG")
    with open(paths["csv"], encoding="utf-8-sig", newline="") as fh:
        rows = {r["id_peserta"]: r for r in csv.DictReader(fh, delimiter=";")}
    assert rows["siti"]["total (%)"] == "43,3"
    assert rows["siti"]["1. Hakikat (%)"] == "100,0"
    assert rows["wati"]["1. Hakikat (%)"] == ""
    import pandas as pd

    sheets = pd.read_excel(paths["xlsx"], sheet_name=None)
    assert list(sheets) == ["ringkasan", "rincian", "rata-rata kelas"]
    assert sheets["ringkasan"].set_index("id_peserta").loc["siti", "total (%)"] == 43.3
    assert len(sheets["rincian"]) == 9
    leftovers = [p.name for p in (tmp / "laporan").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_failed_write_keeps_the_previous_report(gradebook, monkeypatch):
    db, tmp = gradebook
    paths = report.write_report(db, tmp / "laporan")
    before = {kind: path.read_bytes() for kind, path in paths.items()}

    import pandas as pd

    def broken_writer(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr(pd, "ExcelWriter", broken_writer)
    with pytest.raises(OSError, match="disk penuh"):
        report.write_report(db, tmp / "laporan")
    assert paths["xlsx"].read_bytes() == before["xlsx"]
    assert sorted(p.name for p in (tmp / "laporan").iterdir()) == [
        "nilai-kelas.csv", "nilai-kelas.png", "nilai-kelas.xlsx"]


def test_heatmap_has_one_row_per_participant(gradebook):
    db, _ = gradebook
    table = report.summary_table(report.load_scores(db))
    fig = report.heatmap_figure(table)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Budi (budi)", "Siti Nur (siti)", "Wati Lestari (wati)"]
    texts = {t.get_text() for t in ax.texts}
    assert {"100", "30", "0", "–"} <= texts


def test_cli_messages(gradebook, tmp_path):
    db, course = gradebook
    run = [sys.executable, "-m", "kemitraan_lib.grading.report"]
    res = subprocess.run(run, cwd=course, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "Laporan kelas untuk 3 peserta ditulis" in res.stdout
    assert "1 kiriman masih perlu dinilai manual" in res.stdout
    assert (course / "laporan" / "nilai-kelas.xlsx").exists()
    empty = tmp_path / "kosong"
    empty.mkdir()
    res = subprocess.run(run, cwd=empty, capture_output=True, text=True)
    assert res.returncode == 1
    assert "buku nilai" in res.stderr and "tidak ditemukan" in res.stderr
    assert "Traceback" not in res.stderr


def test_empty_gradebook_is_a_clear_error(tmp_path):
    from nbgrader.api import Gradebook

    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db):
        pass
    with pytest.raises(KemitraanError, match="belum berisi peserta"):
        report.write_report(db, tmp_path / "laporan")
