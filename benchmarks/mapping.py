"""Mapping accuracy on filers held out from the map: baseline vs tieout's matcher.

Every tenth filer (by CIK) of the FSDS quarter is held out; the map is built on
the rest (`taxonomies/build.py --holdout` logic) plus the hand-kept overrides;
each held-out statement line with a standard US-GAAP concept is then mapped the
way `tieout map - --statement XX` maps it. Printed: top-1 exact-concept accuracy,
overall and on labels some training filer also used (same lower-cased label).
A second column passes each line's unit type as well (from num.txt: $, shares or
$/share), the hint a document reader gives `Taxonomy.match(..., unit_type=...)`.
A third maps each held-out statement (filing and report, lines in order, the
filer's extension lines included because a reader sees them too) as one, the way
`tieout map -` reads stdin: regions between landmark totals, one concept per line,
plus the unit types. A fourth feeds each filing's statements together ('[IS]'
markers), so a cash-flow line repeating an income-statement label follows it.
FSDS leaves out the header lines ("Current assets:"), so the header hint is never
exercised here.

Baseline: the concept most training filers chose for the same lower-cased label,
whatever the statement; an unseen label is a miss.

Held-out filers are companies the map has never seen, harder than the issue's
"built on one quarter, tried on the next" (most filers file again, with their own
labels). Two extra tables come closer to that, without replacing the first: the
later filing of each filer that filed twice in the quarter (amendments and an
8-K recast: optimistic, few), mapped with everything else; and Apple's 2024
10-K statements (`--later`), mapped with the map built on the whole quarter.

    python3 benchmarks/mapping.py [--fsds /work/shared/corpus/fsds/2009q3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "taxonomies"))

import build  # noqa: E402  (taxonomies/build.py)

APPLE_2024 = Path("/work/shared/corpus/fsds/apple_10-K_2024_fsds_slice")

from checker.commands.map import map_filing_lines, map_labels, map_lines  # noqa: E402
from checker.statement_map import StatementLine  # noqa: E402
from checker.taxonomy import load_taxonomy  # noqa: E402


def baseline_table(lines: list[build.Line]) -> dict[str, str]:
    filers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ln in lines:
        if ln.standard:
            filers[ln.plabel.strip().lower()][ln.tag].add(ln.cik)
    return {label: max(sorted(by_tag), key=lambda t: len(by_tag[t])) for label, by_tag in filers.items()}


def unit_types(fsds: Path, adshs: set[str]) -> dict[tuple[str, str], str]:
    """(filing, concept) -> Concept.type of the figures as a reader of the statement sees them.

    num.txt gives share counts ("shares") and, for some filers, "USD/shares". Most 2009 filers
    reported per-share figures in plain "USD", but a reader still sees "$ 1.23" among figures in
    thousands: USD figures that are all under $1,000 with at least one carrying cents (FSDS stores
    whole dollars, so a money line is never that small and fractional) count as per share, lines
    with a figure of $1,000 or more as money; small whole figures ($1.00 par, nil) give no hint.
    """
    kinds = {"shares": "shares", "USD/shares": "perShare"}
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    out: dict[tuple[str, str], str] = {}
    for row in build._rows(fsds / "num.txt"):
        if row["adsh"] not in adshs:
            continue
        key = (row["adsh"], row["tag"])
        if row["uom"] in kinds:
            out.setdefault(key, kinds[row["uom"]])
        elif row["uom"] == "USD" and row["value"]:
            values[key].append(float(row["value"]))
    for key, vals in values.items():
        if any(abs(v) >= 1000 for v in vals):
            out.setdefault(key, "monetary")
        elif any(v != int(v) for v in vals):
            out.setdefault(key, "perShare")
        # small whole figures ($1.00 par, $0 dividends, or a zero money line) say nothing
    return out


STATEMENTS = ("BS", "IS", "CF", "CI", "EQ")


@dataclass
class Result:
    """Scores of one split: Counter keys "<subset>.<column>" (subset seen/all; column n, base, ours,
    hinted, context), the misses in statement context, and timings."""

    score: Counter[str]
    misses: list[tuple[str, str, str, str | None, str | None, bool]]
    scored: int
    unscored: int  # standard lines whose concept the map lacks (newer taxonomies)
    statements: int
    t_load: float
    t_map: float
    t_context: float


def evaluate(
    train: list[build.Line],
    held: list[build.Line],
    tags: dict[str, build.TagInfo],
    units: dict[tuple[str, str], str],
    overrides: bool = True,
) -> Result:
    """Build the map on `train`, map every statement of `held` (all its lines, for context) three ways."""
    with tempfile.TemporaryDirectory() as tmp:
        gen = Path(tmp) / "us-gaap.yaml"
        counts = build.count_labels(train)
        gen.write_text(build.render_yaml(tags, counts, "holdout", build.count_regions(train, counts)), encoding="utf-8")
        paths = [gen, REPO / "taxonomies" / "overrides.yaml"] if overrides else [gen]
        t0 = time.perf_counter()
        tax = load_taxonomy(paths)
        t_load = time.perf_counter() - t0
    test = [ln for ln in held if ln.standard and tax.canonical(ln.tag) in tax]
    unscored = sum(1 for ln in held if ln.standard) - len(test)
    base = baseline_table(train)

    # Label by label, as `tieout map - --each` reads them: with no hint, then with the line's unit type.
    by_stmt: dict[str, list[build.Line]] = defaultdict(list)
    for ln in test:
        by_stmt[ln.stmt].append(ln)
    t0 = time.perf_counter()
    ours: dict[int, str | None] = {}
    for stmt, group in by_stmt.items():
        statement = stmt if stmt in STATEMENTS else None
        for ln, (_, m) in zip(group, map_labels((g.plabel for g in group), statement, tax), strict=True):
            ours[id(ln)] = m.concept
    t_map = time.perf_counter() - t0
    hinted = {
        id(ln): tax.match(ln.plabel, ln.stmt if ln.stmt in STATEMENTS else None, unit_type=units.get((ln.adsh, ln.tag))).concept
        for ln in test
    }

    # The statement as a reader sees it: every line of one report of one filing, in order.
    statements: dict[tuple[str, str], list[build.Line]] = defaultdict(list)
    for ln in held:
        statements[(ln.adsh, ln.report)].append(ln)
    in_context: dict[int, str | None] = {}
    runner_up: dict[int, str | None] = {}
    t0 = time.perf_counter()
    for group in statements.values():
        group.sort(key=lambda g: g.line)
        statement = group[0].stmt if group[0].stmt in STATEMENTS else None
        seen_lines = [StatementLine(g.plabel, units.get((g.adsh, g.tag))) for g in group]
        for ln, (_, m) in zip(group, map_lines(seen_lines, statement, tax), strict=True):
            in_context[id(ln)] = m.concept
            runner_up[id(ln)] = m.runner_up
    t_context = time.perf_counter() - t0

    # The filing as a reader sees it: its statements in order, fed to `tieout map -` with [IS] markers.
    filings: dict[str, list[list[build.Line]]] = defaultdict(list)
    for key in sorted(statements, key=lambda k: (k[0], int(k[1]) if k[1].isdigit() else 0)):
        filings[key[0]].append(statements[key])
    in_filing: dict[int, str | None] = {}
    for groups in filings.values():
        filing = [
            (g[0].stmt if g[0].stmt in STATEMENTS else None, [StatementLine(x.plabel, units.get((x.adsh, x.tag))) for x in g])
            for g in groups
        ]
        for g, answers in zip(groups, map_filing_lines(filing, tax), strict=True):
            for ln, (_, m) in zip(g, answers, strict=True):
                in_filing[id(ln)] = m.concept

    score: Counter[str] = Counter()
    misses = []
    for ln in test:
        truth = tax.canonical(ln.tag)
        seen = ln.plabel.strip().lower() in base
        b = base.get(ln.plabel.strip().lower())
        o = ours[id(ln)]
        for subset in ("all", "seen") if seen else ("all",):
            score[f"{subset}.n"] += 1
            score[f"{subset}.base"] += b is not None and tax.canonical(b) == truth
            score[f"{subset}.ours"] += o == truth
            score[f"{subset}.hinted"] += hinted[id(ln)] == truth
            score[f"{subset}.context"] += in_context[id(ln)] == truth
            score[f"{subset}.filing"] += in_filing[id(ln)] == truth
        if o is not None:
            score["answered"] += 1
            score["answered.ok"] += o == truth
        if in_context[id(ln)] != truth:
            misses.append((ln.stmt, ln.plabel, truth, in_context[id(ln)], runner_up[id(ln)], seen))
    return Result(score, misses, len(test), unscored, len(statements), t_load, t_map, t_context)


def print_table(result: Result, hints: bool) -> None:
    score = result.score
    print(f"{'':30}{'baseline':>10}{'tieout map':>12}{'+ unit type':>12}{'+ statement':>12}{'+ filing':>10}")
    for subset, name in (("seen", "labels seen before"), ("all", "all labels")):
        n = score[f"{subset}.n"]
        if not n:
            continue
        hint = f"{score[subset + '.hinted'] / n:12.1%}" if hints else f"{'-':>12}"
        print(
            f"{name + f' (n={n})':30}{score[subset + '.base'] / n:10.1%}{score[subset + '.ours'] / n:12.1%}{hint}"
            f"{score[subset + '.context'] / n:12.1%}{score[subset + '.filing'] / n:10.1%}"
        )


def repeat_filings(lines: list[build.Line], fsds: Path) -> set[str]:
    """The later filing of each filer that filed twice in the quarter (by acceptance time)."""
    filings: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in build._rows(fsds / "sub.txt"):
        filings[row["cik"]].append((row["accepted"], row["adsh"]))
    present = {ln.adsh for ln in lines}
    return {max(f)[1] for f in filings.values() if len([a for a in f if a[1] in present]) > 1}


def all_tenths(lines: list[build.Line], tags: dict[str, build.TagInfo], args: argparse.Namespace) -> int:
    """Every tenth of the filers held out in turn; one pooled table and each tenth's "+ filing" figures."""
    pooled = Result(Counter(), [], 0, 0, 0, 0.0, 0.0, 0.0)
    for tenth in range(10):
        held = build.heldout_filers(lines, offset=tenth)
        held_lines = [ln for ln in lines if ln.cik in held]
        units = {} if args.no_unit_hints else unit_types(args.fsds, {ln.adsh for ln in held_lines})
        r = evaluate([ln for ln in lines if ln.cik not in held], held_lines, tags, units, not args.no_overrides)
        pooled.score.update(r.score)
        pooled.scored += r.scored
        s = r.score
        print(f"tenth {tenth}: {len(held)} filers, seen {s['seen.filing'] / s['seen.n']:.1%} (n={s['seen.n']}), "
              f"all {s['all.filing'] / s['all.n']:.1%} (n={s['all.n']})", flush=True)
    print(f"\nall ten tenths pooled: {pooled.scored} statement lines of filers the map had not seen")
    print_table(pooled, not args.no_unit_hints)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fsds", type=Path, default=build.DEFAULT_FSDS)
    ap.add_argument("--no-overrides", action="store_true", help="learned map only")
    ap.add_argument("--misses", type=int, default=0, help="print this many of our misses (statement context)")
    ap.add_argument("--no-unit-hints", action="store_true", help="no unit types (the + unit type column repeats the first)")
    ap.add_argument("--tenth", type=int, default=None, metavar="0-9",
                    help="hold out this tenth of the filers instead of build.py's (the last of every ten)")
    ap.add_argument("--all-tenths", action="store_true",
                    help="hold out each tenth in turn (ten maps, ~4 min) and print the pooled table: the split's luck averaged out")
    ap.add_argument("--later", type=Path, default=APPLE_2024, help="a later FSDS slice to map with the whole quarter's map")
    args = ap.parse_args(argv)

    lines = build.read_lines(args.fsds)
    tags = build.read_tags(args.fsds)
    if args.all_tenths:
        return all_tenths(lines, tags, args)
    held = build.heldout_filers(lines, offset=args.tenth)
    train = [ln for ln in lines if ln.cik not in held]
    held_lines = [ln for ln in lines if ln.cik in held]
    # What a document reader knows besides the label: whether the line's figures are $, shares or $/share.
    units = {} if args.no_unit_hints else unit_types(args.fsds, {ln.adsh for ln in held_lines})
    result = evaluate(train, held_lines, tags, units, not args.no_overrides)
    skipped = sum(1 for ln in held_lines if not ln.standard)
    print(f"FSDS {args.fsds}: {len(held)} held-out filers, {result.scored} statement lines with standard concepts "
          f"({skipped} extension lines not scored); map built on {len({ln.cik for ln in train})} filers")
    print(f"load {result.t_load:.2f} s, mapped {result.scored} labels in {result.t_map:.2f} s, "
          f"{result.statements} statements in {result.t_context:.2f} s")
    print_table(result, not args.no_unit_hints)
    answered = result.score["answered"]
    print(f"tieout answered {answered / result.scored:.1%} of lines (the rest: concept=None, an extension); "
          f"{result.score['answered.ok'] / max(answered, 1):.1%} of its answers are the filer's concept")

    # Extra figures, closer to "built on one quarter, tried on the next": filers seen before.
    later = repeat_filings(lines, args.fsds)
    if later:
        again = [ln for ln in lines if ln.adsh in later]
        r = evaluate([ln for ln in lines if ln.adsh not in later], again, tags,
                     {} if args.no_unit_hints else unit_types(args.fsds, later), not args.no_overrides)
        print(f"\nrepeat filers: the later of two filings by {len(later)} filers in the quarter (amended 10-Qs, an 8-K "
              f"recast), mapped with everything else: {r.scored} lines")
        print_table(r, not args.no_unit_hints)
    if args.later and (args.later / "pre.txt").exists():
        later_lines = build.read_lines(args.later)
        r = evaluate(lines, later_lines, tags, {} if args.no_unit_hints else unit_types(args.later, {ln.adsh for ln in later_lines}),
                     not args.no_overrides)
        print(f"\n{args.later.name}: mapped with the whole quarter's map: {r.scored} lines "
              f"({r.unscored} more use concepts the 2009 map lacks, not scored)")
        print_table(r, not args.no_unit_hints)

    if args.misses:
        print("\nmisses in statement context, held-out filers (statement, label, the filer's concept, ours, our runner-up):")
    for stmt, label, truth, got, second, seen in result.misses[: args.misses]:
        print(f"  {'seen' if seen else 'new '} {stmt} {label!r}: want {truth}, got {got}, runner-up {second}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
