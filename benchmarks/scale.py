"""
Operations Command Center - Scale Benchmark

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: ``make bench-scale``: the scale lab (benchmarks/scale_lab.py)
    serves up to 200 instances (four REST fakes, then fake PDUs and switches
    in equal numbers) from helper processes; for N = 10, 50, 100 and 200 and
    on SQLite and PostgreSQL (``--backend``) this runs the watcher in its own
    process (``flask ops-center watch``) and the production server
    (waitress) and measures: the time of a full refresh of all N instances vs
    the slowest single source fetched alone, the watcher's CPU seconds per
    full refresh, the summary's size raw and gzip, the summary p95 with 50
    pollers while the watcher refreshes everything, the page's first fill in
    headless Chromium, and both processes' peak RSS. It prints the tables and
    writes the "Scale" block of BENCHMARKS.md (the rest of the file is
    ``make bench``'s). ``--profile N`` also samples the watcher with py-spy
    during one extra full refresh at N and says where its CPU goes.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
- 1.1.0 (2026-12-02): The README's copy of the scale tables is rewritten with the block
- 1.2.0 (2026-12-02): NxK sizes: N instances split by K watcher processes (claims), with their own target row
- 1.3.0 (2026-12-02): Page fill through load.fill_ms
"""

import argparse
import collections
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import load as load_bench  # noqa: E402
from benchmarks import readme_sync  # noqa: E402
from benchmarks.scale_lab import ScaleLab  # noqa: E402
from modules.ops_center.models.base import session, utcnow  # noqa: E402
from modules.ops_center.services.actions import leases  # noqa: E402
from modules.ops_center.services.admin.toml_import import ImportFailed, import_systems  # noqa: E402
from modules.ops_center.services.polling import cache_store, watch_state  # noqa: E402
from modules.ops_center.services.polling.instances import load_instances  # noqa: E402
from tests.conftest import make_app  # noqa: E402

SCALE_START, SCALE_END = readme_sync.SCALE_START, readme_sync.SCALE_END
SIZES = ("10", "50", "100", "200", "100x2", "200x2")  # NxK: N instances split by K watcher processes
TARGET_N = 100
TTLS = load_bench.TTLS  # the owner's cache classes
TYPE_CLASS = load_bench.TYPE_CLASS
TARGETS = {"cycle": 1.25, "gzip_kb": 150, "p95_ms": 25, "fill_ms": 1000}


# ---------------------------------------------------------------- processes

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(db_url, work):
    """The environment of the web and watcher processes (owner's TTLs, their database)."""
    return dict(os.environ, MALLOC_ARENA_MAX="2", FLASK_CONFIG="testing", DATABASE_URL=db_url,
                OPS_INSTANCE_PATH=str(work / "instance"), OPS_CENTER_TTL_CRITICAL=str(TTLS["critical"]),
                OPS_CENTER_TTL_STATUS=str(TTLS["status"]), OPS_CENTER_TTL_CONFIG=str(TTLS["config"]),
                OPS_CENTER_FETCH_TIMEOUT="10", OPS_CENTER_WATCHER="off", OPS_CENTER_REFRESH_IN_WEB="0")


def start_watcher(db_url, work):
    """``flask ops-center watch`` in its own process.

    Args:
        db_url: The database URL.
        work: The work folder (instance folder inside).

    Returns:
        subprocess.Popen: The process.
    """
    log = open(work / "watcher.log", "ab")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "ops-center", "watch"], cwd=ROOT,
                            env=_env(db_url, work), stdout=log, stderr=log)
    log.close()
    return proc


def start_web(db_url, work, threads=16):
    """The production server (waitress) in its own process, without a watcher.

    Args:
        db_url: The database URL.
        work: The work folder.
        threads: waitress threads.

    Returns:
        tuple: (process, base URL).
    """
    port = _free_port()
    log = open(work / "web.log", "ab")  # noqa: SIM115 - the child keeps it
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.scale", "web", db_url, str(work / "instance"),
                             str(port), str(threads)], cwd=ROOT, env=_env(db_url, work), stdout=log, stderr=log)
    log.close()
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(url + "/login", timeout=1)
            return proc, url
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise RuntimeError(f"the web server exited: {(work / 'web.log').read_text()[-1500:]}") from None
            time.sleep(0.1)
    raise RuntimeError("the web server did not answer")


def _serve_web(argv):
    """``python -m benchmarks.scale web DB_URL INSTANCE PORT THREADS``: waitress on 127.0.0.1."""
    from waitress import serve

    from app import create_app

    db_url, instance, port, threads = argv[0], argv[1], int(argv[2]), int(argv[3])
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": db_url,
                                           "OPS_CENTER_FETCH_TIMEOUT": 10.0}, instance_path=instance)
    serve(app, host="127.0.0.1", port=port, threads=threads, _quiet=True)


def _stop(proc):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# ---------------------------------------------------------------- reading the cache

def _read(app, names):
    """name -> (envelope, started) of the cached rows (started = expiry - TTL: when the fetch began)."""
    with app.app_context():
        try:
            rows = cache_store.load(names)
        finally:
            session().rollback()  # the next read sees the newest rows
    types = app.config["_SCALE_TYPES"]
    out = {}
    for name, (env, expires) in rows.items():
        out[name] = (env, expires - _ttl_delta(types[name]))
    return out


def _ttl_delta(type_name):
    from datetime import timedelta
    return timedelta(seconds=TTLS[TYPE_CLASS[type_name]])


def _lease_cycles(app):
    with app.app_context():
        try:
            state = leases.peek(watch_state.KEY)
        finally:
            session().rollback()
    return (state.note if state else {}).get("cycles", 0)


def wait_full_refresh(app, names, since, timeout):
    """Wait until every instance's fetch started at or after ``since`` and was stored.

    Args:
        app: An app on the benchmark's database.
        names: The instances.
        since: Aware UTC time (None: any stored row counts).
        timeout: Seconds to wait.

    Returns:
        dict: name -> (envelope, started) of that refresh; those not refreshed in time are missing.
    """
    deadline = time.monotonic() + timeout
    while True:
        rows = _read(app, names)
        done = {n: r for n, r in rows.items() if since is None or r[1] >= since}
        if len(done) == len(names) or time.monotonic() > deadline:
            return done
        time.sleep(0.2)


def cycle_figures(rows):
    """A full refresh's span: first fetch start to last fetch end.

    Args:
        rows: name -> (envelope, started).

    Returns:
        dict: cycle_s, max_latency_s, failed (names).
    """
    starts = [r[1] for r in rows.values()]
    ends = [r[1].timestamp() + r[0]["latency_ms"] / 1000 for r in rows.values()]
    return {"cycle_s": max(ends) - min(starts).timestamp(),
            "max_latency_s": max(r[0]["latency_ms"] for r in rows.values()) / 1000,
            "failed": sorted(n for n, r in rows.items() if r[0]["error"])}


def expire_all(app, names):
    """Make every instance due now.

    Args:
        app: An app on the benchmark's database.
        names: The instances.

    Returns:
        datetime: The moment before the first row was made due.
    """
    with app.app_context():
        since = utcnow()
        for name in names:
            cache_store.expire(name)
    return since


def _cpu_of(pids):
    """CPU seconds so far of each named process (or list of processes)."""
    return {k: sum(load_bench._cpu_s(p) for p in (v if isinstance(v, list) else [v])) for k, v in pids.items()}


def postpone_all(app, names, seconds=3600):
    """Make no instance due for a while (the watcher keeps cycling but refreshes nothing).

    Args:
        app: An app on the benchmark's database.
        names: The instances.
        seconds: How far the expiry moves into the future.

    Returns:
        None
    """
    from datetime import timedelta

    from sqlalchemy import update

    from modules.ops_center.models.cache import OpsCache

    with app.app_context():
        until = utcnow() + timedelta(seconds=seconds)
        for key in sorted(cache_store.cache_key(n) for n in names):  # the app's lock order (see hits.py)
            session().execute(update(OpsCache).where(OpsCache.cache_key == key).values(expires_at=until))
        session().commit()


# ---------------------------------------------------------------- one N on one backend

def slowest_single(app):
    """Each instance of a small configuration fetched alone, twice (cold, then warm connection).

    Args:
        app: An app holding the instances.

    Returns:
        dict: name -> {type, cold_ms, warm_ms}.
    """
    from benchmarks.run import per_integration
    return per_integration(app)


def snmp_costs(app, rounds=20):
    """The SNMP client's CPU per fetch (switch, PDU) and per message and response varbind, in this process.

    Args:
        app: An app holding ``pdu-001`` and ``sw-001``.
        rounds: Fetches timed for each.

    Returns:
        dict: switch_ms, pdu_ms (CPU per fetch), switch_trips, pdu_trips, message_ms, varbind_us.
    """
    from modules.ops_center.integrations.base import get_integration_class
    from modules.ops_center.integrations.kit.snmp import _vb

    out = {}
    with app.app_context():
        insts = {i.name: i for i in load_instances()}
    for key, name in (("switch", "sw-001"), ("pdu", "pdu-001")):
        obj = get_integration_class(insts[name].type)(name, insts[name].settings)
        obj.fetch()
        started = time.process_time()
        for _ in range(rounds):
            obj.fetch()
        out[f"{key}_ms"] = (time.process_time() - started) / rounds * 1000
        out[f"{key}_trips"] = obj.last_round_trips
        if key == "switch":  # GETBULK of one column: 1 and 200 varbinds in the answer
            session_ = obj.snmp()
            costs = {}
            for reps in (1, 200):
                session_._request("bulk", [_vb("1.3.6.1.2.1.2.2.1.2")], reps)
                started = time.process_time()
                for _ in range(rounds):
                    session_._request("bulk", [_vb("1.3.6.1.2.1.2.2.1.2")], reps)
                costs[reps] = (time.process_time() - started) / rounds * 1000
            out["message_ms"], out["varbind_us"] = costs[1], (costs[200] - costs[1]) / 199 * 1000
        obj.close()
    return out


def summary_size(url, s):
    """The summary's size raw, gzip-compressed here, and as the server sends it when asked for gzip.

    Args:
        url: The server.
        s: A logged-in session.

    Returns:
        dict: raw, gzip (gzip.compress level 6), served (bytes on the wire with Accept-Encoding gzip).
    """
    raw = s.get(url + "/ops/api/summary", headers={"Accept-Encoding": "identity"}, timeout=30).content
    resp = s.get(url + "/ops/api/summary", headers={"Accept-Encoding": "gzip"}, timeout=30, stream=True)
    wire = resp.raw.read(decode_content=False)
    return {"raw": len(raw), "gzip": len(gzip.compress(raw, 6)), "served": len(wire),
            "server_gzip": resp.headers.get("Content-Encoding") == "gzip"}


def run_one(backend, n, lab, tmp, args, pg=None, profile=False, watchers=1):
    """Every figure of N instances on one backend.

    Args:
        backend: ``sqlite`` or ``postgresql``.
        n: Instances.
        lab: The running ScaleLab.
        tmp: Work folder.
        args: Command line (duration, pollers, browser).
        pg: The PgServer (postgresql).
        profile: Sample the watcher with py-spy during one extra full refresh.
        watchers: How many ``flask ops-center watch`` processes split the instances (their claims).

    Returns:
        dict: The figures (CPU summed over the watchers, RSS of the largest).
    """
    label = f"{n}x{watchers}" if watchers > 1 else str(n)
    work = tmp / f"{backend}-{label}"
    work.mkdir(parents=True)
    if backend == "postgresql":
        pg.execute(f"create database scale_{label}")
        db_url = pg.url(f"scale_{label}")
        app = make_app(work, SQLALCHEMY_DATABASE_URI=db_url)
    else:
        db_url = f"sqlite:///{work / 'ops.db'}"
        app = make_app(work)
    sites = True
    with app.app_context():
        try:
            import_systems(lab.toml(n, sites=True))
        except ImportFailed as exc:
            if "site" not in str(exc):
                raise
            sites = False
            import_systems(lab.toml(n, sites=False))
        session().commit()
        instances = load_instances()
        names = [i.name for i in instances]
        app.config["_SCALE_TYPES"] = {i.name: i.type for i in instances}
    fig = {"n": n, "mix": lab.mix(n), "sites": sites, "watchers": watchers}
    watcher, web, more = None, None, []
    try:
        watcher = start_watcher(db_url, work)
        more = [start_watcher(db_url, work) for _ in range(watchers - 1)]
        every = [watcher, *more]
        started = time.monotonic()
        cold = wait_full_refresh(app, names, None, timeout=180)
        fig["cold_wall_s"] = time.monotonic() - started
        if len(cold) < len(names):
            raise RuntimeError(f"cold refresh incomplete: {len(cold)}/{len(names)}; watcher log: "
                               f"{(work / 'watcher.log').read_text()[-1500:]}")
        fig["cold"] = cycle_figures(cold)
        time.sleep(1.5)  # the cold refresh's history writes settle
        cpu0, cycles0 = sum(load_bench._cpu_s(w.pid) for w in every), _lease_cycles(app)
        fakes0 = sum(load_bench._cpu_s(pid) for pid in lab.pids())
        since = expire_all(app, names)
        warm = wait_full_refresh(app, names, since, timeout=180)
        time.sleep(0.3)  # the last store and its history row
        fig["cpu_s"] = sum(load_bench._cpu_s(w.pid) for w in every) - cpu0
        fig["fakes_cpu_s"] = sum(load_bench._cpu_s(pid) for pid in lab.pids()) - fakes0
        fig["idle_cycles"] = _lease_cycles(app) - cycles0
        fig["warm"] = cycle_figures(warm) if len(warm) == len(names) else None
        if profile:
            fig["profile"] = profile_refresh(app, names, watcher.pid, work)
        web, url = start_web(db_url, work)
        admin = load_bench._login(url)
        fig["size"] = summary_size(url, admin)
        fig["build_ms"] = snapshot_build_ms(app)
        keys = ("p50", "p95", "max", "requests", "rps", "errors_5xx")
        postpone_all(app, names)  # first the read path alone: nothing falls due in this window
        pids = {"web": web.pid, "watcher": [w.pid for w in every], "fakes": lab.pids()}
        before, began = _cpu_of(pids), time.monotonic()
        quiet = load_bench._drive(url, args.duration, args.pollers, TTLS)
        fig["quiet"] = {k: quiet[k] for k in keys}
        after, spent = _cpu_of(pids), time.monotonic() - began
        fig["quiet_cores"] = {k: (after[k] - before[k]) / spent for k in pids}
        fig["quiet_cores"]["machine load"] = os.getloadavg()[0]
        expire_all(app, names)  # then a window holding a full refresh by the watcher
        load = load_bench._drive(url, args.duration, args.pollers, TTLS)
        fig["load"] = {k: load[k] for k in keys}
        fig["fill_ms"] = page_fill(url) if args.browser else None
        fig["rss_web_mb"] = load_bench._rss_peak_mb(web.pid)
        fig["rss_watcher_mb"] = max(load_bench._rss_peak_mb(w.pid) for w in every)
    finally:
        _stop(web)
        _stop(watcher)
        for proc in more:
            _stop(proc)
        with app.app_context():
            session().remove()
        app.extensions["ops_center"].close()
        if backend == "postgresql":
            from extensions import db
            with app.app_context():
                db.engine.dispose()
    return fig


# Injected before the page's scripts: the page is filled when it marks itself loaded (every section drawn) with
# the PDU and switch panels holding something (ms since navigation start). The page carries no benchmark code.
FILL_OBSERVER = """
new MutationObserver(function (records, observer) {
  var body = document.body;
  if (body && body.getAttribute('data-loaded') === '1' && document.querySelector('#switches > *')
      && document.querySelector('#pdus > *')) {
    window.__opsFilledMs = performance.now();
    document.documentElement.setAttribute('data-bench-filled', '1');
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-loaded']});
"""


def page_fill(url):
    """Time to a filled page in headless Chromium (median of three navigations, warm cache).

    Args:
        url: The server.

    Returns:
        float | None: Milliseconds, or None without a browser.
    """
    return load_bench.fill_ms(url, FILL_OBSERVER, "html[data-bench-filled='1']", state="attached")


def snapshot_build_ms(app, rounds=5):
    """What one summary costs when the web process's memo has expired: merge the cache and serialise it.

    Args:
        app: An app on the benchmark's database.
        rounds: Builds timed (the median counts).

    Returns:
        float: Milliseconds.
    """
    import json
    import statistics

    from modules.ops_center.services.polling.aggregator import get_aggregator

    times = []
    with app.app_context():
        agg = get_aggregator(app)
        for _ in range(rounds):
            started = time.perf_counter()
            json.dumps(agg.snapshot(), separators=(",", ":"))
            times.append((time.perf_counter() - started) * 1000)
            session().rollback()
    return statistics.median(times)


# ---------------------------------------------------------------- profile

PHASES = (  # (label, pattern on any frame of a stack): the first that matches decides
    ("SNMP responses received: USM decrypt + BER decode (loop thread)", r"__receive_message_callback"),
    ("SNMP requests built and sent (hlapi, encode, encrypt)", r"pysnmp/hlapi|send_pdu|prepare_outgoing"),
    ("SNMP kit around the calls (walk bookkeeping, values)", r"ops_center/integrations/kit/snmp\\.py"),
    ("database reads and writes (SQLAlchemy + driver)", r"sqlalchemy|sqlite3|psycopg"),
    ("HTTP fetches (requests, urllib3)", r"requests/|urllib3/|http/client"),
    ("integrations' parsing", r"ops_center/integrations"),
    ("refresh, history, inbox, notify (services)", r"ops_center/services"),
)
LIBRARIES = (  # (label, pattern on the leaf frame's file)
    ("pyasn1 BER codec", r"pyasn1/codec"),
    ("pyasn1 value objects (init, clone, tags, constraints)", r"pyasn1/"),
    ("crypto (HMAC, AES, hashes)", r"Cryptodome|cryptography|hashlib|hmac|pysnmp/proto/sec"),
    ("pysnmp", r"pysnmp/"),
    ("SQLAlchemy + driver", r"sqlalchemy|sqlite3|psycopg"),
    ("JSON", r"json/"),
    ("asyncio + sockets", r"asyncio/|selectors|socket"),
)


def profile_refresh(app, names, pid, work):
    """Sample the watcher with py-spy during one full refresh and group the samples.

    Args:
        app: An app on the benchmark's database.
        names: The instances.
        pid: The watcher's process id.
        work: The work folder (the raw profile is written there).

    Returns:
        dict | None: ``summarize_profile``'s figures; None without py-spy.
    """
    spy = shutil.which("py-spy") or (str(Path(sys.executable).parent / "py-spy")
                                     if (Path(sys.executable).parent / "py-spy").exists() else None)
    if spy is None:
        return None
    out = work / "watcher.pyspy.txt"
    proc = subprocess.Popen([spy, "record", "--gil", "-p", str(pid), "-r", "200", "-f", "raw", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    since = expire_all(app, names)
    rows = wait_full_refresh(app, names, since, timeout=180)
    proc.send_signal(signal.SIGINT)
    proc.wait(30)
    return summarize_profile(out, cycle_figures(rows)["cycle_s"] if len(rows) == len(names) else None)


def summarize_profile(path, cycle_s=None):
    """Group a py-spy raw (collapsed) profile, taken with ``--gil``, by phase and by leaf library.

    Args:
        path: The py-spy ``-f raw`` output.
        cycle_s: The profiled refresh's span.

    Returns:
        dict: samples, cycle_s, phases [(label, fraction)], libraries [(label, fraction)].
    """
    phases, libs, total = collections.Counter(), collections.Counter(), 0
    for line in Path(path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        count, frames = int(count), stack.split(";")
        total += count
        phases[next((lab for lab, pat in PHASES if any(re.search(pat, f) for f in frames)), "other")] += count
        libs[next((lab for lab, pat in LIBRARIES if re.search(pat, frames[-1])), "other")] += count
    return {"samples": total, "cycle_s": cycle_s,
            "phases": [(k, v / total) for k, v in phases.most_common()] if total else [],
            "libraries": [(k, v / total) for k, v in libs.most_common()] if total else []}


# ---------------------------------------------------------------- report

def _met(ok):
    return "yes" if ok else "NO"


def table(backend, figs, slowest):
    """The per-N table of one backend (markdown; every row starts with one space, see write_block).

    Args:
        backend: Backend name.
        figs: The figures of each N (a dict with ``error`` for a failed N).
        slowest: (name, ms) of the slowest single source fetched alone (warm).

    Returns:
        list[str]: Markdown lines.
    """
    head = (" | N (REST + PDUs + switches) | full refresh | vs slowest source | watcher CPU / refresh | summary raw "
            "| summary gzip | summary build (memo miss) | summary p95 / max, no refresh running | summary p95 / max, "
            "during a full refresh | page filled | RSS web | RSS watcher |")
    lines = [head, " |" + "---|" * 12]
    for f in figs:
        if "error" in f:
            lines.append(f" | {f['n']} | failed: {f['error']} | | | | | | | | | | |")
            continue
        rest, pdus, sws = f["mix"]
        w = f["warm"]
        cycle = f"{w['cycle_s']:.2f} s" if w else "incomplete"
        ratio = f"{w['cycle_s'] / (slowest[1] / 1000):.2f} x" if w else "-"
        if w and w["failed"]:
            cycle += f" ({len(w['failed'])} failed)"
        page = f"{f['fill_ms']:.0f} ms" if f.get("fill_ms") else "-"
        size = f["size"]
        gz = f"{size['gzip'] / 1024:.0f} KB" + (" (served gzip)" if size["server_gzip"] else "")
        load, quiet = f["load"], f["quiet"]
        shared = f", {f['watchers']} watchers" if f.get("watchers", 1) > 1 else ""
        lines.append(f" | {f['n']} ({rest} + {pdus} + {sws}){shared} | {cycle} | {ratio} | {f['cpu_s']:.1f} s "
                     f"| {size['raw'] / 1024:.0f} KB | {gz} | {f['build_ms']:.0f} ms | {quiet['p95']:.1f} / "
                     f"{quiet['max']:.0f} ms | {load['p95']:.1f} / {load['max']:.0f} ms "
                     f"| {page} | {f['rss_web_mb']:.0f} MB | {f['rss_watcher_mb']:.0f} MB |")
    return lines


def _label(f):
    """``N=100``, or ``N=100 x 2 watchers``."""
    return f"N={f['n']}" + (f" x {f['watchers']} watchers" if f.get("watchers", 1) > 1 else "")


def verdicts(figs, slowest):
    """The targets at N = 100, met or not.

    Args:
        figs: The figures of each N.
        slowest: (name, ms) of the slowest single source.

    Returns:
        list[tuple]: (target, value, met).
    """
    f = next((x for x in figs if x["n"] == TARGET_N and "error" not in x and x.get("watchers", 1) == 1), None)
    if f is None:
        return [(f"N = {TARGET_N}", "not measured", "NO")]
    out = []
    for g in [f] + [x for x in figs if x["n"] == TARGET_N and "error" not in x and x.get("watchers", 1) > 1]:
        w, k = g["warm"], g.get("watchers", 1)
        if w:
            ratio = w["cycle_s"] / (slowest[1] / 1000)
            out.append((f"full refresh <= {TARGETS['cycle']} x slowest source ({slowest[0]}, {slowest[1]:.0f} ms)"
                        + (f", {k} watchers splitting the instances" if k > 1 else ", one watcher"),
                        f"{w['cycle_s']:.2f} s = {ratio:.2f} x", _met(ratio <= TARGETS["cycle"] and not w["failed"])))
    gz = f["size"]["served"] if f["size"]["server_gzip"] else f["size"]["gzip"]
    out.append((f"summary gzip <= {TARGETS['gzip_kb']} KB", f"{gz / 1024:.0f} KB",
                _met(gz <= TARGETS["gzip_kb"] * 1024)))
    for key, when in (("quiet", "no refresh running"), ("load", "during a full refresh")):
        out.append((f"summary p95 <= {TARGETS['p95_ms']} ms, 50 pollers, {when}", f"{f[key]['p95']:.1f} ms",
                    _met(f[key]["p95"] <= TARGETS["p95_ms"] and not f[key]["errors_5xx"])))
    fill = f.get("fill_ms")
    out.append((f"page filled <= {TARGETS['fill_ms']} ms", f"{fill:.0f} ms" if fill else "not measured",
                _met(fill is not None and fill <= TARGETS["fill_ms"])))
    return out


def scale_block(results, slowest, machine, commit, seconds, args, costs=None):
    """The Scale section of BENCHMARKS.md.

    Args:
        results: backend -> list of figures (or an error text).
        slowest: (name, ms).
        machine: The machine line.
        commit: Short commit id.
        seconds: How long the run took.
        args: Command line.
        costs: ``snmp_costs``'s figures (None: left out).

    Returns:
        str: Markdown between the scale markers.
    """
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [SCALE_START, "## Scale", "", f"Machine: {machine}  ", f"Date: {when}  ", f"Commit: {commit}  ",
             f"Command: `make bench-scale` ({seconds / 60:.0f} min; load average when done "
             f"{os.getloadavg()[0]:.1f})", ""]
    for backend, figs in results.items():
        lines += [f"### {backend}", ""]
        if isinstance(figs, str):
            lines += [f"Not measured: {figs}", ""]
            continue
        lines += table(backend, figs, slowest) + [""]
        lines += [f" | target at N = {TARGET_N} | value | met |", " |---|---|---|"]
        lines += [f" | {a} | {b} | {c} |" for a, b, c in verdicts(figs, slowest)] + [""]
        cold = ", ".join(f"{_label(f)} {f['cold']['cycle_s']:.1f} s" for f in figs if "cold" in f)
        fakes = ", ".join(f"{_label(f)} {f['fakes_cpu_s']:.1f} s" for f in figs if "fakes_cpu_s" in f)
        errors = sum(f[k]["errors_5xx"] for f in figs for k in ("quiet", "load") if k in f)
        quiet = "; ".join(f"{_label(f)} web {c['web']:.2f}, watcher {c['watcher']:.2f}, fakes {c['fakes']:.2f}, "
                          f"load average {c['machine load']:.1f}" for f in figs if (c := f.get("quiet_cores")))
        lines += [f"First (cold) refresh, when the watcher starts on an empty cache: {cold}. The fakes' own CPU "
                  f"during the full refresh (helper processes, on the same two cores): {fakes}. 5xx answers under "
                  f"load: {errors}. CPU cores busy in the no-refresh window: {quiet}.", ""]
        for f in figs:
            if f.get("profile"):
                lines += profile_lines(f["n"], f["profile"])
        lines += reading(figs, slowest, costs)
    if costs:
        lines += [f"SNMP client CPU (pysnmp, SNMPv3 SHA/AES-128, one process, nothing else running in it): a switch "
                  f"fetch {costs['switch_ms']:.1f} ms (mean of 20 polls, one in ten reading the static columns too; "
                  f"{costs['switch_trips']} messages in the last), a PDU fetch {costs['pdu_ms']:.1f} ms "
                  f"({costs['pdu_trips']} messages); each message {costs['message_ms']:.1f} ms, each varbind in an "
                  f"answer {costs['varbind_us']:.0f} us more (pyasn1 decoding).", ""]
    lines += [
        "How it is measured: the fakes run in helper processes (`python -m benchmarks.scale_lab serve`, SNMPv3 "
        "agents of the tests on one asyncio loop per helper, two helpers; the REST fakes answer in 200-800 ms as "
        "in `make bench`), so on this 2-core machine they share the CPU with the watcher and the web server. "
        f"N instances are 4 REST instances (OPNsense, LibreNMS, Hostmon, Firewalla) and PDUs (24 outlets, "
        f"SNMPv3 rPDU2) and switches (48 ports, SNMPv3 IF-MIB) in equal numbers. The watcher runs in its own "
        f"process (`flask ops-center watch`) with the owner's TTLs; \"full refresh\" makes every instance due "
        f"and spans the first fetch's start to the last fetch's end (read from the cache rows); it is held to "
        f"the slowest single source fetched alone with a warm connection (`{slowest[0]}`, {slowest[1]:.0f} ms). "
        "Summary build: one merge of the cache and its JSON text, what a web process spends when its one-second "
        "memo has expired (timed in the benchmark process, median of five). "
        "Watcher CPU is that process's user + system CPU over the refresh (its one-a-second cycles, the inbox "
        "and history writes included). Summary sizes: the body as sent without compression, and gzip level 6 of "
        "it (\"served gzip\" when the server compressed it itself). p95: "
        f"{args.pollers} pollers, one request a second each, for {args.duration:.0f} s against waitress "
        "(16 threads, no watcher inside), once with nothing due (the read path alone) and once while the watcher "
        "makes a full refresh (every instance made due as the window starts). Page filled: "
        "headless Chromium, median of three navigations, until the page marks itself "
        "loaded (every section drawn) with the PDU and switch panels holding content. RSS: peak (VmHWM) of each "
        "process.", "",
        "(Table rows here start with a space: the README's figures are copied from the `| `-rows of `make bench`'s "
        "table only.)", SCALE_END]
    return "\n".join(lines)


def reading(figs, slowest, costs):
    """What the figures at N = 100 say about the watcher's bound (lines of markdown, none without them).

    Args:
        figs: The figures of each N of one backend.
        slowest: (name, ms).
        costs: ``snmp_costs``'s figures or None.

    Returns:
        list[str]: Lines.
    """
    f = next((x for x in figs if x["n"] == TARGET_N and "error" not in x and x.get("warm")
              and x.get("watchers", 1) == 1), None)
    if f is None or not costs:
        return []
    _rest, pdus, switches = f["mix"]
    snmp_s = (pdus * costs["pdu_ms"] + switches * costs["switch_ms"]) / 1000
    budget = TARGETS["cycle"] * slowest[1] / 1000
    per_instance = f["cpu_s"] / f["n"]
    return [f"Reading it: the watcher runs every SNMP exchange in one interpreter, so a full refresh lasts at least "
            f"its CPU time. At N = {f['n']} that is {f['cpu_s']:.1f} s, of which the SNMP client alone accounts for "
            f"about {pdus} x {costs['pdu_ms']:.0f} ms + {switches} x {costs['switch_ms']:.0f} ms = {snmp_s:.1f} s; "
            f"the budget of {TARGETS['cycle']} x the slowest source is {budget:.1f} s, used up at about N = "
            f"{budget / per_instance:.0f} ({per_instance * 1000:.0f} ms of watcher CPU per instance). The fakes' CPU "
            f"({f['fakes_cpu_s']:.1f} s per refresh here) would not exist with real devices; the watcher's own CPU is "
            f"the bound that holds anywhere.", ""]


def profile_lines(n, prof):
    """Markdown lines describing a watcher profile.

    Args:
        n: The N it was taken at.
        prof: ``summarize_profile``'s dict.

    Returns:
        list[str]: Lines.
    """
    span = f" during a {prof['cycle_s']:.1f} s full refresh (slowed by the sampling)" if prof.get("cycle_s") else ""
    lines = [f"Where the watcher's CPU goes at N = {n} (py-spy --gil: {prof['samples']} samples of the thread "
             f"holding the interpreter{span}):", ""]
    lines += [f"- {label}: {share * 100:.0f} %" for label, share in prof["phases"] if share >= 0.01]
    libs = ", ".join(f"{label} {share * 100:.0f} %" for label, share in prof["libraries"] if share >= 0.02)
    lines += ["", f"By the innermost frame: {libs}.", ""]
    return lines


def replace_block(text, block, start=SCALE_START, end=SCALE_END):
    """Put ``block`` between the markers of ``text`` (appended at the end when it has none).

    Args:
        text: The whole file.
        block: The new block, markers included.
        start: Start marker.
        end: End marker.

    Returns:
        str: The new text.
    """
    if start in text and end in text:
        head, rest = text.split(start, 1)
        return head + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def extract_block(text, start=SCALE_START, end=SCALE_END):
    """The block between the markers (markers included), or "".

    Args:
        text: The whole file.
        start: Start marker.
        end: End marker.

    Returns:
        str: The block.
    """
    if start in text and end in text:
        return start + text.split(start, 1)[1].split(end, 1)[0] + end
    return ""


def write_block(block, path=ROOT / "BENCHMARKS.md"):
    """Write the Scale block into BENCHMARKS.md, keeping everything else (``make bench``'s part).

    Args:
        block: The block, markers included.
        path: The file.

    Returns:
        None
    """
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    path.write_text(replace_block(text, block))


# ---------------------------------------------------------------- main

def main(argv=None):
    """Run the scale benchmark, print the tables and write BENCHMARKS.md's Scale block.

    Args:
        argv: Command line (see ``--help``).

    Returns:
        int: 0 when every backend ran.
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "web":
        _serve_web(argv[1:])
        return 0
    parser = argparse.ArgumentParser(description="Scale benchmark: N = 10, 50, 100, 200 instances.")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--sizes", default=",".join(SIZES), help="N or NxK (K watcher processes), comma-separated.")
    parser.add_argument("--duration", type=float, default=15.0, help="Seconds of each poller window per N.")
    parser.add_argument("--pollers", type=int, default=50)
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--profile", type=int, default=TARGET_N, help="Profile the watcher at this N (0: never).")
    parser.add_argument("--helpers", type=int, default=2, help="Helper processes serving the fakes.")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the work folder (logs, raw profile).")
    args = parser.parse_args(argv)
    from benchmarks.run import commit, machine

    # "100x2": 100 instances split by two watcher processes.
    runs = [tuple(int(p) for p in (x.strip() + "x1").split("x")[:2]) for x in args.sizes.split(",") if x.strip()]
    sizes = [n for n, _k in runs]
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    began = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="ops-scale-"))
    results, ok = {}, True
    lab = ScaleLab(max(sizes), helpers=args.helpers).start()
    print(f"scale lab: {len(lab.pdus)} PDUs, {len(lab.switches)} switches, REST fakes on loopback "
          f"(helpers {lab.pids()})", flush=True)
    try:
        probe = make_app(tmp / "single")
        with probe.app_context():
            import_systems(lab.toml(10, sites=False))
            session().commit()
        singles = slowest_single(probe)
        costs = snmp_costs(probe)
        print(f"SNMP client CPU: {costs}", flush=True)
        name = max(singles, key=lambda k: singles[k]["warm_ms"])
        slowest = (name, singles[name]["warm_ms"])
        print("single fetches (warm): " + ", ".join(f"{k} {v['warm_ms']:.0f} ms" for k, v in singles.items()),
              flush=True)
        for backend in backends:
            pg = None
            try:
                if backend == "postgresql":
                    from tests.pg_server import PgServer
                    pg = PgServer().start()
                figs = []
                for n, k in runs:
                    try:
                        fig = run_one(backend, n, lab, tmp, args, pg, profile=(n == args.profile and k == 1),
                                      watchers=k)
                    except Exception as exc:  # noqa: BLE001 - one failed N is reported, the others still run
                        ok = False
                        traceback.print_exc()
                        fig = {"n": n, "error": f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:160]}"}
                    figs.append(fig)
                    print("\n".join(table(backend, [fig], slowest)[2:]), flush=True)
                results[backend] = figs
            except Exception as exc:  # noqa: BLE001 - e.g. no PostgreSQL binaries here
                ok = False
                traceback.print_exc()
                results[backend] = f"{exc.__class__.__name__}: {exc}"
            finally:
                if pg is not None:
                    pg.stop()
    finally:
        lab.stop()
    block = scale_block(results, slowest, machine(), commit(), time.monotonic() - began, args, costs)
    print(block)
    if not args.no_write:
        write_block(block)
        readme_sync.sync()
        print("wrote the Scale block of BENCHMARKS.md and its copy in the README")
    if args.keep:
        print(f"work folder kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
