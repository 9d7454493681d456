"""nbgrader helpers for the graded assignments (``tugas-01-hakikat`` ... ``tugas-08-langkah``).

- :mod:`kemitraan_lib.grading.checks`: the checks the test cells call (form check,
  hidden key check, "Periksa jawaban" summary; import-light, standard library only),
  with :mod:`~kemitraan_lib.grading.forms` (the form of an answer),
  :mod:`~kemitraan_lib.grading.questions` (the form and hint of every question) and
  :mod:`~kemitraan_lib.grading.mode` (the latihan/ujian setting).
- :mod:`kemitraan_lib.grading.answers`: an answer cell read as data (``ast``).
- :mod:`kemitraan_lib.grading.hints`: IPython extension, Indonesian hints for everyday slips.
- :mod:`kemitraan_lib.grading.verdict`: nbgrader autograde step, the trusted verdict.
- :mod:`kemitraan_lib.grading.stubs`: one-line answer stubs in the release.
- :mod:`kemitraan_lib.grading.feedback`: an nbgrader preprocessor that hides the
  source of test cells in feedback (registered in ``nbgrader_config.py``).
- :mod:`kemitraan_lib.grading.report`: the class report (heatmap PNG, CSV, Excel).
- :mod:`kemitraan_lib.grading.participants`: import the participant list from a CSV.
- :mod:`kemitraan_lib.grading.sandbox`: the bubblewrap sandbox every grading kernel runs
  in (``Execute.kernel_manager_class`` in ``nbgrader_config.py``).
- :mod:`kemitraan_lib.grading.sanitize`: participant HTML/markdown made safe for the
  feedback files and the formgrader.
- :mod:`kemitraan_lib.grading.nilai`: ``make nilai``, a class graded in parallel.
- :mod:`kemitraan_lib.grading.flags`: flags for the trainer on a graded notebook.

Importing this package imports nothing else.
"""

__all__ = ["ASSIGNMENTS"]

#: The graded assignments, in course order (the folder names under ``solutions/``).
ASSIGNMENTS = (
    "tugas-01-hakikat",
    "tugas-02-kesadaran",
    "tugas-03-pemetaan",
    "tugas-04-tujuan",
    "tugas-05-prinsip",
    "tugas-06-strategi",
    "tugas-07-pola",
    "tugas-08-langkah",
)
