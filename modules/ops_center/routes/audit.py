"""
Operations Command Center - Audit Routes

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``/ops/audit`` (the append-only control log, newest first) and
    ``GET /ops/api/audit?since=ISO&limit=N``. Read-only: no route changes or
    deletes an audit row.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime

from flask import jsonify, render_template, request
from flask_login import login_required

from .. import bp
from ..services import audit
from .common import api_login_required, json_error


def parse_since(text):
    """Parse an ISO-8601 time (naive means UTC).

    Args:
        text: The parameter or None.

    Returns:
        datetime | None: Aware UTC time.

    Raises:
        ValueError: When the text is not ISO-8601.
    """
    if not text:
        return None
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _query():
    """Read ``since`` and ``limit`` or raise ValueError."""
    limit = int(request.args.get("limit", 200))
    if not 1 <= limit <= 1000:
        raise ValueError("limit must be 1-1000")
    return parse_since(request.args.get("since")), limit


@bp.route("/audit")
@login_required
def audit_page():
    """Render the audit log page.

    Returns:
        str: HTML.
    """
    try:
        since, limit = _query()
    except ValueError:
        since, limit = None, 200
    return render_template("ops_center/audit.html", rows=audit.recent(since, limit))


@bp.route("/api/audit")
@api_login_required
def audit_api():
    """The audit rows as JSON, newest first.

    Returns:
        Response: ``{"rows": [...]}``.
    """
    try:
        since, limit = _query()
    except ValueError as exc:
        return json_error(400, f"bad query: {exc}")
    return jsonify({"rows": audit.recent(since, limit)})
