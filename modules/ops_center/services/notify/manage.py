"""
Operations Command Center - Notify Administration

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Every change to the notification targets, for the settings
    page and the CLI alike: save (the URL write-only: empty or masked keeps
    the stored one), test, enable/disable, remove and import ``[[notify]]``
    tables. Each commits its own work and writes its own audit row; no
    audit row, error or answer ever holds a URL. A test from the page is
    queued for the watcher (nothing is sent inside a request); the CLI
    sends at once and prints the result.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import tomllib

from sqlalchemy import func, select

from ...integrations.kit import clock
from ...models.base import session
from ...models.notify import OpsNotifyOutbox
from .. import audit
from ..errors import Invalid
from . import targets
from .config import check, parse_tables
from .send import send_text

TEST_TITLE = "TEST: Operations Command Center"
TEST_BODY = "A test message from the Operations Command Center: this target works."


def store_all(checked, commit=True):
    """Store checked targets (URLs encrypted), one audit row each.

    Args:
        checked: Dicts of ``config.check``.
        commit: Commit here (False: the caller's transaction).

    Returns:
        tuple: (created names, updated names).
    """
    created, updated, db = [], [], session()
    try:
        for clean in checked:
            is_new = targets.upsert(clean)[1]
            (created if is_new else updated).append(clean["name"])
            audit.record("notify.import", clean["name"], "ok", requested="created" if is_new else "updated",
                         commit=False)
        if commit:
            db.commit()
    except BaseException:
        db.rollback()
        raise
    return created, updated


def import_file(text):
    """Import the ``[[notify]]`` tables of a TOML text, all or nothing.

    Args:
        text: The file's text.

    Returns:
        tuple: (created names, updated names).
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"malformed TOML: {exc}") from None
    if not doc.get("notify"):
        raise Invalid("no [[notify]] table found")
    return store_all(parse_tables(doc["notify"]))


def save(data):
    """Create or update a target from the settings form; audited.

    Args:
        data: ``{"name", "url", "min_severity", "sources", "entities", "quiet_hours", "active"}``.

    Returns:
        tuple: (the saved target, masked; created).
    """
    name = data.get("name") if isinstance(data, dict) else None
    clean = check(data, "target", targets.stored_url(name) if isinstance(name, str) else None)
    db = session()
    try:
        created = targets.upsert(clean)[1]
        db.commit()
    except BaseException:
        db.rollback()
        raise
    audit.record("notify.create" if created else "notify.update", clean["name"], "ok",
                 requested=clean["min_severity"])
    return next(t for t in targets.list_targets() if t["name"] == clean["name"]), created


def test(name, now_send=False):
    """Send a test message to a target: queued for the watcher, or at once (the CLI); audited.

    Args:
        name: Target name.
        now_send: Send now instead of queueing (never inside a request).

    Returns:
        dict: ``{"name", "queued"}`` or ``{"name", "ok", "error"}``.
    """
    row, db = targets.row_of(name), session()
    if now_send:
        ok, error = send_text(targets.url_of(row), TEST_TITLE, TEST_BODY)
        audit.record("notify.test", name, "ok" if ok else "error", error=error)
        return {"name": name, "ok": ok, "error": error}
    seq = db.execute(select(func.max(OpsNotifyOutbox.seq)).where(OpsNotifyOutbox.incident_id == 0,
                                                                  OpsNotifyOutbox.target_id == row.id)).scalar()
    now = clock.now()
    db.add(OpsNotifyOutbox(incident_id=0, kind="test", seq=(seq or 0) + 1, target_id=row.id, state="queued",
                           severity="info", title=TEST_TITLE, body=TEST_BODY, attempts=0, next_at=now,
                           created_at=now))
    audit.record("notify.test", name, "ok", requested="queued", commit=False)
    db.commit()
    return {"name": name, "queued": True}


def set_active(name, active):
    """Enable or disable a target; audited.

    Args:
        name: Target name.
        active: True to send to it.

    Returns:
        dict: ``{"name", "active"}``.
    """
    if not isinstance(active, bool):
        raise Invalid("field 'active' must be true or false", field="active")
    targets.set_active(name, active)
    audit.record("notify.enable" if active else "notify.disable", name, "ok")
    return {"name": name, "active": active}


def remove(name):
    """Remove a target and its unsent messages; audited.

    Args:
        name: Target name.

    Returns:
        dict: ``{"removed": name}``.
    """
    targets.remove(name)
    audit.record("notify.remove", name, "ok")
    return {"removed": name}
