import av
import numpy as np

from groundup.render.video_out import output_size, write_annotated_video
from synthetic import stick_frames


def test_output_size_even_and_bounded():
    assert output_size(1080, 1920, 720) == (404, 720)
    assert output_size(361, 641, 720) == (360, 640)
    w, h = output_size(1921, 1081, 720)
    assert max(w, h) <= 720 and w % 2 == 0 and h % 2 == 0


def test_annotated_video_decodes(tmp_path, valgus_left):
    path = tmp_path / "annotated.mp4"
    seen = []
    n = write_annotated_video(stick_frames(valgus_left), valgus_left, path, max_side=320,
                              on_frame=lambda f: seen.append(f.index))
    assert n == len(valgus_left.track) == len(seen)
    head = path.read_bytes()[:4096]
    assert head.find(b"moov") != -1 and (head.find(b"mdat") == -1 or head.find(b"moov") < head.find(b"mdat"))
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264"
        assert (s.width, s.height) == (180, 320)
        frames = list(c.decode(video=0))
    assert len(frames) == len(valgus_left.track)
    assert frames[0].format.name == "yuv420p"
    times = np.array([f.time for f in frames])
    assert np.allclose(times, valgus_left.track.times_s, atol=0.002)


def test_variable_frame_rate_timestamps(tmp_path, valgus_left):
    from groundup.video.reader import Frame

    frames = [Frame(f.index, f.time_s * (1.0 if f.index < 100 else 1.5), f.rgb)
              for f in stick_frames(valgus_left) if f.index < 200]
    path = tmp_path / "vfr.mp4"
    write_annotated_video(frames, valgus_left, path, max_side=200)
    with av.open(str(path)) as c:
        times = [f.time for f in c.decode(video=0)]
    assert np.allclose(times, [f.time_s for f in frames], atol=0.002)


def test_chunks_join_into_one_playable_video(valgus_left, tmp_path):
    import av

    from groundup.render.video_out import join_segments

    frames = list(stick_frames(valgus_left))
    half = len(frames) // 2
    segments = [tmp_path / "a.mp4", tmp_path / "b.mp4", tmp_path / "missing.mp4"]
    write_annotated_video(iter(frames[:half]), valgus_left, segments[0], max_side=320)
    write_annotated_video(iter(frames[half:]), valgus_left, segments[1], max_side=320)
    join_segments(segments, tmp_path / "joined.mp4")
    with av.open(str(tmp_path / "joined.mp4")) as c:
        times = [f.time for f in c.decode(video=0)]
    assert len(times) == len(frames)
    assert np.allclose(times, [f.time_s for f in frames], atol=0.002)
