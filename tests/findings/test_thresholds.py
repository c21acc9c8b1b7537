from pathlib import Path

import pytest

from groundup.errors import ConfigError
from groundup.findings.thresholds import load_default_thresholds, load_thresholds


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
])
def test_bad_config_is_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_thresholds(cfg)


def test_missing_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="No config file"):
        load_thresholds(tmp_path / "none.toml")
