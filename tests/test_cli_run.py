"""``groundup.cli.run``: the one place where a failure becomes one line and an exit code."""

from __future__ import annotations

import signal
import warnings

import numpy as np
import pytest

from groundup.cli import main
from groundup.errors import (
    EXIT_INTERNAL,
    BadVideoError,
    ConfigError,
    GroundupError,
    Interrupted,
    NotAssessableError,
    OutputError,
    UsageError,
)
from groundup.quiet import hide_numeric_warnings


def run_with(monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> int:
    """Run the entry point with a command that raises ``failure``; returns the exit code."""
    def command(**kwargs: object) -> None:  # called as app(standalone_mode=False)
        raise failure

    monkeypatch.setattr(main, "app", command)
    monkeypatch.setattr(main, "_silence_native_logs", lambda: None)  # keep pytest's own standard error
    monkeypatch.setattr(main, "hide_numeric_warnings", lambda: None)
    monkeypatch.setattr(main.signal, "signal", lambda *args: None)  # leave pytest's signal handlers alone
    with pytest.raises(SystemExit) as exit_info:
        main.run()
    return int(exit_info.value.code or 0)


@pytest.mark.parametrize("failure,code", [
    (UsageError("Give --reps or --seconds, not both."), 2),
    (ConfigError("No config file at 'x.toml'."), 2),
    (BadVideoError("'a.mp4' is empty (0 bytes)."), 3),
    (NotAssessableError("No person was found in 'a.mp4'."), 4),
    (OutputError("Cannot write to 'out'."), 5),
])
def test_user_errors_are_one_line_with_their_exit_code(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str],
                                                       failure: GroundupError, code: int) -> None:
    monkeypatch.delenv("GROUNDUP_DEBUG", raising=False)
    assert run_with(monkeypatch, failure) == code
    assert capsys.readouterr().err == f"error: {failure}\n"


def test_brackets_in_a_message_are_printed_as_they_are(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run_with(monkeypatch, BadVideoError("No file at 'clips/[red]/a.mp4'.")) == 3
    assert capsys.readouterr().err == "error: No file at 'clips/[red]/a.mp4'.\n"


@pytest.mark.parametrize("signum,code,words", [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "terminate")])
def test_a_stop_request_is_one_line_and_the_shell_code(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], signum: int, code: int,
                                                       words: str) -> None:
    assert run_with(monkeypatch, Interrupted(signum)) == code
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and words in lines[0]


def test_a_bug_is_one_line_and_exit_70_unless_debugging(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GROUNDUP_DEBUG", raising=False)
    assert run_with(monkeypatch, KeyError("knee")) == EXIT_INTERNAL
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error: KeyError") and "GROUNDUP_DEBUG=1" in lines[0]
    monkeypatch.setenv("GROUNDUP_DEBUG", "1")
    with pytest.raises(KeyError):
        run_with(monkeypatch, KeyError("knee"))


def test_a_second_signal_while_stopping_leaves_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: dict[int, object] = {}
    monkeypatch.setattr(main.signal, "signal", lambda signum, handler: installed.update({signum: handler}))
    with pytest.raises(Interrupted) as stop:
        main._stop(signal.SIGINT, None)
    assert stop.value.exit_code == 130
    assert installed == {signal.SIGINT: main._stop_now, signal.SIGTERM: main._stop_now}


def test_numpy_warnings_about_missing_values_are_hidden_and_others_kept() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hide_numeric_warnings()
        np.nanmedian(np.array([np.nan, np.nan]))
        np.nanmean(np.array([np.nan]))
        np.array([1.0, 0.0]) / np.array([0.0, 0.0])
        np.nanstd(np.array([1.0]), ddof=1)
        warnings.warn("a clip-specific warning", RuntimeWarning, stacklevel=1)
        warnings.warn("All-NaN slice encountered, said a library", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["a clip-specific warning", "All-NaN slice encountered, said a library"]
