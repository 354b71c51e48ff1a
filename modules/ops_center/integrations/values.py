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
from datetime import UTC, datetime

from .base import ConfigError


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


# --------------------------------------------------------------------------- LibreNMS
