"""Activity widgets bound to the learner's saved answers (thin views over
:mod:`kemitraan_lib.answers`, which owns how each answer is stored).

Every widget loads the saved answer when the notebook is opened again, saves
on every change and shows "Tersimpan HH:MM:SS" or an Indonesian error. When
the workbook had to be recovered from a corrupt file, the notice is shown too;
an odd stored value is shown with a note, never a traceback.

In a notebook::

    from kemitraan_lib import answers
    from kemitraan_lib.views.workbook import activity, form_activity
    activity(answers.TUJUAN_UTAMA, "Apa yang ingin dicapai kemitraan program Anda?")
    activity("03", "mitra-pertama", "Siapa calon mitra pertama Anda, dan mengapa?")

The first argument is a saved answer (:class:`kemitraan_lib.answers.Answer` or
its id), or the stored place ``module, key`` of a text answer (registered or
not). Widgets (``workbook=`` for tests and per-visitor workbooks):

* :func:`activity` - a text box (value: str);
* :func:`choice_activity` - a dropdown (value: the chosen option, str);
* :func:`form_activity` - labelled text boxes (value: dict field key -> str),
  e.g. the MoU outline;
* :func:`monev_activity` - the monev plan table with a live traffic-light review
  (value: list of dicts ``indikator, target, siapa, kapan, status``);
* :func:`followup_activity` - the 72-hour follow-up planner
  (value: :class:`kemitraan_lib.answers.FollowUp`);
* :func:`plan_export_panel` - the plan's "Buat dokumen rencana" button.
"""

from __future__ import annotations

import html
from datetime import datetime

import ipywidgets as widgets

from kemitraan_lib import answers
from kemitraan_lib.errors import InvalidValueError, format_choices, show
from kemitraan_lib.views.messages import guard, status_html
from kemitraan_lib.workbook import Workbook, resolve, shared_workbook

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

_SAVE_FAILED = "Terjadi kesalahan tak terduga, jawaban belum tersimpan: {error}"


def workbook_notice(workbook: Workbook) -> str:
    """HTML for the workbook's recovery notice ("" when there is none)."""
    if not workbook.message:
        return ""
    return (
        '<div style="border:1px solid #e65100;padding:6px;color:#e65100">'
        f"⚠ {html.escape(workbook.message)}</div>"
    )


def _locate(args: tuple, rest: int, kind: answers.Kind, what: str):
    """(answer, other arguments): ``args`` start with an answer (or its id) or module, key.

    A registered answer must be of the kind this widget shows.
    """
    if args and (isinstance(args[0], answers.Answer)
                 or (len(args) == rest + 1 and isinstance(args[0], str))):
        item, others = answers.answer(args[0]), args[1:]
    elif len(args) == rest + 2:
        item, others = answers.adhoc(args[0], args[1], kind), args[2:]
    else:
        raise InvalidValueError(
            f"{what} memerlukan jawaban yang disimpan (misalnya answers.TUJUAN_UTAMA) atau "
            f"modul dan kunci (misalnya \"03\", \"peta\"), lalu pertanyaannya; nilai "
            f"{show(args)} tidak diterima.", field="jawaban", value=args, allowed=())
    if type(item.kind) is not type(kind):
        raise InvalidValueError(
            f"Jawaban '{item.id}' tersimpan sebagai {item.kind.name}, bukan {kind.name}; "
            f"pakai kegiatan yang sesuai.", field="jawaban", value=item.id,
            allowed=(item.kind.name,))
    return item, others


class _BoundView(widgets.VBox):
    """Shared behaviour: label, input, status line, saving with error display."""

    def __init__(self, answer: answers.Answer, prompt, control, workbook) -> None:
        self.workbook = resolve(workbook)
        self.answer = answer
        self.module = answer.module
        self.key = answer.key
        if not isinstance(prompt, str):
            raise InvalidValueError(f"Pertanyaan harus berupa teks; nilai {show(prompt)} tidak "
                                    "diterima.", field="pertanyaan", value=prompt)
        self.prompt = prompt
        self._loading = False
        self._label = widgets.HTML(f"<b>{html.escape(self.prompt)}</b>")
        self._control = control
        self._status = widgets.HTML("")
        self._notice = widgets.HTML(workbook_notice(self.workbook))
        super().__init__(
            [self._notice, self._label, self._control, self._status],
            layout=widgets.Layout(margin="0 0 12px 0"),
        )
        self.loaded = answers.load(answer, self.workbook)

    control = property(lambda self: self._control)
    status = property(lambda self: self._status)

    def _show(self, message: str, kind: str = "info") -> None:
        self._status.value = status_html(message, kind)

    def _loaded_note(self, done: str) -> None:
        """Say what was loaded; notes about odd stored values come first."""
        if self.loaded.notes:
            self._show(" ".join(self.loaded.notes) + " " + done, "peringatan")
        else:
            self._show(done, "info")

    def value(self):
        """What the widget shows now, as it is saved."""
        return self._control.value

    def _listen(self, *controls) -> None:
        self._loading = False
        for control in controls:
            control.observe(self._changed, names="value")

    def _changed(self, _change=None) -> None:
        if not self._loading:
            self._save(self.value())

    def _save(self, value) -> None:
        guard(self._store, self._show, unexpected=_SAVE_FAILED)(value)
        self._notice.value = workbook_notice(self.workbook)

    def _store(self, value) -> None:
        if value is None:
            answers.clear(self.answer, self.workbook)
            self._show(f"Pilihan dikosongkan · {datetime.now():%H:%M:%S}", "info")
        else:
            answers.save(self.answer, value, self.workbook, prompt=self.prompt)
            self._show(f"Tersimpan {datetime.now():%H:%M:%S}", "berhasil")


class ActivityView(_BoundView):
    """A text box bound to one saved text answer."""

    def __init__(self, *where, multiline=True, placeholder="", workbook=None):
        answer, (prompt,) = _locate(where, 1, answers.Text(), "activity")
        cls = widgets.Textarea if multiline else widgets.Text
        kwargs = {"rows": 4} if multiline else {}
        control = cls(
            value="",
            placeholder=str(placeholder or "Tulis jawaban Anda di sini…"),
            layout=widgets.Layout(width="95%"),
            **kwargs,
        )
        super().__init__(answer, prompt, control, workbook)
        self._loading = True
        try:
            if self.loaded.found:
                control.value = self.loaded.value
                when = self.loaded.changed[:16].replace("T", " ")
                self._loaded_note(f"Jawaban tersimpan dimuat (terakhir diubah {when}).")
            else:
                self._show("Belum ada jawaban. Jawaban tersimpan otomatis saat diketik.")
        finally:
            self._listen(control)


class ChoiceActivityView(_BoundView):
    """A dropdown bound to one saved text answer."""

    NOT_CHOSEN = "— pilih —"

    def __init__(self, *where, workbook=None):
        answer, (prompt, options) = _locate(where, 2, answers.Text("pilihan"), "choice_activity")
        if isinstance(options, str) or not isinstance(options, (list, tuple)) or not options:
            raise InvalidValueError(
                f"Pilihan untuk kegiatan harus daftar teks yang tidak kosong; "
                f"nilai {show(options)} tidak diterima.",
                field="pilihan",
                value=options,
            )
        clean = []
        for option in options:
            if not isinstance(option, str) or not option.strip():
                raise InvalidValueError(
                    f"Setiap pilihan harus teks yang tidak kosong; {show(option)} tidak "
                    "diterima.", field="pilihan", value=option,
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
        super().__init__(answer, prompt, control, workbook)
        saved = self.loaded.value
        self._loading = True
        try:
            if self.loaded.found and saved in self.options:
                control.value = saved
                self._loaded_note("Pilihan tersimpan dimuat.")
            elif self.loaded.found:
                self._show(
                    f"Pilihan tersimpan {show(saved)} tidak ada lagi di daftar; silakan pilih "
                    f"lagi. Pilihan: {format_choices(self.options)}.",
                    "peringatan",
                )
            else:
                self._show("Belum dipilih. Pilihan disimpan otomatis.")
        finally:
            self._listen(control)

    def value(self):
        return self._control.value or None  # "" is "not chosen": the answer is removed


def activity(*where, multiline=True, placeholder="", workbook=None) -> ActivityView:
    """A text box bound to a saved answer: loads it, saves on every change.

    ``activity(answer, prompt)`` or ``activity(module, key, prompt)``.
    """
    return ActivityView(*where, multiline=multiline, placeholder=placeholder, workbook=workbook)


def choice_activity(*where, workbook=None) -> ChoiceActivityView:
    """A dropdown bound to a saved answer, saved the same way as :func:`activity`.

    ``choice_activity(answer, prompt, options)`` or ``choice_activity(module, key,
    prompt, options)``.
    """
    return ChoiceActivityView(*where, workbook=workbook)


def _table_html(rows: list[dict], columns) -> str:
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
    """Several labelled text boxes saved together as one dict ``{field_key: text}``.

    ``fields``: ``(key, label, hint)`` tuples; for a registered form answer
    (e.g. ``answers.KERANGKA_MOU``) they come from the answer when left out.
    """

    def __init__(self, *where, fields=None, workbook=None):
        if fields is None and len(where) == 4:  # module, key, prompt, fields
            *where, fields = where
        answer, (prompt,) = _locate(tuple(where), 1, answers.Form(), "form_activity")
        if fields is None:
            fields = answer.kind.fields()
        if isinstance(fields, (str, bytes)) or not isinstance(fields, (list, tuple)) or not fields:
            raise InvalidValueError(
                "Formulir perlu paling sedikit satu isian.", field="isian", value=fields
            )
        self.fields = []
        for spec in fields:
            if isinstance(spec, str):
                spec = (spec, spec, "")
            if not isinstance(spec, (list, tuple)) or not 1 <= len(spec) <= 3 or not all(
                    isinstance(part, str) for part in spec):
                raise InvalidValueError(
                    f"Setiap isian formulir harus (kunci, label, petunjuk); nilai {show(spec)} "
                    "tidak diterima.", field="isian", value=spec)
            field_key, label, hint = (tuple(spec) + ("", ""))[:3]
            self.fields.append((field_key, label or field_key, hint))
        if not answer.registered:  # the form's own fields describe an unregistered answer
            answer = answers.adhoc(answer.module, answer.key, answers.Form(tuple(self.fields)))
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
        super().__init__(answer, prompt, control, workbook)
        saved = self.loaded.value
        self._loading = True
        try:
            if saved:
                for field_key, box in self._boxes.items():
                    if field_key in saved:
                        box.value = saved[field_key]
                self._loaded_note("Isian tersimpan dimuat.")
            else:
                self._show("Belum diisi. Setiap isian tersimpan otomatis saat diketik.")
        finally:
            self._listen(*self._boxes.values())

    boxes = property(lambda self: self._boxes)

    def value(self) -> dict:
        kept = {k: v for k, v in self.loaded.value.items() if k not in self._boxes}
        return kept | {k: box.value for k, box in self._boxes.items()}


def form_activity(*where, fields=None, workbook=None):
    """Labelled text boxes saved as one dict.

    ``form_activity(answer, prompt)`` (fields from the answer) or
    ``form_activity(module, key, prompt, fields)`` with ``(key, label, hint)`` tuples.
    """
    return FormActivityView(*where, fields=fields, workbook=workbook)


class MonevActivityView(_BoundView):
    """A small monev plan: rows of indicator, target, who, when, colour; saved on change.

    Rows are saved as typed (a half-filled row is never lost); the review below
    the table only counts complete rows and names what is missing.
    """

    def __init__(self, *where, rows=3, workbook=None):
        from kemitraan_lib import content
        from kemitraan_lib.monev import FIELDS

        answer, (prompt,) = _locate(where, 1, answers.Monev(), "monev_activity")
        if isinstance(rows, bool) or not isinstance(rows, int) or not 1 <= rows <= 50:
            raise InvalidValueError(f"Jumlah baris harus 1 sampai 50; nilai {show(rows)} tidak "
                                    "diterima.", field="baris", value=rows, allowed=(1, 50))
        self.columns = tuple((key, label.split(" (")[0].capitalize())
                             for key, _attr, label in FIELDS if key not in ("status", "catatan"))
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
        super().__init__(answer, prompt, control, workbook)
        self._loading = True
        try:
            if self.loaded.value:
                for row in self.loaded.value:
                    self._add_row(row)
                self._loaded_note("Rencana monev tersimpan dimuat.")
            else:
                for _ in range(rows):
                    self._add_row({})
                self._show("Belum diisi. Setiap isian tersimpan otomatis.")
        finally:
            self._loading = False
        self._add.on_click(lambda _b: self._on_add())
        self._remove.on_click(lambda _b: self._on_remove())
        self._update_review()

    def _add_row(self, data: dict) -> None:
        cells = {}
        for col, title in self.columns:
            cells[col] = widgets.Text(
                value=data.get(col, ""),
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

    # The row widgets, the add button and the review (tests drive them).
    rows = property(lambda self: self._rows)
    add_button = property(lambda self: self._add)
    review_html = property(lambda self: self._review)

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

    def _changed(self, _change=None) -> None:
        super()._changed(_change)
        if not self._loading:
            self._update_review()

    def _update_review(self) -> None:
        from kemitraan_lib.monev import plan_from_rows, review

        try:
            plan = plan_from_rows(self.value())
        except InvalidValueError as exc:
            self._review.value = status_html(f"Belum lengkap — {exc}", "peringatan")
            return
        result = review(plan)
        lines = "".join(f"<li>{html.escape(a)}</li>" for a in result.actions)
        self._review.value = (
            f"<div><b>Tinjauan lampu lalu lintas:</b> {html.escape(result.message)}"
            + (f"<ul>{lines}</ul>" if lines else "")
            + "</div>"
        )


def monev_activity(*where, rows=3, workbook=None):
    """An editable monev plan with a live traffic-light review, saved in the workbook.

    ``monev_activity(answers.RENCANA_MONEV, prompt)`` or ``monev_activity(module, key, prompt)``.
    """
    return MonevActivityView(*where, rows=rows, workbook=workbook)


class FollowUpActivityView(_BoundView):
    """The 72-hour follow-up planner: partner + meeting time -> three contact moments."""

    def __init__(self, *where, workbook=None):
        answer, (prompt,) = _locate(where, 1, answers.FollowUpKind(), "followup_activity")
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
        super().__init__(answer, prompt, control, workbook)
        saved = self.loaded.value
        self._note = saved.note
        self._loading = True
        try:
            self._partner.value = saved.partner
            self._meeting.value = saved.meeting
            if saved.from_text:
                # An earlier free-text answer under this key is kept as a note.
                self._show("Jawaban teks Anda sebelumnya disimpan sebagai catatan jadwal ini.")
            elif self.loaded.found:
                self._loaded_note("Jadwal tersimpan dimuat.")
            else:
                self._show("Belum diisi. Isian tersimpan otomatis.")
        finally:
            self._listen(self._partner, self._meeting)
        self._render()

    partner = property(lambda self: self._partner)
    meeting = property(lambda self: self._meeting)
    table = property(lambda self: self._table)

    def _plan(self):
        from kemitraan_lib.tindak_lanjut import schedule

        if not self._meeting.value.strip():
            return None
        return schedule(self._meeting.value, self._partner.value)

    def _render(self):
        from kemitraan_lib.tindak_lanjut import ROW_COLUMNS, schedule_rows

        try:
            plan = self._plan()
        except InvalidValueError as exc:
            self._table.value = status_html(str(exc), "peringatan")
            return None
        if plan is None:
            self._table.value = ""
            return None
        self._table.value = _table_html(
            schedule_rows(plan), [(c, c.capitalize()) for c in ROW_COLUMNS])
        return plan

    def value(self) -> answers.FollowUp:
        plan = self._render()
        return answers.FollowUp(
            partner=self._partner.value, meeting=self._meeting.value,
            schedule=tuple(c.to_dict() for c in plan) if plan else (), note=self._note)


def followup_activity(*where, workbook=None):
    """Plan the 72-hour follow-up; saved as {"mitra", "pertemuan", "jadwal": [...]}.

    ``followup_activity(answers.TINDAK_LANJUT, prompt)`` or ``followup_activity(module,
    key, prompt)``. An earlier free-text answer under the same key is kept as ``"catatan"``.
    """
    return FollowUpActivityView(*where, workbook=workbook)


class PlanExportPanel(widgets.VBox):
    """Button that builds "Rencana Kemitraan Saya" and offers both files for download."""

    def __init__(self, *, workbook=None, folder=None):
        from kemitraan_lib.atomic import check_path

        self.workbook = resolve(workbook)
        self.folder = check_path(folder, "Folder") if folder is not None else None
        self.paths: tuple = ()
        self._button = widgets.Button(
            description="Buat dokumen rencana", button_style="success", icon="file",
            layout=widgets.Layout(width="auto"),
        )
        self._result = widgets.HTML("")
        self._button.on_click(guard(lambda _b: self.export(), self._show_error))
        super().__init__([self._button, self._result])

    button = property(lambda self: self._button)
    result = property(lambda self: self._result)

    def _show_error(self, text: str, kind: str = "galat") -> None:
        self._result.value = status_html(f"Dokumen belum bisa dibuat: {text}", kind)

    def export(self) -> None:
        import base64

        from kemitraan_lib import capstone

        self._result.value = status_html("Sedang menyusun dokumen…", "info")
        plan = capstone.build_plan(self.workbook)
        self.paths = capstone.export_all(plan, self.folder, workbook=self.workbook)
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
            f'<div style="color:#1b5e20"><b>Dokumen selesai dibuat '
            f"({datetime.now():%H:%M:%S}).</b></div><ul>{''.join(links)}</ul>"
            + (f'<div style="color:#e65100">Catatan:<ul>{notes}</ul></div>' if notes else "")
        )


def plan_export_panel(*, workbook=None, folder=None) -> PlanExportPanel:
    """The "Buat dokumen rencana" button with download links (the plan's notebook)."""
    return PlanExportPanel(workbook=workbook, folder=folder)
