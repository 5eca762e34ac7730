"""The SEC Financial Statement Data Set (FSDS): a quarter of EDGAR as four tab-separated files.

`sub.txt` names each filing (company, form, period), `num.txt` holds every figure
(one row per tag, date, duration in quarters, unit, segments and co-registrant),
`pre.txt` tells how the filer labelled a line and on which statement. The corpus
engine wants columns, not objects, so the reader returns numpy arrays; the
per-document path (and the test that both paths agree) gets ordinary `Fact`s from
`filing_documents`.

FSDS values carry no `decimals`: the precision of each figure is inferred from its
trailing zeros (116000000 was rounded to millions at most), which can only widen a
figure's range, so a rule never fails for a rounding the filer may have done.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np

from checker.errors import TieoutError
from checker.facts import Document, Fact, Period, Source

PRECISION_NOTE = "FSDS values carry no decimals: precision inferred from trailing zeros (at most millions)"
COARSEST_DECIMALS = -6
_NUM_FIELDS = ("adsh", "tag", "version", "ddate", "qtrs", "uom", "segments", "coreg", "value")
_SUB_FIELDS = ("adsh", "cik", "name", "form", "period", "fy", "fp")
_PRE_FIELDS = ("adsh", "stmt", "tag", "plabel")

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Filing:
    """One submission of `sub.txt`: what a reader of the report needs to recognise it."""

    adsh: str
    cik: str
    name: str
    form: str
    period: str  # yyyymmdd balance-sheet date
    fy: str
    fp: str
    source: str

    @property
    def title(self) -> str:
        return f"{self.adsh} {self.name} {self.form} {self.period}"


@dataclass
class FsdsData:
    """Filings and their figures as parallel columns (one entry per `num.txt` row kept)."""

    filings: list[Filing]
    filing: np.ndarray  # int32 index into filings
    tag: np.ndarray  # object (str)
    ddate: np.ndarray  # int32 yyyymmdd
    qtrs: np.ndarray  # int16, 0 = instant
    uom: np.ndarray  # object
    segments: np.ndarray  # object, "" = no dimension
    coreg: np.ndarray  # object, "" = the consolidated entity
    value: np.ndarray  # float64, nan = nil
    text: np.ndarray  # object: the value as written, for exact Decimals
    decimals: np.ndarray  # int16, inferred
    line: np.ndarray  # int32 line in num.txt
    file: np.ndarray  # int16 index into files
    files: list[str] = field(default_factory=list)
    labels: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (adsh, tag) -> (stmt, plabel)
    rows_read: int = 0

    def __len__(self) -> int:
        return len(self.tag)

    def take(self, mask: np.ndarray, filings: list[Filing] | None = None, remap: np.ndarray | None = None) -> FsdsData:
        """The rows under `mask`; with `filings`/`remap`, filing indices renumbered for a partition."""
        filing = self.filing[mask]
        if remap is not None:
            filing = remap[filing].astype(np.int32)
        return FsdsData(
            filings=filings if filings is not None else self.filings,
            filing=filing, tag=self.tag[mask], ddate=self.ddate[mask], qtrs=self.qtrs[mask], uom=self.uom[mask],
            segments=self.segments[mask], coreg=self.coreg[mask], value=self.value[mask], text=self.text[mask],
            decimals=self.decimals[mask], line=self.line[mask], file=self.file[mask], files=self.files,
            labels=self.labels, rows_read=int(mask.sum()),
        )

    def partitions(self, count: int) -> list[FsdsData]:
        """Split by filing into at most `count` parts of about equal size (a filing is never split)."""
        count = max(1, min(count, len(self.filings)))
        bounds = np.linspace(0, len(self.filings), count + 1).astype(int)
        parts: list[FsdsData] = []
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
            if hi <= lo:
                continue
            remap = np.full(len(self.filings), -1, dtype=np.int64)
            remap[lo:hi] = np.arange(hi - lo)
            mask = (self.filing >= lo) & (self.filing < hi)
            parts.append(self.take(mask, self.filings[lo:hi], remap))
        return parts


def concat(parts: Sequence[FsdsData]) -> FsdsData:
    """Several quarters as one data set (filing and file indices renumbered)."""
    filings: list[Filing] = []
    files: list[str] = []
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    filing_cols, file_cols = [], []
    for p in parts:
        filing_cols.append(p.filing + len(filings))
        file_cols.append(p.file + len(files))
        filings.extend(p.filings)
        files.extend(p.files)
        labels.update(p.labels)

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(p, name) for p in parts])

    return FsdsData(
        filings=filings, filing=np.concatenate(filing_cols).astype(np.int32), tag=cat("tag"), ddate=cat("ddate"),
        qtrs=cat("qtrs"), uom=cat("uom"), segments=cat("segments"), coreg=cat("coreg"), value=cat("value"),
        text=cat("text"), decimals=cat("decimals"), line=cat("line"), file=np.concatenate(file_cols).astype(np.int16),
        files=files, labels=labels, rows_read=sum(p.rows_read for p in parts),
    )


def infer_decimals(text: str) -> int:
    """XBRL decimals from how a value is written: digits after the point, else minus the trailing zeros (at most 6).

    '0.2200' -> 2, '15003000' -> -3, '116000000' -> -6, '0' -> 0 (a zero is taken as exact to the unit).
    """
    body = text.strip().lstrip("-+")
    if "." in body:
        whole, frac = body.split(".", 1)
        frac = frac.rstrip("0")
        if frac:
            return len(frac)
    else:
        whole = body
    whole = whole.lstrip("0")
    if not whole:
        return 0
    zeros = len(whole) - len(whole.rstrip("0"))
    return -min(zeros, -COARSEST_DECIMALS)


def read_fsds(
    paths: Path | Sequence[Path],
    concepts: set[str] | None = None,
    dimensional: bool = False,
    labels: bool = True,
) -> FsdsData:
    """Read one or more quarter folders (or their zips); keep only `concepts` when given.

    A custom tag (version = the filing's accession number) is kept when its name is a
    concept a rule names: 2009 filers declared their own `NetIncomeLossAttributableTo-
    NoncontrollingInterest` before the standard taxonomy had it, and the per-document
    path binds by local name too. Rows with segments are left out unless `dimensional`.
    """
    items = [paths] if isinstance(paths, Path) else list(paths)
    if not items:
        raise TieoutError("no FSDS folder given")
    parts = [_read_one(Path(p), concepts, dimensional, labels) for p in items]
    return parts[0] if len(parts) == 1 else concat(parts)


def _read_one(path: Path, concepts: set[str] | None, dimensional: bool, want_labels: bool) -> FsdsData:
    if not path.exists():
        raise TieoutError("FSDS folder not found", str(path))
    filings, index = _read_sub(path)
    num_name = _member_name(path, "num.txt")
    adsh_idx: list[int] = []
    tags: list[str] = []
    ddates: list[int] = []
    qtrs: list[int] = []
    uoms: list[str] = []
    segs: list[str] = []
    coregs: list[str] = []
    texts: list[str] = []
    lines: list[int] = []
    rows = 0
    with _open(path, "num.txt") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        cols = _header(reader, _NUM_FIELDS, num_name)
        a, t, _, d, q, u, s, c, val = (cols[k] for k in _NUM_FIELDS)
        width = max(cols.values()) + 1
        for lineno, row in enumerate(reader, start=2):
            rows += 1
            if len(row) < width:
                if not row or row == [""]:
                    continue
                raise TieoutError(f"num.txt row has {len(row)} fields, expected at least {width}", num_name, lineno)
            tag = row[t]
            if concepts is not None and tag not in concepts:
                continue
            adsh = row[a]
            if row[s] and not dimensional:
                continue
            fi = index.get(adsh)
            if fi is None:
                raise TieoutError(f"accession {adsh} is not in sub.txt", num_name, lineno)
            try:
                ddates.append(int(row[d]))
                qtrs.append(int(row[q]))
            except ValueError:
                raise TieoutError(f"bad ddate/qtrs '{row[d]}'/'{row[q]}'", num_name, lineno) from None
            adsh_idx.append(fi)
            tags.append(tag)
            uoms.append(row[u])
            segs.append(row[s])
            coregs.append(row[c])
            texts.append(row[val])
            lines.append(lineno)
    text_arr = np.array(texts, dtype=object)
    try:
        value = np.array([float(x) if x else np.nan for x in texts], dtype=np.float64)
    except ValueError:
        bad = next(i for i, x in enumerate(texts) if x and not _is_number(x))
        raise TieoutError(f"value '{texts[bad]}' is not a number", num_name, lines[bad]) from None
    decimals = np.array([infer_decimals(x) if x else 0 for x in texts], dtype=np.int16)
    labels = _read_pre(path, concepts) if want_labels else {}
    n = len(tags)
    return FsdsData(
        filings=filings, filing=np.array(adsh_idx, dtype=np.int32), tag=np.array(tags, dtype=object),
        ddate=np.array(ddates, dtype=np.int32), qtrs=np.array(qtrs, dtype=np.int16), uom=np.array(uoms, dtype=object),
        segments=np.array(segs, dtype=object), coreg=np.array(coregs, dtype=object), value=value, text=text_arr,
        decimals=decimals, line=np.array(lines, dtype=np.int32), file=np.zeros(n, dtype=np.int16), files=[num_name],
        labels=labels, rows_read=rows,
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _read_sub(path: Path) -> tuple[list[Filing], dict[str, int]]:
    name = _member_name(path, "sub.txt")
    filings: list[Filing] = []
    index: dict[str, int] = {}
    with _open(path, "sub.txt") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        cols = _header(reader, _SUB_FIELDS, name)
        width = max(cols.values()) + 1
        for lineno, row in enumerate(reader, start=2):
            if not row or row == [""]:
                continue
            if len(row) < width:
                raise TieoutError(f"sub.txt row has {len(row)} fields, expected at least {width}", name, lineno)
            f = Filing(*(row[cols[k]] for k in _SUB_FIELDS), source=str(path))
            if f.adsh in index:
                raise TieoutError(f"accession {f.adsh} appears twice", name, lineno)
            index[f.adsh] = len(filings)
            filings.append(f)
    return filings, index


def _read_pre(path: Path, concepts: set[str] | None) -> dict[tuple[str, str], tuple[str, str]]:
    """The filer's own label and statement for each (filing, tag): what a failure should show."""
    try:
        name = _member_name(path, "pre.txt")
        ctx = _open(path, "pre.txt")
        handle = ctx.__enter__()
    except TieoutError:
        return {}  # pre.txt is optional: labels fall back to the tag name
    out: dict[tuple[str, str], tuple[str, str]] = {}
    try:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        cols = _header(reader, _PRE_FIELDS, name)
        a, s, t, p = (cols[k] for k in _PRE_FIELDS)
        width = max(cols.values()) + 1
        for row in reader:
            if len(row) < width or (concepts is not None and row[t] not in concepts):
                continue
            out.setdefault((row[a], row[t]), (row[s], row[p]))
    finally:
        ctx.__exit__(None, None, None)
    return out


def _header(reader: Iterator[list[str]], needed: Sequence[str], name: str) -> dict[str, int]:
    try:
        head = next(reader)
    except StopIteration:
        raise TieoutError("empty file: no header line", name, 1) from None
    cols = {h.strip(): i for i, h in enumerate(head)}
    missing = [k for k in needed if k not in cols]
    if missing:
        raise TieoutError(f"not an FSDS file: header lacks {', '.join(missing)}", name, 1)
    return cols


def _member_name(path: Path, member: str) -> str:
    return f"{path}!{member}" if path.suffix.lower() == ".zip" else str(path / member)


@contextmanager
def _open(path: Path, member: str) -> Iterator[io.TextIOBase]:
    if path.is_dir():
        target = path / member
        if not target.exists():
            raise TieoutError(f"no {member} in this FSDS folder", str(path))
        with target.open(encoding="utf-8", errors="replace", newline="") as handle:
            yield handle
        return
    if path.suffix.lower() != ".zip":
        raise TieoutError("an FSDS input is a quarter folder or its .zip", str(path))
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TieoutError(f"cannot open zip: {exc}", str(path)) from None
    with archive:
        names = {Path(n).name: n for n in archive.namelist()}
        if member not in names:
            raise TieoutError(f"no {member} in this FSDS zip", str(path))
        with archive.open(names[member]) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


@lru_cache(maxsize=4096)
def period_of(ddate: int, qtrs: int) -> Period:
    end = date(ddate // 10000, ddate // 100 % 100, ddate % 100)
    return Period(end=end) if qtrs == 0 else Period.months_ending(end, 3 * qtrs)


def fact_at(data: FsdsData, i: int) -> Fact:
    """Row `i` as an ordinary Fact (label and statement from pre.txt when the filer presented it)."""
    filing = data.filings[int(data.filing[i])]
    tag = str(data.tag[i])
    stmt, plabel = data.labels.get((filing.adsh, tag), (None, tag))
    text = str(data.text[i])
    dims = tuple(tuple(p.split("=", 1)) for p in str(data.segments[i]).split(";") if "=" in p)
    return Fact(
        label=plabel,
        value=Decimal(text) if text else None,
        period=period_of(int(data.ddate[i]), int(data.qtrs[i])),
        unit=str(data.uom[i]),
        decimals=int(data.decimals[i]),
        source=Source(data.files[int(data.file[i])], int(data.line[i])),
        concept=f"us-gaap:{tag}",
        # no statement: FSDS figures are tagged values in XBRL's signs, not a printed layout whose sign
        # conventions rules may follow (`sign_flexible`); the filer's statement code stays in the notes
        statement=None,
        dimensions=dims,  # type: ignore[arg-type]
        entity=str(data.coreg[i]) or None,
        notes=(PRECISION_NOTE,) + ((f"statement {stmt}",) if stmt else ()),
    )


def filing_documents(data: FsdsData) -> list[Document]:
    """One Document per filing, with every kept row as a Fact: the per-document path's input."""
    docs = [Document(path=f.title, format="fsds", entity=f.name, extra={"adsh": f.adsh, "form": f.form, "period": f.period})
            for f in data.filings]
    for i in range(len(data)):
        docs[int(data.filing[i])].facts.append(fact_at(data, i))
    return docs
