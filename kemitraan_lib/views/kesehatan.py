"""Cek Kesehatan Kemitraan as a widget: rate the statements per party, save with a date,
see scores, the radar chart, the meeting topics and the trend of saved checks.

The model is :mod:`kemitraan_lib.kesehatan`; checks are saved through
:data:`kemitraan_lib.answers.CEK_KESEHATAN`.
"""

from __future__ import annotations

import base64
import datetime as dt
import html

import ipywidgets as widgets

from kemitraan_lib import answers, content, kesehatan
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.views.messages import MessageArea
from kemitraan_lib.workbook import resolve

__all__ = ["HealthCheckView", "health_check", "excel_link_html"]

_NOT_RATED = "–"


class HealthCheckView(widgets.VBox, MessageArea):
    """The health check form (see the module docs).

    ``ratings`` holds what was typed for each party of the check being filled;
    switching the party keeps the other parties' ratings. "Simpan" merges the
    check into the saved history (a check of the same date is completed, not
    replaced). A refused check changes nothing in the workbook.
    """

    def __init__(self, *, workbook=None, today: str | None = None) -> None:
        self.workbook = resolve(workbook)
        self.date_input = widgets.Text(value=today or dt.date.today().isoformat(),
                                       description="Tanggal",
                                       placeholder="2026-03-01 atau 01/03/2026")
        self.party_input = widgets.Dropdown(
            options=[(p.label, p.key) for p in kesehatan.PARTIES], value="kelompok",
            description="Pihak")
        self.note_input = widgets.Text(description="Catatan",
                                       placeholder="mis. diisi bersama di balai desa",
                                       layout=widgets.Layout(width="95%"))
        self.ratings: dict[str, dict[str, int]] = {}
        self.choices: dict[str, widgets.ToggleButtons] = {}
        rows = []
        labels = content.labels(content.PRINCIPLES)
        current = None
        for statement in kesehatan.statements():
            if statement.principle != current:
                current = statement.principle
                rows.append(widgets.HTML(f"<b>{html.escape(labels[current])}</b>"))
            choice = widgets.ToggleButtons(
                options=[_NOT_RATED, "1", "2", "3", "4", "5"], value=_NOT_RATED,
                tooltips=["belum dinilai"] + [kesehatan.SCALE[i] for i in range(1, 6)],
                style={"button_width": "34px"})
            choice.add_class(f"ck-{statement.key}")
            choice.observe(self._rated, names="value")
            self.choices[statement.key] = choice
            rows.append(widgets.VBox([widgets.HTML(html.escape(statement.text)), choice]))
        self.save_button = widgets.Button(description="Simpan cek kesehatan",
                                          button_style="success", icon="save",
                                          layout=widgets.Layout(width="auto"))
        self.excel_button = widgets.Button(description="Buat file Excel", icon="table",
                                           layout=widgets.Layout(width="auto"))
        self.result = widgets.HTML("")
        self.radar = widgets.Image(format="png", layout=widgets.Layout(max_width="520px"))
        self.trend = widgets.Image(format="png", layout=widgets.Layout(max_width="620px"))
        self.download = widgets.HTML("")
        message = widgets.HTML("")
        for widget, css in ((self.date_input, "ck-tanggal"), (self.party_input, "ck-pihak"),
                            (self.save_button, "ck-simpan"), (self.excel_button, "ck-excel"),
                            (self.result, "ck-hasil"), (self.radar, "ck-radar"),
                            (self.trend, "ck-tren"), (self.download, "ck-unduh"),
                            (message, "ck-pesan")):
            widget.add_class(css)
        self._init_messages(message, "cek")
        self._loading = False
        self.party_input.observe(self._party_changed, names="value")
        self._drafts: dict[str, dict] = {}
        self._day = None
        self.date_input.observe(self._guard(self._date_changed), names="value")
        self.save_button.on_click(self._guard(lambda _b: self.save()))
        self.excel_button.on_click(self._guard(lambda _b: self.export_excel()))
        scale = ", ".join(f"{k} = {v}" for k, v in kesehatan.SCALE.items())
        super().__init__([
            widgets.HTML("<b>Cek Kesehatan Kemitraan</b><br><small>Setiap pihak mengisi "
                         f"sendiri. Skala: {html.escape(scale)}.</small>"),
            widgets.HBox([self.date_input, self.party_input]), self.note_input,
            *rows, widgets.HBox([self.save_button, self.excel_button]), message,
            self.result, self.radar, self.trend, self.download])
        self.add_class("cek-kesehatan")
        self._guard(self._load_date)()
        self._guard(self._refresh_trend)()

    # ------------------------------------------------------------------ state
    def history(self) -> tuple:
        """The saved checks, oldest first (unreadable ones are left out with a note)."""
        return answers.load(answers.CEK_KESEHATAN, self.workbook).value

    def _saved(self, day) -> dict | None:
        for item in self.history():
            if item.date == day:
                return {p: dict(r) for p, r in item.ratings.items()}
        return None

    def _load_date(self) -> None:
        """Fill the form from the saved check of the date shown, if there is one."""
        try:
            self._day = kesehatan.parse_date(self.date_input.value)
        except InvalidValueError:
            self._day = None
        self.ratings = self._saved(self._day) or {}
        for item in self.history():
            if item.date == self._day and item.note and not self.note_input.value:
                self.note_input.value = item.note
        self._show_party()

    def _date_changed(self, _change) -> None:
        """Another date: its saved check (or draft) is shown; ratings typed but not yet
        saved follow the date when that date has nothing yet. An unreadable date (while
        typing) changes nothing."""
        try:
            day = kesehatan.parse_date(self.date_input.value)
        except InvalidValueError:
            return
        if day == self._day:
            return
        saved = self._saved(day)
        unsaved = self.ratings != (self._saved(self._day) or {})
        if saved is not None or day in self._drafts or not unsaved:
            if unsaved and self._day is not None:
                self._drafts[self._day] = self.ratings
                self._show(f"Nilai yang belum disimpan untuk {self._day} disimpan sementara; "
                           "kembali ke tanggal itu untuk melanjutkan.", "info")
            self.ratings = self._drafts.pop(day, None) or saved or {}
        self._day = day
        self._show_party()

    def _show_party(self) -> None:
        mine = self.ratings.get(self.party_input.value, {})
        self._loading = True
        try:
            for key, choice in self.choices.items():
                choice.value = str(mine[key]) if key in mine else _NOT_RATED
        finally:
            self._loading = False

    def _rated(self, change) -> None:
        if self._loading:
            return
        mine = self.ratings.setdefault(self.party_input.value, {})
        key = next(k for k, c in self.choices.items() if c is change["owner"])
        if change["new"] == _NOT_RATED:
            mine.pop(key, None)
        else:
            mine[key] = int(change["new"])

    def _party_changed(self, _change) -> None:
        self._show_party()

    # ------------------------------------------------------------------ actions
    def current(self) -> kesehatan.Check:
        """The check in the form (InvalidValueError in Indonesian when it cannot be used)."""
        return kesehatan.make_check(self.date_input.value, self.ratings, self.note_input.value)

    def save(self) -> kesehatan.Check:
        """Merge the form into the saved history and show the results."""
        check = self.current()
        loaded = answers.load(answers.CEK_KESEHATAN, self.workbook)
        stored = kesehatan.add_check(list(loaded.value), check)
        if loaded.notes:  # unreadable old checks are kept aside, never silently dropped
            answers.set_aside(answers.CEK_KESEHATAN, loaded.raw, self.workbook)
        answers.save(answers.CEK_KESEHATAN, stored, self.workbook,
                     prompt="Cek kesehatan kemitraan")
        merged = next(kesehatan.check_from_dict(s) for s in stored if s["tanggal"] == check.date)
        self.show_result(merged)
        self._refresh_trend()
        parties = ", ".join(p.label for p in kesehatan.PARTIES if p.key in merged.ratings)
        self._show(f"Cek kesehatan {merged.date} tersimpan (pihak yang sudah mengisi: "
                   f"{parties}).", "berhasil")
        return merged

    def show_result(self, check) -> None:
        from kemitraan_lib.drawing.health import draw_radar
        from kemitraan_lib.drawing.png import figure_to_png

        result = kesehatan.scores(check)
        labels = content.labels(content.PRINCIPLES)
        party_labels = {p.key: p.label for p in kesehatan.PARTIES}
        head = "".join(f"<th>{html.escape(party_labels[w])}</th>" for w in result.by_party)
        body = ""
        for p in content.PRINCIPLES:
            cells = "".join(f"<td>{_num(result.by_party[w].get(p.key))}</td>"
                            for w in result.by_party)
            body += (f"<tr><td>{html.escape(labels[p.key])}</td>{cells}"
                     f"<td><b>{_num(result.by_principle.get(p.key))}</b></td></tr>")
        overall = (f"<p><b>Nilai keseluruhan: {_num(result.overall)} — {result.band.label}"
                   f"</b> ({html.escape(kesehatan.BANDS_LABEL)}). "
                   f"{html.escape(result.band.meaning)}</p>" if result.band else "")
        found = kesehatan.gaps(check)
        topics = "".join(f"<li>{html.escape(g.topic)}</li>" for g in found)
        topics = (f"<p><b>Bahan pertemuan berikutnya</b> (pandangan berbeda 2 poin atau lebih):"
                  f"</p><ul>{topics}</ul>" if found else
                  "<p>Tidak ada prinsip yang dilihat sangat berbeda oleh para pihak.</p>")
        self.result.value = (f"{overall}<table><tr><th>Prinsip</th>{head}<th>Semua</th></tr>"
                             f"{body}</table>{topics}")
        self.radar.value = figure_to_png(draw_radar(check))

    def _refresh_trend(self) -> None:
        from kemitraan_lib.drawing.health import draw_health_trend
        from kemitraan_lib.drawing.png import figure_to_png

        history = self.history()
        self.trend.value = figure_to_png(draw_health_trend(list(history))) if len(
            history) > 1 else b""
        self.trend.layout.display = "" if len(history) > 1 else "none"

    def export_excel(self) -> bytes:
        """The saved checks as an Excel file, offered as a download link."""
        history = list(self.history())
        if not history:
            raise InvalidValueError("Belum ada cek kesehatan yang tersimpan; simpan "
                                              "dulu sebelum membuat file Excel.")
        data = kesehatan.excel_bytes(history)
        self.download.value = excel_link_html(data, "cek-kesehatan-kemitraan.xlsx")
        self._show(f"File Excel berisi {len(history)} cek kesehatan siap diunduh.", "berhasil")
        return data


def excel_link_html(data: bytes, filename: str) -> str:
    """A download link for an ``.xlsx`` made in the kernel (no file left on the server)."""
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = html.escape(filename, quote=True)
    return (f'<a download="{name}" href="data:{mime};base64,{base64.b64encode(data).decode()}">'
            f"Unduh {name}</a>")


def _num(value) -> str:
    return "–" if value is None else f"{value:g}"


def health_check(*, workbook=None) -> HealthCheckView:
    """The health check widget (module 10 and the Voilà app ``apps/cek-kesehatan.ipynb``)."""
    return HealthCheckView(workbook=workbook)
