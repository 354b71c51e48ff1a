"""
Operations Command Center - Scale Lab

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Many fake devices on loopback for ``make bench-scale``. A helper
    process (``python -m benchmarks.scale_lab serve --pdus 50 --switches 50
    --rest``) runs that many SNMPv3 agents (APC rPDU2 PDUs with 24 outlets,
    48-port IF-MIB switches, each on its own UDP port of 127.0.0.1, all on one
    asyncio loop) and optionally the four REST fakes (OPNsense, LibreNMS,
    Hostmon, Firewalla, with the latencies of ``make bench``), prints their
    ports and URLs as one JSON line and serves until its stdin closes.
    ``ScaleLab`` starts a few such helpers (so the fakes' CPU is not the
    benchmark's, and not all on one interpreter lock) and writes the TOML of
    the first N instances: four REST instances, then PDUs and switches in
    equal numbers, spread over sites when the import accepts a ``site`` key.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from modules.ops_center.integrations.kit import clock
from tests.fakes import firewalla_fake, librenms_fake, opnsense_fake, snmp_agent
from tests.fakes.hostmon_fake import HostmonHttpFake, series

ROOT = Path(__file__).resolve().parent.parent
REST_LATENCY = {"opnsense": 0.3, "librenms": 0.5, "hostmon": 0.2, "firewalla": 0.8}  # as benchmarks/lab.py
REST_NAMES = tuple(REST_LATENCY)
SITES = ("hq", "dc-north", "dc-south", "branch")


class SharedLoopAgent(snmp_agent.SnmpAgent):
    """The tests' SNMP agent fake, served on a loop shared with other agents (one thread for all).

    Args:
        **kwargs: ``SnmpAgent``'s options.
    """

    def start_on(self, loop):
        """Bind an ephemeral UDP port on 127.0.0.1 and serve on ``loop``.

        Args:
            loop: A running asyncio loop (in another thread).

        Returns:
            SharedLoopAgent: self.
        """
        self._build()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._loop = loop
        asyncio.run_coroutine_threadsafe(self._setup(sock), loop).result(10)
        return self

    def stop(self):
        """Close this agent's transport (the shared loop keeps running).

        Returns:
            None
        """
        async def _shutdown():
            self._engine.close_dispatcher()
        asyncio.run_coroutine_threadsafe(_shutdown(), self._loop).result(5)


def serve(pdus, switches, rest, history_days=30, out=sys.stdout, stop=None):
    """Start the fakes, print their addresses as one JSON line, serve until ``stop`` is set or stdin closes.

    Args:
        pdus: Number of PDU agents.
        switches: Number of switch agents.
        rest: Also start the four REST fakes.
        history_days: Days of Hostmon history the Hostmon fake serves.
        out: Where the JSON line goes.
        stop: A threading.Event ending the service (None: wait for stdin to close).

    Returns:
        None
    """
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="scale-snmp-loop", daemon=True)
    thread.start()
    agents = {"pdus": [SharedLoopAgent(tree="rpdu2", outlets=24, auto_advance=True).start_on(loop)
                       for _ in range(pdus)],
              "switches": [SharedLoopAgent(tree=None, outlets=0, switch_ports=48, auto_advance=True).start_on(loop)
                           for _ in range(switches)]}
    fakes = {}
    if rest:
        now = clock.epoch()
        rows = (series("wan1", now, days=history_days) + series("wan2", now, days=history_days)
                + series("nas-01", now, days=history_days))
        fakes = {"opnsense": opnsense_fake.OpnsenseFake(latency=REST_LATENCY["opnsense"]).start(),
                 "librenms": librenms_fake.LibrenmsFake(latency=REST_LATENCY["librenms"]).start(),
                 "hostmon": HostmonHttpFake(rows=rows, latency=REST_LATENCY["hostmon"]).start(),
                 "firewalla": firewalla_fake.FirewallaFake(latency=REST_LATENCY["firewalla"]).start()}
    out.write(json.dumps({"pid": os.getpid(), "pdus": [a.port for a in agents["pdus"]],
                          "switches": [a.port for a in agents["switches"]],
                          "rest": {name: fake.url for name, fake in fakes.items()}}) + "\n")
    out.flush()
    try:
        if stop is None:
            sys.stdin.read()  # the parent closes our stdin (or dies) to end us
        else:
            stop.wait()
    finally:
        for fake in fakes.values():
            fake.stop()
        for agent in agents["pdus"] + agents["switches"]:
            agent.stop()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


class ScaleLab:
    """Helper processes serving the fakes, and the TOML of the first N instances.

    Args:
        max_instances: The largest N the lab must serve (four REST instances, the rest PDUs and switches).
        helpers: Helper processes the SNMP agents are spread over (the REST fakes live in the first).
        history_days: Days of Hostmon history.
        with_rest: Start the REST fakes and count four REST instances in every N (False: PDUs and switches only).
    """

    def __init__(self, max_instances, helpers=2, history_days=30, with_rest=True):
        self.with_rest = with_rest
        snmp = max(2, max_instances - (len(REST_NAMES) if with_rest else 0))
        self.n_pdus, self.n_switches = (snmp + 1) // 2, snmp // 2
        self.helpers, self.history_days = max(1, helpers), history_days
        self.procs, self.pdus, self.switches, self.rest = [], [], [], {}

    def start(self, timeout=120.0):
        """Start the helpers and read their addresses.

        Args:
            timeout: Seconds to wait for each helper's JSON line.

        Returns:
            ScaleLab: self.
        """
        for i in range(self.helpers):
            pdus = len(range(i, self.n_pdus, self.helpers))
            switches = len(range(i, self.n_switches, self.helpers))
            cmd = [sys.executable, "-m", "benchmarks.scale_lab", "serve", "--pdus", str(pdus), "--switches",
                   str(switches), "--history-days", str(self.history_days)]
            cmd += ["--rest"] if i == 0 and self.with_rest else []
            self.procs.append(subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                               text=True))
        per_helper = []
        deadline = time.monotonic() + timeout
        for proc in self.procs:
            line = proc.stdout.readline()
            if not line or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("a scale-lab helper did not start")
            per_helper.append(json.loads(line))
        # Interleave the helpers' devices, so the first N instances fall on every helper alike.
        for kind in ("pdus", "switches"):
            ports = getattr(self, kind)
            for j in range(max(len(h[kind]) for h in per_helper)):
                ports += [h[kind][j] for h in per_helper if j < len(h[kind])]
        self.rest = per_helper[0]["rest"]  # name -> URL ({} without the REST fakes)
        return self

    def pids(self):
        """The helper processes' ids.

        Returns:
            list[int]: Process ids.
        """
        return [p.pid for p in self.procs]

    def stop(self):
        """End the helpers (close their stdin, then wait).

        Returns:
            None
        """
        for proc in self.procs:
            try:
                proc.stdin.close()
            except OSError:
                pass
        for proc in self.procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            proc.stdout.close()
        self.procs = []

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def mix(self, n):
        """How N instances are made up.

        Args:
            n: Instances in all (at least a PDU and a switch, plus the four REST instances when the lab has them).

        Returns:
            tuple: (REST instances, PDUs, switches).
        """
        rest = len(REST_NAMES) if self.with_rest else 0
        snmp = max(2, n - rest)
        pdus, switches = (snmp + 1) // 2, snmp // 2
        if pdus > len(self.pdus) or switches > len(self.switches):
            raise ValueError(f"the lab serves {len(self.pdus)} PDUs and {len(self.switches)} switches, not {n}")
        return rest, pdus, switches

    def toml(self, n, sites=True, timeout=10.0, snmp_timeout=2.0):
        """The systems file of the first N instances.

        Args:
            n: Instances in all (see ``mix``).
            sites: Give each instance a ``site`` (round robin over ``SITES``).
            timeout: The REST instances' timeout setting.
            snmp_timeout: The SNMP instances' per-request timeout.

        Returns:
            str: TOML text.
        """
        rest, pdus, switches = self.mix(n)
        snmp = (f'snmp_user = "{snmp_agent.USER}"\nsnmp_auth_key = "{snmp_agent.AUTH_KEY}"\n'
                f'snmp_priv_key = "{snmp_agent.PRIV_KEY}"\nretries = 1\ntimeout = {snmp_timeout}\n')
        counter = iter(range(10**6))

        def _site():
            return f'site = "{SITES[next(counter) % len(SITES)]}"\n' if sites else ""

        r = self.rest
        parts = []
        if rest:
            parts += [f'[[system]]\ntype = "opnsense"\nname = "opnsense"\nurl = "{r["opnsense"]}"\n'
                     f'api_key = "{opnsense_fake.API_KEY}"\napi_secret = "{opnsense_fake.API_SECRET}"\n'
                     f'timeout = {timeout}\n{_site()}',
                     f'[[system]]\ntype = "librenms"\nname = "librenms"\nurl = "{r["librenms"]}"\n'
                     f'token = "{librenms_fake.ADMIN_TOKEN}"\ntimeout = {timeout}\n{_site()}',
                     f'[[system]]\ntype = "hostmon"\nname = "hostmon"\nurl = "{r["hostmon"]}/api/checks"\n'
                     f'timeout = {timeout}\n{_site()}',
                     f'[[system]]\ntype = "firewalla"\nname = "firewalla"\nurl = "{r["firewalla"]}"\n'
                     f'token = "{firewalla_fake.TOKEN}"\ntimeout = {timeout}\n{_site()}']
        for i in range(pdus):
            parts.append(f'[[system]]\ntype = "apc_pdu"\nname = "pdu-{i + 1:03d}"\nhost = "127.0.0.1"\n'
                         f'port = {self.pdus[i]}\nprotected_outlets = [1, 2]\n{snmp}{_site()}')
        for i in range(switches):
            parts.append(f'[[system]]\ntype = "zyxel"\nname = "sw-{i + 1:03d}"\nhost = "127.0.0.1"\n'
                         f'port = {self.switches[i]}\n{snmp}{_site()}')
        if not rest:
            return "\n".join(parts)
        parts.append('[[wan]]\nname = "WAN1"\nstatus = { system = "opnsense", gateway = "WAN_DHCP" }\n'
                     'throughput = { system = "opnsense", interface = "wan" }\n'
                     'uptime = { system = "hostmon", target = "wan1" }\n')
        parts.append('[[wan]]\nname = "WAN2"\nstatus = { system = "opnsense", gateway = "WAN_LTE" }\n'
                     'throughput = { system = "opnsense", interface = "LTE" }\n'
                     'uptime = { system = "hostmon", target = "wan2" }\n')
        return "\n".join(parts)


def main(argv=None):
    """``python -m benchmarks.scale_lab serve --pdus P --switches S [--rest]``.

    Args:
        argv: Command line.

    Returns:
        int: 0.
    """
    parser = argparse.ArgumentParser(description="Serve many fake PDUs and switches (and the REST fakes).")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve")
    run.add_argument("--pdus", type=int, default=0)
    run.add_argument("--switches", type=int, default=0)
    run.add_argument("--rest", action="store_true")
    run.add_argument("--history-days", type=int, default=30)
    args = parser.parse_args(argv)
    serve(args.pdus, args.switches, args.rest, args.history_days)
    return 0


if __name__ == "__main__":
    sys.exit(main())
