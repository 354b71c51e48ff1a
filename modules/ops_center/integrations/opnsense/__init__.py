"""
Operations Command Center - OPNsense Integration

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: OPNsense over its REST API (key + secret as HTTP Basic auth).
    Reads Suricata IPS alerts (``POST /api/ids/service/query_alerts``; a GET
    answers ``[]``), gateway status for WAN status/latency/loss
    (``GET /api/routes/gateway/status``) and WAN throughput as a rate between
    two samples of the cumulative counters of
    ``GET /api/diagnostics/traffic/interface`` (previous sample kept in
    ``memory``; the first poll and a counter reset give None). Read-only.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""


from ..base import ConfigError, Field, SourceData, Wan, register
from ..kit.http import TLS_FIELDS, HttpIntegration
from ..kit.rates import sample_rates
from ..kit.values import as_map, to_int
from .parse import find_interface, gateway_status, parse_gateways, parse_ids_alerts, parse_traffic

IDS_PATH = "/api/ids/service/query_alerts"
GATEWAY_PATH = "/api/routes/gateway/status"
TRAFFIC_PATH = "/api/diagnostics/traffic/interface"


@register
class Opnsense(HttpIntegration):
    """OPNsense: IPS alerts, gateway (WAN) status and WAN throughput."""

    type_name, label, ttl_class, FEEDS = "opnsense", "OPNsense", "critical", ("wan", "alerts:ips")
    wan_fields = {"gateway": "wan_gateways", "interface": "wan_interfaces"}  # [[wan]] keys -> map fields
    fields = (
        Field("url", "url", required=True,
              help="Base URL of the firewall's web UI, e.g. https://opnsense.example.lan (/api/... is appended)."),
        Field("api_key", required=True, secret=True,
              help="API key (the Basic-auth user) from System > Access > Users > API keys."),
        Field("api_secret", required=True, secret=True,
              help="API secret that belongs to the key (shown once, in the downloaded ini file)."),
        Field("wan_gateways", "map",
              help="WAN name -> gateway name (System > Gateways), e.g. WAN1 = \"WAN_DHCP\". Unset: every "
                   "gateway is shown under its own name."),
        Field("wan_interfaces", "map",
              help="WAN name -> interface key or description (wan, opt1, WAN) for rx/tx Mbps. Unset: no "
                   "throughput is read."),
        Field("max_alerts", "int", default=50, min=1, max=5000, help="Newest IPS (Suricata) alerts read per poll."),
        *TLS_FIELDS,
    )

    def http_options(self):
        """Basic auth with the API key and secret.

        Returns:
            dict: The auth tuple.
        """
        key, secret = self.setting("api_key"), self.setting("api_secret")
        if not key or not secret:
            raise ConfigError("api_key and api_secret are required")
        return {"auth": (str(key), str(secret))}

    def fetch(self):
        """IPS alerts, gateway status and WAN rates.

        Returns:
            SourceData: ips alerts and one WAN per mapped WAN (or per gateway).
        """
        rows = min(max(to_int(self.setting("max_alerts"), 50), 1), 1000)
        # A body-less POST with a JSON content type is refused (400 Invalid JSON syntax): always send the grid body.
        body = {"current": 1, "rowCount": rows, "sort": {}, "searchPhrase": ""}
        alerts = parse_ids_alerts(self.http().json("POST", IDS_PATH, json=body), self.name)
        gateways = parse_gateways(self.http().json("GET", GATEWAY_PATH))
        mapping = as_map(self.setting("wan_gateways"), "wan_gateways") or {g: g for g in gateways}
        wans = {}
        for wan, gateway in mapping.items():
            item = gateways.get(gateway)
            status, latency, loss = gateway_status(item) if item else ("unknown", None, None)
            wans[wan] = Wan(wan, status, latency_ms=latency, loss_pct=loss, source=self.name)
        interfaces = as_map(self.setting("wan_interfaces"), "wan_interfaces")
        if interfaces:
            for wan, (rx, tx) in self._rates(interfaces).items():
                entry = wans.setdefault(wan, Wan(wan, source=self.name))
                entry.rx_mbps, entry.tx_mbps = rx, tx
        return SourceData(wan=list(wans.values()), alerts=alerts)

    def _rates(self, interfaces):
        """rx/tx Mbps per WAN from this sample and the one kept in memory.

        Args:
            interfaces: WAN name -> interface key or description.

        Returns:
            dict: WAN name -> (rx_mbps, tx_mbps), None where no rate exists yet.
        """
        stamp, counters = parse_traffic(self.http().json("GET", TRAFFIC_PATH))
        stamp = stamp or self.clock()  # releases without "time": the poll's wall clock (kept across restarts)
        picked = {}
        for wan, wanted in interfaces.items():
            key = find_interface(counters, wanted)
            if key is None:
                known = ", ".join(f"{k} ({v['name']})" for k, v in counters.items()) or "none"
                raise ConfigError(f"wan_interfaces: {wan} -> '{wanted}' is not an interface (known: {known})")
            picked[wan] = key
        bps, self.memory["traffic"] = sample_rates(
            self.memory.get("traffic"), {k: [counters[k]["rx"], counters[k]["tx"]] for k in set(picked.values())},
            stamp)
        return {wan: tuple(None if r is None else round(r / 1e6, 3) for r in bps[key]) for wan, key in picked.items()}
