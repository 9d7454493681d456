"""No message ever gives an answer away (issue 15, item 3), for every graded question.

For each question of the eight assignments, the VISIBLE test of the released
notebook (``exercises/``) is run on the right answer, on every other valid
choice and on the everyday slips (None, empty, unknown word, trailing comma,
a list, a number for text, a cell that did not run), in both course modes:

- ``ujian``: the visible test says exactly the same for the right answer and
  for every wrong choice, so trial and error learns nothing;
- ``latihan``: every wrong choice gets the same sentence (a pointer to the
  module, never to the answer);
- in both: no message names the key, except inside a complete list of the
  choices in alphabetical order, and every list of choices is alphabetical.

The hidden test (what the feedback shows after grading) and the "Periksa
jawaban" summary are held to the same rule.
"""

from __future__ import annotations

import contextlib
import io
import re

import grading_support as gs
import pytest
from test_questions import keys_of

from kemitraan_lib.grading import checks, forms, mode
from kemitraan_lib.grading.answers import AnswerProblem
from kemitraan_lib.grading.questions import QUESTIONS

NAMES = gs.assignments()
_EXAMPLE = re.compile(r"misalnya [^.;]*")


def _visible_tests(name: str) -> dict[str, str]:
    release = gs.read_nb(gs.ROOT / "exercises" / name / f"{name}.ipynb")
    return {gs.answer_number(gid): cell.source for gid, cell in gs.test_cells(release).items()}


def _run(code: str, soal: str, value) -> str:
    """What a participant reads after running ``code`` with this answer: printed text or
    the one-sentence failure. Anything else (a real traceback) fails the test."""
    out = io.StringIO()
    namespace = {f"jawaban_{soal}": value}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(code, f"<uji {soal}>", "exec"), namespace)  # noqa: S102
        except checks.CheckFailed as failed:
            return str(failed)
    return out.getvalue().strip()


def _inputs(form, keys):
    """Wrong valid choices and everyday slips for a question (the key itself excluded)."""
    right = {form.read(k) for k in keys}
    if isinstance(form, forms.Number):
        key = next(iter(right))
        wrong = [key + 1, key - 1, key + 10, 0 if key else 1]
        slips = [None, "", "tujuh", ("7",), [key], AnswerProblem("not-run"),
                 AnswerProblem("not-plain")]
    else:
        wrong = [c for c in form.choices() if c not in right]
        slips = [None, "", "   ", "zzz-bukan", (next(iter(right)),), [next(iter(right))],
                 {"a": 1}, 12345, AnswerProblem("not-run"), AnswerProblem("syntax", "Baris 1.")]
    return wrong, slips


def _mask(message: str, value, soal: str) -> str:
    message = message.replace(f"Soal {soal}", "Soal <n>")
    if isinstance(value, str):  # text is echoed quoted; numbers are never echoed when wrong
        shown = re.escape(forms.show(value))
        message = re.sub(rf"(?<![\w']){shown}(?![\w'])", "<nilai>", message)
    return message


def _listings_are_alphabetical_and_removed(message: str, choices: list[str] | None) -> str:
    for listing in re.findall(r"Pilihan: ([^.]*)\.", message):
        items = listing.split(", ")
        assert items == sorted(items), message
        if choices:
            assert set(items) == set(choices), message
        message = message.replace(listing, "<pilihan>")
    if choices:
        for style in (", ".join(f'"{c}"' for c in choices), ", ".join(choices)):
            message = message.replace(style, "<pilihan>")
    return message


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I) is not None


def _names_no_key(message: str, keys, form, soal: str) -> None:
    """The key is not singled out: it appears only where every choice appears as well."""
    choices = form.choices() or []
    text = _listings_are_alphabetical_and_removed(message.replace(f"Soal {soal}", ""), choices)
    text = _EXAMPLE.sub("", text)
    named = {c for c in choices if _mentions(text, c)}
    for key in {str(form.read(k)) for k in keys}:
        if _mentions(text, key):
            assert choices and named == set(choices), (key, message)


@pytest.mark.parametrize("name", NAMES)
def test_no_visible_or_hidden_message_reveals_a_key(name, monkeypatch):
    assert mode.source_notebook(name) is not None, "latihan needs the source notebooks"
    visible = _visible_tests(name)
    assert set(visible) == set(QUESTIONS[name])
    checked = 0
    for soal, question in QUESTIONS[name].items():
        form, keys = question.form, keys_of(name, soal)
        wrong, slips = _inputs(form, keys)
        code = visible[soal]

        monkeypatch.setenv(mode.MODE_ENV, mode.UJIAN)
        said_right = _mask(_run(code, soal, keys[0]), keys[0], soal)
        assert "tepat" not in said_right.replace("belum tepat", ""), said_right
        for value in wrong:
            assert _mask(_run(code, soal, value), value, soal) == said_right, (soal, value)
        for value in slips:
            message = _run(code, soal, value)
            assert message and message != said_right, (soal, value)
            _names_no_key(message, keys, form, soal)
            checked += 1

        monkeypatch.delenv(mode.MODE_ENV)
        assert _run(code, soal, keys[0]).endswith("jawaban tepat. Bagus!"), soal
        said_wrong = {_mask(_run(code, soal, value), value, soal) for value in wrong}
        assert len(said_wrong) <= 1, (soal, said_wrong)
        for value in [*wrong, *slips]:
            message = _run(code, soal, value)
            _names_no_key(message, keys, form, soal)
            checked += 1

        # the hidden test: what the feedback shows after grading
        for value in wrong:
            with pytest.raises(checks.CheckFailed) as info:
                checks.nilai(name, soal, value, *keys)
            _names_no_key(str(info.value), keys, form, soal)
    assert checked > 0


@pytest.mark.parametrize("name", ["tugas-03-pemetaan", "tugas-07-pola"])
def test_the_summary_says_the_same_for_right_and_wrong_in_ujian(name, monkeypatch):
    monkeypatch.setenv(mode.MODE_ENV, mode.UJIAN)
    right, wrong = {}, {}
    for soal, question in QUESTIONS[name].items():
        keys = keys_of(name, soal)
        right[f"jawaban_{soal}"] = keys[0]
        others, _ = _inputs(question.form, keys)
        wrong[f"jawaban_{soal}"] = others[0]
    outputs = []
    for answers in (right, wrong):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            checks.ringkasan(name, answers)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    assert "bentuk jawaban sudah benar" in outputs[0]


def test_the_leak_checks_can_fail():
    """A message that lists choices out of order, or names the key alone, is caught."""
    form = forms.Letter("abcd")
    with pytest.raises(AssertionError):
        _names_no_key("Soal 1: 'e' bukan salah satu pilihan. Pilihan: b, a, c, d.", ["b"], form,
                      "1")
    with pytest.raises(AssertionError):
        _names_no_key("Soal 1 belum tepat; jawabannya 'b'.", ["b"], form, "1")
    words = forms.Word(("jejaring", "kemitraan"))
    with pytest.raises(AssertionError):
        _names_no_key("Soal 1 belum tepat: pikirkan kemitraan.", ["kemitraan"], words, "1")
    _names_no_key("Soal 1: 'x' bukan salah satu pilihan. Pilihan: a, b, c, d.", ["b"], form, "1")
