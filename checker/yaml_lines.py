"""YAML read as nodes, so every complaint about a user's file can name its line.

`yaml.safe_load` forgets where a value came from; composing keeps each node's mark,
which lets the baseline and config loaders raise `file:line: message` errors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from checker.errors import TieoutError


def compose(path: Path) -> yaml.Node | None:
    """The document's root node (None for an empty file); unreadable YAML is a one-line error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TieoutError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise TieoutError(f"not valid YAML: {exc.problem}", str(path), mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise TieoutError(f"not valid YAML: {exc}", str(path)) from None


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def mapping(node: yaml.Node, path: Path, what: str) -> list[tuple[str, yaml.Node, int]]:
    """(key, value node, line) triples of a mapping node; anything else is an error."""
    if not isinstance(node, yaml.MappingNode):
        raise TieoutError(f"{what} must be a mapping", str(path), line_of(node))
    out = []
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise TieoutError(f"{what}: keys must be plain names", str(path), line_of(key))
        out.append((str(key.value), value, line_of(key)))
    return out


def scalar(node: yaml.Node, path: Path, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise TieoutError(f"{what} must be a single value", str(path), line_of(node))
    return str(node.value)


def sequence(node: yaml.Node, path: Path, what: str) -> list[yaml.Node]:
    """A list; a single scalar counts as a list of one, as users write `rules: rules/`."""
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if not isinstance(node, yaml.SequenceNode):
        raise TieoutError(f"{what} must be a list", str(path), line_of(node))
    return list(node.value)
