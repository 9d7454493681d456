"""Self-check quiz widget: a thin view over :mod:`kemitraan_lib.quiz`.

In a notebook::

    from kemitraan_lib.quiz import Question
    from kemitraan_lib.views.quiz import show_quiz
    show_quiz([Question(...), Question(...)])

Each question shows its options (radio buttons, or check boxes when several
answers are right), a "Periksa" button and the Indonesian feedback explaining
why. Nothing is graded or saved.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.quiz import Question, check
from kemitraan_lib.views.messages import box_html, guard

__all__ = ["show_quiz", "QuizView", "QuestionView"]


class QuestionView(widgets.VBox):
    """One question: prompt, options, "Periksa" button, feedback."""

    def __init__(self, question: Question, number: int, on_checked=None) -> None:
        self.question = question
        self.correct: bool | None = None
        self._on_checked = on_checked
        self._prompt = widgets.HTML(
            f"<b>{number}. {html.escape(question.prompt)}</b>"
            + (" <i>(pilih semua yang benar)</i>" if question.multiple else "")
        )
        layout = widgets.Layout(width="auto")
        if question.multiple:
            self._boxes = [
                widgets.Checkbox(
                    value=False,
                    description=f"{letter}. {text}",
                    indent=False,
                    layout=layout,
                )
                for letter, text in question.options.items()
            ]
            self._choice = widgets.VBox(self._boxes)
        else:
            self._boxes = []
            self._choice = widgets.RadioButtons(
                options=[(f"{k}. {text}", k) for k, text in question.options.items()],
                value=None,
                layout=layout,
            )
        self._button = widgets.Button(description="Periksa", button_style="info", icon="check")
        self._feedback = widgets.HTML("")
        self._button.on_click(guard(self._check, self._show_box))
        super().__init__(
            [self._prompt, self._choice, self._button, self._feedback],
            layout=widgets.Layout(margin="0 0 12px 0"),
        )

    # Programmatic surface (tests, trainers).
    button = property(lambda self: self._button)
    feedback = property(lambda self: self._feedback)

    def chosen(self) -> tuple[str, ...]:
        if self.question.multiple:
            letters = list(self.question.options)
            pairs = zip(letters, self._boxes, strict=True)
            return tuple(letter for letter, box in pairs if box.value)
        return (self._choice.value,) if self._choice.value else ()

    def choose(self, *letters: str) -> None:
        """Select options by letter (what a learner's clicks do)."""
        if self.question.multiple:
            for letter, box in zip(self.question.options, self._boxes, strict=True):
                box.value = letter in letters
        else:
            self._choice.value = letters[0] if letters else None

    def _show_box(self, text: str, kind: str) -> None:
        self._feedback.value = box_html(text, kind)

    def _check(self, _button=None) -> None:
        fb = check(self.question, self.chosen())
        if not fb.answered:
            self.correct = None
            self._show_box(fb.message, "info")
        else:
            self.correct = fb.correct
            sign = "✔ " if fb.correct else "✘ "
            self._show_box(sign + fb.message, "berhasil" if fb.correct else "galat")
        if self._on_checked is not None:
            self._on_checked()


class QuizView(widgets.VBox):
    """A list of :class:`QuestionView` plus a running score line."""

    def __init__(self, questions) -> None:
        if isinstance(questions, Question):
            questions = [questions]
        questions = list(questions)
        for q in questions:
            if not isinstance(q, Question):
                raise InvalidValueError(
                    f"show_quiz menerima daftar Question; ada nilai bertipe "
                    f"'{type(q).__name__}' yang tidak diterima.",
                    field="soal",
                    value=q,
                )
        self.items = [QuestionView(q, i, self._update_score) for i, q in enumerate(questions, 1)]
        self._score = widgets.HTML("")
        super().__init__([*self.items, self._score])

    score = property(lambda self: self._score)

    def _update_score(self) -> None:
        checked = [item for item in self.items if item.correct is not None]
        right = sum(1 for item in checked if item.correct)
        self._score.value = (
            f"<i>Sudah benar {right} dari {len(self.items)} soal. "
            "Cek Pemahaman ini tidak dinilai; silakan coba lagi sampai paham.</i>"
        )


def show_quiz(questions) -> QuizView:
    """Return the quiz widget for a list of :class:`Question` (the notebook displays it)."""
    return QuizView(questions)
