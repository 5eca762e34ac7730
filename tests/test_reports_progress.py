"""The progress bar writes to a terminal's stderr only."""

from __future__ import annotations

import io

from checker.progress import Progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(5, stream) as bar:
        for i in range(5):
            bar.advance(f"doc{i}.txt")
    assert stream.getvalue() == ""


def test_draws_on_a_terminal_and_clears_at_the_end() -> None:
    stream = _Tty()
    with Progress(3, stream) as bar:
        for name in ("a.txt", "b.htm", "c.xml"):
            bar.advance(name)
    text = stream.getvalue()
    assert "3/3 c.xml" in text
    assert text.endswith("\r")


def test_one_document_needs_no_bar() -> None:
    stream = _Tty()
    with Progress(1, stream) as bar:
        bar.advance("a.txt")
    assert stream.getvalue() == ""
