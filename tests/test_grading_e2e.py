"""The trainer's whole nbgrader workflow on a synthetic class, with real nbgrader commands.

One temporary course folder (a copy of nbgrader_config.py + solutions/) is
built once for this module: participants are imported from a CSV, every
assignment is released, submissions arrive (some directly, some through
``nbgrader zip_collect``), everything is autograded, feedback is generated,
grades exported and the class report written. The tests then check each
step's outcome.

Heavier scenarios (wrong answers, tampered tests, an endless loop, a broken
file, zip_collect) use one assignment, ``HEAVY``; correct/blank/validate run
over every assignment.
"""

from __future__ import annotations

import copy
import csv
import html
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import grading_support as gs
import pytest

# The whole class is released, submitted, graded (two kernels per submission: the
# participant's run and the trusted verdict) and reported: allow for a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]

NAMES = gs.assignments()
HEAVY = "tugas-03-pemetaan" if "tugas-03-pemetaan" in NAMES else (NAMES[0] if NAMES else "")
LOOP_TIMEOUT = 8  # seconds per cell for the run with the endless loop (config: 30)
EXTRA = ["salah", "ubah-uji", "hapus-uji", "lepas-meta", "loop", "rusak"]
ZIPPED = {"p01": "benar", "p02": "kosong"}
NEVER = "p09"


def test_all_eight_assignments_exist():
    expected = [
        "tugas-01-hakikat", "tugas-02-kesadaran", "tugas-03-pemetaan", "tugas-04-tujuan",
        "tugas-05-prinsip", "tugas-06-strategi", "tugas-07-pola", "tugas-08-langkah",
    ]
    assert NAMES == expected


def _wrong_items(source_nb) -> list[str]:
    """Up to two answer cells that have a wrong value of the same form."""
    picked = []
    for gid, cell in gs.solution_cells(source_nb).items():
        if cell.cell_type != "code" or not gs.answer_number(gid):
            continue
        try:
            region = gs.solution_region(cell.source)
        except StopIteration:
            continue
        if gs.wrong_value(region, gs.question_choices(source_nb, gid)) is not None:
            picked.append(gid)
        if len(picked) == 2:
            break
    return picked


def _test_points(source_nb, answer_ids) -> float:
    numbers = {gs.answer_number(a) for a in answer_ids}
    return sum(
        float(gs.nbg(c)["points"]) for gid, c in gs.test_cells(source_nb).items()
        if gs.answer_number(gid) in numbers
    )


def _tamper(release_nb, mode: str):
    nb = copy.deepcopy(release_nb)
    tests = [c for c in nb.cells if gs.nbg(c).get("grade") and not gs.nbg(c).get("solution")
             and c.cell_type == "code"]
    if mode == "ubah-uji":
        for cell in tests:
            cell.source = '"""Uji ini saya ubah."""\nprint("lulus")'
    elif mode == "hapus-uji":
        nb.cells = [c for c in nb.cells if c not in tests]
    elif mode == "lepas-meta":
        for cell in tests:
            cell.metadata = {}
            cell.source = "pass"
    return nb


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Build the course, run the whole workflow once, return what happened."""
    course = gs.released_course(tmp_path_factory)  # every assignment already generated
    out: dict = {"course": course, "logs": {}}

    # participants
    students = ["benar", "kosong", *EXTRA, *ZIPPED, NEVER]
    lines = ["id;nama_depan;nama_belakang;email"]
    lines += [f"{s};Peserta;{s.title()};{s}@contoh.id" for s in students]
    (course / "peserta.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "kemitraan_lib.grading.participants", "peserta.csv"],
        cwd=course, env=gs.env(), capture_output=True, text=True,
    )
    assert res.returncode == 0, res.stderr
    out["logs"]["peserta"] = res.stdout

    out["source"] = {n: gs.read_nb(gs.source_path(course, n)) for n in NAMES}
    out["release"] = {n: gs.read_nb(gs.release_path(course, n)) for n in NAMES}

    # submissions
    for name in NAMES:
        src, rel = out["source"][name], out["release"][name]
        gs.submit(course, "benar", name, gs.fill(rel, src))
        gs.submit(course, "kosong", name, rel)
    src, rel = out["source"][HEAVY], out["release"][HEAVY]
    out["wrong"] = _wrong_items(src)
    gs.submit(course, "salah", HEAVY, gs.fill(rel, src, wrong=set(out["wrong"])))
    for mode in ("ubah-uji", "hapus-uji", "lepas-meta"):
        gs.submit(course, mode, HEAVY, _tamper(rel, mode))
    loop = gs.fill(rel, src)
    first_answer = next(c for c in loop.cells
                        if gs.nbg(c).get("solution") and c.cell_type == "code")
    first_answer.source = "while True:\n    pass\n" + first_answer.source
    out["loop_answer"] = gs.nbg(first_answer)["grade_id"]
    gs.submit(course, "loop", HEAVY, loop)
    gs.submit(course, "rusak", HEAVY, raw=b'{"cells": [ ini bukan JSON')

    # files sent by e-mail/chat -> zip_collect
    archive = course / "downloaded" / HEAVY / "archive"
    archive.mkdir(parents=True)
    import nbformat

    nbformat.write(gs.fill(rel, src), str(archive / f"p01_{HEAVY}.ipynb"))
    with zipfile.ZipFile(archive / "kiriman-grup.zip", "w") as zf:
        zf.writestr(f"p02_{HEAVY}.ipynb", nbformat.writes(rel))
    nbformat.write(rel, str(archive / f"{HEAVY}.ipynb"))              # no participant id
    nbformat.write(rel, str(archive / "Tugas Siti.ipynb"))             # free name
    out["logs"]["periksa"] = subprocess.run(
        [sys.executable, str(gs.ROOT / "tools" / "nilai_periksa_kiriman.py"), HEAVY],
        cwd=course, env=gs.env(), capture_output=True, text=True,
    )
    res = gs.nbgrader(course, "zip_collect", HEAVY)
    out["logs"]["zip_collect"] = res
    assert res.returncode == 0, res.stdout

    # autograde: the heavy one with a short cell timeout (endless loop), then all others
    out["logs"][f"autograde {HEAVY}"] = gs.nbgrader(
        course, "autograde", HEAVY, f"--Execute.timeout={LOOP_TIMEOUT}")
    others = [n for n in NAMES if n != HEAVY]
    pattern = "tugas-0[" + "".join(n[7] for n in others) + "]-*"
    out["logs"]["autograde"] = gs.nbgrader(course, "autograde", pattern)
    assert out["logs"]["autograde"].returncode == 0, out["logs"]["autograde"].stdout

    # manual grading of the written answers of "benar" in HEAVY (what the formgrader does)
    from nbgrader.api import Gradebook

    written = {gid for gid, c in gs.solution_cells(out["source"][HEAVY]).items()
               if gs.nbg(c).get("grade")}
    assert written, "HEAVY has no written answer"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(HEAVY, "benar")
        for nb in sub.notebooks:
            for grade in nb.grades:
                if grade.cell.name in written:
                    grade.manual_score = grade.max_score
                    grade.needs_manual_grade = False  # as the formgrader does
        gb.db.commit()

    # feedback, export, report
    out["logs"]["feedback"] = gs.nbgrader(course, "generate_feedback", "tugas-*")
    out["grades"] = gs.export_grades(course)
    res = subprocess.run(
        [sys.executable, "-m", "kemitraan_lib.grading.report"], cwd=course, env=gs.env(),
        capture_output=True, text=True,
    )
    out["logs"]["report"] = res
    out["scores"] = {n: gs.gradebook_scores(course, n) for n in NAMES}
    return out


def _auto(run, name) -> float:
    return gs.points(run["source"][name])[0]


def test_release_has_header_and_stubs(run):
    for name in NAMES:
        rel = run["release"][name]
        assert "TULIS NAMA ANDA DI SINI" in rel.cells[1].source
        stubs = [c for c in rel.cells if gs.nbg(c).get("solution") and c.cell_type == "code"
                 and not gs.nbg(c).get("grade")]
        assert stubs, name
        assert all("None  # GANTI None DENGAN JAWABAN ANDA" in c.source for c in stubs), name
        written = [c for c in rel.cells if gs.nbg(c).get("solution") and gs.nbg(c).get("grade")]
        assert written and all("TULIS JAWABAN ANDA DI SINI" in c.source for c in written), name


def _benar_code_score(run, name) -> float:
    """Autograded points, plus the written answers the test graded by hand in HEAVY.

    Written answers are code cells (one click edits them), so nbgrader counts their
    points in the code score once they are graded.
    """
    auto, manual = gs.points(run["source"][name])
    return auto + manual if name == HEAVY else auto


def test_correct_submission_gets_every_autograded_point(run):
    for name in NAMES:
        got = run["scores"][name]["benar"]
        assert _auto(run, name) > 0, name
        assert got["code_score"] == pytest.approx(_benar_code_score(run, name)), name
        assert got["needs_manual_grade"] is (name != HEAVY), name


def test_blank_release_gets_nothing(run):
    for name in NAMES:
        got = run["scores"][name]["kosong"]
        assert got["score"] == 0, name
        assert got["needs_manual_grade"] is False, name


def test_wrong_answers_get_the_expected_partial_score(run):
    assert len(run["wrong"]) == 2, "need two answer cells with a simple wrong value"
    src = run["source"][HEAVY]
    lost = _test_points(src, run["wrong"])
    assert 0 < lost < _auto(run, HEAVY)
    assert run["scores"][HEAVY]["salah"]["code_score"] == pytest.approx(_auto(run, HEAVY) - lost)


@pytest.mark.parametrize("student", ["ubah-uji", "hapus-uji", "lepas-meta"])
def test_tampering_with_test_cells_scores_like_blank(run, student):
    scores = run["scores"][HEAVY]
    assert scores[student]["code_score"] == scores["kosong"]["code_score"] == 0
    assert scores[student]["score"] == 0
    autograded = gs.read_nb(run["course"] / "autograded" / student / HEAVY / f"{HEAVY}.ipynb")
    test_ids = set(gs.test_cells(run["source"][HEAVY]))
    present = {gs.nbg(c).get("grade_id") for c in autograded.cells}
    assert test_ids <= present, "test cells must be restored before grading"


def test_endless_loop_is_stopped_and_others_still_graded(run):
    log = run["logs"][f"autograde {HEAVY}"].stdout
    assert "Timeout" in log or "timeout" in log
    src = run["source"][HEAVY]
    expected = _auto(run, HEAVY) - _test_points(src, [run["loop_answer"]])
    assert run["scores"][HEAVY]["loop"]["code_score"] == pytest.approx(expected)
    assert run["scores"][HEAVY]["benar"]["code_score"] == pytest.approx(
        _benar_code_score(run, HEAVY))


def test_invalid_json_is_reported_and_others_graded(run):
    log = run["logs"][f"autograde {HEAVY}"].stdout
    assert re.search(r"ERROR.*rusak", log), log[-3000:]
    assert not (run["course"] / "autograded" / "rusak").exists()
    graded = set(run["scores"][HEAVY])
    assert {"benar", "kosong", "salah", "loop", "p01", "p02"} <= graded


def test_zip_collect_takes_well_named_files_and_reports_misnamed(run):
    log = run["logs"]["zip_collect"].stdout
    course = run["course"]
    for student in ZIPPED:
        assert (course / "submitted" / student / HEAVY / f"{HEAVY}.ipynb").exists(), student
    assert "2 files collected, 2 files skipped" in log
    assert f"extracted/{HEAVY}.ipynb" in log and "Tugas Siti.ipynb" in log
    assert run["scores"][HEAVY]["p01"]["code_score"] == pytest.approx(_auto(run, HEAVY))
    assert run["scores"][HEAVY]["p02"]["code_score"] == 0


def test_our_precheck_explains_each_received_file(run):
    res = run["logs"]["periksa"]
    assert res.returncode == 2, res.stderr  # some files need attention
    out = res.stdout
    assert "4 berkas diperiksa" in out and "2 siap, 2 perlu perhatian" in out
    assert f"OK    p01_{HEAVY}.ipynb" in out
    assert f"OK    kiriman-grup.zip:p02_{HEAVY}.ipynb" in out
    assert f"PERIKSA {HEAVY}.ipynb: nama tidak sesuai aturan" in out
    assert "PERIKSA Tugas Siti.ipynb" in out
    assert "Belum ada kiriman dari" in out and NEVER in out


def _hidden_only_lines(source_nb) -> set[str]:
    """Lines of hidden-test regions that appear in no public cell text and no solution."""
    hidden, other = set(), set()
    for cell in source_nb.cells:
        inside = None
        for line in cell.source.split("\n"):
            text = line.strip()
            if "BEGIN HIDDEN TESTS" in line:
                inside = "hidden"
            elif "END HIDDEN TESTS" in line:
                inside = None
            elif inside == "hidden":
                if text:
                    hidden.add(text)
            elif text:
                other.add(text)
    return {h for h in hidden - other if len(h) >= 6 and not h.startswith("#")}


def _visible_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", raw))


def test_feedback_exists_for_everyone_and_hides_hidden_tests(run):
    course = run["course"]
    checked_hidden = 0
    for name in NAMES:
        assert run["logs"]["feedback"].returncode == 0, run["logs"]["feedback"].stdout
        hidden = _hidden_only_lines(run["source"][name])
        graded = sorted(p.name for p in (course / "autograded").iterdir()
                        if (p / name).is_dir())
        assert "benar" in graded and "kosong" in graded
        for student in graded:
            html_file = course / "feedback" / student / name / f"{name}.html"
            assert html_file.exists(), (name, student)
            text = _visible_text(html_file)
            for line in hidden:
                assert line not in text, (name, student, line)
            assert "uji tersembunyi" in text or not hidden
        # the graded notebook does hold the hidden tests, so the check above can fail
        autograded = (course / "autograded" / "benar" / name / f"{name}.ipynb").read_text(
            encoding="utf-8")
        for line in hidden:
            assert line.replace('"', '\\"') in autograded or line in autograded, line
        checked_hidden += len(hidden)
    assert checked_hidden > 0, "no hidden test found in any assignment"


def test_feedback_keeps_scores_and_messages(run):
    course = run["course"]
    text = _visible_text(course / "feedback" / "salah" / HEAVY / f"{HEAVY}.html")
    assert "belum tepat" in text
    blank = _visible_text(course / "feedback" / "kosong" / HEAVY / f"{HEAVY}.html")
    assert "belum diisi" in blank
    assert "Traceback (most recent call last)" not in blank
    # our Indonesian copy of nbgrader's feedback template is used
    assert "Jawaban Anda" in blank and "Uji otomatis (Nilai:" in blank
    assert "Student's answer" not in blank and "Score:" not in blank
    # the trusted verdict's one-sentence messages, without the exception's class name
    assert "Soal 1a belum diisi" in blank
    assert "CheckFailed" not in blank and "AssertionError" not in blank


def test_exported_grades_hold_the_expected_numbers(run):
    rows = {(r["assignment"], r["student_id"]): r for r in run["grades"]}
    for name in NAMES:
        auto, manual = gs.points(run["source"][name])
        benar = rows[(name, "benar")]
        expected = auto + manual if name == HEAVY else auto
        assert float(benar["score"]) == pytest.approx(expected), name
        assert float(benar["max_score"]) == pytest.approx(auto + manual), name
        assert float(rows[(name, "kosong")]["score"]) == 0, name
        assert float(rows[(name, NEVER)]["score"]) == 0, name


def _read_report_csv(course: Path) -> dict[str, dict[str, str]]:
    with open(course / "laporan" / "nilai-kelas.csv", encoding="utf-8-sig", newline="") as fh:
        return {row["id_peserta"]: row for row in csv.DictReader(fh, delimiter=";")}


def _num(text: str) -> float | None:
    return float(text.replace(",", ".")) if text.strip() else None


def test_class_report_holds_the_expected_numbers(run):
    res = run["logs"]["report"]
    assert res.returncode == 0, res.stderr
    assert "Laporan kelas untuk" in res.stdout
    course = run["course"]
    png = (course / "laporan" / "nilai-kelas.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    table = _read_report_csv(course)
    from kemitraan_lib.grading.report import competency_column

    for name in NAMES:
        col = f"{competency_column(name).short} (%)"
        auto, manual = gs.points(run["source"][name])
        expected = 100.0 if name == HEAVY else round(auto / (auto + manual) * 100, 1)
        assert _num(table["benar"][col]) == pytest.approx(expected), name
        assert _num(table["kosong"][col]) == 0, name
        assert _num(table[NEVER][col]) is None, name
    assert int(table[NEVER]["tugas belum dikirim"]) == len(NAMES)
    assert _num(table[NEVER]["total (%)"]) == 0
    assert int(table["rusak"]["gagal dinilai"]) == 1
    assert "8. Langkah & mempertahankan (%)" in table["benar"]

    import pandas as pd

    sheets = pd.read_excel(course / "laporan" / "nilai-kelas.xlsx", sheet_name=None)
    assert set(sheets) == {"ringkasan", "rincian", "rata-rata kelas"}
    detail = sheets["rincian"]
    row = detail[(detail["id_peserta"] == "benar") & (detail["tugas"] == HEAVY)].iloc[0]
    assert row["persen"] == 100.0 and row["status"] == "dinilai"


def test_validate_passes_on_solutions_and_no_test_passes_on_exercises(run):
    """`nbgrader validate` on all solutions passes; with --invert, no test passes on exercises.

    One nbgrader process per direction; it prints one verdict per notebook.
    """
    course = run["course"]
    sources = [str(gs.source_path(course, n)) for n in NAMES]
    releases = [str(gs.release_path(course, n)) for n in NAMES]
    # the two runs are independent: run them side by side
    procs = [gs.start_nbgrader(course, "validate", *sources),
             gs.start_nbgrader(course, "validate", "--invert", *releases)]
    solved, blank = (p.communicate(timeout=900)[0] for p in procs)
    assert solved.count("Success! Your notebook passes all the tests.") == len(NAMES), solved
    assert blank.count("Success! The notebook does not pass any tests.") == len(NAMES), blank
    res = gs.nbgrader(course, "validate", releases[0], merge=False)
    assert "SEL YANG BELUM LULUS UJI" in res.stdout  # our Indonesian validator message
    # each failing test shows its title and one sentence, never its code
    assert "# Uji: Soal 1a (1 poin)." in res.stdout
    assert "Soal 1a belum diisi: ganti None dengan" in res.stdout
    assert "checks." not in res.stdout and "import" not in res.stdout


def test_precheck_branches(tmp_path):
    """Broken file, duplicate, other assignment, unknown ID, suggested name (no nbgrader run)."""
    from tools import nilai_periksa_kiriman as periksa

    good = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    files = {
        "p01_tugas-03-pemetaan.ipynb": good,
        "p02_tugas-03-pemetaan.ipynb": b'{"cells": [',
        "p03_tugas-04-tujuan.ipynb": good,
        "zz_tugas-03-pemetaan.ipynb": good,
        "Tugas 3 p04.ipynb": good,
        "catatan.txt": b"halo",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "lagi.zip", "w") as zf:
        zf.writestr("p01_tugas-03-pemetaan.ipynb", good)
    found = {f.file: f for f in periksa.check(tmp_path, "tugas-03-pemetaan",
                                              {"p01", "p02", "p03", "p04"})}
    assert found["lagi.zip:p01_tugas-03-pemetaan.ipynb"].ok
    assert "sudah mengirim" in found["p01_tugas-03-pemetaan.ipynb"].message
    assert "berkas rusak" in found["p02_tugas-03-pemetaan.ipynb"].message
    assert "bukan tugas-03-pemetaan" in found["p03_tugas-04-tujuan.ipynb"].message
    assert "tidak ada di daftar peserta" in found["zz_tugas-03-pemetaan.ipynb"].message
    assert "p04_tugas-03-pemetaan.ipynb" in found["Tugas 3 p04.ipynb"].message
    assert "bukan notebook" in found["catatan.txt"].message
    assert sum(f.ok for f in found.values()) == 1


def test_config_templates_keep_the_formgrader_pages():
    """Our template folder must not hide nbgrader's own formgrader templates."""
    from nbconvert.exporters import HTMLExporter
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(gs.ROOT)).load_config()
    formgrade = HTMLExporter(config=config, template_name="formgrade").template.filename
    feedback = HTMLExporter(config=config, template_name="feedback").template.filename
    assert "nbgrader" in formgrade and formgrade.endswith("formgrade/index.html.j2")
    assert feedback.startswith(str(gs.ROOT / "kemitraan_lib" / "grading" / "templates"))
    assert config.ExecutePreprocessor.timeout == 30
    assert "kemitraan_lib.grading.feedback.HideTestCode" in config.GenerateFeedback.preprocessors
    # the trusted verdict runs right after Execute (whatever other blocks configure)
    steps = [getattr(p, "__name__", str(p)).rsplit(".", 1)[-1]
             for p in config.Autograde.autograde_preprocessors]
    assert steps[steps.index("Execute") + 1] == "TrustedVerdict", steps
    assert "SaveAutoGrades" in steps[steps.index("TrustedVerdict"):]
    assert "kemitraan_lib.grading.stubs.OneLineAnswers" in config.GenerateAssignment.preprocessors


REQUIRED_COVERAGE = ("competencies", "principles", "general_principles", "strategies", "steps",
                     "patterns", "techniques", "partner_kinds", "approaches", "conditions",
                     "foundations", "access", "objectives", "quadrants")


def test_assignments_assess_every_item_of_the_material():
    """Each answer cell lists the content keys it assesses (metadata.kemitraan.assesses).

    Former keys (a pattern's ``aliases``) count for the item they now name; the
    "not a business partnership" outcome is not a pattern to assess.
    """
    from kemitraan_lib import content

    def canonical(collection: str) -> dict[str, str]:
        items = getattr(content, collection.upper())
        table = {i.key: i.key for i in items}
        for item in items:
            for alias in getattr(item, "aliases", ()) or ():
                table[alias] = item.key
        return table

    def required(collection: str) -> set[str]:
        items = getattr(content, collection.upper())
        return {i.key for i in items if getattr(i, "is_business", True)}

    seen: dict[str, set[str]] = {}
    for name in NAMES:
        nb = gs.read_nb(gs.ROOT / "solutions" / name / f"{name}.ipynb")
        graded_numbers = {gs.answer_number(g) for g in gs.test_cells(nb)}
        for cell in nb.cells:
            assesses = cell.metadata.get("kemitraan", {}).get("assesses", [])
            if not assesses:
                continue
            gid = gs.nbg(cell).get("grade_id", "")
            assert gs.nbg(cell).get("solution"), (name, gid, "assesses on a non-answer cell")
            graded = gs.nbg(cell).get("grade") or gs.answer_number(gid) in graded_numbers
            assert graded, (name, gid, "answer without a test or points")
            for item in assesses:
                collection, key = item.split(":", 1)
                known = canonical(collection)
                assert key in known, (name, gid, item)
                seen.setdefault(collection, set()).add(known[key])
    for collection in REQUIRED_COVERAGE:
        missing = required(collection) - seen.get(collection, set())
        assert not missing, (collection, sorted(missing))
