"""
Operations Command Center - MikroTik Integration

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Switch ports of a MikroTik (CRS / RouterOS) over the RouterOS
    API with librouteros (TCP 8728, or API-SSL on 8729): /interface/print for
    link, admin state, comment and byte counters, /interface/ethernet/print
    for which interfaces are ports and their configured speed,
    /interface/ethernet/monitor once for the negotiated rate, and
    /system/resource board-name for the model. One connection is kept
    between polls and rebuilt after it is lost. Rates are bits/s from two
    samples kept in ``memory`` (reference/device-protocols.md A.2, B.3). A
    ``!trap`` saying "invalid user name or password" is an auth error
    wherever it comes (verified.md 4).

CHANGELOG:
- 1.1.0 (2026-12-01): a login refusal is matched on its text, with or without "(6)", in any trap
- 1.0.0 (2026-11-26): Initial implementation
"""

import functools
import ssl
import threading

import librouteros
from librouteros.exceptions import ConnectionClosed, FatalError, LibRouterosError, MultiTrapError, TrapError
from librouteros.query import Key

from ..base import (
    AuthFailed,
    BadResponse,
    ConfigError,
    Field,
    Integration,
    IntegrationError,
    SourceData,
    Switch,
    Timeout,
    Unreachable,
    register,
)
from ..kit import netpolicy
from ..kit.rates import sample_rates
from . import parse

INTERFACE_KEYS = ("name", "type", "running", "disabled", "comment", "rx-byte", "tx-byte")
ETHERNET_KEYS = ("name", "default-name", "speed", "auto-negotiation")
# A kept connection found dead (router rebooted, idle session closed) is rebuilt at once, in the same poll.
LOST = (ConnectionClosed, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)
# RouterOS >= 6.43 refuses a login with "invalid user name or password (6)" and no category. Matched as a
# substring, as Home Assistant's hub.py does, so a reply without "(6)" is still recognised (verified.md 4).
LOGIN_REFUSED = "invalid user name or password"


@register
class MikroTik(Integration):
    """MikroTik RouterOS switch over the RouterOS API (librouteros)."""

    type_name = "mikrotik"
    label = "MikroTik (RouterOS API)"
    ttl_class = "config"
    FEEDS = ("switches",)
    fields = (
        Field("host", "str", required=True, help="Switch address or name, e.g. crs.example.lan."),
        Field("port", "int", default=None, min=1, max=65535, help="API port: 8728 plain (default), 8729 with use_ssl."),
        Field("use_ssl", "bool", default=False, help="Use API-SSL (service api-ssl, TCP 8729)."),
        Field("verify_tls", "bool", default=True,
              help="Verify the API-SSL certificate. false also allows RouterOS' certificate-less anonymous DH."),
        Field("ca_bundle", "str", default="", help="CA bundle (PEM) that signs the router's API-SSL certificate."),
        Field("username", "str", required=True, help="RouterOS user of a group with the read and api policies."),
        Field("password", "str", secret=True, default="", help="That user's password."),
        Field("timeout", "float", default=5.0, min=0.1, max=300, help="Connect and read timeout in seconds."),
        Field("model", "str", default="", help="Model shown on the page; empty reads /system/resource board-name."),
        Field("encoding", "str", default="utf-8",
              help="Text encoding of names and comments (librouteros defaults to ASCII, dropping other characters)."),
    )

    def __init__(self, name, settings):
        """Build an instance.

        Args:
            name: Instance name.
            settings: Settings dict (host, username, password, ...).
        """
        super().__init__(name, settings)
        self._api = None
        self._board = None
        self._stage = "connect"
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ connection
    def _address(self):
        """(host, port) from the settings."""
        host = str(self.setting("host") or "").strip()
        if not host:
            raise ConfigError("host is required")
        use_ssl = bool(self.setting("use_ssl"))
        return host, int(self.setting("port") or (8729 if use_ssl else 8728))

    def _tls_context(self):
        """The client TLS context for API-SSL."""
        try:
            ctx = ssl.create_default_context(cafile=self.setting("ca_bundle") or None)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"cannot load ca_bundle {self.setting('ca_bundle')}: {exc}") from None
        if not self.setting("verify_tls"):
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            # RouterOS api-ssl without a certificate offers anonymous DH only.
            ctx.set_ciphers("DEFAULT:ADH:@SECLEVEL=0")
        return ctx

    def _connect(self):
        """Open and log in a new API connection."""
        host, port = self._address()
        netpolicy.check_host(host, port)
        kwargs = {"port": port, "timeout": float(self.setting("timeout")), "encoding": self.setting("encoding")}
        if self.setting("use_ssl"):
            kwargs["ssl_wrapper"] = functools.partial(self._tls_context().wrap_socket, server_hostname=host)
        self._stage = "login"
        api = librouteros.connect(host, str(self.setting("username") or ""), str(self.setting("password") or ""),
                                  **kwargs)
        self._board = None
        return api

    def _drop(self):
        """Forget (and close) the current connection."""
        api, self._api = self._api, None
        if api is not None:
            try:
                api.close()
            except (OSError, LibRouterosError):
                pass

    def close(self):
        """Close the kept API connection.

        Returns:
            None
        """
        self._drop()

    # ------------------------------------------------------------------ polling
    def _print(self, path, keys):
        """One print command with a property list."""
        self._stage = "/" + "/".join(path) + "/print"
        return list(self._api.path(*path).select(*(Key(k) for k in keys)))

    def _poll(self):
        """Every command of one poll on the kept (or a new) connection."""
        if self._api is None:
            self._api = self._connect()
        interfaces = self._print(("interface",), INTERFACE_KEYS)
        ethernet = self._print(("interface", "ethernet"), ETHERNET_KEYS)
        ports = parse.port_rows(interfaces, ethernet)
        running = [str(r["name"]) for r in ports if parse.to_bool(r.get("running"))]
        monitor = []
        if running:
            self._stage = "/interface/ethernet/monitor"
            try:
                monitor = list(self._api.path("interface", "ethernet")("monitor", numbers=",".join(running), once=""))
            except TrapError:
                monitor = []  # configured speeds still apply; a poll without rates is better than none
        if not self.setting("model") and self._board is None:
            rows = self._print(("system", "resource"), ("board-name",))
            self._board = str((rows[0] if rows else {}).get("board-name") or "")
        return ports, ethernet, monitor

    def fetch(self):
        """Read the port table and compute rates against the previous sample.

        Returns:
            SourceData: One switch.

        Raises:
            IntegrationError: On any failure.
        """
        with self._lock:
            for attempt in (1, 2):
                reused = self._api is not None
                try:
                    ports, ethernet, monitor = self._poll()
                    break
                except LOST as exc:
                    self._drop()
                    if not reused or attempt == 2:
                        raise self._translate(exc) from None
                except Exception as exc:  # noqa: BLE001 - every failure leaves the session unusable
                    self._drop()
                    raise self._translate(exc) from None
            now = float(self.clock())
        port_rates, self.memory["counters"] = sample_rates(self.memory.get("counters"), parse.counters_of(ports), now)
        table = parse.build_ports(ports, ethernet, monitor, port_rates)
        model = str(self.setting("model") or self._board or "RouterOS")
        switch = Switch(self.name, self.name, "MikroTik", model, len(table), sum(p.oper == "up" for p in table), table)
        return SourceData(switches=[switch])

    def _translate(self, exc):
        """One librouteros / socket failure as the integration error it is."""
        if isinstance(exc, IntegrationError):
            return exc
        host, port = self._address()
        where, stage = f"{host}:{port}", self._stage
        timeout = float(self.setting("timeout"))
        if isinstance(exc, TrapError | MultiTrapError) and LOGIN_REFUSED in str(exc).lower():
            return AuthFailed(f"{where} refused the login of '{self.setting('username')}': {str(exc)[:200]} "
                              "(check username and password)")
        if isinstance(exc, TrapError):
            if stage == "login":
                return AuthFailed(f"login to {where} rejected: {exc.message}")
            if "permission" in str(exc.message).lower():
                return AuthFailed(f"{stage} on {where} refused: {exc.message} (needs read and api policies)")
            return BadResponse(f"{stage} on {where} failed: {exc.message}")
        if isinstance(exc, MultiTrapError):
            return BadResponse(f"{stage} on {where} failed: {exc}")
        if isinstance(exc, FatalError):
            return BadResponse(f"{where} closed the session during {stage}: {exc}")
        if isinstance(exc, LOST):
            return Unreachable(f"{where} closed the connection during {stage}")
        if isinstance(exc, TimeoutError):
            return Timeout(f"no answer from {where} during {stage} within {timeout:g} s")
        if isinstance(exc, ssl.SSLCertVerificationError):
            return Unreachable(f"TLS verification failed for {where} ({exc.verify_message})")
        if isinstance(exc, ssl.SSLError):
            return Unreachable(f"TLS handshake with {where} failed ({exc.reason or exc.__class__.__name__})")
        if isinstance(exc, ConnectionRefusedError):
            return Unreachable(f"connection to {where} refused (is the api service enabled?)")
        if isinstance(exc, OSError):
            return Unreachable(f"cannot connect to {where} ({exc.strerror or exc.__class__.__name__})")
        if isinstance(exc, UnicodeError) and stage == "login":
            return ConfigError(f"username or password not representable in {self.setting('encoding')}")
        # ProtocolError, bad length bytes, words without '=', wrong types: the reply is garbled.
        return BadResponse(f"garbled reply from {where} during {stage} ({exc.__class__.__name__})")
