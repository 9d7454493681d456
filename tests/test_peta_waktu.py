"""The partner map over time: snapshots, comparison, the side-by-side drawing, the widget."""

from __future__ import annotations

import pytest

from kemitraan_lib import answers, capstone, peta_waktu
from kemitraan_lib.cases import load_case
from kemitraan_lib.errors import InvalidValueError, KemitraanError
from kemitraan_lib.files import document
from kemitraan_lib.network import PartnerNetwork
from kemitraan_lib.workbook import Workbook

FIRST, SECOND = "menabung-pohon", "menabung-pohon-tahun-2"


@pytest.fixture(scope="module")
def village():
    return (peta_waktu.take_snapshot(load_case(FIRST), "2026-01-15", "Awal program"),
            peta_waktu.take_snapshot(load_case(SECOND), "2027-01-20", "Setahun kemudian"))


def test_second_village_map_tells_the_story_of_data_readme(village):
    change = peta_waktu.compare(*village)
    assert change.partners_added == ("BUMDes Mekarsari Makmur",)
    assert change.partners_removed == ("Radio Komunitas Suara Mekarsari",)
    assert [(x.source, x.target, x.type) for x in change.links_removed] == [
        ("KTH Wana Lestari", "CV Kayu Makmur", "konflik"),
        ("Karang Taruna Tunas Muda", "Radio Komunitas Suara Mekarsari", "informasi")]
    assert len(change.links_added) == 6
    assert change.connected == ("PT Sinar Energi Biomassa",)
    moves = {(m.partner, m.before, m.after) for m in change.quadrant_moves}
    assert ("PT Sinar Energi Biomassa", "Jaga kepuasannya", "Kelola dari dekat") in moves
    assert ("CV Kayu Makmur", "dukungan", -1, 1) in {
        (c.partner, c.field, c.before, c.after) for c in change.changes}
    assert change.brokers_before[:2] == ("Pemerintah Desa Mekarsari",
                                         "Sekretariat Program Menabung Pohon")
    assert change.brokers_after[:2] == ("Sekretariat Program Menabung Pohon",
                                        "Pemerintah Desa Mekarsari")
    rows = peta_waktu.comparison_rows(change)
    kinds = [r["perubahan"] for r in rows]
    assert kinds.count("Hubungan baru") == 6 and kinds.count("Pindah kuadran") == 2
    assert {"perubahan": "Peringkat perantara berubah", "mitra atau hubungan":
            "Pemerintah Desa Mekarsari", "sebelum": "ke-1", "sesudah": "ke-2"} in rows
    assert all(set(r) == set(peta_waktu.COMPARISON_COLUMNS) for r in rows)


def test_second_map_json_and_excel_hold_the_same_map():
    from kemitraan_lib.cases import LATER_MAPS, case_path
    from kemitraan_lib.files import load_network

    net = load_case(SECOND)
    assert net.title == LATER_MAPS[SECOND][0]
    assert document(load_network(case_path(SECOND, ".xlsx"))) == document(net)
    assert all("0812-0000-" in p.contact for p in net.partners if p.contact)


def test_same_map_compares_empty_and_a_snapshot_is_a_copy():
    net = load_case("tas-rajut")
    snap = peta_waktu.take_snapshot(net, "01/02/2026", "  Awal  ")
    assert (snap.date, snap.label, snap.name) == ("2026-02-01", "Awal", "2026-02-01 · Awal")
    assert peta_waktu.compare(snap, net).empty
    net.remove_partner(net.partners[0].name)  # later changes do not touch the snapshot
    assert len(snap.network.partners) == len(net.partners) + 1


@pytest.mark.parametrize("call,fragment", [
    (lambda: peta_waktu.take_snapshot("peta", "2026-01-01"), "PartnerNetwork"),
    (lambda: peta_waktu.take_snapshot(PartnerNetwork(), "kemarin"), "Tanggal"),
    (lambda: peta_waktu.take_snapshot(PartnerNetwork(), "2026-01-01", "x" * 81), "panjang"),
    (lambda: peta_waktu.take_snapshot(PartnerNetwork(), "2026-01-01", 5), "teks"),
    (lambda: peta_waktu.compare(PartnerNetwork(), None), "Peta baru"),
    (lambda: peta_waktu.snapshot_from_dict({"tanggal": "2026-01-01", "peta": 3}), "."),
    (lambda: peta_waktu.comparison_rows({}), "compare()"),
    (lambda: peta_waktu.add_snapshot("x", {}), "daftar"),
])
def test_bad_input_is_refused_in_indonesian(call, fragment):
    with pytest.raises(KemitraanError, match=fragment):
        call()


def test_snapshots_are_saved_by_date_and_label_and_odd_ones_skipped(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    net = load_case("tas-rajut")
    peta_waktu.save_snapshot(net, label="Awal", date="2026-01-01", workbook=wb)
    net.remove_partner(net.partners[-1].name)
    peta_waktu.save_snapshot(net, label="Awal", date="2026-01-01", workbook=wb)  # replaces
    peta_waktu.save_snapshot(net, label="Ekspor rencana", date="2025-12-01", workbook=wb)
    saved = peta_waktu.saved_snapshots(Workbook(wb.path))
    assert [(s.date, s.label) for s in saved] == [("2025-12-01", "Ekspor rencana"),
                                                  ("2026-01-01", "Awal")]
    assert len(saved[1].network.partners) == len(net.partners)
    before = wb.path.read_bytes()
    with pytest.raises(InvalidValueError, match="kosong"):
        peta_waktu.save_snapshot(PartnerNetwork(), workbook=wb)
    with pytest.raises(KemitraanError):
        answers.save(answers.PETA_BERTANGGAL, [{"tanggal": "x"}], wb)
    assert wb.path.read_bytes() == before
    raw = wb.get("03", "peta-bertanggal")
    wb.set("03", "peta-bertanggal", raw + [{"tanggal": "2026-02-02", "peta": "rusak"}])
    loaded = answers.load(answers.PETA_BERTANGGAL, wb)
    assert len(loaded.value) == 2 and "1 catatan" in loaded.notes[0]


def test_plan_export_keeps_a_snapshot_of_the_learners_map_not_of_the_example(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    plan = capstone.build_plan(wb, draw=False)
    assert plan.network_is_example
    capstone.export_all(plan, tmp_path, workbook=wb)
    assert peta_waktu.saved_snapshots(wb) == ()
    answers.save(answers.PETA_MITRA, load_case("tas-rajut"), wb)
    capstone.export_all(capstone.build_plan(wb, draw=False), tmp_path, workbook=wb)
    saved = peta_waktu.saved_snapshots(wb)
    assert [s.label for s in saved] == ["Ekspor rencana"] and len(saved[0].network) == 12
    assert "Peta mitra dari waktu ke waktu" in capstone.to_html(capstone.build_plan(
        wb, draw=False))


def test_side_by_side_drawing_keeps_positions_and_highlights_every_change(village):
    from kemitraan_lib.drawing.comparison import HIGHLIGHT, draw_comparison

    fig = draw_comparison(*village)
    left, right = fig.axes
    assert left.get_title() == "2026-01-15 · Awal program"
    assert right.get_title() == "2027-01-20 · Setahun kemudian"
    assert left.get_xlim() == right.get_xlim() and left.get_ylim() == right.get_ylim()

    def marks(ax, gid):
        return [a for a in ax.collections + ax.lines if a.get_gid() == gid]

    assert len(marks(right, "hubungan-baru")) == 6
    assert len(marks(left, "hubungan-hilang")) == 2
    assert marks(right, "hubungan-baru")[0].get_color() == HIGHLIGHT["hubungan-baru"]
    assert len(marks(right, "mitra-baru")[0].get_offsets()) == 1
    assert len(marks(left, "mitra-hilang")[0].get_offsets()) == 1
    assert len(marks(right, "mitra-terhubung")[0].get_offsets()) == 1
    changed = peta_waktu.compare(*village).changed_partners
    assert len(marks(right, "mitra-berubah")[0].get_offsets()) == len(changed) == 4
    # the same partner sits at the same place on both sides
    # (names are one collection of outlines since issue 12; it knows the names it draws,
    # in the order of the circles)
    from kemitraan_lib.drawing.labels import LABEL_GID

    def place(ax, name):
        labels = next(c for c in ax.collections if c.get_gid() == LABEL_GID)
        names = [text.replace("\n", " ") for text in labels.partner_names]
        circles = next(c for c in ax.collections if c.get_gid() is None
                       and len(c.get_offsets()) == len(names))
        return tuple(circles.get_offsets()[next(i for i, n in enumerate(names)
                                                if n.startswith(name))])

    assert place(left, "KUD") == place(right, "KUD")
    assert place(left, "Pemerintah Desa") == place(right, "Pemerintah Desa")
    assert not marks(left, "mitra-baru") and not marks(right, "mitra-hilang")


def test_comparison_widget_lists_snapshots_and_compares_without_a_browser(tmp_path, village):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.peta_waktu import MapComparisonView

    wb = Workbook(tmp_path / "buku-kerja.json")
    view = MapComparisonView(workbook=wb)
    assert "Ada 0 foto peta" in view.message
    view.compare_button.click()
    assert view.message_kind == "galat" and "dua foto" in view.message
    view = MapComparisonView(workbook=wb, extra=list(village))
    assert len(view.before_input.options) == 2
    view.compare_button.click()
    assert view.message_kind == "berhasil", view.message
    assert view.picture.value[:4] == b"\x89PNG"
    assert view.table.value.count("<tr") == 1 + len(peta_waktu.comparison_rows(
        peta_waktu.compare(*village)))
    view.after_input.value = 0
    view.compare_button.click()
    assert view.message_kind == "galat" and "berbeda" in view.message


def test_mapper_snapshot_button_saves_a_dated_copy(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.mapper import PartnerMapper

    wb = Workbook(tmp_path / "buku-kerja.json")
    mapper = PartnerMapper(PartnerNetwork(), workbook=wb, autosave=False)
    mapper.snapshot_button.click()
    assert mapper.message_kind == "galat" and "kosong" in mapper.message
    mapper.set_network(load_case("tas-rajut"), "dimuat")
    mapper.snapshot_button.click()
    assert mapper.message_kind == "berhasil" and "12 mitra" in mapper.message
    assert len(peta_waktu.saved_snapshots(wb)) == 1


def test_comparison_html_lists_every_change_escaped(village):
    from kemitraan_lib.drawing.comparison import comparison_html

    rows = peta_waktu.comparison_rows(peta_waktu.compare(*village))
    page = comparison_html(rows)
    assert page.count("<tr") == 1 + len(rows)
    assert "KUD &quot;Sumber Rezeki&quot; → CV Kayu Makmur (barang)" in page
    assert page.count('style="background:#fdecea"') == 3  # one partner and two links gone
    with pytest.raises(InvalidValueError):
        comparison_html("baris")


def test_saving_over_unreadable_snapshots_keeps_them_aside(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    peta_waktu.save_snapshot(load_case("tas-rajut"), label="Awal", date="2026-01-01",
                             workbook=wb)
    raw = wb.get("03", "peta-bertanggal") + [{"tanggal": "2026-02-02", "peta": "rusak"}]
    wb.set("03", "peta-bertanggal", raw)
    peta_waktu.save_snapshot(load_case("tas-rajut"), label="Lagi", date="2026-03-01",
                             workbook=wb)
    assert wb.get("03", "peta-bertanggal-tidak-terbaca") == raw
    assert [s.label for s in peta_waktu.saved_snapshots(wb)] == ["Awal", "Lagi"]
