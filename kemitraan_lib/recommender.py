"""Pattern recommender: from a partnership situation to a ranked list of patterns.

A :class:`Situation` says what the group (the smaller side) can bring, what the
partner (the larger side) can bring, what the group mainly needs, and
optionally the wished duration, closeness and way of sharing. :func:`recommend`
scores all thirteen :data:`~kemitraan_lib.content.PATTERNS` and returns them
best first, each with Indonesian reasons and warnings.

Scoring (0..100, rounded to one decimal), kept simple so a trainer can explain it:

* **Needs met, 40 points.** The share of the group's needs that the pattern
  serves (``Pattern.serves_needs``) *and* the partner actually brings. With no
  needs given, every pattern gets half (20), so only the other parts decide.
* **Group's role, 25 points.** How closely what the group brings matches what
  the small side gives in the pattern (``small_gives``), measured as
  overlap / union (Jaccard): missing items and unneeded extras both lower it.
* **Partner's role, 25 points.** The same for the partner and ``large_gives``.
* **Wishes, 10 points.** Duration, closeness and sharing each weigh a third:
  full when the wish is among the pattern's usual values, nothing when it is
  not, half when no wish is given.

Ties are broken by source (patterns from the course materi first, then those
from the law) and then by key, so the twins ``dagang-umum`` /
``perdagangan-umum`` and ``keagenan`` / ``distribusi-keagenan`` both appear and
the materi one comes first.

Textbook case: a farmer group with land and labour, a company with capital,
management and a market.

>>> recs = recommend(group_brings={"lahan", "tenaga"},
...                  partner_brings={"modal", "manajemen", "pasar"},
...                  needs={"modal", "manajemen", "pasar"})
>>> recs[0].pattern.key, recs[0].score
('kerjasama-operasional', 95.0)
>>> print(recs[0].reasons[0])  # doctest: +NORMALIZE_WHITESPACE
Kelompok menyediakan lahan dan tenaga kerja, sesuai peran kelompok dalam pola
Kerjasama Operasional.

Bad input is refused with an Indonesian message:

>>> recommend(group_brings={"uang"})
Traceback (most recent call last):
...
kemitraan_lib.errors.InvalidValueError: Sumber daya 'uang' pada isian 'yang dibawa kelompok' \
tidak dikenal. Pilihan: lahan, tenaga, modal, manajemen, teknologi, pasar.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kemitraan_lib.content import (
    CLOSENESS,
    DURATIONS,
    PATTERNS,
    RESOURCES,
    SHARING,
    Pattern,
    by_key,
    keys,
)
from kemitraan_lib.errors import InvalidValueError, format_choices, quote, show

__all__ = [
    "Situation",
    "Recommendation",
    "recommend",
    "compare",
    "WEIGHTS",
    "FIELD_NAMES",
]

#: Points for each part of the score; they add up to 100.
WEIGHTS = {"needs": 40.0, "group": 25.0, "partner": 25.0, "wishes": 10.0}

#: Situation field -> Indonesian name used in messages.
FIELD_NAMES = {
    "group_brings": "yang dibawa kelompok",
    "partner_brings": "yang dibawa mitra",
    "needs": "kebutuhan utama kelompok",
    "duration": "jangka waktu",
    "closeness": "keeratan",
    "sharing": "cara berbagi",
}

_RESOURCE_FIELDS = ("group_brings", "partner_brings", "needs")
_OPTION_FIELDS = {"duration": DURATIONS, "closeness": CLOSENESS, "sharing": SHARING}

_RESOURCE_KEYS = keys(RESOURCES)
# Words used inside sentences (lower case, no inner "dan" so lists read well).
_SHORT = {
    "lahan": "lahan",
    "tenaga": "tenaga kerja",
    "modal": "modal",
    "manajemen": "manajemen",
    "teknologi": "teknologi",
    "pasar": "pasar",
}
_OPTION_WORDS = {
    "duration": "jangka waktu",
    "closeness": "hubungan",
    "sharing": "cara berbagi",
}


_USUAL = {
    "duration": "pola ini biasanya berjangka {}",
    "closeness": "hubungan dalam pola ini biasanya {}",
    "sharing": "pola ini biasanya memakai cara {}",
}


def _or_words(names: Iterable[str]) -> str:
    """'a, b atau c'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " atau " + names[-1]


def _ordered(resource_keys: Iterable[str]) -> tuple[str, ...]:
    """Resource keys in the teaching order of RESOURCES."""
    chosen = set(resource_keys)
    return tuple(k for k in _RESOURCE_KEYS if k in chosen)


def _words(resource_keys: Iterable[str]) -> str:
    """'lahan, modal dan pasar' for a set of resource keys."""
    names = [_SHORT[k] for k in _ordered(resource_keys)]
    if not names:
        return "belum ada"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _normalize_resources(field_name: str, value) -> frozenset[str]:
    """Turn None / a string / an iterable into a frozenset of RESOURCES keys."""
    if value is None:
        return frozenset()
    if isinstance(value, str):
        items = [part for part in value.replace(";", ",").split(",") if part.strip()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise InvalidValueError(
            f"Isian '{FIELD_NAMES[field_name]}' harus berupa daftar sumber daya, bukan "
            f"{quote(value)}. Pilihan: {format_choices(_RESOURCE_KEYS)}.",
            field=FIELD_NAMES[field_name],
            value=value,
            allowed=_RESOURCE_KEYS,
        )
    by_label = {item.label.casefold(): item.key for item in RESOURCES}
    by_label.update({v.casefold(): k for k, v in _SHORT.items()})
    result = set()
    for item in items:
        text = item.strip().casefold() if isinstance(item, str) else None
        key = text if text in _RESOURCE_KEYS else by_label.get(text or "")
        if key is None:
            raise InvalidValueError(
                f"Sumber daya {quote(item)} pada isian '{FIELD_NAMES[field_name]}' tidak dikenal. "
                f"Pilihan: {format_choices(_RESOURCE_KEYS)}.",
                field=FIELD_NAMES[field_name],
                value=item,
                allowed=_RESOURCE_KEYS,
            )
        result.add(key)
    return frozenset(result)


def _normalize_option(field_name: str, value) -> str:
    """'' (no wish) or a key of DURATIONS / CLOSENESS / SHARING."""
    allowed = keys(_OPTION_FIELDS[field_name])
    if value is None:
        return ""
    text = value.strip().casefold() if isinstance(value, str) else None
    if text == "":
        return ""
    if text in allowed:
        return text
    raise InvalidValueError(
        f"Pilihan {FIELD_NAMES[field_name]} {quote(value)} tidak dikenal. "
        f"Pilihan: {format_choices(allowed)} (atau kosongkan).",
        field=FIELD_NAMES[field_name],
        value=value,
        allowed=("",) + allowed,
    )


@dataclass(frozen=True)
class Situation:
    """What each side can bring and what the group needs.

    Values are normalised on creation: resource lists become frozensets of
    RESOURCES keys (labels such as ``"Tenaga kerja"`` and a comma-separated
    string are accepted too); options are ``""`` or a key.

    >>> s = Situation(group_brings=["Lahan", "tenaga kerja"], partner_brings="modal, pasar")
    >>> sorted(s.group_brings), sorted(s.partner_brings), s.duration
    (['lahan', 'tenaga'], ['modal', 'pasar'], '')
    """

    group_brings: frozenset[str] = frozenset()
    partner_brings: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    duration: str = ""
    closeness: str = ""
    sharing: str = ""

    def __post_init__(self) -> None:
        for name in _RESOURCE_FIELDS:
            object.__setattr__(self, name, _normalize_resources(name, getattr(self, name)))
        for name in _OPTION_FIELDS:
            object.__setattr__(self, name, _normalize_option(name, getattr(self, name)))


@dataclass(frozen=True)
class Recommendation:
    """One scored pattern.

    ``group_contributes`` / ``partner_contributes`` are the RESOURCES keys each
    side contributes under this pattern (its ``small_gives`` / ``large_gives``
    in teaching order); ``reasons`` explain the score in Indonesian and
    ``warnings`` list legal and practical risks.
    """

    pattern: Pattern
    score: float
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    group_contributes: tuple[str, ...]
    partner_contributes: tuple[str, ...]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _role_reason(side: str, brings: frozenset[str], gives: frozenset[str], label: str) -> str:
    """Sentence about one side's role; side is 'Kelompok' or 'Mitra'."""
    role = "kelompok" if side == "Kelompok" else "mitra"
    match, missing = brings & gives, gives - brings
    if not missing:
        return f"{side} menyediakan {_words(match)}, sesuai peran {role} dalam pola {label}."
    if match:
        return (
            f"{side} menyediakan {_words(match)} yang diperlukan pola ini, tetapi belum "
            f"menyebut {_words(missing)}."
        )
    said = _words(brings) if brings else "belum menyebut apa pun"
    if brings:
        said = f"menyebut {said}"
    return f"Pola ini mengharapkan {role} menyediakan {_words(gives)}, sedangkan {role} {said}."


def _score(p: Pattern, s: Situation) -> tuple[float, list[str]]:
    reasons = [
        _role_reason("Kelompok", s.group_brings, p.small_gives, p.label),
        _role_reason("Mitra", s.partner_brings, p.large_gives, p.label),
    ]
    if s.needs:
        met = s.needs & p.serves_needs & s.partner_brings
        need_fit = len(met) / len(s.needs)
        not_served = s.needs - p.serves_needs
        not_brought = (s.needs & p.serves_needs) - s.partner_brings
        if met == s.needs:
            reasons.append(f"Pola ini menjawab semua kebutuhan utama kelompok: {_words(met)}.")
        elif met:
            reasons.append(f"Pola ini menjawab kebutuhan akan {_words(met)}.")
        else:
            reasons.append(f"Pola ini tidak menjawab kebutuhan utama kelompok ({_words(s.needs)}).")
        if met and not_served:
            reasons.append(f"Kebutuhan akan {_words(not_served)} tidak dilayani pola ini.")
        if not_brought:
            reasons.append(
                f"Pola ini bisa memberi {_words(not_brought)}, tetapi mitra belum menyediakannya."
            )
    else:
        need_fit = 0.5
        reasons.append(
            "Kebutuhan utama kelompok belum diisi, jadi skor terutama melihat peran kedua pihak."
        )

    wish_points = 0.0
    for name, collection in _OPTION_FIELDS.items():
        wish = getattr(s, name)
        fits = getattr(p, name)
        if not wish:
            wish_points += 0.5
            continue
        wish_label = by_key(collection, wish).label.lower()
        if wish in fits:
            wish_points += 1.0
            reasons.append(
                f"{_OPTION_WORDS[name].capitalize()} '{wish_label}' yang diinginkan cocok "
                "dengan pola ini."
            )
        elif fits:
            usual = _or_words(by_key(collection, k).label.lower() for k in fits)
            reasons.append(
                f"{_OPTION_WORDS[name].capitalize()} '{wish_label}' kurang cocok: "
                f"{_USUAL[name].format(usual)}."
            )
        else:
            reasons.append(
                f"{_OPTION_WORDS[name].capitalize()} '{wish_label}' tidak dipakai dalam pola ini."
            )

    score = (
        WEIGHTS["needs"] * need_fit
        + WEIGHTS["group"] * _jaccard(s.group_brings, p.small_gives)
        + WEIGHTS["partner"] * _jaccard(s.partner_brings, p.large_gives)
        + WEIGHTS["wishes"] * wish_points / len(_OPTION_FIELDS)
    )
    if p.same_as:
        twin = by_key(PATTERNS, p.same_as)
        where = "undang-undang" if twin.source == "uu" else "materi kursus"
        reasons.append(f"Dalam {where}, pola yang sama disebut {twin.label}.")
    return round(min(100.0, max(0.0, score)), 1), reasons


def _warnings(p: Pattern, s: Situation) -> list[str]:
    out = []
    if p.control_warning:
        out.append(p.control_warning)
    if not s.group_brings:
        out.append(
            "Kelompok belum menyebut apa yang bisa disumbangkan; kemitraan yang saling "
            "menguntungkan butuh sumbangan dari kedua pihak."
        )
    else:
        missing = p.small_gives - s.group_brings
        if missing:
            out.append(
                f"Dalam pola ini kelompok harus menyumbang {_words(missing)}, yang belum "
                "dimiliki kelompok; siapkan dulu atau pilih pola lain."
            )
    partner_missing = p.large_gives - s.partner_brings
    if s.partner_brings and partner_missing:
        out.append(
            f"Mitra belum menyebut {_words(partner_missing)}, yang biasanya dibawa mitra dalam "
            "pola ini; tanyakan sebelum sepakat."
        )
    if "lahan" in s.group_brings & p.small_gives and "manajemen" in (
        s.partner_brings & p.large_gives
    ):
        out.append(
            "Mitra akan ikut mengatur usaha di atas lahan kelompok: tulis dalam perjanjian "
            "bahwa lahan tetap milik kelompok dan tidak dijadikan jaminan."
        )
    if (
        "modal" in s.partner_brings & p.large_gives
        and p.key != "bapak-angkat"
        and "jual-beli" in p.sharing
    ):
        out.append(
            "Modal atau sarana produksi dari mitra biasanya dibayar dengan memotong hasil "
            "penjualan: minta rincian potongan dan bunganya secara tertulis."
        )
    return out


def _make_situation(situation, fields: dict) -> Situation:
    unknown = [name for name in fields if name not in FIELD_NAMES]
    if unknown:
        raise InvalidValueError(
            f"Isian {quote(unknown[0])} tidak dikenal. Pilihan: {format_choices(FIELD_NAMES)}.",
            field="isian",
            value=unknown[0],
            allowed=tuple(FIELD_NAMES),
        )
    if situation is None:
        return Situation(**fields)
    if isinstance(situation, Mapping):
        return _make_situation(None, {**situation, **fields})
    if not isinstance(situation, Situation):
        raise InvalidValueError(
            f"Situasi harus berupa Situation atau kamus isian, bukan {quote(situation)}.",
            field="situasi",
            value=situation,
            allowed=tuple(FIELD_NAMES),
        )
    return dataclasses.replace(situation, **fields) if fields else situation


def recommend(situation: Situation | Mapping | None = None, **fields) -> list[Recommendation]:
    """Score every pattern for ``situation`` and return them best first.

    Give a :class:`Situation`, a dict of its fields, or the fields as keyword
    arguments (keywords override the situation's values).

    >>> recs = recommend(group_brings={"tenaga"}, partner_brings={"pasar"}, needs={"pasar"})
    >>> [r.pattern.key for r in recs[:2]]
    ['dagang-umum', 'perdagangan-umum']
    >>> len(recs), recs[0].warnings
    (13, ())
    """
    s = _make_situation(situation, fields)
    recs = []
    for p in PATTERNS:
        score, reasons = _score(p, s)
        recs.append(
            Recommendation(
                pattern=p,
                score=score,
                reasons=tuple(reasons),
                warnings=tuple(_warnings(p, s)),
                group_contributes=_ordered(p.small_gives),
                partner_contributes=_ordered(p.large_gives),
            )
        )
    recs.sort(key=lambda r: (-r.score, r.pattern.source != "materi", r.pattern.key))
    return recs


def compare(recommendations, top: int = 3) -> list[dict[str, str]]:
    """Rows of a side-by-side table of the first ``top`` recommendations.

    Each row is one aspect (``"Aspek"``) with one column per pattern label, so
    ``pandas.DataFrame(rows)`` or any table widget shows the patterns next to
    each other.

    >>> recs = recommend(group_brings={"tenaga"}, partner_brings={"pasar"}, needs={"pasar"})
    >>> rows = compare(recs, top=2)
    >>> [row["Aspek"] for row in rows][:3]
    ['Peringkat', 'Skor', 'Sumber']
    >>> rows[1]
    {'Aspek': 'Skor', 'Dagang Umum': '95.0', 'Perdagangan Umum': '95.0'}
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidValueError(
            f"Jumlah pola yang dibandingkan harus bilangan bulat 1 atau lebih; nilai {quote(top)} "
            "tidak diterima.",
            field="jumlah",
            value=top,
            allowed=("1", "13"),
        )
    if not isinstance(recommendations, (list, tuple)):
        raise InvalidValueError(
            f"Yang dibandingkan harus daftar hasil recommend(); nilai {show(recommendations)} "
            "tidak diterima.", field="rekomendasi", value=recommendations)
    chosen = list(recommendations)[:top]
    for rec in chosen:
        if not isinstance(rec, Recommendation):
            raise InvalidValueError(
                f"Yang dibandingkan harus hasil recommend(), bukan {quote(rec)}.",
                field="rekomendasi",
                value=rec,
            )
    aspects = [
        ("Peringkat", lambda i, r: str(i + 1)),
        ("Skor", lambda i, r: f"{r.score:.1f}"),
        ("Sumber", lambda i, r: "Materi kursus" if r.pattern.source == "materi" else "UU UMKM"),
        ("Dasar hukum", lambda i, r: r.pattern.legal_basis),
        ("Kelompok menyumbang", lambda i, r: _words(r.group_contributes)),
        ("Mitra menyumbang", lambda i, r: _words(r.partner_contributes)),
        ("Kelompok mendapat", lambda i, r: _words(r.pattern.serves_needs)),
        ("Pembagian keuntungan", lambda i, r: r.pattern.profit_sharing),
        ("Pembagian risiko", lambda i, r: r.pattern.risk_sharing),
        ("Cocok bila", lambda i, r: r.pattern.fits_when),
        ("Alasan", lambda i, r: " ".join(r.reasons)),
        ("Peringatan", lambda i, r: " ".join(r.warnings) if r.warnings else "-"),
    ]
    rows = []
    for name, get in aspects:
        row = {"Aspek": name}
        for i, rec in enumerate(chosen):
            row[rec.pattern.label] = get(i, rec)
        rows.append(row)
    return rows
