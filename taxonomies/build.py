"""Build `taxonomies/us-gaap.yaml` from the SEC Financial Statement Data Set.

Why from FSDS: `pre.txt` shows, for every line of every filer's statements, the
label the filer printed and the US-GAAP concept it chose. Counting filers per
(statement, normalised label, concept) turns that into label synonyms ranked by
use; `tag.txt` gives each concept's data type, period type and balance.

    python3 taxonomies/build.py                       # the committed map, all filers
    python3 taxonomies/build.py --holdout --out /tmp/m.yaml   # without every tenth filer

The output is one line per concept and one line per (statement, label), read
with yaml.CSafeLoader, so the checker loads it fast. A second, smaller table
ranks concepts per statement *region*: where a line sits relative to the
statement's landmark totals ("Deferred income taxes" before "Total current
assets" is an asset, after "Total assets" a liability). Only labels whose
statement-wide evidence is split are kept there. Do not edit it by hand:
corrections go in `taxonomies/overrides.yaml`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from checker.label_normalize import BARE_TOTAL, normalize_label, region_key  # noqa: E402
from checker.statement_map import region_names, regions  # noqa: E402
from checker.taxonomy import ANY_LABEL  # noqa: E402

DEFAULT_FSDS = Path("/work/shared/corpus/fsds/2009q3")
DEFAULT_OUT = REPO / "taxonomies" / "us-gaap.yaml"
STATEMENTS = ("BS", "IS", "CF", "CI", "EQ", "UN")
_TYPES = {"monetary": "monetary", "shares": "shares", "perShare": "perShare", "pure": "pure", "percent": "percent"}


@dataclass(frozen=True)
class Line:
    """One presented statement line of one filing."""

    cik: str
    adsh: str
    stmt: str
    tag: str
    plabel: str
    standard: bool  # a us-gaap concept, not the filer's own extension
    report: str = ""  # the statement (R file) within the filing
    line: int = 0  # position within that statement


@dataclass(frozen=True)
class TagInfo:
    name: str
    type: str
    period: str
    balance: str | None
    label: str


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def read_lines(fsds: Path) -> list[Line]:
    cik_of = {r["adsh"]: r["cik"] for r in _rows(fsds / "sub.txt")}
    out = []
    for r in _rows(fsds / "pre.txt"):
        if r["stmt"] not in STATEMENTS or not r["plabel"]:
            continue
        standard = r["version"].startswith("us-gaap/")
        cik = cik_of.get(r["adsh"], r["adsh"])
        out.append(Line(cik, r["adsh"], r["stmt"], r["tag"], r["plabel"], standard, r["report"], int(r["line"] or 0)))
    return out


def read_tags(fsds: Path) -> dict[str, TagInfo]:
    """Standard concepts only; the newest version's metadata wins."""
    tags: dict[str, TagInfo] = {}
    for r in sorted(_rows(fsds / "tag.txt"), key=lambda r: r["version"]):
        if r["custom"] != "0" or r["abstract"] != "0":
            continue
        tags[r["tag"]] = TagInfo(
            name=r["tag"],
            type=_TYPES.get(r["datatype"], r["datatype"] or "string"),
            period={"I": "instant", "D": "duration"}.get(r["iord"], "duration"),
            balance={"D": "debit", "C": "credit"}.get(r["crdr"]),
            label=r["tlabel"],
        )
    return tags


def heldout_filers(lines: Iterable[Line], every: int = 10, offset: int | None = None) -> set[str]:
    """Every `every`-th filer by CIK order, from the `offset`-th (default: the last of each `every`):
    a deterministic split the benchmark can repeat, and shift to check a result is not the split's."""
    ciks = sorted({ln.cik for ln in lines}, key=int)
    start = every - 1 if offset is None else offset
    return {cik for i, cik in enumerate(ciks) if i % every == start}


def count_labels(lines: Iterable[Line]) -> dict[str, dict[str, dict[str, int]]]:
    """statement -> normalised label -> concept -> number of distinct filers using it."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for ln in lines:
        if not ln.standard:
            continue
        key = normalize_label(ln.plabel)
        if key:
            seen[(ln.stmt, key, ln.tag)].add(ln.cik)
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (stmt, key, tag), filers in seen.items():
        counts[stmt][key][tag] = len(filers)
    return counts


# The totals that split a statement into regions; a line's region is the last landmark above it
# ("top" before the first) and the first below it ("end" after the last). Kept short: each must be a line filers label unambiguously, because
# the matcher finds them in a document by its own first-pass answers.
LANDMARKS = {
    "BS": ("AssetsCurrent", "Assets", "LiabilitiesCurrent", "Liabilities", "StockholdersEquity", "MinorityInterest",
           "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", "LiabilitiesAndStockholdersEquity"),
    "IS": ("Revenues", "SalesRevenueNet", "GrossProfit", "OperatingExpenses", "CostsAndExpenses", "OperatingIncomeLoss",
           "IncomeTaxExpenseBenefit", "ProfitLoss", "NetIncomeLossAttributableToNoncontrollingInterest", "NetIncomeLoss", "EarningsPerShareBasic", "EarningsPerShareDiluted",
           "WeightedAverageNumberOfSharesOutstandingBasic", "WeightedAverageNumberOfDilutedSharesOutstanding"),
    "CF": ("NetCashProvidedByUsedInOperatingActivities", "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations",
           "NetCashProvidedByUsedInInvestingActivities", "NetCashProvidedByUsedInInvestingActivitiesContinuingOperations",
           "NetCashProvidedByUsedInFinancingActivities", "NetCashProvidedByUsedInFinancingActivitiesContinuingOperations",
           "CashAndCashEquivalentsPeriodIncreaseDecrease"),
    "CI": ("ProfitLoss", "NetIncomeLoss", "NetIncomeLossAttributableToNoncontrollingInterest",
           "OtherComprehensiveIncomeLossNetOfTaxPeriodIncreaseDecrease", "ComprehensiveIncomeNetOfTax",
           "ComprehensiveIncomeNetOfTaxIncludingPortionAttributableToNoncontrollingInterest",
           "ComprehensiveIncomeNetOfTaxAttributableToNoncontrollingInterest"),
}


def count_regions(
    lines: Iterable[Line], counts: dict[str, dict[str, dict[str, int]]]
) -> dict[str, dict[str, dict[str, int]]]:
    """"STMT>above<below" and "STMT>above" -> normalised label -> concept -> filers, for labels
    the statement splits (above/below: the landmarks around the line, see statement_map.regions).

    A label kept here must have at least two concepts in `counts` (else the region adds nothing)
    and two filers in the region (else it is one filer's habit). A bare "Total" is kept under
    BARE_TOTAL: only its region can say what it totals.
    """
    statements: dict[tuple[str, str], list[Line]] = defaultdict(list)
    for ln in lines:
        if ln.stmt in LANDMARKS:
            statements[(ln.adsh, ln.report)].append(ln)
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for group in statements.values():
        group.sort(key=lambda ln: ln.line)
        stmt = group[0].stmt
        # The matcher cuts a document's statement with the same functions, on its first-pass answers.
        for ln, region in zip(group, regions(set(LANDMARKS[stmt]), [g.tag for g in group]), strict=True):
            if ln.standard:
                seen[(f"{stmt}>{region[0]}", ANY_LABEL, ln.tag)].add(ln.cik)
            key = region_key(ln.plabel)
            split = key == BARE_TOTAL or len(counts.get(stmt, {}).get(key, {})) > 1
            if ln.standard and key and split:
                for name in region_names(stmt, region):
                    seen[(name, key, ln.tag)].add(ln.cik)
    out: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (region, key, tag), filers in seen.items():
        out[region][key][tag] = len(filers)
    kept: dict[str, dict[str, dict[str, int]]] = {}
    for region, by_key in out.items():
        stmt, _, around = region.partition(">")
        # A region that says what its wider region (or the whole statement) says adds nothing.
        wider = out.get(f"{stmt}>{around.split('<')[0]}", {}) if "<" in around else counts.get(stmt, {})
        entries = {k: v for k, v in by_key.items() if k == ANY_LABEL or (sum(v.values()) >= 2 and v != wider.get(k))}
        if entries:
            kept[region] = entries
    return kept


def _ranked_line(key: str, by_tag: dict[str, int], tags: dict[str, TagInfo]) -> str | None:
    ranked = sorted(((n, tag) for tag, n in by_tag.items() if tag in tags), key=lambda x: (-x[0], x[1]))
    return f"    {json.dumps(key)}: \"{' '.join(f'{tag}:{n}' for n, tag in ranked)}\"" if ranked else None


def render_yaml(
    tags: dict[str, TagInfo],
    counts: dict[str, dict[str, dict[str, int]]],
    source: str,
    by_region: dict[str, dict[str, dict[str, int]]] | None = None,
) -> str:
    out = [
        "# GENERATED by taxonomies/build.py; do not edit. Corrections go in overrides.yaml.",
        f"# source: {source}",
        "# concepts: name: [type, period, balance, standard label]",
        "# labels: statement: normalised label: 'Concept:filers Concept:filers' (most used first)",
        "concepts:",
    ]
    used = {tag for by_label in counts.values() for c in by_label.values() for tag in c}
    for name in sorted(tags):
        t = tags[name]
        bal = t.balance or "null"
        out.append(f"  {name}: [{t.type}, {t.period}, {bal}, {json.dumps(t.label)}]")
    missing = sorted(used - set(tags))
    if missing:
        out.append(f"# {len(missing)} concepts used in pre.txt lack tag.txt metadata and were left out of labels")
    out.append("labels:")
    for stmt in STATEMENTS:
        if stmt not in counts:
            continue
        out.append(f"  {stmt}:")
        for key in sorted(counts[stmt]):
            line = _ranked_line(key, counts[stmt][key], tags)
            if line:
                out.append(line)
    if by_region:
        out.append("# landmarks: statement: the totals that cut it into regions (a line's region: the last one above it)")
        out.append("landmarks:")
        out.extend(f"  {stmt}: [{', '.join(marks)}]" for stmt, marks in LANDMARKS.items())
        out.append("# regions: 'STATEMENT>landmark above<landmark below' or 'STATEMENT>landmark above': label: ranked")
        out.append("# concepts, for labels filers split on the statement")
        out.append("regions:")
        for region in sorted(by_region):
            out.append(f"  {json.dumps(region)}:")
            out.extend(filter(None, (_ranked_line(k, by_region[region][k], tags) for k in sorted(by_region[region]))))
    return "\n".join(out) + "\n"


def build(fsds: Path, out: Path, holdout: bool = False) -> tuple[int, int]:
    """Write the map; returns (concepts, labels) written."""
    lines = read_lines(fsds)
    tags = read_tags(fsds)
    source = str(fsds)
    if holdout:
        held = heldout_filers(lines)
        lines = [ln for ln in lines if ln.cik not in held]
        source += f" minus {len(held)} held-out filers (every tenth by CIK)"
    counts = count_labels(lines)
    out.write_text(render_yaml(tags, counts, source, count_regions(lines, counts)), encoding="utf-8")
    return len(tags), sum(len(v) for v in counts.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fsds", type=Path, default=DEFAULT_FSDS, help="FSDS quarter directory (pre.txt, tag.txt, sub.txt)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--holdout", action="store_true", help="leave out every tenth filer (for benchmarks/mapping.py)")
    args = ap.parse_args(argv)
    n_concepts, n_labels = build(args.fsds, args.out, args.holdout)
    print(f"{args.out}: {n_concepts} concepts, {n_labels} statement labels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
