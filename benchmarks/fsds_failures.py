"""Why rules fail on a whole FSDS quarter: the classes behind docs/fsds-failures.md.

For every failure it tries, in order: one operand's sign flipped makes the identity
hold (a sign error in the filing); one operand equal to the difference (counted twice,
or a figure that should be zero); a per-share figure off by 1,000 or 1,000,000 (shares
tagged in thousands or millions); one other figure of the same context equal to the
difference (a line the rule leaves out); else unexplained. Prints the counts per rule
for the ten rules with most failures, with two examples each.

    python3 benchmarks/fsds_failures.py [--quarter ../shared/corpus/fsds/2009q3]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from checker.corpus import check_fsds  # noqa: E402
from checker.engine.results import FAIL, Evaluation  # noqa: E402
from checker.pipeline import Settings, load  # noqa: E402
from checker.readers.fsds import read_fsds  # noqa: E402


def classify(ev: Evaluation, others: dict[str, float]) -> str:
    reported, computed = float(ev.reported or 0), float(ev.computed or 0)
    diff = reported - computed
    tol = max(float(ev.tolerance or 0), 1e-9)
    operands = [o for o in [ev.target, *ev.operands] if o is not None and o.value]
    for o in operands:
        # flipping o changes the side it is on by 2*o
        if abs(abs(diff) - 2 * abs(float(o.value))) <= tol * 2:
            return f"sign of {o.concept.split(':')[-1] if o.concept else o.name}"
    for o in operands:
        if o is not ev.target and abs(abs(diff) - abs(float(o.value))) <= tol:
            return f"{o.concept.split(':')[-1] if o.concept else o.name} counted twice or left out"
    if ev.unit in ("USD", None) and reported and "PerShare" in ev.expression:
        ratio = abs(computed / reported) if reported else 0
        if 900 < ratio < 1100:
            return "shares tagged in thousands"
        if 9e5 < ratio < 1.1e6:
            return "shares tagged in millions"
    if "EarningsPerShare" in ev.expression and reported and abs(computed / reported - 1) < 0.03:
        return "EPS within 3% (two-class method / participating securities, not tagged)"
    used = {o.concept.split(":")[-1] for o in operands if o.concept}
    for tag, value in others.items():
        if tag not in used and value and abs(abs(value) - abs(diff)) <= tol:
            return f"leaves out {tag}"
    return "unexplained"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quarter", type=Path, default=Path("/work/shared/corpus/fsds/2009q3"))
    ap.add_argument("--rules", type=int, default=10)
    args = ap.parse_args()
    _, book = load(Settings())
    run = check_fsds([args.quarter], book).run
    data = read_fsds(args.quarter, None, labels=False)
    adsh = [f.adsh for f in data.filings]
    context: dict[tuple[str, str], dict[str, float]] = collections.defaultdict(dict)
    from checker.readers.fsds import period_of

    for i in range(len(data)):
        if not np.isnan(data.value[i]) and not data.coreg[i]:
            key = (adsh[data.filing[i]], period_of(int(data.ddate[i]), int(data.qtrs[i])).key())
            context[key].setdefault(str(data.tag[i]), float(data.value[i]))
    per_rule: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    examples: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for d in run.documents:
        for ev in d.evaluations:
            if ev.status != FAIL:
                continue
            cls = classify(ev, context[(d.document.extra["adsh"], ev.period.key() if ev.period else "")])
            per_rule[ev.rule_id][cls] += 1
            if len(examples[(ev.rule_id, cls)]) < 2:
                examples[(ev.rule_id, cls)].append(f"{d.document.path} {ev.period.key() if ev.period else ''}: {ev.message}")
    ranked = sorted(per_rule.items(), key=lambda kv: -sum(kv[1].values()))[: args.rules]
    for rule, counts in ranked:
        print(f"{rule}: {sum(counts.values())} failures")
        for cls, n in counts.most_common(6):
            print(f"  {n:>4}  {cls}")
            for ex in examples[(rule, cls)][:1]:
                print(f"          e.g. {ex[:220]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
