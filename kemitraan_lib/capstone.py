""""Rencana Kemitraan Saya": the learner's own plan, assembled from the workbook.

:func:`build_plan` collects what the learner saved in every module (partner
map and its picture, the chosen pattern with reasons, the MoU outline, the
monev plan, the 72-hour follow-up and all other activity answers) into a
:class:`Plan`. :func:`export_html` (one self-contained printable page, the map
embedded as a base64 PNG) and :func:`export_docx` (Word, map embedded) write
it atomically, by default next to the workbook file, and return the path.

Every saved answer is read through :mod:`kemitraan_lib.answers` (the one owner
of saved answers), as a typed value: name, role and programme; the partner map;
the chosen pattern with reasons; the MoU outline; the monev plan; the 72-hour
follow-up; the goal and first step; and every other answer (under "Jawaban
lain", grouped by notebook). An odd stored value never stops the plan: it
becomes a note at the top of the document.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kemitraan_lib import answers
from kemitraan_lib import fields as _fields
from kemitraan_lib.errors import InvalidValueError, show
from kemitraan_lib.tindak_lanjut import ROW_COLUMNS
from kemitraan_lib.workbook import Workbook, resolve, shared_workbook

__all__ = [
    "Plan",
    "build_plan",
    "completeness",
    "preview_html",
    "to_html",
    "to_docx_bytes",
    "export_html",
    "export_docx",
    "export_all",
    "HTML_NAME",
    "DOCX_NAME",
]

HTML_NAME = "rencana-kemitraan-saya.html"
DOCX_NAME = "rencana-kemitraan-saya.docx"
TITLE = "Rencana Kemitraan Saya"

#: The partner table of the plan: columns (keys of analysis.summary) and headings.
PARTNER_COLUMNS = tuple(c.key for c in _fields.PLAN_COLUMNS)


@dataclass
class Plan:
    """Everything the exported document shows; plain data, easy to test."""

    name: str = ""
    role: str = ""
    programme: str = ""
    created: datetime = field(default_factory=datetime.now)
    goal: str = ""
    first_step: str = ""
    network: object | None = None  # PartnerNetwork
    network_is_example: bool = False
    map_png: bytes | None = None
    draw_later: bool = False  # the example map's picture: drawn for the documents only
    partner_rows: list[dict] = field(default_factory=list)
    map_findings: list[str] = field(default_factory=list)
    pattern: dict | None = None  # label, description, reasons, warnings, contributions
    mou: list[tuple[str, str]] = field(default_factory=list)  # (part label, text)
    monev_rows: list[dict] = field(default_factory=list)
    monev_review: str = ""
    monev_actions: list[str] = field(default_factory=list)
    followup: dict | None = None  # {"mitra", "pertemuan", "rows"} or {"teks"}
    sections: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    folder: Path | None = None  # where exports go by default

    def __post_init__(self) -> None:
        from kemitraan_lib.network import PartnerNetwork

        expected = {"name": str, "role": str, "programme": str, "goal": str, "first_step": str,
                    "created": datetime, "network": (PartnerNetwork, type(None)),
                    "network_is_example": bool, "map_png": (bytes, type(None)),
                    "draw_later": bool,
                    "pattern": (dict, type(None)), "followup": (dict, type(None)),
                    "monev_review": str, "folder": (Path, type(None))}
        for name in ("partner_rows", "map_findings", "mou", "monev_rows", "monev_actions",
                     "sections", "notes"):
            expected[name] = list
        for name, kind in expected.items():
            if not isinstance(getattr(self, name), kind):
                raise InvalidValueError(
                    f"Isian rencana '{name}' bernilai {show(getattr(self, name))}, jenisnya "
                    "tidak sesuai.", field=name, value=getattr(self, name))

    def picture(self) -> bytes | None:
        """The map's PNG, drawn now when it was left for later (the example map)."""
        if self.map_png is None and self.draw_later and self.network is not None:
            from kemitraan_lib.drawing import draw_network, figure_to_png

            self.map_png = figure_to_png(draw_network(self.network), dpi=90)
        return self.map_png

    def blocks(self, *, draw: bool = True) -> list[tuple]:
        """The document as a neutral list of blocks (rendered to HTML and Word).

        ``draw=False`` leaves out a picture that is not drawn yet (the preview).
        """
        b: list[tuple] = [("h1", TITLE)]
        who = [x for x in (self.name, self.role) if x]
        todo = f"(belum diisi di {answers.NAMA.where})"
        b.append(("meta", [
            ("Nama", " · ".join(who) or todo),
            ("Program", self.programme or todo),
            ("Disusun", f"{self.created:%d-%m-%Y %H:%M}"),
        ]))
        for note in self.notes:
            b.append(("note", note))
        b.append(("h2", "1. Tujuan dan langkah pertama"))
        todo = f"(belum diisi di {answers.TUJUAN_UTAMA.where})"
        b.append(("qa", answers.TUJUAN_UTAMA.title, self.goal or todo))
        b.append(("qa", answers.LANGKAH_PERTAMA.title, self.first_step or todo))
        b.append(("h2", "2. Peta mitra"))
        if self.network is not None:
            title = self.network.title or "Peta mitra"
            extra = " (CONTOH, bukan peta Anda)" if self.network_is_example else ""
            b.append(("p", f"{title}{extra}: {len(self.network)} mitra, "
                           f"{len(self.network.links)} hubungan."))
            png = self.picture() if draw else self.map_png
            if png:
                b.append(("image", png, f"Gambar peta mitra{extra}"))
            elif self.draw_later:
                b.append(("p", "(Gambar peta contoh ada di dokumen yang dibuat.)"))
            if self.partner_rows:
                rows = [[str(r.get(c, "")) for c in PARTNER_COLUMNS] for r in self.partner_rows]
                b.append(("table", list(PARTNER_COLUMNS), rows))
            if self.map_findings:
                b.append(("list", self.map_findings))
        else:
            b.append(("p", f"(Peta mitra belum dibuat; buat di {answers.PETA_MITRA.where}.)"))
        b.append(("h2", "3. Pola kemitraan yang dipilih"))
        if self.pattern:
            b.append(("p", f"{self.pattern['label']}: {self.pattern.get('description', '')}"))
            if self.pattern.get("sides"):
                b.append(("list", list(self.pattern["sides"])))
            if self.pattern.get("reasons"):
                b.append(("p", "Alasan memilih pola ini:"))
                b.append(("list", list(self.pattern["reasons"])))
            if self.pattern.get("misfits"):
                b.append(("p", "Yang belum cocok dan perlu dibicarakan:"))
                b.append(("list", list(self.pattern["misfits"])))
            if self.pattern.get("warnings"):
                b.append(("p", "Perhatikan:"))
                b.append(("list", list(self.pattern["warnings"])))
        else:
            b.append(("p", f"(Belum memilih pola; pilih di {answers.POLA_TERPILIH.where}.)"))
        b.append(("h2", "4. Kerangka nota kesepahaman (MoU)"))
        if self.mou:
            b.append(("table", ["bagian", "isi"], [[k, v] for k, v in self.mou]))
        else:
            b.append(("p", f"(Kerangka MoU belum diisi; isi di {answers.KERANGKA_MOU.where}.)"))
        b.append(("h2", "5. Rencana monitoring dan evaluasi"))
        if self.monev_rows:
            cols = [c for c in answers.Monev.columns() if c != "catatan"]
            b.append(("table", cols, [[str(r.get(c, "")) for c in cols] for r in self.monev_rows]))
            if self.monev_review:
                b.append(("p", "Tinjauan lampu lalu lintas: " + self.monev_review))
            if self.monev_actions:
                b.append(("list", self.monev_actions))
        else:
            b.append(("p", f"(Rencana monev belum diisi; isi di {answers.RENCANA_MONEV.where}.)"))
        b.append(("h2", "6. Jadwal tindak lanjut 72 jam"))
        if self.followup and self.followup.get("rows"):
            b.append(("p", f"Mitra: {self.followup.get('mitra') or '-'}; pertemuan: "
                           f"{self.followup.get('pertemuan') or '-'}"))
            cols = list(ROW_COLUMNS)
            b.append(("table", cols, [[r[c] for c in cols] for r in self.followup["rows"]]))
            if self.followup.get("catatan"):
                b.append(("qa", "Catatan", self.followup["catatan"]))
        elif self.followup and self.followup.get("teks"):
            b.append(("p", self.followup["teks"]))
        else:
            b.append(("p", "(Jadwal tindak lanjut belum dibuat; buat di "
                           f"{answers.TINDAK_LANJUT.where}.)"))
        b.append(("h2", "7. Jawaban lain dari setiap modul"))
        if self.sections:
            for title, items in self.sections:
                b.append(("h3", title))
                for question, answer in items:
                    b.append(("qa", question, answer))
        else:
            b.append(("p", "(Belum ada jawaban lain.)"))
        return b


# -- building -----------------------------------------------------------------------

def _value(item, workbook, plan: Plan):
    """The typed value of a saved answer; its notes go to the plan."""
    loaded = answers.load(item, workbook)
    plan.notes.extend(loaded.notes)
    return loaded


def _network(workbook: Workbook, plan: Plan, example_if_missing: bool):
    loaded = _value(answers.PETA_MITRA, workbook, plan)
    where = answers.PETA_MITRA.where
    if loaded.value is not None:
        if len(loaded.value):
            return loaded.value, False
        plan.notes.append(f"Peta mitra Anda di {where} masih kosong.")
    elif not loaded.found:
        plan.notes.append(f"Peta mitra Anda belum ada di buku kerja ({where}).")
    if not example_if_missing:
        return None, False
    from kemitraan_lib.cases import load_case

    plan.notes.append(
        "Sementara dipakai peta CONTOH Desa Mekarsari (program menabung pohon). "
        f"Buat peta program Anda sendiri di {where}, lalu susun ulang rencana ini."
    )
    return load_case("menabung-pohon"), True


def _map_details(plan: Plan, draw: bool) -> None:
    from kemitraan_lib import analysis

    network = plan.network
    frame = analysis.summary(network)
    plan.partner_rows = frame[list(PARTNER_COLUMNS)].to_dict("records")
    brokers = analysis.brokers(network)
    isolated = analysis.isolated(network)
    missing = analysis.missing_kinds(network)
    if brokers:
        plan.map_findings.append("Perantara (penghubung antar-mitra): " + ", ".join(brokers))
    if isolated:
        plan.map_findings.append("Belum terhubung dengan siapa pun: " + ", ".join(isolated))
    if missing:
        plan.map_findings.append(
            "Jenis calon mitra yang belum ada di peta: " + ", ".join(k.label for k in missing)
        )
    if draw and len(network) and plan.network_is_example:
        plan.draw_later = True  # a preview of the example needs no picture (and no matplotlib)
    elif draw and len(network):
        from kemitraan_lib.drawing import draw_network, figure_to_png

        plan.map_png = figure_to_png(draw_network(network), dpi=90)


def _pattern(chosen: answers.ChosenPattern) -> dict | None:
    from kemitraan_lib import content

    pattern = chosen.item
    if pattern is None:
        return None
    labels = content.labels(content.RESOURCES)
    warnings = list(chosen.warnings)
    if pattern.control_warning and pattern.control_warning not in warnings:
        warnings.append(pattern.control_warning)
    sides = []
    for field_key, who in (("group_brings", "Kelompok menyumbang"),
                           ("partner_brings", "Mitra menyumbang"),
                           ("needs", "Kebutuhan utama kelompok")):
        keys = chosen.situation.get(field_key) or ()
        if keys:
            sides.append(f"{who}: " + ", ".join(labels.get(k, k) for k in keys))
    return {
        "sides": sides,
        "key": pattern.key,
        "label": chosen.label or pattern.label,
        "description": pattern.description,
        "reasons": list(chosen.reasons),
        "misfits": list(chosen.misfits),
        "warnings": warnings,
        "small_gives": ", ".join(labels.get(k, k) for k in sorted(pattern.small_gives)),
        "large_gives": ", ".join(labels.get(k, k) for k in sorted(pattern.large_gives)),
    }


def _followup(followup: answers.FollowUp) -> dict | None:
    from kemitraan_lib.tindak_lanjut import schedule, schedule_rows

    rows = schedule_rows(followup.schedule)
    if not rows and followup.meeting.strip():
        try:
            rows = schedule_rows(schedule(followup.meeting, followup.partner))
        except InvalidValueError:
            rows = []
    if rows:
        return {"mitra": followup.partner, "pertemuan": followup.meeting, "rows": rows,
                "catatan": followup.note.strip()}
    text = answers.FollowUpKind().text(followup)
    return {"teks": text} if text else None


def _monev(plan: Plan, rows: list[dict]) -> None:
    from kemitraan_lib import content
    from kemitraan_lib.monev import Indicator, review

    labels = content.labels(content.TRAFFIC_LIGHT)
    indicators = []
    for row in rows:
        if not any(v.strip() for v in row.values()):
            continue
        try:
            ind = Indicator.from_dict(row)
        except InvalidValueError as exc:
            shown = {k: row.get(k, "").strip() for k in ("indikator", "target", "siapa", "kapan")}
            shown["status"] = f"belum lengkap: {exc}"
            plan.monev_rows.append(shown)
            continue
        indicators.append(ind)
        shown = ind.to_dict()
        shown["status"] = labels.get(ind.status, "belum dinilai")
        plan.monev_rows.append(shown)
    if indicators:
        result = review(indicators)
        plan.monev_review = result.message
        plan.monev_actions = list(result.actions)


def build_plan(
    workbook: Workbook | None = None, *, example_if_missing: bool = True, draw: bool = True
) -> Plan:
    """Assemble the learner's plan from the workbook (see the module docs).

    Whatever the workbook holds, the result is a :class:`Plan`: odd stored
    values become notes in ``plan.notes``.
    """
    workbook = resolve(workbook)
    plan = Plan(folder=workbook.path.parent)
    plan.name = _value(answers.NAMA, workbook, plan).value.strip()
    plan.role = _value(answers.PERAN, workbook, plan).value.strip()
    plan.programme = _value(answers.PROGRAM, workbook, plan).value.strip()
    plan.goal = _value(answers.TUJUAN_UTAMA, workbook, plan).value.strip()
    plan.first_step = _value(answers.LANGKAH_PERTAMA, workbook, plan).value.strip()

    plan.network, plan.network_is_example = _network(workbook, plan, bool(example_if_missing))
    if plan.network is not None:
        _map_details(plan, bool(draw))

    plan.pattern = _pattern(_value(answers.POLA_TERPILIH, workbook, plan).value)
    plan.mou = answers.KERANGKA_MOU.kind.rows(_value(answers.KERANGKA_MOU, workbook, plan).value)
    _monev(plan, _value(answers.RENCANA_MONEV, workbook, plan).value)
    plan.followup = _followup(_value(answers.TINDAK_LANJUT, workbook, plan).value)
    plan.sections = [(s.title, list(s.items)) for s in answers.sections(workbook)]
    return plan


def completeness(workbook: Workbook | None = None):
    """Which parts of the plan are filled in (pandas DataFrame: bagian, status, diisi di)."""
    import pandas as pd

    workbook = resolve(workbook)

    def filled(item) -> bool:
        return answers.load(item, workbook).filled

    parts = [
        ("Nama dan program", filled(answers.NAMA) and filled(answers.PROGRAM), answers.NAMA),
        ("Peta mitra", filled(answers.PETA_MITRA), answers.PETA_MITRA),
        ("Pola kemitraan dan alasannya", filled(answers.POLA_TERPILIH), answers.POLA_TERPILIH),
        ("Jadwal tindak lanjut 72 jam", filled(answers.TINDAK_LANJUT), answers.TINDAK_LANJUT),
        ("Kerangka MoU", filled(answers.KERANGKA_MOU), answers.KERANGKA_MOU),
        ("Rencana monev", filled(answers.RENCANA_MONEV), answers.RENCANA_MONEV),
        ("Tujuan dan langkah pertama", filled(answers.TUJUAN_UTAMA), answers.TUJUAN_UTAMA),
    ]
    return pd.DataFrame(
        [{"bagian": p, "status": "sudah diisi" if ok else "belum", "diisi di": item.where}
         for p, ok, item in parts]
    )


# -- rendering ---------------------------------------------------------------------

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:52em;margin:1.5em auto;
     color:#222;line-height:1.45;padding:0 1em}
h1{color:#1b5e20;border-bottom:3px solid #1b5e20;padding-bottom:.2em}
h2{color:#1b5e20;margin-top:1.6em;border-bottom:1px solid #a5d6a7}
h3{color:#33691e;margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:92%}
th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e8f5e9}
.note{border-left:4px solid #e65100;background:#fff3e0;padding:.4em .8em;margin:.5em 0}
.meta td:first-child{font-weight:bold;width:8em}
.q{font-weight:bold;margin-bottom:0}
.a{white-space:pre-wrap;margin-top:.2em}
img{max-width:100%;border:1px solid #ddd}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}
 table,img{page-break-inside:avoid}.noprint{display:none}}
@page{size:A4;margin:15mm}
"""


def _cap(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def _blocks_html(plan: Plan, draw: bool = True) -> str:
    e = html.escape
    out = []
    for block in plan.blocks(draw=draw):
        kind = block[0]
        if kind in ("h1", "h2", "h3"):
            out.append(f"<{kind}>{e(block[1])}</{kind}>")
        elif kind == "meta":
            rows = "".join(f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in block[1])
            out.append(f'<table class="meta">{rows}</table>')
        elif kind == "note":
            out.append(f'<div class="note">{e(block[1])}</div>')
        elif kind == "p":
            out.append(f'<p class="a">{e(block[1])}</p>')
        elif kind == "qa":
            out.append(f'<p class="q">{e(block[1])}</p><p class="a">{e(block[2])}</p>')
        elif kind == "list":
            items = "".join(f"<li>{e(x)}</li>" for x in block[1])
            out.append(f"<ul>{items}</ul>")
        elif kind == "table":
            head = "".join(f"<th>{e(_cap(h))}</th>" for h in block[1])
            body = "".join(
                "<tr>" + "".join(f'<td class="a">{e(c)}</td>' for c in row) + "</tr>"
                for row in block[2]
            )
            out.append(f"<table><tr>{head}</tr>{body}</table>")
        elif kind == "image":
            data = base64.b64encode(block[1]).decode("ascii")
            out.append(f'<figure><img alt="{e(block[2])}" src="data:image/png;base64,{data}">'
                       f"<figcaption>{e(block[2])}</figcaption></figure>")
    return "\n".join(out)


_PREVIEW_CSS = """
.rencana-pratinjau{max-width:52em;line-height:1.4}
.rencana-pratinjau table{border-collapse:collapse;margin:.5em 0}
.rencana-pratinjau th,.rencana-pratinjau td{border:1px solid #bbb;padding:2px 6px;
  text-align:left!important;vertical-align:top}
.rencana-pratinjau .note{border-left:4px solid #e65100;background:#fff3e0;padding:.3em .7em}
.rencana-pratinjau .q{font-weight:bold;margin-bottom:0}
.rencana-pratinjau .a{white-space:pre-wrap;margin-top:.2em}
.rencana-pratinjau img{max-width:100%}
"""


def preview_html(plan: Plan) -> str:
    """The plan as an HTML fragment (with scoped styles) for display inside a notebook."""
    _check_plan(plan)
    return (
        f"<style>{_PREVIEW_CSS}</style>"
        f'<div class="rencana-pratinjau">{_blocks_html(plan, draw=False)}</div>'
    )


def to_html(plan: Plan) -> str:
    """A complete, self-contained, printable HTML page."""
    _check_plan(plan)
    title = TITLE + (f" — {plan.name}" if plan.name else "")
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        '<p class="noprint"><i>Untuk mencetak: tekan Ctrl + P (atau ⌘ + P), lalu pilih printer '
        'atau "Simpan sebagai PDF".</i></p>\n'
        f"{_blocks_html(plan)}\n</body>\n</html>\n"
    )


def to_docx_bytes(plan: Plan) -> bytes:
    """The plan as a Word document (.docx), in memory."""
    _check_plan(plan)
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    for block in plan.blocks():
        kind = block[0]
        if kind == "h1":
            doc.add_heading(block[1], level=0)
        elif kind == "h2":
            doc.add_heading(block[1], level=1)
        elif kind == "h3":
            doc.add_heading(block[1], level=2)
        elif kind == "meta":
            for k, v in block[1]:
                para = doc.add_paragraph()
                para.add_run(f"{k}: ").bold = True
                para.add_run(v)
        elif kind == "note":
            para = doc.add_paragraph()
            run = para.add_run("Catatan: " + block[1])
            run.italic = True
        elif kind == "p":
            doc.add_paragraph(block[1])
        elif kind == "qa":
            para = doc.add_paragraph()
            para.add_run(block[1]).bold = True
            doc.add_paragraph(block[2])
        elif kind == "list":
            for item in block[1]:
                doc.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            table = doc.add_table(rows=1, cols=len(block[1]))
            table.style = "Table Grid"
            for cell, head in zip(table.rows[0].cells, block[1], strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(_cap(head)).bold = True
            for row in block[2]:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = str(value)
        elif kind == "image":
            doc.add_picture(io.BytesIO(block[1]), width=Cm(16))
            doc.add_paragraph().add_run(block[2]).italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _check_plan(plan) -> Plan:
    if not isinstance(plan, Plan):
        raise InvalidValueError(f"Yang dibuat dokumen harus sebuah rencana (Plan dari build_plan); "
                                f"nilai {show(plan)} tidak diterima.", field="rencana",
                                value=plan, allowed=("Plan",))
    return plan


def _target(plan: Plan, path, name: str) -> Path:
    from kemitraan_lib.atomic import access_error, check_path

    _check_plan(plan)
    if path is not None:
        target = check_path(path).expanduser()
    else:
        folder = plan.folder if plan.folder is not None else shared_workbook().path.parent
        target = check_path(folder, "Folder") / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise access_error(exc, target.parent, "membuat folder") from exc
    return target


def export_html(plan: Plan, path=None) -> Path:
    """Write the printable HTML page atomically; returns its path."""
    from kemitraan_lib.atomic import atomic_write_bytes

    target = _target(plan, path, HTML_NAME)
    atomic_write_bytes(target, to_html(plan).encode("utf-8"))
    return target


def export_docx(plan: Plan, path=None) -> Path:
    """Write the Word document atomically; returns its path."""
    from kemitraan_lib.atomic import atomic_write_bytes

    target = _target(plan, path, DOCX_NAME)
    atomic_write_bytes(target, to_docx_bytes(plan))
    return target


def export_all(plan: Plan, folder=None, *, workbook=None) -> tuple[Path, Path]:
    """Both documents into ``folder`` (default: next to the workbook).

    With ``workbook`` (the one the plan was built from), the learner's own map
    (not the example) is also kept as a dated snapshot, label "Ekspor rencana"
    (:func:`kemitraan_lib.peta_waktu.save_snapshot`), so later maps can be compared.
    """
    from kemitraan_lib.atomic import check_path

    folder = check_path(folder, "Folder") if folder is not None else None
    html_path = export_html(plan, folder / HTML_NAME if folder else None)
    docx_path = export_docx(plan, folder / DOCX_NAME if folder else None)
    if workbook is not None and isinstance(plan, Plan) and plan.network is not None and (
            not plan.network_is_example and plan.network.partners):
        from kemitraan_lib import peta_waktu

        peta_waktu.save_snapshot(plan.network, label="Ekspor rencana", workbook=workbook)
    return html_path, docx_path
