"""Why rules fail on a whole FSDS quarter, failure by failure, with the filing's own figures as evidence.

Every failure of the quarter gets a class, a verdict and the evidence read off the filing
(`num.txt` figures of the same context, other contexts of the same filing, and the order
in which `pre.txt` presents the lines):

  genuine      the filing's own figures show the error (a share count without its scale,
               an expense tagged negative, per-share parts that do not add up as tagged,
               a total tagged with the wrong sign, a figure of another period);
  untagged     the identity holds on a figure the filing does not tag under a standard
               name (a custom tag holds the EPS numerator; earnings allocated to
               participating securities or preferred dividends are not tagged), so the
               rule cannot check it from the tagged set;
  rule gap     the filing presents a case the rule could learn but has not (named, with the lines);
  unclassified none of the tests explains it: listed one by one.

    python3 benchmarks/fsds_failures.py [--quarter DIR] [--csv docs/fsds-2009q3-failures.csv] [--rules 10] [--optional-terms]

Prints the totals per rule and class with one example each; `--csv` writes every failure
(adsh, company, rule, context, class, verdict, evidence); `--optional-terms` checks, where each learned
optional term decides the outcome, that pre.txt prints the term where the rule reads it.
"""

from __future__ import annotations

import argparse
import collections
import csv
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.corpus import check_fsds  # noqa: E402
from checker.engine.results import FAIL, Evaluation  # noqa: E402
from checker.engine.vector import month_end_before  # noqa: E402
from checker.pipeline import Settings, load  # noqa: E402

GENUINE, UNTAGGED, RULE_GAP, UNCLASSIFIED = "genuine", "untagged", "rule gap", "unclassified"
EPS_RATIO = {"EPS002", "EPS003", "EPS004", "EPS005"}
EPS_PARTS = {"EPS006", "EPS007"}
INCOME_WORDS = ("NetIncome", "ProfitLoss", "IncomeLoss", "Earnings", "Available", "Attributable", "CommonShareholders", "CommonStock")


@dataclass
class Filing:
    """What the classifier reads of one filing: its figures by context and its presentation order."""

    adsh: str
    name: str
    facts: dict[tuple[int, int], dict[str, float]]  # (ddate, qtrs) -> tag -> value (first non-dimensional row)
    custom: set[str]  # tags the filing declared itself (version = its accession number)
    order: dict[str, tuple[str, int, int]]  # tag -> (statement, report, line) of its first presentation
    tags: set[str]  # every tag of the filing, any context


def read_quarter(quarter: Path) -> dict[str, Filing]:
    names: dict[str, str] = {}
    with (quarter / "sub.txt").open(encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            names[row["adsh"]] = row["name"]
    filings = {a: Filing(a, n, collections.defaultdict(dict), set(), {}, set()) for a, n in names.items()}
    with (quarter / "num.txt").open(encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            f = filings.get(row["adsh"])
            if f is None or row.get("segments") or row.get("coreg") or not row["value"]:
                continue
            f.tags.add(row["tag"])
            if row["version"] == row["adsh"]:
                f.custom.add(row["tag"])
            f.facts[(int(row["ddate"]), int(row["qtrs"]))].setdefault(row["tag"], float(row["value"]))
    pre = quarter / "pre.txt"
    if pre.exists():
        with pre.open(encoding="utf-8", errors="replace") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                f = filings.get(row["adsh"])
                if f is not None:
                    f.order.setdefault(row["tag"], (row["stmt"], int(row["report"]), int(row["line"])))
    return filings


def context_of(ev: Evaluation) -> tuple[int, int]:
    p = ev.period
    assert p is not None
    end = int(p.end.strftime("%Y%m%d"))
    if p.start is None:
        return end, 0
    months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1
    return end, round(months / 3)


def fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:g}"


def operand_values(ev: Evaluation) -> dict[str, float]:
    out: dict[str, float] = {}
    for o in [ev.target, *ev.operands]:
        if o is not None and o.value is not None and o.concept:
            out[o.concept.split(":")[-1]] = float(o.value)
    return out


def shown(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {fmt(v)}" for k, v in values.items())


def near(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


# ---------------------------------------------------------------- EPS = numerator / shares (EPS002-005)

def classify_eps_ratio(ev: Evaluation, f: Filing, ctx: dict[str, float], key: tuple[int, int]) -> tuple[str, str, str]:
    rule = ev.rule_id
    diluted = rule in ("EPS003", "EPS005")
    eps_tag = "EarningsPerShareDiluted" if diluted else "EarningsPerShareBasic"
    sh_tag = "WeightedAverageNumberOfDilutedSharesOutstanding" if diluted else "WeightedAverageNumberOfSharesOutstandingBasic"
    other_sh_tag = "WeightedAverageNumberOfSharesOutstandingBasic" if diluted else "WeightedAverageNumberOfDilutedSharesOutstanding"
    eps, shares = ctx.get(eps_tag), ctx.get(sh_tag)
    ops = operand_values(ev)
    base = shown(ops)
    if eps is None or not shares:
        return "unclassified", UNCLASSIFIED, base
    preferred = next((ops[t] for t in ops if "Preferred" in t), 0.0)
    numerator_tag = next((t for t in ("NetIncomeLossAvailableToCommonStockholdersDiluted", "NetIncomeLossAvailableToCommonStockholdersBasic")
                          if t in ops), "NetIncomeLoss")
    numerator = ops.get(numerator_tag, ctx.get("NetIncomeLoss"))
    if numerator is None:
        return "unclassified", UNCLASSIFIED, base
    numerator -= preferred if rule == "EPS004" else 0.0
    numerator_label = f"{numerator_tag} less preferred dividends" if rule == "EPS004" and preferred else numerator_tag
    quotient = numerator / shares
    tol = 0.005 + abs(quotient) * 0.0005
    ratio = quotient / eps if eps else float("inf")
    classes = [f for f in f.tags if "Class" in f and ("PerShare" in f or "PerBasic" in f or "PerDiluted" in f)]
    # 1. the share count lacks (or has too much) scale: NI / shares is 1,000 or 1,000,000 times EPS
    scales = ((1e3, "thousands"), (1e6, "millions"), (1e-3, "units times 1,000 (a thousand times too many)"),
              (1e-6, "units times 1,000,000 (a million times too many)"))
    numerators = [(numerator_tag, numerator)]
    if rule == "EPS004" and preferred:
        numerators = [(f"{numerator_tag} less preferred dividends", numerator), (numerator_tag, numerator + preferred)]
    if rule == "EPS005" and preferred:
        numerators = [(f"{numerator_tag} less preferred dividends", numerator - preferred), (numerator_tag, numerator)]
    for scale, what in scales:
        for label, num in numerators:
            q = num / shares / scale
            if eps and near(q, eps, 0.0051 + 0.05 * abs(eps)):
                rest = "" if near(q, eps, 0.0051) else " (within 5%: a numerator adjustment not tagged as well)"
                return (f"shares tagged in {what}", GENUINE,
                        f"{sh_tag} {fmt(shares)}, {label} {fmt(num)}, {eps_tag} {fmt(eps)}: numerator / shares = {fmt(num / shares)}; "
                        f"at the right scale {fmt(q)}{rest}")
    if eps and classes and 1e3 * 0.7 < abs(ratio) < 1e3 * 1.5:
        return ("shares tagged in thousands, two classes of common stock", GENUINE,
                f"{sh_tag} {fmt(shares)}, NI {fmt(numerator)}, EPS {fmt(eps)} ({fmt(ratio)} x); per-share figures of another class "
                f"tagged: {', '.join(sorted(classes))}")
    # 2. the numerator the filer used is tagged under a custom name (or is ProfitLoss less NCI)
    for tag, value in ctx.items():
        if tag in f.custom and any(w in tag for w in INCOME_WORDS) and "PerShare" not in tag and value and near(value / shares, eps, tol):
            return ("numerator tagged under a custom name", UNTAGGED,
                    f"custom {tag} {fmt(value)} / {sh_tag} {fmt(shares)} = {fmt(value / shares)} = EPS {fmt(eps)}; "
                    f"{numerator_tag} {fmt(numerator)} gives {fmt(quotient)}")
    if rule in ("EPS004", "EPS005") and preferred and near((numerator + preferred) / shares, eps, tol):
        return ("NetIncomeLoss tagged after preferred dividends", GENUINE,
                f"NetIncomeLoss {fmt(numerator + preferred)} / {sh_tag} {fmt(shares)} = {fmt((numerator + preferred) / shares)} = EPS {fmt(eps)}: "
                f"the figure tagged as net income is already income available to common; less preferred dividends "
                f"{fmt(preferred)} gives {fmt(quotient)}")
    for tag, value in ctx.items():
        if tag in f.custom and "Participat" in tag and value and near((numerator - value) / shares, eps, tol):
            return ("earnings allocated to participating securities under a custom name", UNTAGGED,
                    f"({numerator_tag} {fmt(numerator)} - custom {tag} {fmt(value)}) / {fmt(shares)} = {fmt((numerator - value) / shares)} = EPS {fmt(eps)}")
    nci = ctx.get("NetIncomeLossAttributableToNoncontrollingInterest", ctx.get("MinorityInterestInNetIncomeLossOfConsolidatedEntities"))
    if nci and near((numerator - nci) / shares, eps, tol) and not near(quotient, eps, tol):
        return ("NetIncomeLoss tagged before the noncontrolling interest's share", GENUINE,
                f"NetIncomeLoss {fmt(numerator)} - NCI {fmt(nci)} = {fmt(numerator - nci)}; / {fmt(shares)} = {fmt((numerator - nci) / shares)} = EPS {fmt(eps)}")
    # 3. EPS of another period: the reported EPS is this figure's quotient in another context of the filing
    for other, facts in f.facts.items():
        if other == key or other[1] == 0:
            continue
        o_num = facts.get(numerator_tag, facts.get("NetIncomeLoss"))
        o_sh = facts.get(sh_tag)
        o_eps = facts.get(eps_tag)
        if o_num and o_sh and o_eps is not None and near(o_num / o_sh, eps, 0.0051) and not near(o_num / o_sh, o_eps, 0.0051) \
                and near(quotient, o_eps, 0.0051):
            return ("EPS of another period", GENUINE,
                    f"{eps_tag} {fmt(eps)} here is {fmt(o_num)} / {fmt(o_sh)} of {other[0]} ({other[1]} quarters), whose EPS is tagged "
                    f"{fmt(o_eps)} = this period's {fmt(numerator)} / {fmt(shares)}")
    # 4. the EPS tag holds the discontinued operations' per-share figure
    for tag, value in ctx.items():
        if "Discontinued" in tag and "Per" not in tag and value and near(value / shares, eps, tol) and not near(quotient, eps, tol):
            cont = ctx.get("IncomeLossFromContinuingOperationsPerDilutedShare" if diluted else "IncomeLossFromContinuingOperationsPerBasicShare")
            also = f"; continuing operations per share are tagged {fmt(cont)}" if cont is not None else ""
            return ("EPS tagged with the discontinued operations' per-share figure", GENUINE,
                    f"{eps_tag} {fmt(eps)} = {'custom ' if tag in f.custom else ''}{tag} {fmt(value)} / {fmt(shares)} shares{also}; "
                    f"{numerator_tag} {fmt(numerator)} / shares = {fmt(quotient)}")
    # 5. basic and diluted share counts swapped
    other_sh = ctx.get(other_sh_tag)
    if other_sh and abs(other_sh / shares - 1) > 0.02 and near(numerator / other_sh, eps, tol):
        return ("basic and diluted share counts swapped", GENUINE,
                f"{numerator_tag} {fmt(numerator)} / {other_sh_tag} {fmt(other_sh)} = {fmt(numerator / other_sh)} = {eps_tag} {fmt(eps)}; "
                f"/ {sh_tag} {fmt(shares)} = {fmt(quotient)}")
    implied_lo, implied_hi = (eps - 0.005) * shares, (eps + 0.005) * shares
    implied = f"EPS {fmt(eps)} x {fmt(shares)} shares = numerator {fmt(implied_lo)} to {fmt(implied_hi)} against {numerator_label} {fmt(numerator)}"
    if classes:
        return ("two classes of common stock", UNTAGGED, f"{implied}; per-share figures of another class tagged: {', '.join(sorted(classes))}")
    # 6. preferred dividends, discount accretion or a redemption charge on preferred stock, under a custom name or untagged
    charges = {t: v for t, v in ctx.items() if t in f.custom and v and any(w in t for w in ("Preferred", "Accretion", "Redemption"))}
    for size in (1, 2):
        for combo in itertools.combinations(sorted(charges), size):
            less = sum(charges[t] for t in combo)
            if near((numerator - less) / shares, eps, tol):
                return ("preferred discount accretion or redemption charge under a custom name", UNTAGGED,
                        f"({numerator_label} {fmt(numerator)} - " + " - ".join(f"custom {t} {fmt(charges[t])}" for t in combo)
                        + f") / {fmt(shares)} = {fmt((numerator - less) / shares)} = EPS {fmt(eps)}")
    # 7. a small gap: an adjustment of the numerator the filing does not tag
    gap = abs(ratio - 1)
    pref = sorted(t for t in f.tags if "Preferred" in t and ("Dividend" in t or "Accretion" in t or "Redemption" in t or "Repurchase" in t
                                                              or "Repayment" in t or "Payments" in t or "Proceeds" in t))
    convertible = sorted(t for t in f.tags if "Convertible" in t)
    nci_here = ctx.get("NetIncomeLossAttributableToNoncontrollingInterest", ctx.get("MinorityInterestInNetIncomeLossOfConsolidatedEntities"))
    if diluted and eps > quotient > 0 and nci_here and near((numerator + nci_here) / shares, eps, tol):
        return ("diluted EPS adds back the NCI share (units convertible into common shares)", UNTAGGED,
                f"({numerator_tag} {fmt(numerator)} + NCI {fmt(nci_here)}) / {fmt(shares)} = {fmt((numerator + nci_here) / shares)} = EPS {fmt(eps)}: "
                f"the diluted count includes the units and the numerator their income")
    if diluted and eps > quotient > 0 and convertible and gap < 0.15:
        return ("diluted EPS above NI / diluted shares: if-converted add-back not tagged", UNTAGGED,
                f"{implied}: the diluted numerator is larger than net income; the filing has convertible securities "
                f"({', '.join(convertible[:3])}) whose interest or dividends the if-converted method adds back")
    if gap < 0.05:
        if diluted and eps > quotient > 0:
            return ("diluted EPS above NI / diluted shares: if-converted add-back not tagged", UNTAGGED,
                    f"{implied}: the diluted numerator is larger than net income, as when interest on convertible debt is added back")
        dividends = sorted(t for t in f.tags if t.startswith(("CommonStockDividendsPerShare", "PaymentsOfDividends", "DividendsCommonStock"))
                           or t in ("DividendsCash", "CashDividends", "Dividends"))
        if numerator > 0 and implied_hi < numerator and dividends:
            alloc = numerator - (implied_lo + implied_hi) / 2
            per = next((ctx[t] for t in ctx if t.startswith("CommonStockDividendsPerShare")), None)
            paid = f"{dividends[0]} {fmt(per)}" if per is not None and dividends[0].startswith("CommonStock") else dividends[0]
            basic_eps, basic_sh = ctx.get("EarningsPerShareBasic"), ctx.get("WeightedAverageNumberOfSharesOutstandingBasic")
            dil_eps, dil_sh = ctx.get("EarningsPerShareDiluted"), ctx.get("WeightedAverageNumberOfDilutedSharesOutstanding")
            both = ""
            if basic_eps and basic_sh and dil_eps and dil_sh:
                lo = max((basic_eps - 0.005) * basic_sh, (dil_eps - 0.005) * dil_sh)
                hi = min((basic_eps + 0.005) * basic_sh, (dil_eps + 0.005) * dil_sh)
                both = "; basic and diluted EPS imply one numerator" if lo <= hi else "; basic and diluted EPS imply different numerators"
            return ("EPS below NI / shares by up to 5%: earnings allocated to participating securities not tagged", UNTAGGED,
                    f"{implied}: about {fmt(alloc)} ({100 * alloc / numerator:.1f}% of net income) comes off before dividing{both}; "
                    f"the filer pays common dividends ({paid}), which unvested share awards that receive them share in "
                    f"(two-class method, FSP EITF 03-6-1, 2009, applied back to 2008)")
        also = f"; the filing has preferred stock ({', '.join(pref[:3])})" if pref else ""
        return ("EPS within 5% of NI / shares, numerator adjustment not tagged", UNTAGGED, implied + also)
    if pref and implied_hi < numerator:
        return ("a preferred-stock charge not tagged in this context", UNTAGGED,
                f"{implied}; the numerator is smaller than the tagged figures allow, and the filing has preferred stock "
                f"({', '.join(pref[:4])}): dividends, discount accretion or a redemption charge (TARP) not tagged here")
    return "unclassified", UNCLASSIFIED, f"{implied}; {base}"


# ---------------------------------------------------------------- EPS = continuing + discontinued per share (EPS006/007)

def classify_eps_parts(ev: Evaluation, f: Filing, ctx: dict[str, float]) -> tuple[str, str, str]:
    diluted = ev.rule_id == "EPS007"
    kind = "Diluted" if diluted else "Basic"
    eps = ctx.get(f"EarningsPerShare{kind}")
    cont = ctx.get(f"IncomeLossFromContinuingOperationsPer{kind}Share")
    disc = ctx.get(f"IncomeLossFromDiscontinuedOperationsNetOfTaxPer{kind}Share")
    ops = operand_values(ev)
    if eps is None or cont is None:
        return "unclassified", UNCLASSIFIED, shown(ops)
    gap = eps - cont - (disc or 0)
    shares = ctx.get("WeightedAverageNumberOfDilutedSharesOutstanding" if diluted else "WeightedAverageNumberOfSharesOutstandingBasic")
    if disc is not None and near(eps, cont - disc, 0.0101):
        return ("discontinued per share tagged with the wrong sign", GENUINE,
                f"EPS {fmt(eps)} = continuing {fmt(cont)} - discontinued {fmt(disc)}: the loss (gain) per share is tagged with the opposite sign")
    other = ctx.get(f"EarningsPerShare{'Basic' if diluted else 'Diluted'}")
    if disc is not None and other is not None and near(other, cont + disc, 0.0101) and not near(eps, other, 0.0001):
        return ("per-share parts of the other kind (basic / diluted)", GENUINE,
                f"continuing {fmt(cont)} + discontinued {fmt(disc)} = {fmt(cont + disc)}, the {'basic' if diluted else 'diluted'} EPS, not {fmt(eps)}")
    dollars = next((ctx[t] for t in ("IncomeLossFromDiscontinuedOperationsNetOfTaxAttributableToReportingEntity",
                                     "IncomeLossFromDiscontinuedOperationsNetOfTax", "DiscontinuedOperationIncomeLossFromDiscontinuedOperationNetOfTax")
                    if t in ctx), None)
    if not shares and eps and ctx.get("NetIncomeLoss"):
        shares = ctx["NetIncomeLoss"] / eps  # the count net income and EPS imply
    if disc is None and dollars:
        per = ""
        if shares:
            ties = "which is the gap" if near(dollars / shares, gap, 0.0101) else "not the gap (another share count or part)"
            per = f" / {fmt(shares)} shares = {fmt(round(dollars / shares, 4))} per share, {ties}"
        return ("discontinued operations per share not tagged (the dollars are)", GENUINE,
                f"EPS {fmt(eps)} - continuing {fmt(cont)} = {fmt(round(gap, 4))}; discontinued operations {fmt(dollars)}{per}; "
                f"no IncomeLossFromDiscontinuedOperationsNetOfTaxPer{kind}Share in this context")
    for tag, value in ctx.items():
        if "Discontinued" in tag and "Per" not in tag and value and shares and near(value / shares, eps, 0.0101) and not near(eps, cont, 0.0101):
            return ("EPS tagged with the discontinued operations' per-share figure", GENUINE,
                    f"EPS {fmt(eps)} = {'custom ' if tag in f.custom else ''}{tag} {fmt(value)} / {fmt(shares)} shares, while continuing "
                    f"operations per share are {fmt(cont)}")
    extra = sorted(t for t in ctx if ("Per" + kind) in t and t not in ops and "Discontinued" not in t and "Continuing" not in t)
    for t in extra:
        if near(ctx[t], gap, 0.0101):
            return ("a per-share part under another name", UNTAGGED, f"EPS {fmt(eps)} - continuing {fmt(cont)} - discontinued {fmt(disc)} = {fmt(gap)} = {t} {fmt(ctx[t])}")
    where = f"; discontinued operations {fmt(dollars)} in dollars" if dollars else ""
    return ("per-share parts do not add up as tagged", GENUINE,
            f"continuing {fmt(cont)} + discontinued {fmt(disc)} = {fmt(cont + (disc or 0))} against EPS {fmt(eps)} (gap {fmt(gap)}){where}")


# ---------------------------------------------------------------- sums (IS, BS, CF)

def classify_sum(ev: Evaluation, f: Filing, ctx: dict[str, float]) -> tuple[str, str, str]:
    reported, computed = float(ev.reported or 0), float(ev.computed or 0)
    diff = reported - computed
    tol = max(float(ev.tolerance or 0), 1.0)
    ops = operand_values(ev)
    base = f"reported {fmt(reported)}, computed {fmt(computed)}; {shown(ops)}"
    if ev.rule_id.startswith("NN"):
        tag, value = next(iter(ops.items()), ("", reported))
        where = f.order.get(tag)
        at = f" (pre.txt {where[0]} line {where[2]})" if where else ""
        return ("a total tagged negative", GENUINE, f"{tag} {fmt(value)}{at}: a balance that cannot be negative, tagged with a minus sign")
    flippable = [o for o in [ev.target, *ev.operands] if o is not None and o.value and o.concept
                 and near(abs(diff), 2 * abs(float(o.value)), tol)]
    for o in sorted(flippable, key=lambda o: float(o.value) >= 0):  # a figure tagged negative is the likelier culprit
        name = o.concept.split(":")[-1]
        wrong = name in EXPENSES and float(o.value) < 0
        why = f"{name} {fmt(float(o.value))}: an expense is positive in XBRL" if wrong else f"{name} {fmt(float(o.value))}"
        return (f"{name} tagged with the wrong sign", GENUINE, f"{why}; the identity holds with its sign flipped ({base})")
    nci = next((v for t, v in ops.items() if ("Noncontrolling" in t or "MinorityInterest" in t) and "BeforeIncomeTaxes" not in t), None) \
        or ctx.get("NetIncomeLossAttributableToNoncontrollingInterest", ctx.get("MinorityInterestInNetIncomeLossOfConsolidatedEntities"))
    if ev.rule_id == "IS003" and nci:
        tax = ops.get("IncomeTaxExpenseBenefit")
        if tax and tax < 0 and near(diff - 2 * tax, nci, tol):
            return ("IncomeTaxExpenseBenefit tagged negative and NetIncomeLoss before the NCI share", GENUINE,
                    f"pretax less tax {fmt(-tax)} (an expense is positive in XBRL: tagged {fmt(tax)}) gives {fmt(reported)}, the net income "
                    f"tagged, which is therefore before the NCI share {fmt(nci)} ({base})")
    if ev.rule_id == "IS003" and nci and near(diff, nci, tol) and "ProfitLoss" in ctx and near(ctx["ProfitLoss"], reported, tol):
        return ("NetIncomeLoss tagged with income before the NCI share", GENUINE,
                f"NetIncomeLoss {fmt(reported)} = ProfitLoss {fmt(ctx['ProfitLoss'])}; the parent's share is {fmt(reported - nci)} ({base})")
    used = set(ops)
    preferred = {t: v for t, v in ctx.items() if t in ("PreferredStockDividendsAndOtherAdjustments", "PreferredStockDividends", "DividendsPreferredStock")}
    if ev.rule_id == "NCI001":
        ni, eps, sh = ctx.get("NetIncomeLoss"), ctx.get("EarningsPerShareBasic"), ctx.get("WeightedAverageNumberOfSharesOutstandingBasic")
        if preferred and ni and eps and sh and near(ni / sh, eps, 0.0051) and any(preferred.values()):
            tag, value = next((t, v) for t, v in preferred.items() if v)
            return ("NetIncomeLoss tagged after preferred dividends", GENUINE,
                    f"NetIncomeLoss {fmt(ni)} / basic shares {fmt(sh)} = {fmt(ni / sh)} = EPS {fmt(eps)} although {tag} {fmt(value)} "
                    f"is tagged: the figure tagged as the parent's net income is income available to common; {base}")
        for tag, value in preferred.items():
            if value and near(diff, value, tol):
                return ("NetIncomeLoss tagged after preferred dividends", GENUINE,
                        f"ProfitLoss {fmt(reported)} - NCI - NetIncomeLoss = {fmt(diff)} = {tag} {fmt(value)}: the figure tagged as the "
                        f"parent's net income is already income available to common; {base}")
    if ev.rule_id == "IS003" and "IncomeTaxExpenseBenefit" not in ops:
        parts = [t for t in ("CurrentIncomeTaxExpenseBenefit", "DeferredIncomeTaxExpenseBenefit") if t in ctx]
        if len(parts) == 2 and near(-diff, ctx[parts[0]] + ctx[parts[1]], tol):
            return ("tax tagged as its current and deferred parts, no total", RULE_GAP,
                    f"current {fmt(ctx[parts[0]])} + deferred {fmt(ctx[parts[1]])} = {fmt(ctx[parts[0]] + ctx[parts[1]])} = the difference; "
                    f"the statement prints the two parts and no total line ({base})")
        for tag, value in sorted(ctx.items()):
            where = f.order.get(tag)
            if "Tax" in tag and where and where[0] == "IS" and near(-diff, value, tol):
                return ("the income-tax line tagged with a component concept", GENUINE,
                        f"the statement's tax line (pre.txt IS line {where[2]}) is tagged {tag} {fmt(value)}, a part of income taxes, "
                        f"and no IncomeTaxExpenseBenefit is tagged ({base})")
    if ev.rule_id == "IS003":
        found = lines_between(ev, f, ctx, diff, tol, ops)
        if found is not None:
            return found
    # three or more optional terms already inside the total: the engines try one or two at a time
    optional = [o for o in ev.operands if o.value and o.name in OPTIONAL.get(ev.rule_id, ())]
    for size in range(3, len(optional) + 1):
        for combo in itertools.combinations(optional, size):
            effect = sum(float(o.value) * SIGNS.get((ev.rule_id, o.name), 1) for o in combo)
            if near(diff, -effect, tol):
                names = ", ".join(f"{o.concept.split(':')[-1]} {fmt(float(o.value))}" for o in combo)
                return (f"{size} optional terms inside the total at once", RULE_GAP,
                        f"the identity ties with all of {names} at zero (already inside the total); the engines drop at most two "
                        f"optional terms at once; {base}")
    home = f.order.get(ev.target.concept.split(":")[-1]) if ev.target is not None and ev.target.concept else None
    # a line the rule does not name, alone or after one operand's sign is put right (an expense tagged negative)
    flips: list[tuple[str, float]] = [("", 0.0)]
    flips += [(t, v) for t, v in ops.items() if v and v < 0 and t in EXPENSES]
    for flipped, value in flips:
        rest = diff - 2 * value if flipped else diff  # the identity subtracts an expense: a negative one was added twice
        for tag, v in sorted(ctx.items()):
            if tag in used or not v or tag.startswith(("EarningsPerShare", "WeightedAverage")):
                continue
            if near(abs(v), abs(rest), tol):
                where = f.order.get(tag)
                same = where is not None and home is not None and where[0] == home[0]
                shown_at = f" (pre.txt: {where[0]} line {where[2]})" if where else ""
                custom = "custom " if tag in f.custom else ""
                sign = f"{flipped} tagged {fmt(value)} (an expense is positive in XBRL) and " if flipped else ""
                if not same:
                    continue
                if flipped:
                    return (f"{flipped} tagged with the wrong sign, and a line the rule does not name", GENUINE,
                            f"{sign}the rest of the difference, {fmt(rest)}, is {custom}{tag} {fmt(v)}{shown_at} on the same statement; {base}")
                if ev.rule_id == "BS002" and tag == "LiabilitiesCurrent":
                    return ("Liabilities tagged on the non-current liabilities only", GENUINE,
                            f"the difference {fmt(diff)} is LiabilitiesCurrent {fmt(v)}{shown_at}: the figure tagged Liabilities "
                            f"({fmt(ops.get('Liabilities'))}) leaves out current liabilities; {base}")
                verdict = UNTAGGED if tag in f.custom else RULE_GAP
                return (f"a line the rule does not name: {custom}{tag}", verdict,
                        f"the difference {fmt(diff)} is {custom}{tag} {fmt(v)}{shown_at}, printed on the same statement; {base}")
    return "unclassified", UNCLASSIFIED, base


OPTIONAL = {"IS001": ("Disposals", "EquityMethod", "Impairment"), "IS003": ("Noncontrolling", "Discontinued", "BelowTax")}
SIGNS = {("IS001", "Impairment"): -1, ("IS003", "Noncontrolling"): -1}  # how each term enters the computed side
EXPENSES = {"IncomeTaxExpenseBenefit", "InterestExpense", "InterestAndDebtExpense", "InterestExpenseDebt", "CostsAndExpenses", "OperatingExpenses",
            "CostOfRevenue", "CostOfGoodsSold", "CostOfGoodsAndServicesSold"}


def lines_between(ev: Evaluation, f: Filing, ctx: dict[str, float], diff: float, tol: float, ops: dict[str, float]) -> tuple[str, str, str] | None:
    """Lines pre.txt prints between the pretax line and net income that the rule does not name, summing to the difference."""
    pretax = next((t for t in ops if "BeforeIncomeTaxes" in t), None)
    if pretax is None or pretax not in f.order or "NetIncomeLoss" not in f.order:
        return None
    stmt, report, start = f.order[pretax]
    _, report_end, end = f.order["NetIncomeLoss"]
    if report_end != report or end <= start:
        return None
    lines = sorted((where[2], tag) for tag, where in f.order.items()
                   if where[0] == stmt and where[1] == report and start < where[2] < end and tag in ctx and tag not in ops and ctx[tag])
    # a figure the rule bound though the statement prints it below net income (an allocation of net income, not a deduction)
    lines += sorted((where[2], tag) for tag, where in f.order.items()
                    if tag in ops and tag != "NetIncomeLoss" and where[0] == stmt and where[1] == report and where[2] > end and ctx.get(tag))
    for size in (1, 2, 3, 4):
        for combo in itertools.combinations(lines, size):
            for signs in itertools.product((1, -1), repeat=size):
                total = sum(sign * ctx[tag] for sign, (_, tag) in zip(signs, combo, strict=True))
                if near(total, diff, tol):
                    names = ", ".join(f"{'custom ' if tag in f.custom else ''}{tag} {fmt(ctx[tag])} (line {line}"
                                      f"{', bound by the rule but printed below net income' if line > end else ''})" for line, tag in combo)
                    verdict = UNTAGGED if any(tag in f.custom for _, tag in combo) else RULE_GAP
                    return ("lines between pretax and net income the rule does not name", verdict,
                            f"pre.txt prints between the pretax line {start} and net income line {end}: {names}, which make the difference "
                            f"{fmt(diff)}")
    return None


def classify_cash_balances(ev: Evaluation, f: Filing, ctx: dict[str, float], key: tuple[int, int]) -> tuple[str, str, str]:
    """CF002, end = beginning + change: the balances sit in the instant contexts at the period's edges."""
    reported, computed = float(ev.reported or 0), float(ev.computed or 0)
    diff = reported - computed
    tol = max(float(ev.tolerance or 0), 1.0)
    ops = {o.name: float(o.value) for o in ev.operands if o.value is not None}
    base = f"reported {fmt(reported)}, computed {fmt(computed)}; " + ", ".join(f"{k} {fmt(v)}" for k, v in ops.items())
    disc = ops.get("Discontinued")
    if disc and near(diff, -disc, tol):
        return ("discontinued operations' cash flow inside the change, their cash outside the balances", RULE_GAP,
                f"the difference {fmt(diff)} is minus NetCashProvidedByUsedInDiscontinuedOperations {fmt(disc)}: the net change "
                f"tagged includes the discontinued operations' cash flow while the balances exclude their cash; {base}")
    end, quarters = key
    bound = {o.concept.split(":")[-1] for o in [ev.target, *ev.operands] if o is not None and o.concept}
    at_start, at_end = f.facts.get((month_end_before(end, quarters), 0), {}), f.facts.get((end, 0), {})
    flow = computed - ops.get("Begin", 0.0)  # the change with whatever the rule added to it
    for tag in sorted(set(at_start) & set(at_end)):
        if "Cash" not in tag or tag in bound:
            continue
        custom = "custom " if tag in f.custom else ""
        if near(at_end[tag] - at_start[tag], flow, tol):
            return ("the cash-flow statement's balances tagged apart from the balance sheet's cash", UNTAGGED if custom else RULE_GAP,
                    f"{custom}{tag} moves from {fmt(at_start[tag])} to {fmt(at_end[tag])}, exactly the change {fmt(flow)}: the "
                    f"cash-flow statement's balances are this figure, the cash the rule binds is the balance sheet's; {base}")
        if near((reported + at_end[tag]) - (ops.get("Begin", 0.0) + at_start[tag]), flow, tol):
            return ("the cash-flow statement's balances include cash held apart (discontinued operations, held for sale)",
                    UNTAGGED if custom else RULE_GAP,
                    f"with {custom}{tag} ({fmt(at_start[tag])} at the start, {fmt(at_end[tag])} at the end) added to both balances "
                    f"the change {fmt(flow)} ties; {base}")
    # the two balances under two tags of their own ("...BeginningPeriod", "...EndOfPeriod")
    for first in sorted(t for t in at_start if "Cash" in t and t not in bound and ("Begin" in t or "Start" in t)):
        for last in sorted(t for t in at_end if "Cash" in t and t not in bound and t != first):
            if near(at_end[last] - at_start[first], flow, tol):
                custom = "custom " if first in f.custom or last in f.custom else ""
                return ("the cash-flow statement's balances tagged apart from the balance sheet's cash", UNTAGGED if custom else RULE_GAP,
                        f"{first} {fmt(at_start[first])} at the start and {last} {fmt(at_end[last])} at the end differ by exactly "
                        f"the change {fmt(flow)} ({custom.strip() or 'standard'} tags): the cash-flow statement's balances are "
                        f"these, the rule binds the balance sheet's cash; {base}")
    places = [("this period", ctx), ("the ending balance date", f.facts.get((end, 0), {}))]
    for where, figures in places:
        for tag, v in sorted(figures.items()):
            shown_on = f.order.get(tag, ("",))[0]
            if tag in bound or not v or "Cash" not in tag or shown_on not in ("CF", "BS") or not near(abs(v), abs(diff), tol):
                continue  # a cash figure printed on the cash-flow statement or the balance sheet, not a coincidence elsewhere
            custom = "custom " if tag in f.custom else ""
            shown_at = f" (pre.txt: {f.order[tag][0]} line {f.order[tag][2]})" if tag in f.order else ""
            return (f"a cash line the rule does not name: {custom}{tag}", UNTAGGED if custom else RULE_GAP,
                    f"the difference {fmt(diff)} is {custom}{tag} {fmt(v)} at {where}{shown_at}; {base}")
    return "unclassified", UNCLASSIFIED, base


def classify(ev: Evaluation, f: Filing) -> tuple[str, str, str]:
    key = context_of(ev)
    ctx = f.facts.get(key, {})
    if ev.rule_id == "CF002":
        return classify_cash_balances(ev, f, ctx, key)
    if ev.rule_id in EPS_RATIO:
        return classify_eps_ratio(ev, f, ctx, key)
    if ev.rule_id in EPS_PARTS:
        return classify_eps_parts(ev, f, ctx)
    return classify_sum(ev, f, ctx)


# (rule, optional variable, the term's concepts, the anchor's concepts, "above"/"below": where the term must be printed
# relative to the anchor for the presentation to agree that the figure is already inside another one, or outside)
OPTIONAL_CHECKS = [
    ("IS003", "BelowTax", ["IncomeLossFromEquityMethodInvestments"],
     ["IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments",
      "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"], "above"),
    ("IS001", "EquityMethod", ["IncomeLossFromEquityMethodInvestments"], ["OperatingIncomeLoss"], "below"),
    ("IS002", "Interest", ["InterestAndDebtExpense", "InterestExpense", "InterestExpenseDebt"], ["NonoperatingIncomeExpense"], "above"),
    ("CF001", "FX", ["EffectOfExchangeRateOnCashAndCashEquivalents"], ["CashAndCashEquivalentsPeriodIncreaseDecrease"], "below"),
]


def check_optional_terms(quarter: Path, book, filings: dict[str, Filing]) -> None:  # type: ignore[no-untyped-def]
    """Where each optional term decides the outcome, does pre.txt print it where the rule's reading says?"""
    import dataclasses

    def failures(b) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
        run = check_fsds([quarter], b, lean=True).run
        return {(d.document.extra["adsh"], e.rule_id, e.period.key() if e.period else "") for d in run.documents for e in d.evaluations}

    now = failures(book)
    for rule_id, var, terms, anchors, where in OPTIONAL_CHECKS:
        rules = [dataclasses.replace(r, optional_terms=r.optional_terms - {var}) if r.id == rule_id else r for r in book.rules]
        decided = {k for k in failures(dataclasses.replace(book, rules=rules)) - now if k[1] == rule_id}
        counts: collections.Counter[str] = collections.Counter()
        against = []
        for adsh, _, context in sorted(decided):
            f = filings[adsh]
            term = next((f.order[t] for t in terms if t in f.order), None)
            anchor = next((f.order[t] for t in anchors if t in f.order), None)
            if term is None or anchor is None or term[:2] != anchor[:2]:
                counts["not presented with the anchor"] += 1
            elif (term[2] < anchor[2]) == (where == "above"):
                counts["agrees"] += 1
            else:
                counts["disagrees"] += 1
                against.append(f"{f.name} {context}")
        print(f"{rule_id} {var}: decides {len(decided)} contexts; pre.txt " + ", ".join(f"{k} {n}" for k, n in counts.most_common())
              + (f" ({'; '.join(against)})" if against else ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quarter", type=Path, default=Path("/work/shared/corpus/fsds/2009q3"))
    ap.add_argument("--rules", type=int, default=10, help="rules to print (most failures first)")
    ap.add_argument("--csv", type=Path, help="write every failure with its class and evidence")
    ap.add_argument("--optional-terms", action="store_true", help="also check each learned optional term against pre.txt")
    args = ap.parse_args()
    _, book = load(Settings())
    if args.optional_terms:
        check_optional_terms(args.quarter, book, read_quarter(args.quarter))
    run = check_fsds([args.quarter], book, lean=True).run
    filings = read_quarter(args.quarter)
    rows: list[dict[str, str]] = []
    per_rule: dict[str, collections.Counter[tuple[str, str]]] = collections.defaultdict(collections.Counter)
    examples: dict[tuple[str, str], str] = {}
    for d in run.documents:
        adsh = d.document.extra["adsh"]
        f = filings[adsh]
        for ev in d.evaluations:
            if ev.status != FAIL:
                continue
            cls, verdict, evidence = classify(ev, f)
            per_rule[ev.rule_id][(cls, verdict)] += 1
            context = ev.period.key() if ev.period else ""
            examples.setdefault((ev.rule_id, cls), f"{f.name} {adsh} {context}: {evidence}")
            rows.append({"adsh": adsh, "company": f.name, "rule": ev.rule_id, "context": context, "class": cls,
                         "verdict": verdict, "evidence": evidence})
    total = sum(sum(c.values()) for c in per_rule.values())
    verdicts = collections.Counter(r["verdict"] for r in rows)
    print(f"{total} failures: " + ", ".join(f"{v} {n}" for v, n in verdicts.most_common()))
    ranked = sorted(per_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    for rule, counts in ranked[: args.rules]:
        print(f"{rule}: {sum(counts.values())} failures")
        for (cls, verdict), n in counts.most_common():
            print(f"  {n:>4}  [{verdict}] {cls}")
            print(f"          e.g. {examples[(rule, cls)][:300]}")
    left = [r for r in rows if r["verdict"] == UNCLASSIFIED]
    if left:
        print(f"unclassified ({len(left)}):")
        for r in left:
            print(f"  {r['rule']} {r['company']} {r['adsh']} {r['context']}: {r['evidence'][:250]}")
    if args.csv:
        rows.sort(key=lambda r: (r["rule"], r["company"], r["adsh"], r["context"]))
        with args.csv.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["adsh", "company", "rule", "context", "class", "verdict", "evidence"])
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {len(rows)} failures to {args.csv}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
