"""`make nilai`: a whole class graded in parallel in the sandbox, one gradebook writer.

A synthetic class of 16 submissions (correct, blank, wrong, broken file, an
endless loop that is interrupted, one that ignores interrupts and hangs past
the runner's time limit, and honest ones) goes through
``python -m kemitraan_lib.grading.nilai`` with two workers. The tests check
the summary, the scores in the gradebook (the same numbers nbgrader's own
autograde gives), that a trainer's manual score survives a re-grade, that the
SQLite gradebook is intact and that no process is left.
"""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import subprocess
import sys

import attack_support as at
import grading_support as gs
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400), pytest.mark.skipif(
    shutil.which("bwrap") is None and os.environ.get("CI") != "true",
    reason="bubblewrap (bwrap) tidak terpasang: tools/install-system-deps.sh")]

HONEST = [f"p{i:02d}" for i in range(1, 11)]  # ten correct submissions
RUNNER_TIMEOUT = 300


def _nilai(course, *args, timeout=1800):
    return subprocess.run(
        [sys.executable, "-m", "kemitraan_lib.grading.nilai", *args], cwd=course,
        env=gs.env(), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def kelas(tmp_path_factory):
    name = gs.assignments()[0]
    course = gs.make_course(tmp_path_factory.mktemp("kelas"), [name])
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\nc.Execute.timeout = 8\n")
    assert gs.nbgrader(course, "generate_assignment", name).returncode == 0
    src = gs.read_nb(gs.source_path(course, name))
    rel = gs.read_nb(gs.release_path(course, name))
    for student in HONEST:
        gs.submit(course, student, name, gs.fill(rel, src))
    gs.submit(course, "kosong", name, rel)
    wrong = [gid for gid, c in gs.solution_cells(src).items() if c.cell_type == "code"
             and gs.answer_number(gid) and _has_wrong(c)][:1]
    gs.submit(course, "salah", name, gs.fill(rel, src, wrong=set(wrong)))
    gs.submit(course, "rusak", name, raw=b'{"cells": [ bukan JSON')
    loop = gs.fill(rel, src)
    at.first_code_answer(loop).source = "while True:\n    pass\n"
    gs.submit(course, "loop", name, loop)
    hang = copy.deepcopy(loop)
    at.first_code_answer(hang).source = (
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n")
    gs.submit(course, "macet", name, hang)
    gs.submit(course, "tulisan", name, gs.fill(rel, src))
    # a manual score the trainer already gave must survive the run
    first = gs.nbgrader(course, "autograde", name, "--student", "tulisan")
    assert first.returncode == 0, first.stdout[-2000:]
    manual = _give_manual_score(course, name, "tulisan")
    res = _nilai(course, name, "--pekerja", "2", "--batas-waktu", str(RUNNER_TIMEOUT),
                 "--paksa")
    return {"course": course, "name": name, "src": src, "res": res, "wrong": wrong,
            "manual": manual, "scores": gs.gradebook_scores(course, name),
            "left": at.sandbox_processes()}


def _has_wrong(cell) -> bool:
    try:
        return gs.wrong_value(gs.solution_region(cell.source)) is not None
    except StopIteration:
        return False


def _give_manual_score(course, name, student):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(name, student)
        for nb in sub.notebooks:
            for grade in nb.grades:
                # a written answer, graded by hand (a code cell since issue 15)
                if grade.auto_score is None:
                    grade.manual_score = grade.max_score
                    gb.db.commit()
                    return grade.name, grade.max_score
    return None


def test_summary_lists_graded_flagged_failed_and_time(kelas):
    res = kelas["res"]
    out = res.stdout
    assert res.returncode == 1, out + res.stderr  # some failed
    assert f"Ringkasan penilaian {kelas['name']}: 16 kiriman, 2 pekerja" in out, out
    assert "Dinilai                 : 14" in out, out
    assert "Gagal dinilai           : 2" in out, out
    assert "- rusak: berkas rusak" in out
    assert "- macet: sel tidak berhenti saat diinterupsi" in out
    assert "- loop: Ada sel yang dihentikan" in out  # flagged with the flag text
    assert "Waktu:" in out
    assert "Menilai" in res.stderr  # the progress bar


def test_scores_are_what_nbgrader_gives(kelas):
    scores, auto = kelas["scores"], gs.points(kelas["src"])[0]
    for student in HONEST:
        assert scores[student]["code_score"] == pytest.approx(auto), student
    assert scores["kosong"]["score"] == 0
    assert 0 < scores["salah"]["code_score"] < auto
    assert 0 <= scores["loop"]["code_score"] < auto
    assert not scores["macet"]["code_score"]
    assert not (kelas["course"] / "autograded" / "macet" / kelas["name"]).exists()
    assert not (kelas["course"] / "autograded" / "rusak").exists()


def test_manual_score_survives_the_regrade(kelas):
    grade_name, points = kelas["manual"]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{kelas['course'] / 'gradebook.db'}") as gb:
        sub = gb.find_submission(kelas["name"], "tulisan")
        found = [g for nb in sub.notebooks for g in nb.grades if g.name == grade_name]
        assert found and found[0].manual_score == points
        # written answers are code cells (issue 15): the code score holds the autograded
        # points plus the manual score the trainer gave before the re-grade
        assert sub.code_score == pytest.approx(gs.points(kelas["src"])[0] + points)


def test_gradebook_is_intact_and_has_every_submission(kelas):
    db = sqlite3.connect(kelas["course"] / "gradebook.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    assert set(kelas["scores"]) == set(HONEST) | {"kosong", "salah", "rusak", "loop", "macet",
                                                  "tulisan"}


def test_no_process_left(kelas):
    assert kelas["left"] == []


def test_runner_time_limit_kills_a_slow_submission(kelas):
    """A submission slower than --batas-waktu: its worker is killed, the others go on."""
    course, name = kelas["course"], kelas["name"]
    src, rel = kelas["src"], gs.read_nb(gs.release_path(course, name))
    slow = gs.fill(rel, src)
    for cell in slow.cells:  # every answer cell sleeps a little: no cell times out
        if gs.nbg(cell).get("solution") and cell.cell_type == "code":
            cell.source = "import time\ntime.sleep(6)\n" + cell.source
    gs.submit(course, "lambat", name, slow)
    res = _nilai(course, name, "--peserta", "lambat,p03", "--batas-waktu", "40", "--paksa",
                 "--tanpa-bilah")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "- lambat: melewati batas waktu 40 detik" in res.stdout
    assert "Dinilai                 : 1" in res.stdout  # p03, despite the slow one
    assert not (course / "autograded" / "lambat" / name).exists()
    assert at.sandbox_processes() == []


def test_second_run_skips_graded_submissions(kelas):
    res = _nilai(kelas["course"], kelas["name"], "--pekerja", "2", "--peserta", "p01,p02",
                 "--tanpa-bilah")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Dilewati                : 2" in res.stdout


def test_missing_assignment_and_missing_name_are_explained(kelas):
    res = _nilai(kelas["course"], "tugas-99-tidak-ada")
    assert res.returncode == 2 and "belum ada di buku nilai" in res.stderr
    res = _nilai(kelas["course"])
    assert res.returncode == 2 and "make nilai TUGAS=" in res.stderr
