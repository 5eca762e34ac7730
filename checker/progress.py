"""A progress bar for long runs, on stderr and only when a person is watching.

Machine formats go to stdout or files and must stay byte-for-byte parseable, so the
bar never writes anywhere but stderr, and stays silent when stderr is not a terminal.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`with Progress(n) as bar: ... bar.advance(name)`; a no-op off a TTY or for one document."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 width: int = 30) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            enabled = total > 1 and _isatty(self.stream)
        self.enabled = enabled
        self.width = width
        self.done = 0
        self._last = 0.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled and self.done:
            self.stream.write("\r" + " " * (self.width + 60) + "\r")
            self.stream.flush()

    def advance(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if self.done < self.total and now - self._last < 0.1:
            return
        self._last = now
        filled = self.width * self.done // max(1, self.total)
        name = label[-40:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {name:<40}")
        self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
