"""
Operations Command Center - Read API

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: JSON endpoints the page polls: ``GET /ops/api/summary`` (the
    whole snapshot) and one endpoint per section, all served through the
    aggregator's cache.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): History answers carry the server's ``now`` and each series its labelled ``gaps``; health
  shows the watcher
- 1.2.0 (2026-12-02): The summary carries an ETag and answers 304 to a matching If-None-Match (after the login
  check); gzip is applied by routes/http_cache.py
"""

import re

from flask import Response, jsonify, request

from .. import bp
from ..services.actions.graphs import wan_graph
from ..services.polling import history as metrics_history
from ..services.polling.merge import API_SECTIONS
from .common import api_login_required, current_snapshot, json_error
from .http_cache import snapshot_response

SERIES_RE = re.compile(r"^(wan|pdu|switch):[\w .:-]{1,120}:[a-z_]{1,20}$")


@bp.route("/api/summary")
@api_login_required
def summary():
    """Return the whole snapshot, or 304 when the client's ``If-None-Match`` still names it.

    The login check runs first (the decorator), so a 304 never tells a stranger anything.

    Returns:
        Response: JSON snapshot (DESIGN.md section 4) with ``ETag`` and ``Cache-Control: no-cache, private``;
        an empty 304 with the same headers when nothing shown changed.
    """
    return snapshot_response(current_snapshot()[1])


@bp.route("/api/<section>")
@api_login_required
def section(section):
    """Return one section of the snapshot with the source health.

    Args:
        section: A snapshot section (``API_SECTIONS``: the sections of the model, sources, incidents).

    Returns:
        Response: ``{"generated_at", "overall", "sources", <section>}``.
    """
    if section not in API_SECTIONS:
        return json_error(404, f"unknown section '{section[:40]}'; choose one of {', '.join(API_SECTIONS)}")
    snap = current_snapshot()[0]
    return jsonify({"generated_at": snap["generated_at"], "overall": snap["overall"],
                    "sources": snap["sources"], section: snap[section]})


@bp.route("/api/history")
@api_login_required
def history():
    """Points of up to 8 series over a range, gaps as null and as labelled spans.

    Query: ``series`` (comma-separated, e.g. ``wan:WAN1:rx_mbps``) and ``range``
    (1h, 24h, 7d, 30d).

    Returns:
        Response: ``{"now", "range", "series": [{"series", "range", "step_s", "points",
        "gaps": [{"start", "end", "cause": "source_down|no_data"}]}]}``.
    """
    names = [n for n in request.args.get("series", "").split(",") if n]
    range_name = request.args.get("range", "1h")
    if range_name not in metrics_history.RANGES:
        return json_error(400, f"range must be one of {', '.join(metrics_history.RANGES)}")
    if not names or len(names) > 8 or not all(SERIES_RE.match(n) for n in names):
        return json_error(400, "series must be 1-8 names like wan:WAN1:rx_mbps, pdu:pdu-1:load_amps")
    return jsonify(metrics_history.histories(names, range_name))


@bp.route("/api/librenms/<instance>/wan/<wan>/graph")
@api_login_required
def librenms_wan_graph(instance, wan):
    """Proxy LibreNMS's traffic graph of a WAN (token kept server-side).

    Args:
        instance: LibreNMS instance name.
        wan: WAN name.

    Returns:
        Response: The image, or a JSON error (404 unknown, 502 upstream failure).
    """
    image, kind = wan_graph(instance, wan, request.args.get("range", "24h"))
    return Response(image, mimetype=kind, headers={"Cache-Control": "private, max-age=60"})


@bp.route("/api/health")
def health():
    """The dashboard's own health, for an uptime monitor (no login; counts only, no names or errors).

    Returns:
        Response: ``{"overall", "sources_ok", "sources_failed", "generated_at", "watcher": {"alive",
        "last_cycle_at", "holder"}}``; 503 when every source failed.
    """
    snap = current_snapshot()[0]
    failed = sum(not s["ok"] for s in snap["sources"])
    body = {"overall": snap["overall"], "sources_ok": len(snap["sources"]) - failed, "sources_failed": failed,
            "generated_at": snap["generated_at"], "watcher": snap["watcher"]}
    return jsonify(body), 503 if snap["sources"] and failed == len(snap["sources"]) else 200
