"""The corpus evaluation on Dask: the same partition function, one task per group of filings.

A partition is a slice of filings with all their rows, so a task needs nothing
from its neighbours; results come back as ordinary `DocumentResult`s in filing
order. `local` starts a loopback `LocalCluster` (one worker per core) for the run.
"""

from __future__ import annotations

from checker.corpus import Progress, check_partition
from checker.engine.results import DocumentResult
from checker.errors import TieoutError
from checker.readers.fsds import FsdsData
from checker.rulebook import RuleBook

TASKS_PER_WORKER = 2


def _task(part: FsdsData, book: RuleBook) -> tuple[list[DocumentResult], int]:
    return check_partition(part, book)


def run_on_dask(
    data: FsdsData, book: RuleBook, scheduler: str, partitions: int | None = None, progress: Progress | None = None,
) -> tuple[list[DocumentResult], int]:
    """Evaluate `data` partitioned by filing on the scheduler at `scheduler` ('local' or tcp://host:port)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TieoutError("Dask is not installed: pip install 'tieout[dask]'") from None
    progress = progress or Progress(False)
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
        return run_with_client(client, data, book, partitions, progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_with_client(
    client, data: FsdsData, book: RuleBook, partitions: int | None = None, progress: Progress | None = None,  # type: ignore[no-untyped-def]
) -> tuple[list[DocumentResult], int]:
    """The same on a client the caller owns (tests bring their own LocalCluster)."""
    from distributed import as_completed

    progress = progress or Progress(False)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    parts = data.partitions(partitions or workers * TASKS_PER_WORKER)
    book_future = client.scatter(book, broadcast=True)
    futures = [client.submit(_task, part, book_future, pure=False) for part in parts]
    order = {f.key: i for i, f in enumerate(futures)}
    done: dict[int, tuple[list[DocumentResult], int]] = {}
    for n, fut in enumerate(as_completed(futures), start=1):
        done[order[fut.key]] = fut.result()
        progress.update(n, len(futures), "partitions")
    documents = [d for i in range(len(futures)) for d in done[i][0]]
    return documents, sum(done[i][1] for i in range(len(futures)))
