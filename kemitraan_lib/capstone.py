""""Rencana Kemitraan Saya": the learner's own plan, assembled from the workbook.

:func:`build_plan` collects what the learner saved in every module (partner
map and its picture, the chosen pattern with reasons, the MoU outline, the
monev plan, the 72-hour follow-up and all other activity answers) into a
:class:`Plan`. :func:`export_html` (one self-contained printable page, the map
embedded as a base64 PNG) and :func:`export_docx` (Word, map embedded) write
it atomically, by default next to the workbook file, and return the path.

Workbook keys read here (module, key):

* ``00``: ``nama``, ``peran``, ``program`` (who is planning);
* ``03``: ``peta-mitra`` (``PartnerNetwork.to_dict()``, saved by the mapper);
* ``07``: ``pola-terpilih`` (``{"pattern": key, "reasons": [...], ...}``, saved by the chooser);
* ``08``: ``kerangka-mou`` (dict MoU part key -> text), ``rencana-monev`` (rows);
* ``06`` (or ``08``): ``tindak-lanjut-72-jam`` (dict from the follow-up planner, or text);
* ``10``: ``tujuan-utama``, ``langkah-pertama``;
* every other key of every module is listed under "Jawaban lain".
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kemitraan_lib.workbook import Workbook

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

MAP_KEY = ("03", "peta-mitra")
PATTERN_KEY = ("07", "pola-terpilih")
MOU_KEY = ("08", "kerangka-mou")
MONEV_KEY = ("08", "rencana-monev")
FOLLOWUP_KEYS = (("06", "tindak-lanjut-72-jam"), ("08", "tindak-lanjut-72-jam"))
SPECIAL = {
    ("00", "nama"), ("00", "peran"), ("00", "program"),
    ("10", "tujuan-utama"), ("10", "langkah-pertama"),
    MAP_KEY, PATTERN_KEY, MOU_KEY, MONEV_KEY, *FOLLOWUP_KEYS,
    ("03", "peta-mitra-tidak-terbaca"),  # the mapper's copy of an unreadable saved map
}
PARTNER_COLUMNS = ("nama", "jenis", "pengaruh", "kepentingan", "dukungan", "kuadran", "pendekatan")


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

    def blocks(self) -> list[tuple]:
        """The document as a neutral list of blocks (rendered to HTML and Word)."""
        b: list[tuple] = [("h1", TITLE)]
        who = [x for x in (self.name, self.role) if x]
        b.append(("meta", [
            ("Nama", " · ".join(who) or "(belum diisi di modul 00)"),
            ("Program", self.programme or "(belum diisi di modul 00)"),
            ("Disusun", f"{self.created:%d-%m-%Y %H:%M}"),
        ]))
        for note in self.notes:
            b.append(("note", note))
        b.append(("h2", "1. Tujuan dan langkah pertama"))
        b.append(("qa", "Tujuan kemitraan tahun ini",
                  self.goal or f"(belum diisi di {_where('10')})"))
        b.append(("qa", "Langkah pertama minggu depan", self.first_step or
                  f"(belum diisi di {_where('10')})"))
        b.append(("h2", "2. Peta mitra"))
        if self.network is not None:
            title = getattr(self.network, "title", "") or "Peta mitra"
            extra = " (CONTOH, bukan peta Anda)" if self.network_is_example else ""
            b.append(("p", f"{title}{extra}: {len(self.network)} mitra, "
                           f"{len(self.network.links)} hubungan."))
            if self.map_png:
                b.append(("image", self.map_png, f"Gambar peta mitra{extra}"))
            if self.partner_rows:
                rows = [[str(r.get(c, "")) for c in PARTNER_COLUMNS] for r in self.partner_rows]
                b.append(("table", list(PARTNER_COLUMNS), rows))
            if self.map_findings:
                b.append(("list", self.map_findings))
        else:
            b.append(("p", "(Peta mitra belum dibuat; buat di modul 03.)"))
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
            b.append(("p", "(Belum memilih pola; pilih di modul 07.)"))
        b.append(("h2", "4. Kerangka nota kesepahaman (MoU)"))
        if self.mou:
            b.append(("table", ["bagian", "isi"], [[k, v] for k, v in self.mou]))
        else:
            b.append(("p", f"(Kerangka MoU belum diisi; isi di {_where(MOU_KEY[0])}.)"))
        b.append(("h2", "5. Rencana monitoring dan evaluasi"))
        if self.monev_rows:
            cols = ["indikator", "target", "siapa", "kapan", "status"]
            b.append(("table", cols, [[str(r.get(c, "")) for c in cols] for r in self.monev_rows]))
            if self.monev_review:
                b.append(("p", "Tinjauan lampu lalu lintas: " + self.monev_review))
            if self.monev_actions:
                b.append(("list", self.monev_actions))
        else:
            b.append(("p", f"(Rencana monev belum diisi; isi di {_where(MONEV_KEY[0])}.)"))
        b.append(("h2", "6. Jadwal tindak lanjut 72 jam"))
        if self.followup and self.followup.get("rows"):
            b.append(("p", f"Mitra: {self.followup.get('mitra') or '-'}; pertemuan: "
                           f"{self.followup.get('pertemuan') or '-'}"))
            cols = ["waktu", "tahap", "kegiatan", "saluran"]
            b.append(("table", cols, [[r[c] for c in cols] for r in self.followup["rows"]]))
            if self.followup.get("catatan"):
                b.append(("qa", "Catatan", self.followup["catatan"]))
        elif self.followup and self.followup.get("teks"):
            b.append(("p", self.followup["teks"]))
        else:
            b.append(("p", "(Jadwal tindak lanjut belum dibuat; buat di modul 06.)"))
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

def _text(value) -> str:
    """A saved value as readable text (lists become lines, dicts 'key: value' lines)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "\n".join(f"- {_text(v)}" for v in value if _text(v))
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_text(v)}" for k, v in value.items() if _text(v))
    return str(value)


def _network(workbook: Workbook, plan: Plan, example_if_missing: bool):
    from kemitraan_lib.network import PartnerNetwork

    saved = workbook.get(*MAP_KEY)
    if saved:
        try:
            network = PartnerNetwork.from_dict(saved)
            if len(network):
                return network, False
            plan.notes.append("Peta mitra Anda di modul 03 masih kosong.")
        except (ValueError, TypeError, KeyError) as exc:
            plan.notes.append(f"Peta mitra yang tersimpan tidak bisa dibaca ({exc}).")
    else:
        plan.notes.append("Peta mitra Anda belum ada di buku kerja (modul 03).")
    if not example_if_missing:
        return None, False
    from kemitraan_lib.cases import load_case

    plan.notes.append(
        "Sementara dipakai peta CONTOH Desa Mekarsari (program menabung pohon). "
        "Buat peta program Anda sendiri di modul 03, lalu susun ulang rencana ini."
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
    if draw and len(network):
        from kemitraan_lib.views.plots import draw_network, figure_to_png

        plan.map_png = figure_to_png(draw_network(network), dpi=90)


# Phrases of a mismatch in reasons saved by the first edition of the chooser.
_MISFIT_MARKS = ("kurang cocok", "belum menyebut", "tidak dilayani", "tidak menjawab",
                 "belum menyediakannya", "tidak dipakai", "sedangkan kelompok",
                 "sedangkan mitra")


def _where(stored_key: str) -> str:
    """"modul 09" for answers stored under module key "08" (modules were renumbered)."""
    from kemitraan_lib import course

    try:
        info = course.module_for_answers(stored_key)
    except ValueError:  # a broken ordering file must not break the plan
        info = None
    return f"modul {info.number if info else stored_key}"


def _pattern(saved, plan: Plan) -> dict | None:
    from kemitraan_lib import content

    if not saved:
        return None
    if isinstance(saved, str):
        saved = {"pattern": saved}
    if not isinstance(saved, dict):
        plan.notes.append("Pilihan pola yang tersimpan tidak bisa dibaca; pilih lagi di modul 07.")
        return None
    key = saved.get("pattern", "")
    try:
        pattern = content.by_key(content.PATTERNS, key)
    except ValueError:
        plan.notes.append(f"Pola '{key}' yang tersimpan tidak dikenal; pilih lagi di modul 07.")
        return None
    labels = content.labels(content.RESOURCES)
    warnings = [str(w) for w in saved.get("warnings", []) or []]
    if pattern.control_warning and pattern.control_warning not in warnings:
        warnings.append(pattern.control_warning)
    situation = saved.get("situation") if isinstance(saved.get("situation"), dict) else {}
    sides = []
    for field_key, who in (("group_brings", "Kelompok menyumbang"),
                           ("partner_brings", "Mitra menyumbang"),
                           ("needs", "Kebutuhan utama kelompok")):
        keys = situation.get(field_key) or []
        if isinstance(keys, list) and keys:
            sides.append(f"{who}: " + ", ".join(labels.get(str(k), str(k)) for k in keys))
    reasons = [str(r) for r in saved.get("reasons", []) or []]
    misfits = [str(r) for r in saved.get("misfits", []) or []]
    # A choice saved by the first edition mixed mismatches into "reasons": sort them out.
    misfits += [r for r in reasons if any(mark in r for mark in _MISFIT_MARKS)]
    reasons = [r for r in reasons if not any(mark in r for mark in _MISFIT_MARKS)]
    return {
        "sides": sides,
        "key": pattern.key,
        "label": saved.get("label") or pattern.label,
        "description": pattern.description,
        "reasons": reasons,
        "misfits": misfits,
        "warnings": warnings,
        "small_gives": ", ".join(labels.get(k, k) for k in sorted(pattern.small_gives)),
        "large_gives": ", ".join(labels.get(k, k) for k in sorted(pattern.large_gives)),
    }


def _followup(workbook: Workbook) -> dict | None:
    from kemitraan_lib.tindak_lanjut import schedule, schedule_rows

    for key in FOLLOWUP_KEYS:
        saved = workbook.get(*key)
        if not saved:
            continue
        if isinstance(saved, dict):
            rows = schedule_rows(saved.get("jadwal") or [])
            if not rows and saved.get("pertemuan"):
                try:
                    rows = schedule_rows(schedule(saved["pertemuan"], saved.get("mitra", "")))
                except ValueError:
                    rows = []
            if rows:
                return {"mitra": saved.get("mitra", ""), "pertemuan": saved.get("pertemuan", ""),
                        "rows": rows, "catatan": _text(saved.get("catatan"))}
            text = _text(saved)
            if text:
                return {"teks": text}
        else:
            text = _text(saved)
            if text:
                return {"teks": text}
    return None


def build_plan(
    workbook: Workbook | None = None, *, example_if_missing: bool = True, draw: bool = True
) -> Plan:
    """Assemble the learner's plan from the workbook (see the module docs)."""
    from kemitraan_lib import content, course
    from kemitraan_lib.monev import Indicator, review

    workbook = workbook if workbook is not None else Workbook()
    plan = Plan(folder=workbook.path.parent)
    plan.name = _text(workbook.get("00", "nama"))
    plan.role = _text(workbook.get("00", "peran"))
    plan.programme = _text(workbook.get("00", "program"))
    plan.goal = _text(workbook.get("10", "tujuan-utama"))
    plan.first_step = _text(workbook.get("10", "langkah-pertama"))

    plan.network, plan.network_is_example = _network(workbook, plan, example_if_missing)
    if plan.network is not None:
        _map_details(plan, draw)

    plan.pattern = _pattern(workbook.get(*PATTERN_KEY), plan)

    mou = workbook.get(*MOU_KEY)
    if isinstance(mou, dict):
        for part in content.MOU_PARTS:
            text = _text(mou.get(part.key))
            if text:
                plan.mou.append((part.label, text))
    elif mou:
        plan.mou.append(("Kerangka", _text(mou)))

    rows = workbook.get(*MONEV_KEY)
    if isinstance(rows, list):
        indicators = []
        for row in rows:
            if not isinstance(row, dict) or not any(_text(v) for v in row.values()):
                continue
            try:
                ind = Indicator.from_dict(row)
            except ValueError as exc:
                shown = {k: _text(row.get(k)) for k in ("indikator", "target", "siapa", "kapan")}
                shown["status"] = f"belum lengkap: {exc}"
                plan.monev_rows.append(shown)
                continue
            indicators.append(ind)
            labels = content.labels(content.TRAFFIC_LIGHT)
            shown = ind.to_dict()
            shown["status"] = labels.get(ind.status, "belum dinilai")
            plan.monev_rows.append(shown)
        if indicators:
            result = review(indicators)
            plan.monev_review = result.message
            plan.monev_actions = list(result.actions)

    plan.followup = _followup(workbook)

    order = course.load_order()
    for stored in dict.fromkeys(m.workbook_key for m in order):
        sharing = [m for m in order if m.workbook_key == stored]
        entries = workbook.entries(stored)
        items = []
        for key, entry in entries.items():
            if (stored, key) in SPECIAL:
                continue
            answer = _text(entry.get("nilai"))
            if not answer:
                continue
            items.append((str(entry.get("pertanyaan") or key), answer))
        if items:
            plan.sections.append((" / ".join(m.label for m in sharing), items))
    return plan


def completeness(workbook: Workbook | None = None):
    """Which parts of the plan are filled in (pandas DataFrame: bagian, status, diisi di)."""
    import pandas as pd

    workbook = workbook if workbook is not None else Workbook()

    def filled(module, key):
        return bool(_text(workbook.get(module, key)))

    parts = [
        ("Nama dan program", filled("00", "nama") and filled("00", "program"), "modul 00"),
        ("Peta mitra", filled(*MAP_KEY), "modul 03"),
        ("Pola kemitraan dan alasannya", filled(*PATTERN_KEY), "modul 07"),
        ("Jadwal tindak lanjut 72 jam", any(filled(*k) for k in FOLLOWUP_KEYS), "modul 06"),
        ("Kerangka MoU", filled(*MOU_KEY), _where(MOU_KEY[0])),
        ("Rencana monev", filled(*MONEV_KEY), _where(MONEV_KEY[0])),
        ("Tujuan dan langkah pertama", filled("10", "tujuan-utama"), _where("10")),
    ]
    return pd.DataFrame(
        [{"bagian": p, "status": "sudah diisi" if ok else "belum", "diisi di": where}
         for p, ok, where in parts]
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


def _blocks_html(plan: Plan) -> str:
    e = html.escape
    out = []
    for block in plan.blocks():
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
    return (
        f"<style>{_PREVIEW_CSS}</style>"
        f'<div class="rencana-pratinjau">{_blocks_html(plan)}</div>'
    )


def to_html(plan: Plan) -> str:
    """A complete, self-contained, printable HTML page."""
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


def _target(plan: Plan, path, name: str) -> Path:
    if path is not None:
        return Path(path).expanduser()
    folder = plan.folder if plan.folder is not None else Workbook().path.parent
    return Path(folder) / name


def export_html(plan: Plan, path=None) -> Path:
    """Write the printable HTML page atomically; returns its path."""
    from kemitraan_lib.files import atomic_write_bytes

    target = _target(plan, path, HTML_NAME)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, to_html(plan).encode("utf-8"))
    return target


def export_docx(plan: Plan, path=None) -> Path:
    """Write the Word document atomically; returns its path."""
    from kemitraan_lib.files import atomic_write_bytes

    target = _target(plan, path, DOCX_NAME)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, to_docx_bytes(plan))
    return target


def export_all(plan: Plan, folder=None) -> tuple[Path, Path]:
    """Both documents into ``folder`` (default: next to the workbook)."""
    html_path = export_html(plan, Path(folder) / HTML_NAME if folder else None)
    docx_path = export_docx(plan, Path(folder) / DOCX_NAME if folder else None)
    return html_path, docx_path
