"""Language and case slips of the first edition stay fixed in the course text.

Scope: the teaching notebooks, the apps, the content data and the running cases. (The
graded assignments in solutions/ and exercises/ are being rewritten separately; add them
to FOLDERS once they follow these rules too.)
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import nbformat
import pytest

from kemitraan_lib import content

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("modules", "apps")

# pattern -> why it is wrong
SLIPS = {
    r"duduk sama tinggi": "peribahasanya 'duduk sama rendah, berdiri sama tinggi'",
    r"\b[Kk]erjasama\b(?!-)": "ejaan baku: 'kerja sama' (dua kata)",
    r"\b[Mm]ensinergikan": "ejaan baku: 'menyinergikan'",
    r"\b(?:pewaralaba|terwaralaba)\b": "PP 42/2007 memakai 'pemberi/penerima waralaba'",
    r"\bgetah\b": "kasus Mekarsari menanam sengon dan durian; tidak ada yang menjual getah",
    r"(?i)terpenting (?:sesudah|setelah) kesamaan visi": (
        "materi: kepercayaan 'tidak kalah penting'"
    ),
    r"Penjelasan Pasal 26": "bentuk kemitraan lain tercantum di Pasal 26 sendiri",
}


def texts():
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
                yield f"{path.relative_to(ROOT)}#{i}", cell.source
    for name, collection in content.COLLECTIONS.items():
        for item in collection:
            for f in dataclasses.fields(item):
                value = getattr(item, f.name)
                if isinstance(value, str) and f.name != "key":
                    yield f"content.{name}.{item.key}.{f.name}", value
    for path in sorted((ROOT / "data").glob("*.json")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def find(items) -> list[str]:
    found = []
    for where, text in items:
        for pattern, why in SLIPS.items():
            if re.search(pattern, text):
                found.append(f"{where}: {why}")
    return found


def test_no_known_slip_comes_back():
    problems = find(texts())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("slip", [
    "setiap pihak duduk sama tinggi", "Kerjasama Operasional", "mensinergikan program",
    "terwaralaba membayar royalti", "menjual getah",
    "Kepercayaan, terpenting setelah kesamaan visi",
])
def test_the_check_catches_each_slip(slip):
    assert find([("contoh", slip)])


def test_keys_and_correct_forms_pass():
    ok = ("duduk sama rendah, berdiri sama tinggi; kerja sama operasional "
          "(kunci kerjasama-operasional); menyinergikan; penerima waralaba; pengetahuan")
    assert find([("contoh", ok)]) == []
