"""Where the shipped rule packs and concept maps are, in a checkout and in an installed wheel.

The project keeps `rules/` and `taxonomies/` beside the package (they are data that users
read and edit, not code). A checkout or an editable install finds them there; a wheel
installs them as data files under `<prefix>/share/tieout/`, which is looked up next.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """`rules` or `taxonomies`: the checkout's folder, else the installed copy (the checkout's path if neither)."""
    beside = _PACKAGE.parent / name
    if beside.is_dir():
        return beside
    # <prefix>/lib/pythonX.Y/site-packages/checker (POSIX) or <prefix>/Lib/site-packages/checker (Windows)
    prefixes = [Path(sys.prefix), *(_PACKAGE.parents[i] for i in (3, 2) if i < len(_PACKAGE.parents))]
    for prefix in prefixes:
        candidate = prefix / "share" / "tieout" / name
        if candidate.is_dir():
            return candidate
    return beside


def user_cache_dir() -> Path:
    """Where derived files go when the installed data folder is read-only."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tieout"
