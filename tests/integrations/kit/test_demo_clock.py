"""
Operations Command Center - Demo Data Against the Clock

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The demo's "last night's outage" (WAN1, 03:00-03:04) is over
    at every time of day: a run at 03:02 once saw it still running, which
    made the demo headline degraded and its uptime bar short.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

from datetime import UTC, datetime, timedelta

import pytest

from modules.ops_center.integrations.base import get_integration_class
from modules.ops_center.integrations.kit import clock


class FixedClock(clock.Clock):
    """The real clock at a chosen wall time."""

    def __init__(self, at):
        self.at = at

    def epoch(self):
        return self.at.timestamp()


@pytest.mark.parametrize("hh_mm", ["00:10", "03:00", "03:02", "03:04", "03:05", "23:59"])
def test_last_nights_outage_has_ended_whatever_the_time(hh_mm):
    hour, minute = map(int, hh_mm.split(":"))
    at = datetime(2026, 12, 2, hour, minute, 30 if hh_mm == "03:04" else 0, tzinfo=UTC)
    previous = clock.use_clock(FixedClock(at))
    try:
        data = get_integration_class("demo_hostmon")("hostmon", {}).fetch()
    finally:
        clock.use_clock(previous)
    outage = data.outages[0]
    start, end = datetime.fromisoformat(outage.start), datetime.fromisoformat(outage.end)
    assert end <= at and at - end < timedelta(days=1), (hh_mm, outage)
    assert (start.hour, start.minute, outage.duration_s) == (3, 0, 240)
