"""PDF statements: words and their boxes from the text layer, or from OCR when there is none.

pdfplumber (on pdfminer.six) is used because it gives each word's box in page
coordinates with the producer's character spacing already resolved, is pure
Python on top of pypdfium2 wheels (nothing to compile) and is actively kept; the
positions, not the extracted text order, are what rows and columns are rebuilt from.
"""

from __future__ import annotations

import logging
from pathlib import Path

from checker.errors import TieoutError
from checker.readers.grid import Grid
from checker.readers.positional import Page, Rendering, Word, grids_from_pages

_MIN_WORDS = 25  # fewer words than this on every page: a scan, read by OCR
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def read_pdf_grids(path: Path) -> list[Grid]:
    """Statement grids of a PDF; a PDF without a text layer is OCR'd page by page."""
    return read_pdf(path)[0]


def read_pdf(path: Path) -> tuple[list[Grid], Rendering]:
    pages = text_layer_pages(path)
    if sum(len(p.words) for p in pages) < _MIN_WORDS * max(1, len(pages)) / 4 or all(len(p.words) < _MIN_WORDS for p in pages):
        from checker.readers.ocr import ocr_pdf_pages

        return grids_from_pages(path, ocr_pdf_pages(path), "ocr")
    return grids_from_pages(path, pages, "pdf")


def text_layer_pages(path: Path) -> list[Page]:
    """Every page's words with their boxes (points from the top-left), or a one-line error."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    pages: list[Page] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                _mend_ligatures(page.chars)
                words = [
                    Word(_clean(w["text"]), float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
                    for w in page.extract_words(x_tolerance=1.5, y_tolerance=2)
                ]
                pages.append(Page(number, float(page.width), float(page.height), words))
    except TieoutError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for a damaged file
        causes = [exc, exc.__cause__, exc.__context__, *exc.args]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise TieoutError("encrypted PDF: cannot read it without the password; save an unencrypted copy", str(path)) from None
        detail = next((str(c) for c in causes if isinstance(c, BaseException) and str(c)), type(exc).__name__)
        raise TieoutError(f"damaged PDF, cannot be read ({detail[:80]})", str(path)) from None
    if not pages:
        raise TieoutError("PDF has no pages", str(path))
    return pages


def _mend_ligatures(chars: list[dict[str, object]]) -> None:
    """A ligature glyph with no Unicode mapping comes out as NUL ("bene\\x00ts"); it is nearly always "fi"."""
    for c in chars:
        if c.get("text") == "\x00":
            c["text"] = "fi"


def _clean(text: str) -> str:
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    return text
