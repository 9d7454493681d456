"""Activity widgets bound to the learner's workbook (thin views over
:class:`kemitraan_lib.workbook.Workbook`).

Every widget loads the saved answer when the notebook is opened again, saves
on every change and shows "Tersimpan HH:MM:SS" or an Indonesian error. When
the workbook had to be recovered from a corrupt file, the notice is shown too.

In a notebook::

    from kemitraan_lib.views.workbook import activity, choice_activity
    activity("03", "mitra-pertama", "Siapa calon mitra pertama Anda, dan mengapa?")

Widgets (all save under (module, key) in the workbook; ``workbook=`` for tests):

* :func:`activity` - a text box (value: str);
* :func:`choice_activity` - a dropdown (value: the chosen option, str);
* :func:`form_activity` - labelled text boxes (value: dict field key -> str),
  e.g. the MoU outline in 08;
* :func:`monev_activity` - the monev plan table with a live traffic-light review
  (value: list of dicts ``indikator, target, siapa, kapan, status``);
* :func:`followup_activity` - the 72-hour follow-up planner
  (value: ``{"mitra", "pertemuan", "jadwal": [...]}``);
* :func:`plan_export_panel` - module 10's "Buat dokumen rencana" button.
"""

from __future__ import annotations

import html
from datetime import datetime

import ipywidgets as widgets

from kemitraan_lib.errors import InvalidValueError, KemitraanError, format_choices
from kemitraan_lib.workbook import Workbook, default_path

__all__ = [
    "activity",
    "choice_activity",
    "ActivityView",
    "ChoiceActivityView",
    "shared_workbook",
    "workbook_notice",
    "form_activity",
    "monev_activity",
    "followup_activity",
    "plan_export_panel",
]

_OK = "#1b5e20"
_BAD = "#b71c1c"
_WARN = "#e65100"
_INFO = "#546e7a"

_SHARED: dict[str, Workbook] = {}


def shared_workbook() -> Workbook:
    """One Workbook object per file for all widgets of this kernel."""
    path = default_path()
    key = str(path)
    if key not in _SHARED:
        _SHARED[key] = Workbook(path)
    return _SHARED[key]


def _status(message: str, colour: str) -> str:
    return f'<span style="color:{colour};font-size:90%">{html.escape(message)}</span>'


def workbook_notice(workbook: Workbook) -> str:
    """HTML for the workbook's recovery notice ("" when there is none)."""
    if not workbook.message:
        return ""
    return (
        f'<div style="border:1px solid {_WARN};padding:6px;color:{_WARN}">'
        f"⚠ {html.escape(workbook.message)}</div>"
    )


class _BoundView(widgets.VBox):
    """Shared behaviour: label, input, status line, saving with error display."""

    def __init__(self, module, key, prompt, control, workbook: Workbook | None) -> None:
        self.workbook = workbook if workbook is not None else shared_workbook()
        self.module = str(module)
        self.key = str(key)
        self.prompt = str(prompt)
        self._loading = False
        self._label = widgets.HTML(f"<b>{html.escape(self.prompt)}</b>")
        self._control = control
        self._status = widgets.HTML("")
        self._notice = widgets.HTML(workbook_notice(self.workbook))
        super().__init__(
            [self._notice, self._label, self._control, self._status],
            layout=widgets.Layout(margin="0 0 12px 0"),
        )

    @property
    def control(self):
        return self._control

    @property
    def status(self) -> widgets.HTML:
        return self._status

    def _show(self, message: str, colour: str) -> None:
        self._status.value = _status(message, colour)

    def _save(self, value) -> None:
        try:
            if value is None:
                self.workbook.delete(self.module, self.key)
                self._show(f"Pilihan dikosongkan · {datetime.now():%H:%M:%S}", _INFO)
            else:
                self.workbook.set(self.module, self.key, value, prompt=self.prompt)
                self._show(f"Tersimpan {datetime.now():%H:%M:%S}", _OK)
        except KemitraanError as exc:
            self._show(str(exc), _BAD)
        except Exception as exc:  # never a silent failure or a raw traceback
            self._show(f"Terjadi kesalahan tak terduga, jawaban belum tersimpan: {exc}", _BAD)
        self._notice.value = workbook_notice(self.workbook)


class ActivityView(_BoundView):
    """A text box bound to one workbook key."""

    def __init__(self, module, key, prompt, *, multiline=True, placeholder="", workbook=None):
        cls = widgets.Textarea if multiline else widgets.Text
        kwargs = {"rows": 4} if multiline else {}
        control = cls(
            value="",
            placeholder=placeholder or "Tulis jawaban Anda di sini…",
            layout=widgets.Layout(width="95%"),
            **kwargs,
        )
        super().__init__(module, key, prompt, control, workbook)
        saved = self.workbook.get(self.module, self.key)
        self._loading = True
        try:
            if saved is not None:
                control.value = saved if isinstance(saved, str) else str(saved)
                entry = self.workbook.entry(self.module, self.key) or {}
                when = str(entry.get("diubah", ""))[:16].replace("T", " ")
                self._show(f"Jawaban tersimpan dimuat (terakhir diubah {when}).", _INFO)
            else:
                self._show("Belum ada jawaban. Jawaban tersimpan otomatis saat diketik.", _INFO)
        finally:
            self._loading = False
        control.observe(self._changed, names="value")

    def _changed(self, change) -> None:
        if not self._loading:
            self._save(change["new"])


class ChoiceActivityView(_BoundView):
    """A dropdown bound to one workbook key."""

    NOT_CHOSEN = "— pilih —"

    def __init__(self, module, key, prompt, options, *, workbook=None):
        if isinstance(options, str) or not options:
            raise InvalidValueError(
                f"Pilihan untuk kegiatan harus daftar teks yang tidak kosong; "
                f"nilai {options!r} tidak diterima.",
                field="pilihan",
                value=options,
            )
        clean = []
        for option in options:
            if not isinstance(option, str) or not option.strip():
                raise InvalidValueError(
                    f"Setiap pilihan harus teks yang tidak kosong; {option!r} tidak diterima.",
                    field="pilihan",
                    value=option,
                )
            if option in clean:
                raise InvalidValueError(
                    f"Pilihan '{option}' muncul dua kali. Pilihan: {format_choices(options)}.",
                    field="pilihan",
                    value=option,
                )
            clean.append(option)
        self.options = tuple(clean)
        # "" (not None) for "not chosen": a Dropdown shows nothing for a None value.
        control = widgets.Dropdown(
            options=[(self.NOT_CHOSEN, "")] + [(o, o) for o in clean],
            value="",
            layout=widgets.Layout(width="95%"),
        )
        super().__init__(module, key, prompt, control, workbook)
        saved = self.workbook.get(self.module, self.key)
        self._loading = True
        try:
            if saved in self.options:
                control.value = saved
                self._show("Pilihan tersimpan dimuat.", _INFO)
            elif saved is not None:
                self._show(
                    f"Pilihan tersimpan '{saved}' tidak ada lagi di daftar; silakan pilih lagi. "
                    f"Pilihan: {format_choices(self.options)}.",
                    _WARN,
                )
            else:
                self._show("Belum dipilih. Pilihan disimpan otomatis.", _INFO)
        finally:
            self._loading = False
        control.observe(self._changed, names="value")

    def _changed(self, change) -> None:
        if not self._loading:
            self._save(change["new"] or None)


def activity(
    module: str, key: str, prompt: str, *, multiline=True, placeholder="", workbook=None
) -> ActivityView:
    """A text box bound to the workbook: loads the saved answer, saves on every change."""
    return ActivityView(
        module, key, prompt, multiline=multiline, placeholder=placeholder, workbook=workbook
    )


def choice_activity(module: str, key: str, prompt: str, options, *, workbook=None):
    """A dropdown bound to the workbook, saved the same way as :func:`activity`."""
    return ChoiceActivityView(module, key, prompt, options, workbook=workbook)


def _table_html(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    head = "".join(
        f'<th style="text-align:left;padding:2px 6px">{html.escape(t)}</th>' for _, t in columns
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td style="padding:2px 6px;vertical-align:top">{html.escape(str(r.get(k, "")))}</td>'
            for k, _ in columns
        )
        + "</tr>"
        for r in rows
    )
    return f'<table style="border-collapse:collapse"><tr>{head}</tr>{body}</table>'


class FormActivityView(_BoundView):
    """Several labelled text boxes saved together as one dict ``{field_key: text}``."""

    def __init__(self, module, key, prompt, fields, *, workbook=None):
        fields = list(fields)
        if not fields:
            raise InvalidValueError(
                "Formulir perlu paling sedikit satu isian.", field="isian", value=fields
            )
        self.fields = []
        for spec in fields:
            if isinstance(spec, str):
                spec = (spec, spec, "")
            field_key, label, hint = (tuple(spec) + ("", ""))[:3]
            self.fields.append((str(field_key), str(label), str(hint)))
        self._boxes: dict[str, widgets.Textarea] = {}
        rows = []
        for field_key, label, hint in self.fields:
            box = widgets.Textarea(
                value="", placeholder=hint or "…", rows=2, layout=widgets.Layout(width="95%")
            )
            self._boxes[field_key] = box
            rows.append(widgets.HTML(f"<i>{html.escape(label)}</i>"))
            rows.append(box)
        control = widgets.VBox(rows)
        super().__init__(module, key, prompt, control, workbook)
        saved = self.workbook.get(self.module, self.key)
        self._loading = True
        try:
            if isinstance(saved, dict):
                for field_key, box in self._boxes.items():
                    value = saved.get(field_key)
                    if isinstance(value, str):
                        box.value = value
                self._show("Isian tersimpan dimuat.", _INFO)
            else:
                self._show("Belum diisi. Setiap isian tersimpan otomatis saat diketik.", _INFO)
        finally:
            self._loading = False
        for box in self._boxes.values():
            box.observe(self._changed, names="value")

    @property
    def boxes(self) -> dict:
        return self._boxes

    def value(self) -> dict:
        return {k: box.value for k, box in self._boxes.items()}

    def _changed(self, _change) -> None:
        if not self._loading:
            self._save(self.value())


def form_activity(module: str, key: str, prompt: str, fields, *, workbook=None):
    """Labelled text boxes saved as one dict; ``fields`` are (key, label, hint) tuples."""
    return FormActivityView(module, key, prompt, fields, workbook=workbook)


class MonevActivityView(_BoundView):
    """A small monev plan: rows of indicator, target, who, when, colour; saved on change.

    Rows are saved as typed (a half-filled row is never lost); the review below
    the table only counts complete rows and names what is missing.
    """

    COLUMNS = (
        ("indikator", "Indikator"),
        ("target", "Target"),
        ("siapa", "Siapa"),
        ("kapan", "Kapan"),
    )

    def __init__(self, module, key, prompt, *, rows=3, workbook=None):
        from kemitraan_lib import content

        self._status_options = [("— belum dinilai —", "")] + [
            (item.label, item.key) for item in content.TRAFFIC_LIGHT
        ]
        self._rows: list[dict] = []
        self._rows_box = widgets.VBox([])
        auto = widgets.Layout(width="auto")
        self._add = widgets.Button(description="Tambah baris", icon="plus", layout=auto)
        self._remove = widgets.Button(
            description="Hapus baris terakhir", icon="minus", layout=widgets.Layout(width="auto")
        )
        self._review = widgets.HTML("")
        header = widgets.HTML(
            "<i>Isi satu indikator per baris: apa yang diukur, targetnya, siapa yang "
            "memeriksa, kapan, dan warnanya saat ditinjau.</i>"
        )
        control = widgets.VBox(
            [header, self._rows_box, widgets.HBox([self._add, self._remove]), self._review]
        )
        super().__init__(module, key, prompt, control, workbook)
        saved = self.workbook.get(self.module, self.key)
        self._loading = True
        try:
            if isinstance(saved, list) and saved:
                for row in saved:
                    self._add_row(row if isinstance(row, dict) else {})
                self._show("Rencana monev tersimpan dimuat.", _INFO)
            else:
                for _ in range(rows):
                    self._add_row({})
                self._show("Belum diisi. Setiap isian tersimpan otomatis.", _INFO)
        finally:
            self._loading = False
        self._add.on_click(lambda _b: self._on_add())
        self._remove.on_click(lambda _b: self._on_remove())
        self._update_review()

    def _add_row(self, data: dict) -> None:
        cells = {}
        for col, title in self.COLUMNS:
            value = data.get(col, "")
            cells[col] = widgets.Text(
                value=value if isinstance(value, str) else str(value),
                placeholder=title,
                layout=widgets.Layout(flex="2 1 0%", width="auto", min_width="6em"),
            )
        status = data.get("status", "")
        keys = [k for _, k in self._status_options]
        cells["status"] = widgets.Dropdown(
            options=self._status_options,
            value=status if status in keys else "",
            layout=widgets.Layout(flex="1 1 0%", width="auto", min_width="9em"),
        )
        for w in cells.values():
            w.observe(self._changed, names="value")
        self._rows.append(cells)
        self._rows_box.children = [self._row_box(r) for r in self._rows]

    @staticmethod
    def _row_box(cells: dict) -> widgets.HBox:
        return widgets.HBox(list(cells.values()), layout=widgets.Layout(width="95%"))

    @property
    def rows(self) -> list[dict]:
        """The row widgets (tests drive them)."""
        return self._rows

    @property
    def add_button(self) -> widgets.Button:
        return self._add

    @property
    def review_html(self) -> widgets.HTML:
        return self._review

    def value(self) -> list[dict]:
        return [{k: w.value for k, w in r.items()} for r in self._rows]

    def _on_add(self) -> None:
        self._add_row({})
        self._save(self.value())
        self._update_review()

    def _on_remove(self) -> None:
        if len(self._rows) > 1:
            self._rows.pop()
            self._rows_box.children = [self._row_box(r) for r in self._rows]
            self._save(self.value())
            self._update_review()

    def _changed(self, _change) -> None:
        if not self._loading:
            self._save(self.value())
            self._update_review()

    def _update_review(self) -> None:
        from kemitraan_lib.monev import plan_from_rows, review

        try:
            plan = plan_from_rows(self.value())
        except KemitraanError as exc:
            self._review.value = _status(f"Belum lengkap — {exc}", _WARN)
            return
        result = review(plan)
        lines = "".join(f"<li>{html.escape(a)}</li>" for a in result.actions)
        self._review.value = (
            f"<div><b>Tinjauan lampu lalu lintas:</b> {html.escape(result.message)}"
            + (f"<ul>{lines}</ul>" if lines else "")
            + "</div>"
        )


def monev_activity(module: str, key: str, prompt: str, *, rows=3, workbook=None):
    """An editable monev plan with a live traffic-light review, saved in the workbook."""
    return MonevActivityView(module, key, prompt, rows=rows, workbook=workbook)


class FollowUpActivityView(_BoundView):
    """The 72-hour follow-up planner: partner + meeting time -> three contact moments."""

    def __init__(self, module, key, prompt, *, workbook=None):
        self._partner = widgets.Text(
            placeholder="Nama calon mitra, mis. KUD Sumber Rezeki",
            description="Mitra",
            layout=widgets.Layout(width="95%"),
        )
        self._meeting = widgets.Text(
            placeholder="Tanggal dan jam, mis. 2026-11-25 14:00 atau 25/11/2026 14.00",
            description="Pertemuan",
            layout=widgets.Layout(width="95%"),
        )
        self._table = widgets.HTML("")
        control = widgets.VBox([self._partner, self._meeting, self._table])
        super().__init__(module, key, prompt, control, workbook)
        saved = self.workbook.get(self.module, self.key)
        self._note = ""
        self._loading = True
        try:
            if isinstance(saved, dict):
                self._partner.value = str(saved.get("mitra", "") or "")
                self._meeting.value = str(saved.get("pertemuan", "") or "")
                self._note = str(saved.get("catatan", "") or "")
                self._show("Jadwal tersimpan dimuat.", _INFO)
            elif isinstance(saved, str) and saved.strip():
                # An earlier free-text answer under this key is kept as a note.
                self._note = saved
                self._show("Jawaban teks Anda sebelumnya disimpan sebagai catatan jadwal ini.",
                           _INFO)
            else:
                self._show("Belum diisi. Isian tersimpan otomatis.", _INFO)
        finally:
            self._loading = False
        self._render()
        self._partner.observe(self._changed, names="value")
        self._meeting.observe(self._changed, names="value")

    @property
    def partner(self) -> widgets.Text:
        return self._partner

    @property
    def meeting(self) -> widgets.Text:
        return self._meeting

    @property
    def table(self) -> widgets.HTML:
        return self._table

    def _plan(self):
        from kemitraan_lib.tindak_lanjut import schedule

        if not self._meeting.value.strip():
            return None
        return schedule(self._meeting.value, self._partner.value)

    def _render(self):
        from kemitraan_lib.tindak_lanjut import schedule_rows

        try:
            plan = self._plan()
        except KemitraanError as exc:
            self._table.value = _status(str(exc), _WARN)
            return None
        if plan is None:
            self._table.value = ""
            return None
        self._table.value = _table_html(
            schedule_rows(plan),
            [("waktu", "Waktu"), ("tahap", "Tahap"), ("kegiatan", "Kegiatan"),
             ("saluran", "Saluran")],
        )
        return plan

    def _changed(self, _change) -> None:
        if self._loading:
            return
        plan = self._render()
        value = {
            "mitra": self._partner.value,
            "pertemuan": self._meeting.value,
            "jadwal": [c.to_dict() for c in plan] if plan else [],
        }
        if self._note:
            value["catatan"] = self._note
        self._save(value)


def followup_activity(module: str, key: str, prompt: str, *, workbook=None):
    """Plan the 72-hour follow-up; saved as {"mitra", "pertemuan", "jadwal": [...]}.

    An earlier free-text answer under the same key is kept as ``"catatan"``.
    """
    return FollowUpActivityView(module, key, prompt, workbook=workbook)


class PlanExportPanel(widgets.VBox):
    """Button that builds "Rencana Kemitraan Saya" and offers both files for download."""

    def __init__(self, *, workbook=None, folder=None):
        self.workbook = workbook if workbook is not None else shared_workbook()
        self.folder = folder
        self.paths: tuple = ()
        self._button = widgets.Button(
            description="Buat dokumen rencana", button_style="success", icon="file",
            layout=widgets.Layout(width="auto"),
        )
        self._result = widgets.HTML("")
        self._button.on_click(lambda _b: self.export())
        super().__init__([self._button, self._result])

    @property
    def button(self) -> widgets.Button:
        return self._button

    @property
    def result(self) -> widgets.HTML:
        return self._result

    def export(self) -> None:
        import base64

        from kemitraan_lib import capstone

        self._result.value = _status("Sedang menyusun dokumen…", _INFO)
        try:
            plan = capstone.build_plan(self.workbook)
            self.paths = capstone.export_all(plan, self.folder)
        except KemitraanError as exc:
            self._result.value = _status(f"Dokumen belum bisa dibuat: {exc}", _BAD)
            return
        except Exception as exc:  # never a raw traceback
            self._result.value = _status(f"Terjadi kesalahan tak terduga: {exc}", _BAD)
            return
        kinds = {
            ".html": ("text/html", "Halaman web untuk dicetak (.html)"),
            ".docx": (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Dokumen Word (.docx)",
            ),
        }
        links = []
        for path in self.paths:
            mime, label = kinds[path.suffix]
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            links.append(
                f'<li><a download="{html.escape(path.name)}" href="data:{mime};base64,{data}" '
                f'target="_blank">⬇ Unduh {html.escape(label)}</a><br>'
                f"<small>tersimpan di: <code>{html.escape(str(path))}</code></small></li>"
            )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in plan.notes)
        self._result.value = (
            f'<div style="color:{_OK}"><b>Dokumen selesai dibuat '
            f"({datetime.now():%H:%M:%S}).</b></div><ul>{''.join(links)}</ul>"
            + (f'<div style="color:{_WARN}">Catatan:<ul>{notes}</ul></div>' if notes else "")
        )


def plan_export_panel(*, workbook=None, folder=None) -> PlanExportPanel:
    """The "Buat dokumen rencana" button with download links (module 10)."""
    return PlanExportPanel(workbook=workbook, folder=folder)
