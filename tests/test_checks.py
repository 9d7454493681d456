"""Tests for the checks the graded notebooks' test cells call (forms, modes, messages)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_lib.grading import checks, forms, mode
from kemitraan_lib.grading.answers import AnswerProblem
from kemitraan_lib.grading.forms import Choice, FormError, Letter, Name, Number, Word

T1 = "tugas-01-hakikat"


@pytest.fixture
def ujian(monkeypatch):
    monkeypatch.setenv(mode.MODE_ENV, mode.UJIAN)


@pytest.fixture
def latihan(monkeypatch):
    monkeypatch.delenv(mode.MODE_ENV, raising=False)
    assert mode.source_notebook(T1) is not None, "the repository's solutions/ must be readable"


# --- forms ----------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["b", "B", " b ", "b)", "(b)", "b.", "B) Jejaring kerja ..."])
def test_letter_accepts_common_ways_of_writing_a_letter(typed):
    assert Letter("abcd").read(typed) == "b"


@pytest.mark.parametrize("typed,reason", [
    ("e", "'e' bukan salah satu pilihan. Pilihan: a, b, c, d."),
    ("bc", "tulis hurufnya saja"),
    ("a kemitraan", "tulis hurufnya saja"),
    ("", "masih kosong"),
    (2, "tanpa tanda kutip tidak diterima"),
])
def test_letter_refuses_other_values_with_a_reason(typed, reason):
    with pytest.raises(FormError, match=reason.replace(".", r"\.").replace("(", r"\(")):
        Letter("abcd").read(typed)


def test_choice_accepts_key_label_and_common_spellings():
    quadrants = Choice("QUADRANTS")
    for typed in ("jaga-informasi", "Jaga Informasi", "jaga_informasi", "Beri informasi",
                  "  BERI   INFORMASI "):
        assert quadrants.read(typed) == "jaga-informasi"
    assert quadrants.read("Kelola dari dekat") == "kelola-dekat"
    principles = Choice("PRINCIPLES")
    assert principles.read("Kepercayaan (trust)") == "kepercayaan"
    assert principles.read("kepercayaan") == "kepercayaan"
    with pytest.raises(FormError, match="Pilihan: jaga-informasi, jaga-kepuasan, kelola-dekat"):
        quadrants.read("dekati")


def test_choice_restricted_to_some_keys_and_extra_spellings():
    four = Choice("PATTERNS", keys=("keagenan", "dagang-umum"), extra={"KSO": "dagang-umum"})
    assert four.choices() == ["dagang-umum", "keagenan"]
    assert four.read("KSO") == "dagang-umum"
    with pytest.raises(FormError, match="Pilihan: dagang-umum, keagenan."):
        four.read("inti-plasma")


def test_choice_accepts_aliases_and_label_parts(monkeypatch):
    """A former key (alias) and each part of a label 'A / B' name the same item."""
    from dataclasses import dataclass

    from kemitraan_lib import content

    @dataclass(frozen=True)
    class Item:
        key: str
        label: str
        aliases: tuple = ()

    fake = (Item("keagenan", "Keagenan / distribusi dan keagenan", ("distribusi-keagenan",)),
            Item("waralaba", "Waralaba"))
    monkeypatch.setattr(content, "FAKE_PATTERNS", fake, raising=False)
    form = Choice("FAKE_PATTERNS")
    for typed in ("keagenan", "Distribusi dan Keagenan", "distribusi-keagenan",
                  "Keagenan / distribusi dan keagenan"):
        assert form.read(typed) == "keagenan"


def test_word_and_name_and_number():
    assert Word(("jejaring", "kemitraan")).read(" Kemitraan ") == "kemitraan"
    name = Name(case="menabung-pohon")
    assert name.read("kud sumber rezeki") == 'KUD "Sumber Rezeki"'
    assert name.read("Ibu Siti Nur\u2019aini") == "Ibu Siti Nur'aini"
    with pytest.raises(FormError, match="tidak ada di tabel"):
        name.read("Pak Lurah")
    number = Number()
    assert [number.read(v) for v in (7, 7.0, "7", " 2,5 ", "1.000", 2.5)] == [7, 7, 7, 2.5,
                                                                              1000, 2.5]
    for bad in ("tujuh", True, float("nan")):
        with pytest.raises(FormError):
            number.read(bad)


@given(st.text(max_size=30))
def test_compact_never_fails(text):
    assert isinstance(forms.compact(text), str)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz -'\u2019", max_size=30))
def test_compact_is_stable_on_typed_text(text):
    assert forms.compact(forms.compact(text)) == forms.compact(text)


# --- checks.read: one sentence for every everyday slip --------------------------------

@pytest.mark.parametrize("value,expected", [
    (None, 'Soal 1a belum diisi: ganti None dengan salah satu kata "jejaring", "kemitraan".'),
    (("jejaring",), "Soal 1a: ada tanda koma yang membuat jawaban berisi lebih dari satu nilai"),
    (["jejaring"], "Soal 1a: tulis satu nilai saja, bukan daftar atau kamus."),
    ({"a": "jejaring"}, "Soal 1a: tulis satu nilai saja, bukan daftar atau kamus."),
    (AnswerProblem("not-run"), "Sel jawaban Soal 1a belum berhasil dijalankan."),
    (AnswerProblem("not-plain"), "Jawaban Soal 1a harus satu nilai yang ditulis langsung"),
    ("jejarig", "Soal 1a: 'jejarig' bukan salah satu pilihan. Pilihan: jejaring, kemitraan."),
])
def test_read_explains_each_slip_in_one_sentence(value, expected):
    with pytest.raises(checks.CheckFailed) as info:
        checks.read(T1, "1a", value)
    message = str(info.value)
    assert message.startswith(expected)
    assert "\n" not in message and "Traceback" not in message
    assert info.value._render_traceback_() == [message]
    assert isinstance(info.value, AssertionError)


def test_unknown_question_is_a_programming_error():
    with pytest.raises(LookupError):
        checks.read(T1, "99", "a")


# --- modes -----------------------------------------------------------------------------

def test_ujian_checks_form_only_and_says_so(ujian, capsys):
    checks.periksa(T1, "2", "c")
    right = capsys.readouterr().out
    checks.periksa(T1, "2", "a")
    wrong = capsys.readouterr().out
    assert right == wrong == ("Soal 2: bentuk jawaban sudah benar. Benar atau salahnya dinilai "
                              "saat penilaian.\n")


def test_latihan_confirms_with_the_source_hidden_test(latihan, capsys):
    checks.periksa(T1, "2", " C ")
    assert capsys.readouterr().out == "Soal 2: jawaban tepat. Bagus!\n"
    with pytest.raises(checks.CheckFailed) as info:
        checks.periksa(T1, "2", "a")
    assert str(info.value) == ("Soal 2 belum tepat. Baca lagi modul 01, bagian 'Lima syarat "
                               "bermitra'.")


def test_latihan_without_a_readable_source_falls_back_to_ujian(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(mode.MODE_ENV, raising=False)
    monkeypatch.setattr(mode, "_roots", lambda: [tmp_path])
    assert mode.current(T1) == mode.UJIAN
    monkeypatch.setenv(mode.MODE_ENV, "latihan")
    assert mode.current(T1) == mode.UJIAN  # asked for, but there is no key to confirm with
    checks.periksa(T1, "2", "c")
    assert "dinilai saat penilaian" in capsys.readouterr().out


def test_mode_setting_values(monkeypatch):
    for raw, expected in [("", None), ("Latihan", "latihan"), ("UJIAN", "ujian"),
                          ("penilaian", "penilaian"), ("apa saja", "ujian")]:
        monkeypatch.setenv(mode.MODE_ENV, raw)
        assert mode.setting() == expected
    monkeypatch.setenv(mode.MODE_ENV, "ujian")
    assert mode.current(T1) == mode.UJIAN


def test_source_notebook_rejects_path_tricks():
    for name in ("../etc", "a/b", ".hidden", ""):
        assert mode.source_notebook(name) is None


def test_penilaian_visible_silent_hidden_speaks(monkeypatch, capsys):
    monkeypatch.setenv(mode.MODE_ENV, mode.PENILAIAN)
    checks.periksa(T1, "2", "c")
    checks.nilai(T1, "2", "c", "c")
    assert capsys.readouterr().out == "Soal 2: tepat.\n"
    with pytest.raises(checks.CheckFailed, match="^Soal 2 belum tepat"):
        checks.nilai(T1, "2", "b", "c")


def test_nilai_accepts_every_accepted_answer_and_checks_the_form(ujian):
    checks.nilai("tugas-07-pola", "4", "Perdagangan umum", "dagang-umum")
    checks.nilai("tugas-07-pola", "4", "dagang umum", "keagenan", "dagang-umum")
    with pytest.raises(checks.CheckFailed, match="^Soal 4 belum tepat"):
        checks.nilai("tugas-07-pola", "4", "keagenan", "dagang-umum")
    with pytest.raises(checks.CheckFailed, match="belum diisi"):
        checks.nilai(T1, "2", None, "c")
    with pytest.raises(ValueError):
        checks.nilai(T1, "2", "c")
    with pytest.raises(ValueError, match="does not fit the form"):
        checks.nilai(T1, "2", "c", "z")


def test_ringkasan_summarises_without_raising_or_revealing(ujian, capsys):
    answers = {"jawaban_1a": "jejaring", "jawaban_1b": None, "jawaban_2": "a",
               "jawaban_3": AnswerProblem("not-run"), "jawaban_8": "dua belas"}
    checks.ringkasan(T1, answers)
    out = capsys.readouterr().out
    assert out.startswith("Periksa jawaban · tugas-01-hakikat")
    assert "✓ Soal 1a  bentuk jawaban sudah benar" in out
    assert "✗ Soal 1b  belum diisi" in out
    assert "✗ Soal 1c  sel jawabannya belum dijalankan" in out
    assert "✗ Soal 3   Sel jawaban Soal 3 belum berhasil dijalankan" in out
    assert "✓ Soal 2   bentuk jawaban sudah benar" in out  # wrong, but ujian tells nothing
    assert "2 dari 11 soal terisi dengan bentuk yang benar" in out
    assert "checks." not in out and "nilai(" not in out


def test_ringkasan_in_latihan_says_right_or_not(latihan, capsys):
    checks.ringkasan(T1, {"jawaban_2": "c", "jawaban_3": "a"})
    out = capsys.readouterr().out
    assert "✓ Soal 2   tepat" in out
    assert "✗ Soal 3   belum tepat. Baca lagi modul 01" in out
    assert "1 dari 11 soal sudah tepat (mode latihan)." in out


def test_checks_import_is_light():
    code = (
        "import sys, kemitraan_lib.grading.checks as c; "
        "heavy = [m for m in ('pandas', 'numpy', 'matplotlib', 'ipywidgets', 'networkx', "
        "'nbgrader', 'IPython') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
