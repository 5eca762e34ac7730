"""The corpus evaluation on a two-worker Dask cluster gives the single-process results."""

from __future__ import annotations

import pytest

from checker.corpus import check_fsds, rule_concepts, same_results
from checker.pipeline import Settings, load
from checker.readers.fsds import read_fsds
from tests.conftest import DATA

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install 'tieout[dask]')")

SLICE = DATA / "fsds" / "2009q3-slice"


def test_two_workers_equal_one_process():
    from checker.corpus_dask import run_with_client

    _, book = load(Settings())
    data = read_fsds(SLICE, rule_concepts(book))
    single = check_fsds([SLICE], book, data=data).run
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster, distributed.Client(cluster, timeout=60) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        documents, _ = run_with_client(client, data, book, partitions=4)
    assert [d.document.path for d in documents] == [d.document.path for d in single.documents]
    assert sum(len(d.evaluations) for d in documents) == sum(len(d.evaluations) for d in single.documents) > 100
    from checker.engine.results import RunResult

    assert same_results(RunResult(documents), single)
