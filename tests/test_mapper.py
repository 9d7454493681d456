"""Peta Mitra widget driven from Python: every control, bad input, undo/redo, files, autosave."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from kemitraan_lib import analysis, files
from kemitraan_lib.network import PartnerNetwork
from kemitraan_lib.views.mapper import PartnerMapper
from kemitraan_lib.workbook import Workbook


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    path = tmp_path / "buku-kerja.json"
    monkeypatch.setenv("KEMITRAAN_BUKU_KERJA", str(path))
    return Workbook(path)


@pytest.fixture
def mapper(workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative file names are saved here
    return PartnerMapper(workbook=workbook)


def add(m: PartnerMapper, name: str, category: str = "kelompok", influence: int = 0,
        interest: int = 0) -> None:
    m.partner_picker.value = "__baru__"
    m.name_input.value = name
    m.category_input.value = category
    m.influence_input.value = influence
    m.interest_input.value = interest
    m.add_partner_button.click()
    assert m.message_kind == "berhasil", m.message


def link(m: PartnerMapper, source: str, target: str, kind: str = "informasi", **kw) -> None:
    m.link_picker.value = "__baru__"
    m.source_input.value = source
    m.target_input.value = target
    m.link_type_input.value = kind
    m.direction_input.value = kw.get("direction", "dua-arah")
    m.strength_input.value = kw.get("strength", 1)
    m.add_link_button.click()


def table(m: PartnerMapper) -> str:
    m.show_view("tabel")
    return m.table.value


def panel(m: PartnerMapper) -> str:
    m.show_view("analisis")
    return m.panel.value


def saved_map(workbook: Workbook, m: PartnerMapper):
    assert m.flush_autosave(10), "autosave did not finish"
    return Workbook(workbook.path).get("03", "peta-mitra")


def upload_item(name: str, data: bytes) -> dict:
    return {"name": name, "type": "", "size": len(data), "content": memoryview(data),
            "last_modified": dt.datetime.now(dt.timezone.utc)}


def sample_network() -> PartnerNetwork:
    net = PartnerNetwork(title="Peta Contoh")
    net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=2, interest=5)
    net.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5, interest=4)
    net.add_partner(name="CV Kayu Makmur", category="usaha", influence=4, interest=1)
    net.add_link("KTH Wana Lestari", "Pemerintah Desa", "pembinaan", direction="satu-arah")
    net.add_link("Pemerintah Desa", "CV Kayu Makmur", "kewenangan", strength=2)
    return net


# ------------------------------------------------------------------ partners
def test_starts_empty_with_friendly_views(mapper):
    assert len(mapper.network) == 0
    assert bytes(mapper.picture.value).startswith(b"\x89PNG")
    # nothing drawn shows nothing (it used to be a half-transparent blue square)
    import io

    from PIL import Image

    blank = Image.open(io.BytesIO(bytes(mapper.picture.value))).convert("RGBA")
    assert blank.getchannel("A").getextrema() == (0, 0)
    assert "Belum ada mitra" in table(mapper)
    assert mapper.undo_button.disabled and mapper.redo_button.disabled


def test_add_partner_updates_model_views_and_workbook(mapper, workbook):
    empty_picture = mapper.picture.value
    add(mapper, "KTH Wana Lestari", "kelompok", influence=3, interest=5)
    assert [p.name for p in mapper.network.partners] == ["KTH Wana Lestari"]
    assert mapper.picture.value != empty_picture
    assert "1 mitra, 0 hubungan" in mapper.caption.value
    assert "KTH Wana Lestari" in table(mapper)
    assert "KTH Wana Lestari" in panel(mapper)  # isolated, in the analysis panel
    assert "KTH Wana Lestari" in [label for label, _ in mapper.partner_picker.options]
    assert "KTH Wana Lestari" in mapper.source_input.options
    assert not mapper.undo_button.disabled
    assert saved_map(workbook, mapper) == mapper.network.to_dict()
    assert mapper.name_input.value == ""  # ready for the next partner


def test_every_partner_field_reaches_the_model(mapper):
    mapper.name_input.value = "Ibu Siti Nur'aini"
    mapper.category_input.value = "tokoh"
    mapper.influence_input.value = 4
    mapper.interest_input.value = 3
    mapper.support_input.value = 2
    mapper.resources_input.value = "jaringan PKK; pengaruh warga,  , arisan"
    mapper.approach_input.value = "personal"
    mapper.contact_input.value = "0812-0000-1111"
    mapper.notes_input.value = "Ketua PKK.\nSuka diajak diskusi."
    mapper.add_partner_button.click()
    p = mapper.network.get_partner("ibu siti nur'aini")
    assert (p.category, p.influence, p.interest, p.support) == ("tokoh", 4, 3, 2)
    assert p.resources == ("jaringan PKK", "pengaruh warga", "arisan")
    assert (p.approach, p.contact, p.notes) == ("personal", "0812-0000-1111",
                                                "Ketua PKK.\nSuka diajak diskusi.")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "   ", "Nama"),
        ("name", " kth  WANA lestari ", "kth  WANA lestari"),
        ("name", "x" * 81, "80"),
        ("influence", 7, "7"),
        ("interest", -1, "-1"),
        ("support", 3, "3"),
    ],
)
def test_bad_partner_input_shows_message_and_changes_nothing(mapper, workbook, field, value,
                                                             expected):
    add(mapper, "KTH Wana Lestari")
    before, saved_before = mapper.network.to_dict(), saved_map(workbook, mapper)
    picture = mapper.picture.value
    widget = {"name": mapper.name_input, "influence": mapper.influence_input,
              "interest": mapper.interest_input, "support": mapper.support_input}[field]
    if field != "name":
        mapper.name_input.value = "Mitra Lain"
    widget.value = value
    typed = {w: w.value for w in (mapper.name_input, mapper.influence_input,
                                  mapper.interest_input, mapper.support_input)}
    mapper.add_partner_button.click()
    assert mapper.message_kind == "galat"
    assert expected in mapper.message
    assert "Traceback" not in mapper.message
    assert "⚠" in mapper.message_widget.value and expected.strip()[:5] in \
        mapper.message_widget.value
    assert mapper.network.to_dict() == before
    assert saved_map(workbook, mapper) == saved_before
    assert mapper.picture.value == picture
    assert {w: w.value for w in typed} == typed  # the form keeps what was typed


def test_edit_partner_fills_form_and_saves_changes(mapper):
    add(mapper, "KTH Wana Lestari", influence=1)
    add(mapper, "Pemerintah Desa", "pemerintah", influence=5)
    link(mapper, "KTH Wana Lestari", "Pemerintah Desa", "pembinaan")
    assert mapper.update_partner_button.disabled
    mapper.partner_picker.value = "KTH Wana Lestari"
    assert mapper.name_input.value == "KTH Wana Lestari"
    assert mapper.influence_input.value == 1
    assert not mapper.update_partner_button.disabled
    before_pos = mapper.layout_positions["KTH Wana Lestari"]
    mapper.name_input.value = "KTH Wana Lestari Jaya"
    mapper.influence_input.value = 4
    mapper.update_partner_button.click()
    assert mapper.message_kind == "berhasil", mapper.message
    p = mapper.network.get_partner("KTH Wana Lestari Jaya")
    assert p.influence == 4
    assert mapper.network.links[0].source == "KTH Wana Lestari Jaya"  # links follow a rename
    assert mapper.layout_positions["KTH Wana Lestari Jaya"] == before_pos
    assert mapper.partner_picker.value == "KTH Wana Lestari Jaya"
    assert "KTH Wana Lestari Jaya" in table(mapper)


def test_rename_onto_existing_partner_is_refused(mapper):
    add(mapper, "KTH Wana Lestari")
    add(mapper, "Pemerintah Desa", "pemerintah")
    before = mapper.network.to_dict()
    mapper.partner_picker.value = "Pemerintah Desa"
    mapper.name_input.value = "kth wana lestari"
    mapper.update_partner_button.click()
    assert mapper.message_kind == "galat" and "kth wana lestari" in mapper.message
    assert mapper.network.to_dict() == before
    assert mapper.name_input.value == "kth wana lestari"


def test_remove_partner_removes_its_links_and_undo_brings_them_back(mapper):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    link(mapper, "A Satu", "B Dua", "dana")
    mapper.partner_picker.value = "B Dua"
    mapper.remove_partner_button.click()
    assert [p.name for p in mapper.network.partners] == ["A Satu"]
    assert mapper.network.links == ()
    assert mapper.partner_picker.value == "__baru__"
    mapper.undo_button.click()
    assert len(mapper.network) == 2 and len(mapper.network.links) == 1
    assert "B Dua" in table(mapper)


def test_update_without_selection_is_explained(mapper):
    add(mapper, "A Satu")
    before = mapper.network.to_dict()
    mapper.update_partner_button.click()  # disabled in the browser; guarded anyway
    assert mapper.message_kind == "galat" and "Pilih dulu" in mapper.message
    assert mapper.network.to_dict() == before


# --------------------------------------------------------------------- links
def test_add_link_by_typing_names(mapper, workbook):
    add(mapper, "KTH Wana Lestari")
    add(mapper, "Pemerintah Desa", "pemerintah")
    link(mapper, "kth wana lestari", "Pemerintah Desa", "pembinaan", direction="satu-arah",
         strength=3)
    assert mapper.message_kind == "berhasil", mapper.message
    (made,) = mapper.network.links
    assert (made.source, made.target, made.type, made.direction, made.strength) == (
        "KTH Wana Lestari", "Pemerintah Desa", "pembinaan", "satu-arah", 3)
    assert len(mapper.link_picker.options) == 2
    assert saved_map(workbook, mapper)["hubungan"]
    assert table(mapper).count("<tr>") == 3  # header + 2 partners


@pytest.mark.parametrize(
    ("source", "target", "strength", "expected"),
    [
        ("Pak Hantu", "Pemerintah Desa", 1, "Pak Hantu"),
        ("KTH Wana Lestari", "", 1, "Ke"),
        ("KTH Wana Lestari", "KTH Wana Lestari", 1, "KTH Wana Lestari"),
        ("KTH Wana Lestari", "Pemerintah Desa", 4, "4"),
        ("KTH Wana Lestari", "Pemerintah Desa", 0, "0"),
    ],
)
def test_bad_link_shows_message_and_changes_nothing(mapper, workbook, source, target, strength,
                                                    expected):
    add(mapper, "KTH Wana Lestari")
    add(mapper, "Pemerintah Desa", "pemerintah")
    before, saved_before = mapper.network.to_dict(), saved_map(workbook, mapper)
    link(mapper, source, target, "dana", strength=strength)
    assert mapper.message_kind == "galat"
    assert expected.lower() in mapper.message.lower()
    assert mapper.network.to_dict() == before
    assert saved_map(workbook, mapper) == saved_before
    assert (mapper.source_input.value, mapper.target_input.value) == (source, target)


def test_duplicate_link_is_refused(mapper):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    link(mapper, "A Satu", "B Dua", "dana")
    before = mapper.network.to_dict()
    link(mapper, "B Dua", "A Satu", "dana")  # dua-arah: the same link
    assert mapper.message_kind == "galat"
    assert mapper.network.to_dict() == before


def test_pick_update_and_remove_link(mapper):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    link(mapper, "A Satu", "B Dua", "dana", strength=1)
    key = mapper.link_picker.options[1][1]
    mapper.source_input.value = ""
    mapper.link_picker.value = key
    assert (mapper.source_input.value, mapper.target_input.value) == ("A Satu", "B Dua")
    assert mapper.link_type_input.value == "dana"
    mapper.strength_input.value = 3
    mapper.direction_input.value = "satu-arah"
    mapper.update_link_button.click()
    assert mapper.message_kind == "berhasil", mapper.message
    (changed,) = mapper.network.links
    assert (changed.strength, changed.direction) == (3, "satu-arah")
    mapper.remove_link_button.click()
    assert mapper.network.links == ()
    assert mapper.link_picker.value == "__baru__"


def test_update_unknown_link_is_explained(mapper):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    mapper.source_input.value = "A Satu"
    mapper.target_input.value = "B Dua"
    mapper.update_link_button.click()
    assert mapper.message_kind == "galat" and "A Satu" in mapper.message
    mapper.remove_link_button.click()
    assert mapper.message_kind == "galat"


# ---------------------------------------------------------------- undo/redo
def test_undo_redo_walks_through_changes_and_views_follow(mapper, workbook):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    mapper.undo_button.click()
    assert [p.name for p in mapper.network.partners] == ["A Satu"]
    assert "B Dua" not in table(mapper)
    assert saved_map(workbook, mapper) == mapper.network.to_dict()
    assert not mapper.redo_button.disabled
    mapper.redo_button.click()
    assert [p.name for p in mapper.network.partners] == ["A Satu", "B Dua"]
    assert mapper.redo_button.disabled
    mapper.undo_button.click()
    mapper.undo_button.click()
    assert len(mapper.network) == 0 and mapper.undo_button.disabled
    mapper.undo_button.click()  # nothing left: a calm notice, no error
    assert mapper.message_kind == "info"


def test_new_change_after_undo_clears_redo(mapper):
    add(mapper, "A Satu")
    mapper.undo_button.click()
    add(mapper, "C Tiga")
    assert mapper.redo_button.disabled


# ---------------------------------------------------------------- drawing
def test_positions_stay_when_partners_are_added(mapper):
    for i in range(8):
        add(mapper, f"Mitra {i}")
    for i in range(1, 8):
        link(mapper, "Mitra 0", f"Mitra {i}")
    before = mapper.layout_positions
    add(mapper, "Mitra Baru")
    link(mapper, "Mitra Baru", "Mitra 3")
    after = mapper.layout_positions
    assert all(after[name] == xy for name, xy in before.items())
    assert min(math.dist(after["Mitra Baru"], xy) for xy in before.values()) > 0


def test_picture_redrawn_only_when_the_drawing_changes(mapper):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    count = mapper.redraw_count
    mapper.partner_picker.value = "A Satu"
    mapper.interest_input.value = 5  # only the grid shows interest
    mapper.contact_input.value = "0812"
    mapper.update_partner_button.click()
    assert mapper.message_kind == "berhasil"
    assert mapper.redraw_count == count
    link(mapper, "A Satu", "B Dua")
    assert mapper.redraw_count == count + 1


def test_tidy_button_relays_out(mapper):
    add(mapper, "A Satu")
    add(mapper, "B Dua")
    count = mapper.redraw_count
    mapper.tidy_button.click()
    assert mapper.redraw_count == count + 1
    assert mapper.message_kind == "berhasil"


# ---------------------------------------------------------------- files
@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".csv"])
def test_upload_opens_a_map_and_undo_returns(mapper, suffix):
    add(mapper, "Mitra Lama")
    net = sample_network()
    if suffix == ".json":
        items = (upload_item("peta.json", files.json_text(net).encode()),)
    elif suffix == ".xlsx":
        items = (upload_item("peta.xlsx", files.excel_bytes(net)),)
    else:
        partners, links = files.csv_texts(net)
        items = (upload_item("peta.csv", partners.encode()),
                 upload_item("peta-hubungan.csv", links.encode()))
    mapper.upload.value = items
    assert mapper.message_kind == "berhasil", mapper.message
    assert [p.name for p in mapper.network.partners] == [p.name for p in net.partners]
    assert mapper.network.links == net.links
    assert "Pemerintah Desa" in table(mapper)
    assert mapper.upload.value == ()
    mapper.undo_button.click()
    assert [p.name for p in mapper.network.partners] == ["Mitra Lama"]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ((("peta.csv", "nama,jenis,pengaruh\nKTH A,kelompok,9\n"),), "9"),
        ((("peta.json", '{"format": "kemitraan-peta", "mitra": [ }'),), "peta.json"),
        ((("peta.txt", "nama\nA\n"),), ".txt"),
        ((("peta-hubungan.csv", "dari,ke,jenis\nA,B,dana\n"),), "peta-hubungan.csv"),
        ((("peta.csv", "nama,jenis\nA,kelompok\nA,tokoh\n"),), "A"),
        ((("peta.xlsx", "bukan excel"),), "peta.xlsx"),
        ((("peta.csv", "nama,jenis\nA,kelompok\n"), ("lain.csv", "nama,jenis\nB,tokoh\n")),
         "lain.csv"),
    ],
)
def test_broken_upload_shows_message_and_keeps_the_map(mapper, workbook, items, expected):
    add(mapper, "Mitra Lama")
    before, saved_before = mapper.network.to_dict(), saved_map(workbook, mapper)
    mapper.upload.value = tuple(upload_item(name, text.encode()) for name, text in items)
    assert mapper.message_kind == "galat"
    assert expected in mapper.message
    assert "Traceback" not in mapper.message
    assert mapper.network.to_dict() == before
    assert saved_map(workbook, mapper) == saved_before
    assert mapper.upload.value == ()


@pytest.mark.parametrize("name", ["peta.xlsx", "peta.json", "peta.csv"])
def test_save_writes_a_file_that_opens_again(mapper, tmp_path, name):
    mapper.upload.value = (upload_item("p.json", files.json_text(sample_network()).encode()),)
    mapper.file_name_input.value = name
    mapper.save_button.click()
    assert mapper.message_kind == "berhasil", mapper.message
    reopened = files.load_network(tmp_path / name)
    assert reopened.partners == mapper.network.partners  # CSV keeps no title
    assert reopened.links == mapper.network.links
    assert "download=" in mapper.download_link.value and name in mapper.download_link.value


@pytest.mark.parametrize(("name", "expected"), [
    ("peta.txt", ".txt"), ("", "kosong"), ("folder-tidak-ada/peta.xlsx", "folder-tidak-ada"),
])
def test_bad_save_name_is_explained_and_writes_nothing(mapper, tmp_path, name, expected):
    add(mapper, "A Satu")
    assert mapper.flush_autosave(10)  # the workbook files are written before the listing
    before = sorted(p.name for p in tmp_path.iterdir())
    mapper.file_name_input.value = name
    mapper.save_button.click()
    assert mapper.message_kind == "galat" and expected in mapper.message
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_png(mapper, tmp_path):
    add(mapper, "A Satu")
    mapper.file_name_input.value = "laporan.xlsx"
    mapper.export_button.click()
    assert mapper.message_kind == "berhasil", mapper.message
    assert (tmp_path / "laporan.png").read_bytes().startswith(b"\x89PNG")
    assert "laporan.png" in mapper.download_link.value


def test_new_map_and_example(mapper):
    add(mapper, "A Satu")
    mapper.new_map_button.click()
    assert len(mapper.network) == 0
    mapper.undo_button.click()
    assert len(mapper.network) == 1
    assert mapper.example_picker is not None
    keys = [key for _, key in mapper.example_picker.options]
    assert "menabung-pohon" in keys and "tas-rajut" in keys
    mapper.example_picker.value = "menabung-pohon"
    mapper.load_example_button.click()
    assert mapper.message_kind == "berhasil", mapper.message
    assert len(mapper.network) >= 20
    assert "Mekarsari" in mapper.network.title


# ---------------------------------------------------------------- autosave
def test_map_is_restored_from_the_workbook(mapper, workbook):
    add(mapper, "A Satu")
    mapper.flush_autosave()
    again = PartnerMapper(workbook=Workbook(workbook.path))
    assert [p.name for p in again.network.partners] == ["A Satu"]
    assert "dipulihkan" in again.message


def test_unreadable_saved_map_is_kept_aside(workbook):
    workbook.set("03", "peta-mitra", {"partners": [{"name": "", "category": "x"}]})
    m = PartnerMapper(workbook=workbook)
    assert len(m.network) == 0
    assert "tidak dapat dibaca" in m.message
    assert Workbook(workbook.path).get("03", "peta-mitra-tidak-terbaca")


def test_autosave_failure_is_reported_and_the_change_stays(mapper, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk penuh")

    monkeypatch.setattr(mapper._workbook, "set", broken)
    add_name = "A Satu"
    mapper.name_input.value = add_name
    mapper.add_partner_button.click()
    assert mapper.flush_autosave(10)
    assert add_name in mapper.network
    assert mapper.message_kind == "galat" and "belum tersimpan otomatis" in mapper.message
    assert "disk penuh" in mapper.message
    mapper.name_input.value = "B Dua"
    mapper.add_partner_button.click()  # the next change repeats the warning at once
    assert "belum tersimpan otomatis" in mapper.message


def test_autosave_off_leaves_the_workbook_alone(workbook):
    m = PartnerMapper(workbook=workbook, autosave=False)
    m.name_input.value = "A Satu"
    m.add_partner_button.click()
    assert m.flush_autosave(1)
    assert Workbook(workbook.path).get("03", "peta-mitra") is None


def test_changes_made_from_python_reach_the_views_and_the_workbook(mapper, workbook):
    """The widget follows its network through subscribe, not only its own buttons."""
    mapper.network.add_partner(name="Dari Python", category="tokoh")
    assert "Dari Python" in [label for label, _ in mapper.partner_picker.options]
    assert "Dari Python" in table(mapper)
    assert saved_map(workbook, mapper) == mapper.network.to_dict()


# ---------------------------------------------------------------- surprises
def test_unexpected_error_in_a_callback_is_shown(mapper, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("gambar rusak")

    # the live drawing (kemitraan_lib.drawing.live) is what the widget draws with
    monkeypatch.setattr(mapper._drawing, "png", broken)
    mapper.name_input.value = "A Satu"
    mapper.add_partner_button.click()  # must not raise
    assert mapper.message.startswith("Terjadi kesalahan tak terduga")
    assert "gambar rusak" in mapper.message
    assert "RuntimeError" in mapper.last_traceback
    assert "Traceback" not in mapper.message_widget.value


def test_unexpected_error_when_opening_a_view_is_shown(mapper, monkeypatch):
    add(mapper, "A Satu")
    monkeypatch.setattr(analysis, "quadrant", lambda p: 1 / 0)
    mapper.views.selected_index = 2  # as a click on the "Tabel mitra" tab does
    assert mapper.message.startswith("Terjadi kesalahan tak terduga")
    assert "ZeroDivisionError" in mapper.message


def test_analysis_panel_names_brokers_isolated_and_missing_kinds(mapper):
    mapper.upload.value = (upload_item("p.json", files.json_text(sample_network()).encode()),)
    add(mapper, "Pak Sendiri", "tokoh")
    text = panel(mapper)
    assert "Pemerintah Desa" in text.split("Perantara")[1].split("</li>")[0]
    assert "Pak Sendiri" in text.split("terpencil")[1].split("</li>")[0]
    assert "Koperasi" in text.split("belum ada di peta")[1].split("</li>")[0]
    assert "Pendekatan personal" in text and "Pendekatan formal" in text


def test_table_and_brokers_match_the_analysis_module(mapper):
    net = sample_network()
    net.add_partner(name="KUD Sumber Rezeki", category="koperasi", influence=3, interest=3)
    net.add_link("KUD Sumber Rezeki", "KTH Wana Lestari", "barang")
    mapper.upload.value = (upload_item("p.json", files.json_text(net).encode()),)
    for extra in ("", "Pak Sendiri", "Bu Sendiri"):  # isolated additions reuse the cache
        if extra:
            add(mapper, extra, "tokoh")
        expected = analysis.summary(mapper.network)
        html_table = table(mapper)
        for row in expected.itertuples():
            cells = (f">{row.nama}</td>", f">{row.derajat}<",
                     f">{row.keperantaraan:.3f}<", f">{row.pendekatan}<", f">{row.kuadran}<")
            line = next(r for r in html_table.split("<tr>") if r.split("</td>")[0].endswith(
                f">{row.nama}"))
            assert all(c in line for c in cells), (line, cells)
        brokers = analysis.brokers(mapper.network)
        assert brokers
        assert analysis.MEASURES.brokers(mapper.network) == brokers


def test_quick_changes_are_all_saved_in_the_end(mapper, workbook):
    for i in range(15):
        mapper.name_input.value = f"Mitra {i}"
        mapper.add_partner_button.click()
    mapper.undo_button.click()
    assert saved_map(workbook, mapper) == mapper.network.to_dict()
    assert len(saved_map(workbook, mapper)["mitra"]) == 14


def test_autosave_waits_for_a_quiet_moment_and_flush_does_not_wait():
    """Several changes in a row are written once, with the newest state, after the
    delay; a click never waits for the file; flush() (and the kernel's exit) saves
    what is pending at once."""
    import time

    from kemitraan_lib.autosave import Autosaver
    from kemitraan_lib.errors import InvalidValueError

    saved: list[tuple[float, str]] = []
    saver = Autosaver(lambda state: saved.append((time.monotonic(), state)), delay=0.4)
    for n in range(5):
        saver.submit(f"versi {n}")
        last = time.monotonic()
        time.sleep(0.05)
    assert saved == []  # still within the delay after the last change
    assert saver.flush(5)
    assert [state for _, state in saved] == ["versi 4"]
    assert saved[0][0] < last + 0.3  # flush did not wait out the delay (0.4 s)
    saver.submit("versi 5")
    time.sleep(0.9)  # nothing calls flush: saved by itself after the delay
    assert [state for _, state in saved] == ["versi 4", "versi 5"]
    for bad in (-1, 61, True, "0.3"):
        with pytest.raises(InvalidValueError, match="Jeda simpan"):
            Autosaver(print, delay=bad)
