"""The Live page and its WebSocket (a scripted pose model: no model runs here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from starlette.websockets import WebSocketDisconnect
from webapp import Web, signed_in, web_on

from groundup.live.replay import frame_pose
from groundup.live.stream import HEADER
from groundup.pose.estimator import FramePose
from synthetic import HEIGHT, WIDTH, squat_track

URL, ORIGIN = "ws://127.0.0.1/live/ws", {"origin": "http://127.0.0.1"}
TRACK = squat_track(n_reps=2, valgus={"left": 0.35})
PICTURE = cv2.imencode(".jpg", np.full((HEIGHT, WIDTH, 3), 90, np.uint8))[1].tobytes()


class ScriptedModel:
    """Returns the synthetic squat's poses in order, whatever the picture."""

    name = "scripted"

    def __init__(self) -> None:
        self.i = 0

    def estimate(self, rgb: np.ndarray) -> FramePose | None:
        assert rgb.shape[0] <= 640  # the server shrinks large frames before the model
        pose = frame_pose(TRACK, min(self.i, len(TRACK) - 1))
        self.i += 1
        if pose is None:
            return None
        scale = rgb.shape[0] / HEIGHT
        return FramePose(pose.image_xy * scale, pose.world_xyz, pose.visibility)

    def close(self) -> None:
        pass


@pytest.fixture
def web(tmp_path: Path) -> Iterator[Web]:
    with web_on(f"sqlite:///{tmp_path / 'web.sqlite3'}", tmp_path / "data") as app:
        app.app.state.live_pose_model = ScriptedModel  # type: ignore[attr-defined]
        yield app


def frame(i: int) -> bytes:
    return HEADER.pack(float(TRACK.times_s[i])) + PICTURE


def test_the_live_page_needs_a_session_and_offers_its_own_script(web: Web) -> None:
    assert web.client().get("/live", follow_redirects=False).status_code in (303, 307)
    coach = web.coach("c@example.org")
    web.person(coach, "Ana")
    client, _ = signed_in(web, "c@example.org")
    page = client.get("/live")
    assert page.status_code == 200 and '<script src="/static/live.js">' in page.text and 'id="nav-live"' in page.text
    assert 'id="live-person"' in page.text and ">Ana</option>" in page.text
    assert client.get("/static/live.js").status_code == 200 and client.get("/static/live.css").status_code == 200


def test_the_socket_refuses_without_a_session(web: Web) -> None:
    with pytest.raises(WebSocketDisconnect) as closed, web.client().websocket_connect(URL, headers=ORIGIN) as ws:
        ws.receive_text()
    assert closed.value.code == 1008


def test_the_socket_refuses_another_sites_page(web: Web) -> None:
    web.coach("c@example.org")
    client, _ = signed_in(web, "c@example.org")
    with pytest.raises(WebSocketDisconnect) as closed, \
            client.websocket_connect(URL, headers={"origin": "http://evil.example"}) as ws:
        ws.receive_text()
    assert closed.value.code == 1008


def test_frames_come_back_with_joints_reps_and_knee_cues(web: Web, tmp_path: Path) -> None:
    web.coach("c@example.org")
    client, _ = signed_in(web, "c@example.org")
    replies = []
    with client.websocket_connect(URL, headers=ORIGIN) as ws:
        for i in range(len(TRACK)):
            ws.send_bytes(frame(i))
            replies.append(json.loads(ws.receive_text()))
    assert replies[0]["sent"] == 0.0 and replies[0]["status"] == "calibrating"
    assert len([j for j in replies[-1]["joints"] if j]) == 33
    assert replies[-1]["reps"] == 2
    assert [c for r in replies for c in r["cues"] if "knee" in c] == ["Left knee out"] * 2
    assert not list((tmp_path / "data").rglob("*.mp4"))  # frames are never stored without Record


def test_balance_streams_report_the_hold_and_unknown_movements_are_refused(web: Web) -> None:
    web.coach("c@example.org")
    client, _ = signed_in(web, "c@example.org")
    with client.websocket_connect(URL + "?movement=single-leg-balance", headers=ORIGIN) as ws:
        ws.send_bytes(frame(0))
        reply = json.loads(ws.receive_text())
    assert reply["hold"] is None and reply["hold_done"] is None and reply["status"] == "calibrating"
    with pytest.raises(WebSocketDisconnect) as closed, \
            client.websocket_connect(URL + "?movement=push-up", headers=ORIGIN) as ws:
        ws.receive_text()
    assert closed.value.code == 1008


def test_one_live_stream_per_user(web: Web) -> None:
    web.coach("c@example.org")
    client, _ = signed_in(web, "c@example.org")
    with client.websocket_connect(URL, headers=ORIGIN) as first:
        first.send_bytes(frame(0))
        first.receive_text()
        with pytest.raises(WebSocketDisconnect) as closed, \
                client.websocket_connect(URL, headers=ORIGIN) as second:
            second.receive_text()
        assert closed.value.code == 4409
    with client.websocket_connect(URL, headers=ORIGIN) as again:  # free once the first has closed
        again.send_bytes(frame(0))
        assert json.loads(again.receive_text())["status"] == "calibrating"


def test_a_message_that_is_not_a_frame_is_answered_not_fatal(web: Web) -> None:
    web.coach("c@example.org")
    client, _ = signed_in(web, "c@example.org")
    with client.websocket_connect(URL, headers=ORIGIN) as ws:
        ws.send_bytes(HEADER.pack(1.0) + b"not a jpeg")
        assert json.loads(ws.receive_text()) == {"error": "The frame is not a JPEG picture."}
        ws.send_text("hello")
        assert json.loads(ws.receive_text()) == {"error": "Unknown message."}
        ws.send_bytes(frame(0))
        assert json.loads(ws.receive_text())["status"] == "calibrating"


def test_record_sends_the_clip_to_the_normal_analysis(web: Web) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    client, _ = signed_in(web, "c@example.org")
    with client.websocket_connect(URL, headers=ORIGIN) as ws:
        ws.send_text(json.dumps({"record": True}))
        assert json.loads(ws.receive_text()) == {"recording": True}
        for i in range(45):
            ws.send_bytes(frame(i))
            assert json.loads(ws.receive_text())["recording"] is True
        ws.send_text(json.dumps({"record": False, "person": ana.id, "movement": "squat"}))
        reply = json.loads(ws.receive_text())
    assert reply["recording"] is False and reply["job"].startswith("/jobs/")
    [(job, _)] = web.queue.jobs.values()
    assert job.person_id == ana.id and job.movement == "arms-down-squat" and Path(job.video).is_file()
