"""Capstone "Rencana Kemitraan Saya": plan assembly and HTML/.docx export,
plus the M&E plan model (monev) and the 72-hour follow-up (tindak_lanjut)."""

import base64
import io
import re
import zipfile
from datetime import datetime

import pytest

from kemitraan_lib import capstone
from kemitraan_lib.errors import InvalidValueError, KemitraanError
from kemitraan_lib.monev import Indicator, plan_from_rows, review
from kemitraan_lib.network import PartnerNetwork
from kemitraan_lib.tindak_lanjut import format_when, parse_meeting, schedule
from kemitraan_lib.workbook import Workbook

PNG = b"\x89PNG\r\n\x1a\n"


def own_network():
    net = PartnerNetwork(title="Program Kopi Desa Sukamaju")
    net.add_partner(name="Kelompok Tani Kopi Harapan", category="kelompok", influence=3,
                    interest=5, support=2)
    net.add_partner(name="Haji Umar", category="tokoh", influence=5, interest=2)
    net.add_partner(name="KUD \"Maju Bersama\"", category="koperasi", influence=2, interest=3)
    net.add_link("Kelompok Tani Kopi Harapan", "Haji Umar", "informasi")
    net.add_link("Haji Umar", "KUD \"Maju Bersama\"", "dana")
    return net


@pytest.fixture
def filled(tmp_path):
    wb = Workbook(tmp_path / "bk" / "buku-kerja.json")
    wb.set("00", "nama", "Rina Ayu Lestari")
    wb.set("00", "peran", "Pendamping")
    wb.set("00", "program", "Kopi rakyat Desa Sukamaju")
    wb.set("03", "peta-mitra", own_network().to_dict())
    wb.set("07", "pola-terpilih", {"pattern": "kerjasama-operasional",
                                   "reasons": ["Kelompok punya lahan dan tenaga ✓"],
                                   "situation": {"group_brings": ["lahan", "tenaga"],
                                                 "partner_brings": ["modal"], "needs": []}})
    wb.set("03", "peta-mitra-tidak-terbaca", {"rusak": True})
    wb.set("08", "kerangka-mou", {"para-pihak": "Kelompok Tani Kopi Harapan dan PT Kopi Nusa",
                                  "jangka-waktu": "Dua tahun"})
    wb.set("08", "rencana-monev", [
        {"indikator": "Bibit kopi tertanam", "target": "1.000 batang", "siapa": "Ketua",
         "kapan": "tiap bulan", "status": "kuning"},
        {"indikator": "Harga jual", "target": "", "siapa": "", "kapan": "", "status": ""},
        {"indikator": "", "target": "", "siapa": "", "kapan": "", "status": ""},
    ])
    wb.set("06", "tindak-lanjut-72-jam", {"mitra": "PT Kopi Nusa",
                                          "pertemuan": "2026-12-01 10:00", "jadwal": []})
    wb.set("10", "tujuan-utama", "Kopi petani terjual dengan harga adil")
    wb.set("10", "langkah-pertama", "Senin: bertemu Haji Umar")
    wb.set("05", "prinsip-lemah", "Keterbukaan soal harga", prompt="Prinsip mana yang lemah?")
    wb.set("09", "rencana-merawat", {"aktif": "Kirim kabar panen"}, prompt="Tindakan per teknik")
    return wb


def test_build_plan_collects_every_part(filled):
    plan = capstone.build_plan(filled)
    assert plan.name == "Rina Ayu Lestari" and plan.role == "Pendamping"
    assert not plan.network_is_example and len(plan.network) == 3
    assert plan.map_png.startswith(PNG)
    assert [r["nama"] for r in plan.partner_rows][1] == "Haji Umar"
    assert plan.pattern["key"] == "kerjasama-operasional"
    assert plan.pattern["reasons"] == ["Kelompok punya lahan dan tenaga ✓"]
    assert plan.pattern["sides"] == [
        "Kelompok menyumbang: Lahan dan tempat usaha, Tenaga kerja dan keterampilan",
        "Mitra menyumbang: Modal usaha"]
    assert ("Jangka waktu", "Dua tahun") in plan.mou
    assert len(plan.monev_rows) == 2  # the blank row is skipped
    assert plan.monev_rows[0]["status"] == "Kuning"
    assert "belum lengkap" in plan.monev_rows[1]["status"]
    assert "KUNING" in plan.monev_review
    assert len(plan.followup["rows"]) == 3  # rebuilt from the meeting time
    titles = [t for t, _ in plan.sections]
    assert any(t.startswith("05") for t in titles)
    # Answers saved under "09" belong to the renumbered module 10 (mempertahankan).
    assert "10 · Teknik Mempertahankan Kemitraan" in titles
    assert not any(t.startswith("09") for t in titles)
    assert not any(t.startswith("03") for t in titles)  # map internals are not "answers"
    answers = dict(item for _, items in plan.sections for item in items)
    assert answers["Prinsip mana yang lemah?"] == "Keterbukaan soal harga"
    assert "aktif: Kirim kabar panen" in answers["Tindakan per teknik"]
    assert plan.notes == []


def test_html_export_is_self_contained_and_has_answers(filled):
    plan = capstone.build_plan(filled)
    path = capstone.export_html(plan)
    assert path == filled.path.parent / capstone.HTML_NAME
    page = path.read_text(encoding="utf-8")
    for expected in ("Rina Ayu Lestari", "Kopi petani terjual dengan harga adil",
                     "Kelompok punya lahan dan tenaga ✓", "Dua tahun", "Bibit kopi tertanam",
                     "Keterbukaan soal harga", "Haji Umar", "KUD &quot;Maju Bersama&quot;",
                     "PT Kopi Nusa", "@media print"):
        assert expected in page, expected
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 1 and base64.b64decode(images[0]).startswith(PNG)
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing external


def test_docx_export_has_answers_and_picture(filled):
    from docx import Document

    plan = capstone.build_plan(filled)
    path = capstone.export_docx(plan)
    assert path.suffix == ".docx" and path.parent == filled.path.parent
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for expected in ("Rina Ayu Lestari", "Senin: bertemu Haji Umar", "Dua tahun",
                     "Bibit kopi tertanam", "Keterbukaan soal harga", 'KUD "Maju Bersama"'):
        assert expected in text, expected
    with zipfile.ZipFile(path) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1 and archive.read(media[0]).startswith(PNG)


def test_empty_workbook_uses_example_map_with_clear_note(tmp_path):
    pytest.importorskip("kemitraan_lib.cases")
    wb = Workbook(tmp_path / "buku-kerja.json")
    plan = capstone.build_plan(wb)
    assert plan.network_is_example and len(plan.network) > 10
    assert any("CONTOH" in n for n in plan.notes)
    html_path, docx_path = capstone.export_all(plan)
    page = html_path.read_text(encoding="utf-8")
    assert "CONTOH" in page and "belum diisi di modul 00" in page
    assert docx_path.exists()
    without = capstone.build_plan(wb, example_if_missing=False)
    assert without.network is None and "Peta mitra belum dibuat" in capstone.to_html(without)


def test_free_text_follow_up_is_shown(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("06", "tindak-lanjut-72-jam", "Mitra: KUD\n1. Hari yang sama: kirim WA")
    plan = capstone.build_plan(wb, example_if_missing=False, draw=False)
    assert plan.followup == {"teks": "Mitra: KUD\n1. Hari yang sama: kirim WA"}
    assert "1. Hari yang sama: kirim WA" in capstone.to_html(plan)
    assert capstone.completeness(wb).set_index("bagian").loc[
        "Jadwal tindak lanjut 72 jam", "status"] == "sudah diisi"


def test_unreadable_saved_map_and_pattern_give_notes(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("03", "peta-mitra", {"partners": [{"name": "", "category": "tokoh"}]})
    wb.set("07", "pola-terpilih", {"pattern": "tidak-ada"})
    plan = capstone.build_plan(wb, example_if_missing=False, draw=False)
    assert any("tidak bisa dibaca" in n for n in plan.notes)
    assert any("'tidak-ada'" in n for n in plan.notes)
    assert plan.pattern is None


def test_export_is_atomic_on_failure(filled, monkeypatch):
    plan = capstone.build_plan(filled, draw=False)
    path = capstone.export_html(plan)
    before = path.read_bytes()

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kemitraan_lib.atomic.os.replace", boom)
    with pytest.raises(KemitraanError, match="penuh"):
        capstone.export_html(plan)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_completeness_table(filled, tmp_path):
    table = capstone.completeness(filled)
    assert list(table.columns) == ["bagian", "status", "diisi di"]
    assert set(table["status"]) == {"sudah diisi"}
    empty = capstone.completeness(Workbook(tmp_path / "kosong.json"))
    assert set(empty["status"]) == {"belum"}


def test_export_panel_builds_files_and_links(filled, tmp_path):
    from kemitraan_lib.views.workbook import plan_export_panel

    panel = plan_export_panel(workbook=filled, folder=tmp_path / "keluar")
    panel.button.click()
    assert [p.name for p in panel.paths] == [capstone.HTML_NAME, capstone.DOCX_NAME]
    assert "data:text/html;base64," in panel.result.value
    assert "wordprocessingml" in panel.result.value and "Unduh" in panel.result.value


# -- monev -------------------------------------------------------------------------

def test_indicator_validation_messages():
    with pytest.raises(InvalidValueError, match="penanggung jawab"):
        Indicator("Bibit", "100", "  ", "Maret")
    with pytest.raises(InvalidValueError, match="biru.*hijau, kuning, merah"):
        Indicator("Bibit", "100", "Ketua", "Maret", "biru")
    assert Indicator("Bibit", "100", "Ketua", "Maret", " Hijau ").status == "hijau"
    with pytest.raises(InvalidValueError, match="Baris 2"):
        plan_from_rows([{"indikator": "a", "target": "b", "siapa": "c", "kapan": "d"},
                        {"indikator": "x"}])


def test_review_worst_colour_decides():
    rows = [Indicator("a", "t", "s", "k", "hijau"), Indicator("b", "t", "s", "k", "merah"),
            Indicator("c", "t", "s", "k", "kuning"), Indicator("d", "t", "s", "k")]
    result = review(rows)
    assert result.overall == "merah"
    assert result.counts == {"hijau": 1, "kuning": 1, "merah": 1, "belum": 1}
    assert [a.split(":")[0] for a in result.actions] == ["Merah", "Kuning"]
    assert review([Indicator("a", "t", "s", "k")]).overall == ""
    assert "kosong" in review([]).message


# -- 72-hour follow-up --------------------------------------------------------------

@pytest.mark.parametrize("start", ["2026-11-25 08:00", "2026-11-25 14:00", "2026-11-25 20:30",
                                   "2026-11-25 23:50", "2026-11-28 00:00"])
def test_schedule_is_ordered_and_within_72_hours(start):
    meeting = parse_meeting(start)
    plan = schedule(meeting, "Swalayan Sinar Jaya")
    times = [c.when for c in plan]
    assert times == sorted(times) and times[0] > meeting
    assert (times[-1] - meeting).total_seconds() < 72 * 3600
    assert times[1].date() == meeting.date().fromordinal(meeting.toordinal() + 1)
    assert [c.label for c in plan] == ["Hari yang sama", "Hari berikutnya", "Sebelum 72 jam"]
    assert "Swalayan Sinar Jaya" in plan[0].action


def test_parse_meeting_formats_and_errors():
    assert parse_meeting("25-11-2026 09.15") == datetime(2026, 11, 25, 9, 15)
    with pytest.raises(InvalidValueError, match="'besok' tidak bisa dibaca.*2026-11-25 14:00"):
        parse_meeting("besok")
    assert format_when(datetime(2026, 11, 29, 7, 5)) == "Minggu, 29 November 2026 pukul 07.05"


def test_docx_bytes_roundtrip_in_memory(filled):
    from docx import Document

    data = capstone.to_docx_bytes(capstone.build_plan(filled, draw=False))
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].text == "Rencana Kemitraan Saya"


def test_example_map_picture_is_drawn_for_the_documents_not_the_preview(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    plan = capstone.build_plan(wb)
    assert plan.network_is_example and plan.map_png is None
    assert "data:image/png" not in capstone.preview_html(plan)  # no matplotlib for a preview
    page = capstone.to_html(plan)
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 1 and base64.b64decode(images[0]).startswith(PNG)
def test_mismatches_saved_by_the_first_edition_are_not_printed_as_reasons(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("07", "pola-terpilih", {
        "pattern": "perdagangan-umum",  # a key of the first edition, now an alias
        "reasons": ["Kelompok menyediakan tenaga kerja.",
                    "Jangka waktu 'pendek' kurang cocok: pola ini biasanya berjangka panjang."]})
    plan = capstone.build_plan(wb, draw=False)
    assert plan.pattern["key"] == "dagang-umum"
    assert plan.pattern["reasons"] == ["Kelompok menyediakan tenaga kerja."]
    assert plan.pattern["misfits"] == [
        "Jangka waktu 'pendek' kurang cocok: pola ini biasanya berjangka panjang."]
    html = capstone.to_html(plan)
    assert "Yang belum cocok" in html
    assert html.index("kurang cocok") > html.index("Yang belum cocok")
