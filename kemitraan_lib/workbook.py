"""The learner's workbook: activity answers kept in a JSON file outside the repository.

Where: ``$KEMITRAAN_BUKU_KERJA`` if set, else ``~/BukuKerjaKemitraan/buku-kerja.json``.
In room mode (``$KEMITRAAN_MODE_RUANG`` names a folder, set by ``make ruang``) every
kernel, that is every visitor of a Voilà app, gets a workbook of its own in a
new sub-folder of that folder: nothing is shared between visitors.

File format (UTF-8 JSON)::

    {"format": "kemitraan-buku-kerja", "versi": 1,
     "jawaban": {"03": {"peta-mitra": {"nilai": ..., "diubah": "2026-11-25T10:00:00+07:00",
                                       "pertanyaan": "..."}}}}

(``pertanyaan``, the prompt shown to the learner, is optional.)

Safety rules:

* :meth:`Workbook.set` takes a file lock, re-reads the file, changes only that
  one key and writes atomically (temporary file, fsync, ``os.replace``); so two
  notebooks open at the same time keep each other's answers.
* After every save a copy of the good state is kept as ``<nama>.cadangan.json``.
* A corrupt file is never overwritten: it is moved to
  ``<nama>.rusak-YYYYmmdd-HHMMSS.json``, the answers are restored from the
  backup copy when it is readable (else the workbook starts empty) and
  :attr:`Workbook.message` tells the learner, in Indonesian, where the bad file is.
* Values must be strict JSON (no NaN or infinity, no lone surrogates, whole
  numbers of at most 30 digits, at most 40 levels deep), else
  :class:`InvalidValueError` and nothing changes. Modules and keys are
  lower-case slugs (``03``, ``peta-mitra``).
* Reading is strict too: a file with a key written twice, ``NaN``, or odd
  keys is treated as corrupt (see above); a UTF-8 BOM at the start is fine.
* Decisions inside are made on exception types (:class:`WorkbookError` for
  "cannot save"), never on message text.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> wb = Workbook(os.path.join(folder, "buku-kerja.json"))
>>> wb.get("01", "arti-kemitraan", "belum diisi")
'belum diisi'
>>> wb.set("01", "arti-kemitraan", "Bekerja sama untuk tujuan bersama")
>>> Workbook(wb.path).get("01", "arti-kemitraan")
'Bekerja sama untuk tujuan bersama'
"""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import datetime
from pathlib import Path

from kemitraan_lib.errors import InvalidValueError, KemitraanError, check_type, show

__all__ = [
    "Workbook",
    "WorkbookError",
    "default_path",
    "shared_workbook",
    "resolve",
    "check_name",
    "FORMAT",
    "VERSION",
    "ENV_VAR",
    "ROOM_VAR",
    "visitor_folder",
]

FORMAT = "kemitraan-buku-kerja"
VERSION = 1
ENV_VAR = "KEMITRAAN_BUKU_KERJA"
#: Room mode: a folder under which every visitor (kernel) gets its own workbook.
ROOM_VAR = "KEMITRAAN_MODE_RUANG"
LOCK_TIMEOUT = 15.0
#: A workbook file larger than this is not opened (it is surely not ours).
MAX_FILE_BYTES = 64 * 2**20
MAX_PROMPT_LENGTH = 2000
_ALLOWED_KINDS = (
    "teks, angka, benar/salah, kosong (None), daftar, atau kamus berisi nilai-nilai itu"
)
_NAME_RE = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


class WorkbookError(KemitraanError):
    """The workbook file could not be used; the message says why and that nothing was saved."""


class _Unopenable(Exception):
    """The file exists but cannot be opened (a folder, no permission): not corruption."""


class _Corrupt(Exception):
    """The file was read but is not a valid workbook; ``args[0]`` says why (Indonesian)."""


_VISITOR: list[Path] = []  # this process's own folder in room mode (made on first use)


def visitor_folder(room: Path) -> Path:
    """This process's own new folder inside ``room`` (room mode: one per visitor's kernel).

    The name joins the process id and a random part, so a later kernel that
    happens to get the same process id never sees an earlier visitor's answers.
    """
    check_type(room, Path, "Folder ruang", "sebuah Path")
    if not _VISITOR or _VISITOR[0].parent != room:
        import secrets

        _VISITOR[:] = [room / f"pengunjung-{os.getpid()}-{secrets.token_hex(4)}"]
    return _VISITOR[0]


def default_path() -> Path:
    """The workbook file: ``$KEMITRAAN_BUKU_KERJA`` or ``~/BukuKerjaKemitraan/buku-kerja.json``;
    in room mode (``$KEMITRAAN_MODE_RUANG``) a workbook of this visitor's own."""
    room = os.environ.get(ROOM_VAR, "").strip()
    if room:
        return visitor_folder(Path(room).expanduser()) / "buku-kerja.json"
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path.home() / "BukuKerjaKemitraan" / "buku-kerja.json"


_SHARED: dict[str, Workbook] = {}


def shared_workbook() -> Workbook:
    """One :class:`Workbook` object per file for everything in this kernel."""
    path = default_path()
    key = str(path)
    if key not in _SHARED:
        _SHARED[key] = Workbook(path)
    return _SHARED[key]


def resolve(workbook=None) -> Workbook:
    """``workbook`` itself, or the shared workbook when None; anything else is refused.

    Every view and function that takes ``workbook=`` uses this, so a test or a
    room of visitors can hand in its own workbook.
    """
    if workbook is None:
        return shared_workbook()
    if not isinstance(workbook, Workbook):
        raise InvalidValueError(f"Buku kerja harus sebuah Workbook; nilai {show(workbook)} tidak "
                                "diterima.", field="buku kerja", value=workbook,
                                allowed=("Workbook",))
    return workbook


def _empty() -> dict:
    return {"format": FORMAT, "versi": VERSION, "jawaban": {}}


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def check_name(value, what: str) -> str:
    """A module number or answer key as stored: lower-case letters, digits, ``- _ .``.

    Surrounding spaces are removed; anything else (inner spaces, capitals,
    control or invisible characters) is refused, so one answer has one key.

    >>> check_name(" 03 ", "Modul")
    '03'
    """
    what = what if isinstance(what, str) else "Nama"
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"{what} harus berupa teks yang tidak kosong, misalnya '03' atau 'peta-mitra'; "
            f"nilai {show(value)} tidak diterima.",
            field=what.lower(), value=value, allowed=("huruf kecil, angka, - _ .",),
        )
    text = value.strip()
    if len(text) > 60 or not _NAME_RE.fullmatch(text):
        raise InvalidValueError(
            f"{what} {show(text)} tidak diterima: pakai huruf kecil, angka dan tanda - _ . "
            "saja (tanpa spasi), paling banyak 60 huruf, misalnya 'peta-mitra'.",
            field=what.lower(), value=value, allowed=("huruf kecil, angka, - _ .",),
        )
    return text


def _validate(data) -> None:
    """Raise :class:`_Corrupt` unless ``data`` is a valid workbook."""
    if not isinstance(data, dict):
        raise _Corrupt("isinya bukan buku kerja")
    if data.get("format") != FORMAT:
        raise _Corrupt(f"penanda format bukan '{FORMAT}'")
    if data.get("versi") != VERSION or isinstance(data.get("versi"), bool):
        raise _Corrupt(f"versi {show(data.get('versi'))} tidak dikenal (yang dikenal: {VERSION})")
    answers = data.get("jawaban")
    if not isinstance(answers, dict):
        raise _Corrupt("bagian 'jawaban' tidak ada")
    for module, entries in answers.items():
        if not isinstance(entries, dict) or not _NAME_RE.fullmatch(module) or len(module) > 60:
            raise _Corrupt(f"jawaban modul {show(module)} tidak terbaca")
        for key, entry in entries.items():
            if (not isinstance(entry, dict) or "nilai" not in entry
                    or not _NAME_RE.fullmatch(key) or len(key) > 60):
                raise _Corrupt(f"jawaban {module}/{show(key)} tidak terbaca")
            if not isinstance(entry.get("diubah", ""), str) or not isinstance(
                    entry.get("pertanyaan", ""), str):
                raise _Corrupt(f"jawaban {module}/{key} tidak terbaca")


def _read(path: Path) -> dict | None:
    """The workbook in ``path``; None when missing; _Unopenable / _Corrupt otherwise."""
    from kemitraan_lib.jsontext import JSONProblem, loads

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Unopenable(f"terlalu besar ({size / 2**20:.0f} MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _Unopenable(exc.strerror or str(exc)) from None
    try:
        data = loads(raw.decode("utf-8-sig"), max_depth=50)
    except UnicodeDecodeError:
        raise _Corrupt("bukan teks UTF-8") from None
    except JSONProblem as problem:
        raise _Corrupt(f"bukan JSON yang sah: {problem.reason}") from None
    _validate(data)
    return data


def _write_text(path: Path, text: str) -> None:
    from kemitraan_lib.atomic import atomic_write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


class Workbook:
    """The learner's answers, saved at once on every change.

    ``Workbook(path=None)`` opens (or prepares) the workbook; the file and its
    folder are created on the first :meth:`set`.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        from kemitraan_lib.atomic import check_path

        self.path = check_path(path, "Berkas buku kerja").expanduser() if path is not None \
            else default_path()
        self.message = ""
        self._data = _empty()
        self._stamp: tuple[int, int] | None = None
        self._refresh(force=True)

    # -- paths -------------------------------------------------------------
    @property
    def backup_path(self) -> Path:
        """The rolling copy of the last good state: ``<nama>.cadangan.json``."""
        return self.path.with_name(f"{self.path.stem}.cadangan.json")

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(f"{self.path.name}.lock")

    def _lock(self):
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT)

    # -- reading -----------------------------------------------------------
    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _unopenable(self, reason: str) -> WorkbookError:
        return WorkbookError(
            f"Buku kerja {self.path} tidak bisa dibuka: {reason}. Periksa berkas atau folder "
            "itu (izin, nama); jawaban ini belum tersimpan.",
            field="berkas",
            value=str(self.path),
        )

    def _refresh(self, force: bool = False) -> None:
        """Reload from disk when the file changed (cheap stat check)."""
        from filelock import Timeout

        stamp = self._file_stamp()
        if not force and stamp == self._stamp:
            return
        data = None
        try:
            try:
                data = _read(self.path)
            except _Corrupt:
                with self._lock():
                    try:  # another process may have fixed it meanwhile
                        data = _read(self.path)
                    except _Corrupt as corrupt:
                        data = self._recover(corrupt.args[0])
        except _Unopenable as exc:
            self.message = str(self._unopenable(exc.args[0]))
        except (OSError, Timeout, KemitraanError) as exc:
            self.message = str(self._unopenable(str(exc)))
        self._data = data if data is not None else _empty()
        self._stamp = self._file_stamp()

    def _recover(self, reason: str) -> dict:
        """Move the corrupt file aside and restore the backup copy. Caller holds the lock."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        bad = self.path.with_name(f"{self.path.stem}.rusak-{stamp}.json")
        n = 2
        while bad.exists():
            bad = self.path.with_name(f"{self.path.stem}.rusak-{stamp}-{n}.json")
            n += 1
        os.replace(self.path, bad)
        try:
            backup = _read(self.backup_path)
        except (_Corrupt, _Unopenable):
            backup = None
        if backup is not None:
            _write_text(self.path, json.dumps(backup, ensure_ascii=False, indent=1))
            self.message = (
                f"Berkas buku kerja Anda rusak ({reason}), jadi tidak dipakai. "
                f"Berkas rusak itu disimpan di: {bad}. "
                f"Jawaban Anda dipulihkan dari salinan cadangan terakhir ({self.backup_path})."
            )
            return backup
        self.message = (
            f"Berkas buku kerja Anda rusak ({reason}), jadi tidak dipakai. "
            f"Berkas rusak itu disimpan di: {bad}. "
            "Salinan cadangan tidak ada, jadi buku kerja dimulai lagi dalam keadaan kosong."
        )
        return _empty()

    # -- public API ----------------------------------------------------------
    def get(self, module: str, key: str, default=None):
        """The saved value of ``module``/``key`` (a copy), or ``default``."""
        module, key = check_name(module, "Modul"), check_name(key, "Kunci")
        self._refresh()
        entry = self._data["jawaban"].get(module, {}).get(key)
        if entry is None:
            return default
        return copy.deepcopy(entry["nilai"])

    def entry(self, module: str, key: str) -> dict | None:
        """The whole saved entry (``nilai``, ``diubah``, maybe ``pertanyaan``) or None."""
        module, key = check_name(module, "Modul"), check_name(key, "Kunci")
        self._refresh()
        entry = self._data["jawaban"].get(module, {}).get(key)
        return copy.deepcopy(entry) if entry is not None else None

    def answers(self, module: str) -> dict:
        """All saved values of one module: ``{key: value}``."""
        module = check_name(module, "Modul")
        self._refresh()
        entries = self._data["jawaban"].get(module, {})
        return {key: copy.deepcopy(e["nilai"]) for key, e in entries.items()}

    def entries(self, module: str) -> dict:
        """All saved entries of one module: ``{key: {"nilai", "diubah", ...}}``."""
        module = check_name(module, "Modul")
        self._refresh()
        return copy.deepcopy(self._data["jawaban"].get(module, {}))

    def modules(self) -> list[str]:
        """Module numbers that have at least one answer, sorted."""
        self._refresh()
        return sorted(m for m, e in self._data["jawaban"].items() if e)

    def set(self, module: str, key: str, value, *, prompt: str | None = None) -> None:
        """Save one answer at once; other answers in the file are kept.

        Raises :class:`InvalidValueError` (nothing changes) for a value that
        cannot be stored as JSON, and :class:`WorkbookError` when the file
        cannot be written (the message says why).
        """
        self._update(module, key, value, prompt=prompt, delete=False)

    def delete(self, module: str, key: str) -> None:
        """Remove one answer (no error when it is not there)."""
        self._update(module, key, None, prompt=None, delete=True)

    def _update(self, module, key, value, *, prompt, delete: bool) -> None:
        from filelock import Timeout

        from kemitraan_lib.jsontext import JSONProblem, check_value

        module = check_name(module, "Modul")
        key = check_name(key, "Kunci")
        if not delete:
            try:
                check_value(value)
            except JSONProblem as problem:
                raise InvalidValueError(
                    f"Jawaban untuk {module}/{key} tidak bisa disimpan: nilai bertipe "
                    f"'{type(value).__name__}' ({problem.reason}). Yang bisa disimpan: "
                    f"{_ALLOWED_KINDS}.",
                    field="nilai",
                    value=value,
                ) from None
            value = json.loads(json.dumps(value, ensure_ascii=False))
        if prompt is not None and (not isinstance(prompt, str) or len(prompt) > MAX_PROMPT_LENGTH
                                   or not _text_ok(prompt)):
            raise InvalidValueError(
                f"Pertanyaan harus berupa teks biasa (paling panjang {MAX_PROMPT_LENGTH} "
                f"huruf); nilai {show(prompt)} tidak diterima.",
                field="pertanyaan",
                value=prompt,
            )
        try:
            with self._lock():
                try:
                    data = _read(self.path)
                except _Corrupt as corrupt:
                    data = self._recover(corrupt.args[0])
                except _Unopenable as exc:
                    raise self._unopenable(exc.args[0]) from None
                if data is None:
                    data = _empty()
                answers = data["jawaban"]
                if delete:
                    if key not in answers.get(module, {}):
                        self._data, self._stamp = data, self._file_stamp()
                        return
                    del answers[module][key]
                    if not answers[module]:
                        del answers[module]
                else:
                    entry = {"nilai": value, "diubah": _now()}
                    if prompt:
                        entry["pertanyaan"] = prompt
                    answers.setdefault(module, {})[key] = entry
                text = json.dumps(data, ensure_ascii=False, indent=1)
                _write_text(self.path, text)
                self._data, self._stamp = data, self._file_stamp()
                try:
                    _write_text(self.backup_path, text)
                except (OSError, KemitraanError):
                    pass  # the main file is saved; the backup is a bonus
        except Timeout:
            raise WorkbookError(
                "Buku kerja sedang dipakai terlalu lama oleh proses lain "
                f"(kunci {self.lock_path}). "
                "Tunggu sebentar lalu coba lagi; jawaban ini belum tersimpan.",
                field="berkas",
                value=str(self.path),
            ) from None
        except WorkbookError:
            raise
        except KemitraanError as exc:
            raise WorkbookError(
                f"Buku kerja tidak bisa disimpan di {self.path}: {exc} "
                "Jawaban ini belum tersimpan.",
                field="berkas",
                value=str(self.path),
            ) from None
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise WorkbookError(
                f"Buku kerja tidak bisa disimpan di {self.path}: {why}. "
                "Periksa apakah folder itu ada dan boleh ditulisi; jawaban ini belum tersimpan.",
                field="berkas",
                value=str(self.path),
            ) from None

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r})"


def _text_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
