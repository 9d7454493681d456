"""Import the participant list (a CSV file) into nbgrader's gradebook.

The trainer keeps one CSV file, e.g. exported from a spreadsheet::

    id;nama_depan;nama_belakang;email
    p01;Siti;Nur'aini;siti@contoh.id
    p02;Bambang;;

- separator ``;`` or ``,`` (detected from the header line); UTF-8 with or
  without BOM (Excel's "CSV UTF-8"); headers in any case, English names
  (``first_name``, ``last_name``) are accepted too;
- ``id`` is what participants put in front of their file names
  (``p01_tugas-03-pemetaan.ipynb``): lowercase letters, digits, ``.`` or
  ``-``, starting with a letter or digit; no spaces, capitals or ``_``;
- ``nama_depan`` is required, ``nama_belakang`` and ``email`` may be empty
  (many people have one name only).

The whole file is checked first; if any row is bad nothing is imported and
every bad row is named. ``nbgrader db student import`` also exists, but it
only reads ``,``-separated files with English headers and checks nothing.

Command line (run in the course folder, next to ``nbgrader_config.py``)::

    python -m kemitraan_lib.grading.participants peserta.csv
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from kemitraan_lib.errors import FileAccessError, FileFormatError, KemitraanError

__all__ = ["Participant", "ID_PATTERN", "parse_participants", "read_participants",
           "import_participants", "main"]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HEADERS = {
    "id": "id", "id_peserta": "id", "student_id": "id",
    "nama_depan": "first_name", "first_name": "first_name",
    "nama_belakang": "last_name", "last_name": "last_name",
    "email": "email", "surel": "email",
}
REQUIRED = ("id", "nama_depan")
COLUMNS = ("id", "nama_depan", "nama_belakang", "email")
_MAX_ERRORS = 20


@dataclass(frozen=True)
class Participant:
    """One row of the participant list."""

    id: str
    first_name: str
    last_name: str = ""
    email: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def parse_participants(text: str, source: str = "daftar peserta") -> list[Participant]:
    """Parse CSV text into participants; raise FileFormatError naming every bad row.

    >>> rows = parse_participants("id;nama_depan;nama_belakang;email\\np01;Siti;Nur;s@a.id\\n")
    >>> rows[0].id, rows[0].full_name
    ('p01', 'Siti Nur')
    >>> parse_participants("id,nama_depan\\nP 01,Siti\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kemitraan_lib.errors.FileFormatError: daftar peserta, baris 2: ID 'P 01' tidak dapat dipakai...
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise FileFormatError(
            f"{source} kosong. Baris pertama harus judul kolom: {', '.join(COLUMNS)}.",
            file=source, row=1, field="judul", value="", allowed=COLUMNS,
        )
    first = lines[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    mapped: list[str | None] = []
    for col in header:
        mapped.append(_HEADERS.get(_header_key(col)))
    missing = [req for req in REQUIRED if _HEADERS[req] not in mapped]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "(tidak ada)"
        raise FileFormatError(
            f"{source}: kolom {', '.join(missing)} tidak ada. Kolom yang ditemukan: {found}. "
            f"Kolom yang dipakai: {', '.join(COLUMNS)} (pisahkan dengan ; atau ,).",
            file=source, row=1, field="judul", value=found, allowed=COLUMNS,
        )
    errors: list[str] = []
    first_error: tuple[int, str] = (0, "")
    participants: list[Participant] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {"id": "", "first_name": "", "last_name": "", "email": ""}
        for key, cell in zip(mapped, row, strict=False):
            if key is not None:
                values[key] = cell.strip()
        problem, column = _row_problem(values, seen)
        if problem:
            errors.append(f"baris {row_number}: {problem}")
            if not first_error[0]:
                first_error = (row_number, column)
            continue
        seen[values["id"]] = row_number
        participants.append(Participant(
            id=values["id"], first_name=values["first_name"],
            last_name=values["last_name"], email=values["email"],
        ))
    if errors:
        shown = errors[:_MAX_ERRORS]
        more = len(errors) - len(shown)
        message = "; ".join(shown) + (f"; dan {more} baris lain" if more else "")
        raise FileFormatError(
            f"{source}, {message}. Tidak ada peserta yang dimasukkan; perbaiki berkas lalu "
            "ulangi.",
            file=source, row=first_error[0], column=first_error[1], field=first_error[1],
        )
    if not participants:
        raise FileFormatError(f"{source} tidak berisi peserta (hanya judul kolom).", file=source)
    return participants


def _row_problem(values: dict[str, str], seen: dict[str, int]) -> tuple[str, str]:
    pid = values["id"]
    if not pid:
        return "ID kosong; setiap peserta perlu ID, misalnya p01.", "id"
    if not ID_PATTERN.match(pid):
        suggestion = re.sub(r"[^a-z0-9.\-]+", "-", pid.lower()).strip("-.") or "p01"
        return (
            f"ID {pid!r} tidak dapat dipakai. Pakai huruf kecil, angka, titik atau tanda minus, "
            f"tanpa spasi dan garis bawah, misalnya {suggestion!r}",
            "id",
        )
    if pid in seen:
        return f"ID {pid!r} sudah dipakai di baris {seen[pid]}; setiap ID harus berbeda.", "id"
    if not values["first_name"]:
        return f"nama_depan untuk ID {pid!r} kosong.", "nama_depan"
    if values["email"] and not _EMAIL.match(values["email"]):
        return (
            f"email {values['email']!r} tidak berbentuk alamat surel (contoh: nama@contoh.id); "
            "kosongkan jika tidak ada.",
            "email",
        )
    return "", ""


def read_participants(path: str | os.PathLike) -> list[Participant]:
    """Read and check a participant CSV file (see :func:`parse_participants`)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise FileAccessError(f"Berkas daftar peserta {str(p)!r} tidak dapat dibuka "
                              f"({exc.strerror or exc}).", file=str(p), value=str(p)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise FileFormatError(
                f"Berkas {p.name!r} bukan teks UTF-8. Di Excel simpan sebagai "
                "'CSV UTF-8 (Comma delimited)'.", value=p.name) from None
    return parse_participants(text, source=p.name)


def import_participants(path: str | os.PathLike, db_url: str) -> list[Participant]:
    """Check the whole file, then add or update every participant in the gradebook.

    Existing participants keep their grades; their names and e-mail are updated.
    """
    participants = read_participants(path)
    from nbgrader.api import Gradebook

    from kemitraan_lib.grading._paths import ensure_venv_on_path

    ensure_venv_on_path()

    with Gradebook(db_url) as gb:
        for person in participants:
            gb.update_or_create_student(
                person.id, first_name=person.first_name or None,
                last_name=person.last_name or None, email=person.email or None,
            )
    return participants


def _course_db_url(course: Path) -> str:
    return "sqlite:///" + str((course / "gradebook.db").resolve())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kemitraan_lib.grading.participants",
        description="Masukkan daftar peserta (berkas CSV) ke buku nilai nbgrader.",
    )
    parser.add_argument("berkas", help="berkas CSV: id, nama_depan, nama_belakang, email")
    parser.add_argument("--kursus", default=".", help="folder kursus (default: folder ini)")
    parser.add_argument("--db", default=None,
                        help="alamat buku nilai (default: sqlite di folder kursus)")
    parser.add_argument("--periksa", action="store_true",
                        help="hanya periksa berkas, jangan masukkan apa pun")
    args = parser.parse_args(argv)
    try:
        if args.periksa:
            people = read_participants(args.berkas)
        else:
            db_url = args.db or _course_db_url(Path(args.kursus))
            people = import_participants(args.berkas, db_url)
    except KemitraanError as exc:
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 1
    verb = "lolos pemeriksaan" if args.periksa else "dimasukkan ke buku nilai"
    print(f"{len(people)} peserta {verb}:")
    for person in people:
        print(f"  {person.id}  {person.full_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
