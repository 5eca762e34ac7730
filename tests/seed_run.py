"""A RunResult built by hand from the seed's figures (notes/accounting.md, lines 154-199).

Renderer tests need results whose every figure was read off the document by eye, so
an assertion on a rendered report checks a real number at a real line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from checker.engine.results import DocumentResult, Evaluation, Finding, Operand, RunResult
from checker.facts import USD, USD_PER_SHARE, Document, Fact, Noise, Period, Row, Source, Statement

SEED = Path(__file__).parent / "data" / "immunogen-8k-2011-04-28.txt"
PATH = str(SEED)

MAR11 = Period(end=date(2011, 3, 31))
JUN10 = Period(end=date(2010, 6, 30))
Q3_11 = Period.months_ending(date(2011, 3, 31), 3)
Q3_10 = Period.months_ending(date(2010, 3, 31), 3)
N9_11 = Period.months_ending(date(2011, 3, 31), 9)
N9_10 = Period.months_ending(date(2010, 3, 31), 9)


def _fact(label: str, thousands: str, period: Period, line: int, concept: str, stmt: str, unit: str = USD) -> Fact:
    printed = thousands
    negative = thousands.startswith("(")
    digits = thousands.strip("()").replace(",", "")
    if unit == USD_PER_SHARE:
        value, decimals = Decimal(digits), 2
    else:
        value, decimals = Decimal(digits) * 1000, -3
    return Fact(
        label=label, value=-value if negative else value, period=period, unit=unit, decimals=decimals,
        source=Source(PATH, line), concept=concept, statement=stmt, row=line, printed=printed,
    )


def _rows(stmt: str, periods: list[Period], lines: list[tuple]) -> tuple[list[Row], list[Fact]]:
    rows, facts = [], []
    for label, line, kind, concept, figures, *unit in lines:
        row = Row(label=label, line=line, kind=kind, concept=concept)
        for period, printed in zip(periods, figures, strict=True):
            if printed is None:
                continue
            fact = _fact(label, printed, period, line, concept, stmt, *unit)
            row.facts[period.key()] = fact
            facts.append(fact)
        rows.append(row)
    return rows, facts


def _op(name: str, fact: Fact) -> Operand:
    low, high = fact.interval()
    return Operand(name, fact.concept, fact.label, Fraction(fact.value), low, high, fact.source, fact)


def _interval_sum(facts: list[Fact]) -> tuple[Fraction, Fraction, Fraction]:
    lows, highs = zip(*(f.interval() for f in facts), strict=True)
    return sum((Fraction(f.value) for f in facts), Fraction(0)), sum(lows, Fraction(0)), sum(highs, Fraction(0))


def seed_document() -> Document:
    bs_periods = [MAR11, JUN10]
    bs_rows, bs_facts = _rows("bs", bs_periods, [
        ("Cash, cash equivalents and marketable securities", 160, "item",
         "us-gaap:CashCashEquivalentsAndAvailableForSaleSecurities", ["115,813", "110,298"]),
        ("Other assets", 161, "item", "us-gaap:OtherAssets", ["26,509", "26,910"]),
        ("Total assets", 162, "total", "us-gaap:Assets", ["142,322", "137,208"]),
        ("Current liabilities", 165, "item", "us-gaap:LiabilitiesCurrent", ["13,370", "13,822"]),
        ("Long-term portion of deferred revenue and other long-term liabilities", 166, "item",
         "us-gaap:OtherLiabilitiesNoncurrent", ["64,129", "21,338"]),
        ("Shareholders' equity", 167, "item", "us-gaap:StockholdersEquity", ["64,823", "102,048"]),
        ("Total liabilities and shareholders' equity", 168, "total",
         "us-gaap:LiabilitiesAndStockholdersEquity", ["142,322", "137,208"]),
    ])
    is_periods = [Q3_11, Q3_10, N9_11, N9_10]
    is_rows, is_facts = _rows("is", is_periods, [
        ("Clinical materials reimbursement", 175, "item", "tieout:ClinicalMaterialsReimbursement",
         ["2,163", "243", "3,576", "1,727"]),
        ("Total revenues", 179, "total", "us-gaap:Revenues", ["5,211", "3,314", "12,800", "9,521"]),
        ("Research and development", 182, "item", "us-gaap:ResearchAndDevelopmentExpense",
         ["15,763", "12,091", "45,192", None]),
        ("General and administrative", 183, "item", "us-gaap:GeneralAndAdministrativeExpense",
         ["4,550", "3,447", "11,602", "10,925"]),
        ("Total operating expenses", 185, "total", "us-gaap:OperatingExpenses",
         ["20,313", "15,538", "56,794", "47,415"]),
        ("Net loss", 194, "total", "us-gaap:NetIncomeLoss", ["(15,003)", "(12,124)", "(42,124)", "(37,507)"]),
        ("Net loss per common share, basic and diluted", 197, "item", "us-gaap:EarningsPerShareBasicAndDiluted",
         ["(0.22)", "(0.21)", "(0.62)", "(0.66)"], USD_PER_SHARE),
    ])
    bs = Statement("bs", "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)", "BS", bs_periods, bs_rows,
                   scale=3, source=Source(PATH, 156))
    is_ = Statement("is", "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)", "IS", is_periods,
                    is_rows, scale=3, source=Source(PATH, 170))
    noise = [Noise(Source(PATH, 178), "Tatal\t\tF 211\t\t2.214\t12.000\t\t0.521", "garbled ghost row", "is")]
    return Document(path=PATH, format="text", statements=[bs, is_], facts=bs_facts + is_facts, noise=noise,
                    entity="ImmunoGen, Inc.")


def _find(doc: Document, concept: str, period: Period) -> Fact:
    return next(f for f in doc.facts if f.concept == concept and f.period == period)


def seed_run() -> RunResult:
    """Five evaluations: two ties, a footing exception (a misread 5,271), a skip, an EPS recalculation."""
    doc = seed_document()
    evs: list[Evaluation] = []

    assets, lse = _find(doc, "us-gaap:Assets", MAR11), _find(doc, "us-gaap:LiabilitiesAndStockholdersEquity", MAR11)
    lo, hi = lse.interval()
    alo, ahi = assets.interval()
    evs.append(Evaluation(
        rule_id="BS001", title="Balance sheet balances", message="Total assets equal total liabilities and equity",
        severity="error", status="pass", document=PATH, expression="Assets = LiabilitiesAndStockholdersEquity",
        statement="bs", statement_title=doc.statements[0].title, period=MAR11,
        reported=Fraction(assets.value), reported_low=alo, reported_high=ahi,
        computed=Fraction(lse.value), computed_low=lo, computed_high=hi,
        target=_op("Assets", assets), operands=[_op("LiabilitiesAndStockholdersEquity", lse)], unit=USD,
    ))

    parts = [_find(doc, c, MAR11) for c in ("us-gaap:LiabilitiesCurrent", "us-gaap:OtherLiabilitiesNoncurrent",
                                            "us-gaap:StockholdersEquity")]
    c, clo, chi = _interval_sum(parts)
    evs.append(Evaluation(
        rule_id="FOOT", title="Column foots", message="Total liabilities and shareholders' equity foots",
        severity="error", status="pass", document=PATH, expression="total = sum(items)",
        statement="bs", statement_title=doc.statements[0].title, period=MAR11,
        reported=Fraction(lse.value), reported_low=lo, reported_high=hi, computed=c, computed_low=clo,
        computed_high=chi, target=_op("total", lse),
        operands=[_op(f"item{i}", f) for i, f in enumerate(parts, 1)], unit=USD,
    ))

    # The seed's Total revenues reads 5,211; as if OCR had misread it 5,271, the column no longer foots.
    revenues = _find(doc, "us-gaap:Revenues", Q3_11)
    misread = Fact(revenues.label, Decimal(5271000), Q3_11, USD, -3, revenues.source, revenues.concept, "is",
                   179, printed="5,271")
    items = [Fact("Research and development support", Decimal(2190000), Q3_11, USD, -3, Source(PATH, 174),
                  "us-gaap:ResearchAndDevelopmentRevenue", "is", 174, printed="2,190"),
             Fact("License and milestone fees", Decimal(858000), Q3_11, USD, -3, Source(PATH, 174),
                  "us-gaap:LicensesRevenue", "is", 174, printed="858"),
             _find(doc, "tieout:ClinicalMaterialsReimbursement", Q3_11)]
    c, clo, chi = _interval_sum(items)
    mlo, mhi = misread.interval()
    evs.append(Evaluation(
        rule_id="FOOT", title="Column foots", message="Total revenues foots",
        severity="error", status="fail", document=PATH, expression="total = sum(items)",
        statement="is", statement_title=doc.statements[1].title, period=Q3_11,
        reported=Fraction(misread.value), reported_low=mlo, reported_high=mhi, computed=c, computed_low=clo,
        computed_high=chi, target=_op("total", misread),
        operands=[_op(f"item{i}", f) for i, f in enumerate(items, 1)], unit=USD,
        notes=["off by 60 thousand: one digit misread (5,211 -> 5,271)?"],
    ))

    evs.append(Evaluation(
        rule_id="FOOT", title="Column foots", message="Total operating expenses foots",
        severity="error", status="skipped", document=PATH, expression="total = sum(items)",
        statement="is", statement_title=doc.statements[1].title, period=N9_10,
        reason="Research and development has no figure for 9 months ended 2010-03-31 (line 182)",
        target=_op("total", _find(doc, "us-gaap:OperatingExpenses", N9_10)), unit=USD,
    ))

    eps, net = _find(doc, "us-gaap:EarningsPerShareBasicAndDiluted", Q3_11), _find(doc, "us-gaap:NetIncomeLoss", Q3_11)
    shares = Fraction(68067000)
    nlo, nhi = net.interval()
    elo, ehi = eps.interval()
    corners = [n / d for n in (nlo, nhi) for d in (shares - 500, shares + 500)]
    evs.append(Evaluation(
        rule_id="IS004", title="EPS recalculates", message="Net loss per share equals net loss over shares",
        severity="warning", status="pass", document=PATH,
        expression="EarningsPerShareBasic = NetIncomeLoss / WeightedAverageNumberOfSharesOutstandingBasic",
        statement="is", statement_title=doc.statements[1].title, period=Q3_11,
        reported=Fraction(eps.value), reported_low=elo, reported_high=ehi,
        computed=Fraction(net.value) / shares, computed_low=min(corners), computed_high=max(corners),
        target=_op("eps", eps), operands=[_op("net", net)], unit=USD_PER_SHARE,
    ))

    findings = [Finding("noise", "info", "Skipped garbled ghost row 'Tatal F 211' at line 178", PATH,
                        Source(PATH, 178))]
    return RunResult([DocumentResult(doc, evs, findings)], rules_defined=6)
