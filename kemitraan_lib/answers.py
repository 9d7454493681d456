"""The learner's saved answers: which there are, where each is stored, what it means.

This module is the one owner of saved answers. Every answer is registered
once (:func:`register`) with

* a stable ``id`` (e.g. ``"kerangka-mou"``), independent of notebook numbers;
* where it is stored in the workbook: ``(module, key)``, e.g. ``("08",
  "kerangka-mou")``. Stored places never change, even when notebooks are
  renumbered, so learners keep their answers;
* its ``kind``: how the stored JSON value becomes a typed value and back
  (:class:`Text`, :class:`Form`, :class:`Monev`, :class:`FollowUpKind`,
  :class:`MapKind`, :class:`PatternKind`, :class:`Raw`);
* the ``notebook`` it is filled in (the slug of the module file, e.g.
  ``"langkah-kemitraan"``): :attr:`Answer.where` gives today's module number.

:func:`load` returns a :class:`Loaded`: the typed value plus Indonesian
``notes`` for odd stored values. Loading never fails on what is stored: an
unreadable value gives the kind's empty value and a note. :func:`save`
checks the value and stores it (:class:`~kemitraan_lib.errors.InvalidValueError`
for a bad value, nothing changes). The plan (capstone), Peta Mitra, Pilih Pola,
the activity widgets and the notebooks read and write answers only through here.

A new kind of saved answer is one call::

    SNAPSHOTS = register("peta-bertanggal", "03", "peta-bertanggal", Raw(),
                         title="Peta mitra bertanggal", notebook="pemetaan-mitra")

>>> import tempfile, os
>>> from kemitraan_lib.workbook import Workbook
>>> wb = Workbook(os.path.join(tempfile.mkdtemp(), "buku-kerja.json"))
>>> save(TUJUAN_UTAMA, "Kopi petani terjual dengan harga adil", wb)
>>> load("tujuan-utama", wb).value
'Kopi petani terjual dengan harga adil'
>>> wb.set("07", "pola-terpilih", {"pattern": "tidak-ada"})
>>> loaded = load(POLA_TERPILIH, wb)
>>> loaded.value.item is None, len(loaded.notes)
(True, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InvalidValueError, KemitraanError, format_choices, show

__all__ = [
    "Answer",
    "Loaded",
    "Kind",
    "Text",
    "Form",
    "Monev",
    "FollowUpKind",
    "MapKind",
    "PatternKind",
    "Raw",
    "DatedList",
    "ChosenPattern",
    "FollowUp",
    "Section",
    "register",
    "answer",
    "find",
    "registered",
    "adhoc",
    "load",
    "save",
    "clear",
    "set_aside",
    "sections",
    "as_text",
    "STORED_MODULES",
]

#: The stored module numbers as they were when they were frozen -> notebook slug.
#: Answers stay under these numbers when notebooks are renumbered.
STORED_MODULES = {
    "00": "mulai", "01": "hakikat", "02": "pentingnya", "03": "pemetaan-mitra",
    "04": "tujuan", "05": "prinsip", "06": "strategi", "07": "pola-kemitraan",
    "08": "langkah-kemitraan", "09": "mempertahankan-kemitraan",
    "10": "rencana-kemitraan-saya",
}


def as_text(value) -> str:
    """Any saved value as readable text (lists become lines, dicts ``key: value`` lines).

    >>> as_text({"a": "satu", "b": ["x", "y"]})
    'a: satu\\nb: - x\\n- y'
    """
    parts: list[str] = []
    _text_into(value, parts, 0)
    return "\n".join(p for p in parts if p).strip()


def _text_into(value, parts: list[str], depth: int) -> None:
    if depth > 20:
        parts.append("…")
    elif value is None:
        return
    elif isinstance(value, str):
        parts.append(value.strip())
    elif isinstance(value, bool):
        parts.append("ya" if value else "tidak")
    elif isinstance(value, (int, float)):
        parts.append(show(value) if isinstance(value, int) else _number(value))
    elif isinstance(value, (list, tuple)):
        for item in value:
            inner: list[str] = []
            _text_into(item, inner, depth + 1)
            text = "\n".join(p for p in inner if p)
            if text:
                parts.append(f"- {text}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            inner = []
            _text_into(item, inner, depth + 1)
            text = "\n".join(p for p in inner if p)
            if text:
                parts.append(f"{key}: {text}")
    else:
        parts.append(show(value))


def _number(value: float) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


# ============================================================================ kinds
class Kind:
    """How one sort of saved answer is read and written.

    Subclasses define ``name`` (Indonesian, for messages), :meth:`empty`,
    :meth:`decode` (stored JSON other than ``None`` -> (value, notes); it
    should not raise, and anything it raises becomes a note), :meth:`encode`
    (value -> JSON; InvalidValueError for a bad value), :meth:`filled` and
    :meth:`text`.
    """

    name = "jawaban"

    def empty(self):
        return None

    def decode(self, raw, answer: Answer) -> tuple[Any, list[str]]:
        return raw, []

    def encode(self, value, answer: Answer):
        return value

    def filled(self, value) -> bool:
        return bool(as_text(value))

    def text(self, value) -> str:
        return as_text(value)


class Raw(Kind):
    """Any JSON value, kept as it is (e.g. a copy of an unreadable map)."""

    name = "isian"


class Text(Kind):
    """A text answer (a text box or a choice from a list)."""

    name = "teks"

    def __init__(self, name: str = "teks") -> None:
        self.name = name

    def empty(self) -> str:
        return ""

    def decode(self, raw, answer):
        if isinstance(raw, str):
            return raw, []
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return as_text(raw), []
        return as_text(raw), [f"Jawaban '{answer.title}' tersimpan bukan sebagai teks; "
                              "ditampilkan sebagai teks."]

    def encode(self, value, answer):
        if not isinstance(value, str):
            raise InvalidValueError(
                f"Jawaban '{answer.title}' harus berupa teks; nilai {show(value)} tidak "
                "diterima.", field=answer.id, value=value, allowed=("teks",))
        return value

    def filled(self, value) -> bool:
        return bool(isinstance(value, str) and value.strip())

    def text(self, value) -> str:
        return value.strip() if isinstance(value, str) else as_text(value)


class Form(Kind):
    """Several labelled texts saved together: ``{field key: text}``.

    ``fields`` is a tuple of ``(key, label, hint)`` (or ``(key, label)``), or a
    function returning one (read when needed, e.g. from ``content.MOU_PARTS``).
    A text saved by an older version instead of a form is kept under the key
    ``""`` and shown with ``free_label``.
    """

    name = "formulir"

    def __init__(self, fields: Callable[[], tuple] | tuple = (), free_label: str = "Isian"):
        self._fields = fields
        self.free_label = free_label

    def fields(self) -> tuple[tuple[str, str, str], ...]:
        """``(key, label, hint)`` of every field, in form order."""
        fields = self._fields() if callable(self._fields) else self._fields
        return tuple((str(f[0]), str(f[1]), str(f[2]) if len(f) > 2 else "") for f in fields)

    def label(self, key: str) -> str:
        return {k: label for k, label, _hint in self.fields()}.get(key, key or self.free_label)

    def empty(self) -> dict:
        return {}

    def decode(self, raw, answer):
        if isinstance(raw, str):
            return ({"": raw} if raw.strip() else {}), []
        if not isinstance(raw, Mapping):
            return {}, [f"Isian '{answer.title}' yang tersimpan tidak terbaca "
                        f"({type(raw).__name__}); isi lagi di {answer.where}."]
        out, odd = {}, False
        for key, value in raw.items():
            if isinstance(value, str):
                out[str(key)] = value
            elif value is not None:
                out[str(key)] = as_text(value)
                odd = True
        notes = [f"Sebagian isian '{answer.title}' tersimpan bukan sebagai teks; "
                 "ditampilkan sebagai teks."] if odd else []
        return out, notes

    def encode(self, value, answer):
        if not isinstance(value, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise InvalidValueError(
                f"Isian '{answer.title}' harus berupa kamus {{bagian: teks}}; nilai "
                f"{show(value)} tidak diterima.", field=answer.id, value=value,
                allowed=tuple(f[0] for f in self.fields()))
        return dict(value)

    def filled(self, value) -> bool:
        return any(isinstance(v, str) and v.strip() for v in (value or {}).values())

    def rows(self, value) -> list[tuple[str, str]]:
        """``(label, text)`` of every filled field: form order first, then the others."""
        value = value or {}
        known = [f[0] for f in self.fields()]
        order = [k for k in known if k in value] + [k for k in value if k not in known]
        return [(self.label(k), value[k].strip()) for k in order if value[k].strip()]

    def text(self, value) -> str:
        return "\n".join(f"{label}: {text}" for label, text in self.rows(value))


class Monev(Kind):
    """The monitoring and evaluation plan: rows ``{indikator, target, siapa, kapan, status}``.

    Rows are kept as typed (a half-filled row is never lost); see
    :mod:`kemitraan_lib.monev` for checking them.
    """

    name = "rencana monev"

    @staticmethod
    def columns() -> tuple[str, ...]:
        from .monev import FIELDS

        return tuple(key for key, _attr, _label in FIELDS)

    def empty(self) -> list:
        return []

    def decode(self, raw, answer):
        if not isinstance(raw, list):
            return [], [f"Rencana monev yang tersimpan tidak terbaca ({type(raw).__name__}); "
                        f"isi lagi di {answer.where}."]
        columns = self.columns()
        rows, dropped = [], 0
        for row in raw:
            if not isinstance(row, Mapping):
                dropped += 1
                continue
            rows.append({c: (row.get(c) if isinstance(row.get(c), str) else as_text(row.get(c)))
                         for c in columns if row.get(c) is not None})
        notes = [f"{dropped} baris rencana monev tidak terbaca dan dilewati."] if dropped else []
        return rows, notes

    def encode(self, value, answer):
        columns = self.columns()
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(r, Mapping) and all(k in columns and isinstance(v, str)
                                               for k, v in r.items()) for r in value):
            raise InvalidValueError(
                f"Rencana monev harus berupa daftar baris {{{format_choices(columns)}}} berisi "
                f"teks; nilai {show(value)} tidak diterima.", field=answer.id, value=value,
                allowed=columns)
        return [dict(r) for r in value]

    def filled(self, value) -> bool:
        return any(str(v).strip() for row in value or () for v in row.values())

    def text(self, value) -> str:
        return "\n".join("- " + ", ".join(f"{k}: {v}" for k, v in row.items() if v.strip())
                         for row in value or () if any(v.strip() for v in row.values()))


@dataclass(frozen=True)
class FollowUp:
    """The 72-hour follow-up: partner, meeting time, the three contact moments, a note."""

    partner: str = ""
    meeting: str = ""
    schedule: tuple[dict, ...] = ()
    note: str = ""
    from_text: bool = field(default=False, compare=False)  # an older free-text answer

    def to_dict(self) -> dict:
        out = {"mitra": self.partner, "pertemuan": self.meeting,
               "jadwal": [dict(c) for c in self.schedule]}
        if self.note:
            out["catatan"] = self.note
        return out


class FollowUpKind(Kind):
    """:class:`FollowUp`; an older free-text answer becomes its ``note``."""

    name = "jadwal tindak lanjut"
    empty = staticmethod(FollowUp)

    def decode(self, raw, answer):
        if isinstance(raw, str):
            return FollowUp(note=raw, from_text=bool(raw.strip())), []
        if not isinstance(raw, Mapping):
            return FollowUp(), [f"Jadwal tindak lanjut yang tersimpan tidak terbaca "
                                f"({type(raw).__name__}); buat lagi di {answer.where}."]
        notes = []
        schedule = raw.get("jadwal") or []
        if not isinstance(schedule, list):
            schedule, notes = [], ["Jadwal tindak lanjut yang tersimpan tidak terbaca; "
                                   "jadwal dibuat lagi dari waktu pertemuan."]
        contacts = tuple(dict(c) for c in schedule if isinstance(c, Mapping))
        if len(contacts) != len(schedule):
            notes.append("Sebagian jadwal tindak lanjut tidak terbaca dan dilewati.")
        return FollowUp(partner=_plain(raw.get("mitra")), meeting=_plain(raw.get("pertemuan")),
                        schedule=contacts, note=_plain(raw.get("catatan"))), notes

    def encode(self, value, answer):
        return _typed(self, value, FollowUp, answer).to_dict()

    def filled(self, value) -> bool:
        return bool(value.partner.strip() or value.meeting.strip() or value.schedule
                    or value.note.strip())

    def text(self, value) -> str:
        parts = [f"Mitra: {value.partner}" if value.partner.strip() else "",
                 f"Pertemuan: {value.meeting}" if value.meeting.strip() else "",
                 value.note.strip()]
        return "\n".join(p for p in parts if p)


class DatedList(Kind):
    """A list of dated records (health checks, map snapshots, monev reviews).

    ``item`` names a function ``(stored dict) -> typed record`` that raises a
    KemitraanError for a bad one, and ``to_dict`` turns a record back into JSON;
    both live in the record's model module (``module``). Unreadable records are
    left out with a note; the value is a tuple of records, oldest first.
    """

    name = "riwayat"

    def __init__(self, module: str, item: str, name: str = "riwayat") -> None:
        self.module, self.item, self.name = module, item, name

    def _reader(self):
        import importlib

        return getattr(importlib.import_module(f"kemitraan_lib.{self.module}"), self.item)

    def empty(self) -> tuple:
        return ()

    def decode(self, raw, answer):
        if not isinstance(raw, list):
            return (), [f"Isian '{answer.title}' yang tersimpan tidak terbaca "
                        f"({type(raw).__name__}); buat lagi di {answer.where}."]
        read = self._reader()
        out, dropped = [], 0
        for stored in raw:
            try:
                out.append(read(stored))
            except KemitraanError:
                dropped += 1
        notes = [f"{dropped} catatan '{answer.title}' tidak terbaca dan dilewati."] if dropped \
            else []
        return tuple(out), notes

    def encode(self, value, answer):
        if not isinstance(value, (list, tuple)):
            raise InvalidValueError(
                f"Isian '{answer.title}' harus berupa daftar; nilai {show(value)} tidak "
                "diterima.", field=answer.id, value=value, allowed=("daftar",))
        read = self._reader()
        return [read(v).to_dict() for v in value]

    def filled(self, value) -> bool:
        return bool(value)

    def text(self, value) -> str:
        import importlib

        module = importlib.import_module(f"kemitraan_lib.{self.module}")
        try:
            return module.summary_text(list(value or ()))
        except KemitraanError:
            return ""


def _typed(kind: Kind, value, cls: type, answer: Answer):
    """``value`` as ``cls`` (a dict is decoded first); InvalidValueError when it is not."""
    if isinstance(value, Mapping):
        value, notes = kind.decode(dict(value), answer)
        if notes:
            raise InvalidValueError(f"Isian '{answer.title}' tidak sah: {notes[0]}",
                                    field=answer.id, value=value)
    if not isinstance(value, cls):
        raise InvalidValueError(
            f"Isian '{answer.title}' harus berupa {cls.__name__}; nilai {show(value)} tidak "
            "diterima.", field=answer.id, value=value, allowed=(cls.__name__,))
    return value


def _plain(value) -> str:
    """A stored field as text: texts as they are, anything else as readable text."""
    if isinstance(value, str):
        return value
    return as_text(value)


class MapKind(Kind):
    """The partner map: a :class:`~kemitraan_lib.network.PartnerNetwork` (None when none)."""

    name = "peta mitra"

    def decode(self, raw, answer):
        from .errors import FileFormatError
        from .files import from_document

        try:
            return from_document(raw), []
        except FileFormatError as err:
            return None, [f"Peta mitra yang tersimpan tidak bisa dibaca ({err.message})"]

    def encode(self, value, answer):
        from .files import document
        from .network import PartnerNetwork, Snapshot

        if not isinstance(value, (PartnerNetwork, Snapshot)):
            raise InvalidValueError(
                f"Peta mitra harus berupa PartnerNetwork; nilai {show(value)} tidak diterima.",
                field=answer.id, value=value, allowed=("PartnerNetwork",))
        return document(value)

    def filled(self, value) -> bool:
        return value is not None and len(value.partners) > 0

    def text(self, value) -> str:
        if value is None:
            return ""
        return f"{value.title or 'Peta mitra'}: {len(value.partners)} mitra"


@dataclass(frozen=True)
class ChosenPattern:
    """The pattern chosen in Pilih Pola, with what the learner answered.

    ``pattern`` is the key as saved; ``item`` the course's pattern for it
    (``None`` when the key is not known any more). ``situation`` holds the
    answers: ``group_brings``, ``partner_brings``, ``needs`` (tuples of
    RESOURCES keys), ``duration``, ``closeness``, ``sharing`` (keys or "").
    Other saved fields are kept in ``extra`` and written back.
    """

    pattern: str = ""
    label: str = ""
    score: float | None = None
    reasons: tuple[str, ...] = ()  # why it fits (the recommender's ``fits``)
    misfits: tuple[str, ...] = ()  # what does not fit
    warnings: tuple[str, ...] = ()
    situation: Mapping = field(default_factory=dict)
    extra: Mapping = field(default_factory=dict)
    item: Any = field(default=None, compare=False)

    def to_dict(self) -> dict:
        out = dict(self.extra)
        out.update({"pattern": self.pattern, "label": self.label or (
            self.item.label if self.item is not None else "")})
        if self.score is not None:
            out["score"] = self.score
        out["reasons"] = list(self.reasons)
        out["misfits"] = list(self.misfits)
        out["warnings"] = list(self.warnings)
        out["situation"] = {k: (list(v) if isinstance(v, tuple) else v)
                            for k, v in self.situation.items()}
        return out


_SIDES = ("group_brings", "partner_brings", "needs")
_WISHES = {"duration": "DURATIONS", "closeness": "CLOSENESS", "sharing": "SHARING"}
_PATTERN_KEYS = ("pattern", "label", "score", "reasons", "misfits", "warnings", "situation")
# Phrases of a mismatch in reasons saved by the first edition of the chooser, which
# mixed "what does not fit" into "reasons": they are sorted out when loading.
_MISFIT_MARKS = ("kurang cocok", "belum menyebut", "tidak dilayani", "tidak menjawab",
                 "belum menyediakannya", "tidak dipakai", "sedangkan kelompok",
                 "sedangkan mitra")


class PatternKind(Kind):
    """:class:`ChosenPattern`; an old or unknown pattern key loads with a note."""

    name = "pola kemitraan"
    empty = staticmethod(ChosenPattern)

    def decode(self, raw, answer):
        from . import content

        if isinstance(raw, str):
            raw = {"pattern": raw}
        if not isinstance(raw, Mapping):
            return ChosenPattern(), [f"Pilihan pola yang tersimpan tidak bisa dibaca; pilih "
                                     f"lagi di {answer.where}."]
        notes: list[str] = []
        key = raw.get("pattern") if isinstance(raw.get("pattern"), str) else ""
        item = None
        if key:
            try:
                item = content.by_key(content.PATTERNS, key)
            except KemitraanError:
                notes.append(f"Pola {show(key)} yang tersimpan tidak dikenal; pilih lagi di "
                             f"{answer.where}.")
        score = raw.get("score")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(
                score):
            score = None
        situation = raw.get("situation") if isinstance(raw.get("situation"), Mapping) else {}
        resources = set(content.keys(content.RESOURCES))
        clean: dict = {}
        for side in _SIDES:
            keys = situation.get(side) or []
            keys = [keys] if isinstance(keys, str) else keys if isinstance(keys, list) else []
            good = tuple(k for k in keys if isinstance(k, str) and k in resources)
            if len(good) != len(keys):
                notes.append(f"Sebagian jawaban '{side}' yang tersimpan tidak dikenal dan "
                             "dilewati.")
            clean[side] = good
        for wish, collection in _WISHES.items():
            value = situation.get(wish) or ""
            allowed = content.keys(getattr(content, collection))
            if value and value not in allowed:
                notes.append(f"Pilihan {show(value)} untuk '{wish}' tidak dikenal dan "
                             "dilewati.")
                value = ""
            clean[wish] = value if isinstance(value, str) else ""
        reasons = _texts(raw.get("reasons"))
        misfits = _texts(raw.get("misfits")) + tuple(
            r for r in reasons if any(mark in r for mark in _MISFIT_MARKS))
        reasons = tuple(r for r in reasons if not any(mark in r for mark in _MISFIT_MARKS))
        return ChosenPattern(
            pattern=key, label=_plain(raw.get("label")), score=score,
            reasons=reasons, misfits=misfits, warnings=_texts(raw.get("warnings")),
            situation=clean, item=item,
            extra={k: v for k, v in raw.items() if k not in _PATTERN_KEYS},
        ), notes

    def encode(self, value, answer):
        return _typed(self, value, ChosenPattern, answer).to_dict()

    def filled(self, value) -> bool:
        return bool(value.pattern)

    def text(self, value) -> str:
        return value.label or value.pattern


def _texts(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if not isinstance(value, list):
        return ()
    return tuple(_plain(v) for v in value if v is not None and _plain(v).strip())


# ============================================================================ the registry
@dataclass(frozen=True)
class Answer:
    """One saved answer: stable id, stored place, kind, title, notebook."""

    id: str
    module: str
    key: str
    kind: Kind = field(compare=False)
    title: str = ""
    notebook: str = ""
    also_at: tuple[tuple[str, str], ...] = ()
    listed: bool = True  # shown under "Jawaban lain" in the plan
    registered: bool = True

    @property
    def where(self) -> str:
        """Where the learner fills it in today, e.g. ``"modul 09"``."""
        from . import course

        slug = self.notebook or STORED_MODULES.get(self.module, "")
        try:
            for info in course.load_order():
                if info.slug == slug:
                    return f"modul {info.number}"
        except KemitraanError:
            pass
        return f"modul {self.module}"


_REGISTRY: dict[str, Answer] = {}
_BY_PLACE: dict[tuple[str, str], Answer] = {}


def register(id: str, module: str, key: str, kind: Kind, *, title: str, notebook: str = "",
             also_at: tuple[tuple[str, str], ...] = (), listed: bool = True) -> Answer:
    """Add a saved answer to the registry and return it (see the module docs)."""
    from .workbook import check_name

    module, key = check_name(module, "Modul"), check_name(key, "Kunci")
    if not isinstance(kind, Kind):
        raise InvalidValueError(f"Jenis jawaban harus sebuah Kind; nilai {show(kind)} tidak "
                                "diterima.", value=kind, allowed=("Kind",))
    places = [(module, key), *(tuple(p) for p in also_at)]
    for place in places:
        other = _BY_PLACE.get(place)
        if other is not None and other.id != id:
            raise InvalidValueError(f"Tempat {place[0]}/{place[1]} sudah dipakai jawaban "
                                    f"'{other.id}'.", value=place, allowed=())
    if id in _REGISTRY:
        raise InvalidValueError(f"Jawaban '{id}' sudah terdaftar.", value=id, allowed=())
    item = Answer(id, module, key, kind, title or key, notebook or STORED_MODULES.get(module, ""),
                  tuple(tuple(p) for p in also_at), listed)
    _REGISTRY[id] = item
    for place in places:
        _BY_PLACE[place] = item
    return item


def answer(ref) -> Answer:
    """The answer for an :class:`Answer`, an id (``"kerangka-mou"``) or ``(module, key)``."""
    if isinstance(ref, Answer):
        return ref
    if isinstance(ref, str) and ref in _REGISTRY:
        return _REGISTRY[ref]
    if isinstance(ref, tuple) and len(ref) == 2 and all(isinstance(p, str) for p in ref):
        found = find(*ref)
        if found is not None:
            return found
    raise InvalidValueError(
        f"Jawaban {show(ref)} tidak terdaftar. Contoh yang terdaftar: "
        f"{format_choices(list(_REGISTRY)[:12])}, ...", field="jawaban", value=ref,
        allowed=tuple(_REGISTRY))


def find(module: str, key: str) -> Answer | None:
    """The registered answer stored at ``(module, key)``, or None."""
    if not isinstance(module, str) or not isinstance(key, str):
        return None
    return _BY_PLACE.get((module.strip(), key.strip()))


def registered() -> tuple[Answer, ...]:
    """Every registered answer, in registration order."""
    return tuple(_REGISTRY.values())


def adhoc(module: str, key: str, kind: Kind | None = None) -> Answer:
    """The registered answer at ``(module, key)``, else an unregistered one of ``kind``.

    For activities a trainer adds without registering them (a text by default).
    """
    from .workbook import check_name

    module, key = check_name(module, "Modul"), check_name(key, "Kunci")
    found = find(module, key)
    if found is not None:
        return found
    return Answer(f"{module}/{key}", module, key, kind if kind is not None else Text(), key,
                  STORED_MODULES.get(module, ""), registered=False)


# ============================================================================ reading and writing
@dataclass(frozen=True)
class Loaded:
    """What :func:`load` found: the typed ``value`` and Indonesian ``notes``.

    ``found`` is False when nothing is saved (``value`` is then the kind's
    empty value); ``raw`` is the stored JSON value; ``changed`` the time of the
    last save (text) and ``prompt`` the question saved with the answer.
    """

    answer: Answer
    value: Any
    notes: tuple[str, ...] = ()
    raw: Any = None
    found: bool = False
    changed: str = ""
    prompt: str = ""

    @property
    def filled(self) -> bool:
        return self.found and self.answer.kind.filled(self.value)


def _workbook(workbook):
    from .workbook import resolve

    return resolve(workbook)


def _decode(item: Answer, raw) -> tuple[Any, list[str]]:
    if raw is None:  # a cleared answer: the kind's empty value, nothing odd about it
        return item.kind.empty(), []
    try:
        value, notes = item.kind.decode(raw, item)
    except Exception as exc:  # noqa: BLE001 - a stored value must never break loading
        return item.kind.empty(), [f"Jawaban '{item.title}' yang tersimpan tidak bisa dibaca "
                                   f"({type(exc).__name__})."]
    return value, list(notes)


def load(ref, workbook=None) -> Loaded:
    """Read one answer as a typed value (see :class:`Loaded`); never fails on stored content.

    An answer with older places (``also_at``) is read from the first place
    that holds a filled (or odd) value.
    """
    item = answer(ref)
    wb = _workbook(workbook)
    first = None
    for place in ((item.module, item.key), *item.also_at):
        entry = wb.entry(*place)
        if entry is None:
            continue
        value, notes = _decode(item, entry["nilai"])
        loaded = Loaded(item, value, tuple(notes), entry["nilai"], True,
                        str(entry.get("diubah", "")), str(entry.get("pertanyaan", "")))
        if loaded.filled or notes:
            return loaded
        first = first or loaded
    return first or Loaded(item, item.kind.empty())


def save(ref, value, workbook=None, *, prompt: str | None = None) -> None:
    """Check ``value`` and store it (InvalidValueError for a bad value; nothing changes)."""
    item = answer(ref)
    raw = item.kind.encode(value, item)
    _workbook(workbook).set(item.module, item.key, raw, prompt=prompt)


def clear(ref, workbook=None) -> None:
    """Remove one saved answer (no error when there is none)."""
    item = answer(ref)
    _workbook(workbook).delete(item.module, item.key)


def set_aside(ref, raw, workbook=None) -> str:
    """Keep an unreadable stored value under ``<key>-tidak-terbaca``; returns that key."""
    item = answer(ref)
    key = f"{item.key}-tidak-terbaca"
    wb = _workbook(workbook)
    if wb.get(item.module, key) != raw:
        wb.set(item.module, key, raw)
    return key


# ======================================================= the plan's "other answers"
@dataclass(frozen=True)
class Section:
    """The answers of one notebook for the plan: title and (question, answer text) pairs."""

    title: str
    items: tuple[tuple[str, str], ...]


def sections(workbook=None) -> list[Section]:
    """Every listed answer with text, grouped by the notebook it belongs to, in course order.

    Unregistered answers are grouped by their stored module. The question is
    the prompt saved with the answer, else the answer's title.
    """
    from . import course

    wb = _workbook(workbook)
    groups: dict[str, list[tuple[str, str]]] = {}
    for module in wb.modules():
        for key, entry in wb.entries(module).items():
            item = find(module, key) or adhoc(module, key, Raw())
            if not item.listed:
                continue
            value, _notes = _decode(item, entry.get("nilai"))
            text = item.kind.text(value)
            if not text:
                continue
            question = str(entry.get("pertanyaan") or "") or item.title
            slug = item.notebook or STORED_MODULES.get(module) or f"?{module}"
            groups.setdefault(slug, []).append((question, text))
    out = []
    try:
        order = course.load_order()
    except KemitraanError:
        order = ()
    for info in order:
        if info.slug in groups:
            out.append(Section(info.label, tuple(groups.pop(info.slug))))
    for slug, items in groups.items():
        out.append(Section(f"Jawaban lain ({slug.lstrip('?')})", tuple(items)))
    return out


# ============================================================================ the answers
def _mou_parts() -> tuple:
    from . import content

    return tuple((p.key, p.label, p.description) for p in content.MOU_PARTS)


def _techniques() -> tuple:
    from . import content

    return tuple((t.key, t.label, t.description) for t in content.TECHNIQUES)


NAMA = register("nama", "00", "nama", Text(), title="Nama", listed=False)
PERAN = register("peran", "00", "peran", Text("pilihan"), title="Peran", listed=False)
PROGRAM = register("program", "00", "program", Text(), title="Program atau lembaga",
                   listed=False)
register("jejaring-vs-mitra", "01", "jejaring-vs-mitra", Text(),
         title="Jejaring dan mitra dalam program saya")
register("syarat-terlemah", "01", "syarat-terlemah", Text("pilihan"),
         title="Syarat bermitra yang paling lemah")
register("pengorbanan", "01", "pengorbanan", Text(), title="Yang siap disumbangkan program")
register("akses-utama", "02", "akses-utama", Text("pilihan"),
         title="Akses yang paling dibutuhkan")
register("pembuka-akses", "02", "pembuka-akses", Text(), title="Pihak yang membuka akses")
register("tanda-mandiri", "02", "tanda-mandiri", Text(), title="Tanda masyarakat mandiri")
PETA_MITRA = register("peta-mitra", "03", "peta-mitra", MapKind(), title="Peta mitra",
                      listed=False)
PETA_MITRA_TIDAK_TERBACA = register(
    "peta-mitra-tidak-terbaca", "03", "peta-mitra-tidak-terbaca", Raw(),
    title="Salinan peta mitra yang tidak terbaca", listed=False)
register("lingkup-peta", "03", "lingkup-peta", Text(), title="Calon mitra per lingkup")
register("jenis-belum-ada", "03", "jenis-belum-ada", Text("pilihan"),
         title="Jenis calon mitra yang belum tergarap")
register("rencana-pendekatan", "03", "rencana-pendekatan", Text(),
         title="Pendekatan kepada calon mitra terpenting")
register("tingkat-partisipasi", "04", "tingkat-partisipasi", Text("pilihan"),
         title="Tingkat partisipasi warga")
register("langkah-partisipasi", "04", "langkah-partisipasi", Text(),
         title="Langkah menaikkan partisipasi")
register("program-disinergikan", "04", "program-disinergikan", Text(),
         title="Program yang bisa disinergikan")
register("prinsip-terlemah", "05", "prinsip-terlemah", Text("pilihan"),
         title="Prinsip yang paling lemah")
register("gejala", "05", "gejala", Text(), title="Gejala prinsip yang lemah")
register("perbaikan-prinsip", "05", "perbaikan-prinsip", Text(),
         title="Tindakan memperkuat prinsip")
TINDAK_LANJUT = register("tindak-lanjut-72-jam", "06", "tindak-lanjut-72-jam", FollowUpKind(),
                         title="Jadwal tindak lanjut 72 jam",
                         also_at=(("08", "tindak-lanjut-72-jam"),), listed=False)
register("pesan-terima-kasih", "06", "pesan-terima-kasih", Text(),
         title="Draf pesan terima kasih")
register("strategi-dilatih", "06", "strategi-dilatih", Text("pilihan"),
         title="Strategi yang perlu dilatih")
register("cara-berlatih", "06", "cara-berlatih", Text(), title="Cara melatih strategi")
POLA_TERPILIH = register("pola-terpilih", "07", "pola-terpilih", PatternKind(),
                         title="Pola kemitraan yang dipilih", listed=False)
register("pola-awal", "07", "pola-awal", Text("pilihan"), title="Pola yang paling cocok")
register("siapa-menyumbang", "07", "siapa-menyumbang", Text(),
         title="Yang disumbang kelompok dan mitra")
register("perjanjian-tertulis", "07", "perjanjian-tertulis", Text(),
         title="Perjanjian tertulis kerja sama utama", notebook="pola-menurut-hukum")
register("untung-risiko", "07", "untung-risiko", Text(), title="Pembagian untung dan risiko",
         notebook="pola-menurut-hukum")
register("posisi-langkah", "08", "posisi-langkah", Text(), title="Langkah program saat ini")
KERANGKA_MOU = register("kerangka-mou", "08", "kerangka-mou", Form(_mou_parts, "Kerangka"),
                        title="Kerangka MoU", listed=False)
RENCANA_MONEV = register("rencana-monev", "08", "rencana-monev", Monev(),
                         title="Rencana monitoring dan evaluasi", listed=False)
register("sumber-daya-dan-akhir", "08", "sumber-daya-dan-akhir", Text(),
         title="Sumber daya dan akhir kerja sama")
register("mitra-dirawat", "09", "mitra-dirawat", Text(), title="Mitra yang ingin dirawat")
register("rencana-merawat", "09", "rencana-merawat", Form(_techniques),
         title="Tindakan nyata per teknik")
register("teknik-tersulit", "09", "teknik-tersulit", Text(), title="Teknik yang paling sulit")
TUJUAN_UTAMA = register("tujuan-utama", "10", "tujuan-utama", Text(),
                        title="Tujuan kemitraan tahun ini", listed=False)
LANGKAH_PERTAMA = register("langkah-pertama", "10", "langkah-pertama", Text(),
                           title="Langkah pertama minggu depan", listed=False)
CEK_KESEHATAN = register("cek-kesehatan", "09", "cek-kesehatan",
                         DatedList("kesehatan", "check_from_dict", "cek kesehatan"),
                         title="Cek kesehatan kemitraan")
PETA_BERTANGGAL = register("peta-bertanggal", "03", "peta-bertanggal",
                           DatedList("peta_waktu", "snapshot_from_dict", "foto peta"),
                           title="Peta mitra dari waktu ke waktu", notebook="pemetaan-mitra")
RIWAYAT_MONEV = register("riwayat-monev", "08", "riwayat-monev",
                         DatedList("monev", "review_from_dict", "riwayat monev"),
                         title="Riwayat lampu monev", notebook="langkah-kemitraan")
