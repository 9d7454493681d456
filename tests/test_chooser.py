"""Pilih Pola Kemitraan widget driven from Python: answers, ranking, comparison, saving."""

from __future__ import annotations

import pytest

from kemitraan_lib import content, recommender
from kemitraan_lib.views import chooser as chooser_module
from kemitraan_lib.views.chooser import PatternChooser
from kemitraan_lib.workbook import Workbook


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    path = tmp_path / "buku-kerja.json"
    monkeypatch.setenv("KEMITRAAN_BUKU_KERJA", str(path))
    return Workbook(path)


@pytest.fixture
def chooser(workbook):
    return PatternChooser(workbook=workbook)


def tick(boxes: dict, keys) -> None:
    for key, box in boxes.items():
        box.value = key in keys


def test_each_question_offers_the_resources_asked_on_its_side(chooser):
    for boxes, side in ((chooser.group_boxes, "kelompok"), (chooser.partner_boxes, "mitra"),
                        (chooser.needs_boxes, "kebutuhan")):
        items = [r for r in content.RESOURCES if side in r.sides]
        assert list(boxes) == [r.key for r in items]
        assert [b.description for b in boxes.values()] == [r.label for r in items]
    assert "bantuan" in chooser.partner_boxes and "pembayaran" in chooser.partner_boxes
    assert "bantuan" not in chooser.group_boxes and "badan-hukum" in chooser.group_boxes
    assert "produk" in chooser.group_boxes and "produk" in chooser.needs_boxes
    for radio, collection in ((chooser.duration_input, content.DURATIONS),
                              (chooser.closeness_input, content.CLOSENESS),
                              (chooser.sharing_input, content.SHARING)):
        values = [value for _, value in radio.options]
        assert values == [""] + [item.key for item in collection]
        labels = " ".join(label for label, _ in radio.options)
        assert all(item.description in labels for item in collection)  # explained


def test_textbook_case_by_clicking_puts_kerjasama_operasional_first(chooser):
    tick(chooser.group_boxes, {"lahan", "tenaga"})
    tick(chooser.partner_boxes, {"modal", "manajemen", "pasar"})
    chooser.recommend_button.click()
    assert chooser.message_kind == "berhasil", chooser.message
    assert chooser.recommendations[0].pattern.key == "kerjasama-operasional"
    expected = recommender.recommend(group_brings={"lahan", "tenaga"},
                                     partner_brings={"modal", "manajemen", "pasar"})
    assert [r.pattern.key for r in chooser.recommendations] == [r.pattern.key for r in expected]
    html = chooser.result.value
    first = html.split("class='pp-pola'")[1]
    assert "Kerja Sama Operasional" in first
    assert "skor" in first
    fits = first.split("class='pp-cocok'")[1].split("</div>")[0]
    for reason in expected[0].fits:
        assert reason.replace("'", "&#x27;") in fits or reason in fits
    assert "Lahan dan tempat usaha" in first and "Modal usaha" in first  # who brings what
    assert "Pasal 35" in first  # the legal warning
    assert "tafsiran kursus" in first  # profit and risk are the course's own reading
    assert expected[0].pattern.risks[0] in first
    assert html.index("Kerja Sama Operasional") < html.index(expected[1].pattern.label)


def test_mismatches_are_listed_apart_from_the_reasons_it_fits(chooser):
    chooser.set_answers(group=["lahan", "tenaga"], partner=["modal", "manajemen", "pasar"],
                        duration="pendek", closeness="longgar", sharing="jual-beli")
    chooser.recommend_button.click()
    card = chooser.result.value.split("data-pola='kerjasama-operasional'")[1]
    card = card.split("class='pp-pola'")[0]
    fits = card.split("class='pp-cocok'")[1].split("</div>")[0]
    misfits = card.split("class='pp-tidak-cocok'")[1].split("</div>")[0]
    assert "kurang cocok" not in fits and "pendek" not in fits
    assert "Jangka waktu &#x27;pendek&#x27; kurang cocok" in misfits
    chooser.pattern_picker.value = "kerjasama-operasional"
    chooser.save_button.click()
    assert not any("kurang cocok" in r for r in chooser.saved["reasons"])
    assert any("kurang cocok" in r for r in chooser.saved["misfits"])


def test_aid_leads_to_the_non_business_outcome_with_what_to_do_instead(chooser):
    chooser.set_answers(group=["lahan", "tenaga"], partner=["bantuan", "sarana", "teknologi"],
                        needs=["sarana"])
    chooser.recommend_button.click()
    assert chooser.recommendations[0].pattern.key == "bukan-kemitraan-usaha"
    first = chooser.result.value.split("class='pp-pola'")[1]
    assert "Yang sebaiknya dilakukan" in first and "Pasal 35" not in first


def test_supermarket_case_puts_dagang_umum_first(chooser):
    chooser.set_answers(group=["tenaga", "produk"], partner=["pasar"], needs=["pasar"])
    chooser.recommend_button.click()
    assert chooser.recommendations[0].pattern.key == "dagang-umum"


def test_wishes_reach_the_recommender(chooser, monkeypatch):
    seen = []
    real = recommender.recommend

    def spy(situation=None, **fields):
        seen.append(situation)
        return real(situation, **fields)

    monkeypatch.setattr(recommender, "recommend", spy)
    chooser.set_answers(group=["lahan"], partner=["modal"], needs=["modal", "pasar"],
                        duration="panjang", closeness="erat", sharing="bagi-hasil")
    chooser.recommend_button.click()
    (situation,) = seen
    assert situation == recommender.Situation(
        group_brings=frozenset({"lahan"}), partner_brings=frozenset({"modal"}),
        needs=frozenset({"modal", "pasar"}), duration="panjang", closeness="erat",
        sharing="bagi-hasil")


def test_comparison_table_shows_top_three_side_by_side(chooser):
    chooser.set_answers(group=["lahan", "tenaga"], partner=["modal", "manajemen", "pasar"])
    chooser.recommend_button.click()
    table = chooser.comparison.value
    rows = recommender.compare(chooser.recommendations, top=3)
    header = table.split("</thead>")[0]
    for rec in chooser.recommendations[:3]:
        assert rec.pattern.label in header
    assert chooser.recommendations[3].pattern.label not in header
    assert table.count("<tr>") == len(rows) + 1
    assert "Aspek" in header


@pytest.mark.parametrize(
    ("group", "partner", "expected"),
    [((), ("modal",), "pertanyaan 1"), (("lahan",), (), "pertanyaan 2"),
     ((), (), "pertanyaan 1")],
)
def test_nothing_ticked_gives_a_hint_and_no_ranking(chooser, group, partner, expected):
    chooser.set_answers(group=group, partner=partner)
    chooser.recommend_button.click()
    assert chooser.message_kind == "galat"
    assert expected in chooser.message and "Centang" in chooser.message
    assert chooser.recommendations == []
    assert chooser.save_button.disabled


def test_hint_keeps_the_previous_answer_visible(chooser):
    chooser.set_answers(group=["lahan"], partner=["modal"])
    chooser.recommend_button.click()
    shown = chooser.result.value
    tick(chooser.group_boxes, set())
    chooser.recommend_button.click()
    assert chooser.message_kind == "galat"
    assert chooser.result.value == shown
    assert chooser.partner_boxes["modal"].value  # the other answers stay ticked


def test_save_choice_into_workbook_and_show_tersimpan(chooser, workbook):
    chooser.set_answers(group=["lahan", "tenaga"], partner=["modal", "manajemen", "pasar"],
                        duration="menengah")
    assert chooser.save_button.disabled
    chooser.recommend_button.click()
    assert not chooser.save_button.disabled
    second = chooser.recommendations[1].pattern.key
    chooser.pattern_picker.value = second  # the facilitator may prefer another one
    chooser.save_button.click()
    assert "Tersimpan" in chooser.status.value
    saved = Workbook(workbook.path).get("07", "pola-terpilih")
    rec = chooser.recommendations[1]
    assert saved["pattern"] == second
    assert saved["label"] == rec.pattern.label
    assert saved["reasons"] == list(rec.fits)
    assert saved["misfits"] == list(rec.misfits)
    assert saved["situation"] == {
        "group_brings": ["lahan", "tenaga"], "partner_brings": ["manajemen", "modal", "pasar"],
        "needs": [], "duration": "menengah", "closeness": "", "sharing": ""}


def test_saved_answers_come_back(chooser, workbook):
    chooser.set_answers(group=["tenaga", "produk"], partner=["pasar"], needs=["pasar"],
                        sharing="jual-beli")
    chooser.recommend_button.click()
    chooser.save_button.click()
    again = PatternChooser(workbook=Workbook(workbook.path))
    assert again.group_boxes["tenaga"].value and not again.group_boxes["lahan"].value
    assert again.partner_boxes["pasar"].value
    assert again.sharing_input.value == "jual-beli"
    assert "Dagang umum / perdagangan umum" in again.status.value


def test_a_choice_saved_under_a_former_key_still_restores(workbook):
    workbook.set("07", "pola-terpilih", {
        "pattern": "perdagangan-umum", "label": "Perdagangan Umum",
        "situation": {"group_brings": ["tenaga"], "partner_brings": ["pasar"]}})
    again = PatternChooser(workbook=workbook)
    assert again.group_boxes["tenaga"].value and again.partner_boxes["pasar"].value
    assert "Perdagangan Umum" in again.status.value


def test_broken_saved_answers_are_ignored_with_a_notice(workbook):
    workbook.set("07", "pola-terpilih", {"pattern": "x", "situation": {"duration": "abadi"}})
    again = PatternChooser(workbook=workbook)
    assert "tidak dapat dipulihkan" in again.message
    assert again.duration_input.value == ""


def test_unknown_resource_from_python_is_refused(chooser):
    with pytest.raises(ValueError, match="uang"):
        chooser.set_answers(group=["uang"], partner=["modal"])


def test_unexpected_error_is_shown_not_raised(chooser, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("mesin rusak")

    monkeypatch.setattr(recommender, "recommend", broken)
    chooser.set_answers(group=["lahan"], partner=["modal"])
    chooser.recommend_button.click()
    assert chooser.message.startswith("Terjadi kesalahan tak terduga")
    assert "mesin rusak" in chooser.message
    assert "RuntimeError" in chooser.last_traceback


def test_save_failure_is_reported(chooser, monkeypatch):
    chooser.set_answers(group=["lahan"], partner=["modal"])
    chooser.recommend_button.click()

    def broken(*args, **kwargs):
        raise chooser_module.KemitraanError("Buku kerja tidak bisa disimpan di X: penuh.")

    monkeypatch.setattr(chooser._workbook, "set", broken)
    chooser.save_button.click()
    assert chooser.message_kind == "galat" and "tidak bisa disimpan" in chooser.message
    assert "Tersimpan" not in chooser.status.value
