"""
Operations Command Center - System Instances

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Which system instances exist: the active rows of
    ``ops_credentials`` (decrypted in memory), a LibreNMS instance derived
    from the host's LIBRENMS_* keys when none is stored, or, with nothing
    configured, the demo instances.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select, update

from ...integrations.base import get_integration_class
from ...integrations.catalog import load_all
from ...integrations.demo import DEMO_INSTANCES
from ...models.base import session, utcnow
from ...models.credentials import OpsCredential, SecretsError
from ..keyring import decrypt_row

TTL_KEYS = {"critical": "OPS_CENTER_TTL_CRITICAL", "status": "OPS_CENTER_TTL_STATUS",
            "config": "OPS_CENTER_TTL_CONFIG"}


def ttl_for(app, instance):
    """Seconds an instance's data stays fresh.

    Args:
        app: The Flask app.
        instance: An ``Instance``.

    Returns:
        int: The instance's ``ttl`` setting, else its type's TTL class value.
    """
    override = instance.settings.get("ttl")
    if override:
        return int(override)
    return ttl_seconds(app, instance.cls)


def ttl_seconds(app, cls):
    """The configured TTL of an integration type's cache class.

    Args:
        app: The Flask app.
        cls: An integration class.

    Returns:
        int: Seconds.
    """
    return int(app.config[TTL_KEYS[cls.ttl_class]])


@dataclass
class Instance:
    """A configured copy of an integration type.

    Attributes:
        name: Unique instance name (``zyxel-1``).
        type: Registered type name.
        settings: Decrypted settings (memory only).
        demo: True for the built-in demo instances.
        error: A configuration problem that stops this instance from running.
    """

    name: str
    type: str
    settings: dict = field(default_factory=dict)
    demo: bool = False
    error: str | None = None

    @property
    def cls(self):
        """The integration class of this instance.

        Returns:
            type: An ``Integration`` subclass.
        """
        return get_integration_class(self.type)


def stored_instances(active_only=True):
    """The instances stored in ``ops_credentials``.

    Args:
        active_only: Skip disabled rows.

    Returns:
        list[Instance]: One per row; a row that cannot be decrypted carries
        the reason in ``error`` instead of its settings.
    """
    query = select(OpsCredential).order_by(OpsCredential.credential_name)
    if active_only:
        query = query.where(OpsCredential.is_active.is_(True))
    rows = session().execute(query).scalars().all()
    if not rows:
        return []
    result = []
    for row in rows:
        try:
            result.append(Instance(row.credential_name, row.integration_name, decrypt_row(current_app, row)))
        except SecretsError as exc:
            result.append(Instance(row.credential_name, row.integration_name, error=str(exc)))
    return result


def _derived_librenms(app):
    """A LibreNMS instance from the host's own LIBRENMS_* configuration.

    Args:
        app: The Flask app.

    Returns:
        Instance | None: The derived instance when both keys are set.
    """
    url, token = app.config.get("LIBRENMS_BASE_URL"), app.config.get("LIBRENMS_API_TOKEN")
    if not (url and token):
        return None
    try:
        get_integration_class("librenms")
    except Exception:  # noqa: BLE001 - the LibreNMS integration may not be installed yet
        return None
    return Instance("librenms", "librenms", {"url": url, "token": token,
                                             "ttl": app.config.get("LIBRENMS_CACHE_TTL")})


def demo_enabled(app):
    """Whether demo instances stand in when nothing is configured.

    Args:
        app: The Flask app.

    Returns:
        bool: False only when OPS_CENTER_DEMO is "off".
    """
    return str(app.config.get("OPS_CENTER_DEMO", "auto")).lower() != "off"


def load_instances():
    """Every instance the aggregator should poll.

    Returns:
        list[Instance]: Stored instances (plus a derived LibreNMS one), or the
        demo instances when nothing is configured.
    """
    app = current_app
    load_all()
    instances = stored_instances()
    if not any(i.type == "librenms" for i in instances):
        derived = _derived_librenms(app)
        if derived is not None:
            instances.append(derived)
    if instances or not demo_enabled(app):
        return instances
    if session().execute(select(OpsCredential.id).limit(1)).first() is not None:
        return []  # systems exist but all are disabled: show nothing rather than pretend with demo data
    return [Instance(name, type_name, {}, demo=True) for name, type_name in DEMO_INSTANCES]


def touch_last_used(name):
    """Record that the aggregator used a stored system now.

    Args:
        name: Instance name.

    Returns:
        None
    """
    session().execute(update(OpsCredential).where(OpsCredential.credential_name == name)
                      .values(last_used=utcnow()))
    session().commit()
