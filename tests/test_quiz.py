"""Self-check quiz: the model (kemitraan_lib.quiz) and the widget (views.quiz)."""

import pytest

from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.quiz import NO_CHOICE_MESSAGE, Question, check


def single():
    return Question(
        prompt="Kapan tindak lanjut perkenalan paling lambat?",
        options={"a": "Dalam 72 jam", "b": "Sebulan kemudian", "c": "Tidak perlu"},
        answer="a",
        explanations={
            "a": "Tiga hari membuat Anda tetap diingat",
            "b": "Sebulan terlalu lama.",
            "c": "Tanpa tindak lanjut, perkenalan mudah terlupa!",
        },
    )


def multi():
    return Question(
        prompt="Mana yang calon mitra?",
        options={"a": "Koperasi", "b": "Tokoh desa", "c": "Hujan"},
        answer=("a", "b"),
        explanations={"a": "Ya, koperasi.", "b": "Ya, tokoh.", "c": "Hujan bukan pihak."},
    )


def test_right_answer_explains_why():
    fb = check(single(), "a")
    assert fb.correct is True
    assert fb.message == "Benar. Tiga hari membuat Anda tetap diingat."  # full stop added


def test_wrong_answer_explains_why_and_invites_retry():
    fb = check(single(), "b")
    assert fb.correct is False
    assert "Sebulan terlalu lama." in fb.message
    assert fb.message.startswith("Belum tepat.")
    assert "Coba pilih jawaban lain" in fb.message


def test_answer_letter_is_case_and_space_insensitive():
    assert check(single(), " A ").correct is True


def test_nothing_chosen_asks_to_choose_without_judging():
    for chosen in (None, "", [], ()):
        fb = check(single(), chosen)
        assert fb.answered is False and fb.correct is False
        assert fb.message == NO_CHOICE_MESSAGE


def test_unknown_letter_is_rejected_with_choices():
    with pytest.raises(InvalidValueError) as info:
        check(single(), "z")
    assert "'z'" in str(info.value) and "a, b, c" in str(info.value)


def test_single_answer_question_refuses_two_letters():
    fb = check(single(), ["a", "b"])
    assert not fb.correct and "satu" in fb.message


def test_multi_answer_all_right_incomplete_and_wrong():
    q = multi()
    assert check(q, ["b", "a"]).correct
    incomplete = check(q, ["a"])
    assert not incomplete.correct and "belum Anda pilih" in incomplete.message
    wrong = check(q, ["a", "c"])
    assert not wrong.correct and "Hujan bukan pihak." in wrong.message
    assert wrong.chosen == ("a", "c")


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"prompt": "  "}, "Pertanyaan"),
        ({"options": {"a": "satu"}}, "dua pilihan"),
        ({"answer": "d"}, "Kunci jawaban 'd'"),
        ({"answer": ()}, "Kunci jawaban kosong"),
        ({"explanations": {"a": "x", "b": "y"}}, "belum ada penjelasan untuk: c"),
        ({"explanations": {"a": "x", "b": "y", "c": "z", "e": "?"}}, "tidak ada: e"),
        ({"explanations": {"a": "x", "b": " ", "c": "z"}}, "Penjelasan 'b'"),
        ({"options": {"a": "x", "b": "", "c": "z"}}, "Pilihan 'b'"),
    ],
)
def test_bad_question_data_is_rejected_in_indonesian(kwargs, fragment):
    fields = {
        "prompt": "P?",
        "options": {"a": "x", "b": "y", "c": "z"},
        "answer": "a",
        "explanations": {"a": "1", "b": "2", "c": "3"},
    }
    fields.update(kwargs)
    with pytest.raises(InvalidValueError) as info:
        Question(**fields)
    assert fragment in str(info.value)


def test_widget_gives_feedback_and_score():
    from kemitraan_lib.views.quiz import show_quiz

    view = show_quiz([single(), multi()])
    first, second = view.items
    first.button.click()
    assert NO_CHOICE_MESSAGE in first.feedback.value
    first.choose("b")
    first.button.click()
    assert "Sebulan terlalu lama." in first.feedback.value and "✘" in first.feedback.value
    first.choose("a")
    first.button.click()
    assert "✔" in first.feedback.value
    second.choose("a", "b")
    second.button.click()
    assert second.correct is True
    assert "Sudah benar 2 dari 2" in view.score.value


def test_widget_escapes_html_in_text():
    from kemitraan_lib.views.quiz import show_quiz

    q = Question("<b>x</b>?", {"a": "1", "b": "2"}, "a", {"a": "<i>ok</i>", "b": "no"})
    view = show_quiz(q)
    view.items[0].choose("a")
    view.items[0].button.click()
    assert "&lt;i&gt;ok&lt;/i&gt;" in view.items[0].feedback.value


def test_widget_rejects_non_questions():
    from kemitraan_lib.views.quiz import show_quiz

    with pytest.raises(InvalidValueError, match="Question"):
        show_quiz(["bukan soal"])
