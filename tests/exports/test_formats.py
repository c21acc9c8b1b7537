"""Each export read back by the rules of its format: COCO keypoints JSON, the OpenSim/Motion
Analysis TRC text and the DeepLabCut CSV as neuroinformatics-unit/movement's loader reads it
(movement itself needs newer Python and numpy than groundup's pins, so its loading steps are
mirrored here: the header-level check of its CSV validator, then the column reshaping)."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest

from groundup.exports import FORMATS, coco_json, dlc_csv, trc_text
from groundup.exports.keypoints import COCO_FROM_BLAZEPOSE, COCO_KEYPOINTS, COCO_SKELETON
from groundup.pose.landmarks import NAMES
from synthetic import squat_track


@pytest.fixture(scope="module")
def track():
    """A synthetic squat at 60 fps with three frames lost and one hardly visible knee."""
    t = squat_track(n_reps=2, fps=60.0, lost=slice(30, 33))
    t.world_xyz = np.random.default_rng(1).normal(0, 0.3, t.world_xyz.shape)
    t.world_xyz[30:33] = np.nan
    t.visibility[10, NAMES.index("left_knee")] = 0.2
    return t


def test_coco_keypoints_json_follows_the_published_format(track) -> None:
    doc = json.loads(coco_json(track, "squat"))
    assert set(doc) >= {"images", "annotations", "categories"}
    (person,) = doc["categories"]
    assert person["name"] == "person" and person["keypoints"] == list(COCO_KEYPOINTS) and len(COCO_KEYPOINTS) == 17
    assert all(1 <= a <= 17 and 1 <= b <= 17 for a, b in person["skeleton"]) and len(COCO_SKELETON) == 19
    assert len(doc["images"]) == len(track) and len({im["id"] for im in doc["images"]}) == len(track)
    images = {im["id"]: im for im in doc["images"]}
    assert len(doc["annotations"]) == len(track) - 3  # no annotation where the pose was lost
    for a in doc["annotations"]:
        assert a["category_id"] == 1 and a["iscrowd"] == 0 and a["image_id"] in images
        kp = a["keypoints"]
        assert len(kp) == 3 * 17 and set(kp[2::3]) <= {0, 1, 2}
        assert a["num_keypoints"] == sum(v > 0 for v in kp[2::3])
        x, y, w, h = a["bbox"]
        labelled = [(kp[3 * k], kp[3 * k + 1]) for k in range(17) if kp[3 * k + 2] > 0]
        assert all(x - 0.01 <= px <= x + w + 0.01 and y - 0.01 <= py <= y + h + 0.01 for px, py in labelled)
        assert a["area"] == pytest.approx(w * h, abs=0.01)
    first = doc["annotations"][0]
    frame = first["image_id"] - 1
    knee = COCO_KEYPOINTS.index("left_knee")
    assert first["keypoints"][3 * knee:3 * knee + 2] == pytest.approx(
        track.image_xy[frame, COCO_FROM_BLAZEPOSE[knee]], abs=0.01)
    hidden = next(a for a in doc["annotations"] if a["image_id"] == 11)
    assert hidden["keypoints"][3 * knee + 2] == 1  # placed by the model, hardly visible


def _read_trc(text: str) -> tuple[dict, list[str], np.ndarray, np.ndarray]:
    """A TRC file parsed the way OpenSim's reader lays it out: header keys and values on lines 2-3,
    marker names on line 4 (every third column from the third), X/Y/Z labels on line 5, then data."""
    lines = text.split("\n")
    assert lines[0].split("\t")[:3] == ["PathFileType", "4", "(X/Y/Z)"]
    header = dict(zip(lines[1].split("\t"), lines[2].split("\t")))
    names_row = lines[3].split("\t")
    assert names_row[:2] == ["Frame#", "Time"]
    markers = [names_row[2 + 3 * k] for k in range(int(header["NumMarkers"]))]
    labels = lines[4].split("\t")[2:]
    assert labels == [f"{a}{k}" for k in range(1, len(markers) + 1) for a in "XYZ"]
    rows = [ln.split("\t") for ln in lines[5:] if ln.strip()]
    frames = np.array([[int(r[0]), float(r[1])] for r in rows])
    xyz = np.array([[float(c) if c else math.nan for c in r[2:]] for r in rows]).reshape(len(rows), -1, 3)
    return header, markers, frames, xyz


def test_trc_parses_back_to_the_world_landmarks_with_y_up(track) -> None:
    header, markers, frames, xyz = _read_trc(trc_text(track, "squat"))
    assert header["Units"] == "m" and int(header["NumFrames"]) == len(track) == len(frames)
    assert float(header["DataRate"]) == pytest.approx(60.0, rel=1e-3) == float(header["CameraRate"])
    assert markers == list(NAMES) and xyz.shape == (len(track), 33, 3)
    assert list(frames[:, 0]) == list(range(1, len(track) + 1))
    assert frames[:, 1] == pytest.approx(track.times_s, abs=1e-5)
    seen = np.isfinite(track.world_xyz[:, :, 0])
    assert np.isnan(xyz[~seen]).all() and not np.isnan(xyz[seen]).any()
    expected = track.world_xyz * [1, -1, -1]
    assert np.allclose(xyz[seen], expected[seen], atol=1e-5)


def _movement_reads_dlc(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """movement's DeepLabCut CSV loading, step by step: the validator's header check (first column of
    the first four rows: scorer, bodyparts, coords, then a frame number for one individual), the
    multi-level header read, then the (frames, space, keypoints) reshape of ``from_dlc_style_df``."""
    level_names = [line.split(",")[0] for line in text.split("\n")[:4]]
    assert level_names[3].isdigit() and level_names[:3] == ["scorer", "bodyparts", "coords"]
    rows = list(csv.reader(io.StringIO(text)))
    scorer, bodyparts, coords = rows[0][1:], rows[1][1:], rows[2][1:]
    assert len(set(scorer)) == 1 and len(scorer) == len(bodyparts) == len(coords)
    keypoints = list(dict.fromkeys(bodyparts))
    coord_names = list(dict.fromkeys(coords))
    assert coord_names == ["x", "y", "likelihood"]
    index = [int(r[0]) for r in rows[3:]]
    assert index == list(range(len(index)))
    values = np.array([[float(c) if c else math.nan for c in r[1:]] for r in rows[3:]])
    tracks = values.reshape(len(index), len(keypoints), len(coord_names)).transpose(0, 2, 1)
    return keypoints, tracks[:, :2, :], tracks[:, 2, :]


def test_dlc_csv_reads_as_movement_reads_it(track) -> None:
    keypoints, position, confidence = _movement_reads_dlc(dlc_csv(track, "squat"))
    assert keypoints == list(NAMES)
    assert position.shape == (len(track), 2, 33)
    expected = track.image_xy.transpose(0, 2, 1)
    seen = np.isfinite(expected)
    assert np.isnan(position[~seen]).all()
    assert np.allclose(position[seen], expected[seen], atol=1e-3)
    lost = ~np.isfinite(track.image_xy[:, :, 0])
    assert np.isnan(confidence[lost]).all()
    assert np.allclose(confidence[~lost], track.visibility[~lost], atol=1e-4)


def test_every_format_has_a_file_ending_and_type() -> None:
    assert set(FORMATS) == {"coco", "trc", "dlc"}
    assert FORMATS["dlc"].suffix.endswith(".csv")  # movement's validator wants a .csv file
    assert FORMATS["coco"].media_type == "application/json"


def test_pycocotools_reads_the_coco_export_and_scores_it_against_itself(track, tmp_path) -> None:
    """The COCO tools' own reader and keypoint evaluation (runs where pycocotools is installed, as the
    test extra lists it): the export as ground truth and as detections scores a perfect average precision."""
    coco_api = pytest.importorskip("pycocotools.coco")
    cocoeval = pytest.importorskip("pycocotools.cocoeval")
    path = tmp_path / "squat.coco.json"
    path.write_text(coco_json(track, "squat"), encoding="utf-8")
    truth = coco_api.COCO(str(path))
    assert truth.getCatIds(catNms=["person"]) == [1] and len(truth.getImgIds()) == len(track)
    detections = [{**a, "score": 1.0} for a in json.loads(path.read_text())["annotations"]]
    evaluation = cocoeval.COCOeval(truth, truth.loadRes(detections), "keypoints")
    evaluation.evaluate()
    evaluation.accumulate()
    evaluation.summarize()
    assert evaluation.stats[0] == pytest.approx(1.0)
