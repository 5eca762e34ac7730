"""All fourteen real releases of the corpus: statements found, and no false failures.

Every release is checked with the full rule pack; a failure here would be a false
alarm (none of these documents has a genuine arithmetic inconsistency that the rules
see), so the test demands zero, and names the evaluations if there are any.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from checker.pipeline import check_paths
from tests.conftest import DATA

PRESS = DATA / "press"
EXPECTED = {
    "apple_FY2011Q1_8-K_ex99-1_0001193125-11-009392.htm": {"IS", "BS", "CF"},
    "buckle_FY2024Q3_8-K_ex99-1_BuckleInc.8-K.EX99.1.html": {"IS", "BS"},
    "nvidia_FY2023Q1_8-K_ex99-1_press-release.html": {"IS", "BS", "CF"},
    "oracle_FY2014Q4_8-K_ex99-1_0001193125-14-242424.htm.gz": {"IS", "BS", "CF"},
    "caterpillar_2022Q1_8-K_ex99-1_0000018230-22-000107.htm.gz": {"IS", "BS", "CF"},
    "amazon_2024Q3_earnings-release_pdf2md.md": {"IS", "BS", "CF", "CI"},
    "aemetis_2024Q4_newswire.md": {"IS", "BS"},
    "geovax_2024Q3_newswire.md": {"IS", "BS"},
    "nephros_2024Q4_newswire.md": {"IS", "BS"},
    "pericom_FY2003Q4_8-K_ex99-1_0000891092-03-001810.txt": {"IS", "BS"},
    "sears_2004Q2_8-K_ex99_0000891092-04-003383.txt": {"BS"},
    "horizon_financial_FY2006Q4_8-K_body_0000939057-06-000102.txt": {"IS", "BS"},
    "southern_co_2006FY_8-K_ex99-04_0000092122-07-000008.txt": {"IS"},
}


def unpacked(name: str, tmp_path: Path) -> Path:
    src = PRESS / name
    if name.endswith(".gz"):
        out = tmp_path / name[:-3]
        out.write_bytes(gzip.decompress(src.read_bytes()))
        return out
    return src


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_release_checks_with_no_false_failure(name: str, tmp_path: Path):
    res = check_paths([unpacked(name, tmp_path)]).documents[0]
    kinds = {s.kind for s in res.document.statements}
    assert EXPECTED[name] <= kinds, kinds
    failed = [f"{e.rule_id} line {e.source.line if e.source else '?'}: {e.message}" for e in res.evaluations if e.status == "fail"]
    assert failed == []
    assert res.counts()["pass"] >= 15
    # An unmapped line is reported, never dropped: it keeps an extension concept and its figures.
    extensions = {r.concept for s in res.document.statements for r in s.unmapped}
    reported = {f.concept for f in res.findings if f.code == "UNMAPPED"}
    assert extensions == reported
    assert all(f.concept in extensions for f in res.document.facts if f.extension and f.value is not None and not f.dimensions)
