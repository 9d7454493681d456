"""Tests for kemitraan_lib.recommender: Situation -> ranked Recommendation list."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kemitraan_lib import content
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.recommender import (
    WEIGHTS,
    Recommendation,
    Situation,
    compare,
    recommend,
)

RESOURCE_KEYS = content.keys(content.RESOURCES)
PATTERN_KEYS = content.keys(content.PATTERNS)

# name -> (situation fields, expected first pattern)
CASES = {
    # Textbook: farmer group with land + labour; company with capital, management, market.
    "buku-kerjasama-operasional": (
        dict(
            group_brings={"lahan", "tenaga"},
            partner_brings={"modal", "manajemen", "pasar"},
            needs={"modal", "manajemen", "pasar"},
        ),
        "kerjasama-operasional",
    ),
    # Textbook: a small producer whose goods a supermarket sells (knitted bags, Swalayan).
    "buku-dagang-umum": (
        dict(group_brings={"tenaga"}, partner_brings={"pasar"}, needs={"pasar"}),
        "dagang-umum",
    ),
    # Women's group that knows local buyers sells a fertiliser factory's goods on credit.
    "keagenan-pupuk": (
        dict(
            group_brings={"tenaga", "pasar"},
            partner_brings={"modal", "manajemen"},
            needs={"modal"},
        ),
        "keagenan",
    ),
    # Group with savings and workers opens an outlet under a known brand.
    "waralaba-gerai": (
        dict(
            group_brings={"modal", "tenaga"},
            partner_brings={"manajemen", "teknologi", "pasar"},
            needs={"manajemen", "pasar"},
            closeness="erat",
        ),
        "waralaba",
    ),
    # Tailors sew parts for a garment factory that brings orders, material and know-how.
    "subkontrak-jahit": (
        dict(
            group_brings={"tenaga"},
            partner_brings={"pasar", "teknologi", "manajemen", "modal"},
            needs={"pasar", "teknologi"},
            duration="pendek",
        ),
        "subkontrak",
    ),
    # Smallholders with land next to a mill that finances, trains and buys for years.
    "inti-plasma-kebun": (
        dict(
            group_brings={"lahan", "tenaga"},
            partner_brings={"modal", "manajemen", "teknologi", "pasar"},
            needs={"modal", "teknologi", "pasar"},
            duration="panjang",
            sharing="jual-beli",
        ),
        "inti-plasma",
    ),
    # A state firm lends capital without interest and coaches; it does not buy the goods.
    "bapak-angkat-peternak": (
        dict(
            group_brings={"tenaga"},
            partner_brings={"modal", "manajemen"},
            needs={"modal", "manajemen"},
        ),
        "bapak-angkat",
    ),
    # Forest farmers supply timber to a furniture maker that sets standards and buys.
    "rantai-pasok-kayu": (
        dict(
            group_brings={"lahan", "tenaga"},
            partner_brings={"pasar", "manajemen", "teknologi"},
            needs={"pasar", "teknologi"},
        ),
        "rantai-pasok",
    ),
    # Only capital is missing: cattle given to be raised, calves shared.
    "bagi-hasil-gaduhan": (
        dict(
            group_brings={"lahan", "tenaga"},
            partner_brings={"modal"},
            needs={"modal"},
            sharing="bagi-hasil",
        ),
        "bagi-hasil",
    ),
    # Mothers' group runs daily catering for a factory: a support service.
    "penyumberluaran-katering": (
        dict(
            group_brings={"tenaga", "manajemen"},
            partner_brings={"modal", "pasar"},
            needs={"pasar"},
        ),
        "penyumberluaran",
    ),
}


def keys_of(recs):
    return [r.pattern.key for r in recs]


# ---------------------------------------------------------------- ranking


@pytest.mark.parametrize("name", sorted(CASES))
def test_realistic_cases_rank_the_expected_pattern_first(name):
    fields, expected = CASES[name]
    recs = recommend(**fields)
    assert recs[0].pattern.key == expected, [(r.pattern.key, r.score) for r in recs[:4]]


def test_textbook_case_scores_clearly_above_the_runner_up():
    fields, _ = CASES["buku-kerjasama-operasional"]
    recs = recommend(**fields)
    assert recs[0].score == 95.0
    assert recs[0].score - recs[1].score >= 5


def test_twins_both_appear_and_materi_ranks_first():
    recs = recommend(**CASES["buku-dagang-umum"][0])
    assert keys_of(recs)[:2] == ["dagang-umum", "perdagangan-umum"]
    assert recs[0].score == recs[1].score
    recs = recommend(**CASES["keagenan-pupuk"][0])
    assert keys_of(recs)[:2] == ["keagenan", "distribusi-keagenan"]


def test_ties_are_broken_by_source_then_key():
    # Nothing given: all patterns tie, so the order is materi first, then key order.
    recs = recommend()
    assert len({r.score for r in recs}) == 1
    materi = sorted(p.key for p in content.PATTERNS if p.source == "materi")
    law = sorted(p.key for p in content.PATTERNS if p.source == "uu")
    assert keys_of(recs) == materi + law


@pytest.mark.parametrize("pattern", content.PATTERNS, ids=lambda p: p.key)
def test_each_pattern_wins_its_own_ideal_situation(pattern):
    recs = recommend(
        group_brings=pattern.small_gives,
        partner_brings=pattern.large_gives,
        needs=pattern.serves_needs,
        duration=pattern.duration[0],
        closeness=pattern.closeness[0],
        sharing=pattern.sharing[0] if pattern.sharing else "",
    )
    best = recs[0].score
    winners = {r.pattern.key for r in recs if r.score == best}
    assert pattern.key in winners
    assert winners <= {pattern.key, pattern.same_as}


def test_wishes_change_the_score_in_the_documented_way():
    base = dict(group_brings={"tenaga"}, partner_brings={"pasar"}, needs={"pasar"})
    neutral = recommend(**base)[0]
    fits = recommend(**base, sharing="jual-beli")[0]
    misfit = {r.pattern.key: r for r in recommend(**base, sharing="bagi-risiko")}["dagang-umum"]
    third = WEIGHTS["wishes"] / 3
    assert fits.score == pytest.approx(neutral.score + third / 2, abs=0.1)
    assert misfit.score == pytest.approx(neutral.score - third / 2, abs=0.1)


def test_scores_follow_the_formula_for_a_partial_match():
    # kerjasama-operasional: group 1/3 Jaccard ({tenaga} vs {lahan,tenaga} plus modal),
    # partner {modal} vs {modal,manajemen,pasar} = 1/3, needs {pasar}: not brought -> 0.
    recs = {
        r.pattern.key: r
        for r in recommend(
            group_brings={"tenaga", "modal"}, partner_brings={"modal"}, needs={"pasar"}
        )
    }
    expected = 40 * 0 + 25 * (1 / 3) + 25 * (1 / 3) + 10 * 0.5
    assert recs["kerjasama-operasional"].score == round(expected, 1)


# ---------------------------------------------------------------- reasons, warnings


def test_reasons_mention_the_inputs():
    rec = recommend(**CASES["buku-kerjasama-operasional"][0])[0]
    text = " ".join(rec.reasons)
    assert rec.reasons[0].startswith("Kelompok menyediakan lahan dan tenaga kerja")
    assert "Kerjasama Operasional" in rec.reasons[0]
    assert rec.reasons[1].startswith("Mitra menyediakan modal, manajemen dan pasar")
    assert "semua kebutuhan" in text


def test_reasons_name_what_is_missing():
    recs = {
        r.pattern.key: r
        for r in recommend(
            group_brings={"tenaga"},
            partner_brings={"pasar"},
            needs={"pasar", "modal"},
            duration="panjang",
        )
    }
    kso = " ".join(recs["kerjasama-operasional"].reasons)
    assert "belum menyebut lahan" in kso
    assert "belum menyebut modal dan manajemen" in kso
    assert "modal" in kso and "mitra belum menyediakannya" in kso
    subk = " ".join(recs["subkontrak"].reasons)
    assert "Jangka waktu 'panjang' kurang cocok" in subk
    dagang = " ".join(recs["dagang-umum"].reasons)
    assert "Kebutuhan akan modal tidak dilayani pola ini" in dagang
    assert "Perdagangan Umum" in dagang  # twin named


def test_reasons_when_needs_are_empty():
    rec = recommend(group_brings={"tenaga"}, partner_brings={"pasar"})[0]
    assert any("Kebutuhan utama kelompok belum diisi" in r for r in rec.reasons)


@pytest.mark.parametrize(
    "key",
    [
        "usaha-patungan",
        "inti-plasma",
        "bapak-angkat",
        "waralaba",
        "subkontrak",
        "kerjasama-operasional",
    ],
)
def test_legal_warning_present_where_the_law_risk_is_real(key):
    recs = {r.pattern.key: r for r in recommend(**CASES["buku-kerjasama-operasional"][0])}
    assert any("Pasal 35" in w for w in recs[key].warnings)


@pytest.mark.parametrize(
    "key", ["dagang-umum", "perdagangan-umum", "keagenan", "distribusi-keagenan", "rantai-pasok"]
)
def test_no_legal_warning_where_not_expected(key):
    recs = {r.pattern.key: r for r in recommend(**CASES["buku-kerjasama-operasional"][0])}
    assert not any("Pasal 35" in w for w in recs[key].warnings)


def test_textbook_dagang_umum_has_no_warnings_at_all():
    assert recommend(**CASES["buku-dagang-umum"][0])[0].warnings == ()


def test_situational_warnings():
    recs = {
        r.pattern.key: r
        for r in recommend(
            group_brings={"lahan", "tenaga"},
            partner_brings={"modal", "manajemen", "teknologi", "pasar"},
            needs={"modal"},
        )
    }
    inti = " ".join(recs["inti-plasma"].warnings)
    assert "lahan tetap milik kelompok" in inti
    assert "rincian potongan" in inti
    waralaba = " ".join(recs["waralaba"].warnings)
    assert "kelompok harus menyumbang modal" in waralaba
    keagenan = " ".join(recs["keagenan"].warnings)
    assert "kelompok harus menyumbang pasar" in keagenan
    # Partner missing an expected contribution.
    recs = {r.pattern.key: r for r in recommend(group_brings={"tenaga"}, partner_brings={"modal"})}
    assert any("Mitra belum menyebut manajemen" in w for w in recs["bapak-angkat"].warnings)
    # A group that brings nothing is warned about mutual benefit.
    rec = recommend(partner_brings={"modal"}, needs={"modal"})[0]
    assert any("saling menguntungkan" in w for w in rec.warnings)


def test_contributions_are_the_pattern_roles_in_teaching_order():
    rec = recommend(**CASES["buku-kerjasama-operasional"][0])[0]
    assert rec.group_contributes == ("lahan", "tenaga")
    assert rec.partner_contributes == ("modal", "manajemen", "pasar")


# ---------------------------------------------------------------- input forms


def test_situation_normalises_labels_and_strings():
    s = Situation(
        group_brings="Lahan; tenaga kerja",
        partner_brings=["MODAL", " pasar "],
        needs=None,
        duration=" Panjang ",
        closeness=None,
    )
    assert s.group_brings == frozenset({"lahan", "tenaga"})
    assert s.partner_brings == frozenset({"modal", "pasar"})
    assert s.needs == frozenset()
    assert (s.duration, s.closeness, s.sharing) == ("panjang", "", "")


def test_situation_object_dict_and_keywords_agree():
    fields, _ = CASES["inti-plasma-kebun"]
    by_kw = recommend(**fields)
    by_obj = recommend(Situation(**fields))
    by_dict = recommend(dict(fields))
    assert by_kw == by_obj == by_dict


def test_keywords_override_the_situation():
    s = Situation(group_brings={"tenaga"}, partner_brings={"modal"}, needs={"modal"})
    recs = recommend(s, partner_brings={"pasar"}, needs={"pasar"})
    assert recs[0].pattern.key == "dagang-umum"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("field", ["group_brings", "partner_brings", "needs"])
def test_unknown_resource_is_refused(field):
    with pytest.raises(InvalidValueError) as info:
        recommend(**{field: {"tenaga", "uang"}})
    msg = str(info.value)
    assert "'uang'" in msg
    assert "lahan, tenaga, modal, manajemen, teknologi, pasar" in msg
    assert info.value.value == "uang"


@pytest.mark.parametrize(
    "field,bad,allowed",
    [
        ("duration", "selamanya", "pendek, menengah, panjang"),
        ("closeness", "mesra", "longgar, sedang, erat"),
        ("sharing", "gratis", "jual-beli, bagi-hasil, bagi-risiko"),
        ("duration", 5, "pendek, menengah, panjang"),
    ],
)
def test_unknown_option_is_refused(field, bad, allowed):
    with pytest.raises(InvalidValueError) as info:
        recommend(**{field: bad})
    msg = str(info.value)
    assert f"'{bad}'" in msg and allowed in msg


def test_unknown_field_is_refused():
    with pytest.raises(InvalidValueError, match="'kebutuhan'.*needs"):
        recommend(kebutuhan={"modal"})


@pytest.mark.parametrize("bad", [42, {"modal": 1}, [3]])
def test_resource_list_of_wrong_kind_is_refused(bad):
    with pytest.raises(InvalidValueError) as info:
        Situation(group_brings=bad)
    assert "Pilihan: lahan" in str(info.value)


def test_bad_situation_type_is_refused():
    with pytest.raises(InvalidValueError, match="'kerja sama'"):
        recommend("kerja sama")


# ---------------------------------------------------------------- compare


def test_compare_side_by_side_rows():
    recs = recommend(**CASES["buku-kerjasama-operasional"][0])
    rows = compare(recs)
    labels = [r.pattern.label for r in recs[:3]]
    assert all(list(row) == ["Aspek", *labels] for row in rows)
    by_aspect = {row["Aspek"]: row for row in rows}
    assert by_aspect["Peringkat"] == {"Aspek": "Peringkat", **dict(zip(labels, "123", strict=True))}
    assert by_aspect["Skor"]["Kerjasama Operasional"] == "95.0"
    assert by_aspect["Kelompok menyumbang"]["Kerjasama Operasional"] == "lahan dan tenaga kerja"
    assert "Pasal 35" in by_aspect["Peringatan"]["Inti-Plasma"]
    assert all(isinstance(v, str) and v for row in rows for v in row.values())


def test_compare_top_larger_than_list_and_bad_top():
    recs = recommend(**CASES["buku-dagang-umum"][0])
    assert len(compare(recs, top=20)[0]) == 1 + 13
    assert compare([], top=3)[0] == {"Aspek": "Peringkat"}
    for bad in (0, -1, "3", True):
        with pytest.raises(InvalidValueError) as info:
            compare(recs, top=bad)
        assert f"'{bad}'" in str(info.value)
    with pytest.raises(InvalidValueError):
        compare(["bukan rekomendasi"])


# ---------------------------------------------------------------- properties

resource_sets = st.frozensets(st.sampled_from(RESOURCE_KEYS))


@settings(max_examples=200, deadline=None)
@given(
    group=resource_sets,
    partner=resource_sets,
    needs=resource_sets,
    duration=st.sampled_from(("",) + content.keys(content.DURATIONS)),
    closeness=st.sampled_from(("",) + content.keys(content.CLOSENESS)),
    sharing=st.sampled_from(("",) + content.keys(content.SHARING)),
)
def test_property_all_patterns_sorted_and_in_range(
    group, partner, needs, duration, closeness, sharing
):
    recs = recommend(
        group_brings=group,
        partner_brings=partner,
        needs=needs,
        duration=duration,
        closeness=closeness,
        sharing=sharing,
    )
    assert sorted(keys_of(recs)) == sorted(PATTERN_KEYS)
    scores = [r.score for r in recs]
    assert all(0.0 <= s <= 100.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    for r in recs:
        assert isinstance(r, Recommendation)
        assert len(r.reasons) >= 3 and all(x.endswith(".") for x in r.reasons)
        assert ("Pasal 35" in " ".join(r.warnings)) == bool(r.pattern.control_warning)
    # Equal scores: materi before law, then key order.
    for a, b in pairwise(recs):
        if a.score == b.score:
            assert (a.pattern.source != "materi", a.pattern.key) < (
                b.pattern.source != "materi",
                b.pattern.key,
            )


@settings(max_examples=100, deadline=None)
@given(group=resource_sets, partner=resource_sets, needs=resource_sets)
def test_property_partner_bringing_a_served_need_never_lowers_need_points(group, partner, needs):
    """Adding to the partner's offer something the group needs can only help needs-fit."""
    for extra in needs - partner:
        before = {
            r.pattern.key: r
            for r in recommend(group_brings=group, partner_brings=partner, needs=needs)
        }
        after = {
            r.pattern.key: r
            for r in recommend(group_brings=group, partner_brings=partner | {extra}, needs=needs)
        }
        for p in content.PATTERNS:
            if extra in p.serves_needs and extra in p.large_gives:
                assert after[p.key].score >= before[p.key].score
