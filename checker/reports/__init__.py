"""Output formats: one module per format, each registering a renderer here.

A renderer takes the whole run and returns text; the CLI looks formats up by name,
so adding a format is a new module and one line in `_load()`, never an if/elif.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from checker.engine.results import RunResult


@dataclass
class ReportOptions:
    """What a renderer may need besides the results."""

    tool_version: str = ""
    rule_pack_version: str = ""
    verbose: bool = False
    extra: dict[str, object] = field(default_factory=dict)


Renderer = Callable[[RunResult, ReportOptions], str]
FORMATS: dict[str, Renderer] = {}


def register(name: str) -> Callable[[Renderer], Renderer]:
    def deco(fn: Renderer) -> Renderer:
        FORMATS[name] = fn
        return fn

    return deco


_loaded = False


def _load() -> None:
    """Import every built-in format once, even if one of them was imported directly before."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in ("text", "json_report", "junit", "sarif", "github", "markdown", "html_report", "corpus_summary"):
        importlib.import_module(f"checker.reports.{module}")


def render(name: str, run: RunResult, options: ReportOptions | None = None) -> str:
    _load()
    if name not in FORMATS:
        raise KeyError(name)
    return FORMATS[name](run, options or ReportOptions())


def available() -> list[str]:
    _load()
    return sorted(FORMATS)
