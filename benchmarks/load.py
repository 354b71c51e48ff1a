"""
Operations Command Center - Load Benchmark

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: Runs the production server (waitress, own process) on the lab,
    drives N pollers at one request a second each with one source flapping,
    counts upstream fetches per instance from the sources' fetch times, reads
    the server's peak RSS, and measures page weight and time to a filled page
    in headless Chromium.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): First render measured from Playwright (an observer injected by the benchmark), not by
  a hook in the page's own code
- 1.2.0 (2026-12-02): Page weight as sent (gzip) and uncompressed; versioned asset URLs
- 1.3.0 (2026-12-02): fill_ms: the one Chromium fill measurement, shared with bench-scale
"""

import gzip
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from modules.ops_center.models.base import session
from modules.ops_center.services.admin.toml_import import import_systems
from tests.conftest import PASSWORDS, make_app

ROOT = Path(__file__).resolve().parent.parent
# Injected before the page's scripts: records when the page is filled (body[data-loaded='1'] and a switch port
# drawn), in ms since navigation start. The page itself carries no benchmark code.
FILL_OBSERVER = """
new MutationObserver(function (records, observer) {
  var body = document.body;
  if (body && body.getAttribute('data-loaded') === '1' && document.querySelector('.switch .port')) {
    window.__opsFilledMs = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-loaded']});
"""
FLAPPING = "opnsense"  # critical class: refreshed most often, so its flapping is seen most
TTLS = {"critical": 30, "status": 60, "config": 300}  # the owner's cache classes
TYPE_CLASS = {"opnsense": "critical", "librenms": "critical", "apc_pdu": "critical", "hostmon": "status",
              "firewalla": "status", "mikrotik": "config", "zyxel": "config"}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login(url):
    """A logged-in requests session for the operator."""
    s = requests.Session()
    s.trust_env = False
    token = re.search(r'name="csrf_token" value="([^"]+)"', s.get(url + "/login", timeout=10).text).group(1)
    s.post(url + "/login", data={"username": "op", "password": PASSWORDS["op"], "csrf_token": token}, timeout=10)
    return s


def _rss_peak_mb(pid):
    if not os.path.exists(f"/proc/{pid}/status"):
        return float("nan")
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


NO_EXPIRY = {"critical": 10**6, "status": 10**6, "config": 10**6}
MODES = ("nodue", "thread", "child", "process", "swr")


def _cpu_s(pid):
    """User + system CPU seconds a process used so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _lease(db_path):
    """The watcher lease's note (holder, cycles) or {}."""
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        row = conn.execute("select cached_data from ops_cache where cache_key = 'watcher:lease'").fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row and row[0] else {}


def _expire_all(db_path):
    """Make every source's cache row due now."""
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        conn.execute("update ops_cache set expires_at = '2000-01-01 00:00:00.000000' where cache_key like 'ops:%'")
        conn.commit()
    finally:
        conn.close()


def load_test(tmp, lab, duration, pollers, ttls=None, mode="child", page=True, name="load", expire=False):
    """Pollers against the production server with one flapping source.

    Args:
        tmp: Work folder.
        lab: The running lab.
        duration: Seconds of load.
        pollers: Number of concurrent pollers (one request a second each).
        ttls: Cache classes in seconds (default: the owner's, ``TTLS``; ``nodue`` never expires).
        mode: Where the watcher runs (``MODES``).
        page: Also measure page weight and fill time.
        name: Work sub-folder.
        expire: Make every source due as the load starts (watcher modes: a full refresh inside the window).

    Returns:
        dict: p50, p95, max, latencies (sorted ms), requests, rps, errors_5xx, fetches, fetch_ratio, rss_mb,
        watcher_rss_mb, page, server_cpu_s, watcher_cpu_s, cycles.
    """
    ttls = NO_EXPIRY if mode == "nodue" else (ttls or TTLS)
    work = tmp / name
    app = make_app(work)
    with app.app_context():
        import_systems(lab.toml())
        session().commit()
    port = _free_port()
    env = dict(os.environ, MALLOC_ARENA_MAX="2", OPS_CENTER_TTL_CRITICAL=str(ttls["critical"]),
               OPS_CENTER_TTL_STATUS=str(ttls["status"]), OPS_CENTER_TTL_CONFIG=str(ttls["config"]),
               OPS_CENTER_FETCH_TIMEOUT="10", OPS_CENTER_WATCHER=mode if mode in ("thread", "child") else "off",
               OPS_CENTER_REFRESH_IN_WEB="1" if mode == "swr" else "0")
    procs = [subprocess.Popen([sys.executable, "-m", "tests.serve_app", str(work / "ops.db"), str(work / "instance"),
                               str(port), "16"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)]
    if mode == "process":
        watch_env = dict(env, FLASK_CONFIG="testing", DATABASE_URL=f"sqlite:///{work / 'ops.db'}",
                         OPS_INSTANCE_PATH=str(work / "instance"))
        procs.append(subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "ops-center", "watch"],
                                      cwd=ROOT, env=watch_env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(url + "/login", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        admin = _login(url)
        admin.get(url + "/ops/api/summary?refresh=1", timeout=30)  # warm the cache (cold fetch of everything)
        for _ in range(300):  # the watcher is elected before the clock starts
            if mode not in ("thread", "child", "process") or _lease(work / "ops.db").get("holder"):
                break
            time.sleep(0.1)
        watcher_pid = {"thread": procs[0].pid, "process": procs[-1].pid}.get(mode)
        if mode == "child":
            watcher_pid = int(_lease(work / "ops.db")["holder"].rsplit(" ", 1)[1])
        if expire and mode in ("thread", "child", "process"):
            _expire_all(work / "ops.db")  # every source is due at the start: the window holds a full refresh
        lab.fakes[FLAPPING].mode = "flapping"
        before = (_cpu_s(procs[0].pid), _cpu_s(watcher_pid) if watcher_pid else 0.0,
                  _lease(work / "ops.db").get("cycles", 0))
        result = _drive(url, duration, pollers, ttls)
        lab.fakes[FLAPPING].mode = "ok"
        result["server_cpu_s"] = _cpu_s(procs[0].pid) - before[0]
        result["watcher_cpu_s"] = (_cpu_s(watcher_pid) - before[1]) if watcher_pid else 0.0
        result["cycles"] = _lease(work / "ops.db").get("cycles", 0) - before[2]
        result["rss_mb"] = _rss_peak_mb(procs[0].pid)
        result["watcher_rss_mb"] = _rss_peak_mb(watcher_pid) if mode in ("child", "process") else None
        result["page"] = _page(url, admin) if page else None
        return result
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


def _drive(url, duration, pollers, ttls):
    """Run the pollers and the fetch monitor for ``duration`` seconds."""
    latencies, errors, fetched = [], [0], {}
    first = _login(url)  # one login (password hashing is slow by design); every poller gets its cookie
    sessions = []
    for _ in range(pollers):
        s = requests.Session()
        s.trust_env = False
        s.cookies.update(first.cookies)
        sessions.append(s)
    types = {s["name"]: s["type"] for s in first.get(url + "/ops/api/sources", timeout=10).json()["sources"]}
    stop = time.monotonic() + duration

    def _poller(i):
        s = sessions[i]
        next_at = time.monotonic() + (i / pollers)
        while next_at < stop:
            time.sleep(max(0.0, next_at - time.monotonic()))
            started = time.perf_counter()
            resp = s.get(url + "/ops/api/summary", timeout=30)
            latencies.append((time.perf_counter() - started) * 1000)
            if resp.status_code >= 500:
                errors[0] += 1
            next_at += 1.0

    def _monitor():
        s = _login(url)
        while time.monotonic() < stop:
            for src in s.get(url + "/ops/api/sources", timeout=30).json()["sources"]:
                fetched.setdefault(src["name"], set()).add(src["fetched_at"])
            time.sleep(0.5)

    threads = [threading.Thread(target=_poller, args=(i,)) for i in range(pollers)]
    threads.append(threading.Thread(target=_monitor))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    fetches = {n: max(0, len(v) - 1) for n, v in fetched.items()}  # the first value predates the window
    bound = {n: duration / ttls[TYPE_CLASS[types[n]]] + 1 for n in fetches}
    return {"p50": statistics.median(latencies), "p95": latencies[int(0.95 * (len(latencies) - 1))],
            "max": latencies[-1], "latencies": latencies,
            "requests": len(latencies), "rps": len(latencies) / elapsed, "errors_5xx": errors[0],
            "fetches": fetches, "fetch_ratio": {n: fetches[n] / bound[n] for n in fetches}}


def _page(url, admin):
    """Page weight and time to a filled page (warm cache) in headless Chromium."""
    html = admin.get(url + "/ops/", timeout=10).text
    assets = re.findall(r'(?:src|href)="(/ops/[^"]+\.(?:js|css)(?:\?[^"]*)?)"', html)
    raw, sent = len(html.encode()), len(html.encode())  # the HTML carries the CSRF token: never compressed
    for asset in assets:
        resp = admin.get(url + asset.replace("&amp;", "&"), timeout=10, stream=True,
                         headers={"Accept-Encoding": "gzip"})
        wire = resp.raw.read(decode_content=False)  # the bytes as they crossed the wire
        sent += len(wire)
        raw += len(gzip.decompress(wire)) if resp.headers.get("Content-Encoding") == "gzip" else len(wire)
    figures = {"bytes": sent, "raw_bytes": raw, "assets": len(assets)}
    figures["fill_ms"] = fill_ms(url, FILL_OBSERVER, "body[data-loaded='1'] .switch .port")
    return figures


def fill_ms(url, observer, selector, state="visible"):
    """Time to a filled page in headless Chromium: median of three navigations with a warm cache.

    Args:
        url: The server.
        observer: A script run before the page's own that sets ``window.__opsFilledMs`` once it is filled.
        selector: What to wait for before reading that figure.
        state: Playwright's wait state for the selector.

    Returns:
        float | None: Milliseconds, or None without a browser.
    """
    try:
        from playwright.sync_api import sync_playwright

        from tests.live_server import browser_login, launch_browser

        with sync_playwright() as pw:
            browser = launch_browser(pw)
            page = browser.new_page()
            page.add_init_script(observer)
            browser_login(page, url, "op", PASSWORDS["op"])
            fills = []
            for _ in range(3):
                page.goto(url + "/ops/")
                page.wait_for_selector(selector, state=state, timeout=30000)  # then read when it happened
                fills.append(page.evaluate("window.__opsFilledMs"))
            browser.close()
            return statistics.median(fills)
    except Exception as exc:  # noqa: BLE001 - the other figures stand without a browser
        print(f"(no browser figure: {exc.__class__.__name__}: {str(exc).splitlines()[0]})")
        return None


def page_figures(load):
    """The page figures measured during the load run.

    Args:
        load: The dict ``load_test`` returned.

    Returns:
        dict: bytes, fill_ms.
    """
    return load["page"]
