"""The learner's workbook store and the activity widgets bound to it."""

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from kemitraan_lib.errors import InvalidValueError, KemitraanError
from kemitraan_lib.workbook import FORMAT, Workbook, default_path


@pytest.fixture
def path(tmp_path):
    return tmp_path / "buku" / "buku-kerja.json"


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def test_default_path_env_and_home(monkeypatch, tmp_path):
    monkeypatch.setenv("KEMITRAAN_BUKU_KERJA", str(tmp_path / "x.json"))
    assert default_path() == tmp_path / "x.json"
    monkeypatch.delenv("KEMITRAAN_BUKU_KERJA")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / "BukuKerjaKemitraan" / "buku-kerja.json"


def test_missing_folder_and_file_created_on_first_save(path):
    wb = Workbook(path)
    assert not path.parent.exists()
    assert wb.get("01", "a") is None and wb.answers("01") == {} and wb.message == ""
    wb.set("01", "a", "jawaban")
    data = read(path)
    assert data["format"] == FORMAT and data["versi"] == 1
    assert data["jawaban"]["01"]["a"]["nilai"] == "jawaban"
    assert "diubah" in data["jawaban"]["01"]["a"]


def test_save_and_reload_keeps_every_key_and_type(path):
    wb = Workbook(path)
    values = {"teks": "halo", "angka": 3, "daftar": ["a", "b"], "kamus": {"x": [1, None]},
              "ya": True}
    for key, value in values.items():
        wb.set("03", key, value, prompt=f"Soal {key}")
    wb.set("05", "lain", "x")
    again = Workbook(path)
    assert again.answers("03") == values
    assert again.modules() == ["03", "05"]
    assert again.entry("03", "teks")["pertanyaan"] == "Soal teks"


def test_unicode_answers_round_trip(path):
    text = "Ibu Siti Nur'aini — KUD \"Sumber Rezeki\" ✓ 日本 🌳\nbaris kedua"
    Workbook(path).set("06", "catatan", text)
    assert Workbook(path).get("06", "catatan") == text
    assert "✓ 日本 🌳" in path.read_text(encoding="utf-8")  # stored readable, not \\u-escaped


def test_returned_values_are_copies(path):
    wb = Workbook(path)
    wb.set("08", "rencana", [{"indikator": "a"}])
    got = wb.get("08", "rencana")
    got.append("diubah di luar")
    assert wb.get("08", "rencana") == [{"indikator": "a"}]


@pytest.mark.parametrize("value", [object(), {1, 2}, float("nan"), b"bytes", {"k": object()}])
def test_non_serialisable_value_rejected_and_nothing_changed(path, value):
    wb = Workbook(path)
    wb.set("01", "a", "lama")
    before = path.read_bytes()
    with pytest.raises(InvalidValueError) as info:
        wb.set("01", "a", value)
    assert "tidak bisa disimpan" in str(info.value) and "teks, angka" in str(info.value)
    assert path.read_bytes() == before
    assert wb.get("01", "a") == "lama"


@pytest.mark.parametrize("module, key", [("", "a"), ("01", "  "), (None, "a"), ("01", "a\x00b")])
def test_bad_module_or_key_rejected(path, module, key):
    with pytest.raises(InvalidValueError):
        Workbook(path).set(module, key, "x")
    assert not path.exists()


@pytest.mark.parametrize(
    "content",
    [b"{bukan json", b"", b"\xff\xfe\x00", b"[1, 2]", b'{"format": "lain", "versi": 1}',
     b'{"format": "kemitraan-buku-kerja", "versi": 1, "jawaban": {"01": {"a": 5}}}'],
)
def test_corrupt_file_is_kept_and_message_set(path, content):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    wb = Workbook(path)
    backups = list(path.parent.glob("buku-kerja.rusak-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert str(backups[0]) in wb.message and "rusak" in wb.message
    assert "kosong" in wb.message  # no rolling backup existed yet
    assert wb.answers("01") == {}
    wb.set("01", "b", "baru")
    assert read(path)["jawaban"]["01"]["b"]["nilai"] == "baru"


def test_corrupt_file_restored_from_rolling_backup(path):
    wb = Workbook(path)
    wb.set("01", "a", "satu")
    wb.set("02", "b", "dua")
    assert read(wb.backup_path)["jawaban"]["02"]["b"]["nilai"] == "dua"
    path.write_text("{terpotong", encoding="utf-8")
    again = Workbook(path)
    assert "dipulihkan" in again.message and str(again.backup_path) in again.message
    assert again.get("01", "a") == "satu" and again.get("02", "b") == "dua"
    assert len(list(path.parent.glob("*.rusak-*.json"))) == 1


def test_corruption_while_open_is_detected_on_next_save(path):
    wb = Workbook(path)
    wb.set("01", "a", "satu")
    path.write_text("rusak", encoding="utf-8")
    wb.set("01", "b", "dua")  # re-reads under the lock, recovers from the backup, then saves
    assert "dipulihkan" in wb.message
    assert set(read(path)["jawaban"]["01"]) == {"a", "b"}
    assert Workbook(path).answers("01") == {"a": "satu", "b": "dua"}
    assert len(list(path.parent.glob("*.rusak-*.json"))) == 1


def test_two_open_workbooks_do_not_overwrite_each_other(path):
    first, second = Workbook(path), Workbook(path)
    first.set("01", "a", "dari buku 1")
    second.set("02", "b", "dari buku 2")  # second never saw "a" in memory
    first.set("01", "c", "lagi")
    final = Workbook(path)
    assert final.answers("01") == {"a": "dari buku 1", "c": "lagi"}
    assert final.answers("02") == {"b": "dari buku 2"}
    assert second.get("01", "c") == "lagi"  # reloads when the file changed


def _writer(path, prefix, count):
    wb = Workbook(path)
    for i in range(count):
        wb.set("03", f"{prefix}-{i}", f"nilai {prefix} {i}")


def test_concurrent_writers_lose_no_key(path):
    path.parent.mkdir(parents=True)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), p, 50)) for p in ("a", "b")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    answers = Workbook(path).answers("03")
    assert len(answers) == 100
    assert answers["a-49"] == "nilai a 49" and answers["b-0"] == "nilai b 0"


def test_write_failure_is_reported_and_file_kept(path, monkeypatch):
    wb = Workbook(path)
    wb.set("01", "a", "lama")
    before = path.read_bytes()

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kemitraan_lib.atomic.os.replace", boom)
    with pytest.raises(KemitraanError) as info:
        wb.set("01", "a", "baru")
    assert "belum tersimpan" in str(info.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert wb.get("01", "a") == "lama"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_delete(path):
    wb = Workbook(path)
    wb.set("01", "a", "x")
    wb.delete("01", "a")
    wb.delete("01", "tidak-ada")
    assert Workbook(path).answers("01") == {} and Workbook(path).modules() == []


# -- widgets --------------------------------------------------------------------

def test_activity_loads_saves_and_shows_status(path):
    from kemitraan_lib.views.workbook import activity

    wb = Workbook(path)
    view = activity("04", "tujuan", "Apa tujuan Anda?", workbook=wb)
    assert view.control.value == "" and "Belum ada jawaban" in view.status.value
    view.control.value = "Warga ikut menanam"
    assert "Tersimpan" in view.status.value
    assert Workbook(path).get("04", "tujuan") == "Warga ikut menanam"
    reopened = activity("04", "tujuan", "Apa tujuan Anda?", workbook=Workbook(path))
    assert reopened.control.value == "Warga ikut menanam"
    assert "dimuat" in reopened.status.value


def test_activity_shows_recovery_notice(path):
    from kemitraan_lib.views.workbook import activity

    path.parent.mkdir(parents=True)
    path.write_text("{rusak", encoding="utf-8")
    view = activity("01", "a", "Soal", workbook=Workbook(path))
    assert "rusak" in view.children[0].value


def test_activity_shows_error_instead_of_traceback(path, monkeypatch):
    from kemitraan_lib.views.workbook import activity

    wb = Workbook(path)
    view = activity("01", "a", "Soal", multiline=False, workbook=wb)

    def fail(*_a, **_k):
        raise KemitraanError("Buku kerja tidak bisa disimpan di X: penuh.")

    monkeypatch.setattr(wb, "set", fail)
    view.control.value = "isi"
    assert "tidak bisa disimpan" in view.status.value


def test_choice_activity(path):
    from kemitraan_lib.views.workbook import choice_activity

    wb = Workbook(path)
    view = choice_activity("00", "peran", "Peran", ["Fasilitator", "Penyuluh"], workbook=wb)
    view.control.value = "Penyuluh"
    assert Workbook(path).get("00", "peran") == "Penyuluh"
    assert choice_activity("00", "peran", "Peran", ["Fasilitator", "Penyuluh"],
                           workbook=Workbook(path)).control.value == "Penyuluh"
    gone = choice_activity("00", "peran", "Peran", ["Fasilitator"], workbook=Workbook(path))
    assert gone.control.value == "" and "tidak ada lagi" in gone.status.value
    assert gone.control.label == "— pilih —"
    view.control.value = ""
    assert Workbook(path).get("00", "peran") is None
    with pytest.raises(InvalidValueError, match="dua kali"):
        choice_activity("00", "x", "X", ["a", "a"], workbook=wb)
    with pytest.raises(InvalidValueError):
        choice_activity("00", "x", "X", [], workbook=wb)


def test_form_monev_and_followup_activities(path):
    from kemitraan_lib.views.workbook import followup_activity, form_activity, monev_activity

    wb = Workbook(path)
    form = form_activity("08", "mou", "MoU", [("para-pihak", "Para pihak", "")], workbook=wb)
    form.boxes["para-pihak"].value = "LKP dan Swalayan"
    assert Workbook(path).get("08", "mou") == {"para-pihak": "LKP dan Swalayan"}

    monev = monev_activity("08", "monev", "Monev", workbook=wb)
    row = monev.rows[0]
    row["indikator"].value = "Tas terjual"
    assert Workbook(path).get("08", "monev")[0]["indikator"] == "Tas terjual"  # half row kept
    assert "Belum lengkap" in monev.review_html.value
    row["target"].value = "50 per bulan"
    row["siapa"].value = "Ibu Dewi"
    row["kapan"].value = "akhir bulan"
    row["status"].value = "merah"
    assert "MERAH" in monev.review_html.value
    monev.add_button.click()
    assert len(Workbook(path).get("08", "monev")) == 4

    follow = followup_activity("06", "tl", "Tindak lanjut", workbook=wb)
    follow.meeting.value = "besok sore"
    assert "tidak bisa dibaca" in follow.table.value
    follow.partner.value = "Swalayan Sinar Jaya"
    follow.meeting.value = "2026-11-25 14:00"
    saved = Workbook(path).get("06", "tl")
    assert saved["mitra"] == "Swalayan Sinar Jaya" and len(saved["jadwal"]) == 3
    assert "Hari yang sama" in follow.table.value
    again = followup_activity("06", "tl", "Tindak lanjut", workbook=Workbook(path))
    assert again.meeting.value == "2026-11-25 14:00"

    wb.set("06", "teks-lama", "Hari ini kirim WA ke KUD")  # earlier free-text answer
    upgraded = followup_activity("06", "teks-lama", "Tindak lanjut", workbook=wb)
    assert "catatan" in upgraded.status.value
    upgraded.meeting.value = "25/11/2026 09.00"
    saved = Workbook(path).get("06", "teks-lama")
    assert saved["catatan"] == "Hari ini kirim WA ke KUD" and len(saved["jadwal"]) == 3


def test_shared_workbook_follows_env(monkeypatch, tmp_path):
    from kemitraan_lib.views.workbook import shared_workbook

    monkeypatch.setenv("KEMITRAAN_BUKU_KERJA", str(tmp_path / "a.json"))
    assert shared_workbook().path == tmp_path / "a.json"
    assert shared_workbook() is shared_workbook()
    monkeypatch.setenv("KEMITRAAN_BUKU_KERJA", str(tmp_path / "b.json"))
    assert shared_workbook().path == tmp_path / "b.json"
    assert os.environ["KEMITRAAN_BUKU_KERJA"].endswith("b.json")


def test_folder_in_place_of_the_file_is_not_treated_as_corrupt(path):
    path.mkdir(parents=True)  # e.g. created by mistake in a file manager
    wb = Workbook(path)
    assert "tidak bisa dibuka" in wb.message and str(path) in wb.message
    with pytest.raises(KemitraanError) as info:
        wb.set("01", "a", "x")
    assert "belum tersimpan" in str(info.value)
    assert path.is_dir() and not list(path.parent.glob("*.rusak-*"))
