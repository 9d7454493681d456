"""IPython extension: everyday Python slips become one Indonesian sentence.

Loaded in every kernel of the course's environment by the IPython config
file that :func:`install` writes into ``<venv>/etc/ipython`` (``make lab`` and
``make test`` run it through ``tools/siapkan_lab.py``), so a learner never has
to do anything. What it does in a kernel:

- A **word without quotes** (``jawaban_1 = kelompok``) gives ``NameError``; the
  cell shows "kelompok ditulis tanpa tanda kutip ..." instead of a traceback.
  A test cell run before its answer cell says which answer cell to run first.
- A **missing quote, comma or bracket** (``SyntaxError``) shows the line and
  what to fix, in one sentence. Curly quotes (“b”, pasted from a chat app or a
  word processor) are made straight when that is all that is wrong.
- An **answer cell that failed**, or that computed its value instead of
  writing it, leaves no old value behind: the variable is replaced by an
  :class:`~kemitraan_lib.grading.answers.AnswerProblem`, so the test below it
  says the answer cell did not run, and never judges an earlier value. The
  rule is the one the trusted verdict applies when grading
  (:func:`kemitraan_lib.grading.answers.read_cell`).
- A **trailing comma** (a tuple) and a **None left** are explained by the
  checks themselves (:mod:`kemitraan_lib.grading.checks`).

Errors raised anywhere else (inside library code) keep IPython's normal
traceback. Load it by hand with ``%load_ext kemitraan_lib.grading.hints``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from kemitraan_lib.grading.answers import (
    ANSWER_NAME,
    AnswerProblem,
    answer_label,
    assigned_names,
    read_cell,
    straighten_quotes,
    syntax_hint,
)

__all__ = [
    "load_ipython_extension",
    "unload_ipython_extension",
    "name_error_message",
    "install",
    "CONFIG_NAME",
]

#: File written into ``<prefix>/etc/ipython`` by :func:`install`.
CONFIG_NAME = "ipython_kernel_config.json"
EXTENSION = "kemitraan_lib.grading.hints"
_NAME = re.compile(r"name '([^']+)' is not defined")
_CELL_FILE = re.compile(r"(^<ipython-input-)|([/\\]ipykernel_\d+[/\\])")
_state: dict[str, object] = {}


def name_error_message(name: str) -> str:
    """The sentence shown for ``NameError: name 'NAME' is not defined`` in a cell.

    >>> name_error_message("jawaban_3a")  # doctest: +ELLIPSIS
    'Sel jawaban Soal 3a belum dijalankan. Klik sel jawaban_3a di atas, ...'
    >>> name_error_message("kelompok")  # doctest: +ELLIPSIS
    'kelompok ditulis tanpa tanda kutip. Teks harus diapit tanda kutip, misalnya "kelompok".'
    """
    if ANSWER_NAME.match(name):
        return (f"Sel jawaban {answer_label(name)} belum dijalankan. Klik sel {name} di atas, "
                "tekan Shift+Enter, lalu jalankan sel ini lagi.")
    if name.lower() == "none":
        return "Tulis None dengan N besar, atau ganti None dengan jawaban Anda."
    if name.lower() in ("true", "false"):
        return f"Tulis {name.capitalize()} dengan huruf besar di depan, atau pakai tanda kutip."
    return (f'{name} ditulis tanpa tanda kutip. Teks harus diapit tanda kutip, '
            f'misalnya "{name}".')


def _in_cell(shell, etype, value, tb) -> bool:
    """True when the error comes from the cell's own code (not from a library)."""
    if issubclass(etype, SyntaxError):
        filename = getattr(value, "filename", "") or ""
        return bool(_CELL_FILE.search(filename)) or filename.startswith("<")
    last = tb
    while last is not None and last.tb_next is not None:
        last = last.tb_next
    return last is not None and last.tb_frame.f_globals is shell.user_ns


def _handler(shell, etype, value, tb, tb_offset=None):
    """Custom exception handler: one sentence for slips in a cell, else the usual traceback."""
    message = None
    if _in_cell(shell, etype, value, tb):
        if issubclass(etype, SyntaxError):
            message = syntax_hint(value)
        elif issubclass(etype, NameError):
            match = _NAME.search(str(value))
            if match:
                message = name_error_message(match.group(1))
    if message is None:
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    else:
        stb = [message]
    shell._showtraceback(etype, value, stb)
    return stb


def _straight_quotes(lines: list[str]) -> list[str]:
    """Input transformer: a cell that parses only once curly quotes are straight."""
    text = "".join(lines)
    if not any(q in text for q in "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b\u00ab\u00bb"):
        return lines
    fixed = straighten_quotes(text)
    return lines if fixed is None else fixed.splitlines(keepends=True)


def _post_run_cell(result) -> None:
    """After a cell: no failed or computed answer keeps an older value."""
    shell = _state.get("shell")
    info = getattr(result, "info", None)
    raw = getattr(info, "raw_cell", None) or ""
    if shell is None or "jawaban_" not in raw:
        return
    names = assigned_names(raw)
    if not names:
        return
    if not result.success:
        for name in names:
            shell.user_ns[name] = AnswerProblem("not-run")
        return
    for name, value in read_cell(raw).items():
        if isinstance(value, AnswerProblem):
            shell.user_ns[name] = value


def load_ipython_extension(ipython) -> None:
    """Install the handler, the transformer and the post-run hook in ``ipython``."""
    if _state.get("shell") is ipython:
        return
    _state["shell"] = ipython
    ipython.set_custom_exc((NameError, SyntaxError), _handler)
    if _straight_quotes not in ipython.input_transformers_post:
        ipython.input_transformers_post.append(_straight_quotes)
    ipython.events.register("post_run_cell", _post_run_cell)


def unload_ipython_extension(ipython) -> None:
    """Undo :func:`load_ipython_extension`."""
    ipython.set_custom_exc((), None)
    if _straight_quotes in ipython.input_transformers_post:
        ipython.input_transformers_post.remove(_straight_quotes)
    try:
        ipython.events.unregister("post_run_cell", _post_run_cell)
    except ValueError:
        pass
    _state.pop("shell", None)


def install(prefix: str | os.PathLike | None = None) -> Path:
    """Make every IPython kernel of the environment at ``prefix`` load this extension.

    Writes ``<prefix>/etc/ipython/ipython_kernel_config.json`` (IPython reads
    that folder for every kernel started from this environment), keeping any
    other setting already in the file. Returns the file's path.
    """
    folder = Path(prefix or sys.prefix) / "etc" / "ipython"
    path = folder / CONFIG_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    app = data.setdefault("InteractiveShellApp", {})
    extensions = [e for e in app.get("extensions", []) if isinstance(e, str)]
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    app["extensions"] = extensions
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
