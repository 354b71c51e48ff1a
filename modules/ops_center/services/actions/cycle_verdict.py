"""
Operations Command Center - Power-Cycle Verdict

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The steps of a power cycle's proof chain and the verdict over
    them. Four steps, each with its time (seconds after the command): the
    outlet read back off, read back on, the host's switch port went down and
    came up, the host answers again. A step is ok, failed, unknown (its
    source could not tell) or skipped (nothing is mapped for it). The verdict
    is ``recovered`` (every step that could run is ok), ``not_recovered``
    (names the first failed step) or ``unknown``, with the skipped proofs named.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from datetime import datetime, timedelta

CHAIN_LIMIT = 1900  # the audit row's error text holds 2000 characters
LOST_AFTER_S = 120.0  # a cycle still "running" this long after its deadline lost its job (a restart)


def steps(plan, mode):
    """The proof chain of a new cycle, every step pending (or skipped when nothing is mapped for it).

    Args:
        plan: ``cycle_store.plan`` result.
        mode: ``reboot`` (the PDU turns the outlet on itself) or ``off`` (the job switches it on).

    Returns:
        list[dict]: key, label, state, at, down_at, detail.
    """
    n, host = plan["outlet"], plan["host"]
    if plan["check"]:
        how = f"TCP {plan['check']['port']}"
    else:
        how = ", ".join(plan.get("sources") or []) or ""
    out = [_step("off", f"outlet {n} read back off"),
           _step("on", f"outlet {n} read back on" + (" (switched on after the off time)" if mode == "off" else "")),
           _step("link", f"port {_port(plan['port'])} link down, then up" if plan["port"] else "switch port"),
           _step("host", f"{host} answers again" + (f" ({how})" if how else ""))]
    if not plan["port"]:
        out[2].update(state="skipped", detail=f"no switch port is mapped to {host}")
    if not how:
        out[3].update(state="skipped", detail=f"{host} has no check_port and no status source reports it")
    return out


def _step(key, label):
    return {"key": key, "label": label, "state": "pending", "at": None, "down_at": None, "detail": ""}


def _port(port):
    """``zyxel-1:12`` as "12 on zyxel-1"."""
    switch, _, index = str(port).rpartition(":")
    return f"{index} on {switch}"


def close(doc, last):
    """At the deadline: every step still pending fails, or is unknown when its source could not tell.

    Args:
        doc: The cycle document (its steps are changed).
        last: The last answers: ``{"outlet": on|off|None, "port": up|down|None, "host": up|down|None}``.

    Returns:
        None
    """
    s = {x["key"]: x for x in doc["steps"]}
    host, limit = doc["host"], f"within {doc['deadline']:g} s"
    if s["off"]["state"] == "pending":
        s["off"].update(state="unknown" if last["outlet"] is None else "failed",
                        detail=f"outlet {doc['outlet']} never read back off {limit}"
                               + (" (the PDU did not answer)" if last["outlet"] is None else ""))
    if s["on"]["state"] == "pending":
        s["on"].update(state="unknown" if last["outlet"] is None else "failed",
                       detail=f"outlet {doc['outlet']} never read back on {limit}")
    link = s["link"]
    if link["state"] == "pending":
        where = _port(doc["port"])
        if last["port"] is None:
            link.update(state="unknown", detail=f"{doc['port'].rpartition(':')[0]} did not answer: port {where} "
                                                "could not be read")
        elif link["down_at"] is None:
            link.update(state="unknown", detail=f"port {where} never went down: is {host} really on that port?")
        else:
            link.update(state="failed", detail=f"port {where} never came up {limit}")
    if s["host"]["state"] == "pending":
        if last["host"] is None:
            s["host"].update(state="unknown", detail=f"no check could tell whether {host} answers")
        elif s["host"]["down_at"] is None and last["host"] == "up":
            s["host"].update(state="unknown", detail=f"{host} answered throughout: is it really on this outlet?")
        else:
            s["host"].update(state="failed", detail=f"{host} never answered again {limit}")


def decide(doc):
    """The verdict over the steps, and its one-line summary.

    Args:
        doc: The cycle document with every step resolved.

    Returns:
        tuple: (verdict, summary).
    """
    chain = doc["steps"]
    skipped = [f"{x['key']} proof skipped ({x['detail']})" for x in chain if x["state"] == "skipped"]
    failed = next((x for x in chain if x["state"] == "failed"), None)
    unknown = next((x for x in chain if x["state"] == "unknown"), None)
    if failed is not None:
        verdict, text = "not_recovered", f"not recovered: {failed['detail']}"
    elif unknown is not None:
        verdict, text = "unknown", f"unknown: {unknown['detail']}"
    else:
        last = max((x["at"] for x in chain if x["at"] is not None), default=0)
        verdict, text = "recovered", f"recovered: {doc['host']} answered again after {last:g} s"
    return verdict, "; ".join([text, *skipped])


def chain_text(doc):
    """The proof chain as one bounded line for the audit row.

    Args:
        doc: The cycle document.

    Returns:
        str: ``off 1.2 s ok; on 6.3 s ok; ...; <summary>``.
    """
    parts = []
    for x in doc["steps"]:
        times = " ".join(f"{k} {x[f]:g} s" for k, f in (("down", "down_at"), ("at", "at")) if x.get(f) is not None)
        parts.append(f"{x['key']} {x['state']}" + (f" ({times})" if times else ""))
    return ("; ".join(parts) + " | " + (doc.get("summary") or ""))[:CHAIN_LIMIT]


def as_seen(doc, now):
    """A cycle record as reported now: one still running long after its deadline lost its job.

    Args:
        doc: The stored cycle document.
        now: The current time (aware).

    Returns:
        dict: The document, marked done with an unknown verdict when its job is gone.
    """
    if doc.get("state") != "running":
        return doc
    try:
        started = datetime.fromisoformat(doc["started_at"])
    except (KeyError, TypeError, ValueError):
        return doc
    if now < started + timedelta(seconds=float(doc.get("deadline") or 0) + LOST_AFTER_S):
        return doc
    return {**doc, "state": "done", "verdict": "unknown",
            "summary": "unknown: the cycle's job stopped before a verdict (was the server restarted?)"}
