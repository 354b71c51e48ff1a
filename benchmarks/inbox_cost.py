"""
Operations Command Center - Inbox Pipeline Cost

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``python benchmarks/inbox_cost.py``: what one pass of the inbox
    pipeline (the watcher's call after each cycle) costs with 1000 open
    events on a SQLite file: 10 sources x 100 alerts on 100 hosts, 20 hosts
    behind mapped ports, 50 hosts down in an uptime source. Three kinds of
    pass, each timed as the median (and max) of repeated runs: a quiet cycle
    (no source fetched since), a cycle after one source's new fetch, and a
    cycle after every source's new fetch (each followed by correlation).
    Envelopes are written straight into the cache, so only the pipeline is
    measured, not fetching.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modules.ops_center.integrations.base import (  # noqa: E402
    Alert,
    Field,
    Integration,
    Port,
    SourceData,
    Switch,
    UptimeTarget,
    register,
)
from modules.ops_center.integrations.catalog import forget  # noqa: E402
from modules.ops_center.models.base import session, utcnow  # noqa: E402
from modules.ops_center.models.events import OpsEvent  # noqa: E402
from modules.ops_center.services.admin.store import save_instance  # noqa: E402
from modules.ops_center.services.admin.toml_import import import_systems  # noqa: E402
from modules.ops_center.services.inbox import pipeline  # noqa: E402
from modules.ops_center.services.polling import cache_store  # noqa: E402
from tests.conftest import make_app  # noqa: E402

SOURCES, PER_SOURCE, HOSTS = 10, 100, 100


class BenchSource(Integration):
    """Never fetched: the benchmark writes its envelopes."""

    type_name, label, ttl_class = "bench_inbox", "Bench inbox", "status"
    FEEDS = ("alerts:monitoring", "uptime", "switches")
    fields = (Field("ttl", "int"),)


def _data(i, turn):
    """Source i's data: 100 alerts on the hosts; source 0 also reports 50 hosts down and the switch."""
    alerts = [Alert(f"src{i}:{n}", f"src{i}", "monitoring", "warning" if (n + turn) % 7 else "critical",
                    f"check {n} on h{n % HOSTS}", "", f"h{n % HOSTS}") for n in range(PER_SOURCE)]
    data = SourceData(alerts=alerts)
    if i == 0:
        data.uptime = [UptimeTarget(f"h{n}", "down" if n < 50 else "up", None, None, "src0") for n in range(HOSTS)]
        data.switches = [Switch("src0", "src0", "T", "T", 24, 24, [Port(p, f"p{p}", "up", "up") for p in range(1, 25)])]
    return data.to_dict()


def _write(i, turn, at):
    iso = at.isoformat(timespec="seconds")
    envelope = {"data": _data(i, turn), "error": None, "error_kind": None, "fetched_at": iso, "last_success_at": iso,
                "latency_ms": 1.0, "memory": {}}
    cache_store.store(f"src{i}", BenchSource.type_name, envelope, 3600)


def _timed(app, runs, before):
    """Median and max milliseconds of ``runs`` passes, ``before(k)`` preparing pass k."""
    spent = []
    for k in range(runs):
        with app.app_context():
            before(k)
            started = time.perf_counter()
            pipeline.process(app, now=utcnow() + timedelta(seconds=2 * k + 2))
            spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), max(spent)


def main(runs):
    """Build the 1000-event database, then time the three kinds of pass.

    Args:
        runs: Passes per kind.

    Returns:
        dict: kind -> (median ms, max ms), and the number of firing events.
    """
    register(BenchSource)
    app = make_app(Path(tempfile.mkdtemp(prefix="inbox-bench-")))
    try:
        with app.app_context():
            for i in range(SOURCES):
                save_instance(BenchSource.type_name, f"src{i}", {"ttl": 3600})
            session().commit()
            import_systems("".join(f'[[link]]\nport = "src0:{n + 1}"\nhost = "h{n}"\n\n' for n in range(20)))
            start = utcnow()
            for i in range(SOURCES):
                _write(i, 0, start)
            pipeline.process(app)
            firing = session().query(OpsEvent).filter_by(state="firing").count()
        turn = {"n": 0}

        def _one(k):
            turn["n"] += 1
            _write(k % SOURCES, turn["n"], utcnow() + timedelta(seconds=2 * k + 1))

        def _every(k):
            turn["n"] += 1
            for i in range(SOURCES):
                _write(i, turn["n"], utcnow() + timedelta(seconds=2 * k + 1))

        figures = {"quiet cycle (nothing new)": _timed(app, runs, lambda k: None),
                   "one source fetched (100 sightings)": _timed(app, runs, _one),
                   "every source fetched (1000 sightings)": _timed(app, max(3, runs // 3), _every)}
        return figures, firing
    finally:
        forget(BenchSource.type_name)
        app.extensions["ops_center"].close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("Description:")[1].split("CHANGELOG")[0])
    parser.add_argument("--runs", type=int, default=30, help="passes per kind")
    figures, firing = main(parser.parse_args().runs)
    print(f"inbox pipeline, {firing} open events ({SOURCES} sources):")
    for kind, (median, worst) in figures.items():
        print(f"  {kind:<40} median {median:7.1f} ms   max {worst:7.1f} ms")
