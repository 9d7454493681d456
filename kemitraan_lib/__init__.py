"""Helper package for the course "Membangun Jaringan Kemitraan".

The most used names are here, flat, and loaded only when first used
(``import kemitraan_lib`` itself loads no pandas, matplotlib, networkx or
ipywidgets)::

    >>> from kemitraan_lib import PartnerNetwork, load_case
    >>> net = load_case("menabung-pohon")
    >>> isinstance(net, PartnerNetwork), len(net) > 10
    (True, True)

Everything else lives in submodules with names that say what they hold, e.g.
``from kemitraan_lib import content`` (the course content as data) or
``from kemitraan_lib import answers`` (the learner's saved answers).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> the submodule that defines it
_LAZY = {
    "Partner": "network",
    "Link": "network",
    "PartnerNetwork": "network",
    "History": "history",
    "load_network": "files",
    "save_network": "files",
    "load_case": "cases",
    "summary": "analysis",
    "brokers": "analysis",
    "recommend": "recommender",
    "Situation": "recommender",
    "Workbook": "workbook",
    "build_plan": "capstone",
    "draw_network": "drawing",
    "draw_grid": "drawing",
    "KemitraanError": "errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kemitraan_lib' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"kemitraan_lib.{module}"), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
