"""Keep numpy's arithmetic warnings off the user's screen, at the program's edges only.

Joint tracks hold NaN where a joint was not seen; medians of an all-NaN stretch or a
division by a zero length are expected there and handled (the result is NaN and the
capture check says what was missing). numpy still warns about them on standard error,
which a coach would read as a fault. The command line and each worker process call
``hide_numeric_warnings`` once; library code and tests keep the default filters.
"""

from __future__ import annotations

import warnings

# The RuntimeWarning texts numpy emits for NaN-only slices and floating-point errors.
NUMPY_MESSAGES = (r"(All-NaN (slice|axis) encountered|Mean of empty slice|Degrees of freedom <= 0"
                  r"|(invalid value|divide by zero|overflow|underflow) encountered)")


def hide_numeric_warnings() -> None:
    """Ignore numpy's RuntimeWarnings about NaN slices and floating-point errors in this process."""
    warnings.filterwarnings("ignore", message=NUMPY_MESSAGES, category=RuntimeWarning)
