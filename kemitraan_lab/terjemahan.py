"""The course's corrected Indonesian for JupyterLab, layered over the language pack.

``jupyterlab-language-pack-id-ID`` translates about 530 of JupyterLab's strings, some of
them wrongly ("Menjalakan Semua Sel", "Dimulai lagi kernel", "Menyimpa perubahan").
The course keeps its own gettext catalogues, readable ``.po`` files in
``kemitraan_lab/po/id_ID/<domain>.po``, for every string of the screens a learner meets
(menus, the save/close/restart/rename dialogs, the file browser, the status bar, the
notebook toolbar). :func:`install` layers them over the pack of an environment:

* ``<domain>.json`` (what the browser gets from ``/lab/api/translations/id_ID``) and
  ``<domain>.mo`` (what the server uses for menu titles and other settings-schema
  strings) become the pack's entries with the course's entries on top;
* the pack's own files are kept beside them as ``<file>.asli`` and the hashes of what
  was written in ``kemitraan-lapisan.json``, so running :func:`install` again starts
  from the pack's original, and a pack upgraded by pip is taken as the new original.

Why in the pack's folder: JupyterLab's documented way for a package to add
translations (the ``jupyterlab.locale`` entry point) merges only when the package's
version is newer than the pack's, and this pack's version field is the word
``"jupyterlab"``, which makes that comparison raise and the whole translation API fail;
and the server side (menu titles) reads ``.mo`` files from the pack's folder only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from io import BytesIO
from pathlib import Path

__all__ = ["LOCALE", "PO_DIR", "catalog", "entries", "pack_messages_dir", "install",
           "CourseTranslationError"]

LOCALE = "id_ID"
PACK_MODULE = f"jupyterlab_language_pack_{LOCALE}"
PO_DIR = Path(__file__).resolve().parent / "po" / LOCALE
MANIFEST = "kemitraan-lapisan.json"
ORIGINAL_SUFFIX = ".asli"


class CourseTranslationError(RuntimeError):
    """The catalogues cannot be installed (message in Indonesian)."""


def catalog(domain: str = "jupyterlab"):
    """The course's catalogue of a domain as a :class:`babel.messages.Catalog`."""
    from babel.messages.pofile import read_po

    with open(PO_DIR / f"{domain}.po", "rb") as handle:
        return read_po(handle, locale=LOCALE, domain=domain)


def entries(domain: str = "jupyterlab") -> dict[str, list[str]]:
    """Translated entries in the JSON (Jed) form of JupyterLab: key ``ctx\\x04id``."""
    result: dict[str, list[str]] = {}
    for message in catalog(domain):
        if not message.id or not message.string or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        strings = message.string
        strings = list(strings) if isinstance(strings, (tuple, list)) else [strings]
        if message.pluralizable and len(strings) < 2:
            # JupyterLab's frontend takes an entry as plural only when it has two or more
            # strings (as in the pack: [form, ""]); Indonesian has one form.
            strings.append(strings[0])
        key = f"{message.context}\x04{msgid}" if message.context else msgid
        result[key] = strings
    return result


def domains() -> list[str]:
    return sorted(p.stem for p in PO_DIR.glob("*.po"))


def pack_messages_dir(prefix: Path | None = None) -> Path:
    """``.../jupyterlab_language_pack_id_ID/locale/id_ID/LC_MESSAGES`` in an environment."""
    prefix = Path(prefix or sys.prefix)
    rel = Path(PACK_MODULE) / "locale" / LOCALE / "LC_MESSAGES"
    candidates = sorted(prefix.glob(f"lib/python*/site-packages/{rel}"))
    candidates += sorted(prefix.glob(f"Lib/site-packages/{rel}"))  # Windows venvs
    if not candidates:
        raise CourseTranslationError(
            f"Paket bahasa Indonesia JupyterLab tidak ditemukan di {prefix}. Pasang dengan: "
            f"{prefix}/bin/python -m pip install jupyterlab-language-pack-id-ID")
    return candidates[-1]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _original(path: Path, manifest: dict) -> bytes:
    """The pack's own version of ``path`` (saved once as ``.asli``)."""
    saved = path.with_name(path.name + ORIGINAL_SUFFIX)
    if saved.exists() and path.exists() and manifest.get(path.name) == _sha(path):
        return saved.read_bytes()  # our layer is in place: start from the original
    if path.exists():
        shutil.copyfile(path, saved)  # first run, or pip installed a new pack
        return path.read_bytes()
    return b""


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _merged_json(original: bytes, domain: str, ours: dict) -> bytes:
    data = json.loads(original.decode("utf-8")) if original else {}
    header = data.get("") or {"domain": domain, "language": "id-ID",
                              "plural_forms": "nplurals=1; plural=0;", "version": domain}
    data.update(ours)
    data[""] = header
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _merged_mo(original: bytes, domain: str) -> bytes:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import read_mo, write_mo

    merged = read_mo(BytesIO(original)) if original else Catalog(locale=LOCALE, domain=domain)
    for message in catalog(domain):
        if message.id and message.string and not message.fuzzy:
            if merged.get(message.id, context=message.context) is not None:
                merged.delete(message.id, context=message.context)  # add() keeps the old
            merged.add(message.id, message.string, context=message.context)
    out = BytesIO()
    write_mo(out, merged)
    return out.getvalue()


def install(prefix: Path | None = None) -> Path:
    """Layer the course's catalogues over the language pack of ``prefix``; idempotent."""
    target = pack_messages_dir(prefix)
    manifest_path = target / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    for domain in domains():
        ours = entries(domain)
        json_path, mo_path = target / f"{domain}.json", target / f"{domain}.mo"
        _write(json_path, _merged_json(_original(json_path, manifest), domain, ours))
        _write(mo_path, _merged_mo(_original(mo_path, manifest), domain))
        manifest[json_path.name] = _sha(json_path)
        manifest[mo_path.name] = _sha(mo_path)
    _write(manifest_path, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    return target
