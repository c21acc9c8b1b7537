"""BlazePose landmark names and indices, and the left/right pairs used by the metrics."""

from __future__ import annotations

NAMES: tuple[str, ...] = (
    "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
    "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
    "left_heel", "right_heel", "left_foot_index", "right_foot_index",
)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}
N_LANDMARKS = len(NAMES)
SIDES: tuple[str, str] = ("left", "right")
LOG_SIDES: tuple[str, str, str] = (*SIDES, "both")  # a prescribed or logged exercise: one leg or both

# Edges drawn as the skeleton.
SKELETON: tuple[tuple[str, str], ...] = (
    ("left_shoulder", "right_shoulder"), ("left_hip", "right_hip"),
    ("left_shoulder", "left_hip"), ("right_shoulder", "right_hip"),
    ("left_shoulder", "left_elbow"), ("left_elbow", "left_wrist"),
    ("right_shoulder", "right_elbow"), ("right_elbow", "right_wrist"),
    ("left_hip", "left_knee"), ("left_knee", "left_ankle"),
    ("right_hip", "right_knee"), ("right_knee", "right_ankle"),
    ("left_ankle", "left_heel"), ("left_heel", "left_foot_index"), ("left_ankle", "left_foot_index"),
    ("right_ankle", "right_heel"), ("right_heel", "right_foot_index"), ("right_ankle", "right_foot_index"),
)

LOWER_LIMB = tuple(f"{s}_{j}" for s in SIDES for j in ("hip", "knee", "ankle", "heel", "foot_index"))


def idx(side: str, joint: str) -> int:
    """Index of ``joint`` on ``side`` ('left'/'right'), e.g. ``idx('left', 'knee')``."""
    return INDEX[f"{side}_{joint}"]


def other(side: str) -> str:
    """The opposite side."""
    return "right" if side == "left" else "left"


def mirrored_index() -> list[int]:
    """Index permutation that swaps every left landmark with its right twin."""
    perm = []
    for name in NAMES:
        if name.startswith("left_"):
            perm.append(INDEX["right_" + name[5:]])
        elif name.startswith("right_"):
            perm.append(INDEX["left_" + name[6:]])
        else:
            perm.append(INDEX[name])
    return perm
