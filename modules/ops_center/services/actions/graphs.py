"""
Operations Command Center - Graph Proxy

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Fetches a LibreNMS graph image for a WAN on the server (the API
    token never reaches the browser) and caches it in ``ops_cache`` with the
    status TTL, so many viewers cost one upstream call per TTL.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-02): Graph images through cache_items
"""

import base64

from flask import current_app

from ...integrations.base import IntegrationError, scrub
from ..errors import Invalid, NotFound, UpstreamFailed
from ..polling import cache_items
from ..polling.aggregator import get_aggregator
from ..polling.instances import load_instances
from ..polling.metrics import RANGES
from .registry import declared


def wan_graph(instance_name, wan, range_name):
    """The LibreNMS traffic graph of a WAN's mapped port.

    Args:
        instance_name: A ``librenms`` instance name.
        wan: WAN name.
        range_name: 1h, 24h, 7d or 30d.

    Returns:
        tuple: (image bytes, content type).

    Raises:
        Invalid: A bad range. NotFound: an unknown instance or WAN.
        UpstreamFailed: LibreNMS failed (message scrubbed of secrets).
    """
    if range_name not in RANGES:
        raise Invalid(f"range must be one of {', '.join(RANGES)}", field="range")
    inst = next((i for i in load_instances() if i.name == instance_name and not i.error), None)
    action = declared(inst, "graph") if inst is not None else None
    if action is None:
        raise NotFound(f"no LibreNMS source named '{str(instance_name)[:60]}'")
    if wan not in (inst.settings.get("wan_ports") or {}):
        raise NotFound(f"WAN '{str(wan)[:40]}' has no LibreNMS port on {instance_name}")
    key = f"graph:{instance_name}:{wan}:{range_name}"
    cached = cache_items.get_item(key)
    if isinstance(cached, dict) and "b64" in cached:
        return base64.b64decode(cached["b64"]), cached["type"]
    integration = get_aggregator(current_app).integration(inst)
    try:
        image, kind = getattr(integration, action.method)(wan, RANGES[range_name][0])
    except IntegrationError as exc:
        raise UpstreamFailed(f"LibreNMS graph failed: {exc.kind}: {scrub(exc, integration.secret_values())}") \
            from None
    cache_items.put_item(key, inst.type, "graph", {"b64": base64.b64encode(image).decode("ascii"), "type": kind},
                         int(current_app.config["OPS_CENTER_TTL_STATUS"]))
    return image, kind
