"""Check the notebooks participants sent back, before ``nbgrader zip_collect``.

The trainer saves every file received by e-mail or chat (notebooks and zip
files) into ``downloaded/<tugas>/archive/``. This script reads that folder
(and inside zip files) and prints, in Indonesian, for each file whether
``nbgrader zip_collect`` will take it, and if not why and how to fix it:

- the name does not follow ``<id>_<tugas>.ipynb`` (it suggests a name when
  the file name contains a known participant ID);
- the ID is not in the participant list (gradebook);
- the file belongs to another assignment;
- the file is not a readable notebook (broken JSON): ask for it again;
- two files for the same participant (zip_collect would stop).

It also lists participants without a file. It changes nothing.

    python tools/nilai_periksa_kiriman.py tugas-03-pemetaan
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME_RULE = re.compile(
    r"^(?P<student_id>[a-z0-9][a-z0-9.\-]*)_(?P<file_id>tugas-\d\d-[a-z]+)\.ipynb$")


@dataclass(frozen=True)
class Finding:
    """One received file and what zip_collect will do with it."""

    file: str             # path shown to the trainer (inside a zip: "kiriman.zip:nama.ipynb")
    ok: bool
    student_id: str = ""
    message: str = ""


def _entries(archive: Path):
    """(shown name, base name, bytes) for every file, also those inside zip files."""
    for path in sorted(p for p in archive.rglob("*") if p.is_file()):
        rel = str(path.relative_to(archive))
        if path.suffix.lower() == ".zip":
            try:
                with zipfile.ZipFile(path) as zf:
                    for info in zf.infolist():
                        if info.is_dir():
                            continue
                        yield f"{rel}:{info.filename}", Path(info.filename).name, zf.read(info)
            except zipfile.BadZipFile:
                yield rel, path.name, None
        else:
            yield rel, path.name, path.read_bytes()


def _is_notebook(data: bytes | None) -> bool:
    if data is None:
        return False
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(nb, dict) and isinstance(nb.get("cells"), list)


def check(archive: Path, assignment: str, known_ids: set[str]) -> list[Finding]:
    """Check every file in ``archive`` for ``assignment``; ``known_ids`` from the gradebook."""
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for shown, base, data in _entries(archive):
        if base.startswith(".") or base.endswith("~"):
            continue
        if base.lower().endswith(".zip"):
            findings.append(Finding(shown, False, message="berkas zip rusak; minta dikirim ulang"))
            continue
        if not base.endswith(".ipynb"):
            findings.append(Finding(shown, False,
                                    message="bukan notebook (.ipynb); zip_collect melewatinya"))
            continue
        m = NAME_RULE.match(base)
        if not m:
            hint = _suggest(base, assignment, known_ids)
            findings.append(Finding(
                shown, False,
                message="nama tidak sesuai aturan <id>_<tugas>.ipynb; zip_collect melewatinya."
                + (f" Ganti nama menjadi {hint}" if hint else
                   " Cari tahu pengirimnya lalu ganti namanya, misalnya "
                   f"p07_{assignment}.ipynb"),
            ))
            continue
        sid, file_id = m["student_id"], m["file_id"]
        if file_id != assignment:
            findings.append(Finding(
                shown, False, sid,
                f"ini tugas {file_id}, bukan {assignment}; pindahkan ke downloaded/{file_id}/"
                "archive/"))
            continue
        if known_ids and sid not in known_ids:
            findings.append(Finding(
                shown, False, sid,
                f"ID {sid!r} tidak ada di daftar peserta; periksa ejaannya atau masukkan "
                "pesertanya dulu (python -m kemitraan_lib.grading.participants)"))
            continue
        if not _is_notebook(data):
            findings.append(Finding(
                shown, False, sid,
                "berkas rusak (bukan notebook yang bisa dibaca); minta peserta mengirim ulang"))
            continue
        if sid in seen:
            findings.append(Finding(
                shown, False, sid,
                f"peserta {sid} sudah mengirim {seen[sid]}; simpan hanya kiriman terakhir "
                "(zip_collect berhenti jika ada dua)"))
            continue
        seen[sid] = shown
        findings.append(Finding(shown, True, sid, "siap dikumpulkan"))
    return findings


def _suggest(base: str, assignment: str, known_ids: set[str]) -> str:
    lowered = base.lower()
    hits = [pid for pid in known_ids
            if re.search(rf"(?<![a-z0-9]){re.escape(pid)}(?![a-z0-9])", lowered)]
    if len(hits) == 1:
        return f"{hits[0]}_{assignment}.ipynb"
    return ""


def known_students(course: Path) -> set[str]:
    db = course / "gradebook.db"
    if not db.exists():
        return set()
    sys.path.insert(0, str(ROOT))
    from kemitraan_lib.grading._paths import ensure_venv_on_path

    ensure_venv_on_path()
    from nbgrader.api import Gradebook

    with Gradebook("sqlite:///" + str(db.resolve())) as gb:
        return {s.id for s in gb.students}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Periksa berkas kiriman peserta sebelum nbgrader zip_collect.")
    parser.add_argument("tugas", help="nama tugas, misalnya tugas-03-pemetaan")
    parser.add_argument("--kursus", default=".", help="folder kursus (default: folder ini)")
    args = parser.parse_args(argv)
    course = Path(args.kursus)
    archive = course / "downloaded" / args.tugas / "archive"
    if not archive.is_dir():
        print(f"GAGAL: folder {archive} tidak ada. Simpan berkas kiriman peserta di sana.",
              file=sys.stderr)
        return 1
    known = known_students(course)
    findings = check(archive, args.tugas, known)
    good = [f for f in findings if f.ok]
    bad = [f for f in findings if not f.ok]
    print(f"{len(findings)} berkas diperiksa di {archive}: {len(good)} siap, "
          f"{len(bad)} perlu perhatian.")
    for f in findings:
        mark = "OK   " if f.ok else "PERIKSA"
        print(f"  {mark} {f.file}: {f.message}")
    if known:
        missing = sorted(known - {f.student_id for f in good})
        if missing:
            print(f"Belum ada kiriman dari {len(missing)} peserta: {', '.join(missing)}")
    else:
        print("Catatan: daftar peserta belum dimasukkan, jadi ID tidak diperiksa.")
    return 0 if not bad else 2


if __name__ == "__main__":
    sys.exit(main())
