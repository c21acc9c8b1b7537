import cv2

from groundup.render.plots import runs, write_measure_plots


def test_runs():
    assert runs([False, True, True, False, True]) == [(1, 2), (4, 4)]
    assert runs([]) == []


def test_measure_plots_png(tmp_path, valgus_left, no_reps):
    for name, a in (("a.png", valgus_left), ("b.png", no_reps)):
        path = tmp_path / name
        write_measure_plots(a, path)
        img = cv2.imread(str(path))
        assert img is not None and img.shape[0] > 600 and img.shape[1] > 600
        assert path.stat().st_size > 20_000
        assert img.std() > 10
