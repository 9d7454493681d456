"""Peta Mitra: the partner network mapper widget.

A thin view over :class:`kemitraan_lib.network.PartnerNetwork`: forms to add,
change and remove partners and links, undo/redo, open/save files, export the
drawing as PNG, and live views (drawing, power-interest grid, table, analysis)
that follow every change. The widget subscribes to the network
(:meth:`~kemitraan_lib.network.PartnerNetwork.subscribe`): every change, from a
button or from Python, refreshes the views and is saved in the background
(:class:`kemitraan_lib.autosave.Autosaver`) as the saved answer
:data:`kemitraan_lib.answers.PETA_MITRA` of the learner's workbook.

Rules the widget keeps:

* the model checks everything; a rejected change (``KemitraanError``) shows the
  model's Indonesian message next to the form, the form keeps what was typed
  and the map does not change;
* any other error inside a button or list callback is shown as
  "Terjadi kesalahan tak terduga: ..." (never swallowed, never a traceback);
* the drawing is redrawn only when the map's picture changes; positions of
  partners already drawn stay where they are; an empty map draws nothing
  (matplotlib is not even loaded until there is something to draw).

>>> mapper = PartnerMapper(autosave=False)
>>> mapper.name_input.value = "KTH Wana Lestari"
>>> mapper.category_input.value = "kelompok"
>>> mapper.add_partner_button.click()
>>> [p.name for p in mapper.network.partners]
['KTH Wana Lestari']
>>> mapper.name_input.value = " kth wana  lestari "
>>> mapper.add_partner_button.click()
>>> mapper.message_kind
'galat'
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from kemitraan_lib import analysis, answers, cases, content, files
from kemitraan_lib import fields as _fields
from kemitraan_lib.atomic import atomic_write_bytes, check_path
from kemitraan_lib.autosave import Autosaver
from kemitraan_lib.drawing import (
    caption_text,
    draw_grid,
    draw_network,
    figure_to_png,
    legend_html,
)
from kemitraan_lib.drawing.live import LiveDrawing
from kemitraan_lib.errors import InvalidValueError, KemitraanError
from kemitraan_lib.fields import SUMMARY_COLUMNS, form_label
from kemitraan_lib.history import History
from kemitraan_lib.network import PartnerNetwork, normalize_name
from kemitraan_lib.views.fit import APP_CLASS, fit_style, flexible_buttons
from kemitraan_lib.views.messages import MessageArea
from kemitraan_lib.workbook import shared_workbook

__all__ = ["PartnerMapper", "VIEW_KEYS", "SAVE_SUFFIXES"]

SAVE_SUFFIXES = files.SUFFIXES
UNEXPECTED = "Terjadi kesalahan tak terduga: {error}. Peta tidak diubah oleh kesalahan ini; " \
             "coba lagi, dan bila terulang laporkan pesan ini kepada pelatih."
EMPTY_MAP = "Peta masih kosong. Tambahkan mitra pertama lewat formulir."
# Form labels from the field vocabulary, e.g. "Pengaruh (0–5):".
_P = {f.attr: form_label(f) for f in _fields.PARTNER_FIELDS}
_L = {f.attr: form_label(f) for f in _fields.LINK_FIELDS}

_NEW = "__baru__"
#: Seconds without a new change before the map is written to the workbook.
AUTOSAVE_DELAY = 0.3
# A 1x1 transparent PNG: what an image shows until its view is first drawn
# (an empty image would show the browser's "broken picture" icon).
_BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==")


def _link_label(key: str) -> str:
    return content.labels(content.LINK_TYPES).get(key, key)


def _box_layout(**kw) -> widgets.Layout:
    return widgets.Layout(**kw)


class PartnerMapper(MessageArea, widgets.VBox):
    """The partner map editor (Peta Mitra).

    ``network``: the map to edit (default: the map saved in the workbook, else
    an empty map). ``workbook``: a :class:`~kemitraan_lib.workbook.Workbook`
    (default: the learner's own). ``autosave``: save every change to the
    workbook (the saved answer ``answers.PETA_MITRA``).
    """

    def __init__(self, network: PartnerNetwork | None = None, *, workbook=None,
                 autosave: bool = True) -> None:
        super().__init__()
        if network is not None and not isinstance(network, PartnerNetwork):
            raise InvalidValueError("PartnerMapper memerlukan sebuah PartnerNetwork (atau "
                                    "kosong).", field="peta", value=network,
                                    allowed=("PartnerNetwork",))
        self.add_class("peta-mitra")
        self.add_class(APP_CLASS)
        self._autosave = bool(autosave)
        self._workbook = workbook if workbook is not None or not autosave else \
            shared_workbook()
        self._syncing = False
        self._depth = 0  # > 0 while a guarded callback runs
        self._save_pending = False
        # positions, names' places and the figure kept between redraws
        self._drawing = LiveDrawing()
        self._picture_key: object = None
        self._grid_key: object = None
        self._stale: set[str] = set(VIEW_KEYS)
        self._listed_names: tuple | None = None
        self._listed_links: tuple | None = None
        self.redraw_count = 0
        self._build_widgets()
        # saved 0.3 s after the last change: a click does not wait for the workbook file
        self._autosaver = Autosaver(self._save_map, self._autosave_failed,
                                    delay=AUTOSAVE_DELAY) if autosave else None

        notice = ""
        if network is None:
            network, notice = self._restore()
        self._history = History(network)
        network.subscribe(self._on_network_changed)
        self._sync_lists()
        self._refresh(force=True)
        if notice:
            self._show(notice, "info")

    # ------------------------------------------------------------------ public
    @property
    def network(self) -> PartnerNetwork:
        """The map being edited (the same object for the widget's whole life)."""
        return self._history.network

    @property
    def history(self) -> History:
        return self._history

    @property
    def layout_positions(self) -> dict[str, tuple[float, float]]:
        """Where each partner is drawn (``name -> (x, y)``); stable while partners are added."""
        return self._drawing.positions(self.network)

    def set_network(self, network: PartnerNetwork, note: str = "") -> None:
        """Replace the whole map (e.g. an opened file); undo brings the old map back."""
        if not isinstance(network, PartnerNetwork):
            raise InvalidValueError("set_network memerlukan sebuah PartnerNetwork.",
                                    field="peta", value=network, allowed=("PartnerNetwork",))
        self._apply(self.network.restore, network)
        self._drawing.reset()
        self._after_change(note or f"Peta dibuka: {len(network)} mitra.")

    # ----------------------------------------------------------------- widgets
    def _build_widgets(self) -> None:
        style = {"description_width": "160px"}
        wide = _box_layout(width="98%")
        # Message area next to the forms.
        message = widgets.HTML(value="", layout=_box_layout(min_height="28px"))
        message.add_class("pm-pesan")
        self._init_messages(message, "pm", UNEXPECTED)

        # --- partner form
        self._partner_pick = widgets.Dropdown(
            description="Pilih mitra:", options=[("— mitra baru —", _NEW)], value=_NEW,
            style=style, layout=wide)
        self._partner_pick.add_class("pm-pilih-mitra")
        self._name = widgets.Text(description=_P["name"], placeholder="mis. KTH Wana Lestari",
                                  style=style, layout=wide)
        self._name.add_class("pm-nama")
        def dropdown(label: str, collection, css: str) -> widgets.Dropdown:
            box = widgets.Dropdown(description=label,
                                   options=[(item.label, item.key) for item in collection],
                                   value=collection[0].key, style=style, layout=wide)
            box.add_class(css)
            return box

        self._category = dropdown(_P["category"], content.CATEGORIES, "pm-jenis")
        self._influence = widgets.IntText(value=0, description=_P["influence"], style=style)
        self._influence.add_class("pm-pengaruh")
        self._interest = widgets.IntText(value=0, description=_P["interest"], style=style)
        self._interest.add_class("pm-kepentingan")
        self._support = widgets.IntText(value=0, description=_P["support"],
                                        style=style)
        self._support.add_class("pm-dukungan")
        self._resources = widgets.Text(
            description=_P["resources"], placeholder="pisahkan dengan koma, mis. bibit, lahan",
            style=style, layout=wide)
        self._resources.add_class("pm-sumber-daya")
        self._approach = widgets.Dropdown(
            description=_P["approach"],
            options=[("(belum dipilih — pakai saran)", "")]
            + [(a.label, a.key) for a in content.APPROACHES],
            value="", style=style, layout=wide)
        self._approach.add_class("pm-pendekatan")
        self._contact = widgets.Text(description=_P["contact"], placeholder="mis. 0812-0000-1234",
                                     style=style, layout=wide)
        self._contact.add_class("pm-kontak")
        self._notes = widgets.Textarea(description=_P["notes"], style=style, rows=3,
                                       layout=_box_layout(width="98%"))
        self._notes.add_class("pm-catatan")
        self._add_partner = widgets.Button(description="Tambah mitra", button_style="primary",
                                           icon="plus")
        self._add_partner.add_class("pm-tambah-mitra")
        self._update_partner = widgets.Button(description="Simpan perubahan", icon="pencil",
                                              disabled=True)
        self._update_partner.add_class("pm-ubah-mitra")
        self._remove_partner = widgets.Button(description="Hapus mitra", button_style="danger",
                                              icon="trash", disabled=True)
        self._remove_partner.add_class("pm-hapus-mitra")
        partner_form = widgets.VBox([
            widgets.HTML("<b>Mitra</b> — isi lalu klik <i>Tambah mitra</i>; untuk mengubah, "
                         "pilih dulu mitranya."),
            self._partner_pick, self._name, self._category,
            self._influence, self._interest, self._support, self._resources,
            self._approach, self._contact, self._notes,
            flexible_buttons(self._add_partner, self._update_partner, self._remove_partner),
        ])

        # --- link form
        self._link_pick = widgets.Dropdown(
            description="Pilih hubungan:", options=[("— hubungan baru —", _NEW)], value=_NEW,
            style=style, layout=wide)
        self._link_pick.add_class("pm-pilih-hubungan")
        self._source = widgets.Combobox(description=_L["source"], placeholder="ketik nama mitra",
                                        ensure_option=False, style=style, layout=wide)
        self._source.add_class("pm-dari")
        self._target = widgets.Combobox(description=_L["target"], placeholder="ketik nama mitra",
                                        ensure_option=False, style=style, layout=wide)
        self._target.add_class("pm-ke")
        self._link_type = dropdown(_L["type"], content.LINK_TYPES, "pm-jenis-hubungan")
        self._direction = dropdown(_L["direction"], content.DIRECTIONS, "pm-arah")
        self._strength = widgets.IntText(value=1, description=_L["strength"], style=style)
        self._strength.add_class("pm-kekuatan")
        self._add_link = widgets.Button(description="Tambah hubungan", button_style="primary",
                                        icon="plus")
        self._add_link.add_class("pm-tambah-hubungan")
        self._update_link = widgets.Button(description="Simpan perubahan", icon="pencil")
        self._update_link.add_class("pm-ubah-hubungan")
        self._remove_link = widgets.Button(description="Hapus hubungan", button_style="danger",
                                           icon="trash")
        self._remove_link.add_class("pm-hapus-hubungan")
        link_form = widgets.VBox([
            widgets.HTML("<b>Hubungan</b> antara dua mitra. <i>Simpan perubahan</i> mengubah arah "
                         "dan kekuatan; untuk mengganti mitranya, hapus lalu tambah lagi."),
            self._link_pick, self._source, self._target, self._link_type, self._direction,
            self._strength,
            flexible_buttons(self._add_link, self._update_link, self._remove_link),
        ])

        # --- file box
        self._upload = widgets.FileUpload(accept=".xlsx,.csv,.json", multiple=True,
                                          description="Buka peta…")
        self._upload.add_class("pm-buka")
        self._file_name = widgets.Text(value="peta-mitra.xlsx", description="Nama berkas:",
                                       style=style, layout=wide)
        self._file_name.add_class("pm-nama-berkas")
        self._save = widgets.Button(description="Simpan peta", icon="save")
        self._save.add_class("pm-simpan")
        self._export = widgets.Button(description="Ekspor gambar (PNG)", icon="image",
                                      layout=_box_layout(width="auto"))
        self._export.add_class("pm-ekspor")
        self._snapshot = widgets.Button(  # issue 13: a dated copy for comparing maps later
            description="Simpan foto peta bertanggal", icon="camera",
            tooltip="Simpan salinan peta hari ini di buku kerja untuk dibandingkan nanti",
            layout=_box_layout(width="auto"))
        self._snapshot.add_class("pm-foto-peta")
        self._export_size = widgets.Dropdown(
            description="Ukuran gambar:", style=style, layout=wide,
            options=[("Layar (10×8 inci)", "layar"), ("Proyektor 16:9 (16×9 inci)", "proyektor"),
                     ("Cetak A4 mendatar", "cetak")], value="proyektor")
        self._export_size.add_class("pm-ukuran-gambar")
        self._download = widgets.HTML("")
        self._download.add_class("pm-unduh")
        self._example = widgets.Dropdown(
            description="Contoh:", style={"description_width": "60px"},
            options=[(title, key) for key, title in cases.CASES.items()],
            layout=_box_layout(width="auto", flex="1 1 260px", max_width="460px"))
        self._example.add_class("pm-contoh")
        self._load_example = widgets.Button(description="Muat contoh", icon="folder-open")
        self._load_example.add_class("pm-muat-contoh")
        example_row = [self._example, self._load_example]
        self._new_map = widgets.Button(description="Peta baru (kosong)", icon="file")
        self._new_map.add_class("pm-peta-baru")
        file_box = widgets.VBox([
            widgets.HTML("<b>Berkas</b> — buka Excel (.xlsx), CSV (.csv, boleh bersama "
                         "berkas <i>-hubungan.csv</i>) atau JSON; simpan dengan akhiran "
                         ".xlsx, .csv atau .json."),
            self._upload,
            self._file_name,
            self._export_size,
            flexible_buttons(self._save, self._export),
            self._snapshot,
            self._download,
        ])

        # --- undo / redo / tidy
        self._undo = widgets.Button(description="Urungkan", icon="undo", disabled=True)
        self._undo.add_class("pm-urungkan")
        self._redo = widgets.Button(description="Ulangi", icon="repeat", disabled=True)
        self._redo.add_class("pm-ulangi")
        self._tidy = widgets.Button(description="Rapikan gambar", icon="random",
                                    tooltip="Atur ulang letak semua mitra pada gambar")
        self._tidy.add_class("pm-rapikan")

        # --- views (one tab visible at a time; a hidden tab is brought up to date
        # the moment it is opened, so every view always shows the current map)
        self._picture = widgets.Image(value=_BLANK_PNG, format="png",
                                      layout=_box_layout(width="100%", max_width="100%",
                                                         height="auto", margin="0px"))
        self._picture.add_class("pm-gambar")
        self._legend = widgets.HTML(legend_html(PartnerNetwork()))
        self._caption = widgets.HTML("")
        self._caption.add_class("pm-judul-gambar")
        self._grid = widgets.Image(value=_BLANK_PNG, format="png",
                                   layout=_box_layout(max_width="100%"))
        self._grid.add_class("pm-kisi")
        self._grid_advice = widgets.HTML(_advice_html())
        self._table = widgets.HTML(layout=_box_layout(max_height="480px", overflow="auto"))
        self._table.add_class("pm-tabel")
        self._panel = widgets.HTML()
        self._panel.add_class("pm-analisis")
        self._views = widgets.Tab(
            children=[widgets.VBox([self._caption, self._picture, self._legend]),
                      widgets.VBox([self._grid, self._grid_advice]), self._table, self._panel],
            titles=VIEW_TITLES)
        self._views.add_class("pm-tampilan")

        forms = widgets.Tab(children=[partner_form, link_form, file_box],
                            titles=("Mitra", "Hubungan", "Berkas"))
        forms.add_class("pm-formulir")
        self._forms = forms
        toolbar = widgets.HBox(
            [self._undo, self._redo, self._tidy, self._new_map, *example_row],
            layout=_box_layout(flex_flow="row wrap", align_items="center"))
        toolbar.add_class("pm-alat")
        # Side by side on a wide screen, one under the other on a phone.
        left = widgets.VBox([forms, self._message],
                            layout=_box_layout(flex="1 1 340px", min_width="0", max_width="100%"))
        right = widgets.VBox([self._views],
                             layout=_box_layout(flex="1.3 1 440px", min_width="0",
                                                max_width="100%"))
        self.children = [fit_style(), toolbar,
                         widgets.HBox([left, right],
                                      layout=_box_layout(flex_flow="row wrap", width="100%"))]

        # --- wiring (every callback is guarded)
        for button, handler in (
                (self._add_partner, self._on_add_partner),
                (self._update_partner, self._on_update_partner),
                (self._remove_partner, self._on_remove_partner),
                (self._add_link, self._on_add_link), (self._update_link, self._on_update_link),
                (self._remove_link, self._on_remove_link), (self._undo, self._on_undo),
                (self._redo, self._on_redo), (self._tidy, self._on_tidy),
                (self._save, self._on_save), (self._export, self._on_export),
                (self._snapshot, self._on_snapshot),
                (self._new_map, self._on_new_map), (self._load_example, self._on_load_example)):
            button.on_click(self._guard(handler))
        for control, handler in ((self._partner_pick, self._on_pick_partner),
                                 (self._link_pick, self._on_pick_link),
                                 (self._upload, self._on_upload),
                                 (self._views, self._on_view_selected)):
            names = "selected_index" if control is self._views else "value"
            control.observe(self._guard(handler), names=names)

    # Child widgets, for tests and notebooks that arrange things themselves.
    partner_picker = property(lambda self: self._partner_pick)
    name_input = property(lambda self: self._name)
    category_input = property(lambda self: self._category)
    influence_input = property(lambda self: self._influence)
    interest_input = property(lambda self: self._interest)
    support_input = property(lambda self: self._support)
    resources_input = property(lambda self: self._resources)
    approach_input = property(lambda self: self._approach)
    contact_input = property(lambda self: self._contact)
    notes_input = property(lambda self: self._notes)
    add_partner_button = property(lambda self: self._add_partner)
    update_partner_button = property(lambda self: self._update_partner)
    remove_partner_button = property(lambda self: self._remove_partner)
    link_picker = property(lambda self: self._link_pick)
    source_input = property(lambda self: self._source)
    target_input = property(lambda self: self._target)
    link_type_input = property(lambda self: self._link_type)
    direction_input = property(lambda self: self._direction)
    strength_input = property(lambda self: self._strength)
    add_link_button = property(lambda self: self._add_link)
    update_link_button = property(lambda self: self._update_link)
    remove_link_button = property(lambda self: self._remove_link)
    undo_button = property(lambda self: self._undo)
    redo_button = property(lambda self: self._redo)
    tidy_button = property(lambda self: self._tidy)
    upload = property(lambda self: self._upload)
    file_name_input = property(lambda self: self._file_name)
    save_button = property(lambda self: self._save)
    export_button = property(lambda self: self._export)
    snapshot_button = property(lambda self: self._snapshot)
    export_size_input = property(lambda self: self._export_size)
    download_link = property(lambda self: self._download)
    example_picker = property(lambda self: self._example)
    load_example_button = property(lambda self: self._load_example)
    new_map_button = property(lambda self: self._new_map)
    views = property(lambda self: self._views)
    picture = property(lambda self: self._picture)
    caption = property(lambda self: self._caption)
    grid_picture = property(lambda self: self._grid)
    table = property(lambda self: self._table)
    panel = property(lambda self: self._panel)
    message_widget = property(lambda self: self._message)

    # --------------------------------------------------------------- plumbing
    def _guard(self, handler: Callable) -> Callable:
        """A callback: model errors and surprises become an Indonesian message; after it,
        the pending autosave is handed over and the open view is brought up to date."""
        guarded = super()._guard(handler)
        finish = super()._guard(self._finish)

        def run(*args):
            if self._syncing:
                return
            self._depth += 1
            try:
                guarded(*args)
            finally:
                self._depth -= 1
            if self._depth == 0:
                finish()

        return run

    def _finish(self) -> None:
        self._sync_buttons()  # undo/redo: the step is recorded after the network's event
        if self._save_pending and self._autosaver is not None:
            self._save_pending = False
            self._autosaver.submit(self.network.snapshot())
        self._render(VIEW_KEYS[self.view_index])

    def _on_network_changed(self, event: str, payload) -> None:
        """The network changed (a form, undo, Python code): views and autosave follow."""
        self._stale = set(VIEW_KEYS)
        self._sync_lists()
        self._save_pending = True
        if self._depth == 0:  # a change from outside the widget: follow it now
            self._guard(lambda: None)()

    def _apply(self, method: Callable, *args, **kwargs):
        return self._history.apply(method, *args, **kwargs)

    def _autosave_problem(self) -> str:
        error = self._autosaver.error if self._autosaver is not None else None
        if error is None:
            return ""
        return (f"Perubahan ada di layar tetapi belum tersimpan otomatis ({error}). "
                "Simpan peta sebagai berkas lewat tab Berkas.")

    def _after_change(self, note: str) -> None:
        problem = self._autosave_problem()
        if problem:  # the previous autosave failed: say so again
            self._show(f"{note}\n{problem}", "galat")
        else:
            self._show(note, "berhasil")

    def flush_autosave(self, timeout: float = 30.0) -> bool:
        """Wait until the last change is saved; True when nothing is left to save."""
        return self._autosaver.flush(timeout) if self._autosaver else True

    def _save_map(self, snapshot) -> None:
        """Autosave target (runs in the autosave thread)."""
        answers.save(answers.PETA_MITRA, snapshot, self._workbook)

    def _autosave_failed(self, _error: BaseException) -> None:
        self._show(self._autosave_problem(), "galat")

    def _restore(self) -> tuple[PartnerNetwork, str]:
        """The map saved earlier in the workbook, else an empty map."""
        if not self._autosave:
            return PartnerNetwork(), ""
        notice = self._workbook.message
        loaded = answers.load(answers.PETA_MITRA, self._workbook)
        if loaded.notes:  # keep the unreadable copy, never lose it
            kept = "disimpan terpisah sebagai 'peta-mitra-tidak-terbaca'"
            try:
                answers.set_aside(answers.PETA_MITRA, loaded.raw, self._workbook)
            except KemitraanError as error:
                kept = f"dan belum bisa disimpan terpisah ({error})"
            return PartnerNetwork(), (f"Peta simpanan tidak dapat dibaca "
                                      f"({'; '.join(loaded.notes)}); {kept}. Mulai dari "
                                      "peta kosong.")
        if loaded.value is None:
            return PartnerNetwork(), notice
        restored = f"Peta terakhir dipulihkan dari buku kerja: {len(loaded.value)} mitra."
        return loaded.value, f"{notice}\n{restored}".strip()

    # ------------------------------------------------------------ form values
    def _partner_fields(self) -> dict:
        resources = [r.strip() for r in self._resources.value.replace(";", ",").split(",")]
        return {
            "name": self._name.value,
            "category": self._category.value,
            "influence": self._influence.value,
            "interest": self._interest.value,
            "support": self._support.value,
            "resources": tuple(r for r in resources if r),
            "approach": self._approach.value,
            "contact": self._contact.value,
            "notes": self._notes.value,
        }

    def _set_quietly(self, *pairs) -> None:
        """Set widget values without running their callbacks: ``(widget, value)`` pairs."""
        self._syncing = True
        try:
            for widget, value in pairs:
                widget.value = value
        finally:
            self._syncing = False

    def _fill_partner_form(self, partner) -> None:
        self._set_quietly(
            (self._name, partner.name), (self._category, partner.category),
            (self._influence, partner.influence), (self._interest, partner.interest),
            (self._support, partner.support), (self._resources, ", ".join(partner.resources)),
            (self._approach, partner.approach), (self._contact, partner.contact),
            (self._notes, partner.notes))

    def _clear_partner_form(self) -> None:
        self._set_quietly(
            (self._name, ""), (self._influence, 0), (self._interest, 0), (self._support, 0),
            (self._resources, ""), (self._approach, ""), (self._contact, ""), (self._notes, ""))

    def _selected_partner(self) -> str:
        name = self._partner_pick.value
        if name == _NEW:
            raise InvalidValueError("Pilih dulu mitra yang akan diubah atau dihapus pada daftar "
                                 "'Pilih mitra'.", field="mitra", value=None)
        return name

    # ----------------------------------------------------------- partner form
    def _on_add_partner(self, _button=None) -> None:
        partner = self._apply(self.network.add_partner, **self._partner_fields())
        self._clear_partner_form()
        self._after_change(f"Mitra '{partner.name}' ditambahkan.")
        self._select_partner(_NEW)

    def _on_update_partner(self, _button=None) -> None:
        old = self._selected_partner()
        fields = self._partner_fields()
        # The first parameter of update_partner is called ``name``: pass the new name
        # under its Indonesian alias so it is not taken for the partner to change.
        fields["nama"] = fields.pop("name")
        partner = self._apply(self.network.update_partner, old, **fields)
        self._drawing.rename(old, partner.name)
        self._after_change(f"Data mitra '{partner.name}' diperbarui.")
        self._select_partner(partner.name)

    def _on_remove_partner(self, _button=None) -> None:
        name = self._selected_partner()
        removed = self._apply(self.network.remove_partner, name)
        self._clear_partner_form()
        self._after_change(f"Mitra '{removed.name}' dan hubungannya dihapus. "
                           "Klik Urungkan bila keliru.")
        self._select_partner(_NEW)

    def _on_pick_partner(self, change) -> None:
        name = change["new"]
        if name == _NEW:
            self._clear_partner_form()
        else:
            self._fill_partner_form(self.network.get_partner(name))
        self._update_partner.disabled = name == _NEW
        self._remove_partner.disabled = name == _NEW

    def _select_partner(self, name: str) -> None:
        self._set_quietly((self._partner_pick, name))
        self._update_partner.disabled = name == _NEW
        self._remove_partner.disabled = name == _NEW

    # -------------------------------------------------------------- link form
    def _link_key(self) -> tuple[str, str, str]:
        for label, box in (("Dari", self._source), ("Ke", self._target)):
            if not box.value.strip():
                names = [p.name for p in self.network.partners]
                listed = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
                raise InvalidValueError(
                    f"Isian '{label}' masih kosong. Ketik nama mitra yang ada di peta"
                    + (f", misalnya: {listed}." if names else "; peta masih kosong, tambahkan "
                       "mitra dulu di tab Mitra."),
                    field=label.lower(), value=box.value, allowed=tuple(names))
        return self._source.value, self._target.value, self._link_type.value

    def _on_add_link(self, _button=None) -> None:
        source, target, kind = self._link_key()
        link = self._apply(self.network.add_link, source, target, kind,
                           direction=self._direction.value, strength=self._strength.value)
        self._after_change(f"Hubungan {link.source} – {link.target} "
                           f"({_link_label(link.type)}) ditambahkan.")

    def _on_update_link(self, _button=None) -> None:
        source, target, kind = self._link_key()
        link = self._apply(self.network.update_link, source, target, kind,
                           direction=self._direction.value, strength=self._strength.value)
        self._after_change(f"Hubungan {link.source} – {link.target} diperbarui.")

    def _on_remove_link(self, _button=None) -> None:
        source, target, kind = self._link_key()
        link = self._apply(self.network.remove_link, source, target, kind)
        self._after_change(f"Hubungan {link.source} – {link.target} "
                           f"({_link_label(link.type)}) dihapus.")
        self._set_quietly((self._link_pick, _NEW))

    def _on_pick_link(self, change) -> None:
        key = change["new"]
        if key == _NEW:
            return
        source, target, kind = key
        for link in self.network.links:
            if (link.source, link.target, link.type) == (source, target, kind):
                self._set_quietly(
                    (self._source, link.source), (self._target, link.target),
                    (self._link_type, link.type), (self._direction, link.direction),
                    (self._strength, link.strength))
                return

    # ------------------------------------------------------------ undo / redo
    def _on_undo(self, _button=None) -> None:
        self._step(self._history.undo, "Langkah terakhir diurungkan.",
                   "Tidak ada langkah yang bisa diurungkan.")

    def _on_redo(self, _button=None) -> None:
        self._step(self._history.redo, "Langkah diulangi.", "Tidak ada langkah yang bisa diulangi.")

    def _step(self, move: Callable[[], bool], done: str, nothing: str) -> None:
        if not move():
            self._show(nothing, "info")
            return
        self._select_partner(_NEW)
        self._clear_partner_form()
        self._after_change(done)

    def _on_tidy(self, _button=None) -> None:
        self._drawing.reset()
        self._refresh(force=True)
        self._show("Letak mitra pada gambar diatur ulang.", "berhasil")

    # ------------------------------------------------------------------ files
    def _on_upload(self, change) -> None:
        uploaded = change["new"]
        if not uploaded:
            return
        try:
            opened = files.read_upload(list(uploaded))
        finally:
            self._set_quietly((self._upload, ()))
        network = opened.network
        note = f" {opened.note}" if opened.note else ""
        self.set_network(network, f"Berkas '{opened.name}' dibuka: {len(network)} mitra, "
                                  f"{len(network.links)} hubungan.{note} Klik Urungkan untuk "
                                  "kembali ke peta sebelumnya.")

    def _target_path(self, suffixes: tuple[str, ...]) -> Path:
        raw = self._file_name.value.strip()
        if not raw:
            raise InvalidValueError(
                "Nama berkas masih kosong. Tulis nama berkas, mis. 'peta-mitra.xlsx' (akhiran "
                f"yang boleh: {', '.join(suffixes)}).", field="nama berkas", value=raw,
                allowed=suffixes)
        path = check_path(raw).expanduser()
        if not path.is_absolute():
            path = self.files_folder / path
            if path.parent == self.files_folder:  # the learner's folder may be new
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError:
                    pass  # reported below as a missing folder
        if not path.parent.is_dir():
            raise InvalidValueError(
                f"Folder '{path.parent}' tidak ada. Tulis nama berkas saja, mis. "
                f"'peta-mitra{suffixes[0]}'.", field="nama berkas", value=str(path),
                allowed=suffixes)
        return path

    @property
    def files_folder(self) -> Path:
        """Where a file name without a folder is saved: beside the learner's workbook
        (never inside the course folder), else the notebook's folder."""
        return self._workbook.path.parent if self._workbook is not None else Path.cwd()

    def _on_save(self, _button=None) -> None:
        path = self._target_path(SAVE_SUFFIXES)
        if path.suffix.lower() not in SAVE_SUFFIXES:
            raise InvalidValueError(
                f"Akhiran berkas '{path.suffix or '(tanpa akhiran)'}' pada '{path.name}' tidak "
                f"dikenal. Pilihan: {', '.join(SAVE_SUFFIXES)}.", field="nama berkas",
                value=path.name, allowed=SAVE_SUFFIXES)
        files.save_network(self.network, path)
        saved = [path]
        if path.suffix.lower() == ".csv":
            saved.append(files.links_path(path))
        self._download.value = " ".join(self._download_anchor(p) for p in saved if p.exists())
        self._show(f"Peta disimpan di {', '.join(str(p) for p in saved)}.", "berhasil")

    def _on_export(self, _button=None) -> None:
        path = self._target_path((".png",)).with_suffix(".png")
        fig = draw_network(self.network, positions=self._drawing.layout,
                           size=self._export_size.value)
        atomic_write_bytes(path, figure_to_png(fig, dpi=150))
        self._download.value = self._download_anchor(path)
        self._show(f"Gambar peta disimpan di {path}.", "berhasil")

    def _on_snapshot(self, _button=None) -> None:
        """Keep today's map as a dated snapshot (answers.PETA_BERTANGGAL); see peta_waktu."""
        from kemitraan_lib import peta_waktu

        snap = peta_waktu.save_snapshot(self.network, label="Disimpan dari Peta Mitra",
                                        workbook=self._workbook)
        count = len(peta_waktu.saved_snapshots(self._workbook))
        self._show(f"Foto peta {snap.date} disimpan ({len(snap.network.partners)} mitra, "
                   f"{len(snap.network.links)} hubungan). Ada {count} foto peta di buku kerja; "
                   "bandingkan di modul 09.", "berhasil")

    @staticmethod
    def _download_anchor(path: Path) -> str:
        kinds = {".png": "image/png", ".json": "application/json", ".csv": "text/csv",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        mime = kinds.get(path.suffix.lower(), "application/octet-stream")
        name = html.escape(path.name, quote=True)
        return (f'<a download="{name}" href="data:{mime};base64,{data}" '
                f'class="pm-tautan-unduh">⬇ Unduh {html.escape(path.name)}</a>')

    def _on_new_map(self, _button=None) -> None:
        self.set_network(PartnerNetwork(), "Peta baru yang kosong dibuat. Klik Urungkan untuk "
                                           "kembali ke peta sebelumnya.")

    def _on_load_example(self, _button=None) -> None:
        key = self._example.value
        network = cases.load_case(key)
        self.set_network(network, f"Contoh '{cases.CASES[key]}' dimuat: {len(network)} mitra, "
                                  f"{len(network.links)} hubungan.")

    # ------------------------------------------------------------------ views
    def _sync_lists(self) -> None:
        """Refresh the pick lists and suggestions after the map changed."""
        network = self.network
        names = tuple(p.name for p in network.partners)
        links = network.links
        self._syncing = True
        try:
            # Long option lists are sent to the browser: only when they change.
            if names != self._listed_names:
                current = self._partner_pick.value
                self._partner_pick.options = [("— mitra baru —", _NEW)] + [(n, n) for n in names]
                keep = {normalize_name(n): n for n in names}.get(normalize_name(current)) \
                    if current != _NEW else None
                self._partner_pick.value = keep or _NEW
                self._source.options = names
                self._target.options = names
                self._listed_names = names
            if links != self._listed_links:
                link_options = [("— hubungan baru —", _NEW)] + [
                    (f"{link.source} {'→' if link.direction == 'satu-arah' else '–'} "
                     f"{link.target} ({_link_label(link.type)})",
                     (link.source, link.target, link.type))
                    for link in links]
                current_link = self._link_pick.value
                self._link_pick.options = link_options
                values = {value for _, value in link_options}
                self._link_pick.value = current_link if current_link in values else _NEW
                self._listed_links = links
        finally:
            self._syncing = False
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        self._update_partner.disabled = self._partner_pick.value == _NEW
        self._remove_partner.disabled = self._partner_pick.value == _NEW
        self._undo.disabled = not self._history.can_undo
        self._redo.disabled = not self._history.can_redo

    @property
    def view_index(self) -> int:
        """Which view tab is open: 0 drawing, 1 grid, 2 table, 3 analysis."""
        return self._views.selected_index or 0

    def show_view(self, which: int | str) -> None:
        """Open a view tab by number or key ("gambar", "kisi", "tabel", "analisis")."""
        index = VIEW_KEYS.index(which) if isinstance(which, str) else int(which)
        self._views.selected_index = index
        self._render(VIEW_KEYS[index])  # also when it was already open

    def _on_view_selected(self, change) -> None:
        if change["new"] is not None:
            self._render(VIEW_KEYS[change["new"]])

    def _refresh(self, force: bool = False) -> None:
        """Mark every view out of date and redraw the one that is open.

        ``force`` also forgets what the pictures showed, so they are drawn again.
        """
        if force:
            self._picture_key = self._grid_key = None
        self._stale = set(VIEW_KEYS)
        self._render(VIEW_KEYS[self.view_index])

    def refresh_all(self) -> None:
        """Bring every view up to date now (the benchmarks' "full redraw")."""
        self._stale = set(VIEW_KEYS)
        for key in VIEW_KEYS:
            self._render(key)

    def _render(self, view: str) -> None:
        if view not in self._stale:
            return
        network = self.network
        partners = network.partners
        if view == "gambar":
            key = (network.title, tuple((p.name, p.category, p.influence) for p in partners),
                   network.links)
            if key != self._picture_key:  # redraw only when the drawing would change
                if partners:
                    self._picture.value = self._drawing.png(network)
                else:  # nothing to draw: no matplotlib needed
                    self._picture.value = _BLANK_PNG
                lines = caption_text(network).split("\n") + ([] if partners else [EMPTY_MAP])
                self._caption.value = (f"<div style='text-align:center;font-size:15px'>"
                                       f"<b>{html.escape(lines[0])}</b>"
                                       + "".join(f"<br><small>{html.escape(x)}</small>"
                                                 for x in lines[1:]) + "</div>")
                self._legend.value = legend_html(network)
                self._picture_key = key
                self.redraw_count += 1
        elif view == "kisi":
            key = tuple((p.name, p.category, p.interest, p.influence) for p in partners)
            if key != self._grid_key:
                self._grid.value = (figure_to_png(draw_grid(network, advice=False))
                                    if partners else _BLANK_PNG)
                self._grid_key = key
        elif view == "tabel":
            self._table.value = _table_html(network)
        else:
            self._panel.value = _panel_html(network)
        self._stale.discard(view)



VIEW_KEYS = ("gambar", "kisi", "tabel", "analisis")
VIEW_TITLES = ("Gambar jaringan", "Kisi pengaruh", "Tabel mitra", "Analisis")



def _table_html(network: PartnerNetwork) -> str:
    """The partner table (the columns of :func:`analysis.summary`) as plain HTML.

    Built directly from the model and the cached measures: much cheaper than a
    DataFrame and ``to_html`` on every change of a big map.
    """
    if len(network) == 0:
        return "<p><i>Belum ada mitra di peta.</i></p>"
    degree, between = analysis.MEASURES.get(network)
    categories = {c.key: c.label for c in content.CATEGORIES}
    head = "".join(f"<th style='text-align:left;padding:2px 6px;vertical-align:bottom;"
                   f"border-bottom:2px solid #999'>{html.escape(c.label)}</th>"
                   for c in SUMMARY_COLUMNS)
    rows = []
    for p in network.partners:
        values = (p.name, categories.get(p.category, p.category), p.influence, p.interest,
                  p.support, analysis.quadrant(p).label, degree[p.name],
                  f"{round(between[p.name], 3):.3f}", analysis.suggested_approach(p).label)
        cells = "".join(f"<td style='padding:2px 6px;border-bottom:1px solid #eee'>"
                        f"{html.escape(str(v))}</td>" for v in values)
        rows.append(f"<tr>{cells}</tr>")
    return (f"<table class='pm-tabel-mitra' style='border-collapse:collapse;font-size:13px'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _advice_html() -> str:
    items = "".join(f"<li><b>{html.escape(q.label)}</b>: {html.escape(q.advice)}"
                    "</li>" for q in content.QUADRANTS)
    return f"<ul style='font-size:13px;margin:4px 0'>{items}</ul>"


def _names(names) -> str:
    return ", ".join(html.escape(n) for n in names)


def _panel_html(network: PartnerNetwork) -> str:
    """Brokers, isolated partners, missing kinds and suggested approaches."""
    if len(network) == 0:
        return "<p><i>Analisis muncul setelah ada mitra di peta.</i></p>"
    parts = []
    brokers = analysis.MEASURES.brokers(network)
    if brokers:
        parts.append(f"<li><b>Perantara (penghubung utama):</b> {_names(brokers)}. Mereka "
                     "menghubungkan banyak mitra lain; lewat mereka informasi dan dukungan "
                     "menyebar.</li>")
    else:
        parts.append("<li><b>Perantara:</b> belum ada mitra yang menjadi penghubung "
                     "antar-mitra.</li>")
    alone = analysis.isolated(network)
    if alone:
        parts.append(f"<li><b>Mitra terpencil (belum punya hubungan):</b> {_names(alone)}. "
                     "Pikirkan siapa yang bisa memperkenalkan mereka.</li>")
    else:
        parts.append("<li><b>Mitra terpencil:</b> tidak ada; semua mitra sudah terhubung.</li>")
    missing = analysis.missing_kinds(network)
    if missing:
        parts.append("<li><b>Jenis mitra yang belum ada di peta:</b> "
                     f"{_names(item.label for item in missing)}.</li>")
    else:
        parts.append("<li><b>Jenis mitra:</b> kelima jenis calon mitra sudah ada di peta.</li>")
    conflicts = [link for link in network.links if link.type == "konflik"]
    if conflicts:
        pairs = _names(f"{link.source} – {link.target}" for link in conflicts)
        parts.append(f"<li><b>Hubungan konflik:</b> {pairs}. Tangani dengan hati-hati.</li>")
    by_approach: dict[str, list[str]] = {}
    for partner in network.partners:
        by_approach.setdefault(analysis.suggested_approach(partner).label, []).append(
            partner.name)
    approach_rows = "".join(f"<li>{html.escape(label)}: {_names(names)}</li>"
                            for label, names in by_approach.items())
    parts.append(f"<li><b>Saran pendekatan per mitra:</b><ul>{approach_rows}</ul></li>")
    grid = analysis.grid(network)
    quadrant_rows = "".join(
        f"<li>{html.escape(q.label)} ({len(grid.get(q.key, []))} mitra): "
        f"{html.escape(q.advice)}</li>" for q in content.QUADRANTS)
    parts.append(f"<li><b>Kisi pengaruh–kepentingan:</b><ul>{quadrant_rows}</ul></li>")
    return f"<ul class='pm-daftar-analisis' style='font-size:14px'>{''.join(parts)}</ul>"
