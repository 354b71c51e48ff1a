"""
Operations Command Center - Hostmon Integration

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Uptime history from "Hostmon", a small ping/check monitor
    whose history lives either in a SQLite database (one table of checks:
    target, checked_at, up, optional latency_ms) opened read-only, or behind
    an HTTP JSON endpoint returning the same rows as ``{"checks": [...]}``
    (docs/integrations/hostmon.md). Only the last 30 days are read. Outages,
    24 h / 30 d uptime and WAN uptime come from uptime_calc.py.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

from ..base import BadResponse, ConfigError, Field, SourceData, Timeout, Unreachable, register
from ..kit import clock, netpolicy
from ..kit import uptime as calc
from ..kit.http import TLS_FIELDS, HttpIntegration
from ..kit.values import FieldError

REQUIRED_COLUMNS = ("target", "checked_at", "up")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# checked_at becomes epoch seconds inside SQLite (which releases the GIL while it works): numbers as they are,
# ISO-8601 text through julianday() (T or space, fractions, Z or +HH:MM, naive = UTC), digit-only text as a
# number. Anything else is NULL there and gets Python's more lenient parser.
EPOCH_SQL = (
    "CASE WHEN typeof(checked_at) IN ('integer', 'real') THEN checked_at "
    "WHEN checked_at GLOB '[0-9][0-9][0-9][0-9]-*' THEN round((julianday(checked_at) - 2440587.5) * 86400.0, 3) "
    "WHEN checked_at GLOB '[0-9]*' AND checked_at NOT GLOB '*[^0-9.]*' THEN CAST(checked_at AS REAL) END"
)
# The 30-day bound, cheap before any conversion: numbers exactly, ISO text by its date prefix (up to a day of
# slack, trimmed in Python), digit-only text as a number; other text passes (Python parses and trims it).
SINCE_SQL = (
    "CASE WHEN typeof(checked_at) IN ('integer', 'real') THEN checked_at >= :since "
    "WHEN checked_at GLOB '[0-9][0-9][0-9][0-9]-*' THEN substr(checked_at, 1, 10) >= :since_day "
    "WHEN checked_at GLOB '[0-9]*' AND checked_at NOT GLOB '*[^0-9.]*' THEN CAST(checked_at AS REAL) >= :since "
    "ELSE 1 END"
)


def rows_to_series(rows):
    """Group raw check rows by target.

    Args:
        rows: Iterable of (target, checked_at, up) with vendor-typed values.

    Returns:
        tuple[dict, int]: target -> [(epoch, up)], and the count of rows that
        could not be used (no target, unparsable time or state).
    """
    # Hundreds of thousands of rows share a few targets and two states: parse each distinct value once.
    series, names, states, bad = {}, {}, {}, 0
    parse_time = calc.parse_time
    for target, checked_at, up in rows:
        ts = checked_at if type(checked_at) is float else parse_time(checked_at)
        try:
            state = states[up]
        except KeyError:
            state = states[up] = calc.parse_up(up)
        except TypeError:  # an unhashable value cannot be a state
            state = None
        if isinstance(target, str | int):
            name = names.get(target)
            if name is None:
                name = names[target] = str(target).strip()
        else:
            name = ""  # null, a list, an object: not a target name
        if not name or ts is None or state is None:
            bad += 1
            continue
        checks = series.get(name)
        if checks is None:
            checks = series[name] = []
        checks.append((ts, state))
    return series, bad


def parse_http_payload(payload):
    """Check rows of the HTTP JSON form.

    Args:
        payload: Decoded JSON, ``{"checks": [{"target", "checked_at", "up", "latency_ms"?}]}``.

    Returns:
        list[tuple]: (target, checked_at, up) rows.

    Raises:
        BadResponse: When the payload does not have that shape.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("checks"), list):
        found = sorted(payload)[:5] if isinstance(payload, dict) else type(payload).__name__
        raise BadResponse(f"expected a JSON object with a 'checks' list, got {found}")
    rows = []
    for item in payload["checks"]:
        if isinstance(item, dict):
            rows.append((item.get("target"), item.get("checked_at"), item.get("up")))
        else:
            rows.append((None, None, None))
    return rows


@register
class Hostmon(HttpIntegration):
    """Hostmon uptime history from SQLite (read-only) or HTTP JSON."""

    type_name = "hostmon"
    label = "Hostmon (uptime history)"
    ttl_class = "status"
    FEEDS = ("uptime", "outages", "wan")
    wan_fields = {"target": "wan_map"}  # [[wan]] keys -> map fields
    fields = (
        Field("db_path", "str", default="",
              help="Path of the Hostmon SQLite database, opened read-only. Set this or url."),
        Field("table", "str", default="checks",
              help="Table of checks with columns target, checked_at (ISO-8601 UTC or unix seconds), up (1/0)."),
        Field("url", "url", default="",
              help="HTTP endpoint returning {\"checks\": [...]} (see docs); ?since=<ISO-8601 UTC> is appended."),
        Field("token", "str", secret=True, default="", help="Optional token sent as 'Authorization: Bearer'."),
        Field("wan_map", "map", default={},
              help="WAN name -> Hostmon target whose 30-day uptime the WAN shows, e.g. WAN1=wan1-gateway."),
        *TLS_FIELDS,
    )

    @classmethod
    def check_settings(cls, settings):
        """Exactly one source: the SQLite file or the HTTP endpoint.

        Args:
            settings: The validated settings.

        Returns:
            None

        Raises:
            FieldError: When neither or both are set.
        """
        if bool(settings.get("db_path")) == bool(settings.get("url")):
            raise FieldError("db_path", "or url must be set, not both and not neither")

    def fetch(self):
        """Read the last 30 days of checks and summarise them.

        Returns:
            SourceData: Outages, uptime per target, WAN uptime.

        Raises:
            IntegrationError: On any failure.
        """
        now = float(self.clock())
        if self.setting("db_path"):
            rows = self._read_sqlite(now - calc.WINDOW_30D)
        elif self.setting("url"):
            rows = self._read_http(now - calc.WINDOW_30D)
        else:
            raise ConfigError("set db_path (SQLite) or url (HTTP JSON)")
        series, bad = rows_to_series(rows)
        if bad and not series:
            raise BadResponse(f"none of {bad} check rows had a usable target, checked_at and up")
        outages, uptime = calc.summarize(series, now, self.name)
        return SourceData(outages=outages, uptime=uptime,
                          wan=calc.wan_entries(uptime, self.setting("wan_map"), self.name))

    # ------------------------------------------------------------------ SQLite
    def _read_sqlite(self, since):
        """Rows of the last 30 days from the database, read-only, bounded in time."""
        path, table = Path(netpolicy.check_file(self.setting("db_path"))), str(self.setting("table"))
        if not IDENTIFIER.match(table):
            raise ConfigError(f"table '{table[:40]}' is not a plain SQL name")
        if not path.is_file():
            raise Unreachable(f"Hostmon database not found: {path}")
        timeout = float(self.setting("timeout"))
        deadline = clock.monotonic() + timeout
        try:
            conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=timeout)
        except sqlite3.Error as exc:
            raise Unreachable(f"cannot open Hostmon database {path}: {exc}") from None
        # A huge table without an index must not hold the poller: abort the query at the deadline.
        conn.set_progress_handler(lambda: clock.monotonic() > deadline, 20000)
        try:
            columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
            if not columns:
                raise BadResponse(f"Hostmon database {path.name} has no table '{table}'")
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                # Never list what the table does have: it may be another application's database.
                raise BadResponse(f"table '{table}' lacks column(s) {', '.join(missing)} (needs "
                                  f"{', '.join(REQUIRED_COLUMNS)})")
            rows = conn.execute(f'SELECT target, {EPOCH_SQL}, up, checked_at FROM "{table}" WHERE {SINCE_SQL}',
                                {"since": since, "since_day": calc.iso(since)[:10]}).fetchall()
            return [(target, raw if ts is None else float(ts), up) for target, ts, up, raw in rows]
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text or "interrupted" in text:
                raise Timeout(f"Hostmon database {path.name} busy for more than {timeout:g} s ({text})") from None
            raise BadResponse(f"Hostmon database {path.name}: {text}") from None
        except sqlite3.DatabaseError as exc:
            raise BadResponse(f"Hostmon database {path.name} is unreadable: {exc}") from None
        finally:
            conn.close()

    # ------------------------------------------------------------------ HTTP
    def http_options(self):
        """Optional Bearer token for the HTTP form.

        Returns:
            dict: The header, or nothing without a token.
        """
        token = self.setting("token")
        return {"headers": {"Authorization": f"Bearer {token}"}} if token else {}

    def _read_http(self, since):
        """Rows from the HTTP JSON endpoint, asked for the last 30 days and filtered again here."""
        payload = self.http().json("GET", "", params={"since": calc.iso(since)})
        return parse_http_payload(payload)
