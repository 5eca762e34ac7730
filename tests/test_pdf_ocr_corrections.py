"""Failed identities on OCR'd input propose the digit correction that makes them tie.

Tesseract is replaced by the text layer of Costco's real income statement page
(words and boxes exactly as printed) with one figure misread the way OCR misreads
it, so the whole image path, mapping, rules and diagnosis run on real data with a
known misread, on any machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from checker.engine.ocr_corrections import corrections_for
from checker.engine.results import FAIL
from checker.pipeline import check_paths
from checker.readers import ocr
from checker.readers.pdf import text_layer_pages
from checker.readers.positional import Word
from tests.conftest import DATA

COSTCO = DATA / "pdf" / "costco_q1fy23_statements.pdf"


def scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, misread: dict[tuple[str, int], tuple[str, float]]) -> Path:
    """A "scan" of Costco's page 1 whose OCR returns the text layer, with `misread` words replaced.

    `misread` maps (printed word, occurrence) to (what OCR read, its confidence).
    """
    page = text_layer_pages(COSTCO)[0]
    seen: dict[str, int] = {}
    words: list[Word] = []
    for w in page.words:
        n = seen[w.text] = seen.get(w.text, 0) + 1
        text, conf = misread.get((w.text, n), (w.text, 0.96))
        words.append(Word(text, w.x0, w.x1, w.top, w.bottom, conf))
    monkeypatch.setattr(ocr, "ocr_words", lambda image, file, number=1: words)
    monkeypatch.setattr(ocr, "tesseract_path", lambda file: "/usr/bin/tesseract")
    image = tmp_path / "costco_p3.png"
    Image.new("L", (int(page.width), int(page.height)), 255).save(image, dpi=(300, 300))
    return image


def test_misread_digit_is_proposed_with_its_confidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Membership fees, 12 weeks to 2022-11-20: printed 1,000; read 1,600 at 61%.
    image = scanned(tmp_path, monkeypatch, {("1,000", 1): ("1,600", 0.61)})
    result = check_paths([image]).documents[0]
    assert result.document.format == "ocr"
    fees = next(f for f in result.document.facts if f.label == "Membership fees" and f.printed == "1,600")
    assert fees.quality == pytest.approx(0.61) and "OCR confidence 61%" in fees.notes
    failed = [ev for ev in result.evaluations if ev.status == FAIL]
    assert [ev.rule_id for ev in failed] == ["FT001"], "a 600-million misread must break Total revenue"
    line = fees.source.line
    assert f'p.1 line {line}: read 1,600 (confidence 61%); 1,000 would make "Total revenue foots" tie' in failed[0].notes
    assert corrections_for(failed[0])[0].proposed == "1,000"


def test_low_confidence_confusable_digit_ranks_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Total revenue printed 54,437, read 54,487 (3 -> 8, a common confusion) at 55%.
    image = scanned(tmp_path, monkeypatch, {("54,437", 1): ("54,487", 0.55)})
    result = check_paths([image]).documents[0]
    failed = [ev for ev in result.evaluations if ev.status == FAIL]
    assert failed
    found = corrections_for(failed[0])
    # Net sales 53,437 -> 53,487 would tie too, but it was read at 96%: the unsure total ranks first.
    assert [(c.read, c.proposed) for c in found[:2]] == [("54,487", "54,437"), ("53,437", "53,487")]


def test_clean_ocr_has_no_failures_and_no_proposals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    image = scanned(tmp_path, monkeypatch, {})
    result = check_paths([image]).documents[0]
    assert [ev.rule_id for ev in result.evaluations if ev.status == FAIL] == []
    assert not [n for ev in result.evaluations for n in ev.notes if "would make" in n]
