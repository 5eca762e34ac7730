"""The entry point `read_document` uses for PDFs and page images, and OCR confidence on facts.

Kept apart from `pdf.py` and `ocr.py` so the generic reader imports neither
pdfplumber nor Tesseract until a PDF or an image actually arrives.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checker.facts import Document, Fact
from checker.readers.grid import Grid

LOW_CONFIDENCE = 0.80  # an OCR'd figure read with less confidence than this is marked in the report


def read_positional(path: Path, kind: str) -> tuple[list[Grid], str, str, dict[tuple[int | None, int, int], float]]:
    """Grids, the rendered text, the format ("pdf" or "ocr") and OCR confidence per cell."""
    if kind == "pdf":
        from checker.readers.pdf import read_pdf

        grids, rendering = read_pdf(path)
    else:
        from checker.readers.ocr import ocr_image_pages
        from checker.readers.positional import grids_from_pages

        grids, rendering = grids_from_pages(path, ocr_image_pages(path), "ocr")
    fmt = grids[0].format if grids else ("pdf" if kind == "pdf" else "ocr")
    return grids, "\n".join(rendering.lines), fmt, rendering.confidence


def mark_confidence(doc: Document, confidence: dict[tuple[int | None, int, int], float]) -> None:
    """Carry each OCR'd figure's confidence into its fact: quality weighs it, a note shows it."""
    swapped: dict[int, Fact] = {}
    for i, fact in enumerate(doc.facts):
        conf = confidence.get((fact.source.page, fact.source.line, fact.source.column or -1))
        if conf is None:
            continue
        notes = fact.notes
        if conf < LOW_CONFIDENCE:
            notes = (*notes, f"OCR confidence {conf:.0%}")
        new = replace(fact, quality=min(fact.quality, conf), notes=notes)
        swapped[id(fact)] = new
        doc.facts[i] = new
    for st in doc.statements:
        for row in st.rows:
            row.facts = {k: swapped.get(id(f), f) for k, f in row.facts.items()}
