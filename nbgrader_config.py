"""nbgrader configuration for the course "Membangun Jaringan Kemitraan" (course id ``kemitraan``).

nbgrader reads this file from the folder it is started in, so run every
``nbgrader ...`` command from the repository root (or from a trainer's course
folder holding a copy of this file and ``solutions/``). The trainer's guide is
``docs/panduan-pelatih.md``.

Folders (relative to this file): ``solutions/`` (source, with answers and
hidden tests), ``exercises/`` (release, committed), and the working folders
``downloaded/``, ``submitted/``, ``autograded/``, ``feedback/``,
``gradebook.db`` and ``laporan/`` (never committed).
"""

import os

c = get_config()  # noqa: F821 (injected by traitlets when nbgrader loads this file)

_HERE = os.path.dirname(os.path.abspath(__file__))

# --- Course folders -----------------------------------------------------------------
c.CourseDirectory.course_id = "kemitraan"
# KEMITRAAN_KURSUS points nbgrader at another course folder (e.g. on a class server).
c.CourseDirectory.root = os.environ.get("KEMITRAAN_KURSUS") or _HERE
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# --- Exchange (release/fetch/submit through nbgrader's exchange folder) -----------------
# On one computer: the folder pertukaran-nbgrader/ here, made by `make setup` (without it the
# formgrader warns that the exchange directory does not exist). The class hub sets
# KEMITRAAN_EXCHANGE (deploy/jupyterhub). The e-mail workflow of the guide does not use it.
c.Exchange.root = os.environ.get("KEMITRAAN_EXCHANGE") or os.path.join(_HERE, "pertukaran-nbgrader")

# --- Generating the release ---------------------------------------------------------
# Header notebook (the participant's name), relative to the course root.
c.IncludeHeaderFooter.header = "solutions/header.ipynb"
c.ClearSolutions.code_stub = {"python": "None  # GANTI None DENGAN JAWABAN ANDA"}
c.ClearSolutions.text_stub = "TULIS JAWABAN ANDA DI SINI"

# --- Running notebooks (autograde and validate) ---------------------------------------
# Seconds one cell may run; an endless loop is stopped and grading goes on.
c.ExecutePreprocessor.timeout = 30
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
# Output still arriving after a cell's reply (a participant printing megabytes, cut by the
# sandbox's OutputBudget as it arrives) gets this long before nbclient gives up on the
# notebook; nbclient's 4 s fails such a notebook on a busy grading machine.
c.Execute.iopub_timeout = 30

# --- Sandbox for participant code (issue 10, kemitraan_lib/grading/sandbox.py) -------
# Every kernel nbgrader starts (autograde on the command line, the formgrader's button,
# `make nilai`; also validate) runs in a bubblewrap sandbox: no network, read-only
# system, a private copy of the submission's folder, the installed kemitraan_lib
# read-only, none of the course folder, limits on memory/CPU/processes/file size/output.
# Without bubblewrap grading stops, unless KEMITRAAN_TANPA_SANDBOX=1 (see the guide).
# Limits: c.SandboxKernelManager.memory_mb, cpu_seconds, max_processes, file_mb,
# wall_seconds, output_kb, cell_output_lines, cell_output_kb, tmp_mb.
c.Execute.kernel_manager_class = "kemitraan_lib.grading.sandbox.SandboxKernelManager"
try:
    from kemitraan_lib.grading.sandbox import attach_notebook as _attach_notebook

    # Flags of the sandbox (limit hit, output cut) go into the graded notebook.
    c.Execute.on_notebook_start = _attach_notebook
except ImportError:  # kemitraan_lib not installed: nbgrader fails to start the kernel anyway
    pass
# --- end of sandbox block -------------------------------------------------------------

# A participant who deletes a test cell gets it back (and its score) when graded;
# rewritten test cells are restored from the gradebook by nbgrader anyway.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "Sel ini ({cell_id}) terhapus dari kiriman; nbgrader mengembalikannya saat menilai.\n\n"
)

# --- Feedback: keep every result and score, never show test code ---------------------
# nbgrader's own feedback prints the hidden tests' code; HideTestCode removes it.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "kemitraan_lib.grading.feedback.HideTestCode",
    "kemitraan_lib.grading.sanitize.SanitizeNotebook",  # issue 10: see the block below
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# The feedback page in Indonesian: our copy of nbgrader's "feedback" template comes first;
# nbgrader's own template folder stays in the list for the formgrader's pages.
try:
    import nbgrader as _nbgrader

    import kemitraan_lib.grading as _grading

    c.HTMLExporter.extra_template_basedirs = [
        os.path.join(os.path.dirname(_grading.__file__), "templates"),
        os.path.join(os.path.dirname(_nbgrader.__file__), "server_extensions", "formgrader",
                     "templates"),
    ]
except ImportError:  # kemitraan_lib not installed: nbgrader's English feedback page
    pass

# --- Sanitised HTML (issue 10, kemitraan_lib/grading/sanitize.py) ------------------
# Nothing a participant wrote runs in the trainer's browser: markdown answers and rich
# outputs are cleaned (nh3) in the feedback files (SanitizeNotebook is in
# GenerateFeedback.preprocessors above) and in the formgrader's submission view (the
# formgrader renders with a plain HTMLExporter, configured here).
c.HTMLExporter.filters = {"markdown2html": "kemitraan_lib.grading.sanitize.markdown2html"}
c.HTMLExporter.preprocessors = ["kemitraan_lib.grading.sanitize.SanitizeNotebook"]
# --- end of sanitised HTML block ------------------------------------------------------

# --- Files sent by e-mail or chat (nbgrader zip_collect) ------------------------------
# A file must be named <id-peserta>_<nama-tugas>.ipynb, e.g. p07_tugas-03-pemetaan.ipynb
# (id: lowercase letters, digits, '.' or '-'; exactly as in the participant list).
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.named_regexp = (
    r"^(?:.*[/\\])?(?P<student_id>[a-z0-9][a-z0-9.\-]*)_(?P<file_id>tugas-\d\d-[a-z]+)\.ipynb$"
)
c.ZipCollectApp.strict = True

# --- Messages of `nbgrader validate` and the Validate button (Indonesian) -------------
c.Validator.type_changed_warning = (
    "JENIS {num_changed} SEL TELAH BERUBAH!\n"
    "Walaupun uji sekarang lulus, saat dinilai sel itu tidak akan lulus.\n"
    "Kembalikan jenis sel (Code/Markdown) seperti semula.\n"
)
c.Validator.changed_warning = (
    "ISI {num_changed} SEL UJI TELAH BERUBAH!\n"
    "Saat dinilai, sel uji dikembalikan seperti aslinya; jangan mengubah sel uji.\n"
)
c.Validator.failed_warning = (
    "ADA {num_failed} SEL YANG BELUM LULUS UJI. Jika dikirim seperti ini,\n"
    "nilai Anda belum penuh. Baca pesan di bawah, perbaiki jawaban, lalu periksa lagi.\n"
)
c.Validator.passed_warning = "BUKU CATATAN LULUS PADA {num_passed} SEL UJI.\n"

# === Assessment (issue 15 / issue 10 item 2; owner: kemitraan_lib.grading) ============
# One line per answer in the release: ``jawaban_3a = None  # GANTI None ...``
# (kemitraan_lib/grading/stubs.py: nbgrader's ClearSolutions plus one step).
try:
    from nbgrader.converters import GenerateAssignment as _GenerateAssignment

    c.GenerateAssignment.preprocessors = [
        "kemitraan_lib.grading.stubs.OneLineAnswers"
        if getattr(p, "__name__", p) == "ClearSolutions" else p
        for p in _GenerateAssignment.class_traits()["preprocessors"].default()
    ]
except ImportError:  # nbgrader without the converters module: keep its own steps
    pass

# The trusted verdict (kemitraan_lib/grading/verdict.py) re-runs every graded test on the
# answers taken out of the notebook as data, in a fresh kernel, right after Execute; its
# result is what SaveAutoGrades scores. It starts that kernel with the same kernel manager
# class as Execute. Inserted into whatever list the lines above (or another block) left.
_AUTOGRADE = list(
    c.Autograde.autograde_preprocessors if "autograde_preprocessors" in c.Autograde else []
)
if not _AUTOGRADE:
    try:
        from nbgrader.converters import Autograde as _Autograde

        _AUTOGRADE = list(_Autograde.class_traits()["autograde_preprocessors"].default())
    except ImportError:
        _AUTOGRADE = []
_VERDICT = "kemitraan_lib.grading.verdict.TrustedVerdict"
if _AUTOGRADE and _VERDICT not in _AUTOGRADE:
    _names = [getattr(p, "__name__", str(p)).rsplit(".", 1)[-1] for p in _AUTOGRADE]
    _AUTOGRADE.insert(_names.index("Execute") + 1 if "Execute" in _names else 0, _VERDICT)
    c.Autograde.autograde_preprocessors = _AUTOGRADE
# `nbgrader validate` prints each failing test cell and its error: show the cell's title
# instead of its code (kemitraan_lib/grading/validation.py; only while validating), and
# keep lines whole.
try:
    from kemitraan_lib.grading.validation import short_test_source as _short_test_source

    c.Execute.on_cell_complete = _short_test_source
except ImportError:  # kemitraan_lib not installed: nbgrader prints the test code
    pass
c.Validator.width = 120
# === end of the assessment block =====================================================
