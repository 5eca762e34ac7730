"""Word-overlap votes for labels no filer wrote exactly this way.

An unseen label ("Research and development costs") is compared with every known
normalised label by IDF-weighted cosine; the nearest labels vote for the
concepts filers chose for them. Words the index has never seen lower the score
instead of being ignored: an OCR-garbled line ("Other in serve (servense) and")
must fall below the acceptance threshold, not ride on its one real word.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

_STOP = {"of", "and", "the", "for", "in", "on", "to", "from", "by", "at", "or", "a", "an", "with"}


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(key: str) -> list[str]:
    return [stem(w) for w in key.split() if w not in _STOP]


def camel_words(name: str) -> str:
    """'NetCashProvidedByUsedInOperatingActivities' -> 'Net Cash Provided By Used In ...'"""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)


@dataclass
class Doc:
    stmt: str
    votes: list[tuple[str, float]]  # concept, weight
    weights: dict[str, float]
    norm: float


@dataclass
class SimilarityIndex:
    """Inverted index over known label keys; built once per taxonomy and cached with it."""

    docs: list[Doc] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    max_idf: float = 1.0

    @classmethod
    def build(cls, entries: list[tuple[str, str, list[tuple[str, float]]]]) -> SimilarityIndex:
        """entries: (statement or "ANY", normalised key, [(concept, weight)])."""
        token_lists = [sorted(set(tokens(key))) for _, key, _ in entries]
        df: dict[str, int] = defaultdict(int)
        for toks in token_lists:
            for t in toks:
                df[t] += 1
        n = max(1, len(entries))
        idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        index = cls(idf=idf, max_idf=math.log(n + 1) + 1.0)
        postings: dict[str, list[int]] = defaultdict(list)
        for (stmt, _key, votes), toks in zip(entries, token_lists, strict=True):
            if not toks or not votes:
                continue
            weights = {t: idf[t] for t in toks}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            doc_id = len(index.docs)
            index.docs.append(Doc(stmt, votes, weights, norm))
            for t in toks:
                postings[t].append(doc_id)
        index.postings = dict(postings)
        return index

    def coverage(self, toks: list[str]) -> float:
        """Share of the label's information carried by words the index knows."""
        if not toks:
            return 0.0
        known = sum(self.idf[t] for t in toks if t in self.idf)
        total = known + sum(self.max_idf for t in toks if t not in self.idf)
        return known / total if total else 0.0

    def vote(self, key: str, statement: str | None, k: int = 12) -> tuple[list[tuple[str, float]], float]:
        """Concepts ranked by score in 0..1, and the label's word coverage."""
        toks = sorted(set(tokens(key)))
        cover = self.coverage(toks)
        q = {t: self.idf[t] for t in toks if t in self.idf}
        if not q:
            return [], cover
        qnorm = math.sqrt(sum(w * w for w in q.values())) / max(cover, 1e-9)  # unknown words count in the norm
        dots: dict[int, float] = defaultdict(float)
        for t, w in q.items():
            for d in self.postings.get(t, ()):
                dots[d] += w * w
        scored = []
        for d, dot in dots.items():
            doc = self.docs[d]
            cos = dot / (qnorm * doc.norm)
            if statement and doc.stmt not in (statement, "ANY"):
                cos *= 0.8
            scored.append((cos, d))
        scored.sort(reverse=True)
        votes: dict[str, float] = defaultdict(float)
        best: dict[str, float] = defaultdict(float)
        for cos, d in scored[:k]:
            for concept, weight in self.docs[d].votes:
                votes[concept] += (cos**4) * weight
                best[concept] = max(best[concept], cos)
        total = sum(votes.values())
        if not total:
            return [], cover
        ranked = sorted(((best[c] * (0.5 + 0.5 * v / total), c) for c, v in votes.items()), reverse=True)
        return [(c, s) for s, c in ranked], cover
