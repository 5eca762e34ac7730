"""The company each document names, read by hand off its statement headers or its lead paragraph."""

from __future__ import annotations

import pytest

from checker.readers import read_document
from tests.conftest import DATA, SEED, run_cli

NAMES = {
    "press/aemetis_2024Q4_newswire.md": "Aemetis, Inc.",
    "press/amazon_2024Q3_earnings-release_pdf2md.md": "Amazon.com, Inc.",
    "press/apple_FY2011Q1_8-K_ex99-1_0001193125-11-009392.htm": "Apple Inc.",
    "press/buckle_FY2024Q3_8-K_ex99-1_BuckleInc.8-K.EX99.1.html": "The Buckle, Inc.",
    "press/caterpillar_2022Q1_8-K_ex99-1_0000018230-22-000107.htm.gz": "Caterpillar Inc.",
    "press/geovax_2024Q3_newswire.md": "GEOVAX LABS, INC.",
    "press/horizon_financial_FY2006Q4_8-K_body_0000939057-06-000102.txt": "Horizon Financial Corp.",
    "press/nephros_2024Q4_newswire.md": "Nephros, Inc.",
    "press/nvidia_FY2023Q1_8-K_ex99-1_press-release.html": "NVIDIA CORPORATION",
    "press/oracle_FY2014Q4_8-K_ex99-1_0001193125-14-242424.htm.gz": "ORACLE CORPORATION",
    "press/pericom_FY2003Q4_8-K_ex99-1_0000891092-03-001810.txt": "Pericom Semiconductor Corporation",
    "press/sears_2004Q2_8-K_ex99_0000891092-04-003383.txt": "SEARS, ROEBUCK AND CO.",
    "press/southern_co_2006FY_8-K_ex99-04_0000092122-07-000008.txt": "Southern Company",
    "pdf/apple_fy23q1_statements.pdf": "Apple Inc.",
    "pdf/bestbuy_q2fy24_statements.pdf": "BEST BUY CO., INC.",
    "pdf/intel_q4fy22_statements.pdf": "Intel Corporation",
    "pdf/mgm_q4fy22_statements.pdf": "MGM RESORTS INTERNATIONAL",  # "... AND SUBSIDIARIES" above the statements
}


@pytest.mark.parametrize(("name", "entity"), sorted(NAMES.items()))
def test_the_company_is_read_off_the_document(name: str, entity: str):
    assert read_document(DATA / name).entity == entity


def test_the_seed_names_immunogen_in_its_reports():
    out = run_cli("check", str(SEED), "--format", "json")
    assert '"entity": "ImmunoGen, Inc."' in out.stdout
    assert run_cli("check", str(SEED)).stdout.splitlines()[0].endswith("(ImmunoGen, Inc.)")
