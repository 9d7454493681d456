"""Tests for kemitraan_lib.content: the course content as data."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kemitraan_lib import content as c
from kemitraan_lib.errors import InvalidValueError

MATERI_DIR = Path(__file__).resolve().parents[2] / "shared" / "materi"

EXPECTED_KEYS = {
    "COMPETENCIES": (
        "hakikat",
        "kesadaran",
        "pemetaan",
        "tujuan",
        "prinsip",
        "strategi",
        "pola",
    ),
    "CONDITIONS": (
        "dua-pihak",
        "kesamaan-visi",
        "kesepakatan",
        "saling-percaya",
        "komitmen-bersama",
    ),
    "FOUNDATIONS": (
        "kepentingan-bersama",
        "percaya-menghormati",
        "tujuan-terukur",
        "kesediaan-berkorban",
    ),
    "GENERAL_PRINCIPLES": ("persamaan", "keterbukaan", "saling-menguntungkan"),
    "PRINCIPLES": (
        "kesamaan-visi-misi",
        "kepercayaan",
        "saling-menguntungkan",
        "efisiensi-efektivitas",
        "komunikasi-dialogis",
        "komitmen-kuat",
    ),
    "ACCESS": ("informasi", "teknologi", "sumber-daya"),
    "OBJECTIVES": ("partisipasi", "sinergi-program"),
    "STRATEGIES": (
        "bukan-kartu-nama",
        "pendengar-baik",
        "fokus-tujuan",
        "sabar-proaktif",
        "cerdas-akurat",
        "kesinambungan-komunikasi",
        "peduli-lingkungan",
        "citra-wirausaha",
    ),
    "PARTNER_KINDS": ("kelompok", "tokoh", "usaha", "koperasi", "pemerintah"),
    "CATEGORIES": ("kelompok", "tokoh", "usaha", "koperasi", "pemerintah", "lainnya"),
    "APPROACHES": ("personal", "informal", "formal"),
    "STEPS": (
        "identifikasi",
        "menggali-informasi",
        "analisis-informasi",
        "penjajakan",
        "rencana-kerja",
        "kesepakatan",
        "penandatanganan",
        "pelaksanaan",
        "monev",
        "perbaikan",
        "tindak-lanjut",
    ),
    "TECHNIQUES": (
        "nomor-satukan-mitra",
        "rendah-hati",
        "sabar",
        "nilai-unik",
        "aktif",
        "kejutan",
    ),
    "RESOURCES": (
        "lahan",
        "tenaga",
        "produk",
        "modal",
        "sarana",
        "manajemen",
        "teknologi",
        "merek",
        "pasar",
        "pembayaran",
        "bantuan",
        "badan-hukum",
    ),
    "PATTERNS": (
        "keagenan",
        "kerjasama-operasional",
        "bapak-angkat",
        "dagang-umum",
        "inti-plasma",
        "subkontrak",
        "waralaba",
        "rantai-pasok",
        "bagi-hasil",
        "usaha-patungan",
        "penyumberluaran",
        "bukan-kemitraan-usaha",
    ),
    "SHARING": ("jual-beli", "imbalan", "bagi-hasil", "bagi-risiko", "tanpa-imbalan"),
    "PATTERN_SOURCES": ("materi", "uu", "bukan-usaha"),
    "LEGAL_FORMS": (
        "inti-plasma",
        "subkontrak",
        "waralaba",
        "perdagangan-umum",
        "distribusi-keagenan",
        "rantai-pasok",
        "bagi-hasil",
        "kerja-sama-operasional",
        "usaha-patungan",
        "penyumberluaran",
    ),
    "AGREEMENT_PARTS": (
        "kegiatan-usaha",
        "hak-kewajiban",
        "bentuk-pengembangan",
        "jangka-waktu",
        "penyelesaian-perselisihan",
    ),
    "QUADRANTS": ("kelola-dekat", "jaga-kepuasan", "jaga-informasi", "pantau"),
    "LINK_TYPES": ("informasi", "dana", "barang", "pembinaan", "kewenangan", "konflik"),
    "DIRECTIONS": ("dua-arah", "satu-arah"),
}

MATERI_PATTERNS = ("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum")
LAW_PATTERNS = (
    "inti-plasma",
    "subkontrak",
    "waralaba",
    "rantai-pasok",
    "bagi-hasil",
    "usaha-patungan",
    "penyumberluaran",
)
ALIASES = {"distribusi-keagenan": "keagenan", "perdagangan-umum": "dagang-umum"}

# Frequent Indonesian function words; a description must use at least one.
INDONESIAN_WORDS = {
    "dan",
    "yang",
    "atau",
    "untuk",
    "dengan",
    "di",
    "ke",
    "dari",
    "agar",
    "tidak",
    "bila",
    "lewat",
    "pada",
    "dalam",
    "tetapi",
    "sebagai",
    "hanya",
    "menurut",
    "setiap",
    "oleh",
    "ada",
    "tanpa",
    "juga",
    "apa",
    "saja",
    "bisa",
    "sudah",
    "belum",
    "bukan",
    "lebih",
}
ENGLISH_WORDS = {"the", "and", "of", "with", "is", "are", "this", "that", "for", "to"}


def all_items():
    for name, coll in c.COLLECTIONS.items():
        for item in coll:
            yield name, item


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


# ---------------------------------------------------------------- counts, keys


@pytest.mark.parametrize("name", sorted(EXPECTED_KEYS))
def test_collection_keys_exactly_as_contract(name):
    assert c.keys(getattr(c, name)) == EXPECTED_KEYS[name]


@pytest.mark.parametrize(
    "name,count",
    [("MOU_PARTS", 12), ("PARTNERING_STAGES", 4), ("PARTNERING_CYCLE", 12), ("TRAFFIC_LIGHT", 3)],
)
def test_module_08_collection_sizes(name, count):
    assert len(getattr(c, name)) == count


def test_collections_registry_is_complete():
    for name in EXPECTED_KEYS:
        assert c.COLLECTIONS[name] is getattr(c, name)
    for name in c.COLLECTIONS:
        assert name in c.__all__


@pytest.mark.parametrize("name", sorted(c.COLLECTIONS))
def test_keys_unique_and_ascii_slugs(name):
    ks = c.keys(c.COLLECTIONS[name])
    assert len(ks) == len(set(ks)), f"duplicate key in {name}"
    for k in ks:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k), k


def test_items_are_frozen():
    item = c.PATTERNS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.label = "lain"  # type: ignore[misc]


def test_competency_numbers_and_modules():
    assert [x.number for x in c.COMPETENCIES] == list(range(1, 8))
    assert [x.module for x in c.COMPETENCIES] == [
        "01-hakikat",
        "02-pentingnya",
        "03-pemetaan-mitra",
        "04-tujuan",
        "05-prinsip",
        "06-strategi",
        "07-pola-kemitraan",
    ]


def test_step_numbers():
    assert [s.number for s in c.STEPS] == list(range(1, 12))


def test_categories_extend_partner_kinds():
    assert c.CATEGORIES[:5] == c.PARTNER_KINDS
    approach_keys = set(c.keys(c.APPROACHES))
    assert all(kind.approach in approach_keys for kind in c.CATEGORIES)


def test_principles_say_what_goes_wrong():
    for p in c.PRINCIPLES:
        assert len(p.if_missing.split()) >= 5, p.key


def test_quadrants_cover_the_grid_once():
    cells = {(q.high_influence, q.high_interest) for q in c.QUADRANTS}
    assert cells == {(True, True), (True, False), (False, True), (False, False)}
    assert c.by_key(c.QUADRANTS, "kelola-dekat").high_influence is True
    assert all(q.advice for q in c.QUADRANTS)


# ---------------------------------------------------------------- texts


@pytest.mark.parametrize("name,item", list(all_items()), ids=lambda x: getattr(x, "key", x))
def test_every_text_is_nonempty_indonesian(name, item):
    assert item.label.strip(), (name, item.key)
    ws = words(item.description)
    assert 2 <= len(ws) <= 75, (name, item.key, len(ws))
    sentences = [s for s in re.split(r"[.!?](?:\s|$)", item.description) if s.strip()]
    assert 1 <= len(sentences) <= 3, (name, item.key, sentences)
    if len(ws) >= 6:
        assert set(ws) & INDONESIAN_WORDS, (name, item.key)
    english = [w for w in ws if w in ENGLISH_WORDS]
    assert len(english) <= 1, (name, item.key, english)


def test_strategy_and_approach_carry_the_taught_facts():
    assert "72 jam" in c.by_key(c.STRATEGIES, "fokus-tujuan").description
    assert "rumah" in c.by_key(c.APPROACHES, "personal").description
    assert "hubungan baik" in c.by_key(c.APPROACHES, "informal").description
    assert "jabatan" in c.by_key(c.APPROACHES, "formal").description


# ---------------------------------------------------------------- patterns


def test_pattern_sources():
    assert tuple(p.key for p in c.PATTERNS if p.source == "materi") == MATERI_PATTERNS
    assert tuple(p.key for p in c.PATTERNS if p.source == "uu") == LAW_PATTERNS
    assert [p.key for p in c.PATTERNS if not p.is_business] == ["bukan-kemitraan-usaha"]


@pytest.mark.parametrize("pattern", c.PATTERNS, ids=lambda p: p.key)
def test_pattern_fields_are_complete(pattern):
    resources = set(c.keys(c.RESOURCES))
    for name in ("small_gives", "small_may", "large_gives", "large_may", "serves_needs"):
        value = getattr(pattern, name)
        assert isinstance(value, frozenset)
        assert value <= resources, (pattern.key, name)
    assert pattern.large_gives and pattern.serves_needs, pattern.key
    assert pattern.small_gives or not pattern.is_business, pattern.key
    assert not pattern.small_gives & pattern.small_may
    assert not pattern.large_gives & pattern.large_may
    assert bool(pattern.instead) == (not pattern.is_business)
    assert pattern.profit_sharing.strip() and pattern.risk_sharing.strip()
    assert pattern.fits_when.strip()
    assert pattern.risks and all(r.strip() for r in pattern.risks)
    assert pattern.legal_basis.strip()
    assert set(pattern.duration) <= set(c.keys(c.DURATIONS)) and pattern.duration
    assert set(pattern.closeness) <= set(c.keys(c.CLOSENESS)) and pattern.closeness
    assert set(pattern.sharing) <= set(c.keys(c.SHARING))


@pytest.mark.parametrize("key", LAW_PATTERNS + ("keagenan", "dagang-umum"))
def test_law_patterns_cite_an_article(key):
    basis = c.by_key(c.PATTERNS, key).legal_basis
    assert "UU 20/2008 Pasal 26" in basis
    assert "PP 7/2021 Pasal 106" in basis
    assert "Penjelasan" not in basis  # the forms stand in the article itself


def test_rantai_pasok_came_with_the_cipta_kerja_amendment():
    basis = c.by_key(c.PATTERNS, "rantai-pasok").legal_basis
    assert "diubah UU 11/2020" in basis and "UU 6/2023" in basis
    assert "UU 11/2020" in c.LEGAL_HISTORY and "Perppu 2/2022" in c.LEGAL_HISTORY
    assert "UU 6/2023" in c.LEGAL_HISTORY and "PP 7/2021" in c.LEGAL_HISTORY


def test_source_patterns_say_what_they_are_in_law():
    assert "distribusi dan keagenan" in c.by_key(c.PATTERNS, "keagenan").legal_basis
    assert "perdagangan umum" in c.by_key(c.PATTERNS, "dagang-umum").legal_basis
    kso = c.by_key(c.PATTERNS, "kerjasama-operasional").legal_basis
    assert "Kepmentan 940" in kso and "bentuk kemitraan lain" in kso
    assert "tidak disebut" in c.by_key(c.PATTERNS, "bapak-angkat").legal_basis


def test_twins_are_one_pattern_showing_both_names_and_old_keys_still_resolve():
    assert c.PATTERN_ALIASES == ALIASES
    assert c.by_key(c.PATTERNS, "keagenan").label == "Keagenan / distribusi dan keagenan"
    assert c.by_key(c.PATTERNS, "dagang-umum").label == "Dagang umum / perdagangan umum"
    for alias, key in ALIASES.items():
        assert c.by_key(c.PATTERNS, alias) is c.by_key(c.PATTERNS, key)
        assert c.by_key(c.PATTERNS, f" {alias.upper()} ").key == key
        assert alias not in c.keys(c.PATTERNS)


def test_waralaba_uses_the_regulation_terms():
    p = c.by_key(c.PATTERNS, "waralaba")
    text = " ".join([p.description, p.profit_sharing, p.risk_sharing, p.control_warning])
    assert "pemberi waralaba" in text.lower() and "penerima waralaba" in text.lower()
    assert "pewaralaba" not in text.lower() and "terwaralaba" not in text.lower()
    assert "PP 42/2007" in p.legal_basis


def test_subkontrak_does_not_overstate_pasal_28f():
    p = c.by_key(c.PATTERNS, "subkontrak")
    assert "berupaya tidak memutus" in p.risk_sharing
    assert "tidak boleh memutus" not in p.risk_sharing


def test_resources_are_asked_on_the_right_side():
    sides = {r.key: r.sides for r in c.RESOURCES}
    assert sides["pembayaran"] == ("mitra",) and sides["bantuan"] == ("mitra",)
    assert sides["badan-hukum"] == ("kelompok",)
    assert all(set(s) <= set(c.SIDES) and s for s in sides.values())


def test_legal_forms_cover_the_regulation_list_and_point_to_patterns():
    pattern_keys = set(c.keys(c.PATTERNS))
    for form in c.LEGAL_FORMS:
        assert form.pattern in pattern_keys
        assert "Pasal 26" in form.citation and "PP 7/2021 Pasal 106" in form.citation
    covered = {form.pattern for form in c.LEGAL_FORMS}
    assert covered == {p.key for p in c.PATTERNS if p.source == "uu"} | {
        "keagenan", "dagang-umum", "kerjasama-operasional"}


def test_agreement_parts_follow_pasal_34_and_fit_the_mou_outline():
    mou = set(c.keys(c.MOU_PARTS))
    assert all(part.mou_part in mou for part in c.AGREEMENT_PARTS)
    assert "bentuk-pengembangan" in mou


def test_control_warnings_where_the_law_risk_is_real():
    must_warn = {"usaha-patungan", "inti-plasma", "bapak-angkat", "waralaba", "subkontrak"}
    for p in c.PATTERNS:
        if p.key in must_warn:
            assert "Pasal 35" in p.control_warning, p.key
        if p.control_warning:
            assert "menguasai" in p.control_warning, p.key
    for key in ("dagang-umum", "keagenan", "rantai-pasok", "bukan-kemitraan-usaha"):
        assert c.by_key(c.PATTERNS, key).control_warning == ""


def test_kerjasama_operasional_encodes_the_materi():
    p = c.by_key(c.PATTERNS, "kerjasama-operasional")
    assert p.small_gives == {"lahan", "tenaga"}
    assert p.large_gives == {"modal", "manajemen", "pasar"}
    text = p.description + " ".join(p.examples)
    for word in ("tebu", "tembakau", "sayuran", "tambak", "pengemasan"):
        assert word in text
    assert p.label == "Kerja Sama Operasional (pola materi)"


# ---------------------------------------------------------------- module 08


def test_mou_parts_cover_the_agreement():
    assert c.keys(c.MOU_PARTS)[0] == "para-pihak"
    assert c.keys(c.MOU_PARTS)[-1] == "penutup"
    for key in ("hak-kewajiban", "jangka-waktu", "pembiayaan", "penyelesaian-perselisihan"):
        c.by_key(c.MOU_PARTS, key)


def test_partnering_cycle_stages_and_steps():
    stages = c.keys(c.PARTNERING_STAGES)
    assert [ph.number for ph in c.PARTNERING_CYCLE] == list(range(1, 13))
    assert [ph.stage for ph in c.PARTNERING_CYCLE] == (
        [stages[0]] * 4 + [stages[1]] * 3 + [stages[2]] * 3 + [stages[3]] * 2
    )
    covered = {k for ph in c.PARTNERING_CYCLE for k in ph.step_keys}
    assert covered == set(c.keys(c.STEPS)), "every step maps to some phase"
    empty = {ph.key for ph in c.PARTNERING_CYCLE if not ph.step_keys}
    assert empty == {"menghimpun-sumber-daya", "melangkah-lanjut"}
    # Our steps appear in the cycle in their own order.
    order = [c.by_key(c.STEPS, k).number for ph in c.PARTNERING_CYCLE for k in ph.step_keys]
    assert order == sorted(order)


def test_traffic_light():
    assert c.keys(c.TRAFFIC_LIGHT) == ("hijau", "kuning", "merah")
    assert all(s.action for s in c.TRAFFIC_LIGHT)


# ---------------------------------------------------------------- lookup


def test_by_key_normalises_and_returns_the_item():
    assert c.by_key(c.STEPS, "  MONEV ") is c.STEPS[8]


@pytest.mark.parametrize("bad", ["bank", "", None, 3])
def test_by_key_unknown_raises_indonesian_error(bad):
    with pytest.raises(InvalidValueError) as info:
        c.by_key(c.CATEGORIES, bad)
    msg = str(info.value)
    assert f"'{bad}'" in msg
    assert "tidak dikenal" in msg
    assert "kelompok, tokoh, usaha, koperasi, pemerintah, lainnya" in msg
    assert info.value.allowed == c.keys(c.CATEGORIES)
    assert info.value.value == bad


def test_by_key_on_a_plain_tuple():
    sub = c.PATTERNS[:2]
    assert c.by_key(sub, "keagenan").key == "keagenan"
    with pytest.raises(InvalidValueError, match="Pilihan: keagenan, kerjasama-operasional"):
        c.by_key(sub, "dagang-umum")


def test_labels_and_keys_helpers():
    assert c.labels(c.DIRECTIONS) == {"dua-arah": "Dua arah", "satu-arah": "Satu arah"}
    assert list(c.labels(c.PATTERNS)) == list(c.keys(c.PATTERNS))


def test_import_is_light():
    code = (
        "import sys, kemitraan_lib.content, kemitraan_lib.recommender\n"
        "heavy = {'pandas', 'networkx', 'matplotlib', 'ipywidgets'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- own words


def _materi_ngrams(n: int) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for path in sorted(MATERI_DIR.glob("*.txt")):
        ws = words(path.read_text(encoding="utf-8", errors="replace"))
        grams.update(tuple(ws[i : i + n]) for i in range(len(ws) - n + 1))
    return grams


def _all_texts():
    for name, item in all_items():
        for f in dataclasses.fields(item):
            value = getattr(item, f.name)
            if f.name == "key":
                continue
            if isinstance(value, str):
                yield f"{name}.{item.key}.{f.name}", value
            elif isinstance(value, tuple) and value and isinstance(value[0], str):
                for i, v in enumerate(value):
                    yield f"{name}.{item.key}.{f.name}[{i}]", v


def test_no_text_copies_eight_words_of_the_materi():
    if not MATERI_DIR.is_dir() or not any(MATERI_DIR.glob("*.txt")):
        pytest.skip(f"materi sumber tidak ditemukan di {MATERI_DIR}; cek kata-demi-kata dilewati")
    n = 8
    grams = _materi_ngrams(n)
    assert len(grams) > 1000, "materi terbaca terlalu pendek; periksa berkasnya"
    copied = []
    for where, text in _all_texts():
        ws = words(text)
        for i in range(len(ws) - n + 1):
            if tuple(ws[i : i + n]) in grams:
                copied.append((where, " ".join(ws[i : i + n])))
    assert not copied, copied


def test_the_copy_check_can_fail():
    """The n-gram check really detects a sentence taken from the materi."""
    if not MATERI_DIR.is_dir() or not any(MATERI_DIR.glob("*.txt")):
        pytest.skip(f"materi sumber tidak ditemukan di {MATERI_DIR}")
    grams = _materi_ngrams(8)
    sample = words(sorted(MATERI_DIR.glob("*.txt"))[0].read_text(encoding="utf-8"))[200:208]
    assert tuple(sample) in grams
