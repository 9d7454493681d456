"""Unit tests for the feedback preprocessor (kemitraan_lib.grading.feedback).

The end-to-end test runs it inside `nbgrader generate_feedback`; these tests pin
its behaviour on hand-made cells.
"""

from __future__ import annotations

import nbformat

from kemitraan_lib.grading.feedback import (
    HIDDEN_CODE_NOTE,
    HideTestCode,
    clean_test_outputs,
    strip_hidden_regions,
)

TEST_SOURCE = (
    '"""Memeriksa Soal 1."""\n'
    "checks.filled(jawaban_1)\n"
    "    ### BEGIN HIDDEN TESTS\n"
    '    assert jawaban_1 == "kunci-rahasia"\n'
    "    ### END HIDDEN TESTS\n"
    "print('selesai')"
)


def _cell(source, outputs=(), **nbgrader):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    if nbgrader:
        cell.metadata["nbgrader"] = nbgrader
    return cell


def test_strip_keeps_public_lines_and_indentation():
    new, count = strip_hidden_regions(TEST_SOURCE)
    assert count == 1
    assert "kunci-rahasia" not in new and "BEGIN HIDDEN" not in new
    assert new.splitlines() == [
        '"""Memeriksa Soal 1."""', "checks.filled(jawaban_1)", "    " + HIDDEN_CODE_NOTE,
        "print('selesai')"]


def test_unterminated_region_hides_the_rest():
    new, count = strip_hidden_regions("a = 1\n### BEGIN HIDDEN TESTS\nrahasia = 2\nlagi = 3")
    assert count == 1 and "rahasia" not in new and "lagi" not in new


def test_errors_lose_their_code_but_keep_the_message():
    error = {
        "output_type": "error", "ename": "AssertionError",
        "evalue": "Soal 1 belum tepat. Baca lagi modul 05.",
        "traceback": ["\x1b[31mAssertionError\x1b[39m Traceback",
                      '----> 4 assert jawaban_1 == "kunci-rahasia"',
                      "AssertionError: Soal 1 belum tepat."],
    }
    bare = dict(error, evalue="", traceback=["----> 1 assert x == 42"])
    warn = {"output_type": "stream", "name": "stderr", "text": "line 3: assert x == 42\n"}
    out = {"output_type": "stream", "name": "stdout", "text": "Soal 2 sudah tepat\n"}
    cleaned = clean_test_outputs([nbformat.from_dict(o) for o in (error, bare, warn, out)])
    assert cleaned[0]["traceback"] == ["AssertionError: Soal 1 belum tepat. Baca lagi modul 05."]
    assert cleaned[0]["evalue"] == error["evalue"]
    assert cleaned[1]["traceback"] == ["AssertionError (uji tidak lulus)"]
    assert "42" not in cleaned[2]["text"]
    assert cleaned[3]["text"] == "Soal 2 sudah tepat\n"


def test_one_sentence_errors_stay_one_sentence():
    """The course's CheckFailed renders as its message only: feedback keeps it, no class name."""
    message = "Soal 3a belum tepat. Baca lagi modul 01."
    ours = {"output_type": "error", "ename": "CheckFailed", "evalue": message,
            "traceback": [message]}
    code = {"output_type": "error", "ename": "AssertionError", "evalue": "salah",
            "traceback": ["----> 1 assert x == 42"]}
    cleaned = clean_test_outputs([nbformat.from_dict(o) for o in (ours, code)])
    assert cleaned[0]["traceback"] == [message]
    assert cleaned[1]["traceback"] == ["AssertionError: salah"]


def test_preprocessor_touches_test_cells_and_hidden_regions_only():
    error = {"output_type": "error", "ename": "AssertionError", "evalue": "salah",
             "traceback": ['assert jawaban_1 == "kunci-rahasia"']}
    answer = _cell('jawaban_1 = "b"', [dict(error, traceback=["jawaban_1 traceback"])],
                   grade=False, solution=True, grade_id="jawaban-1", points=0)
    test = _cell(TEST_SOURCE, [error], grade=True, solution=False, grade_id="uji-1", points=2,
                 score=0.0)
    plain = _cell("x = 1")
    nb = nbformat.v4.new_notebook(cells=[answer, test, plain])
    before_answer = answer.copy()
    nb, _ = HideTestCode().preprocess(nb, {})
    text = nbformat.writes(nb)
    assert "kunci-rahasia" not in text
    assert nb.cells[1].metadata["nbgrader"]["score"] == 0.0  # score kept
    assert nb.cells[1].outputs[0]["traceback"] == ["AssertionError: salah"]
    assert nb.cells[0] == before_answer  # the participant's own cell is unchanged
    assert nb.cells[2].source == "x = 1"


def test_hide_all_test_code_option():
    test = _cell(TEST_SOURCE, grade=True, solution=False, grade_id="uji-1", points=2)
    nb = nbformat.v4.new_notebook(cells=[test])
    nb, _ = HideTestCode(hide_all_test_code=True).preprocess(nb, {})
    assert nb.cells[0].source == HIDDEN_CODE_NOTE


def test_validate_shows_test_titles_not_code(monkeypatch):
    """While nbgrader validates, an unchanged test cell shows its title; a changed one stays."""
    from nbgrader import utils

    from kemitraan_lib.grading.validation import short_test_source

    def test_cell(source):
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True,
                                     "grade_id": "uji-3a-x", "points": 1, "schema_version": 3}
        cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
        return cell

    code = '"""Soal 3a (1 poin)."""\nchecks.periksa("t", "3a", jawaban_3a)'
    cell = test_cell(code)
    short_test_source(cell=cell)  # not validating: untouched
    assert cell.source == code
    monkeypatch.setenv("NBGRADER_VALIDATING", "1")
    short_test_source(cell=cell)
    assert cell.source == "# Uji: Soal 3a (1 poin)."
    assert cell.metadata.nbgrader["checksum"] == utils.compute_checksum(cell)
    changed = test_cell(code)
    changed.source = 'print("lulus")'
    short_test_source(cell=changed)
    assert changed.source == 'print("lulus")'
