"""The corpus evaluation on Dask: the same partition function, one task per group of filings.

A partition is a slice of filings with all their rows, so a task needs nothing
from its neighbours; results come back as ordinary `DocumentResult`s in filing
order. One quarter is read by the client and split by filing; several quarters
are one task each, read by the worker that runs it (the quarter folders must be on
a file system the workers see). `local` starts a loopback `LocalCluster` (one
worker per core) for the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from checker.corpus import Progress, check_partition, rule_concepts
from checker.engine.results import DocumentResult
from checker.errors import TieoutError
from checker.readers.fsds import FsdsData, read_fsds
from checker.rulebook import RuleBook

TASKS_PER_WORKER = 2


def _task(part: FsdsData, book: RuleBook, lean: bool) -> tuple[list[DocumentResult], int]:
    return check_partition(part, book, lean=lean)


def _quarter_task(path: str, book: RuleBook, lean: bool) -> tuple[list[DocumentResult], int, int, int]:
    data = read_fsds(Path(path), rule_concepts(book))
    documents, contexts = check_partition(data, book, lean=lean)
    return documents, contexts, data.rows_read, len(data)


@contextmanager
def _client(scheduler: str) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TieoutError("Dask is not installed: pip install 'tieout[dask]'") from None
    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(processes=True, threads_per_worker=1, host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout=30)
    except OSError as exc:
        raise TieoutError(f"cannot reach the Dask scheduler: {exc}", scheduler) from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_on_dask(
    data: FsdsData, book: RuleBook, scheduler: str, partitions: int | None = None, progress: Progress | None = None,
    lean: bool = False,
) -> tuple[list[DocumentResult], int]:
    """Evaluate `data` partitioned by filing on the scheduler at `scheduler` ('local' or tcp://host:port)."""
    with _client(scheduler) as client:
        return run_with_client(client, data, book, partitions, progress, lean)


def run_quarters_on_dask(
    paths: list[Path], book: RuleBook, scheduler: str, progress: Progress | None = None, lean: bool = False,
) -> tuple[list[DocumentResult], int, int, int]:
    """One task per quarter, read where it runs: documents in quarter order, contexts, rows read, rows kept."""
    from distributed import as_completed

    progress = progress or Progress(False)
    with _client(scheduler) as client:
        book_future = client.scatter(book, broadcast=True)
        futures = [client.submit(_quarter_task, str(p.resolve()), book_future, lean, pure=False) for p in paths]
        order = {f.key: i for i, f in enumerate(futures)}
        done: dict[int, tuple[list[DocumentResult], int, int, int]] = {}
        for n, fut in enumerate(as_completed(futures), start=1):
            done[order[fut.key]] = fut.result()  # a worker's TieoutError is re-raised here, one line as ever
            progress.update(n, len(futures), "quarters")
    parts = [done[i] for i in range(len(futures))]
    return ([d for p in parts for d in p[0]], sum(p[1] for p in parts), sum(p[2] for p in parts), sum(p[3] for p in parts))


def run_with_client(
    client, data: FsdsData, book: RuleBook, partitions: int | None = None, progress: Progress | None = None,  # type: ignore[no-untyped-def]
    lean: bool = False,
) -> tuple[list[DocumentResult], int]:
    """The same on a client the caller owns (tests bring their own LocalCluster)."""
    from distributed import as_completed

    progress = progress or Progress(False)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    parts = data.partitions(partitions or workers * TASKS_PER_WORKER)
    book_future = client.scatter(book, broadcast=True)
    futures = [client.submit(_task, part, book_future, lean, pure=False) for part in parts]
    order = {f.key: i for i, f in enumerate(futures)}
    done: dict[int, tuple[list[DocumentResult], int]] = {}
    for n, fut in enumerate(as_completed(futures), start=1):
        done[order[fut.key]] = fut.result()
        progress.update(n, len(futures), "partitions")
    documents = [d for i in range(len(futures)) for d in done[i][0]]
    return documents, sum(done[i][1] for i in range(len(futures)))
