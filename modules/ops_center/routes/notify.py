"""
Operations Command Center - Notification Routes

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The settings page's JSON API for notification targets: list
    (URLs masked), add or update (the URL is write-only: empty or masked
    keeps the stored one), queue a test message for the watcher (nothing is
    sent inside a request), enable/disable and remove. Operator role and
    CSRF for every change; the notify service validates, commits and audits.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

from flask import jsonify

from .. import bp
from ..services.notify import manage, targets
from .common import api_login_required, json_body, operator_required


@bp.route("/api/notify")
@api_login_required
def notify_list():
    """List the notification targets, URLs masked.

    Returns:
        Response: ``{"targets": [...]}``.
    """
    return jsonify({"targets": targets.list_targets()})


@bp.route("/api/notify", methods=["POST"])
@operator_required
def notify_save():
    """Create or update a target.

    Returns:
        Response: The saved target (masked) or a 400 naming the field.
    """
    saved, created = manage.save(json_body())
    return jsonify({"target": saved, "created": created}), 201 if created else 200


@bp.route("/api/notify/<name>/test", methods=["POST"])
@operator_required
def notify_test(name):
    """Queue a test message; the watcher sends it within a cycle.

    Args:
        name: Target name.

    Returns:
        Response: ``{"name", "queued": true}``.
    """
    return jsonify(manage.test(name))


@bp.route("/api/notify/<name>/active", methods=["POST"])
@operator_required
def notify_active(name):
    """Enable or disable a target.

    Args:
        name: Target name.

    Returns:
        Response: ``{"name", "active"}``.
    """
    return jsonify(manage.set_active(name, json_body().get("active")))


@bp.route("/api/notify/<name>", methods=["DELETE"])
@operator_required
def notify_remove(name):
    """Remove a target and its unsent messages.

    Args:
        name: Target name.

    Returns:
        Response: ``{"removed": name}``.
    """
    return jsonify(manage.remove(name))
