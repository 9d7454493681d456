"""Pilih Pola Kemitraan: the partnership pattern chooser widget.

Plain questions a facilitator can answer without knowing the law (what each
side can bring, what the group needs most, how long, how close, how profit and
risk are shared). Each question offers only the resources that make sense there
(aid and payment come from the partner, a legal entity from the group). The answer
comes from :func:`kemitraan_lib.recommender.recommend`: the patterns ranked best
first, each with its score, *why it fits* and *what does not fit* as two lists,
what each side contributes, the risks to watch and the legal warning, and for the
"not a business partnership" outcome what to do instead; plus a side-by-side table
of the top three. "Simpan pilihan ini" stores the choice in the
learner's workbook as the saved answer :data:`kemitraan_lib.answers.POLA_TERPILIH`
(read back through :mod:`kemitraan_lib.answers`: a saved pattern whose key is
old or unknown loads with a note).

>>> chooser = PatternChooser(autosave=False)
>>> chooser.set_answers(group=["lahan", "tenaga"], partner=["modal", "manajemen", "pasar"])
>>> chooser.recommend_button.click()
>>> chooser.recommendations[0].pattern.key
'kerjasama-operasional'
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import ipywidgets as widgets

from kemitraan_lib import answers, content, recommender
from kemitraan_lib.errors import InvalidValueError, KemitraanError, show
from kemitraan_lib.views.fit import APP_CLASS, fit_style, flexible_buttons
from kemitraan_lib.views.messages import MessageArea
from kemitraan_lib.workbook import shared_workbook

__all__ = ["PatternChooser"]

DETAILED = 3  # patterns shown in full; the rest are listed briefly
UNEXPECTED = ("Terjadi kesalahan tak terduga: {error}. Jawaban Anda tetap ada; coba lagi, dan "
              "bila terulang laporkan pesan ini kepada pelatih.")


def _esc(text) -> str:
    return html.escape(str(text))


def _resources_for(side: str) -> list:
    """RESOURCES items asked for one side ("kelompok", "mitra" or "kebutuhan")."""
    return [r for r in content.RESOURCES if side in r.sides]


class _CheckGroup(widgets.VBox):
    """A question answered with check boxes, one per RESOURCES item asked on ``side``."""

    def __init__(self, question: str, help_text: str, css: str, side: str) -> None:
        items = _resources_for(side)
        self.boxes = {
            r.key: widgets.Checkbox(value=False, description=r.label, indent=False,
                                    tooltip=r.description,
                                    layout=widgets.Layout(width="auto"))
            for r in items
        }
        for key, box in self.boxes.items():
            box.add_class(f"{css}-{key}")
        hints = "; ".join(f"<i>{_esc(r.label)}</i>: {_esc(r.description)}" for r in items)
        super().__init__([
            widgets.HTML(f"<b>{_esc(question)}</b><br><span style='font-size:12px;color:#555'>"
                         f"{_esc(help_text)}</span>"),
            widgets.GridBox(list(self.boxes.values()), layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(min(100%, 170px), 1fr))",
                width="100%")),
            widgets.HTML(f"<details style='font-size:12px;color:#555'><summary>Apa arti "
                         f"pilihan ini?</summary>{hints}</details>"),
        ])
        self.add_class(css)

    @property
    def value(self) -> frozenset[str]:
        return frozenset(key for key, box in self.boxes.items() if box.value)

    @value.setter
    def value(self, keys: Iterable[str]) -> None:
        keys = set(keys)
        unknown = keys - set(self.boxes)
        if unknown:
            raise InvalidValueError(
                f"Sumber daya {', '.join(sorted(unknown))} tidak dikenal. Pilihan: "
                f"{', '.join(self.boxes)}.", field="sumber daya", value=tuple(sorted(unknown)),
                allowed=tuple(self.boxes))
        for key, box in self.boxes.items():
            box.value = key in keys


def _radio(question: str, collection, css: str) -> tuple[widgets.VBox, widgets.RadioButtons]:
    options = [("Belum tahu / tidak penting", "")] + [
        (f"{item.label} — {item.description}", item.key) for item in collection]
    radio = widgets.RadioButtons(options=options, value="",
                                 layout=widgets.Layout(width="auto"))
    radio.add_class(css)
    return widgets.VBox([widgets.HTML(f"<b>{_esc(question)}</b>"), radio]), radio


class PatternChooser(MessageArea, widgets.VBox):
    """The pattern chooser (Pilih Pola Kemitraan).

    ``workbook``: where "Simpan pilihan ini" stores the choice (default: the
    learner's own workbook). ``autosave=False`` keeps everything in memory
    (for examples and tests).
    """

    def __init__(self, *, workbook=None, autosave: bool = True) -> None:
        super().__init__()
        self.add_class("pilih-pola")
        self.add_class(APP_CLASS)
        self._workbook = workbook if workbook is not None or not autosave else \
            shared_workbook()
        self.recommendations: list = []
        self.saved: dict | None = None
        self._situation = None

        self._group = _CheckGroup(
            "1. Apa yang bisa disediakan kelompok (pihak yang lebih kecil)?",
            "Centang semua yang sudah dimiliki kelompok dampingan Anda, termasuk barang yang "
            "sudah bisa dijual.", "pp-kelompok", "kelompok")
        self._partner = _CheckGroup(
            "2. Apa yang bisa disediakan calon mitra (pihak yang lebih besar)?",
            "Misalnya perusahaan, koperasi besar, swalayan, dinas atau program CSR. Uang yang "
            "dibayarkan untuk membeli barang adalah pembayaran, bukan modal; bantuan tanpa "
            "imbalan dicentang sebagai bantuan.", "pp-mitra", "mitra")
        self._needs = _CheckGroup(
            "3. Apa yang paling dibutuhkan kelompok?",
            "Boleh lebih dari satu. Bila tidak ada yang dicentang, kebutuhan tidak ikut "
            "menentukan urutan pola.", "pp-butuh", "kebutuhan")
        duration_box, self._duration = _radio(
            "4. Berapa lama kerja sama direncanakan?", content.DURATIONS, "pp-lama")
        closeness_box, self._closeness = _radio(
            "5. Seberapa erat hubungan yang diinginkan?", content.CLOSENESS, "pp-erat")
        sharing_box, self._sharing = _radio(
            "6. Bagaimana keuntungan dan risiko akan dibagi?", content.SHARING, "pp-bagi")

        self._recommend = widgets.Button(description="Tampilkan rekomendasi",
                                         button_style="primary", icon="search",
                                         layout=widgets.Layout(width="auto"))
        self._recommend.add_class("pp-tampilkan")
        message = widgets.HTML("")
        message.add_class("pp-pesan")
        self._init_messages(message, "pp", UNEXPECTED)
        self._result = widgets.HTML("")
        self._result.add_class("pp-hasil")
        self._table = widgets.HTML("")
        self._table.add_class("pp-banding")
        self._pick = widgets.Dropdown(description="Pola pilihan:", options=[], disabled=True,
                                      style={"description_width": "110px"},
                                      layout=widgets.Layout(flex="1 1 300px", min_width="0"))
        self._pick.add_class("pp-pilihan")
        self._save = widgets.Button(description="Simpan pilihan ini", icon="save", disabled=True,
                                    layout=widgets.Layout(width="auto"))
        self._save.add_class("pp-simpan")
        self._status = widgets.HTML("")
        self._status.add_class("pp-status")

        questions = widgets.VBox(
            [self._group, self._partner, self._needs, duration_box, closeness_box, sharing_box],
            layout=widgets.Layout(border="1px solid #ddd", padding="8px"))
        self.children = [
            fit_style(),
            widgets.HTML("<p>Jawab pertanyaan di bawah. Tidak perlu memahami undang-undang: "
                         "cukup pikirkan apa yang dimiliki kelompok dan calon mitra. Lalu klik "
                         "<b>Tampilkan rekomendasi</b>.</p>"),
            questions, self._recommend, self._message, self._result, self._table,
            flexible_buttons(self._pick, self._save), self._status,
        ]
        self._recommend.on_click(self._guard(self._on_recommend))
        self._save.on_click(self._guard(self._on_save))
        self._restore()

    # Child widgets, for tests and notebooks.
    recommend_button = property(lambda self: self._recommend)
    save_button = property(lambda self: self._save)
    pattern_picker = property(lambda self: self._pick)
    group_boxes = property(lambda self: self._group.boxes)
    partner_boxes = property(lambda self: self._partner.boxes)
    needs_boxes = property(lambda self: self._needs.boxes)
    duration_input = property(lambda self: self._duration)
    closeness_input = property(lambda self: self._closeness)
    sharing_input = property(lambda self: self._sharing)
    result = property(lambda self: self._result)
    comparison = property(lambda self: self._table)
    message_widget = property(lambda self: self._message)
    status = property(lambda self: self._status)

    def set_answers(self, *, group=(), partner=(), needs=(), duration="", closeness="",
                    sharing="") -> None:
        """Tick the answers from Python (keys of RESOURCES, DURATIONS, ...).

        Everything is checked first; a bad value changes nothing.
        """
        sides = []
        for values, widget in ((group, self._group), (partner, self._partner),
                               (needs, self._needs)):
            if isinstance(values, str) or not isinstance(values, (list, tuple, set, frozenset)):
                values = (values,)
            values = tuple(values)
            for value in values:
                if not isinstance(value, str) or value not in widget.boxes:
                    raise InvalidValueError(
                        f"Sumber daya {show(value)} tidak dikenal untuk pertanyaan ini. "
                        f"Pilihan: {', '.join(widget.boxes)}.", field="sumber daya",
                        value=value, allowed=tuple(widget.boxes))
            sides.append(values)
        group, partner, needs = sides
        for value, radio, what in ((duration, self._duration, "lama kerja sama"),
                                   (closeness, self._closeness, "keeratan"),
                                   (sharing, self._sharing, "pembagian")):
            allowed = [key for _, key in radio.options]
            if not isinstance(value, str) or value not in allowed:
                raise InvalidValueError(
                    f"Pilihan {what} {show(value)} tidak dikenal. Pilihan: "
                    f"{', '.join(k or '(kosong)' for k in allowed)}.", field=what, value=value,
                    allowed=tuple(allowed))
        self._group.value = group
        self._partner.value = partner
        self._needs.value = needs
        self._duration.value = duration
        self._closeness.value = closeness
        self._sharing.value = sharing

    def situation(self):
        """The :class:`~kemitraan_lib.recommender.Situation` of the current answers."""
        group, partner = self._group.value, self._partner.value
        missing = []
        if not group:
            missing.append("apa yang bisa disediakan kelompok (pertanyaan 1)")
        if not partner:
            missing.append("apa yang bisa disediakan calon mitra (pertanyaan 2)")
        if missing:
            raise InvalidValueError(
                "Belum ada yang dicentang untuk " + " dan ".join(missing) + ". Centang minimal "
                "satu pilihan di setiap pertanyaan itu, misalnya "
                + ", ".join(r.label for r in content.RESOURCES[:3]) + ".",
                field="sumber daya", value=None, allowed=tuple(r.key for r in content.RESOURCES))
        return recommender.Situation(
            group_brings=group, partner_brings=partner, needs=self._needs.value,
            duration=self._duration.value, closeness=self._closeness.value,
            sharing=self._sharing.value)

    # --------------------------------------------------------------- plumbing
    def _restore(self) -> None:
        """Tick the answers saved earlier, so the learner sees what was chosen."""
        if self._workbook is None:
            return
        loaded = answers.load(answers.POLA_TERPILIH, self._workbook)
        if not loaded.found:
            return
        chosen = loaded.value
        situation = chosen.situation
        try:
            self.set_answers(group=situation.get("group_brings", ()),
                             partner=situation.get("partner_brings", ()),
                             needs=situation.get("needs", ()),
                             duration=situation.get("duration", ""),
                             closeness=situation.get("closeness", ""),
                             sharing=situation.get("sharing", ""))
        except KemitraanError as error:
            self._show(f"Jawaban yang tersimpan tidak dapat dipulihkan ({error}); silakan "
                       "jawab lagi.", "info")
            return
        if loaded.notes:
            self._show("Jawaban yang tersimpan tidak dapat dipulihkan seluruhnya: "
                       + " ".join(loaded.notes) + " Silakan periksa jawaban di bawah.", "info")
        if chosen.item is not None:
            self._status.value = (f"<span class='pp-tersimpan'>Pilihan tersimpan sebelumnya: "
                                  f"<b>{_esc(chosen.label or chosen.item.label)}</b>.</span>")

    # ---------------------------------------------------------------- actions
    def _on_recommend(self, _button=None) -> None:
        situation = self.situation()
        ranked = recommender.recommend(situation)
        self._situation = situation
        self.recommendations = list(ranked)
        self._result.value = _results_html(self.recommendations)
        self._table.value = _compare_html(recommender.compare(self.recommendations, top=DETAILED))
        self._pick.options = [(f"{i}. {r.pattern.label} (skor {r.score:.0f})", r.pattern.key)
                              for i, r in enumerate(self.recommendations, start=1)]
        if self.recommendations:
            self._pick.value = self.recommendations[0].pattern.key
        self._pick.disabled = not self.recommendations
        self._save.disabled = not self.recommendations
        self._status.value = ""
        best = self.recommendations[0].pattern.label if self.recommendations else "-"
        self._show(f"Rekomendasi teratas: {best}. Baca alasan dan risikonya di bawah.",
                   "berhasil")

    def _on_save(self, _button=None) -> None:
        if not self.recommendations or self._situation is None:
            raise InvalidValueError("Klik 'Tampilkan rekomendasi' dulu, lalu simpan pilihan "
                                    "Anda.", field="pola", value=None)
        chosen = next(r for r in self.recommendations if r.pattern.key == self._pick.value)
        situation = self._situation
        value = answers.ChosenPattern(
            pattern=chosen.pattern.key,
            label=chosen.pattern.label,
            score=round(float(chosen.score), 1),
            reasons=tuple(chosen.fits),
            misfits=tuple(chosen.misfits),
            warnings=tuple(chosen.warnings),
            situation={
                "group_brings": tuple(sorted(situation.group_brings)),
                "partner_brings": tuple(sorted(situation.partner_brings)),
                "needs": tuple(sorted(situation.needs)),
                "duration": situation.duration,
                "closeness": situation.closeness,
                "sharing": situation.sharing,
            },
            item=chosen.pattern,
        )
        if self._workbook is None:
            note = "Tersimpan (hanya selama halaman ini terbuka)."
        else:
            answers.save(answers.POLA_TERPILIH, value, self._workbook)
            note = "Tersimpan di buku kerja."
        self.saved = value.to_dict()
        self._status.value = (f"<span class='pp-tersimpan' role='status' style='color:#1b5e20'>"
                              f"✔ {note} Pola: <b>{_esc(chosen.pattern.label)}</b>.</span>")
        self._show(f"Tersimpan: {chosen.pattern.label}.", "berhasil")


def _list(items: Iterable[str]) -> str:
    items = [i for i in items if i]
    if not items:
        return "<i>-</i>"
    return "<ul style='margin:2px 0 4px 0'>" + "".join(f"<li>{_esc(i)}</li>" for i in items) \
        + "</ul>"


def _resources(keys: Iterable[str]) -> str:
    labels = [content.labels(content.RESOURCES).get(k, k) for k in keys]
    return _esc(", ".join(labels)) if labels else "<i>-</i>"


def _results_html(ranked: list) -> str:
    if not ranked:
        return "<p>Tidak ada pola yang cocok.</p>"
    cards = []
    for rank, rec in enumerate(ranked[:DETAILED], start=1):
        pattern = rec.pattern
        score = max(0.0, min(100.0, float(rec.score)))
        border = "#1b5e20" if rank == 1 else "#999"
        legal = ""
        if pattern.control_warning or rec.warnings:
            legal = ("<div style='background:#fff3e0;padding:4px 8px;margin-top:4px'>"
                     "<b>⚠ Perhatikan:</b>" + _list(rec.warnings or (pattern.control_warning,))
                     + "</div>")
        instead = ""
        if pattern.instead:
            instead = ("<div class='pp-gantinya' style='background:#e3f2fd;padding:4px 8px;"
                       f"margin:4px 0'><b>Yang sebaiknya dilakukan:</b> "
                       f"{_esc(pattern.instead)}</div>")
        misfits = ""
        if rec.misfits:
            misfits = (f"<div class='pp-tidak-cocok'><b>Yang tidak cocok:</b>"
                       f"{_list(rec.misfits)}</div>")
        notes = ""
        if rec.notes:
            notes = ("<div style='font-size:12px;color:#555'>"
                     + " ".join(_esc(n) for n in rec.notes) + "</div>")
        own = _esc(content.INTERPRETATION_LABEL.lower())
        cards.append(
            f"<div class='pp-pola' data-pola='{_esc(pattern.key)}' style='border:2px solid "
            f"{border};border-radius:6px;padding:8px 12px;margin:8px 0'>"
            f"<div style='font-size:17px'><b>{rank}. {_esc(pattern.label)}</b> "
            f"<span style='color:#555'>— skor {score:.0f} dari 100</span></div>"
            f"<div style='background:#eee;height:8px;width:100%;margin:4px 0'>"
            f"<div style='background:#2e7d32;height:8px;width:{score:.0f}%'></div></div>"
            f"<p style='margin:4px 0'>{_esc(pattern.description)}</p>"
            f"{instead}"
            f"<div class='pp-cocok'><b>Mengapa cocok:</b>{_list(rec.fits)}</div>"
            f"{misfits}{notes}"
            f"<b>Yang disumbangkan kelompok:</b> {_resources(rec.group_contributes)}<br>"
            f"<b>Yang disumbangkan mitra:</b> {_resources(rec.partner_contributes)}<br>"
            f"<b>Pembagian keuntungan</b> <i>({own})</i>: {_esc(pattern.profit_sharing)}<br>"
            f"<b>Pembagian risiko</b> <i>({own})</i>: {_esc(pattern.risk_sharing)}<br>"
            f"<b>Risiko yang perlu diawasi:</b>{_list(pattern.risks)}"
            f"{legal}"
            f"<div style='font-size:12px;color:#555;margin-top:4px'>Dasar: "
            f"{_esc(pattern.legal_basis)}</div></div>")
    rest = ranked[DETAILED:]
    if rest:
        items = "".join(f"<li>{_esc(r.pattern.label)} (skor {float(r.score):.0f})</li>"
                        for r in rest)
        cards.append(f"<details><summary>Pola lain ({len(rest)})</summary><ol start="
                     f"'{DETAILED + 1}'>{items}</ol></details>")
    return "".join(cards)


def _compare_html(rows: list[dict]) -> str:
    """A side-by-side table from :func:`recommender.compare` rows."""
    if not rows:
        return ""
    columns = list(rows[0].keys())
    head = "".join(f"<th style='text-align:left;padding:4px 8px;border-bottom:2px solid #999'>"
                   f"{_esc(c)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = "".join(
            f"<td style='vertical-align:top;padding:4px 8px;border-bottom:1px solid #ddd'>"
            f"{_cell(row.get(c, ''))}</td>" for c in columns)
        body.append(f"<tr>{cells}</tr>")
    return ("<h4>Perbandingan pola teratas</h4><div class='kemitraan-geser' "
            "style='overflow-x:auto;max-width:100%'>"
            "<table class='pp-tabel-banding' style='border-collapse:collapse;font-size:13px'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.0f}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return _esc(", ".join(str(v) for v in value))
    return _esc(value)
