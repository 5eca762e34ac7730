"""The one path from files to results: read → map → check. The CLI and tests both call it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.engine.results import DocumentResult, Finding, RunResult
from checker.engine.run import check_document
from checker.errors import TieoutError
from checker.facts import Document
from checker.mapping import map_document
from checker.readers import read_document
from checker.rulebook import RuleBook, load_rules
from checker.taxonomy import Taxonomy, load_taxonomy

_DOC_SUFFIXES = {".txt", ".htm", ".html", ".md", ".markdown", ".xml", ".xbrl", ".zip", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gz"}


@dataclass
class Settings:
    rules: Sequence[Path] | None = None
    taxonomy: Sequence[Path] | None = None
    offline: bool = True
    packages: Sequence[Path] = field(default_factory=list)
    against: Sequence[Path] = field(default_factory=list)


def load(settings: Settings) -> tuple[Taxonomy, RuleBook]:
    taxonomy = load_taxonomy(settings.taxonomy)
    return taxonomy, load_rules(settings.rules, taxonomy)


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder contributes the documents directly inside it, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in _DOC_SUFFIXES)
            if not files:
                raise TieoutError("folder holds no documents", str(p))
            out.extend(files)
        else:
            out.append(p)
    return out


def read(path: Path, settings: Settings, taxonomy: Taxonomy) -> Document:
    # The XBRL options only reach the XBRL reader; read_document sniffs the format once.
    doc = read_document(path, offline=settings.offline, packages=list(settings.packages))
    map_document(doc, taxonomy)
    return doc


def read_against(spec: Path, settings: Settings, taxonomy: Taxonomy) -> list[Document]:
    """Documents to tie out against: files, a folder of them, or one filing of an SEC data set (`DIR#ACCESSION`)."""
    text = str(spec)
    folder, _, accession = text.partition("#")
    base = Path(folder)
    if _is_fsds(base):
        from checker.readers.fsds import filing_documents, read_fsds

        docs = filing_documents(read_fsds(base))
        if accession:
            docs = [d for d in docs if d.extra.get("adsh") == accession]
            if not docs:
                raise TieoutError(f"accession {accession} is not in this data set", folder)
        elif len(docs) > 1:
            raise TieoutError(f"the data set holds {len(docs)} filings: name one as {folder}#ACCESSION", folder)
        return docs
    return [read(p, settings, taxonomy) for p in expand([base])]


def _is_fsds(path: Path) -> bool:
    if path.is_dir():
        return (path / "sub.txt").exists() and (path / "num.txt").exists()
    if path.suffix.lower() == ".zip" and path.exists():
        import zipfile

        try:
            with zipfile.ZipFile(path) as z:
                names = {n.rsplit("/", 1)[-1] for n in z.namelist()}
        except zipfile.BadZipFile:
            return False
        return {"sub.txt", "num.txt"} <= names
    return False


def check_paths(
    paths: Sequence[Path],
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
    loaded: tuple[Taxonomy, RuleBook] | None = None,
) -> RunResult:
    """`progress`, if given, is called with each document's name once it has been checked;
    `loaded` is the (taxonomy, rule book) pair when the caller has already read them."""
    settings = settings or Settings()
    taxonomy, book = loaded or load(settings)
    results: list[DocumentResult] = []
    files = expand(paths)
    many = len(files) > 1
    others = [doc for p in settings.against for doc in read_against(Path(p), settings, taxonomy)]
    for path in files:
        try:
            doc = read(path, settings, taxonomy)
        except TieoutError as exc:
            if not many:
                raise
            # In a folder run one bad document is reported, not fatal to the others.
            empty = Document(path=str(path), format="unknown")
            no_statement = "no financial statement" in exc.message
            result = DocumentResult(document=empty, error=None if no_statement else str(exc))
            result.findings.append(Finding("NO_STATEMENT" if no_statement else "INPUT", "warning" if no_statement else "error", exc.message, str(path)))
            results.append(result)
            if progress is not None:
                progress(path.name)
            continue
        result = check_document(doc, book)
        for other in others:
            # The same figures in another document: a release against its filing, or last year's report.
            from checker.engine.compare import compare

            evaluations, findings = compare(doc, other)
            result.evaluations.extend(evaluations)
            result.findings.extend(findings)
        results.append(result)
        if progress is not None:
            progress(path.name)
    return RunResult(documents=results, rules_defined=len(book.rules))
