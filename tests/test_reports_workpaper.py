"""The auditor's working paper in HTML and Markdown, the HTML rendered in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from seed_run import check_misread_failures, misread_run, seed_run

from checker.reports import ReportOptions
from checker.reports.html_report import render_html
from checker.reports.markdown import render_markdown

OPTIONS = ReportOptions(tool_version="0.1.0", rule_pack_version="tieout-core 0.1",
                        extra={"generated_at": "2026-11-25T06:00:00+00:00"})


def test_html_is_self_contained() -> None:
    html = render_html(misread_run(), OPTIONS)
    assert not re.search(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert "default-src 'none'" in html  # the page may not fetch anything even by mistake


def test_html_header_schedule_ticks_and_exceptions_first() -> None:
    html = render_html(misread_run(), OPTIONS)
    for text in ("tieout-core 0.1", "tieout 0.1.0", "2026-11-25T06:00:00+00:00", "3 months ended 2011-03-31",
                 "as of 2010-06-30", "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)"):
        assert text in html
    assert re.search(r"Inputs SHA-256</dt><dd>[0-9a-f]{64}</dd>", html)
    # Total assets, March 31 2011, footed; the misread Total revenues ticked as the exception.
    assert re.search(r"Total assets</td><td class=\"num\">142,322<span class=\"tick tick-F\"", html)
    assert re.search(r"Total revenues</td><td class=\"num\">5,271<span class=\"tick tick-E\"", html)
    exceptions = html.index('id="exceptions"')
    rows = re.findall(r'<tr class="(\w+)">', html[exceptions:html.index("</table>", exceptions)])
    assert rows == ["exception"] * len(check_misread_failures(misread_run()))
    assert html.index('<tr class="exception">') < html.index('<tr class="pass">')
    assert '">lines 179, 174, 175<' in html and '">lines 187, 179, 185<' in html
    assert f'data-key="failed">{len(rows)}<' in html and 'data-key="skipped">1<' in html


def test_markdown_carries_the_same_content() -> None:
    md = render_markdown(misread_run(), OPTIONS)
    assert re.search(r"\| \*\*EXCEPTION\*\* \| FT001 \| Total revenues does not foot for 3 months ended 2011-03-31:"
                     r"[^|]*\| 3 months ended 2011-03-31 \| 5,271 \| 5,211 \| 60 \| 2 \| "
                     r"immunogen-8k-2011-04-28.txt: 179, 174, 175 \|", md)
    assert "| 162 | **Total assets** | 142,322 `F` | 137,208 `F` |" in md
    assert "| 197 | Net loss per common share, basic and diluted | (0.22) `R` |" in md
    assert md.index("### Exceptions") < md.index("### CONDENSED CONSOLIDATED BALANCE SHEETS")
    assert "- `E` exception" in md
    clean = render_markdown(seed_run(), OPTIONS)
    assert "No exceptions." in clean and "**EXCEPTION**" not in clean
    # The OCR ghost of Net loss (line 195 reads (13,003) against 194's (15,003)) is marked for the findings,
    # and so is the nine-month 2010 Research and development the seed leaves blank (line 182).
    assert "| 195 | Net loss | (13,003) `?` |" in clean
    assert re.search(r"\| 182 \| Research and development \|.*\| — `\?` \|", clean)
    assert "| 197 | Net loss per common share, basic and diluted | (0.22) `R` |" in clean


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (`make browser` installs it in CI)")
def test_html_renders_in_headless_chromium_without_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "seed-report.html"
    page.write_text(render_html(misread_run(), OPTIONS), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([_chromium(), *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # Console messages (script errors, CSP-blocked fetches) are logged as ":CONSOLE" lines.
    assert [line for line in dom.stderr.splitlines() if ":CONSOLE" in line] == []
    rendered = dom.stdout
    exceptions = re.findall(r'<tr class="exception">.*?</tr>', rendered, re.S)
    failed = len(check_misread_failures(misread_run()))
    assert len(exceptions) == 2 * failed  # in the exceptions table, and again among all evaluations
    assert "5,271" in exceptions[0] and "5,211" in exceptions[0]
    assert 'id="summary"' in rendered and f'data-key="failed">{failed}<' in rendered
    shot = tmp_path / "seed-report.png"
    subprocess.run([_chromium(), *flags, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri()],
                   capture_output=True, text=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (`make browser` installs it in CI)")
def test_chromium_check_would_catch_a_console_error(tmp_path: Path) -> None:
    """The console check above is only worth something if a broken page fails it."""
    page = tmp_path / "broken.html"
    page.write_text(render_html(seed_run(), OPTIONS).replace("</body>", '<img src="https://example.invalid/x.png">'
                                                                         "</body>"), encoding="utf-8")
    out = subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                          "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert any(":CONSOLE" in line and "Content Security Policy" in line for line in out.stderr.splitlines())
