"""Scanned statements: Tesseract's word boxes and confidences, fed to the same positional reader.

Tesseract is run as a program (its TSV output gives every word's box and
confidence) rather than through a Python binding, so the only dependency is
Debian's `tesseract-ocr`. Scanned PDF pages are rendered with pypdfium2, which
pdfplumber already brings, at a resolution Tesseract reads well.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from checker.errors import TieoutError
from checker.readers.numbers import parse_figure
from checker.readers.positional import Page, Word

OCR_DPI = 300
INSTALL_HINT = "install it with `apt-get install tesseract-ocr` (or `make ocr-deps`)"
_PSM = "6"  # one uniform block of text: keeps each printed row together across wide gaps
_TIMEOUT = 300
_RULE_EDGE = re.compile(r"^(?:_+|[—–-]{2,})(?=\w)|(?<=\w)(?:_+|[—–-]{2,})$")
_SPECK = re.compile(r"^[^\w$£€¥₱%()\-–—]+$")  # dust read as ":", ",", "|", "°": nothing a statement prints alone


def tesseract_path(file: str) -> str:
    """The tesseract program, or the one-line error that says how to install it."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise TieoutError(f"scanned input needs OCR, but Tesseract is not installed: {INSTALL_HINT}", file)
    return exe


def ocr_words(image: object, file: str, page: int = 1) -> list[Word]:
    """Words of one page image (a PIL image) with boxes in pixels and confidences 0..1."""
    exe = tesseract_path(file)
    with tempfile.TemporaryDirectory(prefix="tieout-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)  # type: ignore[attr-defined]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # Tesseract's threads only fight each other on small machines
        try:
            proc = subprocess.run(
                [exe, str(png), "stdout", "--psm", _PSM, "tsv"], capture_output=True, text=True, timeout=_TIMEOUT, env=env
            )
        except subprocess.TimeoutExpired:
            raise TieoutError(f"OCR of page {page} took longer than {_TIMEOUT}s", file) from None
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise TieoutError(f"OCR of page {page} failed: {reason}", file)
    return parse_tsv(proc.stdout)


def parse_tsv(tsv: str) -> list[Word]:
    words: list[Word] = []
    lines: dict[tuple[str, str, str], list[Word]] = {}
    for rec in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (rec.get("text") or "").strip()
        try:
            conf = float(rec.get("conf") or -1)
            left, top, width, height = (int(rec[k] or 0) for k in ("left", "top", "width", "height"))
        except (TypeError, ValueError):
            continue
        if not text or conf < 0 or _SPECK.match(text):
            continue
        word = Word(_trim(text), float(left), float(left + width), float(top), float(top + height), conf / 100)
        words.append(word)
        lines.setdefault((rec.get("block_num", ""), rec.get("par_num", ""), rec.get("line_num", "")), []).append(word)
    _deskew(words, list(lines.values()))
    return words


def _deskew(words: list[Word], lines: list[list[Word]]) -> None:
    """Undo a scan's tilt: Tesseract follows a tilted row, so its lines' slope is the page's.

    Without this, a label at the left edge and its figures at the right of the same
    row sit a line apart on a page scanned a degree or two askew.
    """
    slopes: list[float] = []
    for line in lines:
        if len(line) < 2:
            continue
        a, b = min(line, key=lambda w: w.x0), max(line, key=lambda w: w.x1)
        run = (b.x0 + b.x1) / 2 - (a.x0 + a.x1) / 2
        if run > 300:
            slopes.append((b.bottom - a.bottom) / run)
    if len(slopes) < 3:
        return
    slope = sorted(slopes)[len(slopes) // 2]
    if abs(slope) < 0.002:
        return
    for w in words:
        shift = slope * (w.x0 + w.x1) / 2
        w.top -= shift
        w.bottom -= shift


def _trim(text: str) -> str:
    """A speck read after a figure ("135,405," or "428,777."): the figure without it."""
    if text in ("§", "§$", "$$", "S$"):
        return "$"  # a dollar sign with a speck beside it
    text = _RULE_EDGE.sub("", text) or text  # "——November": the rule under a column heading, read as dashes
    braced = text.replace("{", "(").replace("}", ")")
    if braced != text and parse_figure(braced) is not None:
        text = braced  # "{2,099,882}": parentheses read as braces
    stripped = text.rstrip(".,'`")
    if stripped != text and parse_figure(stripped.replace("$", "")) is not None and not text.endswith(".00"):
        return stripped
    return text


def ocr_image_pages(path: Path) -> list[Page]:
    """Every frame of a page image (`.png`, `.jpg`, multi-page `.tif`) OCR'd."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            frames = [_prepare(frame.copy(), img.info.get("dpi")) for frame in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError) as exc:
        raise TieoutError(f"cannot read image: {exc}", str(path)) from None
    pages = [_page(frame, str(path), n) for n, frame in enumerate(frames, start=1)]
    _require_text(pages, path)
    return pages


def ocr_pdf_pages(path: Path, dpi: int = OCR_DPI) -> list[Page]:
    """A PDF without a text layer, page by page: rendered, then OCR'd."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise TieoutError(f"damaged PDF, cannot be read ({exc})", str(path)) from None
    tesseract_path(str(path))
    pages: list[Page] = []
    try:
        for n in range(len(pdf)):
            image = pdf[n].render(scale=dpi / 72, grayscale=True).to_pil()
            pages.append(_page(image, str(path), n + 1))
    finally:
        pdf.close()
    _require_text(pages, path)
    return pages


def _page(image: object, file: str, number: int) -> Page:
    width, height = image.size  # type: ignore[attr-defined]
    return Page(number, float(width), float(height), ocr_words(image, file, number))


def _prepare(image: object, dpi: object) -> object:
    """Grey, and scaled up when the scan is coarse: Tesseract misreads digits under ~250 dpi."""
    img = image.convert("L")  # type: ignore[attr-defined]
    res = dpi[0] if isinstance(dpi, tuple) and dpi and dpi[0] else None
    if res and float(res) < 250:
        f = OCR_DPI / float(res)
        img = img.resize((round(img.width * f), round(img.height * f)))
    elif not res and img.width < 1600:
        f = 2400 / img.width  # no resolution recorded: assume a letter-size page
        img = img.resize((round(img.width * f), round(img.height * f)))
    return img


def _require_text(pages: list[Page], path: Path) -> None:
    if sum(len(p.words) for p in pages) < 5:
        raise TieoutError("no text found: the page is blank or OCR could not read it", str(path))
