"""
Operations Command Center - Clock

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one clock of the module. Every wall-clock reading (``now``,
    ``epoch``) and every monotonic reading or sleep goes through ``CLOCK``, so a
    test can move time forward (``use_clock``) instead of waiting, and nothing
    else in the module calls ``time.time()`` or ``datetime.now()``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import time
from datetime import UTC, datetime


class Clock:
    """The real clock; tests substitute an object with the same four methods."""

    def epoch(self):
        """Seconds since the Unix epoch.

        Returns:
            float: Wall-clock seconds.
        """
        return time.time()

    def now(self):
        """The current time, aware, in UTC.

        Returns:
            datetime: Now.
        """
        return datetime.fromtimestamp(self.epoch(), UTC)

    def monotonic(self):
        """Seconds on a clock that never goes back (for deadlines).

        Returns:
            float: Seconds.
        """
        return time.monotonic()

    def sleep(self, seconds):
        """Wait.

        Args:
            seconds: How long.

        Returns:
            None
        """
        time.sleep(seconds)


CLOCK = Clock()


def use_clock(clock):
    """Replace the module's clock (tests); returns the previous one.

    Args:
        clock: An object with ``epoch``, ``now``, ``monotonic`` and ``sleep``.

    Returns:
        Clock: The clock that was in use.
    """
    global CLOCK
    previous, CLOCK = CLOCK, clock
    return previous


def now():
    """The current time, aware, in UTC.

    Returns:
        datetime: Now.
    """
    return CLOCK.now()


def epoch():
    """Seconds since the Unix epoch.

    Returns:
        float: Now.
    """
    return CLOCK.epoch()


def monotonic():
    """Monotonic seconds (deadlines).

    Returns:
        float: Seconds.
    """
    return CLOCK.monotonic()


def sleep(seconds):
    """Wait on the module's clock.

    Args:
        seconds: How long.

    Returns:
        None
    """
    CLOCK.sleep(seconds)
