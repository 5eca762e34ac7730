"""Fingerprints that name a result independently of where it sits in the file.

Baselines and SARIF's `partialFingerprints` must survive an edit that moves a table
down ten lines, so the hash is built from what was checked (rule, concept, period,
document name) and never from line numbers or directories.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath

from checker.engine.results import Evaluation, Finding

FINGERPRINT_KEY = "tieout/v1"

_LINE_REFS = re.compile(r"\b(?:line|lines|page)\s+\d+(?:\s*[-–,]\s*\d+)*|:\d+(?::\d+)?\b", re.I)


def _subject(item: Evaluation | Finding) -> str:
    """The thing a result is about: its concept (and dimensions), else its label or message minus line numbers."""
    if isinstance(item, Evaluation):
        if item.target is None:
            return item.statement or ""
        subject = item.target.concept or " ".join(item.target.label.lower().split())
        fact = item.target.fact
        if fact is not None and fact.dimensions:  # a segment column is a different figure
            subject += "".join(f"|{axis}={member}" for axis, member in sorted(fact.dimensions))
        return subject
    if item.concept:
        return item.concept
    return " ".join(_LINE_REFS.sub("", item.message).lower().split())


def fingerprint(item: Evaluation | Finding, document_path: str) -> str:
    """A 32-hex-digit hash of rule (or finding code), subject, period and document basename."""
    code = item.rule_id if isinstance(item, Evaluation) else f"finding:{item.code}"
    period = item.period.key() if item.period is not None else ""
    name = PurePath(document_path.replace("\\", "/")).name if document_path else ""
    text = "\x1f".join((code, _subject(item), period, name))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
