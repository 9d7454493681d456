"""Compare two dated partner maps in a widget: pick two snapshots, see both maps side by
side (same positions, changes highlighted) and the table of changes.

Snapshots come from the workbook (:data:`kemitraan_lib.answers.PETA_BERTANGGAL`,
saved by the Peta Mitra button "Simpan foto peta bertanggal" and by each plan
export); ``extra`` adds others (e.g. the two maps of the village case).
"""

from __future__ import annotations

import ipywidgets as widgets

from kemitraan_lib import peta_waktu
from kemitraan_lib.drawing.comparison import comparison_html
from kemitraan_lib.errors import InvalidValueError
from kemitraan_lib.views.messages import MessageArea
from kemitraan_lib.workbook import resolve

__all__ = ["MapComparisonView", "map_comparison"]


class MapComparisonView(widgets.VBox, MessageArea):
    """Two dropdowns of snapshots, a "Bandingkan" button, the picture and the table."""

    def __init__(self, *, workbook=None, extra=()) -> None:
        self.workbook = resolve(workbook)
        if not isinstance(extra, (list, tuple)) or not all(
                isinstance(s, peta_waktu.MapSnapshot) for s in extra):
            raise InvalidValueError("Foto peta tambahan harus berupa daftar MapSnapshot.",
                                    field="extra", value=extra)
        self.extra = tuple(extra)
        self.before_input = widgets.Dropdown(description="Sebelum",
                                             layout=widgets.Layout(width="48%"))
        self.after_input = widgets.Dropdown(description="Sesudah",
                                            layout=widgets.Layout(width="48%"))
        self.compare_button = widgets.Button(description="Bandingkan", icon="exchange",
                                             button_style="primary")
        self.refresh_button = widgets.Button(description="Muat ulang daftar foto", icon="refresh",
                                            layout=widgets.Layout(width="auto"))
        self.picture = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.table = widgets.HTML("")
        message = widgets.HTML("")
        for widget, css in ((self.before_input, "pw-sebelum"), (self.after_input, "pw-sesudah"),
                            (self.compare_button, "pw-bandingkan"), (self.picture, "pw-gambar"),
                            (self.table, "pw-tabel"), (message, "pw-pesan")):
            widget.add_class(css)
        self._init_messages(message, "peta-waktu")
        self.compare_button.on_click(self._guard(lambda _b: self.compare()))
        self.refresh_button.on_click(self._guard(lambda _b: self.refresh()))
        super().__init__([
            widgets.HTML("<b>Peta mitra dari waktu ke waktu</b>"),
            widgets.HBox([self.before_input, self.after_input]),
            widgets.HBox([self.compare_button, self.refresh_button]), message, self.picture,
            self.table])
        self.snapshots: tuple = ()
        self._guard(self.refresh)()

    def refresh(self) -> None:
        """Read the snapshots again (e.g. after saving one in Peta Mitra)."""
        saved = peta_waktu.saved_snapshots(self.workbook)
        self.snapshots = self.extra + tuple(saved)
        options = [(f"{s.name} ({len(s.network.partners)} mitra)", i)
                   for i, s in enumerate(self.snapshots)]
        self.before_input.options = options
        self.after_input.options = options
        if len(options) >= 2:
            self.before_input.value, self.after_input.value = 0, len(options) - 1
        if len(options) < 2:
            self._show(f"Ada {len(options)} foto peta. Simpan foto peta bertanggal di Peta "
                       "Mitra (modul 03) pada dua waktu berbeda untuk membandingkannya.", "info")
        else:
            self._show(f"{len(options)} foto peta tersedia. Pilih dua lalu klik Bandingkan.",
                       "info")

    def compare(self) -> peta_waktu.Comparison:
        from kemitraan_lib.drawing.comparison import draw_comparison
        from kemitraan_lib.drawing.png import figure_to_png

        if len(self.snapshots) < 2:
            raise InvalidValueError("Perlu dua foto peta untuk dibandingkan.", field="foto")
        before = self.snapshots[self.before_input.value]
        after = self.snapshots[self.after_input.value]
        if self.before_input.value == self.after_input.value:
            raise InvalidValueError("Pilih dua foto peta yang berbeda.", field="foto")
        result = peta_waktu.compare(before, after)
        self.picture.value = figure_to_png(draw_comparison(before, after))
        self.table.value = comparison_html(peta_waktu.comparison_rows(result))
        self._show(f"Dibandingkan: {before.name} dan {after.name}.", "berhasil")
        return result


def map_comparison(*, workbook=None, extra=()) -> MapComparisonView:
    """The comparison widget (module 09)."""
    return MapComparisonView(workbook=workbook, extra=extra)
