"""The learner's own copy of the course and course updates (kemitraan_lab.ruang).

A small course (two modules, one exercise) in a temporary folder plays the
repository; nbgitpuller's real merge runs with real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from kemitraan_lab import ruang

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git tidak terpasang")


@pytest.fixture
def course(tmp_path):
    root = tmp_path / "kursus"
    (root / "modules").mkdir(parents=True)
    for name in ("00-mulai.ipynb", "03-pemetaan-mitra.ipynb", "05-prinsip.ipynb",
                 "11-rencana-kemitraan-saya.ipynb"):
        shutil.copy(ROOT / "modules" / name, root / "modules" / name)
    tugas = Path("exercises") / "tugas-01-hakikat"
    shutil.copytree(ROOT / tugas, root / tugas)
    (root / "solutions").mkdir()
    (root / "solutions" / "kunci.ipynb").write_text("{}", encoding="utf-8")
    (root / "modules" / ".ipynb_checkpoints").mkdir()
    (root / "modules" / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    return root


def _edit(path: Path, cell: int, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[cell].source += text
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def _cell(path: Path, cell: int) -> str:
    return nbformat.read(path, as_version=4).cells[cell].source


def test_first_start_makes_a_copy_without_the_keys(course, tmp_path):
    said = []
    space = ruang.update(tmp_path / "KursusKemitraan", course, say=said.append)
    assert (space / "modules" / "03-pemetaan-mitra.ipynb").read_bytes() == \
        (course / "modules" / "03-pemetaan-mitra.ipynb").read_bytes()
    assert (space / "exercises" / "tugas-01-hakikat" / "tugas-01-hakikat.ipynb").exists()
    assert not (space / "solutions").exists()
    assert not (space / "modules" / ".ipynb_checkpoints").exists()
    assert "Salinan kursus Anda dibuat" in said[0]
    # Nothing was written into the course folder.
    assert sorted(p.name for p in course.iterdir()) == ["exercises", "modules", "solutions"]


def test_update_keeps_the_learners_edits_and_updates_the_rest(course, tmp_path):
    space = ruang.update(tmp_path / "ruang", course, say=lambda _: None)
    mine = space / "modules" / "03-pemetaan-mitra.ipynb"
    _edit(mine, 5, "\nCatatan saya: tanya Pak Kades.")
    _edit(space / "modules" / "05-prinsip.ipynb", 3, "\nJawaban saya.")  # same cell as course
    (space / "modules" / "00-mulai.ipynb").unlink()  # deleted by mistake
    (space / "modules" / "catatan-saya.ipynb").write_text("{}", encoding="utf-8")

    # The course is updated: 03 in another cell, 05 in the same cell, a module renamed.
    _edit(course / "modules" / "03-pemetaan-mitra.ipynb", 20, "\nTambahan dari kursus.")
    _edit(course / "modules" / "05-prinsip.ipynb", 3, "\nRevisi kursus.")
    (course / "modules" / "11-rencana-kemitraan-saya.ipynb").rename(
        course / "modules" / "12-rencana-kemitraan-saya.ipynb")
    said = []
    ruang.update(space, course, say=said.append)

    assert _cell(mine, 5).endswith("Catatan saya: tanya Pak Kades.")  # kept
    assert _cell(mine, 20).endswith("Tambahan dari kursus.")  # and the update merged in
    nbformat.validate(nbformat.read(mine, as_version=4))
    theirs = space / "modules" / "05-prinsip.ipynb"
    assert "Jawaban saya." in _cell(theirs, 3)  # a conflict: the learner's lines win
    json.loads(theirs.read_text(encoding="utf-8"))  # still a valid notebook file
    assert (space / "modules" / "00-mulai.ipynb").exists()  # restored
    assert (space / "modules" / "12-rencana-kemitraan-saya.ipynb").exists()  # renamed upstream
    assert not (space / "modules" / "11-rencana-kemitraan-saya.ipynb").exists()
    assert (space / "modules" / "catatan-saya.ipynb").exists()  # the learner's own file
    assert "Kursus diperbarui" in said[0] and "tetap ada" in said[0]

    # A start without course changes says nothing and changes nothing.
    before = {p: p.read_bytes() for p in space.rglob("*.ipynb")}
    said.clear()
    ruang.update(space, course, say=said.append)
    assert said == []
    assert {p: p.read_bytes() for p in space.rglob("*.ipynb")} == before


def test_refuses_a_folder_that_is_not_a_copy_or_inside_the_course(course, tmp_path):
    other = tmp_path / "dokumen"
    other.mkdir()
    (other / "surat.txt").write_text("penting", encoding="utf-8")
    with pytest.raises(ruang.RuangError, match="bukan salinan kursus"):
        ruang.update(other, course, say=lambda _: None)
    assert (other / "surat.txt").read_text(encoding="utf-8") == "penting"
    with pytest.raises(ruang.RuangError, match="di dalam folder kursus"):
        ruang.update(course / "salinan", course, say=lambda _: None)


def test_default_space_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KEMITRAAN_RUANG", str(tmp_path / "x"))
    assert ruang.default_space() == tmp_path / "x"
    monkeypatch.delenv("KEMITRAAN_RUANG")
    assert ruang.default_space() == Path.home() / "KursusKemitraan"
