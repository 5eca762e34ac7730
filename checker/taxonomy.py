"""The concept map: US-GAAP names with their metadata and the labels filers use for them.

Loaded from YAML in `taxonomies/`, so a new synonym is a data edit, never a code change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from checker.errors import TieoutError

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "taxonomies"


@dataclass(frozen=True)
class Concept:
    name: str
    type: str
    period: str
    balance: str | None
    label: str


@dataclass(frozen=True)
class Match:
    concept: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    method: str


def normalize_label(label: str) -> str:
    """Lower case, one spelling of equity holders, no punctuation or footnote markers."""
    text = label.lower().replace("’", "'").replace("shareholders", "stockholders").replace("shareowners", "stockholders")
    text = re.sub(r"\(\d\)|\*+", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _variants(key: str) -> list[str]:
    out = [key]
    for pattern in (r"^total ", r" net$", r"^less ", r"^add "):
        stripped = re.sub(pattern, "", key).strip()
        if stripped and stripped not in out:
            out.append(stripped)
    return out


class Taxonomy:
    def __init__(self, concepts: dict[str, Concept], synonyms: dict[str, str]) -> None:
        self.concepts = concepts
        self._synonyms = synonyms

    def get(self, name: str) -> Concept | None:
        return self.concepts.get(name.split(":", 1)[-1])

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def match(self, label: str, statement: str | None = None) -> Match:
        key = normalize_label(label)
        for i, variant in enumerate(_variants(key)):
            if variant in self._synonyms:
                return Match(self._synonyms[variant], 1.0 if i == 0 else 0.9, None, 0.0, "exact" if i == 0 else "variant")
        return Match(None, 0.0, None, 0.0, "none")


def load_taxonomy(paths: Sequence[Path] | None = None) -> Taxonomy:
    return _load(tuple(paths) if paths else (TAXONOMY_DIR / "us-gaap.yaml", TAXONOMY_DIR / "fsds-concepts.yaml"))


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> Taxonomy:
    concepts: dict[str, Concept] = {}
    synonyms: dict[str, str] = {}
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except FileNotFoundError:
            raise TieoutError("taxonomy map not found", str(path)) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise TieoutError(f"malformed YAML: {getattr(exc, 'problem', exc)}", str(path), mark.line + 1 if mark else None) from None
        if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
            raise TieoutError("a taxonomy map needs a 'concepts' mapping", str(path))
        for name, meta in data["concepts"].items():
            meta = meta or {}
            concepts[name] = Concept(name, meta.get("type", "monetary"), meta.get("period", "duration"), meta.get("balance"), meta.get("label", name))
            for syn in meta.get("labels", []) or []:
                synonyms.setdefault(normalize_label(str(syn)), name)
    return Taxonomy(concepts, synonyms)
