"""Cek Kesehatan Kemitraan: model, saved history, pictures (content), widget, Excel."""

from __future__ import annotations

import io

import pytest

from kemitraan_lib import answers, capstone, content, kesehatan
from kemitraan_lib.errors import InvalidValueError, KemitraanError
from kemitraan_lib.workbook import Workbook

KEYS = [s.key for s in kesehatan.statements()]


def all_of(value: int) -> dict:
    return {k: value for k in KEYS}


def test_statements_cover_every_principle_three_times_and_cite_the_content():
    items = kesehatan.statements()
    assert len({s.key for s in items}) == len(items) == 18
    for p in content.PRINCIPLES:
        mine = [s for s in items if s.principle == p.key]
        assert len(mine) == 3, p.key
    known = set()
    for name in ("PRINCIPLES", "CONDITIONS", "TECHNIQUES", "GENERAL_PRINCIPLES"):
        known |= set(content.keys(content.COLLECTIONS[name]))
    used = {k for s in items for k in s.sources}
    assert used <= known
    # the conditions and the keeping techniques are both drawn on
    assert used & set(content.keys(content.CONDITIONS))
    assert len(used & set(content.keys(content.TECHNIQUES))) >= 4


def test_scores_per_party_principle_and_overall_with_course_bands():
    ratings = {"kelompok": all_of(5), "mitra": all_of(4)}
    ratings["mitra"]["percaya-jujur"] = 1  # mitra's trust: (1 + 4 + 4) / 3 = 3
    check = kesehatan.make_check("01/03/2026", ratings, "di balai desa")
    assert check.date == "2026-03-01"
    result = kesehatan.scores(check)
    assert result.by_party["kelompok"]["kepercayaan"] == 5
    assert result.by_party["mitra"]["kepercayaan"] == 3
    assert result.by_principle["kepercayaan"] == 4
    assert result.by_principle["komitmen-kuat"] == 4.5
    assert result.overall == pytest.approx((4 + 4.5 * 5) / 6, abs=0.01)
    assert result.band.key == "sehat"
    assert result.weakest == ("kepercayaan",)
    assert [kesehatan.band(x).key for x in (5, 4.2, 4.19, 3.4, 2.6, 2.59, 1)] == [
        "sehat", "sehat", "cukup", "cukup", "rawan", "kritis", "kritis"]


def test_gaps_of_two_points_become_meeting_topics_with_the_course_advice():
    ratings = {"kelompok": all_of(4), "mitra": all_of(4), "fasilitator": all_of(4)}
    for key in ("dialog-dua-arah", "dialog-tanda", "dialog-masukan"):
        ratings["mitra"][key] = 2  # the partner sees dialogue 2 points lower
    ratings["fasilitator"]["komit-janji"] = 1  # commitment: (1+4+4)/3 = 3, only 1 apart
    found = kesehatan.gaps(kesehatan.make_check("2026-03-01", ratings))
    assert [(g.principle.key, g.first, g.second, g.difference) for g in found] == [
        ("komunikasi-dialogis", "kelompok", "mitra", 2.0),
        ("komunikasi-dialogis", "mitra", "fasilitator", 2.0)]
    principle = content.by_key(content.PRINCIPLES, "komunikasi-dialogis")
    assert principle.if_missing in found[0].advice and "Saran kursus" in found[0].advice
    assert "Mitra memberi 2" in found[0].topic


@pytest.mark.parametrize("date,ratings,note,fragment", [
    ("kemarin", {"kelompok": {"visi-arah": 3}}, "", "Tanggal"),
    ("2026-02-30", {"kelompok": {"visi-arah": 3}}, "", "Tanggal"),
    ("2026-03-01", {"tetangga": {"visi-arah": 3}}, "", "Pihak"),
    ("2026-03-01", {"kelompok": {"visi-arah": 6}}, "", "1 sampai 5"),
    ("2026-03-01", {"kelompok": {"visi-arah": 2.5}}, "", "1 sampai 5"),
    ("2026-03-01", {"kelompok": {"visi-arah": True}}, "", "1 sampai 5"),
    ("2026-03-01", {"kelompok": {"tidak-ada": 3}}, "", "tidak ada"),
    ("2026-03-01", {"kelompok": {}}, "", "belum berisi nilai"),
    ("2026-03-01", [1, 2], "", "kamus"),
    ("2026-03-01", {"kelompok": [3]}, "", "kamus"),
    ("2026-03-01", {"kelompok": {"visi-arah": 3}}, "a\x00b", "tanda kendali"),
    ("2026-03-01", {"kelompok": {"visi-arah": 3}}, "x" * 501, "terlalu panjang"),
])
def test_bad_input_is_refused_in_indonesian(date, ratings, note, fragment):
    with pytest.raises(InvalidValueError, match=fragment):
        kesehatan.make_check(date, ratings, note)


def test_history_is_saved_by_date_merges_parties_and_gives_a_trend(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    first = kesehatan.add_check([], kesehatan.make_check("2026-03-01", {"kelompok": all_of(2)}))
    both = kesehatan.add_check(first, kesehatan.make_check("2026-03-01", {"mitra": all_of(4)}))
    assert len(both) == 1 and set(both[0]["nilai"]) == {"kelompok", "mitra"}
    later = kesehatan.add_check(both, kesehatan.make_check("2026-09-01", {"kelompok": all_of(5)}))
    answers.save(answers.CEK_KESEHATAN, later, wb)
    loaded = answers.load(answers.CEK_KESEHATAN, Workbook(wb.path))
    assert [c.date for c in loaded.value] == ["2026-03-01", "2026-09-01"]
    rows = kesehatan.trend(loaded.value)
    assert [r["keseluruhan"] for r in rows] == [3.0, 5.0]
    assert [r["pita"] for r in rows] == ["Rawan", "Sehat"]


def test_a_refused_save_changes_nothing_and_odd_stored_checks_are_skipped(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    good = kesehatan.add_check([], kesehatan.make_check("2026-03-01", {"kelompok": all_of(3)}))
    answers.save(answers.CEK_KESEHATAN, good, wb)
    before = wb.path.read_bytes()
    for bad in ("teks", [{"tanggal": "x"}], [{"tanggal": "2026-03-01", "nilai": {"a": {}}}]):
        with pytest.raises(KemitraanError):
            answers.save(answers.CEK_KESEHATAN, bad, wb)
        assert wb.path.read_bytes() == before
    wb.set("09", "cek-kesehatan", good + [{"tanggal": "rusak"}, 7])
    loaded = answers.load(answers.CEK_KESEHATAN, wb)
    assert len(loaded.value) == 1 and "2 catatan" in loaded.notes[0]


def test_the_plan_shows_the_latest_check_and_its_meeting_topics(tmp_path):
    wb = Workbook(tmp_path / "buku-kerja.json")
    ratings = {"kelompok": all_of(5), "mitra": all_of(2)}
    answers.save(answers.CEK_KESEHATAN, kesehatan.add_check([], kesehatan.make_check(
        "2026-03-01", ratings)), wb)
    plan = capstone.build_plan(wb, draw=False, example_if_missing=False)
    page = capstone.to_html(plan)
    assert "Cek kesehatan kemitraan" in page
    assert "2026-03-01: nilai keseluruhan 3.5 (Cukup sehat" in page
    assert page.count("Bahas: ") == 6  # every principle: 5 vs 2


def test_excel_export_holds_summary_ratings_and_topics_and_keeps_formulas_as_text():
    from openpyxl import load_workbook

    check = kesehatan.make_check("2026-03-01", {"kelompok": all_of(5), "mitra": all_of(2)},
                                 "=HYPERLINK(\"http://x\")")
    book = load_workbook(io.BytesIO(kesehatan.excel_bytes([check])))
    assert book.sheetnames == ["ringkasan", "nilai", "selisih"]
    assert book["ringkasan"]["B2"].value == 3.5
    assert book["nilai"].max_row == 1 + 36
    assert book["nilai"]["F2"].data_type == "s" and book["nilai"]["F2"].quotePrefix
    assert book["selisih"].max_row == 1 + 6


def test_radar_has_one_axis_per_principle_one_line_per_party_and_red_gap_labels():
    ratings = {"kelompok": all_of(4), "mitra": all_of(4), "fasilitator": {"visi-arah": 4}}
    for key in ("percaya-jujur", "percaya-tanda", "percaya-butuh"):
        ratings["mitra"][key] = 1
    from kemitraan_lib.drawing.health import GAP_COLOUR, PARTY_COLOURS, draw_radar

    fig = draw_radar(kesehatan.make_check("2026-03-01", ratings))
    ax = fig.axes[0]
    assert len(ax.get_xticks()) == 6
    ticks = ax.get_xticklabels()
    assert [t.get_text().replace("\n", " ") for t in ticks][1].startswith("Kepercayaan")
    red = [t.get_text() for t in ticks if t.get_color() == GAP_COLOUR]
    assert red == ["Kepercayaan"]
    lines = {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}
    assert set(lines) == {"pihak-kelompok", "pihak-mitra", "pihak-fasilitator"}
    assert lines["pihak-mitra"].get_color() == PARTY_COLOURS["mitra"]
    assert list(lines["pihak-mitra"].get_ydata())[:2] == [4, 1]
    assert len(lines["pihak-mitra"].get_ydata()) == 7  # closed: six axes + back to the first
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Fasilitator (5 prinsip belum dinilai)" in legend


def test_trend_chart_draws_the_overall_line_over_the_dates():
    from kemitraan_lib.drawing.health import draw_health_trend

    checks = [kesehatan.make_check(d, {"kelompok": all_of(v)})
              for d, v in (("2026-09-01", 5), ("2026-03-01", 2), ("2026-06-01", 3))]
    ax = draw_health_trend(checks).axes[0]
    overall = next(line for line in ax.get_lines() if line.get_gid() == "keseluruhan")
    assert list(overall.get_ydata()) == [2, 3, 5]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2026-03-01", "2026-06-01",
                                                           "2026-09-01"]
    assert len(ax.get_lines()) == 7


# ------------------------------------------------------------------ widget (no browser)
def test_widget_rates_per_party_saves_merges_and_shows_results(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.kesehatan import HealthCheckView

    wb = Workbook(tmp_path / "buku-kerja.json")
    view = HealthCheckView(workbook=wb, today="2026-03-01")
    assert len(view.choices) == 18
    for choice in view.choices.values():
        choice.value = "5"
    view.party_input.value = "mitra"
    assert all(c.value == "–" for c in view.choices.values())  # the partner starts empty
    for choice in view.choices.values():
        choice.value = "2"
    view.save_button.click()
    assert view.message_kind == "berhasil", view.message
    assert "Kelompok (masyarakat), Mitra" in view.message
    assert "3.5 — Cukup sehat" in view.result.value
    assert view.result.value.count("<li>") == 6
    assert view.radar.value[:4] == b"\x89PNG"
    view.party_input.value = "kelompok"
    assert all(c.value == "5" for c in view.choices.values())  # nothing typed is lost
    # a second date: the trend appears
    view.date_input.value = "2026-09-01"
    assert all(c.value == "–" for c in view.choices.values())
    view.choices["visi-arah"].value = "4"
    view.save_button.click()
    assert view.trend.layout.display == "" and view.trend.value[:4] == b"\x89PNG"
    # a new view of the same workbook restores the first date's ratings
    again = HealthCheckView(workbook=Workbook(wb.path), today="2026-03-01")
    assert again.choices["visi-arah"].value == "5"
    # typing a date keeps unsaved ratings; a saved date's ratings are not mixed in
    again.choices["visi-arah"].value = "1"
    again.date_input.value = "2026-12-0"
    again.date_input.value = "2026-12-01"
    assert again.choices["visi-arah"].value == "1"
    again.date_input.value = "2026-09-01"
    assert again.choices["visi-arah"].value == "4" and "sementara" in again.message
    again.date_input.value = "2026-12-01"
    assert again.choices["visi-arah"].value == "1"
    again.excel_button.click()
    assert again.message_kind == "berhasil" and "2 cek kesehatan" in again.message
    assert 'download="cek-kesehatan-kemitraan.xlsx"' in again.download.value


def test_widget_refuses_bad_input_and_keeps_the_workbook(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.kesehatan import HealthCheckView

    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("01", "ada", "jawaban lama")
    before = wb.path.read_bytes()
    view = HealthCheckView(workbook=wb, today="2026-03-01")
    view.save_button.click()
    assert view.message_kind == "galat" and "belum berisi nilai" in view.message
    view.choices["visi-arah"].value = "3"
    view.date_input.value = "31/02/2026"
    view.save_button.click()
    assert view.message_kind == "galat" and "Tanggal" in view.message
    view.excel_button.click()
    assert view.message_kind == "galat" and "Belum ada cek" in view.message
    assert wb.path.read_bytes() == before
    assert view.ratings["kelompok"]["visi-arah"] == 3  # what was typed is still there


def test_radar_svg_has_six_axes_a_polygon_per_party_and_red_gap_labels():
    from kemitraan_lib.drawing.health import GAP_COLOUR, radar_svg

    ratings = {"kelompok": all_of(4), "mitra": all_of(4)}
    ratings["mitra"].update({"percaya-jujur": 1, "percaya-tanda": 1, "percaya-butuh": 1})
    svg = radar_svg(kesehatan.make_check("2026-03-01", ratings))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="sumbu"') == 6
    assert svg.count('class="pihak-kelompok"') == svg.count('class="pihak-mitra"') == 1
    assert 'class="pihak-fasilitator"' not in svg
    assert svg.count('class="label selisih"') == 1
    assert f'fill="{GAP_COLOUR}" font-weight="bold">Kepercayaan</text>' in svg
    ratings["mitra"]["visi-arah"] = 5  # text is escaped, numbers from the model only
    assert "<script" not in radar_svg(kesehatan.make_check("2026-03-01", ratings, "<script>"))


def test_widget_keeps_unreadable_old_checks_aside_when_saving(tmp_path):
    pytest.importorskip("ipywidgets")
    from kemitraan_lib.views.kesehatan import HealthCheckView

    wb = Workbook(tmp_path / "buku-kerja.json")
    wb.set("09", "cek-kesehatan", [{"tanggal": "rusak"}])
    view = HealthCheckView(workbook=wb, today="2026-03-01")
    view.choices["visi-arah"].value = "4"
    view.save_button.click()
    assert view.message_kind == "berhasil", view.message
    assert wb.get("09", "cek-kesehatan-tidak-terbaca") == [{"tanggal": "rusak"}]
