import time

import pytest

from groundup import parallel


def count_and_square(x: int) -> int:
    parallel.report("work", 3)
    return x * x


@pytest.mark.parametrize("workers", [1, 2])
def test_chunk_runner_maps_in_order_and_reports_progress(workers: int) -> None:
    seen: list[tuple[str, int, int]] = []
    after: list[str] = []
    with parallel.ChunkRunner(workers) as runner:
        out = runner.map(count_and_square, [(1,), (2,), (3,)], "work", 9, lambda *a: seen.append(a),
                         meanwhile=lambda: after.append("ran"))
    assert out == [1, 4, 9]
    assert seen[-1] == ("work", 9, 9)
    assert after == ["ran"]


def raise_value_error(x: int) -> int:
    raise ValueError(f"bad {x}")


def test_worker_errors_reach_the_caller() -> None:
    with parallel.ChunkRunner(2) as runner, pytest.raises(ValueError, match="bad 1"):
        runner.map(raise_value_error, [(1,), (2,)], "work", 2)


def test_time_chunks_cover_the_clip() -> None:
    assert parallel.time_chunks(10.0, 1) == [(None, None)]
    chunks = parallel.time_chunks(9.0, 3)
    assert chunks == [(None, 3.0), (3.0, 6.0), (6.0, None)]


@pytest.mark.parametrize("duration,cores,expected", [(2.0, 2, 1), (9.0, 2, 2), (9.0, 8, 2), (60.0, 8, 4)])
def test_worker_count(duration: float, cores: int, expected: int) -> None:
    assert parallel.worker_count(duration, cores) == expected


def sleep_for(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_an_error_in_this_process_stops_busy_workers_at_once() -> None:
    """Without killing them, closing the pool would wait for both minute-long tasks."""
    def fail() -> None:
        raise RuntimeError("stop")

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="stop"), parallel.ChunkRunner(2) as runner:
        runner.map(sleep_for, [(60.0,), (60.0,)], "work", 2, meanwhile=fail)
    assert time.monotonic() - started < 30.0
