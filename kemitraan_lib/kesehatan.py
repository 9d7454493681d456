"""Cek Kesehatan Kemitraan: a partnership health check built from the course content.

Each of the six principles (``content.PRINCIPLES``) gets three short statements
(our own words): one about the principle itself, one about its "if missing"
sign (the learner rates how far the partnership is FREE of that sign) and one
about a related condition (``content.CONDITIONS``) or keeping technique
(``content.TECHNIQUES``). Every statement is rated 1-5 (1 = sangat tidak
setuju, 5 = sangat setuju) separately by each party (:data:`PARTIES`: the group,
the partner, the facilitator).

:func:`scores` gives the score per principle and overall for each party and
for all parties together, each with a band (:data:`BANDS`, the course's own
bands, not an official scale); :func:`gaps` lists the principles two parties
see at least two points apart, each with the course's advice for that
principle (a topic for the next meeting). Checks are saved with their date in
the workbook (:data:`kemitraan_lib.answers.CEK_KESEHATAN`, a list) so that
:func:`trend` shows how the partnership moves from one check to the next.

>>> check = make_check("2026-03-01", {"kelompok": {s.key: 4 for s in statements()},
...                                   "mitra": {s.key: 2 for s in statements()}})
>>> result = scores(check)
>>> result.overall, result.band.key
(3.0, 'rawan')
>>> [g.principle.key for g in gaps(check)][:2]
['kesamaan-visi-misi', 'kepercayaan']
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from kemitraan_lib.errors import InvalidValueError, format_choices, show

__all__ = [
    "Statement",
    "Party",
    "Band",
    "Check",
    "Gap",
    "Scores",
    "PARTIES",
    "BANDS",
    "BANDS_LABEL",
    "GAP_POINTS",
    "SCALE",
    "statements",
    "party",
    "parse_date",
    "band",
    "make_check",
    "check_from_dict",
    "scores",
    "gaps",
    "trend",
    "add_check",
    "summary_text",
    "excel_bytes",
]

SCALE = {1: "sangat tidak setuju", 2: "tidak setuju", 3: "ragu-ragu", 4: "setuju",
         5: "sangat setuju"}
GAP_POINTS = 2.0  # two parties this far apart on a principle: talk about it
MAX_NOTE = 500
MAX_CHECKS = 200


@dataclass(frozen=True)
class Party:
    key: str
    label: str


PARTIES: tuple[Party, ...] = (
    Party("kelompok", "Kelompok (masyarakat)"),
    Party("mitra", "Mitra"),
    Party("fasilitator", "Fasilitator"),
)


@dataclass(frozen=True)
class Statement:
    """One statement of the questionnaire; ``sources`` are the content keys it comes from."""

    key: str
    principle: str  # a PRINCIPLES key
    text: str
    sources: tuple[str, ...] = ()


# (key, principle, text, sources) - our own words, one idea per statement.
_STATEMENTS = (
    ("visi-arah", "kesamaan-visi-misi",
     "Kami dan mitra bisa menyebut tujuan bersama dengan kalimat yang kurang lebih sama.",
     ("kesamaan-visi-misi", "kesamaan-visi")),
    ("visi-tanda", "kesamaan-visi-misi",
     "Tidak ada pihak yang diam-diam menarik kegiatan ke arah kepentingannya sendiri.",
     ("kesamaan-visi-misi",)),
    ("visi-besar", "kesamaan-visi-misi",
     "Hasil yang kami kejar bersama lebih besar daripada yang bisa dicapai satu pihak.",
     ("komitmen-bersama",)),
    ("percaya-jujur", "kepercayaan",
     "Kabar, rencana dan uang kegiatan dibuka apa adanya kepada semua pihak.",
     ("kepercayaan", "keterbukaan")),
    ("percaya-tanda", "kepercayaan",
     "Langkah satu pihak jarang dicurigai oleh pihak lain.",
     ("kepercayaan",)),
    ("percaya-butuh", "kepercayaan",
     "Setiap pihak yakin pihak lain akan menjalankan bagiannya.",
     ("saling-percaya", "sabar")),
    ("untung-manfaat", "saling-menguntungkan",
     "Setiap pihak bisa menunjukkan manfaat nyata yang sudah ia terima.",
     ("saling-menguntungkan",)),
    ("untung-tanda", "saling-menguntungkan",
     "Tidak ada pihak yang merasa hanya memberi tanpa mendapat apa-apa.",
     ("saling-menguntungkan", "persamaan")),
    ("untung-lebih", "saling-menguntungkan",
     "Sesekali ada pihak yang memberi lebih dari yang tertulis dalam kesepakatan.",
     ("kejutan",)),
    ("efisien-tugas", "efisiensi-efektivitas",
     "Pembagian tugas jelas: setiap orang tahu siapa mengerjakan apa.",
     ("efisiensi-efektivitas", "kesepakatan")),
    ("efisien-tanda", "efisiensi-efektivitas",
     "Jarang ada pekerjaan yang dikerjakan dua kali atau biaya yang membengkak.",
     ("efisiensi-efektivitas",)),
    ("efisien-hasil", "efisiensi-efektivitas",
     "Dengan bekerja bersama, kegiatan selesai lebih cepat atau lebih murah.",
     ("efisiensi-efektivitas",)),
    ("dialog-dua-arah", "komunikasi-dialogis",
     "Dalam pertemuan, setiap pihak mendapat giliran bicara dan didengar.",
     ("komunikasi-dialogis",)),
    ("dialog-tanda", "komunikasi-dialogis",
     "Tidak ada satu pihak yang selalu memutuskan sendiri.",
     ("komunikasi-dialogis",)),
    ("dialog-masukan", "komunikasi-dialogis",
     "Kami rutin meminta saran dan keluhan mitra, tidak menunggu mereka mengeluh.",
     ("rendah-hati", "aktif")),
    ("komit-janji", "komitmen-kuat",
     "Janji yang dibuat dalam pertemuan ditepati tepat waktu.",
     ("komitmen-kuat",)),
    ("komit-tanda", "komitmen-kuat",
     "Kesepakatan kami dijalankan, bukan hanya tersimpan di map.",
     ("komitmen-kuat", "kesepakatan")),
    ("komit-hormat", "komitmen-kuat",
     "Mitra merasa diperlakukan sebagai pihak yang penting.",
     ("nomor-satukan-mitra",)),
)

# Advice per principle: what to do about it at the next meeting (our own words),
# next to the course's description and "if missing" sign of the principle.
_ADVICE = {
    "kesamaan-visi-misi": "Tuliskan lagi tujuan bersama dalam satu kalimat yang disetujui "
    "semua pihak, lalu cocokkan kegiatan bulan depan dengan kalimat itu.",
    "kepercayaan": "Buka catatan kegiatan dan keuangan di depan semua pihak, dan tepati satu "
    "janji kecil sebelum membuat janji baru.",
    "saling-menguntungkan": "Minta setiap pihak menyebut manfaat yang ia terima dan yang ia "
    "harapkan; sepakati ulang pembagian hasil bila ada yang merasa dirugikan.",
    "efisiensi-efektivitas": "Buat daftar tugas dengan nama penanggung jawab dan tanggal; "
    "hapus pekerjaan yang dikerjakan dua pihak sekaligus.",
    "komunikasi-dialogis": "Atur pertemuan agar setiap pihak bicara bergiliran; tanyakan "
    "keluhan lebih dulu sebelum menyampaikan rencana.",
    "komitmen-kuat": "Tinjau kesepakatan pasal demi pasal: mana yang sudah dijalankan, mana "
    "yang belum, dan siapa yang menindaklanjuti sebelum kapan.",
}


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    minimum: float  # lowest score of this band
    meaning: str


#: The course's own bands (not an official scale); highest first.
BANDS: tuple[Band, ...] = (
    Band("sehat", "Sehat", 4.2, "Kemitraan berjalan baik; rawat terus kebiasaan yang membuatnya "
         "baik."),
    Band("cukup", "Cukup sehat", 3.4, "Kemitraan berjalan, tetapi ada bagian yang mulai "
         "longgar; bahas prinsip dengan nilai terendah."),
    Band("rawan", "Rawan", 2.6, "Beberapa prinsip lemah; adakan pertemuan khusus para pihak "
         "sebelum masalah membesar."),
    Band("kritis", "Kritis", 1.0, "Kemitraan terancam berhenti; putuskan bersama apakah "
         "kesepakatan diubah, diperbaiki atau diakhiri dengan baik."),
)
BANDS_LABEL = "Pita nilai kursus ini (bukan skala resmi)"


def statements() -> tuple[Statement, ...]:
    """The questionnaire: three statements per principle, in the order of the principles."""
    return tuple(Statement(*row) for row in _STATEMENTS)


_KEYS = tuple(row[0] for row in _STATEMENTS)


def party(key) -> Party:
    """The party for a key or label (case does not matter); InvalidValueError otherwise."""
    if isinstance(key, str):
        text = key.strip().casefold()
        for item in PARTIES:
            if text in (item.key, item.label.casefold()):
                return item
    raise InvalidValueError(
        f"Pihak {show(key)} tidak dikenal. Pilihan: {format_choices(p.key for p in PARTIES)}.",
        field="pihak", value=key, allowed=tuple(p.key for p in PARTIES))


def band(score) -> Band:
    """The course's band for a score 1..5 (InvalidValueError for anything else)."""
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not (
            math.isfinite(score) and 1 <= score <= 5):
        raise InvalidValueError(f"Nilai {show(score)} harus angka 1 sampai 5.", field="nilai",
                                value=score, allowed=(1, 5))
    for item in BANDS:
        if score >= item.minimum:
            return item
    return BANDS[-1]  # pragma: no cover - the last minimum is 1


@dataclass(frozen=True)
class Check:
    """One health check: its date (ISO ``YYYY-MM-DD``), ratings per party, a note."""

    date: str
    ratings: Mapping  # party key -> {statement key: 1..5}
    note: str = ""

    def to_dict(self) -> dict:
        out = {"tanggal": self.date,
               "nilai": {p: dict(r) for p, r in self.ratings.items()}}
        if self.note:
            out["catatan"] = self.note
        return out


def parse_date(value) -> str:
    """A date (ISO text, DD/MM/YYYY, date or datetime) as ISO ``YYYY-MM-DD``."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        for fmt in ("%d/%m/%Y", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
    raise InvalidValueError(
        f"Tanggal {show(value)} tidak dikenali. Tulis seperti 2026-03-01 atau 01/03/2026.",
        field="tanggal", value=value, allowed=("YYYY-MM-DD", "DD/MM/YYYY"))


def _rating(value, key: str, who: str) -> int:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 1:
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise InvalidValueError(
            f"Nilai pernyataan '{key}' dari pihak {who} harus bilangan bulat 1 sampai 5; "
            f"nilai {show(value)} tidak diterima.", field=key, value=value, allowed=(1, 5))
    return value


def make_check(date, ratings, note="") -> Check:
    """A checked :class:`Check`; any bad part is refused with an Indonesian message.

    ``ratings`` maps a party (key or label) to ``{statement key: 1..5}``;
    statements left out are "not answered". At least one rating is needed.
    """
    day = parse_date(date)
    if not isinstance(ratings, Mapping):
        raise InvalidValueError(
            f"Nilai cek kesehatan harus berupa kamus {{pihak: {{pernyataan: 1-5}}}}; nilai "
            f"{show(ratings)} tidak diterima.", field="nilai", value=ratings)
    clean: dict[str, dict[str, int]] = {}
    for who, answers in ratings.items():
        item = party(who)
        if not isinstance(answers, Mapping):
            raise InvalidValueError(
                f"Nilai dari pihak {item.label} harus berupa kamus {{pernyataan: 1-5}}; nilai "
                f"{show(answers)} tidak diterima.", field=item.key, value=answers)
        row = {}
        for key, value in answers.items():
            if key not in _KEYS:
                raise InvalidValueError(
                    f"Pernyataan {show(key)} tidak ada di cek kesehatan.", field="pernyataan",
                    value=key, allowed=_KEYS)
            if value is None:
                continue
            row[key] = _rating(value, key, item.label)
        if row:
            clean.setdefault(item.key, {}).update(row)
    if not clean:
        raise InvalidValueError("Cek kesehatan belum berisi nilai: beri nilai 1-5 untuk "
                                "paling sedikit satu pernyataan.", field="nilai", value=ratings)
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise InvalidValueError(f"Catatan harus berupa teks; nilai {show(note)} tidak "
                                "diterima.", field="catatan", value=note)
    note = " ".join(note.split())
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in note):
        raise InvalidValueError("Catatan berisi tanda kendali yang tidak bisa disimpan; hapus "
                                "tanda itu.", field="catatan", value=note)
    if len(note) > MAX_NOTE:
        raise InvalidValueError(f"Catatan terlalu panjang ({len(note)} huruf); paling banyak "
                                f"{MAX_NOTE}.", field="catatan", value=note)
    order = [p.key for p in PARTIES if p.key in clean]
    return Check(day, {p: {k: clean[p][k] for k in _KEYS if k in clean[p]} for p in order},
                 note)


def check_from_dict(data) -> Check:
    """A :class:`Check` from its stored form ``{"tanggal", "nilai", "catatan"}``."""
    if isinstance(data, Check):
        return data
    if not isinstance(data, Mapping):
        raise InvalidValueError(f"Cek kesehatan tersimpan harus berupa kamus; nilai "
                                f"{show(data)} tidak diterima.", field="cek", value=data)
    return make_check(data.get("tanggal"), data.get("nilai"), data.get("catatan", ""))


def _check(value) -> Check:
    return value if isinstance(value, Check) else check_from_dict(value)


@dataclass(frozen=True)
class Scores:
    """Scores of one check: per party and principle, per principle (all parties), overall."""

    date: str
    by_party: Mapping  # party key -> {principle key: mean 1..5} (answered principles only)
    by_principle: Mapping  # principle key -> mean over the parties that answered it
    party_overall: Mapping  # party key -> mean of its principle scores
    overall: float | None
    band: Band | None
    weakest: tuple[str, ...] = field(default_factory=tuple)  # lowest principle(s)


def _mean(values) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 2) if values else None


def scores(check) -> Scores:
    """The scores of a check (a :class:`Check` or its stored dict)."""
    from kemitraan_lib import content

    item = _check(check)
    by_statement = {s.key: s.principle for s in statements()}
    by_party: dict[str, dict[str, float]] = {}
    for who, ratings in item.ratings.items():
        groups: dict[str, list[int]] = {}
        for key, value in ratings.items():
            groups.setdefault(by_statement[key], []).append(value)
        by_party[who] = {p.key: _mean(groups[p.key]) for p in content.PRINCIPLES
                         if p.key in groups}
    by_principle = {}
    for p in content.PRINCIPLES:
        mean = _mean(s[p.key] for s in by_party.values() if p.key in s)
        if mean is not None:
            by_principle[p.key] = mean
    party_overall = {who: _mean(s.values()) for who, s in by_party.items()}
    overall = _mean(by_principle.values())
    low = min(by_principle.values()) if by_principle else None
    weakest = tuple(k for k, v in by_principle.items() if v == low)
    return Scores(item.date, by_party, by_principle, party_overall, overall,
                  band(overall) if overall is not None else None, weakest)


@dataclass(frozen=True)
class Gap:
    """Two parties see a principle at least :data:`GAP_POINTS` apart: a meeting topic."""

    principle: object  # content.Principle
    first: str  # party keys
    second: str
    first_score: float
    second_score: float
    difference: float
    advice: str

    @property
    def topic(self) -> str:
        labels = {p.key: p.label for p in PARTIES}
        return (f"{self.principle.label}: {labels[self.first]} memberi {self.first_score:g}, "
                f"{labels[self.second]} memberi {self.second_score:g} (selisih "
                f"{self.difference:g}). {self.advice}")


def gaps(check, points=GAP_POINTS) -> tuple[Gap, ...]:
    """Principles two parties see ``points`` (default 2) or more apart, biggest first."""
    from kemitraan_lib import content

    if isinstance(points, bool) or not isinstance(points, (int, float)) or not (
            math.isfinite(points) and 0 < points <= 4):
        raise InvalidValueError(f"Batas selisih harus angka di atas 0 sampai 4; nilai "
                                f"{show(points)} tidak diterima.", field="selisih",
                                value=points, allowed=(0, 4))
    result = scores(check)
    found = []
    whos = list(result.by_party)
    for principle in content.PRINCIPLES:
        for i, a in enumerate(whos):
            for b in whos[i + 1:]:
                sa, sb = result.by_party[a].get(principle.key), result.by_party[b].get(
                    principle.key)
                if sa is None or sb is None:
                    continue
                diff = round(abs(sa - sb), 2)
                if diff >= points:
                    advice = (f"Tanda bila prinsip ini hilang: {principle.if_missing} "
                              f"Saran kursus: {_ADVICE[principle.key]}")
                    found.append(Gap(principle, a, b, sa, sb, diff, advice))
    found.sort(key=lambda g: -g.difference)
    return tuple(found)


def _checks(checks) -> list[Check]:
    if checks is None:
        return []
    if isinstance(checks, (Check, Mapping)):
        checks = [checks]
    if not isinstance(checks, (list, tuple)):
        raise InvalidValueError(f"Riwayat cek kesehatan harus berupa daftar; nilai "
                                f"{show(checks)} tidak diterima.", field="riwayat",
                                value=checks)
    if len(checks) > MAX_CHECKS:
        raise InvalidValueError(f"Riwayat terlalu panjang ({len(checks)} cek); paling banyak "
                                f"{MAX_CHECKS}.", field="riwayat", value=len(checks))
    return sorted((_check(c) for c in checks), key=lambda c: c.date)


def trend(checks) -> list[dict]:
    """One row per check, oldest first: ``tanggal``, ``keseluruhan``, ``pita`` and each
    principle's score (``None`` where not answered)."""
    from kemitraan_lib import content

    rows = []
    for item in _checks(checks):
        result = scores(item)
        row = {"tanggal": item.date, "keseluruhan": result.overall,
               "pita": result.band.label if result.band else ""}
        for p in content.PRINCIPLES:
            row[p.key] = result.by_principle.get(p.key)
        rows.append(row)
    return rows


def add_check(checks, check) -> list[dict]:
    """The stored list with ``check`` added; a check of the same date merges its parties
    (a party's new ratings replace its old ones). Returns stored dicts, oldest first."""
    new = _check(check)
    kept = {c.date: c for c in _checks(checks)}
    old = kept.get(new.date)
    if old is not None:
        merged = {**{p: dict(r) for p, r in old.ratings.items()},
                  **{p: dict(r) for p, r in new.ratings.items()}}
        new = make_check(new.date, merged, new.note or old.note)
    kept[new.date] = new
    result = [kept[d].to_dict() for d in sorted(kept)]
    if len(result) > MAX_CHECKS:
        raise InvalidValueError(f"Riwayat sudah berisi {MAX_CHECKS} cek; hapus yang lama dulu.",
                                field="riwayat", value=len(result))
    return result


def summary_text(checks) -> str:
    """Readable text of a history of checks (for the plan): latest first, with gaps."""
    from kemitraan_lib import content

    labels = content.labels(content.PRINCIPLES)
    lines = []
    for item in reversed(_checks(checks)):
        result = scores(item)
        if result.overall is None:
            continue
        weak = ", ".join(labels[k] for k in result.weakest)
        lines.append(f"{item.date}: nilai keseluruhan {result.overall:g} ({result.band.label}; "
                     f"{BANDS_LABEL.lower()}); prinsip terlemah: {weak}.")
        lines.extend(f"  Bahas: {g.topic}" for g in gaps(item))
    return "\n".join(lines)


def excel_bytes(checks) -> bytes:
    """An ``.xlsx`` of the checks: sheet ``ringkasan`` (scores by date), ``nilai`` (every
    rating), ``selisih`` (meeting topics). Notes that look like formulas stay text."""
    from openpyxl import Workbook

    from kemitraan_lib import content

    items = _checks(checks)
    by_key = {s.key: s for s in statements()}
    labels = content.labels(content.PRINCIPLES)
    party_labels = {p.key: p.label for p in PARTIES}
    wb = Workbook()
    ws = wb.active
    ws.title = "ringkasan"
    ws.append(["tanggal", "keseluruhan", "pita (kursus)"] + [labels[p.key]
                                                             for p in content.PRINCIPLES])
    for row in trend(items):
        ws.append([row["tanggal"], row["keseluruhan"], row["pita"]]
                  + [row[p.key] for p in content.PRINCIPLES])
    detail = wb.create_sheet("nilai")
    detail.append(["tanggal", "pihak", "prinsip", "pernyataan", "nilai", "catatan"])
    for item in items:
        for who, ratings in item.ratings.items():
            for key, value in ratings.items():
                detail.append([item.date, party_labels[who], labels[by_key[key].principle],
                               by_key[key].text, value, item.note])
    topics = wb.create_sheet("selisih")
    topics.append(["tanggal", "prinsip", "pihak 1", "nilai 1", "pihak 2", "nilai 2", "selisih",
                   "bahan pertemuan"])
    for item in items:
        for g in gaps(item):
            topics.append([item.date, g.principle.label, party_labels[g.first], g.first_score,
                           party_labels[g.second], g.second_score, g.difference, g.advice])
    return _xlsx(wb)


def _xlsx(wb) -> bytes:
    """An openpyxl workbook as bytes: bold headers; a text that looks like a formula stays
    text (quote prefix), as in the map files (shared with monev's history export)."""
    from openpyxl.styles import Font

    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    cell.data_type = "s"
                    cell.quotePrefix = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

