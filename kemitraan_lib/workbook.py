"""The learner's workbook: activity answers kept in a JSON file outside the repository.

Where: ``$KEMITRAAN_BUKU_KERJA`` if set, else ``~/BukuKerjaKemitraan/buku-kerja.json``.

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
* Values must be JSON-serialisable, else :class:`InvalidValueError` and nothing changes.

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
from datetime import datetime
from pathlib import Path

from kemitraan_lib.errors import InvalidValueError, KemitraanError

__all__ = [
    "Workbook",
    "default_path",
    "FORMAT",
    "VERSION",
    "ENV_VAR",
]

FORMAT = "kemitraan-buku-kerja"
VERSION = 1
ENV_VAR = "KEMITRAAN_BUKU_KERJA"
LOCK_TIMEOUT = 15.0
_ALLOWED_KINDS = (
    "teks, angka, benar/salah, kosong (None), daftar, atau kamus berisi nilai-nilai itu"
)


def default_path() -> Path:
    """The workbook file: ``$KEMITRAAN_BUKU_KERJA`` or ``~/BukuKerjaKemitraan/buku-kerja.json``."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path.home() / "BukuKerjaKemitraan" / "buku-kerja.json"


def _empty() -> dict:
    return {"format": FORMAT, "versi": VERSION, "jawaban": {}}


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _check_name(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"{what} harus berupa teks yang tidak kosong, misalnya '03'; "
            f"nilai {value!r} tidak diterima.",
            field=what.lower(),
            value=value,
        )
    text = value.strip()
    if len(text) > 60 or any(ord(ch) < 32 for ch in text):
        raise InvalidValueError(
            f"{what} '{text[:60]}' tidak diterima: paling banyak 60 huruf, tanpa karakter kontrol.",
            field=what.lower(),
            value=value,
        )
    return text


def _validate(data) -> str | None:
    """Return None when ``data`` is a valid workbook, else a short Indonesian reason."""
    if not isinstance(data, dict):
        return "isinya bukan buku kerja"
    if data.get("format") != FORMAT:
        return f"penanda format bukan '{FORMAT}'"
    if data.get("versi") != VERSION:
        return f"versi {data.get('versi')!r} tidak dikenal (yang dikenal: {VERSION})"
    answers = data.get("jawaban")
    if not isinstance(answers, dict):
        return "bagian 'jawaban' tidak ada"
    for module, entries in answers.items():
        if not isinstance(entries, dict):
            return f"jawaban modul {module!r} tidak terbaca"
        for key, entry in entries.items():
            if not isinstance(entry, dict) or "nilai" not in entry:
                return f"jawaban {module}/{key} tidak terbaca"
    return None


def _atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically via :func:`kemitraan_lib.files.atomic_write_text`."""
    from kemitraan_lib.files import atomic_write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)


class Workbook:
    """The learner's answers, saved at once on every change.

    ``Workbook(path=None)`` opens (or prepares) the workbook; the file and its
    folder are created on the first :meth:`set`.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_path()
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
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    @staticmethod
    def _read(path: Path):
        """Return (data, reason): data is None when the file is missing or unreadable.

        ``reason`` starts with "tidak bisa dibuka" when the file could not be
        opened at all (a folder, no permission): that is not corruption and the
        file is left alone.
        """
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None, "hilang"
        except OSError as exc:
            return None, f"tidak bisa dibuka: {exc.strerror or exc}"
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return None, f"bukan JSON yang sah ({type(exc).__name__})"
        reason = _validate(data)
        if reason:
            return None, reason
        return data, None

    def _unopenable(self, reason: str) -> KemitraanError:
        return KemitraanError(
            f"Buku kerja {self.path} {reason}. Periksa berkas atau folder itu (izin, nama); "
            "jawaban ini belum tersimpan.",
            field="berkas",
            value=str(self.path),
        )

    def _refresh(self, force: bool = False) -> None:
        """Reload from disk when the file changed (cheap stat check)."""
        from filelock import Timeout

        stamp = self._file_stamp()
        if not force and stamp == self._stamp:
            return
        if stamp is None:
            self._data, self._stamp = _empty(), None
            return
        data, reason = self._read(self.path)
        if data is None and not reason.startswith("tidak bisa dibuka"):
            try:
                with self._lock():
                    data, reason = self._read(self.path)  # another process may have fixed it
                    if data is None and not reason.startswith("tidak bisa dibuka"):
                        data = self._recover(reason) if self.path.is_file() else None
            except (OSError, Timeout, KemitraanError) as exc:
                reason = f"tidak bisa dibuka: {exc}"
                data = None
        if data is None and reason.startswith("tidak bisa dibuka"):
            self.message = str(self._unopenable(reason))
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
        backup, _ = self._read(self.backup_path)
        if backup is not None:
            _atomic_write_text(self.path, json.dumps(backup, ensure_ascii=False, indent=1))
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
        self._refresh()
        entry = self._data["jawaban"].get(str(module), {}).get(str(key))
        if entry is None:
            return default
        return copy.deepcopy(entry["nilai"])

    def entry(self, module: str, key: str) -> dict | None:
        """The whole saved entry (``nilai``, ``diubah``, maybe ``pertanyaan``) or None."""
        self._refresh()
        entry = self._data["jawaban"].get(str(module), {}).get(str(key))
        return copy.deepcopy(entry) if entry is not None else None

    def answers(self, module: str) -> dict:
        """All saved values of one module: ``{key: value}``."""
        self._refresh()
        entries = self._data["jawaban"].get(str(module), {})
        return {key: copy.deepcopy(e["nilai"]) for key, e in entries.items()}

    def entries(self, module: str) -> dict:
        """All saved entries of one module: ``{key: {"nilai", "diubah", ...}}``."""
        self._refresh()
        return copy.deepcopy(self._data["jawaban"].get(str(module), {}))

    def modules(self) -> list[str]:
        """Module numbers that have at least one answer, sorted."""
        self._refresh()
        return sorted(m for m, e in self._data["jawaban"].items() if e)

    def set(self, module: str, key: str, value, *, prompt: str | None = None) -> None:
        """Save one answer at once; other answers in the file are kept.

        Raises :class:`InvalidValueError` (nothing changes) for a value that
        cannot be stored as JSON, and :class:`KemitraanError` when the file
        cannot be written (the message says why).
        """
        self._update(module, key, value, prompt=prompt, delete=False)

    def delete(self, module: str, key: str) -> None:
        """Remove one answer (no error when it is not there)."""
        self._update(module, key, None, prompt=None, delete=True)

    def _update(self, module, key, value, *, prompt, delete: bool) -> None:
        module = _check_name(module, "Modul")
        key = _check_name(key, "Kunci")
        if not delete:
            try:
                encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise InvalidValueError(
                    f"Jawaban untuk {module}/{key} tidak bisa disimpan: nilai bertipe "
                    f"'{type(value).__name__}' ({exc}). Yang bisa disimpan: {_ALLOWED_KINDS}.",
                    field="nilai",
                    value=value,
                ) from None
            value = json.loads(encoded)
        if prompt is not None and not isinstance(prompt, str):
            raise InvalidValueError(
                f"Pertanyaan harus berupa teks; nilai {prompt!r} tidak diterima.",
                field="pertanyaan",
                value=prompt,
            )
        from filelock import Timeout

        try:
            with self._lock():
                data, reason = self._read(self.path)
                if data is None and reason.startswith("tidak bisa dibuka"):
                    raise self._unopenable(reason)
                if data is None:
                    data = self._recover(reason) if self.path.exists() else _empty()
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
                _atomic_write_text(self.path, text)
                self._data, self._stamp = data, self._file_stamp()
                try:
                    _atomic_write_text(self.backup_path, text)
                except (OSError, KemitraanError):
                    pass  # the main file is saved; the backup is a bonus
        except Timeout:
            raise KemitraanError(
                "Buku kerja sedang dipakai terlalu lama oleh proses lain "
                f"(kunci {self.lock_path}). "
                "Tunggu sebentar lalu coba lagi; jawaban ini belum tersimpan.",
                field="berkas",
                value=str(self.path),
            ) from None
        except KemitraanError as exc:
            if "belum tersimpan" in str(exc):
                raise
            raise KemitraanError(
                f"Buku kerja tidak bisa disimpan di {self.path}: {exc} "
                "Jawaban ini belum tersimpan.",
                field="berkas",
                value=str(self.path),
            ) from None
        except OSError as exc:
            why = exc.strerror or str(exc)
            raise KemitraanError(
                f"Buku kerja tidak bisa disimpan di {self.path}: {why}. "
                "Periksa apakah folder itu ada dan boleh ditulisi; jawaban ini belum tersimpan.",
                field="berkas",
                value=str(self.path),
            ) from None

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r})"
