"""Learner-facing text never claims something the screen does not show.

The names a learner is told to click or open must exist: course widget buttons are
read from ``kemitraan_lib/views`` (every ``description="..."``), JupyterLab menus,
toolbar buttons and keys come from the one data file ``tests/nama_antarmuka.json``
(plus the course's own JupyterLab translations when ``kemitraan_lab/po`` is present),
and claims listed there as false (for example that every JupyterLab menu is in
Indonesian) fail the test wherever they appear.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = json.loads((Path(__file__).with_name("nama_antarmuka.json")).read_text(encoding="utf-8"))
FOLDERS = ("modules", "apps", "exercises")

MENU = re.compile(r"[Mm]enu\s+\*\*([^*]+)\*\*")
BUTTON = re.compile(r"(?:[Kk]lik|[Tt]ekan|[Tt]ombol)\s+(?:tombol\s+|tanda\s+)?\*\*([^*]+)\*\*")
DESCRIPTION = re.compile(r"""description\s*=\s*(?:"([^"]+)"|'([^']+)')""")


def _translated(names) -> set[str]:
    """Menu paths or button names with the course's Indonesian names, when the
    translations are shipped."""
    po = ROOT / "kemitraan_lab" / "po" / "id_ID" / "jupyterlab.po"
    if not po.is_file():
        return set()
    text = po.read_text(encoding="utf-8")
    pairs = dict(re.findall(r'msgid "([^"]+)"\s*\nmsgstr "([^"]+)"', text))
    result = set()
    for path in names:
        parts = [p.strip() for p in path.split("→")]
        result.add(" → ".join(pairs.get(p, p) for p in parts))
    return result


def widget_buttons() -> set[str]:
    names = set()
    for path in (ROOT / "kemitraan_lib" / "views").glob("*.py"):
        for a, b in DESCRIPTION.findall(path.read_text(encoding="utf-8")):
            names.add(a or b)
    return names


MENUS = set(DATA["menu"]) | _translated(DATA["menu"])
BUTTONS = (widget_buttons() | set(DATA["tombol"]) | _translated(DATA["tombol"])
           | set(DATA["papan_ketik"]))


def learner_texts():
    """(where, text) of every markdown cell and string of a code cell a learner sees."""
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            nb = nbformat.read(path, as_version=4)
            for i, cell in enumerate(nb.cells):
                yield f"{path.relative_to(ROOT)}#{i}", cell.source


TEXTS = list(learner_texts())


def check(texts) -> list[str]:
    problems = []
    for where, text in texts:
        flat = " ".join(text.split())
        for name in MENU.findall(flat):
            if name.strip() not in MENUS:
                problems.append(f"{where}: menu '{name}' tidak ada di layar")
        for name in BUTTON.findall(flat):
            if name.strip() not in BUTTONS:
                problems.append(f"{where}: tombol '{name}' tidak ada di layar")
        for claim in DATA["klaim_terlarang"]:
            if re.search(claim["pola"], flat):
                problems.append(f"{where}: klaim keliru ({claim['alasan']})")
    return problems


def test_there_is_learner_text_to_check():
    assert len(TEXTS) > 200
    assert {"Periksa", "Tampilkan rekomendasi", "Simpan pilihan ini"} <= widget_buttons()


def test_learner_text_names_only_menus_and_buttons_that_exist():
    problems = check(TEXTS)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "text",
    [
        "Pilih menu **Berkas → Simpan Semua**, lalu tutup.",
        "Klik **Kirim ke pelatih** di bawah.",
        "Semua teks, tombol dan tampilan JupyterLab di kursus ini memakai Bahasa Indonesia.",
        "Seluruh menu sudah berbahasa Indonesia.",
    ],
)
def test_the_check_catches_a_false_claim(text):
    assert check([("contoh", text)])


def test_the_check_accepts_true_claims():
    ok = ("Klik **Periksa**. Tekan **Shift + Enter**. Pilih menu **Kernel → Restart Kernel…**. "
          "Sebagian menu JupyterLab masih berbahasa Inggris.")
    assert check([("contoh", ok)]) == []
