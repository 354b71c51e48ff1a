"""
Operations Command Center - Access

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one question the module asks its host about a user: may this
    user act? The host answers with the callable ``OPS_CENTER_CAN_CONTROL(user)``
    or a ``can_control`` attribute on its users; with neither, users are viewers
    (the module fails closed). Routes and the action service both ask here.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (moved out of routes/common.py)
"""

from flask import current_app, has_request_context
from flask_login import current_user


def can_control(user=None):
    """Whether a user may act (switch outlets, acknowledge alerts, edit systems).

    Args:
        user: A Flask-Login user; defaults to ``current_user``.

    Returns:
        bool: True when logged in and the host grants control.
    """
    user = user if user is not None else current_user
    if user is None or not user.is_authenticated:
        return False
    decide = current_app.config.get("OPS_CENTER_CAN_CONTROL")
    if decide is not None:
        return bool(decide(user))
    answer = getattr(user, "can_control", False)
    return bool(answer() if callable(answer) else answer)


def may(role):
    """Whether whoever acts now holds a role: a web user, or the CLI (the machine's operator).

    Args:
        role: ``viewer`` or ``operator``.

    Returns:
        bool: True when allowed.
    """
    if not has_request_context():
        return True  # the CLI runs with the server's files and key: it is the operator
    if role == "viewer":
        return bool(current_user and current_user.is_authenticated)
    return can_control()
