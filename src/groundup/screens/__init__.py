"""The screens groundup can judge, one protocol module each, sharing the engine.

``SCREENS`` names each screen, what it is called for people, how to film it, and the
function (``module:function``, imported when used) that turns a ``Prepared`` track into
an ``Analysis``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from groundup.analysis import Analysis
    from groundup.pose.track import PoseTrack
    from groundup.screens.base import Prepared
    from groundup.thresholds import Thresholds


@dataclass(frozen=True)
class Screen:
    """One screen: its name on the command line, its title, filming advice and protocol."""

    name: str
    title: str
    filming: str
    protocol: str  # "module:function" taking (Prepared, movement, Thresholds) -> Analysis
    trial: str = "rep"  # what one of its trials is called ("landing", "stance phase", ...)

    def analyse_fn(self) -> Callable[[Prepared, str, Thresholds], Analysis]:
        module, func = self.protocol.split(":")
        return getattr(import_module(module), func)


SCREENS: dict[str, Screen] = {s.name: s for s in (
    Screen("overhead-squat", "Overhead squat", "From the front, feet shoulder-width, arms overhead, five slow reps.",
           "groundup.screens.squat:analyse_squat"),
    Screen("arms-down-squat", "Arms-down squat", "From the front, hands on the hips or at the sides, five slow reps.",
           "groundup.screens.squat:analyse_squat"),
    Screen("single-leg-squat", "Single-leg squat / step-down",
           "From the front, five slow single-leg squats (or step-downs from a low box) on each leg.",
           "groundup.screens.single_leg_squat:analyse", "single-leg rep"),
    Screen("drop-jump", "Drop-jump landing",
           "From the front, start filming on the box, drop off, land on both feet and jump straight up.",
           "groundup.screens.landing:analyse", "landing"),
    Screen("gait", "Walking toward the camera",
           "Camera at hip height on the line you walk; walk straight toward it for at least six steps.",
           "groundup.screens.gait:analyse", "stance phase"),
    Screen("single-leg-balance", "Single-leg balance",
           "From the front, stand on one leg for up to 20 s with the other foot clear of the floor, "
           "then the other leg.",
           "groundup.screens.balance:analyse", "hold"),
)}
MOVEMENTS: tuple[str, ...] = tuple(SCREENS)


def analyse_screen(track: PoseTrack, movement: str, th: Thresholds) -> Analysis:
    """Prepare the track and run the named screen's protocol on it."""
    from groundup.screens.base import prepare

    return SCREENS[movement].analyse_fn()(prepare(track, th), movement, th)
