"""2-D keypoints as COCO keypoints JSON: ``images`` (one per frame), ``annotations`` (one per frame
with a pose: 17 keypoints as x, y, visibility flag), ``categories`` (the person with its keypoint
names and skeleton), as the COCO keypoint-detection format defines them."""

from __future__ import annotations

import json

import numpy as np

from groundup import __version__
from groundup.exports.keypoints import COCO_FROM_BLAZEPOSE, COCO_KEYPOINTS, COCO_SKELETON, VISIBLE
from groundup.pose.track import PoseTrack


def keypoint_triplets(xy: np.ndarray, visibility: np.ndarray) -> tuple[list[float], int]:
    """One frame's 17 keypoints as ``[x1, y1, v1, ...]`` and how many are labelled.

    ``v`` is 2 (seen), 1 (placed by the model but hardly visible) or 0 (none, with x = y = 0).
    """
    values: list[float] = []
    labelled = 0
    for i in COCO_FROM_BLAZEPOSE:
        x, y = xy[i]
        if not (np.isfinite(x) and np.isfinite(y)):
            values += [0, 0, 0]
            continue
        labelled += 1
        values += [round(float(x), 2), round(float(y), 2), 2 if visibility[i] >= VISIBLE else 1]
    return values, labelled


def person_box(xy: np.ndarray, width: int, height: int) -> list[float]:
    """``[x, y, w, h]`` around every landmark of the frame, inside the picture."""
    found = xy[np.isfinite(xy).all(axis=1)]
    x0, y0 = np.clip(found.min(axis=0), 0, [width, height])
    x1, y1 = np.clip(found.max(axis=0), 0, [width, height])
    return [round(float(x0), 2), round(float(y0), 2), round(float(x1 - x0), 2), round(float(y1 - y0), 2)]


def coco_document(track: PoseTrack, name: str) -> dict:
    """The COCO keypoints document of a track; frames are ``images`` named ``<name>#<frame>``."""
    images: list[dict] = []
    annotations: list[dict] = []
    for i in range(len(track)):
        images.append({"id": i + 1, "file_name": f"{name}#{i:06d}", "width": track.width, "height": track.height,
                       "frame_index": i, "time_s": round(float(track.times_s[i]), 4)})
        keypoints, labelled = keypoint_triplets(track.image_xy[i], track.visibility[i])
        if labelled == 0:
            continue
        box = person_box(track.image_xy[i], track.width, track.height)
        annotations.append({"id": len(annotations) + 1, "image_id": i + 1, "category_id": 1, "iscrowd": 0,
                            "keypoints": keypoints, "num_keypoints": labelled, "bbox": box,
                            "area": round(box[2] * box[3], 2)})
    return {
        "info": {"description": f"groundup pose track of {name} (BlazePose, 17 COCO keypoints)",
                 "version": __version__},
        "images": images, "annotations": annotations,
        "categories": [{"id": 1, "name": "person", "supercategory": "person", "keypoints": list(COCO_KEYPOINTS),
                        "skeleton": [list(pair) for pair in COCO_SKELETON]}],
    }


def coco_json(track: PoseTrack, name: str) -> str:
    return json.dumps(coco_document(track, name), allow_nan=False)
