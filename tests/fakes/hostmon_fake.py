"""
Operations Command Center - Hostmon Fake

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Test stand-ins for the two Hostmon forms of
    docs/integrations/hostmon.md: ``write_db`` writes a Hostmon SQLite
    database (table of checks: target, checked_at, up, latency_ms) with a
    given history and timestamp format, ``series`` builds such a history
    with chosen down periods, and ``HostmonHttpFake`` serves the same rows
    as the HTTP JSON form (``GET /api/checks?since=`` with a Bearer token).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import sqlite3
from datetime import UTC, datetime

from modules.ops_center.integrations.kit.uptime import parse_time
from tests.fakes.http_fake import HttpFake, json_response

TS_FORMATS = ("iso", "iso_space", "unix", "unix_text")


def series(target, now, days=30, interval=300, down=()):
    """A regular check history of one target.

    Args:
        target: Target name.
        now: Epoch time the history ends at (the last check is ``interval`` before it).
        days: Days of history.
        interval: Seconds between checks.
        down: (from_s_ago, to_s_ago) pairs: checks in [now - from, now - to) fail.

    Returns:
        list[tuple]: (target, epoch, up, latency_ms) rows, oldest first.
    """
    rows = []
    count = int(days * 86400 // interval)
    for k in range(count):
        ts = now - days * 86400 + k * interval
        up = not any(now - start <= ts < now - end for start, end in down)
        rows.append((target, ts, up, 4.2 if up else None))
    return rows


def format_ts(epoch, ts_format):
    """A timestamp as Hostmon might store it.

    Args:
        epoch: Seconds since the epoch.
        ts_format: iso (``...T...Z``), iso_space (naive UTC with a space), unix (int), unix_text.

    Returns:
        object: The stored value.
    """
    moment = datetime.fromtimestamp(epoch, UTC)
    if ts_format == "iso":
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if ts_format == "iso_space":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if ts_format == "unix":
        return int(epoch)
    return str(int(epoch))


def write_db(path, rows, table="checks", ts_format="iso", columns=("target", "checked_at", "up", "latency_ms")):
    """Write a Hostmon SQLite database.

    Args:
        path: File path.
        rows: (target, epoch, up, latency_ms) rows.
        table: Table name.
        ts_format: One of ``TS_FORMATS`` for checked_at.
        columns: Column names to create (drop one to make a wrong schema).

    Returns:
        str: The path.
    """
    conn = sqlite3.connect(str(path))
    cols = ", ".join(f"{c} {'TEXT' if c == 'target' else ''}".strip() for c in columns)
    conn.execute(f'CREATE TABLE "{table}" (id INTEGER PRIMARY KEY, {cols})')
    if "target" in columns and "checked_at" in columns:
        conn.execute(f'CREATE INDEX "{table}_target_time" ON "{table}" (target, checked_at)')
    values = {"target": 0, "checked_at": 1, "up": 2, "latency_ms": 3}
    marks = ", ".join("?" for _ in columns)
    data = []
    for row in rows:
        full = (row[0], format_ts(row[1], ts_format), 1 if row[2] else 0, row[3])
        data.append(tuple(full[values[c]] if c in values else None for c in columns))
    conn.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', data)
    conn.commit()
    conn.close()
    return str(path)


class HostmonHttpFake(HttpFake):
    """Hostmon's HTTP JSON form: ``GET /api/checks?since=<ISO-8601>`` -> ``{"checks": [...]}``.

    Args:
        rows: (target, epoch, up, latency_ms) rows served.
        token: Bearer token required (None: no auth).
    """

    def __init__(self, rows=(), token=None, **kwargs):
        super().__init__(**kwargs)
        self.rows = list(rows)
        self.token = token
        self.route("GET", r"/api/checks", self._checks)

    def check_auth(self, request):
        """401 unless the Bearer token matches.

        Args:
            request: The request.

        Returns:
            tuple | None: The 401 answer or None.
        """
        if self.token is None:
            return None
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return json_response({"status": "error", "message": "Unauthenticated."}, 401)
        return None

    def _checks(self, request, _match):
        since = parse_time((request.query.get("since") or [None])[0]) or 0
        checks = [{"target": t, "checked_at": format_ts(ts, "iso"), "up": bool(up), "latency_ms": lat}
                  for t, ts, up, lat in self.rows if ts >= since]
        return json_response({"checks": checks})
