"""Downloads: the report names the athlete and carries its video; no download holds a folder of the
server; the pose exports and the athlete zip."""

from __future__ import annotations

import base64
import io
import json
import zipfile

from stored import stored_screen
from webapp import Web, signed_in

from groundup.exports.pose import save_track
from synthetic import squat_track


def _no_server_path(web: Web, text: str, what: str) -> None:
    assert str(web.settings.data_dir) not in text, what
    assert str(web.settings.data_dir.resolve()) not in text, what


def test_the_downloaded_report_names_the_athlete_and_carries_its_video(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    screen = stored_screen(web, ana, small_mp4)
    client, _ = signed_in(web, "c@example.org")
    response = client.get(f"/assessments/{screen}/files/report.html")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    html = response.text
    title = html.split("<title>")[1].split("</title>")[0]
    assert title.startswith("Ana: ") and "2026-01-05" in title
    assert '<h1 id="athlete">Ana: ' in html
    source = html.split('id="annotated-video"')[1].split('src="')[1].split('"')[0]
    assert source.startswith("data:video/mp4;base64,")
    assert base64.b64decode(source.split(",", 1)[1]) == small_mp4.read_bytes()
    _no_server_path(web, html, "report.html")
    stem = next(web.settings.analyses.iterdir()).name
    assert stem not in html  # nor the stored random file name


def test_no_download_or_api_answer_holds_a_server_folder(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    screen = stored_screen(web, ana, small_mp4)
    folder = next(web.settings.analyses.iterdir())
    assert str(web.settings.data_dir) in (folder / "result.json").read_text()  # the stored file still has it
    client, _ = signed_in(web, "c@example.org")
    for name in ("result.json", "frames.csv", "report.html"):
        _no_server_path(web, client.get(f"/assessments/{screen}/files/{name}").text, name)
    doc = json.loads(client.get(f"/assessments/{screen}/files/result.json").text)
    assert doc["video"]["path"] == f"{folder.name}.mp4"
    _no_server_path(web, client.get(f"/api/assessments/{screen}").text, "API assessment")
    archive = client.get(f"/people/{ana.id}/export.zip")
    assert archive.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        names = z.namelist()
        for name in names:
            if not name.endswith((".mp4", ".png")):
                _no_server_path(web, z.read(name).decode("utf-8"), name)
        screen_dir = f"screens/2026-01-05-{screen}/"
        assert {f"{screen_dir}{n}" for n in ("result.json", "report.html", "annotated.mp4", "frames.csv",
                                             "worst_rep_left.png", "measures.png")} <= set(names)
        assert {"README.txt", "assessments.csv", "set_logs.csv", "export.json"} <= set(names)
        table = json.loads(z.read("export.json"))
        assert table["person"] == "Ana" and table["assessments"][0]["folder"] == screen_dir.rstrip("/")
        report = z.read(f"{screen_dir}report.html").decode()
        assert 'src="annotated.mp4"' in report and "<title>Ana: " in report  # plays beside its video


def test_another_coach_gets_none_of_it(web: Web, small_mp4) -> None:
    coach, _other = web.coach("c@example.org"), web.coach("o@example.org")
    ana = web.person(coach, "Ana")
    screen = stored_screen(web, ana, small_mp4)
    intruder, _ = signed_in(web, "o@example.org")
    for url in (f"/people/{ana.id}/export.zip", f"/assessments/{screen}/export/coco",
                f"/assessments/{screen}/files/report.html", f"/people/{ana.id}/compare"):
        assert intruder.get(url).status_code == 404, url


def test_pose_exports_come_from_the_kept_track(web: Web, small_mp4) -> None:
    coach = web.coach("c@example.org")
    ana = web.person(coach, "Ana")
    screen = stored_screen(web, ana, small_mp4)
    folder = next(web.settings.analyses.iterdir())
    track = squat_track(n_reps=1)
    save_track(track, folder / "pose.npz")  # as the first export leaves it (tracking is tested in tests/exports)
    client, _ = signed_in(web, "c@example.org")
    coco = client.get(f"/assessments/{screen}/export/coco")
    assert coco.status_code == 200 and "attachment" in coco.headers["content-disposition"]
    assert len(coco.json()["images"]) == len(track)
    trc = client.get(f"/assessments/{screen}/export/trc")
    assert trc.text.startswith("PathFileType\t4\t(X/Y/Z)") and f"\t{len(track)}\t33\tm\t" in trc.text
    dlc = client.get(f"/assessments/{screen}/export/dlc")
    assert dlc.text.split("\n")[2].startswith("coords,x,y,likelihood")
    assert client.get(f"/assessments/{screen}/export/bvh").status_code == 400  # not a format: refused
    for video in web.settings.uploads.iterdir():
        video.unlink()
    (folder / "pose.npz").unlink()
    gone = client.get(f"/assessments/{screen}/export/coco")
    assert gone.status_code == 404 and "no longer kept" in gone.text
