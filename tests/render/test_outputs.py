from groundup.render import write_outputs
from groundup.result import build_result
from synthetic import stick_frames, video_info


def test_write_outputs_all_files(tmp_path, valgus_left):
    r = build_result(valgus_left, video_info(valgus_left), "blazepose-full", {})
    write_outputs(tmp_path, valgus_left, r, stick_frames(valgus_left))
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"annotated.mp4", "worst_rep_left.png", "worst_rep_right.png", "measures.png", "report.html"}


def test_write_outputs_skips_stills_without_verdict(tmp_path, no_reps):
    r = build_result(no_reps, video_info(no_reps), "blazepose-full", {})
    write_outputs(tmp_path, no_reps, r, stick_frames(no_reps))
    assert {p.name for p in tmp_path.iterdir()} == {"annotated.mp4", "measures.png", "report.html"}
    assert "We could not judge your left knee" in (tmp_path / "report.html").read_text()
