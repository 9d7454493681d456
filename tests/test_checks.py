"""Tests for kemitraan_lib.grading.checks (the helpers the graded notebooks' tests call)."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_lib.grading import checks

LETTER_DIGEST = checks.digest("b")


def test_digest_is_sha256_of_normalised_value_and_hides_the_answer():
    assert len(LETTER_DIGEST) == 64
    assert int(LETTER_DIGEST, 16) >= 0
    assert "b" != LETTER_DIGEST
    assert checks.digest(" B ") == LETTER_DIGEST
    assert checks.digest("c") != LETTER_DIGEST


def test_normalisation_rules():
    # lists keep order, sets do not, dict keys and text ignore case and extra spaces
    assert checks.digest(["a", "b"]) != checks.digest(["b", "a"])
    assert checks.digest(("a", "b")) == checks.digest(["A", " b"])
    assert checks.digest({"a", "b"}) == checks.digest(frozenset({"B", "A"}))
    assert checks.digest({"Pak  Lurah": "Tokoh"}) == checks.digest({"pak lurah": "tokoh"})
    assert checks.digest(3) == checks.digest(3.0)
    assert checks.digest(1 / 3) == checks.digest(0.3333333)
    assert checks.digest(True) != checks.digest(1)
    with pytest.raises(TypeError, match="tidak dapat diperiksa"):
        checks.digest(object())


def test_numpy_and_pandas_values_are_accepted():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert checks.digest(np.int64(4)) == checks.digest(4)
    assert checks.digest(pd.Series(["a", "b"]).tolist()) == checks.digest(["a", "b"])
    assert checks.digest(np.array([1, 2])) == checks.digest([1, 2])
    assert checks.number(np.int64(4), "Soal 9") == 4


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=10,
))
def test_digest_is_stable_for_any_json_like_value(value):
    assert checks.digest(value) == checks.digest(value)
    assert len(checks.digest(value)) == 64


@pytest.mark.parametrize("empty", [None, ..., "", "   ", [], {}, ()])
def test_filled_rejects_empty_answers_in_indonesian(empty):
    with pytest.raises(AssertionError, match=r"^Soal 3 belum diisi"):
        checks.filled(empty, "Soal 3")


def test_filled_message_for_none_is_exact():
    with pytest.raises(AssertionError) as info:
        checks.filled(None, "Soal 3")
    assert str(info.value) == "Soal 3 belum diisi: ganti None dengan jawaban Anda."


def test_one_of_names_the_bad_value_and_lists_choices():
    assert checks.one_of(" D ", "abcd", "Soal 1") == "d"
    with pytest.raises(AssertionError) as info:
        checks.one_of("e", "abcd", "Soal 1")
    assert str(info.value) == "Soal 1: jawaban 'e' tidak dikenal. Pilihan: a, b, c, d."
    with pytest.raises(AssertionError, match="harus teks di antara tanda kutip"):
        checks.one_of(["a"], "abcd", "Soal 1")


def test_one_of_accepts_content_items():
    from kemitraan_lib import content

    assert checks.one_of("Formal", content.APPROACHES, "Soal 2") == "formal"
    with pytest.raises(AssertionError, match="Pilihan: personal, informal, formal"):
        checks.one_of("resmi", content.APPROACHES, "Soal 2")


def test_list_of_checks_form_not_correctness():
    steps = ["identifikasi", "penjajakan", "kesepakatan"]
    assert checks.list_of(["Penjajakan", "identifikasi"], steps, "Soal 4") == [
        "penjajakan", "identifikasi"]
    with pytest.raises(AssertionError, match="daftar di antara kurung siku"):
        checks.list_of("identifikasi", steps, "Soal 4")
    with pytest.raises(AssertionError, match="isi ke-2 'rapat' tidak dikenal"):
        checks.list_of(["identifikasi", "rapat"], steps, "Soal 4")
    with pytest.raises(AssertionError, match="harus berisi 3 isi; daftar Anda berisi 2"):
        checks.list_of(["identifikasi", "penjajakan"], steps, "Soal 4", length=3)
    with pytest.raises(AssertionError, match="lebih dari sekali"):
        checks.list_of(["identifikasi", "Identifikasi"], steps, "Soal 4")
    with pytest.raises(AssertionError, match="isi ke-1 harus teks"):
        checks.list_of([1], steps, "Soal 4")


def test_mapping_of_requires_every_key_and_known_values():
    names = ["KUD Sumber Rezeki", "Pak Kades"]
    kinds = ["koperasi", "tokoh", "usaha"]
    good = {"kud sumber rezeki": "Koperasi", "PAK KADES": "tokoh"}
    assert checks.mapping_of(good, names, kinds, "Soal 5") == {
        "kud sumber rezeki": "koperasi", "pak kades": "tokoh"}
    with pytest.raises(AssertionError, match="belum diisi untuk Pak Kades"):
        checks.mapping_of({"KUD Sumber Rezeki": "koperasi"}, names, kinds, "Soal 5")
    with pytest.raises(AssertionError, match="'Bu Camat' tidak ada dalam soal"):
        checks.mapping_of({"Bu Camat": "tokoh"}, names, kinds, "Soal 5")
    with pytest.raises(AssertionError, match="nilai 'bank' tidak dikenal"):
        checks.mapping_of({"KUD Sumber Rezeki": "bank", "Pak Kades": "tokoh"}, names, kinds,
                          "Soal 5")
    with pytest.raises(AssertionError, match="untuk 'Pak Kades' belum diisi"):
        checks.mapping_of({"KUD Sumber Rezeki": "koperasi", "Pak Kades": None}, names, kinds,
                          "Soal 5")
    with pytest.raises(AssertionError, match="kurung kurawal"):
        checks.mapping_of(["koperasi"], names, kinds, "Soal 5")


def test_number_rejects_text_and_bool():
    assert checks.number(2.5, "Soal 9") == 2.5
    with pytest.raises(AssertionError, match="angka tanpa tanda kutip"):
        checks.number("3", "Soal 9")
    with pytest.raises(AssertionError, match="angka tanpa tanda kutip"):
        checks.number(True, "Soal 9")


def test_matches_digest_gives_the_hint_never_the_answer():
    checks.matches_digest("B", LETTER_DIGEST, hint="Baca lagi modul 05.", label="Soal 3")
    with pytest.raises(AssertionError) as info:
        checks.matches_digest("a", LETTER_DIGEST, hint="Baca lagi modul 05.", label="Soal 3")
    assert str(info.value) == "Soal 3 belum tepat. Baca lagi modul 05."
    with pytest.raises(AssertionError, match="belum diisi"):
        checks.matches_digest(None, LETTER_DIGEST, label="Soal 3")
    # upper-case digests pasted by an author still work
    checks.matches_digest("b", LETTER_DIGEST.upper(), label="Soal 3")


def test_matches_parts_counts_right_parts_without_naming_them():
    answer = {"KTH Wana Lestari": "kelompok", "CV Kayu Makmur": "usaha", "Pak Kades": "tokoh"}
    expected = checks.part_digests(answer)
    assert checks.matches_parts(dict(answer), expected, label="Soal 6") == 3
    wrong = dict(answer, **{"Pak Kades": "usaha"})
    with pytest.raises(AssertionError) as info:
        checks.matches_parts(wrong, expected, hint="Lihat modul 03.", label="Soal 6")
    assert str(info.value) == "Soal 6 belum tepat: 2 dari 3 bagian sudah benar. Lihat modul 03."
    assert "Pak Kades" not in str(info.value)
    # an extra part is not a full match either
    with pytest.raises(AssertionError, match="3 dari 3"):
        checks.matches_parts(dict(answer, Lain="usaha"), expected, label="Soal 6")
    # ordered lists: position matters
    order = checks.part_digests(["a", "b", "c"])
    with pytest.raises(AssertionError, match="1 dari 3"):
        checks.matches_parts(["a", "c", "b"], order, label="Soal 7")


def test_cli_prints_the_digest_and_parts():
    run = [sys.executable, "-m", "kemitraan_lib.grading.checks"]
    out = subprocess.run([*run, "digest", '"b"'], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == LETTER_DIGEST
    out = subprocess.run([*run, "bagian", '{"KUD": "koperasi"}'], capture_output=True,
                         text=True, check=True)
    assert ast.literal_eval(out.stdout) == checks.part_digests({"KUD": "koperasi"})
    bad = subprocess.run([*run, "digest", "b c"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "tidak dapat dibaca" in bad.stderr
    usage = subprocess.run(run, capture_output=True, text=True)
    assert usage.returncode == 2 and "Pemakaian" in usage.stderr


def test_checks_import_is_light():
    code = (
        "import sys, kemitraan_lib.grading.checks as c; "
        "heavy = [m for m in ('pandas', 'numpy', 'matplotlib', 'ipywidgets', 'networkx') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
