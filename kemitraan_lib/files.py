"""Loading and saving a partner map as Excel, JSON or CSV.

The format follows the file name's suffix:

* ``.xlsx`` - an Excel workbook with the sheets ``mitra`` (partners) and
  ``hubungan`` (links), plus ``keterangan`` (title, format, version) and
  ``petunjuk`` (what each column means). Only ``mitra`` is required.
* ``.json`` - ``{"format": "kemitraan-peta", "versi": 1, "judul": ...,
  "mitra": [...], "hubungan": [...]}`` with Indonesian keys.
* ``.csv`` - ``X.csv`` holds the partners and ``X-hubungan.csv`` beside it
  the links (no links file = no links). Reading accepts ``,`` or ``;`` (Excel
  in an Indonesian locale writes ``;``) and UTF-8 with or without BOM.
  Writing uses ``;`` and UTF-8 with BOM, which Excel opens correctly. A CSV
  file has no room for the map's title, so it is not kept.

Column headers: ``nama, jenis, pengaruh, kepentingan, dukungan, sumber_daya,
pendekatan, kontak, catatan`` and ``dari, ke, jenis, arah, kekuatan``; also
accepted in English, in any case, with spaces, and with a few synonyms (e.g.
``Nama Mitra``, ``Kategori``). ``sumber_daya`` items are joined with ``; ``.

A bad file raises :class:`~kemitraan_lib.errors.FileFormatError` naming the
file, the row (the header is row 1) and the column. Saving builds the whole
file in memory first and then replaces the target atomically
(:func:`atomic_write_bytes`), so a failure never leaves a half-written or
emptied file.

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

import csv
import datetime as _dt
import functools
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import (
    FileAccessError,
    FileFormatError,
    InvalidValueError,
    KemitraanError,
    format_choices,
)
from .network import PARTNER_FIELDS, Link, Partner, PartnerNetwork

__all__ = [
    "load_network",
    "save_network",
    "atomic_write_bytes",
    "atomic_write_text",
    "links_path",
    "read_network_bytes",
    "json_text",
    "excel_bytes",
    "csv_texts",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "PARTNER_COLUMNS",
    "LINK_COLUMNS",
    "SUFFIXES",
]

FORMAT_NAME = "kemitraan-peta"
FORMAT_VERSION = 1
SUFFIXES = (".xlsx", ".json", ".csv")
LINKS_SUFFIX = "-hubungan"

PARTNER_COLUMNS = ("nama", "jenis", "pengaruh", "kepentingan", "dukungan", "sumber_daya",
                   "pendekatan", "kontak", "catatan")
LINK_COLUMNS = ("dari", "ke", "jenis", "arah", "kekuatan")

# canonical column -> Partner/Link attribute
_PARTNER_ATTR = {v.replace(" ", "_"): k for k, v in PARTNER_FIELDS.items()}
_LINK_ATTR = {"dari": "source", "ke": "target", "jenis": "type", "arah": "direction",
              "kekuatan": "strength"}
# Indonesian field name in model errors -> canonical column
_FIELD_TO_PARTNER_COL = {v: v.replace(" ", "_") for v in PARTNER_FIELDS.values()}
_FIELD_TO_LINK_COL = {"dari": "dari", "ke": "ke", "jenis hubungan": "jenis", "arah": "arah",
                      "kekuatan": "kekuatan"}

_PARTNER_SYNONYMS = {
    "nama": ("nama", "nama_mitra", "mitra", "name", "partner", "partner_name"),
    "jenis": ("jenis", "jenis_mitra", "kategori", "kategori_mitra", "category", "kind", "type"),
    "pengaruh": ("pengaruh", "influence", "power", "kekuasaan"),
    "kepentingan": ("kepentingan", "minat", "interest"),
    "dukungan": ("dukungan", "sikap", "support"),
    "sumber_daya": ("sumber_daya", "sumberdaya", "sumber_daya_yang_dibawa", "resources",
                    "resource"),
    "pendekatan": ("pendekatan", "approach"),
    "kontak": ("kontak", "contact", "telepon", "no_hp", "hp", "nomor_hp"),
    "catatan": ("catatan", "keterangan", "notes", "note", "catatan_mitra"),
}
_LINK_SYNONYMS = {
    "dari": ("dari", "mitra_1", "asal", "source", "from"),
    "ke": ("ke", "mitra_2", "tujuan", "target", "to"),
    "jenis": ("jenis", "jenis_hubungan", "tipe", "type", "kind"),
    "arah": ("arah", "direction"),
    "kekuatan": ("kekuatan", "bobot", "strength", "weight"),
}
_IGNORED_HEADERS = {"no", "no.", "nomor", "#", "nomor_urut"}


def _lookup(synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out = {}
    for canon, names in synonyms.items():
        for name in names:
            out[name] = canon
    return out


_PARTNER_LOOKUP = _lookup(_PARTNER_SYNONYMS)
_LINK_LOOKUP = _lookup(_LINK_SYNONYMS)


def _header_key(text) -> str:
    return _header_key_str(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=512)
def _header_key_str(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().casefold()).strip("_")


# =========================================================================== atomic writes
_UMASK: int | None = None


def _default_mode() -> int:
    global _UMASK
    if _UMASK is None:
        current = os.umask(0)
        os.umask(current)
        _UMASK = current
    return 0o666 & ~_UMASK


def atomic_write_bytes(path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file in the same folder, are flushed to disk
    (fsync) and the temporary file then replaces ``path`` with ``os.replace``.
    If anything fails, ``path`` keeps its previous content and the temporary
    file is removed. An existing file's permissions are kept.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidValueError(
            f"atomic_write_bytes memerlukan bytes; nilai bertipe {type(data).__name__} tidak "
            "diterima. Gunakan atomic_write_text untuk teks.",
            value=type(data).__name__, allowed=("bytes",),
        )
    target = Path(os.path.realpath(os.fspath(path)))
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _access_error(exc, folder, "menyimpan ke folder") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            mode = _default_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _access_error(exc, target, "menyimpan") from exc
        raise
    try:  # make the rename itself durable; not possible everywhere
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` atomically (see :func:`atomic_write_bytes`)."""
    if not isinstance(text, str):
        raise InvalidValueError(
            f"atomic_write_text memerlukan teks (str); nilai bertipe {type(text).__name__} "
            "tidak diterima.", value=type(text).__name__, allowed=("str",),
        )
    atomic_write_bytes(path, text.encode(encoding))


def _access_error(exc: OSError, path, doing: str) -> FileAccessError:
    name = os.fspath(path)
    if isinstance(exc, FileNotFoundError):
        why = "folder atau berkasnya tidak ditemukan"
    elif isinstance(exc, PermissionError):
        why = "tidak ada izin menulis/membaca di sana"
    elif isinstance(exc, IsADirectoryError):
        why = "itu sebuah folder, bukan berkas"
    elif getattr(exc, "errno", None) == 28:
        why = "ruang penyimpanan (disk) penuh"
    else:
        why = exc.strerror or str(exc)
    return FileAccessError(
        f"Gagal {doing} '{name}': {why}. Berkas lama (jika ada) tidak berubah.",
        file=name, value=name, allowed=None,
    )


def _write_all(items: list[tuple[Path, bytes]]) -> None:
    """Write several files: every temporary file is complete before any replace."""
    temps: list[tuple[str, Path]] = []
    try:
        for target, data in items:
            target = Path(os.path.realpath(os.fspath(target)))
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                           dir=target.parent)
            except OSError as exc:
                raise _access_error(exc, target.parent, "menyimpan ke folder") from exc
            temps.append((tmp, target))
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    mode = stat.S_IMODE(os.stat(target).st_mode)
                except FileNotFoundError:
                    mode = _default_mode()
                os.chmod(tmp, mode)
            except OSError as exc:
                raise _access_error(exc, target, "menyimpan") from exc
        for tmp, target in temps:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _access_error(exc, target, "menyimpan") from exc
    finally:
        for tmp, _target in temps:
            if os.path.exists(tmp):
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


# =========================================================================== helpers
def links_path(path) -> Path:
    """The links file beside a partners CSV: ``peta.csv`` -> ``peta-hubungan.csv``."""
    p = Path(path)
    return p.with_name(p.stem + LINKS_SUFFIX + p.suffix)


def _suffix(path) -> str:
    suffix = Path(path).suffix.casefold()
    if suffix in SUFFIXES:
        return suffix
    hint = ""
    if suffix in (".xls", ".xlsm", ".ods"):
        hint = " Di Excel/LibreOffice pilih Simpan Sebagai -> 'Excel Workbook (.xlsx)'."
    elif suffix == ".txt":
        hint = " Simpan sebagai 'CSV UTF-8' agar akhirannya .csv."
    raise InvalidValueError(
        f"Jenis berkas '{suffix or '(tanpa akhiran)'}' pada '{Path(path).name}' tidak didukung. "
        f"Pilihan: {format_choices(SUFFIXES)}.{hint}",
        field="berkas", value=suffix, allowed=SUFFIXES,
    )


def _check_network(network) -> PartnerNetwork:
    if not isinstance(network, PartnerNetwork):
        raise InvalidValueError(
            f"Yang disimpan harus sebuah peta mitra (PartnerNetwork); nilai {network!r:.60} "
            "tidak diterima.", value=network, allowed=("PartnerNetwork",),
        )
    return network


def _cell_text(value) -> str:
    """A cell value as text (numbers typed in Excel become plain digits)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


class _Table:
    """Rows of one table read from a file, with the header mapping."""

    def __init__(self, file: str, where: str, headers: dict[str, tuple[int, str]],
                 rows: Iterable[tuple[int, list]], kind: str,
                 unnamed: list[int] | None = None) -> None:
        self.file = file
        self.where = where      # e.g. "" or "lembar 'mitra', "
        self.headers = headers  # canonical -> (column index, header text as in the file)
        self.rows = rows        # (row number, list of cell values)
        self.kind = kind        # "mitra" or "hubungan"
        self.unnamed = unnamed or []  # indexes of columns without a header


def _map_headers(file: str, where: str, raw_headers: list, kind: str,
                 header_row: int = 1) -> tuple[dict[str, tuple[int, str]], list[int]]:
    """Map header cells to canonical names; raise FileFormatError on a bad layout."""
    lookup = _PARTNER_LOOKUP if kind == "mitra" else _LINK_LOOKUP
    expected = PARTNER_COLUMNS if kind == "mitra" else LINK_COLUMNS
    required = ("nama", "jenis") if kind == "mitra" else ("dari", "ke", "jenis")
    keys = [_header_key(_cell_text(h)) for h in raw_headers if not _is_blank(h)]
    if kind == "mitra" and not any(_PARTNER_LOOKUP.get(k) == "nama" for k in keys) and {
            "dari", "ke"} <= {_LINK_LOOKUP.get(k) for k in keys}:
        raise FileFormatError(
            f"Berkas {file} berisi daftar hubungan (kolom dari, ke, jenis ...), bukan daftar "
            f"mitra. Buka berkas daftar mitranya (misalnya 'peta.csv'); berkas "
            f"'...{LINKS_SUFFIX}.csv' di sebelahnya dibaca otomatis.",
            file=file, row=header_row, column=None, value=tuple(keys), allowed=expected,
        )
    mapping: dict[str, tuple[int, str]] = {}
    unnamed: list[int] = []
    for index, cell in enumerate(raw_headers):
        text = _cell_text(cell).strip()
        if not text:
            unnamed.append(index)
            continue
        key = _header_key(text)
        if key in _IGNORED_HEADERS:
            continue
        canon = lookup.get(key)
        if canon is None:
            raise FileFormatError(
                f"Berkas {file}, {where}baris {header_row}: judul kolom '{text}' tidak "
                "dikenal. "
                f"Judul kolom yang dikenal untuk {_kind_label(kind)}: "
                f"{format_choices(expected)}.",
                file=file, row=header_row, column=text, value=text, allowed=expected,
            )
        if canon in mapping:
            raise FileFormatError(
                f"Berkas {file}, {where}baris {header_row}: kolom '{text}' dan "
                f"'{mapping[canon][1]}' "
                f"sama-sama berarti '{canon}'. Hapus salah satunya.",
                file=file, row=header_row, column=text, value=text, allowed=expected,
            )
        mapping[canon] = (index, text)
    missing = [c for c in required if c not in mapping]
    if missing:
        found = format_choices(_cell_text(h).strip() for h in raw_headers if not _is_blank(h))
        raise FileFormatError(
            f"Berkas {file}, {where}baris {header_row}: kolom wajib "
            f"{format_choices(missing)} tidak "
            f"ditemukan. Judul kolom yang ada: {found or '(kosong)'}. Judul kolom yang "
            f"dikenal untuk {_kind_label(kind)}: {format_choices(expected)}.",
            file=file, row=header_row, column=missing[0], value=found, allowed=expected,
        )
    return mapping, unnamed


def _kind_label(kind: str) -> str:
    return "daftar mitra" if kind == "mitra" else "daftar hubungan"


def _row_values(table: _Table, row_no: int, cells: list, unnamed: list[int]) -> dict | None:
    """Canonical column -> raw cell value for one row; None for an empty row."""
    if all(_is_blank(c) for c in cells):
        return None
    for index in unnamed:
        if index < len(cells) and not _is_blank(cells[index]):
            raise FileFormatError(
                f"Berkas {table.file}, {table.where}baris {row_no}: ada isian "
                f"{_cell_text(cells[index])!r} di kolom ke-{index + 1} yang tidak punya judul "
                f"kolom. Beri judul kolom (pilihan: "
                f"{format_choices(PARTNER_COLUMNS if table.kind == 'mitra' else LINK_COLUMNS)}) "
                "atau hapus isian itu.",
                file=table.file, row=row_no, column=f"kolom ke-{index + 1}",
                value=cells[index],
            )
    return {canon: (cells[i] if i < len(cells) else None)
            for canon, (i, _text) in table.headers.items()}


def _fail(table: _Table, row_no: int, canon: str | None, err: KemitraanError,
          label: str | None = None) -> FileFormatError:
    column = table.headers[canon][1] if canon in table.headers else canon
    place = label or f"{table.where}baris {row_no}"
    col_text = f", kolom '{column}'" if column else ""
    return FileFormatError(
        f"Berkas {table.file}, {place}{col_text}: {err.message}",
        file=table.file, row=row_no, column=column, field=err.field, value=err.value,
        allowed=err.allowed,
    )


_TEXT_COLS = {"nama", "jenis", "pendekatan", "kontak", "catatan", "sumber_daya",
              "dari", "ke", "arah"}


def _prepare(values: dict, attr_map: dict[str, str]) -> dict:
    out = {}
    for canon, raw in values.items():
        if _is_blank(raw) and canon not in ("nama", "jenis", "dari", "ke"):
            continue  # empty optional cell: default value
        value = raw
        if canon in _TEXT_COLS and not isinstance(raw, (list, tuple)):
            value = _cell_text(raw)
        out[attr_map[canon]] = value
    return out


def _build(title: str, partner_table: _Table, link_table: _Table | None,
           partner_labels=None, link_labels=None) -> PartnerNetwork:
    """Build a network from tables; every problem becomes a FileFormatError."""
    net = PartnerNetwork(title=title)
    seen: dict[str, int] = {}
    unnamed_p = partner_table.unnamed
    for row_no, cells in partner_table.rows:
        values = (cells if isinstance(cells, dict)
                  else _row_values(partner_table, row_no, cells, unnamed_p))
        if values is None:
            continue
        label = partner_labels(row_no) if partner_labels else None
        fields = _prepare(values, _PARTNER_ATTR)
        try:
            partner = Partner(**fields)
        except KemitraanError as err:
            raise _fail(partner_table, row_no, _FIELD_TO_PARTNER_COL.get(err.field), err,
                        label) from None
        if partner.key in seen:
            first = seen[partner.key]
            first_where = partner_labels(first) if partner_labels else f"baris {first}"
            err = KemitraanError(
                f"nama {partner.name!r} sudah dipakai di {first_where} (nama dianggap sama "
                "tanpa memperhatikan huruf besar/kecil dan spasi). Setiap mitra harus punya "
                "nama yang berbeda.",
                field="nama", value=partner.name, allowed=("nama yang belum dipakai",),
            )
            raise _fail(partner_table, row_no, "nama", err, label) from None
        seen[partner.key] = row_no
        net.add_partner(partner)
    if link_table is not None:
        unnamed_l = link_table.unnamed
        for row_no, cells in link_table.rows:
            values = (cells if isinstance(cells, dict)
                      else _row_values(link_table, row_no, cells, unnamed_l))
            if values is None:
                continue
            label = link_labels(row_no) if link_labels else None
            fields = _prepare(values, _LINK_ATTR)
            try:
                if "source" not in fields or "target" not in fields or "type" not in fields:
                    missing = [c for c, a in _LINK_ATTR.items()
                               if a in ("source", "target", "type") and a not in fields]
                    raise InvalidValueError(
                        f"isian {format_choices(missing)} wajib ada untuk setiap hubungan.",
                        field={"dari": "dari", "ke": "ke", "jenis": "jenis hubungan"}[missing[0]],
                        value=None, allowed=LINK_COLUMNS,
                    )
                net.add_link(**fields)
            except KemitraanError as err:
                raise _fail(link_table, row_no, _FIELD_TO_LINK_COL.get(err.field), err,
                            label) from None
    return net


# =========================================================================== reading
def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _access_error(exc, path, "membuka") from exc


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


def _pick_delimiter(first_line: str, kind: str) -> str:
    lookup = _PARTNER_LOOKUP if kind == "mitra" else _LINK_LOOKUP
    best, best_score = ",", (-1, -1)
    for delim in (";", ",", "\t"):
        cells = next(csv.reader([first_line], delimiter=delim), [])
        known = sum(1 for c in cells if _header_key(c) in lookup)
        score = (known, len(cells))
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv_table(data: bytes, file: str, kind: str) -> _Table:
    text = _decode_text(data, file)
    if not text.strip():
        raise FileFormatError(
            f"Berkas {file} kosong. Baris pertama harus berisi judul kolom: "
            f"{format_choices(PARTNER_COLUMNS if kind == 'mitra' else LINK_COLUMNS)}.",
            file=file, row=1, value="", allowed=PARTNER_COLUMNS if kind == "mitra"
            else LINK_COLUMNS,
        )
    first_line = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    delim = _pick_delimiter(first_line, kind)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True))
    except csv.Error as exc:
        raise FileFormatError(
            f"Berkas {file} tidak bisa dibaca sebagai CSV ({exc}). Periksa tanda kutip (\") "
            "yang tidak ditutup.", file=file, value=str(exc), allowed=("CSV",),
        ) from None
    skipped = 0
    while rows and all(_is_blank(c) for c in rows[0]):
        rows.pop(0)  # leading blank lines come before the header
        skipped += 1
    header = rows[0]
    headers, unnamed = _map_headers(file, "", header, kind, header_row=skipped + 1)
    table = _Table(file, "", headers, [], kind)
    table.unnamed = unnamed
    width = len(header)
    body = []
    for number, cells in enumerate(rows[1:], start=skipped + 2):
        if len(cells) > width and any(not _is_blank(c) for c in cells[width:]):
            raise FileFormatError(
                f"Berkas {file}, baris {number}: baris ini punya {len(cells)} isian, padahal "
                f"judul kolomnya hanya {width}. Mungkin ada tanda '{delim}' di dalam sebuah "
                "isian tanpa tanda kutip; beri tanda kutip (\"...\") pada isian itu.",
                file=file, row=number, value=cells[width:], allowed=(f"{width} kolom",),
            )
        body.append((number, cells))
    table.rows = body
    return table


def _load_csv(path: Path) -> PartnerNetwork:
    partners = _csv_table(_read_bytes(path), path.name, "mitra")
    lpath = links_path(path)
    links = None
    if lpath.exists():
        data = _read_bytes(lpath)
        if data.strip(b"\xef\xbb\xbf \t\r\n"):  # an empty links file means: no links
            links = _csv_table(data, lpath.name, "hubungan")
    return _build("", partners, links)


_JSON_PROBLEMS = (
    ("Expecting property name", "nama isian harus diapit tanda kutip ganda "
                                "(mungkin ada koma berlebih)"),
    ("Expecting ',' delimiter", "kurang tanda koma"),
    ("Expecting ':' delimiter", "kurang tanda titik dua"),
    ("Expecting value", "nilai kosong atau tidak sah (mungkin ada koma berlebih)"),
    ("Unterminated string", "teks tidak ditutup dengan tanda kutip"),
    ("Invalid control character", "ada baris baru atau tab di dalam teks"),
    ("Extra data", "ada isi tambahan setelah akhir data"),
)


def _load_json_bytes(data: bytes, file: str) -> PartnerNetwork:
    text = _decode_text(data, file)
    if not text.strip():
        raise FileFormatError(f"Berkas {file} kosong; isinya harus peta mitra dalam JSON "
                              f"(format '{FORMAT_NAME}').", file=file, value="",
                              allowed=(FORMAT_NAME,))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        why = next((text for prefix, text in _JSON_PROBLEMS if exc.msg.startswith(prefix)),
                   exc.msg)
        raise FileFormatError(
            f"Berkas {file} bukan JSON yang sah: baris {exc.lineno}, kolom {exc.colno}: "
            f"{why}. Periksa tanda koma, tanda kutip dan kurung di sekitar baris itu.",
            file=file, row=exc.lineno, column=None, value=exc.msg, allowed=("JSON",),
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise FileFormatError(
            f"Berkas {file} bukan peta mitra: isian 'format' bernilai {found!r}, seharusnya "
            f"'{FORMAT_NAME}'.", file=file, column="format", value=found,
            allowed=(FORMAT_NAME,),
        )
    version = doc.get("versi")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileFormatError(
            f"Berkas {file}: isian 'versi' bernilai {version!r}; yang didukung: "
            f"{FORMAT_VERSION}.", file=file, column="versi", value=version,
            allowed=(FORMAT_VERSION,),
        )
    if version > FORMAT_VERSION:
        raise FileFormatError(
            f"Berkas {file} dibuat oleh versi program yang lebih baru (versi {version}); "
            f"versi ini hanya membaca versi {FORMAT_VERSION}. Perbarui materi kursus.",
            file=file, column="versi", value=version, allowed=(FORMAT_VERSION,),
        )
    known_top = {"format", "versi", "judul", "mitra", "hubungan"}
    unknown = [k for k in doc if k not in known_top]
    if unknown:
        raise FileFormatError(
            f"Berkas {file}: isian {unknown[0]!r} tidak dikenal. Isian yang dikenal: "
            f"{format_choices(sorted(known_top))}.", file=file, column=str(unknown[0]),
            value=unknown[0], allowed=tuple(sorted(known_top)),
        )
    title = doc.get("judul", "")
    if title is None:
        title = ""
    try:
        net = PartnerNetwork(title=title)
    except KemitraanError as err:
        raise FileFormatError(f"Berkas {file}, isian 'judul': {err.message}", file=file,
                              column="judul", value=err.value, allowed=err.allowed) from None

    def table(key: str, kind: str) -> _Table | None:
        items = doc.get(key, [])
        if items is None:
            items = []
        if not isinstance(items, list):
            raise FileFormatError(
                f"Berkas {file}: isian '{key}' harus berupa daftar [...]; nilai bertipe "
                f"{type(items).__name__} tidak diterima.", file=file, column=key,
                value=type(items).__name__, allowed=("daftar",),
            )
        lookup = _PARTNER_LOOKUP if kind == "mitra" else _LINK_LOOKUP
        expected = PARTNER_COLUMNS if kind == "mitra" else LINK_COLUMNS
        headers = {c: (i, c) for i, c in enumerate(expected)}
        rows = []
        noun = "mitra" if kind == "mitra" else "hubungan"
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise FileFormatError(
                    f"Berkas {file}, {noun} ke-{number}: harus berupa objek {{...}} dengan "
                    f"isian {format_choices(expected)}; nilai {item!r:.60} tidak diterima.",
                    file=file, row=number, value=item, allowed=expected,
                )
            values = {}
            for k, v in item.items():
                canon = lookup.get(_header_key(k))
                if canon is None:
                    raise FileFormatError(
                        f"Berkas {file}, {noun} ke-{number}: isian {k!r} tidak dikenal. "
                        f"Isian yang dikenal: {format_choices(expected)}.",
                        file=file, row=number, column=str(k), value=k, allowed=expected,
                    )
                if isinstance(v, (dict, list)) and canon != "sumber_daya":
                    raise FileFormatError(
                        f"Berkas {file}, {noun} ke-{number}, kolom '{canon}': nilai {v!r:.60} "
                        "harus berupa teks atau angka, bukan daftar/objek.",
                        file=file, row=number, column=canon, value=v,
                    )
                values[canon] = v
            for req in (("nama", "jenis") if kind == "mitra" else ("dari", "ke", "jenis")):
                values.setdefault(req, None)
            rows.append((number, values))
        t = _Table(file, "", headers, rows, kind)
        t.unnamed = []
        return t

    built = _build(
        net.title, table("mitra", "mitra"), table("hubungan", "hubungan"),
        partner_labels=lambda n: f"mitra ke-{n}", link_labels=lambda n: f"hubungan ke-{n}",
    )
    return built


def _excel_tables(data: bytes, file: str) -> tuple[str, _Table, _Table | None]:
    import zipfile

    from openpyxl import load_workbook

    if not data:
        raise FileFormatError(f"Berkas {file} kosong (0 byte); bukan buku kerja Excel.",
                              file=file, value="", allowed=(".xlsx",))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileFormatError(
            f"Berkas {file} bukan buku kerja Excel (.xlsx) yang sah ({type(exc).__name__}). "
            "Simpan ulang dari Excel/LibreOffice sebagai 'Excel Workbook (.xlsx)'.",
            file=file, value=file, allowed=(".xlsx",),
        ) from None
    try:
        sheets = {_header_key(name): name for name in wb.sheetnames}
        if "mitra" not in sheets:
            raise FileFormatError(
                f"Berkas {file} tidak punya lembar (sheet) 'mitra'. Lembar yang ada: "
                f"{format_choices(wb.sheetnames)}. Lembar yang dikenal: mitra (wajib), "
                "hubungan, keterangan.",
                file=file, column=None, value=tuple(wb.sheetnames),
                allowed=("mitra", "hubungan"),
            )
        title = ""
        if "keterangan" in sheets:
            info = wb[sheets["keterangan"]]
            info.reset_dimensions()
            for row in info.iter_rows(values_only=True):
                if row and _header_key(_cell_text(row[0])) == "judul" and len(row) > 1:
                    title = _cell_text(row[1]).strip()
                    break

        def sheet_table(key: str) -> _Table | None:
            ws = wb[sheets[key]]
            # Files without a stored size would otherwise be parsed twice to find it.
            ws.reset_dimensions()
            where = f"lembar '{sheets[key]}', "
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            start = 0
            while start < len(rows) and all(_is_blank(c) for c in rows[start]):
                start += 1
            if start >= len(rows) and key == "hubungan":
                return None  # an empty links sheet: no links
            if start >= len(rows):
                raise FileFormatError(
                    f"Berkas {file}, lembar '{sheets[key]}' kosong. Baris pertama harus berisi "
                    f"judul kolom: "
                    f"{format_choices(PARTNER_COLUMNS if key == 'mitra' else LINK_COLUMNS)}.",
                    file=file, row=1, value="", allowed=PARTNER_COLUMNS if key == "mitra"
                    else LINK_COLUMNS,
                )
            headers, unnamed = _map_headers(file, where, rows[start], key,
                                            header_row=start + 1)
            table = _Table(file, where, headers,
                           [(i + 1, r) for i, r in enumerate(rows) if i > start], key)
            table.unnamed = unnamed
            return table

        partners = sheet_table("mitra")
        links = sheet_table("hubungan") if "hubungan" in sheets else None
    finally:
        wb.close()
    return title, partners, links


def read_network_bytes(data: bytes, filename: str,
                       links_data: bytes | None = None) -> PartnerNetwork:
    """Read a map from bytes (e.g. an upload widget); the format follows ``filename``.

    For CSV, ``links_data`` is the content of the links file (``None``: no links).
    """
    suffix = _suffix(filename)
    file = Path(filename).name
    if suffix == ".json":
        return _load_json_bytes(bytes(data), file)
    if suffix == ".xlsx":
        title, partners, links = _excel_tables(bytes(data), file)
        return _build(title, partners, links)
    partners = _csv_table(bytes(data), file, "mitra")
    links = None
    if links_data is not None:
        links = _csv_table(bytes(links_data), links_path(file).name, "hubungan")
    return _build("", partners, links)


def load_network(path) -> PartnerNetwork:
    """Load a partner map from ``.xlsx``, ``.json`` or ``.csv`` (by suffix).

    Raises :class:`FileFormatError` for a bad file (naming row and column),
    :class:`FileAccessError` when the file cannot be opened, and
    :class:`InvalidValueError` for an unsupported suffix.
    """
    path = Path(os.fspath(path))
    suffix = _suffix(path)
    if suffix == ".csv":
        return _load_csv(path)
    return read_network_bytes(_read_bytes(path), path.name)


# =========================================================================== writing
def _partner_row(p: Partner) -> list:
    return [p.name, p.category, p.influence, p.interest, p.support, "; ".join(p.resources),
            p.approach, p.contact, p.notes]


def _link_row(lk: Link) -> list:
    return [lk.source, lk.target, lk.type, lk.direction, lk.strength]


def json_text(network: PartnerNetwork) -> str:
    """The JSON document for a map (UTF-8 text, Indonesian keys)."""
    net = _check_network(network)
    doc = {
        "format": FORMAT_NAME,
        "versi": FORMAT_VERSION,
        "judul": net.title,
        "mitra": [dict(zip(PARTNER_COLUMNS, _partner_row(p), strict=True)) | {
            "sumber_daya": list(p.resources)} for p in net.partners],
        "hubungan": [dict(zip(LINK_COLUMNS, _link_row(lk), strict=True)) for lk in net.links],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def csv_texts(network: PartnerNetwork) -> tuple[str, str]:
    """(partners CSV, links CSV) as text, ';'-separated, starting with a UTF-8 BOM."""
    net = _check_network(network)

    def render(header, rows) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return "\ufeff" + buf.getvalue()

    return (render(PARTNER_COLUMNS, (_partner_row(p) for p in net.partners)),
            render(LINK_COLUMNS, (_link_row(lk) for lk in net.links)))


_HELP_ROWS = (
    ("Lembar / kolom", "Arti dan isian yang boleh"),
    ("mitra", "Satu baris untuk setiap mitra."),
    ("nama", "Nama mitra (wajib, paling panjang 80 huruf, tidak boleh ganda)."),
    ("jenis", "kelompok, tokoh, usaha, koperasi, pemerintah atau lainnya."),
    ("pengaruh", "Seberapa besar pengaruh mitra: 0 (tidak ada) sampai 5 (sangat besar)."),
    ("kepentingan", "Seberapa besar kepentingan mitra pada program: 0 sampai 5."),
    ("dukungan", "Sikap mitra: -2 (menentang) sampai +2 (sangat mendukung), 0 netral."),
    ("sumber_daya", "Apa yang bisa dibawa mitra; pisahkan dengan titik koma (;)."),
    ("pendekatan", "personal, informal, formal, atau kosong jika belum dipilih."),
    ("kontak", "Nomor telepon atau alamat (boleh kosong)."),
    ("catatan", "Catatan bebas (boleh kosong)."),
    ("hubungan", "Satu baris untuk setiap hubungan antara dua mitra."),
    ("dari, ke", "Nama dua mitra yang sudah ada di lembar 'mitra'."),
    ("jenis", "informasi, dana, barang, pembinaan, kewenangan atau konflik."),
    ("arah", "dua-arah, atau satu-arah (dari -> ke)."),
    ("kekuatan", "1 (lemah), 2 (sedang) atau 3 (kuat)."),
)


def excel_bytes(network: PartnerNetwork) -> bytes:
    """The ``.xlsx`` workbook for a map, as bytes."""
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
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, never a formula
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
    sheet("petunjuk", _HELP_ROWS[0], (18, 80), _HELP_ROWS[1:])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def save_network(network: PartnerNetwork, path) -> None:
    """Save a map as ``.xlsx``, ``.json`` or ``.csv`` (by suffix), atomically.

    For CSV, ``X.csv`` (partners) and ``X-hubungan.csv`` (links) are both
    written completely to temporary files before either replaces its target.
    """
    net = _check_network(network)
    path = Path(os.fspath(path))
    suffix = _suffix(path)
    if suffix == ".json":
        atomic_write_bytes(path, json_text(net).encode("utf-8"))
    elif suffix == ".xlsx":
        atomic_write_bytes(path, excel_bytes(net))
    else:
        partners_text, links_text = csv_texts(net)
        _write_all([(path, partners_text.encode("utf-8")),
                    (links_path(path), links_text.encode("utf-8"))])
