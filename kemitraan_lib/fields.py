"""The vocabulary of a partner map, defined once: English attribute <-> Indonesian names.

Every field of a :class:`~kemitraan_lib.network.Partner` and a
:class:`~kemitraan_lib.network.Link` is described here, with

* ``attr``: the attribute in Python (``influence``);
* ``name``: the Indonesian field name used in messages and in
  ``KemitraanError.field`` (``pengaruh``, ``sumber daya``);
* ``column``: the column header in files and the key in the map's JSON
  document (``pengaruh``, ``sumber_daya``);
* ``label``: the label in forms and tables (``Pengaruh``);
* ``hint``: the allowed range shown next to the label (``0–5``), or "";
* ``synonyms``: other headers accepted when a file is read (any case, spaces
  and dashes count as ``_``);
* ``help``: one line for the ``petunjuk`` sheet of an Excel file.

The files (:mod:`kemitraan_lib.files`), the analysis table
(:data:`SUMMARY_COLUMNS`), the plan document and the Peta Mitra widget take
their columns and labels from here.

>>> [f.column for f in PARTNER_FIELDS][:3]
['nama', 'jenis', 'pengaruh']
>>> by_name(LINK_FIELDS)["jenis hubungan"].column
'jenis'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "Field",
    "Column",
    "PARTNER_FIELDS",
    "LINK_FIELDS",
    "SUMMARY_COLUMNS",
    "PLAN_COLUMNS",
    "by_attr",
    "by_name",
    "by_column",
    "header_key",
    "columns",
    "lookup",
    "form_label",
]


@dataclass(frozen=True)
class Field:
    """One field of a partner or a link (see the module docs)."""

    attr: str
    name: str
    column: str
    label: str
    help: str
    hint: str = ""
    synonyms: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Column:
    """One column of a table shown to the learner: key and Indonesian heading."""

    key: str
    label: str


PARTNER_FIELDS: tuple[Field, ...] = (
    Field("name", "nama", "nama", "Nama mitra",
          "Nama mitra (wajib, paling panjang 80 huruf, tidak boleh ganda).",
          synonyms=("nama_mitra", "mitra", "name", "partner", "partner_name"), required=True),
    Field("category", "jenis", "jenis", "Jenis mitra",
          "kelompok, tokoh, usaha, koperasi, pemerintah atau lainnya.",
          synonyms=("jenis_mitra", "kategori", "kategori_mitra", "category", "kind", "type"),
          required=True),
    Field("influence", "pengaruh", "pengaruh", "Pengaruh",
          "Seberapa besar pengaruh mitra: 0 (tidak ada) sampai 5 (sangat besar).", "0–5",
          ("influence", "power", "kekuasaan")),
    Field("interest", "kepentingan", "kepentingan", "Kepentingan",
          "Seberapa besar kepentingan mitra pada program: 0 sampai 5.", "0–5",
          ("minat", "interest")),
    Field("support", "dukungan", "dukungan", "Dukungan",
          "Sikap mitra: -2 (menentang) sampai +2 (sangat mendukung), 0 netral.", "−2 s.d. 2",
          ("sikap", "support")),
    Field("resources", "sumber daya", "sumber_daya", "Sumber daya",
          "Apa yang bisa dibawa mitra; pisahkan dengan titik koma (;).",
          synonyms=("sumberdaya", "sumber_daya_yang_dibawa", "resources", "resource")),
    Field("approach", "pendekatan", "pendekatan", "Pendekatan",
          "personal, informal, formal, atau kosong jika belum dipilih.",
          synonyms=("approach",)),
    Field("contact", "kontak", "kontak", "Kontak",
          "Nomor telepon atau alamat (boleh kosong).",
          synonyms=("contact", "telepon", "no_hp", "hp", "nomor_hp")),
    Field("notes", "catatan", "catatan", "Catatan", "Catatan bebas (boleh kosong).",
          synonyms=("keterangan", "notes", "note", "catatan_mitra")),
)

LINK_FIELDS: tuple[Field, ...] = (
    Field("source", "dari", "dari", "Dari",
          "Nama mitra asal; harus sudah ada di lembar 'mitra'.",
          synonyms=("mitra_1", "asal", "source", "from"), required=True),
    Field("target", "ke", "ke", "Ke",
          "Nama mitra tujuan; harus sudah ada di lembar 'mitra'.",
          synonyms=("mitra_2", "tujuan", "target", "to"), required=True),
    Field("type", "jenis hubungan", "jenis", "Jenis hubungan",
          "informasi, dana, barang, pembinaan, kewenangan atau konflik.",
          synonyms=("jenis_hubungan", "tipe", "type", "kind"), required=True),
    Field("direction", "arah", "arah", "Arah", "dua-arah, atau satu-arah (dari -> ke).",
          synonyms=("direction",)),
    Field("strength", "kekuatan", "kekuatan", "Kekuatan",
          "1 (lemah), 2 (sedang) atau 3 (kuat).", "1–3", ("bobot", "strength", "weight")),
)

_PARTNER = {f.column: f for f in PARTNER_FIELDS}
_SEPARATORS = re.compile(r"[\s_\-]+")

#: Columns of :func:`kemitraan_lib.analysis.summary` (and the Peta Mitra table).
SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("nama", "Nama"),
    Column("jenis", "Jenis"),
    Column("pengaruh", _PARTNER["pengaruh"].label),
    Column("kepentingan", _PARTNER["kepentingan"].label),
    Column("dukungan", _PARTNER["dukungan"].label),
    Column("kuadran", "Kuadran"),
    Column("derajat", "Jumlah hubungan"),
    Column("keperantaraan", "Keperantaraan"),
    Column("pendekatan", "Saran pendekatan"),
)

#: The partner table of the plan document ("Rencana Kemitraan Saya").
PLAN_COLUMNS: tuple[Column, ...] = tuple(
    c for c in SUMMARY_COLUMNS if c.key not in ("derajat", "keperantaraan"))


def _fields(fields) -> tuple[Field, ...]:
    if not isinstance(fields, tuple) or not all(isinstance(f, Field) for f in fields):
        from .errors import InvalidValueError, show

        raise InvalidValueError(f"Yang diberikan harus PARTNER_FIELDS atau LINK_FIELDS; nilai "
                                f"{show(fields)} tidak diterima.", value=fields,
                                allowed=("PARTNER_FIELDS", "LINK_FIELDS"))
    return fields


def by_attr(fields: tuple[Field, ...]) -> dict[str, Field]:
    """``{attr: Field}``."""
    return {f.attr: f for f in _fields(fields)}


def by_name(fields: tuple[Field, ...]) -> dict[str, Field]:
    """``{Indonesian field name: Field}`` (the names in ``KemitraanError.field``)."""
    return {f.name: f for f in _fields(fields)}


def by_column(fields: tuple[Field, ...]) -> dict[str, Field]:
    """``{column header: Field}``."""
    return {f.column: f for f in _fields(fields)}


def columns(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The column headers, in order: ``('nama', 'jenis', ...)``."""
    return tuple(f.column for f in _fields(fields))


def header_key(text: str) -> str:
    """A header as compared: case-folded, spaces and dashes as ``_``.

    >>> header_key(" Nama  Mitra ")
    'nama_mitra'
    """
    if not isinstance(text, str):
        from .errors import InvalidValueError, show

        raise InvalidValueError(f"Judul kolom harus berupa teks; nilai {show(text)} tidak "
                                "diterima.", value=text, allowed=("teks",))
    return _header_key(text)


@functools.lru_cache(maxsize=1024)
def _header_key(text: str) -> str:
    return _SEPARATORS.sub("_", text.strip().casefold()).strip("_")


def lookup(fields: tuple[Field, ...]) -> dict[str, Field]:
    """Every accepted header (column, Indonesian name, attribute, synonyms) -> Field."""
    table: dict[str, Field] = {}
    for f in _fields(fields):
        for word in (f.column, header_key(f.name), f.attr, *f.synonyms):
            table.setdefault(header_key(word), f)
    return table


def form_label(field: Field) -> str:
    """The label of a form input: ``'Pengaruh (0–5):'``."""
    _fields((field,))
    return f"{field.label} ({field.hint}):" if field.hint else f"{field.label}:"
