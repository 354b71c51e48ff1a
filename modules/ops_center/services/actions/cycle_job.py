"""
Operations Command Center - Power-Cycle Job

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The background job of one power cycle. It holds the outlet's
    lease (handed over by the request), polls the outlet, the host's switch
    port and the host itself every ``OPS_CENTER_CYCLE_INTERVAL`` seconds,
    independent of any TTL, and writes each step's time into the cycle record
    as it happens (the page polls ``GET /ops/api/cycles/<id>``). At the end or
    the deadline it writes the verdict, completes the intent audit row with the
    chain, adds a row naming the host (an incident on the host shows it in its
    timeline) and releases the lease after the cooldown.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import logging
import threading

from flask import current_app
from sqlalchemy.exc import OperationalError

from ...integrations.base import IntegrationError
from ...integrations.kit import clock
from ...models.base import session
from .. import audit
from ..polling import cache_store
from ..polling.aggregator import get_aggregator
from . import cycle_probe as probe
from . import cycle_store, settle
from .cycle_verdict import chain_text, close, decide

log = logging.getLogger(__name__)


def start(app, cycle_id, lease):
    """Run a cycle's proof in a background thread.

    Args:
        app: The Flask app.
        cycle_id: The cycle record's id.
        lease: The outlet's ``Lease``, now held by the job.

    Returns:
        threading.Thread: The started thread.
    """
    thread = threading.Thread(target=_main, args=(app, cycle_id, lease), name=f"ops-cycle-{cycle_id}", daemon=True)
    thread.start()
    return thread


def _main(app, cycle_id, lease):
    with app.app_context():
        doc = cycle_store.load(cycle_id)
        try:
            _loop(doc, lease)
        except Exception:  # noqa: BLE001 - a job that dies still ends its record, audit row and lease
            log.exception("power cycle %s failed", cycle_id)
            session().rollback()
            for step in doc["steps"]:
                if step["state"] == "pending":
                    step.update(state="unknown", detail="the cycle job stopped on an error (see the server log)")
        _finish(doc, lease)


def _loop(doc, lease):
    """Poll until every step is resolved or the deadline passes."""
    cfg = current_app.config
    interval, off_s = float(cfg["OPS_CENTER_CYCLE_INTERVAL"]), float(cfg["OPS_CENTER_CYCLE_OFF_SECONDS"])
    steps = {x["key"]: x for x in doc["steps"]}
    pdu = probe.instance(doc["pdu"])
    switch = probe.instance(doc["port"].rpartition(":")[0]) if doc["port"] else None
    sources = [(i, t) for name, t in doc.get("sources") or [] if (i := probe.instance(name)) is not None]
    last = {"outlet": None, "port": None, "host": None}
    switched_on, t0 = doc["mode"] == "reboot", clock.monotonic()
    while True:
        t = round(clock.monotonic() - t0, 1)
        before = repr(doc["steps"])
        if steps["on"]["state"] == "pending":
            last["outlet"] = probe.outlet(pdu, doc["outlet"]) if pdu is not None else None
            _outlet(steps, last["outlet"], t)
            if not switched_on and steps["off"]["state"] == "ok" and t - steps["off"]["at"] >= off_s:
                switched_on = _switch_on(pdu, doc, steps)
        if steps["link"]["state"] == "pending":
            last["port"] = probe.port(switch, doc["port"].rpartition(":")[2], interval) if switch else None
            _updown(steps["link"], last["port"], t, steps["on"]["state"] == "ok")
        if steps["host"]["state"] == "pending":
            last["host"] = _host(doc, sources, interval)
            _updown(steps["host"], last["host"], t, steps["on"]["state"] == "ok")
        if repr(doc["steps"]) != before:
            settle.land(cycle_store.save, doc["id"], doc)
        if all(x["state"] != "pending" for x in doc["steps"]):
            return
        if clock.monotonic() - t0 >= doc["deadline"]:
            close(doc, last)
            return
        _renew(lease)
        clock.sleep(interval)


def _outlet(steps, state, t):
    """The outlet steps: off first, then on (an "on" before any "off" is the time before the reboot began)."""
    if state == "off" and steps["off"]["state"] == "pending":
        steps["off"].update(state="ok", at=t)
    elif state == "on" and steps["off"]["state"] == "ok":
        steps["on"].update(state="ok", at=t)


def _updown(step, state, t, powered):
    """A link or host step: seen down (any time), then up once the outlet is on again."""
    if state == "down" and step["down_at"] is None:
        step["down_at"] = t
    elif state == "up" and powered and step["down_at"] is not None:
        step.update(state="ok", at=t)


def _host(doc, sources, interval):
    """Whether the host answers now: its TCP check, else its status sources."""
    check = doc.get("check")
    if check:
        answer = probe.tcp(check["address"], check["port"], min(interval, 3.0) or 1.0)
        return None if answer is None else ("up" if answer else "down")
    return probe.status(sources, doc["host"], interval) if sources else None


def _switch_on(pdu, doc, steps):
    """Off-then-on cycle: switch the outlet on again after the off time (retried next poll on failure)."""
    try:
        get_aggregator(current_app).integration(pdu).set_outlet(doc["outlet"], "on")
        return True
    except IntegrationError as exc:
        steps["on"]["detail"] = f"switching on failed, retrying: {exc.kind}"[:200]
        return False


def _renew(lease):
    if lease is None:
        return
    try:
        lease.renew()
    except OperationalError:  # best effort: the lease still holds for its hold time
        session().rollback()


def _finish(doc, lease):
    """Verdict, audit rows, then the record the page polls (a verdict shown is already audited), lease."""
    doc["verdict"], doc["summary"] = decide(doc)
    doc["state"] = "done"
    chain = chain_text(doc)
    if doc.get("audit_id"):
        settle.land(audit.complete, doc["audit_id"], doc["verdict"], after=doc["verdict"], error=chain)
    settle.land(_host_row, doc, chain)
    settle.land(cycle_store.save, doc["id"], doc)
    settle.land(cache_store.expire, doc["pdu"])  # the page shows the outlet as it is now
    if lease is not None:
        settle.land(lease.release, float(current_app.config["OPS_CENTER_OUTLET_COOLDOWN"]))


def _host_row(doc, chain):
    """An audit row naming the host's entity, so an incident on the host shows the cycle in its timeline."""
    row = audit.record("outlet.cycle", f"entity host:{doc['host'].lower()} via {doc['pdu']}/{doc['outlet']}",
                       doc["verdict"], requested="cycle", after=doc["verdict"], error=chain, commit=False)
    row.username, row.source_ip = doc.get("by"), doc.get("ip")
    session().commit()
