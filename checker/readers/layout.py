"""From a Grid to a Statement and its facts: periods, scale, units, signs, noise.

Every layout reader (text, HTML, Markdown, PDF) shares this step, so a ghost row,
a merged row or a partial row is judged the same way whatever the input format.
Nothing here knows about rules: duplicates are kept for the engine to resolve.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from statistics import median

from checker.facts import (
    PURE,
    SHARES,
    USD,
    USD_PER_SHARE,
    Fact,
    Noise,
    Period,
    Row,
    Source,
    Statement,
    column_key,
)
from checker.readers.edges import balances_at_edges
from checker.readers.grid import Cell, Grid, GridRow
from checker.readers.numbers import (
    Figure,
    is_filler,
    is_junk,
    is_nil,
    is_not_meaningful,
    looks_like_misread_comma,
    parse_figure,
    split_tokens,
)
from checker.readers.periods import period_in_text, read_periods
from checker.readers.titles import scale_of, share_scale_of, table_kind

_PER_SHARE = re.compile(
    r"per\s+(?:common\s+|ordinary\s+|basic\s+|diluted\s+|limited\s+partner\s+)?(?:share|unit)|earnings\s+per|\beps\b"
    r"|loss\s+per|income\s+per|dividends?\s+declared\s+per|^\s*(?:basic|diluted)\s*(?:and\s+diluted)?\s*[:$]?\s*$",
    re.I,
)
_SHARES = re.compile(
    r"\bshares\s+(?:outstanding|issued|used)|weighted[-\s]average\s+(?:number|common|basic|diluted|shares)|average\s+common|\b(?:basic|diluted)\s+shares\b|number\s+of\s+shares",
    re.I,
)
_STOCK_AMOUNT = re.compile(r"^\s*(?:common|preferred|preference|capital|treasury)\s+(?:stock|shares)\b(?!\s+outstanding)|\bpar\s+value\b", re.I)
_BARE_BASIC = re.compile(r"^\s*(?:basic|diluted)(?:\s+and\s+diluted)?\s*:?\s*$", re.I)
_SHARE_SECTION = re.compile(r"^\s*(?:weighted[-\s]average|shares\b|number\s+of\s+shares|average\s+(?:common\s+)?shares)", re.I)
_CURRENCY_WORDS = {"dollars", "usd", "us$", "$", "\\$"}


@dataclass
class _Token:
    figure: Figure | None  # None for a nil cell
    cell: Cell
    printed: str


@dataclass
class _Parsed:
    row: GridRow
    label: str
    tokens: list[_Token] = field(default_factory=list)
    per_cell: list[list[_Token]] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    junk: int = 0
    kind: str = "item"
    unit: str = USD


def interpret(grid: Grid, index: int, known: Sequence[Period] = ()) -> tuple[Statement | None, list[Fact], list[Noise]]:
    """The statement in `grid` with its facts, plus the rows judged to be noise.

    `known` are the periods the document's other statements read: a header that names a quarter
    without its dates ("First Quarter 2022") is that quarter of them.
    """
    kind = table_kind(grid.title) or "other"
    sid = f"S{index + 1}"
    header_text = " ".join(c.text for row in grid.headers for c in row)
    scale_text = next(
        (t for t in [header_text, grid.title, *[c for c, _ in reversed(grid.context)]] if scale_of(t) is not None), ""
    )
    power = scale_of(scale_text) or 0
    share_power = share_scale_of(scale_text, power)
    noise: list[Noise] = []
    parsed = [_parse_row(r) for r in grid.rows]
    parsed = _split_merged(parsed)
    section = ""
    for p in parsed:
        _classify(p, power, grid, noise, sid)
        if p.kind == "header":
            section = p.label
        elif (
            # Markup only for now: in text releases it would also turn Horizon's skipped EPS
            # checks into evaluated ones, whose share scale ("in 000s" over 9,897,398) needs a look.
            grid.format in ("html", "markdown")
            and p.unit == USD_PER_SHARE
            and _BARE_BASIC.match(p.label)
            and _SHARE_SECTION.search(section)
        ):
            p.unit = SHARES  # "Basic" under "Weighted average shares outstanding:" counts shares
    items = [p for p in parsed if p.kind in ("item", "total")]
    counts = Counter(len(p.tokens) for p in items if p.tokens)
    context_text = " ".join([grid.title, *[c for c, _ in grid.context]])
    periods = read_periods(grid.headers, kind, context_text, ncols=None)
    if periods and counts and len(periods) < max(counts):
        periods = read_periods(grid.headers, kind, context_text, ncols=max(counts))
    if periods and counts and len(periods) < max(counts):
        periods = _periods_with_adjustments(grid, kind, context_text, max(counts)) or periods
    ncols = len(periods) if periods else (counts.most_common(1)[0][0] if counts else 0)
    # a table read with the help of the others (a segment table) keeps to a context of its own, as NG tables do
    by_quarter = not periods and bool(known) and _named_quarters(grid, ncols, known)
    if by_quarter:
        periods = by_quarter
    bridge = [] if periods or not known else _bridge_columns(grid, ncols, known)
    if bridge:
        periods = [p for p, _ in bridge]
    by_entity = not periods and _entity_periods(grid, ncols)
    if by_entity:
        periods = by_entity
    if not periods or ncols == 0:
        for p in items:
            noise.append(_noise(grid, p.row, "no readable period for this table's columns", sid))
        return None, [], noise
    colmap = list(range(ncols))
    if counts and max(counts) > ncols:
        kinds = _column_kinds(grid, max(counts), len(periods))
        if kinds is not None:
            # Change / variance columns sit between the periods: read past them.
            ncols = len(kinds)
            colmap = []
            k = 0
            for kind_ in kinds:
                colmap.append(k if kind_ == "P" else -1)
                k += kind_ == "P"
    anchors = _anchors(items, ncols)
    if grid.format not in ("html", "markdown"):  # no OCR ghosts in markup: similar labels are real lines
        _mark_duplicates(parsed)
    statement = Statement(
        id=sid,
        title=" ".join(grid.title.split()),
        kind=kind,
        periods=periods,
        rows=[],
        scale=power,
        source=Source(grid.file, grid.title_line, page=grid.page),
        dimensions=_table_dimensions("NG" if by_entity or by_quarter or bridge else kind, sid),
    )
    if len(set(periods)) < len(periods):
        statement.column_dims = _column_groups(grid, periods, statement.dimensions, sid)
    if bridge:
        statement.column_dims = [(*statement.dimensions, ("tieout:Column", name)) for _, name in bridge]
    facts: list[Fact] = []
    for p in parsed:
        if p.kind in ("noise", "blank"):
            continue
        if p.kind == "unreadable":
            row = Row(label=p.label, line=p.row.line, kind="item", depth=p.row.indent)
            for period_, dims in statement.columns():
                blank = Fact(p.label, None, period_, p.unit, None, Source(grid.file, p.row.line, page=grid.page),
                             statement=sid, row=len(statement.rows), printed="(unreadable)", dimensions=dims)
                facts.append(blank)
                row.facts[column_key(period_, dims)] = blank
            statement.rows.append(row)
            continue
        row = Row(label=p.label, line=p.row.line, kind=p.kind, depth=p.row.indent)
        if p.kind != "header":
            values = [t for t in p.tokens if t.figure is not None or len(p.tokens) <= ncols]
            if len(values) > ncols:
                noise.append(_noise(grid, p.row, f"{len(values)} figures for {ncols} columns", sid))
                continue
            columns = _assign(values, anchors, ncols)
            if columns is None:
                noise.append(_noise(grid, p.row, "figures do not line up with the columns", sid))
                continue
            taken = set()
            for tok, body_col in zip(values, columns, strict=True):
                col = colmap[body_col]
                if col < 0:
                    continue
                taken.add(col)
                fact = _fact(tok, p, periods[col], power, share_power, sid, len(statement.rows), grid)
                period_, dims = statement.columns()[col]
                fact = replace(fact, dimensions=dims) if dims else fact
                facts.append(fact)
                row.facts[column_key(period_, dims)] = fact
            for col in range(len(periods)):
                if col not in taken and values:
                    # A blank cell on a line that has figures elsewhere: nil, not zero.
                    period_, dims = statement.columns()[col]
                    blank = Fact(p.label, None, period_, p.unit, None, Source(grid.file, p.row.line, page=grid.page),
                                 statement=sid, row=len(statement.rows), printed="", dimensions=dims)
                    facts.append(blank)
                    row.facts[column_key(period_, dims)] = blank
        statement.rows.append(row)
    return statement, balances_at_edges(statement, facts), noise


_CHANGE = re.compile(r"^\$?\s*%?\s*(change|variance|inc\.?\s*\(dec\.?\)|increase\s*\(decrease\)|%\s*change|%|b\s*\(w\)|better\s*\(worse\))$", re.I)
_PERIODISH = re.compile(r"(?:19|20)\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\bq[1-4]\b|\bfy", re.I)


def _column_kinds(grid: Grid, nbody: int, nperiods: int) -> list[str] | None:
    """"P" or "C" for each body column, from a header row that names the change columns."""
    for row in grid.headers:
        kinds = []
        for cell in row:
            text = cell.text.strip()
            if _CHANGE.match(text):
                kinds.append("C")
            elif _PERIODISH.search(text):
                kinds.extend("P" for _ in range(max(1, len(re.findall(r"(?:19|20)\d{2}", text)))))
        if kinds.count("C") and len(kinds) == nbody and kinds.count("P") == nperiods:
            return kinds
    return None


def _column_groups(grid: Grid, periods: list[Period], base: tuple[tuple[str, str], ...], sid: str) -> list[tuple[tuple[str, str], ...]]:
    """Repeated periods mean column groups (segments): name each group from its header row."""
    distinct = len(set(periods))
    groups = len(periods) // max(1, distinct)
    last = [c.text.strip() for c in grid.headers[-1]] if grid.headers else []
    roles = [" ".join(_YEAR_IN_CELL.sub(" ", t).split()) for t in last]
    if len(last) == len(periods) and any(_ADJUSTMENTS.match(r) for r in roles) and all(roles):
        # one header cell per column, period and role together ("2014 GAAP", "Adj.", "2014 Non-GAAP")
        return [(*base, ("tieout:Column", role)) for role in roles]
    names = [f"{sid}.group{g + 1}" for g in range(groups)]
    for row in grid.headers:
        cells = [c.text.strip() for c in row if c.text.strip() and not re.search(r"\d", c.text)]
        if len(cells) == groups:
            names = cells
    out = []
    for j in range(len(periods)):
        g = min(j // max(1, distinct), groups - 1)
        out.append((*base, ("tieout:Column", names[g])))
    return out


_YEAR_IN_CELL = re.compile(r"(?:19|20)\d{2}")
_ADJUSTMENTS = re.compile(r"^\s*(?:non[-\s]?gaap\s+)?adj(?:\.|ustments?)?\s*$", re.I)


def _periods_with_adjustments(grid: Grid, kind: str, context_text: str, ncols: int) -> list[Period]:
    """A reconciliation's columns "2014 GAAP | Adj. | 2014 Non-GAAP | 2013 GAAP | Adj. | ...": a column
    that names no year belongs to the year of the column before it."""
    if not grid.headers:
        return []
    last = grid.headers[-1]
    if len(last) != ncols or not _YEAR_IN_CELL.search(last[0].text):
        return []
    yearless = [c.text for c in last if not _YEAR_IN_CELL.search(c.text)]
    if not yearless or not all(_ADJUSTMENTS.match(t) for t in yearless):
        return []  # change or % columns are read elsewhere; only adjustment columns join their year
    year = ""
    filled = []
    for cell in last:
        found = _YEAR_IN_CELL.search(cell.text)
        year = found.group(0) if found else year
        filled.append(replace(cell, text=cell.text if found else f"{year} {cell.text}"))
    periods = read_periods([*grid.headers[:-1], filled], kind, context_text, ncols=ncols)
    return periods if len(periods) == ncols else []


_QUARTER_NAME = re.compile(r"^\s*(?:(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|q([1-4]))\s*,?\s*((?:19|20)\d{2})\s*$", re.I)
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _named_quarters(grid: Grid, ncols: int, known: Sequence[Period]) -> list[Period]:
    """Columns headed "First Quarter 2022" | "First Quarter 2021" (segment tables of a release): the
    three-month periods of the document ending in those calendar quarters, when it has exactly one each."""
    for row in reversed(grid.headers):
        cells = [c.text.strip() for c in row if c.text.strip()]
        if len(cells) == ncols and all(_QUARTER_NAME.match(c) for c in cells):
            return _named_quarters_of(cells, known)
    return []


def _named_quarters_of(cells: Sequence[str], known: Sequence[Period]) -> list[Period]:
    """Each "First Quarter 2022" as the one three-month period of `known` ending in that calendar quarter."""
    out = []
    for cell in cells:
        hit = _QUARTER_NAME.match(cell)
        if hit is None:
            return []
        n = _ORDINAL[hit.group(1).lower()] if hit.group(1) else int(hit.group(2))
        year = int(hit.group(3))
        match = {p for p in known if p.months == 3 and p.end.year == year and (p.end.month - 1) // 3 + 1 == n}
        if len(match) != 1:
            return []
        out.append(next(iter(match)))
    return out


def _bridge_columns(grid: Grid, ncols: int, known: Sequence[Period]) -> list[tuple[Period, str]]:
    """A bridge from one quarter to another ("First Quarter 2021 | Sales Volume | Price Realization |
    Currency | First Quarter 2022"): the first column is the earlier quarter, the others are movements
    over the later one and the later quarter itself. Each column keeps its header as its name."""
    for row in reversed(grid.headers):
        cells = [c.text.strip() for c in row if c.text.strip()]
        if len(cells) != ncols or ncols < 3:
            continue
        ends = _named_quarters_of([cells[0], cells[-1]], known)
        if len(ends) != 2 or not ends[0].end < ends[1].end or any(_QUARTER_NAME.match(c) for c in cells[1:-1]):
            return []
        return [(ends[0], cells[0]), *((ends[1], c) for c in cells[1:])]
    return []


def _entity_periods(grid: Grid, ncols: int) -> list[Period]:
    """A table whose columns are entities or segments ("Consolidated | Machinery | Financial Products |
    Consolidating Adjustments") under one period its caption names: that period for every column.

    The columns become groups of their own (`tieout:Column`) in a context of the table's own, so each
    column is footed while no figure meets the GAAP statements' contexts.
    """
    if ncols < 2:
        return []
    named = any(
        len(cells) == ncols and not any(re.search(r"\d", c) for c in cells)
        for cells in ([c.text.strip() for c in row if c.text.strip()] for row in grid.headers)
    )
    found = {p for p in (period_in_text(t) for t in [grid.title, *[c for c, _ in grid.context]]) if p is not None}
    return [next(iter(found))] * ncols if named and len(found) == 1 else []


def _table_dimensions(kind: str, sid: str) -> tuple[tuple[str, str], ...]:
    """Segment and non-GAAP tables live in their own context, so they never clash with GAAP figures."""
    return (("tieout:Table", sid),) if kind == "NG" else ()


def _parse_row(row: GridRow) -> _Parsed:
    p = _Parsed(row=row, label=_clean_label(row.label))
    for cell in row.cells:
        cell_tokens: list[_Token] = []
        for tok in split_tokens(cell.text):
            if is_filler(tok):
                continue
            if is_not_meaningful(tok):
                continue
            if is_nil(tok):
                cell_tokens.append(_Token(None, cell, tok))
                continue
            if is_junk(tok):
                p.junk += 1
                continue
            fig = parse_figure(tok)
            if fig is None:
                if tok.lower().strip(".") in _CURRENCY_WORDS:
                    continue
                p.bad.append(tok)
                continue
            cell_tokens.append(_Token(fig, cell, tok))
        if cell_tokens:
            p.per_cell.append(cell_tokens)
            p.tokens.extend(cell_tokens)
    if any(t.figure is not None and not t.figure.percent for t in p.tokens) and any(t.figure is not None and t.figure.percent for t in p.tokens):
        # "4%" beside amounts: a change column, not a period.
        p.tokens = [t for t in p.tokens if t.figure is None or not t.figure.percent]
        p.per_cell = [[t for t in c if t.figure is None or not t.figure.percent] for c in p.per_cell]
        p.per_cell = [c for c in p.per_cell if c]
    return p


def _clean_label(label: str) -> str:
    text = " ".join(label.replace("\\$", "$").split())
    text = re.sub(r"\s*[\$¢]\s*$", "", text)
    return text.strip(" .:_…").strip() if not text.endswith(":") else text.rstrip(" .…").strip()


def _split_merged(parsed: list[_Parsed]) -> list[_Parsed]:
    """A line that is a section header plus k line items with k figures per cell."""
    out: list[_Parsed] = []
    for p in parsed:
        sizes = {len(c) for c in p.per_cell}
        k = next(iter(sizes)) if len(sizes) == 1 else 0
        if k > 1 and len(p.per_cell) >= 2 and not p.bad:
            header, labels = _split_label(p.label, k)
            if labels:
                if header:
                    out.append(_Parsed(row=p.row, label=header, kind="header"))
                for i, label in enumerate(labels):
                    q = _Parsed(row=p.row, label=label, junk=p.junk)
                    q.per_cell = [[c[i]] for c in p.per_cell]
                    q.tokens = [c[i] for c in p.per_cell]
                    out.append(q)
                continue
        out.append(p)
    return out


def _split_label(label: str, k: int) -> tuple[str | None, list[str]]:
    header = None
    rest = label
    if ":" in label:
        head, _, rest = label.partition(":")
        header = head.strip() + ":"
        rest = rest.strip()
    words = rest.split()
    parts: list[list[str]] = []
    for i, w in enumerate(words):
        starts = i == 0 or (w[:1].isupper() and words[i - 1][:1].islower() and words[i - 1].lower() not in ("and", "of", "&"))
        if starts:
            parts.append([w])
        else:
            parts[-1].append(w)
    if len(parts) != k:
        return None, []
    return header, [" ".join(p) for p in parts]


def _classify(p: _Parsed, power: int, grid: Grid, noise: list[Noise], sid: str) -> None:
    if p.kind == "header":
        return
    figures = [t for t in p.tokens if t.figure is not None]
    if not figures and not p.bad and not p.tokens:
        p.kind = "header" if p.label and _wordy(p.label) else "blank"
        if p.kind == "blank" and p.row.cells:
            p.kind = "noise"
        return
    if not p.label and not p.bad and all(t.figure is None for t in p.tokens):
        p.kind = "blank"  # a ruling line of dashes under a column
        return
    if not p.label and p.row.bold and figures:
        # Figures with no label but printed as a total (HTML: a rule over them): the section's total.
        p.label = "Total"
    label_l = p.label.lower()
    p.unit = _unit(label_l, figures)
    reason = None
    if p.bad:
        reason = f"malformed figure '{p.bad[0]}'"
    elif any(len(c) > 1 for c in p.per_cell):
        reason = "several figures in one cell"
    elif any(re.fullmatch(r"\(?\$?\d{7,}\)?", t.printed) for t in figures):
        # "252208906873": figures printed with no separator at all; splitting them would be a guess.
        reason = "figures run together ('" + next(t.printed for t in figures if re.fullmatch(r"\(?\$?\d{7,}\)?", t.printed)) + "')"
    elif not p.label:
        reason = "figures without a label"
    elif not _wordy(p.label):
        reason = f"garbled label '{p.label}'"
    elif power and p.unit != USD_PER_SHARE and any(looks_like_misread_comma(t.printed) for t in figures):
        reason = "a comma read as a point ('" + next(t.printed for t in figures if looks_like_misread_comma(t.printed)) + "')"
    if reason:
        # A real line whose figures cannot be read keeps its place (as blanks), so identities
        # that need it are skipped rather than failed; OCR debris just goes.
        p.kind = "unreadable" if reason.startswith("figures run together") else "noise"
        noise.append(_noise(grid, p.row, reason, sid))
        return
    p.kind = "total" if re.match(r"^\s*total\b", label_l) else "item"


def _wordy(label: str) -> bool:
    """At least one real word: 'I f' and 'N 1 1 1' are debris, 'Net loss' is not."""
    words = re.findall(r"[A-Za-z]{3,}", label)
    letters = sum(ch.isalpha() for ch in label)
    return bool(words) and letters >= 0.6 * len(label.replace(" ", ""))


_PAR_VALUE = re.compile(r"\bpar\s+value\b|paid[-\s]in\s+capital", re.I)
_SHARE_COUNT = re.compile(r"^(?:weighted[-\s]average|average|shares|number\s+of\s+shares|common\s+shares\s+outstanding)|shares\s+used", re.I)


def _unit(label: str, figures: list[_Token]) -> str:
    if figures and all(t.figure and t.figure.percent for t in figures):
        return PURE
    if _STOCK_AMOUNT.search(label):
        return USD  # "Common stock, $.01 par value; 100,000,000 shares authorized ...": dollars
    if _SHARE_COUNT.search(label):
        return SHARES
    if _PER_SHARE.search(label):
        return USD_PER_SHARE
    if (
        _SHARES.search(label)
        and "per share" not in label
        and not re.match(r"^(common|preferred|ordinary|capital)\s+(shares|stock)\b(?!.*outstanding)", label)
        and not _PAR_VALUE.search(label)  # "Common stock, $0.01 par value; 50 shares issued and outstanding": money
    ):
        return SHARES
    return USD


def _anchors(items: list[_Parsed], ncols: int) -> list[float]:
    full = [p for p in items if len(p.tokens) == ncols]
    if not full:
        return [float(i) for i in range(ncols)]
    return [median(p.tokens[j].cell.position for p in full) for j in range(ncols)]


def _assign(tokens: list[_Token], anchors: list[float], ncols: int) -> list[int] | None:
    """Columns for a row's figures: in order when complete, else nearest anchors, left to right."""
    n = len(tokens)
    if n == ncols:
        return list(range(ncols))
    if n == 0:
        return []
    best: tuple[float, list[int]] | None = None

    def walk(i: int, start: int, cost: float, chosen: list[int]) -> None:
        nonlocal best
        if i == n:
            if best is None or cost < best[0]:
                best = (cost, list(chosen))
            return
        for col in range(start, ncols - (n - i) + 1):
            chosen.append(col)
            walk(i + 1, col + 1, cost + abs(tokens[i].cell.position - anchors[col]), chosen)
            chosen.pop()

    walk(0, 0, 0.0, [])
    return best[1] if best else None


def _mark_duplicates(parsed: list[_Parsed]) -> None:
    """OCR ghosts: a line whose label nearly repeats the line above is the same line item."""
    prev: _Parsed | None = None
    for p in parsed:
        if p.kind not in ("item", "total"):
            if p.kind == "header":
                prev = None
            continue
        if prev is not None:
            ratio = difflib.SequenceMatcher(None, prev.label.lower(), p.label.lower()).ratio()
            shared = {t.printed for t in prev.tokens if t.figure is not None} & {t.printed for t in p.tokens if t.figure is not None}
            if ratio >= 0.8 and (shared or prev.label == p.label) and not _told_apart(prev.label, p.label):
                ghost, keep = (p, prev) if p.junk >= prev.junk else (prev, p)
                ghost.label = keep.label
                ghost.kind = "duplicate"
                ghost.unit = keep.unit
                continue
        prev = p


# Words that make two near-identical labels two line items, however alike they read: OCR does not turn
# "basic" into "diluted" ("Earnings per share attributable to Intel—basic" / "—diluted").
_DISTINCT_WORDS = {"basic", "diluted", "beginning", "end", "ending", "current", "noncurrent", "gross", "net", "before", "after"}


def _told_apart(a: str, b: str) -> bool:
    wa, wb = set(re.findall(r"[a-z]+", a.lower())), set(re.findall(r"[a-z]+", b.lower()))
    return bool((wa ^ wb) & _DISTINCT_WORDS)


def _fact(tok: _Token, p: _Parsed, period: Period, power: int, share_power: int, sid: str, row: int, grid: Grid) -> Fact:
    source = Source(grid.file, tok.cell.line, tok.cell.column, page=tok.cell.page or grid.page)
    scale = {USD_PER_SHARE: 0, PURE: 0, SHARES: share_power}.get(p.unit, power)
    if tok.figure is None:
        # A printed dash is "none": zero at the row's precision. A blank cell (no token) stays nil.
        return Fact(p.label, Decimal(0), period, p.unit, -scale if p.unit != USD_PER_SHARE else 2, source,
                    statement=sid, row=row, printed=tok.printed)
    fig = tok.figure
    value = fig.value.scaleb(scale)
    if fig.percent:
        value = fig.value / Decimal(100)
        decimals = fig.shown_decimals + 2
    else:
        decimals = fig.shown_decimals - scale
    quality = 1.0 - 0.1 * p.junk - (0.3 if p.kind == "duplicate" else 0.0)
    return Fact(
        label=p.label,
        value=value,
        period=period,
        unit=p.unit,
        decimals=decimals,
        source=source,
        statement=sid,
        row=row,
        quality=quality,
        printed=tok.printed,
    )


def _noise(grid: Grid, row: GridRow, reason: str, sid: str) -> Noise:
    numbers = []
    for cell in row.cells:
        for tok in split_tokens(cell.text):
            fig = parse_figure(tok)
            if fig is not None:
                numbers.append(fig.value)
    return Noise(
        source=Source(grid.file, row.line, row.label_column, page=row.page or grid.page),
        text=(row.raw or (row.label + " " + " ".join(c.text for c in row.cells))).strip(),
        reason=reason,
        statement=sid,
        numbers=tuple(numbers),
    )
