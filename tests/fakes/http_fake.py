"""
Operations Command Center - HTTP Fake Base

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: A threaded HTTP server on 127.0.0.1 (ephemeral port) that
    the per-system fakes build on: a route table, a record of every request
    received, an auth check hook, and fault modes shared by all fakes:
    ok, slow, hang, refuse, 500, malformed, truncated, unauthorized, flapping.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MODES = ("ok", "slow", "hang", "refuse", "500", "malformed", "truncated", "unauthorized", "flapping")


class Request:
    """What the fake received.

    Attributes:
        method: HTTP method.
        path: Path without query.
        query: Parsed query (dict of lists).
        headers: Header dict.
        body: Raw body bytes.
    """

    def __init__(self, method, path, query, headers, body):
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body

    def json(self):
        """Decode the body as JSON.

        Returns:
            object: The decoded body (None when empty).
        """
        return json.loads(self.body) if self.body else None


class HttpFake:
    """Base of the HTTP fakes; subclasses add routes and ``check_auth``.

    Args:
        latency: Seconds added to every answer (mode ``slow`` uses ``slow_seconds``).
    """

    unauthorized = (401, {"Content-Type": "application/json"}, b'{"message":"Unauthenticated."}')

    def __init__(self, latency=0.0):
        self.latency = latency
        self.slow_seconds = 3.0
        self.mode = "ok"
        self.requests = []
        self.routes = []
        self._flap = 0
        self._lock = threading.Lock()
        self.server = None
        self.port = None
        self._conns = set()

    # ------------------------------------------------------------------ routes
    def route(self, method, pattern, handler):
        """Register a handler for a method and a path regex.

        Args:
            method: HTTP method.
            pattern: Regex matched against the whole path.
            handler: ``fn(request, match) -> (status, headers, body)``; body
                may be bytes, str or a JSON-able object.

        Returns:
            None
        """
        self.routes.append((method, re.compile(pattern + r"\Z"), handler))

    def check_auth(self, request):
        """Return an error triple when auth fails, else None (override).

        Args:
            request: The ``Request``.

        Returns:
            tuple | None: (status, headers, body) to send instead.
        """
        return None

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self):
        """Base URL of the running fake.

        Returns:
            str: ``http://127.0.0.1:<port>``.
        """
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Start serving on an ephemeral loopback port (or the last one).

        Returns:
            HttpFake: self.
        """
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out in two writes

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with fake._lock:
                    fake._conns.add(self.connection)

            def finish(self):
                with fake._lock:
                    fake._conns.discard(self.connection)
                super().finish()

            def _serve(self):
                try:
                    fake._handle(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (a timeout under test): nothing to answer

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        """Stop serving (connections are then refused).

        Returns:
            None
        """
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        with self._lock:  # kept-alive connections die too, as when the real service goes away
            conns, self._conns = list(self._conns), set()
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # ------------------------------------------------------------------ handling
    def _answer(self, request):
        mode = self.mode
        if mode == "flapping":
            with self._lock:
                self._flap += 1
                mode = "ok" if self._flap % 2 else "500"
        if mode == "hang":
            time.sleep(60)
        if mode == "slow":
            time.sleep(self.slow_seconds)
        if mode == "500":
            return 500, {"Content-Type": "text/html"}, b"<html><body>Internal Server Error</body></html>"
        if mode == "unauthorized":
            return self.unauthorized
        denied = self.check_auth(request)
        if denied is not None:
            return denied
        for method, pattern, handler in self.routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                status, headers, body = handler(request, match)
                break
        else:
            return 404, {"Content-Type": "application/json"}, b'{"status":"error","message":"Not found"}'
        if mode == "malformed":
            return status, {"Content-Type": "application/json"}, b'{"status": "ok", "alerts": [ {"id": 1,'
        if mode == "truncated":
            return status, dict(headers, **{"X-Truncate": "1"}), body
        return status, headers, body

    def _handle(self, h):
        split = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        request = Request(h.command, split.path, parse_qs(split.query), dict(h.headers), body)
        with self._lock:
            self.requests.append(request)
        if self.latency:
            time.sleep(self.latency)
        status, headers, payload = self._answer(request)
        if not isinstance(payload, bytes | str):
            payload = json.dumps(payload)
            headers = dict(headers or {}, **{"Content-Type": "application/json"})
        data = payload.encode() if isinstance(payload, str) else payload
        truncate = (headers or {}).pop("X-Truncate", None)
        h.send_response(status)
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        # A truncated body promises more bytes than it sends, then closes.
        h.wfile.write(data[: len(data) // 2] if truncate else data)
        if truncate:
            h.close_connection = True


def json_response(obj, status=200):
    """Build a JSON answer triple.

    Args:
        obj: JSON-able body.
        status: HTTP status.

    Returns:
        tuple: (status, headers, body bytes).
    """
    return status, {"Content-Type": "application/json"}, json.dumps(obj).encode()
