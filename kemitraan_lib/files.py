"""Loading and saving a partner map as Excel, JSON or CSV, and the rules for uploads.

The format follows the file name's suffix:

* ``.xlsx`` - an Excel workbook with the sheets ``mitra`` (partners) and
  ``hubungan`` (links), plus ``keterangan`` (title, format, version) and
  ``petunjuk`` (what each column means). Only ``mitra`` is required.
* ``.json`` - the map's document :func:`document`: ``{"format":
  "kemitraan-peta", "versi": 1, "judul": ..., "mitra": [...], "hubungan":
  [...]}`` with Indonesian keys. It is the one JSON shape of a map: the
  learner's workbook stores the same document
  (:meth:`~kemitraan_lib.network.PartnerNetwork.to_dict`).
* ``.csv`` - ``X.csv`` holds the partners and ``X-hubungan.csv`` beside it
  the links (no links file = no links). Reading accepts ``,`` or ``;`` (Excel
  in an Indonesian locale writes ``;``), UTF-8 with or without BOM, and every
  line ending. Writing uses ``;`` and UTF-8 with BOM, which Excel opens
  correctly. A CSV file has no room for the map's title, so it is not kept.

Columns and their meaning come from :mod:`kemitraan_lib.fields` (headers are
also accepted in English, in any case, with spaces, and with a few synonyms,
e.g. ``Nama Mitra``, ``Kategori``). ``sumber_daya`` items are joined with ``; ``.

Safety rules:

* A bad file raises :class:`~kemitraan_lib.errors.FileFormatError` naming the
  file, the row (the header is row 1) and the column; nothing else escapes.
* Limits are checked before anything big is loaded: file size
  (:data:`MAX_FILE_BYTES`), rows (:data:`MAX_ROWS`), columns
  (:data:`MAX_COLUMNS`) and, for ``.xlsx``, the unpacked size of its parts
  (:data:`MAX_XLSX_UNPACKED`, :data:`MAX_XLSX_PART`): a small hostile file
  cannot fill the memory.
* An Excel formula whose result was never calculated (no cached value) is
  refused instead of being read as empty.
* Spreadsheet formula injection: a text starting with ``= + - @``, tab or
  carriage return is written to CSV with a leading apostrophe (Excel shows
  it as text, never evaluates it) and as a text cell in ``.xlsx``; reading
  removes the apostrophe again, so ordinary text makes an exact round trip.
* Saving builds the whole file in memory and then replaces the target
  atomically (:mod:`kemitraan_lib.atomic`); the two CSV files are replaced as
  one group, so a crash leaves the old pair or the new pair.

>>> import tempfile, pathlib
>>> from kemitraan_lib.network import PartnerNetwork
>>> net = PartnerNetwork(title="Contoh")
>>> _ = net.add_partner(name='KUD "Sumber Rezeki"', category="koperasi", resources="modal; pasar")
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("peta.json", "peta.csv", "peta.xlsx"):
...     save_network(net, folder / name)
...     print(name, load_network(folder / name).partners == net.partners)
peta.json True
peta.csv True
peta.xlsx True
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import gc
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import fields as _fields
from .atomic import (
    atomic_write_bytes,
    atomic_write_group,
    atomic_write_text,
    check_path,
    read_bytes,
    recover,
)
from .errors import (
    FileFormatError,
    InvalidValueError,
    KemitraanError,
    format_choices,
    show,
)
from .jsontext import JSONProblem
from .jsontext import loads as _json_loads
from .network import Link, Partner, PartnerNetwork, Snapshot

__all__ = [
    "load_network",
    "save_network",
    "atomic_write_bytes",
    "atomic_write_text",
    "links_path",
    "read_network_bytes",
    "read_upload",
    "Opened",
    "document",
    "from_document",
    "json_text",
    "excel_bytes",
    "csv_texts",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "PARTNER_COLUMNS",
    "LINK_COLUMNS",
    "SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_XLSX_UNPACKED",
    "MAX_XLSX_PART",
]

FORMAT_NAME = "kemitraan-peta"
FORMAT_VERSION = 1
SUFFIXES = (".xlsx", ".json", ".csv")
LINKS_SUFFIX = "-hubungan"

PARTNER_COLUMNS = _fields.columns(_fields.PARTNER_FIELDS)
LINK_COLUMNS = _fields.columns(_fields.LINK_FIELDS)

#: Largest file read (bytes); a map of 10,000 partners is about 7 MB as JSON.
MAX_FILE_BYTES = 40 * 2**20
#: Most rows in one table (partners or links), header not counted.
MAX_ROWS = 50_000
#: Most columns in one table.
MAX_COLUMNS = 30
#: Largest total unpacked size of the parts of an ``.xlsx`` file.
MAX_XLSX_UNPACKED = 96 * 2**20
#: Largest unpacked size of one part (a sheet, the shared texts).
MAX_XLSX_PART = 40 * 2**20
_MAX_XLSX_PARTS = 400

_KINDS = {"mitra": _fields.PARTNER_FIELDS, "hubungan": _fields.LINK_FIELDS}
_LOOKUP = {kind: _fields.lookup(fs) for kind, fs in _KINDS.items()}
_COLUMNS = {"mitra": PARTNER_COLUMNS, "hubungan": LINK_COLUMNS}
_REQUIRED = {kind: tuple(f.column for f in fs if f.required) for kind, fs in _KINDS.items()}
_REQUIRED_ATTRS = {kind: tuple(f.attr for f in fs if f.required) for kind, fs in _KINDS.items()}
_BY_COLUMN = {kind: _fields.by_column(fs) for kind, fs in _KINDS.items()}
_COLUMN_OF_NAME = {kind: {f.name: f.column for f in fs} for kind, fs in _KINDS.items()}
_IGNORED_HEADERS = {"no", "no.", "nomor", "#", "nomor_urut"}
_NOUN = {"mitra": "daftar mitra", "hubungan": "daftar hubungan"}
_INTEGER_ATTRS = {"influence", "interest", "support", "strength"}


# =========================================================================== small helpers
def links_path(path) -> Path:
    """The links file beside a partners CSV: ``peta.csv`` -> ``peta-hubungan.csv``."""
    p = check_path(path)
    if not p.stem or p.name in (".", ".."):
        raise InvalidValueError(f"{show(str(path))} bukan nama berkas peta.", field="berkas",
                                value=str(path), allowed=("peta.csv",))
    return p.with_name(p.stem + LINKS_SUFFIX + p.suffix)


def _suffix(path: Path) -> str:
    suffix = path.suffix.casefold()
    if suffix in SUFFIXES:
        return suffix
    hint = ""
    if suffix in (".xls", ".xlsm", ".ods"):
        hint = " Di Excel/LibreOffice pilih Simpan Sebagai -> 'Excel Workbook (.xlsx)'."
    elif suffix == ".txt":
        hint = " Simpan sebagai 'CSV UTF-8' agar akhirannya .csv."
    raise InvalidValueError(
        f"Jenis berkas '{suffix or '(tanpa akhiran)'}' pada {show(path.name)} tidak didukung. "
        f"Pilihan: {format_choices(SUFFIXES)}.{hint}",
        field="berkas", value=suffix, allowed=SUFFIXES,
    )


def _check_network(network) -> PartnerNetwork | Snapshot:
    if not isinstance(network, (PartnerNetwork, Snapshot)):
        raise InvalidValueError(
            f"Yang disimpan harus sebuah peta mitra (PartnerNetwork); nilai {show(network)} "
            "tidak diterima.", value=network, allowed=("PartnerNetwork",),
        )
    return network


_DANGEROUS_START = frozenset("=+-@\t\r")


def _escape_formula(text: str) -> str:
    """A text cell Excel would take for a formula gets a leading apostrophe."""
    if text and (text[0] in _DANGEROUS_START
                 or (text[0] == "'" and len(text) > 1 and text[1] in _DANGEROUS_START | {"'"})):
        return "'" + text
    return text


def _unescape_formula(text: str) -> str:
    """Undo :func:`_escape_formula` (ordinary text is returned unchanged)."""
    if len(text) > 1 and text[0] == "'" and text[1] in _DANGEROUS_START | {"'"}:
        return text[1:]
    return text


def _cell_text(value) -> str:
    """A cell value as text (numbers typed in Excel become plain digits)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value) if math.isfinite(value) else "?"
    if isinstance(value, int):
        if value.bit_length() > 100:
            raise InvalidValueError(f"angka {show(value)} terlalu panjang.", value=value,
                                    allowed=("teks", "angka pendek"))
        return str(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    raise InvalidValueError(f"nilai {show(value)} harus berupa teks atau angka.", value=value,
                            allowed=("teks", "angka"))  # e.g. a list where text belongs


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


class _Table:
    """Rows of one table read from a file, with the header mapping."""

    def __init__(self, file: str, where: str, headers: dict[str, tuple[int, str]],
                 rows: Iterable[tuple[int, object]], kind: str,
                 unnamed: list[int] | None = None,
                 label: Callable[[int], str] | None = None, unescape: bool = False,
                 ready: bool = False) -> None:
        self.file = file
        self.where = where      # e.g. "" or "lembar 'mitra', "
        self.headers = headers  # column -> (index, header text as in the file)
        self.rows = rows        # (row number, list of cells or a {column: value} dict)
        self.kind = kind        # "mitra" or "hubungan"
        self.unnamed = unnamed or []  # indexes of columns without a header
        self.label = label      # row number -> how a message names the row
        self.unescape = unescape  # CSV: texts may carry the apostrophe of _escape_formula
        self.ready = ready      # rows are already keyword arguments (a JSON document)


def _map_headers(file: str, where: str, raw_headers: list, kind: str,
                 header_row: int = 1) -> tuple[dict[str, tuple[int, str]], list[int]]:
    """Map header cells to columns; raise FileFormatError on a bad layout."""
    lookup = _LOOKUP[kind]
    expected = _COLUMNS[kind]
    texts = [_cell_text(h).strip() for h in raw_headers]
    keys = [_fields.header_key(t) for t in texts if t]
    link_lookup = _LOOKUP["hubungan"]
    if kind == "mitra" and not any(lookup.get(k) is _BY_COLUMN["mitra"]["nama"]
                                   for k in keys) and {"dari", "ke"} <= {
            f.column for f in (link_lookup.get(k) for k in keys) if f is not None}:
        raise FileFormatError(
            f"Berkas {file} berisi daftar hubungan (kolom dari, ke, jenis ...), bukan daftar "
            f"mitra. Buka berkas daftar mitranya (misalnya 'peta.csv'); berkas "
            f"'...{LINKS_SUFFIX}.csv' di sebelahnya dibaca otomatis.",
            file=file, row=header_row, column=None, value=tuple(keys), allowed=expected,
        )
    mapping: dict[str, tuple[int, str]] = {}
    unnamed: list[int] = []
    for index, text in enumerate(texts):
        if not text:
            unnamed.append(index)
            continue
        key = _fields.header_key(text)
        if key in _IGNORED_HEADERS:
            continue
        found = lookup.get(key)
        if found is None:
            raise FileFormatError(
                f"Berkas {file}, {where}baris {header_row}: judul kolom {show(text)} tidak "
                f"dikenal. Judul kolom yang dikenal untuk {_NOUN[kind]}: "
                f"{format_choices(expected)}.",
                file=file, row=header_row, column=text, value=text, allowed=expected,
            )
        canon = found.column
        if canon in mapping:
            raise FileFormatError(
                f"Berkas {file}, {where}baris {header_row}: kolom {show(text)} dan "
                f"{show(mapping[canon][1])} sama-sama berarti '{canon}'. Hapus salah satunya.",
                file=file, row=header_row, column=text, value=text, allowed=expected,
            )
        mapping[canon] = (index, text)
    missing = [c for c in _REQUIRED[kind] if c not in mapping]
    if missing:
        found_text = format_choices(t for t in texts if t)
        raise FileFormatError(
            f"Berkas {file}, {where}baris {header_row}: kolom wajib "
            f"{format_choices(missing)} tidak ditemukan. Judul kolom yang ada: "
            f"{found_text or '(kosong)'}. Judul kolom yang dikenal untuk {_NOUN[kind]}: "
            f"{format_choices(expected)}.",
            file=file, row=header_row, column=missing[0], value=found_text, allowed=expected,
        )
    return mapping, unnamed


def _check_unnamed(table: _Table, row_no: int, cells: list) -> None:
    """Refuse a value in a column that has no header."""
    for index in table.unnamed:
        if index < len(cells) and not _is_blank(cells[index]):
            raise FileFormatError(
                f"Berkas {table.file}, {table.where}baris {row_no}: ada isian "
                f"{show(cells[index])} di kolom ke-{index + 1} yang tidak punya "
                f"judul kolom. Beri judul kolom (pilihan: {format_choices(_COLUMNS[table.kind])})"
                " atau hapus isian itu.",
                file=table.file, row=row_no, column=f"kolom ke-{index + 1}",
                value=cells[index],
            )


def _fail(table: _Table, row_no: int, canon: str | None, err: KemitraanError) -> FileFormatError:
    column = table.headers[canon][1] if canon in table.headers else canon
    place = table.label(row_no) if table.label else f"{table.where}baris {row_no}"
    col_text = f", kolom '{column}'" if column else ""
    source = f"Berkas {table.file}" if table.file != _DATA else _DATA
    return FileFormatError(
        f"{source}, {place}{col_text}: {err.message}",
        file=table.file, row=row_no, column=column, field=err.field, value=err.value,
        allowed=err.allowed,
    )


# column -> (attribute, required, keep the raw value: a number column)
_PLANS = {kind: {f.column: (f.attr, f.required, f.attr in _INTEGER_ATTRS) for f in fs}
          for kind, fs in _KINDS.items()}


def _row_preparer(table: _Table):
    """A function: one row (a list of cells or a ready dict) -> keyword arguments, or None.

    The column plan is worked out once per table; a blank row gives None.
    """
    if table.ready:
        return lambda cells, _row_no: cells
    plan = _PLANS[table.kind]
    columns = [(i, plan[canon]) for canon, (i, _text) in table.headers.items()]
    unnamed, unescape = table.unnamed, table.unescape

    def prepare(cells: list, row_no: int):
        if all(c is None or (type(c) is str and (c == "" or c.isspace())) for c in cells):
            return None
        if unnamed:
            _check_unnamed(table, row_no, cells)
        out = {}
        width = len(cells)
        for index, (attr, required, keep) in columns:
            raw = cells[index] if index < width else None
            if type(raw) is str:
                if unescape:
                    raw = _unescape_formula(raw)
                if not required and (raw == "" or raw.isspace()):
                    continue
                out[attr] = raw
            elif raw is None:
                if required:
                    out[attr] = None
            else:
                out[attr] = raw if keep else _cell_text(raw)
        return out

    return prepare


def _fields_of(table: _Table):
    """(row number, keyword arguments) of every non-empty row of ``table``."""
    if table.ready:
        yield from table.rows
        return
    prepare = _row_preparer(table)
    for row_no, cells in table.rows:
        fields = _checked(table, row_no, prepare, cells, row_no)
        if fields is not None:
            yield row_no, fields


def _checked(table: _Table, row_no: int, make, *args, **kwargs):
    """``make(*args, **kwargs)``; a model error becomes a FileFormatError naming the row."""
    try:
        return make(*args, **kwargs)
    except FileFormatError:
        raise
    except KemitraanError as err:
        raise _fail(table, row_no, _COLUMN_OF_NAME[table.kind].get(err.field), err) from None


def _build(title: str, partner_table: _Table, link_table: _Table | None) -> PartnerNetwork:
    """Build a network from tables; every problem becomes a FileFormatError."""
    net = PartnerNetwork(title=title)
    seen: dict[str, int] = {}
    for row_no, fields in _fields_of(partner_table):
        try:
            partner = Partner(**fields)
        except KemitraanError as err:
            raise _fail(partner_table, row_no, _COLUMN_OF_NAME["mitra"].get(err.field),
                        err) from None
        if partner.key in seen:
            raise _duplicate(partner_table, row_no, partner, seen[partner.key])
        seen[partner.key] = row_no
        net.add_partner(partner)
    if link_table is not None:
        for row_no, fields in _fields_of(link_table):
            _checked(link_table, row_no, net._add_link, fields.get("source"),
                     fields.get("target"), fields.get("type"),
                     fields.get("direction", "dua-arah"), fields.get("strength", 1))
    return net


def _duplicate(table: _Table, row_no: int, partner: Partner, first: int) -> FileFormatError:
    first_where = table.label(first) if table.label else f"baris {first}"
    err = KemitraanError(
        f"nama {show(partner.name)} sudah dipakai di {first_where} (nama dianggap sama "
        "tanpa memperhatikan huruf besar/kecil, spasi dan karakter yang tidak terlihat)."
        " Setiap mitra harus punya nama yang berbeda.",
        field="nama", value=partner.name, allowed=("nama yang belum dipakai",),
    )
    return _fail(table, row_no, "nama", err)


@contextlib.contextmanager
def _bulk():
    """Reading a map builds many small objects and no reference cycles: the cycle
    collector waits until the end (about a fifth faster on 10,000 partners)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# =========================================================================== reading files
def _read_bytes(path: Path) -> bytes:
    """The bytes of a map file (a regular file of at most :data:`MAX_FILE_BYTES`)."""
    return read_bytes(path, MAX_FILE_BYTES, "Berkas peta")


def _check_size(size: int, file: str) -> None:
    if size > MAX_FILE_BYTES:
        raise FileFormatError(
            f"Berkas {file} terlalu besar ({size / 2**20:.0f} MB); paling besar "
            f"{MAX_FILE_BYTES // 2**20} MB. Peta mitra sebesar 10.000 mitra pun jauh lebih "
            "kecil; periksa apakah ini berkas yang benar.",
            file=file, value=size, allowed=(f"<= {MAX_FILE_BYTES} byte",),
        )


def _decode_text(data: bytes, file: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileFormatError(
            f"Berkas {file} tersimpan sebagai UTF-16 ('Unicode Text'), bukan UTF-8. Di Excel "
            "pilih Simpan Sebagai -> 'CSV UTF-8 (dipisahkan koma)' lalu muat lagi.",
            file=file, value="UTF-16", allowed=("UTF-8",),
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start: exc.start + 1].hex().upper()
        raise FileFormatError(
            f"Berkas {file} bukan teks UTF-8 (baris {line}: byte 0x{bad} tidak bisa dibaca). "
            "Di Excel pilih Simpan Sebagai -> 'CSV UTF-8 (dipisahkan koma)', atau di "
            "LibreOffice pilih set karakter 'Unicode (UTF-8)', lalu muat lagi.",
            file=file, row=line, value=f"0x{bad}", allowed=("UTF-8",),
        ) from None


def _too_many_rows(file: str, where: str, kind: str) -> FileFormatError:
    return FileFormatError(
        f"Berkas {file}, {where}terlalu banyak baris untuk {_NOUN[kind]}: paling banyak "
        f"{MAX_ROWS:,} baris.".replace(",", "."),
        file=file, value=MAX_ROWS, allowed=(f"<= {MAX_ROWS} baris",),
    )


def _too_many_columns(file: str, where: str, row: int | None, count: int) -> FileFormatError:
    return FileFormatError(
        f"Berkas {file}, {where}baris {row}: {count} kolom, terlalu banyak; paling banyak "
        f"{MAX_COLUMNS} kolom." if row else
        f"Berkas {file}, {where}terlalu banyak kolom ({count}); paling banyak {MAX_COLUMNS}.",
        file=file, row=row, value=count, allowed=(f"<= {MAX_COLUMNS} kolom",),
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _pick_delimiter(first_line: str, kind: str) -> str:
    lookup = _LOOKUP[kind]
    best, best_score = ",", (-1, -1)
    for delim in (";", ",", "\t"):
        try:
            cells = next(csv.reader([first_line], delimiter=delim), [])
        except csv.Error:
            cells = []
        known = sum(1 for c in cells if _fields.header_key(c) in lookup)
        score = (known, len(cells))
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv_table(data: bytes, file: str, kind: str) -> _Table:
    text = _decode_text(data, file)
    expected = _COLUMNS[kind]
    if not text.strip():
        raise FileFormatError(
            f"Berkas {file} kosong. Baris pertama harus berisi judul kolom: "
            f"{format_choices(expected)}.", file=file, row=1, value="", allowed=expected,
        )
    first_line = _LINE_BREAK.split(text.lstrip("\r\n"), maxsplit=1)[0]
    delim = _pick_delimiter(first_line, kind)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    header_row = 0
    try:
        for cells in reader:
            number = reader.line_num
            if header is None:
                if all(_is_blank(c) for c in cells):
                    continue  # leading blank lines come before the header
                if len(cells) > MAX_COLUMNS:
                    raise _too_many_columns(file, "", number, len(cells))
                header, header_row = cells, number
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(file, "", kind)
            rows.append((number, cells))
    except csv.Error as exc:
        raise FileFormatError(
            f"Berkas {file} tidak bisa dibaca sebagai CSV (baris {reader.line_num}: {exc}). "
            "Periksa tanda kutip (\") yang tidak ditutup.", file=file, row=reader.line_num,
            value=str(exc), allowed=("CSV",),
        ) from None
    if header is None:
        raise FileFormatError(
            f"Berkas {file} kosong. Baris pertama harus berisi judul kolom: "
            f"{format_choices(expected)}.", file=file, row=1, value="", allowed=expected,
        )
    headers, unnamed = _map_headers(file, "", header, kind, header_row=header_row)
    width = len(header)
    for number, cells in rows:
        if len(cells) > width and any(not _is_blank(c) for c in cells[width:]):
            raise FileFormatError(
                f"Berkas {file}, baris {number}: baris ini punya {len(cells)} isian, padahal "
                f"judul kolomnya hanya {width}. Mungkin ada tanda '{delim}' di dalam sebuah "
                "isian tanpa tanda kutip; beri tanda kutip (\"...\") pada isian itu.",
                file=file, row=number, value=len(cells), allowed=(f"{width} kolom",),
            )
    return _Table(file, "", headers, rows, kind, unnamed, unescape=True)


def _load_csv(path: Path) -> PartnerNetwork:
    recover(path)  # finish a save of this pair that a crash cut short
    partners = _csv_table(_read_bytes(path), path.name, "mitra")
    lpath = links_path(path)
    links = None
    if lpath.exists():
        data = _read_bytes(lpath)
        if data.strip(b"\xef\xbb\xbf \t\r\n"):  # an empty links file means: no links
            links = _csv_table(data, lpath.name, "hubungan")
    return _build("", partners, links)


# =========================================================================== the JSON document
def document(network: PartnerNetwork | Snapshot) -> dict:
    """The map as its JSON document (Indonesian keys); see the module docs.

    Accepts a network or a :class:`~kemitraan_lib.network.Snapshot` (the
    autosave thread hands over a snapshot).
    """
    net = _check_network(network)
    return {
        "format": FORMAT_NAME,
        "versi": FORMAT_VERSION,
        "judul": net.title,
        "mitra": [dict(zip(PARTNER_COLUMNS, _partner_row(p), strict=True)) | {
            "sumber_daya": list(p.resources)} for p in net.partners],
        "hubungan": [dict(zip(LINK_COLUMNS, _link_row(lk), strict=True)) for lk in net.links],
    }


_TOP_KEYS = ("format", "versi", "judul", "mitra", "hubungan")
_DATA = "Data peta"  # how messages name a map document that did not come from a file
_LEGACY_KEYS = {"title": "judul", "partners": "mitra", "links": "hubungan"}


def from_document(doc, file: str | None = None) -> PartnerNetwork:
    """Build the network of a map document; every value is checked.

    ``file`` names the source in messages (a file name, or None for "Data
    peta"). The older English form ``{"title", "partners", "links"}`` (records
    with English keys, saved by earlier versions) is accepted too. Raises
    :class:`FileFormatError` naming the partner/link (``mitra ke-2``) and column.
    """
    name = file or _DATA
    prefix = f"Berkas {file}" if file else _DATA
    if not isinstance(doc, Mapping):
        raise FileFormatError(
            f"{prefix} harus berupa kamus (dict / objek JSON {{...}}) dengan isian "
            f"{format_choices(_TOP_KEYS)}; nilai {show(doc)} tidak diterima.",
            file=file, value=doc, allowed=_TOP_KEYS,
        )
    if "format" not in doc and set(doc) <= set(_LEGACY_KEYS):
        doc = {"format": FORMAT_NAME, "versi": FORMAT_VERSION} | {
            _LEGACY_KEYS[k]: v for k, v in doc.items()}
    if doc.get("format") != FORMAT_NAME:
        found = doc.get("format")
        raise FileFormatError(
            f"{prefix} bukan peta mitra: isian 'format' bernilai {show(found)}, seharusnya "
            f"'{FORMAT_NAME}'.", file=file, column="format", value=found,
            allowed=(FORMAT_NAME,),
        )
    version = doc.get("versi")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileFormatError(
            f"{prefix}: isian 'versi' bernilai {show(version)}; yang didukung: "
            f"{FORMAT_VERSION}.", file=file, column="versi", value=version,
            allowed=(FORMAT_VERSION,),
        )
    if version > FORMAT_VERSION:
        raise FileFormatError(
            f"{prefix} dibuat oleh versi program yang lebih baru (versi {show(version)}); "
            f"versi ini hanya membaca versi {FORMAT_VERSION}. Perbarui materi kursus.",
            file=file, column="versi", value=version, allowed=(FORMAT_VERSION,),
        )
    unknown = [k for k in doc if k not in _TOP_KEYS]
    if unknown:
        raise FileFormatError(
            f"{prefix}: isian {show(unknown[0])} tidak dikenal. Isian yang dikenal: "
            f"{format_choices(_TOP_KEYS)}.", file=file,
            column=unknown[0] if isinstance(unknown[0], str) else show(unknown[0]),
            value=unknown[0], allowed=_TOP_KEYS,
        )
    title = doc.get("judul")
    try:
        PartnerNetwork(title="" if title is None else title)
    except KemitraanError as err:
        raise FileFormatError(f"{prefix}, isian 'judul': {err.message}", file=file,
                              column="judul", value=err.value, allowed=err.allowed) from None
    partners = _document_table(doc, "mitra", name, prefix)
    links = _document_table(doc, "hubungan", name, prefix)
    return _build("" if title is None else title, partners, links)


def _document_table(doc: Mapping, kind: str, file: str, prefix: str) -> _Table:
    items = doc.get(kind)
    if items is None:
        items = []
    if not isinstance(items, list):
        raise FileFormatError(
            f"{prefix}: isian '{kind}' harus berupa daftar [...]; nilai bertipe "
            f"{type(items).__name__} tidak diterima.", file=file, column=kind,
            value=type(items).__name__, allowed=("daftar",),
        )
    if len(items) > MAX_ROWS:
        raise _too_many_rows(file, "", kind)
    expected = _COLUMNS[kind]
    noun = "mitra" if kind == "mitra" else "hubungan"
    plans: dict[tuple, tuple] = {}  # the keys of a record -> their columns (records repeat)
    rows = []
    for number, item in enumerate(items, start=1):
        if type(item) is not dict and not isinstance(item, Mapping):
            raise FileFormatError(
                f"{prefix}, {noun} ke-{number}: harus berupa objek {{...}} dengan isian "
                f"{format_choices(expected)}; nilai {show(item)} tidak diterima.",
                file=file, row=number, value=item, allowed=expected,
            )
        keys = tuple(item)
        plan = plans.get(keys)
        if plan is None:
            plan = plans[keys] = _record_plan(keys, kind, prefix, noun, number, file)
        fields = {}  # keyword arguments for Partner/Link, ready for _build
        for key, field in zip(keys, plan, strict=True):
            value = item[key]
            if type(value) is str:
                if not field.required and (value == "" or value.isspace()):
                    continue
            elif value is None:
                if not field.required:
                    continue
            elif field.attr in _INTEGER_ATTRS or (field.attr == "resources"
                                                  and isinstance(value, (list, tuple))):
                pass
            elif isinstance(value, (Mapping, list, tuple)):
                raise FileFormatError(
                    f"{prefix}, {noun} ke-{number}, kolom '{field.column}': nilai {show(value)}"
                    " harus berupa teks atau angka, bukan daftar/objek.",
                    file=file, row=number, column=field.column, value=value,
                )
            else:
                try:
                    value = _cell_text(value)
                except InvalidValueError as err:
                    raise FileFormatError(
                        f"{prefix}, {noun} ke-{number}, kolom '{field.column}': {err.message}",
                        file=file, row=number, column=field.column, field=field.name,
                        value=value) from None
            fields[field.attr] = value
        for required in _REQUIRED_ATTRS[kind]:
            fields.setdefault(required, None)
        rows.append((number, fields))
    headers = {c: (i, c) for i, c in enumerate(expected)}
    return _Table(file, "", headers, rows, kind, label=lambda n, noun=noun: f"{noun} ke-{n}",
                  ready=True)


def _record_plan(keys: tuple, kind: str, prefix: str, noun: str, number: int,
                 file: str) -> tuple:
    """The field of every key of one record; unknown or doubled keys are refused."""
    lookup = _LOOKUP[kind]
    expected = _COLUMNS[kind]
    plan = []
    seen: set[str] = set()
    for key in keys:
        found = lookup.get(_fields.header_key(key)) if isinstance(key, str) else None
        if found is None:
            raise FileFormatError(
                f"{prefix}, {noun} ke-{number}: isian {show(key)} tidak dikenal. "
                f"Isian yang dikenal: {format_choices(expected)}.",
                file=file, row=number, column=key if isinstance(key, str) else show(key),
                value=key, allowed=expected,
            )
        if found.column in seen:
            raise FileFormatError(
                f"{prefix}, {noun} ke-{number}: isian {show(key)} berarti "
                f"'{found.column}', yang sudah diisi. Hapus salah satunya.",
                file=file, row=number, column=found.column, value=key, allowed=expected,
            )
        seen.add(found.column)
        plan.append(found)
    return tuple(plan)


def _load_json_bytes(data: bytes, file: str) -> PartnerNetwork:
    text = _decode_text(data, file)
    if not text.strip():
        raise FileFormatError(f"Berkas {file} kosong; isinya harus peta mitra dalam JSON "
                              f"(format '{FORMAT_NAME}').", file=file, value="",
                              allowed=(FORMAT_NAME,))
    try:
        doc = _json_loads(text, max_depth=None)  # from_document checks the shape
    except JSONProblem as problem:
        where = f": baris {problem.line}, kolom {problem.column}" if problem.line else ""
        raise FileFormatError(
            f"Berkas {file} bukan JSON yang sah{where}: {problem.reason}. Periksa tanda koma, "
            "tanda kutip dan kurung di sekitar tempat itu.",
            file=file, row=problem.line, column=None, value=problem.reason, allowed=("JSON",),
        ) from None
    return from_document(doc, file)


# =========================================================================== Excel
# Reading uses python-calamine (fast, Rust); writing uses openpyxl. Before calamine
# reads a sheet, the sheet's XML is scanned here: calamine keeps a sheet as one dense
# block, so rows, columns and the stored dimension are checked first.
_XML_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])")
_REF_LETTERS = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\br=["']([A-Z]{2,})\d""")
_ROOT = re.compile(rb"<([\w.-]+:)?worksheet[\s>]")
_FAR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\br=["'][A-Z]{1,3}\d{6,}""")
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s[^>]*?\bref=["']([^"']*)""")
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s/>]")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?=[\s>])([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.S)
_CELL_REF = re.compile(rb"""\br=["']([A-Z]+)(\d+)""")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>[^<]")
_RANGE_END = re.compile(r"([A-Z]+)(\d+)$")
_MAX_XLSX_INDEX_PART = 4 * 2**20  # workbook.xml and the relationship parts


def _column_number(letters) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ((ch if isinstance(ch, int) else ord(ch)) - 64)
    return number


def _open_xlsx(data: bytes, file: str):
    """Open the zip and check its parts' sizes before anything is unpacked."""
    import zipfile

    if not data:
        raise FileFormatError(f"Berkas {file} kosong (0 byte); bukan buku kerja Excel.",
                              file=file, value="", allowed=(".xlsx",))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError):
        raise _not_excel(file, "bukan arsip zip") from None
    total = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    if len(infos) > _MAX_XLSX_PARTS or total > MAX_XLSX_UNPACKED or biggest > MAX_XLSX_PART:
        raise FileFormatError(
            f"Berkas {file} terlalu besar setelah dibuka ({total / 2**20:.0f} MB dalam "
            f"{len(infos)} bagian; paling besar {MAX_XLSX_UNPACKED // 2**20} MB, satu bagian "
            f"paling besar {MAX_XLSX_PART // 2**20} MB). Berkas ini tidak dibaca; simpan ulang "
            "peta mitra saja dari Excel.",
            file=file, value=total, allowed=(f"<= {MAX_XLSX_UNPACKED} byte",),
        )
    return archive


def _not_excel(file: str, why: str) -> FileFormatError:
    return FileFormatError(
        f"Berkas {file} bukan buku kerja Excel (.xlsx) yang sah ({why}). "
        "Simpan ulang dari Excel/LibreOffice sebagai 'Excel Workbook (.xlsx)'.",
        file=file, value=file, allowed=(".xlsx",),
    )


def _xml_part(archive, name: str, file: str):
    """Parse a small XML part (workbook.xml, relationships) with ElementTree."""
    import xml.etree.ElementTree as ET

    try:
        info = archive.getinfo(name)
        if info.file_size > _MAX_XLSX_INDEX_PART:
            raise _not_excel(file, f"bagian {name} terlalu besar")
        return ET.fromstring(archive.read(info))
    except KemitraanError:
        raise
    except Exception as exc:  # noqa: BLE001 - missing or broken part: not a workbook
        raise _not_excel(file, f"bagian {name} tidak terbaca ({type(exc).__name__})") from None


def _sheet_parts(archive, file: str) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the zip."""
    import posixpath

    rel_ns = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    doc_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

    def targets(rels_name: str, base: str) -> dict[str, str]:
        out = {}
        for rel in _xml_part(archive, rels_name, file).iter(f"{rel_ns}Relationship"):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            out[rel.get("Id") or ""] = (rel.get("Type") or "", path)
        return out

    office = [path for kind, path in targets("_rels/.rels", "").values()
              if kind.endswith("/officeDocument")]
    if not office:
        raise _not_excel(file, "tidak ada bagian buku kerja")
    book = office[0]
    folder = posixpath.dirname(book)
    rels = targets(posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels"), folder)
    parts = {}
    for sheet in _xml_part(archive, book, file).iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name") is not None:
            rel = rels.get(sheet.get(f"{doc_ns}id") or "")
            if rel is not None:
                parts[sheet.get("name")] = rel[1]
    return parts


def _scan_sheet(xml: bytes, file: str, where: str, kind: str) -> None:
    """Check a sheet's XML before it is read: rows, columns, stored size, formulas.

    Counting is done on the raw bytes with ``bytes.count`` and literal-led
    patterns (fast); a sheet whose cells do not start with their position
    (``<c r="B7"``, how Excel, LibreOffice and openpyxl write them) is checked the
    slow, general way. Also refuses a formula whose result was never calculated
    (no cached value): read as empty it would silently become 0 or "".
    """
    head = _ROOT.search(xml[:4096])
    prefix = (head.group(1) or b"") if head else b""
    dimension = _DIMENSION.search(xml, 0, 65536)
    if dimension:
        end = _RANGE_END.search(dimension.group(1).decode("latin-1"))
        if end and int(end.group(2)) > MAX_ROWS + 1:
            raise _too_many_rows(file, where, kind)
        if end and _column_number(end.group(1)) > MAX_COLUMNS:
            raise _too_many_columns(file, where, None, _column_number(end.group(1)))
    row, cell = b"<" + prefix + b"row", b"<" + prefix + b"c"
    rows = xml.count(row + b" ") + xml.count(row + b">")
    numbers = re.findall(re.escape(row) + rb"""\s[^>]*?\br=["'](\d{1,9})""", xml)
    if rows > MAX_ROWS + 1 or (numbers and max(map(int, numbers)) > MAX_ROWS + 1):
        raise _too_many_rows(file, where, kind)
    cells = xml.count(cell + b" ") + xml.count(cell + b">") + xml.count(cell + b"/>")
    if cells > (MAX_ROWS + 1) * MAX_COLUMNS:
        raise _too_many_rows(file, where, kind)
    placed = xml.count(cell + b' r="') + xml.count(cell + b" r='")
    if placed == cells:  # every cell starts with its position: check those positions
        for letters in re.findall(re.escape(cell) + rb""" r=["']([A-Z]{2,})""", xml):
            if _column_number(letters) > MAX_COLUMNS:
                raise _too_many_columns(file, where, None, _column_number(letters))
        if re.search(re.escape(cell) + rb""" r=["'][A-Z]{1,3}\d{6,}""", xml):
            raise _too_many_rows(file, where, kind)
    else:
        _count_cells_per_row(xml, file, where, kind)
    if xml.count(b"<" + prefix + b"f") or _FORMULA.search(xml):
        _check_formulas(xml, file, where)


def _count_cells_per_row(xml: bytes, file: str, where: str, kind: str) -> None:
    """The general check: cells per row, positions far away (slow; rarely needed)."""
    if _FAR_CELL.search(xml) is not None:
        raise _too_many_rows(file, where, kind)
    for match in _REF_LETTERS.finditer(xml):
        if _column_number(match.group(1)) > MAX_COLUMNS:
            raise _too_many_columns(file, where, None, _column_number(match.group(1)))
    rows = cells = 0
    for match in _XML_TAG.finditer(xml):
        if match.group(1) == b"row":
            rows += 1
            cells = 0
            if rows > MAX_ROWS + 1:
                raise _too_many_rows(file, where, kind)
        else:
            cells += 1
            if cells > MAX_COLUMNS:
                raise _too_many_columns(file, where, rows or None, cells)


def _check_formulas(xml: bytes, file: str, where: str) -> None:
    for match in _CELL.finditer(xml):
        body = match.group(2) or b""
        if _FORMULA.search(body) and not _VALUE.search(body):
            ref = _CELL_REF.search(match.group(1))
            place = f"sel {ref.group(1).decode()}{ref.group(2).decode()}" if ref else "sebuah sel"
            raise FileFormatError(
                f"Berkas {file}, {where}{place} berisi rumus yang hasilnya belum dihitung "
                "(tidak ada nilai tersimpan). Buka berkas di Excel atau LibreOffice, simpan "
                "lagi agar hasil rumus ikut tersimpan, atau ganti rumus dengan isinya.",
                file=file, row=int(ref.group(2)) if ref else None, value=place,
                allowed=("nilai", "rumus yang sudah dihitung"),
            )


def _excel_tables(data: bytes, file: str) -> tuple[str, _Table, _Table | None]:
    archive = _open_xlsx(data, file)
    parts = _sheet_parts(archive, file)
    sheets: dict[str, str] = {}
    for name in parts:
        sheets.setdefault(_fields.header_key(name), name)
    if "mitra" not in sheets:
        raise FileFormatError(
            f"Berkas {file} tidak punya lembar (sheet) 'mitra'. Lembar yang ada: "
            f"{format_choices(parts)}. Lembar yang dikenal: mitra (wajib), "
            "hubungan, keterangan.",
            file=file, column=None, value=tuple(parts), allowed=("mitra", "hubungan"),
        )
    used = [key for key in ("mitra", "hubungan", "keterangan") if key in sheets]
    for key in used:
        try:
            xml = archive.read(parts[sheets[key]])
        except Exception as exc:  # noqa: BLE001 - a damaged or missing part
            raise _not_excel(file, f"lembar {sheets[key]} tidak terbaca "
                                   f"({type(exc).__name__})") from None
        _scan_sheet(xml, file, f"lembar {show(sheets[key])}, ", key if key != "keterangan"
                    else "mitra")
    try:
        rows = _calamine_rows(data, {key: sheets[key] for key in used})
    except KemitraanError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - also calamine's PanicException
        raise _not_excel(file, type(exc).__name__) from None
    title = ""
    for row in rows.get("keterangan", ()):
        if len(row) > 1 and _fields.header_key(_cell_text(row[0])) == "judul":
            title = _cell_text(row[1]).strip()
            break
    partners = _sheet_table(rows["mitra"], file, sheets["mitra"], "mitra")
    links = _sheet_table(rows["hubungan"], file, sheets["hubungan"], "hubungan") \
        if "hubungan" in rows else None
    return title, partners, links


def _calamine_rows(data: bytes, sheets: dict[str, str]) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        return {key: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for key, name in sheets.items()}
    finally:
        book.close()


def _sheet_table(rows: list[list], file: str, sheet: str, kind: str) -> _Table | None:
    where = f"lembar {show(sheet)}, "
    expected = _COLUMNS[kind]
    header = None
    body = []
    for number, cells in enumerate(rows, start=1):
        if header is None:
            if not all(_is_blank(c) for c in cells):
                header = (number, cells)
            continue
        body.append((number, cells))
    if header is None and kind == "hubungan":
        return None  # an empty links sheet: no links
    if header is None:
        raise FileFormatError(
            f"Berkas {file}, lembar {show(sheet)} kosong. Baris pertama harus berisi judul "
            f"kolom: {format_choices(expected)}.", file=file, row=1, value="", allowed=expected,
        )
    headers, unnamed = _map_headers(file, where, header[1], kind, header_row=header[0])
    return _Table(file, where, headers, body, kind, unnamed)


# =========================================================================== public reading
def read_network_bytes(data: bytes, filename: str,
                       links_data: bytes | None = None) -> PartnerNetwork:
    """Read a map from bytes (e.g. an upload widget); the format follows ``filename``.

    For CSV, ``links_data`` is the content of the links file (``None``: no links).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)) or not (
            links_data is None or isinstance(links_data, (bytes, bytearray, memoryview))):
        raise InvalidValueError(
            "Isi berkas harus berupa bytes (seperti dari tombol unggah); nilai bertipe "
            f"{type(data).__name__} tidak diterima.", field="berkas", value=type(data).__name__,
            allowed=("bytes",),
        )
    path = check_path(filename)
    suffix = _suffix(path)
    _check_size(len(data), path.name)
    with _bulk():
        return _read_bytes_as(bytes(data), path.name, suffix, links_data)


def _read_bytes_as(data: bytes, file: str, suffix: str, links_data) -> PartnerNetwork:
    if suffix == ".json":
        return _load_json_bytes(data, file)
    if suffix == ".xlsx":
        title, partners, links = _excel_tables(data, file)
        return _build(title, partners, links)
    partners = _csv_table(data, file, "mitra")
    links = None
    if links_data is not None:
        links_data = bytes(links_data)
        _check_size(len(links_data), links_path(file).name)
        if links_data.strip(b"\xef\xbb\xbf \t\r\n"):
            links = _csv_table(links_data, links_path(file).name, "hubungan")
    return _build("", partners, links)


def load_network(path) -> PartnerNetwork:
    """Load a partner map from ``.xlsx``, ``.json`` or ``.csv`` (by suffix).

    Raises :class:`FileFormatError` for a bad file (naming row and column),
    :class:`FileAccessError` when the file cannot be opened, and
    :class:`InvalidValueError` for an unsupported suffix or a value that is no path.
    """
    path = check_path(path)
    suffix = _suffix(path)
    if suffix == ".csv":
        with _bulk():
            return _load_csv(path)
    return read_network_bytes(_read_bytes(path), path.name)


# =========================================================================== uploads
@dataclass(frozen=True)
class Opened:
    """A map opened from uploaded files: the network, the main file's name, a note."""

    network: PartnerNetwork
    name: str
    note: str = ""


def read_upload(uploaded: Sequence[Mapping]) -> Opened:
    """Open a map from upload-widget items (``{"name", "content"}`` each).

    The rules: exactly one map file (``.xlsx``, ``.csv`` or ``.json``); for CSV
    the links file ``<nama>-hubungan.csv`` may come with it; nothing else. The
    note says when a CSV came without its links file.
    """
    if isinstance(uploaded, Mapping) or not isinstance(uploaded, (list, tuple)):
        raise InvalidValueError("Unggahan harus berupa daftar berkas.", field="berkas",
                                value=uploaded, allowed=SUFFIXES)
    by_name: dict[str, bytes] = {}
    for item in uploaded:
        name = item.get("name") if isinstance(item, Mapping) else None
        content = item.get("content") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not isinstance(content, (bytes, bytearray, memoryview)):
            raise InvalidValueError(
                f"Unggahan {show(item)} tidak dikenali (perlu nama dan isi berkas).",
                field="berkas", value=item, allowed=SUFFIXES)
        by_name[check_path(name, "Nama berkas unggahan").name] = bytes(content)
    names = list(by_name)
    if not names:
        raise InvalidValueError("Belum ada berkas yang dipilih.", field="berkas", value=(),
                                allowed=SUFFIXES)
    for name in names:
        if Path(name).suffix.lower() not in SUFFIXES:
            raise InvalidValueError(
                f"Berkas {show(name)} tidak dapat dibuka: jenis berkas "
                f"'{Path(name).suffix or '(tanpa akhiran)'}' tidak dikenal. "
                f"Pilihan: {format_choices(SUFFIXES)}.", field="berkas", value=name,
                allowed=SUFFIXES)
    main = [n for n in names if not n.lower().endswith(LINKS_SUFFIX + ".csv")]
    if len(main) != 1:
        raise InvalidValueError(
            "Pilih satu berkas peta (.xlsx, .csv atau .json); untuk CSV boleh ditambah "
            f"berkas '<nama>{LINKS_SUFFIX}.csv'. Dipilih: {format_choices(names)}.",
            field="berkas", value=tuple(names), allowed=SUFFIXES)
    main_name = main[0]
    stem = Path(main_name).stem
    links_name = next((n for n in names if n != main_name
                       and n.lower() == (stem + LINKS_SUFFIX + ".csv").lower()), None)
    extra = [n for n in names if n not in (main_name, links_name)]
    if extra:
        raise InvalidValueError(
            f"Berkas {format_choices(extra)} tidak cocok dengan {show(main_name)}. Untuk CSV, "
            f"berkas hubungannya harus bernama '{stem}{LINKS_SUFFIX}.csv'.",
            field="berkas", value=tuple(extra), allowed=(f"{stem}{LINKS_SUFFIX}.csv",))
    network = read_network_bytes(by_name[main_name], main_name,
                                 by_name[links_name] if links_name else None)
    note = ""
    if Path(main_name).suffix.lower() == ".csv" and links_name is None:
        note = (f"Berkas '{stem}{LINKS_SUFFIX}.csv' tidak ikut dipilih, jadi hanya daftar "
                "mitra yang dibuka.")
    return Opened(network, main_name, note)


# =========================================================================== writing
def _partner_row(p: Partner) -> list:
    return [p.name, p.category, p.influence, p.interest, p.support, "; ".join(p.resources),
            p.approach, p.contact, p.notes]


def _link_row(lk: Link) -> list:
    return [lk.source, lk.target, lk.type, lk.direction, lk.strength]


def json_text(network: PartnerNetwork) -> str:
    """The JSON document for a map (UTF-8 text, Indonesian keys)."""
    return json.dumps(document(network), ensure_ascii=False, indent=2) + "\n"


def csv_texts(network: PartnerNetwork) -> tuple[str, str]:
    """(partners CSV, links CSV) as text, ';'-separated, starting with a UTF-8 BOM.

    Texts Excel would take for a formula start with an apostrophe (see the module docs).
    """
    net = _check_network(network)

    def render(header, rows) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([_escape_formula(v) if isinstance(v, str) else v for v in row]
                         for row in rows)
        return "\ufeff" + buf.getvalue()

    return (render(PARTNER_COLUMNS, (_partner_row(p) for p in net.partners)),
            render(LINK_COLUMNS, (_link_row(lk) for lk in net.links)))


def _help_rows() -> list[tuple[str, str]]:
    rows = [("mitra", "Satu baris untuk setiap mitra.")]
    rows += [(f.column, f.help) for f in _fields.PARTNER_FIELDS]
    rows.append(("hubungan", "Satu baris untuk setiap hubungan antara dua mitra."))
    rows += [(f.column, f.help) for f in _fields.LINK_FIELDS]
    return rows


def excel_bytes(network: PartnerNetwork) -> bytes:
    """The ``.xlsx`` workbook for a map, as bytes.

    Every text is a text cell (never a formula); a text that looks like a
    formula also carries Excel's "quote prefix", so editing it keeps it text.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    net = _check_network(network)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    def header(ws, names):
        cells = []
        for name in names:
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            cell.fill = fill
            cells.append(cell)
        ws.append(cells)

    def text_safe(ws, row):
        out = []
        for value in row:
            if isinstance(value, str) and value[:1] in _DANGEROUS_START:
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, never a formula
                cell.quotePrefix = True
                out.append(cell)
            else:
                out.append(value)
        return out

    def sheet(name, columns, widths, rows):
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        for letter, width in zip("ABCDEFGHI", widths, strict=False):
            ws.column_dimensions[letter].width = width
        header(ws, columns)
        for row in rows:
            ws.append(text_safe(ws, row))

    sheet("mitra", PARTNER_COLUMNS, (32, 12, 10, 12, 10, 36, 12, 20, 50),
          (_partner_row(p) for p in net.partners))
    sheet("hubungan", LINK_COLUMNS, (32, 32, 12, 12, 10), (_link_row(lk) for lk in net.links))
    sheet("keterangan", ("kunci", "nilai"), (14, 60),
          [("judul", net.title), ("format", FORMAT_NAME), ("versi", FORMAT_VERSION)])
    sheet("petunjuk", ("Lembar / kolom", "Arti dan isian yang boleh"), (18, 80), _help_rows())
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def save_network(network: PartnerNetwork, path) -> None:
    """Save a map as ``.xlsx``, ``.json`` or ``.csv`` (by suffix), atomically.

    For CSV, ``X.csv`` (partners) and ``X-hubungan.csv`` (links) are replaced as
    one group (:func:`kemitraan_lib.atomic.atomic_write_group`).
    """
    net = _check_network(network)
    path = check_path(path)
    suffix = _suffix(path)
    if suffix == ".json":
        atomic_write_bytes(path, json_text(net).encode("utf-8"))
    elif suffix == ".xlsx":
        atomic_write_bytes(path, excel_bytes(net))
    else:
        partners_text, links_text = csv_texts(net)
        atomic_write_group([(path, partners_text.encode("utf-8")),
                            (links_path(path), links_text.encode("utf-8"))])
