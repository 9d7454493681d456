"""Scores that answer-cell code cannot forge (issue 10, item 2): the trusted verdict.

Synthetic submissions to ``tugas-01-hakikat`` go through the real ``nbgrader
autograde`` of a throw-away course (default kernel manager, so the attacks
really run in the participant's kernel and fool its own test cells). Each
attack leaves the answers blank or wrong and tries to make the tests pass from
an answer cell; each is asserted: not scored, and flagged for the trainer
when the participant's run claimed a pass.
"""

from __future__ import annotations

import copy
import textwrap

import grading_support as gs
import nbformat
import pytest

from kemitraan_lib.grading import flags, verdict
from kemitraan_lib.grading.answers import AnswerProblem

pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]
NAME = "tugas-01-hakikat"

ATTACKS = {
    # patch the checks module in memory
    "tambal-checks": """
        import kemitraan_lib.grading.checks as _c
        _c.periksa = lambda *a, **k: None
        _c.nilai = lambda *a, **k: None
    """,
    # an IPython input transformer that turns every later cell into `pass`
    "transformer": """
        get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])
    """,
    # an AST transformer that drops every statement but imports (the checks, asserts, raises)
    "ast-transformer": """
        import ast as _ast

        class _Buang(_ast.NodeTransformer):
            def visit_Module(self, node):
                node.body = [n for n in node.body if isinstance(n, (_ast.Import, _ast.ImportFrom))]
                node.body = node.body or [_ast.Pass()]
                return node

        get_ipython().ast_transformers.append(_Buang())
    """,
    # a fake module in sys.modules (and on the package) for every later import
    "sys-modules": """
        import sys as _sys, types as _types
        import kemitraan_lib.grading as _g
        _palsu = _types.SimpleNamespace(periksa=lambda *a, **k: None, nilai=lambda *a, **k: None)
        _sys.modules["kemitraan_lib.grading.checks"] = _palsu
        _g.checks = _palsu
    """,
    # builtins: every import of the checks returns a fake
    "builtins-import": """
        import builtins as _b, types as _types
        _asli = _b.__import__
        _palsu = _types.SimpleNamespace(periksa=lambda *a, **k: None, nilai=lambda *a, **k: None)
        def _impor(name, globals=None, locals=None, fromlist=(), level=0):
            if name == "kemitraan_lib.grading" and fromlist and "checks" in fromlist:
                return _types.SimpleNamespace(checks=_palsu)
            return _asli(name, globals, locals, fromlist, level)
        _b.__import__ = _impor
    """,
    # AssertionError replaced in builtins, and every error swallowed by a custom handler
    "assertionerror": """
        import builtins as _b
        _b.AssertionError = type("AssertionError", (Exception,), {})
        get_ipython().set_custom_exc((BaseException,), lambda *a, **k: [])
    """,
}
# Attacks whose own run claims passes (the others fail in the participant's run too).
FORGING = {"tambal-checks", "transformer", "ast-transformer", "sys-modules", "builtins-import"}


def _with_attack(release, code: str):
    nb = copy.deepcopy(release)
    first = next(c for c in nb.cells if gs.nbg(c).get("solution") and c.cell_type == "code")
    first.source = textwrap.dedent(code).strip() + "\n" + first.source
    return nb


def _computed(release, source_nb):
    """Right answers, but one of them computed instead of written (not a plain value)."""
    nb = gs.fill(release, source_nb)
    cell = next(c for c in nb.cells if gs.nbg(c).get("grade_id") == "jawaban-1a")
    cell.source = 'jawaban_1a = "jeja" + "ring"'
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = gs.make_course(tmp_path_factory.mktemp("verdict"), [NAME])
    res = gs.nbgrader(course, "generate_assignment", NAME)
    assert res.returncode == 0, res.stdout
    source = gs.read_nb(gs.source_path(course, NAME))
    release = gs.read_nb(gs.release_path(course, NAME))
    gs.submit(course, "benar", NAME, gs.fill(release, source))
    gs.submit(course, "kosong", NAME, release)
    gs.submit(course, "hitung", NAME, _computed(release, source))
    for student, code in ATTACKS.items():
        gs.submit(course, student, NAME, _with_attack(release, code))
    # the strongest attack with every answer right: a right answer stays right
    gs.submit(course, "benar-tambal", NAME,
              _with_attack(gs.fill(release, source), ATTACKS["tambal-checks"]))
    res = gs.nbgrader(course, "autograde", NAME, "--create")
    assert res.returncode == 0, res.stdout[-3000:]
    scores = gs.gradebook_scores(course, NAME)
    auto = gs.points(source)[0]

    def autograded(student):
        return course / "autograded" / student / NAME / f"{NAME}.ipynb"

    return {"course": course, "scores": scores, "auto": auto, "path": autograded,
            "source": source}


def _test_outputs(path):
    nb = gs.read_nb(path)
    return {gs.nbg(c)["grade_id"]: c.outputs for c in nb.cells
            if gs.nbg(c).get("grade") and not gs.nbg(c).get("solution")}


def test_honest_submissions_are_scored_and_not_flagged(graded):
    scores = graded["scores"]
    assert scores["benar"]["code_score"] == pytest.approx(graded["auto"])
    assert scores["kosong"]["code_score"] == 0
    for student in ("benar", "kosong"):
        assert flags.read_flags(graded["path"](student)) == []
    # the trusted run's messages are what the autograded notebook (and the feedback) show
    outputs = _test_outputs(graded["path"]("kosong"))
    first = outputs["uji-1a-jejaring-atau-kemitraan"]
    assert [o.output_type for o in first] == ["error"]
    assert first[0].traceback == [first[0].evalue]
    assert first[0].evalue.startswith("Soal 1a belum diisi")
    right = _test_outputs(graded["path"]("benar"))["uji-1a-jejaring-atau-kemitraan"]
    assert [o.get("text") for o in right] == ["Soal 1a: tepat.\n"]


def test_a_computed_answer_is_not_a_plain_value_and_agrees_with_the_participant(graded):
    scores = graded["scores"]
    assert scores["hitung"]["code_score"] == pytest.approx(graded["auto"] - 1)
    message = _test_outputs(graded["path"]("hitung"))["uji-1a-jejaring-atau-kemitraan"]
    assert message[0].evalue.startswith("Jawaban Soal 1a harus satu nilai")
    assert flags.read_flags(graded["path"]("hitung")) == []  # its own run said the same


@pytest.mark.parametrize("student", sorted(ATTACKS))
def test_attacks_are_not_scored_and_forgeries_are_flagged(graded, student):
    assert graded["scores"][student]["code_score"] == 0, student
    found = flags.read_flags(graded["path"](student))
    if student in FORGING:
        assert len(found) == 1 and "pemeriksaan ulang yang terpercaya" in found[0], found
    for outputs in _test_outputs(graded["path"](student)).values():
        assert any(o.output_type == "error" for o in outputs)


def test_a_right_answer_stays_right_whatever_else_the_cell_does(graded):
    assert graded["scores"]["benar-tambal"]["code_score"] == pytest.approx(graded["auto"])


# --- in-process: the pieces of the verdict --------------------------------------------

def test_values_cell_holds_data_only():
    source = verdict.values_cell({"jawaban_1": "b'; import os; os.system('x')",
                                  "jawaban_2": AnswerProblem("not-run"), "jawaban_3": 7})
    assert "jawaban_1 = \"b'; import os; os.system('x')\"" in source
    assert "jawaban_2 = _AnswerProblem('not-run', '')" in source
    with pytest.raises(ValueError):
        verdict.values_cell({"os.system('x'); jawaban_1": 1})


def _notebook_with_tests(answer: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(f'jawaban_2 = "{answer}"'))
    test = nbformat.v4.new_code_cell(
        'from kemitraan_lib.grading import checks\n'
        f'checks.periksa("{NAME}", "2", jawaban_2)\n'
        f'checks.nilai("{NAME}", "2", jawaban_2, "c")')
    test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "uji-2-x",
                                 "points": 2}
    test.outputs = []  # the participant's run "passed"
    nb.cells.append(test)
    return nb


def test_changed_checker_files_stop_scoring(tmp_path, monkeypatch):
    files = [tmp_path / "checks.py"]
    files[0].write_text("asli")
    monkeypatch.setattr(verdict, "_checker_files", lambda: files)
    monkeypatch.setattr(verdict, "_baseline", {})
    step = verdict.TrustedVerdict()
    files[0].write_text("diubah peserta")
    nb, _ = step.preprocess(_notebook_with_tests("c"), {})
    test = nb.cells[1]
    assert test.outputs[0].output_type == "error"
    assert "Pemeriksa kursus berubah" in test.outputs[0].evalue
    assert flags.flags_of(nb) == [verdict.FLAG_CHANGED]


def test_verdict_outside_nbgrader_uses_the_notebook_tests(monkeypatch):
    monkeypatch.setattr(verdict, "_baseline", {})
    nb, _ = verdict.TrustedVerdict().preprocess(_notebook_with_tests("a"), {})
    assert nb.cells[1].outputs[0].evalue.startswith("Soal 2 belum tepat")
    assert "Soal 2" in flags.flags_of(nb)[0]
    nb, _ = verdict.TrustedVerdict().preprocess(_notebook_with_tests("C"), {})
    assert [o.get("text") for o in nb.cells[1].outputs] == ["Soal 2: tepat.\n"]
    assert flags.flags_of(nb) == []
