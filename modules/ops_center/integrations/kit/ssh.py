"""
Operations Command Center - SSH CLI Helper

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: A small paramiko client for switch CLIs: one interactive shell
    per session (switch firmware does not reliably support exec channels),
    prompt detection, pager answering (-- more --), ANSI clean-up (also of
    a sequence split across reads, e.g. the ESC 7 after a ZyNOS 4.x prompt),
    logout commands sent before closing (GS1900 needs ``exit`` twice), an
    optional pinned host key (SHA256 fingerprint, checked before the password
    is sent) and an opt-in legacy mode that re-adds the SHA-1 key exchanges
    and the ssh-rsa host key paramiko 5 removed, for old firmware, on this
    connection only (no global patching, no old paramiko pinned). Every
    failure becomes a base.py error.

CHANGELOG:
- 1.1.0 (2026-12-01): logout commands before close; escape sequences and UTF-8 split across reads are joined
- 1.0.0 (2026-11-26): Initial implementation
"""

import base64
import codecs
import hashlib
import re
import socket

import paramiko
from cryptography.hazmat.primitives import hashes
from paramiko.kex_gex import KexGexSHA256
from paramiko.kex_group14 import KexGroup14SHA256
from paramiko.ssh_exception import IncompatiblePeer

from ..base import AuthFailed, BadResponse, ConfigError, Timeout, Unreachable
from . import clock, netpolicy

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]")
# An escape sequence cut off at the end of one read: kept back until the next read completes it.
PARTIAL_ANSI = re.compile(r"\x1b(\[[0-9;?]*)?$")
LOGOUT_WAIT_S = 1.0  # how long a logout waits for the switch to end the session before closing it anyway
PAGER = re.compile(r"-+\s*more\s*-+[^\n]*$", re.IGNORECASE)
PROMPT = re.compile(r"^[A-Za-z0-9_.\-/()@: ]{1,64}[>#]\s?$")


class LegacyRSAKey(paramiko.RSAKey):
    """An RSA key that also signs/verifies the SHA-1 ``ssh-rsa`` signature algorithm."""

    HASHES = {**paramiko.RSAKey.HASHES, "ssh-rsa": hashes.SHA1}


class _KexGroup14SHA1(KexGroup14SHA256):
    name, hash_algo = "diffie-hellman-group14-sha1", hashlib.sha1


class _KexGroup1SHA1(_KexGroup14SHA1):
    # RFC 2409 Oakley group 2 (1024 bit); x generation of the parent fits this size too.
    P = int("FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3C"
            "D3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE"
            "9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16)
    name = "diffie-hellman-group1-sha1"


class _KexGexSHA1(KexGexSHA256):
    name, hash_algo = "diffie-hellman-group-exchange-sha1", hashlib.sha1


LEGACY_KEX = {k.name: k for k in (_KexGroup14SHA1, _KexGexSHA1, _KexGroup1SHA1)}


class LegacyTransport(paramiko.Transport):
    """A Transport that also offers SHA-1 kex and ``ssh-rsa`` host keys, after every modern algorithm."""

    _preferred_kex = paramiko.Transport._preferred_kex + tuple(LEGACY_KEX)
    _kex_info = {**paramiko.Transport._kex_info, **LEGACY_KEX}
    _preferred_keys = paramiko.Transport._preferred_keys + ("ssh-rsa",)
    _key_info = {**paramiko.Transport._key_info, "ssh-rsa": LegacyRSAKey}


def fingerprint(key):
    """OpenSSH-style SHA256 fingerprint of a host key (what ``ssh-keygen -lf`` prints).

    Args:
        key: A paramiko ``PKey``.

    Returns:
        str: ``SHA256:<base64 without padding>``.
    """
    return "SHA256:" + base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode().rstrip("=")


def _norm(value):
    """A fingerprint reduced to its base64 part for comparison."""
    text = str(value or "").strip()
    return (text[7:] if text.upper().startswith("SHA256:") else text).rstrip("=")


class CliSession:
    """One SSH login with an interactive shell.

    Args:
        host: Switch host name or address.
        port: SSH TCP port.
        username: Login name.
        password: Login password.
        timeout: Seconds for connect, key exchange, login and each silence while reading.
        allow_legacy_kex: Offer SHA-1 kex and ssh-rsa host keys (old firmware).
        host_key: Pinned ``SHA256:...`` fingerprint, or empty to accept any key.
    """

    def __init__(self, host, port=22, username="", password="", timeout=5.0, allow_legacy_kex=False, host_key=""):
        if not host or not username:
            raise ConfigError("SSH needs host and ssh_username")
        self.host, self.port, self.username, self.password = str(host), int(port or 22), str(username), password or ""
        self.timeout, self.legacy, self.host_key = max(0.2, float(timeout)), bool(allow_legacy_kex), host_key or ""
        self.where = f"{self.host}:{self.port}"
        self.transport = self.channel = self.prompt = None
        self.server_fingerprint = None
        # Sent, in order, when the session ends without an error (the dialect decides: GS1900 needs two).
        self.logout_commands = ()
        self._pending, self._decoder = "", codecs.getincrementaldecoder("utf-8")("replace")

    def open(self):
        """Connect, verify the host key, log in, start the shell and learn the prompt.

        Returns:
            str: The login banner text (prompt removed).
        """
        netpolicy.check_host(self.host, self.port)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except TimeoutError:
            raise Timeout(f"SSH connect to {self.where} timed out after {self.timeout:g} s") from None
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise Unreachable(f"cannot connect to SSH {self.where} ({reason})") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # small CLI writes must not wait for ACKs
        try:
            self.transport = (LegacyTransport if self.legacy else paramiko.Transport)(sock)
            self.transport.banner_timeout = self.transport.handshake_timeout = self.timeout
            self.transport.start_client(timeout=self.timeout)
            if self.transport.host_key is None:  # start_client just returns when its timeout passes
                raise Timeout(f"SSH handshake with {self.where} timed out after {self.timeout:g} s")
            self.server_fingerprint = fingerprint(self.transport.get_remote_server_key())
            if self.host_key and _norm(self.host_key) != _norm(self.server_fingerprint):
                raise AuthFailed(f"host key of {self.where} is {self.server_fingerprint}, not the pinned host_key; "
                                 "refusing to send the password (replaced switch or man in the middle?)")
            self.transport.auth_password(self.username, self.password)
            self.channel = self.transport.open_session(timeout=self.timeout)
            self.channel.get_pty(term="vt100", width=200, height=1000)
            self.channel.invoke_shell()
            banner = self._read(until_prompt=None)
        except paramiko.AuthenticationException:
            self.close()
            raise AuthFailed(f"SSH login as '{self.username}' rejected by {self.where}") from None
        except IncompatiblePeer as exc:
            self.close()
            hint = "" if self.legacy else "; old firmware may need allow_legacy_kex = true"
            raise BadResponse(f"SSH negotiation with {self.where} failed ({exc}){hint}") from None
        except (paramiko.SSHException, EOFError, OSError) as exc:
            self.close()
            timed_out = isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)
            if timed_out or re.search(r"time[d ]?\s?out", str(exc), re.IGNORECASE):
                raise Timeout(f"SSH handshake with {self.where} timed out after {self.timeout:g} s") from None
            raise BadResponse(f"SSH session with {self.where} failed ({exc.__class__.__name__}: {exc})") from None
        except Exception:
            self.close()
            raise
        return banner

    def _read(self, until_prompt):
        """Read until the prompt (learned on first call), answering pagers; returns text without the prompt."""
        buf, deadline = "", clock.monotonic() + self.timeout * 8
        self.channel.settimeout(self.timeout)
        while True:
            try:
                chunk = self.channel.recv(65536)
            except TimeoutError:
                raise Timeout(f"no CLI answer from {self.where} within {self.timeout:g} s") from None
            if not chunk:
                raise BadResponse(f"{self.where} closed the CLI session")
            text = self._pending + self._decoder.decode(chunk)
            cut = PARTIAL_ANSI.search(text)
            self._pending, text = (text[cut.start():], text[:cut.start()]) if cut else ("", text)
            text = ANSI.sub("", text)
            buf += text.replace("\r", "").replace("\x08", "").replace("\x00", "")
            if PAGER.search(buf):
                buf = PAGER.sub("", buf)
                self.channel.sendall(b" ")
                continue
            last = buf.rsplit("\n", 1)[-1]
            if until_prompt is None and PROMPT.match(last):
                self.prompt = last.strip()
                return buf[: len(buf) - len(last)]
            if until_prompt is not None and last.strip() == until_prompt:
                return buf[: len(buf) - len(last)]
            if clock.monotonic() > deadline:
                raise Timeout(f"CLI output of {self.where} did not end with its prompt")

    def run(self, command):
        """Run one command in the shell.

        Args:
            command: CLI command line.

        Returns:
            str: The output, without the echoed command and the prompt.
        """
        try:
            self.channel.sendall((command + "\n").encode())
            text = self._read(self.prompt)
        except (OSError, paramiko.SSHException) as exc:
            raise BadResponse(f"CLI session with {self.where} failed ({exc.__class__.__name__})") from None
        first, _, rest = text.partition("\n")
        return rest if command.strip() in first else text

    def logout(self):
        """Send ``logout_commands`` and wait up to ``LOGOUT_WAIT_S`` for the switch to end the session.

        A switch left with an open CLI session can run out of sessions (GS1900 over SSH needs ``exit``
        twice). Best effort: a session that is already gone is no error.

        Returns:
            bool: True when the switch closed the session itself.
        """
        if self.channel is None or not self.logout_commands:
            return False
        try:
            for command in self.logout_commands:
                self.channel.sendall((command + "\n").encode())
            deadline = clock.monotonic() + min(self.timeout, LOGOUT_WAIT_S)
            self.channel.settimeout(0.05)
            while clock.monotonic() < deadline:
                try:
                    if not self.channel.recv(4096):
                        return True
                except TimeoutError:
                    continue
        except (OSError, EOFError, paramiko.SSHException):
            return True
        return False

    def close(self):
        """Close the channel and the connection.

        Returns:
            None
        """
        for thing in (self.channel, self.transport):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001, S110 - closing a broken session must not raise
                    pass
        self.channel = self.transport = None

    def __enter__(self):
        self.open()
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.logout()
        self.close()
