"""``groundup live``: the camera (or a clip played as one) as a mirror that cues the knees while you train.

At the end: one line per rep or balance hold, the counts as a set to log (logged at once with
``--person`` and ``--exercise``), and the full analysis offered on the recording.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from groundup.cli.common import DbOption, err, known_person_store
from groundup.errors import UsageError

if TYPE_CHECKING:
    from groundup.live.engine import LiveEngine
    from groundup.live.session import SessionStats
    from groundup.live.source import SourceCounts
    from groundup.live.summary import SetCount
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
         config: Annotated[Path | None, typer.Option(help="TOML file overriding thresholds.")] = None,
         person: Annotated[str | None, typer.Option(help="Log the counted set for this person (with "
                                                    "--exercise).")] = None,
         exercise: Annotated[str | None, typer.Option(help="The plan's exercise id the set is logged as.")] = None,
         difficulty: Annotated[int | None, typer.Option(help="How hard, 1 to 10 (asked at a terminal).")] = None,
         pain: Annotated[int | None, typer.Option(help="Pain, 0 to 10 (asked at a terminal).")] = None,
         db: DbOption = None) -> None:
    """Live mirror: the skeleton over the mirrored picture, reps counted and 'knee out' cues as you move."""
    from groundup.live.movements import LIVE_MOVEMENTS
    from groundup.live.summary import session_summary, set_counts
    from groundup.thresholds import load_thresholds

    if (camera is None) == (video is None):
        raise UsageError("Give either --camera N or --video FILE.")
    if movement not in LIVE_MOVEMENTS:
        raise UsageError(f"--movement must be one of {', '.join(LIVE_MOVEMENTS)}, not {movement!r}.")
    if (person is None) != (exercise is None):
        raise UsageError("Give --person and --exercise together to log the set.")
    if not no_window and os.name != "nt" and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        raise UsageError("No display to open the mirror window on: add --no-window.")
    th = load_thresholds(config)
    if person is not None:
        known_person_store(person, db).close()
    recording = None if video is not None else Path(tempfile.mkdtemp(prefix="groundup-live-")) / "live.mp4"
    engine, stats, counts = _run(camera, video, movement, no_window, events, th, recording)
    out = Console()
    for line in session_summary(engine, stats, counts, movement):
        out.print(line)
    sets = set_counts(engine)
    if person is not None and exercise is not None:
        _log_sets(sets, person, exercise, difficulty, pain, db)
    elif sets:
        out.print("Log it as a set: " + "; ".join(
            " ".join(["groundup log --person NAME --exercise ID", *s.log_args()]) for s in sets))
    _offer_analysis(out, video or recording, LIVE_MOVEMENTS[movement], keep=video is not None)


def _run(camera: int | None, video: Path | None, movement: str, no_window: bool, events: Path | None,
         th: Thresholds, recording: Path | None) -> tuple[LiveEngine, SessionStats, SourceCounts]:
    from groundup.live.draw import CueBoard, mirror_picture
    from groundup.live.engine import LiveEngine, LiveFrame
    from groundup.live.events import EventLog
    from groundup.live.session import run_session, warm_up
    from groundup.live.source import Camera, FileCamera, LiveInput
    from groundup.pose.estimator import BlazePoseEstimator

    source = FileCamera(video) if video is not None else Camera(camera or 0, record_to=recording)
    engine = LiveEngine(*source.size, th, movement)
    board = CueBoard()

    def show(item: LiveInput, frame: LiveFrame) -> bool:
        import cv2

        cv2.imshow(WINDOW, mirror_picture(item.rgb, frame, board.update(frame)))
        return cv2.waitKey(1) & 0xFF not in (ord("q"), 27)

    log = EventLog(events)
    err.print("Stand still, facing the camera, to start (q in the window or Ctrl-C stops)." if camera is not None
              else f"Playing {video} as a camera.")
    try:
        with BlazePoseEstimator() as estimator:
            warm_up(estimator, source.size)
            stats = run_session(source.frames(), estimator, engine, log, None if no_window else show)
    except BaseException:
        log.discard()
        if recording is not None:
            recording.unlink(missing_ok=True)
        raise
    finally:
        if not no_window:
            _close_window()
    log.finish()
    return engine, stats, source.counts


def _log_sets(sets: list[SetCount], person: str, exercise: str, difficulty: int | None, pain: int | None,
              db: str | None) -> None:
    """Each counted set through ``groundup log`` (which asks for difficulty and pain at a terminal)."""
    from groundup.cli.coach import log

    if not sets:
        err.print("Nothing was counted, so no set was logged.")
    for s in sets:
        log(person, exercise=exercise, reps=s.actual if s.unit == "reps" else None,
            seconds=s.actual if s.unit == "seconds" else None, side=s.side, difficulty=difficulty, pain=pain,
            target=None, band=None, collapse=s.collapse, hands_free=None, discomfort=False, day=None,
            notes="counted by groundup live", db=db)


def _offer_analysis(out: Console, clip: Path | None, movement: str, keep: bool) -> None:
    """The clip file: its full-analysis command; the camera recording: saved for it when the person says so."""
    from groundup.cli.coach import at_terminal

    if clip is None or not clip.exists():
        return
    if keep:
        out.print(f"Full analysis of this clip: groundup assess {clip} --movement {movement}")
        return
    if at_terminal() and typer.confirm("Save the recording for the full analysis?", default=False):
        saved = Path.cwd() / f"groundup-live-{datetime.now():%Y%m%d-%H%M%S}.mp4"
        os.replace(clip, saved)
        out.print(f"Saved {saved}. Full analysis: groundup assess {saved} --movement {movement}")
    else:
        out.print("The recording was not kept.")
    clip.unlink(missing_ok=True)
    clip.parent.rmdir()


def _close_window() -> None:
    import contextlib

    import cv2

    with contextlib.suppress(cv2.error):
        cv2.destroyAllWindows()
