"""The monev plan over time as a widget: keep today's traffic lights as a dated review,
see the history chart and the indicators that need attention, export it to Excel.

The plan itself is filled in ``monev_activity(answers.RENCANA_MONEV, ...)``; each
review copies it with its date into :data:`kemitraan_lib.answers.RIWAYAT_MONEV`.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets

from kemitraan_lib import answers, monev
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.views.kesehatan import excel_link_html
from kemitraan_lib.views.messages import MessageArea
from kemitraan_lib.workbook import resolve

__all__ = ["MonevHistoryView", "monev_history"]


class MonevHistoryView(widgets.VBox, MessageArea):
    """Date, "Simpan tinjauan", the chart, the flags and an Excel download."""

    def __init__(self, *, workbook=None, today: str | None = None) -> None:
        self.workbook = resolve(workbook)
        self.date_input = widgets.Text(value=today or dt.date.today().isoformat(),
                                       description="Tanggal",
                                       placeholder="2026-03-01 atau 01/03/2026")
        self.save_button = widgets.Button(description="Simpan tinjauan hari ini",
                                          button_style="success", icon="save",
                                          layout=widgets.Layout(width="auto"))
        self.excel_button = widgets.Button(description="Buat file Excel", icon="table",
                                           layout=widgets.Layout(width="auto"))
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width="auto",
                                                                     max_width="640px"))
        self.flags = widgets.HTML("")
        self.download = widgets.HTML("")
        message = widgets.HTML("")
        for widget, css in ((self.date_input, "mr-tanggal"), (self.save_button, "mr-simpan"),
                            (self.excel_button, "mr-excel"), (self.chart, "mr-grafik"),
                            (self.flags, "mr-tanda"), (self.download, "mr-unduh"),
                            (message, "mr-pesan")):
            widget.add_class(css)
        self._init_messages(message, "monev-riwayat")
        self.save_button.on_click(self._guard(lambda _b: self.save()))
        self.excel_button.on_click(self._guard(lambda _b: self.export_excel()))
        super().__init__([
            widgets.HTML("<b>Riwayat monev</b><br><small>Setiap kali rencana monev ditinjau "
                         "bersama mitra, beri warna di rencana monev lalu simpan tinjauannya "
                         "di sini dengan tanggalnya.</small>"),
            widgets.HBox([self.date_input, self.save_button, self.excel_button]), message,
            self.flags, self.chart, self.download])
        self._guard(self.show)()

    def reviews(self) -> tuple:
        return answers.load(answers.RIWAYAT_MONEV, self.workbook).value

    def save(self) -> monev.DatedReview:
        """Copy the saved monev plan with the date shown into the history."""
        plan = answers.load(answers.RENCANA_MONEV, self.workbook)
        review = monev.dated_review(self.date_input.value, plan.value)
        loaded = answers.load(answers.RIWAYAT_MONEV, self.workbook)
        stored = monev.add_review(list(loaded.value), review)
        if loaded.notes:  # unreadable old reviews are kept aside, never silently dropped
            answers.set_aside(answers.RIWAYAT_MONEV, loaded.raw, self.workbook)
        answers.save(answers.RIWAYAT_MONEV, stored, self.workbook, prompt="Riwayat lampu monev")
        self.show()
        self._show(f"Tinjauan {review.date} tersimpan ({len(review.indicators)} indikator; "
                   f"{len(stored)} tinjauan dalam riwayat).", "berhasil")
        return review

    def show(self) -> None:
        from kemitraan_lib.drawing.monev import draw_monev_history
        from kemitraan_lib.drawing.png import figure_to_png

        reviews = list(self.reviews())
        if not reviews:
            self.chart.layout.display = "none"
            self.flags.value = ""
            self._show("Belum ada tinjauan yang tersimpan.", "info")
            return
        self.chart.value = figure_to_png(draw_monev_history(reviews))
        self.chart.layout.display = ""
        result = monev.history(reviews)
        items = "".join(f"<li><b>{html.escape(n)}</b>: {html.escape('; '.join(why))}</li>"
                        for n, why in result.flags.items())
        self.flags.value = (f"<p><b>Perlu dibahas di pertemuan para pihak:</b></p><ul>{items}"
                            "</ul>" if items else "<p>Tidak ada indikator yang merah dua kali "
                            "berturut-turut atau memburuk.</p>")

    def export_excel(self) -> bytes:
        reviews = list(self.reviews())
        if not reviews:
            raise InvalidValueError("Belum ada tinjauan monev yang tersimpan; simpan dulu "
                                    "sebelum membuat file Excel.")
        data = monev.history_excel_bytes(reviews)
        self.download.value = excel_link_html(data, "riwayat-monev.xlsx")
        self._show(f"File Excel berisi {len(reviews)} tinjauan siap diunduh.", "berhasil")
        return data


def monev_history(*, workbook=None) -> MonevHistoryView:
    """The monev history widget (module 09)."""
    return MonevHistoryView(workbook=workbook)
