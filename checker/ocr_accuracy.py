"""How well OCR reads real statements, measured against the same pages' text layer.

A text-layer PDF is its own answer key: its pages are rendered to images at a
given resolution (as a scanner would produce them), the images go through the
whole OCR path exactly as a user's scan would (`tieout check page.tif`), and
every statement figure OCR reports is compared with the figure the text layer
gives for the same statement, page, line item and column. Misread figures are
then checked against the identities: a misread that moves a total beyond
rounding should make some rule fail.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from checker.engine.results import FAIL, DocumentResult
from checker.facts import Fact
from checker.pipeline import check_paths


@dataclass
class Misread:
    statement: str
    page: int | None
    label: str
    period: str
    text_layer: Decimal
    ocr: Decimal | None  # None: OCR lost the figure
    caught: bool  # a rule using this figure failed on the OCR'd pages
    step: Decimal = Decimal(1)  # the last printed digit's worth (10**-decimals)
    unit: str = "USD"


@dataclass
class Accuracy:
    file: str
    dpi: int
    pages: int
    figures: int  # statement figures the text layer has
    equal: int  # of those, read identically by OCR
    seconds_per_page: float
    misreads: list[Misread] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.equal / self.figures if self.figures else 0.0

    def uncaught(self, steps: int = 2) -> list[Misread]:
        """Money figures misread by more than rounding (`steps` printed units) that no identity flagged.

        Only amounts are held to this: share counts and per-share figures feed no total.
        """
        return [
            m for m in self.misreads
            if m.ocr is not None and m.unit == "USD" and not m.caught and abs(m.ocr - m.text_layer) > steps * m.step
        ]


def measure(pdf: Path, dpi: int, pages: list[int] | None = None) -> Accuracy:
    """Render `pages` (1-based; all when None) of a text-layer PDF at `dpi`, OCR them, compare figures."""
    import pypdfium2 as pdfium

    truth = check_paths([pdf]).documents[0]
    doc = pdfium.PdfDocument(str(pdf))
    numbers = pages or list(range(1, len(doc) + 1))
    images = [doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in numbers]
    doc.close()
    with tempfile.TemporaryDirectory(prefix="tieout-acc-") as tmp:
        tif = Path(tmp) / f"{pdf.stem}-{dpi}dpi.tif"
        images[0].save(tif, save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_lzw")
        started = time.perf_counter()
        ocr = check_paths([tif]).documents[0]
        elapsed = time.perf_counter() - started
    page_of = {i + 1: n for i, n in enumerate(numbers)}  # OCR'd frame -> page of the PDF
    return _compare(truth, ocr, page_of, str(pdf), dpi, len(numbers), elapsed / len(numbers))


def _key(f: Fact, kinds: dict[str, str], page: int | None) -> tuple[str, int | None, str, str, str]:
    # Footnote markers ("Total net sales (1)") are superscripts OCR often drops: not part of the line item.
    label = re.sub(r"[^a-z0-9]", "", re.sub(r"\(\d\)", "", f.label.lower()))
    return kinds.get(f.statement or "", "?"), page, label, f.period.key(), f.unit


def _compare(truth: DocumentResult, ocr: DocumentResult, page_of: dict[int, int], file: str, dpi: int, npages: int, spp: float) -> Accuracy:
    tkinds = {s.id: s.kind for s in truth.document.statements}
    okinds = {s.id: s.kind for s in ocr.document.statements}
    wanted = set(page_of.values())
    # First fact per key on both sides: a later line repeating a label ("Gross profit %" read without its "%",
    # a ghost the layout merged) must not replace the line item itself.
    expected: dict[tuple[str, int | None, str, str, str], Fact] = {}
    for f in truth.document.facts:
        if _is_figure(f) and f.source.page in wanted and tkinds.get(f.statement or "") in ("BS", "IS", "CF"):
            expected.setdefault(_key(f, tkinds, f.source.page), f)
    read: dict[tuple[str, int | None, str, str, str], Fact] = {}
    for f in ocr.document.facts:
        read.setdefault(_key(f, okinds, page_of.get(f.source.page or 0)), f)
    failed = _failed_sources(ocr)
    acc = Accuracy(file, dpi, npages, len(expected), 0, spp)
    for key, fact in expected.items():
        got = read.get(key)
        if got is not None and got.value == fact.value:
            acc.equal += 1
            continue
        caught = got is not None and (got.source.page, got.source.line, got.source.column) in failed
        step = Decimal(10) ** -fact.decimals if fact.decimals is not None else Decimal(0)
        assert fact.value is not None
        acc.misreads.append(Misread(key[0], key[1], fact.label, key[3], fact.value, got.value if got else None, caught, step, fact.unit))
    return acc


def _is_figure(f: Fact) -> bool:
    """A printed number; a dash or a blank (nil) is not a figure to read, whatever it means."""
    return f.value is not None and bool(re.search(r"\d", f.printed or str(f.value)))


def _failed_sources(result: DocumentResult) -> set[tuple[int | None, int, int | None]]:
    out: set[tuple[int | None, int, int | None]] = set()
    for ev in result.evaluations:
        if ev.status != FAIL:
            continue
        for op in [ev.target, *ev.operands]:
            if op is not None and op.source is not None:
                out.add((op.source.page, op.source.line, op.source.column))
    return out

