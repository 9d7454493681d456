"""Flags on a graded notebook: things the trainer should look at by hand.

A flag is one Indonesian sentence stored in the notebook's metadata under
``metadata["kemitraan"]["flags"]``. Anything in the grading pipeline that
detects a problem it cannot score fairly (a sandbox limit hit, output cut
short, a verdict that differs between the participant's kernel and the
trusted re-check, ...) adds a flag; the class summary and the trainer's
report list them. A flagged submission is never counted as full marks
without a human look.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> add_flag(nb, "Keluaran sel dipotong.")
>>> add_flag(nb, "Keluaran sel dipotong.")
>>> flags_of(nb)
['Keluaran sel dipotong.']
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["METADATA_KEY", "add_flag", "flags_of", "read_flags"]

#: Top-level notebook metadata key that holds the course's own data.
METADATA_KEY = "kemitraan"


def add_flag(nb, text: str) -> None:
    """Add ``text`` (Indonesian, one sentence) to ``nb``'s flags, once."""
    text = str(text).strip()
    if not text:
        return
    meta = nb.metadata.setdefault(METADATA_KEY, {})
    flags = meta.setdefault("flags", [])
    if text not in flags:
        flags.append(text)


def flags_of(nb) -> list[str]:
    """The flags of an in-memory notebook (empty list when none)."""
    meta = nb.metadata.get(METADATA_KEY) or {}
    flags = meta.get("flags") or []
    return [str(f) for f in flags if isinstance(f, str)]


def read_flags(path) -> list[str]:
    """The flags of the notebook file at ``path``; a missing or unreadable file has none.

    Only the top-level metadata is read; the file is never executed.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    meta = data.get("metadata") if isinstance(data, dict) else None
    meta = meta.get(METADATA_KEY) if isinstance(meta, dict) else None
    flags = meta.get("flags") if isinstance(meta, dict) else None
    if not isinstance(flags, list):
        return []
    return [f for f in flags if isinstance(f, str)]
