"""
Operations Command Center - Value Parsing

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Defensive converters shared by the integrations: vendor APIs
    send numbers as strings, empty strings, "~" or nothing at all.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import math
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..base import ConfigError


def to_float(value, default=None):
    """A float from a number or a numeric string ("99.946000", " 9.1 ").

    Args:
        value: Any payload value; ``default`` is returned when it is not numeric.

    Returns:
        float | None: The number or ``default``.
    """
    try:
        number = float(str(value).strip()) if value is not None and not isinstance(value, bool) else None
    except ValueError:
        return default
    return number if number is not None and math.isfinite(number) else default


def to_int(value, default=None):
    """An int from an int, a float or a numeric string ("12", "12.0").

    Args:
        value: Any payload value; ``default`` is returned when it is not numeric.

    Returns:
        int | None: The number or ``default``.
    """
    try:
        return int(str(value).strip())
    except ValueError:
        number = to_float(value)
        return default if number is None else int(number)


def as_map(value, field="map"):
    """A map setting (a TOML table, or text ``"WAN1=323, WAN2=324"``) as a dict of strings.

    Args:
        value: The setting value; field: its name, for the error message.

    Returns:
        dict[str, str]: Name to value; empty when unset.
    """
    if isinstance(value, dict):
        return {str(k).strip(): str(v).strip() for k, v in value.items() if str(v).strip()}
    result = {}
    if not isinstance(value, str | type(None)):
        raise ConfigError(f"{field}: must be a table or NAME=VALUE text")
    for part in filter(str.strip, str(value or "").replace(";", ",").split(",")):
        key, sep, val = part.partition("=")
        if not (sep and key.strip() and val.strip()):
            raise ConfigError(f"{field}: entry '{part.strip()}' is not NAME=VALUE")
        result[key.strip()] = val.strip()
    return result


def epoch_iso(value):
    """ISO-8601 UTC text of a Unix timestamp (number or numeric string).

    Args:
        value: Seconds since the epoch.

    Returns:
        str | None: The timestamp, or None when absent or invalid.
    """
    seconds = to_float(value)
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds") if seconds and seconds > 0 else None
    except (OverflowError, OSError, ValueError):
        return None


# --------------------------------------------------------------------------- declared fields

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
INT_LIMIT = 2**31
KIND_WORDS = {"int": "an integer", "float": "a number", "bool": "true or false", "str": "text", "url": "a URL",
              "list": "a list of text", "map": "a table of NAME=VALUE"}
TRUE_WORDS, FALSE_WORDS = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


class FieldError(ConfigError):
    """A declared field got a value it cannot take.

    Args:
        field: The field name.
        message: What is wrong (the text after the field name).
    """

    kind = "config"

    def __init__(self, field, message):
        super().__init__(f"field '{field}' {message}")
        self.field, self.reason = field, message


def as_bool(value):
    """A strict boolean: a bool, 0/1, or one of true/false/yes/no/on/off.

    Args:
        value: The value.

    Returns:
        bool: The value.

    Raises:
        ValueError: For anything else ("false" is never true).
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower() if isinstance(value, str) else None
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError(value)


def coerce(fld, value):
    """Coerce one value to its declared field's kind (settings and action params alike).

    Args:
        fld: The ``Field``.
        value: The value as given (TOML, form JSON, request body).

    Returns:
        object: The coerced value.

    Raises:
        FieldError: Naming the field; a secret's value is never echoed.
    """
    value = _coerce_kind(fld, value)
    _check_limits(fld, value)
    return value


def _coerce_kind(fld, value):
    """The value in its field's kind, or FieldError."""
    try:
        if fld.kind == "bool":
            return as_bool(value)
        if fld.kind == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(str(value).strip()) if isinstance(value, str) else int(value)
        if fld.kind == "float":
            if isinstance(value, bool):
                raise ValueError(value)
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(value)
            return number
        if fld.kind == "list":
            items = value.split(",") if isinstance(value, str) else list(value)
            if any(isinstance(i, dict | list) for i in items):
                raise ValueError(value)
            return [str(i).strip() for i in items if str(i).strip()]
        if fld.kind == "map":
            if isinstance(value, dict) and any(isinstance(v, dict | list) for v in value.values()):
                raise ValueError(value)
            return as_map(value, fld.name)
        if not isinstance(value, str):
            raise ValueError(value)
        return value.strip() if fld.kind != "url" else value.strip().rstrip("/")
    except (TypeError, ValueError, OverflowError, ConfigError):
        shown = "" if fld.secret else f" {str(value)[:20]!r}"
        wanted = KIND_WORDS.get(fld.kind, fld.kind)
        raise FieldError(fld.name, f"must be {wanted}, got {type(value).__name__}{shown}") from None


def _check_limits(fld, value):
    """Ranges, lengths, control characters and URL shape of a coerced value."""
    if isinstance(value, list):
        texts = value
    elif isinstance(value, dict):
        texts = list(value) + list(value.values())
    else:
        texts = [value] if isinstance(value, str) else []
    for text in texts:
        if len(text) > fld.max_len:
            raise FieldError(fld.name, f"is too long (at most {fld.max_len} characters)")
        if CONTROL.search(text):
            raise FieldError(fld.name, "must not contain control characters (line breaks, tabs, NUL)")
    if isinstance(value, list | dict) and len(value) > 1000:
        raise FieldError(fld.name, "has too many entries (at most 1000)")
    if fld.kind == "url" and value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
            raise FieldError(fld.name, "must be an http:// or https:// URL with a host and no user:password@")
    if fld.kind in ("int", "float"):
        low = fld.min if fld.min is not None else (-INT_LIMIT if fld.kind == "int" else None)
        high = fld.max if fld.max is not None else (INT_LIMIT if fld.kind == "int" else None)
        if (low is not None and value < low) or (high is not None and value > high):
            raise FieldError(fld.name, f"must be between {low:g} and {high:g}" if low is not None and high is not None
                             else f"must be at least {low:g}" if low is not None else f"must be at most {high:g}")


def validate_fields(fields, raw):
    """Validate a dict against declared fields: unknown keys, required ones, kinds, choices.

    Args:
        fields: ``Field`` declarations.
        raw: The given values.

    Returns:
        dict: Clean values, with defaults filled in for absent optional fields.

    Raises:
        FieldError: Naming the first field at fault.
    """
    if not isinstance(raw, dict):
        raise FieldError("body", "must be a JSON object")
    known = {f.name: f for f in fields}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise FieldError(str(unknown[0])[:40], f"is unknown (known: {', '.join(known) or 'none'})")
    clean = {}
    for name, fld in known.items():
        value = raw.get(name)
        if value is None or value == "":
            if fld.required:
                raise FieldError(name, "is required")
            clean[name] = fld.default
            continue
        value = coerce(fld, value)
        if fld.choices and value not in fld.choices:
            raise FieldError(name, f"must be one of {', '.join(map(str, fld.choices))}")
        clean[name] = value
    return clean


# --------------------------------------------------------------------------- LibreNMS
