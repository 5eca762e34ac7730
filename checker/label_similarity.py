"""Word-overlap votes for labels no filer wrote exactly this way.

An unseen label ("Research and development costs") is compared with every known
normalised label by IDF-weighted cosine; the nearest labels vote for the
concepts filers chose for them. Words the index has never seen lower the score
instead of being ignored: an OCR-garbled line ("Other in serve (servense) and")
must fall below the acceptance threshold, not ride on its one real word.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field

OTHER_STATEMENT = 0.5  # a neighbour from another statement counts this much (CF "Inventories" is a change)
NEIGHBOURS = 12
SHARPNESS = 4  # votes grow with cosine**SHARPNESS: the nearest labels dominate
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
class SimilarityIndex:
    """Inverted index over known label keys; built once per taxonomy and cached with it.

    Kept flat (arrays, tuples) because it is pickled: thousands of small objects
    would make every `tieout` start pay for unpickling them.
    """

    doc_stmt: list[str] = field(default_factory=list)
    doc_votes: list[tuple[tuple[str, float], ...]] = field(default_factory=list)
    doc_norm: array = field(default_factory=lambda: array("d"))
    postings: dict[str, array] = field(default_factory=dict)
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
            doc_id = len(index.doc_stmt)
            index.doc_stmt.append(stmt)
            index.doc_votes.append(tuple(votes))
            index.doc_norm.append(math.sqrt(sum(idf[t] ** 2 for t in toks)))
            for t in toks:
                postings[t].append(doc_id)
        index.postings = {t: array("I", ids) for t, ids in postings.items()}
        return index

    def coverage(self, toks: list[str], names: frozenset[str] = frozenset()) -> float:
        """Share of the label's information carried by words the index knows (names excused)."""
        toks = [t for t in toks if t in self.idf or t not in names]
        if not toks:
            return 0.0
        known = sum(self.idf[t] for t in toks if t in self.idf)
        total = known + sum(self.max_idf for t in toks if t not in self.idf)
        return known / total if total else 0.0

    def vote(
        self, key: str, statement: str | None, names: frozenset[str] = frozenset()
    ) -> tuple[list[tuple[str, float]], float]:
        """Concepts ranked by score in 0..1, and the label's word coverage."""
        toks = sorted(set(tokens(key)))
        cover = self.coverage(toks, frozenset(stem(n) for n in names))
        q = {t: self.idf[t] for t in toks if t in self.idf}
        if not q:
            return [], cover
        qnorm = math.sqrt(sum(w * w for w in q.values())) / max(cover, 1e-9)  # unknown words count in the norm
        dots: dict[int, float] = defaultdict(float)
        for t, w in q.items():
            for d in self.postings.get(t, ()):
                dots[d] += w * w
        norm, stmts = self.doc_norm, self.doc_stmt

        def cosine(item: tuple[int, float]) -> float:
            d, dot = item
            cos = dot / (qnorm * norm[d])
            return cos * OTHER_STATEMENT if statement and stmts[d] not in (statement, "ANY") else cos

        nearest = heapq.nlargest(NEIGHBOURS, dots.items(), key=cosine)
        votes: dict[str, float] = defaultdict(float)
        best: dict[str, float] = defaultdict(float)
        for cos, d in ((cosine(item), item[0]) for item in nearest):
            for concept, weight in self.doc_votes[d]:
                votes[concept] += (cos**SHARPNESS) * weight
                best[concept] = max(best[concept], cos)
        total = sum(votes.values())
        if not total:
            return [], cover
        ranked = sorted(((best[c] * (0.5 + 0.5 * v / total), c) for c, v in votes.items()), reverse=True)
        return [(c, s) for s, c in ranked], cover
