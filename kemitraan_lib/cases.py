"""The two fictional running cases of the course, read from ``data/``.

* ``menabung-pohon``: the tree-savings programme of Desa Mekarsari,
  Kabupaten Tanah Hijau (facilitator Pak Arif Rahman);
* ``tas-rajut``: LKP Kreasi Mandiri, a course institution teaching knitted
  bags and selling them through Swalayan Sinar Jaya (pendamping Ibu Dewi
  Lestari).

Both are fictional; ``data/README.md`` tells their story. The folder is
``data/`` at the project root; the environment variable ``KEMITRAAN_DATA``
points elsewhere (e.g. for an installed copy).

>>> net = load_case("menabung-pohon")
>>> net.title
'Program Menabung Pohon Desa Mekarsari'
>>> sorted(CASES)
['menabung-pohon', 'tas-rajut']
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InvalidValueError, format_choices, show
from .network import PartnerNetwork

__all__ = ["CASES", "LATER_MAPS", "data_dir", "case_path", "load_case"]

#: case key -> Indonesian title
CASES: dict[str, str] = {
    "menabung-pohon": "Program Menabung Pohon Desa Mekarsari",
    "tas-rajut": "LKP Kreasi Mandiri: Tas Rajut untuk Swalayan Sinar Jaya",
}

#: later maps of a case (the map over time, module 09): key -> (title, case it follows).
#: ``load_case`` opens them too; they are not offered as starting maps.
LATER_MAPS: dict[str, tuple[str, str]] = {
    "menabung-pohon-tahun-2": ("Program Menabung Pohon Desa Mekarsari (tahun kedua)",
                               "menabung-pohon"),
}


def data_dir() -> Path:
    """The folder holding the case files (``$KEMITRAAN_DATA`` or ``<project>/data``)."""
    override = os.environ.get("KEMITRAAN_DATA", "").strip()
    if override:
        return Path(override).expanduser()
    return Path(__file__).resolve().parents[1] / "data"


def _key(key) -> str:
    text = key.strip().casefold().replace(" ", "-").replace("_", "-") if isinstance(
        key, str) else None
    if text not in CASES and text not in LATER_MAPS:
        raise InvalidValueError(
            f"Kasus {show(key)} tidak dikenal. Pilihan: {format_choices(CASES)}.",
            field="kasus", value=key, allowed=tuple(CASES),
        )
    return text


def case_path(key: str, suffix: str = ".json") -> Path:
    """Path of a case file, e.g. ``case_path("tas-rajut", ".xlsx")``."""
    if not isinstance(suffix, str) or suffix not in (".json", ".xlsx"):
        raise InvalidValueError(
            f"Akhiran berkas kasus {show(suffix)} tidak dikenal. Pilihan: .json, .xlsx.",
            field="akhiran", value=suffix, allowed=(".json", ".xlsx"),
        )
    return data_dir() / f"{_key(key)}{suffix}"


def load_case(key: str) -> PartnerNetwork:
    """Load a running case as a fresh :class:`PartnerNetwork` (a new copy each call)."""
    from .files import load_network

    return load_network(case_path(key, ".json"))
