"""Pattern recommender: from a partnership situation to a ranked list of patterns.

A :class:`Situation` says what the group (the smaller side) can bring, what the
partner (the larger side) can bring, what the group mainly needs, and
optionally the wished duration, closeness and way of sharing. :func:`recommend`
scores every entry of :data:`~kemitraan_lib.content.PATTERNS` (the patterns plus
the "not a business partnership" outcome) and returns them best first, each with
Indonesian reasons split into *why it fits* (``fits``) and *what does not fit*
(``misfits``), plus warnings.

Scoring (0..100, rounded to one decimal), kept simple so a trainer can explain it.
The score measures the fit **on the questions that were answered**: each part gives a
fraction 0..1, weighted as in :data:`WEIGHTS`, and parts left empty (no needs, a wish
left at "belum tahu") are left out of both the points and the maximum.

* **Group's role (20).** The share of what the pattern requires from the group
  (``small_gives``) that the group brings, minus 0.1 for each thing the group brings
  that the pattern neither requires nor usually uses (``small_may``).
* **Partner's role (25).** The same for the partner (``large_gives`` / ``large_may``),
  minus 0.15 per unused item, and minus 0.5 when the partner gives *bantuan* (aid
  without a business return) to a business pattern: aid is not a business role.
* **Needs met (30).** The share of the group's needs that the pattern serves
  (``serves_needs``) *and* the partner actually brings.
* **Wishes (25).** Duration, closeness and sharing weigh a third each: full when the
  wish is among the pattern's usual values, nothing when it is not.
* **Readiness.** The result is multiplied by 0.5 + 0.5 x the weaker of the two role
  fits: a pattern that needs what one side does not have (a joint venture for a group
  without capital or legal entity) cannot rank high however well it would serve the needs.

Equal scores are ordered by how many of the things brought the pattern *requires*
(the more specific match first: land, labour, capital, management and a market make
the farm KSO, not the adoptive-parent pattern that needs only some of them), then by
source (patterns of the course materi first, then those of the law, then the
non-business outcome) and then by key.

Textbook case: a farmer group with land and labour, a company with capital,
management and a market.

>>> recs = recommend(group_brings={"lahan", "tenaga"},
...                  partner_brings={"modal", "manajemen", "pasar"},
...                  needs={"modal", "manajemen", "pasar"})
>>> recs[0].pattern.key, recs[0].score
('kerjasama-operasional', 100.0)
>>> print(recs[0].fits[0])  # doctest: +NORMALIZE_WHITESPACE
Kelompok menyediakan lahan dan tenaga kerja, yang dibutuhkan dari kelompok dalam pola
Kerja Sama Operasional (pola materi).

The same group wishing a short, loose buy-and-sell relation: the wishes now weigh, and
they are listed under what does not fit, never under why it fits.

>>> kso = {r.pattern.key: r for r in recommend(
...     group_brings={"lahan", "tenaga"}, partner_brings={"modal", "manajemen", "pasar"},
...     needs={"modal", "manajemen", "pasar"}, duration="pendek", closeness="longgar",
...     sharing="jual-beli")}["kerjasama-operasional"]
>>> kso.score, len(kso.misfits)
(75.0, 3)
>>> any("pendek" in text for text in kso.fits)
False

Bad input is refused with an Indonesian message:

>>> recommend(group_brings={"uang"})
Traceback (most recent call last):
...
kemitraan_lib.errors.InvalidValueError: Sumber daya 'uang' pada isian 'yang dibawa kelompok' \
tidak dikenal. Pilihan: lahan, tenaga, produk, modal, sarana, manajemen, teknologi, merek, \
pasar, badan-hukum.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kemitraan_lib.content import (
    CLOSENESS,
    DURATIONS,
    INTERPRETATION_LABEL,
    PATTERN_SOURCES,
    PATTERNS,
    RESOURCES,
    SHARING,
    Pattern,
    by_key,
    keys,
    labels,
)
from kemitraan_lib.errors import InvalidValueError, format_choices, quote

__all__ = [
    "Situation",
    "Recommendation",
    "recommend",
    "compare",
    "WEIGHTS",
    "FIELD_NAMES",
    "FIELD_SIDES",
    "resource_keys",
]

#: Points for each part of the score; they add up to 100.
WEIGHTS = {"group": 20.0, "partner": 25.0, "needs": 30.0, "wishes": 25.0}
#: Deducted from a role's 0..1 fit for each resource the pattern does not use.
EXTRA_PENALTY = {"group": 0.1, "partner": 0.15}
#: Deducted from a business pattern's partner fit when the partner gives aid (bantuan).
AID_PENALTY = 0.5
#: The total is multiplied by FLOOR + (1 - FLOOR) x the weaker role fit, so a pattern whose
#: required contributions are missing cannot score high however well it serves the needs.
READINESS_FLOOR = 0.5
#: At most this many items are read from one answer (a guard against runaway input).
MAX_ITEMS = 100

#: Situation field -> Indonesian name used in messages.
FIELD_NAMES = {
    "group_brings": "yang dibawa kelompok",
    "partner_brings": "yang dibawa mitra",
    "needs": "kebutuhan utama kelompok",
    "duration": "jangka waktu",
    "closeness": "keeratan",
    "sharing": "cara berbagi",
}
#: Resource field -> the ``Resource.sides`` value that may be chosen there.
FIELD_SIDES = {"group_brings": "kelompok", "partner_brings": "mitra", "needs": "kebutuhan"}

_RESOURCE_FIELDS = tuple(FIELD_SIDES)
_OPTION_FIELDS = {"duration": DURATIONS, "closeness": CLOSENESS, "sharing": SHARING}
_RESOURCE_ORDER = keys(RESOURCES)
_SOURCE_RANK = {key: rank for rank, key in enumerate(keys(PATTERN_SOURCES))}

# Words used inside sentences (lower case, no inner "dan" so lists read well).
_SHORT = {
    "lahan": "lahan",
    "tenaga": "tenaga kerja",
    "produk": "barang untuk dijual",
    "modal": "modal",
    "sarana": "sarana produksi",
    "manajemen": "manajemen",
    "teknologi": "teknologi",
    "merek": "merek",
    "pasar": "pasar",
    "pembayaran": "pembayaran",
    "bantuan": "bantuan tanpa imbalan",
    "badan-hukum": "badan hukum",
}
_OPTION_WORDS = {
    "duration": "Jangka waktu",
    "closeness": "Keeratan hubungan",
    "sharing": "Cara berbagi",
}
_USUAL = {
    "duration": "pola ini biasanya berjangka {}",
    "closeness": "hubungan dalam pola ini biasanya {}",
    "sharing": "pola ini biasanya memakai cara {}",
}


def resource_keys(field_name: str) -> tuple[str, ...]:
    """RESOURCES keys that may be chosen for a resource field, in teaching order.

    >>> resource_keys("partner_brings")[-2:]
    ('pembayaran', 'bantuan')
    """
    side = FIELD_SIDES.get(field_name) if isinstance(field_name, str) else None
    if side is None:
        raise InvalidValueError(
            f"Isian {quote(field_name)} tidak dikenal. Pilihan: {format_choices(FIELD_SIDES)}.",
            field="isian", value=field_name, allowed=tuple(FIELD_SIDES))
    return tuple(r.key for r in RESOURCES if side in r.sides)


def _or_words(names: Iterable[str]) -> str:
    """'a, b atau c'."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " atau " + names[-1]


def _ordered(resource_keys_: Iterable[str]) -> tuple[str, ...]:
    """Resource keys in the teaching order of RESOURCES."""
    chosen = set(resource_keys_)
    return tuple(k for k in _RESOURCE_ORDER if k in chosen)


def _words(resource_keys_: Iterable[str]) -> str:
    """'lahan, modal dan pasar' for a set of resource keys."""
    names = [_SHORT[k] for k in _ordered(resource_keys_)]
    if not names:
        return "belum ada"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _normalize_resources(field_name: str, value) -> frozenset[str]:
    """Turn None / a string / an iterable into a frozenset of allowed RESOURCES keys."""
    allowed = resource_keys(field_name)
    name = FIELD_NAMES[field_name]
    if value is None:
        return frozenset()
    if isinstance(value, str):
        items = [part for part in value.replace(";", ",").split(",") if part.strip()]
    elif isinstance(value, Iterable) and not isinstance(value, (Mapping, bytes, bytearray)):
        try:
            items = list(itertools.islice(value, MAX_ITEMS + 1))
        except Exception as exc:  # a broken iterable is bad input, not a crash
            raise InvalidValueError(
                f"Isian '{name}' tidak bisa dibaca ({type(exc).__name__}). Pilihan: "
                f"{format_choices(allowed)}.",
                field=name,
                value=None,
                allowed=allowed,
            ) from None
    else:
        raise InvalidValueError(
            f"Isian '{name}' harus berupa daftar sumber daya, bukan {quote(value)}. "
            f"Pilihan: {format_choices(allowed)}.",
            field=name,
            value=value,
            allowed=allowed,
        )
    if len(items) > MAX_ITEMS:
        raise InvalidValueError(
            f"Isian '{name}' berisi terlalu banyak pilihan (lebih dari {MAX_ITEMS}). "
            f"Pilihan: {format_choices(allowed)}.",
            field=name,
            value=None,
            allowed=allowed,
        )
    by_label = {item.label.casefold(): item.key for item in RESOURCES}
    by_label.update({v.casefold(): k for k, v in _SHORT.items()})
    by_label["tenaga kerja"] = "tenaga"  # label of the first edition
    result = set()
    for item in items:
        text = item.strip().casefold() if isinstance(item, str) else None
        key = text if text in _RESOURCE_ORDER else by_label.get(text or "")
        if key is None or key not in allowed:
            where = "" if key is None else " (tidak ditanyakan untuk isian ini)"
            raise InvalidValueError(
                f"Sumber daya {quote(item)} pada isian '{name}' tidak dikenal{where}. "
                f"Pilihan: {format_choices(allowed)}.",
                field=name,
                value=item,
                allowed=allowed,
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
    RESOURCES keys (labels such as ``"Tenaga kerja dan keterampilan"`` and a
    comma-separated string are accepted too); options are ``""`` or a key. Each
    resource field accepts only the resources asked there (:func:`resource_keys`):
    aid (``bantuan``) and payment (``pembayaran``) come from the partner, a legal entity
    (``badan-hukum``) from the group.

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

    ``fits`` says why the pattern fits the answers and ``misfits`` what does not fit
    (a mismatch is never listed under ``fits``); ``notes`` are neutral remarks.
    ``group_contributes`` / ``partner_contributes`` are the RESOURCES keys each
    side contributes under this pattern (what it requires, in teaching order);
    ``warnings`` list legal and practical risks.
    """

    pattern: Pattern
    score: float
    fits: tuple[str, ...]
    misfits: tuple[str, ...]
    warnings: tuple[str, ...]
    group_contributes: tuple[str, ...]
    partner_contributes: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the pattern fits (the first edition's name for :attr:`fits`)."""
        return self.fits


def _role(
    side: str,
    brings: frozenset[str],
    required: frozenset[str],
    usual: frozenset[str],
    p: Pattern,
) -> tuple[float, list[str], list[str]]:
    """Fit 0..1 of one side's role, with the sentences that explain it."""
    who = "Kelompok" if side == "group" else "Mitra"
    role = "kelompok" if side == "group" else "mitra"
    fits, misfits = [], []
    have, missing = brings & required, required - brings
    unused = brings - required - usual
    aid = side == "partner" and p.is_business and "bantuan" in brings
    if aid:
        unused = unused - {"bantuan"}
    fit = len(have) / len(required) if required else 1.0
    if required and not missing:
        fits.append(
            f"{who} menyediakan {_words(have)}, yang dibutuhkan dari {role} dalam pola "
            f"{p.label}."
        )
    elif not required:
        fits.append(f"Pola ini tidak menuntut sumbangan usaha tertentu dari {role}.")
    else:
        if have:
            fits.append(f"{who} sudah menyediakan {_words(have)}, sesuai pola ini.")
        misfits.append(
            f"Pola ini membutuhkan {_words(missing)} dari {role}, yang belum disebut."
        )
    if unused:
        misfits.append(f"{who} menyebut {_words(unused)}, yang tidak dipakai dalam pola ini.")
    fit -= EXTRA_PENALTY[side] * len(unused)
    if aid:
        fit -= AID_PENALTY
        misfits.append(
            "Mitra memberi bantuan tanpa imbalan usaha; bantuan seperti itu bukan bagian "
            "dari pola usaha ini."
        )
    return max(0.0, fit), fits, misfits


def _score(p: Pattern, s: Situation) -> tuple[float, list[str], list[str], list[str]]:
    points = maximum = 0.0
    fits: list[str] = []
    misfits: list[str] = []
    notes: list[str] = []

    role_fits = []
    for side, brings, required, usual in (
        ("group", s.group_brings, p.small_gives, p.small_may),
        ("partner", s.partner_brings, p.large_gives, p.large_may),
    ):
        fit, yes, no = _role(side, brings, required, usual, p)
        role_fits.append(fit)
        points += WEIGHTS[side] * fit
        maximum += WEIGHTS[side]
        fits += yes
        misfits += no

    if s.needs:
        met = s.needs & p.serves_needs & s.partner_brings
        not_served = s.needs - p.serves_needs
        not_brought = (s.needs & p.serves_needs) - s.partner_brings
        points += WEIGHTS["needs"] * len(met) / len(s.needs)
        maximum += WEIGHTS["needs"]
        if met == s.needs:
            fits.append(f"Pola ini menjawab semua kebutuhan utama kelompok: {_words(met)}.")
        elif met:
            fits.append(f"Pola ini menjawab kebutuhan kelompok akan {_words(met)}.")
        if not_served:
            misfits.append(f"Kebutuhan akan {_words(not_served)} tidak dilayani pola ini.")
        if not_brought:
            misfits.append(
                f"Pola ini bisa memberi {_words(not_brought)}, tetapi mitra belum "
                "menyediakannya."
            )
    else:
        notes.append(
            "Kebutuhan utama kelompok belum diisi, jadi skor hanya melihat peran kedua pihak "
            "dan keinginan yang diisi."
        )

    for name, collection in _OPTION_FIELDS.items():
        wish = getattr(s, name)
        if not wish:
            continue
        usual = getattr(p, name)
        maximum += WEIGHTS["wishes"] / len(_OPTION_FIELDS)
        wish_label = by_key(collection, wish).label.lower()
        if wish in usual:
            points += WEIGHTS["wishes"] / len(_OPTION_FIELDS)
            fits.append(
                f"{_OPTION_WORDS[name]} '{wish_label}' yang diinginkan cocok dengan pola ini."
            )
        elif usual:
            words = _or_words(by_key(collection, k).label.lower() for k in usual)
            misfits.append(
                f"{_OPTION_WORDS[name]} '{wish_label}' kurang cocok: {_USUAL[name].format(words)}."
            )
        else:  # pragma: no cover - every pattern lists its usual values
            misfits.append(f"{_OPTION_WORDS[name]} '{wish_label}' tidak dipakai dalam pola ini.")

    readiness = READINESS_FLOOR + (1.0 - READINESS_FLOOR) * min(role_fits)
    score = 100.0 * readiness * points / maximum if maximum else 0.0
    return round(min(100.0, max(0.0, score)), 1), fits, misfits, notes


def _warnings(p: Pattern, s: Situation) -> list[str]:
    out = []
    if p.control_warning:
        out.append(p.control_warning)
    if not p.is_business:
        if s.partner_brings & {"pasar", "pembayaran", "produk", "merek"}:
            out.append(
                "Mitra juga membeli, menjual atau memberi merek: pisahkan bantuan itu dari "
                "jual beli, dan buat perjanjian kemitraan usaha tersendiri untuk jual belinya."
            )
        return out
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
    if "modal" in s.partner_brings & (p.large_gives | p.large_may) and "jual-beli" in p.sharing:
        out.append(
            "Modal atau sarana produksi dari mitra biasanya dibayar dengan memotong hasil "
            "penjualan: minta rincian potongan dan bunganya secara tertulis."
        )
    return out


def _make_situation(situation, fields: dict) -> Situation:
    unknown = [name for name in fields if name not in FIELD_NAMES]
    if unknown:
        raise InvalidValueError(
            f"Isian {quote(unknown[0])} tidak dikenal. Pilihan: "
            f"{format_choices(FIELD_NAMES)}.",
            field="isian",
            value=unknown[0],
            allowed=tuple(FIELD_NAMES),
        )
    if situation is None:
        return Situation(**fields)
    if isinstance(situation, Mapping):
        bad = [name for name in situation if not isinstance(name, str)]
        if bad:
            raise InvalidValueError(
                f"Isian {quote(bad[0])} tidak dikenal. Pilihan: {format_choices(FIELD_NAMES)}.",
                field="isian",
                value=bad[0],
                allowed=tuple(FIELD_NAMES),
            )
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

    >>> recs = recommend(group_brings={"produk", "tenaga"}, partner_brings={"pasar"},
    ...                  needs={"pasar"})
    >>> [r.pattern.key for r in recs[:2]]
    ['dagang-umum', 'rantai-pasok']
    >>> len(recs), recs[0].warnings
    (12, ())
    """
    s = _make_situation(situation, fields)
    recs = []
    for p in PATTERNS:
        score, fits, misfits, notes = _score(p, s)
        recs.append(
            Recommendation(
                pattern=p,
                score=score,
                fits=tuple(fits),
                misfits=tuple(misfits),
                warnings=tuple(_warnings(p, s)),
                group_contributes=_ordered(p.small_gives),
                partner_contributes=_ordered(p.large_gives),
                notes=tuple(notes),
            )
        )
    used = {
        r.pattern.key: len(s.group_brings & r.pattern.small_gives)
        + len(s.partner_brings & r.pattern.large_gives)
        for r in recs
    }
    recs.sort(
        key=lambda r: (
            -r.score,
            -used[r.pattern.key],
            _SOURCE_RANK.get(r.pattern.source, 9),
            r.pattern.key,
        )
    )
    return recs


def compare(recommendations, top: int = 3) -> list[dict[str, str]]:
    """Rows of a side-by-side table of the first ``top`` recommendations.

    Each row is one aspect (``"Aspek"``) with one column per pattern label, so
    ``pandas.DataFrame(rows)`` or any table widget shows the patterns next to
    each other. The twins of the first edition are one pattern now, so no two
    columns ever show the same pattern under two names.

    >>> recs = recommend(group_brings={"produk"}, partner_brings={"pasar"}, needs={"pasar"})
    >>> rows = compare(recs, top=2)
    >>> [row["Aspek"] for row in rows][:3]
    ['Peringkat', 'Skor', 'Sumber pola']
    >>> list(rows[1])
    ['Aspek', 'Dagang umum / perdagangan umum', 'Rantai Pasok']
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidValueError(
            f"Jumlah pola yang dibandingkan harus bilangan bulat 1 atau lebih; nilai "
            f"{quote(top)} tidak diterima.",
            field="jumlah",
            value=top,
            allowed=("1", str(len(PATTERNS))),
        )
    if isinstance(recommendations, (str, bytes, Mapping)) or not isinstance(
        recommendations, Iterable
    ):
        raise InvalidValueError(
            f"Yang dibandingkan harus daftar hasil recommend(), bukan "
            f"{quote(recommendations)}.",
            field="rekomendasi",
            value=recommendations,
        )
    chosen: list[Recommendation] = []
    for rec in itertools.islice(recommendations, top):
        if not isinstance(rec, Recommendation):
            raise InvalidValueError(
                f"Yang dibandingkan harus hasil recommend(), bukan {quote(rec)}.",
                field="rekomendasi",
                value=rec,
            )
        if all(rec.pattern.key != other.pattern.key for other in chosen):
            chosen.append(rec)
    source_labels = labels(PATTERN_SOURCES)
    own = INTERPRETATION_LABEL.lower()

    def listed(items) -> str:
        return " ".join(items) if items else "-"

    aspects = [
        ("Peringkat", lambda i, r: str(i + 1)),
        ("Skor", lambda i, r: f"{r.score:.1f}"),
        ("Sumber pola", lambda i, r: source_labels.get(r.pattern.source, r.pattern.source)),
        ("Dasar hukum", lambda i, r: r.pattern.legal_basis),
        ("Kelompok menyumbang", lambda i, r: _words(r.group_contributes)),
        ("Mitra menyumbang", lambda i, r: _words(r.partner_contributes)),
        ("Kelompok bisa mendapat", lambda i, r: _words(r.pattern.serves_needs)),
        (f"Pembagian keuntungan ({own})", lambda i, r: r.pattern.profit_sharing),
        (f"Pembagian risiko ({own})", lambda i, r: r.pattern.risk_sharing),
        (f"Cocok bila ({own})", lambda i, r: r.pattern.fits_when),
        ("Mengapa cocok", lambda i, r: listed(r.fits)),
        ("Yang tidak cocok", lambda i, r: listed(r.misfits)),
        ("Peringatan", lambda i, r: listed(r.warnings)),
    ]
    rows = []
    for name, get in aspects:
        row = {"Aspek": name}
        for i, rec in enumerate(chosen):
            row[rec.pattern.label] = get(i, rec)
        rows.append(row)
    return rows
