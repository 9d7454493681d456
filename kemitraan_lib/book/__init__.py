"""The course book: a static, offline site of every module with executed examples.

``make buku`` (``python -m kemitraan_lib.book``) runs every module notebook
listed in ``modules/urutan.json`` (the one ordering file), replaces widget
outputs by an Indonesian note to open the notebook, converts the notebooks to
HTML with nbconvert and writes, into ``buku/``:

* ``index.html``: the course map (modules in course order);
* one page per module, ``NN-slug.html``, with prev/next navigation;
* ``cari.html`` + ``aset/indeks-cari.js``: search that works from ``file://``;
* ``cetak.html``: the whole book on one page, one module per printed section;
* ``aset/``: all CSS and JavaScript (no CDN, no web fonts).

Submodules: :mod:`.prepare` (notebook clean-up, no I/O), :mod:`.pages`
(the Indonesian chrome and the HTML post-processing), :mod:`.build`
(execution, conversion, atomic write). Importing this package loads none of
them (nbconvert and nbclient are imported only when a book is built).
"""

__all__ = ["BookError"]

from kemitraan_lib.errors import KemitraanError


class BookError(KemitraanError):
    """The book could not be built; ``str(e)`` says why in Indonesian."""
