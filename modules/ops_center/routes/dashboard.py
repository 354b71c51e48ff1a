"""
Operations Command Center - Dashboard Page

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The /ops page (skeleton filled by dashboard.js from the API)
    and the locally served jQuery (no CDN).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import xstatic.pkg.jquery as xjquery
from flask import current_app, render_template, send_from_directory
from flask_login import login_required

from .. import bp
from .common import can_control

JQUERY_DIR = xjquery.BASE_DIR

@bp.route("/")
@login_required
def dashboard():
    """Render the dashboard skeleton.

    Returns:
        str: HTML.
    """
    return render_template("ops_center/dashboard.html",
                           refresh_seconds=current_app.config.get("OPS_CENTER_REFRESH_SECONDS", 30),
                           can_control=can_control())

@bp.route("/vendor/jquery.min.js")
def jquery():
    """Serve jQuery from the XStatic-jQuery package.

    Returns:
        Response: The minified script.
    """
    return send_from_directory(JQUERY_DIR, "jquery.min.js", max_age=86400)
