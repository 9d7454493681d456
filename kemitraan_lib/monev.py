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

__all__ = ["Indicator", "Review", "review", "plan_from_rows", "status_keys", "FIELDS",
           "DatedReview", "dated_review", "review_from_dict", "add_review", "MonevHistory",
           "history", "history_rows", "summary_text", "history_excel_bytes"]

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


# ============================================================ the plan over time (issue 13)
@dataclass(frozen=True)
class DatedReview:
    """The monev plan as reviewed on one date (ISO ``YYYY-MM-DD``): every indicator with
    the colour it got that day."""

    date: str
    indicators: tuple[Indicator, ...]

    def to_dict(self) -> dict:
        return {"tanggal": self.date, "baris": [i.to_dict() for i in self.indicators]}


def dated_review(date, indicators) -> DatedReview:
    """A :class:`DatedReview` of the plan rows (or Indicators) on ``date``; a plan without
    any indicator is refused."""
    from kemitraan_lib.kesehatan import parse_date

    day = parse_date(date)
    items = tuple(i if isinstance(i, Indicator) else None for i in _rows(indicators))
    if all(i is not None for i in items):
        plan = items
    else:
        plan = plan_from_rows([i.to_dict() if isinstance(i, Indicator) else i
                               for i in _rows(indicators)])
    if not plan:
        raise InvalidValueError("Rencana monev masih kosong: tidak ada yang bisa ditinjau.",
                                field="baris", value=indicators)
    if len(plan) > 100:
        raise InvalidValueError(f"Rencana monev terlalu panjang ({len(plan)} indikator); "
                                "paling banyak 100.", field="baris", value=len(plan))
    return DatedReview(day, plan)


def review_from_dict(data) -> DatedReview:
    """A :class:`DatedReview` from its stored form ``{"tanggal", "baris"}``."""
    if isinstance(data, DatedReview):
        return data
    if not isinstance(data, dict):
        raise InvalidValueError(f"Tinjauan monev tersimpan harus berupa kamus; nilai "
                                f"{show(data)} tidak diterima.", field="tinjauan", value=data)
    return dated_review(data.get("tanggal"), data.get("baris"))


def _reviews(reviews) -> list[DatedReview]:
    if reviews is None:
        return []
    if not isinstance(reviews, (list, tuple)):
        raise InvalidValueError(f"Riwayat monev harus berupa daftar tinjauan; nilai "
                                f"{show(reviews)} tidak diterima.", field="riwayat",
                                value=reviews)
    if len(reviews) > 100:
        raise InvalidValueError(f"Riwayat monev terlalu panjang ({len(reviews)} tinjauan); "
                                "paling banyak 100.", field="riwayat", value=len(reviews))
    return sorted((review_from_dict(r) for r in reviews), key=lambda r: r.date)


def add_review(reviews, review) -> list[dict]:
    """The stored list with ``review`` added (a review of the same date is replaced)."""
    new = review_from_dict(review)
    kept = [r for r in _reviews(reviews) if r.date != new.date] + [new]
    return [r.to_dict() for r in sorted(kept, key=lambda r: r.date)]


_RANK = {"hijau": 0, "kuning": 1, "merah": 2}


@dataclass(frozen=True)
class MonevHistory:
    """Traffic lights per indicator over the review dates.

    ``lights[name]`` has one status per date (``""``: not reviewed or not in
    the plan that day); ``flags[name]`` says why an indicator needs attention:
    red in two reviews in a row, or worse than at the review before.
    """

    dates: tuple[str, ...]
    names: tuple[str, ...]
    lights: dict
    flags: dict


def history(reviews) -> MonevHistory:
    """The traffic-light history of the stored reviews (oldest first); see MonevHistory."""
    items = _reviews(reviews)
    dates = tuple(r.date for r in items)
    names: dict[str, str] = {}
    for r in items:
        for i in r.indicators:
            names.setdefault(i.name.casefold(), i.name)
    lights = {}
    for key, name in names.items():
        lights[name] = tuple(next((i.status for i in r.indicators
                                   if i.name.casefold() == key), "") for r in items)
    flags = {}
    for name, row in lights.items():
        seen = [s for s in row if s]
        why = []
        if any(a == b == "merah" for a, b in zip(row, row[1:], strict=False)):
            why.append("merah dua kali berturut-turut")
        if len(seen) >= 2 and _RANK[seen[-1]] > _RANK[seen[-2]]:
            why.append(f"memburuk ({seen[-2]} → {seen[-1]})")
        if why:
            flags[name] = tuple(why)
    return MonevHistory(dates, tuple(lights), lights, flags)


def history_rows(reviews) -> list[dict]:
    """Table rows: ``indikator``, one column per date, ``perlu perhatian``."""
    result = history(reviews)
    return [{"indikator": name,
             **{d: (s or "–") for d, s in zip(result.dates, result.lights[name], strict=True)},
             "perlu perhatian": "; ".join(result.flags.get(name, ()))}
            for name in result.names]


def summary_text(reviews) -> str:
    """Readable text of the review history (for the plan)."""
    result = history(reviews)
    if not result.dates:
        return ""
    lines = [f"{len(result.dates)} tinjauan ({result.dates[0]} sampai {result.dates[-1]})."]
    lines += [f"Perlu perhatian: {name} — {'; '.join(why)}." for name, why in
              result.flags.items()]
    return "\n".join(lines)


def history_excel_bytes(reviews) -> bytes:
    """An ``.xlsx`` for the partners' meeting: sheet ``riwayat`` (one row per indicator,
    a coloured cell per date) and ``tinjauan`` (every row of every review)."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    items = _reviews(reviews)
    rows = history_rows(items)
    fills = {"hijau": "C8E6C9", "kuning": "FFF59D", "merah": "FFCDD2"}
    wb = Workbook()
    ws = wb.active
    ws.title = "riwayat"
    dates = [r.date for r in items]
    ws.append(["indikator", *dates, "perlu perhatian"])
    for row in rows:
        ws.append([row["indikator"], *[row[d] for d in dates], row["perlu perhatian"]])
        for col, d in enumerate(dates, start=2):
            colour = fills.get(row[d])
            if colour:
                ws.cell(ws.max_row, col).fill = PatternFill("solid", fgColor=colour)
    detail = wb.create_sheet("tinjauan")
    detail.append(["tanggal", *(key for key, _a, _l in FIELDS)])
    for r in items:
        for i in r.indicators:
            detail.append([r.date, *i.to_dict().values()])
    from kemitraan_lib.kesehatan import _xlsx

    return _xlsx(wb)
