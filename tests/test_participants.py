"""Tests for kemitraan_lib.grading.participants (participant CSV -> nbgrader gradebook)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kemitraan_lib.errors import FileAccessError, FileFormatError
from kemitraan_lib.grading import participants as pm

GOOD = (
    "id;nama_depan;nama_belakang;email\n"
    "p01;Siti;Nur'aini;siti@contoh.id\n"
    "p02;Bambang;;\n"
    "\n"
    "arif.rahman;Arif;Rahman;arif@desa.id\n"
)


def _students(db_url):
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        return {s.id: (s.first_name, s.last_name, s.email) for s in gb.students}


def test_semicolon_file_with_single_names_and_blank_lines():
    people = pm.parse_participants(GOOD)
    assert [p.id for p in people] == ["p01", "p02", "arif.rahman"]
    assert people[1].full_name == "Bambang"
    assert people[0].email == "siti@contoh.id"


def test_comma_file_english_headers_bom_and_any_case():
    text = "\ufeffID, First Name ,LAST_NAME,Email\np01,Siti,Nur,\n"
    people = pm.parse_participants(text)
    assert people == [pm.Participant("p01", "Siti", "Nur", "")]


def test_missing_required_column_lists_found_and_expected():
    with pytest.raises(FileFormatError) as info:
        pm.parse_participants("nomor;nama\n1;Siti\n", source="peserta.csv")
    msg = str(info.value)
    assert "kolom id, nama_depan tidak ada" in msg
    assert "nomor, nama" in msg and "id, nama_depan, nama_belakang, email" in msg
    assert info.value.row == 1


@pytest.mark.parametrize(
    ("row", "fragment", "column"),
    [
        ("P 01;Siti;;", "ID 'P 01' tidak dapat dipakai", "id"),
        ("p_01;Siti;;", "misalnya 'p-01'", "id"),
        (";Siti;;", "ID kosong", "id"),
        ("p01;;Nur;", "nama_depan untuk ID 'p01' kosong", "nama_depan"),
        ("p01;Siti;;siti-at-contoh", "email 'siti-at-contoh' tidak berbentuk", "email"),
    ],
)
def test_bad_rows_are_named_with_row_number(row, fragment, column):
    text = "id;nama_depan;nama_belakang;email\np00;Ani;;\n" + row + "\n"
    with pytest.raises(FileFormatError) as info:
        pm.parse_participants(text, source="peserta.csv")
    assert "baris 3" in str(info.value)
    assert fragment in str(info.value)
    assert "Tidak ada peserta yang dimasukkan" in str(info.value)
    assert (info.value.row, info.value.column) == (3, column)


def test_duplicate_id_names_both_rows_and_every_error_is_listed():
    text = "id;nama_depan\np01;Siti\np02;\np01;Ani\n"
    with pytest.raises(FileFormatError) as info:
        pm.parse_participants(text)
    msg = str(info.value)
    assert "baris 3: nama_depan untuk ID 'p02' kosong" in msg
    assert "baris 4: ID 'p01' sudah dipakai di baris 2" in msg


def test_header_only_or_empty_file_is_an_error():
    with pytest.raises(FileFormatError, match="tidak berisi peserta"):
        pm.parse_participants("id;nama_depan\n")
    with pytest.raises(FileFormatError, match="kosong"):
        pm.parse_participants("")


def test_missing_file_and_excel_ansi_file(tmp_path):
    with pytest.raises(FileAccessError, match="tidak dapat dibuka"):
        pm.read_participants(tmp_path / "tidak-ada.csv")
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes("id;nama_depan\np01;José\n".encode("cp1252"))
    assert pm.read_participants(ansi)[0].first_name == "José"


def test_import_adds_and_updates_without_losing_anyone(tmp_path):
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    csv_file = tmp_path / "peserta.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    pm.import_participants(csv_file, db)
    assert _students(db) == {
        "p01": ("Siti", "Nur'aini", "siti@contoh.id"),
        "p02": ("Bambang", None, None),
        "arif.rahman": ("Arif", "Rahman", "arif@desa.id"),
    }
    csv_file.write_text("id,nama_depan,nama_belakang\np02,Bambang,Sutrisno\n", encoding="utf-8")
    pm.import_participants(csv_file, db)
    assert _students(db)["p02"] == ("Bambang", "Sutrisno", None)
    assert len(_students(db)) == 3


def test_bad_file_imports_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    csv_file = tmp_path / "peserta.csv"
    csv_file.write_text("id;nama_depan\np01;Siti\nP02;Ani\n", encoding="utf-8")
    with pytest.raises(FileFormatError):
        pm.import_participants(csv_file, db)
    assert not (tmp_path / "gradebook.db").exists() or _students(db) == {}


def test_cli_in_course_folder(tmp_path):
    (tmp_path / "peserta.csv").write_text(GOOD, encoding="utf-8")
    run = [sys.executable, "-m", "kemitraan_lib.grading.participants"]
    res = subprocess.run([*run, "peserta.csv", "--periksa"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert res.returncode == 0 and "3 peserta lolos pemeriksaan" in res.stdout
    assert not (tmp_path / "gradebook.db").exists()
    res = subprocess.run([*run, "peserta.csv"], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "3 peserta dimasukkan ke buku nilai" in res.stdout and "p01  Siti Nur'aini" in res.stdout
    assert set(_students(f"sqlite:///{tmp_path / 'gradebook.db'}")) == {"p01", "p02",
                                                                       "arif.rahman"}
    (tmp_path / "rusak.csv").write_text("id;nama_depan\np 1;Siti\n", encoding="utf-8")
    res = subprocess.run([*run, "rusak.csv"], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 1
    assert res.stderr.startswith("GAGAL: rusak.csv, baris 2: ID 'p 1'")
    assert "Traceback" not in res.stderr


def test_ids_fit_the_zip_collect_file_name_rule():
    """Every ID the import accepts can be read back from a file name by zip_collect."""
    import re
    from pathlib import Path

    from traitlets.config.loader import PyFileConfigLoader

    root = Path(pm.__file__).parents[2]
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    regexp = config.FileNameCollectorPlugin.named_regexp
    for pid in ["p01", "arif.rahman", "a-1", "9"]:
        assert pm.ID_PATTERN.match(pid)
        m = re.match(regexp, f"/x/extracted/{pid}_tugas-03-pemetaan.ipynb")
        assert m and m["student_id"] == pid and m["file_id"] == "tugas-03-pemetaan"
    for bad in ["P01_tugas-03-pemetaan.ipynb", "tugas-03-pemetaan.ipynb",
                "p01_tugas-03-pemetaan (1).ipynb", "p01 tugas-03-pemetaan.ipynb"]:
        assert re.match(regexp, "/x/extracted/" + bad) is None, bad
