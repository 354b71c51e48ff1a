"""
Operations Command Center - Uptime Bar Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The last-24-h bar: an outage lands in the right cells with its
    seconds, cells before the first check are "none", and the bar appears
    on the page with the demo outage in the right cell.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime, timedelta

from modules.ops_center.integrations.kit.uptime_bars import bar_cells

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_outage_lands_in_its_cells():
    outage = {"start": "2026-11-26T03:00:00+00:00", "end": "2026-11-26T03:40:00+00:00"}
    cells = bar_cells([outage], NOW, NOW - timedelta(days=3))
    assert len(cells) == 48 and cells[0]["start"] == "2026-11-25T12:00:00+00:00"
    # 03:00 is 15 h after the bar starts: cell 30 (03:00-03:30) fully down, cell 31 down 10 min.
    assert cells[30]["status"] == "down" and cells[30]["down_s"] == 1800
    assert cells[31]["status"] == "down" and cells[31]["down_s"] == 600
    assert {c["status"] for i, c in enumerate(cells) if i not in (30, 31)} == {"up"}


def test_ongoing_outage_and_no_data_before_first_check():
    ongoing = {"start": NOW - timedelta(minutes=45), "end": None}
    cells = bar_cells([ongoing], NOW, covered_from=NOW - timedelta(hours=6))
    assert [c["status"] for c in cells[:36]] == ["none"] * 36
    assert [c["status"] for c in cells[36:46]] == ["up"] * 10
    assert cells[46]["down_s"] == 900 and cells[47]["down_s"] == 1800


def test_demo_bar_on_the_api(op_client):
    snap = op_client.get("/ops/api/summary").get_json()
    wan1 = next(u for u in snap["uptime"] if u["target"] == "WAN1")
    downs = [c for c in wan1["bars"] if c["status"] == "down"]
    assert 1 <= len(downs) <= 2 and sum(c["down_s"] for c in downs) == 240  # a cell edge may split it
    assert downs[0]["start"] <= snap["outages"][0]["start"] < downs[0]["end"]


def test_hostmon_checks_become_bars():
    from modules.ops_center.integrations.kit.uptime import summarize

    now = NOW.timestamp()
    # A check a minute for 6 hours; down from 2 h ago for 20 minutes.
    checks = [(now - 60 * m, not 100 <= m < 120) for m in range(360, -1, -1)]
    outages, uptime = summarize({"wan1": checks}, now, "hostmon-1")
    bars = uptime[0].bars
    assert [o.duration_s for o in outages] == [1200]
    assert [c["status"] for c in bars[:36]] == ["none"] * 36, "no checks before 6 h ago"
    down = [i for i, c in enumerate(bars) if c["status"] == "down"]
    assert down == [44] and bars[44]["down_s"] == 1200  # 10:01-10:21 falls in the 10:00-10:30 cell
    assert all(c["status"] == "up" for i, c in enumerate(bars[36:], 36) if i not in down)
