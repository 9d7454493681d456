"""Make an executed module notebook fit for the static book (pure functions, no I/O).

* Widget outputs (any ipywidgets view, from any module) become ONE Indonesian
  note per run of consecutive widget outputs, telling the reader to open the
  notebook; the saved widget state is dropped. No empty widget box remains.
* The throw-away workbook folder used while executing is shown as ``~``, so
  the book shows the default path a learner sees, never the builder's.
* The navigation cells (tag ``navigasi``) are dropped: the book's own chrome
  carries the same prev/next links.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> cell = nbformat.v4.new_code_cell("PartnerMapper()")
>>> cell.outputs = [nbformat.v4.new_output(
...     "execute_result", {"text/plain": "VBox()", WIDGET_MIME: {"model_id": "ab"}},
...     execution_count=1)]
>>> nb.cells = [cell]
>>> replace_widgets(nb, "03-pemetaan-mitra.ipynb")
1
>>> out = nb.cells[0].outputs[0]
>>> WIDGET_MIME in out["data"], "03-pemetaan-mitra.ipynb" in out["data"]["text/html"]
(False, True)
"""

from __future__ import annotations

import html

__all__ = [
    "WIDGET_MIME",
    "WIDGET_STATE_MIME",
    "NOTE_CLASS",
    "NAV_TAG",
    "widget_note",
    "is_widget_output",
    "replace_widgets",
    "hide_path",
    "drop_navigation",
    "prepare",
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
NOTE_CLASS = "buku-catatan-widget"
NAV_TAG = "navigasi"  # same tag as tools/navigasi.py writes


def widget_note(notebook_file: str, count: int = 1) -> dict:
    """The output that stands for ``count`` widgets of ``notebook_file``."""
    name = html.escape(notebook_file)
    what = "Bagian interaktif" if count == 1 else f"{count} bagian interaktif"
    text = (
        f"{what} di sini hanya berfungsi di notebook. Buka modules/{notebook_file} "
        "di JupyterLab (perintah: make lab) untuk mencobanya."
    )
    markup = (
        f'<div class="{NOTE_CLASS}" role="note">'
        f'<p class="buku-catatan-judul">{html.escape(what)} (widget)</p>'
        f"<p>Di buku ini bagian tersebut tidak bisa dipakai. Buka notebook "
        f"<code>modules/{name}</code> di JupyterLab (perintah: <code>make lab</code>) "
        "untuk mencobanya.</p></div>"
    )
    return {
        "output_type": "display_data",
        "metadata": {"buku": {"widget_note": count}},
        "data": {"text/html": markup, "text/plain": text},
    }


def is_widget_output(output) -> bool:
    return WIDGET_MIME in (output.get("data") or {})


def replace_widgets(nb, notebook_file: str) -> int:
    """Replace widget outputs in place; returns how many widgets were replaced."""
    replaced = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        outputs: list = []
        run = 0
        for output in cell.get("outputs", []):
            if is_widget_output(output):
                run += 1
                continue
            if run:
                outputs.append(widget_note(notebook_file, run))
                replaced += run
                run = 0
            outputs.append(output)
        if run:
            outputs.append(widget_note(notebook_file, run))
            replaced += run
        cell["outputs"] = outputs
    nb.get("metadata", {}).pop("widgets", None)
    return replaced


def _replace_text(value, old: str, new: str):
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replace_text(v, old, new) for v in value]
    return value


def hide_path(nb, folder: str, shown: str = "~") -> None:
    """Write ``shown`` wherever an output contains ``folder`` (text outputs only)."""
    if not folder:
        return
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = _replace_text(output["text"], folder, shown)
            data = output.get("data") or {}
            for mime in list(data):
                if mime.startswith("text/") or mime == "image/svg+xml":
                    data[mime] = _replace_text(data[mime], folder, shown)


def drop_navigation(nb) -> int:
    """Remove the cells tagged ``navigasi``; returns how many were removed."""
    cells = nb.get("cells", [])
    keep = [c for c in cells if NAV_TAG not in (c.get("metadata", {}).get("tags") or [])]
    removed = len(cells) - len(keep)
    nb["cells"] = keep
    return removed


def prepare(nb, notebook_file: str, *, workbook_folder: str = "") -> dict:
    """Everything above, in order; returns counts for the build report."""
    hide_path(nb, workbook_folder)
    return {
        "widgets": replace_widgets(nb, notebook_file),
        "navigation_cells": drop_navigation(nb),
    }
