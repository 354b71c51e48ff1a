"""
Operations Command Center - Notify Targets

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The stored notification targets of ``ops_notify_targets``:
    upsert (the URL Fernet-encrypted, never stored or shown in plain text),
    masked listings with each target's health and queue, enable/disable,
    remove, and the decrypted URL for the sender only.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

from flask import current_app
from sqlalchemy import func, select

from ...models.base import session, utcnow
from ...models.credentials import SecretsError
from ...models.notify import OpsNotifyOutbox, OpsNotifyTarget
from ..errors import NotFound
from ..keyring import decrypt_row, get_fernet
from .config import MASK


def row_of(name):
    """The stored target of a name or NotFound.

    Args:
        name: Target name.

    Returns:
        OpsNotifyTarget: The row.
    """
    row = session().execute(select(OpsNotifyTarget).filter_by(name=name)).scalar_one_or_none()
    if row is None:
        names = session().execute(select(OpsNotifyTarget.name).order_by(OpsNotifyTarget.name)).scalars().all()
        raise NotFound(f"no notification target named '{str(name)[:60]}' (stored: {', '.join(names) or 'none'})")
    return row


def url_of(row):
    """The decrypted Apprise URL of a target (memory only; never log it).

    Args:
        row: An ``OpsNotifyTarget``.

    Returns:
        str: The URL.
    """
    return decrypt_row(current_app, row)["url"]


def stored_url(name):
    """The stored URL of a target name, or None when there is none.

    Args:
        name: Target name.

    Returns:
        str | None: The URL.
    """
    row = session().execute(select(OpsNotifyTarget).filter_by(name=name)).scalar_one_or_none()
    return url_of(row) if row is not None else None


def upsert(clean):
    """Store a checked target (create, or update by name); no commit.

    Args:
        clean: The dict of ``config.check``.

    Returns:
        tuple: (row, created).
    """
    db = session()
    row = db.execute(select(OpsNotifyTarget).filter_by(name=clean["name"])).scalar_one_or_none()
    created = row is None
    if created:
        row = OpsNotifyTarget(name=clean["name"], created_at=utcnow(), failures=0)
        db.add(row)
    row.min_severity, row.is_active = clean["min_severity"], clean["active"]
    row.sources, row.entities = ",".join(clean["sources"])[:500], ",".join(clean["entities"])[:500]
    row.quiet_hours = clean["quiet_hours"]
    row.encrypt(get_fernet(current_app), {"url": clean["url"]})
    db.flush()
    return row, created


def masked_url(row):
    """The service of a target with everything after the scheme masked.

    Args:
        row: An ``OpsNotifyTarget``.

    Returns:
        str: ``ntfys://********``, or ``********`` for a row no key opens.
    """
    try:
        scheme = url_of(row).split("://", 1)[0]
    except SecretsError:
        return MASK
    return f"{scheme[:20]}://{MASK}"


def list_targets():
    """Every target, URL masked, with its health and queue.

    Returns:
        list[dict]: name, url, min_severity, sources, entities, quiet_hours, active, failures, failing,
        last_error, last_sent_at, queued.
    """
    db = session()
    limit = int(current_app.config["OPS_CENTER_NOTIFY_FAIL_AFTER"])
    queued = dict(db.execute(select(OpsNotifyOutbox.target_id, func.count()).where(
        OpsNotifyOutbox.state.in_(("queued", "sending"))).group_by(OpsNotifyOutbox.target_id)).all())
    out = []
    for row in db.execute(select(OpsNotifyTarget).order_by(OpsNotifyTarget.name)).scalars():
        out.append({"name": row.name, "url": masked_url(row), "min_severity": row.min_severity,
                    "sources": [s for s in row.sources.split(",") if s],
                    "entities": [e for e in row.entities.split(",") if e], "quiet_hours": row.quiet_hours,
                    "active": bool(row.is_active), "failures": row.failures, "failing": row.failures >= limit,
                    "last_error": row.last_error, "queued": queued.get(row.id, 0),
                    "last_sent_at": row.last_sent_at.isoformat(timespec="seconds") if row.last_sent_at else None})
    return out


def set_active(name, active):
    """Enable or disable a target; no commit.

    Args:
        name: Target name.
        active: True to send to it.

    Returns:
        None
    """
    row_of(name).is_active = active


def remove(name):
    """Delete a target and its unsent messages; no commit.

    Args:
        name: Target name.

    Returns:
        None
    """
    db = session()
    row = row_of(name)
    for msg in db.execute(select(OpsNotifyOutbox).where(OpsNotifyOutbox.target_id == row.id,
                                                        OpsNotifyOutbox.state.in_(("queued", "sending")))).scalars():
        db.delete(msg)
    db.delete(row)
