"""The course's Indonesian catalogues for JupyterLab (kemitraan_lab.terjemahan)."""

from __future__ import annotations

import gettext
import json
import shutil
import sys
from pathlib import Path

import pytest

from kemitraan_lab import terjemahan

PACK = terjemahan.pack_messages_dir()
LAB = Path(sys.prefix) / "share" / "jupyter"
# Wrong or English in jupyterlab-language-pack-id-ID 4.5.post3, read by every learner.
FIXED = {
    "Run All Cells": "Jalankan Semua Sel",
    "Restart Kernel…": "Mulai Ulang Kernel…",
    "Restart Kernel and Run All Cells…": "Mulai Ulang Kernel dan Jalankan Semua Sel…",
    'Save changes in "%1" before closing?': 'Simpan perubahan di "%1" sebelum ditutup?',
    "Help": "Bantuan",
    "Modified": "Diubah",
    "Do you want to restart the kernel of %1? All variables will be lost.":
        "Mulai ulang kernel untuk %1? Semua variabel akan hilang; isian di buku kerja tetap "
        "tersimpan.",
}
MENUS = {"File": "Berkas", "Edit": "Sunting", "View": "Tampilan", "Run": "Jalankan",
         "Kernel": "Kernel", "Tabs": "Tab", "Settings": "Pengaturan", "Help": "Bantuan"}


def _fake_prefix(tmp_path: Path) -> Path:
    prefix = tmp_path / "venv"
    target = (prefix / "lib" / "python3.11" / "site-packages" / terjemahan.PACK_MODULE
              / "locale" / "id_ID" / "LC_MESSAGES")
    target.mkdir(parents=True)
    for name in ("jupyterlab.json", "jupyterlab.mo", "jupyterlab_widgets.json",
                 "jupyterlab_widgets.mo"):
        original = PACK / (name + terjemahan.ORIGINAL_SUFFIX)
        shutil.copyfile(original if original.exists() else PACK / name, target / name)
    return prefix


def test_catalogue_entries_fix_the_packs_errors():
    entries = terjemahan.entries()
    for msgid, text in FIXED.items():
        assert entries[msgid][0] == text
    for msgid, text in MENUS.items():
        assert entries[f"menu\x04{msgid}"] == [text]
    assert entries["Cut Cell"] == ["Potong Sel", "Potong Sel"]  # plural form for the browser


def test_install_layers_over_the_pack_and_is_idempotent(tmp_path):
    prefix = _fake_prefix(tmp_path)
    target = terjemahan.install(prefix)
    original = json.loads((target / "jupyterlab.json.asli").read_text(encoding="utf-8"))
    merged = json.loads((target / "jupyterlab.json").read_text(encoding="utf-8"))
    assert merged["Run All Cells"] == ["Jalankan Semua Sel"]
    assert original["Run All Cells"] == ["Menjalakan Semua Sel"]
    untouched = next(k for k in original if k and k not in terjemahan.entries())
    assert merged[untouched] == original[untouched]  # the pack's other strings stay
    assert merged[""] == original[""]

    first = (target / "jupyterlab.json").read_bytes(), (target / "jupyterlab.mo").read_bytes()
    terjemahan.install(prefix)
    assert ((target / "jupyterlab.json").read_bytes(), (target / "jupyterlab.mo").read_bytes()) \
        == first
    assert json.loads((target / "jupyterlab.json.asli").read_text(encoding="utf-8")) == original

    # The server side (menu titles from the settings schemas) reads the .mo.
    trans = gettext.translation("jupyterlab", localedir=str(target.parents[1]),
                                languages=("id_ID",))
    assert trans.pgettext("menu", "File") == "Berkas"
    assert trans.gettext("Run All Cells") == "Jalankan Semua Sel"
    widgets = json.loads((target / "jupyterlab_widgets.json").read_text(encoding="utf-8"))
    assert widgets["Save Widget State Automatically"] == ["Simpan Keadaan Widget Otomatis"]


def test_a_new_pack_from_pip_becomes_the_new_original(tmp_path):
    prefix = _fake_prefix(tmp_path)
    target = terjemahan.install(prefix)
    upgraded = json.loads((target / "jupyterlab.json.asli").read_text(encoding="utf-8"))
    upgraded["A string of a newer pack"] = ["Kalimat dari paket baru"]
    (target / "jupyterlab.json").write_text(json.dumps(upgraded), encoding="utf-8")
    terjemahan.install(prefix)
    merged = json.loads((target / "jupyterlab.json").read_text(encoding="utf-8"))
    assert merged["A string of a newer pack"] == ["Kalimat dari paket baru"]
    assert merged["Run All Cells"] == ["Jalankan Semua Sel"]


def test_missing_pack_is_reported_in_indonesian(tmp_path):
    with pytest.raises(terjemahan.CourseTranslationError, match="Paket bahasa Indonesia"):
        terjemahan.install(tmp_path)


def test_every_catalogue_string_exists_in_jupyterlab():
    """A JupyterLab upgrade that renames a string shows up here, not as English on screen."""
    sources = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in [*LAB.glob("lab/static/*.js"), *LAB.glob("labextensions/**/static/*.js"),
                  *LAB.glob("lab/schemas/**/*.json")]
    )
    missing = []
    for domain in terjemahan.domains():
        for key in terjemahan.entries(domain):
            msgid = key.split("\x04")[-1]
            literal = json.dumps(msgid, ensure_ascii=False)[1:-1]  # as in a "..." string
            if msgid not in sources and literal not in sources:
                missing.append(msgid)
    assert missing == []
