"""The `tieout` command line: check, facts, rules, map.

Errors in the user's input reach the terminal as one line naming the file and
line, with exit 2; a statement that does not tie is exit 1; all clear is 0.
Set TIEOUT_DEBUG=1 to see a traceback instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from checker import __version__
from checker.errors import ExitCode, TieoutError


def _settings(args: argparse.Namespace, config=None):  # type: ignore[no-untyped-def]
    """Rule and taxonomy locations: command-line flags first, then the project config."""
    from checker.pipeline import Settings

    rules = [Path(p) for p in args.rules] if args.rules else (list(config.rules) if config and config.rules else None)
    taxonomy = [Path(p) for p in args.taxonomy] if args.taxonomy else (
        [config.taxonomy] if config and config.taxonomy else None)
    return Settings(
        rules=rules,
        taxonomy=taxonomy,
        offline=not getattr(args, "online", False),
        packages=[Path(p) for p in getattr(args, "taxonomy_package", None) or []],
        against=[Path(p) for p in getattr(args, "against", None) or []],
    )


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", metavar="DIR|FILE", help="rule pack folder or file (repeatable; default: rules/)")
    p.add_argument("--taxonomy", action="append", metavar="FILE", help="taxonomy map YAML (repeatable; default: taxonomies/)")
    p.add_argument("--taxonomy-package", action="append", metavar="ZIP", help="XBRL taxonomy package for schemas not at hand (repeatable)")
    p.add_argument("--online", action="store_true", help="let arelle fetch XBRL schemas from the network (default: offline)")
    p.add_argument("--offline", action="store_true", help="never fetch XBRL schemas (the default)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tieout", description="Tie out financial statements: parse, map to US-GAAP, check every identity.")
    parser.add_argument("--version", action="version", version=f"tieout {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check documents against the rule packs")
    check.add_argument("paths", nargs="*", metavar="FILE|DIR")
    _common(check)
    from checker.commands.report_flags import add_report_arguments

    add_report_arguments(check)
    check.add_argument("--fsds", action="append", default=[], metavar="DIR|ZIP",
                       help="an SEC Financial Statement Data Set quarter (folder or zip; repeatable): every filing in it; "
                            "the report defaults to the corpus summary")
    check.add_argument("--dask", choices=("local",), help="with --fsds: run on a loopback Dask cluster")
    check.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="with --fsds: run on this Dask scheduler")
    check.add_argument("--failures-csv", metavar="PATH", help="with --fsds: also write every failure to this CSV")
    check.add_argument("--against", action="append", default=[], metavar="OTHER", help="tie figures out against another release, filing or folder (repeatable)")
    check.set_defaults(func=cmd_check)

    from checker.commands import baseline as baseline_command

    baseline = baseline_command.add_parser(sub)
    _common(baseline)
    baseline.set_defaults(func=cmd_baseline)

    facts = sub.add_parser("facts", help="print the facts parsed from documents")
    facts.add_argument("paths", nargs="+", metavar="FILE")
    _common(facts)
    facts.add_argument("--format", default="text", choices=("text", "json", "xbrl-json"))
    facts.set_defaults(func=cmd_facts)

    rules = sub.add_parser("rules", help="list the rules, or run the test cases kept in rule files")
    rules.add_argument("action", choices=("list", "test"))
    _common(rules)
    rules.set_defaults(func=cmd_rules)

    try:
        from checker.commands import map as map_command

        map_command.add_parser(sub)
    except ImportError:
        pass
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    from checker.commands.report_flags import finish, resolve_config
    from checker.pipeline import check_paths, expand, load
    from checker.progress import Progress
    from checker.reports import ReportOptions

    if not args.paths and not args.fsds:
        raise TieoutError("check needs documents (FILE|DIR) or --fsds DIR")
    if args.paths and args.fsds:
        raise TieoutError("give documents or --fsds quarters, not both")
    if (args.dask or args.scheduler or args.failures_csv) and not args.fsds:
        raise TieoutError("--dask, --scheduler and --failures-csv apply to --fsds runs")
    config = resolve_config(args)
    settings = _settings(args, config)
    taxonomy, book = load(settings)
    if args.fsds:
        return _check_fsds(args, config, book)
    paths = expand([Path(p) for p in args.paths])
    with Progress(len(paths), enabled=False if args.no_progress else None) as bar:
        run = check_paths(paths, settings, progress=bar.advance, loaded=(taxonomy, book))
    options = ReportOptions(tool_version=__version__, rule_pack_version=book.version)
    code = finish(run, config, options, sys.stdout, sys.stderr, rule_ids=_rule_ids(book))
    for error in run.errors:  # a folder run reports a bad document and goes on; the exit code says so
        print(f"tieout: {error}", file=sys.stderr)
    return ExitCode.INPUT_ERROR if run.errors else code


def _check_fsds(args: argparse.Namespace, config, book) -> int:  # type: ignore[no-untyped-def]
    """Corpus mode: every filing of the FSDS quarters, the summary on stdout unless a format was asked for."""
    from dataclasses import replace

    from checker.commands.report_flags import finish
    from checker.corpus import Progress, check_fsds
    from checker.reports import ReportOptions

    config = replace(config, format=config.format or "summary",
                     output=[*config.output, *([("failures-csv", Path(args.failures_csv))] if args.failures_csv else [])])
    # the summary and the CSV need only the failures as objects: passes and skips are tallied
    lean = all(name in ("summary", "failures-csv") for name in [config.format, *(f for f, _ in config.output)])
    corpus = check_fsds([Path(p) for p in args.fsds], book, scheduler=args.scheduler or args.dask,
                        progress=Progress(False if args.no_progress else None), lean=lean)
    options = ReportOptions(tool_version=__version__, rule_pack_version=book.version)
    options.extra["rules"] = [(r.id, r.title) for r in book.rules if r.kind == "identity"]
    return finish(corpus.run, config, options, sys.stdout, sys.stderr, rule_ids=_rule_ids(book))


def _rule_ids(book) -> set[str]:  # type: ignore[no-untyped-def]
    """Every id a severity override or baseline entry may name: rules and their old aliases."""
    return {r.id for r in book.rules} | {a for r in book.rules for a in r.aliases}


def cmd_baseline(args: argparse.Namespace) -> int:
    from checker.commands.baseline import run_baseline
    from checker.config import apply_severity, load_config, load_config_file
    from checker.pipeline import check_paths, load

    config = load_config_file(args.config) if args.config else load_config(Path.cwd())
    settings = _settings(args, config)

    taxonomy, book = load(settings)

    def check(paths: list[Path]):  # type: ignore[no-untyped-def]
        run = check_paths(paths, settings, loaded=(taxonomy, book))
        config.validate(_rule_ids(book) | {ev.rule_id for d in run.documents for ev in d.evaluations})
        apply_severity(run, config.severity)
        return run

    return run_baseline(args, check, sys.stdout)


def cmd_facts(args: argparse.Namespace) -> int:
    import json

    from checker.pipeline import expand, load, read
    from checker.reports.json_report import fact as fact_json

    settings = _settings(args)
    taxonomy, _ = load(settings)
    docs = [read(p, settings, taxonomy) for p in expand([Path(p) for p in args.paths])]
    if args.format == "json":
        sys.stdout.write(json.dumps([{"path": d.path, "facts": [fact_json(f) for f in d.facts]} for d in docs], indent=2) + "\n")
        return ExitCode.OK
    if args.format == "xbrl-json":
        try:
            from checker.reports.xbrl_json import document_to_xbrl_json
        except ImportError:
            raise TieoutError("xbrl-json output is not available in this build") from None
        if len(docs) != 1:
            raise TieoutError("xbrl-json takes one document at a time")
        sys.stdout.write(json.dumps(document_to_xbrl_json(docs[0]), indent=2) + "\n")
        return ExitCode.OK
    from checker.formatting import fmt

    for d in docs:
        print(f"== {d.path}")
        print(f"{'concept':<52} {'label':<44} {'period':<24} {'unit':<10} {'dec':>4} {'value':>18}  source")
        for f in d.facts:
            concept = (f.concept or "-") + (" (ext)" if f.extension else "")
            value = "nil" if f.value is None else fmt(f.value)
            dec = "INF" if f.decimals is None and f.value is not None else ("" if f.decimals is None else str(f.decimals))
            print(f"{concept[:52]:<52} {f.label[:44]:<44} {f.period.key():<24} {f.unit:<10} {dec:>4} {value:>18}  line {f.source.line}")
    return ExitCode.OK


def cmd_rules(args: argparse.Namespace) -> int:
    from checker.pipeline import load
    from checker.ruletests import run_rule_tests

    taxonomy, book = load(_settings(args))
    if args.action == "list":
        for r in book.rules:
            what = r.expression.text if r.expression else "layout footing of every printed total"
            print(f"{r.id:<8} {r.severity:<8} {r.period:<9} {r.title}\n         {what}\n         {r.file}:{r.line}")
        return ExitCode.OK
    failures, total = run_rule_tests(book)
    for line in failures:
        print(line)
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return ExitCode.FINDINGS if failures else ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return ExitCode.INPUT_ERROR
    try:
        return int(args.func(args))
    except TieoutError as exc:
        print(f"tieout: {exc}", file=sys.stderr)
        return ExitCode.INPUT_ERROR
    except KeyboardInterrupt:
        print("tieout: interrupted", file=sys.stderr)
        return ExitCode.INPUT_ERROR
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # noqa: BLE001 - the user gets one line, not a traceback
        if os.environ.get("TIEOUT_DEBUG"):
            raise
        print(f"tieout: internal error: {type(exc).__name__}: {exc} (set TIEOUT_DEBUG=1 for details)", file=sys.stderr)
        return ExitCode.INPUT_ERROR
