"""
Operations Command Center - Settings Schema

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Everything derived from an integration type's one ``fields``
    declaration: validation and coercion of settings, masking of secrets,
    the form description sent to the settings page, and the README table.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-02): ``site``, a common setting of every type (the page groups PDUs and switches by it)
"""

import os
import re
from urllib.parse import urlsplit

from ...integrations.base import MASK, Field, get_integration_class
from ...integrations.kit import netpolicy
from ...integrations.kit.errors import ConfigError
from ...integrations.kit.values import FieldError, coerce
from ..errors import Invalid

NAME_RE = re.compile(r"\A[a-z0-9][a-z0-9_.-]{0,62}\Z")
ENDPOINT_FIELDS = ("url", "host", "port", "db_path")  # where a system's secrets are sent
# Accepted by every type: ``ttl`` overrides the cache class (seconds); ``site`` names where the device stands
# ("rack A", "colo"), for the page's grouping of big labs.
COMMON_FIELDS = {"ttl", "site"}
SITE_FIELD = Field("site", "str", max_len=60, help="Where it stands (rack A, colo, branch): the page groups by it")


class ValidationError(Invalid):
    """A setting is missing or has the wrong shape (400, naming the field).

    Args:
        field: The field name (or "name"/"type").
        message: What is wrong.
    """

    def __init__(self, field, message):
        super().__init__(f"field '{field}' {message}", field=field)


def validate_name(name):
    """Check an instance name.

    Args:
        name: The proposed name.

    Returns:
        str: The name.

    Raises:
        ValidationError: When it is not lower-case letters, digits, dot, dash or underscore.
    """
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ValidationError("name", "must be 1-63 lower-case letters, digits, '.', '-' or '_' (e.g. zyxel-1)")
    return name


def _coerce(fld, value):
    """Coerce one value to its field's kind (the one parser in ``integrations/values.py``)."""
    try:
        return coerce(fld, value)
    except FieldError as exc:
        raise ValidationError(exc.field, exc.reason) from None


def validate(type_name, raw, existing=None):
    """Validate and coerce settings for a type.

    Args:
        type_name: Registered type name.
        raw: Settings as given (TOML table, form JSON).
        existing: The stored settings when updating; a secret given as the
            mask, empty or absent keeps its stored value.

    Returns:
        dict: Clean settings (defaults not filled in: the integration applies them).

    Raises:
        ValidationError: On an unknown field, a missing required field, a bad value.
    """
    cls = get_integration_class(type_name)
    fields = {f.name: f for f in cls.fields}
    existing = existing or {}
    unknown = sorted(set(raw) - set(fields) - COMMON_FIELDS)
    if unknown:
        raise ValidationError(unknown[0], f"is unknown for type '{type_name}' (known: {', '.join(fields)})")
    clean = {}
    if raw.get("ttl") not in (None, ""):
        clean["ttl"] = _coerce(Field("ttl", "int", min=5, max=86400), raw["ttl"])
    site = raw.get("site")
    if site not in (None, "") and str(site).strip():
        clean["site"] = " ".join(_coerce(SITE_FIELD, site).split())
    moved = bool(existing) and any(raw.get(k) not in (None, "") and str(raw.get(k)).strip() != str(existing.get(k))
                                   for k in ENDPOINT_FIELDS if k in fields)
    for name, fld in fields.items():
        value = raw.get(name)
        if fld.secret and (value in (None, "", MASK)):
            if moved and existing.get(name):
                raise ValidationError(name, "must be typed again: the address changed, and a stored secret is "
                                            "never sent to a new address")
            value = existing.get(name)
        if value is None or value == "" or value == [] or value == {}:
            if fld.required:
                raise ValidationError(name, "is required")
            continue
        value = _coerce(fld, value)
        if fld.choices and value not in fld.choices:
            raise ValidationError(name, f"must be one of {', '.join(map(str, fld.choices))}")
        clean[name] = value
    try:
        cls.check_settings(clean)
    except FieldError as exc:
        raise ValidationError(exc.field, exc.reason) from None
    _check_reach(clean)
    return clean


def _check_reach(clean):
    """Addresses and files the network policy refuses are refused at save and test too."""
    for name in ("host", "url"):
        if clean.get(name):
            host = clean[name] if name == "host" else urlsplit(clean[name]).hostname
            try:
                netpolicy.check_literal(host)
            except ConfigError as exc:
                raise ValidationError(name, f"names {exc}") from None
    if clean.get("ca_bundle") and clean.get("verify_tls", True) and not os.path.isfile(clean["ca_bundle"]):
        raise ValidationError("ca_bundle", "is not a readable file on this server")
    if clean.get("db_path"):
        try:
            netpolicy.check_file(clean["db_path"])
        except ConfigError as exc:
            raise ValidationError("db_path", str(exc).split(" ", 1)[1]) from None


def endpoint_of(type_name, settings):
    """Where a system's requests go (for audit rows), never a secret.

    Args:
        type_name: Registered type name.
        settings: Settings dict.

    Returns:
        str: ``url`` / ``host port`` / ``db_path`` text, or "".
    """
    return " ".join(str(settings[k]) for k in ENDPOINT_FIELDS if settings.get(k) not in (None, ""))[:200]


def mask(type_name, settings):
    """Settings with every secret replaced by the mask.

    Args:
        type_name: Registered type name.
        settings: Settings dict.

    Returns:
        dict: A copy safe to print or send to a browser.
    """
    try:
        secrets = {f.name for f in get_integration_class(type_name).fields if f.secret}
    except Exception:  # noqa: BLE001 - an unknown type: mask everything rather than leak
        return {k: MASK for k in settings}
    return {k: (MASK if k in secrets and v not in (None, "") else v) for k, v in settings.items()}
