"""Sanitising participant HTML (unit level; real-browser checks: test_sanitize_browser)."""

from __future__ import annotations

import nbformat
import sanitize_payloads as payloads
from attack_support import dangerous_markup
from nbconvert.exporters import HTMLExporter

from kemitraan_lib.grading import sanitize as sz


def test_markdown_payloads_are_removed_and_the_table_stays():
    html = sz.safe_markdown(payloads.markdown(5555))
    assert dangerous_markup(html) == []
    assert "5555" not in html  # no address of the payload survives, not even as text link
    assert f"<td>{payloads.TABLE_CELL}</td>" in html
    assert '<table class="table table-bordered table-condensed">' in html
    assert f"<strong>{payloads.BOLD_TEXT}</strong>" in html


def test_safe_links_and_images_survive():
    html = sz.clean_html('<a href="https://contoh.id/x">situs</a> '
                         '<img src="data:image/png;base64,iVBORw0KGgo=" width="20">')
    assert 'href="https://contoh.id/x"' in html and 'rel="noopener noreferrer"' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html and 'width="20"' in html
    assert 'src=' not in sz.clean_html('<img src="data:text/html;base64,PHNjcmlwdD4=">')
    assert 'width' not in sz.clean_html('<img width="1 onerror=alert(1)">')


def _output(data, metadata=None):
    return nbformat.v4.new_output("display_data", data=data, metadata=metadata or {})


def test_outputs_are_cleaned_by_type():
    js = _output({"application/javascript": "alert(1)", "text/plain": "<Javascript>"})
    sz.clean_output(js)
    assert list(js["data"]) == ["text/plain"]
    assert "application/javascript tidak ditampilkan" in js["data"]["text/plain"]
    svg = _output({"image/svg+xml": '<svg onload="alert(1)"><script>x</script></svg>'})
    sz.clean_output(svg)
    assert svg["data"]["text/html"].startswith('<img src="data:image/svg+xml;base64,')
    bad_png = _output({"image/png": '"><script>alert(1)</script>', "text/plain": "gambar"},
                      {"image/png": {"width": "1 onerror=alert(1)"}})
    sz.clean_output(bad_png)
    assert "image/png" not in bad_png["data"] and bad_png["metadata"] == {}
    good_png = _output({"image/png": "iVBORw0KGgo="}, {"image/png": {"width": 40}})
    sz.clean_output(good_png)
    assert good_png["data"]["image/png"] == "iVBORw0KGgo="
    assert good_png["metadata"] == {"image/png": {"width": 40}}
    md = _output({"text/markdown": "[x](javascript:alert(1)) **b**"})
    sz.clean_output(md)
    assert "javascript" not in md["data"]["text/html"] and "<strong>b</strong>" in md[
        "data"]["text/html"]
    widget = _output({"application/vnd.jupyter.widget-view+json": {"model_id": "1"}})
    sz.clean_output(widget)
    assert "widget-view" in widget["data"]["text/plain"]


def _notebook_with_everything():
    md = nbformat.v4.new_markdown_cell(payloads.markdown(5555))
    md.metadata = {"nbgrader": {"grade_id": 'x" onmouseover="alert(1)', "solution": True,
                                "grade": True, "points": "2 onclick=1"},
                   "tags": ['"><script>alert(1)</script>']}
    raw = nbformat.v4.new_raw_cell("<script>alert(2)</script><b>mentah</b>")
    code = nbformat.v4.new_code_cell("display(...)")
    code.outputs = [_output({"text/html": "<script>alert(3)</script><b>ok</b>"}),
                    _output({"application/javascript": "alert(4)"})]
    nb = nbformat.v4.new_notebook(cells=[md, raw, code])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"x": "</script><script>alert(5)</script>"}}}
    return nb


def test_formgrader_exporter_with_our_config_renders_nothing_dangerous():
    """The formgrader's HTMLExporter, configured by nbgrader_config.py, on a hostile notebook."""
    import grading_support as gs
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(gs.ROOT)).load_config()
    import nbgrader

    templates = str(gs.Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
                    / "templates")
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [templates]  # as the formgrader sets it
    exporter = HTMLExporter(config=config)
    html, _ = exporter.from_notebook_node(_notebook_with_everything(), resources={
        "assignment_id": "a", "notebook_id": "n", "submission_id": "s", "index": 0, "total": 1,
        "base_url": "", "student": "p01", "last_name": "", "first_name": "",
        "notebook_path": "x"})
    body = html[html.index('id="notebook-container"'):]  # the notebook, not nbgrader's UI
    assert dangerous_markup(body) == []
    for n in (1, 2, 3, 4, 5):
        assert f"alert({n})</script>" not in body
    assert "<b>ok</b>" in body and payloads.TABLE_CELL in body
    assert "&lt;b&gt;mentah&lt;/b&gt;" in body  # a raw cell is shown as text


def test_feedback_template_carries_the_csp():
    from pathlib import Path

    template = Path(sz.__file__).parent / "templates" / "feedback" / "index.html.j2"
    text = template.read_text(encoding="utf-8")
    assert f'content="{sz.CSP}"' in text
    assert "mathjax()" not in text
