"""A small monitoring and evaluation (monev) plan and its traffic-light review.

An :class:`Indicator` says what is checked (``indikator``), what counts as
success (``target``), who checks it (``siapa``), when (``kapan``) and, at a
review meeting, its colour (``status``: a key of ``content.TRAFFIC_LIGHT``,
``hijau``/``kuning``/``merah``, or ``""`` when not reviewed yet).
:func:`review` summarises the colours; the worst colour decides the overall
state, and every yellow or red indicator becomes an item to talk about.

>>> plan = [
...     Indicator("Bibit tertanam", "500 bibit per musim", "Ketua KTH", "tiap 3 bulan", "hijau"),
...     Indicator("Bibit hidup", "80% setelah 6 bulan", "Penyuluh", "bulan ke-6", "kuning"),
... ]
>>> r = review(plan)
>>> r.overall, r.counts["hijau"], r.counts["kuning"]
('kuning', 1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kemitraan_lib.errors import InvalidValueError, format_choices, show

__all__ = ["Indicator", "Review", "review", "plan_from_rows", "status_keys", "FIELDS"]

# Workbook/table field names (Indonesian) -> attribute, with a label for messages.
FIELDS = (
    ("indikator", "name", "indikator"),
    ("target", "target", "target"),
    ("siapa", "who", "penanggung jawab (siapa)"),
    ("kapan", "when", "waktu pemeriksaan (kapan)"),
    ("status", "status", "status"),
    ("catatan", "note", "catatan"),
)
_ORDER = ("merah", "kuning", "hijau")  # worst first
MAX_LEN = 300


def status_keys() -> tuple[str, ...]:
    from kemitraan_lib import content

    return tuple(item.key for item in content.TRAFFIC_LIGHT)


def _status(value) -> str:
    if value is None:
        return ""
    text = value.strip().casefold() if isinstance(value, str) else None
    if text == "":
        return ""
    from kemitraan_lib import content

    for item in content.TRAFFIC_LIGHT:
        if text in (item.key.casefold(), item.label.casefold()):
            return item.key
    raise InvalidValueError(
        f"Status {show(value)} tidak dikenal. Pilihan: {format_choices(status_keys())}, "
        "atau kosong bila belum dinilai.",
        field="status",
        value=value,
        allowed=status_keys(),
    )


def _text(value, label: str, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValueError(
            f"Kolom {label} harus berupa teks; nilai {show(value)} tidak diterima.",
            field=label,
            value=value,
        )
    text = " ".join(value.split())
    if required and not text:
        raise InvalidValueError(
            f"Kolom {label} masih kosong. Isi dulu kolom ini.", field=label, value=value
        )
    if len(text) > MAX_LEN:
        raise InvalidValueError(
            f"Kolom {label} terlalu panjang ({len(text)} huruf); paling banyak {MAX_LEN}.",
            field=label,
            value=value,
        )
    return text


@dataclass(frozen=True)
class Indicator:
    """One line of the monev plan (validated; messages in Indonesian)."""

    name: str
    target: str
    who: str
    when: str
    status: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        for _, attr, label in FIELDS:
            if attr == "status":
                object.__setattr__(self, attr, _status(self.status))
            else:
                required = attr != "note"
                object.__setattr__(self, attr, _text(getattr(self, attr), label, required))

    def to_dict(self) -> dict:
        return {key: getattr(self, attr) for key, attr, _ in FIELDS}

    @classmethod
    def from_dict(cls, data: dict) -> Indicator:
        if not isinstance(data, dict):
            raise InvalidValueError(
                f"Baris rencana monev harus berupa kamus; nilai {show(data)} tidak diterima.",
                field="baris",
                value=data,
            )
        return cls(**{attr: data.get(key, "") for key, attr, _ in FIELDS})


def _rows(rows) -> list:
    """The rows of a plan: a list or tuple (None: no rows); anything else is refused."""
    if rows is None:
        return []
    if not isinstance(rows, (list, tuple)):
        raise InvalidValueError(f"Rencana monev harus berupa daftar baris; nilai {show(rows)} "
                                "tidak diterima.", field="baris", value=rows, allowed=("daftar",))
    return list(rows)


def _blank(row: dict) -> bool:
    return all(row.get(key) is None or (isinstance(row.get(key), str) and not row[key].strip())
               for key, _, _ in FIELDS)


def plan_from_rows(rows) -> tuple[Indicator, ...]:
    """Validate table rows (dicts with Indonesian keys); blank rows are skipped.

    The error names the row (1-based) and the column.

    >>> plan_from_rows([{"indikator": "Pertemuan rutin", "target": "1 kali sebulan",
    ...                  "siapa": "Pak Arif", "kapan": "akhir bulan"}, {}])[0].status
    ''
    """
    result = []
    for number, row in enumerate(_rows(rows), 1):
        if isinstance(row, dict) and _blank(row):
            continue
        try:
            result.append(Indicator.from_dict(row))
        except InvalidValueError as exc:
            err = InvalidValueError(
                f"Baris {number}: {exc}", field=exc.field, value=exc.value, allowed=exc.allowed
            )
            err.row = number
            raise err from None
    return tuple(result)


@dataclass(frozen=True)
class Review:
    """Summary of a traffic-light review."""

    counts: dict[str, int]
    overall: str  # worst colour, or "" when nothing reviewed
    message: str
    actions: tuple[str, ...] = field(default_factory=tuple)


def review(indicators) -> Review:
    """Summarise the colours of a monev plan (see the module docs)."""
    from kemitraan_lib import content

    items = [i if isinstance(i, Indicator) else Indicator.from_dict(i) for i in _rows(indicators)]
    labels = {item.key: item.label for item in content.TRAFFIC_LIGHT}
    meanings = {item.key: item.description for item in content.TRAFFIC_LIGHT}
    counts = {key: 0 for key in labels}
    counts["belum"] = 0
    for item in items:
        counts[item.status or "belum"] += 1
    if not items:
        return Review(counts, "", "Rencana monev masih kosong: tambahkan paling sedikit satu "
                      "indikator.")
    reviewed = [i for i in items if i.status]
    overall = ""
    for key in _ORDER:
        if counts.get(key):
            overall = key
            break
    summary = ", ".join(f"{labels[k].lower()} {counts[k]}" for k in labels)
    summary += f", belum dinilai {counts['belum']}"
    if not reviewed:
        message = (
            f"{len(items)} indikator, belum ada yang dinilai ({summary}). "
            "Beri warna setiap indikator pada pertemuan evaluasi bersama mitra."
        )
    else:
        message = (
            f"Keseluruhan: {labels[overall].upper()} ({summary}). {meanings[overall]}"
        )
    actions = tuple(
        f"{labels[i.status]}: {i.name} (target {i.target}; penanggung jawab {i.who}) — "
        "bahas penyebabnya dan sepakati perbaikan bersama mitra."
        for key in ("merah", "kuning")
        for i in items
        if i.status == key
    )
    return Review(counts, overall, message, actions)
