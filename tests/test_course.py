"""The course as a whole: ordering file, navigation, course map, module shape,
coverage of the content data, and links that resolve."""

import contextlib
import importlib.util
import io
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

from kemitraan_lib import content, course
from kemitraan_lib.errors import FileFormatError, InvalidValueError

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "modules"
NAVIGASI = ROOT / "tools" / "navigasi.py"
SHAPE = (
    "## Tujuan Belajar",
    "## Pertanyaan",
    "## Cerita Singkat",
    "## Contoh",
    "## Cek Pemahaman",
    "## Kegiatan: Program Anda",
    "## Poin Penting",
)
COVERED = (
    "COMPETENCIES", "CONDITIONS", "GENERAL_PRINCIPLES", "PRINCIPLES", "STRATEGIES", "STEPS",
    "PATTERNS", "TECHNIQUES", "PARTNER_KINDS", "APPROACHES", "ACCESS", "OBJECTIVES",
)
ORDER = course.load_order()


def notebooks():
    found = sorted(MODULES.glob("*.ipynb"))
    assert found, "Tidak ada notebook di modules/: glob kosong berarti tidak ada yang diuji."
    return found


def read(path):
    return nbformat.read(path, as_version=4)


def headings(nb):
    result = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            result += [line.strip() for line in cell.source.splitlines() if line.startswith("#")]
    return result


def section_cells(nb, heading):
    """Cells after the markdown cell holding ``heading`` up to the next '## ' heading."""
    cells, inside = [], False
    for cell in nb.cells:
        lines = cell.source.splitlines() if cell.cell_type == "markdown" else []
        if any(line.strip() == heading for line in lines):
            inside = True
            after = cell.source.split(heading, 1)[1]
            if "\n## " in after:
                break
            continue
        if inside and any(line.startswith("## ") for line in lines):
            break
        if inside:
            cells.append(cell)
    return cells


# -- ordering file ------------------------------------------------------------------

def test_order_lists_the_contract_modules():
    assert [m.file for m in ORDER] == [
        "00-mulai.ipynb", "01-hakikat.ipynb", "02-pentingnya.ipynb", "03-pemetaan-mitra.ipynb",
        "04-tujuan.ipynb", "05-prinsip.ipynb", "06-strategi.ipynb", "07-pola-kemitraan.ipynb",
        "08-pola-menurut-hukum.ipynb", "09-langkah-kemitraan.ipynb",
        "10-mempertahankan-kemitraan.ipynb", "11-rencana-kemitraan-saya.ipynb",
    ]
    # Renumbered modules keep the workbook keys their answers were saved under.
    assert {m.number: m.workbook_key for m in ORDER if m.workbook_key != m.number} == {
        "08": "07", "09": "08", "10": "09", "11": "10"}
    competencies = [m.competency for m in ORDER if m.competency]
    assert competencies == [c.key for c in content.COMPETENCIES]
    for c in content.COMPETENCIES:  # the competency's module in content matches the order
        assert course.get_module(c.module).competency == c.key


def test_glob_equals_ordering_file():
    assert {p.name for p in notebooks()} == {m.file for m in ORDER}


@pytest.mark.parametrize(
    "entries, fragment",
    [
        ([], "tidak kosong"),
        ([{"file": "01-a.ipynb", "title": "A", "minutes": 5, "competency": None}],
         "seharusnya '00'"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 0, "competency": None}], "1 sampai 600"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": True, "competency": None}],
         "1 sampai 600"),
        ([{"file": "00 a.ipynb", "title": "A", "minutes": 5, "competency": None}], "03-nama"),
        ([{"file": "00-a.ipynb", "title": " ", "minutes": 5, "competency": None}], "judul"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5, "competency": "x"}],
         "hakikat, kesadaran"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5, "judul": "?"}], "tidak dikenal"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5, "assignment": "tugas"}],
         "objek {name, title, minutes}"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5,
           "assignment": {"name": "tugas 1", "title": "T", "minutes": 30}}], "tugas-01-hakikat"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5,
           "assignment": {"name": "tugas-01-a", "title": "T", "minutes": 0}}], "1 sampai 600"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5,
           "assignment": {"name": "tugas-01-a", "title": "T", "minutes": 5, "x": 1}}],
         "tidak dikenal"),
        ([{"file": "00-a.ipynb", "title": "A", "minutes": 5, "workbook": "delapan"}], "dua angka"),
    ],
)
def test_bad_ordering_file_is_rejected(tmp_path, entries, fragment):
    path = tmp_path / "urutan.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        course.load_order(path)
    assert fragment in str(info.value)


def test_broken_or_missing_ordering_file(tmp_path):
    with pytest.raises(FileFormatError, match="tidak ditemukan"):
        course.load_order(tmp_path / "tidak-ada.json")
    (tmp_path / "u.json").write_text("[{", encoding="utf-8")
    with pytest.raises(FileFormatError, match="bukan JSON"):
        course.load_order(tmp_path / "u.json")


def test_neighbours_and_unknown_module():
    assert course.neighbours("00-mulai.ipynb") == (None, ORDER[1])
    assert course.neighbours("11-rencana-kemitraan-saya") == (ORDER[10], None)
    with pytest.raises(InvalidValueError, match="'99-x' tidak ada.*00-mulai.ipynb"):
        course.neighbours("99-x")


# -- course map and navigation ---------------------------------------------------------

def test_course_map_matches_order():
    table = course.course_map_markdown()
    rows = [line for line in table.splitlines() if re.match(r"^\| \d\d \|", line)]
    assert len(rows) == len(ORDER)
    for row, info in zip(rows, ORDER, strict=True):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == info.number and cells[1] == info.title
        assert cells[2] == str(info.minutes) and f"]({info.file})" in cells[4]
    graded = [m.assignment for m in ORDER if m.assignment]
    assert [a.name for a in graded] == [f"tugas-0{i}-{n}" for i, n in enumerate(
        ("hakikat", "kesadaran", "pemetaan", "tujuan", "prinsip", "strategi", "pola", "langkah"),
        1)]
    for a in graded:  # every graded assignment has its own row on the map
        assert f"| ✎ | {a.title} (tugas dinilai) | {a.minutes} |" in table
    total = sum(m.minutes for m in ORDER) + sum(a.minutes for a in graded)
    assert course.total_minutes() == total
    assert f"sekitar {total} menit" in table and f"{len(graded)} tugas" in table


def test_course_map_cell_in_00_is_generated():
    nb = read(MODULES / "00-mulai.ipynb")
    cells = [c for c in nb.cells if "peta-kursus" in c.metadata.get("tags", [])]
    assert len(cells) == 1 and cells[0].source == course.course_map_markdown()


@pytest.mark.parametrize("info", ORDER, ids=lambda m: m.number)
def test_navigation_cells_match_order(info):
    nb = read(MODULES / info.file)
    expected = course.navigation_markdown(info.file)
    first, last = nb.cells[0], nb.cells[-1]
    for cell in (first, last):
        assert "navigasi" in cell.metadata.get("tags", []) and cell.source == expected
    prev, nxt = course.neighbours(info.file)
    if prev:
        assert f"]({prev.file})" in expected
    if nxt:
        assert f"]({nxt.file})" in expected
    else:
        assert "modul terakhir" in expected


def test_navigasi_check_passes_on_the_repository():
    result = subprocess.run([sys.executable, str(NAVIGASI), "--check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _mini_course(folder: Path):
    order = [
        {"file": "00-mulai.ipynb", "title": "Mulai", "minutes": 5, "competency": None},
        {"file": "01-hakikat.ipynb", "title": "Hakikat", "minutes": 7, "competency": "hakikat"},
    ]
    (folder / "urutan.json").write_text(json.dumps(order), encoding="utf-8")
    start = nbformat.v4.new_notebook()
    course_map = nbformat.v4.new_markdown_cell("lama")
    course_map.metadata["tags"] = ["peta-kursus"]
    start.cells = [nbformat.v4.new_markdown_cell("# 00"), course_map]
    nbformat.write(start, folder / "00-mulai.ipynb")
    other = nbformat.v4.new_notebook()
    other.cells = [nbformat.v4.new_markdown_cell("# 01"), nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(other, folder / "01-hakikat.ipynb")


def _navigasi():
    spec = importlib.util.spec_from_file_location("navigasi", NAVIGASI)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NAV = _navigasi()


def _run(folder, *args):
    """Run tools/navigasi.py in-process (the CLI itself is tested once above)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = NAV.main(["--folder", str(folder), *args])
    return types.SimpleNamespace(returncode=code, stdout=out.getvalue())


def test_navigasi_creates_updates_and_is_idempotent(tmp_path):
    _mini_course(tmp_path)
    check = _run(tmp_path, "--check")
    assert check.returncode == 1
    assert "01-hakikat.ipynb: navigasi atas dibuat" in check.stdout
    assert "menit None -> 7" in check.stdout and "peta kursus diperbarui" in check.stdout
    before = (tmp_path / "01-hakikat.ipynb").read_bytes()
    assert before == (tmp_path / "01-hakikat.ipynb").read_bytes()  # --check changed nothing
    assert _run(tmp_path).returncode == 0
    nb = read(tmp_path / "01-hakikat.ipynb")
    assert [c.metadata.get("tags") for c in (nb.cells[0], nb.cells[-1])] == [["navigasi"]] * 2
    assert nb.metadata["kemitraan"]["minutes"] == 7 and len(nb.cells) == 4
    snapshot = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    second = _run(tmp_path)
    assert second.returncode == 0 and "sudah sesuai" in second.stdout
    assert snapshot == {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}
    assert _run(tmp_path, "--check").returncode == 0
    # A title change in the ordering file is drift until navigasi runs again.
    order = json.loads((tmp_path / "urutan.json").read_text(encoding="utf-8"))
    order[1]["title"] = "Hakikat Kemitraan"
    (tmp_path / "urutan.json").write_text(json.dumps(order), encoding="utf-8")
    drift = _run(tmp_path, "--check")
    assert drift.returncode == 1 and "00-mulai.ipynb" in drift.stdout
    assert _run(tmp_path).returncode == 0
    assert "Hakikat Kemitraan" in read(tmp_path / "00-mulai.ipynb").cells[0].source


def test_navigasi_reports_unlisted_and_missing_notebooks(tmp_path):
    _mini_course(tmp_path)
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "02-lain.ipynb")
    (tmp_path / "01-hakikat.ipynb").unlink()
    result = _run(tmp_path, "--check")
    assert result.returncode == 1
    assert "02-lain.ipynb: tidak tercantum" in result.stdout
    assert "01-hakikat.ipynb: berkas tidak ada" in result.stdout


# -- every module notebook ----------------------------------------------------------------

@pytest.mark.parametrize("info", ORDER, ids=lambda m: m.number)
def test_minutes_metadata_and_no_outputs(info):
    nb = read(MODULES / info.file)
    assert nb.metadata["kemitraan"]["minutes"] == info.minutes
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "simpan tanpa keluaran"


@pytest.mark.parametrize("info", ORDER[1:], ids=lambda m: m.number)
def test_module_shape(info):
    nb = read(MODULES / info.file)
    found = headings(nb)
    assert found[0].startswith(f"# {info.number} · "), found[:1]
    positions = []
    for heading in SHAPE:
        assert heading in found, f"{info.file}: judul '{heading}' tidak ada"
        positions.append(found.index(heading))
    assert positions == sorted(positions), f"{info.file}: urutan bagian salah"
    objectives = "\n".join(c.source for c in section_cells(nb, "## Tujuan Belajar"))
    if not objectives:  # objectives in the same cell as the heading
        cell = next(c for c in nb.cells if "## Tujuan Belajar" in c.source)
        objectives = cell.source.split("## Tujuan Belajar", 1)[1].split("\n## ", 1)[0]
    bullets = [line[2:].strip().strip("*") for line in objectives.splitlines()
               if line.startswith("- ")]
    assert len(bullets) >= 2
    for bullet in bullets:  # verb first: Menjelaskan, Memetakan, Membedakan, Berlatih ...
        assert re.match(r"^(Me|Ber)[a-z]+", bullet), f"{info.file}: '{bullet}'"
    quiz = "\n".join(c.source for c in section_cells(nb, "## Cek Pemahaman")
                     if c.cell_type == "code")
    assert "show_quiz(" in quiz
    assert 3 <= quiz.count("Question(") <= 5, f"{info.file}: 3-5 soal"
    assert quiz.count("Question(") == quiz.count("explanations=")
    work = "\n".join(c.source for c in section_cells(nb, "## Kegiatan: Program Anda")
                     if c.cell_type == "code")
    calls = _activity_answers(work)
    assert calls, f"{info.file}: tidak ada kegiatan yang tersimpan di buku kerja"
    for item in calls:  # each activity saves a registered answer of THIS notebook
        assert item.notebook == info.slug, (
            f"{info.file}: kegiatan {item.module}/{item.key} terdaftar untuk "
            f"'{item.notebook}' di kemitraan_lib/answers.py")


def _activity_answers(source: str) -> list:
    """The saved answers the activity calls in ``source`` refer to (registered ones only).

    ``activity(answers.TUJUAN_UTAMA, ...)`` or ``activity("03", "lingkup-peta", ...)``;
    an activity whose answer is not registered in kemitraan_lib/answers.py fails.
    """
    from kemitraan_lib import answers

    found = []
    for name in re.findall(r"\b\w*activity\(\s*answers\.([A-Z_]+)", source):
        found.append(getattr(answers, name))
    for module, key in re.findall(r"\b\w*activity\(\s*\"(\w+)\",\s*\"([\w.-]+)\"", source):
        item = answers.find(module, key)
        assert item is not None, f"kegiatan {module}/{key}: daftarkan di kemitraan_lib/answers.py"
        found.append(item)
    return found


def test_start_module_explains_the_course():
    nb = read(MODULES / "00-mulai.ipynb")
    text = "\n".join(c.source for c in nb.cells)
    for expected in ("Shift + Enter", "▶", "buku kerja", "Workbook().path", "show_quiz(",
                     'load_case("menabung-pohon")', 'load_case("tas-rajut")', "Bahasa Indonesia",
                     "## Peta Kursus", "## Kalau Butuh Bantuan"):
        assert expected in text, expected


def test_every_content_item_is_taught_somewhere():
    sources = "\n".join(c.source for p in notebooks() for c in read(p).cells).casefold()
    missing = [
        f"{name}.{item.key} ('{item.label}')"
        for name in COVERED
        for item in getattr(content, name)
        if item.label.casefold() not in sources
    ]
    assert not missing, "Belum diajarkan di modul mana pun: " + "; ".join(missing)


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_REF = re.compile(r"(?:src|href)=[\"']([^\"']+)[\"']")
CODE_PATH = re.compile(r"[\"']((?:\.\./|data/)[^\"']+)[\"']")


def _references(path):
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            yield from LINK.findall(cell.source)
            yield from HTML_REF.findall(cell.source)
        else:
            yield from CODE_PATH.findall(cell.source)


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: p.name[:2])
def test_relative_links_and_files_resolve(path):
    broken = []
    for target in _references(path):
        if re.match(r"^(https?:|mailto:|data:|#)", target):
            continue
        file_part = target.split("#", 1)[0].split("?", 1)[0]
        if not (path.parent / file_part).exists():
            broken.append(target)
    assert not broken, f"{path.name}: tautan/berkas tidak ada: {broken}"


def test_link_checker_catches_a_broken_link(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("[x](tidak-ada.ipynb) [y](https://a.b) [z](#a)"),
                nbformat.v4.new_code_cell('open("../data/tidak-ada.json")')]
    nbformat.write(nb, tmp_path / "x.ipynb")
    refs = list(_references(tmp_path / "x.ipynb"))
    assert refs == ["tidak-ada.ipynb", "https://a.b", "#a", "../data/tidak-ada.json"]


def test_steps_vs_cycle_table():
    table = course.steps_vs_cycle()
    assert list(table.columns) == ["tahap", "fase siklus kemitraan", "langkah kita"]
    assert len(table) == len(content.PARTNERING_CYCLE) == 12
    gaps = table[table["langkah kita"].str.contains("tidak ada")]
    assert {"menghimpun-sumber-daya", "melangkah-lanjut"} <= {
        p.key for p in content.PARTNERING_CYCLE if not p.step_keys}
    assert len(gaps) == sum(1 for p in content.PARTNERING_CYCLE if not p.step_keys)
    used = " ".join(table["langkah kita"])
    for step in content.STEPS:  # every step sits beside at least one phase
        assert f"{step.number}. {step.label}" in used


MATERI = Path("/work/shared/materi")


def _words(text):
    return re.findall(r"[a-z0-9]+", text.casefold())


@pytest.mark.skipif(not MATERI.is_dir(), reason="bahan sumber tidak ada di mesin ini")
def test_notebooks_do_not_copy_sentences_of_the_source_material():
    source = [w for f in sorted(MATERI.glob("*.txt"))
              for w in _words(f.read_text(encoding="utf-8"))]
    runs = {tuple(source[i:i + 8]) for i in range(len(source) - 7)}
    copied = {}
    for path in notebooks():
        text = _words("\n".join(c.source for c in read(path).cells))
        hits = [" ".join(text[i:i + 8]) for i in range(len(text) - 7)
                if tuple(text[i:i + 8]) in runs]
        if hits:
            copied[path.name] = hits[:3]
    assert not copied, f"Kalimat bahan sumber tersalin (8 kata sama berturut-turut): {copied}"


# -- honest minutes ---------------------------------------------------------------------

@pytest.mark.parametrize("info", ORDER, ids=lambda m: m.number)
def test_minutes_match_words_and_activities_at_the_stated_rates(info):
    estimate = course.estimate_minutes(MODULES / info.file)
    floor, share = course.MINUTES_TOLERANCE
    assert estimate.fits(info.minutes), (
        f"{info.file}: urutan.json menulis {info.minutes} menit, perkiraan "
        f"{estimate.minutes} menit ({estimate.words} kata pada "
        f"{course.READING_WORDS_PER_MINUTE} kata/menit, kegiatan {estimate.counts}); "
        f"selisih boleh paling banyak {floor} menit atau {share:.0%}.")
    assert info.minutes % 5 == 0


def test_estimate_counts_reading_and_each_activity_kind():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(" ".join(["kata"] * 160)),   # 2 minutes of reading
        nbformat.v4.new_markdown_cell("navigasi " * 500),
        nbformat.v4.new_code_cell("print(1)"),                      # contoh
        nbformat.v4.new_code_cell("show_quiz([Question(a), Question(b)])"),  # 2 soal
        nbformat.v4.new_code_cell('activity("03", "a", "?")\nchoice_activity("03", "b", "?", [])'),
        nbformat.v4.new_code_cell('form_activity("03", "c", "?", [])'),
        nbformat.v4.new_code_cell("PatternChooser()"),
    ]
    nb.cells[1].metadata["tags"] = ["navigasi"]
    e = course.estimate_minutes(nb)
    assert e.words == 160 and e.reading_minutes == 2
    assert e.counts == {"contoh": 1, "soal": 2, "isian": 2, "formulir": 1, "alat": 1}
    rates = course.ACTIVITY_MINUTES
    assert e.minutes == 2 + rates["contoh"] + 2 * rates["soal"] + 2 * rates["isian"] + \
        rates["formulir"] + rates["alat"]
    assert e.fits(round(e.minutes)) and not e.fits(round(e.minutes) + 30)


def test_renumbered_answers_are_found_under_their_stored_keys():
    assert course.module_for_answers("08").file == "09-langkah-kemitraan.ipynb"
    assert course.module_for_answers("07").file == "07-pola-kemitraan.ipynb"
    assert course.module_for_answers("99") is None
