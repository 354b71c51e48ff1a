"""
Operations Command Center - Zyxel SSH Fake

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: An in-process paramiko SSH server on 127.0.0.1 (ephemeral
    port) with an interactive Zyxel CLI (reference/device-protocols.md A.3,
    B.4): the ZyNOS dialect (``show interfaces *`` blocks as in NOC's GS-3012
    fixture, ``show system-information``) or the GS1900 dialect (``show
    interfaces all status`` table, Cisco-like ``show interfaces all``
    counters). Echo, prompt, pager (``-- more --`` / ``--More--``) and a
    syntax error for unknown commands, ``exit`` ending the session (GS1900
    only at the second one, as over SSH; verified.md 2). Options: slow
    answers, rejected credentials, legacy-only key exchange (SHA-1 kex +
    ssh-rsa host key), another prompt (a ZyNOS 4.x prompt ends in ESC 7),
    optionally sent in two writes split inside that escape sequence.

CHANGELOG:
- 1.1.0 (2026-12-01): exit handling (GS1900 twice) with a record of exits; prompt override and split prompt
- 1.0.0 (2026-11-26): Initial implementation
"""

import socket
import threading
import time

import paramiko

from modules.ops_center.integrations.kit.ssh import LEGACY_KEX, LegacyRSAKey, LegacyTransport, fingerprint

USERNAME, PASSWORD = "admin", "zyxel-cli-pass-9"
DOWN = (41, 42, 43, 44, 45, 46, 47, 48)
NAMES = {1: "uplink-core", 2: "nas-01", 24: "ap-lobby"}


def _legacy_only(kex, agreed):
    """Server transport of an old firmware: only the given SHA-1 kex and the ssh-rsa host key."""
    unknown = set(kex) - set(LEGACY_KEX)
    assert not unknown, unknown

    def _parse_kex_init(self, m):
        LegacyTransport._parse_kex_init(self, m)
        agreed.append(self.kex_engine.name)

    return type("LegacyOnlyTransport", (LegacyTransport,), {"_preferred_kex": tuple(kex), "_preferred_keys": (
        "ssh-rsa",), "_parse_kex_init": _parse_kex_init})


class _Iface(paramiko.ServerInterface):
    def __init__(self, fake):
        self.fake, self.shell = fake, threading.Event()

    def get_allowed_auths(self, username):
        return "password"

    def check_auth_password(self, username, password):
        self.fake.logins += 1
        ok = not self.fake.reject and (username, password) == (self.fake.username, self.fake.password)
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, *args):
        return True

    def check_channel_shell_request(self, channel):
        self.shell.set()
        return True


class ZyxelSshFake:
    """The fake switch; use as a context manager or call start()/stop().

    Args:
        dialect: ``zynos`` or ``gs1900``.
        ports: Front-panel ports.
        slow: Seconds to wait before answering each command.
        reject: Reject every login.
        legacy_only: Offer only SHA-1 key exchanges and an ssh-rsa host key.
        legacy_kex: The SHA-1 key exchanges a legacy-only server offers.
        page_lines: Lines per pager page (0 = no pager).
        prompt: Prompt text instead of the dialect's, e.g. ``"XGS4600# \x1b7"`` (ZyNOS 4.x, oxidized zynoscli.rb).
        split_prompt: Send the prompt in two writes, cut right after its ESC (a read boundary inside a sequence).

    Attributes:
        commands: Every command line received, except ``exit``.
        exits: Per ended session, how many ``exit`` lines it received.
        closed_by_exit: Sessions the switch ended because of ``exit``.
        logins: Password attempts received.
        agreed_kex: Key exchange agreed per connection (legacy-only servers).
    """

    def __init__(self, dialect="zynos", ports=48, slow=0.0, reject=False, legacy_only=False,
                 legacy_kex=("diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"), page_lines=0,
                 prompt=None, split_prompt=False):
        self.dialect, self.ports, self.slow, self.reject = dialect, ports, slow, reject
        self.legacy_only, self.page_lines = legacy_only, page_lines
        self.logins, self.agreed_kex = 0, []
        self._transport_class = _legacy_only(legacy_kex, self.agreed_kex) if legacy_only else paramiko.Transport
        self.username, self.password = USERNAME, PASSWORD
        self.key = LegacyRSAKey(key=paramiko.RSAKey.generate(1024).key) if legacy_only else paramiko.ECDSAKey.generate()
        self.fingerprint = fingerprint(self.key)
        self.commands, self.elapsed, self.port = [], 0.0, None
        self._sock = self._thread = None
        self._threads, self._closing = [], False
        self.prompt = prompt or ("GS2210# " if dialect == "zynos" else "GS1900# ")
        self.split_prompt = split_prompt
        self.exits, self.closed_by_exit = [], 0

    # ------------------------------------------------------------------ canned CLI

    def rate(self, n):
        """(rx, tx) bits/s of port ``n``."""
        return (0, 0) if n in DOWN else (n * 1_000_000, n * 250_000)

    def advance(self, seconds):
        """Let traffic flow for ``seconds`` (GS1900 byte counters grow)."""
        self.elapsed += seconds

    def _zynos_port(self, n):
        rx, tx = self.rate(n)
        link = "Down  " if n in DOWN else ("1000M/F SFP" if n == 40 else "100M/H  " if n == 39 else "1000M/F  ")
        lines = [f"  Port Info\tPort NO.\t\t:{n}", f"  \t\tLink\t\t\t:{link}",
                 f"  \t\tStatus\t\t\t:{'STOP' if n in DOWN else 'FORWARDING'}", "  \t\tLACP\t\t\t:Disabled",
                 f"  \t\tTxPkts\t\t\t:{n * 1000}", f"  \t\tRxPkts\t\t\t:{n * 3000}", "  \t\tErrors\t\t\t:0",
                 f"  \t\tTx KBs/s\t\t:{tx / 8000:.3f}", f"  \t\tRx KBs/s\t\t:{rx / 8000:.3f}",
                 f"  \t\tUp Time\t\t\t:{'00:00' if n in DOWN else '1549:53:42'}",
                 f"  TX Packet\tTx Packets\t\t:{n * 1000}", "  \t\tMulticast\t\t:0", "  \t\tBroadcast\t\t:0",
                 f"  RX Packet\tRx Packets\t\t:{n * 3000}", "  \t\tMulticast\t\t:0", "  \t\tBroadcast\t\t:0",
                 "  Error Packet\tRX CRC\t\t\t:0", "  \t\tLength\t\t\t:0", "  \t\tRunt\t\t\t:0",
                 "  Distribution\t64\t\t\t:0", "  \t\t1024 to 1518\t\t:0", "  \t\tGiant\t\t\t:0", "  "]
        return lines

    def _gs1900_status(self):
        lines = ["Port Name                  Status       Vlan Duplex Speed   Type",
                 "---- --------------------- ------------ ---- ------ ------- ------"]
        for n in range(1, self.ports + 1):
            up = n not in DOWN
            lines.append(f"{n:<4} {NAMES.get(n, ''):<21} {'connected' if up else 'notconnect':<12} {1:<4} "
                         f"{'a-full' if up else 'auto':<6} {'a-1000M' if up else 'auto':<7} "
                         f"{'Fiber' if n > self.ports - 4 else 'Copper'}")
        return lines

    def _gs1900_counters(self):
        lines = []
        for n in range(1, self.ports + 1):
            rx, tx = self.rate(n)
            up = n not in DOWN
            lines += [f"GigabitEthernet{n} is {'up' if up else 'down'}", "  Hardware is Gigabit Ethernet",
                      f"  {'full' if up else 'auto'}-duplex, {'1000Mb/s' if up else 'auto'}-speed, "
                      "media type is Copper",
                      "  flow-control is off",
                      f"     {n * 3000} packets input, {n * 10**9 + int(rx / 8 * self.elapsed)} bytes, 0 throttles",
                      "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
                      f"     {n * 1000} packets output, {n * 10**9 + int(tx / 8 * self.elapsed)} bytes, 0 underrun",
                      "     0 output errors, 0 collisions, 0 interface resets", "     0 PAUSE output"]
        return lines

    def answer(self, command):
        """The output lines of one command (a syntax error when unknown)."""
        zynos = self.dialect == "zynos"
        if zynos and command == "show interfaces *":
            return [line for n in range(1, self.ports + 1) for line in self._zynos_port(n)]
        if zynos and command == "show system-information":
            return ["", "System Name\t\t: GS2210", "ZyNOS F/W Version\t: V4.50(AAPH.2) | 03/04/2019",
                    "Bootbase Version\t: V1.00 | 03/02/2019", "Product Model\t\t: GS2210-48"]
        if not zynos and command == "show interfaces all status":
            return self._gs1900_status()
        if not zynos and command == "show interfaces all":
            return self._gs1900_counters()
        if not command:
            return []
        return ["Invalid command"] if zynos else ["% Invalid input detected at '^' marker."]

    # ------------------------------------------------------------------ server

    def _send_paged(self, channel, lines):
        marker = "-- more --" if self.dialect == "zynos" else "--More--"
        size = self.page_lines or max(1, len(lines))
        for start in range(0, len(lines), size):
            channel.sendall("".join(line + "\r\n" for line in lines[start:start + size]).encode())
            if start + size < len(lines):
                channel.sendall(marker.encode())
                if not channel.recv(16):  # the client answers the pager with a space
                    return
                channel.sendall(b"\r" + b" " * len(marker) + b"\r" if self.dialect == "zynos" else b"\x1b[A\x1b[2K")

    def _send_prompt(self, channel, before=b""):
        data = before + self.prompt.encode()
        cut = data.find(b"\x1b", len(before)) + 1 if self.split_prompt else 0
        if cut > 0:
            channel.sendall(data[:cut])
            time.sleep(0.05)  # the client reads the first part on its own
            data = data[cut:]
        channel.sendall(data)

    def _session(self, channel):
        if self.dialect == "gs1900":
            self._send_prompt(channel, b"\x1b[H\x1b[J\x00")
        else:
            self._send_prompt(channel, b" ****\r\nCopyright (c) 1994 - 2019 ZyXEL Communications Corp.\r\n")
        line, exits, needed = b"", 0, 2 if self.dialect == "gs1900" else 1
        try:
            while not self._closing:
                data = channel.recv(1024)
                if not data:
                    return
                line += data
                while b"\n" in line or b"\r" in line:
                    raw, _sep, line = line.replace(b"\r", b"\n").partition(b"\n")
                    command = raw.decode(errors="replace").strip()
                    channel.sendall(raw + b"\r\n")  # echo
                    if command == "exit":
                        exits += 1
                        if exits >= needed:  # recorded before the close the client waits for
                            self.exits.append(exits)
                            self.closed_by_exit, exits = self.closed_by_exit + 1, None
                            channel.close()
                            return
                        self._send_prompt(channel)
                        continue
                    self.commands.append(command)
                    time.sleep(self.slow)
                    self._send_paged(channel, self.answer(command))
                    self._send_prompt(channel)
        finally:
            if exits is not None:
                self.exits.append(exits)

    def _serve(self, sock):
        transport = None
        try:
            transport = self._transport_class(sock)
            transport.add_server_key(self.key)
            iface = _Iface(self)
            transport.start_server(server=iface)
            channel = transport.accept(5)
            if channel is not None and iface.shell.wait(5):
                self._session(channel)
        except Exception:  # noqa: BLE001, S110 - a client hanging up or failing kex is a normal outcome here
            pass
        finally:
            if transport is not None:
                transport.close()

    def _accept(self):
        while not self._closing:
            try:
                conn, _addr = self._sock.accept()
            except OSError:
                return
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def start(self):
        """Listen on an ephemeral port of 127.0.0.1 (the same one again after a stop).

        Returns:
            ZyxelSshFake: self.
        """
        self._closing = False
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", self.port or 0))
        self._sock.listen(8)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop listening and wait for the sessions to end.

        Returns:
            None
        """
        self._closing = True
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        self._thread.join(2)
        for thread in self._threads:
            thread.join(2)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
