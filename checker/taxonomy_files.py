"""Reading the concept map files: YAML parsing, validation with file and line, and the caches.

The generated map is large (one line per concept and per statement label), so the
parsed result is kept twice: in memory for the process, and for the repo's own map
set in a pickle next to `us-gaap.yaml`, keyed by the YAML files and this code, so a
`tieout` start reads it in a few hundredths of a second instead of parsing YAML.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from checker.errors import TieoutError
from checker.label_normalize import normalize_label
from checker.shipped import shipped_dir, user_cache_dir
from checker.taxonomy import STATEMENTS, Concept, Taxonomy, _build_index, _Data

_CACHE_VERSION = "5"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RANKED = re.compile(r"[\w:.-]+:\d+(?: [\w:.-]+:\d+)*")


def _default_paths() -> list[Path]:
    root = shipped_dir("taxonomies")
    return [root / "us-gaap.yaml", root / "overrides.yaml"]


_CACHE: dict[tuple[str, ...], Taxonomy] = {}


def load(paths: Sequence[Path] | None = None) -> Taxonomy:
    """Parse (or fetch from the in-process and on-disk caches) the given map files, later files winning."""
    defaults = _default_paths()
    files = [Path(p) for p in (paths if paths is not None else defaults)]
    blobs = []
    for f in files:
        try:
            blobs.append(f.read_bytes())
        except OSError as exc:
            raise TieoutError(f"cannot read taxonomy map: {exc.strerror}", str(f)) from None
    digest = hashlib.sha1(_code_stamp() + b"".join(hashlib.sha1(b).digest() for b in blobs)).hexdigest()
    key = (digest,)
    if key in _CACHE:
        return _CACHE[key]
    # Only the repo's own map set is cached on disk (one file, rewritten when the YAML changes);
    # other sets (tests, benchmarks) are cached in memory and build their word index on first need.
    on_disk = [f.resolve() for f in files] == [f.resolve() for f in defaults]
    on_disk = on_disk and os.environ.get("TIEOUT_TAXONOMY_CACHE", "1") != "0"
    # beside the map in a checkout; in the user's cache folder when the installed copy is read-only
    caches = [defaults[0].with_name(f".{defaults[0].name}.cache.pickle"), user_cache_dir() / "us-gaap.cache.pickle"]
    caches = caches if on_disk else []
    data = next((d for d in (_read_cache(c, digest) for c in caches) if d is not None), None)
    if data is None:
        data = _Data()
        for f, blob in zip(files, blobs, strict=True):
            _merge(data, f, blob)
        if caches:
            data.index = _build_index(data)
            any(_write_cache(c, digest, data) for c in caches)
    tax = Taxonomy(data)
    _CACHE[key] = tax
    return tax


def _code_stamp() -> bytes:
    """The cache holds keys normalised by this code: a change to it must invalidate the cache."""
    here = Path(__file__).resolve().parent
    parts = [_CACHE_VERSION.encode()]
    for name in ("taxonomy.py", "taxonomy_files.py", "label_normalize.py", "label_similarity.py"):
        try:
            parts.append(hashlib.sha1((here / name).read_bytes()).digest())
        except OSError:
            parts.append(name.encode())
    return b"".join(parts)


def _read_cache(path: Path, digest: str) -> _Data | None:
    try:
        with path.open("rb") as fh:
            stored_digest, data = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, AttributeError, ImportError, TypeError):
        return None
    return data if stored_digest == digest else None


def _write_cache(path: Path, digest: str, data: _Data) -> bool:
    """Whether the cache was written: a read-only folder is not an error, the next place is tried."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump((digest, data), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        return False
    return True


def _line_of(blob: bytes, needle: str) -> int | None:
    text = blob.decode("utf-8", "replace")
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    return None


def _merge(data: _Data, path: Path, blob: bytes) -> None:
    fname = str(path)
    try:
        doc = yaml.load(blob, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        line = mark.line + 1 if mark else None
        raise TieoutError(f"malformed taxonomy YAML: {exc.problem or exc.context}", fname, line) from None
    except yaml.YAMLError as exc:
        raise TieoutError(f"malformed taxonomy YAML: {exc}", fname) from None
    if doc is None:
        return
    if not isinstance(doc, dict):
        raise TieoutError("a taxonomy map must be a mapping of sections", fname, 1)

    def fail(msg: str, needle: str) -> TieoutError:
        return TieoutError(msg, fname, _line_of(blob, needle))

    known = {"concepts", "labels", "synonyms", "renamed", "version", "landmarks", "regions"}
    for section in doc:
        if section not in known:
            raise fail(f"unknown section {section!r} (expected one of {', '.join(sorted(known))})", f"{section}:")
    for name, spec in (doc.get("concepts") or {}).items():
        data.concepts[name] = _concept(name, spec, fail)
        # The hand-kept form may list synonyms on the concept itself: {..., labels: [a, b]}.
        for label in (spec.get("labels") or []) if isinstance(spec, dict) else []:
            key = normalize_label(str(label))
            if key:
                data.synonyms.setdefault("ANY", {})[key] = str(name)
    for stmt, by_key in (doc.get("labels") or {}).items():
        target = data.learned.setdefault(str(stmt), {})
        for key, ranked in (by_key or {}).items():
            if not isinstance(ranked, str) or not _RANKED.fullmatch(ranked):
                raise fail(f"label {key!r}: expected 'Concept:filers Concept:filers ...', got {ranked!r}", str(key))
            target[str(key)] = ranked
    for stmt, marks in (doc.get("landmarks") or {}).items():
        if not isinstance(marks, list):
            raise fail(f"landmarks {stmt}: expected a list of concepts", f"{stmt}:")
        data.landmarks[str(stmt)] = tuple(str(m) for m in marks)
    for region, by_key in (doc.get("regions") or {}).items():
        if ">" not in str(region):
            raise fail(f"region {region!r}: expected 'STATEMENT>landmark'", str(region))
        target = data.regional.setdefault(str(region), {})
        for key, ranked in (by_key or {}).items():
            if not isinstance(ranked, str) or not _RANKED.fullmatch(ranked):
                raise fail(f"label {key!r}: expected 'Concept:filers Concept:filers ...', got {ranked!r}", str(key))
            target[str(key)] = ranked
    for old, new in (doc.get("renamed") or {}).items():
        data.renamed[str(old)] = str(new)
    for scope, by_label in (doc.get("synonyms") or {}).items():
        scope = str(scope).upper()
        if scope not in (*STATEMENTS, "UN", "ANY"):
            raise fail(f"synonyms: unknown statement {scope!r} (use BS, IS, CF, CI, EQ or ANY)", f"{scope}:")
        if not isinstance(by_label, dict):
            raise fail(f"synonyms {scope}: expected 'label: Concept' lines", f"{scope}:")
        target_syn = data.synonyms.setdefault(scope, {})
        for label, concept in by_label.items():
            key = normalize_label(str(label))
            if not key:
                raise fail(f"synonym label {label!r} is empty once normalised", str(label))
            if concept is not None and not isinstance(concept, str):
                raise fail(f"synonym {label!r}: concept must be a name or null", str(label))
            if concept is not None and concept not in data.concepts and not concept.startswith("ext:"):
                raise fail(f"synonym {label!r} names unknown concept {concept!r}", str(label))
            target_syn[key] = concept


def _concept(name: Any, spec: Any, fail: Any) -> Concept:
    if isinstance(spec, list) and len(spec) == 4:
        ctype, period, balance, label = spec
    elif isinstance(spec, dict):
        ctype, period = spec.get("type"), spec.get("period")
        balance, label = spec.get("balance"), spec.get("label", name)
    else:
        raise fail(f"concept {name}: expected [type, period, balance, label] or a mapping", f"{name}:")
    if period not in ("instant", "duration"):
        raise fail(f"concept {name}: period must be instant or duration, not {period!r}", f"{name}:")
    if balance not in (None, "debit", "credit"):
        raise fail(f"concept {name}: balance must be debit, credit or null, not {balance!r}", f"{name}:")
    if not isinstance(ctype, str):
        raise fail(f"concept {name}: type missing", f"{name}:")
    return Concept(str(name), ctype, period, balance, str(label))
