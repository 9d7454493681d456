"""Every graded question of the eight assignments: the form of its answer and a hint.

``QUESTIONS[tugas][soal]`` is a :class:`Question`: the expected :mod:`form
<kemitraan_lib.grading.forms>` of the answer held in ``jawaban_<soal>``, the
hint a participant reads when the answer is not right (it points to a module
and section, never to the answer), and the kind of question: ``penerapan``
(applying a concept to a short scenario), ``pemahaman`` (understanding a
concept) or ``tantangan`` (optional, with case data).

No answer is stored here: the keys live only in the hidden tests of
``solutions/`` (the trainer's source notebooks). The visible test of each
question (:func:`kemitraan_lib.grading.checks.periksa`) and the "Periksa
jawaban" summary read this table, so it must list exactly the answer cells of
each notebook (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from kemitraan_lib.grading.forms import Choice, Form, Letter, Name, Number, Word

__all__ = ["Question", "QUESTIONS", "KINDS"]

#: Other spellings of the four patterns of the source material (the law's names too).
_MATERI_EXTRA = {
    "Kerjasama Operasional": "kerjasama-operasional",
    "KSO": "kerjasama-operasional",
    "Bapak Angkat": "bapak-angkat",
    "perdagangan-umum": "dagang-umum",
    "Perdagangan umum": "dagang-umum",
    "distribusi-keagenan": "keagenan",
    "Distribusi dan keagenan": "keagenan",
}

#: Kinds of questions (``penerapan`` = applying a concept to a scenario).
KINDS = ("penerapan", "pemahaman", "tantangan")


@dataclass(frozen=True)
class Question:
    """One graded answer: its form, the hint shown when it is not right, and its kind."""

    form: Form
    hint: str
    kind: str


_H01_BEDA = "Baca lagi modul 01, bagian 'Jejaring kerja dan kemitraan: apa bedanya?'."

_H01_HAKIKAT = "Baca lagi modul 01, bagian 'Hakikat membangun jaringan kemitraan'."

_H01_LANDASAN = "Baca lagi modul 01, bagian 'Empat landasan kemitraan'."

_H01_SYARAT = "Baca lagi modul 01, bagian 'Lima syarat bermitra'."

_H01_UANG = "Baca lagi modul 01, bagian 'Kapan kemitraan muncul, dan \"dua sisi mata uang\"'."

_H02_AKSES = "Baca lagi modul 02, bagian 'Mengapa kemitraan penting?'."

_H02_MANDIRI = "Baca lagi modul 02, bagian 'Akses membawa kemandirian'."

_H02_PUBLIK = "Baca lagi modul 02, bagian 'Barang publik: pohon milik siapa?'."

_H02_TUGAS = "Baca lagi modul 02, bagian 'Kemitraan adalah bagian dari tugas fasilitator'."

_H03_JARINGAN = (
    "Baca lagi modul 03, bagian 'Membaca jaringan: perantara, mitra terpencil, jenis yang "
    "belum ada'."
)

_H03_JENIS = "Baca lagi modul 03, bagian 'Lima jenis calon mitra'."

_H03_KISI = "Baca lagi modul 03, bagian 'Menganalisis: kisi pengaruh–kepentingan'."

_H03_MULAI = "Baca lagi modul 03, bagian 'Siapa yang dipetakan, dan dari mana mulainya?'."

_H03_PENDEKATAN = "Baca lagi modul 03, bagian 'Menggali informasi: tiga pendekatan'."

_H04_DUA = "Baca lagi modul 04, bagian 'Dua tujuan membangun jaringan kemitraan'."

_H04_PARTISIPASI = "Baca lagi modul 04, bagian 'Partisipasi: dari penonton menjadi pemilik'."

_H04_SINERGI = "Baca lagi modul 04, bagian 'Sinergi: satu tambah satu lebih dari dua'."

_H05_ENAM = "Baca lagi modul 05, bagian 'Enam prinsip membangun jaringan kemitraan'."

_H05_HILANG = "Baca lagi modul 05, bagian 'Apa yang rusak bila satu prinsip hilang?'."

_H05_UMUM = "Baca lagi modul 05, bagian 'Tiga prinsip umum'."

_H06_72 = "Baca lagi modul 06, bagian 'Tindak lanjut 72 jam'."

_H06_STRATEGI = "Baca lagi modul 06, bagian 'Mengapa perlu strategi?'."

_H07_35 = "Baca lagi modul 08, bagian 'Perlindungan bagi usaha kecil'."

_H07_EMPAT = "Baca lagi modul 07, bagian 'Empat pola dari materi kursus'."

_H07_UU = "Baca lagi tabel bentuk kemitraan dalam peraturan di modul 08, bagian 'Contoh'."

_H08_LAMPU = "Baca lagi modul 09, bagian 'Monitoring dan evaluasi dengan lampu lalu lintas'."

_H08_LANGKAH = "Baca lagi modul 09, bagian 'Sebelas langkah, satu per satu'."

_H08_MOU = "Baca lagi modul 09, bagian 'Isi sebuah Nota Kesepahaman (MoU)'."

_H08_TEKNIK = "Baca lagi keenam teknik di modul 10, bagian 'Contoh'."


def _q(form: Form, hint: str, kind: str) -> Question:
    return Question(form=form, hint=hint, kind=kind)


QUESTIONS: dict[str, dict[str, Question]] = {
    "tugas-01-hakikat": {
        "1a": _q(Word(("jejaring", "kemitraan")), _H01_BEDA, "penerapan"),
        "1b": _q(Word(("jejaring", "kemitraan")), _H01_BEDA, "penerapan"),
        "1c": _q(Word(("jejaring", "kemitraan")), _H01_BEDA, "penerapan"),
        "1d": _q(Word(("jejaring", "kemitraan")), _H01_BEDA, "penerapan"),
        "2": _q(Letter("abcde"), _H01_SYARAT, "penerapan"),
        "3": _q(Letter("abcd"), _H01_LANDASAN, "penerapan"),
        "4": _q(Letter("abcd"), _H01_LANDASAN, "penerapan"),
        "5": _q(Letter("abcd"), _H01_SYARAT, "pemahaman"),
        "6": _q(Letter("abcd"), _H01_HAKIKAT, "pemahaman"),
        "7": _q(Letter("abcd"), _H01_UANG, "pemahaman"),
        "8": _q(
            Number(),
            "Hitung lagi baris tabel ringkasan yang kolom dukungannya lebih dari 0.",
            "tantangan",
        ),
    },
    "tugas-02-kesadaran": {
        "1a": _q(Choice("ACCESS"), _H02_AKSES, "penerapan"),
        "1b": _q(Choice("ACCESS"), _H02_AKSES, "penerapan"),
        "1c": _q(Choice("ACCESS"), _H02_AKSES, "penerapan"),
        "1d": _q(Choice("ACCESS"), _H02_AKSES, "penerapan"),
        "1e": _q(Choice("ACCESS"), _H02_AKSES, "penerapan"),
        "1f": _q(Choice("ACCESS"), _H02_AKSES, "penerapan"),
        "2": _q(Letter("abcd"), _H02_MANDIRI, "penerapan"),
        "3": _q(Letter("abcd"), _H02_TUGAS, "penerapan"),
        "4": _q(Letter("abcd"), _H02_PUBLIK, "penerapan"),
        "5": _q(Letter("abcd"), _H02_AKSES, "pemahaman"),
        "6": _q(Number(), "Hitung lagi baris tabel hubungan yang jenisnya informasi.", "tantangan"),
    },
    "tugas-03-pemetaan": {
        "1a": _q(Choice("PARTNER_KINDS"), _H03_JENIS, "penerapan"),
        "1b": _q(Choice("PARTNER_KINDS"), _H03_JENIS, "penerapan"),
        "1c": _q(Choice("PARTNER_KINDS"), _H03_JENIS, "penerapan"),
        "1d": _q(Choice("PARTNER_KINDS"), _H03_JENIS, "penerapan"),
        "1e": _q(Choice("PARTNER_KINDS"), _H03_JENIS, "penerapan"),
        "2a": _q(Choice("APPROACHES"), _H03_PENDEKATAN, "penerapan"),
        "2b": _q(Choice("APPROACHES"), _H03_PENDEKATAN, "penerapan"),
        "2c": _q(Choice("APPROACHES"), _H03_PENDEKATAN, "penerapan"),
        "3a": _q(Choice("QUADRANTS"), _H03_KISI, "penerapan"),
        "3b": _q(Choice("QUADRANTS"), _H03_KISI, "penerapan"),
        "3c": _q(Choice("QUADRANTS"), _H03_KISI, "penerapan"),
        "3d": _q(Choice("QUADRANTS"), _H03_KISI, "penerapan"),
        "3e": _q(Choice("QUADRANTS"), _H03_KISI, "penerapan"),
        "4": _q(Letter("abcd"), _H03_MULAI, "pemahaman"),
        "5": _q(Letter("abcd"), _H03_JARINGAN, "penerapan"),
        "6": _q(Choice("PARTNER_KINDS"), _H03_JARINGAN, "penerapan"),
        "7": _q(Name(case="menabung-pohon"), _H03_JARINGAN, "penerapan"),
        "8": _q(
            Number(),
            "Hitung lagi baris tabel ringkasan dengan kuadran Kelola dari dekat.",
            "tantangan",
        ),
    },
    "tugas-04-tujuan": {
        "1a": _q(Choice("OBJECTIVES"), _H04_DUA, "penerapan"),
        "1b": _q(Choice("OBJECTIVES"), _H04_DUA, "penerapan"),
        "1c": _q(Choice("OBJECTIVES"), _H04_DUA, "penerapan"),
        "1d": _q(Choice("OBJECTIVES"), _H04_DUA, "penerapan"),
        "1e": _q(Choice("OBJECTIVES"), _H04_DUA, "penerapan"),
        "1f": _q(Choice("OBJECTIVES"), _H04_DUA, "penerapan"),
        "2": _q(Letter("abcd"), _H04_PARTISIPASI, "penerapan"),
        "3": _q(Letter("abcd"), _H04_SINERGI, "penerapan"),
        "4": _q(Letter("abcd"), _H04_SINERGI, "pemahaman"),
        "5": _q(Letter("abcd"), _H04_SINERGI, "pemahaman"),
        "6": _q(
            Number(),
            "Hitung lagi baris tabel ringkasan yang jenisnya Lembaga pemerintah.",
            "tantangan",
        ),
    },
    "tugas-05-prinsip": {
        "1a": _q(Choice("GENERAL_PRINCIPLES"), _H05_UMUM, "penerapan"),
        "1b": _q(Choice("GENERAL_PRINCIPLES"), _H05_UMUM, "penerapan"),
        "1c": _q(Choice("GENERAL_PRINCIPLES"), _H05_UMUM, "penerapan"),
        "2a": _q(Choice("PRINCIPLES"), _H05_HILANG, "penerapan"),
        "2b": _q(Choice("PRINCIPLES"), _H05_HILANG, "penerapan"),
        "2c": _q(Choice("PRINCIPLES"), _H05_HILANG, "penerapan"),
        "2d": _q(Choice("PRINCIPLES"), _H05_HILANG, "penerapan"),
        "2e": _q(Choice("PRINCIPLES"), _H05_HILANG, "penerapan"),
        "2f": _q(Choice("PRINCIPLES"), _H05_HILANG, "penerapan"),
        "3": _q(Letter("abcd"), _H05_ENAM, "penerapan"),
        "4": _q(Letter("abcd"), _H05_ENAM, "pemahaman"),
        "5": _q(Letter("abcd"), _H05_ENAM, "pemahaman"),
        "6": _q(
            Number(),
            "Hitung lagi baris tabel ringkasan yang dukungannya kurang dari 0.",
            "tantangan",
        ),
    },
    "tugas-06-strategi": {
        "1a": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1b": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1c": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1d": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1e": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1f": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1g": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "1h": _q(Choice("STRATEGIES"), _H06_STRATEGI, "penerapan"),
        "2": _q(Letter("abcd"), _H06_72, "penerapan"),
        "3": _q(Letter("abcd"), _H06_72, "penerapan"),
        "4": _q(Letter("abcd"), _H06_72, "pemahaman"),
        "5": _q(Letter("abcd"), _H06_STRATEGI, "pemahaman"),
        "6": _q(
            Number(),
            "Hitung lagi 72 jam sesudah pertemuan; ingat Februari 2026 punya 28 hari.",
            "tantangan",
        ),
    },
    "tugas-07-pola": {
        "1a": _q(
            Choice(
                "PATTERNS",
                keys=("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum"),
                extra=_MATERI_EXTRA,
            ),
            _H07_EMPAT,
            "penerapan",
        ),
        "1b": _q(
            Choice(
                "PATTERNS",
                keys=("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum"),
                extra=_MATERI_EXTRA,
            ),
            _H07_EMPAT,
            "penerapan",
        ),
        "1c": _q(
            Choice(
                "PATTERNS",
                keys=("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum"),
                extra=_MATERI_EXTRA,
            ),
            _H07_EMPAT,
            "penerapan",
        ),
        "1d": _q(
            Choice(
                "PATTERNS",
                keys=("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum"),
                extra=_MATERI_EXTRA,
            ),
            _H07_EMPAT,
            "penerapan",
        ),
        "2a": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "2b": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "2c": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "2d": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "2e": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "2f": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "2g": _q(
            Choice(
                "PATTERNS",
                extra={
                    "joint venture": "usaha-patungan",
                    "outsourcing": "penyumberluaran",
                    "Kerjasama Operasional": "kerjasama-operasional",
                },
            ),
            _H07_UU,
            "penerapan",
        ),
        "3": _q(
            Choice(
                "PATTERNS",
                keys=("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum"),
                extra=_MATERI_EXTRA,
            ),
            _H07_EMPAT,
            "penerapan",
        ),
        "4": _q(
            Choice(
                "PATTERNS",
                keys=("keagenan", "kerjasama-operasional", "bapak-angkat", "dagang-umum"),
                extra=_MATERI_EXTRA,
            ),
            _H07_EMPAT,
            "penerapan",
        ),
        "5": _q(Letter("abcd"), _H07_35, "penerapan"),
        "6": _q(Letter("abcd"), _H07_UU, "pemahaman"),
        "7": _q(
            Number(),
            ("Hitung lagi baris tabel usulan yang polanya salah satu dari empat pola materi."),
            "tantangan",
        ),
    },
    "tugas-08-langkah": {
        "1a": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "1b": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "1c": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "1d": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "1e": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "1f": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "1g": _q(Choice("STEPS"), _H08_LANGKAH, "penerapan"),
        "2": _q(Number(), _H08_LANGKAH, "pemahaman"),
        "3a": _q(Choice("MOU_PARTS"), _H08_MOU, "penerapan"),
        "3b": _q(Choice("MOU_PARTS"), _H08_MOU, "penerapan"),
        "3c": _q(Choice("MOU_PARTS"), _H08_MOU, "penerapan"),
        "3d": _q(Choice("MOU_PARTS"), _H08_MOU, "penerapan"),
        "3e": _q(Choice("MOU_PARTS"), _H08_MOU, "penerapan"),
        "3f": _q(Choice("MOU_PARTS"), _H08_MOU, "penerapan"),
        "4a": _q(Choice("TRAFFIC_LIGHT"), _H08_LAMPU, "penerapan"),
        "4b": _q(Choice("TRAFFIC_LIGHT"), _H08_LAMPU, "penerapan"),
        "4c": _q(Choice("TRAFFIC_LIGHT"), _H08_LAMPU, "penerapan"),
        "4d": _q(Choice("TRAFFIC_LIGHT"), _H08_LAMPU, "penerapan"),
        "5a": _q(Choice("TECHNIQUES"), _H08_TEKNIK, "penerapan"),
        "5b": _q(Choice("TECHNIQUES"), _H08_TEKNIK, "penerapan"),
        "5c": _q(Choice("TECHNIQUES"), _H08_TEKNIK, "penerapan"),
        "5d": _q(Choice("TECHNIQUES"), _H08_TEKNIK, "penerapan"),
        "5e": _q(Choice("TECHNIQUES"), _H08_TEKNIK, "penerapan"),
        "5f": _q(Choice("TECHNIQUES"), _H08_TEKNIK, "penerapan"),
        "6": _q(Letter("abcd"), _H08_LAMPU, "pemahaman"),
        "7": _q(
            Number(),
            (
                "Hitung lagi persen realisasi setiap indikator dan bandingkan dengan batas 90% "
                "dan 60%."
            ),
            "tantangan",
        ),
    },
}
