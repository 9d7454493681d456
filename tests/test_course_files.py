"""Course files stay clean: a module opened and saved without edits is byte-identical.

JupyterLab saves a notebook through nbformat (``nbformat.writes`` + newline); a committed
notebook in any other form is rewritten by the first save. The kernel's
``language_info`` is filled in by ``kemitraan_lab.contents`` at load and taken out at
save, so the committed form keeps the minimal block. The browser test
(tests/test_lab_browser.py) opens and closes modules in a real JupyterLab.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import nbformat
import pytest

from kemitraan_lab.contents import COURSE_LANGUAGE_INFO, KursusContentsManager

ROOT = Path(__file__).resolve().parents[1]
COURSE_NOTEBOOKS = sorted(
    [*ROOT.glob("modules/*.ipynb"), *ROOT.glob("exercises/*/*.ipynb"),
     *ROOT.glob("solutions/**/*.ipynb"), *ROOT.glob("apps/*.ipynb")]
)
FIX = ("python -c \"import nbformat,sys; p=sys.argv[1]; nb=nbformat.read(p, 4); "
       "open(p, 'w', encoding='utf-8').write(nbformat.writes(nb) + '\\n')\" FILE")


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_in_the_form_jupyterlab_saves(path):
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    assert raw == nbformat.writes(nb) + "\n", (
        f"{path.name} is not in nbformat's form: the first save in JupyterLab rewrites it. "
        f"Fix: {FIX}")
    assert nb.metadata.get("language_info") == COURSE_LANGUAGE_INFO


def _manager(root: Path, **kw) -> KursusContentsManager:
    return KursusContentsManager(root_dir=str(root), **kw)


def test_open_then_save_without_edits_leaves_the_file_byte_identical(tmp_path):
    source = ROOT / "modules" / "03-pemetaan-mitra.ipynb"
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    cm = _manager(tmp_path)

    async def round_trip():
        model = await cm.get(source.name)
        # What the browser gets already has the kernel's language_info: nothing to change.
        info = model["content"]["metadata"]["language_info"]
        assert info["name"] == "python" and "version" in info
        await cm.save({"type": "notebook", "format": "json", "content": model["content"]},
                      source.name)

    asyncio.run(round_trip())
    assert copy.read_bytes() == source.read_bytes()


def test_hidden_globs_are_refused_not_only_unlisted(tmp_path):
    from tornado.web import HTTPError

    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "kunci.ipynb").write_text(
        nbformat.writes(nbformat.v4.new_notebook()), encoding="utf-8")
    (tmp_path / "modul.ipynb").write_text(
        nbformat.writes(nbformat.v4.new_notebook()), encoding="utf-8")
    cm = _manager(tmp_path, hide_globs=["solutions"])

    async def check():
        listing = await cm.get("")
        assert [e["name"] for e in listing["content"]] == ["modul.ipynb"]
        for path in ("solutions", "solutions/kunci.ipynb", "/solutions/kunci.ipynb"):
            assert await cm.is_hidden(path)
            with pytest.raises(HTTPError) as err:
                await cm.get(path)
            assert err.value.status_code == 404
        with pytest.raises(HTTPError):
            await cm.save({"type": "file", "format": "text", "content": "x"},
                          "solutions/baru.txt")
        assert not await cm.is_hidden("modul.ipynb")

    asyncio.run(check())
