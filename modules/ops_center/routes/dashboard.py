"""
Operations Command Center - Dashboard Page

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: The /ops page (skeleton filled by the section renderers from
    the API) and the locally served jQuery (no CDN). The panels and the
    section scripts are whatever ``templates/ops_center/panels/`` and
    ``static/ops_center/js/sections/`` hold, listed here, so a new section is
    one partial plus one renderer file and no list is written twice. Every
    page of the module learns who is signed in and where the host's logout is.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Panels and section scripts listed from their folders; signed-in user and the
  host's optional logout (OPS_CENTER_LOGOUT_ENDPOINT) for every module page
- 1.2.0 (2026-12-02): Templates link assets with their content version (``asset_url``, ``jquery_url``), so the
  browser may keep them for a year
"""

from pathlib import Path

import xstatic.pkg.jquery as xjquery
from flask import current_app, render_template, send_from_directory, url_for
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from .. import bp
from .common import can_control
from .http_cache import asset_url, jquery_url

JQUERY_DIR = xjquery.BASE_DIR
PANEL_DIR = Path(bp.root_path) / bp.template_folder / "ops_center" / "panels"
SECTION_DIR = Path(bp.static_folder) / "ops_center" / "js" / "sections"
DEFAULT_LOGOUT_ENDPOINT = "host.logout"
USER_ATTRIBUTES = ("username", "name", "email")


def listing(folder, suffix):
    """The file names in a folder with one suffix, sorted (their order is the page's order).

    Args:
        folder: A ``Path``.
        suffix: File suffix such as ``.html``.

    Returns:
        list[str]: Sorted file names; hidden and ``_``-prefixed files are left out.
    """
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and p.suffix == suffix and not p.name.startswith((".", "_")))


def logout_url():
    """The host's logout URL, or None when the configured endpoint does not exist in this host.

    Returns:
        str | None: URL of the endpoint named by ``OPS_CENTER_LOGOUT_ENDPOINT`` (default ``host.logout``).
    """
    endpoint = current_app.config.get("OPS_CENTER_LOGOUT_ENDPOINT", DEFAULT_LOGOUT_ENDPOINT)
    if not endpoint or endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint)
    except BuildError:  # the endpoint needs arguments this page cannot know
        return None


def user_label():
    """A short name for the signed-in user, whatever the host's user model calls it.

    Returns:
        str | None: username, name or e-mail (else the id); None when nobody is signed in.
    """
    if not getattr(current_user, "is_authenticated", False):
        return None
    for attr in USER_ATTRIBUTES:
        value = getattr(current_user, attr, None)
        if isinstance(value, str) and value:
            return value
    return str(current_user.get_id())


@bp.context_processor
def _page_context():
    """Who is signed in, the logout URL and the versioned asset URLs, for every template of this blueprint."""
    return {"ops_user": user_label(), "logout_url": logout_url(), "asset_url": asset_url, "jquery_url": jquery_url}


@bp.route("/")
@login_required
def dashboard():
    """Render the dashboard skeleton.

    Returns:
        str: HTML.
    """
    return render_template("ops_center/dashboard.html",
                           refresh_seconds=current_app.config.get("OPS_CENTER_REFRESH_SECONDS", 30),
                           can_control=can_control(),
                           panels=listing(PANEL_DIR, ".html"),
                           section_scripts=listing(SECTION_DIR, ".js"))


@bp.route("/vendor/jquery.min.js")
def jquery():
    """Serve jQuery from the XStatic-jQuery package.

    Returns:
        Response: The minified script.
    """
    return send_from_directory(JQUERY_DIR, "jquery.min.js", max_age=86400)
