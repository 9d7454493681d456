"""The 72-hour follow-up after meeting a possible partner (model, no widgets).

The strategy "fokus pada tujuan" asks the facilitator to keep in touch within
three days (72 hours) of meeting someone, by SMS/WhatsApp, phone, e-mail,
postcard or letter, so that the contact is not forgotten. :func:`schedule`
turns the meeting time into three contact moments:

1. the same day: a short thank-you (at most 2 hours later, not after 21:00,
   at least 30 minutes after the meeting);
2. the next day at 09:00: send the information or material you promised;
3. two days later at 10:00 (always before the 72 hours run out): propose a
   concrete next step (a visit, a follow-up meeting).

>>> plan = schedule("2026-11-25 14:00", partner="KUD Sumber Rezeki")
>>> [c.when.strftime("%d %H:%M") for c in plan]
['25 16:00', '26 09:00', '27 10:00']
>>> plan[0].label
'Hari yang sama'
>>> format_when(plan[1].when)
'Kamis, 26 November 2026 pukul 09.00'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kemitraan_lib.errors import InvalidValueError, show

__all__ = [
    "Contact",
    "CHANNELS",
    "parse_meeting",
    "schedule",
    "deadline",
    "format_when",
    "schedule_rows",
    "ROW_COLUMNS",
]

CHANNELS = ("SMS/WhatsApp", "telepon", "e-mail", "kartu pos", "surat")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
)
_FORMATS = (
    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H.%M", "%Y-%m-%dT%H:%M:%S",
    "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M", "%d-%m-%Y %H.%M", "%d/%m/%Y %H.%M",
)
#: Columns of :func:`schedule_rows` (table headings in the plan and the widget).
ROW_COLUMNS = ("waktu", "tahap", "kegiatan", "saluran")
_EARLIEST, _LATEST = 1900, 2999  # years a meeting can be planned in
_EXAMPLES = "'2026-11-25 14:00' atau '25-11-2026 14:00' atau '25/11/2026 14.00'"


@dataclass(frozen=True)
class Contact:
    """One planned contact moment."""

    when: datetime
    stage: str  # "hari-sama" | "hari-berikutnya" | "sebelum-72-jam"
    label: str  # Indonesian stage name
    action: str  # what to do, Indonesian
    channels: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "waktu": self.when.isoformat(timespec="minutes"),
            "tahap": self.label,
            "kegiatan": self.action,
            "saluran": list(self.channels),
        }


def parse_meeting(value) -> datetime:
    """A meeting time from a datetime, a date (09:00 assumed) or text.

    >>> parse_meeting("25/11/2026 14.30")
    datetime.datetime(2026, 11, 25, 14, 30)
    """
    moment = None
    if isinstance(value, datetime):
        moment = value.replace(second=0, microsecond=0, tzinfo=None)
    elif isinstance(value, date):
        moment = datetime.combine(value, time(9, 0))
    elif isinstance(value, str) and value.strip() and len(value) < 100:
        text = " ".join(value.strip().split())
        for fmt in _FORMATS:
            try:
                moment = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if moment is not None and _EARLIEST <= moment.year <= _LATEST:
        return moment
    shown = value if isinstance(value, str) and len(value) < 100 else show(value)
    raise InvalidValueError(
        f"Waktu pertemuan '{shown}' tidak bisa dibaca. "
        f"Tulis tanggal dan jam, misalnya {_EXAMPLES}.",
        field="waktu pertemuan",
        value=value,
        allowed=(_EXAMPLES,),
    )


def deadline(meeting) -> datetime:
    """The end of the 72 hours."""
    return parse_meeting(meeting) + timedelta(hours=72)


def schedule(meeting, partner: str = "") -> tuple[Contact, ...]:
    """Three contact moments within 72 hours of ``meeting`` (see module docs)."""
    start = parse_meeting(meeting)
    who = partner.strip() if isinstance(partner, str) and partner.strip() else "calon mitra"
    evening = datetime.combine(start.date(), time(21, 0))
    first = min(start + timedelta(hours=2), evening)
    first = max(first, start + timedelta(minutes=30))
    second = datetime.combine(start.date() + timedelta(days=1), time(9, 0))
    third = datetime.combine(start.date() + timedelta(days=2), time(10, 0))
    end = start + timedelta(hours=72)
    assert first < second < third < end
    return (
        Contact(
            first,
            "hari-sama",
            "Hari yang sama",
            f"Kirim ucapan terima kasih singkat kepada {who} dan sebut satu hal dari "
            "pertemuan tadi yang Anda ingat.",
            ("SMS/WhatsApp", "telepon"),
        ),
        Contact(
            second,
            "hari-berikutnya",
            "Hari berikutnya",
            f"Kirim kepada {who} informasi atau bahan yang Anda janjikan (misalnya profil "
            "program, foto kegiatan, nomor kontak orang yang dibicarakan).",
            ("e-mail", "SMS/WhatsApp", "surat"),
        ),
        Contact(
            third,
            "sebelum-72-jam",
            "Sebelum 72 jam",
            f"Usulkan langkah nyata berikutnya kepada {who}: waktu kunjungan atau pertemuan "
            f"lanjutan. Batas akhir: {format_when(end)}.",
            ("telepon", "SMS/WhatsApp", "kartu pos", "surat"),
        ),
    )


def format_when(moment: datetime) -> str:
    """Indonesian date and time, e.g. ``'Rabu, 25 November 2026 pukul 14.00'``."""
    if not isinstance(moment, datetime):
        raise InvalidValueError(f"Waktu harus sebuah datetime; nilai {show(moment)} tidak "
                                "diterima.", field="waktu", value=moment, allowed=("datetime",))
    return (
        f"{DAYS[moment.weekday()]}, {moment.day} {MONTHS[moment.month - 1]} {moment.year} "
        f"pukul {moment:%H.%M}"
    )


def schedule_rows(contacts) -> list[dict]:
    """Rows for a table: ``waktu, tahap, kegiatan, saluran`` (all text).

    ``contacts`` are :class:`Contact` objects or their saved dicts (odd saved
    values are shown as text, never an error).
    """
    if not isinstance(contacts, (list, tuple)):
        raise InvalidValueError(f"Jadwal harus berupa daftar kontak; nilai {show(contacts)} "
                                "tidak diterima.", field="jadwal", value=contacts,
                                allowed=("daftar",))
    rows = []
    for c in contacts:
        if isinstance(c, Contact):
            rows.append({"waktu": format_when(c.when), "tahap": c.label, "kegiatan": c.action,
                         "saluran": ", ".join(c.channels)})
            continue
        if not isinstance(c, dict):
            continue
        when = _text(c.get("waktu"))
        try:
            when = format_when(datetime.fromisoformat(when))
        except (TypeError, ValueError, InvalidValueError):
            pass
        channels = c.get("saluran") or []
        rows.append({
            "waktu": when,
            "tahap": _text(c.get("tahap")),
            "kegiatan": _text(c.get("kegiatan")),
            "saluran": ", ".join(_text(x) for x in channels) if isinstance(channels, list)
            else _text(channels),
        })
    return rows


def _text(value) -> str:
    """A saved value as text (a text as it is; anything else shortened with show())."""
    if value is None:
        return ""
    return value if isinstance(value, str) else show(value)
