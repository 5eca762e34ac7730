"""PDFs and images that cannot be checked: one line naming the file, exit 2, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.errors import TieoutError
from checker.readers import read_document
from tests.conftest import DATA, run_cli

BAD = DATA / "pdf" / "bad"
ENCRYPTED = BAD / "encrypted.pdf"  # Intel's release page 1, AES-256 with a user password (qpdf --encrypt)
TRUNCATED = BAD / "truncated.pdf"  # the first 30,000 bytes of the Costco statement pages
NARRATIVE = BAD / "intel_narrative_page.pdf"  # Intel's release page 1: prose and highlights, no statement


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (ENCRYPTED, "encrypted PDF: cannot read it without the password"),
        (TRUNCATED, "damaged PDF, cannot be read"),
        (NARRATIVE, "no financial statement found"),
    ],
)
def test_bad_pdf_is_one_line_and_exit_2(path: Path, message: str):
    proc = run_cli("check", str(path))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_pdf_raises_tieout_error():
    with pytest.raises(TieoutError) as err:
        read_document(TRUNCATED)
    assert err.value.file == str(TRUNCATED)


def test_missing_tesseract_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from PIL import Image

    page = tmp_path / "page.png"
    Image.new("L", (200, 100), 255).save(page)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(TieoutError) as err:
        read_document(page)
    assert "Tesseract is not installed" in err.value.message and "apt-get install tesseract-ocr" in err.value.message


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs tesseract-ocr (make ocr-deps)")
def test_image_without_text(tmp_path: Path):
    from PIL import Image

    page = tmp_path / "blank.png"
    Image.new("L", (1700, 2200), 255).save(page, dpi=(200, 200))
    proc = run_cli("check", str(page))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"tieout: {page}: no text found: the page is blank or OCR could not read it"


def test_not_an_image(tmp_path: Path):
    fake = tmp_path / "scan.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    proc = run_cli("check", str(fake))
    assert proc.returncode == 2 and "cannot read image" in proc.stderr and "Traceback" not in proc.stderr
