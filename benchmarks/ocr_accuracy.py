"""OCR accuracy and speed on real statement pages: text-layer PDFs rendered at 150 and 300 dpi.

Prints, per PDF and resolution, the time per page through the whole image path (render excluded;
OCR, reading and rules included), how many statement figures
OCR read exactly as the text layer has them, and the misread figures with whether
an identity caught them. Needs tesseract-ocr. Run from the repository root:

    python3 benchmarks/ocr_accuracy.py [--dpi 150 300] [PDF ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.ocr_accuracy import measure  # noqa: E402

DEFAULT = sorted((ROOT / "tests" / "data" / "pdf").glob("*_statements.pdf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--dpi", nargs="+", type=int, default=[150, 300])
    args = parser.parse_args()
    totals: dict[int, list[int]] = {dpi: [0, 0, 0, 0] for dpi in args.dpi}  # figures, equal, uncaught, pages
    times: dict[int, float] = {dpi: 0.0 for dpi in args.dpi}
    print(f"{'document':38} {'dpi':>4} {'pages':>5} {'s/page':>7} {'figures':>7} {'equal':>6} {'accuracy':>8} {'uncaught':>8}")
    for pdf in args.pdfs:
        for dpi in args.dpi:
            acc = measure(pdf, dpi)
            uncaught = acc.uncaught()
            print(f"{pdf.stem[:38]:38} {dpi:>4} {acc.pages:>5} {acc.seconds_per_page:>7.1f} {acc.figures:>7} {acc.equal:>6} "
                  f"{acc.rate:>8.2%} {len(uncaught):>8}")
            for m in acc.misreads:
                got = "lost" if m.ocr is None else f"{m.ocr:,f}"
                flag = "caught" if m.caught else ("NOT CAUGHT" if m in uncaught else "within rounding or lost")
                print(f"    p{m.page} {m.statement} {m.label[:40]!r} {m.period}: {m.text_layer:,f} read as {got} ({flag})")
            t = totals[dpi]
            t[0] += acc.figures
            t[1] += acc.equal
            t[2] += len(uncaught)
            t[3] += acc.pages
            times[dpi] += acc.seconds_per_page * acc.pages
    for dpi, (figures, equal, uncaught, pages) in totals.items():
        rate = equal / figures if figures else 0.0
        print(f"all {dpi} dpi: {equal}/{figures} figures equal ({rate:.2%}), {uncaught} misreads beyond rounding not caught, "
              f"{times[dpi] / max(pages, 1):.1f} s OCR per page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
