"""Capture-quality gate: can this clip support a verdict, and how far to trust it.

The gate is a table (``GATE``) of checks on the capture statistics; each cut-off is a
``quality.*`` entry of thresholds.toml with its unit and source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from groundup.pose.landmarks import INDEX, LOWER_LIMB
from groundup.pose.track import PoseTrack
from groundup.signals.reps import Rep
from groundup.thresholds import Thresholds

_LOWER = [INDEX[n] for n in LOWER_LIMB]
_FEET = [INDEX[n] for n in ("left_ankle", "right_ankle", "left_heel", "right_heel",
                            "left_foot_index", "right_foot_index", "left_knee", "right_knee")]
WARN_FACTOR = 0.8  # confidence kept per warning
FEW_REPS_FACTOR = 0.7  # confidence kept when there are few trials
REFILM_SQUARE = "Film from the front, camera square to the person at knee-to-hip height."
NOBODY_ELSE = "Film with nobody else in the picture."


@dataclass(frozen=True)
class TrialRule:
    """How a screen counts its trials (squat reps, landings, holds, steps) for the gate."""

    noun: str  # "rep", "landing", ...
    recommended_key: str  # threshold key of the recommended count
    none_message: str
    none_advice: str
    min_duration: str = "a squat"  # phrase for the too-short message


SQUAT_TRIALS = TrialRule("rep", "reps.recommended", "No squat rep was found: the hips never dropped and came back up.",
                         "Film {n} slow squats, standing tall between reps.")


@dataclass(frozen=True)
class QualityIssue:
    """One problem with the capture, what it means and how to re-film."""

    code: str
    severity: str  # "warn" lowers confidence, "refuse" means no verdict
    message: str
    advice: str
    value: float | None = None
    threshold_key: str | None = None


@dataclass
class CaptureQuality:
    """The gate's result: issues found, the statistics behind them, a confidence factor."""

    stats: dict[str, float]
    issues: list[QualityIssue] = field(default_factory=list)

    @property
    def can_judge(self) -> bool:
        return not any(i.severity == "refuse" for i in self.issues)

    @property
    def confidence_factor(self) -> float:
        factor = 1.0
        for issue in self.issues:
            if issue.severity == "warn":
                factor *= FEW_REPS_FACTOR if issue.code.startswith("few_") else WARN_FACTOR
        return factor if self.can_judge else 0.0

    def as_dict(self) -> dict:
        return {"can_judge": self.can_judge, "confidence_factor": round(self.confidence_factor, 3),
                "stats": {k: (None if not np.isfinite(v) else round(float(v), 4)) for k, v in self.stats.items()},
                "issues": [i.__dict__ for i in self.issues]}


def hip_yaw_deg(world: np.ndarray, frames: np.ndarray) -> float:
    """Median angle by which the hip line turns away from the camera (world landmarks)."""
    d = world[frames, INDEX["left_hip"]] - world[frames, INDEX["right_hip"]]
    yaw = np.degrees(np.arctan2(d[:, 2], np.abs(d[:, 0])))
    return float(abs(np.nanmedian(yaw))) if np.isfinite(yaw).any() else float("nan")


def width_ratio(xy: np.ndarray, frames: np.ndarray) -> float:
    """Median shoulder width over torso length in the image (about 0.65 square on)."""
    sw = np.linalg.norm(xy[frames, INDEX["left_shoulder"]] - xy[frames, INDEX["right_shoulder"]], axis=1)
    mid_s = (xy[frames, INDEX["left_shoulder"]] + xy[frames, INDEX["right_shoulder"]]) / 2
    mid_h = (xy[frames, INDEX["left_hip"]] + xy[frames, INDEX["right_hip"]]) / 2
    with np.errstate(all="ignore"):
        return float(np.nanmedian(sw / np.linalg.norm(mid_s - mid_h, axis=1)))


def out_of_frame_share(xy: np.ndarray, frames: np.ndarray, width: int, height: int) -> float:
    """Share of frames where a knee or foot landmark lies outside the picture."""
    pts = xy[frames][:, _FEET]
    outside = (pts[..., 0] < 0) | (pts[..., 0] > width) | (pts[..., 1] < 0) | (pts[..., 1] > height)
    return float(outside.any(axis=1).mean()) if len(frames) else 1.0


def knee_jitter(raw_xy: np.ndarray, clean_xy: np.ndarray, frames: np.ndarray, shank: float) -> float:
    """RMS distance of the raw knee landmarks from their filtered path, in shank lengths."""
    knees = [INDEX["left_knee"], INDEX["right_knee"]]
    diff = raw_xy[frames][:, knees] - clean_xy[frames][:, knees]
    d = np.linalg.norm(diff, axis=-1)
    return float(np.sqrt(np.nanmean(d ** 2)) / shank) if np.isfinite(d).any() else float("nan")


def upright_share(xy: np.ndarray, frames: np.ndarray) -> float:
    """Share of frames whose trunk (hips to shoulders) points up within 45 deg of vertical."""
    mid_s = (xy[frames, INDEX["left_shoulder"]] + xy[frames, INDEX["right_shoulder"]]) / 2
    mid_h = (xy[frames, INDEX["left_hip"]] + xy[frames, INDEX["right_hip"]]) / 2
    up = mid_h - mid_s  # image y grows downward, so an upright trunk has up[:, 1] > 0
    return float(np.mean(up[:, 1] > np.abs(up[:, 0]))) if len(frames) else 0.0


def capture_stats(track: PoseTrack, raw_xy: np.ndarray, clean_xy: np.ndarray, shank: float,
                  reps: list[Rep], min_other_height: float) -> dict[str, float]:
    """The numbers the gate judges; another person counts from ``min_other_height`` x our height."""
    valid = np.flatnonzero(track.valid)
    in_reps = np.concatenate([np.arange(r.start, r.end + 1) for r in reps]) if reps else np.arange(len(track))
    extent = np.nanmax(raw_xy[valid][..., 1], axis=1) - np.nanmin(raw_xy[valid][..., 1], axis=1) if valid.size else []
    return {
        "duration_s": float(track.times_s[-1] - track.times_s[0]) if len(track) > 1 else 0.0,
        "detected_share": float(track.detected.mean()) if len(track) else 0.0,
        "invalid_share_in_reps": float((~track.valid[in_reps]).mean()) if in_reps.size else 1.0,
        "identity_jump_frames": float(sum(r == "tracking jumped to another person" for r in track.invalid_reason)),
        "hip_yaw_deg": hip_yaw_deg(track.world_xyz, valid) if valid.size else float("nan"),
        "width_ratio": width_ratio(raw_xy, valid) if valid.size else float("nan"),
        "person_height": float(np.nanmedian(extent) / track.height) if len(extent) else 0.0,
        "lower_visibility": float(track.visibility[valid][:, _LOWER].mean()) if valid.size else 0.0,
        "out_of_frame_share": out_of_frame_share(track.image_xy, valid, track.width, track.height),
        "knee_jitter": knee_jitter(raw_xy, clean_xy, valid, shank) if valid.size else float("nan"),
        "upright_share": upright_share(raw_xy, valid),
        "second_person_probes": float(len(track.others)),
        "second_person_hits": float(np.sum(track.others[:, 1] >= min_other_height)),
        "second_person_height": float(track.others[:, 1].max()) if len(track.others) else 0.0,
        "reps": float(len(reps)),
    }


@dataclass(frozen=True)
class Limit:
    """One row of the capture gate: the issue raised when a capture statistic passes a threshold.

    ``message`` is formatted with ``value``, the statistics by name and ``trial`` (what one trial
    is, e.g. "a squat"). The limit is ``th[key]``, times ``th[scale_key]`` when given. A statistic
    that is not a number (NaN) never fails.
    """

    code: str
    effect: str  # "refuse": no verdict; "warn": lower confidence
    measure: str  # a key of ``capture_stats``
    fails: str  # "below" or "above" the limit
    key: str  # threshold key of the limit (reported with the issue)
    message: str
    advice: str
    scale_key: str | None = None

    def check(self, stats: dict[str, float], th: Thresholds, trials: TrialRule) -> QualityIssue | None:
        value = stats[self.measure]
        limit = th.value(self.key) * (th.value(self.scale_key) if self.scale_key else 1.0)
        if not (value < limit if self.fails == "below" else value > limit):
            return None
        message = self.message.format(value=value, trial=trials.min_duration, **stats)
        return QualityIssue(self.code, self.effect, message, self.advice, value, self.key)


@dataclass(frozen=True)
class FirstOf:
    """A check of the gate: the first of its rows that fails (the refusal before the warning)."""

    rows: tuple[Limit, ...]

    def __call__(self, stats: dict[str, float], th: Thresholds, trials: TrialRule) -> QualityIssue | None:
        return next((i for row in self.rows if (i := row.check(stats, th, trials)) is not None), None)


def second_person(stats: dict[str, float], th: Thresholds, trials: TrialRule) -> QualityIssue | None:
    """Someone else in the picture: refused when seen in enough of the probes, else a warning."""
    hits, probes = stats["second_person_hits"], stats["second_person_probes"]
    if not hits:
        return None
    share = hits / probes
    if hits >= th.value("quality.second_person_min_hits") and share >= th.value("quality.second_person_share"):
        message = (f"A second person is in the picture ({hits:.0f} of {probes:.0f} checks), so the tracker cannot "
                   "be trusted to stay on you.")
        return QualityIssue("second_person", "refuse", message, NOBODY_ELSE, share, "quality.second_person_share")
    return QualityIssue("second_person", "warn", "Someone else appears in the picture at times.", NOBODY_ELSE, share,
                        "quality.second_person_share")


def trial_count(stats: dict[str, float], th: Thresholds, trials: TrialRule) -> QualityIssue | None:
    """No trial at all is refused; fewer than a steady few (or than recommended) lowers confidence."""
    n, noun = int(stats["reps"]), trials.noun
    wanted = int(th.value(trials.recommended_key))
    if n == 0:
        return QualityIssue(f"no_{noun}s", "refuse", trials.none_message, trials.none_advice.format(n=wanted), 0.0,
                            trials.recommended_key)
    if n < min(int(th.value("quality.min_steady_trials")), wanted):
        return QualityIssue(f"few_{noun}s", "warn", f"Only {n} {noun}{'s' if n > 1 else ''} found; one {noun} can be "
                            "unusual.", f"Film {wanted} {noun}s for a steadier verdict.", float(n),
                            trials.recommended_key)
    return None


Check = Callable[[dict[str, float], Thresholds, TrialRule], QualityIssue | None]
GATE: tuple[Check, ...] = (
    FirstOf((Limit("too_short", "refuse", "duration_s", "below", "quality.min_duration_s",
                   "The clip lasts {value:.1f} s, too short for {trial}.",
                   "Film the whole movement, with a second of standing before and after."),)),
    FirstOf((Limit("sideways", "refuse", "upright_share", "below", "quality.min_upright_share",
                   "The person appears sideways or upside down in the picture.",
                   "Film upright; if the phone was turned, the video may have lost its rotation setting."),)),
    FirstOf((Limit("cut_off", "refuse", "out_of_frame_share", "above", "quality.max_out_of_frame_share",
                   "Knees or feet leave the picture in {value:.0%} of the frames.",
                   "Step back so the whole body, feet included, stays in the frame."),
             Limit("cut_off", "warn", "out_of_frame_share", "above", "quality.max_out_of_frame_warn_share",
                   "Knees or feet touch the picture's edge in some frames.", "Leave space below the feet."))),
    FirstOf((Limit("side_view", "refuse", "width_ratio", "below", "quality.min_width_ratio",
                   "The person is seen from the side or far from square, so inward knee movement cannot be seen.",
                   REFILM_SQUARE),)),
    FirstOf((Limit("not_square", "refuse", "hip_yaw_deg", "above", "quality.max_yaw_deg",
                   "The camera looks at the person about {value:.0f} deg off the front; at that angle a healthy "
                   "knee can look as if it caves in.", REFILM_SQUARE),
             Limit("not_square", "warn", "hip_yaw_deg", "above", "quality.max_yaw_warn_deg",
                   "The camera is about {value:.0f} deg off square.", REFILM_SQUARE))),
    FirstOf((Limit("too_small", "refuse", "person_height", "below", "quality.min_person_height",
                   "The person fills only {value:.0%} of the frame height.",
                   "Move the camera closer so the body fills most of the frame.",
                   "quality.person_height_refuse_factor"),
             Limit("too_small", "warn", "person_height", "below", "quality.min_person_height",
                   "The person fills only {value:.0%} of the frame height.", "Move the camera closer."))),
    FirstOf((Limit("poorly_seen", "refuse", "lower_visibility", "below", "signals.min_visibility",
                   "Hips, knees and feet are poorly seen (dark, covered or blocked).",
                   "Film in good light with nothing in front of the legs; wear fitted clothing."),
             Limit("poorly_seen", "warn", "lower_visibility", "below", "quality.min_lower_visibility",
                   "Hips, knees or feet are only partly visible.",
                   "Film in good light with nothing in front of the legs."))),
    FirstOf((Limit("lost_track", "refuse", "invalid_share_in_reps", "above", "quality.max_invalid_share",
                   "The tracker lost the person or swapped legs in {value:.0%} of the frames of the reps.",
                   "Film one person alone, whole body in frame, in good light."),)),
    second_person,
    FirstOf((Limit("second_person", "warn", "identity_jump_frames", "above", "quality.max_identity_jump_frames",
                   "Someone else in the picture drew the tracker away for {value:.0f} frames; those frames were "
                   "not measured.", NOBODY_ELSE),)),
    FirstOf((Limit("noisy_tracking", "refuse", "knee_jitter", "above", "quality.max_jitter",
                   "The knee landmarks jitter too much to measure small shifts.",
                   "Film in good light, hold the camera still (a tripod), avoid busy backgrounds."),
             Limit("noisy_tracking", "warn", "knee_jitter", "above", "quality.max_jitter",
                   "The knee landmarks are somewhat jittery.", "Film in good light with the camera on a stand.",
                   "quality.jitter_warn_factor"))),
    trial_count,
)


def assess_capture(stats: dict[str, float], th: Thresholds, trials: TrialRule = SQUAT_TRIALS) -> CaptureQuality:
    """Judge the capture statistics against the quality thresholds: every check of ``GATE`` in order."""
    return CaptureQuality(stats, [i for check in GATE if (i := check(stats, th, trials)) is not None])
