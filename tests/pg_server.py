"""
Operations Command Center - Throwaway PostgreSQL Server

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Starts a real PostgreSQL server (Debian's ``postgresql``
    package) for the test suite and the benchmarks: a fresh data directory in
    a temporary folder, owned by an unprivileged user when we run as root
    (initdb and postgres refuse root), listening on a Unix socket inside that
    folder only (no TCP port, nothing outside this machine can reach it), with
    durability switched off because the data is thrown away. ``stop`` shuts
    it down and removes the folder. Used by tests/conftest.py when
    ``OPS_TEST_DB=postgresql`` and by ``make bench-scale``.

    Run alone, ``python -m tests.pg_server -- CMD ...`` starts a server,
    exports ``OPS_TEST_PG_URL`` (a psycopg URL to the ``postgres`` database)
    and runs CMD.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SUPERUSER = "ops"


class PostgresMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def bin_dir():
    """The folder holding ``initdb`` and ``postgres``.

    Returns:
        str: The newest /usr/lib/postgresql/<v>/bin, or the folder of ``initdb`` on PATH.

    Raises:
        PostgresMissing: When neither exists.
    """
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return os.path.dirname(found[-1])
    on_path = shutil.which("initdb")
    if on_path:
        return os.path.dirname(os.path.realpath(on_path))
    raise PostgresMissing("PostgreSQL server binaries not found: install Debian's 'postgresql' package "
                          "(.ci/run does) or set OPS_TEST_PG_URL to a server of your own")


def _account():
    """The unprivileged account the server runs as when we are root (None: run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresMissing("running as root and neither a 'postgres' nor a 'nobody' account exists")


class PgServer:
    """One throwaway server.

    Args:
        max_connections: The server's connection limit (the suite opens many short-lived apps).
    """

    def __init__(self, max_connections=400):
        self.max_connections = max_connections
        self.folder = None
        self.proc = None

    @property
    def socket_dir(self):
        """The folder of the server's Unix socket.

        Returns:
            str: A path inside the temporary folder.
        """
        return os.path.join(self.folder, "sock")

    def url(self, database="postgres", driver="postgresql+psycopg"):
        """A URL to one database of this server.

        Args:
            database: Database name.
            driver: SQLAlchemy driver prefix (``postgresql`` for libpq-style URLs).

        Returns:
            str: The URL (socket connection, trust authentication).
        """
        return f"{driver}://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def start(self, timeout=30.0):
        """Create the data directory and start the server; wait until it accepts connections.

        Args:
            timeout: Seconds to wait for the server.

        Returns:
            PgServer: self.
        """
        bindir = bin_dir()
        account = _account()
        self.folder = tempfile.mkdtemp(prefix="ops-pg-")
        data = os.path.join(self.folder, "data")
        os.makedirs(self.socket_dir)
        if account is not None:
            for path in (self.folder, self.socket_dir):
                os.chown(path, account.pw_uid, account.pw_gid)
        demote = _demote(account)
        subprocess.run([os.path.join(bindir, "initdb"), "-D", data, "-U", SUPERUSER, "--auth=trust",
                        "-E", "UTF8", "--locale=C", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=demote)
        settings = {"listen_addresses": "", "unix_socket_directories": self.socket_dir, "fsync": "off",
                    "synchronous_commit": "off", "full_page_writes": "off", "max_connections": self.max_connections,
                    "shared_buffers": "64MB", "timezone": "UTC", "log_min_messages": "fatal"}
        args = [os.path.join(bindir, "postgres"), "-D", data]
        for key, value in settings.items():
            args += ["-c", f"{key}={value}"]
        log = open(os.path.join(self.folder, "server.log"), "ab")  # noqa: SIM115 - the server keeps it
        self.proc = subprocess.Popen(args, stdout=log, stderr=log, preexec_fn=demote, start_new_session=True)
        log.close()
        self._wait(timeout)
        return self

    def _wait(self, timeout):
        """Poll the socket until the server answers (it starts in well under a second)."""
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited at start: {self._log_tail()}")
            try:
                psycopg.connect(host=self.socket_dir, user=SUPERUSER, dbname="postgres").close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"postgres did not start in {timeout} s: {self._log_tail()}") from None
                time.sleep(0.05)

    def _log_tail(self):
        """The end of the server's log."""
        try:
            with open(os.path.join(self.folder, "server.log"), errors="replace") as fh:
                return fh.read()[-800:]
        except OSError:
            return "(no log)"

    def execute(self, *statements, database="postgres"):
        """Run statements outside a transaction (CREATE/DROP DATABASE need that).

        Args:
            *statements: SQL texts.
            database: The database to connect to.

        Returns:
            None
        """
        import psycopg

        with psycopg.connect(host=self.socket_dir, user=SUPERUSER, dbname=database, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def stop(self):
        """Shut the server down (fast mode) and remove its folder.

        Returns:
            None
        """
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # "fast" shutdown: disconnect clients, no checkpoint wait
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _demote(account):
    """A preexec function switching to ``account`` (None: stay as we are)."""
    if account is None:
        return None

    def run():
        os.setgid(account.pw_gid)
        os.setgroups([])
        os.setuid(account.pw_uid)
    return run


def main(argv):
    """``python -m tests.pg_server -- CMD ...``: run CMD beside a throwaway server.

    Args:
        argv: The command line after the module name.

    Returns:
        int: CMD's exit status.
    """
    command = argv[1:] if argv and argv[0] == "--" else argv
    server = PgServer().start()
    try:
        env = dict(os.environ, OPS_TEST_PG_URL=server.url())
        return subprocess.call(command, env=env) if command else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
