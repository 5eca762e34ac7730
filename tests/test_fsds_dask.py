"""The corpus evaluation on a two-worker Dask cluster gives the single-process results."""

from __future__ import annotations

import pytest

from checker.corpus import check_fsds, rule_concepts, same_results
from checker.engine.results import RunResult
from checker.pipeline import Settings, load
from checker.readers.fsds import read_fsds
from tests.conftest import DATA

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'tieout[dask]')")

SLICE = DATA / "fsds" / "2009q3-eight"
APPLE = DATA / "fsds" / "apple-2024"


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on loopback, one thread each; closed when the module's tests are done."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as c:
        yield c


@pytest.fixture(scope="module")
def book():
    return load(Settings())[1]


def test_two_workers_equal_one_process(cluster, book):
    from checker.corpus_dask import run_with_client

    data = read_fsds(SLICE, rule_concepts(book))
    single = check_fsds([SLICE], book, data=data).run
    with distributed.Client(cluster, timeout=60) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        documents, _ = run_with_client(client, data, book, partitions=4)
    assert [d.document.path for d in documents] == [d.document.path for d in single.documents]
    assert sum(len(d.evaluations) for d in documents) == sum(len(d.evaluations) for d in single.documents) > 100
    assert same_results(RunResult(documents), single)


def test_quarters_read_on_workers_equal_one_process(cluster, book):
    single = check_fsds([SLICE, APPLE], book).run
    spread = check_fsds([SLICE, APPLE], book, scheduler=cluster.scheduler_address).run
    assert len(spread.documents) == 9
    assert same_results(spread, single)
