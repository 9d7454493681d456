"""The monev plan over time: dated reviews, flags, the light chart (colours), widget, Excel."""

from __future__ import annotations

import io

import pytest

from kemitraan_lib import answers, capstone, monev
from kemitraan_lib.errors import KemitraanError
from kemitraan_lib.workbook import Workbook


def plan(*lights):
    names = ("Bibit tertanam", "Bibit hidup", "Pertemuan rutin")
    return [{"indikator": n, "target": "t", "siapa": "Ketua KTH", "kapan": "tiap 3 bulan",
             "status": s} for n, s in zip(names, lights, strict=False)]


REVIEWS = [("2026-01-10", ("hijau", "kuning", "merah")),
           ("2026-04-10", ("hijau", "merah", "merah")),
           ("2026-07-10", ("kuning", "merah", "kuning"))]


def stored():
    out = []
    for date, lights in REVIEWS:
        out = monev.add_review(out, monev.dated_review(date, plan(*lights)))
    return out


def test_history_flags_red_twice_in_a_row_and_worsening():
    result = monev.history(stored())
    assert result.dates == ("2026-01-10", "2026-04-10", "2026-07-10")
    assert result.lights["Bibit hidup"] == ("kuning", "merah", "merah")
    assert result.flags == {
        "Bibit tertanam": ("memburuk (hijau → kuning)",),
        "Bibit hidup": ("merah dua kali berturut-turut",),
        "Pertemuan rutin": ("merah dua kali berturut-turut",),
    }
    # a later improvement is not "worsening", a missing review breaks "in a row"
    later = monev.add_review(stored()[:1], monev.dated_review("2026-02-01", plan("", "")))
    later = monev.add_review(later, monev.dated_review("2026-03-01", plan("hijau", "merah")))
    flags = monev.history(later).flags
    assert "Bibit tertanam" not in flags
    assert flags["Bibit hidup"] == ("memburuk (kuning → merah)",)
    rows = monev.history_rows(stored())
    assert rows[1] == {"indikator": "Bibit hidup", "2026-01-10": "kuning", "2026-04-10": "merah",
                       "2026-07-10": "merah", "perlu perhatian": "merah dua kali berturut-turut"}


def test_same_date_replaces_and_indicators_match_whatever_the_case():
    first = monev.add_review([], monev.dated_review("2026-01-10", plan("hijau")))
    again = monev.add_review(first, monev.dated_review("10/01/2026", plan("merah")))
    assert len(again) == 1 and again[0]["baris"][0]["status"] == "merah"
    lower = plan("merah")
    lower[0]["indikator"] = "bibit TERTANAM"
    both = monev.add_review(again, monev.dated_review("2026-02-10", lower))
    assert monev.history(both).names == ("Bibit tertanam",)


@pytest.mark.parametrize("date,rows,fragment", [
    ("kemarin", plan("hijau"), "Tanggal"),
    ("2026-01-10", [], "kosong"),
    ("2026-01-10", "baris", "daftar"),
    ("2026-01-10", plan("biru"), "Status"),
    ("2026-01-10", [{"indikator": "", "target": "x", "siapa": "y", "kapan": "z"}], "kosong"),
])
def test_bad_reviews_are_refused_in_indonesian(date, rows, fragment):
    with pytest.raises(KemitraanError, match=fragment):
        monev.dated_review(date, rows)


def test_saved_in_the_workbook_refusal_changes_nothing_and_plan_shows_flags(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    answers.save(answers.RIWAYAT_MONEV, stored(), wb)
    before = wb.path.read_bytes()
    with pytest.raises(KemitraanError):
        answers.save(answers.RIWAYAT_MONEV, [{"tanggal": "2026-01-01", "baris": []}], wb)
    assert wb.path.read_bytes() == before
    assert len(answers.load(answers.RIWAYAT_MONEV, Workbook(wb.path)).value) == 3
    page = capstone.to_html(capstone.build_plan(wb, draw=False))
    assert "Perlu perhatian: Bibit hidup — merah dua kali berturut-turut." in page


def test_chart_has_one_square_per_indicator_and_review_in_the_light_colours():
    from matplotlib.colors import to_hex

    from kemitraan_lib.drawing.monev import FLAG_COLOUR, LIGHT_COLOURS, draw_monev_history

    ax = draw_monev_history(stored()).axes[0]
    squares = [p for p in ax.patches if (p.get_gid() or "").startswith("lampu-")]
    assert len(squares) == 9
    by_gid = {}
    for p in squares:
        by_gid.setdefault(p.get_gid(), set()).add(to_hex(p.get_facecolor()))
    assert by_gid == {"lampu-hijau": {LIGHT_COLOURS["hijau"]},
                      "lampu-kuning": {LIGHT_COLOURS["kuning"]},
                      "lampu-merah": {LIGHT_COLOURS["merah"]}}
    assert sum(p.get_gid() == "lampu-merah" for p in squares) == 4
    assert [t.get_text() for t in ax.get_xticklabels()] == [d for d, _ in REVIEWS]
    flagged = [t.get_text() for t in ax.get_yticklabels() if t.get_color() == FLAG_COLOUR]
    assert flagged == ["⚠ Bibit tertanam", "⚠ Bibit hidup", "⚠ Pertemuan rutin"]


def test_excel_colours_each_light_and_lists_every_row():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(monev.history_excel_bytes(stored())))
    ws = book["riwayat"]
    assert [c.value for c in ws[1]] == ["indikator", "2026-01-10", "2026-04-10", "2026-07-10",
                                        "perlu perhatian"]
    assert ws["C3"].value == "merah" and ws["C3"].fill.fgColor.rgb.endswith("FFCDD2")
    assert ws["B2"].fill.fgColor.rgb.endswith("C8E6C9")
    assert book["tinjauan"].max_row == 1 + 9


def test_widget_saves_the_current_plan_as_a_dated_review(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.monev_riwayat import MonevHistoryView

    wb = Workbook(tmp_path / "buku-kerja.json")
    view = MonevHistoryView(workbook=wb, today="2026-01-10")
    view.save_button.click()
    assert view.message_kind == "galat" and "kosong" in view.message
    view.excel_button.click()
    assert view.message_kind == "galat"
    for date, lights in REVIEWS[:2]:
        answers.save(answers.RENCANA_MONEV, plan(*lights), wb)
        view.date_input.value = date
        view.save_button.click()
        assert view.message_kind == "berhasil", view.message
    assert "2 tinjauan dalam riwayat" in view.message
    assert view.chart.value[:4] == b"\x89PNG"
    assert "Bibit hidup" in view.flags.value and "Pertemuan rutin" in view.flags.value
    before = wb.path.read_bytes()
    view.date_input.value = "31/02/2026"
    view.save_button.click()
    assert view.message_kind == "galat" and "Tanggal" in view.message
    assert wb.path.read_bytes() == before
    view.excel_button.click()
    assert 'download="riwayat-monev.xlsx"' in view.download.value


def test_history_table_colours_each_cell_and_marks_flagged_indicators():
    from kemitraan_lib.drawing.monev import FLAG_COLOUR, LIGHT_COLOURS, monev_history_html

    page = monev_history_html(stored())
    assert page.count('class="lampu-merah"') == 4 and page.count('class="lampu-hijau"') == 2
    assert page.count(f"background:{LIGHT_COLOURS['kuning']}") == 3
    assert page.count(f"color:{FLAG_COLOUR};font-weight:bold\">⚠ ") == 3
    assert "Belum ada tinjauan" in monev_history_html([])


def test_widget_keeps_unreadable_old_reviews_aside_when_saving(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.monev_riwayat import MonevHistoryView

    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("08", "riwayat-monev", [7])
    answers.save(answers.RENCANA_MONEV, plan("hijau"), wb)
    view = MonevHistoryView(workbook=wb, today="2026-01-10")
    view.save_button.click()
    assert view.message_kind == "berhasil", view.message
    assert wb.get("08", "riwayat-monev-tidak-terbaca") == [7]
