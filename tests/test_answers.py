"""Answer cells are read as data (kemitraan_lib.grading.answers): what is and is not a value."""

from __future__ import annotations

import nbformat
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kemitraan_lib.grading.answers import (
    MAX_CELL_CHARS,
    AnswerProblem,
    assigned_names,
    notebook_answers,
    read_cell,
    straighten_quotes,
    syntax_hint,
)


@pytest.mark.parametrize("source,value", [
    ('jawaban_1 = "b"', "b"),
    ('# Soal 1: tulis huruf\njawaban_1 = "b"  # komentar', "b"),
    ('jawaban_1 = (\n    "b"\n)', "b"),
    ("jawaban_1 = 7", 7),
    ("jawaban_1 = -2.5", -2.5),
    ("jawaban_1 = None", None),
    ('jawaban_1: str = "b"', "b"),
    ('jawaban_1 = "b",', ("b",)),            # a trailing comma: the checks explain it
    ('jawaban_1 = ["a", "b"]', ["a", "b"]),  # a list: the checks refuse it
    ('jawaban_1 = "a"\njawaban_1 = "c"', "c"),
    ('jawaban_1 = \u201cb\u201d', "b"),            # curly quotes made straight
    ('jawaban_1 = \u201cIbu Nur\u2019aini\u201d', "Ibu Nur\u2019aini"),
    ('print("halo")\njawaban_1 = "b"\nprint(jawaban_1)', "b"),
])
def test_plain_values_are_read(source, value):
    assert read_cell(source) == {"jawaban_1": value}


@pytest.mark.parametrize("source,kind", [
    ("jawaban_1 = 3 + 4", "not-plain"),
    ('jawaban_1 = "b".upper()', "not-plain"),
    ("jawaban_1 = kelompok", "not-plain"),
    ('jawaban_1 = "b"\njawaban_1 += "c"', "not-plain"),
    ('jawaban_1, x = "a", "b"', "not-plain"),
    ('for jawaban_1 in ["a"]:\n    pass', "not-plain"),
    ("import os as jawaban_1", "not-plain"),
    ("def jawaban_1():\n    return 'b'", "not-plain"),
    ('x = (jawaban_1 := "b")', "not-plain"),
    ('jawaban_1 = "b', "syntax"),
    ('jawaban_1 = "a" "b" c', "syntax"),
    ("jawaban_1 = (\n  'b'", "syntax"),
    ('jawaban_1 = "' + "x" * MAX_CELL_CHARS + '"', "too-long"),
])
def test_anything_else_is_a_problem(source, kind):
    found = read_cell(source)
    assert set(found) == {"jawaban_1"}
    assert isinstance(found["jawaban_1"], AnswerProblem)
    assert found["jawaban_1"].kind == kind


def test_deeply_nested_literal_does_not_crash():
    found = read_cell("jawaban_1 = " + "[" * 3000 + "]" * 3000)
    assert isinstance(found["jawaban_1"], AnswerProblem)


def test_other_names_are_ignored_and_names_found_in_broken_cells():
    assert read_cell('x = 1\njawaban = "b"\nJAWABAN_1 = "c"') == {}
    assert assigned_names('jawaban_2a = "b\n  jawaban_3 = 1\nif jawaban_4 == 2: pass') == [
        "jawaban_2a", "jawaban_3"]


def test_syntax_hints_are_indonesian_and_specific():
    def hint(src):
        try:
            compile(src, "<cell>", "exec")
        except SyntaxError as error:
            return syntax_hint(error)
        raise AssertionError("compiles")

    assert "tanda kutip belum ditutup" in hint('jawaban_1 = "b')
    assert hint('jawaban_1 = "b')[:8] == "Baris 1:"
    assert "tanda kurung" in hint("jawaban_1 = (\n'b'\n")
    assert "spasi di awal baris" in hint('  jawaban_1 = "b"')
    assert "tanda kutip miring" in hint("jawaban_1 = \u201cb")
    assert "koma" in hint('x = ["a" "b" c]') or "Periksa" in hint('x = ["a" "b" c]')


def test_straighten_quotes_only_when_needed():
    assert straighten_quotes('jawaban_1 = "b"') is None
    assert straighten_quotes("jawaban_1 = \u2018b\u2019") == "jawaban_1 = 'b'"
    assert straighten_quotes("jawaban_1 = \u201cb") is None


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for source, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def test_notebook_answers_last_binding_cell_wins_and_failed_cells_do_not_count():
    error = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])]
    nb = _nb(
        ('jawaban_1 = "a"', []),
        ('jawaban_2 = "b"', []),
        ('jawaban_1 = "c"', []),            # later cell wins
        ('while True:\n    pass\njawaban_2 = "d"', error),  # never reached in the run
        ('checks.periksa("t", "3", jawaban_3)', []),        # a test cell: skipped
        ('jawaban_3 = "x"', []),
    )
    got = notebook_answers(nb, ["jawaban_1", "jawaban_2", "jawaban_3", "jawaban_4"],
                           skip_cells={4})
    assert got["jawaban_1"] == "c"
    assert got["jawaban_2"] == AnswerProblem("not-run")
    assert got["jawaban_3"] == "x"
    assert got["jawaban_4"] == AnswerProblem("missing")
    # a skipped cell is never read, whatever it binds
    assert notebook_answers(nb, ["jawaban_3"], skip_cells={5})["jawaban_3"] == AnswerProblem(
        "missing")


def test_problem_messages_and_falsiness():
    for kind in ("not-run", "syntax", "not-plain", "missing", "too-long"):
        problem = AnswerProblem(kind, "Baris 1: tanda kutip belum ditutup.")
        message = problem.message("Soal 3a")
        assert "Soal 3a" in message and "\n" not in message
        assert not problem
        assert "jawaban belum terbaca" in repr(problem)


@given(st.text(max_size=200))
def test_read_cell_never_raises(source):
    result = read_cell(source)
    assert isinstance(result, dict)
