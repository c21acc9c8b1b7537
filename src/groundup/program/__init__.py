"""The coaching loop's pure logic: catalogue, prescription, weekly progression, re-test.

No I/O beyond reading the packaged ``catalogue.toml``; storage and the CLI call into this.
"""

from groundup.program.assessment import Citation
from groundup.program.catalogue import Band, Catalogue, Dose, Exercise, ProgramRules, Track, load_catalogue
from groundup.program.errors import LogError
from groundup.program.logs import SessionResult, SetLog, check_against, check_set, felt_pain, judge_session
from groundup.program.prescribe import Prescription, ProgramEntry, prescribe, prescription_from_dict
from groundup.program.progression import LeftOut, TrackState, WeekEntry, WeekPlan, plan_week, track_state
from groundup.program.retest import FppaContext, RetestOutcome, SideChange, compare_assessments

__all__ = ["Band", "Catalogue", "Citation", "Dose", "Exercise", "FppaContext", "LeftOut", "LogError", "Prescription",
           "ProgramEntry", "ProgramRules", "RetestOutcome", "SessionResult", "SetLog", "SideChange", "Track",
           "TrackState", "WeekEntry", "WeekPlan", "check_against", "check_set", "compare_assessments",
           "felt_pain", "judge_session", "load_catalogue", "plan_week", "prescribe", "prescription_from_dict",
           "track_state"]
