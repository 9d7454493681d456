"""Nothing a participant wrote runs in the trainer's browser.

A submission's markdown answers and rich outputs become HTML in two places: the
feedback file (``nbgrader generate_feedback``, template ``feedback``) and the
formgrader's submission view (template ``formgrade``). Both go through
nbconvert's ``HTMLExporter``; ``nbgrader_config.py`` hooks this module into it:

- :func:`markdown2html` replaces the exporter's ``markdown2html`` filter
  (``c.HTMLExporter.filters``): markdown is rendered as before, then cleaned by
  :func:`clean_html` (nh3, the maintained Rust "ammonia" sanitiser);
- :class:`SanitizeNotebook` (a preprocessor, in ``GenerateFeedback.preprocessors``
  and ``HTMLExporter.preprocessors``) cleans outputs before the template sees
  them: ``text/html`` and ``text/markdown`` cleaned, SVG shown as an image (a
  script in an SVG image never runs), JavaScript, widgets, LaTeX and unknown
  types replaced by an Indonesian note, image data checked to be base64, cell
  metadata reduced to what the templates need, raw cells shown as text.

What survives: text formatting, lists, links (http/https/mailto; they open only
when clicked), tables (given bootstrap's ``table`` classes so they render as
tables), images as ``data:`` URLs. What goes: ``<script>``, ``<style>``,
``<iframe>``, ``<object>``, forms, event handlers (``onload``, ``onerror``, ...),
``javascript:``/``data:`` links, remote images (no request leaves the browser).

The feedback template also carries a Content-Security-Policy (:data:`CSP`)
that forbids scripts and remote loads, as a second line of defence.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import urllib.parse

import nh3
from jinja2 import pass_context
from nbconvert.preprocessors import Preprocessor

__all__ = ["CSP", "SanitizeNotebook", "clean_html", "markdown2html", "safe_markdown"]

#: Content-Security-Policy of the static feedback page: no script, no remote load.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
       "base-uri 'none'; form-action 'none'")

_TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES.setdefault("a", set()).update({"href", "title"})
_ATTRIBUTES.setdefault("img", set()).update({"src", "alt", "title", "width", "height"})
for _tag in ("td", "th"):
    _ATTRIBUTES.setdefault(_tag, set()).add("style")  # pandas' text-align; filtered below
_ATTRIBUTES.setdefault("span", set()).add("style")
_STYLE_PROPERTIES = {"text-align", "font-weight", "font-style", "color", "background-color"}
_TABLE_CLASS = "table table-bordered table-condensed"
_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*$",
                         re.IGNORECASE)
_SAFE_HREF_SCHEMES = {"http", "https", "mailto"}
_NUMBER = re.compile(r"^\d{1,5}(\.\d+)?$")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "src":
        return value if tag == "img" and _IMAGE_DATA.match(value) else None
    if attr == "href":
        scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
        if scheme and scheme not in _SAFE_HREF_SCHEMES:
            return None
        return value
    if attr in ("width", "height"):
        return value if _NUMBER.match(value.strip()) else None
    return value


_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def clean_html(text: str) -> str:
    """Sanitise an HTML fragment written by a participant.

    >>> clean_html('<b onclick="x()">tebal</b><script>alert(1)</script>')
    '<b>tebal</b>'
    >>> clean_html('<a href="javascript:alert(1)">klik</a>')
    '<a rel="noopener noreferrer">klik</a>'
    >>> clean_html('<img src="http://contoh.id/x.png">tidak dimuat')
    'tidak dimuat'
    >>> clean_html('<table><tr><td>a</td></tr></table>')
    '<table class="table table-bordered table-condensed"><tbody><tr><td>a</td></tr></tbody></table>'
    """
    cleaned = nh3.clean(
        str(text),
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=_SAFE_HREF_SCHEMES | {"data"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        set_tag_attribute_values={"table": {"class": _TABLE_CLASS}},
        filter_style_properties=_STYLE_PROPERTIES,
    )
    # an image whose address was removed would only show as a broken icon
    return _IMG_WITHOUT_SRC.sub("", cleaned)


def safe_markdown(source: str, attachments: dict | None = None, path: str = "") -> str:
    """Markdown rendered as nbconvert does (tables, math, code), then :func:`clean_html`."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    renderer = IPythonRenderer(escape=False, attachments=attachments or {},
                               embed_images=False, path=path, anchor_link_text="",
                               exclude_anchor_links=True)
    return clean_html(MarkdownWithMath(renderer=renderer).render(str(source)))


@pass_context
def markdown2html(context, source) -> str:
    """Jinja filter replacing ``HTMLExporter.markdown2html`` (see ``nbgrader_config.py``)."""
    cell = context.get("cell") or {}
    attachments = cell.get("attachments", {}) if hasattr(cell, "get") else {}
    path = (context.get("resources") or {}).get("metadata", {}).get("path", "")
    return safe_markdown(source, attachments=attachments, path=path)


# --- outputs --------------------------------------------------------------------------

NOTE_REMOVED = "(keluaran jenis {kinds} tidak ditampilkan: bisa menjalankan kode di peramban)"
_IMAGES = ("image/png", "image/jpeg", "image/gif")
_KEEP_METADATA_KEYS = {"width", "height"}
_GRADE_ID = re.compile(r"[^A-Za-z0-9_.\-]")
_NBGRADER_KEYS = {"grade", "solution", "locked", "task", "grade_id", "points",
                  "schema_version", "checksum", "cell_type", "score", "comment"}


def _is_base64(data) -> bool:
    if not isinstance(data, str):
        return False
    try:
        base64.b64decode("".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _svg_as_image(svg: str) -> str:
    encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{encoded}" alt="gambar SVG">'


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def clean_output(output) -> None:
    """Clean one output in place (see the module docstring)."""
    kind = output.get("output_type")
    if kind not in ("display_data", "execute_result"):
        if kind == "stream":
            output["name"] = "stderr" if output.get("name") == "stderr" else "stdout"
        return
    data = output.get("data") or {}
    clean: dict = {}
    removed = []
    html_parts = []
    for mime, value in data.items():
        if mime == "text/plain":
            clean[mime] = _text(value)
        elif mime in _IMAGES:
            if _is_base64(value):
                clean[mime] = value
            else:
                removed.append(mime)
        elif mime == "text/html":
            html_parts.append(clean_html(_text(value)))
        elif mime == "text/markdown":
            html_parts.append(safe_markdown(_text(value)))
        elif mime == "image/svg+xml":
            html_parts.append(_svg_as_image(_text(value)))
        else:
            removed.append(mime)
    # keep one rich form; prefer images over HTML over text as nbconvert does
    if any(m in clean for m in _IMAGES):
        html_parts = []
    if html_parts:
        clean["text/html"] = "\n".join(html_parts)
    if removed and not (set(clean) - {"text/plain"}):
        note = NOTE_REMOVED.format(kinds=", ".join(sorted(removed)))
        clean["text/plain"] = (clean.get("text/plain", "") + "\n" + note).strip()
    output["data"] = clean
    meta = output.get("metadata") or {}
    output["metadata"] = {
        mime: {k: v for k, v in m.items() if k in _KEEP_METADATA_KEYS
               and _NUMBER.match(str(v))}
        for mime, m in meta.items() if mime in clean and isinstance(m, dict)
    }


def _clean_cell_metadata(cell) -> None:
    meta = cell.get("metadata") or {}
    kept = {}
    nbg = meta.get("nbgrader")
    if isinstance(nbg, dict):
        nbg = {k: v for k, v in nbg.items() if k in _NBGRADER_KEYS}
        if "grade_id" in nbg:
            nbg["grade_id"] = _GRADE_ID.sub("-", str(nbg["grade_id"]))[:100]
        for key in ("points", "score"):
            if key in nbg:
                try:
                    nbg[key] = float(nbg[key])
                except (TypeError, ValueError):
                    nbg[key] = 0.0
        kept["nbgrader"] = nbg
    cell["metadata"] = type(meta)(kept) if hasattr(meta, "items") else kept


class SanitizeNotebook(Preprocessor):
    """nbconvert preprocessor: make a submission safe to render as HTML.

    Works on the in-memory copy being exported; files on disk are untouched.
    """

    def preprocess(self, nb, resources):
        for key in list(nb.metadata):
            if key not in ("kernelspec", "language_info", "nbgrader", "kemitraan"):
                del nb.metadata[key]  # e.g. widget state, rendered inside <script>
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        _clean_cell_metadata(cell)
        cell.pop("attachments", None) if cell.cell_type != "markdown" else None
        if cell.cell_type == "raw":
            text = html.escape(_text(cell.source))
            cell.cell_type = "markdown"
            cell.source = f"<pre>{text}</pre>"
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                clean_output(output)
        return cell, resources
