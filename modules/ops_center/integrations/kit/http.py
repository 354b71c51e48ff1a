"""
Operations Command Center - HTTP Helper

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The one HTTP path of every REST integration: a requests
    session with connect/read timeouts, TLS verification on by default (an
    optional CA bundle, or an explicit ``verify_tls = false``), and the single
    place where transport and status failures become the integration error
    hierarchy.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import os
from urllib.parse import urljoin, urlsplit

import requests

from ..base import AuthFailed, BadResponse, ConfigError, Field, Integration, Timeout, Unreachable
from . import clock, netpolicy
from .values import CONTROL

POLICY_RECHECK_S = 60  # how often a kept client re-resolves its host against the network policy

# Fields every HTTP integration declares besides its own.
TLS_FIELDS = (
    Field("verify_tls", "bool", default=True,
          help="Verify the server's TLS certificate. false is for self-signed firewalls only and is flagged."),
    Field("ca_bundle", "str", default="", help="Path of a CA bundle (PEM) that signs the server's certificate."),
    Field("timeout", "float", default=8.0, min=0.1, max=300, help="Read timeout in seconds."),
)


class HttpClient:
    """A requests session bound to one base URL.

    Args:
        base_url: Scheme, host, port and base path, e.g. ``https://fw.lan/api``.
        timeout: Read timeout in seconds (connect timeout is min(3, timeout)).
        verify_tls: Verify certificates.
        ca_bundle: Optional CA bundle path (used when verifying).
        headers: Headers sent on every request.
        auth: A requests auth tuple or object.
    """

    def __init__(self, base_url, timeout=8.0, verify_tls=True, ca_bundle="", headers=None, auth=None):
        parts = urlsplit(str(base_url or ""))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("url must start with http:// or https:// and name a host")
        if verify_tls and ca_bundle and not os.path.isfile(str(ca_bundle)):
            raise ConfigError(f"ca_bundle {str(ca_bundle)[:120]} is not a readable file")
        for value in list((headers or {}).values()) + list(auth or ()):
            if CONTROL.search(str(value)):
                raise ConfigError("a credential contains a control character (line break, tab): type it again")
        self.base_url = str(base_url).rstrip("/")
        self.host, self.port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
        self._policy_checked = None
        self.timeout = (min(3.0, float(timeout)), float(timeout))
        self.session = requests.Session()
        self.session.trust_env = False  # never route lab traffic through a proxy from the environment
        self.session.verify = (ca_bundle or True) if verify_tls else False
        self.session.headers.update({"Accept": "application/json", "User-Agent": "ops-center/1.0"})
        self.session.headers.update(headers or {})
        self.session.auth = auth

    def request(self, method, path, **kwargs):
        """Send one request and translate every failure.

        Args:
            method: HTTP method.
            path: Path below the base URL (leading slash).
            **kwargs: Passed to ``requests.Session.request``.

        Returns:
            requests.Response: A 2xx response.

        Raises:
            Unreachable, Timeout, AuthFailed, BadResponse: As the failure is.
        """
        url = self.base_url + path
        kwargs.setdefault("timeout", self.timeout)
        # Redirects are never followed: requests would send the credentials to wherever they point.
        kwargs["allow_redirects"] = False
        if self._policy_checked is None or clock.monotonic() - self._policy_checked > POLICY_RECHECK_S:
            netpolicy.check_host(self.host, self.port)
            self._policy_checked = clock.monotonic()
        try:
            resp = self.session.request(method, url, **kwargs)
        except requests.exceptions.SSLError as exc:
            raise Unreachable(f"TLS verification failed for {self.base_url} ({_short(exc)})") from None
        except (requests.exceptions.ConnectTimeout, requests.exceptions.ReadTimeout):
            raise Timeout(f"no answer from {self.base_url} within {self.timeout[1]:g} s") from None
        except requests.exceptions.ConnectionError as exc:
            raise Unreachable(f"cannot connect to {self.base_url} ({_short(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise BadResponse(f"request to {self.base_url} failed ({_short(exc)})") from None
        if resp.is_redirect or resp.is_permanent_redirect:
            raise BadResponse(f"HTTP {resp.status_code} from {path}: redirected to {_where(resp)}; redirects are "
                              "not followed (credentials stay with the configured url): set url to the final address")
        if resp.status_code in (401, 403):
            raise AuthFailed(f"HTTP {resp.status_code} from {path}: credentials rejected ({_status(resp)})")
        if resp.status_code == 429:
            raise BadResponse(f"HTTP 429 from {path}: rate limited, retry after "
                              f"{resp.headers.get('Retry-After', '?')} s")
        if resp.status_code >= 400:
            raise BadResponse(f"HTTP {resp.status_code} from {path} ({_status(resp)})")
        return resp

    def json(self, method, path, **kwargs):
        """Send a request and decode its JSON body.

        Args:
            method: HTTP method.
            path: Path below the base URL.
            **kwargs: Passed to ``request``.

        Returns:
            object: The decoded JSON.

        Raises:
            BadResponse: When the body is not JSON.
        """
        resp = self.request(method, path, **kwargs)
        try:
            return resp.json()
        except ValueError:
            kind = resp.headers.get("Content-Type", "no content type")[:60]
            raise BadResponse(f"{path} did not return JSON ({_status(resp)}, {kind}, {len(resp.content)} bytes)") \
                from None

    def close(self):
        """Close the session's pooled connections.

        Returns:
            None
        """
        self.session.close()


def _short(exc):
    """A one-line, bounded description of a transport exception."""
    text = str(exc.__context__ or exc) if not str(exc) else str(exc)
    return text.splitlines()[0][:160] if text else exc.__class__.__name__


def _status(resp):
    """Status code and reason of a response — never its body: error texts are stored and shown to viewers."""
    return f"{resp.status_code} {str(resp.reason or '')[:40]}".strip()


def _where(resp):
    """Scheme, host and path a redirect points to (no query: it may carry tokens)."""
    target = urlsplit(urljoin(resp.url, resp.headers.get("Location", "")))
    return f"{target.scheme}://{target.netloc}{target.path}"[:160]


class HttpIntegration(Integration):
    """Base of the REST integrations: one ``HttpClient`` per instance, built on
    first use from ``url`` + ``base_path`` and the TLS fields, kept between
    polls (connection reuse) and closed with the instance.

    Subclasses set ``base_path`` and override ``http_options()`` for their auth.
    """

    base_path = ""

    def http_options(self):
        """Extra ``HttpClient`` arguments (``headers=`` or ``auth=``) for this API.

        Returns:
            dict: Keyword arguments; raise ``ConfigError`` when a credential is missing.
        """
        return {}

    def http(self):
        """The instance's HTTP client.

        Returns:
            HttpClient: Built on first use.
        """
        client = getattr(self, "_http", None)
        if client is None:
            client = self._http = HttpClient(
                str(self.setting("url") or "").rstrip("/") + self.base_path, timeout=self.setting("timeout"),
                verify_tls=self.setting("verify_tls"), ca_bundle=self.setting("ca_bundle"), **self.http_options())
        return client

    def close(self):
        """Close the HTTP session.

        Returns:
            None
        """
        client = getattr(self, "_http", None)
        if client is not None:
            client.close()
            self._http = None
