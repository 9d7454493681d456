"""The checks that the test cells of the graded notebooks call.

Each answer cell holds one plain value (``jawaban_3a = "b"``). Each test cell
checks that one answer::

    from kemitraan_lib.grading import checks
    checks.periksa("tugas-01-hakikat", "3a", jawaban_3a)      # visible: the form
    ### BEGIN HIDDEN TESTS
    checks.nilai("tugas-01-hakikat", "3a", jawaban_3a, "b")   # hidden: the score
    ### END HIDDEN TESTS

- :func:`periksa` (visible) checks the FORM of the answer against its
  question in :mod:`kemitraan_lib.grading.questions` and, depending on the
  course setting (:mod:`kemitraan_lib.grading.mode`), either says that
  correctness is decided at grading (``ujian``) or confirms it by running the
  hidden test of the source notebook (``latihan``).
- :func:`nilai` (hidden) decides the score: the answer must be one of the
  accepted answers (several when a key is debatable).
- :func:`ringkasan` is the "Periksa jawaban" cell at the end of each
  assignment: one line per question, never test code, never raises.

A failing check raises :class:`CheckFailed` (an ``AssertionError``) whose
rendering in IPython, in nbgrader's feedback and in ``nbgrader validate`` is
one Indonesian sentence, with no traceback. No message contains, or lists in
a telling order, the right answer: choices are always listed alphabetically.

Standard library only (the questions and, when needed, the course content
are imported lazily).
"""

from __future__ import annotations

import builtins
import contextlib
import io
import sys
from collections.abc import Mapping

from kemitraan_lib.grading import mode as _mode
from kemitraan_lib.grading.answers import AnswerProblem
from kemitraan_lib.grading.forms import FormError

__all__ = [
    "CheckFailed",
    "AnswerProblem",
    "question",
    "read",
    "periksa",
    "nilai",
    "ringkasan",
]


class CheckFailed(AssertionError):
    """A failed check: shown everywhere as its one Indonesian sentence, no traceback."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def question(tugas: str, soal: str):
    """The :class:`~kemitraan_lib.grading.questions.Question` ``soal`` of ``tugas``."""
    from kemitraan_lib.grading.questions import QUESTIONS

    try:
        return QUESTIONS[tugas][soal]
    except KeyError:
        raise LookupError(f"no question {soal!r} in {tugas!r}") from None


def _label(soal: str) -> str:
    return f"Soal {soal}"


def read(tugas: str, soal: str, value: object) -> object:
    """The canonical form of ``value`` for the question, or :class:`CheckFailed`.

    >>> read("tugas-01-hakikat", "1a", "Jejaring ")
    'jejaring'
    """
    label = _label(soal)
    form = question(tugas, soal).form
    if isinstance(value, AnswerProblem):
        raise CheckFailed(value.message(label))
    if value is None or value is Ellipsis:
        raise CheckFailed(f"{label} belum diisi: ganti None dengan {form.fill_hint}.")
    if isinstance(value, tuple):
        raise CheckFailed(
            f"{label}: ada tanda koma yang membuat jawaban berisi lebih dari satu nilai. "
            "Tulis satu nilai saja dan hapus tanda koma di akhir baris.")
    if isinstance(value, (list, set, frozenset, Mapping)):
        raise CheckFailed(f"{label}: tulis satu nilai saja, bukan daftar atau kamus.")
    try:
        return form.read(value)
    except FormError as error:
        raise CheckFailed(f"{label}: {error}") from None


@contextlib.contextmanager
def _quiet():
    saved = sys.stdout
    sys.stdout = io.StringIO()
    try:
        yield
    finally:
        sys.stdout = saved


def _latihan_verdict(tugas: str, soal: str, value: object) -> bool | None:
    """Run the source's hidden test on ``value``: True/False, or None if there is none."""
    code = _mode.hidden_test(tugas, soal)
    if code is None:
        return None
    namespace = {"__name__": "__latihan__", "__builtins__": builtins,
                 "checks": sys.modules[__name__], f"jawaban_{soal}": value}
    try:
        with _quiet():
            exec(compile(code, f"<latihan {tugas} {soal}>", "exec"), namespace)  # noqa: S102
    except CheckFailed:
        return False
    return True


def periksa(tugas: str, soal: str, value: object) -> None:
    """Visible test: check the form of the answer (and in ``latihan``, whether it is right)."""
    read(tugas, soal, value)
    label = _label(soal)
    now = _mode.current(tugas)
    if now == _mode.PENILAIAN:
        return
    if now == _mode.LATIHAN:
        verdict = _latihan_verdict(tugas, soal, value)
        if verdict is True:
            print(f"{label}: jawaban tepat. Bagus!")
            return
        if verdict is False:
            raise CheckFailed(f"{label} belum tepat. {question(tugas, soal).hint}".strip())
    print(f"{label}: bentuk jawaban sudah benar. Benar atau salahnya dinilai saat penilaian.")


def nilai(tugas: str, soal: str, value: object, *accepted: object) -> None:
    """Hidden test: pass only when the answer is one of ``accepted``."""
    if not accepted:
        raise ValueError("nilai() needs at least one accepted answer")
    got = read(tugas, soal, value)
    form = question(tugas, soal).form
    try:
        right = {form.read(answer) for answer in accepted}
    except FormError as error:
        raise ValueError(f"{tugas} {soal}: an accepted answer does not fit the form: "
                         f"{error}") from None
    label = _label(soal)
    if got not in right:
        raise CheckFailed(f"{label} belum tepat. {question(tugas, soal).hint}".strip())
    if _mode.setting() == _mode.PENILAIAN:
        print(f"{label}: tepat.")


_MISSING = object()


def _caller_namespace() -> dict:
    try:
        from IPython import get_ipython  # noqa: PLC0415 - only inside a kernel

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except ImportError:
        pass
    return sys._getframe(2).f_globals


def _status(tugas: str, soal: str, value: object, now: str) -> tuple[bool, str]:
    label = _label(soal)
    if value is _MISSING:
        return False, (f"sel jawabannya belum dijalankan (klik sel jawaban {label}, "
                       "tekan Shift+Enter)")
    try:
        read(tugas, soal, value)
    except CheckFailed as failed:
        text = str(failed)
        for prefix in (f"{label}: ", f"{label} "):
            if text.startswith(prefix):
                text = text[len(prefix):]
                break
        return False, text
    if now == _mode.LATIHAN:
        verdict = _latihan_verdict(tugas, soal, value)
        if verdict is True:
            return True, "tepat"
        if verdict is False:
            return False, "belum tepat. " + question(tugas, soal).hint
    return True, "bentuk jawaban sudah benar"


def ringkasan(tugas: str, namespace: Mapping | None = None) -> None:
    """Print one line per question of ``tugas``: the "Periksa jawaban" cell. Never raises."""
    from kemitraan_lib.grading.questions import QUESTIONS

    ns = namespace if namespace is not None else _caller_namespace()
    questions = QUESTIONS.get(tugas, {})
    now = _mode.current(tugas)
    if now == _mode.PENILAIAN:
        now = _mode.UJIAN
    lines = [f"Periksa jawaban · {tugas}"]
    ready = 0
    width = max((len(_label(s)) for s in questions), default=6)
    for soal in questions:
        try:
            ok, text = _status(tugas, soal, ns.get(f"jawaban_{soal}", _MISSING), now)
        except Exception:  # noqa: BLE001 - a summary must never fail
            ok, text = False, "belum dapat diperiksa; jalankan sel ujinya"
        ready += ok
        mark = "✓" if ok else "✗"
        lines.append(f"  {mark} {_label(soal):<{width}}  {text}")
    total = len(questions)
    if now == _mode.LATIHAN:
        lines.append(f"{ready} dari {total} soal sudah tepat (mode latihan).")
    else:
        lines.append(f"{ready} dari {total} soal terisi dengan bentuk yang benar. Benar atau "
                     "salahnya dinilai pelatih saat penilaian.")
    lines.append("Jawaban tertulis dinilai pelatih dan tidak diperiksa di sini. Sudah mengubah "
                 "jawaban? Jalankan lagi sel jawabannya sebelum sel ini.")
    print("\n".join(lines))
