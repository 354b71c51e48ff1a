"""
Operations Command Center - RouterOS API Fake

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: A small RouterOS API server on 127.0.0.1 (ephemeral port)
    speaking the real wire format (reference/device-protocols.md A.2, B.3):
    length-prefixed words, sentences ended by an empty word, !re / !done /
    !trap / !fatal / !empty, the post-6.43 plain login and .tag echo. It
    plays the 24 copper ports of a CRS326-24G-2S+ (plus a bridge, a VLAN
    and the loopback, which are not ports) with byte counters that advance
    on every /interface/print. Options: latency, optional TLS (API-SSL),
    and the modes ok, hang, reject (login trap), drop (close on the next
    sentence), garbled (invalid length bytes) and fatal. A refused login
    answers ``!trap =message=invalid user name or password (6)`` then
    ``!done``, with no category (verified.md 4); ``login_trap`` changes the
    text (e.g. pre-6.43 "cannot log in").

CHANGELOG:
- 1.1.0 (2026-12-01): login_trap: the refused-login message is settable
- 1.0.0 (2026-11-26): Initial implementation
"""

import datetime
import socket
import socketserver
import threading
import time

MODES = ("ok", "hang", "reject", "drop", "garbled", "fatal")
LOGIN_TRAP = "invalid user name or password (6)"
BOARD = "CRS326-24G-2S+"
PORT_COUNT = 24
DISABLED = (23, 24)
NO_LINK = (19, 20, 21, 22)
COMMENTS = {1: "uplink-opnsense", 2: "proxmox-1", 3: "proxmox-2", 4: "nas-01", 5: "printer", 24: "spare"}
RATES = {5: "100Mbps"}  # every other linked port negotiates 1Gbps
FIXED_SPEED = {6: "100M-baseT-full"}  # auto-negotiation off on ether6 (RouterOS 7.12+ speed names)


def encode_length(length):
    """RouterOS API length prefix.

    Args:
        length: Word length in bytes.

    Returns:
        bytes: 1 to 5 prefix bytes.
    """
    if length < 0x80:
        return length.to_bytes(1, "big")
    if length < 0x4000:
        return (length | 0x8000).to_bytes(2, "big")
    if length < 0x200000:
        return (length | 0xC00000).to_bytes(3, "big")
    if length < 0x10000000:
        return (length | 0xE0000000).to_bytes(4, "big")
    return b"\xf0" + length.to_bytes(4, "big")


def encode_sentence(words):
    """One sentence: each word length-prefixed, then the empty word.

    Args:
        words: Words as text.

    Returns:
        bytes: The encoded sentence.
    """
    data = b"".join(encode_length(len(w.encode())) + w.encode() for w in words)
    return data + b"\x00"


def _read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_sentence(sock):
    """Read one sentence from a socket.

    Args:
        sock: Connected socket.

    Returns:
        list[str]: Its words (EOFError when the peer closed).
    """
    words = []
    while True:
        first = _read_exact(sock, 1)[0]
        if first == 0:
            return words
        if first < 0x80:
            length = first
        elif first < 0xC0:
            length = int.from_bytes(bytes([first]) + _read_exact(sock, 1), "big") ^ 0x8000
        elif first < 0xE0:
            length = int.from_bytes(bytes([first]) + _read_exact(sock, 2), "big") ^ 0xC00000
        elif first < 0xF0:
            length = int.from_bytes(bytes([first]) + _read_exact(sock, 3), "big") ^ 0xE0000000
        else:
            length = int.from_bytes(_read_exact(sock, 4), "big")
        words.append(_read_exact(sock, length).decode("utf-8", "replace"))


def default_ports():
    """The fake switch's /interface and /interface/ethernet rows.

    Returns:
        tuple[list[dict], list[dict]]: Interface rows (ports, bridge, VLAN,
        loopback) and ethernet rows, values as RouterOS sends them (text).
    """
    interfaces, ethernet = [], []
    for i in range(1, PORT_COUNT + 1):
        name = f"ether{i}"
        row = {".id": f"*{i:X}", "name": name, "default-name": name, "type": "ether", "mtu": "1500",
               "actual-mtu": "1500", "l2mtu": "1592", "max-l2mtu": "10218",
               "mac-address": f"48:A9:8A:00:00:{i:02X}", "link-downs": "0", "rx-packet": "0", "tx-packet": "0",
               "rx-drop": "0", "tx-drop": "0", "tx-queue-drop": "0", "rx-error": "0", "tx-error": "0",
               "running": "false" if i in DISABLED or i in NO_LINK else "true",
               "disabled": "true" if i in DISABLED else "false"}
        if i in COMMENTS:
            row["comment"] = COMMENTS[i]
        interfaces.append(row)
        eth = {".id": row[".id"], "name": name, "default-name": name, "mtu": "1500", "l2mtu": "1592",
               "mac-address": row["mac-address"], "orig-mac-address": row["mac-address"], "arp": "enabled",
               "auto-negotiation": "false" if i in FIXED_SPEED else "true",
               "advertise": "10M-baseT-half,10M-baseT-full,100M-baseT-half,100M-baseT-full,1G-baseT-full",
               "speed": FIXED_SPEED.get(i, "1G-baseT-full"), "full-duplex": "true", "tx-flow-control": "off",
               "rx-flow-control": "off", "bandwidth": "unlimited/unlimited", "switch": "switch1",
               "running": row["running"], "disabled": row["disabled"]}
        if i in COMMENTS:
            eth["comment"] = COMMENTS[i]
        ethernet.append(eth)
    for n, (name, kind) in enumerate((("bridge", "bridge"), ("vlan10-mgmt", "vlan"), ("lo", "loopback")), 0x20):
        interfaces.append({".id": f"*{n:X}", "name": name, "type": kind, "mtu": "1500", "actual-mtu": "1500",
                           "rx-byte": "987654321", "tx-byte": "123456789", "running": "true", "disabled": "false"})
    return interfaces, ethernet


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.fake._serve(self.request)


class RouterOsFake:
    """A RouterOS API server for tests.

    Args:
        users: username -> password accepted by /login.
        latency: Seconds added before every reply.
        tls_context: A server ``ssl.SSLContext`` to speak API-SSL.
        empty_sentence: Send ``!empty`` before ``!done`` for empty results (RouterOS >= 7.18).

    Attributes:
        mode: One of ``MODES``.
        login_trap: The ``=message=`` of a refused login.
        counters: name -> [rx_bytes, tx_bytes].
        step: name -> (rx, tx) bytes added to a linked port on every /interface/print.
        connections: Connections accepted.
        logins: Successful logins.
        commands: Every command word received, in order.
    """

    def __init__(self, users=None, latency=0.0, tls_context=None, empty_sentence=True):
        self.users = users if users is not None else {"admin": "ros-lab-pass"}
        self.latency = latency
        self.tls_context = tls_context
        self.empty_sentence = empty_sentence
        self.mode = "ok"
        self.login_trap = LOGIN_TRAP
        self.board = BOARD
        self.interfaces, self.ethernet = default_ports()
        self.counters = {r["name"]: [1_000_000 * i, 500_000 * i] for i, r in enumerate(self.interfaces[:PORT_COUNT], 1)}
        self.step = {f"ether{i}": (125_000 * i, 12_500 * i) for i in range(1, PORT_COUNT + 1)}
        self.connections = self.logins = 0
        self.commands = []
        self._clients = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.server = None
        self.port = None

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        """Serve on an ephemeral loopback port.

        Returns:
            RouterOsFake: self.
        """
        self._stopped.clear()
        self.server = _Server(("127.0.0.1", self.port or 0), _Handler)
        self.server.fake = self
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        """Stop serving and close every client connection.

        Returns:
            None
        """
        self._stopped.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        self.drop_connections()

    def drop_connections(self):
        """Close every open client connection now (a router reboot, as the client sees it).

        Returns:
            int: How many were closed.
        """
        with self._lock:
            clients, self._clients = list(self._clients), set()
        for sock in clients:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        return len(clients)

    # ------------------------------------------------------------------ serving
    def _serve(self, sock):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle + delayed-ACK 40 ms stalls
        if self.tls_context is not None:
            try:
                sock = self.tls_context.wrap_socket(sock, server_side=True)
            except OSError:
                return
        with self._lock:
            self.connections += 1
            self._clients.add(sock)
        session = {"user": None}
        try:
            while True:
                words = read_sentence(sock)
                if not words:
                    continue
                with self._lock:
                    self.commands.append(words[0])
                if self.mode == "hang":
                    while self.mode == "hang" and not self._stopped.wait(0.05):
                        pass
                    return
                if self.mode == "drop":
                    return
                if self.latency:
                    time.sleep(self.latency)
                if self.mode == "garbled":
                    sock.sendall(b"\xf8\x01\x02garbage")
                    return
                if self.mode == "fatal" or words[0] == "/quit":
                    sock.sendall(encode_sentence(["!fatal", "session terminated on request"]))
                    return
                sock.sendall(b"".join(encode_sentence(s) for s in self._reply(words, session)))
        except (EOFError, OSError):
            return
        finally:
            with self._lock:
                self._clients.discard(sock)
            sock.close()

    def _reply(self, words, session):
        """The sentences answering one command."""
        cmd, attrs, query, tag = words[0], {}, [], None
        for word in words[1:]:
            if word.startswith("="):
                key, _, value = word[1:].partition("=")
                attrs[key] = value
            elif word.startswith("?"):
                query.append(word[1:].lstrip("="))
            elif word.startswith(".tag="):
                tag = word[5:]
        if cmd == "/login":
            name = attrs.get("name")
            if self.mode == "reject" or name is None or self.users.get(name) != attrs.get("password"):
                out = [["!trap", f"=message={self.login_trap}"], ["!done"]]
            else:
                session["user"] = name
                with self._lock:
                    self.logins += 1
                out = [["!done"]]
        elif session["user"] is None:
            out = [["!trap", "=message=not logged in"], ["!done"]]
        elif cmd == "/interface/print":
            out = self._rows(self._advance(), attrs, query)
        elif cmd == "/interface/ethernet/print":
            out = self._rows(self.ethernet, attrs, query)
        elif cmd == "/interface/ethernet/monitor":
            out = self._monitor(attrs)
        elif cmd == "/system/resource/print":
            out = self._rows([self._resource()], attrs, query)
        elif cmd == "/system/identity/print":
            out = self._rows([{"name": "crs-lab"}], attrs, query)
        else:
            out = [["!trap", "=message=no such command prefix"], ["!done"]]
        return [s + [f".tag={tag}"] for s in out] if tag is not None else out

    def _rows(self, rows, attrs, query):
        """!re per row (proplist and ?=k=v equality queries honoured), then !done."""
        wanted = attrs.get(".proplist")
        keys = wanted.split(",") if wanted else None
        out = []
        for row in rows:
            if all(row.get(q.partition("=")[0]) == q.partition("=")[2] for q in query if "=" in q):
                out.append(["!re"] + [f"={k}={v}" for k, v in row.items() if keys is None or k in keys])
        if not out and self.empty_sentence:
            out.append(["!empty"])
        return out + [["!done"]]

    def _advance(self):
        """Interface rows with counters moved on by one step for linked ports."""
        rows = []
        with self._lock:
            for row in self.interfaces:
                row = dict(row)
                name = row["name"]
                if name in self.counters:
                    if row["running"] == "true":
                        rx, tx = self.step.get(name, (0, 0))
                        self.counters[name] = [self.counters[name][0] + rx, self.counters[name][1] + tx]
                    row["rx-byte"], row["tx-byte"] = (str(v) for v in self.counters[name])
                rows.append(row)
        return rows

    def _monitor(self, attrs):
        """/interface/ethernet/monitor numbers=a,b once: one !re per interface."""
        by_name = {r["name"]: r for r in self.ethernet}
        names = [n for n in attrs.get("numbers", "").split(",") if n]
        if "once" not in attrs:
            return [["!trap", "=message=only once is supported by this fake"], ["!done"]]
        if not names or any(n not in by_name for n in names):
            return [["!trap", "=message=no such item"], ["!done"]]
        out = []
        for name in names:
            index = int(name[5:]) if name[5:].isdigit() else 0
            linked = by_name[name]["running"] == "true"
            row = ["!re", f"=name={name}", f"=status={'link-ok' if linked else 'no-link'}",
                   f"=auto-negotiation={'done' if linked else 'incomplete'}"]
            if linked:
                row += [f"=rate={RATES.get(index, '100Mbps' if index in FIXED_SPEED else '1Gbps')}",
                        "=full-duplex=yes", "=tx-flow-control=no", "=rx-flow-control=no"]
            out.append(row)
        return out + [["!done"]]

    def _resource(self):
        """/system/resource row."""
        return {"uptime": "3w2d4h1m7s", "version": "7.16.2 (stable)", "build-time": "2024-11-28 12:01:57",
                "free-memory": "449953792", "total-memory": "536870912", "cpu": "ARMv7", "cpu-count": "1",
                "cpu-frequency": "800", "cpu-load": "3", "free-hdd-space": "2555904", "total-hdd-space": "16777216",
                "architecture-name": "arm", "board-name": self.board, "platform": "MikroTik"}


def make_self_signed(folder):
    """A self-signed certificate for 127.0.0.1, for the API-SSL tests.

    Args:
        folder: A pathlib folder to write cert.pem and key.pem into.

    Returns:
        tuple[str, str]: (certificate path, key path).
    """
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "crs-lab.example.lan")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)
