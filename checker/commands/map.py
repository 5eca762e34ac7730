"""`tieout map`: show which concept a label maps to, and why.

The runner-up and both scores are printed so a user can see how close the call
was, and fix a wrong one with a synonym in taxonomies/overrides.yaml.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from checker.errors import ExitCode, TieoutError
from checker.statement_map import Statement, StatementLine, map_filing, map_statement
from checker.taxonomy import Match, Taxonomy, load_taxonomy

STATEMENT_CHOICES = ("BS", "IS", "CF", "CI", "EQ")
UNIT_CHOICES = ("monetary", "shares", "perShare")


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "map",
        help="show the US-GAAP concept a statement label maps to",
        description="Map a statement-line label to a US-GAAP concept; '-' reads one statement from stdin, "
        "one line per label in order (headers end in ':'; a label may be followed by a tab and its unit: "
        "monetary, shares or perShare), maps the lines together (header, totals above, one concept per "
        "line) and prints one tab-separated answer per line: label, concept, score, runner_up, runner_up_score. "
        "A line '[IS]' (BS, CF, CI, EQ, UN) starts another statement of the same filing: it is echoed, and a "
        "flow-statement line repeating an income-statement label takes that line's concept.",
    )
    p.add_argument("label", help='the label as printed, e.g. "Total revenues"; "-" reads labels from stdin')
    p.add_argument("--statement", "-s", type=str.upper, choices=STATEMENT_CHOICES, default=None,
                   help="statement the line sits on (disambiguates e.g. 'Other' on IS vs CF)")
    p.add_argument("--section", default=None, metavar="HEADER",
                   help='the header the line sits under, e.g. "Earnings per share:" (decides bare lines like "Diluted")')
    p.add_argument("--unit", dest="unit_type", choices=UNIT_CHOICES, default=None,
                   help="what the line's figures are: money, a share count or an amount per share")
    p.add_argument("--each", action="store_true",
                   help="with '-': map every label on its own, not as lines of one statement")
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
    """`tieout map - --each`: every label on its own, also used by benchmarks/mapping.py."""
    for label in labels:
        yield label, taxonomy.match(label, statement, section=section, unit_type=unit_type)


def parse_line(text: str, unit_type: str | None = None) -> StatementLine:
    """A stdin line: "label" or "label<TAB>unit"; `unit_type` (from --unit) applies when none is given."""
    label, _, unit = text.partition("\t")
    unit = unit.strip()
    if unit and unit not in UNIT_CHOICES:
        raise TieoutError(f"unit {unit!r} after label {label!r}: expected one of {', '.join(UNIT_CHOICES)}")
    return StatementLine(label, unit or unit_type)


def map_lines(
    lines: Sequence[StatementLine], statement: str | None, taxonomy: Taxonomy
) -> list[tuple[str, Match]]:
    """The lines of one statement mapped together, without the filing's other statements (the "+ statement"
    column of benchmarks/mapping.py; `tieout map -` maps stdin as a filing, of one statement or several)."""
    return list(zip((ln.label for ln in lines), map_statement(lines, statement, taxonomy), strict=True))


def map_filing_lines(statements: Sequence[Statement], taxonomy: Taxonomy) -> list[list[tuple[str, Match]]]:
    """`tieout map -` with '[IS]'-style markers: the statements of one filing, mapped together."""
    answers = map_filing(statements, taxonomy)
    return [
        list(zip((ln.label for ln in lines), matches, strict=True))
        for (_, lines), matches in zip(statements, answers, strict=True)
    ]


_MARKER = re.compile(r"\[(BS|IS|CF|CI|EQ|UN)\]", re.I)


def split_statements(texts: Sequence[str], statement: str | None) -> list[tuple[str | None, list[str], bool]]:
    """stdin lines cut at '[IS]'-style markers: (kind, labels, opened by a marker). Lines before the
    first marker belong to --statement."""
    out: list[tuple[str | None, list[str], bool]] = [(statement, [], False)]
    for text in texts:
        marker = _MARKER.fullmatch(text.strip())
        if marker:
            kind = marker.group(1).upper()
            out.append((kind if kind in STATEMENT_CHOICES else None, [], True))
        else:
            out[-1][1].append(text)
    return [part for n, part in enumerate(out) if n or part[1]] or out


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
        texts = [line.rstrip("\r\n") for line in stdin if line.strip()]
        parts = split_statements(texts, statement)
        try:
            filing = [
                (kind, [StatementLine(ln.label, ln.unit_type, hints["section"]) for ln in (parse_line(t, hints["unit_type"]) for t in part)])
                for kind, part, _ in parts
            ]
        except TieoutError as exc:
            print(f"tieout: {exc}", file=sys.stderr)
            return ExitCode.INPUT_ERROR
        if getattr(args, "each", False):
            answers = [
                [(ln.label, taxonomy.match(ln.label, kind, section=ln.section, unit_type=ln.unit_type)) for ln in lines]
                for kind, lines in filing
            ]
        else:  # one statement is a filing of one: map_filing maps it as map_statement does
            answers = map_filing_lines(filing, taxonomy)
        for (kind, _, marked), part in zip(parts, answers, strict=True):
            if marked:
                stdout.write(f"[{kind or 'UN'}]\n")
            for label, m in part:
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
