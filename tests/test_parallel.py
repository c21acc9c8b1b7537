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


def test_a_warm_model_is_reused_and_forgets_the_clip_before() -> None:
    """The in-process path (web jobs, queue workers) loads the model once; each clip starts tracking afresh."""
    import numpy as np

    from clips import clip
    from groundup.pipeline import ANALYSIS_MAX_SIDE
    from groundup.pose.estimator import BlazePoseEstimator, warm_estimator
    from groundup.pose.extract import extract_pose_track
    from groundup.video.reader import VideoSource

    sample = VideoSource(clip("ucsd_front_squat.mp4"), max_side=ANALYSIS_MAX_SIDE)
    before = VideoSource(clip("liftcheck_back_squat_front.mp4"), max_side=ANALYSIS_MAX_SIDE)
    with BlazePoseEstimator() as fresh:
        want = extract_pose_track(sample, fresh, end_s=0.5)
        extract_pose_track(before, fresh, end_s=0.5)
        carried_over = extract_pose_track(sample, fresh, end_s=0.5)  # no reset: tracking goes on from the other clip
    assert not np.array_equal(carried_over.image_xy, want.image_xy, equal_nan=True)
    with warm_estimator() as model:
        extract_pose_track(before, model, end_s=0.5)
    with warm_estimator() as again:
        assert again is model
        got = extract_pose_track(sample, again, end_s=0.5)
    np.testing.assert_array_equal(got.image_xy, want.image_xy)
    np.testing.assert_array_equal(got.world_xyz, want.world_xyz)
