"""``groundup live``: the camera (or a clip played as one) as a mirror that cues the knees while you train."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from groundup.cli.common import err
from groundup.errors import UsageError

if TYPE_CHECKING:
    from groundup.thresholds import Thresholds

WINDOW = "groundup live (q to stop)"


def live(camera: Annotated[int | None, typer.Option(min=0, help="Camera number (0: the first camera).")] = None,
         video: Annotated[Path | None, typer.Option(help="Play this video file as if it were the camera "
                                                    "(in real time, dropping frames when behind).")] = None,
         movement: Annotated[str, typer.Option(help="squat (any squat, band squats included) or "
                                                    "single-leg-balance.")] = "squat",
         no_window: Annotated[bool, typer.Option("--no-window", help="No mirror window (events and summary "
                                                 "only).")] = False,
         events: Annotated[Path | None, typer.Option(help="Write the cues, reps and status changes here as "
                                                     "JSON lines.")] = None,
         config: Annotated[Path | None, typer.Option(help="TOML file overriding thresholds.")] = None) -> None:
    """Live mirror: the skeleton over the mirrored picture, reps counted and 'knee out' cues as you move."""
    from groundup.live.movements import LIVE_MOVEMENTS
    from groundup.thresholds import load_thresholds

    if (camera is None) == (video is None):
        raise UsageError("Give either --camera N or --video FILE.")
    if movement not in LIVE_MOVEMENTS:
        raise UsageError(f"--movement must be one of {', '.join(LIVE_MOVEMENTS)}, not {movement!r}.")
    if not no_window and os.name != "nt" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        raise UsageError("No display to open the mirror window on: add --no-window.")
    th = load_thresholds(config)
    summary = _run(camera, video, movement, no_window, events, th)
    out = Console()
    for line in summary:
        out.print(line)
    if video is not None:
        out.print(f"Full analysis of this clip: groundup assess {video} --movement "
                  f"{LIVE_MOVEMENTS[movement]}")


def _run(camera: int | None, video: Path | None, movement: str, no_window: bool, events: Path | None,
         th: Thresholds) -> list[str]:
    from groundup.live.draw import CueBoard, mirror_picture
    from groundup.live.engine import LiveEngine, LiveFrame
    from groundup.live.events import EventLog
    from groundup.live.session import run_session, warm_up
    from groundup.live.source import Camera, FileCamera, LiveInput
    from groundup.live.summary import session_summary
    from groundup.pose.estimator import BlazePoseEstimator

    source = FileCamera(video) if video is not None else Camera(camera or 0)
    engine = LiveEngine(*source.size, th)
    board = CueBoard()

    def show(item: LiveInput, frame: LiveFrame) -> bool:
        import cv2

        cv2.imshow(WINDOW, mirror_picture(item.rgb, frame, board.update(frame)))
        return cv2.waitKey(1) & 0xFF not in (ord("q"), 27)

    log = EventLog(events)
    err.print("Stand still, facing the camera, to start." if camera is not None else f"Playing {video} as a camera.")
    try:
        with BlazePoseEstimator() as estimator:
            warm_up(estimator, source.size)
            stats = run_session(source.frames(), estimator, engine, log, None if no_window else show)
    except BaseException:
        log.discard()
        raise
    finally:
        if not no_window:
            _close_window()
    log.finish()
    return session_summary(engine, stats, source.counts, movement)


def _close_window() -> None:
    import contextlib

    import cv2

    with contextlib.suppress(cv2.error):
        cv2.destroyAllWindows()
