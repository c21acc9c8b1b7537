import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from clips import clip
from groundup.errors import EXIT_USAGE, ConfigError
from groundup.thresholds import load_default_thresholds, load_thresholds, parse_default_thresholds


def test_every_threshold_has_unit_and_source() -> None:
    th = load_default_thresholds()
    assert th.version
    for key in th:
        assert th[key].unit and th[key].source, key


def test_config_overrides_value_and_records_source(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[knee.valgus_mild]\nvalue = 0.12\n")
    th = load_thresholds(cfg)
    assert th.value("knee.valgus_mild") == 0.12
    assert "c.toml" in th["knee.valgus_mild"].source
    assert th.value("knee.valgus_marked") == load_default_thresholds().value("knee.valgus_marked")


@pytest.mark.parametrize("text,message", [
    ("[knee.valgus_mild]\nvalue = 'high'\n", "must be a number"),
    ("[knee.valgus_typo]\nvalue = 1\n", "unknown threshold"),
    ("not toml [", "not valid TOML"),
    ("[knee.valgus_mild]\nvalue = nan\n", "must be a finite number"),
    ("[knee.valgus_mild]\nvalue = inf\n", "must be a finite number"),
    ("[quality.max_jitter]\nvalue = -inf\n", "must be a finite number"),
])
def test_bad_config_is_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_thresholds(cfg)


def test_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No config file"):
        load_thresholds(tmp_path / "none.toml")


def test_non_finite_value_in_the_packaged_file_is_refused() -> None:
    text = resources.files("groundup.data").joinpath("thresholds.toml").read_text(encoding="utf-8")
    assert parse_default_thresholds(text).as_dict() == load_default_thresholds().as_dict()
    broken = text.replace("[knee.valgus_mild]\nvalue = 0.15", "[knee.valgus_mild]\nvalue = nan", 1)
    assert broken != text
    with pytest.raises(ConfigError, match=r"packaged thresholds: 'knee\.valgus_mild' value must be a finite number"):
        parse_default_thresholds(broken)


def test_cli_refuses_a_non_finite_config_value_before_any_analysis(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[knee.valgus_mild]\nvalue = nan\n")
    proc = subprocess.run([sys.executable, "-m", "groundup", "assess", str(clip("ucsd_front_squat.mp4")),
                           "--movement", "arms-down-squat", "--config", str(cfg), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == EXIT_USAGE
    assert "must be a finite number" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
