"""Atomic file writes: a crash or an error never leaves a half-written file.

* :func:`atomic_write_bytes` / :func:`atomic_write_text`: one file. The bytes
  go to a temporary file in the same folder, are flushed to disk (``fsync``),
  and the temporary file then replaces the target with ``os.replace``. At any
  moment the target holds either its old or its new content.
* :func:`atomic_write_group`: several files that belong together (a CSV map is
  ``peta.csv`` plus ``peta-hubungan.csv``). A file system cannot replace two
  files in one step, so the group is saved like a database commit:

  1. every new file is written completely to a temporary file (fsync);
  2. a small journal ``.<first file>.simpan.json`` naming the temporary files
     and their targets is written atomically: this is the commit point;
  3. the temporary files replace their targets; the journal is removed.

  A crash before step 2 leaves the old files; after it, :func:`recover`
  (called by every reader and writer of the group, e.g.
  :func:`kemitraan_lib.files.load_network`) finishes the replacements. So a
  reader always sees the old group or the new group, never a mix.

Every failure is a :class:`~kemitraan_lib.errors.FileAccessError` in
Indonesian; the old files stay as they were and no temporary file is left.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_text(folder / "a.txt", "satu")
>>> atomic_write_group([(folder / "b.csv", b"1"), (folder / "b-hubungan.csv", b"2")])
>>> sorted(p.name for p in folder.iterdir())
['a.txt', 'b-hubungan.csv', 'b.csv']
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import FileAccessError, InvalidValueError, show

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "atomic_write_group",
    "recover",
    "journal_path",
    "check_path",
    "read_bytes",
]

_JOURNAL_FORMAT = "kemitraan-simpan-kelompok"
_UMASK: int | None = None


def _default_mode() -> int:
    global _UMASK
    if _UMASK is None:
        current = os.umask(0)
        os.umask(current)
        _UMASK = current
    return 0o666 & ~_UMASK


def check_path(path, what: str = "Nama berkas") -> Path:
    """``path`` as a :class:`Path`, or InvalidValueError for a value that is not a usable path.

    Accepted: ``str`` or ``os.PathLike`` giving ``str``; refused: other types,
    empty names, NUL characters and lone surrogates (no file system stores them).

    >>> check_path("peta.json").name
    'peta.json'
    """
    what = what if isinstance(what, str) else "Nama berkas"
    try:
        raw = os.fspath(path)
    except TypeError:
        raw = None
    if not isinstance(raw, str):
        raise InvalidValueError(
            f"{what} harus berupa teks atau Path, misalnya 'peta-mitra.xlsx'; nilai "
            f"{show(path)} (bertipe {type(path).__name__}) tidak diterima.",
            field="berkas", value=path, allowed=("teks", "Path"),
        )
    if not raw.strip() or "\x00" in raw:
        raise InvalidValueError(
            f"{what} {show(raw)} tidak bisa dipakai: kosong atau berisi karakter NUL.",
            field="berkas", value=raw, allowed=("nama berkas biasa",),
        )
    try:
        os.fsencode(raw)
    except UnicodeError:
        raise InvalidValueError(
            f"{what} {show(raw)} berisi karakter yang tidak bisa menjadi nama berkas.",
            field="berkas", value=raw, allowed=("nama berkas biasa",),
        ) from None
    return Path(raw)


def access_error(exc: OSError, path, doing: str) -> FileAccessError:
    """The Indonesian FileAccessError for an OSError while ``doing`` something with ``path``."""
    name = os.fspath(path)
    if isinstance(exc, FileNotFoundError):
        why = "folder atau berkasnya tidak ditemukan"
    elif isinstance(exc, PermissionError):
        why = "tidak ada izin menulis/membaca di sana"
    elif isinstance(exc, IsADirectoryError):
        why = "itu sebuah folder, bukan berkas"
    elif isinstance(exc, NotADirectoryError):
        why = "salah satu bagian jalurnya bukan folder"
    elif exc.errno == 28:  # ENOSPC
        why = "ruang penyimpanan (disk) penuh"
    elif exc.errno == 36:  # ENAMETOOLONG
        why = "nama berkasnya terlalu panjang"
    else:
        why = exc.strerror or str(exc)
    return FileAccessError(
        f"Gagal {doing} '{name}': {why}. Berkas lama (jika ada) tidak berubah.",
        file=name, value=name, allowed=None,
    )


def read_bytes(path, limit: int, what: str = "Berkas") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    A folder, a device or a pipe (which could block for ever) and a file larger
    than ``limit`` are refused with an Indonesian :class:`FileAccessError`
    naming the file.
    """
    what = what if isinstance(what, str) else "Berkas"
    path = check_path(path, what)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise InvalidValueError(f"Batas ukuran harus bilangan bulat 0 atau lebih; nilai "
                                f"{show(limit)} tidak diterima.", value=limit, allowed=(">= 0",))
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise FileAccessError(
                f"'{path}' bukan berkas biasa (mungkin perangkat atau pipa); pilih berkas yang "
                "benar.", file=str(path), value=str(path))
        if info.st_size > limit:
            raise FileAccessError(
                f"{what} '{path}' terlalu besar ({info.st_size / 2**20:.0f} MB); paling besar "
                f"{limit / 2**20:.0f} MB. Periksa apakah ini berkas yang benar.",
                file=str(path), value=info.st_size, allowed=(f"<= {limit} byte",))
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise access_error(exc, path, "membuka") from exc
    if len(data) > limit:
        raise FileAccessError(f"{what} '{path}' terlalu besar.", file=str(path),
                              value=len(data), allowed=(f"<= {limit} byte",))
    return data


def _fsync_folder(folder: Path) -> None:
    try:  # make a rename durable; not possible on every system
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _write_temp(target: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``target``; return its path."""
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise access_error(exc, folder, "menyimpan ke folder") from exc
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
    except BaseException as exc:
        _give_up(tmp, exc, target)
    return tmp


def _give_up(tmp: str, exc: BaseException, target: Path):
    """Remove the temporary file and raise: an OSError as FileAccessError, others as they are."""
    _unlink(tmp)
    if isinstance(exc, OSError):
        raise access_error(exc, target, "menyimpan") from exc
    raise exc


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _bytes(data, what: str) -> bytes:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InvalidValueError(
            f"{what} memerlukan bytes; nilai bertipe {type(data).__name__} tidak diterima. "
            "Gunakan atomic_write_text untuk teks.",
            value=type(data).__name__, allowed=("bytes",),
        )
    return bytes(data)


def _target(path) -> Path:
    target = check_path(path)
    try:
        return Path(os.path.realpath(target))
    except (OSError, ValueError) as exc:  # e.g. a symlink loop
        raise access_error(OSError(str(exc)), target, "menyimpan") from None


def atomic_write_bytes(path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docs).

    If anything fails, ``path`` keeps its previous content and the temporary
    file is removed. An existing file's permissions are kept.
    """
    data = _bytes(data, "atomic_write_bytes")
    target = _target(path)
    tmp = _write_temp(target, data)
    try:
        os.replace(tmp, target)
    except BaseException as exc:
        _give_up(tmp, exc, target)
    _fsync_folder(target.parent)


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` atomically (see :func:`atomic_write_bytes`)."""
    if not isinstance(text, str):
        raise InvalidValueError(
            f"atomic_write_text memerlukan teks (str); nilai bertipe {type(text).__name__} "
            "tidak diterima.", value=type(text).__name__, allowed=("str",),
        )
    try:
        data = text.encode(encoding)
    except (UnicodeError, LookupError) as exc:
        raise InvalidValueError(
            f"Teks tidak bisa disimpan dengan pengodean {show(encoding)}: ada karakter yang "
            f"tidak bisa ditulis ({type(exc).__name__}).", value=encoding,
            allowed=("utf-8",),
        ) from None
    atomic_write_bytes(path, data)


def journal_path(first) -> Path:
    """The journal of a group whose first file is ``first``: ``.<name>.simpan.json``."""
    first = check_path(first)
    if not first.name or first.name in (".", ".."):
        raise InvalidValueError(f"{show(str(first))} bukan nama berkas.", field="berkas",
                                value=str(first), allowed=("nama berkas",))
    return first.with_name(f".{first.name}.simpan.json")


def atomic_write_group(items: Sequence[tuple[object, bytes]]) -> None:
    """Replace several files in one folder as one step (see the module docs).

    ``items`` is a list of ``(path, bytes)``; all paths must be in the same
    folder. A crash at any moment leaves the old files or (after
    :func:`recover`) the new files, never a mix.
    """
    if not isinstance(items, (list, tuple)) or not items:
        raise InvalidValueError("atomic_write_group memerlukan daftar (path, bytes) yang tidak "
                                "kosong.", value=items, allowed=("daftar (path, bytes)",))
    pairs = []
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidValueError(
                f"Setiap butir harus (path, bytes); nilai {show(item)} tidak diterima.",
                value=item, allowed=("(path, bytes)",))
        pairs.append((_target(item[0]), _bytes(item[1], "atomic_write_group")))
    folder = pairs[0][0].parent
    if any(t.parent != folder for t, _ in pairs) or len({t for t, _ in pairs}) != len(pairs):
        raise InvalidValueError("Berkas satu kelompok harus berbeda dan berada di satu folder.",
                                value=[str(t) for t, _ in pairs], allowed=("satu folder",))
    journal = journal_path(pairs[0][0])
    recover(pairs[0][0])  # finish an earlier save of this group that was cut short
    for target, _ in pairs:
        if target.is_dir():
            raise access_error(IsADirectoryError(21, "Is a directory"), target, "menyimpan")
    temps: list[str] = []
    try:
        for target, data in pairs:
            temps.append(_write_temp(target, data))
        record = {"format": _JOURNAL_FORMAT,
                  "ganti": [[Path(tmp).name, target.name]
                            for tmp, (target, _) in zip(temps, pairs, strict=True)]}
        journal_tmp = _write_temp(journal, json.dumps(record).encode("utf-8"))
        try:
            os.replace(journal_tmp, journal)  # the commit point
        except BaseException:
            _unlink(journal_tmp)
            raise
        _fsync_folder(folder)
    except BaseException as exc:
        for tmp in temps:
            _unlink(tmp)
        if isinstance(exc, OSError):
            raise access_error(exc, pairs[0][0], "menyimpan") from exc
        raise
    done = 0
    try:
        for tmp, (target, _) in zip(temps, pairs, strict=True):
            os.replace(tmp, target)
            done += 1
    except OSError as exc:
        if done == 0:  # nothing replaced yet: roll back, the old group stays
            for tmp in temps:
                _unlink(tmp)
            _unlink(journal)
            raise access_error(exc, pairs[0][0], "menyimpan") from exc
        raise FileAccessError(  # some files are new: the journal finishes the rest later
            f"Penyimpanan '{pairs[0][0]}' terputus ({exc.strerror or exc}). Berkas akan "
            "dilengkapi otomatis saat dibuka atau disimpan lagi.",
            file=str(pairs[0][0]), value=str(pairs[0][0]),
        ) from exc
    _fsync_folder(folder)
    _unlink(journal)
    _fsync_folder(folder)


def recover(first) -> bool:
    """Finish a group save of ``first`` that was cut short; True when there was one.

    Reads the journal (when there is one), replaces every target whose
    temporary file still exists, then removes the journal. A journal that
    cannot be read is removed with the temporary files it may name: it was
    never complete, so the old files are the valid ones.
    """
    first = check_path(first)
    journal = journal_path(first)
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        _remove_stale_temps(first.parent)
        return False
    except OSError as exc:
        raise access_error(exc, journal, "membuka") from exc
    folder = first.parent
    try:
        record = json.loads(raw.decode("utf-8"))
        moves = record["ganti"] if record.get("format") == _JOURNAL_FORMAT else None
        moves = [(str(a), str(b)) for a, b in moves]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        moves = None
    if moves is not None and all(_plain_name(a) and _plain_name(b) and a.startswith(f".{b}.")
                                 for a, b in moves):
        try:
            for tmp, target in moves:
                if (folder / tmp).exists():
                    os.replace(folder / tmp, folder / target)
        except OSError as exc:
            raise access_error(exc, folder / moves[0][1], "melengkapi penyimpanan") from exc
        _fsync_folder(folder)
    _unlink(journal)
    _fsync_folder(folder)
    return True


#: A temporary file older than this, with no journal naming it, is left over from a crash.
STALE_SECONDS = 600


def _remove_stale_temps(folder: Path) -> None:
    """Remove temporary files that saves cut short left behind (never a fresh one)."""
    import time

    try:
        leftovers = [p for p in folder.iterdir()
                     if p.name.startswith(".") and p.name.endswith(".tmp")]
        now = time.time()
        for path in leftovers:
            if now - path.stat().st_mtime > STALE_SECONDS:
                _unlink(path)
    except OSError:
        pass  # tidying is a bonus


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")
