"""Every public entry point ends in a result or a KemitraanError with an Indonesian
message, and a refusal changes neither the state nor any file (issue 9, item 2).

One test per kind of hostile input the issue lists; tests/test_fuzz.py drives
random input through the same functions.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kemitraan_lib import answers, files
from kemitraan_lib.errors import (
    DuplicateNameError,
    FileAccessError,
    FileFormatError,
    InvalidValueError,
    KemitraanError,
)
from kemitraan_lib.network import Partner, PartnerNetwork, normalize_name
from kemitraan_lib.workbook import Workbook

HUGE = 10**5000


def small_map() -> PartnerNetwork:
    net = PartnerNetwork(title="Uji")
    net.add_partner(name="KTH Wana Lestari", category="kelompok", influence=3,
                    notes="baris satu\nbaris dua")
    net.add_partner(name="Pemerintah Desa", category="pemerintah", influence=5)
    net.add_link("KTH Wana Lestari", "Pemerintah Desa", "pembinaan")
    return net


def zip_bytes(parts: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


def replace_part(xlsx: bytes, name: str, data: bytes | None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    if data is None:
        parts.pop(name)
    else:
        parts[name] = data
    return zip_bytes(parts)


SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
         'org/spreadsheetml/2006/main">{dimension}<sheetData>{rows}</sheetData></worksheet>')


def inline_row(number: int, *values: str) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
                    for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def with_sheet(xml: str) -> bytes:
    """Our own export of a small map, its 'mitra' sheet replaced by ``xml``, no links."""
    data = replace_part(files.excel_bytes(small_map()), "xl/worksheets/sheet1.xml",
                        xml.encode("utf-8"))
    return replace_part(data, "xl/worksheets/sheet2.xml",
                        SHEET.format(dimension="", rows="").encode("utf-8"))


# ----------------------------------------------------------------------- giant integers
@pytest.mark.parametrize("value", [HUGE, -HUGE, "9" * 5000, "1" + "0" * 30, 2**64],
                         ids=["huge", "-huge", "huge-text", "30-digits", "2^64"])
def test_giant_integers_are_refused_with_a_message(value):
    with pytest.raises(InvalidValueError) as info:
        Partner(name="A", category="tokoh", influence=value)
    assert "Pengaruh" in str(info.value) and len(str(info.value)) < 400


def test_giant_integers_in_files_and_the_workbook(tmp_path):
    doc = '{"format": "kemitraan-peta", "versi": 1, "mitra": [{"nama": "A", "jenis": "tokoh", ' \
          f'"pengaruh": {"9" * 5000}}}]}}'
    with pytest.raises(FileFormatError, match="terlalu panjang"):
        files.read_network_bytes(doc.encode(), "peta.json")
    with pytest.raises(FileFormatError, match="kontak"):
        files.from_document({"format": "kemitraan-peta", "versi": 1,
                             "mitra": [{"nama": "A", "jenis": "tokoh", "kontak": HUGE}]})
    wb = Workbook(tmp_path / "buku-kerja.json")
    with pytest.raises(InvalidValueError, match="terlalu besar"):
        wb.set("01", "a", {"angka": HUGE})
    with pytest.raises(InvalidValueError):
        normalize_name(HUGE)
    assert not wb.path.exists()


# ----------------------------------------------------------------------- deep nesting
def deep(depth: int):
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


def test_deep_nesting_is_refused_everywhere(tmp_path):
    text = '{"format": "kemitraan-peta", "versi": 1, "mitra": ' + "[" * 100_000 + "]" * 100_000 \
        + "}"
    with pytest.raises(FileFormatError, match="bertingkat"):
        files.read_network_bytes(text.encode(), "peta.json")
    with pytest.raises(InvalidValueError):
        PartnerNetwork.from_dict({"partners": [{"name": "A", "category": "tokoh",
                                                "resources": deep(5000)}]})
    wb = Workbook(tmp_path / "buku-kerja.json")
    with pytest.raises(InvalidValueError, match="bertingkat"):
        wb.set("01", "a", deep(5000))
    (tmp_path / "rusak").mkdir()
    path = tmp_path / "rusak" / "buku-kerja.json"
    path.write_text('{"format": "kemitraan-buku-kerja", "versi": 1, "jawaban": '
                    + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    assert "rusak" in Workbook(path).message


# ----------------------------------------------------------------------- CSV line endings
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "mixed"])
def test_every_csv_line_ending_reads_the_same(ending):
    partners, links = files.csv_texts(small_map())

    def convert(text: str) -> bytes:
        lines = text.replace("\r\n", "\n").split("\n")
        if ending == "mixed":
            out = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines[:-1]))
            return (out + lines[-1]).encode("utf-8")
        return ending.join(lines).encode("utf-8")

    back = files.read_network_bytes(convert(partners), "peta.csv", convert(links))
    assert back.partners == small_map().partners and back.links == small_map().links


def test_csv_oddities_give_a_file_format_error():
    for data in (b"nama;jenis\n\"A;tokoh\n", b"nama;jenis\nA\x00;tokoh\n",
                 b"nama;jenis\r" + b"x" * 200_000 + b";tokoh\r"):
        with pytest.raises(FileFormatError):
            files.read_network_bytes(data, "peta.csv")


# ----------------------------------------------------------------------- broken xlsx
@pytest.mark.parametrize("damage", ["truncated", "no workbook part", "broken sheet xml",
                                    "broken shared strings", "not a zip", "empty sheet part"])
def test_malformed_or_truncated_xlsx_is_refused(damage):
    good = files.excel_bytes(small_map())
    data = {
        "truncated": good[: len(good) // 2],
        "no workbook part": replace_part(good, "xl/workbook.xml", None),
        "broken sheet xml": replace_part(good, "xl/worksheets/sheet1.xml", b"<worksheet><sheetD"),
        "broken shared strings": replace_part(good, "xl/sharedStrings.xml", b"<sst><si><t>"),
        "not a zip": b"PK\x03\x04" + b"\x00" * 40,
        "empty sheet part": replace_part(good, "xl/worksheets/sheet1.xml", b""),
    }[damage]
    with pytest.raises(FileFormatError) as info:
        files.read_network_bytes(data, "peta.xlsx")
    assert "peta.xlsx" in str(info.value)


def test_xlsx_limits_are_checked_before_loading():
    many_rows = SHEET.format(dimension="", rows=inline_row(1, "nama", "jenis") + "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>M{n}</t></is></c></row>'
        for n in range(2, files.MAX_ROWS + 3)))
    with pytest.raises(FileFormatError, match="terlalu banyak baris"):
        files.read_network_bytes(with_sheet(many_rows), "peta.xlsx")
    far_cell = SHEET.format(dimension="", rows=inline_row(1, "nama", "jenis")
                            + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>')
    with pytest.raises(FileFormatError, match="kolom"):
        files.read_network_bytes(with_sheet(far_cell), "peta.xlsx")
    far_row = SHEET.format(dimension="", rows=inline_row(1, "nama", "jenis")
                           + '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    with pytest.raises(FileFormatError, match="terlalu banyak baris"):
        files.read_network_bytes(with_sheet(far_row), "peta.xlsx")
    huge_dimension = SHEET.format(dimension='<dimension ref="A1:XFD1048576"/>',
                                  rows=inline_row(1, "nama", "jenis"))
    with pytest.raises(FileFormatError):
        files.read_network_bytes(with_sheet(huge_dimension), "peta.xlsx")
    bomb = replace_part(files.excel_bytes(small_map()), "xl/worksheets/sheet1.xml",
                        b" " * (files.MAX_XLSX_PART + 10))
    assert len(bomb) < 200_000  # a small file that unpacks to more than the limit
    with pytest.raises(FileFormatError, match="terlalu besar setelah dibuka"):
        files.read_network_bytes(bomb, "peta.xlsx")


def test_a_small_hostile_xlsx_does_not_eat_the_memory(tmp_path):
    """100 KB that claims a sheet of a million rows: refused with 1 GB of address space."""
    rows = inline_row(1, "nama", "jenis") + "".join(
        f'<row r="{n}"><c r="Z{n}"><v>1</v></c></row>' for n in range(2, 40_000, 7))
    rows += '<row r="1048576"><c r="AD1048576"><v>1</v></c></row>'
    data = with_sheet(SHEET.format(dimension='<dimension ref="A1:AD1048576"/>', rows=rows))
    assert len(data) < 150_000
    path = tmp_path / "bom.xlsx"
    path.write_bytes(data)
    script = textwrap.dedent(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from kemitraan_lib import files
        from kemitraan_lib.errors import FileFormatError
        try:
            files.load_network({str(path)!r})
        except FileFormatError as err:
            print("DITOLAK", err)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("DITOLAK"), out.stdout


# ----------------------------------------------------------------------- paths
@pytest.mark.parametrize("path", ["a\x00b.json", "", "   ", 123, None, b"peta.json", ["x"],
                                  "\ud800.json", 1.5])
def test_paths_that_are_no_paths_are_refused(path, tmp_path):
    with pytest.raises(InvalidValueError):
        files.load_network(path)
    with pytest.raises(InvalidValueError):
        files.save_network(small_map(), path)
    with pytest.raises(InvalidValueError):
        Workbook(path) if path is not None else (_ for _ in ()).throw(InvalidValueError("x"))
    assert list(tmp_path.iterdir()) == []


def test_a_pipe_or_a_folder_is_not_read(tmp_path):
    fifo = tmp_path / "pipa.json"
    os.mkfifo(fifo)
    with pytest.raises(FileAccessError, match="bukan berkas biasa"):
        files.load_network(fifo)  # would block for ever if it were read
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(FileAccessError, match="folder"):
        files.load_network(tmp_path / "folder.csv")


# ----------------------------------------------------------------------- lone surrogates
def test_lone_surrogates_are_refused_and_nothing_changes(tmp_path):
    for text in ("\ud800", "Bu\udfffdi"):
        with pytest.raises(InvalidValueError):
            Partner(name=text, category="tokoh")
        with pytest.raises(InvalidValueError):
            Partner(name="A", category="tokoh", notes=text)
    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("01", "a", "lama")
    before = wb.path.read_bytes()
    with pytest.raises(InvalidValueError, match="surrogate"):
        wb.set("01", "a", "rusak \udc80")
    with pytest.raises(InvalidValueError):
        wb.set("01", "a", "x", prompt="\ud800")
    assert wb.path.read_bytes() == before
    doc = b'{"format": "kemitraan-peta", "versi": 1, "mitra": [{"nama": "\\ud800", "jenis": "x"}]}'
    with pytest.raises(FileFormatError):
        files.read_network_bytes(doc, "peta.json")


# ----------------------------------------------------------------------- names
@pytest.mark.parametrize("twin", [
    "Jose\u0301 Rizal",  # e + combining accent (NFD) vs é
    "Jos\u00e9\u200b Rizal",  # zero-width space
    "\ufeffJos\u00e9 Rizal",  # byte order mark
    "Jos\u00e9 Riz\u00adal",  # soft hyphen
    "\u202aJos\u00e9 Rizal\u202c",  # direction embedding
    "ＪＯＳ\u00c9 RIZAL",  # full-width letters
])
def test_names_that_look_the_same_are_the_same_partner(twin):
    net = PartnerNetwork()
    net.add_partner(name="Jos\u00e9 Rizal", category="tokoh")
    with pytest.raises(DuplicateNameError):
        net.add_partner(name=twin, category="tokoh")
    assert net.get_partner(twin).name == "Jos\u00e9 Rizal"
    assert twin in net


def test_names_are_stored_in_one_form_without_invisible_characters():
    p = Partner(name="\u200bJose\u0301\u202e Rizal\ufeff", category="tokoh")
    assert p.name == "Jos\u00e9 Rizal"
    for invisible in ("\u200b", "\ufeff\u200d", "\u2060 \u00ad", "\u3164", "\u202e"):
        with pytest.raises(InvalidValueError, match="tidak terlihat"):
            Partner(name=invisible, category="tokoh")


# ----------------------------------------------------------------------- duplicate keys
def test_duplicate_json_keys_are_refused(tmp_path):
    doc = (b'{"format": "kemitraan-peta", "versi": 1, "mitra": [{"nama": "A", "nama": "B", '
           b'"jenis": "tokoh"}]}')
    with pytest.raises(FileFormatError, match="dua kali"):
        files.read_network_bytes(doc, "peta.json")
    with pytest.raises(FileFormatError, match="dua kali"):
        files.read_network_bytes(b'{"format": "kemitraan-peta", "format": "kemitraan-peta"}',
                                 "peta.json")
    with pytest.raises(FileFormatError, match="sudah diisi"):  # "name" and "nama" are one field
        files.from_document({"format": "kemitraan-peta", "versi": 1,
                             "mitra": [{"nama": "A", "name": "B", "jenis": "tokoh"}]})
    path = tmp_path / "buku-kerja.json"
    path.write_text('{"format": "kemitraan-buku-kerja", "versi": 1, "jawaban": {"01": '
                    '{"a": {"nilai": 1}, "a": {"nilai": 2}}}}', encoding="utf-8")
    wb = Workbook(path)
    assert "dua kali" in wb.message and wb.get("01", "a") is None


# ----------------------------------------------------------------------- formulas
def test_a_formula_without_a_cached_value_is_refused_not_read_as_zero(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "mitra"
    ws.append(["nama", "jenis", "pengaruh"])
    ws.append(["KTH A", "kelompok", "=1+2"])  # openpyxl stores no cached value
    path = tmp_path / "rumus.xlsx"
    wb.save(path)
    with pytest.raises(FileFormatError, match="C2.*rumus") as info:
        files.load_network(path)
    assert info.value.row == 2
    cached = SHEET.format(dimension="", rows=inline_row(1, "nama", "jenis", "pengaruh")
                          + '<row r="2"><c r="A2" t="inlineStr"><is><t>KTH A</t></is></c>'
                          '<c r="B2" t="inlineStr"><is><t>tokoh</t></is></c>'
                          '<c r="C2"><f>1+2</f><v>3</v></c></row>')
    assert files.read_network_bytes(with_sheet(cached), "peta.xlsx").partners[0].influence == 3


# ----------------------------------------------------------------------- workbook oddities
@pytest.mark.parametrize("key", ["peta mitra", "Peta", "a\u200b", "a\tb", "ä", "a/b", "-a",
                                 "x" * 61])
def test_odd_workbook_keys_are_refused(tmp_path, key):
    wb = Workbook(tmp_path / "buku-kerja.json")
    with pytest.raises(InvalidValueError, match="huruf kecil"):
        wb.set("03", key, "x")
    with pytest.raises(InvalidValueError):
        wb.set(key, "a", "x")
    assert not wb.path.exists()


def test_workbook_file_with_odd_keys_or_nan_is_treated_as_corrupt(tmp_path):
    for body in ('{"01": {"peta mitra": {"nilai": 1}}}', '{"01": {"a": {"nilai": NaN}}}',
                 '{"01": {"a": {"nilai": Infinity}}}'):
        folder = tmp_path / str(abs(hash(body)))
        folder.mkdir()
        path = folder / "buku-kerja.json"
        path.write_text('{"format": "kemitraan-buku-kerja", "versi": 1, "jawaban": ' + body + "}",
                        encoding="utf-8")
        wb = Workbook(path)
        assert "rusak" in wb.message
        wb.set("02", "b", "baru")
        assert "NaN" not in path.read_text(encoding="utf-8")
        assert json.loads(path.read_text(encoding="utf-8"))["jawaban"] == {
            "02": json.loads(path.read_text(encoding="utf-8"))["jawaban"]["02"]}


def test_workbook_file_starting_with_a_bom_is_read_normally(tmp_path):
    path = tmp_path / "buku-kerja.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({
        "format": "kemitraan-buku-kerja", "versi": 1,
        "jawaban": {"01": {"a": {"nilai": "tersimpan", "diubah": "2026-11-25T10:00:00+07:00"}}},
    }).encode("utf-8"))
    wb = Workbook(path)
    assert wb.message == "" and wb.get("01", "a") == "tersimpan"
    assert not list(tmp_path.glob("*.rusak-*"))


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"),
                                   {"a": [1, float("nan")]}])
def test_nan_and_infinity_are_never_saved(tmp_path, value):
    wb = Workbook(tmp_path / "buku-kerja.json")
    with pytest.raises(InvalidValueError):
        wb.set("01", "a", value)
    with pytest.raises(InvalidValueError):
        Partner(name="A", category="tokoh", influence=value if isinstance(value, float) else 1,
                notes=value if not isinstance(value, float) else "")
    doc = b'{"format": "kemitraan-peta", "versi": 1, "mitra": [{"nama": "A", "jenis": "tokoh", ' \
          b'"pengaruh": NaN}]}'
    with pytest.raises(FileFormatError, match="NaN"):
        files.read_network_bytes(doc, "peta.json")


# ----------------------------------------------------------------------- saved answers
def test_chosen_pattern_with_an_old_or_unknown_key_loads_with_a_note(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("07", "pola-terpilih", {"pattern": "pola-lama-sekali", "label": "Pola Lama",
                                   "reasons": ["alasan"], "situation": {"needs": ["pasar", 5]},
                                   "catatan-lain": "disimpan"})
    loaded = answers.load(answers.POLA_TERPILIH, wb)
    assert loaded.value.item is None and loaded.value.reasons == ("alasan",)
    assert any("pola-lama-sekali" in n for n in loaded.notes)
    assert loaded.value.situation["needs"] == ("pasar",)
    assert loaded.value.extra == {"catatan-lain": "disimpan"}


def test_every_saved_answer_kind_survives_odd_stored_values(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    odd = [5, "teks", [1, {"a": None}], {"x": [1, 2]}, True, None, -3.5, {"jadwal": 7}]
    for item in answers.registered():
        for value in odd:
            wb.set(item.module, item.key, value)
            loaded = answers.load(item, wb)
            assert loaded.found and all(isinstance(n, str) for n in loaded.notes)


# ----------------------------------------------------------------------- formula injection
DANGEROUS = ["=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "+cmd|' /C calc'!A0",
             "@SUM(1+1)", "-2+3", "\t=1+1", "'=sudah dikutip", "''", "'"]
ORDINARY = ["O'Brien", "'Aisyah", "KUD \"Sumber Rezeki\"", "a;b, c", "1+1", "", "Pak =Budi",
            "baris 1\nbaris 2"]


def injection_map() -> PartnerNetwork:
    net = PartnerNetwork()
    for i, text in enumerate(DANGEROUS + ORDINARY):
        name = text if text.strip() and "\n" not in text and "\t" not in text else f"Mitra {i}"
        net.add_partner(name=name, category="lainnya", contact=text.replace("\n", " ")
                        .replace("\t", " "), notes=text)
    return net


def test_csv_export_neutralises_formulas_and_round_trips_exactly(tmp_path):
    net = injection_map()
    path = tmp_path / "peta.csv"
    files.save_network(net, path)
    import csv

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""),
                           delimiter=";"))
    for row in rows[1:]:
        for cell in (row[0], row[7], row[8]):  # nama, kontak, catatan
            assert not cell or cell[0] not in "=+-@\t\r", row  # Excel would evaluate it
    assert files.load_network(path).partners == net.partners


def test_xlsx_export_keeps_formulas_as_text_and_round_trips_exactly(tmp_path):
    net = injection_map()
    path = tmp_path / "peta.xlsx"
    files.save_network(net, path)
    sheet = openpyxl.load_workbook(path)["mitra"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.quotePrefix, cell.coordinate
    assert files.load_network(path).partners == net.partners


# ----------------------------------------------------------------------- refusals change nothing
def test_refused_saves_change_no_file(tmp_path):
    net = small_map()
    files.save_network(net, tmp_path / "peta.csv")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for bad in ("peta.docx", "peta", tmp_path / "tidak-ada" / "peta.csv"):
        with pytest.raises(KemitraanError):
            files.save_network(net, bad)
    with pytest.raises(InvalidValueError):
        files.save_network({"bukan": "peta"}, tmp_path / "peta.csv")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_public_api_is_flat_and_lazy():
    out = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import sys
        import kemitraan_lib
        heavy = [m for m in ("pandas", "numpy", "matplotlib", "networkx", "ipywidgets",
                             "openpyxl", "kemitraan_lib.network") if m in sys.modules]
        from kemitraan_lib import PartnerNetwork, load_case, KemitraanError
        print(heavy, PartnerNetwork.__name__, sorted(set(kemitraan_lib.__all__) - set(dir(
            kemitraan_lib))))
    """)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[] PartnerNetwork []", out.stderr
