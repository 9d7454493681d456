"""The course setting that decides what a visible test may say: latihan or ujian.

- ``ujian`` (exam): visible tests check only the FORM of an answer (filled,
  a letter among a-d, a known key, a number, ...) and say that correctness is
  decided when the trainer grades. Nothing in the participant's reach reveals
  an answer: the released notebook holds no key and no digest of a key.
- ``latihan`` (self-study practice): visible tests also confirm whether the
  answer is right, by running the hidden test of the same question from the
  trainer's source notebook ``solutions/<tugas>/<tugas>.ipynb``. This works
  only where that notebook can be read, i.e. on the machine of a self-learner
  who has the whole course, never on a class server or a participant package
  (``git archive ... ':(exclude)solutions'``).
- ``penilaian`` (grading): used inside the trusted verdict's kernel; visible
  tests stay silent and the hidden test speaks.

The setting is the environment variable ``KEMITRAAN_MODE`` (``latihan`` or
``ujian``). Unset, the mode is ``latihan`` when the source notebook of the
assignment can be read and ``ujian`` otherwise. Any other value means
``ujian``. Standard library only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = [
    "MODE_ENV",
    "LATIHAN",
    "UJIAN",
    "PENILAIAN",
    "setting",
    "current",
    "source_notebook",
    "hidden_test",
]

MODE_ENV = "KEMITRAAN_MODE"
LATIHAN, UJIAN, PENILAIAN = "latihan", "ujian", "penilaian"
_BEGIN, _END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
_cache: dict[Path, tuple[float, dict]] = {}


def setting() -> str | None:
    """The mode asked for by ``KEMITRAAN_MODE`` (None when unset or empty)."""
    raw = os.environ.get(MODE_ENV, "").strip().lower()
    if not raw:
        return None
    return raw if raw in (LATIHAN, UJIAN, PENILAIAN) else UJIAN


def _roots() -> list[Path]:
    roots: list[Path] = []
    if os.environ.get("KEMITRAAN_KURSUS"):
        roots.append(Path(os.environ["KEMITRAAN_KURSUS"]))
    try:
        here = Path.cwd()
        roots += [here, *here.parents]
    except OSError:
        pass
    roots.append(Path(__file__).resolve().parents[2])
    return roots


def source_notebook(tugas: str) -> Path | None:
    """The readable source notebook ``solutions/<tugas>/<tugas>.ipynb``, or None."""
    if not tugas or "/" in tugas or "\\" in tugas or tugas.startswith("."):
        return None
    for root in _roots():
        path = root / "solutions" / tugas / f"{tugas}.ipynb"
        try:
            if path.is_file() and os.access(path, os.R_OK):
                return path
        except OSError:
            continue
    return None


def current(tugas: str) -> str:
    """The mode for ``tugas`` now: ``latihan``, ``ujian`` or ``penilaian``."""
    asked = setting()
    if asked in (UJIAN, PENILAIAN):
        return asked
    return LATIHAN if source_notebook(tugas) is not None else UJIAN


def _load(path: Path) -> dict | None:
    try:
        stamp = path.stat().st_mtime
        if path in _cache and _cache[path][0] == stamp:
            return _cache[path][1]
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    _cache[path] = (stamp, data)
    return data


def hidden_test(tugas: str, soal: str) -> str | None:
    """The hidden-test code of question ``soal`` in the source notebook, or None.

    The test cell is the one whose nbgrader ``grade_id`` is ``uji-<soal>`` or
    starts with ``uji-<soal>-``.
    """
    path = source_notebook(tugas)
    data = _load(path) if path else None
    if not data:
        return None
    for cell in data.get("cells", []):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if gid != f"uji-{soal}" and not gid.startswith(f"uji-{soal}-"):
            continue
        src = cell.get("source", "")
        src = src if isinstance(src, str) else "".join(src)
        lines, inside = [], False
        for line in src.split("\n"):
            if _BEGIN in line:
                inside = True
            elif _END in line:
                inside = False
            elif inside:
                lines.append(line)
        return "\n".join(lines) if lines else None
    return None
