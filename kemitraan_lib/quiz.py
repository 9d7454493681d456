"""Self-check questions (model only, no widgets).

A :class:`Question` is plain data written in a notebook cell; :func:`check`
turns the learner's choice into :class:`Feedback` that explains *why* the
chosen option is right or wrong, in Indonesian. The quiz is not graded.

>>> q = Question(
...     prompt="Berapa lama batas waktu tindak lanjut setelah berkenalan?",
...     options={"a": "72 jam", "b": "Satu bulan"},
...     answer="a",
...     explanations={"a": "Tiga hari cukup singkat agar Anda masih diingat.",
...                   "b": "Sebulan terlalu lama; calon mitra sudah lupa."})
>>> fb = check(q, "a")
>>> fb.correct
True
>>> print(fb.message)
Benar. Tiga hari cukup singkat agar Anda masih diingat.
>>> print(check(q, "b").message)
Belum tepat. Sebulan terlalu lama; calon mitra sudah lupa. Coba pilih jawaban lain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kemitraan_lib.errors import InvalidValueError, format_choices, show

__all__ = ["Question", "Feedback", "check", "NO_CHOICE_MESSAGE"]

NO_CHOICE_MESSAGE = "Pilih jawaban dulu, lalu klik Periksa."


def _text(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            f"{what} harus berupa teks yang tidak kosong; nilai {show(value)} tidak diterima.",
            field=what.lower(),
            value=value,
        )
    return value.strip()


@dataclass(frozen=True)
class Question:
    """One self-check question.

    ``answer`` is one letter (a single right answer, shown as radio buttons) or a
    tuple of letters (several right answers, shown as check boxes). Every option
    needs an explanation of why it is right or wrong.
    """

    prompt: str
    options: dict[str, str]
    answer: str | tuple[str, ...]
    explanations: dict[str, str]

    def __post_init__(self) -> None:
        _text(self.prompt, "Pertanyaan")
        if not isinstance(self.options, dict) or len(self.options) < 2:
            raise InvalidValueError(
                "Soal perlu paling sedikit dua pilihan jawaban (a, b, ...); "
                f"yang diberikan: {show(self.options)}.",
                field="pilihan",
                value=self.options,
            )
        for letter, text in self.options.items():
            if not isinstance(letter, str) or not letter.strip():
                raise InvalidValueError(
                    f"Huruf pilihan harus teks seperti 'a'; nilai {show(letter)} tidak diterima.",
                    field="pilihan",
                    value=letter,
                )
            _text(text, f"Pilihan '{letter}'")
        letters = tuple(self.options)
        if not isinstance(self.answer, (str, tuple, list)):
            raise InvalidValueError(
                f"Kunci jawaban harus huruf atau beberapa huruf; nilai {show(self.answer)} tidak "
                f"diterima. Pilihan: {format_choices(letters)}.", field="jawaban",
                value=self.answer, allowed=letters)
        answers = (self.answer,) if isinstance(self.answer, str) else tuple(self.answer)
        if not answers:
            raise InvalidValueError(
                f"Kunci jawaban kosong. Pilihan: {format_choices(letters)}.",
                field="jawaban",
                value=self.answer,
                allowed=letters,
            )
        for letter in answers:
            if not isinstance(letter, str) or letter not in self.options:
                raise InvalidValueError(
                    f"Kunci jawaban {show(letter)} tidak ada di pilihan. "
                    f"Pilihan: {format_choices(letters)}.",
                    field="jawaban",
                    value=letter,
                    allowed=letters,
                )
        if not isinstance(self.explanations, dict):
            raise InvalidValueError(
                "Penjelasan harus berupa kamus huruf -> teks.",
                field="penjelasan",
                value=self.explanations,
            )
        missing = [k for k in letters if k not in self.explanations]
        if missing:
            raise InvalidValueError(
                "Setiap pilihan perlu penjelasan mengapa benar atau salah; "
                f"belum ada penjelasan untuk: {format_choices(missing)}.",
                field="penjelasan",
                value=missing,
                allowed=letters,
            )
        extra = [k for k in self.explanations if k not in self.options]
        if extra:
            raise InvalidValueError(
                f"Penjelasan untuk pilihan yang tidak ada: {format_choices(extra)}. "
                f"Pilihan: {format_choices(letters)}.",
                field="penjelasan",
                value=extra,
                allowed=letters,
            )
        for letter in letters:
            _text(self.explanations[letter], f"Penjelasan '{letter}'")

    @property
    def correct_letters(self) -> frozenset[str]:
        """The set of right letters."""
        if isinstance(self.answer, str):
            return frozenset({self.answer})
        return frozenset(self.answer)

    @property
    def multiple(self) -> bool:
        """True when the answer has several letters (check boxes)."""
        return not isinstance(self.answer, str)


@dataclass(frozen=True)
class Feedback:
    """Result of :func:`check`: ``correct`` and an Indonesian ``message``."""

    correct: bool
    message: str
    chosen: tuple[str, ...] = ()
    answered: bool = True


def _normalise_choice(question: Question, chosen) -> tuple[str, ...]:
    if chosen is None:
        return ()
    letters = tuple(question.options)
    if isinstance(chosen, str):
        items: Iterable = (chosen,) if chosen.strip() else ()
    elif isinstance(chosen, (list, tuple, set, frozenset)):
        items = chosen
    else:
        items = (chosen,)
    result = []
    for item in items:
        letter = item.strip().lower() if isinstance(item, str) else None
        if letter not in question.options:
            raise InvalidValueError(
                f"Pilihan {show(item)} tidak ada. Pilihan: {format_choices(letters)}.",
                field="pilihan",
                value=item,
                allowed=letters,
            )
        if letter not in result:
            result.append(letter)
    # Keep the option order, so messages read naturally.
    return tuple(k for k in letters if k in result)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1] in ".!?…)\"'" else text + "."


def check(question: Question, chosen) -> Feedback:  # noqa: C901 - one rule per case
    """Check the learner's choice and explain it.

    ``chosen`` is a letter, several letters (for multi-answer questions) or
    ``None``/empty when nothing was picked (then the message asks to choose).

    >>> q = Question("Mana yang termasuk calon mitra?", {"a": "Koperasi", "b": "Tokoh",
    ...     "c": "Cuaca"}, ("a", "b"), {"a": "Ya, koperasi.", "b": "Ya, tokoh.",
    ...     "c": "Cuaca bukan pihak yang bisa diajak bermitra."})
    >>> check(q, ["a"]).correct
    False
    >>> print(check(q, ["a"]).message)
    Belum lengkap. a: Ya, koperasi. Masih ada jawaban benar yang belum Anda pilih.
    >>> check(q, ["b", "a"]).correct
    True
    >>> print(check(q, None).message)
    Pilih jawaban dulu, lalu klik Periksa.
    """
    if not isinstance(question, Question):
        raise InvalidValueError(f"Yang diperiksa harus sebuah Question; nilai {show(question)} "
                                "tidak diterima.", field="soal", value=question,
                                allowed=("Question",))
    picked = _normalise_choice(question, chosen)
    explain = {k: _sentence(v) for k, v in question.explanations.items()}
    if not picked:
        return Feedback(False, NO_CHOICE_MESSAGE, (), answered=False)
    right = question.correct_letters
    if not question.multiple:
        if len(picked) > 1:
            return Feedback(
                False,
                "Soal ini hanya punya satu jawaban benar; pilih satu saja.",
                picked,
            )
        letter = picked[0]
        why = explain[letter]
        if letter in right:
            return Feedback(True, f"Benar. {why}", picked)
        return Feedback(False, f"Belum tepat. {why} Coba pilih jawaban lain.", picked)
    wrong = [k for k in picked if k not in right]
    missing = right - set(picked)
    parts = [f"{k}: {explain[k]}" for k in picked]
    if not wrong and not missing:
        return Feedback(True, "Benar. " + " ".join(parts), picked)
    if wrong:
        return Feedback(
            False,
            "Belum tepat. " + " ".join(parts) + " Periksa lagi pilihan yang salah.",
            picked,
        )
    return Feedback(
        False,
        "Belum lengkap. " + " ".join(parts) + " Masih ada jawaban benar yang belum Anda pilih.",
        picked,
    )
