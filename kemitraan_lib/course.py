"""The course order (``modules/urutan.json``), navigation, course map and minutes.

``urutan.json`` is the ONE ordering file: a list of
``{"file", "title", "minutes", "competency"}`` in teaching order, where a module may
also carry the graded assignment that follows it:
``"assignment": {"name": "tugas-01-hakikat", "title": "...", "minutes": 30}``, and
``"workbook": "08"`` when its answers are stored under another module key than its
number (modules were renumbered; learners' saved answers keep their keys).
Everything else (the course map in 00, prev/next cells, minutes in notebook
metadata) is generated from it by ``tools/navigasi.py``. The course total counts the
assignments too.

Minutes are honest when they follow :func:`estimate_minutes`: the words a learner
reads at :data:`READING_WORDS_PER_MINUTE`, plus :data:`ACTIVITY_MINUTES` for every
activity of each kind (the one place these rates are stated).

>>> order = load_order()
>>> order[0].number, order[0].file
('00', '00-mulai.ipynb')
>>> prev, nxt = neighbours("03-pemetaan-mitra.ipynb")
>>> prev.file, nxt.file
('02-pentingnya.ipynb', '04-tujuan.ipynb')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kemitraan_lib.errors import FileFormatError, InvalidValueError, format_choices, show

__all__ = [
    "ModuleInfo",
    "AssignmentInfo",
    "Estimate",
    "READING_WORDS_PER_MINUTE",
    "ACTIVITY_MINUTES",
    "MINUTES_TOLERANCE",
    "estimate_minutes",
    "ORDER_FILE",
    "MODULES_DIR",
    "load_order",
    "get_module",
    "neighbours",
    "total_minutes",
    "module_for_answers",
    "course_map_markdown",
    "navigation_markdown",
    "steps_vs_cycle",
    "format_minutes",
    "items_table",
    "legal_forms_table",
    "agreement_table",
    "case_overview",
]

MODULES_DIR = Path(__file__).resolve().parents[1] / "modules"
ORDER_FILE = MODULES_DIR / "urutan.json"
_FILE_RE = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
_FIELDS = ("file", "title", "minutes", "competency", "assignment", "workbook")
_ASSIGNMENT_FIELDS = ("name", "title", "minutes")
_ASSIGNMENT_RE = re.compile(r"^tugas-\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Words a facilitator reads per minute on screen: Indonesian teaching text read while
#: thinking about one's own programme, slower than light reading (many participants
#: read slowly or in a second language).
READING_WORDS_PER_MINUTE = 80
#: Minutes per activity kind, as counted by :func:`estimate_minutes`.
ACTIVITY_MINUTES = {
    "contoh": 1.5,  # run a code cell and study what it shows
    "soal": 1.5,  # one self-check question: choose, read the explanation
    "isian": 5.0,  # one written answer about the learner's own programme
    "formulir": 10.0,  # a form of several fields (MoU outline, one action per technique)
    "alat": 12.0,  # an interactive tool: partner map, pattern chooser, monev plan, export
}
#: A module's declared minutes may differ from the estimate by this much at most:
#: the larger of 5 minutes and 10 % (minutes are rounded to 5 in urutan.json).
MINUTES_TOLERANCE = (5, 0.10)

_TOOL_CALLS = re.compile(
    r"\b(?:PartnerMapper|PatternChooser|monev_activity|followup_activity|plan_export_panel"
    r"|health_check|map_comparison|monev_history)\("
)
_FORM_CALLS = re.compile(r"\bform_activity\(")
_WRITE_CALLS = re.compile(r"\b(?:choice_)?activity\(")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class AssignmentInfo:
    """The graded assignment (nbgrader) that follows a module."""

    name: str  # "tugas-01-hakikat"
    title: str  # Indonesian title
    minutes: int


@dataclass(frozen=True)
class ModuleInfo:
    """One module of the course, as listed in ``urutan.json``."""

    number: str  # "00", "01", ...
    file: str  # "03-pemetaan-mitra.ipynb"
    title: str  # Indonesian title
    minutes: int  # estimated minutes
    competency: str | None  # COMPETENCIES key or None
    assignment: AssignmentInfo | None = None  # the graded assignment after this module
    workbook: str = ""  # module key of its answers in the workbook ("" = its number)

    @property
    def workbook_key(self) -> str:
        """The module key its activities save under (``number`` unless renumbered)."""
        return self.workbook or self.number

    @property
    def slug(self) -> str:
        """The file name without number and suffix: ``"pemetaan-mitra"``."""
        return self.file[3:-len(".ipynb")]

    @property
    def label(self) -> str:
        """``"03 · Mengidentifikasi dan Memetakan Mitra"``."""
        return f"{self.number} · {self.title}"


def _bad(path: Path, row: int, column: str, problem: str) -> FileFormatError:
    err = FileFormatError(
        f"Berkas {path.name}, entri ke-{row}, kolom '{column}': {problem}",
        field=column,
    )
    err.row = row
    err.column = column
    return err


def load_order(path: str | Path | None = None) -> tuple[ModuleInfo, ...]:
    """Read and check the ordering file; modules in teaching order."""
    from kemitraan_lib.atomic import check_path, read_bytes
    from kemitraan_lib.errors import FileAccessError
    from kemitraan_lib.jsontext import JSONProblem, loads

    path = check_path(path, "Berkas urutan") if path is not None else ORDER_FILE
    try:
        raw = loads(read_bytes(path, 2**20, "Berkas urutan").decode("utf-8-sig"))
    except FileAccessError as exc:
        raise FileFormatError(
            f"Berkas urutan modul tidak bisa dibaca: {exc}", field="berkas", value=str(path)
        ) from None
    except UnicodeDecodeError:
        raise FileFormatError(
            f"Berkas {path.name} bukan teks UTF-8.", field="berkas", value=str(path)
        ) from None
    except JSONProblem as problem:
        raise FileFormatError(
            f"Berkas {path.name} bukan JSON yang sah: {problem.reason}.", field="berkas",
            value=str(path)) from None
    if not isinstance(raw, list) or not raw:
        raise FileFormatError(
            f"Berkas {path.name} harus berisi daftar modul yang tidak kosong.",
            field="berkas",
            value=str(path),
        )
    competencies = None
    modules: list[ModuleInfo] = []
    for row, entry in enumerate(raw, 1):
        if not isinstance(entry, dict):
            raise _bad(path, row, "file", "entri harus berupa objek {file, title, minutes, ...}.")
        unknown = sorted(set(entry) - set(_FIELDS))
        if unknown:
            raise _bad(
                path, row, unknown[0],
                f"kolom tidak dikenal. Kolom yang boleh: {format_choices(_FIELDS)}.",
            )
        file = entry.get("file")
        match = _FILE_RE.match(file) if isinstance(file, str) else None
        if not match:
            raise _bad(
                path, row, "file", f"nama berkas {show(file)} harus seperti '03-nama-modul.ipynb'."
            )
        number = match.group(1)
        expected = f"{len(modules):02d}"
        if number != expected:
            raise _bad(path, row, "file", f"nomor '{number}' tidak urut; seharusnya '{expected}'.")
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _bad(path, row, "title", f"judul {show(title)} harus teks yang tidak kosong.")
        minutes = entry.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
            raise _bad(
                path, row, "minutes", f"nilai {show(minutes)} harus bilangan bulat 1 sampai 600."
            )
        competency = entry.get("competency")
        if competency is not None:
            if competencies is None:
                from kemitraan_lib import content

                competencies = tuple(c.key for c in content.COMPETENCIES)
            if competency not in competencies:
                raise _bad(
                    path, row, "competency",
                    f"kompetensi {show(competency)} tidak dikenal. Pilihan: "
                    f"{format_choices(competencies)}, atau null.",
                )
        assignment = _assignment(path, row, entry.get("assignment"))
        workbook = entry.get("workbook", "")
        if not isinstance(workbook, str) or (workbook and not re.fullmatch(r"\d\d", workbook)):
            raise _bad(path, row, "workbook",
                       f"kunci buku kerja {workbook!r} harus dua angka seperti '08'.")
        modules.append(ModuleInfo(number, file, title.strip(), minutes, competency, assignment,
                                  workbook))
    names = [m.assignment.name for m in modules if m.assignment]
    if len(names) != len(set(names)):
        dup = next(n for n in names if names.count(n) > 1)
        raise FileFormatError(
            f"Berkas {path.name}: tugas '{dup}' tercantum lebih dari sekali.",
            field="assignment", value=dup,
        )
    return tuple(modules)


def _assignment(path: Path, row: int, raw) -> AssignmentInfo | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _bad(path, row, "assignment",
                   "harus berupa objek {name, title, minutes} atau tidak ditulis.")
    unknown = sorted(set(raw) - set(_ASSIGNMENT_FIELDS))
    if unknown:
        raise _bad(path, row, "assignment",
                   f"kolom '{unknown[0]}' tidak dikenal. Kolom yang boleh: "
                   f"{format_choices(_ASSIGNMENT_FIELDS)}.")
    name, title, minutes = raw.get("name"), raw.get("title"), raw.get("minutes")
    if not isinstance(name, str) or not _ASSIGNMENT_RE.match(name):
        raise _bad(path, row, "assignment",
                   f"nama tugas {name!r} harus seperti 'tugas-01-hakikat'.")
    if not isinstance(title, str) or not title.strip():
        raise _bad(path, row, "assignment", f"judul tugas {title!r} harus teks yang tidak kosong.")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 600:
        raise _bad(path, row, "assignment",
                   f"menit tugas {minutes!r} harus bilangan bulat 1 sampai 600.")
    return AssignmentInfo(name, title.strip(), minutes)


def _name(file) -> str:
    name = Path(file).name if isinstance(file, (str, Path)) and "\x00" not in str(file) else ""
    return name if name.endswith(".ipynb") else name + ".ipynb"


def _order(order) -> tuple[ModuleInfo, ...]:
    """``order`` (default: the ordering file) when it is a non-empty list of modules."""
    if order is None:
        return load_order()
    if not isinstance(order, (tuple, list)) or not order or not all(
            isinstance(m, ModuleInfo) for m in order):
        raise InvalidValueError(f"Urutan modul harus hasil load_order(); nilai {show(order)} "
                                "tidak diterima.", field="urutan", value=order,
                                allowed=("load_order()",))
    return tuple(order)


def get_module(file, order=None) -> ModuleInfo:
    """The module for a file name ("03-pemetaan-mitra.ipynb", with or without .ipynb)."""
    order = _order(order)
    name = _name(file)
    for info in order:
        if info.file == name:
            return info
    raise InvalidValueError(
        f"Modul {show(file)} tidak ada di urutan.json. Pilihan: "
        f"{format_choices(m.file for m in order)}.",
        field="modul",
        value=file,
        allowed=tuple(m.file for m in order),
    )


def neighbours(file, order=None) -> tuple[ModuleInfo | None, ModuleInfo | None]:
    """(previous, next) module of ``file``; None at either end."""
    order = _order(order)
    info = get_module(file, order)
    i = order.index(info)
    prev = order[i - 1] if i > 0 else None
    nxt = order[i + 1] if i + 1 < len(order) else None
    return prev, nxt


def module_for_answers(workbook_key, order=None) -> ModuleInfo | None:
    """The first module whose activities save under ``workbook_key`` ("08" -> 09-langkah)."""
    order = _order(order)
    if not isinstance(workbook_key, str):
        raise InvalidValueError(f"Kunci modul harus teks seperti '08'; nilai {show(workbook_key)} "
                                "tidak diterima.", field="modul", value=workbook_key,
                                allowed=tuple(m.workbook_key for m in order))
    return next((m for m in order if m.workbook_key == workbook_key), None)


def total_minutes(order=None, *, assignments: bool = True) -> int:
    """Minutes of the whole course: modules plus (by default) the graded assignments."""
    order = _order(order)
    total = sum(m.minutes for m in order)
    if assignments:
        total += sum(m.assignment.minutes for m in order if m.assignment)
    return total


@dataclass(frozen=True)
class Estimate:
    """What :func:`estimate_minutes` counted in one notebook."""

    words: int  # words of markdown the learner reads (navigation and course map excluded)
    counts: dict  # activity kind -> how many
    minutes: float  # reading + activities

    @property
    def reading_minutes(self) -> float:
        return self.words / READING_WORDS_PER_MINUTE

    def fits(self, declared: int) -> bool:
        """True when ``declared`` minutes are within :data:`MINUTES_TOLERANCE`."""
        floor, share = MINUTES_TOLERANCE
        return abs(declared - self.minutes) <= max(floor, share * self.minutes)


def estimate_minutes(notebook) -> Estimate:
    """Honest minutes of a notebook (a path or an nbformat/JSON dict).

    Reading: words of every markdown cell except the generated navigation and course
    map, at :data:`READING_WORDS_PER_MINUTE`. Activities, by code cell: each
    ``Question(`` is a ``soal``; each interactive tool (partner map, pattern chooser,
    monev plan, follow-up planner, export panel) an ``alat``; each ``form_activity(`` a
    ``formulir``; each ``activity(`` / ``choice_activity(`` an ``isian``; any other code
    cell a ``contoh``.
    """
    if isinstance(notebook, (str, Path)):
        from kemitraan_lib.atomic import check_path, read_bytes
        from kemitraan_lib.jsontext import JSONProblem, loads

        path = check_path(notebook, "Notebook")
        try:
            notebook = loads(read_bytes(path, 2**26, "Notebook").decode("utf-8-sig"))
        except (JSONProblem, UnicodeDecodeError) as exc:
            raise FileFormatError(f"Notebook {show(str(path))} bukan JSON yang sah: {exc}",
                                  field="berkas", value=str(path)) from None
    if not isinstance(notebook, dict):
        raise InvalidValueError(f"Notebook harus berupa berkas .ipynb atau kamus JSON; nilai "
                                f"{show(notebook)} tidak diterima.", field="notebook",
                                value=notebook, allowed=("notebook",))
    words = 0
    counts = dict.fromkeys(ACTIVITY_MINUTES, 0)
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"navigasi", "peta-kursus"}:
            continue
        if cell.get("cell_type") == "markdown":
            words += len(_WORD.findall(source))
            continue
        if cell.get("cell_type") != "code":
            continue
        kinds = {
            "soal": source.count("Question("),
            "alat": len(_TOOL_CALLS.findall(source)),
            "formulir": len(_FORM_CALLS.findall(source)),
        }
        kinds["isian"] = len(_WRITE_CALLS.findall(source))  # form_/monev_activity excluded
        if not any(kinds.values()):
            kinds["contoh"] = 1
        for kind, n in kinds.items():
            counts[kind] += n
    minutes = words / READING_WORDS_PER_MINUTE + sum(
        ACTIVITY_MINUTES[k] * n for k, n in counts.items()
    )
    return Estimate(words, counts, round(minutes, 1))


def format_minutes(minutes: int) -> str:
    """``"6 jam 40 menit"`` style.

    >>> format_minutes(400), format_minutes(45), format_minutes(120)
    ('6 jam 40 menit', '45 menit', '2 jam')
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 10**6:
        raise InvalidValueError(f"Menit harus bilangan bulat 0 atau lebih; nilai {show(minutes)} "
                                "tidak diterima.", field="menit", value=minutes, allowed=(">= 0",))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} menit"
    return f"{hours} jam" + (f" {rest} menit" if rest else "")


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")


def course_map_markdown(order=None) -> str:
    """The course map as a markdown table (generated into 00-mulai by tools/navigasi.py)."""
    order = _order(order)
    labels = {}
    if any(m.competency for m in order):
        from kemitraan_lib import content

        labels = {c.key: f"{c.number}. {c.label}" for c in content.COMPETENCIES}
    lines = [
        "| No | Judul | Menit | Kompetensi | Buka |",
        "|---|---|---:|---|---|",
    ]
    for m in order:
        comp = _md_escape(labels.get(m.competency, "")) if m.competency else "–"
        lines.append(
            f"| {m.number} | {_md_escape(m.title)} | {m.minutes} | {comp} | [{m.file}]({m.file}) |"
        )
        if m.assignment:
            a = m.assignment
            lines.append(
                f"| ✎ | {_md_escape(a.title)} (tugas dinilai) | {a.minutes} | – | "
                f"dari pelatih: `{a.name}` |"
            )
    modules = total_minutes(order, assignments=False)
    graded = [m.assignment for m in order if m.assignment]
    total = total_minutes(order)
    lines.append("")
    if graded:
        lines.append(
            f"**Seluruh kursus: {len(order)} modul ({modules} menit) dan {len(graded)} tugas "
            f"dinilai ({total - modules} menit), sekitar {total} menit "
            f"({format_minutes(total)}).** Waktu ini perkiraan: membaca sekitar "
            f"{READING_WORDS_PER_MINUTE} kata per menit ditambah waktu setiap kegiatan; "
            "belajarlah sesuai kecepatan Anda."
        )
    else:
        lines.append(
            f"**Seluruh kursus: {len(order)} modul, sekitar {total} menit "
            f"({format_minutes(total)}).** Waktu ini perkiraan; belajarlah sesuai kecepatan Anda."
        )
    return "\n".join(lines)


def navigation_markdown(file, order=None) -> str:
    """The prev/next navigation cell of one module (same text at top and bottom)."""
    order = _order(order)
    info = get_module(file, order)
    prev, nxt = neighbours(file, order)
    parts = []
    if prev is not None:
        parts.append(f"← Sebelumnya: [{_md_escape(prev.label)}]({prev.file})")
    if info.number != order[0].number:
        parts.append(f"[Peta kursus]({order[0].file})")
    if nxt is not None:
        parts.append(f"Berikutnya: [{_md_escape(nxt.label)}]({nxt.file}) →")
    else:
        parts.append("Ini modul terakhir.")
    head = f"*Modul {info.number} dari {order[-1].number} · perkiraan waktu {info.minutes} menit*"
    text = head + "  \n" + " &nbsp;|&nbsp; ".join(parts)
    if info.assignment:
        a = info.assignment
        text += (f"  \n✎ Setelah modul ini: **{_md_escape(a.title)}** (`{a.name}`, tugas dinilai, "
                 f"sekitar {a.minutes} menit), dibagikan oleh pelatih.")
    return text


def steps_vs_cycle():
    """The eleven steps beside The Partnering Initiative's partnering cycle.

    Returns a pandas DataFrame, one row per phase of the cycle (in order), with
    Indonesian columns ``tahap``, ``fase siklus kemitraan``, ``langkah kita``;
    phases our list leaves out say so in ``langkah kita``.
    """
    import pandas as pd

    from kemitraan_lib import content

    steps = {s.key: s for s in content.STEPS}
    rows = []
    for i, phase in enumerate(content.PARTNERING_CYCLE, 1):
        keys = phase.step_keys
        ours = ", ".join(f"{steps[k].number}. {steps[k].label}" for k in keys if k in steps)
        rows.append(
            {
                "tahap": _stage_label(phase.stage),
                "fase siklus kemitraan": f"{i}. {phase.label}",
                "langkah kita": ours or "— tidak ada di 11 langkah kita",
            }
        )
    return pd.DataFrame(rows)


def _stage_label(stage: str) -> str:
    from kemitraan_lib import content

    return content.labels(content.PARTNERING_STAGES).get(stage, stage)


def items_table(collection, columns=("nama", "penjelasan"), numbered=True):
    """A content collection as a pandas DataFrame (label and description), for display.

    >>> from kemitraan_lib import content
    >>> table = items_table(content.TRAFFIC_LIGHT, ("warna", "arti"))
    >>> table.index.name, table.columns.tolist(), table.loc[1, "warna"]
    ('no', ['warna', 'arti'], 'Hijau')
    """
    import pandas as pd

    from kemitraan_lib import content

    content.keys(collection)  # refuses anything that is not a content collection
    if not isinstance(columns, (tuple, list)) or len(columns) != 2 or not all(
            isinstance(c, str) and c for c in columns):
        raise InvalidValueError(f"Kolom harus dua judul teks, misalnya ('nama', 'penjelasan'); "
                                f"nilai {show(columns)} tidak diterima.", field="kolom",
                                value=columns, allowed=("(judul, judul)",))
    rows = []
    for i, item in enumerate(collection, 1):
        row = {"no": getattr(item, "number", 0) or i} if numbered is not False else {}
        row[columns[0]] = item.label
        row[columns[1]] = item.description
        rows.append(row)
    return pd.DataFrame(rows).set_index("no") if numbered is not False else pd.DataFrame(rows)


def legal_forms_table():
    """The partnership forms named by the regulation, with citation and chooser pattern.

    >>> table = legal_forms_table()
    >>> table.columns.tolist()
    ['bentuk dalam peraturan', 'penjelasan', 'dasar hukum', 'di alat Pilih Pola']
    >>> table.loc[6, "bentuk dalam peraturan"], table.loc[6, "di alat Pilih Pola"]
    ('Rantai pasok', 'Rantai Pasok')
    """
    import pandas as pd

    from kemitraan_lib import content

    labels = content.labels(content.PATTERNS)
    rows = [
        {
            "no": i,
            "bentuk dalam peraturan": form.label,
            "penjelasan": form.description,
            "dasar hukum": form.citation,
            "di alat Pilih Pola": labels.get(form.pattern, form.pattern),
        }
        for i, form in enumerate(content.LEGAL_FORMS, 1)
    ]
    return pd.DataFrame(rows).set_index("no")


def agreement_table():
    """What UU 20/2008 Pasal 34 ayat (1) asks a written agreement to settle, beside the MoU part.

    >>> agreement_table().loc[3, "bagian kerangka MoU"]
    'Bentuk pengembangan'
    """
    import pandas as pd

    from kemitraan_lib import content

    mou = content.labels(content.MOU_PARTS)
    rows = [
        {
            "no": i,
            "isi minimal perjanjian (Pasal 34 ayat 1)": part.label,
            "penjelasan": part.description,
            "bagian kerangka MoU": mou.get(part.mou_part, "-"),
        }
        for i, part in enumerate(content.AGREEMENT_PARTS, 1)
    ]
    return pd.DataFrame(rows).set_index("no")


def case_overview(network):
    """How many partners of each kind a case has, with a few names (pandas DataFrame)."""
    import pandas as pd

    from kemitraan_lib import content
    from kemitraan_lib.errors import check_type
    from kemitraan_lib.network import PartnerNetwork

    check_type(network, PartnerNetwork, "Kasus", "sebuah peta mitra (PartnerNetwork)")
    rows = []
    for kind in content.CATEGORIES:
        names = [p.name for p in network.partners if p.category == kind.key]
        if not names and kind.key not in {k.key for k in content.PARTNER_KINDS}:
            continue
        example = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        rows.append({"jenis mitra": kind.label, "jumlah": len(names), "contoh": example})
    return pd.DataFrame(rows)
