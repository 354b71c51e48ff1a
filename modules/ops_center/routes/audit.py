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

from flask import jsonify, render_template, request
from flask_login import login_required

from .. import bp
from ..services import audit
from ..services.errors import Invalid
from .common import api_login_required


def _query():
    """Read ``since`` and ``limit`` or raise Invalid."""
    try:
        limit = int(request.args.get("limit", 200))
    except ValueError:
        limit = 0
    if not 1 <= limit <= 1000:
        raise Invalid("bad query: limit must be 1-1000", field="limit")
    return audit.parse_since(request.args.get("since")), limit


@bp.route("/audit")
@login_required
def audit_page():
    """Render the audit log page.

    Returns:
        str: HTML.
    """
    try:
        since, limit = _query()
    except Invalid:
        since, limit = None, 200
    return render_template("ops_center/audit.html", rows=audit.recent(since, limit))


@bp.route("/api/audit")
@api_login_required
def audit_api():
    """The audit rows as JSON, newest first.

    Returns:
        Response: ``{"rows": [...]}``.
    """
    since, limit = _query()
    return jsonify({"rows": audit.recent(since, limit)})
