"""
Operations Command Center - Watcher Claims

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: How any number of watcher processes — on one machine or on
    several sharing one database — split the instances between them. Each
    watcher keeps a member row (``watcher:member:<token>``) alive and holds a
    claim per instance (``watch:<instance>``, holder = its token); both are
    lease rows in ``ops_cache`` held for the watcher's lease length. Each
    cycle a watcher renews its member row and all its claims in one statement
    each, gives back the claims above its fair share (instances / live
    members; the remainder goes to the first members by token, so the shares
    add up to the instances exactly) and takes unheld or expired claims up to
    that share with the lease's atomic conditional update. A dead watcher's claims
    expire within one lease length — a third of the shortest TTL — and the
    others take them on their next cycle, so its share is polled again
    within one TTL. No process waits on a lock: every step is one
    conditional statement that either wins or does not.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
- 1.1.0 (2026-12-02): Prefix matches through ``startswith`` (the prefixes are constants: no escaping helper)
"""

import math
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from ...models.base import session, utcnow
from ...models.cache import OpsCache
from ..actions import leases

MEMBER = "watcher:member:"
CLAIM = "watch:"


class Claims:
    """One watcher's share of the instances.

    Args:
        token: The watcher's random holder token (its member row and claims carry it).
    """

    def __init__(self, token):
        self.token = token
        self.mine = set()

    def cycle(self, names, hold, note):
        """Renew, rebalance and take: the instances this watcher polls this cycle.

        Args:
            names: Every instance name configured now.
            hold: Seconds a claim outlives its last renewal.
            note: The member row's note (who, last cycle).

        Returns:
            set[str]: The instances this watcher holds a claim on after this cycle.
        """
        db = session()
        now = utcnow()
        until = now + timedelta(seconds=hold)
        self._heartbeat(until, note)
        db.execute(update(OpsCache).where(OpsCache.cache_key.startswith(CLAIM),
                                          OpsCache.integration_name == self.token)
                   .values(expires_at=until))
        rows = db.execute(select(OpsCache.cache_key, OpsCache.integration_name, OpsCache.expires_at)
                          .where(OpsCache.cache_key.startswith(CLAIM))).all()
        members = sorted(db.execute(select(OpsCache.integration_name)
                                    .where(OpsCache.cache_key.startswith(MEMBER),
                                           OpsCache.expires_at > now)).scalars())
        db.commit()
        wanted = set(names)
        held = {k[len(CLAIM):] for k, holder, _ in rows if holder == self.token} & wanted
        taken_by_others = {k[len(CLAIM):] for k, holder, exp in rows
                           if holder != self.token and exp is not None and exp > now}
        share = fair_share(len(wanted), members, self.token)
        if len(held) > share:
            extra = sorted(held)[share:]
            self._give_back(extra)
            held -= set(extra)
        for name in sorted(wanted - held - taken_by_others):
            if len(held) >= share:
                break
            if leases.take(CLAIM + name, hold, {}, holder=self.token) is not None:
                held.add(name)
        self.mine = held
        return held

    def _heartbeat(self, until, note):
        """Keep this watcher's member row alive (created on the first cycle)."""
        key = MEMBER + self.token
        db = session()
        if not db.execute(update(OpsCache).where(OpsCache.cache_key == key)
                          .values(expires_at=until, cached_data=note)).rowcount:
            db.add(OpsCache(cache_key=key, integration_name=self.token, data_type="lease",
                            cached_data=note, expires_at=until, hit_count=0))
        db.flush()

    def _give_back(self, names):
        """Release claims at once so a watcher below its share takes them on its next cycle."""
        db = session()
        db.execute(update(OpsCache).where(OpsCache.cache_key.in_([CLAIM + n for n in names]),
                                          OpsCache.integration_name == self.token)
                   .values(expires_at=utcnow()))
        db.commit()

    def leave(self):
        """A clean stop: drop the member row and give every claim back now.

        Returns:
            None
        """
        db = session()
        db.execute(delete(OpsCache).where(OpsCache.cache_key == MEMBER + self.token))
        db.execute(update(OpsCache).where(OpsCache.cache_key.startswith(CLAIM),
                                          OpsCache.integration_name == self.token)
                   .values(expires_at=utcnow()))
        db.commit()
        self.mine = set()


def fair_share(count, members, token):
    """How many instances one watcher should hold.

    Args:
        count: Instances configured.
        members: Tokens of the live watchers, sorted.
        token: This watcher's token.

    Returns:
        int: ``count // len(members)``, plus one for the first ``count % len(members)`` members.
    """
    if token not in members:
        return math.ceil(count / max(1, len(members) + 1))
    base, extra = divmod(count, len(members))
    return base + (1 if members.index(token) < extra else 0)


def members():
    """The live watchers and their shares, as the snapshot and the health check show them.

    Returns:
        list[dict]: ``{"holder", "last_cycle_at", "claims"}`` per live member, by holder.
    """
    db = session()
    now = utcnow()
    rows = db.execute(select(OpsCache.integration_name, OpsCache.cached_data)
                      .where(OpsCache.cache_key.startswith(MEMBER), OpsCache.expires_at > now)).all()
    counts = dict(db.execute(select(OpsCache.integration_name, func.count())
                             .where(OpsCache.cache_key.startswith(CLAIM), OpsCache.expires_at > now)
                             .group_by(OpsCache.integration_name)).all())
    out = [{"holder": (note or {}).get("holder"), "last_cycle_at": (note or {}).get("last_cycle_at"),
            "claims": counts.get(token, 0)} for token, note in rows]
    return sorted(out, key=lambda m: str(m["holder"]))
