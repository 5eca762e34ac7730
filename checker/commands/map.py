"""`tieout map`: show which concept a label maps to, and why.

The runner-up and both scores are printed so a user can see how close the call
was, and fix a wrong one with a synonym in taxonomies/overrides.yaml.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from checker.errors import ExitCode, TieoutError
from checker.taxonomy import Match, Taxonomy, load_taxonomy

STATEMENT_CHOICES = ("BS", "IS", "CF", "CI", "EQ")


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "map",
        help="show the US-GAAP concept a statement label maps to",
        description="Map a statement-line label to a US-GAAP concept; '-' reads one label per line from stdin "
        "and prints one tab-separated answer per line: label, concept, score, runner_up, runner_up_score.",
    )
    p.add_argument("label", help='the label as printed, e.g. "Total revenues"; "-" reads labels from stdin')
    p.add_argument("--statement", "-s", type=str.upper, choices=STATEMENT_CHOICES, default=None,
                   help="statement the line sits on (disambiguates e.g. 'Other' on IS vs CF)")
    p.add_argument("--section", default=None, metavar="HEADER",
                   help='the header the line sits under, e.g. "Earnings per share:" (decides bare lines like "Diluted")')
    p.add_argument("--unit", dest="unit_type", choices=("monetary", "shares", "perShare"), default=None,
                   help="what the line's figures are: money, a share count or an amount per share")
    p.add_argument("--taxonomy", type=Path, action="append", default=None, metavar="YAML",
                   help="map file to use instead of the repo's us-gaap.yaml + overrides.yaml (repeatable, later wins)")
    p.set_defaults(func=run)


def map_labels(
    labels: Iterable[str],
    statement: str | None,
    taxonomy: Taxonomy,
    section: str | None = None,
    unit_type: str | None = None,
) -> Iterator[tuple[str, Match]]:
    """The batch path of `tieout map -`, also used by benchmarks/mapping.py."""
    for label in labels:
        yield label, taxonomy.match(label, statement, section=section, unit_type=unit_type)


def format_tsv(label: str, m: Match) -> str:
    return "\t".join([label, m.concept or "", f"{m.score:.3f}", m.runner_up or "", f"{m.runner_up_score:.3f}"])


def format_one(label: str, m: Match) -> str:
    concept = m.concept or f"(none: best score below threshold {m.threshold:.2f})"
    return "\n".join([
        f"label:     {label}",
        f"concept:   {concept}",
        f"score:     {m.score:.3f}",
        f"runner-up: {m.runner_up or '-'}",
        f"runner-up score: {m.runner_up_score:.3f}",
        f"method:    {m.method}",
    ])


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        taxonomy = load_taxonomy(getattr(args, "taxonomy", None))
    except TieoutError as exc:
        print(f"tieout: {exc}", file=sys.stderr)
        return ExitCode.INPUT_ERROR
    statement = getattr(args, "statement", None)
    hints = {"section": getattr(args, "section", None), "unit_type": getattr(args, "unit_type", None)}
    if args.label == "-":
        labels = (line.rstrip("\r\n") for line in stdin)
        for label, m in map_labels((lb for lb in labels if lb.strip()), statement, taxonomy, **hints):
            stdout.write(format_tsv(label, m) + "\n")
        return ExitCode.OK
    m = taxonomy.match(args.label, statement, **hints)
    stdout.write(format_one(args.label, m) + "\n")
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    """`python3 -m checker.commands.map LABEL`: the same command before cli.py registers it."""
    parser = argparse.ArgumentParser(prog="tieout")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["map", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
