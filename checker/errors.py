"""Exit codes and the one error type that reaches the user as a single line.

Data failures (a statement that does not tie) and input errors (a file, table or
rule that cannot be read) are different categories with different exit codes.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # every rule at or above the threshold holds
    FINDINGS = 1  # at least one rule failed at or above --fail-on
    INPUT_ERROR = 2  # usage, unreadable input, malformed rule or map


class TieoutError(Exception):
    """A problem with the user's input, reported as `file:line: message`, exit 2."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"
